"""Editable table of sentence pairs with per-row validation (part of the fine-tuning dialog).

Pairs come in by *Open file…*, *Paste* (clipboard text: TSV, CSV or JSON Lines), drag-and-drop
of a file, or typing into the table.  Every row is checked with ``core.pairs`` rules; a row with a
problem is tinted, its reason is shown in the *Problem* column (tooltip: the full message with
the line number), and it is skipped unless the user fixes it by editing the cells.  *Remove
problem rows* drops them all.  A file that is binary or too large is refused with a message box.

The widget only collects: ``pairs()`` returns the usable ``(source, target)`` tuples.
"""
from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from superqt.utils import signals_blocked

from seq2seq_desktop.core.errors import Seq2SeqError
from seq2seq_desktop.training.pairs import REASONS, check_pairs, parse_pairs_file, parse_pairs_text

__all__ = ["PairsEditor", "FILE_FILTER"]

logger = logging.getLogger(__name__)

FILE_FILTER = "Sentence pairs (*.tsv *.csv *.jsonl *.json *.txt);;All files (*)"
_PROBLEM_BG = QColor(255, 120, 120, 70)
SOURCE, TARGET, PROBLEM = 0, 1, 2


class PairsEditor(QWidget):
    """Pairs table with open / paste / drop / add / remove and live validation.

    Signals
    -------
    changed()
        Rows or their validity changed.
    languagesDetected(object)
        A loaded header named the column languages, e.g. ``("en", "ja")``.
    """

    changed = Signal()
    languagesDetected = Signal(object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("pairsEditor")
        self.setAcceptDrops(True)
        self._rows: list[dict] = []  # {"line": int, "source": str, "target": str, "fixed": PairProblem|None}
        self._problems: dict[int, object] = {}  # line -> PairProblem
        self._usable: list[tuple[str, str]] = []
        self.source_file: Path | None = None

        self.open_button = QPushButton(self.tr("&Open file\u2026"), objectName="pairsOpenButton")
        self.paste_button = QPushButton(self.tr("&Paste"), objectName="pairsPasteButton")
        self.paste_button.setToolTip(self.tr("Add pairs from the clipboard (tab-separated, CSV or JSON Lines)"))
        self.add_button = QPushButton(self.tr("&Add row"), objectName="pairsAddButton")
        self.remove_button = QPushButton(self.tr("&Remove rows"), objectName="pairsRemoveButton")
        self.skip_button = QPushButton(self.tr("Remove &problem rows"), objectName="pairsSkipButton")
        self.open_button.clicked.connect(lambda: self.open_file())
        self.paste_button.clicked.connect(self.paste)
        self.add_button.clicked.connect(self.add_row)
        self.remove_button.clicked.connect(self.remove_selected)
        self.skip_button.clicked.connect(self.remove_problem_rows)
        bar = QHBoxLayout()
        for b in (self.open_button, self.paste_button, self.add_button, self.remove_button, self.skip_button):
            bar.addWidget(b)
        bar.addStretch(1)

        self.table = QTableWidget(0, 3, objectName="pairsTable")
        self.table.setHorizontalHeaderLabels([self.tr("Source"), self.tr("Target"), self.tr("Problem")])
        hh = self.table.horizontalHeader()
        hh.setSectionResizeMode(SOURCE, QHeaderView.ResizeMode.Stretch)
        hh.setSectionResizeMode(TARGET, QHeaderView.ResizeMode.Stretch)
        hh.setSectionResizeMode(PROBLEM, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        self.table.itemChanged.connect(self._on_item_changed)
        self.hint = QLabel(self.tr("Open or drop a TSV, CSV or JSON Lines file, paste pairs, or type them in."),
                           objectName="pairsHint", wordWrap=True)
        self.hint.setEnabled(False)
        paste = QShortcut(QKeySequence.StandardKey.Paste, self.table)  # a cell editor keeps its own Ctrl+V
        paste.setContext(Qt.ShortcutContext.WidgetShortcut)
        paste.activated.connect(self.paste)

        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(bar)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.hint)

    # ------------------------------------------------------------------ public
    def set_column_labels(self, source: str, target: str) -> None:
        """Header text of the two pair columns (e.g. "English", "Japanese")."""
        self.table.setHorizontalHeaderLabels([source, target, self.tr("Problem")])

    def pairs(self) -> list[tuple[str, str]]:
        """Usable pairs (rows without problems), in table order."""
        return list(self._usable)

    def problems(self) -> list:
        """``PairProblem`` of every row that will be skipped, in table order."""
        return [self._problems[r["line"]] for r in self._rows if r["line"] in self._problems]

    def row_count(self) -> int:
        """Rows in the table, usable or not."""
        return len(self._rows)

    def load_file(self, path: str | Path) -> bool:
        """Replace the table with the pairs of a file; a refused file shows a message box."""
        path = Path(path)
        try:
            parsed = parse_pairs_file(path)
        except (Seq2SeqError, OSError) as exc:
            msg = str(exc) if isinstance(exc, Seq2SeqError) else f"{path.name}: {exc.strerror or exc}"
            box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Cannot use this file"), msg,
                              QMessageBox.StandardButton.Ok, self)
            box.setObjectName("pairsFileError")
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
            box.open()
            return False
        self.source_file = path
        self._rows = []
        self._add_parsed(parsed)
        return True

    def add_text(self, text: str) -> int:
        """Append the pairs of pasted text; returns the number of rows added."""
        try:
            parsed = parse_pairs_text(text)
        except Seq2SeqError as exc:
            QMessageBox.warning(self, self.tr("Cannot paste"), str(exc))
            return 0
        return self._add_parsed(parsed, offset=self._next_line() - 1)

    def set_pairs(self, pairs: list[tuple[str, str]]) -> None:
        """Replace the table with typed pairs."""
        self._rows = [{"line": i + 1, "source": s, "target": t, "fixed": None} for i, (s, t) in enumerate(pairs)]
        self._refresh()

    # ------------------------------------------------------------------ actions
    def open_file(self, path: str | None = None) -> bool:
        """Ask for a file (unless given) and load it."""
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, self.tr("Open sentence pairs"), "", self.tr(FILE_FILTER))
            if not path:
                return False
        return self.load_file(path)

    def paste(self) -> int:
        """Append pairs from the clipboard."""
        return self.add_text(QGuiApplication.clipboard().text())

    def add_row(self) -> None:
        """Append an empty row and start editing it."""
        self._rows.append({"line": self._next_line(), "source": "", "target": "", "fixed": None})
        self._refresh()
        row = len(self._rows) - 1
        self.table.setCurrentCell(row, SOURCE)
        self.table.editItem(self.table.item(row, SOURCE))

    def remove_selected(self) -> None:
        """Delete the selected rows."""
        rows = sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True)
        for r in rows:
            del self._rows[r]
        if rows:
            self._refresh()

    def remove_problem_rows(self) -> int:
        """Drop every row with a problem (skip them); returns how many."""
        before = len(self._rows)
        self._rows = [r for r in self._rows if r["line"] not in self._problems]
        self._refresh()
        return before - len(self._rows)

    # ------------------------------------------------------------------ drag and drop
    def dragEnterEvent(self, event) -> None:  # noqa: N802 (Qt override)
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event) -> None:  # noqa: N802 (Qt override)
        files = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if files:
            event.acceptProposedAction()
            self.load_file(files[0])

    # ------------------------------------------------------------------ internals
    def _next_line(self) -> int:
        return max((r["line"] for r in self._rows), default=0) + 1

    def _add_parsed(self, parsed, offset: int = 0) -> int:
        rows = []
        for item in parsed.rows():
            fixed = item if getattr(item, "reason", None) in ("one_column", "columns", "malformed", "undecodable") else None
            rows.append({"line": item.line + offset, "source": item.source, "target": item.target, "fixed": fixed})
        self._rows.extend(rows)
        self._refresh()
        if parsed.languages:
            self.languagesDetected.emit(parsed.languages)
        return len(rows)

    def _validate(self) -> None:
        pairs, problems = check_pairs((r["line"], r["source"], r["target"]) for r in self._rows if r["fixed"] is None)
        self._problems = {p.line: p for p in problems}
        for r in self._rows:
            if r["fixed"] is not None:
                fixed = r["fixed"]
                self._problems[r["line"]] = type(fixed)(r["line"], fixed.reason, fixed.message, r["source"], r["target"])
        self._usable = [(p.source, p.target) for p in pairs]

    def _refresh(self) -> None:
        """Re-validate and redraw every row."""
        self._validate()
        with signals_blocked(self.table):
            self.table.setRowCount(len(self._rows))
            self.table.setVerticalHeaderLabels([str(r["line"]) for r in self._rows])
            for i, r in enumerate(self._rows):
                problem = self._problems.get(r["line"])
                for col, text in ((SOURCE, r["source"]), (TARGET, r["target"])):
                    item = self.table.item(i, col)
                    if item is None:
                        item = QTableWidgetItem()
                        self.table.setItem(i, col, item)
                    item.setText(text)
                label = REASONS.get(problem.reason, problem.reason) if problem else ""
                pitem = QTableWidgetItem(label)
                pitem.setFlags(pitem.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(i, PROBLEM, pitem)
                brush = QBrush(_PROBLEM_BG) if problem else QBrush()
                tip = str(problem) if problem else ""
                for col in (SOURCE, TARGET, PROBLEM):
                    it = self.table.item(i, col)
                    it.setBackground(brush)
                    it.setToolTip(tip)
        self.hint.setVisible(not self._rows)
        self.skip_button.setEnabled(bool(self._problems))
        self.changed.emit()

    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        row, col = item.row(), item.column()
        if col not in (SOURCE, TARGET) or row >= len(self._rows):
            return
        r = self._rows[row]
        r["source" if col == SOURCE else "target"] = item.text()
        r["fixed"] = None  # an edited row is judged again as a pair
        self._refresh()
