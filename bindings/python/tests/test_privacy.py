# Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
"""Data-subject duties through the bindings (UU 27/2022, docs/privacy.md):
subject access (art 32), restriction of processing, the retention purge
(arts 42-44)."""
from __future__ import annotations

import datetime
import unittest

import atensi

UTC = datetime.timezone.utc
T0 = datetime.datetime(2026, 11, 28, 1, 0, tzinfo=UTC)
MOTHER = "5f1d7c2e-3b4a-4c5d-8e6f-7a8b9c0d1e2f"
WORKER = atensi.Actor("pw-0001", "dinsos.15.03", atensi.Role.CASE_WORKER)
OFFICER = atensi.Actor("dpo-0001", "dinsos.15.03", atensi.Role.DATA_OFFICER)
CHILD = {
    "id": "", "nik": "1503015002170001", "name": "Anak Contoh", "sex": "F",
    "birth_date": "2017-02-10", "domicile_region": "15.03.01.2001",
    "guardians": [{"id": MOTHER, "name": "Ibu Contoh", "role": "mother", "nik": None}],
    "family_links": [],
}


class PrivacyTest(unittest.TestCase):
    def setUp(self) -> None:
        self.db = atensi.open_database(":memory:", atensi.OpenOptions(fixed_clock=T0, id_seed=7))
        self.addCleanup(self.db.close)
        self.child = self.db.register_child(CHILD, WORKER)
        self.case = self.db.open_case(self.child["id"], {
            "source": "outreach", "categories": [], "risk": "medium",
            "lead_agency_id": "dinsos.15.03"}, WORKER)

    def test_subject_access_holds_the_record_and_its_log(self) -> None:
        report = self.db.subject_access(self.child["id"], OFFICER)
        self.assertEqual(report["child"]["nik"], "1503015002170001")
        self.assertEqual([c["id"] for c in report["cases"]], [self.case["id"]])
        self.assertEqual(report["processing_log"][0]["action"], "register_child")
        with self.assertRaises(atensi.PermissionDeniedError):
            self.db.subject_access(self.child["id"], WORKER)

    def test_restriction_blocks_case_actions_until_lifted(self) -> None:
        self.db.restrict_processing(self.child["id"], "request 001", OFFICER)
        with self.assertRaises(atensi.FailedPreconditionError) as cm:
            self.db.act(self.case["id"], 1, {"action": "record_contact", "note": "visit"}, WORKER)
        self.assertEqual(cm.exception.reason, "privacy.restricted")
        self.db.restrict_processing(self.child["id"], "request 001 done", OFFICER,
                                    restricted=False)
        self.db.act(self.case["id"], 1, {"action": "record_contact", "note": "visit"}, WORKER)

    def test_purge_is_a_dry_run_by_default(self) -> None:
        report = self.db.purge(OFFICER)
        self.assertTrue(report["dry_run"])
        self.assertEqual(report["children_purged"], 0)

    def test_subject_access_request_refusal_and_redaction(self) -> None:
        """UU 27/2022 art 32 (3x24 h) and art 33 (refuse when it endangers; redact others)."""
        child_id = self.child["id"]
        self.db.set_disclosure_risk(child_id, "asesmen: kekerasan", OFFICER,
                                    refused_guardian_ids=[MOTHER])
        state = self.db.privacy_state(child_id, OFFICER)
        self.assertEqual(state["disclosure_risk"]["refused_guardian_ids"], [MOTHER])
        req = self.db.request_subject_access(child_id, OFFICER, guardian_id=MOTHER)
        self.assertEqual(req["outcome"], "pending")
        self.assertEqual(req["due_at"], "2026-12-01T01:00:00.000Z")
        pending = self.db.pending_subject_access(OFFICER)
        self.assertEqual([r["id"] for r in pending], [req["id"]])
        answer = self.db.answer_subject_access(child_id, req["id"], OFFICER)
        self.assertEqual(answer["request"]["outcome"], "refused")
        self.assertEqual(answer["request"]["refusal_reason"], "uu27.art33.requester_endangers")
        self.assertIsNone(answer["report"])
        self.db.set_disclosure_risk(child_id, "dicabut", OFFICER)
        req = self.db.request_subject_access(child_id, OFFICER)
        given = self.db.answer_subject_access(child_id, req["id"], OFFICER)
        self.assertEqual(given["report"]["child"]["guardians"][0]["name"], "[redacted]")
        self.assertIn("uu27.art33.other_person",
                      {r["reason"] for r in given["report"]["redactions"]})
        req = self.db.request_subject_access(child_id, OFFICER)
        refused = self.db.refuse_subject_access(child_id, req["id"],
                                                "uu27.art33.endangers_others", "saksi", OFFICER)
        self.assertEqual(refused["outcome"], "refused")
        with self.assertRaises(atensi.InvalidArgumentError):
            self.db.refuse_subject_access(child_id, req["id"], "busy", "x", OFFICER)
        self.assertEqual(self.db.pending_subject_access(OFFICER, overdue_only=True), [])

    def test_correction_and_legal_hold(self) -> None:
        child_id = self.child["id"]
        cid = self.db.request_correction(child_id, "nama ibu salah", OFFICER)
        self.assertEqual(self.db.privacy_state(child_id, OFFICER)["open_corrections"], [cid])
        fixed = dict(self.child)
        fixed["guardians"] = [dict(self.child["guardians"][0], name="Ibu Benar")]
        done = self.db.correct_child(fixed, cid, OFFICER)
        self.assertEqual(done["guardians"][0]["name"], "Ibu Benar")
        self.assertEqual(self.db.privacy_state(child_id, OFFICER)["open_corrections"], [])
        self.db.legal_hold(child_id, "perkara 1/2026", OFFICER)
        self.assertTrue(self.db.privacy_state(child_id, OFFICER)["legal_hold"])
        self.db.legal_hold(child_id, "selesai", OFFICER, hold=False)
        self.assertFalse(self.db.privacy_state(child_id, OFFICER)["legal_hold"])
        with self.assertRaises(atensi.PermissionDeniedError):
            self.db.legal_hold(child_id, "x", WORKER)


if __name__ == "__main__":
    unittest.main()
