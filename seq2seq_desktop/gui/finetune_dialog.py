"""The "Fine-tune on my pairs" dialog: pairs in, training with live feedback, before/after, keep.

Three pages, each its own widget; the dialog runs the jobs and moves between them:

1. **Pairs** (``finetune_setup.FineTuneSetup``) - a ``PairsEditor`` (open, paste, drop, type;
   problems shown per line, fix or skip), the explicit direction of the pairs, counts, the main
   settings and an *Advanced* fold-out.  The page collects a ``FineTuneConfig``.
2. **Training** (``finetune_progress.FineTuneProgress``) - ``core.finetune.fine_tune`` runs in a
   ``gui.jobs.Job`` worker: progress bar and ETA, the loss curve, and the test sentence
   re-translated after every epoch.  *Cancel* stops at the next batch (well under a second or
   two); the base model is never modified (training works on a deep copy).
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
from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QStackedWidget, QVBoxLayout, QWidget

from seq2seq_desktop.core.errors import Seq2SeqError
from seq2seq_desktop.training.finetune import FineTuneConfig, fine_tune, prepare_training, save_user_model, split_pairs

from . import error_dialogs, jobs
from .core_messages import translate_error
from .directions import LANGUAGE_NAMES
from .finetune_progress import FineTuneProgress, format_eta
from .finetune_report import FineTuneReport
from .finetune_setup import FineTuneSetup
from .pairs_editor import FILE_FILTER

__all__ = ["FineTuneDialog", "LANGUAGE_NAMES", "format_eta"]

logger = logging.getLogger(__name__)

PAGE_PAIRS, PAGE_TRAIN, PAGE_REPORT = 0, 1, 2


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
        page = FineTuneSetup(self.info)
        self.editor, self.direction_combo, self.test_edit = page.editor, page.direction_combo, page.test_edit
        self.epochs_spin, self.lr_spin, self.batch_spin, self.val_spin = (page.epochs_spin, page.lr_spin,
                                                                          page.batch_spin, page.val_spin)
        self.advanced, self.freeze_check, self.replay_label = page.advanced, page.freeze_check, page.replay_label
        self.counts_label, self.start_button, self.status_label = page.counts_label, page.start_button, page.status_label
        self.editor.changed.connect(self._update_counts)
        page.replay_button.clicked.connect(lambda: self.load_replay())
        self.start_button.clicked.connect(self.start)
        page.close_button.clicked.connect(self.reject)
        self.setup = page
        return page

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
        return self.setup.config()

    # ================================================================= page 2: training
    def _build_train_page(self) -> QWidget:
        page = FineTuneProgress()
        self.phase_label, self.progress, self.cancel_button = page.phase_label, page.progress, page.cancel_button
        self.train_curve, self.val_curve, self.test_list = page.train_curve, page.val_curve, page.test_list
        self.cancel_button.clicked.connect(self.cancel)
        self.training = page
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
        self.training.begin(bool(cfg.test_sentence))
        package = self.engine.package if self.engine is not None else None
        self.job = jobs.Job(fine_tune, self.base_path, pairs, cfg, name="fine-tune", replay_pairs=self.replay_pairs,
                            package=package)
        self.job.yielded.connect(self.training.show_progress)
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
        self.training.forget()
