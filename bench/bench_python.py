#!/usr/bin/env python3
# Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
"""Workload 6 (Python part): per-call overhead of the Python package, and a
bulk import driven from Python against the CLI.

BM_PythonRouting times atensi.routing.route() (dict in, dict out) against a
bare ctypes call of atensi_route() with the same facts pre-encoded as JSON
bytes, interleaved in blocks.

BM_PythonImport imports the same synthetic roster (`atensi sample`,
$ATENSI_BENCH_PY_IMPORT_CHILDREN children, default 20,000; 2,000 with
ATENSI_BENCH_QUICK=1) into a fresh database twice each way, alternating:
`atensi import DB FILE` as a subprocess (the CLI, $ATENSI_CLI) and
atensi.Database(DB).import_roster(FILE) (one native call,
atensi_roster_import). Both sides include opening the database, writing
the reject file and the checkpoint the CLI seals after a job; the CLI side
also pays its process start. The best of each side is compared (target:
Python within 10% of the CLI, issue #7 workload 6).

Writes Google-Benchmark-shaped JSON to the path given as argv[1]. The Python
package is found through PYTHONPATH, libatensi.so through ATENSI_LIBRARY.
"""
import ctypes
import datetime
import json
import os
import subprocess
import sys
import tempfile
import time

import atensi
from atensi import _ffi

FACTS = {"age": 10, "categories": ["abh"], "has_nik": True, "has_birth_certificate": True,
         "dtsen_decile": 3, "domicile": "15.03.01.2001"}
ON = datetime.date(2021, 3, 1)


class CDate(ctypes.Structure):
    _fields_ = [("year", ctypes.c_int32), ("month", ctypes.c_int32), ("day", ctypes.c_int32)]


def main() -> None:
    lib = ctypes.CDLL(_ffi.library_path())
    route = lib.atensi_route
    route.argtypes = [ctypes.POINTER(ctypes.c_void_p), ctypes.c_char_p, ctypes.POINTER(CDate)]
    route.restype = ctypes.c_int
    free = lib.atensi_free
    free.argtypes = [ctypes.c_void_p]
    facts_bytes = json.dumps(FACTS).encode()
    cdate = CDate(2021, 3, 1)
    out = ctypes.c_void_p()
    n = 2000
    py_t = c_t = 0.0
    for _ in range(5):
        t0 = time.perf_counter()
        for _ in range(n):
            atensi.routing.route(FACTS, ON)
        py_t += time.perf_counter() - t0
        t0 = time.perf_counter()
        for _ in range(n):
            rc = route(ctypes.byref(out), facts_bytes, ctypes.byref(cdate))
            assert rc == 0
            free(out)
        c_t += time.perf_counter() - t0
    calls = 5 * n
    py_us = py_t / calls * 1e6
    c_us = c_t / calls * 1e6
    result = {"benchmarks": [{
        "name": "BM_PythonRouting", "run_type": "iteration", "iterations": 1,
        "atensi": calls / py_t, "baseline": calls / c_t, "ratio": c_t / py_t,
        "py_us_per_call": py_us, "ctypes_us_per_call": c_us, "overhead_us": py_us - c_us,
        "label": "calls/s: atensi.routing.route vs bare ctypes atensi_route (baseline)"}]}
    imp = bench_import()
    if imp is not None:
        result["benchmarks"].append(imp)
    with open(sys.argv[1], "w") as fh:
        json.dump(result, fh, indent=1)
    print(f"python route: {py_us:.1f} us/call, bare ctypes: {c_us:.1f} us/call, "
          f"wrapper overhead {py_us - c_us:.1f} us/call", file=sys.stderr)


def bench_import():
    """Python-driven import vs the CLI on the same roster; None without a CLI."""
    cli = os.environ.get("ATENSI_CLI", "")
    if not cli or not os.access(cli, os.X_OK):
        print("python import: skipped (set ATENSI_CLI to the atensi executable)", file=sys.stderr)
        return None
    quick = os.environ.get("ATENSI_BENCH_QUICK") == "1"
    children = int(os.environ.get("ATENSI_BENCH_PY_IMPORT_CHILDREN",
                                  "2000" if quick else "20000"))
    actor = atensi.Actor("operator", "dinsos.15", atensi.Role.DATA_OFFICER)
    with tempfile.TemporaryDirectory(dir=os.environ.get("ATENSI_BENCH_DIR")) as tmp:
        roster = os.path.join(tmp, "roster.csv")
        subprocess.run([cli, "sample", "--children", str(children), "--seed", "42",
                        "--at", "2026-01-01", "-o", roster], check=True,
                       stdout=subprocess.DEVNULL)

        def fresh(name):
            path = os.path.join(tmp, name)
            for suffix in ("", "-wal", "-shm"):
                if os.path.exists(path + suffix):
                    os.remove(path + suffix)
            return path

        cli_s, py_s, rows = [], [], 0
        for rep in range(2):
            db = fresh("cli.db")
            t0 = time.perf_counter()
            subprocess.run([cli, "import", db, roster, "--at", "2026-01-01", "--json",
                            "--rejects", os.path.join(tmp, "cli.rejects.csv")],
                           check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            cli_s.append(time.perf_counter() - t0)
            db = fresh("py.db")
            t0 = time.perf_counter()
            with atensi.Database(db) as d:
                stats = d.import_roster(roster, actor, reference_date=datetime.date(2026, 1, 1),
                                        rejects_path=os.path.join(tmp, "py.rejects.csv"))
            py_s.append(time.perf_counter() - t0)
            rows = stats["rows"]
    best_cli, best_py = min(cli_s), min(py_s)
    print(f"python import: {rows} rows, python {best_py:.2f} s, cli {best_cli:.2f} s, "
          f"ratio {best_cli / best_py:.3f} (runs: python {py_s}, cli {cli_s})", file=sys.stderr)
    return {"name": "BM_PythonImport", "run_type": "iteration", "iterations": 1,
            "atensi": rows / best_py, "baseline": rows / best_cli, "ratio": best_cli / best_py,
            "python_s": best_py, "cli_s": best_cli, "roster_rows": rows,
            "label": "roster rows/s: Database.import_roster vs `atensi import` (baseline)"}


if __name__ == "__main__":
    main()
