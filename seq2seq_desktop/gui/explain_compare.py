"""The explorer's Compare page: one sentence through greedy search, beam search and sampling, per model.

``compare_steps(models, text, searches)`` is the page's one worker job: for every model (the
explained one first, then others for the same direction, e.g. a teaching model without attention)
and every search it runs ``Engine.explain_steps`` (the search alone, as the step-through page
shows it) and yields a ``CompareRow`` with the best output, its score, normalised score, length
and time; between rows it yields ``None`` once per decoder step, so a new request cancels it
promptly.  ``ComparePage`` collects the beam width and the sampling settings and renders the rows
in a table.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Generator
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDoubleSpinBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from . import error_dialogs
from .jobs import LatestJob

__all__ = ["ComparePage", "CompareRow", "compare_steps", "model_summary"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class CompareRow:
    """The best output of one search by one model."""

    model: str
    search: str  # "greedy" | "beam" | "sample"
    text: str
    score: float
    norm_score: float
    length: int
    seconds: float
    seed: int | None = None


def compare_steps(models: list[tuple[str, object]], text: str, searches: list) -> Generator[CompareRow | None,
                                                                                              None, list[CompareRow]]:
    """Decode ``text`` with every ``(label, engine)`` of ``models`` and every ``DecodeConfig`` of ``searches``.

    Yields ``None`` per decoder step and a ``CompareRow`` per finished run; returns all rows.
    """
    rows = []
    for label, engine in models:
        for cfg in searches:
            t0 = time.perf_counter()
            gen = engine.explain_steps(text, cfg, top=1)
            while True:
                try:
                    next(gen)
                except StopIteration as stop:
                    trace = stop.value
                    break
                yield None
            seconds = time.perf_counter() - t0
            ranked = trace.ranked()
            best = ranked[0] if ranked else None
            row = CompareRow(model=label, search=trace.mode, text=best.text if best else trace.source,
                             score=best.score if best else 0.0,
                             norm_score=best.norm_score(trace.cfg.alpha) if best else 0.0,
                             length=best.length if best else 0, seconds=seconds,
                             seed=trace.cfg.seed if trace.mode == "sample" else None)
            rows.append(row)
            yield row
    return rows


def model_summary(engine) -> str:
    """The architecture in a few words: "GRU + attention (luong_general)", "GRU, no attention", "Transformer"."""
    cfg = getattr(getattr(engine, "info", None), "model_config", None)
    if cfg is None:
        return ""
    if getattr(cfg, "arch", "rnn") == "transformer":
        return f"Transformer {cfg.enc_layers}+{cfg.dec_layers}"
    rnn = str(getattr(cfg, "rnn_type", "rnn")).upper()
    attention = getattr(cfg, "attention", "")
    if attention == "none":
        return QCoreApplication.translate("ComparePage", "%1, no attention").replace("%1", rnn)
    return QCoreApplication.translate("ComparePage", "%1 + attention (%2)").replace("%1", rnn).replace("%2", attention)


class ComparePage(QWidget):
    """Greedy / beam / sampling side by side, for each model of the direction (objectName ``explainComparePage``)."""

    errorOccurred = Signal(object)
    statusMessage = Signal(str)
    busyChanged = Signal(bool)
    compareFinished = Signal(object)  # list[CompareRow]

    COLUMNS = ("model", "search", "output", "score", "norm", "length", "time")

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("explainComparePage")
        self._models: list[tuple[str, object]] = []
        self._text = ""
        self._jobs = LatestJob(self)
        self.rows: list[CompareRow] = []
        self.beam_spin = QSpinBox(objectName="compareBeamSpin", minimum=2, maximum=16, value=5)
        self.beam_spin.setToolTip(self.tr("Beam width of the beam search row: how many partial outputs it keeps "
                                          "after every step"))
        self.temperature_spin = QDoubleSpinBox(objectName="compareTemperatureSpin", minimum=0.1, maximum=3.0,
                                               singleStep=0.1, decimals=2, value=1.0)
        self.temperature_spin.setToolTip(self.tr("Temperature of the sampling row: below 1 sharpens the "
                                                 "distribution, above 1 flattens it"))
        self.top_p_spin = QDoubleSpinBox(objectName="compareTopPSpin", minimum=0.05, maximum=1.0, singleStep=0.05,
                                         decimals=2, value=0.9)
        self.top_p_spin.setToolTip(self.tr("Top-p of the sampling row: draw only from the likeliest tokens that "
                                           "together reach this probability"))
        self.seed_spin = QSpinBox(objectName="compareSeedSpin", minimum=0, maximum=2**31 - 1, value=0)
        self.seed_spin.setSpecialValueText(self.tr("random"))
        self.seed_spin.setToolTip(self.tr("Seed of the sampling row: the same seed draws the same output again "
                                          "(0 = random)"))
        self.compare_button = QPushButton(self.tr("Compare"), objectName="compareButton")
        self.compare_button.setToolTip(self.tr("Decode the sentence with greedy search, beam search and sampling, "
                                               "with every model for this direction (Ctrl+Return)"))
        self.compare_button.clicked.connect(self.compare)
        self.models_label = QLabel(objectName="compareModelsLabel", wordWrap=True)
        bar = QHBoxLayout()
        for label, w in ((self.tr("Beam width"), self.beam_spin), (self.tr("Temperature"), self.temperature_spin),
                         (self.tr("Top-p"), self.top_p_spin), (self.tr("Seed"), self.seed_spin)):
            bar.addWidget(QLabel(label))
            bar.addWidget(w)
            bar.addSpacing(8)
        bar.addStretch(1)
        bar.addWidget(self.compare_button)
        self.table = QTableWidget(0, len(self.COLUMNS), objectName="compareTable")
        self.table.setHorizontalHeaderLabels([self.tr("Model"), self.tr("Search"), self.tr("Output"), self.tr("Score"),
                                              self.tr("Norm. score"), self.tr("Length"), self.tr("Time")])
        self.table.horizontalHeaderItem(3).setToolTip(self.tr("Sum of the log-probabilities of the output's tokens"))
        self.table.horizontalHeaderItem(4).setToolTip(self.tr("Score / length^\u03b1 (the default \u03b1): what "
                                                              "the beam ranks finished outputs by"))
        self.table.horizontalHeaderItem(5).setToolTip(self.tr("Output tokens, the end token included"))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.status = QLabel(objectName="compareStatusLabel")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addLayout(bar)
        lay.addWidget(self.models_label)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.status)
        self._update_state()

    # --------------------------------------------------------------- input
    def set_input(self, models: list[tuple[str, object]], text: str) -> None:
        """Compare ``text`` across ``models`` (``(label, engine)``, the explained one first) from now on."""
        self._models, self._text = list(models), text
        self._update_state()

    def searches(self) -> list:
        """The three ``DecodeConfig``s compared: greedy, beam (the spin box's width) and one sample."""
        from seq2seq_desktop.core.config import DecodeConfig

        k = int(self.beam_spin.value())
        return [DecodeConfig(beam_width=1, n_best=1, reverse_weight=0.0),
                DecodeConfig(beam_width=k, n_best=k, reverse_weight=0.0),
                DecodeConfig(sample=True, temperature=float(self.temperature_spin.value()),
                             top_p=float(self.top_p_spin.value()), seed=int(self.seed_spin.value()) or None,
                             reverse_weight=0.0)]

    @property
    def busy(self) -> bool:
        """Whether a comparison is running."""
        return self._jobs.busy

    def cancel(self) -> bool:
        """Stop the running comparison; return whether one was running."""
        return self._jobs.cancel()

    def run(self) -> None:
        """Ctrl+Return on this page: compare."""
        self.compare()

    # ------------------------------------------------------------- actions
    def compare(self) -> None:
        """Decode the sentence with every search and model (replaces a running comparison)."""
        if not self._models:
            self.statusMessage.emit(self.tr("No model to compare yet."))
            return
        if not self._text.strip():
            self.statusMessage.emit(self.tr("Type a sentence to compare first."))
            return
        self.rows = []
        self.table.setRowCount(0)
        job = self._jobs.submit(compare_steps, list(self._models), self._text, self.searches(), name="compare")
        job.yielded.connect(self._on_row)
        job.returned.connect(self._on_done)
        job.errored.connect(self._on_error)
        job.aborted.connect(lambda: self.status.setText(self.tr("Cancelled.")))
        job.finished.connect(self._busy_changed)
        self.status.setText(self.tr("Comparing\u2026"))
        job.start()
        self._busy_changed()

    # --------------------------------------------------------------- slots
    def _on_row(self, row: CompareRow | None) -> None:
        if row is None:
            return
        self.rows.append(row)
        names = {"greedy": self.tr("Greedy"), "beam": self.tr("Beam (k = %1)").replace("%1", str(self.beam_spin.value())),
                 "sample": self.tr("Sampling (seed %1)").replace("%1", str(row.seed))}
        values = [row.model, names.get(row.search, row.search), row.text, f"{row.score:.3f}", f"{row.norm_score:.3f}",
                  str(row.length), f"{row.seconds * 1000:.0f} ms"]
        r = self.table.rowCount()
        self.table.insertRow(r)
        for c, value in enumerate(values):
            item = QTableWidgetItem(value)
            if c == 2:
                item.setToolTip(value)
            self.table.setItem(r, c, item)

    def _on_done(self, rows: list[CompareRow]) -> None:
        self.status.setText(self.tr("Compared %1 runs.").replace("%1", str(len(rows))))
        self.compareFinished.emit(rows)

    def _on_error(self, exc: BaseException) -> None:
        _title, message, _details = error_dialogs.describe_error(exc)
        self.status.setText(self.tr("Failed: %1").replace("%1", message.splitlines()[0] if message else ""))
        self.errorOccurred.emit(exc)

    def _update_state(self) -> None:
        labels = [f"{label} ({model_summary(engine)})" if model_summary(engine) else label
                  for label, engine in self._models]
        self.models_label.setText(self.tr("Models: %1").replace("%1", ", ".join(labels)) if labels else
                                  self.tr("No model loaded yet."))
        self.compare_button.setEnabled(bool(self._models))

    def _busy_changed(self) -> None:
        self.busyChanged.emit(self.busy)
