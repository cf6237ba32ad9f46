#!/usr/bin/env python3
# Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
"""Workload 6 (Python part): per-call overhead of the Python package.

Times atensi.routing.route() (dict in, dict out) against a bare ctypes call
of atensi_route() with the same facts pre-encoded as JSON bytes, interleaved
in blocks, and writes Google-Benchmark-shaped JSON (counters atensi /
baseline / ratio / overhead_us) to the path given as argv[1]. The Python
package is found through PYTHONPATH and libatensi.so through ATENSI_LIBRARY.
"""
import ctypes
import datetime
import json
import sys
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
    with open(sys.argv[1], "w") as fh:
        json.dump(result, fh, indent=1)
    print(f"python route: {py_us:.1f} us/call, bare ctypes: {c_us:.1f} us/call, "
          f"wrapper overhead {py_us - c_us:.1f} us/call", file=sys.stderr)


if __name__ == "__main__":
    main()
