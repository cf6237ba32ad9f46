#!/usr/bin/env python3
# Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
"""The trusted reads stay inside the library (issue 9; docs/access-control.md §6).

src/store/trusted_reads.h gives the library's own system processing, tests,
benchmarks and fuzz targets the Casebook reads that name no principal. The
outer layers (capi/, src/cli/, bindings/) must reach records only through the
authorized reads. This check fails when:
  1. a source file of an outer layer mentions the header or its class
     (trusted_reads, TrustedReads, internal::Trusted);
  2. the header compiles with ATENSI_OUTER_LAYER defined (its #error guard is
     gone), or does not compile without it (the probe would prove nothing);
  3. a compile command of capi/src or src/cli (compile_commands.json of the
     build dir, when present) lacks -DATENSI_OUTER_LAYER.
Usage: trusted_boundary_check.py SOURCE_DIR CXX [BUILD_DIR]
"""
import json
import pathlib
import re
import subprocess
import sys

FORBIDDEN = re.compile(r"trusted_reads|TrustedReads|internal::Trusted\b")
OUTER = ["capi", "src/cli", "bindings"]
SUFFIXES = {".c", ".cc", ".cpp", ".h", ".hpp", ".py", ".txt", ".cmake", ".map"}


def main() -> int:
    src = pathlib.Path(sys.argv[1])
    cxx = sys.argv[2]
    build = pathlib.Path(sys.argv[3]) if len(sys.argv) > 3 else None
    failures = []

    for layer in OUTER:
        for path in sorted((src / layer).rglob("*")):
            if not path.is_file() or path.suffix not in SUFFIXES or "_build" in path.parts:
                continue
            for n, line in enumerate(path.read_text(errors="replace").splitlines(), 1):
                if FORBIDDEN.search(line) and "ATENSI_OUTER_LAYER" not in line:
                    # CMake comments that explain the guard name the header: allowed only
                    # on comment lines of CMakeLists.txt.
                    if path.name == "CMakeLists.txt" and line.lstrip().startswith("#"):
                        continue
                    failures.append(f"{path.relative_to(src)}:{n}: outer layer uses the "
                                    f"trusted reads: {line.strip()}")

    probe = '#include "store/trusted_reads.h"\nint main() { return 0; }\n'
    base = [cxx, "-std=c++20", "-fsyntax-only", "-x", "c++", "-I", str(src / "include"),
            "-I", str(src / "src"), "-"]
    inside = subprocess.run(base, input=probe, capture_output=True, text=True)
    if inside.returncode != 0:
        failures.append("the probe does not compile inside the library:\n" + inside.stderr[-2000:])
    outside = subprocess.run(base[:1] + ["-DATENSI_OUTER_LAYER"] + base[1:], input=probe,
                             capture_output=True, text=True)
    if outside.returncode == 0 or "is internal" not in outside.stderr:
        failures.append("trusted_reads.h compiles with ATENSI_OUTER_LAYER defined: its guard "
                        "is gone")

    commands = build / "compile_commands.json" if build else None
    if commands and commands.exists():
        checked = 0
        for entry in json.loads(commands.read_text()):
            rel = pathlib.Path(entry["file"]).resolve()
            try:
                rel = rel.relative_to(src.resolve())
            except ValueError:
                continue
            parts = rel.as_posix()
            if not (parts.startswith("capi/src/") or parts.startswith("src/cli/")):
                continue
            if parts == "src/cli/main.cpp":  # the executable; its commands are in the library
                continue
            checked += 1
            cmd = entry.get("command") or " ".join(entry.get("arguments", []))
            if "-DATENSI_OUTER_LAYER" not in cmd:
                failures.append(f"{parts} is compiled without -DATENSI_OUTER_LAYER")
        print(f"compile commands checked: {checked}")

    for f in failures:
        print("FAIL:", f)
    if not failures:
        print("trusted reads boundary: ok")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
