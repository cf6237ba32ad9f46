# Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
"""The casebook database: children, cases, caseload listings and the audit trail.

Records are plain dicts in the core's JSON form (snake_case keys, enums by
name, dates "YYYY-MM-DD", instants ISO 8601 UTC).
"""
from __future__ import annotations

import ctypes
import datetime
import json
from dataclasses import dataclass, field
from typing import Any, Iterator, Optional

from . import _ffi
from ._constants import ACTOR_VERSION, CASELOAD_FILTER_VERSION, KEY_VERSION, Purpose, Role
from ._handle import Handle
from .options import OpenOptions, to_unix_ms

JsonDict = dict[str, Any]


@dataclass(frozen=True)
class Actor:
    """Who performs a mutating call; recorded in the audit event."""

    person_id: str
    agency_id: str
    role: Role = Role.CASE_WORKER
    rights: int = 0

    def to_c(self) -> _ffi.CActor:
        return _ffi.CActor(ACTOR_VERSION, _ffi.cstr(self.person_id, "actor.person_id"),
                           _ffi.cstr(self.agency_id, "actor.agency_id"), int(self.role),
                           int(self.rights))


def _dumps(doc: Any, what: str) -> bytes:
    return _ffi.cstr(json.dumps(doc, ensure_ascii=False), what)


def _owned_json(ptr: ctypes.c_void_p) -> Any:
    return json.loads(_ffi.owned_text(ptr))


def call_json(fn: str, *args: Any) -> Any:
    """Calls a C function whose first parameter is `char **out_json` and decodes it."""
    out = ctypes.c_void_p()
    getattr(_ffi.lib(), fn)(ctypes.byref(out), *args)
    return _owned_json(out)


class Caseload(Handle):
    """A caseload listing (rows as dicts); an iterator that fetches pages as it goes."""

    def __init__(self, ptr: Any, db: "Database") -> None:
        super().__init__(ptr, _ffi.lib().atensi_caseload_destroy, parent=db)

    def __iter__(self) -> Iterator[JsonDict]:
        return self

    def __next__(self) -> JsonDict:
        if self.closed:
            raise StopIteration
        lib = _ffi.lib()
        h = self._handle()
        if lib.atensi_caseload_next(h) == 96:  # ATENSI_DONE
            self.close()
            raise StopIteration
        out = ctypes.c_char_p()
        lib.atensi_caseload_json(ctypes.byref(out), h)
        row: JsonDict = json.loads(_ffi.text(out.value))
        return row


@dataclass
class VerifyReport:
    """The outcome of verifying the audit hash chains."""

    ok: bool
    report: JsonDict = field(default_factory=dict)


def _c_key(key_id: int, key: bytes) -> "_ffi.CKey":
    if not isinstance(key, (bytes, bytearray)):
        raise TypeError("key must be bytes")
    return _ffi.CKey(KEY_VERSION, key_id, bytes(key), len(key))


def _purpose(purpose: "Purpose | str") -> int:
    """An atensi_purpose value from a Purpose or its snake_case name."""
    if isinstance(purpose, Purpose):
        return int(purpose)
    try:
        return int(Purpose[str(purpose).upper()])
    except KeyError:
        raise ValueError(f"unknown access purpose {purpose!r}") from None


class Database(Handle):
    """An open casebook database. Use as a context manager, or call close()."""

    def __init__(self, path: str, options: Optional[OpenOptions] = None, *,
                 key: Optional[bytes] = None, key_id: int = 1,
                 old_keys: Optional[dict[int, bytes]] = None) -> None:
        """Opens `path`. With `key` (32 bytes, id `key_id`) sensitive records are
        encrypted at rest (docs/encryption.md); `old_keys` ({id: bytes}) are the
        keys an unfinished rotation may still need."""
        ptr = _ffi.DbP()
        c_opts = (options or OpenOptions.defaults()).to_c()
        if key is None:
            _ffi.lib().atensi_open(ctypes.byref(ptr), _ffi.cstr(path, "path"),
                                   ctypes.byref(c_opts))
        else:
            ring = [(key_id, key)] + sorted((old_keys or {}).items())
            keys = (_ffi.CKey * len(ring))(*[_c_key(i, k) for i, k in ring])
            _ffi.lib().atensi_open_encrypted(ctypes.byref(ptr), _ffi.cstr(path, "path"),
                                             ctypes.byref(c_opts), keys, len(ring))
        super().__init__(ptr, _ffi.lib().atensi_close)

    def __enter__(self) -> "Database":
        return self

    @property
    def last_error(self) -> tuple[int, str, str, str]:
        """(code, reason, field, message) of the last failed call on this handle."""
        e = _ffi.lib().atensi_db_error(self._handle()).contents
        return e.code, _ffi.text(e.reason), _ffi.text(e.field), _ffi.text(e.message)

    def set_time(self, t: datetime.datetime) -> None:
        """Moves the fixed clock (only for databases opened with fixed_clock)."""
        _ffi.lib().atensi_db_set_time(self._handle(), to_unix_ms(t))

    # ---- children ----
    def register_child(self, child: JsonDict, actor: Actor) -> JsonDict:
        a = actor.to_c()
        return call_json("atensi_child_register", self._handle(), _dumps(child, "child"),
                         ctypes.byref(a))

    def update_child(self, child: JsonDict, actor: Actor, reason: str = "") -> JsonDict:
        a = actor.to_c()
        return call_json("atensi_child_update", self._handle(), _dumps(child, "child"),
                         ctypes.byref(a), _ffi.cstr(reason, "reason"))

    def get_child(self, child_id: str, *, actor: Optional[Actor] = None,
                  purpose: "Purpose | str" = "case_handling") -> JsonDict:
        """The child as `actor` may see it (hidden fields null, "reach", "hidden"); the read
        is recorded in the access log with `purpose` (docs/access-control.md)."""
        if actor is None:  # unchecked 0.1 path, kept until the call-site sweep ends
            return call_json("atensi_child_get", self._handle(),
                             _ffi.cstr(child_id, "child_id"))
        a = actor.to_c()
        return call_json("atensi_child_read", self._handle(), _ffi.cstr(child_id, "child_id"),
                         ctypes.byref(a), _purpose(purpose))

    def access_log(self, child_id: str, actor: Actor) -> list[JsonDict]:
        """Every logged read of the child's data, oldest first (UU 27/2022 art 32)."""
        a = actor.to_c()
        result: list[JsonDict] = call_json("atensi_access_log", self._handle(),
                                           _ffi.cstr(child_id, "child_id"), ctypes.byref(a))
        return result

    # ---- cases ----
    def open_case(self, child_id: str, request: JsonDict, actor: Actor) -> JsonDict:
        a = actor.to_c()
        return call_json("atensi_case_open", self._handle(), _ffi.cstr(child_id, "child_id"),
                         _dumps(request, "request"), ctypes.byref(a))

    def act(self, case_id: str, expected_version: int, command: JsonDict,
            actor: Actor) -> JsonDict:
        """Applies {"action": ..., fields} at `expected_version`; ConflictError if it moved."""
        a = actor.to_c()
        return call_json("atensi_case_act", self._handle(), _ffi.cstr(case_id, "case_id"),
                         ctypes.c_int64(expected_version), _dumps(command, "command"),
                         ctypes.byref(a))

    def get_case(self, case_id: str, *, actor: Optional[Actor] = None,
                 purpose: "Purpose | str" = "case_handling") -> JsonDict:
        """The case as `actor` may see it; logged with `purpose`."""
        if actor is None:  # unchecked 0.1 path, kept until the call-site sweep ends
            return call_json("atensi_case_get", self._handle(), _ffi.cstr(case_id, "case_id"))
        a = actor.to_c()
        return call_json("atensi_case_read", self._handle(), _ffi.cstr(case_id, "case_id"),
                         ctypes.byref(a), _purpose(purpose))

    def history(self, case_id: str, *, actor: Optional[Actor] = None,
                purpose: "Purpose | str" = "case_handling") -> list[JsonDict]:
        if actor is None:  # unchecked 0.1 path, kept until the call-site sweep ends
            result: list[JsonDict] = call_json("atensi_case_history", self._handle(),
                                               _ffi.cstr(case_id, "case_id"))
            return result
        a = actor.to_c()
        events: list[JsonDict] = call_json("atensi_case_history_read", self._handle(),
                                           _ffi.cstr(case_id, "case_id"), ctypes.byref(a),
                                           _purpose(purpose))
        return events

    # ---- data-subject duties (UU 27/2022; docs/privacy.md) ----

    def subject_access(self, child_id: str, actor: Actor) -> JsonDict:
        """Everything held about a child plus the processing log (UU 27/2022 art 32)."""
        a = actor.to_c()
        result: JsonDict = call_json("atensi_subject_access", self._handle(),
                                     _ffi.cstr(child_id, "child_id"), ctypes.byref(a))
        return result

    def restrict_processing(self, child_id: str, reason: str, actor: Actor,
                            restricted: bool = True) -> None:
        """Restricts (restricted=False: lifts) processing of a child's data."""
        a = actor.to_c()
        _ffi.lib().atensi_restrict_processing(self._handle(), _ffi.cstr(child_id, "child_id"),
                                              1 if restricted else 0,
                                              _ffi.cstr(reason, "reason"), ctypes.byref(a))

    def purge(self, actor: Actor, child_id: Optional[str] = None,
              apply: bool = False) -> JsonDict:
        """Destroys personal data whose retention ended; a dry run unless apply=True."""
        a = actor.to_c()
        result: JsonDict = call_json("atensi_purge", self._handle(),
                                     None if child_id is None else _ffi.cstr(child_id, "child_id"),
                                     1 if apply else 0, ctypes.byref(a))
        return result

    def cases_by_nik(self, nik: str) -> list[JsonDict]:
        result: list[JsonDict] = call_json("atensi_cases_by_nik", self._handle(),
                                           _ffi.cstr(nik, "nik"))
        return result

    def caseload(self, within: Optional[str] = None, stage: Optional[str] = None,
                 risk: Optional[str] = None, category: Optional[str] = None,
                 include_closed: bool = True, page_size: int = 50) -> Caseload:
        f = _ffi.CCaseloadFilter()
        _ffi.lib().atensi_caseload_filter_init(ctypes.byref(f), CASELOAD_FILTER_VERSION)

        def opt(v: Optional[str], name: str) -> Optional[bytes]:
            return None if v is None else _ffi.cstr(v, name)

        f.within, f.stage = opt(within, "within"), opt(stage, "stage")
        f.risk, f.category = opt(risk, "risk"), opt(category, "category")
        f.include_closed = 1 if include_closed else 0
        f.page_size = page_size
        ptr = _ffi.CaseloadP()
        _ffi.lib().atensi_caseload_query(ctypes.byref(ptr), self._handle(), ctypes.byref(f))
        return Caseload(ptr, self)

    # ---- routing, referrals and transfers of stored cases ----
    def route_case(self, case_id: str, actor: Actor) -> JsonDict:
        """Routes the case from its stored records and sends its referrals, in one transaction.

        Returns {"case", "decision", "created", "existing"}.
        """
        a = actor.to_c()
        result: JsonDict = call_json("atensi_case_route", self._handle(),
                                     _ffi.cstr(case_id, "case_id"), ctypes.byref(a))
        return result

    def routing_of(self, case_id: str) -> Optional[JsonDict]:
        """The stored routing decision of a case, or None before it was routed."""
        result: Optional[JsonDict] = call_json("atensi_case_routing", self._handle(),
                                               _ffi.cstr(case_id, "case_id"))
        return result

    def act_on_referral(self, referral_id: str, expected_version: int, kind: str, actor: Actor,
                        reason: str = "", outcome: str = "") -> JsonDict:
        a = actor.to_c()
        event = {"kind": kind, "reason": reason, "outcome": outcome}
        return call_json("atensi_referral_act", self._handle(),
                         _ffi.cstr(referral_id, "referral_id"), ctypes.c_int64(expected_version),
                         _dumps(event, "event"), ctypes.byref(a))

    def get_referral(self, referral_id: str) -> JsonDict:
        return call_json("atensi_referral_get", self._handle(),
                         _ffi.cstr(referral_id, "referral_id"))

    def referrals_of(self, case_id: str) -> list[JsonDict]:
        result: list[JsonDict] = call_json("atensi_case_referrals", self._handle(),
                                           _ffi.cstr(case_id, "case_id"))
        return result

    def referral_box(self, agency_id: str, inbox: bool = True, status: Optional[str] = None,
                     open_only: bool = True, page_size: int = 50, cursor: str = "") -> JsonDict:
        """One page {"items", "next_cursor"} of an agency's inbox or outbox."""
        query = {"status": status, "open_only": open_only, "page_size": page_size,
                 "cursor": cursor}
        return call_json("atensi_referral_box", self._handle(), _ffi.cstr(agency_id, "agency_id"),
                         1 if inbox else 0, _dumps(query, "query"))

    def expire_referrals(self) -> list[JsonDict]:
        result: list[JsonDict] = call_json("atensi_referrals_expire", self._handle())
        return result

    def start_transfer(self, case_id: str, direction: str, actor: Actor,
                       to_agency: Optional[str] = None, reason: str = "",
                       to_region: Optional[str] = None) -> JsonDict:
        """"push" (the owner proposes to to_agency) or "pull" (the actor's agency requests)."""
        a = actor.to_c()
        return call_json("atensi_transfer_start", self._handle(), _ffi.cstr(case_id, "case_id"),
                         _ffi.cstr(direction, "direction"),
                         None if to_agency is None else _ffi.cstr(to_agency, "to_agency"),
                         _ffi.cstr(reason, "reason"),
                         None if to_region is None else _ffi.cstr(to_region, "to_region"),
                         ctypes.byref(a))

    def act_on_transfer(self, transfer_id: str, expected_version: int, event: str, actor: Actor,
                        reason: str = "") -> JsonDict:
        a = actor.to_c()
        return call_json("atensi_transfer_act", self._handle(),
                         _ffi.cstr(transfer_id, "transfer_id"), ctypes.c_int64(expected_version),
                         _ffi.cstr(event, "event"), _ffi.cstr(reason, "reason"), ctypes.byref(a))

    def transfers_of(self, case_id: str) -> list[JsonDict]:
        result: list[JsonDict] = call_json("atensi_case_transfers", self._handle(),
                                           _ffi.cstr(case_id, "case_id"))
        return result

    # ---- audit ----
    def verify(self) -> VerifyReport:
        ok = ctypes.c_int()
        out = ctypes.c_void_p()
        _ffi.lib().atensi_audit_verify(ctypes.byref(ok), ctypes.byref(out), self._handle())
        return VerifyReport(bool(ok.value), _owned_json(out))

    # ---- encryption at rest ----
    def rotate_key(self, new_key: bytes, key_id: int, actor: Actor,
                   batch_size: int = 0) -> JsonDict:
        """Re-encrypts every sealed record under `new_key` (Casebook::RotateKey):
        {"rewritten", "batches", "finished", "retired_keys"}."""
        a = actor.to_c()
        k = _c_key(key_id, new_key)
        return call_json("atensi_db_rotate_key", self._handle(), ctypes.byref(a),
                         ctypes.byref(k), batch_size)

    def encryption(self) -> JsonDict:
        """{"encrypted", "current_key", "live_keys", "records_pending"}."""
        return call_json("atensi_db_encryption", self._handle())

    def checkpoint(self) -> None:
        _ffi.lib().atensi_audit_checkpoint(self._handle())

    # ---- roster jobs: the CLI's import/screen/route, each one native call ----
    @staticmethod
    def _job_options(reference_date: Optional[datetime.date], batch: Optional[int],
                     checkpoint: bool, **extra: Optional[str]) -> bytes:
        opts: JsonDict = {"checkpoint": checkpoint}
        if reference_date is not None:
            opts["reference_date"] = reference_date.isoformat()
        if batch is not None:
            opts["batch"] = batch
        opts.update({k: v for k, v in extra.items() if v is not None})
        return _dumps(opts, "options")

    def import_roster(self, path: str, actor: Actor,
                      reference_date: Optional[datetime.date] = None,
                      batch: Optional[int] = None, rejects_path: Optional[str] = None,
                      checkpoint: bool = True) -> JsonDict:
        """Imports a PKH/DTKS roster CSV file (the work of `atensi import`, run natively).

        Returns {"rows", "rejected", "adults_skipped", "children_new",
        "children_updated", "children_unchanged", "batches", "checkpoint"}.
        """
        a = actor.to_c()
        result: JsonDict = call_json(
            "atensi_roster_import", self._handle(), _ffi.cstr(path, "path"),
            self._job_options(reference_date, batch, checkpoint, rejects_path=rejects_path),
            ctypes.byref(a))
        return result

    def screen_roster(self, actor: Actor, reference_date: Optional[datetime.date] = None,
                      lead_agency_id: Optional[str] = None, batch: Optional[int] = None,
                      checkpoint: bool = True) -> JsonDict:
        """Screens the imported children and opens the flagged cases (`atensi screen`)."""
        a = actor.to_c()
        result: JsonDict = call_json(
            "atensi_roster_screen", self._handle(),
            self._job_options(reference_date, batch, checkpoint, lead_agency_id=lead_agency_id),
            ctypes.byref(a))
        return result

    def route_open_cases(self, actor: Actor, batch: Optional[int] = None,
                         checkpoint: bool = True) -> JsonDict:
        """Routes every open case not yet routed and sends its referrals (`atensi route`)."""
        a = actor.to_c()
        result: JsonDict = call_json("atensi_roster_route", self._handle(),
                                     self._job_options(None, batch, checkpoint), ctypes.byref(a))
        return result


def open_database(path: str, options: Optional[OpenOptions] = None, *,
                  key: Optional[bytes] = None, key_id: int = 1,
                  old_keys: Optional[dict[int, bytes]] = None) -> Database:
    """Opens (creating and migrating as needed) a casebook database; with `key`,
    encrypted at rest (docs/encryption.md)."""
    return Database(path, options, key=key, key_id=key_id, old_keys=old_keys)
