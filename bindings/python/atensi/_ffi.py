# Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
"""Loading libatensi and declaring every C function (libclang cindex.py style).

All declarations live in one table, FUNCTIONS: (name, argtypes, restype,
errcheck). register() sets argtypes/restype/errcheck on each function once, so
no call anywhere else can pass a wrongly typed argument or truncate a pointer.
Status-returning functions get an errcheck that raises the AtensiError
subclass for the code, with the details from atensi_error_last().

The library is found, in order, through:
  1. the ATENSI_LIBRARY environment variable (path to libatensi.so);
  2. the installed location: the dynamic loader's search path ("libatensi.so.0"),
     then <sys.prefix>/lib and /usr/local/lib;
  3. the build tree of a source checkout: <repo>/build/*/capi/libatensi.so.0.
"""
from __future__ import annotations

import ctypes
import os
import sys
import threading
from ctypes import (POINTER, Structure, c_char_p, c_int, c_int32, c_int64, c_size_t, c_uint,
                    c_uint32, c_uint64, c_void_p)
from pathlib import Path
from typing import Any, Callable, Optional, Sequence

from . import errors
from ._constants import VERSION_MAJOR, VERSION_NUMBER, Status

SONAME = "libatensi.so.0"


# --- C types -------------------------------------------------------------------------------------


class CDate(Structure):
    """atensi_date."""

    _fields_ = [("year", c_int32), ("month", c_int32), ("day", c_int32)]


class CError(Structure):
    """atensi_error (library-owned; read through a pointer only)."""

    _fields_ = [("code", c_int), ("reason", c_char_p), ("field", c_char_p),
                ("message", c_char_p)]


class COpenOptions(Structure):
    """atensi_open_options, version 1."""

    _fields_ = [("version", c_uint), ("flags", c_uint), ("busy_timeout_ms", c_int32),
                ("fixed_clock_ms", c_int64), ("id_seed", c_uint64)]


class CKey(Structure):
    """atensi_key, version 1 (encryption at rest; the bytes are borrowed for the call)."""

    _fields_ = [("version", c_uint), ("id", c_uint32), ("bytes", ctypes.c_char_p),
                ("length", c_size_t)]


class CActor(Structure):
    """atensi_actor, version 1."""

    _fields_ = [("version", c_uint), ("person_id", c_char_p), ("agency_id", c_char_p),
                ("role", c_int), ("rights", c_uint32)]


class CCaseloadFilter(Structure):
    """atensi_caseload_filter, version 1."""

    _fields_ = [("version", c_uint), ("within", c_char_p), ("stage", c_char_p),
                ("risk", c_char_p), ("category", c_char_p), ("include_closed", c_int),
                ("page_size", c_int32)]


class _Opaque(Structure):
    """Base of the opaque handle structs; never instantiated."""


class CRegions(_Opaque):
    """atensi_regions."""


class CIdCheck(_Opaque):
    """atensi_id_check."""


class CDb(_Opaque):
    """atensi_db."""


class CCaseload(_Opaque):
    """atensi_caseload."""


RegionsP = POINTER(CRegions)
IdCheckP = POINTER(CIdCheck)
DbP = POINTER(CDb)
CaseloadP = POINTER(CCaseload)
ActorP = POINTER(CActor)
c_void_pp = POINTER(c_void_p)
CDateP = POINTER(CDate)
c_char_pp = POINTER(c_char_p)


# --- Error checking ------------------------------------------------------------------------------

_lib: Optional[ctypes.CDLL] = None
_lib_path: Optional[str] = None
_lock = threading.Lock()


def _decode(b: Optional[bytes]) -> str:
    return b.decode("utf-8", "replace") if b else ""


def last_error() -> tuple[int, str, str, str]:
    """(code, reason, field, message) of the calling thread's last error."""
    err = lib().atensi_error_last().contents
    return err.code, _decode(err.reason), _decode(err.field), _decode(err.message)


def raise_for(code: int) -> None:
    """Raises the AtensiError subclass for a failing status code."""
    ecode, reason, field, message = last_error()
    if ecode != code:
        # Every failing call records its error, so this means a library bug;
        # still raise the right class, with the status name as message.
        reason, field = "", ""
        message = text(lib().atensi_status_name(code))
    raise errors.make_error(code, reason, field, message)


def check_status(result: int, func: Any, args: Sequence[Any]) -> int:
    """errcheck: ATENSI_OK passes; anything else raises."""
    if result != Status.OK:
        raise_for(result)
    return result


def check_status_or_done(result: int, func: Any, args: Sequence[Any]) -> int:
    """errcheck for cursor moves: ATENSI_OK and ATENSI_DONE pass."""
    if result not in (Status.OK, Status.DONE):
        raise_for(result)
    return result


# --- The function table ----------------------------------------------------------------------------

Decl = tuple[str, list[Any], Any, Optional[Callable[..., Any]]]

FUNCTIONS: list[Decl] = [
    # version and errors
    ("atensi_version_number", [], c_int, None),
    ("atensi_version_string", [], c_char_p, None),
    ("atensi_status_name", [c_int], c_char_p, None),
    ("atensi_error_last", [], POINTER(CError), None),
    ("atensi_error_clear", [], None, None),
    ("atensi_free", [c_void_p], None, None),
    # dates
    ("atensi_date_parse", [CDateP, c_char_p], c_int, check_status),
    ("atensi_date_format", [c_void_pp, CDateP], c_int, check_status),
    # regions
    ("atensi_region_table_decree", [c_char_pp], c_int, check_status),
    ("atensi_region_lookup", [POINTER(RegionsP), c_char_p], c_int, check_status),
    ("atensi_region_children", [POINTER(RegionsP), c_char_p], c_int, check_status),
    ("atensi_region_search", [POINTER(RegionsP), c_char_p, c_size_t, c_int, c_char_p], c_int,
     check_status),
    ("atensi_regions_count", [POINTER(c_size_t), RegionsP], c_int, check_status),
    ("atensi_regions_next", [RegionsP], c_int, check_status_or_done),
    ("atensi_regions_code", [c_char_pp, RegionsP], c_int, check_status),
    ("atensi_regions_name", [c_char_pp, RegionsP], c_int, check_status),
    ("atensi_regions_level", [POINTER(c_int), RegionsP], c_int, check_status),
    ("atensi_regions_kind", [POINTER(c_int), RegionsP], c_int, check_status),
    ("atensi_regions_child_count", [POINTER(c_uint32), RegionsP], c_int, check_status),
    ("atensi_regions_destroy", [POINTER(RegionsP)], None, None),
    ("atensi_regions_error", [RegionsP], POINTER(CError), None),
    # NIK and No. KK
    ("atensi_nik_parse", [POINTER(IdCheckP), c_char_p, CDateP, CDateP], c_int, check_status),
    ("atensi_kk_parse", [POINTER(IdCheckP), c_char_p, CDateP], c_int, check_status),
    ("atensi_nik_validate", [c_char_p, CDateP], c_int, check_status),
    ("atensi_kk_validate", [c_char_p, CDateP], c_int, check_status),
    ("atensi_id_check_kind", [POINTER(c_int), IdCheckP], c_int, check_status),
    ("atensi_id_check_valid", [POINTER(c_int), IdCheckP], c_int, check_status),
    ("atensi_id_check_digits", [c_char_pp, IdCheckP], c_int, check_status),
    ("atensi_id_check_sex", [POINTER(c_int), IdCheckP], c_int, check_status),
    ("atensi_id_check_date", [CDateP, IdCheckP], c_int, check_status),
    ("atensi_id_check_serial", [POINTER(c_int), IdCheckP], c_int, check_status),
    ("atensi_id_check_region", [c_char_pp, IdCheckP, c_int], c_int, check_status),
    ("atensi_id_check_historical", [POINTER(c_int), IdCheckP], c_int, check_status),
    ("atensi_id_check_issue_count", [POINTER(c_size_t), IdCheckP, c_int], c_int, check_status),
    ("atensi_id_check_issue", [c_char_pp, c_char_pp, IdCheckP, c_int, c_size_t], c_int,
     check_status),
    ("atensi_id_check_destroy", [POINTER(IdCheckP)], None, None),
    ("atensi_id_check_error", [IdCheckP], POINTER(CError), None),
    # database
    ("atensi_open_options_init", [POINTER(COpenOptions), c_uint], c_int, check_status),
    ("atensi_open", [POINTER(DbP), c_char_p, POINTER(COpenOptions)], c_int, check_status),
    ("atensi_close", [POINTER(DbP)], None, None),
    ("atensi_db_error", [DbP], POINTER(CError), None),
    ("atensi_db_set_time", [DbP, c_int64], c_int, check_status),
    # children
    ("atensi_child_register", [c_void_pp, DbP, c_char_p, ActorP], c_int, check_status),
    ("atensi_child_update", [c_void_pp, DbP, c_char_p, ActorP, c_char_p], c_int, check_status),
    ("atensi_child_get", [c_void_pp, DbP, c_char_p], c_int, check_status),
    # cases
    ("atensi_case_open", [c_void_pp, DbP, c_char_p, c_char_p, ActorP], c_int, check_status),
    ("atensi_case_act", [c_void_pp, DbP, c_char_p, c_int64, c_char_p, ActorP], c_int,
     check_status),
    ("atensi_case_get", [c_void_pp, DbP, c_char_p], c_int, check_status),
    ("atensi_case_history", [c_void_pp, DbP, c_char_p], c_int, check_status),
    # authorized reads (issue 9)
    ("atensi_child_read", [c_void_pp, DbP, c_char_p, ActorP, c_int], c_int, check_status),
    ("atensi_case_read", [c_void_pp, DbP, c_char_p, ActorP, c_int], c_int, check_status),
    ("atensi_case_history_read", [c_void_pp, DbP, c_char_p, ActorP, c_int], c_int,
     check_status),
    ("atensi_access_log", [c_void_pp, DbP, c_char_p, ActorP], c_int, check_status),
    ("atensi_db_set_principal", [DbP, ActorP, c_int], c_int, check_status),
    ("atensi_subject_access", [c_void_pp, DbP, c_char_p, ActorP], c_int, check_status),
    ("atensi_restrict_processing", [DbP, c_char_p, c_int, c_char_p, ActorP], c_int,
     check_status),
    ("atensi_purge", [c_void_pp, DbP, c_char_p, c_int, ActorP], c_int, check_status),
    # 0.3.0: the rest of the data-subject duties (UU 27/2022 arts 32-33, 44)
    ("atensi_legal_hold", [DbP, c_char_p, c_int, c_char_p, ActorP], c_int, check_status),
    ("atensi_correction_request", [c_void_pp, DbP, c_char_p, c_char_p, ActorP], c_int,
     check_status),
    ("atensi_child_correct", [c_void_pp, DbP, c_char_p, c_char_p, ActorP], c_int, check_status),
    ("atensi_privacy_state", [c_void_pp, DbP, c_char_p, ActorP], c_int, check_status),
    ("atensi_disclosure_risk_set", [DbP, c_char_p, c_char_p, c_char_p, ActorP], c_int,
     check_status),
    ("atensi_subject_access_request", [c_void_pp, DbP, c_char_p, c_int, c_char_p, ActorP], c_int,
     check_status),
    ("atensi_subject_access_answer", [c_void_pp, DbP, c_char_p, c_char_p, ActorP], c_int,
     check_status),
    ("atensi_subject_access_refuse", [c_void_pp, DbP, c_char_p, c_char_p, c_char_p, c_char_p,
                                      ActorP], c_int, check_status),
    ("atensi_subject_access_pending", [c_void_pp, DbP, c_int, ActorP], c_int, check_status),
    ("atensi_cases_by_nik", [c_void_pp, DbP, c_char_p], c_int, check_status),
    ("atensi_caseload_filter_init", [POINTER(CCaseloadFilter), c_uint], c_int, check_status),
    ("atensi_caseload_query", [POINTER(CaseloadP), DbP, POINTER(CCaseloadFilter)], c_int,
     check_status),
    ("atensi_caseload_next", [CaseloadP], c_int, check_status_or_done),
    ("atensi_caseload_case_id", [c_char_pp, CaseloadP], c_int, check_status),
    ("atensi_caseload_version", [POINTER(c_int64), CaseloadP], c_int, check_status),
    ("atensi_caseload_json", [c_char_pp, CaseloadP], c_int, check_status),
    ("atensi_caseload_destroy", [POINTER(CaseloadP)], None, None),
    ("atensi_caseload_error", [CaseloadP], POINTER(CError), None),
    # routing, referrals and transfers of stored cases
    ("atensi_case_route", [c_void_pp, DbP, c_char_p, ActorP], c_int, check_status),
    ("atensi_case_routing", [c_void_pp, DbP, c_char_p], c_int, check_status),
    ("atensi_referral_act", [c_void_pp, DbP, c_char_p, c_int64, c_char_p, ActorP], c_int,
     check_status),
    ("atensi_referral_get", [c_void_pp, DbP, c_char_p], c_int, check_status),
    ("atensi_case_referrals", [c_void_pp, DbP, c_char_p], c_int, check_status),
    ("atensi_referral_box", [c_void_pp, DbP, c_char_p, c_int, c_char_p], c_int, check_status),
    ("atensi_referrals_expire", [c_void_pp, DbP], c_int, check_status),
    ("atensi_transfer_start", [c_void_pp, DbP, c_char_p, c_char_p, c_char_p, c_char_p, c_char_p,
                               ActorP], c_int, check_status),
    ("atensi_transfer_act", [c_void_pp, DbP, c_char_p, c_int64, c_char_p, c_char_p, ActorP],
     c_int, check_status),
    ("atensi_case_transfers", [c_void_pp, DbP, c_char_p], c_int, check_status),
    # audit
    ("atensi_audit_verify", [POINTER(c_int), c_void_pp, DbP], c_int, check_status),
    ("atensi_audit_checkpoint", [DbP], c_int, check_status),
    # encryption at rest (docs/encryption.md)
    ("atensi_open_encrypted", [POINTER(DbP), c_char_p, POINTER(COpenOptions), POINTER(CKey),
                               c_size_t], c_int, check_status),
    ("atensi_db_rotate_key", [c_void_pp, DbP, ActorP, POINTER(CKey), c_uint32], c_int,
     check_status),
    ("atensi_db_encryption", [c_void_pp, DbP], c_int, check_status),
    # roster jobs (one native call each)
    ("atensi_roster_import", [c_void_pp, DbP, c_char_p, c_char_p, ActorP], c_int, check_status),
    ("atensi_roster_screen", [c_void_pp, DbP, c_char_p, ActorP], c_int, check_status),
    ("atensi_roster_route", [c_void_pp, DbP, c_char_p, ActorP], c_int, check_status),
    # routing and jurisdiction
    ("atensi_route", [c_void_pp, c_char_p, CDateP], c_int, check_status),
    ("atensi_route_explain", [c_void_pp, c_char_p, CDateP], c_int, check_status),
    ("atensi_jurisdiction_resolve", [c_void_pp, c_char_p, c_char_p, CDateP], c_int,
     check_status),
    # referrals and transfers
    ("atensi_referral_create", [c_void_pp, c_char_p, c_char_p, ActorP, c_int64, c_int], c_int,
     check_status),
    ("atensi_referral_apply", [c_void_pp, c_char_p, c_char_p, ActorP, c_int64], c_int,
     check_status),
    ("atensi_referral_next_candidate", [c_void_pp, c_char_p, c_char_p], c_int, check_status),
    ("atensi_transfer_open", [c_void_pp, c_char_p, c_char_p, c_char_p, ActorP, c_int64], c_int,
     check_status),
    ("atensi_transfer_apply", [c_void_pp, c_char_p, c_char_p, c_char_p, ActorP, c_int64], c_int,
     check_status),
    ("atensi_transfer_assess_move", [c_void_pp, c_char_p, c_char_p, CDateP], c_int,
     check_status),
]


# --- Loading ---------------------------------------------------------------------------------------


def _candidates() -> list[str]:
    found: list[str] = []
    env = os.environ.get("ATENSI_LIBRARY")
    if env:
        return [env]  # an explicit choice is never second-guessed
    found.append(SONAME)  # the dynamic loader's search path (installed system-wide)
    for prefix in (sys.prefix, "/usr/local"):
        for libdir in ("lib", "lib64", "lib/x86_64-linux-gnu"):
            p = Path(prefix) / libdir / SONAME
            if p.exists():
                found.append(str(p))
    # A source checkout: bindings/python/atensi/_ffi.py -> <repo>.
    repo = Path(__file__).resolve().parents[3]
    found.extend(str(p) for p in sorted((repo / "build").glob(f"*/capi/{SONAME}")))
    return found


def _register(library: ctypes.CDLL) -> None:
    for name, argtypes, restype, errcheck in FUNCTIONS:
        try:
            func = getattr(library, name)
        except AttributeError as e:
            raise errors.LibraryNotFoundError(
                f"{_lib_path} has no function {name}: the atensi bindings and libatensi "
                f"versions do not match") from e
        func.argtypes = argtypes
        func.restype = restype
        if errcheck is not None:
            func.errcheck = errcheck


def lib() -> ctypes.CDLL:
    """The loaded, fully declared libatensi (loaded on first use)."""
    global _lib, _lib_path
    if _lib is not None:
        return _lib
    with _lock:
        if _lib is not None:
            return _lib
        tried: list[str] = []
        library: Optional[ctypes.CDLL] = None
        for cand in _candidates():
            try:
                library = ctypes.CDLL(cand)
                _lib_path = cand
                break
            except OSError as e:
                tried.append(f"{cand}: {e}")
        if library is None:
            raise errors.LibraryNotFoundError(
                "libatensi not found. Set ATENSI_LIBRARY to the path of libatensi.so, install "
                "atensi, or build it in <repo>/build/<dir>. Tried:\n  " + "\n  ".join(tried))
        _register(library)
        number = library.atensi_version_number()
        if number // 10000 != VERSION_MAJOR or number < VERSION_NUMBER:
            raise errors.LibraryNotFoundError(
                f"{_lib_path} is atensi {library.atensi_version_string().decode()}, but these "
                f"bindings need {VERSION_MAJOR}.x at least {VERSION_NUMBER}")
        _lib = library
        return _lib


def library_path() -> str:
    """The path (or name) libatensi was loaded from."""
    lib()
    assert _lib_path is not None
    return _lib_path


def cstr(value: str, field: str) -> bytes:
    """A Python string as a NUL-terminated UTF-8 argument."""
    if not isinstance(value, str):
        raise errors.InvalidArgumentError(f"{field} must be str, not {type(value).__name__}",
                                          code=Status.INVALID_ARGUMENT, reason="python.type",
                                          field=field)
    if "\0" in value:
        raise errors.InvalidArgumentError(f"{field} contains a NUL character",
                                          code=Status.INVALID_ARGUMENT, reason="python.nul",
                                          field=field)
    try:
        return value.encode("utf-8")
    except UnicodeEncodeError as e:  # lone surrogates
        raise errors.InvalidArgumentError(f"{field} is not encodable as UTF-8",
                                          code=Status.INVALID_ARGUMENT, reason="python.utf8",
                                          field=field) from e


def text(b: Optional[bytes]) -> str:
    """A library string (UTF-8) as str."""
    return _decode(b)


def owned_text(ptr: c_void_p) -> str:
    """Copies a library-allocated string and releases it with atensi_free()."""
    if not ptr.value:
        return ""
    try:
        return ctypes.string_at(ptr.value).decode("utf-8")
    finally:
        lib().atensi_free(ptr)
