"""Two pages of the decoding explorer that measure instead of showing one sentence.

* ``BeamSweepPanel`` answers the tutorials' exercise "what happens to BLEU and time when the beam
  grows from 5 to 20?": it runs ``core.experiments.beam_sweep_steps`` on the bundled sample
  sentences and plots BLEU and sentences per second against the beam width, one curve per length
  penalty alpha, with the numbers in a table that can be saved as CSV (and the plots as PNG).
* ``gui.bottleneck_panel.BottleneckPanel`` (built on this module's ``ExperimentPage``) shows the
  context-vector bottleneck.

Both only collect settings and render what the core generators yield; the work runs in
``gui.jobs`` workers, so the window stays responsive and *Cancel* stops within one chunk of
sentences.  Results already measured stay on screen after a cancel.
"""
from __future__ import annotations

import logging
import re

import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from seq2seq_desktop.core import experiments as ex

from . import error_dialogs, jobs
from .translate_panel import DIRECTION_LABELS, direction_label

__all__ = ["BeamSweepPanel", "ExperimentPage", "parse_alphas", "make_plot", "make_table", "number_cell", "fmt_number",
           "COLORS", "PROGRESS_STEPS"]

logger = logging.getLogger(__name__)

#: one colour per curve (alpha, or model), in order
COLORS = ("#3b82f6", "#f97316", "#10b981", "#a855f7", "#ef4444", "#eab308")
PROGRESS_STEPS = 1000


def _sweep(engine, pairs, beams, alphas):
    """Worker side of a sweep: the sample pairs of the engine's direction (unless given), then the sweep."""
    if pairs is None:
        pairs = ex.sample_pairs(engine.info.source_lang, engine.info.target_lang)
    return ex.beam_sweep_steps(engine, pairs, beams, alphas)


def make_plot(name: str, left: str, bottom: str) -> pg.PlotWidget:
    plot = pg.PlotWidget()  # not PlotWidget(objectName=...): PlotItem plots its keyword arguments
    plot.setObjectName(name)
    plot.setBackground(None)
    plot.setLabel("left", left)
    plot.setLabel("bottom", bottom)
    plot.showGrid(x=True, y=True, alpha=0.2)
    plot.addLegend(offset=(-10, 10))
    return plot


def make_table(name: str, headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers), objectName=name)
    table.setHorizontalHeaderLabels(headers)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    return table


def number_cell(text: str) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


def fmt_number(value: float | None, digits: int = 1) -> str:
    return "\u2013" if value is None else f"{value:.{digits}f}"


def parse_alphas(text: str) -> list[float]:
    """Length penalties from ``"0.6, 0.8 1.0"``, each in [0, 3], duplicates dropped (order kept).

    Raises
    ------
    ValueError
        Nothing given, or a value that is not a number in [0, 3].
    """
    values: list[float] = []
    for part in (p for p in re.split(r"[,\s;]+", text.strip()) if p):
        value = float(part)  # ValueError for "abc"
        if not 0.0 <= value <= 3.0:
            raise ValueError(part)
        if value not in values:
            values.append(value)
    if not values:
        raise ValueError(text)
    return values


class ExperimentPage(QWidget):
    """Run / Cancel, a progress bar and a one-line status shared by both pages.

    Job signals go to bound methods, never lambdas: a lambda connected to a job of a page that
    Python deletes directly (no Qt parent) crashes PySide when the page goes.
    """

    busyChanged = Signal(bool)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._jobs = jobs.LatestJob(self)
        self._was_busy = False
        self.run_button = QPushButton(objectName="runButton")
        self.run_button.clicked.connect(self.run)
        self.cancel_button = QPushButton(self.tr("Cancel"), objectName="cancelButton", enabled=False)
        self.cancel_button.clicked.connect(self.cancel)
        self.progress = QProgressBar(objectName="experimentProgress", maximum=PROGRESS_STEPS, textVisible=False)
        self.status_label = QLabel(objectName="experimentStatus", wordWrap=True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    @property
    def busy(self) -> bool:
        """Whether an experiment (or the model it needs) is being run or loaded."""
        return self._jobs.busy

    @property
    def current_job(self) -> jobs.Job | None:
        """The running job, or None."""
        return self._jobs.current

    def cancel(self) -> None:
        """Stop after the chunk of sentences being translated; what was measured stays."""
        if self._jobs.cancel():
            self.status_label.setText(self.tr("Stopping\u2026"))
            self.cancel_button.setEnabled(False)

    def run(self):  # pragma: no cover - both pages override it
        raise NotImplementedError

    def _start(self, job: jobs.Job) -> jobs.Job:
        job.errored.connect(self._on_error)
        job.finished.connect(self._update_state)
        self.progress.setValue(0)
        job.start()
        self._update_state()
        return job

    def _on_error(self, exc: BaseException) -> None:
        self.status_label.setText(self.tr("Failed."))
        error_dialogs.show_error(self, exc)

    def _update_state(self) -> None:
        busy = self.busy
        self.cancel_button.setEnabled(busy)
        self.run_button.setEnabled(not busy and self._can_run())
        if busy != self._was_busy:
            self._was_busy = busy
            self.busyChanged.emit(busy)

    def _can_run(self) -> bool:
        return True


class BeamSweepPanel(ExperimentPage):
    """BLEU and speed against the beam width (objectName ``beamSweepPanel``).

    ``pairs`` (source, reference) replace the bundled sample sentences of every direction.
    """

    sweepFinished = Signal(object)  # list[SweepRow]

    def __init__(self, parent: QWidget | None = None, pairs=None):
        super().__init__(parent)
        self.setObjectName("beamSweepPanel")
        self._pairs = pairs
        self._engines: dict[str, object] = {}
        self._notes: dict[str, str] = {}
        self.rows: list = []
        self._total = 0
        self._run_direction = "en-ja"  # direction of the rows shown (export file names)
        self._unit = "words"
        self._build()
        self._update_state()

    def _build(self) -> None:
        self.intro = QLabel(self.tr(
            "A wider beam keeps more candidate translations at each step. Does that give better translations, "
            "and what does it cost in time? Run the sample sentences through every beam width and see."),
            objectName="sweepIntro", wordWrap=True)
        self.direction_combo = QComboBox(objectName="sweepDirectionCombo")
        for key in DIRECTION_LABELS:
            self.direction_combo.addItem(direction_label(key), key)
        self.direction_combo.setToolTip(self.tr("Which translation model to measure"))
        self.direction_combo.currentIndexChanged.connect(self._update_state)
        self.beam_from = QSpinBox(objectName="beamFromSpin", minimum=1, maximum=20, value=1)
        self.beam_from.setToolTip(self.tr("Smallest beam width to try (1 = greedy: keep only the best word each step)"))
        self.beam_to = QSpinBox(objectName="beamToSpin", minimum=1, maximum=20, value=20)
        self.beam_to.setToolTip(self.tr("Largest beam width to try; every width in between is measured"))
        self.alpha_edit = QLineEdit("0.8", objectName="alphaEdit")
        self.alpha_edit.setToolTip(self.tr(
            "Length penalties to compare, separated by commas (e.g. 0.6, 0.8, 1.0): higher values favour "
            "longer translations; one curve per value"))
        self.alpha_edit.returnPressed.connect(self.run)
        self.run_button.setText(self.tr("Run"))
        self.run_button.setToolTip(self.tr("Translate the sample sentences once for every beam width and "
                                           "length penalty, timing and scoring each"))
        self.cancel_button.setToolTip(self.tr("Stop soon; the settings already measured stay"))
        self.progress.setToolTip(self.tr("How much of the sweep is done"))
        self.export_csv_button = QPushButton(self.tr("Export CSV\u2026"), objectName="exportCsvButton", enabled=False)
        self.export_csv_button.setToolTip(self.tr("Save the table as a CSV file (for a spreadsheet)"))
        self.export_csv_button.clicked.connect(self._on_export_csv)
        self.export_png_button = QPushButton(self.tr("Export PNG\u2026"), objectName="exportPngButton", enabled=False)
        self.export_png_button.setToolTip(self.tr("Save the two plots as a PNG image"))
        self.export_png_button.clicked.connect(self._on_export_png)
        self.notice = QLabel(objectName="sweepNotice", wordWrap=True)
        self.notice.setStyleSheet("QLabel#sweepNotice { padding: 6px; border-radius: 4px;"
                                  " background: rgba(255, 170, 0, 60); }")
        top = QHBoxLayout()
        top.addWidget(self.direction_combo)
        top.addSpacing(12)
        for label, w in ((self.tr("Beam from"), self.beam_from), (self.tr("to"), self.beam_to),
                         (self.tr("Length penalty \u03b1"), self.alpha_edit)):
            top.addWidget(QLabel(label))
            top.addWidget(w)
        top.addWidget(self.run_button)
        top.addWidget(self.cancel_button)
        top.addWidget(self.progress, 1)

        self.bleu_plot = make_plot("bleuPlot", "BLEU", self.tr("beam width"))
        self.bleu_plot.setToolTip(self.tr("Translation quality on the sample sentences (higher is better)"))
        self.speed_plot = make_plot("speedPlot", self.tr("sentences / s"), self.tr("beam width"))
        self.speed_plot.setToolTip(self.tr("How many sentences are translated per second (higher is faster)"))
        self.plots = QWidget(objectName="sweepPlots")
        pl = QHBoxLayout(self.plots)
        pl.setContentsMargins(0, 0, 0, 0)
        pl.addWidget(self.bleu_plot)
        pl.addWidget(self.speed_plot)
        self.table = make_table("sweepTable", ["", "", "", "", "", ""])
        self.table.setToolTip(self.tr("The measured numbers, one row per beam width and length penalty"))
        self._set_headers()
        bottom = QHBoxLayout()
        bottom.addWidget(self.status_label, 1)
        bottom.addWidget(self.export_csv_button)
        bottom.addWidget(self.export_png_button)
        lay = QVBoxLayout(self)
        lay.addWidget(self.intro)
        lay.addLayout(top)
        lay.addWidget(self.notice)
        lay.addWidget(self.plots, 3)
        lay.addWidget(self.table, 2)
        lay.addLayout(bottom)

    def _set_headers(self) -> None:
        unit = self.tr("characters") if self._unit == "characters" else self.tr("words")
        self.table.setHorizontalHeaderLabels([self.tr("Beam"), "\u03b1", "BLEU", "chrF", self.tr("Sentences/s"),
                                              self.tr("Mean length (%1)").replace("%1", unit)])

    # ------------------------------------------------------------------ state
    def set_engine(self, role: str, engine=None, note: str | None = None) -> None:
        """Install the translator for ``role`` (``"en-ja"``, ``"ja-en"``; others are ignored).

        None + ``note`` says why there is none.
        """
        if role not in DIRECTION_LABELS:
            return
        if engine is not None:
            self._engines[role] = engine
            self._notes.pop(role, None)
        else:
            self._engines.pop(role, None)
            if note:
                self._notes[role] = note
        self._update_state()

    def direction(self) -> str:
        """The direction picked, e.g. ``"en-ja"``."""
        return self.direction_combo.currentData()

    def beams(self) -> list[int]:
        """Beam widths to measure, from the two spin boxes (in either order)."""
        lo, hi = sorted((self.beam_from.value(), self.beam_to.value()))
        return list(range(lo, hi + 1))

    def _can_run(self) -> bool:
        return self.direction() in self._engines

    def _update_state(self) -> None:
        super()._update_state()
        busy = self.busy
        for w in (self.direction_combo, self.beam_from, self.beam_to, self.alpha_edit):
            w.setEnabled(not busy)
        for w in (self.export_csv_button, self.export_png_button):
            w.setEnabled(bool(self.rows) and not busy)
        d = self.direction()
        if d in self._engines:
            self.notice.hide()
        else:
            self.notice.setText(self._notes.get(d) or self.tr("No model is loaded for %1.").replace(
                "%1", direction_label(d)))
            self.notice.show()

    # ------------------------------------------------------------------ run
    def run(self) -> jobs.Job | None:
        """Start the sweep for the controls' settings; None when refused (said in the status line)."""
        engine = self._engines.get(self.direction())
        if engine is None or self.busy:
            return None
        try:
            alphas = parse_alphas(self.alpha_edit.text())
        except ValueError:
            self.status_label.setText(self.tr("Length penalties must be numbers from 0 to 3, separated by commas."))
            return None
        beams = self.beams()
        self._total = len(beams) * len(alphas)
        self._run_direction = self.direction()
        self._unit = ex.length_unit(engine.info.target_lang)
        self._set_headers()
        self.rows = []
        self._redraw()
        self.status_label.setText(self.tr("Warming up\u2026"))
        job = self._jobs.submit(_sweep, engine, self._pairs, beams, alphas, name="beam-sweep")
        job.yielded.connect(self._on_progress)
        job.returned.connect(self._on_done)
        job.aborted.connect(self._on_aborted)
        return self._start(job)

    def _on_progress(self, p) -> None:
        self.progress.setValue(round(PROGRESS_STEPS * p.fraction))
        if p.row is None:
            self.status_label.setText(self.tr("Measuring beam %1, \u03b1 %2 (%3 of %4 settings done)\u2026")
                                      .replace("%1", str(p.beam)).replace("%2", f"{p.alpha:g}")
                                      .replace("%3", str(p.done)).replace("%4", str(p.total)))
            return
        self.rows.append(p.row)
        self._redraw()
        self.status_label.setText(self.tr("Beam %1, \u03b1 %2: BLEU %3 at %4 sentences/s (%5 of %6 settings done).")
                                  .replace("%1", str(p.row.beam)).replace("%2", f"{p.row.alpha:g}")
                                  .replace("%3", f"{p.row.bleu:.2f}").replace("%4", f"{p.row.sentences_per_s:.1f}")
                                  .replace("%5", str(p.done)).replace("%6", str(p.total)))

    def _on_done(self, rows) -> None:
        self.rows = list(rows)
        self._redraw()
        self.progress.setValue(PROGRESS_STEPS)
        ref = rows[0].ref_length if rows else 0.0
        self.status_label.setText(self.tr("Measured %1 settings on %2 sentences (reference mean length %3).")
                                  .replace("%1", str(len(rows))).replace("%2", str(rows[0].sentences if rows else 0))
                                  .replace("%3", f"{ref:.1f}"))
        self.sweepFinished.emit(self.rows)

    def _on_aborted(self) -> None:
        self.status_label.setText(self.tr("Stopped after %1 of %2 settings.").replace("%1", str(len(self.rows)))
                                  .replace("%2", str(self._total)))

    def _redraw(self) -> None:
        for plot in (self.bleu_plot, self.speed_plot):
            plot.clear()  # curves and their legend entries
        alphas = list(dict.fromkeys(r.alpha for r in self.rows))
        for k, alpha in enumerate(alphas):
            mine = [r for r in self.rows if r.alpha == alpha]
            color = COLORS[k % len(COLORS)]
            style = {"pen": pg.mkPen(color, width=2), "symbol": "o", "symbolSize": 6, "symbolBrush": color,
                     "name": f"\u03b1 = {alpha:g}"}
            xs = [r.beam for r in mine]
            self.bleu_plot.plot(xs, [r.bleu for r in mine], **style)
            self.speed_plot.plot(xs, [r.sentences_per_s for r in mine], **style)
        if self.rows:  # speed from 0, so that "three times slower" looks it
            self.speed_plot.setYRange(0, 1.1 * max(r.sentences_per_s for r in self.rows))
        self.table.setRowCount(len(self.rows))
        for i, r in enumerate(self.rows):
            for j, text in enumerate((str(r.beam), f"{r.alpha:g}", fmt_number(r.bleu, 2), fmt_number(r.chrf, 2),
                                      fmt_number(r.sentences_per_s), fmt_number(r.mean_length))):
                self.table.setItem(i, j, number_cell(text))
        if self.rows:
            self.table.scrollToBottom()
        self._update_state()

    def curve_count(self) -> int:
        """Curves in the BLEU plot (one per alpha measured)."""
        return len(self.bleu_plot.getPlotItem().listDataItems())

    # ------------------------------------------------------------------ export
    def _ask(self, title: str, suffix: str, file_filter: str) -> str:
        name = f"beam-sweep-{self._run_direction}.{suffix}"  # the direction the rows were measured in
        path, _ = QFileDialog.getSaveFileName(self, title, name, file_filter)
        return path

    def _on_export_csv(self) -> None:
        self.export_csv()

    def _on_export_png(self) -> None:
        self.export_png()

    def export_csv(self, path: str | None = None) -> bool:
        """Save the measured rows as CSV (asking where unless ``path`` is given)."""
        if not self.rows:
            return False
        path = path or self._ask(self.tr("Export beam sweep"), "csv", self.tr("CSV file (*.csv)"))
        if not path:
            return False
        try:
            ex.write_csv(self.rows, path)
        except OSError as exc:
            error_dialogs.show_error(self, exc)
            return False
        self.status_label.setText(self.tr("Saved %1.").replace("%1", path))
        return True

    def export_png(self, path: str | None = None) -> bool:
        """Save both plots as one PNG image (asking where unless ``path`` is given)."""
        if not self.rows:
            return False
        path = path or self._ask(self.tr("Export beam sweep plots"), "png", self.tr("PNG image (*.png)"))
        if not path:
            return False
        ok = self.plots.grab().save(path, "PNG")
        self.status_label.setText((self.tr("Saved %1.") if ok else self.tr("Could not write %1.")).replace("%1", path))
        return ok
