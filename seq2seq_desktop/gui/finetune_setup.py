"""First page of the fine-tuning dialog: the user's pairs and the training settings.

``FineTuneSetup`` shows the base model, a ``PairsEditor`` (open, paste, drop, type; problems shown
per line, fix or skip), the explicit direction of the pairs (a header naming the column languages
picks it), the counts of pairs to train on and to hold out, the main settings and an *Advanced*
fold-out (``superqt.QCollapsible``), and *Start training* / *Close*.  It only collects:
``config()`` returns the ``FineTuneConfig`` of the controls.  The dialog connects the buttons
(the replay button included: it asks for the file), writes the counts and the status line, and
decides whether *Start* is enabled.
"""
from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from superqt import QCollapsible

from seq2seq_desktop.training.finetune import FineTuneConfig

from .directions import language_name
from .pairs_editor import PairsEditor

__all__ = ["FineTuneSetup"]

logger = logging.getLogger(__name__)


class FineTuneSetup(QWidget):
    """The pairs table and the settings of a fine-tuning run for the model described by ``info``.

    Parameters
    ----------
    info : PackageInfo
        The base model's package info (name, source and target language).
    parent : QWidget or None
    """

    def __init__(self, info, parent: QWidget | None = None):
        super().__init__(parent)
        self.info = i = info
        title = QLabel(self.tr("Base model: <b>%1</b> (%2 \u2192 %3)").replace("%1", i.name)
                       .replace("%2", language_name(i.source_lang)).replace("%3", language_name(i.target_lang)))
        self.editor = PairsEditor()
        self.editor.languagesDetected.connect(self._on_languages)
        self.direction_combo = QComboBox(objectName="directionCombo")
        self._dir_langs = [(i.source_lang, i.target_lang), (i.target_lang, i.source_lang)]
        for a, b in self._dir_langs:
            self.direction_combo.addItem(self.tr("%1 \u2192 %2  (first column %1)").replace(
                "%1", language_name(a)).replace("%2", language_name(b)), f"{a}-{b}")
        self.direction_combo.currentIndexChanged.connect(self._on_direction)
        self.counts_label = QLabel(objectName="pairCountsLabel")

        self.test_edit = QLineEdit(objectName="testSentenceEdit",
                                   placeholderText=self.tr("A sentence to re-translate after every epoch"))
        self.epochs_spin = QSpinBox(objectName="epochsSpin", minimum=0, maximum=1000, value=0)
        self.epochs_spin.setSpecialValueText(self.tr("Auto"))
        self.lr_spin = QDoubleSpinBox(objectName="lrSpin", decimals=5, minimum=0.00001, maximum=0.1,
                                      singleStep=0.0001, value=FineTuneConfig.lr)
        self.batch_spin = QSpinBox(objectName="batchSpin", minimum=1, maximum=1024, value=FineTuneConfig.batch_size)
        self.val_spin = QSpinBox(objectName="valSplitSpin", minimum=1, maximum=50, suffix=" %",
                                 value=round(100 * FineTuneConfig.val_split))
        form = QFormLayout()
        form.addRow(self.tr("Pairs are:"), self.direction_combo)
        form.addRow(self.tr("Test sentence:"), self.test_edit)
        form.addRow(self.tr("Epochs:"), self.epochs_spin)
        form.addRow(self.tr("Learning rate:"), self.lr_spin)
        form.addRow(self.tr("Batch size:"), self.batch_spin)
        form.addRow(self.tr("Held out for checking:"), self.val_spin)

        self.advanced = QCollapsible(self.tr("Advanced"))
        self.advanced.setObjectName("advancedSection")
        adv = QWidget()
        af = QFormLayout(adv)
        self.freeze_check = QCheckBox(self.tr("Freeze the encoder (train the decoder only)"), objectName="freezeCheck")
        self.keep_best_check = QCheckBox(self.tr("Keep the epoch with the lowest validation loss"),
                                         objectName="keepBestCheck")
        self.replay_button = QPushButton(self.tr("Choose replay file\u2026"), objectName="replayButton")
        self.replay_label = QLabel(self.tr("No replay file (the bundled models do not ship their training data)."),
                                   objectName="replayLabel", wordWrap=True)
        self.replay_spin = QDoubleSpinBox(objectName="replaySpin", minimum=0.0, maximum=10.0, singleStep=0.1,
                                          value=FineTuneConfig.replay_fraction)
        self.minutes_spin = QDoubleSpinBox(objectName="maxMinutesSpin", minimum=0.0, maximum=1440.0, value=0.0)
        self.minutes_spin.setSpecialValueText(self.tr("no limit"))
        self.beam_spin = QSpinBox(objectName="evalBeamSpin", minimum=1, maximum=16, value=FineTuneConfig.eval_beam)
        af.addRow(self.freeze_check)
        af.addRow(self.keep_best_check)
        af.addRow(self.tr("Replay original-style pairs:"), self.replay_button)
        af.addRow(self.replay_label)
        af.addRow(self.tr("Replay pairs per new pair:"), self.replay_spin)
        af.addRow(self.tr("Stop after (minutes):"), self.minutes_spin)
        af.addRow(self.tr("Beam for the before/after check:"), self.beam_spin)
        self.advanced.addWidget(adv)

        self.start_button = QPushButton(self.tr("&Start training"), objectName="startButton", default=True)
        self.close_button = QPushButton(self.tr("Close"), objectName="closeButton")
        self.status_label = QLabel(objectName="pairsStatusLabel", wordWrap=True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status_label, 1)
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.close_button)

        self.editor.setMinimumHeight(220)
        settings = QHBoxLayout()
        settings.addLayout(form, 1)
        settings.addWidget(self.advanced, 1, Qt.AlignmentFlag.AlignTop)
        lay = QVBoxLayout(self)
        lay.addWidget(title)
        lay.addWidget(self.editor, 1)
        lay.addWidget(self.counts_label)
        lay.addLayout(settings)
        lay.addLayout(buttons)
        self._on_direction()

    def config(self) -> FineTuneConfig:
        """The settings as chosen on this page."""
        direction = self.direction_combo.currentData()
        model_dir = f"{self.info.source_lang}-{self.info.target_lang}"
        return FineTuneConfig(
            epochs=self.epochs_spin.value(), lr=self.lr_spin.value(), batch_size=self.batch_spin.value(),
            val_split=self.val_spin.value() / 100, freeze_encoder=self.freeze_check.isChecked(),
            keep_best=self.keep_best_check.isChecked(), replay_fraction=self.replay_spin.value(),
            max_minutes=self.minutes_spin.value(), direction=None if direction == model_dir else direction,
            test_sentence=self.test_edit.text().strip(), eval_beam=self.beam_spin.value())

    def _on_languages(self, langs) -> None:
        idx = self.direction_combo.findData("-".join(langs))
        if idx >= 0:
            self.direction_combo.setCurrentIndex(idx)

    def _on_direction(self, *_args) -> None:
        a, b = self._dir_langs[max(0, self.direction_combo.currentIndex())]
        self.editor.set_column_labels(language_name(a), language_name(b))
