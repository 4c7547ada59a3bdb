"""Second page of the fine-tuning dialog: a training run as it happens.

``FineTuneProgress`` renders the ``TrainProgress`` reports of ``training.finetune.fine_tune``:
the phase ("Preparing…", "Training: epoch 2 of 5"), a progress bar with the time left
(``format_eta``), the loss curve (train per step, validation per epoch) in a pyqtgraph
``PlotWidget``, and the test sentence re-translated after every epoch.  The train curve is redrawn
at most every ``PLOT_INTERVAL`` seconds, since a fast model reports hundreds of batches a second.
It only renders; the dialog runs the job and connects *Cancel*.
"""
from __future__ import annotations

import logging
import math
import time

import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QProgressBar, QPushButton, QVBoxLayout, QWidget

__all__ = ["FineTuneProgress", "format_eta", "PLOT_INTERVAL"]

logger = logging.getLogger(__name__)

#: seconds between redraws of the training curve (a fast model reports hundreds of batches a second)
PLOT_INTERVAL = 0.25


def format_eta(seconds: float | None) -> str:
    """'about 2 min left' style text (translated)."""
    # catalogued under the fine-tuning dialog, whose window shows the text
    if seconds is None:
        return QCoreApplication.translate("FineTuneDialog", "estimating time left\u2026")
    if seconds < 60:
        return QCoreApplication.translate("FineTuneDialog", "about %1 s left").replace("%1", str(max(1, round(seconds))))
    return QCoreApplication.translate("FineTuneDialog", "about %1 min left").replace("%1", str(round(seconds / 60)))


class FineTuneProgress(QWidget):
    """Phase, progress bar, time left, loss curves and the test sentence after each epoch."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._losses: list[tuple[float, float]] = []
        self._last_draw = 0.0
        self._val: list[tuple[float, float]] = []
        self.phase_label = QLabel(objectName="phaseLabel")
        self.progress = QProgressBar(objectName="trainProgress")
        self.eta_label = QLabel(objectName="etaLabel")
        self.plot = pg.PlotWidget(objectName="lossPlot")
        self.plot.setBackground(None)
        self.plot.setLabel("bottom", self.tr("epoch"))
        self.plot.setLabel("left", self.tr("loss per token"))
        self.plot.addLegend()
        self.plot.showGrid(x=True, y=True, alpha=0.2)
        self.train_curve = self.plot.plot([], [], pen=pg.mkPen("#3b82f6", width=2), name=self.tr("train"))
        self.val_curve = self.plot.plot([], [], pen=pg.mkPen("#f97316", width=2), symbol="o", symbolSize=6,
                                        symbolBrush="#f97316", name=self.tr("validation"))
        self.test_list = QListWidget(objectName="testTranslations")
        self.test_list.setMaximumHeight(120)
        self.cancel_button = QPushButton(self.tr("&Cancel"), objectName="cancelButton")
        row = QHBoxLayout()
        row.addWidget(self.progress, 1)
        row.addWidget(self.eta_label)
        row.addWidget(self.cancel_button)
        lay = QVBoxLayout(self)
        lay.addWidget(self.phase_label)
        lay.addLayout(row)
        lay.addWidget(self.plot, 1)
        lay.addWidget(QLabel(self.tr("Test sentence after each epoch:")))
        lay.addWidget(self.test_list)

    def begin(self, test_sentence: bool) -> None:
        """Clear the last run and show a new one as preparing (with a "before" line for the test sentence)."""
        self._losses, self._val = [], []
        self.train_curve.setData([], [])
        self.val_curve.setData([], [])
        self.test_list.clear()
        if test_sentence:
            self.test_list.addItem(self.tr("before: %1").replace("%1", "\u2026"))
        self.progress.setRange(0, 0)
        self.phase_label.setText(self.tr("Preparing\u2026"))
        self.eta_label.setText("")
        self.cancel_button.setEnabled(True)

    def show_progress(self, p) -> None:
        """Render one ``TrainProgress`` report: a phase, a training step or the end of an epoch."""
        if p.event == "phase":
            self.phase_label.setText(p.message)
            return
        if self.progress.maximum() != p.total_steps:
            self.progress.setRange(0, p.total_steps)
        self.progress.setValue(p.step)
        self.eta_label.setText(format_eta(p.eta))
        if p.event == "step":
            current = min(p.epochs, max(1, math.ceil(p.epoch)))
            self.phase_label.setText(self.tr("Training: epoch %1 of %2").replace("%1", str(current))
                                     .replace("%2", str(p.epochs)))
            self._losses.append((p.epoch, p.loss))
            now = time.monotonic()
            if now - self._last_draw >= PLOT_INTERVAL or p.step == p.total_steps:
                self._last_draw = now
                self._draw_train()
        elif p.event == "epoch":
            self._draw_train()
            if p.val_loss is not None:
                self._val.append((p.epoch, p.val_loss))
                xs, ys = zip(*self._val)
                self.val_curve.setData(list(xs), list(ys))
            if p.test_translation is not None:
                self.test_list.addItem(self.tr("epoch %1: %2").replace("%1", f"{p.epoch:g}")
                                       .replace("%2", p.test_translation))
                self.test_list.scrollToBottom()

    def forget(self) -> None:
        """Drop the losses kept for the curves (the dialog is closing)."""
        self._losses, self._val = [], []

    def _draw_train(self) -> None:
        if self._losses:
            xs, ys = zip(*self._losses)
            self.train_curve.setData(list(xs), list(ys))
