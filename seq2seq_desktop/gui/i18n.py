"""Interface language: which one the app shows, the QTranslators that give it, and View -> Language.

* ``Settings.language`` is ``"system"`` (follow ``QLocale.system()``, i.e. ``LANGUAGE``/``LC_ALL``/
  ``LC_MESSAGES``/``LANG`` such as ``ja_JP.UTF-8``), ``"en"`` or ``"ja"``; ``resolve_language`` turns
  it into the language used.  English is the source language and needs no catalogue.
* ``install_translators(app, language)`` runs before the main window is built (``gui.app.main``).
  It installs the app's ``resources/translations/seq2seq_desktop_<lang>.qm`` and Qt's own
  ``qtbase_<lang>.qm`` (standard buttons, file dialogs, context menus), which is looked up in
  ``QLibraryInfo``'s translations folder and then in ``resources/translations`` (the frozen build
  ships it there: ``packaging/seq2seq_desktop.spec``).
* A new language applies from the next start: View -> Language saves the choice and offers to
  restart now (``ask_restart``).
* Source strings: ``self.tr()`` in QObject subclasses, ``QCoreApplication.translate("Context", ...)``
  in module functions, ``QT_TRANSLATE_NOOP`` in module tables, translated where they are shown.
  ``python tools/update_translations.py`` regenerates the catalogue (.ts) and compiles it (.qm);
  ``tests/gui/test_i18n.py`` fails on a string missing from it or left untranslated.
"""
from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QProcess, QTranslator
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QMessageBox, QWidget

from .settings import LANGUAGES

__all__ = ["LANGUAGES", "TRANSLATED", "CATALOGUE", "translations_dir", "resolve_language",
           "install_translators", "remove_translators", "build_language_menu", "ask_restart",
           "restart_command"]

logger = logging.getLogger(__name__)

#: languages with a catalogue in ``resources/translations`` (English is the source text)
TRANSLATED = ("ja",)
#: file stem of the app's catalogues: ``seq2seq_desktop_ja.ts`` / ``.qm``
CATALOGUE = "seq2seq_desktop"
_QLOCALE_LANGUAGE = {QLocale.Language.English: "en", QLocale.Language.Japanese: "ja"}


def translations_dir() -> Path:
    """``resources/translations`` (checkout or frozen build)."""
    from seq2seq_desktop.paths import resources_dir

    return resources_dir() / "translations"


def resolve_language(setting: str, locale: QLocale | None = None) -> str:
    """The language shown for the setting ``setting``: ``"en"`` or one of ``TRANSLATED``.

    ``"system"`` (or an unknown value) follows the user's preferred UI languages of ``locale``
    (default ``QLocale.system()``): the first of them that the app has, else English.
    """
    if setting == "en" or setting in TRANSLATED:
        return setting
    locale = QLocale.system() if locale is None else locale
    for name in locale.uiLanguages() or [locale.name()]:
        lang = _QLOCALE_LANGUAGE.get(QLocale(name).language())
        if lang is not None:
            return lang
    return "en"


def _qt_catalogue(language: str) -> Path | None:
    name = f"qtbase_{language}.qm"
    for folder in (Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)), translations_dir()):
        if (folder / name).is_file():
            return folder / name
    return None


def install_translators(app: QCoreApplication, language: str) -> list[QTranslator]:
    """Install the app's and Qt's catalogues for ``language`` (``"en"``: none) on ``app``.

    Call before building widgets: texts are translated when they are set.  A missing or unreadable
    catalogue is logged and skipped (the app then shows English).  Returns the installed translators
    (owned by ``app``), for ``remove_translators``.
    """
    if language not in TRANSLATED:
        return []
    installed = []
    for path in (translations_dir() / f"{CATALOGUE}_{language}.qm", _qt_catalogue(language)):
        if path is None:
            logger.warning("no Qt catalogue for %s: standard buttons and dialogs stay English", language)
            continue
        translator = QTranslator(app)
        if translator.load(str(path)) and app.installTranslator(translator):
            installed.append(translator)
        else:
            logger.warning("could not load the translation %s", path)
            translator.deleteLater()
    return installed


def remove_translators(app: QCoreApplication, translators: list[QTranslator]) -> None:
    """Undo ``install_translators``."""
    for translator in translators:
        app.removeTranslator(translator)
        translator.deleteLater()


def build_language_menu(menu: QMenu, current: str, on_chosen: Callable[[str], None]) -> QActionGroup:
    """Fill ``menu`` with the exclusive choices System / English / 日本語 (``current`` checked).

    Each action's data is its ``Settings.language`` value and its objectName ``language_<value>``;
    ``on_chosen(value)`` is called when the user picks one.
    """
    group = QActionGroup(menu)
    group.setExclusive(True)
    # the languages go by their own names, as language menus do
    labels = {"system": QCoreApplication.translate("Language", "System language"), "en": "English",
              "ja": "\u65e5\u672c\u8a9e"}
    for value in LANGUAGES:
        act = QAction(labels[value], menu, checkable=True, checked=value == current)
        act.setObjectName(f"language_{value}")
        act.setData(value)
        group.addAction(act)
        menu.addAction(act)
    group.triggered.connect(lambda act: on_chosen(act.data()))
    return group


def restart_command() -> tuple[str, list[str]]:
    """Program and arguments that start this app again as it was started."""
    if getattr(sys, "frozen", False):
        return sys.executable, list(sys.argv[1:])
    return sys.executable, list(getattr(sys, "orig_argv", [sys.executable, *sys.argv])[1:])


def ask_restart(window: QWidget, restart: Callable[[], None] | None = None) -> QMessageBox:
    """Say that the new language applies from the next start and offer *Restart now* (non-blocking).

    *Restart now* calls ``restart`` (default: close ``window``, which saves the settings, then start
    the app again with ``restart_command``).
    """
    box = QMessageBox(QMessageBox.Icon.Information, QCoreApplication.translate("Language", "Language"),
                      QCoreApplication.translate("Language", "The language changes the next time the app starts."),
                      QMessageBox.StandardButton.NoButton, window)
    box.setObjectName("languageRestartBox")
    now = box.addButton(QCoreApplication.translate("Language", "&Restart now"), QMessageBox.ButtonRole.AcceptRole)
    now.setObjectName("restartNowButton")
    later = box.addButton(QCoreApplication.translate("Language", "&Later"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(later)

    def default_restart() -> None:
        if window.close():
            program, args = restart_command()
            if not QProcess.startDetached(program, args)[0]:
                logger.warning("could not restart %s %s", program, args)

    box.buttonClicked.connect(lambda button: (restart or default_restart)() if button is now else None)
    box.open()
    return box
