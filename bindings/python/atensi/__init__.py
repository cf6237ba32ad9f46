# Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
"""Python bindings for atensi, over the stable C API (libatensi) with ctypes.

Status codes become exceptions (see atensi.errors); handles are closed by
context managers or finalizers; queries are iterators; dates are
datetime.date. The library is located through ATENSI_LIBRARY, the installed
location, or a source checkout's build tree (see atensi._ffi).
"""
from __future__ import annotations

from . import errors
from . import routing
from ._constants import (OPEN_CREATE, OPEN_OPTIONS_VERSION, RIGHT_SELF_APPROVE, VERSION_MAJOR,
                         VERSION_MINOR, VERSION_NUMBER, VERSION_PATCH, IdKind, IdRegionPart,
                         IssueSeverity, RegionKind, RegionLevel, Purpose, Role, Sex, Status)
from .db import Actor, Caseload, Database, VerifyReport, open_database
from ._ffi import library_path
from .errors import (AlreadyExistsError, AtensiError, BusyError, ConflictError, CorruptionError,
                     ExpiredError, FailedPreconditionError, InternalError, InvalidArgumentError,
                     LibraryNotFoundError, MisuseError, NoMemoryError, NotFoundError,
                     PermissionDeniedError, RefusedError, StorageError, StorageIOError,
                     UnsupportedError)
from .identity import IdCheck, Issue, parse_kk, parse_nik, validate_kk, validate_nik
from .options import OpenOptions
from .region import (Region, RegionQuery, region_children, region_lookup, region_search,
                     region_table_decree)
from ._ffi import lib as _lib, text as _text

__version__ = f"{VERSION_MAJOR}.{VERSION_MINOR}.{VERSION_PATCH}"


def version_number() -> int:
    """The loaded library's version, MAJOR * 10000 + MINOR * 100 + PATCH."""
    return int(_lib().atensi_version_number())


def version_string() -> str:
    """The loaded library's version as text, e.g. "0.1.0"."""
    return _text(_lib().atensi_version_string())


def status_name(code: int) -> str:
    """The stable name of a status code, e.g. "invalid_argument"."""
    return _text(_lib().atensi_status_name(int(code)))


__all__ = [
    "AlreadyExistsError", "AtensiError", "BusyError", "ConflictError", "CorruptionError",
    "ExpiredError", "FailedPreconditionError", "IdCheck", "IdKind", "IdRegionPart",
    "InternalError", "InvalidArgumentError", "Issue", "IssueSeverity", "LibraryNotFoundError",
    "MisuseError", "NoMemoryError", "NotFoundError", "OPEN_CREATE", "OPEN_OPTIONS_VERSION",
    "RIGHT_SELF_APPROVE", "OpenOptions", "Actor", "Caseload", "Database", "VerifyReport",
    "open_database", "routing", "Purpose", "Role", "PermissionDeniedError", "RefusedError", "Region",
    "RegionKind", "RegionLevel", "RegionQuery", "Sex", "Status", "StorageError",
    "StorageIOError", "UnsupportedError", "errors", "library_path", "parse_kk", "parse_nik",
    "region_children", "region_lookup", "region_search", "region_table_decree", "status_name",
    "validate_kk", "validate_nik", "version_number", "version_string",
]
