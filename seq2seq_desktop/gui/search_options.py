"""The Translate tab's *Advanced* fold-out: the search settings beside the beam width.

``SearchOptionsBox`` holds the length penalty, the maximum length ratio, the n-best count, the
no-repeat n-gram size and the reverse-model check, and builds the ``DecodeConfig`` for a beam
width the panel passes in (the beam slider stays in the panel's top row).  It only collects:
``changed`` says that a setting which changes the result was edited, and the panel decides
whether to translate again.

The n-best count the user chose is kept apart from the value shown, which is clamped to the beam
width (``set_beam_width``), so beam 1 and back restores it.
"""
from __future__ import annotations

import logging

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QDoubleSpinBox, QHBoxLayout, QLabel, QSpinBox, QWidget
from superqt import QCollapsible
from superqt.utils import signals_blocked

from .settings import Settings

__all__ = ["SearchOptionsBox"]

logger = logging.getLogger(__name__)


class SearchOptionsBox(QCollapsible):
    """The *Advanced* search settings of the Translate tab (objectName ``advancedBox``).

    Signals
    -------
    changed()
        The length penalty, length ratio, n-best count, no-repeat size or the reverse-model
        check was changed by the user (not by ``set_beam_width`` clamping the n-best count).
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent=parent)
        self.setText(self.tr("Advanced"))
        self.setObjectName("advancedBox")
        self._nbest_wanted = 1  # the user's n-best; the spin box shows it clamped to the beam width
        self.alpha_spin = QDoubleSpinBox(objectName="alphaSpin", minimum=0.0, maximum=2.0, singleStep=0.1, decimals=2)
        self.alpha_spin.setToolTip(self.tr("Length penalty: hypotheses are ranked by score / length^alpha"))
        self.ratio_spin = QDoubleSpinBox(objectName="maxLenRatioSpin", minimum=0.5, maximum=5.0, singleStep=0.1,
                                         decimals=1)
        self.ratio_spin.setToolTip(self.tr("Maximum output length as a multiple of the input length"))
        self.nbest_spin = QSpinBox(objectName="nbestSpin", minimum=1, maximum=16)
        self.nbest_spin.setToolTip(self.tr("How many alternatives to keep (at most the beam width)"))
        self.nbest_spin.valueChanged.connect(self._on_nbest)
        self.norepeat_spin = QSpinBox(objectName="noRepeatSpin", minimum=0, maximum=6)
        self.norepeat_spin.setSpecialValueText(self.tr("off"))
        self.norepeat_spin.setToolTip(self.tr("Forbid repeating any n-gram of this size (0 = off)"))
        self.reverse_check = QCheckBox(self.tr("Check with reverse model"), objectName="reverseCheck")
        self.reverse_check.setToolTip(self.tr(
            "Among the beam's translations, prefer the one from which the opposite-direction model best "
            "recovers your text (catches dropped or wrong words; about 1.5x slower)"))
        adv = QWidget()
        form = QHBoxLayout(adv)
        form.setContentsMargins(0, 0, 0, 0)
        for label, w in ((self.tr("Length penalty \u03b1"), self.alpha_spin),
                         (self.tr("Max length ratio"), self.ratio_spin),
                         (self.tr("Alternatives (n-best)"), self.nbest_spin),
                         (self.tr("No-repeat n-gram"), self.norepeat_spin)):
            form.addWidget(QLabel(label))
            form.addWidget(w)
            form.addSpacing(10)
        form.addWidget(self.reverse_check)
        form.addStretch(1)
        for spin in (self.alpha_spin, self.ratio_spin, self.norepeat_spin):
            spin.valueChanged.connect(self._on_changed)
        self.reverse_check.toggled.connect(self._on_changed)
        self.setDuration(0)
        self.setCollapsedIcon("\u25b8")
        self.setExpandedIcon("\u25be")
        self.addWidget(adv)

    def apply_settings(self, s: Settings) -> None:
        """Show the search settings of ``s`` (the n-best count is clamped at the next ``set_beam_width``)."""
        self._nbest_wanted = int(s.n_best)
        self.alpha_spin.setValue(s.alpha)
        self.ratio_spin.setValue(s.max_len_ratio)
        self.norepeat_spin.setValue(s.no_repeat_ngram)
        self.reverse_check.setChecked(s.reverse_rerank)

    def store_settings(self, s: Settings) -> None:
        """Copy the current search settings into ``s``."""
        s.alpha = float(self.alpha_spin.value())
        s.max_len_ratio = float(self.ratio_spin.value())
        s.n_best = int(self._nbest_wanted)  # what the user chose, not the value clamped to the beam
        s.no_repeat_ngram = int(self.norepeat_spin.value())
        s.reverse_rerank = self.reverse_check.isChecked()

    def set_beam_width(self, beam: int) -> None:
        """Clamp the n-best count shown to ``beam``; the user's choice is kept for a wider beam."""
        with signals_blocked(self.nbest_spin):  # clamping must not overwrite the user's choice
            self.nbest_spin.setMaximum(max(1, int(beam)))
            self.nbest_spin.setValue(min(self._nbest_wanted, max(1, int(beam))))

    def decode_config(self, beam: int):
        """``DecodeConfig`` for beam width ``beam`` and these settings (n-best is clamped to the beam)."""
        from seq2seq_desktop.core.config import REVERSE_WEIGHT, DecodeConfig

        beam = int(beam)
        cfg = DecodeConfig(beam_width=beam, alpha=float(self.alpha_spin.value()),
                           n_best=min(int(self.nbest_spin.value()), beam),
                           max_len_ratio=float(self.ratio_spin.value()),
                           no_repeat_ngram=int(self.norepeat_spin.value()),
                           reverse_weight=REVERSE_WEIGHT if self.reverse_check.isChecked() else 0.0)
        cfg.validate()
        return cfg

    def _on_nbest(self, value: int) -> None:
        self._nbest_wanted = int(value)
        self.changed.emit()

    def _on_changed(self, *_args) -> None:
        self.changed.emit()
