# Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
"""Options for opening a database (atensi_open_options)."""
from __future__ import annotations

import ctypes
from dataclasses import dataclass

from . import _ffi
from ._constants import OPEN_CREATE, OPEN_OPTIONS_VERSION, OPEN_READ_ONLY


@dataclass
class OpenOptions:
    """How to open a database. Defaults come from the library (atensi_open_options_init)."""

    create: bool = True
    read_only: bool = False
    busy_timeout_ms: int = 5000

    @classmethod
    def defaults(cls) -> "OpenOptions":
        c = cls._c_defaults()
        return cls(create=bool(c.flags & OPEN_CREATE), read_only=bool(c.flags & OPEN_READ_ONLY),
                   busy_timeout_ms=c.busy_timeout_ms)

    @staticmethod
    def _c_defaults() -> _ffi.COpenOptions:
        c = _ffi.COpenOptions()
        _ffi.lib().atensi_open_options_init(ctypes.byref(c), OPEN_OPTIONS_VERSION)
        return c

    def to_c(self) -> _ffi.COpenOptions:
        """The C struct, initialised by the library, then filled from this object."""
        c = self._c_defaults()
        c.flags = (OPEN_CREATE if self.create else 0) | (OPEN_READ_ONLY if self.read_only else 0)
        c.busy_timeout_ms = int(self.busy_timeout_ms)
        return c
