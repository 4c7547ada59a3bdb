"""Measure GUI responsiveness (a developer tool; the app never imports it).

``python -m tools.measure [--model ROLE=PATH ...] [--runs 3] [--json out.json]``

* **launch -> window / launch -> ready**: ``gui.app.main`` is started ``--runs`` times in a
  subprocess with ``--timing``; the clock starts just before ``Popen`` and stops at the window's
  first paint, when the first model is usable, and when every model has been tried
  (``MainWindow.ready``).
* **event-loop stall**: in this process, a 10 ms ``QTimer`` ticks while the Translate tab
  translates a ~2,000-character text with beam 16 (live heatmap and preview on, as a user sees
  it); the largest gap between ticks is the longest time the UI could not react.  An idle
  baseline of the same timer is measured first, so machine noise can be told apart.

Without ``--model`` the bundled/user models are used (``store.resolve_model``).  The text is
chosen from the model's source language: English, Japanese, or digits for the tiny test model.
The sample sentences below were written for this script.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

__all__ = ["measure_startup", "measure_stall", "sample_text", "main"]

_EN = ["The weather was nice this morning, so we walked to the station together.",
       "My sister is learning to play the piano after school.",
       "Could you tell me where the nearest library is?",
       "He forgot his umbrella on the train yesterday.",
       "We are planning a short trip to the mountains next month.",
       "This book is more interesting than the one I read last week.",
       "Please call me when you arrive at the hotel.",
       "The children were playing in the park until it got dark."]
_JA = ["今朝は天気が良かったので、一緒に駅まで歩きました。", "妹は放課後にピアノを習っています。",
       "一番近い図書館はどこですか。", "彼は昨日電車に傘を忘れました。", "来月、山へ短い旅行に行く予定です。",
       "この本は先週読んだ本より面白いです。", "ホテルに着いたら電話してください。",
       "子供たちは暗くなるまで公園で遊んでいました。"]
_DIGITS = ["3 1 4 1 5 9 2 6.", "2 7 1 8 2 8.", "1 6 1 8 0 3 3.", "5 7 7 2 1 5 6 6."]


def sample_text(lang: str, chars: int = 2000) -> str:
    """About ``chars`` characters of whole sentences in ``lang`` (``en``, ``ja``, else digits)."""
    pool = _EN if lang == "en" else _JA if lang == "ja" else _DIGITS
    sep = "" if lang == "ja" else " "
    out, i = "", 0
    while len(out) < chars:
        out += (sep if out else "") + pool[i % len(pool)]
        i += 1
        if i % 4 == 0:
            out += "\n"
    return out


def _app_cmd(models: list[str], settings: Path) -> list[str]:
    cmd = [sys.executable, "-c", "from seq2seq_desktop.gui.app import main; raise SystemExit(main())",
           "--settings", str(settings), "--quit-after", "0", "--timing"]
    for m in models:
        cmd += ["--model", m]
    return cmd


def measure_startup(models: list[str], runs: int = 3) -> list[dict]:
    """Seconds from ``Popen`` to first paint and to ready, for each run."""
    results = []
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            t0 = time.time()
            proc = subprocess.run(_app_cmd(models, Path(tmp) / "settings.json"), capture_output=True, text=True,
                                  timeout=300, env=env)
            events = {}
            for line in proc.stdout.splitlines():
                if line.startswith("{"):
                    ev = json.loads(line)
                    events[ev["event"]] = ev["t"] - t0
            results.append({"window_s": events.get("window"), "first_model_s": events.get("first-model"),
                            "ready_s": events.get("ready"), "rc": proc.returncode})
    return results


def measure_stall(models: list[str], beam: int = 16, chars: int = 2000, tick_ms: int = 10,
                  idle_s: float = 2.0) -> dict:
    """Max gap between 10 ms timer ticks while idle and while translating ``chars`` characters."""
    from PySide6.QtCore import QEventLoop, Qt, QTimer
    from PySide6.QtWidgets import QApplication

    from seq2seq_desktop.gui.app import _model_overrides
    from seq2seq_desktop.gui.main_window import MainWindow
    from seq2seq_desktop.gui.settings import Settings

    _app = QApplication.instance() or QApplication([sys.argv[0]])  # noqa: F841 (must stay alive)
    win = MainWindow(Settings(), None, model_paths=_model_overrides(models))
    win.show()
    loop = QEventLoop()
    win.ready.connect(loop.quit)
    win.start_loading()
    loop.exec()
    engine = win.translate_panel.engine()
    if engine is None:
        raise SystemExit(f"no translation model loaded: {win.load_errors}")
    ticks: list[float] = []
    timer = QTimer(timerType=Qt.TimerType.PreciseTimer, interval=tick_ms)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))

    def gaps() -> list[float]:
        return [1000 * (b - a) for a, b in zip(ticks, ticks[1:])]

    timer.start()
    QTimer.singleShot(int(idle_s * 1000), loop.quit)
    loop.exec()
    timer.stop()
    idle = gaps()
    tp = win.translate_panel
    text = sample_text(engine.info.source_lang, chars)
    tp.source_edit.setPlainText(text)
    tp.beam_slider.setValue(beam)
    steps = []
    outcome = {}
    tp.translationFinished.connect(lambda r: outcome.update(result=r))
    tp.errorOccurred.connect(lambda e: outcome.update(error=repr(e)))
    tp.busyChanged.connect(lambda busy: loop.quit() if not busy else None)
    ticks.clear()
    timer.start()
    t0 = time.perf_counter()
    tp.translate()
    tp.current_job.yielded.connect(steps.append)
    loop.exec()
    wall = time.perf_counter() - t0
    timer.stop()
    busy = gaps()
    result = outcome.get("result")
    win.close()
    return {
        "model": engine.info.name, "source_chars": len(text), "beam": beam,
        "sentences": len(result.sentences) if result else None, "steps_streamed": len(steps),
        "translate_s": round(wall, 2), "words_per_s": round(result.words_per_s, 1) if result else None,
        "error": outcome.get("error"),
        "idle_max_gap_ms": round(max(idle), 1), "idle_median_gap_ms": round(statistics.median(idle), 1),
        "busy_max_gap_ms": round(max(busy), 1), "busy_median_gap_ms": round(statistics.median(busy), 1),
        "busy_p99_gap_ms": round(sorted(busy)[int(0.99 * (len(busy) - 1))], 1), "busy_ticks": len(busy) + 1,
    }


def main(argv: list[str] | None = None) -> int:
    """Run both measurements and print them."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--model", action="append", default=[], metavar="ROLE=PATH")
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--beam", type=int, default=16)
    p.add_argument("--chars", type=int, default=2000)
    p.add_argument("--skip-startup", action="store_true")
    p.add_argument("--json", metavar="PATH")
    args = p.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    report = {"load_average": os.getloadavg() if hasattr(os, "getloadavg") else None}
    if not args.skip_startup:
        runs = measure_startup(args.model, args.runs)
        report["startup_runs"] = runs
        ok = [r for r in runs if r["window_s"] is not None and r["ready_s"] is not None]
        if ok:
            report["window_s_median"] = round(statistics.median(r["window_s"] for r in ok), 2)
            report["ready_s_median"] = round(statistics.median(r["ready_s"] for r in ok), 2)
            firsts = [r["first_model_s"] for r in ok if r["first_model_s"] is not None]
            if firsts:
                report["first_model_s_median"] = round(statistics.median(firsts), 2)
    report["stall"] = measure_stall(args.model, beam=args.beam, chars=args.chars)
    print(json.dumps(report, indent=2, ensure_ascii=False))
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
