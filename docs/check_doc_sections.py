#!/usr/bin/env python3
# Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
"""Fails when a C API declaration lacks a mandatory documentation section.

Every declaration that starts with ATENSI_API in the given headers must be
preceded by a /** ... */ comment containing each of @errors, @ownership,
@thread_safety and @since (the ALIASES of docs/Doxyfile.in), each followed by
text. Doxygen itself cannot enforce custom sections, so this script does.

Usage: check_doc_sections.py HEADER...
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

REQUIRED = ("@errors", "@ownership", "@thread_safety", "@since")
DECL = re.compile(r"^ATENSI_API\b[^(]*?\b(atensi_\w+)\s*\(", re.M)
SINCE = re.compile(r"@since\s+\d+\.\d+\.\d+")


def check(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    problems: list[str] = []
    count = 0
    for m in DECL.finditer(text):
        count += 1
        name = m.group(1)
        line = text.count("\n", 0, m.start()) + 1
        before = text[: m.start()].rstrip()
        if not before.endswith("*/"):
            problems.append(f"{path}:{line}: {name}: no doc comment directly above")
            continue
        start = before.rfind("/**")
        if start < 0 or before.rfind("*/", 0, len(before) - 2) > start:
            problems.append(f"{path}:{line}: {name}: the comment above is not a /** block")
            continue
        comment = before[start:]
        for section in REQUIRED:
            sm = re.search(re.escape(section) + r"\b(.*)", comment)
            if sm is None:
                problems.append(f"{path}:{line}: {name}: missing {section}")
            elif not sm.group(1).strip(" *"):
                problems.append(f"{path}:{line}: {name}: {section} has no text")
        if "@since" in comment and not SINCE.search(comment):
            problems.append(f"{path}:{line}: {name}: @since must name a version x.y.z")
    if count == 0:
        problems.append(f"{path}: no ATENSI_API declaration found")
    print(f"{path}: {count} ATENSI_API declarations checked")
    return problems


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    problems: list[str] = []
    for arg in argv[1:]:
        problems += check(Path(arg))
    for p in problems:
        print(p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
