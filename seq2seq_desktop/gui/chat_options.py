"""The Dialog tab's top row: which model answers, how replies are decoded, and the conversation buttons.

``ChatOptionsRow`` builds and lays out the controls: the chat model combo (filled by the panel
as models arrive, hidden with its label while there is only one choice), beam search or sampling
(temperature, top-p and an optional fixed seed, shown only for sampling), "Specific replies"
(MMI: prefer replies that answer the message over ones that would fit any message), the number
of context turns, and *New conversation* / *Save transcript…*.  It shows
and stores its part of the ``Settings`` and builds the ``DecodeConfig`` of the next reply for a
beam width the panel passes in (the Translate tab's beam slider drives it).  The panel connects
the combo, the turns spin box and the buttons, and keeps the sessions they act on.
"""
from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QPushButton, QSpinBox, QWidget
from superqt import QLabeledDoubleSlider

from .settings import Settings

__all__ = ["ChatOptionsRow"]

logger = logging.getLogger(__name__)


class ChatOptionsRow(QWidget):
    """The row of controls above the Dialog tab's transcript."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.model_combo = QComboBox(objectName="chatModelCombo", toolTip=self.tr(
            "Which chat model answers. Automatic sends each message to the model of the language it is "
            "written in."))
        self.model_label = QLabel(self.tr("Language"))
        self.mode_combo = QComboBox(objectName="chatModeCombo")
        self.mode_combo.addItem(self.tr("Beam search"), "beam")
        self.mode_combo.addItem(self.tr("Sampling"), "sample")
        self.mode_combo.currentIndexChanged.connect(self._on_mode)
        self.temp_slider = QLabeledDoubleSlider(Qt.Orientation.Horizontal)
        self.temp_slider.setObjectName("chatTemperatureSlider")
        self.temp_slider.setRange(0.05, 2.0)
        self.temp_slider.setToolTip(self.tr("Temperature: lower is more predictable"))
        self.topp_slider = QLabeledDoubleSlider(Qt.Orientation.Horizontal)
        self.topp_slider.setObjectName("chatTopPSlider")
        self.topp_slider.setRange(0.05, 1.0)
        self.topp_slider.setToolTip(self.tr("Top-p (nucleus): sample only from the most likely tokens"))
        self.seed_check = QCheckBox(self.tr("Seed"), objectName="chatSeedCheck",
                                    toolTip=self.tr("Fixed seed: the same input gives the same reply"))
        self.seed_spin = QSpinBox(objectName="chatSeedSpin", minimum=0, maximum=2**31 - 1)
        self.seed_check.toggled.connect(self.seed_spin.setEnabled)
        self.specific_check = QCheckBox(self.tr("Specific replies"), objectName="chatSpecificCheck",
                                        toolTip=self.tr("Prefer replies that answer your message over ones that "
                                                        "would fit any message, such as “I don't know.” (MMI: "
                                                        "the reverse chat model checks each candidate)"))
        self.turns_spin = QSpinBox(objectName="chatTurnsSpin", minimum=1, maximum=6)
        self.turns_spin.setToolTip(self.tr("How many turns the model sees, your new one included"))
        self.new_button = QPushButton(self.tr("New conversation"), objectName="chatNewButton")
        self.save_button = QPushButton(self.tr("Save transcript\u2026"), objectName="chatSaveButton")
        opts = QHBoxLayout(self)
        opts.setContentsMargins(0, 0, 0, 0)
        for w in (self.model_label, self.model_combo, QLabel(self.tr("Decoding")), self.mode_combo):
            opts.addWidget(w)
        self.temp_label, self.topp_label = QLabel(self.tr("Temperature")), QLabel(self.tr("Top-p"))
        for w in (self.specific_check, self.temp_label, self.temp_slider, self.topp_label, self.topp_slider,
                  self.seed_check, self.seed_spin, QLabel(self.tr("Context turns")), self.turns_spin):
            opts.addWidget(w)
        opts.addStretch(1)
        opts.addWidget(self.new_button)
        opts.addWidget(self.save_button)

    def apply_settings(self, s: Settings) -> None:
        """Show the decoding and context settings of ``s`` (the chat model is the panel's to pick)."""
        self.mode_combo.setCurrentIndex(max(0, self.mode_combo.findData(s.chat_mode)))
        self.temp_slider.setValue(s.temperature)
        self.topp_slider.setValue(s.top_p)
        self.seed_check.setChecked(s.seed is not None)
        self.seed_spin.setValue(s.seed if s.seed is not None else 0)
        self.seed_spin.setEnabled(s.seed is not None)
        self.turns_spin.setValue(s.chat_turns)
        self.specific_check.setChecked(s.chat_specific)
        self._on_mode()

    def store_settings(self, s: Settings) -> None:
        """Copy the current decoding and context settings into ``s``."""
        s.chat_mode = self.mode_combo.currentData()
        s.temperature = round(float(self.temp_slider.value()), 3)
        s.top_p = round(float(self.topp_slider.value()), 3)
        s.seed = int(self.seed_spin.value()) if self.seed_check.isChecked() else None
        s.chat_turns = int(self.turns_spin.value())
        s.chat_specific = self.specific_check.isChecked()

    def decode_config(self, beam_width: int):
        """``DecodeConfig`` for the next reply: sampling with these settings, or beam search of ``beam_width``."""
        from seq2seq_desktop.core.config import ANTI_LM_WEIGHT, CHAT_CANDIDATES, CHAT_REVERSE_WEIGHT, DecodeConfig

        specific = self.specific_check.isChecked()
        # the reverse weight is ignored by an engine without a reverse model
        reverse = CHAT_REVERSE_WEIGHT if specific else 0.0
        if self.mode_combo.currentData() == "sample":
            seed = int(self.seed_spin.value()) if self.seed_check.isChecked() else None
            cfg = DecodeConfig(sample=True, beam_width=1, n_best=1, candidates=CHAT_CANDIDATES,
                               temperature=float(self.temp_slider.value()), top_p=float(self.topp_slider.value()),
                               seed=seed, no_repeat_ngram=3, reverse_weight=reverse)
        else:
            cfg = DecodeConfig(beam_width=int(beam_width), n_best=1, no_repeat_ngram=3,
                               anti_lm=ANTI_LM_WEIGHT if specific else 0.0, reverse_weight=reverse)
        cfg.validate()
        return cfg

    def _on_mode(self, *_args) -> None:
        sampling = self.mode_combo.currentData() == "sample"
        for w in (self.temp_label, self.temp_slider, self.topp_label, self.topp_slider, self.seed_check,
                  self.seed_spin):
            w.setVisible(sampling)
