"""The Qt binding must not leak references to None (PySide6 6.12.0 on CPython 3.11 does)."""
import sys

import PySide6

from seq2seq_desktop.gui.binding_check import none_refcount_leak


def test_void_qt_calls_keep_none_refcount():
    leak = none_refcount_leak(1000)
    assert leak == 0, (
        f"PySide6 {PySide6.__version__} on Python {sys.version.split()[0]} drops a reference to None on every "
        f"void call ({leak} per 1000): the app aborts with 'none_dealloc' after a few thousand calls. "
        "Pin PySide6-Essentials==6.11.3 and shiboken6==6.11.3 (see gui/binding_check.py).")
