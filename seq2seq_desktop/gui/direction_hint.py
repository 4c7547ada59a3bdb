"""The Translate tab's wrong-direction hint: "This looks like Japanese. Translate Japanese → English instead?"

``DirectionHint.update_for(text, direction)`` shows the hint when ``core.protect.wrong_script``
says the text is clearly written in the direction's *target* language, and hides it otherwise.
The check is torch-free and cheap; the panel calls it debounced while the user types and at once
when the direction changes.  The *Swap* button only emits ``swapRequested``: the panel swaps.
Ignoring the hint changes nothing: translation runs as usual.
"""
from __future__ import annotations

import logging

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from seq2seq_desktop.core.protect import wrong_script

__all__ = ["DirectionHint", "CHECK_CHARS"]

logger = logging.getLogger(__name__)

#: the check reads this many characters at most: enough to tell a language, cheap on every keystroke
CHECK_CHARS = 2000
_LANGUAGE = {"en": QT_TRANSLATE_NOOP("Language", "English"), "ja": QT_TRANSLATE_NOOP("Language", "Japanese")}


def _language(code: str) -> str:
    return QCoreApplication.translate("Language", _LANGUAGE[code])


class DirectionHint(QFrame):
    """One-line hint with a Swap button (objectName ``wrongDirectionHint``), hidden until needed.

    Signals
    -------
    swapRequested()
        The user clicked *Swap* (objectName ``swapDirectionButton``).
    """

    swapRequested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("wrongDirectionHint")
        self.setStyleSheet("QFrame#wrongDirectionHint { border-radius: 4px; background: rgba(70, 140, 255, 45); }")
        self.label = QLabel(objectName="wrongDirectionLabel")
        self.swap_button = QPushButton(self.tr("Swap"), objectName="swapDirectionButton")
        self.swap_button.clicked.connect(self.swapRequested)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(8, 3, 8, 3)
        lay.addWidget(self.label, 1)
        lay.addWidget(self.swap_button)
        self.hide()

    def update_for(self, text: str, direction: str) -> bool:
        """Show or hide the hint for ``text`` in ``direction`` (``"en-ja"``); return whether it is shown."""
        source, _, target = (direction or "").partition("-")
        wrong = (source in _LANGUAGE and target in _LANGUAGE and bool(text.strip())
                 and wrong_script(text[:CHECK_CHARS], source))
        if wrong:
            self.label.setText(self.tr("This looks like %1. Translate %1 \u2192 %2 instead?").replace(
                "%1", _language(target)).replace("%2", _language(source)))
        self.setVisible(wrong)
        return wrong
