"""Main window: menus, the Translate, Dialog and Explain tabs, the status bar; owns the engines.

The window is usable before any model exists: ``start_loading`` runs ``loading.load_engines`` in the
background (torch is imported there), each panel shows "Loading the ... model" until its engine
arrives, and a model that cannot be loaded leaves a clear note in its tab instead of a crash.
The user glossary (``core.glossary``) is read at start-up and applied to each translation engine
as it arrives (``Engine.set_glossary``, main thread) and again after Model -> Glossary.
A model remembered in the settings that can no longer be loaded (moved, deleted) is replaced by
the bundled one for its role, and the status bar says so.  Status-bar text too long for the bar
is elided, with the whole text in the tooltip.  View -> Language keeps the interface language for
the next start (``gui.i18n``).
Tests inject ``engine_loader`` and ``model_paths`` (e.g. the tiny test model for every role).
"""
from __future__ import annotations

import base64
import logging
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QByteArray, QCoreApplication, QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QLabel, QMainWindow, QMessageBox, QProgressBar, QTabWidget, QWidget

from . import error_dialogs, i18n, jobs
from .chat_panel import CHAT_LABELS, ChatPanel
from .explain_panel import ExplainPanel
from .glossary_dialog import GlossaryDialog, apply_glossary, read_user_glossary
from .loading import LoadResult, default_engine_loader, load_engines
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
STATUS_MODEL_WIDTH = 360  # the model label is elided beyond this (full text in its tooltip)


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
        sb = self.statusBar()
        self.status_model = QLabel(objectName="statusModelLabel", maximumWidth=STATUS_MODEL_WIDTH)
        self.status_device = QLabel(self.tr("Device: \u2014"), objectName="statusDeviceLabel")
        self.status_speed = QLabel(self.tr("Speed: \u2014"), objectName="statusSpeedLabel")
        self.status_speed.setToolTip(self.tr("Output tokens (SentencePiece pieces) per second of the last run"))
        self.busy_bar = QProgressBar(objectName="statusBusyBar", maximumWidth=120, maximumHeight=14)
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setTextVisible(False)
        self.busy_bar.hide()
        for w in (self.busy_bar, self.status_model, self.status_device, self.status_speed):
            sb.addPermanentWidget(w)
        self._status_full: str | None = None  # the whole text of the message shown (elided there)
        self._status_shown: str | None = None
        self._status_timer = QTimer(self, singleShot=True)
        self._status_timer.timeout.connect(sb.clearMessage)
        sb.messageChanged.connect(self._on_status_changed)
        sb.installEventFilter(self)

    def show_status(self, message: str, timeout: int = 5000) -> None:
        """Show ``message`` in the status bar for ``timeout`` ms, elided to the room the permanent labels
        leave (again whenever the bar is resized); the whole text is the bar's tooltip."""
        self._status_full = message
        self._status_timer.stop()
        self._show_elided()
        if timeout > 0:
            self._status_timer.start(timeout)

    def _show_elided(self) -> None:
        sb, message = self.statusBar(), self._status_full or ""
        shown = message
        if sb.isVisible():  # before the first layout the bar has no real width yet
            permanent = sum(w.sizeHint().width() + 8 for w in (self.busy_bar, self.status_model, self.status_device,
                                                                self.status_speed) if not w.isHidden())
            room = max(60, sb.width() - permanent - 24)
            shown = sb.fontMetrics().elidedText(message, Qt.TextElideMode.ElideRight, room)
        self._status_shown = shown
        sb.setToolTip(message if shown != message else "")
        sb.showMessage(shown)

    def _on_status_changed(self, message: str) -> None:
        """Someone else's message (a menu's status tip, a clear): forget ours and its tooltip."""
        if self._status_full is not None and message != self._status_shown:
            self._status_full = self._status_shown = None
            self._status_timer.stop()
            self.statusBar().setToolTip("")

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt override)
        """Re-elide the status message when the bar changes width."""
        if event.type() == QEvent.Type.Resize and obj is self.statusBar() and self._status_full is not None:
            self._show_elided()
        return False

    def _set_model_label(self, text: str, tooltip: str = "") -> None:
        """The model label, elided to ``STATUS_MODEL_WIDTH`` (the whole text leads its tooltip)."""
        shown = self.status_model.fontMetrics().elidedText(text, Qt.TextElideMode.ElideMiddle, STATUS_MODEL_WIDTH - 8)
        self.status_model.setText(shown)
        self.status_model.setToolTip("\n".join(t for t in (text if shown != text else "", tooltip) if t))

    def _action(self, menu, text: str, slot, shortcut=None, checkable: bool = False, name: str = "") -> QAction:
        act = QAction(text, self, checkable=checkable)
        if name:
            act.setObjectName(name)
        if shortcut is not None:
            act.setShortcut(QKeySequence(shortcut))
        act.triggered.connect(slot)
        menu.addAction(act)
        self.addAction(act)  # shortcuts work even with the menu bar hidden
        return act

    def _build_menus(self) -> None:
        mb = self.menuBar()
        tp, cp = self.translate_panel, self.chat_panel
        m = mb.addMenu(self.tr("&File"))
        self._action(m, self.tr("&Open model package\u2026"), self.open_model_dialog, QKeySequence.StandardKey.Open)
        m.addSeparator()
        self._action(m, self.tr("Export attention as &PNG\u2026"), lambda: self._current_panel().export_attention("png"))
        self._action(m, self.tr("Export attention as &CSV\u2026"), lambda: self._current_panel().export_attention("csv"))
        self._action(m, self.tr("&Save transcript\u2026"), cp.ask_save_transcript, QKeySequence.StandardKey.Save)
        m.addSeparator()
        self._action(m, self.tr("&Quit"), self.close, QKeySequence.StandardKey.Quit)
        m = mb.addMenu(self.tr("&Edit"))
        self.act_run = self._action(m, self.tr("&Translate / Send"), self.run_current, "Ctrl+Return", name="actionRun")
        self.act_run.setShortcuts([QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])
        self._action(m, self.tr("&Cancel"), self.cancel_current, "Esc", name="actionCancel")
        m.addSeparator()
        self._action(m, self.tr("Copy &result"), tp.copy_result, "Ctrl+Shift+C", name="actionCopyResult")
        self._action(m, self.tr("S&wap direction"), tp.swap_direction, "Ctrl+R", name="actionSwap")
        self._action(m, self.tr("C&lear"), tp.clear)
        m = mb.addMenu(self.tr("&Model"))
        self._action(m, self.tr("&Open model package\u2026"), self.open_model_dialog)
        self.installed_menu = m.addMenu(self.tr("&Installed models"))
        self.installed_menu.aboutToShow.connect(self._fill_installed)
        self._action(m, self.tr("&Manage models\u2026"), self.show_model_manager, name="actionManageModels")
        self._action(m, self.tr("&Fine-tune on my pairs\u2026"), self.show_finetune, name="actionFineTune")
        self._action(m, self.tr("&Glossary\u2026"), self.show_glossary, name="actionGlossary")
        m.addSeparator()
        self._action(m, self.tr("&Reload models"), lambda: self.start_loading())
        m = mb.addMenu(self.tr("&View"))
        self._action(m, self.tr("&Translate tab"), lambda: self.tabs.setCurrentIndex(0), "Ctrl+1")
        self._action(m, self.tr("&Dialog tab"), lambda: self.tabs.setCurrentIndex(1), "Ctrl+2")
        self._action(m, self.tr("&Explain tab"), lambda: self.tabs.setCurrentIndex(2), "Ctrl+3")
        m.addSeparator()
        self.act_live = self._action(m, self.tr("Translate as you &type"), tp.set_live_translate, checkable=True)
        tp.liveTranslateChanged.connect(self.act_live.setChecked)
        self.act_live.setChecked(tp.live_translate())
        self.act_words = self._action(m, self.tr("Attention by &words"), tp.set_word_view, checkable=True)
        tp.wordViewChanged.connect(self.act_words.setChecked)
        self.act_words.setChecked(tp.word_view())
        self.act_attention = self._action(m, self.tr("Show &attention"), self._show_attention, checkable=True)
        self.act_attention.setChecked(True)
        m.addSeparator()
        self.language_menu = m.addMenu(self.tr("&Language"))
        self.language_menu.setObjectName("languageMenu")
        self.language_group = i18n.build_language_menu(self.language_menu, self.settings.language, self.set_language)
        m = mb.addMenu(self.tr("&Help"))
        self._action(m, self.tr("&About Seq2Seq Desktop"), self.show_about, QKeySequence.StandardKey.HelpContents)

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
            self._set_model_label(self.tr("Loading model %1\u2026").replace("%1", Path(res.source).name))
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

    def _fill_installed(self) -> None:
        self.installed_menu.clear()
        try:
            from seq2seq_desktop.core.store import find_models

            found = find_models()
        except Exception as exc:  # never let a menu crash the app
            logger.warning("could not list models: %r", exc)
            found = []
        if not found:
            self.installed_menu.addAction(self.tr("(none found)")).setEnabled(False)
        current = {str(getattr(getattr(e, "info", None), "path", "")) for e in self.engines.values()}
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
            act = self.installed_menu.addAction(label, lambda p=p: self.load_model(p))
            act.setCheckable(True)
            act.setChecked(str(p) in current)

    # ------------------------------------------------------------------- actions
    def run_current(self) -> None:
        """Ctrl+Return: translate on the Translate tab, send on the Dialog tab, run the Explain tab's page."""
        tab = self.tabs.currentIndex()
        (self.translate_panel.translate if tab == 0 else self.chat_panel.send if tab == 1 else self.explain_panel.run)()

    def cancel_current(self) -> None:
        """Esc: stop whatever is decoding."""
        if not self.translate_panel.cancel() and not self.chat_panel.cancel():
            self.explain_panel.cancel()

    def _current_panel(self) -> TranslatePanel | ChatPanel | ExplainPanel:
        return (self.translate_panel, self.chat_panel, self.explain_panel)[min(self.tabs.currentIndex(), 2)]

    def _show_attention(self, on: bool) -> None:
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
        engine = self.engines.get(role)
        if engine is not None:
            name = getattr(engine.info, "display_name", None) or engine.info.name
            self._set_model_label(self.tr("Model: %1").replace("%1", f"{name} ({role})"), str(engine.info.path))
            self.status_device.setText(self.tr("Device: %1").replace("%1", engine.device_name))
        elif role in self.load_errors:
            self._set_model_label(self.tr("Model: none for %1").replace("%1", role), self.load_errors[role])
        elif self._load_jobs.busy or role in self._loading:
            self._set_model_label(self.tr("Loading model\u2026"))
        else:
            self._set_model_label(self.tr("Model: not loaded"))

    def _on_speed(self, result) -> None:
        rate = result if isinstance(result, float) else getattr(result, "words_per_s", None)
        if rate:  # the engine's rate counts output tokens (pieces), as the tooltip says
            self.status_speed.setText(self.tr("Speed: %1 tokens/s").replace("%1", f"{rate:.1f}"))

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
