# Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
"""The seed's story end to end through the bindings ([S6], atensi.md §2).

A girl with a disability in a PKH household in Kabupaten Sarolangun, whose
problem PKH could not handle, without a birth certificate: registered, a case
opened by the regency social service and taken to assessment with her
mother's consent (UU 27/2022 art 25); routing sends her to the Kemensos centre
(lead), Dukcapil and the provincial disability assistant, with the PKH
facilitator as co-facilitator; the audit trail verifies.
"""
from __future__ import annotations

import copy
import datetime
import unittest

import atensi
from atensi import routing

UTC = datetime.timezone.utc
T0 = datetime.datetime(2026, 11, 28, 1, 0, tzinfo=UTC)
TODAY = datetime.date(2026, 11, 28)
MOTHER = "5f1d7c2e-3b4a-4c5d-8e6f-7a8b9c0d1e2f"
WORKER = atensi.Actor("pw-0001", "dinsos.15.03", atensi.Role.CASE_WORKER)
OFFICER = atensi.Actor("do-0001", "dinsos.15.03", atensi.Role.DATA_OFFICER)

CHILD = {
    "id": "", "nik": "1503015002170001", "name": "Anak Contoh", "sex": "F",
    "birth_date": "2017-02-10", "domicile_region": "15.03.01.2001",
    "has_birth_certificate": False,
    "guardians": [{"id": MOTHER, "name": "Ibu Contoh", "role": "mother", "nik": None}],
    "family_links": [{"kk_number": "1503011002150003", "valid_from": "2015-02-10",
                      "valid_to": None, "pkh_participant_id": "PKH-1503-0001",
                      "dtsen": {"id": "DTSEN-1503-0001", "decile": 2, "as_of": "2026-10-01"}}],
}

FACTS = {
    "age": 9, "domicile": "15.03.01.2001", "pkh_participant": True,
    "programmes_tried": [{"programme": "pkh", "outcome": "not_handled"}],
    "has_nik": True, "has_birth_certificate": False, "has_disability": True,
    "categories": ["disabilitas"], "dtsen_decile": 2,
}


def roles(decision: dict) -> dict[str, str]:
    return {i["agency_id"]: i["role"] for i in decision["involvements"]}


class SeedScenarioTest(unittest.TestCase):
    def setUp(self) -> None:
        # The reads without an actor act as the session principal (issue 9).
        self.db = atensi.open_database(":memory:", atensi.OpenOptions(fixed_clock=T0, id_seed=42),
                                       principal=WORKER)
        self.addCleanup(self.db.close)

    def verify_as_officer(self) -> atensi.VerifyReport:
        """Verification is a data officer's (or coordinator's) job, not a case worker's."""
        self.db.set_principal(OFFICER, "audit")
        try:
            return self.db.verify()
        finally:
            self.db.set_principal(WORKER)

    def test_end_to_end(self) -> None:
        db = self.db
        child = db.register_child(CHILD, WORKER)
        self.assertEqual(len(child["id"]), 36)
        self.assertEqual(db.get_child(child["id"])["nik"], "1503015002170001")
        with self.assertRaises(atensi.AlreadyExistsError):
            db.register_child(CHILD, WORKER)
        self.assertEqual(db.last_error[0], atensi.Status.ALREADY_EXISTS)

        case = db.open_case(child["id"], {"source": "pkh_screening", "categories": ["disabilitas"],
                                          "risk": "medium", "lead_agency_id": "dinsos.15.03"},
                            WORKER)
        self.assertEqual((case["stage"], case["version"]), ("intake", 1))
        cid = case["id"]

        db.set_time(T0 + datetime.timedelta(hours=1))
        case = db.act(cid, 1, {"action": "record_contact", "note": "home visit"}, WORKER)
        # Assessment needs consent of a parent or guardian (UU 27/2022 art 25).
        with self.assertRaises(atensi.FailedPreconditionError):
            db.act(cid, 2, {"action": "start_assessment"}, WORKER)
        case = db.act(cid, 2, {"action": "record_consent", "guardian_id": MOTHER,
                               "form": "written", "purposes": ["assessment", "referral_sharing"],
                               "document_ref": "SURAT-PERSETUJUAN-01"}, WORKER)
        case = db.act(cid, 3, {"action": "start_assessment"}, WORKER)
        self.assertEqual((case["stage"], case["version"]), ("assessment", 4))
        with self.assertRaises(atensi.ConflictError):
            db.act(cid, 3, {"action": "record_contact"}, WORKER)
        self.assertEqual(db.get_case(cid)["version"], 4)
        self.assertEqual([c["id"] for c in db.cases_by_nik("1503 0150 0217 0001")], [cid])

        rows = list(db.caseload(within="15.03"))
        self.assertEqual([(r["case_id"], r["version"], r["stage"]) for r in rows],
                         [(cid, 4, "assessment")])
        self.assertEqual(list(db.caseload(within="15.71")), [])

        decision = routing.route(FACTS, TODAY)
        self.assertEqual(decision["involvements"][0]["agency_id"], "kemensos.sentra.alyatama")
        self.assertEqual(decision["involvements"][0]["role"], "lead")
        r = roles(decision)
        self.assertEqual(r["dinsos.15.div.dukcapil"], "co_facilitator")
        self.assertEqual(r["pendamping-disabilitas.15"], "co_facilitator")
        self.assertEqual(r["pkh.pendamping.15.03"], "co_facilitator")
        self.assertEqual(r["pkh.korwil.15"], "informed")
        self.assertEqual([c["agency_id"] for c in decision["lead_candidates"]], ["dinsos.15.03"])
        explanation = routing.explain_route(FACTS, TODAY)
        self.assertIsNone(explanation["status"])
        fired = {t["rule_id"] for t in explanation["rules"] if t["fired"]}
        self.assertIn("centre.not_handled_fallback", fired)

        answer = routing.resolve_jurisdiction({"categories": ["disabilitas"]}, "15.03.01.2001",
                                              TODAY)
        self.assertEqual(answer["level"], "regency_city")
        self.assertIn("dinsos.15.03", answer["agency_ids"])

        history = db.history(cid)
        self.assertEqual([e["seq"] for e in history], [1, 2, 3, 4])
        self.assertEqual(history[0]["action"], "open_case")
        self.assertEqual(history[1]["prev_hash"], history[0]["hash"])
        with self.assertRaises(atensi.PermissionDeniedError):
            db.verify()  # a case worker may not (permission matrix: verify)
        report = self.verify_as_officer()
        self.assertTrue(report.ok)
        self.assertEqual(report.report["events_checked"], 5)
        db.checkpoint()

        # Route the stored case: facts from the records (PKH participant id on
        # the KK, case from PKH screening, no akta, disabilitas), referrals sent
        # because the consent covers referral sharing (UU 27/2022 art 25).
        self.assertIsNone(db.routing_of(cid))
        routed = db.route_case(cid, WORKER)
        self.assertEqual(routed["case"]["lead_agency_id"], "kemensos.sentra.alyatama")
        sent = {(r["to_agency"], r["role"]): r for r in routed["created"]}
        self.assertEqual(set(sent), {("kemensos.sentra.alyatama", "lead"),
                                     ("dinsos.15.div.dukcapil", "co_facilitator"),
                                     ("pendamping-disabilitas.15", "co_facilitator"),
                                     ("pkh.pendamping.15.03", "co_facilitator"),
                                     ("pkh.korwil.15", "informed")})
        self.assertTrue(all(r["status"] == "requested" for r in routed["created"]))
        lead = sent[("kemensos.sentra.alyatama", "lead")]
        centre = atensi.Actor("ps-0002", "kemensos.sentra.alyatama")
        with self.assertRaises(atensi.ConflictError):
            db.act_on_referral(lead["id"], 1, "accept", centre)
        with self.assertRaises(atensi.PermissionDeniedError):
            db.act_on_referral(lead["id"], 2, "accept", WORKER)  # the requester cannot answer
        accepted = db.act_on_referral(lead["id"], 2, "accept", centre)
        self.assertEqual(accepted["status"], "accepted")
        self.assertEqual(db.get_referral(lead["id"])["status"], "accepted")
        self.assertEqual(len(db.referrals_of(cid)), 5)
        with self.assertRaises(atensi.PermissionDeniedError):
            db.referral_box("kemensos.sentra.alyatama")  # another agency's inbox
        db.set_principal(centre)
        inbox = db.referral_box("kemensos.sentra.alyatama")
        db.set_principal(WORKER)
        self.assertEqual([r["id"] for r in inbox["items"]], [lead["id"]])
        self.assertEqual(inbox["next_cursor"], "")
        self.assertEqual(db.routing_of(cid)["involvements"][0]["agency_id"],
                         "kemensos.sentra.alyatama")
        self.assertEqual(db.expire_referrals(), [])  # nothing is past its deadline yet

        # The family moves to Kota Jambi; the centre (now the owner) pushes the
        # case to the city office, which accepts: ownership changes only then.
        transfer = db.start_transfer(cid, "push", centre, to_agency="dinsos.15.71",
                                     reason="family moved", to_region="15.71.01")
        self.assertEqual(transfer["status"], "proposed")
        city = atensi.Actor("pw-0101", "dinsos.15.71")
        done = db.act_on_transfer(transfer["id"], 1, "accept", city)
        self.assertEqual(done["status"], "accepted")
        self.assertEqual(db.get_case(cid)["lead_agency_id"], "dinsos.15.71")
        self.assertEqual([t["id"] for t in db.transfers_of(cid)], [transfer["id"]])

        actions = [e["action"] for e in db.history(cid)]
        self.assertIn("routing.route", actions)
        self.assertIn("referral.accept", actions)
        self.assertIn("transfer.accept", actions)
        self.assertTrue(self.verify_as_officer().ok)

    def test_transfer_when_the_family_moves(self) -> None:
        move = routing.assess_move("15.03.01.2001", "15.71.01", TODAY)
        self.assertEqual(move["destination_office"], "dinsos.15.71")
        self.assertTrue(move["centre_continues"])
        city = atensi.Actor("pw-0101", "dinsos.15.71")
        t = routing.open_transfer({"id": "tr-0001", "case_id": "c", "from_agency": "dinsos.15.03",
                                   "to_agency": "dinsos.15.71", "reason": "family moved"},
                                  "push", "dinsos.15.03", WORKER, T0)
        self.assertEqual(t["status"], "proposed")
        with self.assertRaises(atensi.PermissionDeniedError):
            routing.apply_transfer_event(t, "accept", WORKER, T0)  # only the destination answers
        self.assertEqual(routing.apply_transfer_event(t, "accept", city, T0)["status"], "accepted")

    def test_database_errors(self) -> None:
        bad = copy.deepcopy(CHILD)
        bad["birth_date"] = "2001-01-01"  # 25 years old: not a child (UU 35/2014 art 1(1))
        with self.assertRaises(atensi.InvalidArgumentError) as cm:
            self.db.register_child(bad, WORKER)
        self.assertEqual(cm.exception.reason, "child.not_a_child")
        with self.assertRaises(atensi.NotFoundError):
            self.db.get_case("01a21faa-8a80-72a9-808c-967f0e5e7b0a")
        with self.assertRaises(atensi.InvalidArgumentError) as cm2:
            self.db.open_case("x", {"risk": "extreme"}, WORKER)
        self.assertEqual(cm2.exception.reason, "capi.json")
        with self.assertRaises(atensi.InvalidArgumentError):
            self.db.act("x", 1, {"action": "fly_to_the_moon"}, WORKER)
        with self.assertRaises(atensi.InvalidArgumentError):
            self.db.caseload(stage="nowhere")
        closed = atensi.open_database(":memory:")
        with self.assertRaises(atensi.PermissionDeniedError) as cm3:
            closed.get_case("x")  # no session principal
        self.assertEqual(cm3.exception.reason, "access.no_principal")
        closed.close()
        with self.assertRaises(atensi.MisuseError):
            closed.get_case("x")

    def test_system_clock_cannot_be_set(self) -> None:
        with atensi.open_database(":memory:") as db:
            with self.assertRaises(atensi.FailedPreconditionError):
                db.set_time(T0)


if __name__ == "__main__":
    unittest.main()
