"""``seq2seq-desktop`` entry point: QApplication, excepthook, window first, models in the background.

Start-up order (the window appears in ~0.3 s instead of ~2 s): import Qt only, build and show the
window, then ``MainWindow.start_loading`` imports torch and loads the models in a worker while
the panels show "Loading the ... model".  Closing the window asks every worker to stop and waits
(each stops at its next step), ``aboutToQuit`` does the same for a quit without the window, and
``run_event_loop`` waits for any straggler after the event loop: a worker still running while Python
tears down would emit on a deleted signal object ("Signal source has been deleted").

Options for tests and measurements: ``--quit-after MS`` closes the window MS after the models are
ready (or failed to load),
``--timing`` prints JSON lines ``{"event": "window"|"first-model"|"ready", "t": <epoch s>}`` on stdout,
``--model ROLE=PATH`` overrides a model, ``--settings PATH`` uses another settings file,
``--language en|ja|system`` overrides the saved interface language (translators: ``gui.i18n``).
``--self-test`` and ``--version`` never reach Qt: they are handed to ``seq2seq_desktop.selftest``
(headless checks of a build) before anything else is imported.
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
from pathlib import Path

__all__ = ["main", "build_parser", "apply_color_scheme", "run_event_loop"]

logger = logging.getLogger(__name__)

#: how long ``aboutToQuit`` waits for workers (closing the window has waited already)
QUIT_WAIT_MS = 2_000
#: how long ``run_event_loop`` waits, after the event loop, for workers still finishing a step
FINAL_WAIT_MS = 60_000


def build_parser() -> argparse.ArgumentParser:
    """Command-line options of the GUI."""
    p = argparse.ArgumentParser(prog="seq2seq-desktop", description="Offline EN<->JA translator and toy chatbot.")
    p.add_argument("--model", action="append", default=[], metavar="ROLE=PATH",
                   help="use this model package for a role (en-ja, ja-en, chat-en, chat-ja); repeatable")
    p.add_argument("--settings", metavar="PATH", help="settings file (default: the user config folder)")
    p.add_argument("--color-scheme", choices=("system", "light", "dark"), default="system",
                   help="override the system light/dark preference")
    p.add_argument("--language", choices=("system", "en", "ja"),
                   help="interface language for this run (default: the saved View -> Language choice)")
    p.add_argument("--quit-after", type=int, metavar="MS", help=argparse.SUPPRESS)
    p.add_argument("--timing", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--self-test", action="store_true",
                   help="headless check of the bundled models, no window (see seq2seq_desktop.selftest)")
    p.add_argument("--version", action="store_true", help="print the version and exit")
    p.add_argument("-v", "--verbose", action="store_true", help="log more")
    return p


def _emit_timing(event: str) -> None:
    if sys.stdout is not None:  # frozen windowed apps have no stdout
        print(json.dumps({"event": event, "t": time.time()}), flush=True)


def _load_bundled_fonts() -> None:
    """Register fonts under ``resources/fonts`` when the system has no Japanese font."""
    from PySide6.QtGui import QFontDatabase

    if QFontDatabase.families(QFontDatabase.WritingSystem.Japanese):
        return
    try:
        from seq2seq_desktop.paths import resources_dir

        font_dir = resources_dir() / "fonts"
        files = sorted(p for ext in ("*.otf", "*.ttf", "*.ttc") for p in font_dir.glob(ext)) \
            if font_dir.is_dir() else []
    except ImportError:
        files = []
    for f in files:
        if QFontDatabase.addApplicationFont(str(f)) < 0:
            logger.warning("could not load font %s", f)
    if not QFontDatabase.families(QFontDatabase.WritingSystem.Japanese):
        logger.warning("no Japanese font found: Japanese text may show as boxes "
                       "(install fonts-noto-cjk or put a CJK font in resources/fonts)")


def _dark_fusion_style():
    """Fusion, with check box and radio button outlines that show on a dark palette.

    Fusion outlines an indicator a shade darker than the window and fills it with the base colour,
    which on a dark palette is nearly the window's own: the boxes all but vanish.
    """
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QColor, QPainter, QPen
    from PySide6.QtWidgets import QProxyStyle, QStyle, QStyleFactory

    class DarkFusionStyle(QProxyStyle):
        def drawPrimitive(self, element, option, painter, widget=None):  # noqa: N802 (Qt override)
            super().drawPrimitive(element, option, painter, widget)
            pe = QStyle.PrimitiveElement
            if element not in (pe.PE_IndicatorCheckBox, pe.PE_IndicatorRadioButton):
                return
            enabled = bool(option.state & QStyle.StateFlag.State_Enabled)
            painter.save()
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, element == pe.PE_IndicatorRadioButton)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(QColor("#a0a0a0" if enabled else "#606060"), 1))
            rect = option.rect.adjusted(0, 0, -1, -1)
            if element == pe.PE_IndicatorRadioButton:
                painter.drawEllipse(rect)
            else:
                painter.drawRect(rect)
            painter.restore()

    return DarkFusionStyle(QStyleFactory.create("Fusion"))


def apply_color_scheme(app, scheme: str) -> None:
    """Force ``"light"``/``"dark"`` (``"system"`` follows the platform, the default).

    Qt's ``setColorScheme`` only works where the platform theme supports it; elsewhere (bare X11,
    Xvfb) a Fusion palette of the requested kind is installed instead.  A dark Fusion gets
    indicator outlines that stand out (``_dark_fusion_style``).
    """
    if scheme == "system":
        return
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QColor, QPalette

    dark = scheme == "dark"
    if hasattr(app.styleHints(), "setColorScheme"):
        app.styleHints().setColorScheme(Qt.ColorScheme.Dark if dark else Qt.ColorScheme.Light)
    if (app.palette().color(QPalette.ColorRole.Window).lightness() < 128) == dark:
        if dark and app.style().name().lower() == "fusion":
            palette = app.palette()
            app.setStyle(_dark_fusion_style())
            app.setPalette(palette)
        return
    app.setStyle(_dark_fusion_style() if dark else "Fusion")
    if not dark:
        app.setPalette(app.style().standardPalette())
        return
    pal = QPalette()
    roles = {QPalette.ColorRole.Window: "#2b2b2b", QPalette.ColorRole.WindowText: "#e6e6e6",
             QPalette.ColorRole.Base: "#1e1e1e", QPalette.ColorRole.AlternateBase: "#333333",
             QPalette.ColorRole.Text: "#e6e6e6", QPalette.ColorRole.Button: "#353535",
             QPalette.ColorRole.ButtonText: "#e6e6e6", QPalette.ColorRole.Highlight: "#2f7fd0",
             QPalette.ColorRole.HighlightedText: "#ffffff", QPalette.ColorRole.ToolTipBase: "#3a3a3a",
             QPalette.ColorRole.ToolTipText: "#e6e6e6", QPalette.ColorRole.PlaceholderText: "#8a8a8a",
             QPalette.ColorRole.Link: "#6aa9ff"}
    for role, color in roles.items():
        pal.setColor(role, QColor(color))
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        pal.setColor(QPalette.ColorGroup.Disabled, role, QColor("#7a7a7a"))
    app.setPalette(pal)


def _model_overrides(items: list[str]) -> dict[str, str] | None:
    if not items:
        return None
    from .main_window import DEFAULT_MODELS

    out = dict(DEFAULT_MODELS)
    for item in items:
        role, sep, path = item.partition("=")
        if not sep or not role or not path:
            raise SystemExit(f"--model expects ROLE=PATH, got {item!r}")
        out[role] = path
    return out


def main(argv: list[str] | None = None) -> int:
    """Run the desktop app; return its exit code."""
    from seq2seq_desktop import selftest

    argv = sys.argv[1:] if argv is None else list(argv)
    if selftest.wants_headless(argv):  # --self-test / --version: no Qt, no display needed
        return selftest.main(argv)
    args, qt_args = build_parser().parse_known_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    os.environ.setdefault("QT_API", "pyside6")
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    from seq2seq_desktop import __version__

    from . import jobs
    from .error_dialogs import install_excepthook
    from .main_window import MainWindow
    from .settings import default_settings_path, load_settings

    app = QApplication.instance() or QApplication([sys.argv[0], *qt_args])
    from .binding_check import protect_none

    protect_none()  # PySide6 6.12.0 + CPython 3.11 would otherwise abort within seconds
    app.setApplicationName("Seq2Seq Desktop")
    app.setOrganizationName("seq2seq-desktop")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("seq2seq-desktop")  # matches packaging/linux/seq2seq-desktop.desktop
    from PySide6.QtGui import QIcon

    from seq2seq_desktop.paths import resources_dir

    app.setWindowIcon(QIcon(str(resources_dir() / "icons" / "seq2seq-desktop.png")))
    apply_color_scheme(app, args.color_scheme)
    _load_bundled_fonts()
    install_excepthook()

    settings_path = Path(args.settings) if args.settings else default_settings_path()
    settings, warnings = load_settings(settings_path)
    from .i18n import install_translators, resolve_language

    install_translators(app, resolve_language(args.language or settings.language))  # before any widget
    window = MainWindow(settings, settings_path, model_paths=_model_overrides(args.model))

    class FirstPaint(QObject):
        def eventFilter(self, obj, event):  # noqa: N802 (Qt override)
            if event.type() == QEvent.Type.Paint:
                obj.removeEventFilter(self)
                if args.timing:
                    _emit_timing("window")
            return False

    first_paint = FirstPaint(window)
    window.installEventFilter(first_paint)
    if args.timing:
        first = []
        window.engineLoaded.connect(lambda _role: first or (first.append(1), _emit_timing("first-model")))
        window.ready.connect(lambda: _emit_timing("ready"))
    window.show()
    QTimer.singleShot(0, window.start_loading)
    if warnings:
        QTimer.singleShot(0, lambda: window.show_warnings(warnings))
    app.aboutToQuit.connect(lambda: jobs.shutdown(msecs=QUIT_WAIT_MS))
    if args.quit_after is not None:
        window.ready.connect(lambda: QTimer.singleShot(args.quit_after, window.close))
    return run_event_loop(app)


def run_event_loop(app) -> int:
    """``app.exec()``, then wait for every worker to leave its thread before returning.

    Every job was asked to stop when the window closed; one that was in the middle of a step
    finishes that step.  Returning while it runs would let Python delete the signal objects it
    emits on (superqt then reports "RuntimeError ... Signal source has been deleted").
    """
    from PySide6.QtCore import QThreadPool

    from . import jobs

    code = app.exec()
    pool = QThreadPool.globalInstance()
    if pool.activeThreadCount():
        for job in jobs.active_jobs():
            job.detach()
        if not pool.waitForDone(FINAL_WAIT_MS):
            logger.error("workers still running %d ms after the window closed", FINAL_WAIT_MS)
    return code


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
