"""gui.error_dialogs: friendly messages for Seq2SeqError, a traceback otherwise, and the excepthook."""
import sys

from PySide6.QtWidgets import QMessageBox, QWidget

from seq2seq_desktop.core.errors import ConfigError, InputTooLongError, ModelLoadError
from seq2seq_desktop.gui import error_dialogs


def test_describe_error_kinds():
    assert error_dialogs.describe_error(InputTooLongError("too long"))[:2] == ("Input too long", "too long")
    assert error_dialogs.describe_error(ModelLoadError("gone"))[2] is None
    assert error_dialogs.describe_error(ConfigError("bad"))[:2] == ("Could not finish", "bad")
    assert error_dialogs.describe_error(RuntimeError("CUDA out of memory"))[0] == "Out of memory"
    title, _, details = error_dialogs.describe_error(KeyError("x"))
    assert title == "Unexpected error" and "KeyError" in details


def test_show_error_is_non_blocking_with_details_for_the_unexpected(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    friendly = error_dialogs.show_error(parent, ModelLoadError("no such package"))
    assert friendly.isVisible() and friendly.objectName() == "errorMessageBox"
    assert friendly.text() == "no such package" and friendly.detailedText() == ""
    assert friendly.icon() == QMessageBox.Icon.Warning
    friendly.close()
    try:
        raise ValueError("boom")
    except ValueError as exc:
        box = error_dialogs.show_error(parent, exc)
    assert box.icon() == QMessageBox.Icon.Critical and "Traceback" in box.detailedText()
    box.close()


def test_excepthook_logs_and_shows_one_dialog(qtbot, monkeypatch, caplog):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    monkeypatch.setattr(sys, "__excepthook__", lambda *a: None)  # keep stderr quiet
    shown = []
    monkeypatch.setattr(error_dialogs, "show_error", lambda parent, exc: shown.append(exc) or _Box())
    error_dialogs.install_excepthook()
    exc = RuntimeError("uncaught")
    sys.excepthook(RuntimeError, exc, None)
    sys.excepthook(RuntimeError, RuntimeError("second, while the first is open"), None)
    assert shown == [exc]
    assert "uncaught exception" in caplog.text


class _Box:
    """Stands in for the QMessageBox: a ``finished`` signal that never fires."""

    class _Signal:
        def connect(self, _slot):
            pass

    finished = _Signal()
