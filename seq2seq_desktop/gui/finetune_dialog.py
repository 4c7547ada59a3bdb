"""The "Fine-tune on my pairs" dialog: pairs in, training with live feedback, before/after, keep.

Three pages:

1. **Pairs** - a ``PairsEditor`` (open, paste, drop, type; problems shown per line, fix or skip),
   the explicit direction of the pairs, counts, the main settings and an *Advanced* fold-out
   (``superqt.QCollapsible``).  The page collects a ``FineTuneConfig``.
2. **Training** - ``core.finetune.fine_tune`` runs in a ``gui.jobs.Job`` worker: progress bar and
   ETA, the loss curve (train per step, validation per epoch) in a pyqtgraph ``PlotWidget``, and
   the test sentence re-translated after every epoch.  *Cancel* stops at the next batch (well
   under a second or two); the base model is never modified (training works on a deep copy).
3. **Report** - BLEU / chrF / exact match on the held-out pairs for the base and the fine-tuned
   model, before/after examples side by side; *Keep* saves it under a name (``save_user_model``,
   in a ``gui.jobs.call_job`` worker, Keep and Discard disabled meanwhile) and emits
   ``modelSaved(path)``; *Discard* drops it (``FineTuneReport``).

Nothing is lost on the way: *Start* first checks that the user models folder can take a package
of about the base model's size (``store.check_destination``), so a read-only folder, a file in
its way or a full disk is said in one line before any training (the user may train anyway and
save the result in another folder).  If saving still fails, the model stays in memory, the
report says why in one line and offers *Save to another folder…*.  Closing (Esc, Close, the
window's X) while training runs, with a trained model not yet kept, or with pasted / typed pairs
(they exist nowhere else) asks first.  A closed dialog deletes itself (``WA_DeleteOnClose``) and
drops the trained copy.

The main window opens it from the Model menu::

    dlg = FineTuneDialog(self, engine, engine.info.path)
    dlg.modelSaved.connect(self.load_model)
    dlg.open()
"""
from __future__ import annotations

import logging
import math
import time
from datetime import date
from pathlib import Path

import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from superqt import QCollapsible

from seq2seq_desktop.core.errors import Seq2SeqError
from seq2seq_desktop.training.finetune import FineTuneConfig, fine_tune, prepare_training, save_user_model, split_pairs

from . import error_dialogs, jobs
from .core_messages import translate_error
from .finetune_report import FineTuneReport
from .pairs_editor import FILE_FILTER, PairsEditor

__all__ = ["FineTuneDialog", "LANGUAGE_NAMES", "format_eta"]

logger = logging.getLogger(__name__)

#: language code -> English name, translated where shown (context "Language")
LANGUAGE_NAMES = {"en": QT_TRANSLATE_NOOP("Language", "English"), "ja": QT_TRANSLATE_NOOP("Language", "Japanese")}
PAGE_PAIRS, PAGE_TRAIN, PAGE_REPORT = 0, 1, 2
#: seconds between redraws of the training curve (a fast model reports hundreds of batches a second)
PLOT_INTERVAL = 0.25


def format_eta(seconds: float | None) -> str:
    """'about 2 min left' style text (translated)."""
    if seconds is None:
        return QCoreApplication.translate("FineTuneDialog", "estimating time left\u2026")
    if seconds < 60:
        return QCoreApplication.translate("FineTuneDialog", "about %1 s left").replace("%1", str(max(1, round(seconds))))
    return QCoreApplication.translate("FineTuneDialog", "about %1 min left").replace("%1", str(round(seconds / 60)))


def _lang(code: str) -> str:
    return QCoreApplication.translate("Language", LANGUAGE_NAMES.get(code, code))


class FineTuneDialog(QDialog):
    """Fine-tune the model of ``engine`` (package at ``base_package_path``) on the user's pairs.

    Parameters
    ----------
    parent : QWidget or None
    engine : Engine or None
        The live engine; its model is deep-copied for training (never changed).  None: the base
        package is loaded from disk in the worker.
    base_package_path : path
        The package the engine was loaded from (tokenizers, card, name).
    """

    modelSaved = Signal(object)  # Path of the saved user model package

    def __init__(self, parent: QWidget | None, engine, base_package_path: str | Path):
        super().__init__(parent)
        from seq2seq_desktop.core.package import read_package_info

        self.setObjectName("fineTuneDialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)  # the trained copy goes with it
        self.setWindowTitle(self.tr("Fine-tune on my pairs"))
        self.resize(900, 680)
        self.engine = engine
        self.base_path = Path(base_package_path)
        self.info = engine.info if engine is not None else read_package_info(self.base_path, verify=False)
        self.job: jobs.Job | None = None
        self.save_job: jobs.Job | None = None
        self.result = None
        self.saved_path: Path | None = None
        self.replay_pairs: list[tuple[str, str]] | None = None
        self._close_when_stopped = False
        self._elsewhere_only = False  # the user models folder was refused at Start: offer another folder at once
        self._losses: list[tuple[float, float]] = []
        self._last_draw = 0.0
        self._val: list[tuple[float, float]] = []

        self.pages = QStackedWidget(objectName="fineTunePages")
        self.pages.addWidget(self._build_pairs_page())
        self.pages.addWidget(self._build_train_page())
        self.report = FineTuneReport()
        self.report.keepRequested.connect(self.keep)
        self.report.discardRequested.connect(self.discard)
        self.report.saveElsewhereRequested.connect(lambda name: self.save_elsewhere(name=name))
        self.pages.addWidget(self.report)
        lay = QVBoxLayout(self)
        lay.addWidget(self.pages)
        self.setAcceptDrops(True)  # a file dropped anywhere on the first page loads into the table
        self._update_counts()
        # import the trainer's lazy dependencies now, so the first batch (and Cancel) stays quick
        self.warm_up = jobs.Job(prepare_training, name="fine-tune-warm-up")
        self.warm_up.start()

    def dragEnterEvent(self, event) -> None:  # noqa: N802 (Qt override)
        if self.pages.currentIndex() == PAGE_PAIRS:
            self.editor.dragEnterEvent(event)
        else:
            event.ignore()

    def dropEvent(self, event) -> None:  # noqa: N802 (Qt override)
        if self.pages.currentIndex() == PAGE_PAIRS:
            self.editor.dropEvent(event)

    # ================================================================= page 1: pairs + settings
    def _build_pairs_page(self) -> QWidget:
        page = QWidget()
        i = self.info
        title = QLabel(self.tr("Base model: <b>%1</b> (%2 \u2192 %3)").replace("%1", i.name)
                       .replace("%2", _lang(i.source_lang)).replace("%3", _lang(i.target_lang)))
        self.editor = PairsEditor()
        self.editor.changed.connect(self._update_counts)
        self.editor.languagesDetected.connect(self._on_languages)
        self.direction_combo = QComboBox(objectName="directionCombo")
        self._dir_langs = [(i.source_lang, i.target_lang), (i.target_lang, i.source_lang)]
        for a, b in self._dir_langs:
            self.direction_combo.addItem(self.tr("%1 \u2192 %2  (first column %1)").replace("%1", _lang(a)).replace(
                "%2", _lang(b)), f"{a}-{b}")
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
        self.replay_button.clicked.connect(lambda: self.load_replay())
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
        self.start_button.clicked.connect(self.start)
        close = QPushButton(self.tr("Close"), objectName="closeButton")
        close.clicked.connect(self.reject)
        self.status_label = QLabel(objectName="pairsStatusLabel", wordWrap=True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status_label, 1)
        buttons.addWidget(self.start_button)
        buttons.addWidget(close)

        self.editor.setMinimumHeight(220)
        settings = QHBoxLayout()
        settings.addLayout(form, 1)
        settings.addWidget(self.advanced, 1, Qt.AlignmentFlag.AlignTop)
        lay = QVBoxLayout(page)
        lay.addWidget(title)
        lay.addWidget(self.editor, 1)
        lay.addWidget(self.counts_label)
        lay.addLayout(settings)
        lay.addLayout(buttons)
        self._on_direction()
        return page

    def _on_languages(self, langs) -> None:
        idx = self.direction_combo.findData("-".join(langs))
        if idx >= 0:
            self.direction_combo.setCurrentIndex(idx)

    def _on_direction(self, *_args) -> None:
        a, b = self._dir_langs[max(0, self.direction_combo.currentIndex())]
        self.editor.set_column_labels(_lang(a), _lang(b))

    def _update_counts(self) -> None:
        n, bad = len(self.editor.pairs()), len(self.editor.problems())
        text = self.tr("%1 pairs ready").replace("%1", str(n))
        if bad:
            text += self.tr(" \u00b7 %1 with problems (skipped unless fixed)").replace("%1", str(bad))
        ok = True
        try:
            train, val = split_pairs(self.editor.pairs(), self.config())
            text += self.tr(" \u00b7 %1 to train on, %2 held out to measure the result").replace(
                "%1", str(len(train))).replace("%2", str(len(val)))
        except Seq2SeqError as exc:
            ok = False
            if n:
                text += f" \u00b7 {translate_error(exc)}"
        self.counts_label.setText(text)
        self.start_button.setEnabled(ok and self.job is None)

    def load_replay(self, path: str | None = None) -> bool:
        """Pick a pairs file in the model's direction to mix into training (limits forgetting)."""
        from seq2seq_desktop.training.pairs import parse_pairs_file

        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, self.tr("Replay pairs"), "",
                                                  QCoreApplication.translate("PairsEditor", FILE_FILTER))
            if not path:
                return False
        try:
            parsed = parse_pairs_file(path)
        except (Seq2SeqError, OSError) as exc:
            error_dialogs.show_error(self, exc)
            return False
        self.replay_pairs = parsed.as_tuples()
        self.replay_label.setText(f"{Path(path).name}: {parsed.summary()}")
        return True

    def config(self) -> FineTuneConfig:
        """The settings as chosen on the first page."""
        direction = self.direction_combo.currentData()
        model_dir = f"{self.info.source_lang}-{self.info.target_lang}"
        return FineTuneConfig(
            epochs=self.epochs_spin.value(), lr=self.lr_spin.value(), batch_size=self.batch_spin.value(),
            val_split=self.val_spin.value() / 100, freeze_encoder=self.freeze_check.isChecked(),
            keep_best=self.keep_best_check.isChecked(), replay_fraction=self.replay_spin.value(),
            max_minutes=self.minutes_spin.value(), direction=None if direction == model_dir else direction,
            test_sentence=self.test_edit.text().strip(), eval_beam=self.beam_spin.value())

    # ================================================================= page 2: training
    def _build_train_page(self) -> QWidget:
        page = QWidget()
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
        self.cancel_button.clicked.connect(self.cancel)
        row = QHBoxLayout()
        row.addWidget(self.progress, 1)
        row.addWidget(self.eta_label)
        row.addWidget(self.cancel_button)
        lay = QVBoxLayout(page)
        lay.addWidget(self.phase_label)
        lay.addLayout(row)
        lay.addWidget(self.plot, 1)
        lay.addWidget(QLabel(self.tr("Test sentence after each epoch:")))
        lay.addWidget(self.test_list)
        return page

    def start(self) -> jobs.Job | None:
        """Validate, check where the model will be saved, and start fine-tuning in a worker.

        Returns the job, or None when refused (the reason is one line in the status label).
        """
        from seq2seq_desktop.core.store import check_destination, needed_bytes_for

        pairs, cfg = self.editor.pairs(), self.config()
        try:
            cfg.validate()
            split_pairs(pairs, cfg)
        except Seq2SeqError as exc:
            self.status_label.setText(translate_error(exc))
            return None
        try:
            check_destination(needed_bytes_for(self.base_path))  # read-only, a file in the way, full disk
            self._elsewhere_only = False
        except Seq2SeqError as exc:
            why = translate_error(exc)
            if not self._confirm(self.tr("The model could not be saved"), self.tr(
                    "%1\n\nTrain anyway, and save the result in another folder afterwards?").replace("%1", why)):
                self.status_label.setText(why)
                return None
            self._elsewhere_only = True
        self.result = None
        self._losses, self._val = [], []
        self.train_curve.setData([], [])
        self.val_curve.setData([], [])
        self.test_list.clear()
        if cfg.test_sentence:
            self.test_list.addItem(self.tr("before: %1").replace("%1", "\u2026"))
        self.progress.setRange(0, 0)
        self.phase_label.setText(self.tr("Preparing\u2026"))
        self.eta_label.setText("")
        self.cancel_button.setEnabled(True)
        package = self.engine.package if self.engine is not None else None
        self.job = jobs.Job(fine_tune, self.base_path, pairs, cfg, name="fine-tune", replay_pairs=self.replay_pairs,
                            package=package)
        self.job.yielded.connect(self._on_progress)
        self.job.returned.connect(self._on_result)
        self.job.errored.connect(self._on_error)
        self.job.aborted.connect(self._on_aborted)
        self.job.finished.connect(self._on_finished)
        self.pages.setCurrentIndex(PAGE_TRAIN)
        self.job.start()
        return self.job

    def cancel(self) -> None:
        """Stop training at the next batch; nothing is changed."""
        if self.job is not None and self.job.is_running:
            self.cancel_button.setEnabled(False)
            self.phase_label.setText(self.tr("Stopping\u2026"))
            self.job.cancel()

    def _on_progress(self, p) -> None:
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

    def _draw_train(self) -> None:
        if self._losses:
            xs, ys = zip(*self._losses)
            self.train_curve.setData(list(xs), list(ys))

    def _on_result(self, result) -> None:
        self.result = result
        self.report.set_result(result, self._default_name())
        if self._elsewhere_only:
            self.report.show_error(self.tr("The user models folder could not take the model when training started: "
                                           "save it in another folder, or try Keep again."), offer_elsewhere=True)
        self.pages.setCurrentIndex(PAGE_REPORT)

    def _on_error(self, exc: BaseException) -> None:
        self.pages.setCurrentIndex(PAGE_PAIRS)
        self.status_label.setText(translate_error(exc) if isinstance(exc, Seq2SeqError) else self.tr("Fine-tuning failed."))
        error_dialogs.show_error(self, exc)

    def _on_aborted(self) -> None:
        self.pages.setCurrentIndex(PAGE_PAIRS)
        self.status_label.setText(self.tr("Cancelled. Nothing was changed."))

    def _on_finished(self) -> None:
        self.job = None
        self._update_counts()
        if self._close_when_stopped:
            super().reject()

    def _default_name(self) -> str:
        from seq2seq_desktop.core.store import unique_name

        return unique_name(f"{self.info.name}-tuned-{date.today():%Y%m%d}")

    def keep(self, name: str | None = None) -> jobs.Job | None:
        """Save the fine-tuned model as a user model in a worker; then emit ``modelSaved`` and close.

        The name is checked here first: a bad one is shown under the name field and nothing starts.
        Keep and Discard stay disabled while the package is written; a failure is shown under the
        name field in one line (an unexpected one also in an error dialog), the report stays open
        with the model in memory, and *Save to another folder…* is offered.

        Returns
        -------
        Job or None
            The save job (started), or None when there is nothing to save, a save is running, or
            the name was refused.
        """
        return self._save(name if name is not None else self.report.name_edit.text(), None)

    def save_elsewhere(self, folder: str | Path | None = None, name: str | None = None) -> jobs.Job | None:
        """Save the fine-tuned model into ``folder`` (asked for unless given) instead of the user models folder."""
        if self.result is None or self.save_job is not None:
            return None
        if folder is None:
            folder = QFileDialog.getExistingDirectory(self, self.tr("Save the fine-tuned model in"))
            if not folder:
                return None
        return self._save(name if name is not None else self.report.name_edit.text(), Path(folder))

    def _save(self, name: str, folder: Path | None) -> jobs.Job | None:
        from seq2seq_desktop.core.store import check_model_name

        if self.result is None or self.save_job is not None:
            return None
        try:
            name = check_model_name(name)
        except Seq2SeqError as exc:
            self.report.show_error(translate_error(exc))
            return None
        self.report.set_saving(True)
        kwargs = {"folder": folder} if folder is not None else {}
        # no Qt parent: the job must outlive a dialog deleted meanwhile, until its thread ends
        job = jobs.call_job(save_user_model, self.result, name, name="save-fine-tuned", **kwargs)
        job.returned.connect(self._on_saved)
        job.errored.connect(self._on_save_error)
        job.finished.connect(self._on_save_finished)
        self.save_job = job
        job.start()
        return job

    def _on_saved(self, path: Path) -> None:
        self.saved_path = path
        self.modelSaved.emit(path)

    def _on_save_error(self, exc: BaseException) -> None:
        from seq2seq_desktop.core.errors import ConfigError

        if isinstance(exc, (Seq2SeqError, OSError)):
            # a name problem is fixed in the name field; anything else may need another folder
            self.report.show_error(translate_error(exc), offer_elsewhere=not isinstance(exc, ConfigError))
        else:
            self.report.show_error(self.tr("Saving failed; the model is still here: try another folder."),
                                   offer_elsewhere=True)
            error_dialogs.show_error(self, exc)

    def _on_save_finished(self) -> None:
        self.save_job = None
        self.report.set_saving(False)
        if self.saved_path is not None:
            self.accept()
        elif self._close_when_stopped:  # asked to close during a save that failed: the model stays, shown
            self._close_when_stopped = False

    def discard(self) -> None:
        """Forget the fine-tuned model and go back to the pairs."""
        self.result = None
        self.report.clear()
        self.pages.setCurrentIndex(PAGE_PAIRS)
        self.status_label.setText(self.tr("Discarded. The base model is unchanged."))

    def _confirm(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(self, title, text, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def reject(self) -> None:
        """Close (Esc, Close, the window's X); asks first while training runs or a trained model is not kept.

        A running job is cancelled first (the dialog closes when it has stopped).  A save in
        progress is not cancelled (it cannot stop midway): the dialog closes when it has saved, and
        stays open with the model when the save failed.
        """
        if self.job is not None and self.job.is_running:
            if self._close_when_stopped:
                return
            if not self._confirm(self.tr("Stop fine-tuning?"),
                                 self.tr("Training is still running. Stop it and close? The base model is not changed.")):
                return
            self._close_when_stopped = True
            self.cancel()
            return
        if self.save_job is not None:
            self._close_when_stopped = True
            return
        if self.result is not None and self.saved_path is None and not self._confirm(
                self.tr("Close without keeping?"),
                self.tr("The fine-tuned model has not been kept. Close and discard it?")):
            return
        if self.result is None and self.editor.has_typed_rows() and not self._confirm(
                self.tr("Close and lose the pairs?"),
                self.tr("The table has pairs you pasted, typed or edited; they are not saved anywhere. "
                        "Close and lose them?")):
            return
        super().reject()

    def done(self, r: int) -> None:
        """Close with result ``r`` (Qt override), then let go of the trained copy."""
        super().done(r)
        self._release()

    def _release(self) -> None:
        """Drop everything that holds the trained copy or the pairs (the dialog is closing)."""
        self.result = None
        self.replay_pairs = None
        self.report.clear()
        self.job = None
        self._losses, self._val = [], []
