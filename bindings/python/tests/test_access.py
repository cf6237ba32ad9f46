# Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
"""Authorized reads through the Python binding (issue 9, docs/access-control.md).

Sources: UU 35/2014 art 64 (ABH identity hidden), UU 27/2022 art 32 (processing log),
UU 23/2014 annex F (regency/city jurisdiction).
"""

from __future__ import annotations

import datetime
import unittest

import atensi

UTC = datetime.timezone.utc
T0 = datetime.datetime(2026, 11, 28, 1, 0, tzinfo=UTC)
MOTHER = "5f1d7c2e-3b4a-4c5d-8e6f-7a8b9c0d1e2f"
WORKER = atensi.Actor("pw-0001", "dinsos.15.03", atensi.Role.CASE_WORKER)
COLLEAGUE = atensi.Actor("pw-0002", "dinsos.15.03", atensi.Role.CASE_WORKER)
SUPERVISOR = atensi.Actor("sup-0001", "dinsos.15.03", atensi.Role.SUPERVISOR)
KERINCI = atensi.Actor("pw-0100", "dinsos.15.01", atensi.Role.SUPERVISOR)

CHILD = {
    "id": "", "nik": "1503015002170001", "name": "Anak Contoh", "sex": "F",
    "birth_date": "2017-02-10", "domicile_region": "15.03.01.2001",
    "has_birth_certificate": None, "roster_key": None,
    "guardians": [{"id": MOTHER, "name": "Ibu Contoh", "role": "mother", "nik": None}],
    "family_links": [],
}


class AccessTest(unittest.TestCase):
    def setUp(self) -> None:
        self.db = atensi.open_database(":memory:", atensi.OpenOptions(fixed_clock=T0, id_seed=7))
        self.addCleanup(self.db.close)
        child = self.db.register_child(CHILD, WORKER)
        self.child_id = child["id"]
        case = self.db.open_case(self.child_id, {
            "source": "outreach", "categories": ["abh"], "risk": "medium",
            "lead_agency_id": "dinsos.15.03", "assigned_worker_id": "pw-0001"}, WORKER)
        self.case_id = case["id"]

    def test_need_to_know_hides_the_name_from_a_colleague(self) -> None:
        own = self.db.get_child(self.child_id, actor=WORKER, purpose="case_handling")
        self.assertEqual(own["name"], "Anak Contoh")
        self.assertEqual(own["reach"], "full")
        other = self.db.get_child(self.child_id, actor=COLLEAGUE, purpose=atensi.Purpose.CASE_HANDLING)
        self.assertIsNone(other["name"])
        self.assertIn("name", other["hidden"])
        with self.assertRaises(atensi.PermissionDeniedError):
            self.db.history(self.case_id, actor=COLLEAGUE)

    def test_cross_jurisdiction_reads_are_not_found(self) -> None:
        with self.assertRaises(atensi.NotFoundError):
            self.db.get_case(self.case_id, actor=KERINCI, purpose="supervision")
        self.assertEqual(self.db.last_error[1], "access.not_found")
        with self.assertRaises(ValueError):
            self.db.get_case(self.case_id, actor=WORKER, purpose="curiosity")

    def test_access_log_lists_each_read(self) -> None:
        self.db.get_child(self.child_id, actor=WORKER)
        self.db.get_case(self.case_id, actor=SUPERVISOR, purpose="supervision")
        with self.assertRaises(atensi.PermissionDeniedError):
            self.db.access_log(self.child_id, WORKER)  # case workers may not read the log
        log = self.db.access_log(self.child_id, SUPERVISOR)
        self.assertEqual([e["operation"] for e in log],
                         ["read_child", "read_case", "read_access_log"])
        self.assertEqual(log[0]["person_id"], "pw-0001")
        self.assertEqual(log[1]["purpose"], "supervision")
        self.assertEqual(log[2]["purpose"], "audit")


    def test_methods_without_actor_act_as_the_session_principal(self) -> None:
        # No principal: refused, nothing read, nothing logged.
        for read in (lambda: self.db.get_case(self.case_id),
                     lambda: self.db.get_child(self.child_id),
                     lambda: self.db.history(self.case_id),
                     lambda: self.db.cases_by_nik("1503015002170001"),
                     lambda: self.db.caseload(),
                     lambda: self.db.referrals_of(self.case_id),
                     lambda: self.db.referral_box("dinsos.15.03"),
                     lambda: self.db.verify()):
            with self.assertRaises(atensi.PermissionDeniedError) as cm:
                read()
            self.assertEqual(cm.exception.reason, "access.no_principal")
        # Another regency (UU 23/2014 annex F): the case is not found.
        self.db.set_principal(KERINCI, "supervision")
        with self.assertRaises(atensi.NotFoundError):
            self.db.get_case(self.case_id)
        self.assertEqual(self.db.last_error[1], "access.not_found")
        self.assertEqual(list(self.db.caseload()), [])
        # A colleague: the ABH child's name stays hidden (UU 35/2014 art 64).
        self.db.set_principal(COLLEAGUE)
        self.assertIsNone(self.db.get_child(self.child_id)["name"])
        # The assigned worker reads, and the read is logged with the purpose.
        self.db.set_principal(WORKER, atensi.Purpose.CASE_HANDLING)
        self.assertEqual(self.db.get_child(self.child_id)["name"], "Anak Contoh")
        self.assertEqual([r["case_id"] for r in self.db.caseload()], [self.case_id])
        log = self.db.access_log(self.child_id, SUPERVISOR)
        self.assertEqual([(e["person_id"], e["operation"]) for e in log],
                         [("pw-0002", "read_child"), ("pw-0001", "read_child"),
                          ("sup-0001", "read_access_log")])
        self.db.set_principal(None)
        with self.assertRaises(atensi.PermissionDeniedError):
            self.db.get_case(self.case_id)


if __name__ == "__main__":
    unittest.main()
