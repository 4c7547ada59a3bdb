"""Editable table of sentence pairs with per-row validation (part of the fine-tuning dialog).

Pairs come in by *Open file…*, *Paste* (clipboard text: TSV, CSV or JSON Lines), drag-and-drop
of a file, or typing into the table.  Every row is checked with ``core.pairs`` rules; a row with a
problem is tinted, its reason is shown in the *Problem* column (tooltip: the full message with
the line number), and it is skipped unless the user fixes it by editing the cells.  *Remove
problem rows* drops them all.  A file that is binary or too large is refused with a message box.

Nothing in the table is lost without the user's say: a file opened or dropped onto a table that
has rows asks *Replace* / *Append* / *Cancel* (``ask_load_mode``), a file without any rows leaves
the table as it is, and every change (load, paste, add, edit, remove) can be undone with *Undo*
(Ctrl+Z in the table), which restores the rows as they were before it.  The line under the table
says what was loaded and in which encoding (``core.pairs`` reads Shift-JIS, EUC-JP, UTF-16 too).

The widget only collects: ``pairs()`` returns the usable ``(source, target)`` tuples.
"""
from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, QTimer, Signal
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

from .core_messages import translate_error

__all__ = ["PairsEditor", "FILE_FILTER"]

logger = logging.getLogger(__name__)

FILE_FILTER = QT_TRANSLATE_NOOP("PairsEditor", "Sentence pairs (*.tsv *.csv *.jsonl *.json *.txt);;All files (*)")
#: ``training.pairs.REASONS``' labels, marked for translation (shown through self.tr; a test keeps the two equal)
_REASON_LABELS = (QT_TRANSLATE_NOOP("PairsEditor", "one column"), QT_TRANSLATE_NOOP("PairsEditor", "too many columns"),
                  QT_TRANSLATE_NOOP("PairsEditor", "empty side"), QT_TRANSLATE_NOOP("PairsEditor", "over-long"),
                  QT_TRANSLATE_NOOP("PairsEditor", "not text"), QT_TRANSLATE_NOOP("PairsEditor", "malformed"),
                  QT_TRANSLATE_NOOP("PairsEditor", "duplicate"))
_PROBLEM_BG = QColor(255, 120, 120, 70)
SOURCE, TARGET, PROBLEM = 0, 1, 2
#: how many earlier states *Undo* can go back to
UNDO_DEPTH = 30
REPLACE, APPEND = "replace", "append"


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
        self._undo: list[tuple[list[dict], Path | None, str, bool]] = []  # (rows, source_file, what, typed)
        self._typed = False  # rows were pasted, typed or edited: they exist nowhere else
        self.source_file: Path | None = None

        self.open_button = QPushButton(self.tr("&Open file\u2026"), objectName="pairsOpenButton")
        self.paste_button = QPushButton(self.tr("&Paste"), objectName="pairsPasteButton")
        self.paste_button.setToolTip(self.tr("Add pairs from the clipboard (tab-separated, CSV or JSON Lines)"))
        self.add_button = QPushButton(self.tr("&Add row"), objectName="pairsAddButton")
        self.remove_button = QPushButton(self.tr("&Remove rows"), objectName="pairsRemoveButton")
        self.skip_button = QPushButton(self.tr("Remove &problem rows"), objectName="pairsSkipButton")
        self.undo_button = QPushButton(self.tr("&Undo"), objectName="pairsUndoButton", enabled=False)
        self.undo_button.setToolTip(self.tr("Restore the rows as they were before the last change (Ctrl+Z)"))
        self.undo_button.clicked.connect(self.undo)
        self.open_button.clicked.connect(lambda: self.open_file())
        self.paste_button.clicked.connect(self.paste)
        self.add_button.clicked.connect(self.add_row)
        self.remove_button.clicked.connect(self.remove_selected)
        self.skip_button.clicked.connect(self.remove_problem_rows)
        bar = QHBoxLayout()
        for b in (self.open_button, self.paste_button, self.add_button, self.remove_button, self.skip_button,
                  self.undo_button):
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
        undo = QShortcut(QKeySequence.StandardKey.Undo, self.table)  # a cell editor keeps its own Ctrl+Z
        undo.setContext(Qt.ShortcutContext.WidgetShortcut)
        undo.activated.connect(self.undo)
        self.message = QLabel(objectName="pairsMessage", wordWrap=True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(bar)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.hint)
        lay.addWidget(self.message)

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

    def load_file(self, path: str | Path, mode: str | None = None) -> bool:
        """Load the pairs of a file; returns whether the table changed.

        ``mode`` is ``"replace"`` or ``"append"``; None asks (``ask_load_mode``) when the table has
        rows.  A refused file shows a message box, and a file without rows leaves the table as it
        is; neither changes the table.  A load can be undone (``undo``).
        """
        path = Path(path)
        try:
            parsed = parse_pairs_file(path)
        except (Seq2SeqError, OSError) as exc:
            msg = translate_error(exc) if isinstance(exc, Seq2SeqError) else f"{path.name}: {exc.strerror or exc}"
            box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Cannot use this file"), msg,
                              QMessageBox.StandardButton.Ok, self)
            box.setObjectName("pairsFileError")
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
            box.open()
            return False
        if not parsed.rows():
            self._say(self.tr("%1 holds no pairs; the table was not changed.").replace("%1", path.name))
            return False
        if mode is None:
            mode = self.ask_load_mode(path.name, len(parsed.rows())) if self._rows else REPLACE
        if mode not in (REPLACE, APPEND):
            self._say(self.tr("%1 was not loaded; the table was not changed.").replace("%1", path.name))
            return False
        self._push_undo(self.tr("load %1").replace("%1", path.name))
        if mode == REPLACE:
            self._rows = []
            self.source_file = path
            self._typed = False
        self._add_parsed(parsed, offset=self._next_line() - 1 if mode == APPEND else 0)
        text = f"{path.name}: {parsed.summary()}"
        if parsed.encoding not in ("utf-8", "utf-8-sig"):
            text += self.tr(" (the file is %1, not UTF-8)").replace("%1", parsed.encoding_label)
        if self._undo and self._undo[-1][0]:
            text += self.tr(" · Undo restores the previous %1 rows.").replace("%1", str(len(self._undo[-1][0])))
        self._say(text)
        return True

    def ask_load_mode(self, file_name: str, n_new: int) -> str | None:
        """Ask what to do with a file opened onto a table with rows: ``"replace"``, ``"append"`` or None (cancel)."""
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Load pairs"),
                          self.tr("The table already has %1 rows. Replace them with the %2 rows of %3, "
                                  "or append those?").replace("%1", str(len(self._rows)))
                          .replace("%2", str(n_new)).replace("%3", file_name), QMessageBox.StandardButton.NoButton, self)
        box.setObjectName("pairsLoadModeBox")
        replace = box.addButton(self.tr("&Replace"), QMessageBox.ButtonRole.DestructiveRole)
        replace.setObjectName("replaceButton")
        append = box.addButton(self.tr("&Append"), QMessageBox.ButtonRole.AcceptRole)
        append.setObjectName("appendButton")
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(append)
        box.setEscapeButton(cancel)
        box.exec()
        clicked = box.clickedButton()
        box.deleteLater()
        return REPLACE if clicked is replace else APPEND if clicked is append else None

    def add_text(self, text: str) -> int:
        """Append the pairs of pasted text; returns the number of rows added."""
        try:
            parsed = parse_pairs_text(text)
        except Seq2SeqError as exc:
            QMessageBox.warning(self, self.tr("Cannot paste"), translate_error(exc))
            return 0
        if not parsed.rows():
            return 0
        self._push_undo(self.tr("paste"))
        self._typed = True
        return self._add_parsed(parsed, offset=self._next_line() - 1)

    def set_pairs(self, pairs: list[tuple[str, str]]) -> None:
        """Replace the table with typed pairs (undoable)."""
        self._push_undo(self.tr("set pairs"))
        self._typed = True
        self._rows = [{"line": i + 1, "source": s, "target": t, "fixed": None} for i, (s, t) in enumerate(pairs)]
        self._refresh()

    def has_typed_rows(self) -> bool:
        """Whether the table holds rows that exist nowhere else (pasted, typed or edited, not just loaded)."""
        return self._typed and bool(self._rows)

    def can_undo(self) -> bool:
        """Whether there is a change to undo."""
        return bool(self._undo)

    def undo(self) -> bool:
        """Restore the rows as they were before the last change; returns whether there was one."""
        if not self._undo:
            return False
        rows, source, what, typed = self._undo.pop()
        self._rows = rows
        self.source_file = source
        self._typed = typed
        self._refresh()
        self._say(self.tr("Undone: %1 (%2 rows).").replace("%1", what).replace("%2", str(len(rows))))
        return True

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
        self._push_undo(self.tr("add row"))
        self._typed = True
        self._rows.append({"line": self._next_line(), "source": "", "target": "", "fixed": None})
        self._refresh()
        row = len(self._rows) - 1
        self.table.setCurrentCell(row, SOURCE)
        self.table.editItem(self.table.item(row, SOURCE))

    def remove_selected(self) -> None:
        """Delete the selected rows."""
        rows = sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True)
        if rows:
            self._push_undo(self.tr("remove %1 rows").replace("%1", str(len(rows))))
        for r in rows:
            del self._rows[r]
        if rows:
            self._refresh()

    def remove_problem_rows(self) -> int:
        """Drop every row with a problem (skip them); returns how many."""
        before = len(self._rows)
        if any(r["line"] in self._problems for r in self._rows):
            self._push_undo(self.tr("remove problem rows"))
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
            # after the drop has finished: loading may ask Replace / Append, which must not block the drag
            QTimer.singleShot(0, self, lambda: self.load_file(files[0]))

    # ------------------------------------------------------------------ internals
    def _push_undo(self, what: str) -> None:
        self._undo.append(([dict(r) for r in self._rows], self.source_file, what, self._typed))
        del self._undo[:-UNDO_DEPTH]
        self.undo_button.setEnabled(True)

    def _say(self, text: str) -> None:
        self.message.setText(text)

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
                label = self.tr(REASONS.get(problem.reason, problem.reason)) if problem else ""
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
        self.undo_button.setEnabled(bool(self._undo))
        self.changed.emit()

    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        row, col = item.row(), item.column()
        if col not in (SOURCE, TARGET) or row >= len(self._rows):
            return
        r = self._rows[row]
        key = "source" if col == SOURCE else "target"
        if r[key] == item.text():
            return
        self._push_undo(self.tr("edit row %1").replace("%1", str(r["line"])))
        self._typed = True
        r = self._rows[row]
        r[key] = item.text()
        r["fixed"] = None  # an edited row is judged again as a pair
        self._refresh()
