# Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
"""Enums and constants mirrored from atensi.h.

Every value here has a twin in capi/include/atensi.h; tests/test_header_drift.py
parses the header and fails when the two disagree.
"""
from __future__ import annotations

import enum

#: Version of atensi.h these bindings were written against.
VERSION_MAJOR = 0
VERSION_MINOR = 3
VERSION_PATCH = 0
VERSION_NUMBER = VERSION_MAJOR * 10000 + VERSION_MINOR * 100 + VERSION_PATCH

#: Open flags (ATENSI_OPEN_*).
OPEN_CREATE = 0x1
#: Versions of the versioned structs these bindings fill in.
OPEN_OPTIONS_VERSION = 1
ACTOR_VERSION = 1
CASELOAD_FILTER_VERSION = 1
KEY_VERSION = 1
#: Actor rights (ATENSI_RIGHT_*).
RIGHT_SELF_APPROVE = 0x1
#: Who asks for subject access (ATENSI_REQUESTER_*; UU 27/2022 arts 25, 32).
REQUESTER_SUBJECT = 1
REQUESTER_GUARDIAN = 2


class Status(enum.IntEnum):
    """atensi_status: the stable numeric status codes."""

    OK = 0
    INVALID_ARGUMENT = 1
    NOT_FOUND = 2
    ALREADY_EXISTS = 3
    FAILED_PRECONDITION = 4
    CONFLICT = 5
    PERMISSION_DENIED = 6
    EXPIRED = 7
    IO = 8
    CORRUPTION = 9
    BUSY = 10
    UNSUPPORTED = 11
    INTERNAL = 12
    MISUSE = 64
    NOMEM = 65
    DONE = 96


class RegionLevel(enum.IntEnum):
    """atensi_region_level."""

    ANY = 0
    PROVINCE = 1
    REGENCY = 2
    DISTRICT = 3
    VILLAGE = 4


class RegionKind(enum.IntEnum):
    """atensi_region_kind."""

    PROVINCE = 1
    KABUPATEN = 2
    KOTA = 3
    KECAMATAN = 4
    KELURAHAN = 5
    DESA = 6
    DESA_ADAT = 7


class IdKind(enum.IntEnum):
    """atensi_id_kind: which number an identity check holds."""

    NIK = 1
    KK = 2


class Sex(enum.IntEnum):
    """atensi_sex."""

    UNKNOWN = 0
    MALE = 1
    FEMALE = 2


class IssueSeverity(enum.IntEnum):
    """atensi_issue_severity."""

    ERROR = 1
    WARNING = 2


class IdRegionPart(enum.IntEnum):
    """atensi_id_region_part: which region code of a NIK / No. KK prefix."""

    PROVINCE = 1
    REGENCY = 2
    DISTRICT = 3
    CURRENT_REGENCY = 4
    CURRENT_DISTRICT = 5


class Role(enum.IntEnum):
    """atensi_role: the role an actor has in their agency."""

    CASE_WORKER = 1
    SUPERVISOR = 2
    COORDINATOR = 3
    DATA_OFFICER = 4
    VIEWER = 5
    INTEGRATOR = 6


class Purpose(enum.IntEnum):
    """atensi_purpose: why personal data is read (recorded in the access log)."""

    CASE_HANDLING = 1
    SUPERVISION = 2
    REFERRAL = 3
    REPORT = 4
    AUDIT = 5
    SUBJECT_ACCESS = 6
    IMPORT = 7
    TRANSFER = 8


#: C enum typedef name -> (Python enum, prefix of the C enumerators). Used by
#: the header drift test; keep it next to the enums it describes.
C_ENUMS: dict[str, tuple[type[enum.IntEnum], str]] = {
    "atensi_status": (Status, "ATENSI_"),
    "atensi_region_level": (RegionLevel, "ATENSI_REGION_"),
    "atensi_region_kind": (RegionKind, "ATENSI_REGION_KIND_"),
    "atensi_id_kind": (IdKind, "ATENSI_ID_"),
    "atensi_sex": (Sex, "ATENSI_SEX_"),
    "atensi_issue_severity": (IssueSeverity, "ATENSI_ISSUE_"),
    "atensi_id_region_part": (IdRegionPart, "ATENSI_ID_"),
    "atensi_role": (Role, "ATENSI_ROLE_"),
    "atensi_purpose": (Purpose, "ATENSI_PURPOSE_"),
}

#: C enumerators deliberately without a Python twin.
C_ENUMERATORS_NOT_MIRRORED = frozenset({"ATENSI_STATUS_RESERVED_DO_NOT_SWITCH_ON_ME_"})

#: C macro name -> Python value, checked by the drift test.
C_MACROS: dict[str, int] = {
    "ATENSI_VERSION_MAJOR": VERSION_MAJOR,
    "ATENSI_VERSION_MINOR": VERSION_MINOR,
    "ATENSI_VERSION_PATCH": VERSION_PATCH,
    "ATENSI_OPEN_CREATE": OPEN_CREATE,
    "ATENSI_OPEN_OPTIONS_VERSION": OPEN_OPTIONS_VERSION,
    "ATENSI_KEY_VERSION": KEY_VERSION,
    "ATENSI_ACTOR_VERSION": ACTOR_VERSION,
    "ATENSI_CASELOAD_FILTER_VERSION": CASELOAD_FILTER_VERSION,
    "ATENSI_RIGHT_SELF_APPROVE": RIGHT_SELF_APPROVE,
    "ATENSI_REQUESTER_SUBJECT": REQUESTER_SUBJECT,
    "ATENSI_REQUESTER_GUARDIAN": REQUESTER_GUARDIAN,
}
