# Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
"""Encryption at rest and key rotation through the bindings (docs/encryption.md).

UU 27/2022 art 4: a child's data is specific personal data; a copied database
file must not reveal the child's name or NIK.
"""
from __future__ import annotations

import datetime
import os
import tempfile
import unittest

import atensi

UTC = datetime.timezone.utc
WORKER = atensi.Actor("pw-0001", "dinsos.15.03", atensi.Role.CASE_WORKER)
OFFICER = atensi.Actor("do-0001", "dinsos.15.03", atensi.Role.DATA_OFFICER)
KEY1 = bytes(range(32))
KEY2 = bytes(range(100, 132))
NAME = "Rahmawati Kusumaningrum"
NIK = "1503015002170001"
CHILD = {
    "id": "", "nik": NIK, "name": NAME, "sex": "F", "birth_date": "2017-02-10",
    "domicile_region": "15.03.01.2001", "has_birth_certificate": False,
    "guardians": [{"id": "5f1d7c2e-3b4a-4c5d-8e6f-7a8b9c0d1e2f", "name": "Ibu Contoh",
                   "role": "mother", "nik": None}],
    "family_links": [],
}


class EncryptionTest(unittest.TestCase):
    def setUp(self) -> None:
        self.dir = tempfile.TemporaryDirectory()
        self.path = os.path.join(self.dir.name, "sealed.db")
        self.options = atensi.OpenOptions(
            fixed_clock=datetime.datetime(2026, 11, 28, 1, 0, tzinfo=UTC), id_seed=5)

    def tearDown(self) -> None:
        self.dir.cleanup()

    def test_sealed_round_trip_rotation_and_wrong_key(self) -> None:
        with atensi.open_database(self.path, self.options, key=KEY1, key_id=1,
                                  principal=OFFICER, purpose="audit") as db:
            child = db.register_child(CHILD, WORKER)
            self.assertEqual(db.get_child(child["id"])["name"], NAME)
            self.assertEqual(db.encryption()["current_key"], 1)
        with open(self.path, "rb") as f:
            raw = f.read()
        self.assertNotIn(NAME.encode(), raw)
        self.assertNotIn(NIK.encode(), raw)

        with self.assertRaises(atensi.AtensiError) as ctx:
            atensi.open_database(self.path, self.options, key=KEY2, key_id=1)
        self.assertEqual(ctx.exception.reason, "crypto.wrong_key")

        with atensi.open_database(self.path, self.options, principal=OFFICER,
                                  purpose="audit") as db:
            with self.assertRaises(atensi.AtensiError) as ctx:
                db.get_child(child["id"])
            self.assertEqual(ctx.exception.reason, "crypto.key_missing")

        with atensi.open_database(self.path, self.options, key=KEY1, key_id=1,
                                  principal=OFFICER, purpose="audit") as db:
            result = db.rotate_key(KEY2, 2, OFFICER, batch_size=2)
            self.assertTrue(result["finished"])
            self.assertEqual(result["retired_keys"], [1])
            self.assertTrue(db.verify().ok)
        with atensi.open_database(self.path, self.options, key=KEY2, key_id=2,
                                  principal=OFFICER, purpose="audit") as db:
            self.assertEqual(db.get_child(child["id"])["nik"], NIK)
            self.assertTrue(db.verify().ok)


if __name__ == "__main__":
    unittest.main()
