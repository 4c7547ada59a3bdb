"""Error dialogs: the one place where an exception becomes something the user reads.

* ``describe_error`` turns any exception into ``(title, message, details)``: a ``Seq2SeqError``
  gets its own message in the interface language (``core_messages.translate_error``; no traceback),
  out-of-memory a hint, anything else a traceback in the details.
* ``show_error`` shows that in a non-blocking message box (objectName ``errorMessageBox``); every
  job's ``errored`` ends up here through the panels and dialogs.
* ``install_excepthook`` catches what nothing else did: it logs the exception and shows it with
  ``show_error`` from the UI thread, one dialog at a time (STYLE.md section 2, "Errors").
"""
from __future__ import annotations

import logging
import sys
import traceback

from PySide6.QtCore import QCoreApplication, Qt, QThread
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from .core_messages import translate_error

__all__ = ["describe_error", "show_error", "install_excepthook"]

logger = logging.getLogger(__name__)


def describe_error(exc: BaseException) -> tuple[str, str, str | None]:
    """``(title, message, details)`` for any exception from a job.

    Titles and the out-of-memory hint are translated (context ``ErrorDialogs``), and so is a
    ``Seq2SeqError``'s own message when core raised it from a template (context ``CoreErrors``).
    """
    try:
        from seq2seq_desktop.core.errors import InputTooLongError, ModelLoadError, Seq2SeqError
    except ImportError:  # pragma: no cover - core always ships with the app
        Seq2SeqError = InputTooLongError = ModelLoadError = ()  # type: ignore[assignment]  # noqa: N806
    if Seq2SeqError and isinstance(exc, InputTooLongError):
        return QCoreApplication.translate("ErrorDialogs", "Input too long"), translate_error(exc), None
    if Seq2SeqError and isinstance(exc, ModelLoadError):
        return QCoreApplication.translate("ErrorDialogs", "Model could not be loaded"), translate_error(exc), None
    if Seq2SeqError and isinstance(exc, Seq2SeqError):
        return QCoreApplication.translate("ErrorDialogs", "Could not finish"), translate_error(exc), None
    if isinstance(exc, MemoryError) or "out of memory" in str(exc).lower():
        return (QCoreApplication.translate("ErrorDialogs", "Out of memory"),
                QCoreApplication.translate("ErrorDialogs", "The computer ran out of memory while decoding. Try a "
                                           "smaller beam width, a shorter text, or close other programs."),
                f"{type(exc).__name__}: {exc}")
    details = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    return QCoreApplication.translate("ErrorDialogs", "Unexpected error"), f"{type(exc).__name__}: {exc}", details


def show_error(parent: QWidget | None, exc: BaseException) -> QMessageBox:
    """Show ``exc`` in a non-blocking message box (the window stays usable) and return it."""
    title, message, details = describe_error(exc)
    icon = QMessageBox.Icon.Warning if details is None else QMessageBox.Icon.Critical
    box = QMessageBox(icon, title, message, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("errorMessageBox")
    if details:
        box.setDetailedText(details)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    box.open()
    return box


def install_excepthook() -> None:
    """Log every uncaught exception and show it in a (non-blocking) dialog from the UI thread."""
    showing = []

    def hook(exc_type, exc, tb):
        logger.error("uncaught exception", exc_info=(exc_type, exc, tb))
        if sys.stderr is not None:
            sys.__excepthook__(exc_type, exc, tb)
        app = QApplication.instance()
        in_gui_thread = app is not None and QThread.currentThread() is app.thread()
        if not in_gui_thread or showing or issubclass(exc_type, KeyboardInterrupt):
            return
        showing.append(True)
        try:
            box = show_error(app.activeWindow(), exc)
            box.finished.connect(lambda *_: showing.clear())
        except Exception:  # the hook itself must never raise
            showing.clear()

    sys.excepthook = hook
