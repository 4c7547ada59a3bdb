"""Translate tab: the wrong-direction hint appears while typing, Swap swaps and hides it, ignoring it is harmless."""
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton

from seq2seq_desktop.gui.direction_hint import DirectionHint
from seq2seq_desktop.gui.settings import Settings
from seq2seq_desktop.gui.translate_panel import TranslatePanel

JA = "これは日本語の文です。"


@pytest.fixture
def panel(qtbot):
    p = TranslatePanel(Settings(direction="en-ja", live_translate=False))
    qtbot.addWidget(p)
    p.resize(1000, 600)
    p.show()
    return p


def _hint(panel):
    hint = panel.findChild(DirectionHint, "wrongDirectionHint")
    assert hint is not None
    return hint


def _shown(panel) -> bool:
    return _hint(panel).isVisible()


@pytest.mark.parametrize("text, direction, wrong", [
    (JA, "en-ja", True),
    ("The meeting is at 6 pm.", "en-ja", False),
    ("I love 東京 in spring.", "en-ja", False),  # one Japanese word in English text is fine
    ("The meeting is at 6 pm.", "ja-en", True),
    ("会議はZoomでやります。", "ja-en", False),
    ("   ", "en-ja", False),
    ("3,200 🙂", "en-ja", False),
])
def test_hint_rule(qtbot, text, direction, wrong):
    hint = DirectionHint()
    qtbot.addWidget(hint)
    assert hint.update_for(text, direction) is wrong
    assert hint.isHidden() is not wrong


def test_hint_appears_while_typing_and_swap_swaps_and_hides(panel, qtbot):
    assert not _shown(panel)
    qtbot.keyClicks(panel.source_edit, "Hello. ")
    panel.source_edit.insertPlainText(JA * 3)  # an IME commits text like this
    qtbot.waitUntil(lambda: _shown(panel), timeout=3000)
    label = panel.findChild(QLabel, "wrongDirectionLabel")
    assert label.text() == "This looks like Japanese. Translate Japanese \u2192 English instead?"
    swap = panel.findChild(QPushButton, "swapDirectionButton")
    with qtbot.waitSignal(panel.directionChanged) as blocker:
        qtbot.mouseClick(swap, Qt.MouseButton.LeftButton)
    assert blocker.args == ["ja-en"] and panel.direction() == "ja-en"
    assert not _shown(panel)  # hidden at once: the text now matches the direction
    assert panel.source_edit.toPlainText() == "Hello. " + JA * 3  # the user's text stays in the source


def test_hint_follows_the_direction_and_the_text(panel, qtbot):
    panel.source_edit.setPlainText("The meeting is at six.")
    qtbot.waitUntil(lambda: not panel._hint_timer.isActive(), timeout=3000)  # checked: nothing to show
    assert not _shown(panel)
    panel.direction_combo.setCurrentIndex(panel.direction_combo.findData("ja-en"))
    assert _shown(panel)  # checked at once on a direction change
    assert "looks like English" in panel.findChild(QLabel, "wrongDirectionLabel").text()
    panel.source_edit.setPlainText("会議は6時です。")
    qtbot.waitUntil(lambda: not _shown(panel), timeout=3000)
    panel.source_edit.setPlainText("The meeting is at six.")
    qtbot.waitUntil(lambda: _shown(panel), timeout=3000)
    panel.clear()
    qtbot.waitUntil(lambda: not _shown(panel), timeout=3000)


def test_ignoring_the_hint_still_translates(panel, tiny_engine, qtbot):
    panel.set_engine("en-ja", tiny_engine)
    panel.source_edit.setPlainText(JA)
    qtbot.waitUntil(lambda: _shown(panel), timeout=3000)
    with qtbot.waitSignal(panel.translationFinished, timeout=30_000) as blocker:
        qtbot.mouseClick(panel.translate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not panel.busy, timeout=10_000)
    assert blocker.args[0].source == JA and _shown(panel) and panel.direction() == "en-ja"


def test_ctrl_r_swap_rechecks_the_moved_text(make_window, tiny_engine, qtbot):
    win = make_window(tiny_engine)
    tp = win.translate_panel
    tp.source_edit.setPlainText("1 2 3")
    with qtbot.waitSignal(tp.translationFinished, timeout=30_000):
        tp.translate()
    qtbot.waitUntil(lambda: not tp.busy, timeout=10_000)
    tp.target_edit.setPlainText(JA)  # as if the EN->JA model had written Japanese
    win.findChild(type(win.act_run), "actionSwap").trigger()  # the translation moves into the source
    assert tp.direction() == "ja-en" and tp.source_edit.toPlainText() == JA
    qtbot.waitUntil(lambda: not tp._hint_timer.isActive(), timeout=3000)
    assert not _hint(tp).isVisible()


def test_japanese_renders_in_the_hint(panel, qtbot, tmp_path):
    panel.source_edit.setPlainText(JA)
    qtbot.waitUntil(lambda: _shown(panel), timeout=3000)
    png = tmp_path / "hint.png"
    assert panel.grab().save(str(png)) and png.stat().st_size > 0
