"""Guard against a Qt-binding refcount bug that would crash the app after a few thousand calls.

PySide6/shiboken6 **6.12.0** on **CPython 3.11** returns ``None`` from every void method (``update``,
``setPen``, ``fillRect``, ...) without taking a reference, so each call drops ``None``'s reference
count by one.  ``None`` starts near 5,000 references; one heatmap repaint makes ~2,000 void
calls, so the interpreter aborts with ``Fatal Python error: none_dealloc`` within seconds.
PySide6 6.11.x does not have the bug, and on CPython >= 3.12 ``None`` is immortal, which makes
it harmless.  The fix is pinning ``PySide6-Essentials==6.11.3`` (and ``shiboken6``); until then
``protect_none`` raises ``None``'s count by 2**40 when the leak is *measured*, the same thing
CPython 3.12 does by design.
"""
from __future__ import annotations

import ctypes
import logging
import sys

__all__ = ["none_refcount_leak", "protect_none"]

logger = logging.getLogger(__name__)


def none_refcount_leak(calls: int = 200) -> int:
    """Count references to ``None`` lost over ``calls`` void Qt calls (0 on a sound binding)."""
    from PySide6.QtCore import QObject

    obj = QObject()
    before = sys.getrefcount(None)
    for _ in range(calls):
        obj.setObjectName("probe")
    return max(0, before - sys.getrefcount(None))


def protect_none() -> bool:
    """If the binding leaks ``None`` references on this interpreter, make ``None`` effectively immortal.

    Returns True when the workaround was applied (and logs an error that says how to fix it).
    """
    leak = none_refcount_leak()
    if not leak or sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return False
    import PySide6

    ctypes.c_ssize_t.from_address(id(None)).value += 2**40  # ob_refcnt is PyObject's first field
    logger.error("PySide6 %s on Python %s leaks a reference to None on every void call (%d in %d calls); "
                 "applied a workaround. Install PySide6-Essentials==6.11.3 to fix it properly.",
                 PySide6.__version__, sys.version.split()[0], leak, 200)
    return True
