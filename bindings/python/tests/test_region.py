# Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
"""The region table through the bindings. Expected rows come from the CSV files
in data/regions (Kepmendagri 300.2.2-2138/2025 as amended by 300.2.2-2430/2025)."""
from __future__ import annotations

import csv
import unittest
from pathlib import Path

import atensi
from atensi import RegionKind, RegionLevel

DATA = Path(__file__).resolve().parents[3] / "data" / "regions"


class RegionTest(unittest.TestCase):
    def test_lookup(self) -> None:
        r = atensi.region_lookup("1503")
        self.assertEqual(r.code, "15.03")
        self.assertEqual(r.name, "Kabupaten Sarolangun")
        self.assertEqual(r.level, RegionLevel.REGENCY)
        self.assertEqual(r.kind, RegionKind.KABUPATEN)

    def test_lookup_errors(self) -> None:
        with self.assertRaises(atensi.InvalidArgumentError) as cm:
            atensi.region_lookup("15.3")
        self.assertEqual(cm.exception.reason, "region.format")
        with self.assertRaises(atensi.NotFoundError) as cm2:
            atensi.region_lookup("15.68")
        self.assertEqual(cm2.exception.reason, "region.unknown")
        self.assertIsInstance(cm2.exception, LookupError)

    def test_children_match_the_official_csv(self) -> None:
        with (DATA / "districts.csv").open(encoding="utf-8") as f:
            expected = [(row["code"], row["name"]) for row in csv.DictReader(f)
                        if row["parent_code"] == "15.03"]
        q = atensi.region_children("15.03")
        self.assertEqual(len(q), len(expected))
        got = [(r.code, r.name) for r in q]
        self.assertEqual(got, expected)
        self.assertTrue(q.closed)  # exhausted iterators close themselves
        self.assertEqual(list(q), [])
        self.assertEqual(atensi.region_lookup("15.03").child_count, len(expected))

    def test_provinces(self) -> None:
        with (DATA / "provinces.csv").open(encoding="utf-8") as f:
            expected = [row["code"] for row in csv.DictReader(f)]
        with atensi.region_children() as q:
            self.assertEqual([r.code for r in q], expected)

    def test_search(self) -> None:
        with atensi.region_search("KAB. SAROLANGUN", limit=5, level=RegionLevel.REGENCY) as q:
            self.assertEqual(next(q).code, "15.03")
        with atensi.region_search("sarolangun", level=RegionLevel.DISTRICT, within="15.03") as q:
            self.assertEqual([r.code for r in q], ["15.03.03"])
        with self.assertRaises(atensi.InvalidArgumentError) as cm:
            atensi.region_search("")
        self.assertEqual(cm.exception.reason, "region.query")
        with self.assertRaises(atensi.InvalidArgumentError):
            atensi.region_search("jambi", limit=0)

    def test_decree(self) -> None:
        self.assertIn("Kepmendagri", atensi.region_table_decree())


if __name__ == "__main__":
    unittest.main()
