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


def test_a_remembered_model_that_vanished_falls_back_to_the_bundled_one(tiny_engine, qtbot, tmp_path):
    from seq2seq_desktop.core.errors import ModelLoadError
    from seq2seq_desktop.gui.main_window import DEFAULT_MODELS, MainWindow
    from seq2seq_desktop.gui.settings import Settings

    gone = str(tmp_path / "my-old-model")
    asked = []

    def loader(source):
        asked.append(source)
        if source == gone:
            raise ModelLoadError(f"model package {source} does not exist or is not a directory")
        return tiny_engine

    win = MainWindow(Settings(models={"en-ja": gone}), None, engine_loader=loader)  # the user's model paths
    qtbot.addWidget(win)
    win.show()
    with qtbot.waitSignal(win.ready, timeout=30_000):
        win.start_loading()
    assert asked.index(gone) + 1 == asked.index(DEFAULT_MODELS["en-ja"]), "the bundled model is tried next"
    tp = win.translate_panel
    assert tp.engine() is tiny_engine and tp.translate_button.isEnabled() and not tp.notice.isVisibleTo(win)
    assert "none" not in win.status_model.text() and "en-ja" in win.status_model.text()
    sb = win.statusBar()
    qtbot.waitUntil(lambda: "bundled model" in sb.currentMessage() + sb.toolTip(), timeout=5000)
    assert gone in win.fallback_messages[0] and "English" in win.fallback_messages[0]
    assert "en-ja" not in win.settings.models and win.model_paths["en-ja"] == DEFAULT_MODELS["en-ja"]


def test_a_user_model_named_like_a_bundled_one_is_shown_distinctly(make_window, tiny_engine, tiny_path, tmp_path,
                                                                   monkeypatch):
    import shutil

    import seq2seq_desktop.paths as paths

    bundled = tmp_path / "bundled"
    shutil.copytree(tiny_path, bundled / "tiny-reverse")
    monkeypatch.setattr(paths, "bundled_models_dir", lambda: bundled)
    win = make_window(tiny_engine)  # loaded from outside the bundled folder, with a bundled model's name
    assert "tiny-reverse (user) (en-ja)" in win.status_model.text()
    shutil.copytree(tiny_path, paths.user_models_dir(create=True) / "tiny-reverse")
    win._fill_installed()
    labels = [a.text() for a in win.installed_menu.actions()]
    assert labels == ["tiny-reverse", "tiny-reverse (user)"], labels  # bundled first, then the user's twin


def test_about_lists_the_software_licences_with_versions(make_window, tiny_engine, qtbot):
    import importlib.metadata
    import re
    from pathlib import Path
    from urllib.parse import unquote, urlparse

    from seq2seq_desktop.gui.about import SOFTWARE, software_markdown

    win = make_window(tiny_engine)
    win.show_about()
    dlg = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.objectName() == "aboutDialog")
    text = dlg.findChild(QTextBrowser, "softwareText").toPlainText()
    for name, dist, licence, _texts in SOFTWARE:
        assert name in text and licence in text
        assert importlib.metadata.version(dist) in text
    for wanted in ("MIT", "LGPL-3.0", "BSD-3-Clause", "Apache-2.0", "MPL-2.0"):
        assert wanted in text
    links = re.findall(r"\((file://[^)]+)\)", software_markdown())
    files = [Path(unquote(urlparse(u).path)) for u in links]
    assert files and all(f.is_file() for f in files)
    names = {f.name for f in files}
    assert {"seq2seq-desktop-MIT.txt", "LGPL-3.0.txt", "Apache-2.0.txt"} <= names
    assert "(not found)" not in text, "every library's licence text is found"
    dlg.close()


def test_the_frozen_build_ships_the_metadata_and_licence_texts_the_about_box_shows():
    import ast
    from pathlib import Path

    from seq2seq_desktop.gui.about import SOFTWARE

    root = Path(__file__).resolve().parents[2]
    spec = (root / "packaging" / "seq2seq_desktop.spec").read_text(encoding="utf-8")
    listed = ast.literal_eval(spec.split("LICENSED_DISTRIBUTIONS = ", 1)[1].split("\nfor ", 1)[0])
    assert "datas += copy_metadata(_dist)" in spec and 'copy_metadata("seq2seq-desktop")' in spec
    assert set(listed) == {dist for _n, dist, _l, _t in SOFTWARE} - {"seq2seq-desktop"}
    for _n, _d, _l, texts in SOFTWARE:  # resources/ is bundled whole (packaging/bundle.py)
        assert all((root / "resources" / "licenses" / t).is_file() for t in texts)


def test_quitting_waits_for_a_worker_in_the_middle_of_a_step(tmp_path):
    script = tmp_path / "quit_mid_step.py"
    script.write_text(
        "import threading\n"
        "from PySide6.QtCore import QTimer\n"
        "from PySide6.QtWidgets import QApplication, QMainWindow\n"
        "from seq2seq_desktop.gui import app as app_module, jobs\n"
        "started = threading.Event()\n"
        "def slow():\n"
        "    yield 0\n"
        "    started.set()\n"
        "    threading.Event().wait(1.5)  # a long step with no yield in it\n"
        "    yield 1\n"
        "qapp = QApplication([])\n"
        "win = QMainWindow()\n"
        "holder = jobs.LatestJob(win)\n"
        "holder.submit(slow, name='slow').start()\n"
        "def close():\n"
        "    started.wait(10)\n"
        "    jobs.shutdown(msecs=100)  # gives up before the step ends\n"
        "    qapp.quit()\n"
        "QTimer.singleShot(100, close)\n"
        "raise SystemExit(app_module.run_event_loop(qapp))\n", encoding="utf-8")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "SEQ2SEQ_DESKTOP_HOME": str(tmp_path / "home")}
    proc = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120, env=env)
    assert proc.returncode == 0, proc.stderr
    assert "Signal source has been deleted" not in proc.stderr and "RuntimeError" not in proc.stderr


def test_closing_during_the_reverse_check_stops_within_a_chunk(make_window, gated_engine, qtbot, monkeypatch):
    import threading

    import seq2seq_desktop.core.rerank as rerank_mod

    gated = gated_engine()
    real, scored = rerank_mod.sequence_logprob, []

    def slow_batch(*args, **kwargs):  # a big model's chunk takes a while
        threading.Event().wait(0.02)
        scored.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(rerank_mod, "sequence_logprob", slow_batch)
    win = make_window(gated)
    tp = win.translate_panel
    tp.beam_slider.setValue(4)
    tp.source_edit.setPlainText(" ".join(f"{i} {i + 1} {i + 2}." for i in range(1, 8)))
    tp.translate()
    gated.allow(1)
    qtbot.waitUntil(lambda: "Checking with the reverse model" in tp.stats_label.text(), timeout=10_000)
    gated.free = True
    gated.allow(1)  # from here the check runs freely; closing must stop it at its next chunk
    win.close()
    assert QThreadPool.globalInstance().activeThreadCount() == 0
    assert len(scored) < 7 * 4, "the check stopped long before scoring all 28 hypotheses"


def test_dark_palette_check_boxes_stand_out(qtbot):
    from PySide6.QtGui import QColor, QPalette
    from PySide6.QtWidgets import QCheckBox, QStyleFactory

    from seq2seq_desktop.gui.app import apply_color_scheme

    app = QApplication.instance()
    style, palette = app.style().name(), QPalette(app.palette())
    try:
        apply_color_scheme(app, "dark")
        box = QCheckBox("Translate as you type")
        qtbot.addWidget(box)
        box.show()
        qtbot.waitExposed(box)
        image = box.grab().toImage()
        window = app.palette().color(QPalette.ColorRole.Window)
        assert window.lightness() < 80, "a dark palette"
        side = min(image.height(), 24)  # the indicator sits at the left, vertically centred
        contrast = max(abs(QColor(image.pixel(x, y)).lightness() - window.lightness())
                       for x in range(side) for y in range(image.height()))
        assert contrast >= 80, f"the unchecked box is hard to see (lightness contrast {contrast})"
    finally:
        app.setStyle(QStyleFactory.create(style))
        app.setPalette(palette)
