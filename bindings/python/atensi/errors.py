# Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
"""The exception hierarchy: one class per atensi status code, grouped by family.

    AtensiError
    ├── InvalidArgumentError (also ValueError)        1 invalid_argument
    ├── NotFoundError (also LookupError)              2 not_found
    ├── AlreadyExistsError                            3 already_exists
    ├── RefusedError            the rules or the state said no
    │   ├── FailedPreconditionError                   4 failed_precondition
    │   ├── ConflictError                             5 conflict
    │   ├── PermissionDeniedError                     6 permission_denied
    │   └── ExpiredError                              7 expired
    ├── StorageError            the database could not do it
    │   ├── StorageIOError (also OSError)             8 io
    │   ├── CorruptionError                           9 corruption
    │   └── BusyError                                10 busy
    ├── UnsupportedError                             11 unsupported
    ├── InternalError                                12 internal
    ├── MisuseError                                  64 misuse
    ├── NoMemoryError (also MemoryError)             65 nomem
    └── LibraryNotFoundError    libatensi could not be loaded (no code)

Every instance carries the code, the stable dotted ``reason`` (match on it),
the input ``field`` at fault and the human ``message``, as reported by
atensi_error_last().
"""
from __future__ import annotations

from typing import Optional

from ._constants import Status


class AtensiError(Exception):
    """Base of every error raised by the atensi bindings."""

    code: int = -1

    def __init__(self, message: str, *, code: Optional[int] = None, reason: str = "",
                 field: str = "") -> None:
        super().__init__(message)
        if code is not None:
            self.code = code
        self.reason = reason
        self.field = field
        self.message = message

    @property
    def status(self) -> Optional[Status]:
        """The code as a Status, or None for a code this binding does not know."""
        try:
            return Status(self.code)
        except ValueError:
            return None

    def __str__(self) -> str:
        parts = [self.message or "(no message)"]
        if self.reason:
            parts.insert(0, f"[{self.reason}]")
        if self.field:
            parts.insert(1 if self.reason else 0, f"{self.field}:")
        return " ".join(parts)


class InvalidArgumentError(AtensiError, ValueError):
    code = Status.INVALID_ARGUMENT


class NotFoundError(AtensiError, LookupError):
    code = Status.NOT_FOUND


class AlreadyExistsError(AtensiError):
    code = Status.ALREADY_EXISTS


class RefusedError(AtensiError):
    """A legal guard, the record's state or the actor's rights refused the call."""


class FailedPreconditionError(RefusedError):
    code = Status.FAILED_PRECONDITION


class ConflictError(RefusedError):
    code = Status.CONFLICT


class PermissionDeniedError(RefusedError):
    code = Status.PERMISSION_DENIED


class ExpiredError(RefusedError):
    code = Status.EXPIRED


class StorageError(AtensiError):
    """The database could not complete the call."""


class StorageIOError(StorageError, OSError):
    code = Status.IO


class CorruptionError(StorageError):
    code = Status.CORRUPTION


class BusyError(StorageError):
    code = Status.BUSY


class UnsupportedError(AtensiError):
    code = Status.UNSUPPORTED


class InternalError(AtensiError):
    code = Status.INTERNAL


class MisuseError(AtensiError):
    code = Status.MISUSE


class NoMemoryError(AtensiError, MemoryError):
    code = Status.NOMEM


class LibraryNotFoundError(AtensiError, OSError):
    """libatensi could not be found or loaded, or is incompatible."""


_BY_CODE: dict[int, type[AtensiError]] = {
    int(cls.code): cls
    for cls in (InvalidArgumentError, NotFoundError, AlreadyExistsError, FailedPreconditionError,
                ConflictError, PermissionDeniedError, ExpiredError, StorageIOError,
                CorruptionError, BusyError, UnsupportedError, InternalError, MisuseError,
                NoMemoryError)
}


def error_class(code: int) -> type[AtensiError]:
    """The exception class for a status code (AtensiError for unknown codes)."""
    return _BY_CODE.get(code, AtensiError)


def make_error(code: int, reason: str, field: str, message: str) -> AtensiError:
    """An exception instance for a failed call."""
    return error_class(code)(message, code=code, reason=reason, field=field)
