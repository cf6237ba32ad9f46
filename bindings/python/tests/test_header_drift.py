# Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
"""The Python mirror of atensi.h must not drift from the header (libclang test_enums.py idea).

Parses capi/include/atensi.h with regular expressions and checks: every C
enum and its values against atensi._constants, the macros the bindings copy,
and every ATENSI_API function against the ctypes function table (presence,
parameter count, parameter and return types).
"""
from __future__ import annotations

import ctypes
import os
import re
import unittest
from pathlib import Path

from atensi import _constants, _ffi

HEADER = Path(os.environ.get("ATENSI_HEADER") or
              Path(__file__).resolve().parents[3] / "capi" / "include" / "atensi.h")


def _strip_comments(text: str) -> str:
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    return re.sub(r"//[^\n]*", " ", text)


def parse_enums(text: str) -> dict[str, dict[str, int]]:
    enums: dict[str, dict[str, int]] = {}
    for m in re.finditer(r"typedef\s+enum\s+(\w+)\s*\{(.*?)\}\s*(\w+)\s*;", text, re.S):
        values: dict[str, int] = {}
        nxt = 0
        for item in m.group(2).split(","):
            item = item.strip()
            if not item:
                continue
            name, _, value = (p.strip() for p in item.partition("="))
            nxt = int(value, 0) if value else nxt
            values[name] = nxt
            nxt += 1
        enums[m.group(1)] = values
    return enums


def parse_macros(text: str) -> dict[str, int]:
    macros = {}
    for m in re.finditer(r"^#define\s+(ATENSI_\w+)\s+(0x[0-9a-fA-F]+|\d+)u?\s*$", text, re.M):
        macros[m.group(1)] = int(m.group(2), 0)
    return macros


def parse_functions(text: str) -> dict[str, tuple[str, list[str]]]:
    funcs = {}
    for m in re.finditer(r"ATENSI_API\s+([^;(]*?)\b(atensi_\w+)\s*\(([^)]*)\)\s*;", text, re.S):
        ret = " ".join(m.group(1).split())
        params = [" ".join(p.split()) for p in m.group(3).split(",")]
        if params == ["void"]:
            params = []
        funcs[m.group(2)] = (ret, params)
    return funcs


def c_type_of(decl: str) -> str:
    """'const char **out' -> 'const char **'; 'int status' -> 'int'."""
    decl = decl.strip()
    m = re.match(r"^(.*?)([A-Za-z_]\w*)$", decl)
    assert m, decl
    return " ".join(m.group(1).replace("*", " * ").split()).replace("* *", "**")


HANDLE_TYPES = {"atensi_regions": _ffi.CRegions, "atensi_id_check": _ffi.CIdCheck,
                "atensi_db": _ffi.CDb, "atensi_caseload": _ffi.CCaseload}
STRUCT_TYPES = {"atensi_date": _ffi.CDate, "atensi_error": _ffi.CError,
                "atensi_open_options": _ffi.COpenOptions, "atensi_actor": _ffi.CActor,
                "atensi_caseload_filter": _ffi.CCaseloadFilter, "atensi_key": _ffi.CKey}
SCALARS = {"int": ctypes.c_int, "unsigned int": ctypes.c_uint, "size_t": ctypes.c_size_t,
           "uint32_t": ctypes.c_uint32, "int32_t": ctypes.c_int32, "int64_t": ctypes.c_int64,
           "uint64_t": ctypes.c_uint64}


def expected_ctype(ctype: str):
    """The ctypes type a C parameter or return type must be declared as."""
    base = ctype.replace("const ", "").strip()
    stars = base.count("*")
    name = base.replace("*", "").strip()
    if name == "void" and stars == 0:
        return None
    if name == "void" and stars == 1:
        return ctypes.c_void_p
    if name == "char":
        # char * in is c_char_p; char ** out for owned strings is void** (freed by atensi_free).
        if stars == 1:
            return ctypes.c_char_p
        if stars == 2:
            return (ctypes.POINTER(ctypes.c_char_p), ctypes.POINTER(ctypes.c_void_p))
    if name in SCALARS:
        t = SCALARS[name]
        return t if stars == 0 else ctypes.POINTER(t)
    if name in HANDLE_TYPES:
        t = ctypes.POINTER(HANDLE_TYPES[name])
        return t if stars == 1 else ctypes.POINTER(t)
    if name in STRUCT_TYPES:
        t = STRUCT_TYPES[name]
        return t if stars == 0 else ctypes.POINTER(t)
    raise AssertionError(f"unmapped C type {ctype!r}: teach the drift test about it")


class HeaderDriftTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        cls.text = _strip_comments(HEADER.read_text(encoding="utf-8"))

    def test_enums_match(self) -> None:
        enums = parse_enums(self.text)
        self.assertEqual(set(enums), set(_constants.C_ENUMS),
                         "every C enum needs a Python twin in _constants.C_ENUMS")
        for c_name, (py_enum, prefix) in _constants.C_ENUMS.items():
            c_values = {k: v for k, v in enums[c_name].items()
                        if k not in _constants.C_ENUMERATORS_NOT_MIRRORED}
            py_values = {prefix + m.name: int(m.value) for m in py_enum}
            self.assertEqual(c_values, py_values, f"{c_name} differs from {py_enum.__name__}")

    def test_macros_match(self) -> None:
        macros = parse_macros(self.text)
        for name, value in _constants.C_MACROS.items():
            self.assertIn(name, macros)
            self.assertEqual(macros[name], value, name)
        m = re.search(r'#define ATENSI_VERSION_STRING "([^"]+)"', self.text)
        assert m is not None
        self.assertEqual(m.group(1), "%d.%d.%d" % (_constants.VERSION_MAJOR,
                                                   _constants.VERSION_MINOR,
                                                   _constants.VERSION_PATCH))

    def test_every_function_is_declared_with_matching_types(self) -> None:
        funcs = parse_functions(self.text)
        table = {name: (args, res) for name, args, res, _ in _ffi.FUNCTIONS}
        self.assertEqual(sorted(funcs), sorted(table),
                         "the ctypes table and the header declare different functions")
        for name, (ret, params) in funcs.items():
            args, res = table[name]
            self.assertEqual(len(args), len(params), f"{name}: parameter count")
            want_ret = expected_ctype(ret)
            self.assertEqual(res, want_ret, f"{name}: return type {ret}")
            for i, (param, arg) in enumerate(zip(params, args)):
                want = expected_ctype(c_type_of(param))
                if isinstance(want, tuple):
                    self.assertIn(arg, want, f"{name}: parameter {i} ({param})")
                else:
                    self.assertEqual(arg, want, f"{name}: parameter {i} ({param})")

    def test_struct_layouts_match(self) -> None:
        for c_name, py in STRUCT_TYPES.items():
            m = re.search(r"typedef\s+struct\s+" + c_name + r"\s*\{(.*?)\}\s*" + c_name + ";",
                          self.text, re.S)
            assert m is not None, c_name
            fields = [f.strip() for f in m.group(1).split(";") if f.strip()]
            c_fields = [re.split(r"[\s*]+", f)[-1] for f in fields]
            self.assertEqual(c_fields, [f[0] for f in py._fields_], c_name)

    def test_the_drift_test_sees_a_drift(self) -> None:
        # Guard against a parser that silently matches nothing.
        broken = self.text.replace("ATENSI_NOT_FOUND = 2", "ATENSI_NOT_FOUND = 22")
        self.assertNotEqual(parse_enums(broken)["atensi_status"]["ATENSI_NOT_FOUND"],
                            int(_constants.Status.NOT_FOUND))
        self.assertGreaterEqual(len(parse_functions(self.text)), 30)


if __name__ == "__main__":
    unittest.main()
