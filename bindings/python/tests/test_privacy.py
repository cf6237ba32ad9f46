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


if __name__ == "__main__":
    unittest.main()
