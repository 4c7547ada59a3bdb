"""The decoding explorer's "Bottleneck" page: why attention matters, measured.

A textbook encoder-decoder without attention must squeeze the whole source sentence into one fixed
vector; the longer the sentence, the more it loses.  ``BottleneckPanel`` loads the teaching model
trained that way (``en-ja-no-attention``, ``ModelConfig.attention == "none"``) on demand and scores
it next to the attention model on the bundled sample sentences, bucketed by source length
(``core.experiments.length_buckets_steps``), in a ``gui.jobs`` worker with progress.
"""
from __future__ import annotations

import logging

import pyqtgraph as pg
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from seq2seq_desktop.core import experiments as ex
from seq2seq_desktop.core.errors import ModelLoadError

from . import jobs
from .core_messages import translate_error
from .experiment_panel import COLORS, PROGRESS_STEPS, ExperimentPage, fmt_number, make_plot, make_table, number_cell

__all__ = ["BottleneckPanel", "TEACHING_MODEL"]

logger = logging.getLogger(__name__)

#: the teaching model without attention that ``BottleneckPanel`` loads on demand
TEACHING_MODEL = "en-ja-no-attention"


def _buckets(engines, pairs):
    """Worker side of the bottleneck comparison: the English -> Japanese sample pairs unless given."""
    return ex.length_buckets_steps(engines, ex.sample_pairs("en", "ja") if pairs is None else pairs)


class BottleneckPanel(ExperimentPage):
    """The context-vector bottleneck: attention vs no attention by sentence length (objectName ``bottleneckPanel``).

    ``pairs`` (English, Japanese) replace the bundled sample sentences.
    """

    #: the teaching model was loaded (an ``Engine``); another page may show it side by side
    teachingModelLoaded = Signal(object)

    def __init__(self, parent: QWidget | None = None, pairs=None):
        super().__init__(parent)
        self.setObjectName("bottleneckPanel")
        self._pairs = pairs
        self._attention = None
        self._note: str | None = None
        self._teaching = None
        self._loader = None
        self._load_job: jobs.Job | None = None
        self.result: dict | None = None
        self._build()
        self._update_state()

    def _build(self) -> None:
        self.intro = QLabel(self.tr(
            "A translation model without attention reads the whole English sentence into one fixed-size vector "
            "and must write the Japanese from that vector alone, like retelling a story from a single note. "
            "Short sentences fit; long ones lose details. An attention model can look back at every source word "
            "while it writes. Compare the two on the sample sentences, grouped by length."),
            objectName="bottleneckIntro", wordWrap=True)
        self.run_button.setText(self.tr("Compare"))
        self.run_button.setToolTip(self.tr(
            "Load the model without attention if needed, then translate the sample sentences with both models"))
        self.cancel_button.setToolTip(self.tr("Stop soon; nothing is changed"))
        self.progress.setToolTip(self.tr("How many sample sentences both models have translated"))
        self.metric_combo = QComboBox(objectName="metricCombo")
        self.metric_combo.addItem("chrF", "chrf")
        self.metric_combo.addItem("BLEU", "bleu")
        self.metric_combo.setToolTip(self.tr(
            "Score to plot: chrF compares characters and stays meaningful for a handful of short sentences; "
            "BLEU compares whole words and phrases"))
        self.metric_combo.currentIndexChanged.connect(self._redraw)
        top = QHBoxLayout()
        top.addWidget(self.run_button)
        top.addWidget(self.cancel_button)
        top.addWidget(self.progress, 1)
        top.addWidget(QLabel(self.tr("Score")))
        top.addWidget(self.metric_combo)
        self.plot = make_plot("bucketPlot", "chrF", self.tr("source length (words)"))
        self.plot.setToolTip(self.tr("Score of each model on the sentences of each length (higher is better)"))
        self.table = make_table("bucketTable", [""] * 5)
        self.table.setToolTip(self.tr("Per length group: how many sentences, and each model's scores "
                                      "(exact = share translated word for word like the reference)"))
        lay = QVBoxLayout(self)
        lay.addWidget(self.intro)
        lay.addLayout(top)
        lay.addWidget(self.status_label)
        lay.addWidget(self.plot, 3)
        lay.addWidget(self.table, 2)

    # ------------------------------------------------------------------ state
    def set_engine(self, role: str, engine=None, note: str | None = None) -> None:
        """Install the attention model (role ``"en-ja"``; other roles are ignored)."""
        if role != "en-ja":
            return
        self._attention, self._note = engine, (None if engine is not None else note)
        self._update_state()

    def set_loader(self, loader) -> None:
        """``loader(name) -> Engine``, called in a worker to load the teaching model on demand."""
        self._loader = loader

    def loaded_engine(self):
        """The teaching model without attention once loaded, else None."""
        return self._teaching

    @property
    def busy(self) -> bool:
        return super().busy or (self._load_job is not None and self._load_job.is_running)

    def _can_run(self) -> bool:
        return self._attention is not None

    def _update_state(self) -> None:
        super()._update_state()
        if self._attention is None and not self.busy:
            self.status_label.setText(self._note or self.tr("The attention model (English \u2192 Japanese) is not "
                                                            "loaded yet."))

    def cancel(self) -> None:
        """Stop the comparison (a model being loaded finishes loading, but nothing is compared)."""
        if self._load_job is not None and self._load_job.is_running:
            self._load_job.cancel()
            self.status_label.setText(self.tr("Stopped."))
        super().cancel()

    # ------------------------------------------------------------------ run
    def run(self) -> jobs.Job | None:
        """Load the teaching model if needed, then compare; None when refused (said in the status line)."""
        if self._attention is None or self.busy:
            return None
        if self._teaching is None:
            return self._load()
        return self._compare()

    def _load(self) -> jobs.Job:
        loader = self._loader
        if loader is None:
            from .loading import default_engine_loader as loader
        self.status_label.setText(self.tr("Loading the model without attention\u2026"))
        self.progress.setRange(0, 0)  # busy indicator: loading has no steps
        # no Qt parent: the thread must be able to outlive a page deleted meanwhile; the page keeps the
        # job until the next load replaces it (from the main thread, never from one of the job's slots)
        job = jobs.call_job(loader, TEACHING_MODEL, name="load-teaching-model")
        job.returned.connect(self._on_loaded)
        job.errored.connect(self._on_load_error)
        job.aborted.connect(self._on_load_aborted)
        job.finished.connect(self._update_state)
        self._load_job = job
        job.start()
        self._update_state()
        return job

    def _on_loaded(self, engine) -> None:
        # self._load_job stays set: dropping the last reference here would delete the job inside its own slot
        self.progress.setRange(0, PROGRESS_STEPS)
        self._teaching = engine
        self.teachingModelLoaded.emit(engine)
        if self._attention is not None:
            self._compare()

    def _on_load_error(self, exc: BaseException) -> None:
        self.progress.setRange(0, PROGRESS_STEPS)
        if isinstance(exc, ModelLoadError):
            self.status_label.setText(self.tr("The teaching model without attention (%1) is not installed, or "
                                              "could not be read.").replace("%1", TEACHING_MODEL))
            self.status_label.setToolTip(translate_error(exc))
        else:
            self._on_error(exc)

    def _on_load_aborted(self) -> None:
        self.progress.setRange(0, PROGRESS_STEPS)

    def _compare(self) -> jobs.Job:
        engines = {self.tr("attention (en-ja)"): self._attention, self.tr("no attention"): self._teaching}
        self.status_label.setToolTip("")
        self.status_label.setText(self.tr("Translating the sample sentences with both models\u2026"))
        job = self._jobs.submit(_buckets, engines, self._pairs, name="length-buckets")
        job.yielded.connect(self._on_progress)
        job.returned.connect(self._on_done)
        job.aborted.connect(self._on_aborted)
        return self._start(job)

    def _on_aborted(self) -> None:
        self.status_label.setText(self.tr("Stopped."))

    def _on_progress(self, p) -> None:
        self.progress.setValue(round(PROGRESS_STEPS * p.done / max(1, p.total)))

    def _on_done(self, result: dict) -> None:
        self.result = result
        self.progress.setValue(PROGRESS_STEPS)
        self.status_label.setText(self.tr("Scores by source length, in words, on %1 sample sentences.")
                                  .replace("%1", str(sum(b.count for b in next(iter(result.values()), [])))))
        self._redraw()

    def series_count(self) -> int:
        """Models plotted (2 after a comparison)."""
        return len(self.plot.getPlotItem().listDataItems())

    def _redraw(self) -> None:
        self.plot.clear()
        key = self.metric_combo.currentData()
        self.plot.setLabel("left", self.metric_combo.currentText())
        result = self.result or {}
        names = list(result)
        first = next(iter(result.values()), [])
        for k, name in enumerate(names):
            color = COLORS[k % len(COLORS)]
            pts = [(i, getattr(b, key)) for i, b in enumerate(result[name]) if b.count]
            self.plot.plot([x for x, _ in pts], [y for _, y in pts], pen=pg.mkPen(color, width=2), symbol="o",
                           symbolSize=8, symbolBrush=color, name=name)
        self.plot.getAxis("bottom").setTicks([[(i, b.label) for i, b in enumerate(first)]])
        top = max((getattr(b, key) or 0.0 for buckets in result.values() for b in buckets), default=0.0)
        self.plot.setYRange(0, max(10.0, 1.1 * top))  # from 0: the gap between the models reads true
        headers = [self.tr("Words"), self.tr("Sentences")]
        for name in names:
            headers += [f"BLEU\n{name}", f"chrF\n{name}", self.tr("Exact %") + f"\n{name}"]
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setRowCount(len(first))
        for i, b in enumerate(first):
            cells = [b.label, str(b.count)]
            for name in names:
                s = result[name][i]
                cells += [fmt_number(s.bleu), fmt_number(s.chrf), fmt_number(None if s.exact is None else 100 * s.exact, 0)]
            for j, text in enumerate(cells):
                self.table.setItem(i, j, number_cell(text))
