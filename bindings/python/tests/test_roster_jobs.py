# Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
"""The main job (import, screen, route) driven from Python, each step one
native call (atensi_roster_import/screen/route): the same library functions
the CLI runs, so the work stays native.

The roster is a few households of the synthetic generator's form (invented
people, real Jambi region codes): adults are counted and not stored
(UU 35/2014 art 1(1): a child is under 18), a malformed row is rejected with
its line and field, a re-run changes nothing (children keyed by NIK / roster
key), screening opens no second case, routing skips routed cases, and the
audit trail of everything written verifies.
"""
from __future__ import annotations

import datetime
import os
import tempfile
import unittest

import atensi

UTC = datetime.timezone.utc
T0 = datetime.datetime(2026, 1, 1, 3, 0, tzinfo=UTC)
AT = datetime.date(2026, 1, 1)
OPERATOR = atensi.Actor("operator", "dinsos.15", atensi.Role.DATA_OFFICER)

HEADER = ("IDBDT,NoUrutART,Nama,JnsKel,TglLahir,KdWilayah,IDARTBDT,NoKK,NIK,TmpLahir,Hub_KRT,"
          "Partisipasi_sekolah,Jenis_cacat,Ada_akta_lahir,Pendamping_disabilitas,Desil,"
          "NoPesertaPKH,Masalah")
ROWS = [
    # household 3: PKH, decile 1 (two adults, three children)
    "150000000003,1,Satria Ismail,1,1994-08-24,15.05.11.2007,15000000000301,1505110303224524,"
    "1505112408945558,Kabupaten Muaro Jambi,1,2,0,,,1,PKH0501525850,",
    "150000000003,2,Elsa Ginting,2,1983-12-05,15.05.11.2007,15000000000302,1505110303224524,"
    "1505114512837134,Kabupaten Muaro Jambi,2,2,0,,,1,PKH0501525850,",
    "150000000003,3,Kartika Pane,2,2024-10-08,15.05.11.2007,15000000000303,1505110303224524,"
    "1505114810244150,Kabupaten Muaro Jambi,3,,0,1,,1,PKH0501525850,",
    "150000000003,4,Rani Pratama,2,2011-07-13,15.05.11.2007,15000000000304,1505110303224524,"
    "1505115307118442,Kabupaten Muaro Jambi,3,1,0,1,,1,PKH0501525850,",
    "150000000003,5,Fira Wijaya,2,2018-10-02,15.05.11.2007,15000000000305,1505110303224524,"
    "1505114210185532,Kabupaten Muaro Jambi,3,1,0,1,,1,PKH0501525850,",
    # household 4: one adult, two infants, one reported neglected (penelantaran)
    "150000000004,1,Teguh Effendi,1,1979-08-04,15.09.05.2001,15000000000401,1509050506220185,"
    "1509050408797394,Kabupaten Tebo,1,2,0,,,,,",
    "150000000004,2,Yanti Halim,2,2024-05-05,15.09.05.2001,15000000000402,1509050506220185,"
    "1509054505242228,Kabupaten Tebo,3,,0,1,,,,",
    "150000000004,3,Putra Hakim,1,2024-01-08,15.09.05.2001,15000000000403,1509050506220185,"
    "1509050801244111,Kabupaten Tebo,3,,0,1,,,,penelantaran",
    # line 10: a birth date that is not a date
    "150000000009,3,Rusak Tanggal,1,2024-13-45,15.09.05.2001,15000000000903,1509050506220185,"
    ",Kabupaten Tebo,3,,0,1,,,,",
]


class RosterJobTest(unittest.TestCase):
    def setUp(self) -> None:
        self.dir = tempfile.TemporaryDirectory()
        self.roster = os.path.join(self.dir.name, "roster.csv")
        with open(self.roster, "w", encoding="utf-8") as f:
            f.write(HEADER + "\n" + "\n".join(ROWS) + "\n")
        self.db = atensi.Database(os.path.join(self.dir.name, "jobs.db"),
                                  atensi.OpenOptions(fixed_clock=T0, id_seed=7))

    def tearDown(self) -> None:
        self.db.close()
        self.dir.cleanup()

    def test_import_screen_route_and_rerun(self) -> None:
        rejects = os.path.join(self.dir.name, "rejects.csv")
        first = self.db.import_roster(self.roster, OPERATOR, reference_date=AT,
                                      rejects_path=rejects)
        # 9 data rows: 3 adults (UU 35/2014 art 1(1)), 1 malformed, 5 children.
        self.assertEqual(first["rows"], 9)
        self.assertEqual(first["adults_skipped"], 3)
        self.assertEqual(first["rejected"], 1)
        self.assertEqual(first["children_new"], 5)
        self.assertTrue(first["checkpoint"])
        with open(rejects, encoding="utf-8") as f:
            lines = f.read().splitlines()
        self.assertEqual(lines[0], "line,field,reason,message")
        self.assertEqual(len(lines), 2)
        self.assertTrue(lines[1].startswith("10,TglLahir,"), lines[1])

        again = self.db.import_roster(self.roster, OPERATOR, reference_date=AT)
        self.assertEqual(again["children_new"], 0)
        self.assertEqual(again["children_unchanged"], 5)

        screened = self.db.screen_roster(OPERATOR, reference_date=AT)
        self.assertEqual(screened["children_screened"], 5)
        self.assertGreaterEqual(screened["flagged"], screened["cases_opened"])
        self.assertGreater(screened["cases_opened"], 0)
        self.assertEqual(sum(screened["by_rule"].values()) > 0, True)
        rescreened = self.db.screen_roster(OPERATOR, reference_date=AT)
        self.assertEqual(rescreened["cases_opened"], 0)
        self.assertEqual(rescreened["already_open"], screened["cases_opened"])

        routed = self.db.route_open_cases(OPERATOR)
        self.assertEqual(routed["cases"], screened["cases_opened"])
        self.assertEqual(routed["routed"] + routed["refused"], routed["cases"])
        self.assertEqual(sum(routed["referrals_by_agency"].values()),
                         routed["referrals_created"])
        rerouted = self.db.route_open_cases(OPERATOR)
        self.assertEqual(rerouted["routed"], 0)
        self.assertEqual(rerouted["referrals_created"], 0)

        self.db.set_principal(OPERATOR, "audit")  # reads act as a principal (issue 9)
        report = self.db.verify()
        self.assertTrue(report.ok, report.report)

    def test_missing_file_and_bad_options_are_refused(self) -> None:
        with self.assertRaises(atensi.NotFoundError) as cm:
            self.db.import_roster(os.path.join(self.dir.name, "absent.csv"), OPERATOR)
        self.assertEqual(cm.exception.reason, "import.open")
        with self.assertRaises(atensi.InvalidArgumentError) as cm2:
            self.db.import_roster(self.roster, OPERATOR, batch=0)
        self.assertEqual(cm2.exception.reason, "capi.options")
        self.assertEqual(cm2.exception.field, "options.batch")
        # Nothing was written by the refused calls.
        self.assertEqual(self.db.screen_roster(OPERATOR, reference_date=AT)["children_screened"],
                         0)


if __name__ == "__main__":
    unittest.main()
