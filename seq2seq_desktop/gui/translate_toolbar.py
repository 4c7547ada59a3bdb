"""The Translate tab's top row: direction, swap, beam width, live translation, Translate / Cancel.

``TranslateToolbar`` only builds and lays out the controls: the direction combo (one item per
``directions.DIRECTION_LABELS`` key, the key as item data), the swap button, the beam width
slider with its "greedy" / "beam" hint (kept current here), "Translate as you type" and the
Translate and Cancel buttons.  The panel connects them and keeps the state (which engine, whether
a translation runs) that enables them.
"""
from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget
from superqt import QLabeledSlider

from .directions import DIRECTION_LABELS, direction_label

__all__ = ["TranslateToolbar"]

logger = logging.getLogger(__name__)


class TranslateToolbar(QWidget):
    """The row of controls above the Translate tab's editors."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.direction_combo = QComboBox(objectName="directionCombo")
        for key in DIRECTION_LABELS:
            self.direction_combo.addItem(direction_label(key), key)
        self.swap_button = QToolButton(objectName="swapButton", text="\u21c4",
                                       toolTip=self.tr("Swap direction and texts (Ctrl+R)"))
        self.beam_slider = QLabeledSlider(Qt.Orientation.Horizontal)
        self.beam_slider.setObjectName("beamSlider")
        self.beam_slider.setRange(1, 16)
        self.beam_slider.setToolTip(self.tr("Beam width: 1 = greedy search; wider beams search more hypotheses"))
        self.beam_slider.setMinimumWidth(160)
        self.beam_hint = QLabel(objectName="beamHint")
        self.beam_slider.valueChanged.connect(self._show_beam_hint)
        self.live_check = QCheckBox(self.tr("Translate as you type"), objectName="liveTranslateCheck")
        self.translate_button = QPushButton(self.tr("Translate"), objectName="translateButton",
                                            toolTip=self.tr("Translate (Ctrl+Return)"))
        self.translate_button.setDefault(True)
        self.cancel_button = QPushButton(self.tr("Cancel"), objectName="cancelButton", toolTip=self.tr("Stop (Esc)"))
        top = QHBoxLayout(self)
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.direction_combo)
        top.addWidget(self.swap_button)
        top.addSpacing(12)
        top.addWidget(QLabel(self.tr("Beam width")))
        top.addWidget(self.beam_slider, 1)
        top.addWidget(self.beam_hint)
        top.addSpacing(12)
        top.addWidget(self.live_check)
        top.addWidget(self.translate_button)
        top.addWidget(self.cancel_button)
        self._show_beam_hint(self.beam_slider.value())

    def _show_beam_hint(self, value: int) -> None:
        self.beam_hint.setText(self.tr("greedy") if value == 1 else self.tr("beam"))
