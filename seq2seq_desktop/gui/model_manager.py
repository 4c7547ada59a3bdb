"""Model manager: bundled and user models with their cards; switch, rename, delete, export, import.

Everything that changes files goes through ``core.user_models`` (crash-safe, refuses bundled
models); this dialog only lists, asks and emits.  ``modelActivated(path)`` asks the main window
to make a package the active model for its direction (after *Use this model*, *Revert to
bundled*, renaming or deleting the active model).  ``modelsChanged()`` fires after any change of
the list.

The main window opens it from the Model menu::

    dlg = ModelManagerDialog(self, active_paths=[e.info.path for e in self.engines.values()])
    dlg.modelActivated.connect(self.load_model)
    dlg.open()
"""
from __future__ import annotations

import html
import logging
from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from seq2seq_desktop.core import store as um
from seq2seq_desktop.core.errors import Seq2SeqError

from .error_dialogs import show_error

__all__ = ["ModelManagerDialog", "ARCHIVE_FILTER"]

logger = logging.getLogger(__name__)

ARCHIVE_FILTER = "Model package (*.zip *.tar *.tar.gz *.tgz);;All files (*)"


class ModelManagerDialog(QDialog):
    """List of installed models with their cards and the actions on them.

    Parameters
    ----------
    parent : QWidget or None
    active_paths : iterable of path
        Packages currently loaded (shown in bold, marked "active").
    """

    modelActivated = Signal(object)  # Path
    modelsChanged = Signal()

    def __init__(self, parent: QWidget | None = None, active_paths: Iterable[str | Path] = ()):
        super().__init__(parent)
        self.setObjectName("modelManagerDialog")
        self.setWindowTitle(self.tr("Models"))
        self.resize(860, 560)
        self.active_paths = {self._key(p) for p in active_paths}
        self.entries: list[um.ModelEntry] = []

        self.list = QListWidget(objectName="modelList")
        self.list.currentRowChanged.connect(self._show_current)
        self.facts = QLabel(objectName="modelFacts", wordWrap=True, textFormat=Qt.TextFormat.RichText)
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.card = QTextBrowser(objectName="modelCard", openExternalLinks=False)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.facts)
        rl.addWidget(self.card, 1)
        split = QSplitter()
        split.addWidget(self.list)
        split.addWidget(right)
        split.setSizes([280, 580])

        self.use_button = self._button(self.tr("&Use this model"), "useButton", self.activate_selected)
        self.rename_button = self._button(self.tr("&Rename\u2026"), "renameButton", lambda: self.rename_selected())
        self.delete_button = self._button(self.tr("&Delete\u2026"), "deleteButton", lambda: self.delete_selected())
        self.export_button = self._button(self.tr("&Export\u2026"), "exportButton", lambda: self.export_selected())
        self.import_button = self._button(self.tr("&Import\u2026"), "importButton", lambda: self.import_file())
        self.revert_button = self._button(self.tr("Revert to &bundled"), "revertButton", self.revert_to_bundled)
        close = self._button(self.tr("Close"), "closeButton", self.accept)
        buttons = QHBoxLayout()
        for b in (self.use_button, self.rename_button, self.delete_button, self.export_button, self.import_button,
                  self.revert_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(close)
        lay = QVBoxLayout(self)
        lay.addWidget(split, 1)
        lay.addLayout(buttons)
        self.refresh()

    def _button(self, text: str, name: str, slot) -> QPushButton:
        b = QPushButton(text, objectName=name)
        b.clicked.connect(slot)
        return b

    @staticmethod
    def _key(path) -> str:
        try:
            return str(Path(path).resolve())
        except OSError:
            return str(path)

    # ------------------------------------------------------------------ list
    def refresh(self, select: str | Path | None = None) -> None:
        """Re-read the installed models; keep (or set) the selection."""
        current = select or (self.selected_entry().path if self.selected_entry() else None)
        self.entries = um.list_models()
        self.list.clear()
        row = 0
        for i, e in enumerate(self.entries):
            active = self._key(e.path) in self.active_paths
            detail = [e.direction, self.tr("bundled") if not e.is_user else self.tr("user")]
            if active:
                detail.append(self.tr("active"))
            if e.error:
                detail.append(self.tr("\u26a0 broken"))
            label = e.name + "\n    " + " \u00b7 ".join(detail)
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, str(e.path))
            if active:
                f = QFont(item.font())
                f.setBold(True)
                item.setFont(f)
            self.list.addItem(item)
            if current is not None and self._key(e.path) == self._key(current):
                row = i
        if self.entries:
            self.list.setCurrentRow(row)
        self._show_current(self.list.currentRow())

    def names(self) -> list[str]:
        """Display names in list order."""
        return [e.name for e in self.entries]

    def selected_entry(self) -> um.ModelEntry | None:
        """The highlighted model, if any."""
        row = self.list.currentRow() if hasattr(self, "list") else -1
        return self.entries[row] if 0 <= row < len(self.entries) else None

    def select(self, path_or_name: str | Path) -> bool:
        """Highlight a model by path or name."""
        for i, e in enumerate(self.entries):
            if e.name == str(path_or_name) or self._key(e.path) == self._key(path_or_name):
                self.list.setCurrentRow(i)
                return True
        return False

    def _show_current(self, _row: int = -1) -> None:
        e = self.selected_entry()
        user = e is not None and e.is_user
        for b in (self.rename_button, self.delete_button):
            b.setEnabled(user)
        self.use_button.setEnabled(e is not None and e.error is None)
        self.export_button.setEnabled(e is not None and e.error is None)
        self.revert_button.setEnabled(e is not None and um.bundled_counterpart(e) is not None and e.is_user)
        if e is None:
            self.facts.setText(self.tr("No models installed."))
            self.card.clear()
            return
        rows = "".join(f"<tr><td><b>{html.escape(k)}</b>&nbsp;&nbsp;</td><td>{html.escape(v)}</td></tr>"
                       for k, v in e.facts())
        self.facts.setText(f"<table>{rows}</table>")
        self.card.setMarkdown(e.card or self.tr("(no model card)"))

    # ------------------------------------------------------------------ actions
    def _fail(self, exc: BaseException) -> None:
        show_error(self, exc)

    def activate_selected(self) -> Path | None:
        """Emit ``modelActivated`` with the highlighted package."""
        e = self.selected_entry()
        if e is None or e.error:
            return None
        self.active_paths.add(self._key(e.path))
        self.modelActivated.emit(e.path)
        self.refresh(e.path)
        return e.path

    def revert_to_bundled(self) -> Path | None:
        """Activate the bundled model this user model came from (or of its direction)."""
        e = self.selected_entry()
        target = um.bundled_counterpart(e) if e is not None else None
        if target is None:
            return None
        self.active_paths.discard(self._key(e.path))
        self.active_paths.add(self._key(target))
        self.modelActivated.emit(target)
        self.refresh(target)
        return target

    def rename_selected(self, new_name: str | None = None) -> Path | None:
        """Rename the highlighted user model (asks for the name unless given)."""
        e = self.selected_entry()
        if e is None or not e.is_user:
            return None
        if new_name is None:
            new_name, ok = QInputDialog.getText(self, self.tr("Rename model"), self.tr("New name:"), text=e.name)
            if not ok:
                return None
        was_active = self._key(e.path) in self.active_paths
        try:
            path = um.rename_model(e.path, new_name)
        except (Seq2SeqError, OSError) as exc:
            self._fail(exc)
            return None
        if was_active:
            self.active_paths.discard(self._key(e.path))
            self.active_paths.add(self._key(path))
            self.modelActivated.emit(path)  # the main window records the new location
        self.refresh(path)
        self.modelsChanged.emit()
        return path

    def delete_selected(self, confirm: bool = True) -> bool:
        """Delete the highlighted user model after confirmation; an active one reverts to bundled."""
        e = self.selected_entry()
        if e is None or not e.is_user:
            return False
        if confirm:
            answer = QMessageBox.question(
                self, self.tr("Delete model"),
                self.tr("Delete the model \u201c%1\u201d? This cannot be undone.").replace("%1", e.name),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                return False
        fallback = um.bundled_counterpart(e) if self._key(e.path) in self.active_paths else None
        try:
            um.delete_model(e.path)
        except (Seq2SeqError, OSError) as exc:
            self._fail(exc)
            return False
        self.active_paths.discard(self._key(e.path))
        if fallback is not None:
            self.active_paths.add(self._key(fallback))
            self.modelActivated.emit(fallback)
        self.refresh()
        self.modelsChanged.emit()
        return True

    def export_selected(self, dest: str | Path | None = None) -> Path | None:
        """Write the highlighted package to one .zip file (asks where unless given)."""
        e = self.selected_entry()
        if e is None:
            return None
        if dest is None:
            dest, _ = QFileDialog.getSaveFileName(self, self.tr("Export model"), f"{e.path.name}.zip",
                                                  self.tr("Model package (*.zip)"))
            if not dest:
                return None
        try:
            return um.export_model(e.path, dest)
        except (Seq2SeqError, OSError) as exc:
            self._fail(exc)
            return None

    def import_file(self, path: str | Path | None = None) -> Path | None:
        """Install a package archive as a user model (validated; invalid ones are refused)."""
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, self.tr("Import model"), "", self.tr(ARCHIVE_FILTER))
            if not path:
                return None
        try:
            new = um.import_model(path)
        except (Seq2SeqError, OSError) as exc:
            self._fail(exc)
            return None
        self.refresh(new)
        self.modelsChanged.emit()
        return new
