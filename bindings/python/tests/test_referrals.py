# Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
"""The closed-loop referral handshake through the bindings (FHIR Task statuses,
routing/referral.h): the regency social service refers the seed child to the
centre, which accepts; a rejection falls through to the next candidate."""
from __future__ import annotations

import datetime
import unittest

import atensi
from atensi import routing

UTC = datetime.timezone.utc
T0 = datetime.datetime(2026, 11, 28, 1, 0, tzinfo=UTC)
DINSOS = atensi.Actor("pw-0001", "dinsos.15.03")
CENTRE = atensi.Actor("ps-0002", "kemensos.sentra.alyatama")
REQUEST = {"id": "ref-0001", "case_id": "case-1", "from_agency": "dinsos.15.03",
           "to_agency": "kemensos.sentra.alyatama", "role": "lead",
           "reason": "PKH could not handle the problem", "shared_fields": ["identity"],
           "purpose": "referral"}
CONSENT = {"fields": ["identity", "assessment"], "purposes": ["referral"]}


class ReferralTest(unittest.TestCase):
    def test_accept(self) -> None:
        ref = routing.create_referral(REQUEST, CONSENT, DINSOS, T0)
        self.assertEqual(ref["status"], "requested")
        ref = routing.apply_referral_event(ref, "accept", CENTRE, T0 + datetime.timedelta(hours=5))
        self.assertEqual(ref["status"], "accepted")

    def test_consent_must_cover_the_shared_fields(self) -> None:
        # UU 27/2022 arts 22, 25: sharing needs consent for the item and purpose.
        req = dict(REQUEST, shared_fields=["health"])
        with self.assertRaises(atensi.PermissionDeniedError) as cm:
            routing.create_referral(req, CONSENT, DINSOS, T0)
        self.assertEqual(cm.exception.reason, "referral.consent_field")

    def test_rejection_falls_through_to_the_next_candidate(self) -> None:
        facts = {"age": 9, "domicile": "15.03.01.2001", "pkh_participant": True,
                 "programmes_tried": [{"programme": "pkh", "outcome": "not_handled"}],
                 "has_disability": True, "categories": ["disabilitas"]}
        decision = routing.route(facts, T0.date())
        ref = routing.create_referral(REQUEST, CONSENT, DINSOS, T0)
        ref = routing.apply_referral_event(ref, "reject", CENTRE, T0, reason="no capacity")
        self.assertEqual(ref["status"], "rejected")
        nxt = routing.next_candidate(decision, [ref])
        assert nxt is not None
        self.assertEqual(nxt["agency_id"], "dinsos.15.03")


if __name__ == "__main__":
    unittest.main()
