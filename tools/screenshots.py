"""Take the README screenshots from the real app (a developer tool; the app never imports it).

``xvfb-run -a -s '-screen 0 1280x800x24' python -m tools.screenshots --out DIR``

Loads the bundled models (or ``--model ROLE=PATH``), translates ``--text`` on the Translate tab
(beam 5, 3 alternatives, finished heatmap), then holds a short conversation on the Dialog tab,
then steps the decoding explorer (Explain tab, beam 5) through ``--explain`` to its
``--explain-step``-th step, and saves ``translate.png``, ``dialog.png`` and ``explain.png`` (plus
``screen-*.png`` of the whole X screen when ImageMagick's ``import`` is available).  With
``--experiments`` it also runs the explorer's beam experiment and bottleneck pages and saves
``explain-beam-sweep.png`` and ``explain-bottleneck.png``.  Look at the images before committing them.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

__all__ = ["main"]

DEFAULT_TEXT = "We are going to Kyoto next week.\nThe children are playing in the garden."
DEFAULT_CHAT = ["hello", "how are you?", "what do you like to do?"]
DEFAULT_EXPLAIN = "I love AI."


def main(argv: list[str] | None = None) -> int:
    """Drive the window and save the screenshots."""
    p = argparse.ArgumentParser(description="README screenshots")
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--model", action="append", default=[], metavar="ROLE=PATH")
    p.add_argument("--text", default=DEFAULT_TEXT)
    p.add_argument("--direction", default="en-ja")
    p.add_argument("--chat", action="append", help="a user turn (repeatable)")
    p.add_argument("--explain", default=DEFAULT_EXPLAIN, help="the sentence the decoding explorer steps through")
    p.add_argument("--explain-step", type=int, default=4, help="how many steps the explorer shows")
    p.add_argument("--experiments", action="store_true",
                   help="also run and shoot the explorer's beam experiment and bottleneck pages (about a minute)")
    p.add_argument("--size", default="1240x760")
    p.add_argument("--color-scheme", choices=("system", "light", "dark"), default="system")
    p.add_argument("--language", choices=("system", "en", "ja"), default="en", help="interface language")
    p.add_argument("--prefix", default="", help="prefix of the PNG names (e.g. ja-)")
    args = p.parse_args(argv)
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from seq2seq_desktop.gui.app import _load_bundled_fonts, _model_overrides, apply_color_scheme
    from seq2seq_desktop.gui.binding_check import protect_none
    from seq2seq_desktop.gui.main_window import MainWindow
    from seq2seq_desktop.gui.settings import Settings

    app = QApplication.instance() or QApplication([sys.argv[0]])
    protect_none()
    apply_color_scheme(app, args.color_scheme)
    _load_bundled_fonts()
    from seq2seq_desktop.gui.i18n import install_translators, resolve_language

    translators = install_translators(app, resolve_language(args.language))  # noqa: F841 (kept alive)
    args.out.mkdir(parents=True, exist_ok=True)
    w, h = (int(v) for v in args.size.split("x"))
    win = MainWindow(Settings(direction=args.direction, beam_width=5, n_best=3), None,
                     model_paths=_model_overrides(args.model))
    win.resize(w, h)
    win.move(20, 20)
    win.show()
    loop = QEventLoop()

    def wait(signal, ms: int = 120_000) -> None:
        signal.connect(loop.quit)
        QTimer.singleShot(ms, loop.quit)
        loop.exec()
        signal.disconnect(loop.quit)

    def settle() -> None:
        QTimer.singleShot(300, loop.quit)
        loop.exec()

    def shot(name: str) -> None:
        settle()
        win.grab().save(str(args.out / f"{args.prefix}{name}.png"))
        if shutil.which("import"):
            subprocess.run(["import", "-window", "root", str(args.out / f"screen-{name}.png")], check=False)

    win.ready.connect(loop.quit)
    win.start_loading()
    loop.exec()
    tp = win.translate_panel
    tp.source_edit.setPlainText(args.text)
    tp.translate()
    wait(tp.busyChanged)
    if tp.busy:
        wait(tp.busyChanged)
    shot("translate")
    win.tabs.setCurrentIndex(1)
    cp = win.chat_panel
    for turn in args.chat or DEFAULT_CHAT:
        cp.input.setText(turn)
        cp.send()
        while cp.busy:
            wait(cp.busyChanged)
    shot("dialog")
    win.tabs.setCurrentIndex(2)
    ep = win.explain_panel
    ep.model_combo.setCurrentIndex(max(0, ep.model_combo.findData(args.direction)))
    ep.set_sentence(args.explain)
    page = ep.step_page
    page.controls.set_mode("beam")
    page.controls.beam_slider.setValue(5)
    page.step()
    if page.trace is None:
        wait(page.traceReady)
    for _ in range(args.explain_step - 1):
        page.step()
    shot("explain")
    if args.experiments:
        # the measuring pages: the beam-width experiment, then the bottleneck comparison (which loads
        # the teaching model without attention first)
        for page, name in ((ep.sweep_page, "explain-beam-sweep"), (ep.bottleneck_page, "explain-bottleneck")):
            ep.pages.setCurrentWidget(page)
            settle()
            page.run()
            while page.busy:
                wait(page.busyChanged)
            shot(name)
    print("\n".join(str(f) for f in sorted(args.out.glob("*.png"))))
    win.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
