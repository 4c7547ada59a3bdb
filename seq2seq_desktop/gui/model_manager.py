"""Model manager: bundled and user models with their cards; switch, rename, delete, export, import.

Everything that changes files goes through ``core.store`` (crash-safe, refuses bundled
models); this dialog only lists, asks and emits.  ``modelActivated(path)`` asks the main window
to make a package the active model for its direction (after *Use this model*, *Revert to
bundled*, renaming or deleting the active model).  ``modelsChanged()`` fires after any change of
the list.

The list verifies every checksum (``store.list_models(verify=True)``), so a damaged package is
marked "damaged" and cannot be used or exported.  "active" marks what is really loaded: with an
``active_source`` (or a parent window that has ``engines`` and a ``ready`` signal, as the main
window does), the entry asked for shows "loading…" until the window has tried it, and a failed
load leaves the previous model marked; without one, *Use* replaces the mark of the model of the
same task and direction.  Export says where the file was written.

The main window opens it from the Model menu::

    dlg = ModelManagerDialog(self, active_paths=[e.info.path for e in self.engines.values()])
    dlg.modelActivated.connect(self.load_model)
    dlg.open()
"""
from __future__ import annotations

import html
import logging
from collections.abc import Callable, Iterable
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
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

from .core_messages import translate_error
from .error_dialogs import show_error

__all__ = ["ModelManagerDialog", "ARCHIVE_FILTER"]

logger = logging.getLogger(__name__)

ARCHIVE_FILTER = QT_TRANSLATE_NOOP("ModelManagerDialog", "Model package (*.zip *.tar *.tar.gz *.tgz);;All files (*)")
#: the labels and fixed values of ``core.store`` ``ModelEntry.facts()``, translated where shown (``_fact``)
_FACTS = frozenset((
    QT_TRANSLATE_NOOP("ModelManagerDialog", "Name"), QT_TRANSLATE_NOOP("ModelManagerDialog", "Origin"),
    QT_TRANSLATE_NOOP("ModelManagerDialog", "Task"), QT_TRANSLATE_NOOP("ModelManagerDialog", "Direction"),
    QT_TRANSLATE_NOOP("ModelManagerDialog", "Folder"), QT_TRANSLATE_NOOP("ModelManagerDialog", "Problem"),
    QT_TRANSLATE_NOOP("ModelManagerDialog", "Base model"), QT_TRANSLATE_NOOP("ModelManagerDialog", "Pairs"),
    QT_TRANSLATE_NOOP("ModelManagerDialog", "Date"), QT_TRANSLATE_NOOP("ModelManagerDialog", "Held-out BLEU"),
    QT_TRANSLATE_NOOP("ModelManagerDialog", "Held-out chrF"),
    QT_TRANSLATE_NOOP("ModelManagerDialog", "bundled (read-only)"), QT_TRANSLATE_NOOP("ModelManagerDialog", "user model"),
))


def _fact(text: str) -> str:
    return QCoreApplication.translate("ModelManagerDialog", text) if text in _FACTS else text


class ModelManagerDialog(QDialog):
    """List of installed models with their cards and the actions on them.

    Parameters
    ----------
    parent : QWidget or None
    active_paths : iterable of path
        Packages currently loaded (shown in bold, marked "active").
    active_source : callable, optional
        ``() -> iterable of path``: the packages loaded *now*; read again whenever the parent's
        ``ready`` signal fires.  Default: the parent's ``engines`` (their ``info.path``) when it
        has them.
    """

    modelActivated = Signal(object)  # Path
    modelsChanged = Signal()

    def __init__(self, parent: QWidget | None = None, active_paths: Iterable[str | Path] = (),
                 active_source: Callable[[], Iterable[str | Path]] | None = None):
        super().__init__(parent)
        self.setObjectName("modelManagerDialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.setWindowTitle(self.tr("Models"))
        self.resize(860, 560)
        self.active_paths = {self._key(p) for p in active_paths}
        self.entries: list[um.ModelEntry] = []
        self._pending: str | None = None  # asked for, not loaded yet (only with a live source)
        if active_source is None and isinstance(getattr(parent, "engines", None), dict):
            engines = parent.engines
            active_source = lambda: [e.info.path for e in engines.values() if getattr(e, "info", None)]  # noqa: E731
        self._active_source = active_source
        ready = getattr(parent, "ready", None)
        if active_source is not None and ready is not None and hasattr(ready, "connect"):
            ready.connect(self.sync_active)

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
        self.status = QLabel(objectName="managerStatus", wordWrap=True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay = QVBoxLayout(self)
        lay.addWidget(split, 1)
        lay.addWidget(self.status)
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
        self.entries = um.list_models(verify=True)
        self.list.clear()
        row = 0
        for i, e in enumerate(self.entries):
            active = self._key(e.path) in self.active_paths
            detail = [e.direction, self.tr("bundled") if not e.is_user else self.tr("user")]
            if active:
                detail.append(self.tr("active"))
            elif self._pending is not None and self._key(e.path) == self._pending:
                detail.append(self.tr("loading\u2026"))
            if e.error:
                detail.append(self.tr("\u26a0 damaged"))
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
        facts = [(k, translate_error(e.problem) if k == "Problem" and e.problem is not None else v) for k, v in e.facts()]
        rows = "".join(f"<tr><td><b>{html.escape(_fact(k))}</b>&nbsp;&nbsp;</td><td>{html.escape(_fact(v))}</td></tr>"
                       for k, v in facts)
        self.facts.setText(f"<table>{rows}</table>")
        self.card.setMarkdown(e.card or self.tr("(no model card)"))

    # ------------------------------------------------------------------ active marks
    def sync_active(self) -> None:
        """Re-read what is loaded (``active_source``) and redraw; a model asked for and not loaded is said so."""
        if self._active_source is None:
            return
        try:
            self.active_paths = {self._key(p) for p in self._active_source() if p}
        except RuntimeError:  # the source's window is being torn down
            return
        if self._pending is not None:
            if self._pending not in self.active_paths:
                self.status.setText(self.tr("%1 could not be used; the active model is unchanged.")
                                    .replace("%1", Path(self._pending).name))
            else:
                self.status.setText(self.tr("Now using %1.").replace("%1", Path(self._pending).name))
            self._pending = None
        self.refresh()

    def _entry_for(self, path) -> um.ModelEntry | None:
        return next((e for e in self.entries if self._key(e.path) == self._key(path)), None)

    def _mark_active(self, path: Path) -> None:
        """After asking for ``path``: pending until the live source says, else it replaces its role's mark."""
        if self._active_source is not None:
            self._pending = self._key(path)
            return
        new = self._entry_for(path)
        role = (new.task, new.direction) if new is not None else None
        for key in list(self.active_paths):
            old = self._entry_for(key)
            if old is None or (old.task, old.direction) == role:
                self.active_paths.discard(key)  # one active model per task and direction
        self.active_paths.add(self._key(path))

    # ------------------------------------------------------------------ actions
    def _fail(self, exc: BaseException) -> None:
        show_error(self, exc)

    def activate_selected(self) -> Path | None:
        """Emit ``modelActivated`` with the highlighted package."""
        e = self.selected_entry()
        if e is None or e.error:
            return None
        self._mark_active(e.path)
        self.modelActivated.emit(e.path)
        self.refresh(e.path)
        return e.path

    def revert_to_bundled(self) -> Path | None:
        """Activate the bundled model this user model came from (or of its direction)."""
        e = self.selected_entry()
        target = um.bundled_counterpart(e) if e is not None else None
        if target is None:
            return None
        self._mark_active(target)
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
            if self._active_source is None:
                self.active_paths.add(self._key(path))
            else:
                self._pending = self._key(path)
            self.modelActivated.emit(path)  # the main window records the new location
        self.refresh(path)
        self.status.setText(self.tr("Renamed \u201c%1\u201d to \u201c%2\u201d.").replace("%1", e.name)
                            .replace("%2", path.name))
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
            self._mark_active(fallback)
            self.modelActivated.emit(fallback)
        self.refresh()
        self.status.setText(self.tr("Deleted \u201c%1\u201d.").replace("%1", e.name))
        self.modelsChanged.emit()
        return True

    def export_selected(self, dest: str | Path | None = None) -> Path | None:
        """Write the highlighted package to one .zip file (asks where unless given); says where it went."""
        e = self.selected_entry()
        if e is None:
            return None
        if dest is None:
            dest, _ = QFileDialog.getSaveFileName(self, self.tr("Export model"), f"{e.path.name}.zip",
                                                  self.tr("Model package (*.zip)"))
            if not dest:
                return None
        try:
            out = um.export_model(e.path, dest)
        except (Seq2SeqError, OSError) as exc:
            self._fail(exc)
            return None
        text = self.tr("Exported \u201c%1\u201d to %2").replace("%1", e.name).replace("%2", str(out.resolve()))
        self.status.setText(text)
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("Model exported"), text,
                          QMessageBox.StandardButton.Ok, self)
        box.setObjectName("exportDoneBox")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        box.open()
        return out

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
        self.status.setText(self.tr("Imported \u201c%1\u201d.").replace("%1", new.name))
        self.modelsChanged.emit()
        return new
