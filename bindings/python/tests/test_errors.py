# Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
"""Status codes -> exceptions, handle lifetime, misuse, options, versions."""
from __future__ import annotations

import ctypes
import datetime
import gc
import unittest

import atensi
from atensi import _ffi, errors
from atensi._constants import Status

TODAY = datetime.date(2026, 11, 28)


class ExceptionMappingTest(unittest.TestCase):
    def test_every_status_maps_to_its_family(self) -> None:
        families = {
            Status.INVALID_ARGUMENT: (atensi.InvalidArgumentError, ValueError),
            Status.NOT_FOUND: (atensi.NotFoundError, LookupError),
            Status.ALREADY_EXISTS: (atensi.AlreadyExistsError,),
            Status.FAILED_PRECONDITION: (atensi.FailedPreconditionError, atensi.RefusedError),
            Status.CONFLICT: (atensi.ConflictError, atensi.RefusedError),
            Status.PERMISSION_DENIED: (atensi.PermissionDeniedError, atensi.RefusedError),
            Status.EXPIRED: (atensi.ExpiredError, atensi.RefusedError),
            Status.IO: (atensi.StorageIOError, atensi.StorageError, OSError),
            Status.CORRUPTION: (atensi.CorruptionError, atensi.StorageError),
            Status.BUSY: (atensi.BusyError, atensi.StorageError),
            Status.UNSUPPORTED: (atensi.UnsupportedError,),
            Status.INTERNAL: (atensi.InternalError,),
            Status.MISUSE: (atensi.MisuseError,),
            Status.NOMEM: (atensi.NoMemoryError, MemoryError),
        }
        for status, classes in families.items():
            e = errors.make_error(int(status), "r.x", "f", "m")
            for cls in classes + (atensi.AtensiError,):
                self.assertIsInstance(e, cls, status)
            self.assertEqual(e.code, status)
            self.assertEqual(e.status, status)
        self.assertIs(type(errors.make_error(13, "", "", "reserved")), atensi.AtensiError)

    def test_status_names_come_from_the_library(self) -> None:
        for s in Status:
            self.assertEqual(atensi.status_name(s), s.name.lower() if s not in (
                Status.NOMEM,) else "nomem")
        self.assertEqual(atensi.status_name(500), "unknown")


class HandleLifetimeTest(unittest.TestCase):
    def test_close_is_idempotent_and_use_after_close_is_misuse(self) -> None:
        nik = atensi.parse_nik("1503031503140002", TODAY)
        nik.close()
        nik.close()
        with self.assertRaises(atensi.MisuseError):
            _ = nik.valid

    def test_finalizer_destroys_unreferenced_handles(self) -> None:
        nik = atensi.parse_nik("1503031503140002", TODAY)
        fin = nik._finalizer
        del nik
        gc.collect()
        self.assertFalse(fin.alive)

    def test_c_level_misuse_raises(self) -> None:
        lib = _ffi.lib()
        n = ctypes.c_size_t()
        with self.assertRaises(atensi.MisuseError) as cm:
            lib.atensi_regions_count(ctypes.byref(n), _ffi.RegionsP())  # NULL handle
        self.assertEqual(cm.exception.reason, "capi.misuse")
        self.assertIn("atensi_regions_count", cm.exception.message)
        # A destroyed handle is detected, not dereferenced.
        ptr = _ffi.RegionsP()
        lib.atensi_region_lookup(ctypes.byref(ptr), b"15")
        stale = ctypes.cast(ptr, _ffi.RegionsP)
        lib.atensi_regions_destroy(ctypes.byref(ptr))
        self.assertFalse(ptr)  # nulled by destroy
        with self.assertRaises(atensi.MisuseError):
            lib.atensi_regions_next(stale)


class ThreadLocalErrorTest(unittest.TestCase):
    def test_last_error_is_per_thread(self) -> None:
        import threading

        lib = _ffi.lib()
        lib.atensi_error_clear()
        seen: list[str] = []

        def fail_in_thread() -> None:
            try:
                atensi.region_lookup("15.68")
            except atensi.NotFoundError:
                seen.append(_ffi.last_error()[1])

        t = threading.Thread(target=fail_in_thread)
        t.start()
        t.join()
        self.assertEqual(seen, ["region.unknown"])
        self.assertEqual(_ffi.last_error()[0], Status.OK)  # this thread saw no failure


class OptionsAndVersionTest(unittest.TestCase):
    def test_defaults_come_from_the_library(self) -> None:
        o = atensi.OpenOptions.defaults()
        self.assertTrue(o.create)
        self.assertGreater(o.busy_timeout_ms, 0)
        self.assertEqual(o.id_seed, 0)
        c = atensi.OpenOptions(create=False, busy_timeout_ms=10).to_c()
        self.assertEqual(c.version, atensi.OPEN_OPTIONS_VERSION)
        self.assertEqual(c.flags, 0)
        self.assertEqual(c.busy_timeout_ms, 10)
        self.assertEqual(c.fixed_clock_ms, 0)

    def test_stale_and_future_options_versions(self) -> None:
        c = _ffi.COpenOptions()
        with self.assertRaises(atensi.MisuseError):
            _ffi.lib().atensi_open_options_init(ctypes.byref(c), 0)
        with self.assertRaises(atensi.UnsupportedError) as cm:
            _ffi.lib().atensi_open_options_init(ctypes.byref(c), atensi.OPEN_OPTIONS_VERSION + 1)
        self.assertEqual(cm.exception.reason, "capi.options_version")

    def test_version(self) -> None:
        self.assertEqual(atensi.version_string(), atensi.__version__)
        self.assertEqual(atensi.version_number(), atensi.VERSION_NUMBER)
        self.assertTrue(atensi.library_path())

    def test_dates_round_trip_through_c(self) -> None:
        lib = _ffi.lib()
        d = _ffi.CDate()
        lib.atensi_date_parse(ctypes.byref(d), b"2024-02-29")
        self.assertEqual((d.year, d.month, d.day), (2024, 2, 29))
        out = ctypes.c_void_p()
        lib.atensi_date_format(ctypes.byref(out), ctypes.byref(d))
        self.assertEqual(_ffi.owned_text(out), "2024-02-29")
        with self.assertRaises(atensi.InvalidArgumentError):
            lib.atensi_date_parse(ctypes.byref(d), b"2026-02-29")


if __name__ == "__main__":
    unittest.main()
