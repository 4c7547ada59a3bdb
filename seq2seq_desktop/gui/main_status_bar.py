"""The main window's status bar: messages, the model and device in use, the speed of the last run.

``MainStatusBar`` keeps four permanent widgets on the right: a busy indicator, the model label
(elided in the middle beyond ``STATUS_MODEL_WIDTH``, the whole text leading its tooltip), the
device and the output speed.  ``show_status`` shows a message for a while, elided to the room the
permanent widgets leave, again whenever the bar is resized, with the whole text as the bar's
tooltip; a message from elsewhere (a menu's status tip, a clear) drops that tooltip.  The window
says what to show (``show_model``, ``show_speed``); the bar only renders it.
"""
from __future__ import annotations

import logging

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel, QProgressBar, QSizePolicy, QStatusBar, QWidget

__all__ = ["MainStatusBar", "STATUS_MODEL_WIDTH"]

logger = logging.getLogger(__name__)

STATUS_MODEL_WIDTH = 360  # the model label is elided beyond this (full text in its tooltip)


class MainStatusBar(QStatusBar):
    """Status bar with the model, device and speed labels and a busy indicator."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)  # as QMainWindow's own bar
        self.model_label = QLabel(objectName="statusModelLabel", maximumWidth=STATUS_MODEL_WIDTH)
        self.device_label = QLabel(self.tr("Device: \u2014"), objectName="statusDeviceLabel")
        self.speed_label = QLabel(self.tr("Speed: \u2014"), objectName="statusSpeedLabel")
        self.speed_label.setToolTip(self.tr("Output tokens (SentencePiece pieces) per second of the last run"))
        self.busy_bar = QProgressBar(objectName="statusBusyBar", maximumWidth=120, maximumHeight=14)
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setTextVisible(False)
        self.busy_bar.hide()
        for w in (self.busy_bar, self.model_label, self.device_label, self.speed_label):
            self.addPermanentWidget(w)
        self._full: str | None = None  # the whole text of the message shown (elided there)
        self._shown: str | None = None
        self._timer = QTimer(self, singleShot=True)
        self._timer.timeout.connect(self.clearMessage)
        self.messageChanged.connect(self._on_message_changed)

    def show_status(self, message: str, timeout: int = 5000) -> None:
        """Show ``message`` for ``timeout`` ms (0: until replaced), elided to the room the permanent
        widgets leave (again whenever the bar is resized); the whole text is the bar's tooltip."""
        self._full = message
        self._timer.stop()
        self._show_elided()
        if timeout > 0:
            self._timer.start(timeout)

    def set_model_label(self, text: str, tooltip: str = "") -> None:
        """The model label, elided to ``STATUS_MODEL_WIDTH`` (the whole text leads its tooltip)."""
        shown = self.model_label.fontMetrics().elidedText(text, Qt.TextElideMode.ElideMiddle, STATUS_MODEL_WIDTH - 8)
        self.model_label.setText(shown)
        self.model_label.setToolTip("\n".join(t for t in (text if shown != text else "", tooltip) if t))

    def show_model(self, role: str, engine=None, error: str | None = None, loading: bool = False) -> None:
        """Name the model of ``role`` and its device; else say why there is none (``error``) or that it loads."""
        if engine is not None:
            name = getattr(engine.info, "display_name", None) or engine.info.name
            self.set_model_label(self.tr("Model: %1").replace("%1", f"{name} ({role})"), str(engine.info.path))
            self.device_label.setText(self.tr("Device: %1").replace("%1", engine.device_name))
        elif error is not None:
            self.set_model_label(self.tr("Model: none for %1").replace("%1", role), error)
        elif loading:
            self.set_model_label(self.tr("Loading model\u2026"))
        else:
            self.set_model_label(self.tr("Model: not loaded"))

    def show_speed(self, rate: float) -> None:
        """Output tokens (pieces) per second of the last translation or reply."""
        self.speed_label.setText(self.tr("Speed: %1 tokens/s").replace("%1", f"{rate:.1f}"))

    def _show_elided(self) -> None:
        message = self._full or ""
        shown = message
        if self.isVisible():  # before the first layout the bar has no real width yet
            permanent = sum(w.sizeHint().width() + 8 for w in (self.busy_bar, self.model_label, self.device_label,
                                                                self.speed_label) if not w.isHidden())
            room = max(60, self.width() - permanent - 24)
            shown = self.fontMetrics().elidedText(message, Qt.TextElideMode.ElideRight, room)
        self._shown = shown
        self.setToolTip(message if shown != message else "")
        self.showMessage(shown)

    def _on_message_changed(self, message: str) -> None:
        """Someone else's message (a menu's status tip, a clear): forget ours and its tooltip."""
        if self._full is not None and message != self._shown:
            self._full = self._shown = None
            self._timer.stop()
            self.setToolTip("")

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        """Re-elide the message shown when the bar changes width."""
        if self._full is not None:
            self._show_elided()
        super().resizeEvent(event)
