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
from typing import Any, Iterator, Optional, Sequence

from . import _constants, _ffi
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
    """An open casebook database. Use as a context manager, or call close().

    Reads pass through the core's authorization (docs/access-control.md). The
    reads that take no `actor` (get_case, caseload, referral_box, verify, ...)
    act as the session principal: pass `principal=` (and `purpose=`) here or
    call set_principal(); without one they raise PermissionDeniedError
    ("access.no_principal")."""

    def __init__(self, path: str, options: Optional[OpenOptions] = None, *,
                 key: Optional[bytes] = None, key_id: int = 1,
                 old_keys: Optional[dict[int, bytes]] = None,
                 principal: Optional[Actor] = None,
                 purpose: "Purpose | str" = "case_handling") -> None:
        """Opens `path`. With `key` (32 bytes, id `key_id`) sensitive records are
        encrypted at rest (docs/encryption.md); `old_keys` ({id: bytes}) are the
        keys an unfinished rotation may still need. `principal` and `purpose`:
        see set_principal()."""
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
        if principal is not None:
            self.set_principal(principal, purpose)

    def set_principal(self, actor: Optional[Actor],
                      purpose: "Purpose | str" = "case_handling") -> None:
        """Sets who the reads without an `actor` act as (atensi_db_set_principal):
        authorized for that principal, redacted for it and, for a child's
        personal data, recorded in the access log with `purpose`. None clears it."""
        if actor is None:
            _ffi.lib().atensi_db_set_principal(self._handle(), None, 0)
            return
        a = actor.to_c()
        _ffi.lib().atensi_db_set_principal(self._handle(), ctypes.byref(a), _purpose(purpose))

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
        is recorded in the access log with `purpose` (docs/access-control.md). Without
        `actor`: as the session principal, with its purpose (set_principal)."""
        if actor is None:  # the session principal (atensi_child_get)
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
        """The case as `actor` (default: the session principal) may see it; logged."""
        if actor is None:  # the session principal (atensi_case_get)
            return call_json("atensi_case_get", self._handle(), _ffi.cstr(case_id, "case_id"))
        a = actor.to_c()
        return call_json("atensi_case_read", self._handle(), _ffi.cstr(case_id, "case_id"),
                         ctypes.byref(a), _purpose(purpose))

    def history(self, case_id: str, *, actor: Optional[Actor] = None,
                purpose: "Purpose | str" = "case_handling") -> list[JsonDict]:
        """The audit events of a case, for `actor` (default: the session principal)."""
        if actor is None:  # the session principal (atensi_case_history)
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

    def legal_hold(self, child_id: str, reference: str, actor: Actor, hold: bool = True) -> None:
        """Places (hold=False: releases) a legal hold: never purged while held (UU 27/2022 art 44)."""
        a = actor.to_c()
        _ffi.lib().atensi_legal_hold(self._handle(), _ffi.cstr(child_id, "child_id"),
                                     1 if hold else 0, _ffi.cstr(reference, "reference"),
                                     ctypes.byref(a))

    def request_correction(self, child_id: str, request: str, actor: Actor) -> str:
        """Records a correction request in the child's audit chain; returns its id."""
        a = actor.to_c()
        result: JsonDict = call_json("atensi_correction_request", self._handle(),
                                     _ffi.cstr(child_id, "child_id"), _ffi.cstr(request, "request"),
                                     ctypes.byref(a))
        return str(result["correction_id"])

    def correct_child(self, child: JsonDict, correction_id: str, actor: Actor) -> JsonDict:
        """Applies the corrected child record and closes the correction request."""
        a = actor.to_c()
        result: JsonDict = call_json("atensi_child_correct", self._handle(),
                                     _ffi.cstr(json.dumps(child), "child"),
                                     _ffi.cstr(correction_id, "correction_id"), ctypes.byref(a))
        return result

    def privacy_state(self, child_id: str, actor: Actor) -> JsonDict:
        """Restriction, legal hold, purge, corrections, disclosure risk and access requests."""
        a = actor.to_c()
        result: JsonDict = call_json("atensi_privacy_state", self._handle(),
                                     _ffi.cstr(child_id, "child_id"), ctypes.byref(a))
        return result

    def set_disclosure_risk(self, child_id: str, reason: str, actor: Actor,
                            endangers_subject: bool = False,
                            refused_guardian_ids: Sequence[str] = (),
                            withhold_narratives: bool = False) -> None:
        """Records the UU 27/2022 art 33 decision that disclosure endangers (all False: clears)."""
        a = actor.to_c()
        risk = {"endangers_subject": endangers_subject,
                "refused_guardian_ids": list(refused_guardian_ids),
                "withhold_narratives": withhold_narratives}
        _ffi.lib().atensi_disclosure_risk_set(self._handle(), _ffi.cstr(child_id, "child_id"),
                                              _ffi.cstr(json.dumps(risk), "risk"),
                                              _ffi.cstr(reason, "reason"), ctypes.byref(a))

    def request_subject_access(self, child_id: str, actor: Actor,
                               guardian_id: Optional[str] = None) -> JsonDict:
        """Records a subject-access request (by the guardian when given), due in 3x24 h."""
        a = actor.to_c()
        requester = (_constants.REQUESTER_SUBJECT if guardian_id is None
                     else _constants.REQUESTER_GUARDIAN)
        result: JsonDict = call_json(
            "atensi_subject_access_request", self._handle(), _ffi.cstr(child_id, "child_id"),
            requester, None if guardian_id is None else _ffi.cstr(guardian_id, "guardian_id"),
            ctypes.byref(a))
        return result

    def answer_subject_access(self, child_id: str, request_id: str, actor: Actor) -> JsonDict:
        """Answers a pending request: {"request": ..., "report": ... or None when refused}."""
        a = actor.to_c()
        result: JsonDict = call_json("atensi_subject_access_answer", self._handle(),
                                     _ffi.cstr(child_id, "child_id"),
                                     _ffi.cstr(request_id, "request_id"), ctypes.byref(a))
        return result

    def refuse_subject_access(self, child_id: str, request_id: str, reason_code: str,
                              explanation: str, actor: Actor) -> JsonDict:
        """Refuses a pending request on a UU 27/2022 art 33 ground ("uu27.art33.*")."""
        a = actor.to_c()
        result: JsonDict = call_json("atensi_subject_access_refuse", self._handle(),
                                     _ffi.cstr(child_id, "child_id"),
                                     _ffi.cstr(request_id, "request_id"),
                                     _ffi.cstr(reason_code, "reason_code"),
                                     _ffi.cstr(explanation, "explanation"), ctypes.byref(a))
        return result

    def pending_subject_access(self, actor: Actor, overdue_only: bool = False) -> list[JsonDict]:
        """Pending subject-access requests in the actor's reach, oldest due first."""
        a = actor.to_c()
        result: list[JsonDict] = call_json("atensi_subject_access_pending", self._handle(),
                                           1 if overdue_only else 0, ctypes.byref(a))
        return result

    def purge(self, actor: Actor, child_id: Optional[str] = None,
              apply: bool = False) -> JsonDict:
        """Destroys personal data whose retention ended; a dry run unless apply=True."""
        a = actor.to_c()
        result: JsonDict = call_json("atensi_purge", self._handle(),
                                     None if child_id is None else _ffi.cstr(child_id, "child_id"),
                                     1 if apply else 0, ctypes.byref(a))
        return result

    def cases_by_nik(self, nik: str) -> list[JsonDict]:
        """The cases of the child with this NIK the session principal reaches (views; logged)."""
        result: list[JsonDict] = call_json("atensi_cases_by_nik", self._handle(),
                                           _ffi.cstr(nik, "nik"))
        return result

    def caseload(self, within: Optional[str] = None, stage: Optional[str] = None,
                 risk: Optional[str] = None, category: Optional[str] = None,
                 include_closed: bool = True, page_size: int = 50) -> Caseload:
        """The session principal's caseload: the cases its agency leads or holds by area."""
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
        """A referral, for its parties or a holder of the case file (session principal)."""
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
        """Runs the expiry job as the session principal; returns the expired referrals its
        agency is a party to."""
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
        """Verifies the audit chains; the session principal's role must allow it."""
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
                  old_keys: Optional[dict[int, bytes]] = None,
                  principal: Optional[Actor] = None,
                  purpose: "Purpose | str" = "case_handling") -> Database:
    """Opens (creating and migrating as needed) a casebook database; with `key`,
    encrypted at rest (docs/encryption.md); with `principal`, the reads without an
    actor act as it (Database.set_principal)."""
    return Database(path, options, key=key, key_id=key_id, old_keys=old_keys,
                    principal=principal, purpose=purpose)
