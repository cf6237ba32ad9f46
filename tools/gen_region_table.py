#!/usr/bin/env python3
# Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
"""Compiles the Kemendagri region CSVs into a C++ source (region_table_data.cpp).

Usage: gen_region_table.py --data <data/regions> --out <region_table_data.cpp>

Reads provinces.csv, regencies.csv, districts.csv, villages.csv (code,name,level,
parent_code), aliases.csv (old_code,new_code,legal_basis,effective_date,note) and
SOURCE.md (decree tag and expected row counts). Validates everything and exits
with status 1 and a message naming the file, row and rule when the data is wrong,
so a bad data update fails the build instead of shipping.

Layout of the generated data (see src/region/region_table_data.h):
  - rows ordered by level then code, so the children of any row are contiguous in
    the next level: each row stores first_child (row index) and child_count;
  - one UTF-8 names blob, each row's name at name_offset[i]..name_offset[i+1];
  - an open-addressing hash table (linear probing, power-of-two size, load <= 0.5)
    of row indices keyed by the packed 10-digit code (PPKKCCVVVV), hashed with
    the 64-bit Fibonacci multiplier, so Find() is O(1) with no startup work;
  - a search index: every word-suffix of every normalised name (lowercase ASCII
    letters and digits only), sorted, as (offset into the normalised blob, row).
Everything is a plain POD array: no constructors run at startup.

Python 3 standard library only.
"""

import argparse
import csv
import os
import re
import sys

LEVELS = [
    # (file, level name, code regex)
    ("provinces.csv", "province", re.compile(r"^[0-9]{2}$")),
    ("regencies.csv", "regency", re.compile(r"^[0-9]{2}\.[0-9]{2}$")),
    ("districts.csv", "district", re.compile(r"^[0-9]{2}\.[0-9]{2}\.[0-9]{2}$")),
    ("villages.csv", "village", re.compile(r"^[0-9]{2}\.[0-9]{2}\.[0-9]{2}\.[0-9]{4}$")),
]
HEADER = ["code", "name", "level", "parent_code"]
ALIAS_HEADER = ["old_code", "new_code", "legal_basis", "effective_date", "note"]
HASH_MULTIPLIER = 0x9E3779B97F4A7C15
MASK64 = (1 << 64) - 1
EMPTY_SLOT = 0xFFFFFFFF
APOSTROPHES = "'\u2019`"


class DataError(Exception):
    pass


def fail(where, message):
    raise DataError(f"{where}: {message}")


def pack(code):
    """'15.71.01.1001' -> 1571011001; '15' -> 1500000000."""
    digits = code.replace(".", "")
    return int(digits.ljust(10, "0"))


def parent_of(code):
    return code.rsplit(".", 1)[0] if "." in code else ""


def words_of(name):
    """Splits a name into normalised words (see NormaliseWords in region_search.cpp).

    ASCII characters other than letters, digits and apostrophes separate words;
    apostrophes and non-ASCII characters are dropped without separating."""
    words, cur = [], []
    for ch in name:
        if ch.isascii() and ch.isalnum():
            cur.append(ch.lower())
        elif ch in APOSTROPHES or not ch.isascii():
            continue
        else:
            if cur:
                words.append("".join(cur))
            cur = []
    if cur:
        words.append("".join(cur))
    return words


def read_csv(path, header):
    if not os.path.exists(path):
        fail(path, "file missing")
    with open(path, encoding="utf-8", newline="") as f:
        try:
            rows = list(csv.reader(f, strict=True))
        except (csv.Error, UnicodeDecodeError) as e:
            fail(path, f"not valid UTF-8 CSV ({e})")
    if not rows or rows[0] != header:
        fail(path, f"header must be {','.join(header)}")
    out = []
    for n, row in enumerate(rows[1:], start=2):
        if len(row) != len(header):
            fail(f"{path}:{n}", f"expected {len(header)} columns, got {len(row)}")
        out.append((n, row))
    return out


def read_source_md(data_dir):
    path = os.path.join(data_dir, "SOURCE.md")
    if not os.path.exists(path):
        fail(path, "file missing (decree tag and row counts are read from it)")
    text = open(path, encoding="utf-8").read()
    m = re.search(r"as amended by Kepmendagri No\.\s*([0-9][0-9.\-]*[0-9])\s+Tahun\s+([0-9]{4})",
                  text)
    if not m:
        m = re.search(r"Kepmendagri\)?\s*No\.\s*([0-9][0-9.\-]*[0-9])\s+Tahun\s+([0-9]{4})", text)
    if not m:
        fail(path, "no 'Kepmendagri No. <number> Tahun <year>' decree reference found")
    decree = f"Kepmendagri {m.group(1)}/{m.group(2)}"
    counts = {}
    for fname, level, _ in LEVELS:
        cm = re.search(r"\|\s*" + re.escape(fname) + r"\s*\|[^|]*\|\s*([0-9,]+)\s*\|", text)
        if not cm:
            fail(path, f"row count table has no line for {fname}")
        counts[fname] = int(cm.group(1).replace(",", ""))
    return decree, counts


def load(data_dir):
    decree, expected = read_source_md(data_dir)
    by_level = []
    known = {}
    for depth, (fname, level, shape) in enumerate(LEVELS):
        path = os.path.join(data_dir, fname)
        rows = []
        for n, (code, name, lvl, parent) in read_csv(path, HEADER):
            where = f"{path}:{n}"
            if lvl != level:
                fail(where, f"level '{lvl}' but this file holds '{level}' rows")
            if not shape.match(code):
                fail(where, f"code '{code}' does not have the {level} shape")
            groups = code.split(".")
            if any(int(g) == 0 for g in groups):
                fail(where, f"code '{code}' has a zero group (Permendagri 137/2017)")
            if depth >= 1 and int(groups[1]) == 70:
                fail(where, f"regency code '{code}': 01-69 kabupaten, 71-99 kota, 70 unassigned")
            if depth == 3 and groups[3][0] not in "123":
                fail(where, f"village code '{code}' must start with 1, 2 or 3")
            if code in known:
                fail(where, f"duplicate code '{code}'")
            if parent != parent_of(code):
                fail(where, f"parent_code '{parent}' is not the prefix of '{code}'")
            if depth > 0 and parent not in known:
                fail(where, f"parent '{parent}' of '{code}' does not exist")
            if not name or name != name.strip() or any(ord(c) < 0x20 for c in name):
                fail(where, f"name of '{code}' is empty, padded or has control characters")
            if len(name.encode("utf-8")) > 255:
                fail(where, f"name of '{code}' longer than 255 bytes")
            if not words_of(name):
                fail(where, f"name of '{code}' has no searchable letters or digits")
            known[code] = depth
            rows.append((code, name))
        rows.sort(key=lambda r: pack(r[0]))
        if len(rows) != expected[fname]:
            fail(path, f"{len(rows)} rows but SOURCE.md states {expected[fname]}")
        by_level.append(rows)
    # Every non-village row has at least one child.
    parents_with_children = {parent_of(c) for rows in by_level[1:] for c, _ in rows}
    for rows in by_level[:3]:
        for code, _ in rows:
            if code not in parents_with_children:
                fail(data_dir, f"region '{code}' has no children")
    aliases = load_aliases(data_dir, known)
    return decree, by_level, aliases


def load_aliases(data_dir, known):
    path = os.path.join(data_dir, "aliases.csv")
    out = []
    olds = set()
    for n, (old, new, basis, date, note) in read_csv(path, ALIAS_HEADER):
        where = f"{path}:{n}"
        if not (LEVELS[1][2].match(old) and LEVELS[1][2].match(new)):
            fail(where, "old_code and new_code must both be regency codes (PP.KK)")
        if any(int(g) == 0 for g in old.split(".")):
            fail(where, f"old_code '{old}' has a zero group")
        if old in known:
            fail(where, f"old_code '{old}' is still a current code; it cannot be an alias")
        if new not in known:
            fail(where, f"new_code '{new}' is not in the current table")
        if old in olds:
            fail(where, f"duplicate old_code '{old}'")
        if not re.match(r"^(UU|PP|Permendagri|Kepmendagri) [0-9][0-9.\-]*/[0-9]{4}$", basis):
            fail(where, f"legal_basis '{basis}' is not like 'UU 14/2022'")
        if not re.match(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", date):
            fail(where, f"effective_date '{date}' is not YYYY-MM-DD")
        if old[:2] not in known:
            fail(where, f"province of old_code '{old}' is unknown")
        olds.add(old)
        out.append((old, new, basis, date, note))
    news = {a[1] for a in out}
    chained = olds & news
    if chained:
        fail(path, f"chained aliases are not supported: {sorted(chained)}")
    out.sort(key=lambda a: pack(a[0]))
    return out


def cpp_string(data):
    """bytes -> C++ string literal chunks (octal escapes for anything unusual)."""
    parts, line = [], []
    width = 0
    for b in data:
        if 0x20 <= b < 0x7F and b not in (0x22, 0x5C, 0x3F):
            s = chr(b)
        else:
            s = "\\%03o" % b
        line.append(s)
        width += len(s)
        if width >= 96:
            parts.append('"' + "".join(line) + '"')
            line, width = [], 0
    if line or not parts:
        parts.append('"' + "".join(line) + '"')
    return "\n".join(parts)


def cpp_array(ctype, name, values, per_line=16):
    out = [f"extern const {ctype} {name}[] = {{"]
    for i in range(0, len(values), per_line):
        out.append(",".join(str(v) for v in values[i:i + per_line]) + ",")
    out.append("};")
    return "\n".join(out)


def build(decree, by_level, aliases):
    rows = [r for level_rows in by_level for r in level_rows]
    level_start = [0]
    for level_rows in by_level:
        level_start.append(level_start[-1] + len(level_rows))
    index_of = {code: i for i, (code, _) in enumerate(rows)}

    first_child = [0] * len(rows)
    child_count = [0] * len(rows)
    for i, (code, _) in enumerate(rows):
        p = parent_of(code)
        if p:
            pi = index_of[p]
            if child_count[pi] == 0:
                first_child[pi] = i
            elif first_child[pi] + child_count[pi] != i:
                raise DataError(f"children of '{p}' are not contiguous")
            child_count[pi] += 1
    for i in range(len(rows)):
        if child_count[i] == 0:
            first_child[i] = 0
        if child_count[i] > 0xFFFF:
            raise DataError(f"'{rows[i][0]}' has more than 65535 children")

    names = bytearray()
    name_offset = []
    for _, name in rows:
        name_offset.append(len(names))
        names += name.encode("utf-8")
    name_offset.append(len(names))

    # Hash table.
    bits = 1
    while (1 << bits) < 2 * len(rows):
        bits += 1
    table = [EMPTY_SLOT] * (1 << bits)
    packed = [pack(code) for code, _ in rows]
    for i, key in enumerate(packed):
        slot = ((key * HASH_MULTIPLIER) & MASK64) >> (64 - bits)
        while table[slot] != EMPTY_SLOT:
            slot = (slot + 1) & ((1 << bits) - 1)
        table[slot] = i

    # Search index over word-suffixes of normalised names.
    norm = bytearray()
    entries = []
    for i, (_, name) in enumerate(rows):
        words = words_of(name)
        base = len(norm)
        joined = "".join(words)
        norm += joined.encode("ascii") + b"."
        pos = 0
        for w in words:
            entries.append((joined[pos:], base + pos, i))
            pos += len(w)
    entries.sort(key=lambda e: (e[0], e[2]))
    return {
        "rows": rows, "level_start": level_start, "packed": packed,
        "first_child": first_child, "child_count": child_count, "names": bytes(names),
        "name_offset": name_offset, "bits": bits, "table": table, "norm": bytes(norm),
        "search_offset": [e[1] for e in entries], "search_row": [e[2] for e in entries],
        "decree": decree, "aliases": aliases,
    }


def render(d):
    out = []
    out.append("// GENERATED by tools/gen_region_table.py from data/regions/*.csv. DO NOT EDIT.")
    out.append("// Data: Kemendagri region codes via cahyadsn/wilayah (MIT); see data/regions/SOURCE.md.")
    out.append('#include "region/region_table_data.h"\n')
    out.append("namespace atensi::region_data {\n")
    out.append(f"extern const char kDecree[] = {cpp_string(d['decree'].encode('utf-8'))};")
    out.append(f"extern const std::uint32_t kRowCount = {len(d['rows'])};")
    out.append(cpp_array("std::uint32_t", "kLevelStart", d["level_start"]))
    out.append(cpp_array("std::uint64_t", "kPacked", [f"{p}ULL" for p in d["packed"]], 12))
    out.append(cpp_array("std::uint32_t", "kFirstChild", d["first_child"]))
    out.append(cpp_array("std::uint16_t", "kChildCount", d["child_count"], 24))
    out.append(cpp_array("std::uint32_t", "kNameOffset", d["name_offset"]))
    out.append(f"extern const char kNames[] =\n{cpp_string(d['names'])};")
    out.append(f"extern const std::uint32_t kHashBits = {d['bits']};")
    out.append(cpp_array("std::uint32_t", "kHashSlots", d["table"]))
    out.append(f"extern const char kNormNames[] =\n{cpp_string(d['norm'])};")
    out.append(f"extern const std::uint32_t kSearchCount = {len(d['search_row'])};")
    out.append(cpp_array("std::uint32_t", "kSearchOffset", d["search_offset"]))
    out.append(cpp_array("std::uint32_t", "kSearchRow", d["search_row"]))
    out.append(f"extern const std::uint32_t kAliasCount = {len(d['aliases'])};")
    out.append("extern const AliasRow kAliases[] = {")
    for old, new, basis, date, _ in d["aliases"]:
        out.append(f"  {{{pack(old)}ULL, {pack(new)}ULL, {cpp_string(basis.encode())}, "
                   f"{cpp_string(date.encode())}}},")
    if not d["aliases"]:
        out.append("  {0, 0, \"\", \"\"},")
    out.append("};\n")
    out.append("}  // namespace atensi::region_data")
    return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", required=True, help="directory holding the region CSVs")
    ap.add_argument("--out", required=True, help="C++ source to write")
    args = ap.parse_args()
    try:
        decree, by_level, aliases = load(args.data)
        data = build(decree, by_level, aliases)
    except DataError as e:
        print(f"gen_region_table.py: region data rejected: {e}", file=sys.stderr)
        return 1
    text = render(data)
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    tmp = args.out + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    os.replace(tmp, args.out)
    print(f"gen_region_table.py: {len(data['rows'])} regions, {len(aliases)} aliases, "
          f"{len(data['search_row'])} search keys, hash 2^{data['bits']} -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
