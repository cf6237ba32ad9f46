# Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
"""The compiled-in Kemendagri region table (kode wilayah)."""
from __future__ import annotations

import ctypes
from dataclasses import dataclass
from typing import Iterator, Optional

from . import _ffi
from ._constants import RegionKind, RegionLevel, Status
from ._handle import Handle


@dataclass(frozen=True)
class Region:
    """One row of the official region table."""

    code: str  #: dotted, e.g. "15.03"
    name: str  #: official name, e.g. "Kabupaten Sarolangun"
    level: RegionLevel
    kind: RegionKind
    child_count: int


class RegionQuery(Handle):
    """A region result set, iterated once; closes itself when exhausted.

    >>> with atensi.region_children("15.03") as q:
    ...     names = [r.name for r in q]
    """

    def __init__(self, ptr: "ctypes._Pointer[_ffi.CRegions]") -> None:
        super().__init__(ptr, _ffi.lib().atensi_regions_destroy)
        n = ctypes.c_size_t()
        _ffi.lib().atensi_regions_count(ctypes.byref(n), ptr)
        self._count = n.value

    def __len__(self) -> int:
        """The total number of rows in the set (also after it is exhausted)."""
        return self._count

    def __iter__(self) -> Iterator[Region]:
        return self

    def __next__(self) -> Region:
        if self.closed:
            raise StopIteration
        lib = _ffi.lib()
        h = self._handle()
        if lib.atensi_regions_next(h) == Status.DONE:
            self.close()
            raise StopIteration
        code, name = ctypes.c_char_p(), ctypes.c_char_p()
        level, kind, children = ctypes.c_int(), ctypes.c_int(), ctypes.c_uint32()
        lib.atensi_regions_code(ctypes.byref(code), h)
        lib.atensi_regions_name(ctypes.byref(name), h)
        lib.atensi_regions_level(ctypes.byref(level), h)
        lib.atensi_regions_kind(ctypes.byref(kind), h)
        lib.atensi_regions_child_count(ctypes.byref(children), h)
        return Region(_ffi.text(code.value), _ffi.text(name.value), RegionLevel(level.value),
                      RegionKind(kind.value), children.value)


def _query(fn_name: str, *args: object) -> RegionQuery:
    ptr = _ffi.RegionsP()
    getattr(_ffi.lib(), fn_name)(ctypes.byref(ptr), *args)
    return RegionQuery(ptr)


def region_lookup(code: str) -> Region:
    """The current region with this code (dotted or undotted).

    Raises InvalidArgumentError ("region.format") or NotFoundError ("region.unknown").
    """
    with _query("atensi_region_lookup", _ffi.cstr(code, "code")) as q:
        return next(q)


def region_children(parent_code: Optional[str] = None) -> RegionQuery:
    """The direct children of a region in code order; the provinces when None."""
    arg = None if parent_code is None else _ffi.cstr(parent_code, "parent_code")
    return _query("atensi_region_children", arg)


def region_search(query: str, limit: int = 20, level: RegionLevel = RegionLevel.ANY,
                  within: Optional[str] = None) -> RegionQuery:
    """Regions whose name matches `query` (case, spaces and punctuation ignored)."""
    return _query("atensi_region_search", _ffi.cstr(query, "query"), ctypes.c_size_t(limit),
                  int(level), None if within is None else _ffi.cstr(within, "within"))


def region_table_decree() -> str:
    """The decree the compiled-in table follows, e.g. "Kepmendagri 300.2.2-2430/2025"."""
    out = ctypes.c_char_p()
    _ffi.lib().atensi_region_table_decree(ctypes.byref(out))
    return _ffi.text(out.value)
