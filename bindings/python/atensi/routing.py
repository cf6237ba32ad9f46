# Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
"""Routing, jurisdiction, referrals and transfers (pure functions of the core).

Inputs and outputs are dicts in the core's JSON form; see atensi.h for the
shapes. Routing uses the rule set and agency registry compiled into libatensi.
"""
from __future__ import annotations

import ctypes
import datetime
from typing import Optional

from . import _ffi
from ._handle import to_cdate
from .db import Actor, JsonDict, _dumps, call_json
from .options import to_unix_ms


def route(facts: JsonDict, on: datetime.date) -> JsonDict:
    """Who works the case: lead, co-facilitators, informed parties, candidates."""
    d = to_cdate(on, "on")
    return call_json("atensi_route", _dumps(facts, "facts"), ctypes.byref(d))


def explain_route(facts: JsonDict, on: datetime.date) -> JsonDict:
    """As route(), with every rule's trace; a routing failure is in ["status"]."""
    d = to_cdate(on, "on")
    return call_json("atensi_route_explain", _dumps(facts, "facts"), ctypes.byref(d))


def resolve_jurisdiction(need: JsonDict, domicile: str, on: datetime.date) -> JsonDict:
    """The competent level and agencies (UU 23/2014 annex F) for a need at a domicile."""
    d = to_cdate(on, "on")
    return call_json("atensi_jurisdiction_resolve", _dumps(need, "need"),
                     _ffi.cstr(domicile, "domicile"), ctypes.byref(d))


def create_referral(request: JsonDict, consent: JsonDict, actor: Actor,
                    now: datetime.datetime, submit: bool = True) -> JsonDict:
    a = actor.to_c()
    return call_json("atensi_referral_create", _dumps(request, "request"),
                     _dumps(consent, "consent"), ctypes.byref(a), to_unix_ms(now),
                     1 if submit else 0)


def apply_referral_event(referral: JsonDict, kind: str, actor: Actor, now: datetime.datetime,
                         reason: str = "", outcome: str = "") -> JsonDict:
    a = actor.to_c()
    event = {"kind": kind, "reason": reason, "outcome": outcome}
    return call_json("atensi_referral_apply", _dumps(referral, "referral"),
                     _dumps(event, "event"), ctypes.byref(a), to_unix_ms(now))


def next_candidate(decision: JsonDict, referrals: list[JsonDict]) -> Optional[JsonDict]:
    """The next lead candidate, or None when every candidate was tried."""
    from .errors import NotFoundError

    try:
        result: JsonDict = call_json("atensi_referral_next_candidate",
                                     _dumps(decision, "decision"),
                                     _dumps(referrals, "referrals"))
        return result
    except NotFoundError:
        return None


def open_transfer(request: JsonDict, direction: str, current_owner: str, actor: Actor,
                  now: datetime.datetime) -> JsonDict:
    a = actor.to_c()
    return call_json("atensi_transfer_open", _dumps(request, "request"),
                     _ffi.cstr(direction, "direction"), _ffi.cstr(current_owner, "current_owner"),
                     ctypes.byref(a), to_unix_ms(now))


def apply_transfer_event(transfer: JsonDict, event: str, actor: Actor, now: datetime.datetime,
                         reason: str = "") -> JsonDict:
    a = actor.to_c()
    return call_json("atensi_transfer_apply", _dumps(transfer, "transfer"),
                     _ffi.cstr(event, "event"), _ffi.cstr(reason, "reason"), ctypes.byref(a),
                     to_unix_ms(now))


def assess_move(from_region: str, to_region: str, on: datetime.date) -> JsonDict:
    d = to_cdate(on, "on")
    return call_json("atensi_transfer_assess_move", _ffi.cstr(from_region, "from_region"),
                     _ffi.cstr(to_region, "to_region"), ctypes.byref(d))


__all__ = ["apply_referral_event", "apply_transfer_event", "assess_move", "create_referral",
           "explain_route", "next_candidate", "open_transfer", "resolve_jurisdiction", "route"]
