"""Main window: menus, the Translate, Dialog and Explain tabs, the status bar; owns the engines.

The window is usable before any model exists: ``start_loading`` runs ``loading.load_engines`` in the
background (torch is imported there), each panel shows "Loading the ... model" until its engine
arrives, and a model that cannot be loaded leaves a clear note in its tab instead of a crash.
The user glossary (``core.glossary``) is read at start-up and applied to each translation engine
as it arrives (``Engine.set_glossary``, main thread) and again after Model -> Glossary.
A model remembered in the settings that can no longer be loaded (moved, deleted) is replaced by
the bundled one for its role, and the status bar says so.  View -> Language keeps the interface
language for the next start (``gui.i18n``).  The menus are ``main_menu_bar.MainMenuBar`` and the
status bar (messages elided to fit, the model, device and speed) is ``main_status_bar.MainStatusBar``;
the window keeps their actions and labels under its own names (``act_run``, ``status_model``, ...).
Tests inject ``engine_loader`` and ``model_paths`` (e.g. the tiny test model for every role).
"""
from __future__ import annotations

import base64
import logging
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QByteArray, QCoreApplication, Qt, QTimer, Signal
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox, QTabWidget, QWidget

from . import error_dialogs, i18n, jobs
from .chat_panel import CHAT_LABELS, ChatPanel
from .explain_panel import ExplainPanel
from .glossary_dialog import GlossaryDialog, apply_glossary, read_user_glossary
from .loading import LoadResult, default_engine_loader, load_engines
from .main_menu_bar import MainMenuBar
from .main_status_bar import MainStatusBar
from .settings import Settings, save_settings
from .translate_panel import DIRECTION_LABELS, TranslatePanel, direction_label

__all__ = ["MainWindow", "DEFAULT_MODELS"]

logger = logging.getLogger(__name__)

#: role -> package name looked up with ``store.resolve_model`` (bundled, then user models);
#: a missing optional role (a Japanese chat model) is skipped silently
DEFAULT_MODELS = {"en-ja": "en-ja", "ja-en": "ja-en", "chat-en": "chat-en", "chat-ja": "chat-ja"}
OPTIONAL_ROLES = {"chat-ja"}
#: how long closing the window waits for running workers (each stops at its next step)
SHUTDOWN_MS = 10_000


def _b64(data: QByteArray) -> str:
    return base64.b64encode(bytes(data)).decode("ascii")


def _unb64(text: str) -> QByteArray | None:
    try:
        return QByteArray(base64.b64decode(text.encode("ascii"), validate=True)) if text else None
    except ValueError:
        return None


def _role_label(role: str) -> str:
    """A role as the window names it, translated: "English → Japanese", "English chat"."""
    if role in CHAT_LABELS:
        return QCoreApplication.translate("MainWindow", "%1 chat").replace(
            "%1", QCoreApplication.translate("Language", CHAT_LABELS[role]))
    return direction_label(role)


class MainWindow(QMainWindow):
    """The application window.

    Parameters
    ----------
    settings : Settings, optional
        Start-up values (default: ``Settings()``); updated and saved on close.
    settings_path : path, optional
        Where ``closeEvent`` saves the settings (None: do not save).
    engine_loader : callable, optional
        ``loader(path_or_name) -> Engine``; default ``loading.default_engine_loader``.
    model_paths : dict, optional
        role (``"en-ja"``, ``"ja-en"``, ``"chat-en"``, ...) -> package path or name.  Default:
        the user's choices in ``settings.models`` over ``DEFAULT_MODELS``.
    """

    engineLoaded = Signal(str)  # role
    ready = Signal()  # every requested model was tried

    def __init__(self, settings: Settings | None = None, settings_path: str | Path | None = None,
                 engine_loader: Callable | None = None, model_paths: dict | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowTitle("Seq2Seq Desktop")
        self.settings = settings or Settings()
        self.settings_path = settings_path
        self.engine_loader = engine_loader or default_engine_loader
        self.model_paths = dict(model_paths) if model_paths is not None else {**DEFAULT_MODELS, **self.settings.models}
        # a remembered model that cannot be loaded any more falls back to the bundled one for its role
        self._fallbacks = {} if model_paths is not None else {
            role: DEFAULT_MODELS[role] for role, path in self.settings.models.items()
            if role in DEFAULT_MODELS and str(path) != DEFAULT_MODELS[role]}
        self.engines: dict[str, object] = {}
        self.load_errors: dict[str, str] = {}
        self.fallback_messages: list[str] = []  # remembered models replaced by the bundled ones
        self.ready_time: float | None = None
        self._loading: set[str] = set()
        self._load_jobs = jobs.LatestJob(self)

        self.translate_panel = TranslatePanel(self.settings)
        self.chat_panel = ChatPanel(self.settings)
        self.explain_panel = ExplainPanel(self.settings)
        self.explain_panel.set_loader(self.engine_loader)
        self.tabs = QTabWidget(objectName="mainTabs")
        self.tabs.addTab(self.translate_panel, self.tr("Translate"))
        self.tabs.addTab(self.chat_panel, self.tr("Dialog"))
        self.tabs.addTab(self.explain_panel, self.tr("Explain"))
        self.tabs.setCurrentIndex(self.settings.last_tab)
        self.setCentralWidget(self.tabs)
        self._build_status()
        self.glossary, self.glossary_warning = read_user_glossary()  # damaged file: empty + warning
        if self.glossary_warning:
            self.show_status(self.glossary_warning, 15000)
        self._build_menus()
        self._wire()
        self._restore_geometry()
        self._update_status()

    # ------------------------------------------------------------------ building
    def _build_status(self) -> None:
        self.status_bar = sb = MainStatusBar()
        self.setStatusBar(sb)
        self.status_model, self.status_device, self.status_speed = sb.model_label, sb.device_label, sb.speed_label
        self.busy_bar = sb.busy_bar

    def show_status(self, message: str, timeout: int = 5000) -> None:
        """Show ``message`` in the status bar for ``timeout`` ms, elided to the room the permanent labels
        leave (again whenever the bar is resized); the whole text is the bar's tooltip."""
        self.status_bar.show_status(message, timeout)

    def _build_menus(self) -> None:
        bar = MainMenuBar(self)
        self.setMenuBar(bar)
        self.act_run, self.act_live, self.act_words, self.act_attention = (
            bar.act_run, bar.act_live, bar.act_words, bar.act_attention)
        self.installed_menu, self.language_menu, self.language_group = (
            bar.installed_menu, bar.language_menu, bar.language_group)
        self._fill_installed = bar.fill_installed

    def _wire(self) -> None:
        tp, cp, ep = self.translate_panel, self.chat_panel, self.explain_panel
        for panel in (tp, cp, ep):
            panel.errorOccurred.connect(self.show_error)
            panel.statusMessage.connect(lambda msg: self.show_status(msg, 5000))
            panel.busyChanged.connect(self._update_busy)
        tp.translationFinished.connect(self._on_speed)
        cp.replyFinished.connect(lambda _r: self._on_speed(cp.last_rate))
        tp.directionChanged.connect(lambda _d: self._update_status())
        ep.roleChanged.connect(lambda _r: self._update_status())
        # in Automatic mode each reply may come from another language's model: name the one that answered
        cp.busyChanged.connect(lambda _b: self._update_status())
        tp.beamWidthChanged.connect(cp.set_beam_width)
        cp.set_beam_width(tp.beam_width())
        self.tabs.currentChanged.connect(lambda _i: self._update_status())

    # ------------------------------------------------------------------- models
    def _role_order(self) -> list[str]:
        roles = list(self.model_paths)
        tab = self.tabs.currentIndex()
        first = ([self.translate_panel.direction()] if tab == 0 else ["chat-en", "chat-ja"] if tab == 1
                 else [self.explain_panel.current_role() or self.translate_panel.direction()])
        return sorted(roles, key=lambda r: (r not in first, roles.index(r)))

    def start_loading(self, requests: list[tuple[str | None, str]] | None = None) -> jobs.Job:
        """Load models in the background (all of ``model_paths`` by default); returns the job."""
        fallbacks = None
        if requests is None:
            requests = [(r, str(self.model_paths[r])) for r in self._role_order()]
            fallbacks = {r: f for r, f in self._fallbacks.items() if str(self.model_paths.get(r)) != f}
            self._load_started = time.perf_counter()
        job = self._load_jobs.submit(load_engines, self.engine_loader, requests, fallbacks, name="load-models")
        job.yielded.connect(self._on_load_result)
        job.errored.connect(self.show_error)
        job.finished.connect(self._on_load_finished)
        job.start()
        self._update_busy()
        return job

    def _role_for(self, engine) -> str:
        info = engine.info
        if info.task == "chat":
            return f"chat-{info.target_lang or 'en'}"
        role = f"{info.source_lang}-{info.target_lang}"
        return role if role in DIRECTION_LABELS else self.translate_panel.direction()

    def _on_load_result(self, res: LoadResult) -> None:
        role = res.role or (self._role_for(res.engine) if res.engine is not None else None)
        if res.engine is None and res.error is None:
            if role:
                self._loading.add(role)
            self.status_bar.set_model_label(self.tr("Loading model %1\u2026").replace("%1", Path(res.source).name))
            return
        self._loading.discard(role)
        if res.error is not None:
            if role in OPTIONAL_ROLES:
                return
            title, message, _ = error_dialogs.describe_error(res.error)
            if role is None:
                self.show_error(res.error)
                return
            note = self.tr("No model for %1: %2\nUse Model \u2192 Open model package\u2026 to choose one.").replace(
                "%1", _role_label(role)).replace("%2", message)
            self.load_errors[role] = message
            self._install(role, None, note)
        else:
            self.load_errors.pop(role, None)
            self._install(role, res.engine)
            if res.role is None:  # picked by the user: remember it
                self.settings.models[role] = str(res.source)
                self.model_paths[role] = str(res.source)
            if res.replaced is not None:  # the remembered model is gone: the bundled one stands in
                self._fallback_used(role, res)
            self.engineLoaded.emit(role)
        self._update_status()

    def _fallback_used(self, role: str, res: LoadResult) -> None:
        """Forget the remembered model that failed and say which model is used instead."""
        self.settings.models.pop(role, None)
        self.model_paths[role] = str(res.source)
        self._fallbacks.pop(role, None)
        _title, why, _ = error_dialogs.describe_error(res.replaced_error) if res.replaced_error else ("", "", None)
        name = getattr(getattr(res.engine, "info", None), "display_name", None) or Path(res.source).name
        message = self.tr("The model chosen for %1 (%2) could not be loaded; using the bundled model %3 instead.")
        message = message.replace("%1", _role_label(role)).replace(
            "%2", str(res.replaced)).replace("%3", name)
        logger.warning("%s (%s)", message, why)
        self.fallback_messages.append(message)
        QTimer.singleShot(0, lambda: self.show_status(message, 20_000))  # after the loading messages

    def _install(self, role: str, engine, note: str | None = None) -> None:
        if engine is not None:
            self.engines[role] = engine
            apply_glossary({role: engine}, self.glossary)
        else:
            self.engines.pop(role, None)
        if role.startswith("chat-"):
            self.chat_panel.set_engine(role, engine, note)
        else:
            self.translate_panel.set_engine(role, engine, note)
        self.explain_panel.set_engine(role, engine, note)

    def _on_load_finished(self) -> None:
        self._loading.clear()
        if self.ready_time is None:
            self.ready_time = time.perf_counter()
        self._update_busy()
        self._update_status()
        self.ready.emit()

    def open_model_dialog(self) -> None:
        """Ask for a model package folder and load it for the role its config says."""
        path = QFileDialog.getExistingDirectory(self, self.tr("Open model package"))
        if path:
            self.load_model(path)

    def load_model(self, path: str | Path) -> jobs.Job:
        """Load one package (role from its config) in the background."""
        return self.start_loading([(None, str(path))])

    # ------------------------------------------------------------------- actions
    def run_current(self) -> None:
        """Ctrl+Return: translate on the Translate tab, send on the Dialog tab, run the Explain tab's page."""
        tab = self.tabs.currentIndex()
        (self.translate_panel.translate if tab == 0 else self.chat_panel.send if tab == 1 else self.explain_panel.run)()

    def cancel_current(self) -> None:
        """Esc: stop whatever is decoding."""
        if not self.translate_panel.cancel() and not self.chat_panel.cancel():
            self.explain_panel.cancel()

    def current_panel(self) -> TranslatePanel | ChatPanel | ExplainPanel:
        """The panel of the tab shown (File -> Export attention acts on it)."""
        return (self.translate_panel, self.chat_panel, self.explain_panel)[min(self.tabs.currentIndex(), 2)]

    def show_attention(self, on: bool) -> None:
        """View -> Show attention: show or hide the heatmaps of the Translate and Dialog tabs."""
        self.translate_panel.set_attention_visible(on)
        self.chat_panel.set_attention_visible(on)

    def show_error(self, exc: BaseException) -> QMessageBox:
        """Show an engine failure without blocking; the window stays usable."""
        return error_dialogs.show_error(self, exc)

    def show_warnings(self, warnings: list[str]) -> QMessageBox | None:
        """Non-blocking warning box (e.g. a reset settings file)."""
        if not warnings:
            return None
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Settings"), "\n".join(warnings),
                          QMessageBox.StandardButton.Ok, self)
        box.setObjectName("settingsWarningBox")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        box.open()
        self.show_status(warnings[0], 10000)
        return box

    def show_model_manager(self) -> None:
        """Model -> Manage models: list, switch, rename, delete, import, export packages."""
        from .model_manager import ModelManagerDialog

        dlg = ModelManagerDialog(self, active_paths=[e.info.path for e in self.engines.values()])
        dlg.modelActivated.connect(self.load_model)
        dlg.open()

    def show_finetune(self) -> None:
        """Model -> Fine-tune: train a copy of the active model on the user's pairs."""
        engine = self.engines.get(self._current_role())
        if engine is None:
            self.show_status(self.tr("Load a model first."), 5000)
            return
        from .finetune_dialog import FineTuneDialog

        dlg = FineTuneDialog(self, engine, engine.info.path)
        dlg.modelSaved.connect(self.load_model)
        dlg.open()

    def show_glossary(self):
        """Model -> Glossary: edit the user's terms; OK saves them and applies them to the engines."""
        protects = {r: getattr(e, "protects_spans", None) for r, e in self.engines.items() if r in DIRECTION_LABELS}
        dlg = GlossaryDialog(self.glossary, self, direction=self.translate_panel.direction(), protects=protects)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dlg.accepted.connect(lambda: self.set_glossary(dlg.glossary()))
        dlg.open()
        return dlg

    def set_glossary(self, glossary: dict) -> None:
        """Use ``glossary`` (direction -> ``GlossaryRow`` list) for every translation engine from now on."""
        self.glossary = dict(glossary)
        apply_glossary(self.engines, self.glossary)

    def show_about(self) -> None:
        """Help -> About."""
        from .about import AboutDialog

        AboutDialog(self.engines, self).open()

    def set_language(self, language: str) -> QMessageBox | None:
        """View -> Language: remember ``language`` (saved on close); it applies from the next start,
        so offer to restart now (``i18n.ask_restart``; returns its box, None when nothing changed)."""
        if language == self.settings.language:
            return None
        self.settings.language = language
        return i18n.ask_restart(self)

    # -------------------------------------------------------------------- status
    def _update_busy(self, *_args) -> None:
        busy = self._load_jobs.busy or self.translate_panel.busy or self.chat_panel.busy or self.explain_panel.busy
        self.busy_bar.setVisible(busy)

    def _current_role(self) -> str:
        if self.tabs.currentIndex() == 0:
            return self.translate_panel.direction()
        if self.tabs.currentIndex() == 2:
            return self.explain_panel.current_role() or self.translate_panel.direction()
        return self.chat_panel.current_role() or "chat-en"

    def _update_status(self) -> None:
        role = self._current_role()
        self.status_bar.show_model(role, self.engines.get(role), self.load_errors.get(role),
                                   loading=self._load_jobs.busy or role in self._loading)

    def _on_speed(self, result) -> None:
        rate = result if isinstance(result, float) else getattr(result, "words_per_s", None)
        if rate:  # the engine's rate counts output tokens (pieces), as the tooltip says
            self.status_bar.show_speed(rate)

    # -------------------------------------------------------------- persistence
    def _restore_geometry(self) -> None:
        geo = _unb64(self.settings.geometry)
        if geo is None or not self.restoreGeometry(geo):
            self.resize(1180, 760)
        split = _unb64(self.settings.splitter_state)
        if split is not None:
            self.translate_panel.restore_splitter_state(split)

    def store_settings(self) -> Settings:
        """Copy the window's state into ``self.settings`` and return it."""
        s = self.settings
        self.translate_panel.store_settings(s)
        self.chat_panel.store_settings(s)
        s.last_tab = self.tabs.currentIndex()
        s.geometry = _b64(self.saveGeometry())
        s.splitter_state = _b64(self.translate_panel.splitter_state())
        return s

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        """Save settings, stop every worker (waiting for it), then close."""
        self.store_settings()
        if self.settings_path is not None:
            save_settings(self.settings, self.settings_path)
        jobs.shutdown(msecs=SHUTDOWN_MS)  # every job stops at its next step (the reverse check yields too)
        super().closeEvent(event)
