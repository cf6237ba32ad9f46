# Copyright 2026 The atensi Authors. SPDX-License-Identifier: Apache-2.0
"""Ownership of C handles: close(), context managers and finalizers."""
from __future__ import annotations

import ctypes
import datetime
import weakref
from typing import Any, Callable, Optional

from . import errors
from ._constants import Status
from ._ffi import CDate


class Handle:
    """Owns one C handle and destroys it exactly once.

    The handle is destroyed by close(), by leaving a ``with`` block, or by the
    finalizer when the object is garbage-collected, whichever comes first.
    Children keep a reference to their parent (``_parent``) so a parent is
    never destroyed while a child still needs it.
    """

    def __init__(self, ptr: Any, destroy: Callable[[Any], None],
                 parent: Optional["Handle"] = None) -> None:
        self._ptr = ptr
        self._parent = parent
        # The finalizer holds the pointer object itself; destroy(byref(ptr)) sets
        # it to NULL, so later calls through self._ptr fail as MisuseError in C.
        self._finalizer = weakref.finalize(self, _destroy, destroy, ptr)

    def close(self) -> None:
        """Destroys the C handle now. Idempotent."""
        self._finalizer()

    @property
    def closed(self) -> bool:
        return not self._finalizer.alive

    def _handle(self) -> Any:
        if self.closed:
            raise errors.MisuseError(f"{type(self).__name__} is closed", code=Status.MISUSE,
                                     reason="python.closed")
        return self._ptr

    def __enter__(self) -> "Handle":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _destroy(destroy: Callable[[Any], None], ptr: Any) -> None:
    destroy(ctypes.byref(ptr))


def to_cdate(value: datetime.date, field: str) -> CDate:
    """A datetime.date as atensi_date."""
    if isinstance(value, datetime.datetime) or not isinstance(value, datetime.date):
        raise errors.InvalidArgumentError(f"{field} must be a datetime.date",
                                          code=Status.INVALID_ARGUMENT, reason="python.type",
                                          field=field)
    return CDate(value.year, value.month, value.day)


def from_cdate(d: CDate) -> datetime.date:
    """An atensi_date as datetime.date."""
    return datetime.date(d.year, d.month, d.day)
