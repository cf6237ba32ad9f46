# Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
"""Hostile input through the Python binding and the CLI.

The same hostile values as tests/reliability/hostile_inputs.h (over-long
strings, invalid UTF-8, embedded NUL, SQL-like text, 0000-00-00 and 2026-02-30,
10 MB fields, truncated and binary CSV files) through the two outer entry
points. Each gets a clear error (an AtensiError naming a reason, or a CLI exit
status with a message naming the rule) and writes nothing: the audit trail has
as many events afterwards as before, and an import of a binary or truncated
roster registers no child.

Run by ctest (label reliability) with ATENSI_LIBRARY and ATENSI_CLI set.
"""
from __future__ import annotations

import datetime
import os
import subprocess
import tempfile
import unittest

import atensi

UTC = datetime.timezone.utc
T0 = datetime.datetime(2026, 11, 28, 3, 0, tzinfo=UTC)
TODAY = datetime.date(2026, 11, 28)
WORKER = atensi.Actor("pw-0001", "dinsos.15.03", atensi.Role.CASE_WORKER)
# Reads without an actor act as the session principal (issue 9): the agency's
# data officer, who may verify and reads the children the agency registered.
OFFICER = atensi.Actor("do-0001", "dinsos.15.03", atensi.Role.DATA_OFFICER)
TEN_MB = 10 * 1024 * 1024
CLI = os.environ.get("ATENSI_CLI", "")

CHILD = {
    "id": "", "nik": "1503015002170001", "name": "Anak Contoh", "sex": "F",
    "birth_date": "2017-02-10", "domicile_region": "15.03.01.2001",
    "guardians": [{"id": "5f1d7c2e-3b4a-4c5d-8e6f-7a8b9c0d1e2f", "name": "Ibu Contoh",
                   "role": "mother", "nik": None}],
    "family_links": [],
}

HOSTILE = {
    "empty": "",
    "over-long": "1" * 4096,
    "10 MB": "7" * TEN_MB,
    "lone surrogate": "\udcff",
    "embedded NUL": "1702\x00192905120001",
    "SQL": "1'; DROP TABLE children;--",
    "0000-00-00": "0000-00-00",
    "2026-02-30": "2026-02-30",
    "negative": "-12",
    "control": "abc\x01\x1b[31m",
}


def events(db: "atensi.Database") -> int:
    return int(db.verify().report["events_checked"])


class PythonHostileTest(unittest.TestCase):
    def setUp(self) -> None:
        self.db = atensi.Database(":memory:", atensi.OpenOptions(fixed_clock=T0, id_seed=3),
                                  principal=OFFICER, purpose="audit")

    def tearDown(self) -> None:
        self.db.close()

    def refused(self, fn, label: str) -> None:
        before = events(self.db)
        with self.assertRaises(atensi.AtensiError, msg=label) as ctx:
            fn()
        err = ctx.exception
        self.assertNotEqual(err.code, int(atensi.Status.INTERNAL), label)
        self.assertTrue(err.reason, f"{label}: no reason")
        self.assertLess(len(err.message), 2000, label)
        self.assertEqual(events(self.db), before, f"{label}: a refused call wrote an event")

    def test_hostile_child_fields(self) -> None:
        for field in ("nik", "birth_date", "domicile_region"):
            for label, value in HOSTILE.items():
                if field == "domicile_region" and value == "":
                    continue  # empty = unknown domicile, allowed
                doc = dict(CHILD, **{field: value})
                self.refused(lambda: self.db.register_child(doc, WORKER), f"{field} <- {label}")
        for label, value in HOSTILE.items():
            if label in ("SQL", "0000-00-00", "2026-02-30", "negative", "over-long"):
                continue  # legitimate (if odd) names; see the verbatim check below
            doc = dict(CHILD, nik=None, name=value)
            self.refused(lambda: self.db.register_child(doc, WORKER), f"name <- {label}")

    def test_sql_like_name_is_stored_verbatim(self) -> None:
        doc = dict(CHILD, nik=None, name="Robert'); DROP TABLE children;--")
        child = self.db.register_child(doc, WORKER)
        self.assertEqual(self.db.get_child(child["id"])["name"], doc["name"])
        self.assertTrue(self.db.verify().ok)

    def test_hostile_ids_and_numbers(self) -> None:
        for label, value in HOSTILE.items():
            self.refused(lambda: self.db.get_case(value), f"case id <- {label}")
            self.refused(lambda: atensi.validate_nik(value, TODAY), f"nik <- {label}")
            self.refused(lambda: atensi.validate_kk(value, TODAY), f"kk <- {label}")


@unittest.skipUnless(CLI, "ATENSI_CLI not set")
class CliHostileTest(unittest.TestCase):
    def run_cli(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run([CLI, *args], capture_output=True, timeout=120)

    def test_hostile_nik_arguments(self) -> None:
        for label, value in HOSTILE.items():
            if "\x00" in value or "\udcff" in value:
                continue  # cannot be a command-line argument
            if len(value) > 100000:
                continue  # beyond ARG_MAX per argument on Linux
            r = self.run_cli("nik", value, "--at", "2026-11-28")
            self.assertIn(r.returncode, (1, 2), f"{label}: {r.stderr!r}")
            self.assertNotIn(b"terminate called", r.stderr, label)
        r = self.run_cli("nik", "1702192905120001", "--at", "2026-02-30")
        self.assertEqual(r.returncode, 2, r.stderr)

    def import_file(self, content: bytes) -> tuple[subprocess.CompletedProcess, str]:
        d = tempfile.mkdtemp(prefix="atensi_hostile_cli_")
        path = os.path.join(d, "roster.csv")
        db = os.path.join(d, "cases.db")
        with open(path, "wb") as f:
            f.write(content)
        r = self.run_cli("import", db, path, "--at", "2026-11-28", "--json")
        return r, db

    def registered(self, db: str) -> int:
        if not os.path.exists(db):
            return 0
        with atensi.Database(db, principal=OFFICER, purpose="audit") as d:
            return int(d.verify().report["events_checked"])

    def test_binary_truncated_and_huge_rosters_register_nothing(self) -> None:
        header = (b"IDBDT,NoUrutART,Nama,JnsKel,TglLahir,KdWilayah,IDARTBDT,NoKK,NIK,TmpLahir,"
                  b"Hub_KRT,Partisipasi_sekolah,Jenis_cacat,Ada_akta_lahir,"
                  b"Pendamping_disabilitas,Desil,NoPesertaPKH,Masalah\n")
        cases = {
            "binary": bytes((i * 7919) % 256 for i in range(64 * 1024)),
            "truncated": header + b'H1,1,"Budi San',
            "NUL": header + b"H1,1,Bu\x00di,1,2015-01-01,15.71.01.1001\n",
            "invalid UTF-8": header + b"H1,1,\xc3\x28,1,2015-01-01,15.71.01.1001\n",
            "10 MB field": header + b"H1,1," + b"A" * TEN_MB + b",1,2015-01-01,15.71.01.1001\n",
            "impossible dates": header + b"H1,1,Budi,1,0000-00-00,15.71.01.1001\n"
                                       + b"H1,2,Sari,2,2026-02-30,15.71.01.1001\n",
            "SQL": header + b"H1,1,Budi,1,2015-01-01,1'; DROP TABLE children;--\n",
        }
        for label, content in cases.items():
            r, db = self.import_file(content)
            self.assertNotIn(b"terminate called", r.stderr, label)
            self.assertLess(r.returncode, 128, f"{label}: killed by a signal")
            self.assertEqual(self.registered(db), 0, f"{label}: a hostile roster wrote events")
            # A clear error: a failing exit with a message naming the rule, or a
            # reject file whose rows name the rule (csv.*, roster.*, date.*, ...).
            rejects = os.path.join(os.path.dirname(db), "roster.csv.rejects.csv")
            if r.returncode == 0:
                with open(rejects, "rb") as f:
                    text = f.read()
                self.assertRegex(text, rb"(csv|roster|date|region|nik)\.[a-z_]+", label)
            else:
                self.assertRegex(r.stderr + r.stdout, rb"(csv|roster|date|region|nik)\.[a-z_]+",
                                 label)


if __name__ == "__main__":
    unittest.main()
