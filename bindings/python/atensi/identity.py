# Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
"""NIK and No. KK parsing and validation.

The region prefix of these numbers is where they were first issued, never the
domicile: do not derive jurisdiction from it.
"""
from __future__ import annotations

import ctypes
import datetime
from dataclasses import dataclass
from typing import Optional

from . import _ffi
from . import errors
from ._constants import IdKind, IdRegionPart, IssueSeverity, Sex
from ._handle import Handle, from_cdate, to_cdate


@dataclass(frozen=True)
class Issue:
    """One finding: a stable dotted code ("nik.day_range") and its message."""

    code: str
    message: str


class IdCheck(Handle):
    """The outcome of parsing a NIK or No. KK. Use as a context manager or close()."""

    def __init__(self, ptr: "ctypes._Pointer[_ffi.CIdCheck]") -> None:
        super().__init__(ptr, _ffi.lib().atensi_id_check_destroy)

    def _int(self, fn: str) -> int:
        out = ctypes.c_int()
        getattr(_ffi.lib(), fn)(ctypes.byref(out), self._handle())
        return out.value

    @property
    def kind(self) -> IdKind:
        return IdKind(self._int("atensi_id_check_kind"))

    @property
    def valid(self) -> bool:
        """True when there are no error findings (warnings are allowed)."""
        return bool(self._int("atensi_id_check_valid"))

    @property
    def digits(self) -> str:
        """The 16 digits without separators; "" when the input did not have 16."""
        out = ctypes.c_char_p()
        _ffi.lib().atensi_id_check_digits(ctypes.byref(out), self._handle())
        return _ffi.text(out.value)

    @property
    def sex(self) -> Sex:
        return Sex(self._int("atensi_id_check_sex"))

    @property
    def date(self) -> Optional[datetime.date]:
        """Birth date (NIK) or recording date (No. KK); None when not a real date."""
        out = _ffi.CDate()
        try:
            _ffi.lib().atensi_id_check_date(ctypes.byref(out), self._handle())
        except errors.NotFoundError:
            return None
        return from_cdate(out)

    @property
    def birth_date(self) -> Optional[datetime.date]:
        """The birth date of a NIK (None for a No. KK)."""
        return self.date if self.kind == IdKind.NIK else None

    @property
    def serial(self) -> int:
        return self._int("atensi_id_check_serial")

    @property
    def historical(self) -> bool:
        """True when the prefix resolved only through a historical code move."""
        return bool(self._int("atensi_id_check_historical"))

    def region(self, part: IdRegionPart) -> Optional[str]:
        """A dotted region code of the prefix, or None when absent."""
        out = ctypes.c_char_p()
        try:
            _ffi.lib().atensi_id_check_region(ctypes.byref(out), self._handle(), int(part))
        except errors.NotFoundError:
            return None
        return _ffi.text(out.value)

    def _issues(self, severity: IssueSeverity) -> list[Issue]:
        lib, h = _ffi.lib(), self._handle()
        n = ctypes.c_size_t()
        lib.atensi_id_check_issue_count(ctypes.byref(n), h, int(severity))
        result = []
        for i in range(n.value):
            code, msg = ctypes.c_char_p(), ctypes.c_char_p()
            lib.atensi_id_check_issue(ctypes.byref(code), ctypes.byref(msg), h, int(severity), i)
            result.append(Issue(_ffi.text(code.value), _ffi.text(msg.value)))
        return result

    @property
    def errors(self) -> list[Issue]:
        return self._issues(IssueSeverity.ERROR)

    @property
    def warnings(self) -> list[Issue]:
        return self._issues(IssueSeverity.WARNING)


def parse_nik(text: str, today: datetime.date,
              recorded_birth_date: Optional[datetime.date] = None) -> IdCheck:
    """Parses a NIK as of `today`. An invalid NIK is not an exception: see .valid/.errors."""
    ptr = _ffi.IdCheckP()
    ref = to_cdate(today, "today")
    rec = None if recorded_birth_date is None else ctypes.byref(
        to_cdate(recorded_birth_date, "recorded_birth_date"))
    _ffi.lib().atensi_nik_parse(ctypes.byref(ptr), _ffi.cstr(text, "nik"), ctypes.byref(ref), rec)
    return IdCheck(ptr)


def parse_kk(text: str, today: datetime.date) -> IdCheck:
    """Parses a No. KK (family card number) as of `today`."""
    ptr = _ffi.IdCheckP()
    ref = to_cdate(today, "today")
    _ffi.lib().atensi_kk_parse(ctypes.byref(ptr), _ffi.cstr(text, "kk"), ctypes.byref(ref))
    return IdCheck(ptr)


def validate_nik(text: str, today: datetime.date) -> None:
    """Raises InvalidArgumentError (reason = the first rule broken) unless the NIK is valid."""
    ref = to_cdate(today, "today")
    _ffi.lib().atensi_nik_validate(_ffi.cstr(text, "nik"), ctypes.byref(ref))


def validate_kk(text: str, today: datetime.date) -> None:
    """Raises InvalidArgumentError unless the No. KK is valid."""
    ref = to_cdate(today, "today")
    _ffi.lib().atensi_kk_validate(_ffi.cstr(text, "kk"), ctypes.byref(ref))
