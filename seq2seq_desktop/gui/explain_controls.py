"""The decoding explorer's search settings: mode, beam width, alpha, temperature, top-k, top-p, seed.

``SearchControls`` only collects: ``decode_config()`` is the ``DecodeConfig`` the explorer hands
to ``Engine.explain_steps``, and ``decode_key()`` everything of it that changes what the search
does.  Alpha is not part of the key: the beam prunes by raw score and alpha only orders the
finished hypotheses, so moving it re-ranks a recorded decode instead of starting a new one
(``alphaChanged``); every other setting emits ``searchChanged``.  The seed actually drawn by a
sampling run is shown beside the seed box (``set_used_seed``), with a button that copies it in,
so a demo can be replayed exactly.
"""
from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QHBoxLayout, QLabel, QSpinBox, QToolButton, QVBoxLayout, QWidget
from superqt import QLabeledDoubleSlider, QLabeledSlider

__all__ = ["SearchControls", "MODES"]

logger = logging.getLogger(__name__)

#: ``SearchControls.mode()`` values, as ``ExplainTrace.mode`` names them
MODES = ("greedy", "beam", "sample")
SEED_MAX = 2**31 - 1


class SearchControls(QWidget):
    """Two rows of search settings, each with a plain-language tooltip."""

    searchChanged = Signal()
    alphaChanged = Signal(float)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.mode_combo = QComboBox(objectName="explainModeCombo")
        self.mode_combo.addItem(self.tr("Greedy search"), "greedy")
        self.mode_combo.addItem(self.tr("Beam search"), "beam")
        self.mode_combo.addItem(self.tr("Sampling"), "sample")
        self.mode_combo.setToolTip(self.tr(
            "How the next token is picked. Greedy: always the most likely one. Beam search: keep the few "
            "best partial outputs and extend each. Sampling: draw a token at random by its probability."))
        self.beam_slider = QLabeledSlider(Qt.Orientation.Horizontal, objectName="explainBeamSlider")
        self.beam_slider.setRange(2, 16)
        self.beam_slider.setValue(5)
        self.beam_slider.setMinimumWidth(110)
        self.beam_slider.setToolTip(self.tr(
            "Beam width: how many partial outputs the search keeps after every step. Wider beams look "
            "further for a better whole sentence, at the cost of time."))
        self.alpha_slider = QLabeledDoubleSlider(Qt.Orientation.Horizontal, objectName="explainAlphaSlider")
        self.alpha_slider.setRange(0.0, 2.0)
        self.alpha_slider.setSingleStep(0.05)
        self.alpha_slider.setDecimals(2)
        self.alpha_slider.setValue(0.8)
        self.alpha_slider.setMinimumWidth(110)
        self.alpha_slider.setToolTip(self.tr(
            "Length penalty \u03b1: finished outputs are ranked by score / length^\u03b1. Every token lowers the "
            "score, so with \u03b1 = 0 short outputs win; a larger \u03b1 favours longer ones. Moving it re-ranks "
            "the finished outputs without decoding again."))
        self.temperature_spin = QDoubleSpinBox(objectName="explainTemperatureSpin", minimum=0.1, maximum=3.0,
                                               singleStep=0.1, decimals=2, value=1.0)
        self.temperature_spin.setToolTip(self.tr(
            "Temperature (sampling): below 1 sharpens the distribution towards the likeliest tokens, above 1 "
            "flattens it so unlikely tokens are drawn more often."))
        self.top_k_spin = QSpinBox(objectName="explainTopKSpin", minimum=0, maximum=200, value=0)
        self.top_k_spin.setSpecialValueText(self.tr("off"))
        self.top_k_spin.setToolTip(self.tr(
            "Top-k (sampling): draw only from the k likeliest tokens (0 = no limit)."))
        self.top_p_spin = QDoubleSpinBox(objectName="explainTopPSpin", minimum=0.05, maximum=1.0, singleStep=0.05,
                                         decimals=2, value=0.9)
        self.top_p_spin.setToolTip(self.tr(
            "Top-p (sampling, nucleus): draw only from the likeliest tokens that together reach this "
            "probability (1 = no limit)."))
        self.seed_spin = QSpinBox(objectName="explainSeedSpin", minimum=0, maximum=SEED_MAX, value=0)
        self.seed_spin.setSpecialValueText(self.tr("random"))
        self.seed_spin.setToolTip(self.tr(
            "Seed (sampling): the same seed draws the same tokens again, so a demo can be replayed. "
            "0 = a new random seed every run."))
        self.seed_used = QLabel(objectName="explainSeedUsedLabel")
        self.seed_used.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.seed_used.setToolTip(self.tr("The seed this run was drawn with"))
        self.reuse_button = QToolButton(objectName="explainReuseSeedButton", text=self.tr("Keep"))
        self.reuse_button.setToolTip(self.tr("Put the seed of this run into the seed box, so that every run "
                                             "draws the same tokens"))
        self.reuse_button.clicked.connect(self._reuse_seed)
        self._used: int | None = None

        row1 = QHBoxLayout()
        row1.setContentsMargins(0, 0, 0, 0)
        self.beam_label, self.alpha_label = QLabel(self.tr("Beam width")), QLabel(self.tr("Length penalty \u03b1"))
        for w in (QLabel(self.tr("Search")), self.mode_combo, self.beam_label, self.beam_slider, self.alpha_label,
                  self.alpha_slider):
            row1.addWidget(w)
        row2 = QHBoxLayout()
        row2.setContentsMargins(0, 0, 0, 0)
        self.sample_labels = [QLabel(self.tr("Temperature")), QLabel(self.tr("Top-k")), QLabel(self.tr("Top-p")),
                              QLabel(self.tr("Seed"))]
        for label, w in zip(self.sample_labels, (self.temperature_spin, self.top_k_spin, self.top_p_spin,
                                                 self.seed_spin)):
            row2.addWidget(label)
            row2.addWidget(w)
        row2.addWidget(self.seed_used)
        row2.addWidget(self.reuse_button)
        row2.addStretch(1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(4)
        lay.addLayout(row1)
        lay.addLayout(row2)

        self.mode_combo.currentIndexChanged.connect(self._on_mode)
        self.beam_slider.valueChanged.connect(self.searchChanged)
        for spin in (self.temperature_spin, self.top_k_spin, self.top_p_spin, self.seed_spin):
            spin.valueChanged.connect(self.searchChanged)
        self.alpha_slider.valueChanged.connect(lambda v: self.alphaChanged.emit(float(v)))
        self.set_mode("beam")

    # ------------------------------------------------------------ values
    def mode(self) -> str:
        """One of ``MODES``."""
        return self.mode_combo.currentData()

    def set_mode(self, mode: str) -> None:
        """Choose ``"greedy"``, ``"beam"`` or ``"sample"``."""
        self.mode_combo.setCurrentIndex(max(0, self.mode_combo.findData(mode)))
        self._on_mode()

    def alpha(self) -> float:
        """The length penalty alpha of the slider."""
        return float(self.alpha_slider.value())

    def seed(self) -> int | None:
        """The seed box's seed (None: random)."""
        return int(self.seed_spin.value()) or None

    def decode_config(self):
        """``DecodeConfig`` of the controls (the explorer's search: no reverse check)."""
        from seq2seq_desktop.core.config import DecodeConfig

        mode = self.mode()
        beam = int(self.beam_slider.value()) if mode == "beam" else 1
        cfg = DecodeConfig(beam_width=beam, n_best=beam, alpha=self.alpha(), sample=mode == "sample",
                           temperature=float(self.temperature_spin.value()), top_k=int(self.top_k_spin.value()),
                           top_p=float(self.top_p_spin.value()), seed=self.seed() if mode == "sample" else None,
                           reverse_weight=0.0)
        cfg.validate()
        return cfg

    def decode_key(self) -> tuple:
        """What changes the search (everything but alpha): equal keys decode alike."""
        mode = self.mode()
        if mode == "sample":
            return (mode, round(self.temperature_spin.value(), 4), int(self.top_k_spin.value()),
                    round(self.top_p_spin.value(), 4), self.seed())
        return (mode, int(self.beam_slider.value()) if mode == "beam" else 1)

    def set_used_seed(self, seed: int | None) -> None:
        """Show the seed a sampling run was drawn with (None: hide it)."""
        self._used = seed
        shown = seed is not None and self.mode() == "sample"
        self.seed_used.setText(self.tr("used: %1").replace("%1", str(seed)) if shown else "")
        self.seed_used.setVisible(shown)
        self.reuse_button.setVisible(shown and self.seed() != seed)

    # ------------------------------------------------------------- slots
    def _reuse_seed(self) -> None:
        if self._used is not None:
            self.seed_spin.setValue(min(self._used, SEED_MAX))
            self.reuse_button.hide()

    def _on_mode(self, *_args) -> None:
        mode = self.mode()
        self.beam_slider.setEnabled(mode == "beam")
        self.beam_label.setEnabled(mode == "beam")
        sampling = mode == "sample"
        for w in (*self.sample_labels, self.temperature_spin, self.top_k_spin, self.top_p_spin, self.seed_spin):
            w.setEnabled(sampling)
        self.set_used_seed(self._used if sampling else None)
        self.searchChanged.emit()
