"""Model -> Glossary: the user's terms, per direction, in an editable table.

Each row is a source term, its translation (empty: keep the term as typed) and whether it is
used.  Rows are checked as they are edited with the rules of the TSV reader
(``core.glossary.parse_glossary``): a source term is required, a source term appears once per
direction (case-insensitive), a term is at most ``MAX_TERM_CHARS`` characters and holds no control
characters.  A row with a problem is tinted and its reason is shown in the *Problem* column and in
the status line.  *Import TSV…* replaces or appends to the table, *Export TSV…* writes the
direction's rows.

*OK* saves through ``save`` (default ``core.glossary.save_user_glossary``); a failure is one line in
the dialog, which stays open with the user's rows.  ``glossary()`` then returns the new
direction -> rows dict, for the caller to apply to its engines (``Engine.set_glossary``).
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtGui import QBrush, QColor, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStyledItemDelegate,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from superqt.utils import signals_blocked

from seq2seq_desktop.core.errors import Seq2SeqError
from seq2seq_desktop.core.glossary import (
    MAX_TERM_CHARS,
    GlossaryRow,
    active_entries,
    load_glossary,
    load_user_glossary,
    save_glossary_tsv,
    save_user_glossary,
)

from .core_messages import translate_error
from .translate_panel import DIRECTION_LABELS, direction_label

__all__ = ["GlossaryDialog", "check_rows", "read_user_glossary", "apply_glossary", "FILE_FILTER"]

logger = logging.getLogger(__name__)

FILE_FILTER = QT_TRANSLATE_NOOP("GlossaryDialog", "Glossary (*.tsv *.txt);;All files (*)")  # self.tr'd where used
SOURCE, TARGET, ENABLED, PROBLEM = 0, 1, 2, 3
_PROBLEM_BG = QColor(255, 120, 120, 70)


def _clean(text: str) -> str:
    """A term as the glossary stores it: runs of whitespace become one space (``parse_glossary``'s rule)."""
    return " ".join(text.split())


def check_rows(rows: Sequence[GlossaryRow], tr: Callable[[str], str] = str) -> dict[int, str]:
    """Problems of a direction's rows, with the TSV reader's rules.

    Parameters
    ----------
    rows : sequence of GlossaryRow
        The table's rows, in order (fully empty rows are not checked: they are dropped on save).
    tr : callable, optional
        Translates a message template (``QObject.tr``).

    Returns
    -------
    dict[int, str]
        Row index -> reason, for every row with a problem.
    """
    problems: dict[int, str] = {}
    seen: dict[str, int] = {}
    for i, row in enumerate(rows):
        source, target = _clean(row.source), _clean(row.target)
        if not source and not target:
            continue
        # marked for the GlossaryDialog context: the dialog passes its own self.tr
        if not source:
            problems[i] = tr(QT_TRANSLATE_NOOP("GlossaryDialog", "The source term is empty"))
            continue
        if max(len(source), len(target)) > MAX_TERM_CHARS:
            problems[i] = tr(QT_TRANSLATE_NOOP("GlossaryDialog", "Longer than %1 characters")).replace(
                "%1", str(MAX_TERM_CHARS))
        elif any(ord(ch) < 32 for ch in source + target):
            problems[i] = tr(QT_TRANSLATE_NOOP("GlossaryDialog", "Holds control characters"))
        key = source.casefold()
        if key in seen:
            problems.setdefault(i, tr(QT_TRANSLATE_NOOP("GlossaryDialog", "\u201c%1\u201d is already on row %2")).replace(
                "%1", source).replace("%2", str(seen[key] + 1)))
        else:
            seen[key] = i
    return problems


def read_user_glossary(path=None) -> tuple[dict[str, list[GlossaryRow]], str]:
    """The saved glossary and a warning: a damaged file gives ``({}, message)`` and is left as it is."""
    try:
        return load_user_glossary(path), ""
    except Seq2SeqError as exc:
        logger.warning("%s", exc)
        return {}, translate_error(exc)


def apply_glossary(engines: Mapping[str, object], glossary: Mapping[str, Sequence[GlossaryRow]]) -> None:
    """Give each translation engine (role ``"en-ja"``/``"ja-en"`` -> engine) its direction's enabled terms.

    Call from the main thread between jobs: ``Engine.set_glossary`` swaps a tuple that the next job reads.
    """
    for role, engine in engines.items():
        if role in DIRECTION_LABELS and hasattr(engine, "set_glossary"):
            engine.set_glossary(active_entries(glossary.get(role, ())))


class _TermDelegate(QStyledItemDelegate):
    """Shows "keep as is" in an empty Translation cell (and in its editor)."""

    def __init__(self, placeholder: str, parent=None):
        super().__init__(parent)
        self.placeholder = placeholder

    def initStyleOption(self, option, index) -> None:  # noqa: N802 (Qt override)
        super().initStyleOption(option, index)
        if index.column() == TARGET and not option.text:
            option.text = self.placeholder
            option.palette.setColor(QPalette.ColorRole.Text, option.palette.color(QPalette.ColorRole.PlaceholderText))

    def createEditor(self, parent, option, index):  # noqa: N802 (Qt override)
        editor = super().createEditor(parent, option, index)
        if index.column() == TARGET and isinstance(editor, QLineEdit):
            editor.setPlaceholderText(self.placeholder)
        return editor


class GlossaryDialog(QDialog):
    """Edit the user glossary (objectName ``glossaryDialog``).

    Parameters
    ----------
    glossary : mapping
        Direction (``"en-ja"``, ``"ja-en"``) -> ``GlossaryRow`` list, as ``load_user_glossary`` returns.
    parent : QWidget, optional
    direction : str
        Direction shown first.
    protects : mapping, optional
        Direction -> whether its loaded model protects spans (``Engine.protects_spans``); a False
        entry shows a note that the glossary has no effect with that model.
    save : callable, optional
        ``save(glossary)`` called by OK (default ``save_user_glossary``); may raise ``Seq2SeqError``.
    """

    def __init__(self, glossary: Mapping[str, Sequence[GlossaryRow]], parent: QWidget | None = None, *,
                 direction: str = "en-ja", protects: Mapping[str, bool | None] | None = None,
                 save: Callable[[dict], None] | None = None):
        super().__init__(parent)
        self.setObjectName("glossaryDialog")
        self.setWindowTitle(self.tr("Glossary"))
        self.resize(640, 460)
        self._save = save or save_user_glossary
        self._protects = dict(protects or {})
        self._rows: dict[str, list[GlossaryRow]] = {d: list(rows) for d, rows in glossary.items()}
        for d in DIRECTION_LABELS:
            self._rows.setdefault(d, [])
        self._problems: dict[int, str] = {}
        self._result: dict[str, list[GlossaryRow]] | None = None
        self._build()
        idx = self.direction_combo.findData(direction)
        self.direction_combo.setCurrentIndex(max(0, idx))
        self._refresh()

    # ------------------------------------------------------------------ UI
    def _build(self) -> None:
        self.direction_combo = QComboBox(objectName="glossaryDirectionCombo")
        for key in DIRECTION_LABELS:
            self.direction_combo.addItem(direction_label(key), key)
        self.direction_combo.currentIndexChanged.connect(lambda _i: self._on_direction())
        intro = QLabel(self.tr("Terms always translated one way. Leave the translation empty to keep a term as typed."),
                       wordWrap=True)
        self.note = QLabel(objectName="glossaryNote", wordWrap=True)
        self.note.setStyleSheet("QLabel#glossaryNote { padding: 6px; border-radius: 4px;"
                                " background: rgba(255, 170, 0, 60); }")

        self.table = QTableWidget(0, 4, objectName="glossaryTable")
        self.table.setHorizontalHeaderLabels([self.tr("Source term"), self.tr("Translation"), self.tr("Enabled"),
                                              self.tr("Problem")])
        hh = self.table.horizontalHeader()
        hh.setSectionResizeMode(SOURCE, QHeaderView.ResizeMode.Stretch)
        hh.setSectionResizeMode(TARGET, QHeaderView.ResizeMode.Stretch)
        hh.setSectionResizeMode(ENABLED, QHeaderView.ResizeMode.ResizeToContents)
        hh.setSectionResizeMode(PROBLEM, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        self.table.setItemDelegate(_TermDelegate(self.tr("keep as is"), self.table))
        self.table.itemChanged.connect(self._on_item_changed)

        self.add_button = QPushButton(self.tr("&Add"), objectName="glossaryAddButton")
        self.remove_button = QPushButton(self.tr("&Remove"), objectName="glossaryRemoveButton")
        self.import_button = QPushButton(self.tr("&Import TSV\u2026"), objectName="glossaryImportButton")
        self.export_button = QPushButton(self.tr("&Export TSV\u2026"), objectName="glossaryExportButton")
        self.add_button.clicked.connect(self.add_row)
        self.remove_button.clicked.connect(self.remove_selected)
        self.import_button.clicked.connect(lambda: self.import_tsv())
        self.export_button.clicked.connect(lambda: self.export_tsv())
        bar = QHBoxLayout()
        for b in (self.add_button, self.remove_button):
            bar.addWidget(b)
        bar.addStretch(1)
        for b in (self.import_button, self.export_button):
            bar.addWidget(b)

        self.status = QLabel(objectName="glossaryStatus", wordWrap=True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        objectName="glossaryButtons")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Direction")))
        top.addWidget(self.direction_combo)
        top.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(intro)
        lay.addWidget(self.note)
        lay.addWidget(self.table, 1)
        lay.addLayout(bar)
        lay.addWidget(self.status)
        lay.addWidget(self.buttons)

    # -------------------------------------------------------------- public
    def direction(self) -> str:
        """Direction shown in the table, e.g. ``"en-ja"``."""
        return self.direction_combo.currentData()

    def set_direction(self, direction: str) -> None:
        """Show the rows of ``direction``."""
        self.direction_combo.setCurrentIndex(max(0, self.direction_combo.findData(direction)))

    def rows(self, direction: str | None = None) -> list[GlossaryRow]:
        """Rows of ``direction`` (default: the one shown) as they are in the table."""
        return list(self._rows.get(direction or self.direction(), []))

    def set_rows(self, rows: Sequence[GlossaryRow], direction: str | None = None) -> None:
        """Replace the rows of ``direction`` (default: the one shown)."""
        self._rows[direction or self.direction()] = list(rows)
        self._refresh()

    def problems(self) -> dict[int, str]:
        """Row index -> reason for the rows shown."""
        return dict(self._problems)

    def glossary(self) -> dict[str, list[GlossaryRow]]:
        """The glossary as saved by OK (before that: the table's rows, cleaned): direction -> rows."""
        if self._result is not None:
            return {d: list(rows) for d, rows in self._result.items()}
        return self._collect()

    # ------------------------------------------------------------- actions
    def add_row(self) -> None:
        """Append an empty row and start editing its source term."""
        self._rows[self.direction()].append(GlossaryRow("", "", True))
        self._refresh()
        row = self.table.rowCount() - 1
        self.table.setCurrentCell(row, SOURCE)
        self.table.editItem(self.table.item(row, SOURCE))

    def remove_selected(self) -> int:
        """Delete the selected rows; returns how many."""
        rows = sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True)
        current = self._rows[self.direction()]
        for r in rows:
            if r < len(current):
                del current[r]
        if rows:
            self._refresh()
        return len(rows)

    def import_tsv(self, path: str | None = None, mode: str | None = None) -> int:
        """Read a TSV file (asked for unless given) into the shown direction.

        Parameters
        ----------
        path : str, optional
            The file; None asks with a file dialog.
        mode : {"replace", "append"}, optional
            What to do with the rows already in the table; None asks when there are some.
            Appending skips terms that are already in the table (the table's row is kept).

        Returns
        -------
        int
            Rows added (0 when cancelled or the file is refused; the table is then unchanged).
        """
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, self.tr("Import glossary"), "", self.tr(FILE_FILTER))
            if not path:
                return 0
        try:
            entries = load_glossary(path)
        except Seq2SeqError as exc:
            self._show_status(translate_error(exc), error=True)
            return 0
        current = self._rows[self.direction()]
        if mode is None:
            mode = self._ask_import_mode() if any(r.source.strip() or r.target.strip() for r in current) else "replace"
        if mode not in ("replace", "append"):
            return 0
        if mode == "replace":
            current = []
        seen = {_clean(r.source).casefold() for r in current}
        added = [GlossaryRow(e.source, e.target, True) for e in entries if e.source.casefold() not in seen]
        skipped = len(entries) - len(added)
        self._rows[self.direction()] = current + added
        self._refresh()
        if not self._problems:
            msg = self.tr("Imported %1 term(s).").replace("%1", str(len(added)))
            if skipped:
                msg += " " + self.tr("%1 already in the table were skipped.").replace("%1", str(skipped))
            self._show_status(msg)
        return len(added)

    def export_tsv(self, path: str | None = None) -> bool:
        """Write the shown direction's rows (enabled or not) to a TSV file (asked for unless given)."""
        if self._problems:
            self._show_status(self.tr("Fix the marked rows before exporting."), error=True)
            return False
        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, self.tr("Export glossary"), f"glossary-{self.direction()}.tsv",
                                                  self.tr(FILE_FILTER))
            if not path:
                return False
        rows = self._collect()[self.direction()]
        try:
            save_glossary_tsv(path, [r.entry() for r in rows])
        except Seq2SeqError as exc:
            self._show_status(translate_error(exc), error=True)
            return False
        self._show_status(self.tr("Exported %1 term(s).").replace("%1", str(len(rows))))
        return True

    def accept(self) -> None:
        """Save (see the class docstring); stays open on a problem row or a save error."""
        for d in self._rows:
            if check_rows(self._rows[d], self.tr):
                self.set_direction(d)
                self._show_status(self.tr("Fix the marked rows first. %1").replace(
                    "%1", self._summary()), error=True)
                return
        glossary = self._collect()
        try:
            self._save(glossary)
        except Seq2SeqError as exc:
            why = translate_error(exc)
            self._show_status(why.splitlines()[0] if why else type(exc).__name__, error=True)
            return
        self._result = glossary
        super().accept()

    # ----------------------------------------------------------- internals
    def _ask_import_mode(self) -> str | None:
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Import glossary"),
                          self.tr("The table already has terms. Replace them with the file's, or add the file's?"),
                          QMessageBox.StandardButton.NoButton, self)
        box.setObjectName("glossaryImportBox")
        replace = box.addButton(self.tr("&Replace"), QMessageBox.ButtonRole.DestructiveRole)
        append = box.addButton(self.tr("&Append"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(append)
        box.exec()
        clicked = box.clickedButton()
        return "replace" if clicked is replace else "append" if clicked is append else None

    def _collect(self) -> dict[str, list[GlossaryRow]]:
        return {d: [GlossaryRow(_clean(r.source), _clean(r.target), r.enabled) for r in rows
                    if _clean(r.source) or _clean(r.target)] for d, rows in self._rows.items()}

    def _summary(self) -> str:
        if not self._problems:
            return ""
        first = min(self._problems)
        more = len(self._problems) - 1
        text = self.tr("Row %1: %2").replace("%1", str(first + 1)).replace("%2", self._problems[first])
        return text + (self.tr(" (and %1 more)").replace("%1", str(more)) if more else "")

    def _show_status(self, text: str, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet("color: #d03030;" if error else "")

    def _on_direction(self) -> None:
        self._refresh()
        self._show_status(self._summary(), error=bool(self._problems))

    def _refresh(self) -> None:
        """Re-check and redraw the shown direction's rows."""
        d = self.direction()
        rows = self._rows.get(d, [])
        self._problems = check_rows(rows, self.tr)
        with signals_blocked(self.table):
            self.table.setRowCount(len(rows))
            for i, r in enumerate(rows):
                for col, text in ((SOURCE, r.source), (TARGET, r.target)):
                    item = self.table.item(i, col)
                    if item is None:
                        item = QTableWidgetItem()
                        self.table.setItem(i, col, item)
                    item.setText(text)
                check = self.table.item(i, ENABLED)
                if check is None:
                    check = QTableWidgetItem()
                    check.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                                   | Qt.ItemFlag.ItemIsUserCheckable)
                    self.table.setItem(i, ENABLED, check)
                check.setCheckState(Qt.CheckState.Checked if r.enabled else Qt.CheckState.Unchecked)
                problem = self._problems.get(i, "")
                pitem = QTableWidgetItem(problem)
                pitem.setFlags(pitem.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(i, PROBLEM, pitem)
                brush = QBrush(_PROBLEM_BG) if problem else QBrush()
                for col in (SOURCE, TARGET, ENABLED, PROBLEM):
                    it = self.table.item(i, col)
                    it.setBackground(brush)
                    it.setToolTip(problem)
        self.remove_button.setEnabled(bool(rows))
        protects = self._protects.get(d)
        self.note.setText("" if protects is not False else self.tr(
            "The loaded %1 model cannot protect terms, so the glossary has no effect with it. "
            "It applies once a model that protects numbers, names and terms is loaded.").replace(
            "%1", direction_label(d)))
        self.note.setVisible(protects is False)
        if self._problems or self.status.styleSheet():  # keep an import/export message until the rows change
            self._show_status(self._summary(), error=bool(self._problems))

    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        row, col = item.row(), item.column()
        rows = self._rows[self.direction()]
        if row >= len(rows) or col == PROBLEM:
            return
        r = rows[row]
        if col == SOURCE:
            rows[row] = GlossaryRow(item.text(), r.target, r.enabled)
        elif col == TARGET:
            rows[row] = GlossaryRow(r.source, item.text(), r.enabled)
        else:
            rows[row] = GlossaryRow(r.source, r.target, item.checkState() == Qt.CheckState.Checked)
        self._refresh()
