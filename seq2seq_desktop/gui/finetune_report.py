"""Before/after report of a fine-tuning run (last page of the fine-tuning dialog).

Renders a ``core.finetune.FineTuneResult``: BLEU / chrF / exact match on the held-out pairs for
the base and the fine-tuned model, the held-out examples side by side, the test sentence before
and after, and a name field with *Keep* / *Discard*.  When saving failed, *Save to another
folder…* is offered (``show_error(..., offer_elsewhere=True)``): the trained model is still in
memory and can go anywhere the user can write.  It only renders and collects; the dialog saves.
"""
from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

__all__ = ["FineTuneReport"]

logger = logging.getLogger(__name__)


class FineTuneReport(QWidget):
    """Report view with the keep/discard choice.

    Signals
    -------
    keepRequested(str)
        *Keep* was pressed; the argument is the name typed.
    discardRequested()
        *Discard* was pressed.
    saveElsewhereRequested(str)
        *Save to another folder…* was pressed; the argument is the name typed.
    """

    keepRequested = Signal(str)
    discardRequested = Signal()
    saveElsewhereRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("fineTuneReport")
        self.summary_label = QLabel(objectName="reportSummary", wordWrap=True)
        self.metrics_table = QTableWidget(3, 3, objectName="metricsTable")
        self.metrics_table.setHorizontalHeaderLabels([self.tr("Base"), self.tr("Fine-tuned"), self.tr("Change")])
        self.metrics_table.setVerticalHeaderLabels(["BLEU", "chrF", self.tr("Exact match %")])
        self.metrics_table.setFixedHeight(self.metrics_table.horizontalHeader().sizeHint().height()
                                          + 3 * self.metrics_table.verticalHeader().defaultSectionSize() + 4)
        self.examples_table = QTableWidget(0, 4, objectName="examplesTable")
        self.examples_table.setHorizontalHeaderLabels([self.tr("Source"), self.tr("Reference"), self.tr("Before"),
                                                       self.tr("After")])
        for t in (self.metrics_table, self.examples_table):
            t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
            t.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.metrics_table.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        self.metrics_table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.test_result_label = QLabel(objectName="testResultLabel", wordWrap=True)
        self.name_edit = QLineEdit(objectName="modelNameEdit")
        self.keep_button = QPushButton(self.tr("&Keep"), objectName="keepButton")
        self.discard_button = QPushButton(self.tr("&Discard"), objectName="discardButton")
        self.keep_button.clicked.connect(lambda: self.keepRequested.emit(self.name_edit.text()))
        self.discard_button.clicked.connect(self.discardRequested)
        self.elsewhere_button = QPushButton(self.tr("Save to another &folder\u2026"), objectName="saveElsewhereButton")
        self.elsewhere_button.setToolTip(self.tr("The trained model is kept in memory: save it in a folder you choose"))
        self.elsewhere_button.clicked.connect(lambda: self.saveElsewhereRequested.emit(self.name_edit.text()))
        self.elsewhere_button.hide()
        self.name_edit.returnPressed.connect(self.keep_button.click)
        self.save_error = QLabel(objectName="saveErrorLabel", wordWrap=True)
        self.save_error.setStyleSheet("color: #d33")
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Name:")))
        row.addWidget(self.name_edit, 1)
        row.addWidget(self.keep_button)
        row.addWidget(self.elsewhere_button)
        row.addWidget(self.discard_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.summary_label)
        lay.addWidget(self.metrics_table)
        lay.addWidget(QLabel(self.tr("Held-out pairs, before and after:")))
        lay.addWidget(self.examples_table, 1)
        lay.addWidget(self.test_result_label)
        lay.addLayout(row)
        lay.addWidget(self.save_error)

    def set_result(self, r, default_name: str = "") -> None:
        """Show a ``FineTuneResult`` and propose ``default_name``."""
        helped = r.after.bleu > r.before.bleu or (r.after.bleu == r.before.bleu and r.after.chrf > r.before.chrf)
        verdict = (self.tr("It helped on the held-out pairs.") if helped
                   else self.tr("It did not improve the held-out pairs; consider discarding it."))
        self.summary_label.setText(self.tr("Trained on %1 pairs for %2 epochs (%3 updates) in %4 s. %5").replace(
            "%1", str(r.n_train)).replace("%2", f"{r.epochs:g}").replace("%3", str(r.steps)).replace(
            "%4", f"{r.elapsed:.0f}").replace("%5", verdict))
        values = [(r.before.bleu, r.after.bleu), (r.before.chrf, r.after.chrf),
                  (100 * r.exact_before, 100 * r.exact_after)]
        for row, (b, a) in enumerate(values):
            for col, v in enumerate((f"{b:.2f}", f"{a:.2f}", f"{a - b:+.2f}")):
                self.metrics_table.setItem(row, col, QTableWidgetItem(v))
        self.examples_table.setRowCount(len(r.examples))
        for row, e in enumerate(r.examples):
            for col, v in enumerate((e.source, e.reference, e.before, e.after)):
                item = QTableWidgetItem(v)
                item.setToolTip(v)
                self.examples_table.setItem(row, col, item)
        test = r.config.test_sentence
        self.test_result_label.setText(
            self.tr("Test sentence: %1 \u2192 before: %2 \u2192 after: %3").replace("%1", test)
            .replace("%2", r.test_before).replace("%3", r.test_after) if test else "")
        self.name_edit.setText(default_name)
        self.save_error.clear()
        self.elsewhere_button.hide()

    def clear(self) -> None:
        """Forget the shown run (tables, texts); the dialog calls this when it closes."""
        self.summary_label.clear()
        self.metrics_table.clearContents()
        self.examples_table.setRowCount(0)
        self.test_result_label.clear()
        self.save_error.clear()
        self.elsewhere_button.hide()

    def show_error(self, message: str, offer_elsewhere: bool = False) -> None:
        """Show why saving failed (e.g. the name is taken), under the name field.

        ``offer_elsewhere`` also shows *Save to another folder…* (the user models folder cannot take it).
        """
        self.save_error.setText(message)
        if offer_elsewhere:
            self.elsewhere_button.show()

    def set_saving(self, saving: bool) -> None:
        """Disable Keep, Discard, the name and Save elsewhere while the model is being saved (and enable them after)."""
        for w in (self.keep_button, self.discard_button, self.name_edit, self.elsewhere_button):
            w.setEnabled(not saving)
        if saving:
            self.save_error.clear()
