"""The Dialog tab's transcript: a scrolling column of chat bubbles.

``ChatTranscript`` shows the user's messages on the right (in the highlight colour), the bot's
replies on the left and the app's own remarks (which model answers, why a message got no reply)
centred in italics.  Bubbles are at most 3/4 of the width, sized by their text, and follow
light/dark palette changes; the view keeps to the bottom while a reply streams in unless the user
scrolled up.  The panel replaces the last bubble's text as the reply grows (``set_last_text``); a
``provisional`` text (a candidate that may not be the reply) is shown in italics.
"""
from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

__all__ = ["ChatTranscript"]

logger = logging.getLogger(__name__)


class ChatTranscript(QScrollArea):
    """Scrollable list of chat bubbles (objectName ``chatTranscript``)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("chatTranscript")
        self.setWidgetResizable(True)
        self._inner = QWidget(objectName="chatTranscriptInner")
        self._inner.setAutoFillBackground(True)
        self._inner.setBackgroundRole(self._inner.palette().ColorRole.Base)
        self._layout = QVBoxLayout(self._inner)
        self._layout.addStretch(1)
        self.setWidget(self._inner)
        self._messages: list[tuple[str, QLabel]] = []
        self._stick = True
        self.verticalScrollBar().rangeChanged.connect(self._on_range)
        self.verticalScrollBar().valueChanged.connect(
            lambda v: setattr(self, "_stick", v >= self.verticalScrollBar().maximum() - 4))

    def add_message(self, speaker: str, text: str) -> QLabel:
        """Append a bubble; ``speaker`` is ``"user"``, ``"bot"`` or ``"note"`` (the app's own remark,
        such as which model answers, centred)."""
        bubble = QLabel(text, wordWrap=True, objectName=f"{speaker}Bubble")
        bubble.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        bubble.setTextFormat(Qt.TextFormat.PlainText)
        row = QHBoxLayout()
        if speaker == "user":
            row.addStretch(1)
            row.addWidget(bubble)
        elif speaker == "note":
            row.addStretch(1)
            row.addWidget(bubble)
            row.addStretch(1)
        else:
            row.addWidget(bubble)
            row.addStretch(1)
        self._layout.insertLayout(self._layout.count() - 1, row)
        self._messages.append((speaker, bubble))
        self._style(speaker, bubble)
        self._fit(bubble)
        self._stick = True
        return bubble

    def set_last_text(self, text: str, tooltip: str = "", provisional: bool = False) -> None:
        """Replace the text of the last bubble (streaming); ``provisional`` text (a candidate) is in italics."""
        if self._messages:
            bubble = self._messages[-1][1]
            bubble.setText(text)
            bubble.setToolTip(tooltip)
            font = bubble.font()
            if font.italic() != provisional:
                font.setItalic(provisional)
                bubble.setFont(font)
            self._fit(bubble)

    def last_is_provisional(self) -> bool:
        """Whether the last bubble shows a candidate rather than a reply."""
        return bool(self._messages) and self._messages[-1][1].font().italic()

    def _max_width(self) -> int:
        return max(240, int(self.viewport().width() * 0.75))

    def _fit(self, bubble: QLabel) -> None:
        """Word-wrapped labels pick a narrow width on their own: size bubbles by their text."""
        longest = max((bubble.fontMetrics().horizontalAdvance(line) for line in bubble.text().splitlines()), default=0)
        bubble.setMaximumWidth(self._max_width())
        bubble.setMinimumWidth(min(longest + 26, self._max_width()))

    def messages(self) -> list[dict]:
        """``[{"speaker": ..., "text": ...}, ...]`` in order."""
        return [{"speaker": s, "text": b.text()} for s, b in self._messages]

    def clear(self) -> None:
        """Remove every bubble."""
        while self._layout.count() > 1:
            item = self._layout.takeAt(0)
            row = item.layout()
            while row is not None and row.count():
                w = row.takeAt(0).widget()
                if w is not None:
                    w.deleteLater()
        self._messages.clear()

    def _style(self, speaker: str, bubble: QLabel) -> None:
        pal = self.palette()
        if speaker == "note":
            bubble.setStyleSheet(f"QLabel {{ color: {pal.color(pal.ColorRole.PlaceholderText).name()};"
                                 " font-style: italic; padding: 2px 6px; }")
            return
        if speaker == "user":
            bg, fg = pal.color(pal.ColorRole.Highlight), pal.color(pal.ColorRole.HighlightedText)
        else:
            base, fg = pal.color(pal.ColorRole.Base), pal.color(pal.ColorRole.Text)
            bg = base.darker(112) if base.lightness() > 128 else base.lighter(160)
        bubble.setStyleSheet(f"QLabel {{ background: {bg.name()}; color: {fg.name()}; border-radius: 10px;"
                             " padding: 7px 11px; }")

    def _on_range(self, _lo: int, hi: int) -> None:
        if self._stick:
            self.verticalScrollBar().setValue(hi)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        """Keep bubbles at most 3/4 of the width."""
        super().resizeEvent(event)
        for _, bubble in self._messages:
            self._fit(bubble)

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        """Follow light/dark palette changes."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            for speaker, bubble in self._messages:
                self._style(speaker, bubble)
