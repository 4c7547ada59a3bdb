"""The main window's menus: File, Edit, Model, View and Help.

``MainMenuBar`` builds every menu of the window and connects each item to the window or to one of
its panels; the window keeps the actions themselves.  Each action is also added to the window, so
its shortcut works with the menu bar hidden.  Model -> Installed models is filled each time it
opens (``fill_installed``): every package ``core.store.find_models`` finds, the ones in use
checked, and a user model named like a bundled one marked "(user)" so the two can be told apart.
View -> Language lists the interface languages (``i18n.build_language_menu``).
"""
from __future__ import annotations

import logging

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QMenuBar

from . import i18n

__all__ = ["MainMenuBar"]

logger = logging.getLogger(__name__)


class MainMenuBar(QMenuBar):
    """The menu bar of ``window`` (a ``MainWindow``: its panels, tabs, settings and slots)."""

    def __init__(self, window: QMainWindow):
        super().__init__(window)
        self._window = w = window
        tp, cp = w.translate_panel, w.chat_panel
        m = self.addMenu(self.tr("&File"))
        self._action(m, self.tr("&Open model package\u2026"), w.open_model_dialog, QKeySequence.StandardKey.Open)
        m.addSeparator()
        self._action(m, self.tr("Export attention as &PNG\u2026"), lambda: w.current_panel().export_attention("png"))
        self._action(m, self.tr("Export attention as &CSV\u2026"), lambda: w.current_panel().export_attention("csv"))
        self._action(m, self.tr("&Save transcript\u2026"), cp.ask_save_transcript, QKeySequence.StandardKey.Save)
        m.addSeparator()
        self._action(m, self.tr("&Quit"), w.close, QKeySequence.StandardKey.Quit)
        m = self.addMenu(self.tr("&Edit"))
        self.act_run = self._action(m, self.tr("&Translate / Send"), w.run_current, "Ctrl+Return", name="actionRun")
        self.act_run.setShortcuts([QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])
        self._action(m, self.tr("&Cancel"), w.cancel_current, "Esc", name="actionCancel")
        m.addSeparator()
        self._action(m, self.tr("Copy &result"), tp.copy_result, "Ctrl+Shift+C", name="actionCopyResult")
        self._action(m, self.tr("S&wap direction"), tp.swap_direction, "Ctrl+R", name="actionSwap")
        self._action(m, self.tr("C&lear"), tp.clear)
        m = self.addMenu(self.tr("&Model"))
        self._action(m, self.tr("&Open model package\u2026"), w.open_model_dialog)
        self.installed_menu = m.addMenu(self.tr("&Installed models"))
        self.installed_menu.aboutToShow.connect(self.fill_installed)
        self._action(m, self.tr("&Manage models\u2026"), w.show_model_manager, name="actionManageModels")
        self._action(m, self.tr("&Fine-tune on my pairs\u2026"), w.show_finetune, name="actionFineTune")
        self._action(m, self.tr("&Glossary\u2026"), w.show_glossary, name="actionGlossary")
        m.addSeparator()
        self._action(m, self.tr("&Reload models"), lambda: w.start_loading())
        m = self.addMenu(self.tr("&View"))
        self._action(m, self.tr("&Translate tab"), lambda: w.tabs.setCurrentIndex(0), "Ctrl+1")
        self._action(m, self.tr("&Dialog tab"), lambda: w.tabs.setCurrentIndex(1), "Ctrl+2")
        self._action(m, self.tr("&Explain tab"), lambda: w.tabs.setCurrentIndex(2), "Ctrl+3")
        m.addSeparator()
        self.act_live = self._action(m, self.tr("Translate as you &type"), tp.set_live_translate, checkable=True)
        tp.liveTranslateChanged.connect(self.act_live.setChecked)
        self.act_live.setChecked(tp.live_translate())
        self.act_words = self._action(m, self.tr("Attention by &words"), tp.set_word_view, checkable=True)
        tp.wordViewChanged.connect(self.act_words.setChecked)
        self.act_words.setChecked(tp.word_view())
        self.act_attention = self._action(m, self.tr("Show &attention"), w.show_attention, checkable=True)
        self.act_attention.setChecked(True)
        m.addSeparator()
        self.language_menu = m.addMenu(self.tr("&Language"))
        self.language_menu.setObjectName("languageMenu")
        self.language_group = i18n.build_language_menu(self.language_menu, w.settings.language, w.set_language)
        m = self.addMenu(self.tr("&Help"))
        self._action(m, self.tr("&About Seq2Seq Desktop"), w.show_about, QKeySequence.StandardKey.HelpContents)

    def _action(self, menu: QMenu, text: str, slot, shortcut=None, checkable: bool = False, name: str = "") -> QAction:
        act = QAction(text, self._window, checkable=checkable)
        if name:
            act.setObjectName(name)
        if shortcut is not None:
            act.setShortcut(QKeySequence(shortcut))
        act.triggered.connect(slot)
        menu.addAction(act)
        self._window.addAction(act)  # shortcuts work even with the menu bar hidden
        return act

    def fill_installed(self) -> None:
        """List the installed packages in Model -> Installed models; choosing one loads it."""
        self.installed_menu.clear()
        try:
            from seq2seq_desktop.core.store import find_models

            found = find_models()
        except Exception as exc:  # never let a menu crash the app
            logger.warning("could not list models: %r", exc)
            found = []
        if not found:
            self.installed_menu.addAction(self.tr("(none found)")).setEnabled(False)
        current = {str(getattr(getattr(e, "info", None), "path", "")) for e in self._window.engines.values()}
        try:
            from seq2seq_desktop.core.package import bundled_package_names
            from seq2seq_desktop.paths import bundled_models_dir

            bundled_root, bundled_names = bundled_models_dir().resolve(), bundled_package_names()
        except Exception as exc:  # never let a menu crash the app
            logger.warning("could not list the bundled models: %r", exc)
            bundled_root, bundled_names = None, set()
        for p in found:
            user_twin = p.resolve().parent != bundled_root and p.name in bundled_names
            label = self.tr("%1 (user)").replace("%1", p.name) if user_twin else p.name
            act = self.installed_menu.addAction(label, lambda p=p: self._window.load_model(p))
            act.setCheckable(True)
            act.setChecked(str(p) in current)
