"""The Translate tab's two editors side by side: the source text and its translation.

``TranslateEditors`` is a horizontal splitter with the source editor (a character count against
``MAX_INPUT_CHARS``, red when over, and *Clear* below it) and the read-only translation (a stats
line and *Copy* below it).  It keeps the count current by itself; the panel connects the buttons,
fills the translation (``translate_output.TranslationView``) and says what the stats line shows
(``show_stats`` for a finished translation: sentences, seconds, tokens per second).
``replace_source`` puts a text into the source editor as one undoable edit, so Ctrl+Z brings the
previous text back.
"""
from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPlainTextEdit, QSplitter, QToolButton, QVBoxLayout, QWidget

from seq2seq_desktop.core.config import MAX_INPUT_CHARS

__all__ = ["TranslateEditors"]

logger = logging.getLogger(__name__)


class TranslateEditors(QSplitter):
    """Source and translation editors with their rows of counts and buttons."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.source_edit = QPlainTextEdit(objectName="sourceEdit")
        self.source_edit.setPlaceholderText(self.tr("Type or paste text to translate\u2026"))
        self.source_edit.textChanged.connect(self.update_count)
        self.char_label = QLabel(objectName="charCountLabel")
        self.clear_button = QToolButton(objectName="clearButton", text=self.tr("Clear"))
        self.target_edit = QPlainTextEdit(objectName="targetEdit", readOnly=True)
        self.target_edit.setPlaceholderText(self.tr("Translation"))
        self.target_edit.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                                 | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.copy_button = QToolButton(objectName="copyButton", text=self.tr("Copy"),
                                       toolTip=self.tr("Copy the translation (Ctrl+Shift+C)"))
        self.stats_label = QLabel(objectName="translateStatsLabel")

        self.addWidget(_column(self.source_edit, self.char_label, self.clear_button))
        self.addWidget(_column(self.target_edit, self.stats_label, self.copy_button))
        self.update_count()

    def update_count(self) -> None:
        """Show how many characters the source has, against the limit (red when over)."""
        n = len(self.source_edit.toPlainText())
        text = self.tr("%1 characters").replace("%1", f"{n:,}") + f" / {MAX_INPUT_CHARS:,}"
        self.char_label.setText(text)
        over = n > MAX_INPUT_CHARS
        self.char_label.setStyleSheet("color: #d03030;" if over else "")

    def show_stats(self, result, note: str = "") -> None:
        """"2 sentence(s), 0.31 s, 52.0 tokens/s" for ``result``, then ``note`` if any.

        The engine's rate counts output tokens (pieces), so the line says tokens, not words.
        """
        rate = getattr(result, "words_per_s", 0.0) or 0.0
        n = len(getattr(result, "sentences", []) or [])
        text = self.tr("%1 sentence(s), %2 s").replace("%1", str(n)).replace(
            "%2", f"{getattr(result, 'elapsed', 0.0):.2f}")
        if rate:
            text += ", " + self.tr("%1 tokens/s").replace("%1", f"{rate:.1f}")
        self.stats_label.setText(text + (", " + note if note else ""))

    def replace_source(self, text: str) -> None:
        """Put ``text`` into the source editor as one undoable edit (``setPlainText`` would wipe the undo stack)."""
        cursor = QTextCursor(self.source_edit.document())
        cursor.beginEditBlock()
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.insertText(text)
        cursor.endEditBlock()


def _column(editor, label, button) -> QWidget:
    """An editor over a row holding ``label`` on the left and ``button`` on the right."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(editor, 1)
    row = QHBoxLayout()
    row.addWidget(label)
    row.addStretch(1)
    row.addWidget(button)
    layout.addLayout(row)
    return box
