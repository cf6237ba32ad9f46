# Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
"""Options for opening a database (atensi_open_options)."""
from __future__ import annotations

import ctypes
import datetime
from dataclasses import dataclass
from typing import Optional

from . import _ffi
from ._constants import OPEN_CREATE, OPEN_OPTIONS_VERSION


def to_unix_ms(t: datetime.datetime) -> int:
    """A timezone-aware datetime as milliseconds since 1970-01-01 UTC."""
    if t.tzinfo is None:
        raise ValueError("instants must be timezone-aware datetimes")
    return int(round(t.timestamp() * 1000))


@dataclass
class OpenOptions:
    """How to open a database. Defaults come from the library (atensi_open_options_init)."""

    create: bool = True
    busy_timeout_ms: int = 5000
    #: None: the system clock stamps audit events. Otherwise a fixed clock
    #: starting at this instant, moved by Database.set_time (tests, replays).
    fixed_clock: Optional[datetime.datetime] = None
    #: 0: random record ids; otherwise a seed for reproducible ids.
    id_seed: int = 0

    @classmethod
    def defaults(cls) -> "OpenOptions":
        c = cls._c_defaults()
        return cls(create=bool(c.flags & OPEN_CREATE), busy_timeout_ms=c.busy_timeout_ms,
                   id_seed=c.id_seed)

    @staticmethod
    def _c_defaults() -> _ffi.COpenOptions:
        c = _ffi.COpenOptions()
        _ffi.lib().atensi_open_options_init(ctypes.byref(c), OPEN_OPTIONS_VERSION)
        return c

    def to_c(self) -> _ffi.COpenOptions:
        """The C struct, initialised by the library, then filled from this object."""
        c = self._c_defaults()
        c.flags = OPEN_CREATE if self.create else 0
        c.busy_timeout_ms = int(self.busy_timeout_ms)
        c.fixed_clock_ms = 0 if self.fixed_clock is None else to_unix_ms(self.fixed_clock)
        c.id_seed = int(self.id_seed)
        return c
