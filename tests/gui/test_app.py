"""App start in a subprocess (auto-quit), About dialog, and closing while decoding."""
import json
import os
import subprocess
import sys

from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QApplication, QDialog, QTextBrowser


def test_app_starts_loads_and_quits_cleanly(tiny_path, tmp_path):
    settings = tmp_path / "settings.json"
    cmd = [sys.executable, "-c", "from seq2seq_desktop.gui.app import main; raise SystemExit(main())",
           "--model", f"en-ja={tiny_path}", "--model", f"ja-en={tiny_path}", "--model", f"chat-en={tiny_path}",
           "--settings", str(settings), "--quit-after", "200", "--timing"]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "SEQ2SEQ_DESKTOP_HOME": str(tmp_path / "home")}
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=180, env=env)
    assert proc.returncode == 0, proc.stderr
    events = [json.loads(line)["event"] for line in proc.stdout.splitlines() if line.startswith("{")]
    assert events == ["window", "first-model", "ready"]
    assert "QThread" not in proc.stderr and "Traceback" not in proc.stderr
    assert json.loads(settings.read_text(encoding="utf-8"))["direction"] == "en-ja"


def test_corrupt_settings_do_not_stop_the_app(tmp_path):
    settings = tmp_path / "settings.json"
    settings.write_text("{{{", encoding="utf-8")
    missing = tmp_path / "none"
    cmd = [sys.executable, "-c", "from seq2seq_desktop.gui.app import main; raise SystemExit(main())",
           "--model", f"en-ja={missing}", "--model", f"ja-en={missing}", "--model", f"chat-en={missing}",
           "--settings", str(settings), "--quit-after", "100"]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "SEQ2SEQ_DESKTOP_HOME": str(tmp_path / "home")}
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=180, env=env)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "settings.json.corrupt").exists()
    assert json.loads(settings.read_text(encoding="utf-8"))["beam_width"] == 5  # rewritten with defaults


def test_about_dialog_lists_model_cards(make_window, tiny_engine, qtbot):
    win = make_window(tiny_engine)
    win.show_about()
    dlg = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.objectName() == "aboutDialog")
    assert "tiny-reverse" in dlg.findChild(QTextBrowser, "modelCards").toPlainText()
    assert "Tatoeba" in dlg.findChild(QTextBrowser, "attributionText").toPlainText()
    dlg.close()


def test_close_during_decoding_waits_for_worker(make_window, spy, qtbot):
    win = make_window(spy)
    tp = win.translate_panel
    finished = []
    tp.translationFinished.connect(finished.append)
    tp.beam_slider.setValue(4)
    spy.pace()
    tp.source_edit.setPlainText("1 2 3 4 5 6 7 8.\n" * 30)
    tp.translate()
    spy.allow(3)
    qtbot.waitUntil(lambda: tp.attention.heatmap.row_count() >= 1, timeout=10_000)
    spy.allow(100_000)  # run freely from here; closing must stop it at its next step
    win.close()
    assert QThreadPool.globalInstance().activeThreadCount() == 0
    assert finished == [] and spy.steps_yielded < 30 * 9


def test_version_is_headless(capsys):
    from seq2seq_desktop import __version__
    from seq2seq_desktop.gui.app import main

    assert main(["--version"]) == 0
    assert __version__ in capsys.readouterr().out


def test_model_menu_opens_dialogs_and_reloads(make_window, tiny_engine, qtbot):
    win = make_window(tiny_engine)
    reload_act = next(a for a in win.actions() if a.text() == "&Reload models")
    with qtbot.waitSignal(win.ready, timeout=30_000):
        reload_act.trigger()
    win.findChild(type(reload_act), "actionManageModels").trigger()
    win.findChild(type(reload_act), "actionFineTune").trigger()
    names = {type(w).__name__ for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()}
    assert {"ModelManagerDialog", "FineTuneDialog"} <= names
    for w in QApplication.topLevelWidgets():
        if isinstance(w, QDialog) and w.isVisible():
            w.close()
