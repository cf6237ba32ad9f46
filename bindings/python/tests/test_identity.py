# Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
"""NIK and No. KK parsing through the bindings.

Structure per Dukcapil (shared/domain/identifiers.md §1): PP KK CC DD MM YY
SSSS; day + 40 for women in a NIK; no +40 rule in a No. KK; serial from 0001.
"""
from __future__ import annotations

import datetime
import unittest

import atensi
from atensi import IdKind, IdRegionPart, Sex

TODAY = datetime.date(2026, 11, 28)


class NikTest(unittest.TestCase):
    def test_girl_from_kecamatan_sarolangun(self) -> None:
        # 15.03.03 Sarolangun; day 55 = 15 + 40 -> female; born 2014-03-15; serial 2.
        with atensi.parse_nik("1503 0355 0314 0002", TODAY) as nik:
            self.assertEqual(nik.kind, IdKind.NIK)
            self.assertTrue(nik.valid)
            self.assertEqual(nik.digits, "1503035503140002")
            self.assertEqual(nik.sex, Sex.FEMALE)
            self.assertEqual(nik.birth_date, datetime.date(2014, 3, 15))
            self.assertIsInstance(nik.birth_date, datetime.date)
            self.assertEqual(nik.serial, 2)
            self.assertEqual(nik.region(IdRegionPart.PROVINCE), "15")
            self.assertEqual(nik.region(IdRegionPart.REGENCY), "15.03")
            self.assertEqual(nik.region(IdRegionPart.CURRENT_DISTRICT), "15.03.03")
            self.assertFalse(nik.historical)
            self.assertEqual(nik.errors, [])
        self.assertTrue(nik.closed)

    def test_male_day_code(self) -> None:
        with atensi.parse_nik("1503031503140002", TODAY) as nik:
            self.assertEqual(nik.sex, Sex.MALE)

    def test_day_code_out_of_range_is_a_finding(self) -> None:
        # Day code 32 is neither 01-31 nor 41-71.
        with atensi.parse_nik("1503033203140002", TODAY) as nik:
            self.assertFalse(nik.valid)
            codes = [i.code for i in nik.errors]
            self.assertIn("nik.day_range", codes)
            self.assertTrue(all(i.message for i in nik.errors))
            self.assertEqual(nik.sex, Sex.UNKNOWN)
            self.assertIsNone(nik.birth_date)

    def test_serial_zero(self) -> None:
        # SIAK serials start at 0001 (Dukcapil Klaten, identifiers.md §1).
        with atensi.parse_nik("1503031503140000", TODAY) as nik:
            self.assertIn("nik.serial_zero", [i.code for i in nik.errors])

    def test_wrong_length(self) -> None:
        with atensi.parse_nik("15030315031400", TODAY) as nik:
            self.assertIn("nik.length", [i.code for i in nik.errors])
            self.assertEqual(nik.digits, "")

    def test_recorded_birth_date_picks_the_century(self) -> None:
        with atensi.parse_nik("1503031503140002", TODAY,
                              recorded_birth_date=datetime.date(1914, 3, 15)) as nik:
            self.assertEqual(nik.birth_date, datetime.date(1914, 3, 15))

    def test_validate_raises_with_rule_and_field(self) -> None:
        atensi.validate_nik("1503035503140002", TODAY)
        with self.assertRaises(atensi.InvalidArgumentError) as cm:
            atensi.validate_nik("1503033203140002", TODAY)
        self.assertEqual(cm.exception.reason, "nik.day_range")
        self.assertEqual(cm.exception.field, "nik")
        self.assertEqual(cm.exception.code, atensi.Status.INVALID_ARGUMENT)
        self.assertIsInstance(cm.exception, ValueError)
        # Messages never contain the number (status.h).
        self.assertNotIn("1503033203140002", str(cm.exception))

    def test_today_must_be_a_date(self) -> None:
        with self.assertRaises(atensi.InvalidArgumentError):
            atensi.parse_nik("1503031503140002", "2026-11-28")  # type: ignore[arg-type]
        with self.assertRaises(atensi.InvalidArgumentError):
            atensi.parse_nik("1503031503140002",
                             datetime.datetime(2026, 11, 28, 10, 0))  # not a plain date

    def test_nul_in_input_is_rejected_not_truncated(self) -> None:
        with self.assertRaises(atensi.InvalidArgumentError) as cm:
            atensi.parse_nik("1503031503140002\0junk", TODAY)
        self.assertEqual(cm.exception.reason, "python.nul")


class KkTest(unittest.TestCase):
    def test_valid_kk(self) -> None:
        # Recorded 2015-02-10 by Kecamatan Sarolangun, family serial 3.
        with atensi.parse_kk("1503031002150003", TODAY) as kk:
            self.assertEqual(kk.kind, IdKind.KK)
            self.assertTrue(kk.valid)
            self.assertEqual(kk.date, datetime.date(2015, 2, 10))
            self.assertIsNone(kk.birth_date)
            self.assertEqual(kk.sex, Sex.UNKNOWN)

    def test_womans_nik_typed_as_kk(self) -> None:
        # No +40 rule in a No. KK (Dukcapil composition text, identifiers.md §1).
        with atensi.parse_kk("1503035503140002", TODAY) as kk:
            self.assertFalse(kk.valid)
            self.assertIn("kk.day_range", [i.code for i in kk.errors])
            self.assertIn("kk.looks_like_nik", [i.code for i in kk.warnings])

    def test_validate_kk(self) -> None:
        atensi.validate_kk("1503031002150003", TODAY)
        with self.assertRaises(atensi.InvalidArgumentError) as cm:
            atensi.validate_kk("1503031002150000", TODAY)
        self.assertEqual(cm.exception.reason, "kk.serial_zero")


if __name__ == "__main__":
    unittest.main()
