"""Interface translations: the catalogue is complete, the window speaks Japanese, the language is chosen right."""
import ast
import importlib.util
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox, QPushButton

from seq2seq_desktop.gui import i18n
from seq2seq_desktop.gui.settings import Settings, load_settings

ROOT = Path(__file__).resolve().parents[2]
GUI = ROOT / "seq2seq_desktop" / "gui"
TS = ROOT / "resources" / "translations" / "seq2seq_desktop_ja.ts"


def _messages() -> dict[tuple[str, str], ET.Element]:
    out = {}
    for ctx in ET.parse(TS).getroot().iter("context"):
        for msg in ctx.iter("message"):
            out[(ctx.findtext("name"), msg.findtext("source"))] = msg.find("translation")
    return out


def _literal(node) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _marked_strings() -> set[tuple[str, str, str]]:
    """``(file, context, source)`` of every ``self.tr("...")``, ``QCoreApplication.translate("C", "...")``
    and ``QT_TRANSLATE_NOOP("C", "...")`` in gui/*.py (the context of ``self.tr`` is the enclosing class)."""
    found = set()

    def visit(node, cls):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.ClassDef):
                visit(child, child.name)
                continue
            if isinstance(child, ast.Call):
                f = child.func
                name = f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""
                args = [_literal(a) for a in child.args]
                if name == "tr" and isinstance(f, ast.Attribute) and args and args[0] is not None and cls:
                    found.add((path.name, cls, args[0]))
                elif name in ("translate", "QT_TRANSLATE_NOOP") and len(args) >= 2 and None not in args[:2]:
                    found.add((path.name, args[0], args[1]))
            visit(child, cls)

    for path in sorted(GUI.glob("*.py")):
        visit(ast.parse(path.read_text(encoding="utf-8")), None)
    return found


def _update_translations_tool():
    spec = importlib.util.spec_from_file_location("update_translations", ROOT / "tools" / "update_translations.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ------------------------------------------------------------------------------ the catalogue
def test_every_translation_is_finished_and_keeps_placeholders_and_mnemonics():
    messages = _messages()
    assert len(messages) > 300
    problems = []
    for (ctx, source), tr in messages.items():
        text = (tr.text or "") if tr is not None else ""
        if tr is None or tr.get("type") in ("unfinished", "vanished", "obsolete") or not text.strip():
            problems.append(f"untranslated: [{ctx}] {source!r}")
            continue
        if sorted(set(re.findall(r"%\d", source))) != sorted(set(re.findall(r"%\d", text))):
            problems.append(f"placeholders differ: [{ctx}] {source!r} -> {text!r}")
        if re.search(r"&[^&\s]", source.replace("&&", "")) and not re.search(r"&[^&\s]", text.replace("&&", "")):
            problems.append(f"mnemonic lost: [{ctx}] {source!r} -> {text!r}")
    assert not problems, "\n".join(problems)


def test_every_marked_string_of_the_gui_is_in_the_catalogue():
    """A regex-free scan (Python's ast) of gui/*.py: a new or changed string without a translation fails here."""
    have = set(_messages())
    marked = _marked_strings()
    assert len(marked) > 300
    missing = sorted(f"{f}: [{c}] {s!r}" for f, c, s in marked if (c, s) not in have)
    assert not missing, "run python tools/update_translations.py and translate:\n" + "\n".join(missing)


def test_lupdate_finds_nothing_missing_and_the_qm_is_current(tmp_path):
    """What pyside6-lupdate extracts is all in the .ts, and the committed .qm is the .ts compiled."""
    tool = _update_translations_tool()
    try:
        tool._tool("lupdate"), tool._tool("lrelease")
    except SystemExit:
        pytest.skip("pyside6-lupdate / pyside6-lrelease not installed")
    assert tool.check() == []
    qm = tmp_path / "fresh.qm"
    subprocess.run([tool._tool("lrelease"), str(TS), "-qm", str(qm)], check=True, stdout=subprocess.DEVNULL)
    assert qm.read_bytes() == TS.with_suffix(".qm").read_bytes(), "run python tools/update_translations.py"


def test_pair_problem_labels_are_marked():
    from seq2seq_desktop.training.pairs import REASONS

    have = set(_messages())
    assert all(("PairsEditor", label) in have for label in REASONS.values())


# ------------------------------------------------------------------------------ choosing the language
def test_resolve_language():
    assert i18n.resolve_language("ja", QLocale("en_US")) == "ja"
    assert i18n.resolve_language("en", QLocale("ja_JP")) == "en"
    assert i18n.resolve_language("system", QLocale("ja_JP")) == "ja"
    assert i18n.resolve_language("system", QLocale("fr_FR")) == "en"
    assert i18n.resolve_language("klingon", QLocale("ja_JP")) == "ja"  # unknown: as "system"


@pytest.mark.parametrize(("lang", "expected"), [("ja_JP.UTF-8", "ja"), ("en_US.UTF-8", "en"), ("de_DE.UTF-8", "en")])
def test_system_language_follows_lang(lang, expected):
    env = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES")}
    env["LANG"] = lang
    out = subprocess.run([sys.executable, "-c", "from seq2seq_desktop.gui.i18n import resolve_language; "
                          "print(resolve_language('system'))"], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == expected


def test_install_translators_english_needs_none(qapp):
    assert i18n.install_translators(qapp, "en") == []


# ------------------------------------------------------------------------------ the window in Japanese
@pytest.fixture
def japanese(qapp):
    translators = i18n.install_translators(qapp, "ja")
    assert len(translators) == 2, "the app's catalogue and Qt's qtbase_ja.qm"
    yield
    i18n.remove_translators(qapp, translators)


def test_main_window_in_japanese(japanese, make_window, tiny_engine, qtbot):
    win = make_window(tiny_engine)
    menus = [a.text() for a in win.menuBar().actions()]
    assert menus == ["ファイル(&F)", "編集(&E)", "モデル(&M)", "表示(&V)", "ヘルプ(&H)"]
    assert (win.tabs.tabText(0), win.tabs.tabText(1)) == ("翻訳", "対話")
    tp = win.translate_panel
    assert tp.translate_button.text() == "翻訳" and tp.cancel_button.text() == "キャンセル"
    assert [tp.direction_combo.itemText(i) for i in range(2)] == ["英語 → 日本語", "日本語 → 英語"]
    assert win.chat_panel.send_button.text() == "送信"
    assert win.status_model.text().startswith("モデル: ")
    assert [a.text() for a in win.language_menu.actions()] == ["システムの言語", "English", "日本語"]
    dlg = win.show_glossary()
    assert dlg.windowTitle() == "用語集"
    ok_cancel = [b.text() for b in dlg.buttons.buttons()]  # Qt's own catalogue (qtbase_ja.qm)
    assert "キャンセル" in ok_cancel
    dlg.reject()


def test_english_when_no_translator(make_window, tiny_engine):
    win = make_window(tiny_engine, wait=False)
    assert win.menuBar().actions()[0].text() == "&File" and win.translate_panel.translate_button.text() == "Translate"
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    assert box.buttons()[0].text() == "Cancel"


def test_language_menu_saves_the_choice_and_offers_a_restart(make_window, settings_file, monkeypatch):
    started = []

    class FakeProcess:
        @staticmethod
        def startDetached(program, args):  # noqa: N802 (Qt's name)
            started.append((program, args))
            return True, 1

    monkeypatch.setattr(i18n, "QProcess", FakeProcess)
    win = make_window(wait=False)
    assert win.findChild(QAction, "language_system").isChecked()
    win.findChild(QAction, "language_system").trigger()  # unchanged: no question
    assert win.findChild(QMessageBox, "languageRestartBox") is None
    win.findChild(QAction, "language_ja").trigger()
    assert win.settings.language == "ja" and win.findChild(QAction, "language_ja").isChecked()
    box = win.findChild(QMessageBox, "languageRestartBox")
    assert box is not None and box.isVisible()
    box.findChild(QPushButton, "restartNowButton").click()
    assert not win.isVisible() and started and started[0][0] == sys.executable
    assert load_settings(settings_file)[0].language == "ja"  # saved by the close


def test_restart_later_keeps_the_window(make_window):
    win = make_window(wait=False)
    restarted = []
    box = i18n.ask_restart(win, restart=lambda: restarted.append(1))
    next(b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.RejectRole).click()
    assert win.isVisible() and not restarted
    assert Settings().language == "system"


# ------------------------------------------------------------------------------ the frozen build
def test_the_build_ships_the_catalogues(tmp_path, monkeypatch):
    """resources/ (bundled whole) holds the app's .qm; Qt's qtbase_ja.qm is found beside it when Qt's
    translations folder is gone (the spec drops PySide6/Qt/translations and copies that one file there)."""
    spec = importlib.util.spec_from_file_location("packaging_bundle", ROOT / "packaging" / "bundle.py")
    bundle = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bundle)
    entries = bundle.data_entries(ROOT, tmp_path)
    assert (str(TS.with_suffix(".qm")), "resources/translations") in entries
    assert "qtbase_{_lang}.qm" in (ROOT / "packaging" / "seq2seq_desktop.spec").read_text(encoding="utf-8")

    real = i18n._qt_catalogue("ja")
    assert real is not None
    shipped = tmp_path / "translations"
    shipped.mkdir()
    (shipped / real.name).write_bytes(real.read_bytes())

    class NoQtTranslations:
        LibraryPath = i18n.QLibraryInfo.LibraryPath

        @staticmethod
        def path(_which):
            return str(tmp_path / "no-such-folder")

    monkeypatch.setattr(i18n, "QLibraryInfo", NoQtTranslations)
    monkeypatch.setattr(i18n, "translations_dir", lambda: shipped)
    assert i18n._qt_catalogue("ja") == shipped / "qtbase_ja.qm"


@pytest.mark.parametrize(("saved", "lang", "expected"), [("system", "ja_JP.UTF-8", "ja 2"), ("en", "ja_JP.UTF-8", "en 0"),
                                                          ("ja", "C.UTF-8", "ja 2")])
def test_app_installs_the_translators_before_the_window(tmp_path, saved, lang, expected):
    """``gui.app.main``: the saved choice wins over LANG; "system" follows LANG (cheap start: no models)."""
    settings = tmp_path / "settings.json"
    settings.write_text(json.dumps({"language": saved}), encoding="utf-8")
    missing = tmp_path / "none"
    script = ("import seq2seq_desktop.gui.i18n as i18n\n"
              "real = i18n.install_translators\n"
              "def spy(app, language):\n"
              "    from PySide6.QtWidgets import QApplication\n"
              "    assert not QApplication.topLevelWidgets(), 'translators must come before any widget'\n"
              "    out = real(app, language)\n"
              "    print('LANGUAGE', language, len(out), flush=True)\n"
              "    return out\n"
              "i18n.install_translators = spy\n"
              "from seq2seq_desktop.gui.app import main\n"
              "raise SystemExit(main())\n")
    cmd = [sys.executable, "-c", script, "--model", f"en-ja={missing}", "--model", f"ja-en={missing}",
           "--model", f"chat-en={missing}", "--settings", str(settings), "--quit-after", "50"]
    env = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES")}
    env.update(LANG=lang, QT_QPA_PLATFORM="offscreen", SEQ2SEQ_DESKTOP_HOME=str(tmp_path / "home"))
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=180, env=env)
    assert proc.returncode == 0, proc.stderr
    assert [line[len("LANGUAGE "):] for line in proc.stdout.splitlines() if line.startswith("LANGUAGE ")] == [expected]
