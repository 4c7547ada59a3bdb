"""Protected spans, glossary terms, re-inserted spans and passthrough sentences marked in the Translate output."""
import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPoint
from PySide6.QtGui import QColor, QHelpEvent, QPalette, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QApplication, QToolTip

from seq2seq_desktop.core.engine import Alternative, TextTranslation, Translation
from seq2seq_desktop.core.protect import Span
from seq2seq_desktop.gui.settings import Settings
from seq2seq_desktop.gui.span_marks import find_marks, mark_format
from seq2seq_desktop.gui.translate_panel import TranslatePanel

SOURCE = "The invoice costs 3,200 yen at 6:30 pm. \U0001f44d"
INVOICE = Span(4, 11, "invoice", "T", "glossary", "請求書")
PRICE = Span(18, 23, "3,200", "N", "number", "3,200")
TIME = Span(31, 38, "6:30 pm", "N", "time", "18時30分")
BEST = ["請求書", "は", "18時30分", "に", "3,200", "円", "です", "。", "</s>"]
SECOND = ["請求書", "は", "3,200", "円", "です", "。", "</s>"]


def _alt(tokens, probs, score):
    return Alternative(text="".join(tokens[:-1]), tokens=tokens, score=score, norm_score=score,
                       attention=np.full((len(tokens), 10), 0.1, np.float32), token_probs=probs)


def _result() -> TextTranslation:
    probs = [0.9, 0.9, 0.9, 0.1, 0.2, 0.9, 0.9, 0.9, 0.9]  # "に" and "3,200" below LOW_PROB
    best, second = _alt(BEST, probs, -1.0), _alt(SECOND, [0.9] * 7, -2.0)
    first = Translation(source=SOURCE[:39], text=best.text,
                        source_tokens=["The", "invoice", "costs", "3,200", "yen", "at", "6:30 pm", ".", "</s>", ""],
                        target_tokens=BEST, attention=best.attention, token_probs=probs, score=-1.0,
                        nbest=[best, second], spans=(INVOICE, PRICE, TIME), repaired=(PRICE,))
    thumb = Translation(source="\U0001f44d", text="\U0001f44d", source_tokens=[], target_tokens=[],
                        attention=np.zeros((0, 0), np.float32), token_probs=[], score=0.0,
                        spans=(Span(0, 1, "\U0001f44d", "S", "emoji", "\U0001f44d"),), passthrough=True)
    return TextTranslation(source=SOURCE, text=best.text + "\U0001f44d", sentences=[first, thumb], elapsed=0.1,
                           words_per_s=50.0)


@pytest.fixture
def panel(qtbot):
    p = TranslatePanel(Settings())
    qtbot.addWidget(p)
    p.resize(1000, 600)
    p.show()
    p.source_edit.setPlainText(SOURCE)
    p.view.begin(SOURCE, target_lang="ja")
    p.view.finish(_result())
    return p


def _format_at(edit, pos) -> QTextCharFormat:
    cursor = QTextCursor(edit.document())
    cursor.setPosition(pos + 1)  # charFormat() describes the character before the cursor
    return cursor.charFormat()


def _background(edit, pos) -> QColor:
    brush = _format_at(edit, pos).background()
    return brush.color() if brush.style() != brush.style().NoBrush else QColor()


def _tooltip_at(edit, pos) -> str:
    cur = QTextCursor(edit.document())
    cur.setPosition(pos)
    rect = edit.cursorRect(cur)
    point = QPoint(rect.x() + 3, rect.center().y())
    QToolTip.hideText()
    QApplication.sendEvent(edit.viewport(), QHelpEvent(QEvent.Type.ToolTip, point, edit.viewport().mapToGlobal(point)))
    return QToolTip.text() if QToolTip.isVisible() else ""


def test_find_marks_places_longer_targets_first_and_skips_missing():
    spans = (Span(0, 1, "3", "N", "number", "3"), Span(2, 4, "13", "N", "number", "13"),
             Span(5, 6, "3", "N", "number", "3"), Span(7, 9, "AI", "T", "acronym", "AI"))
    marks = find_marks("13と3と3", spans, offset=10)
    assert [(m.start, m.end) for m in marks] == [(10, 12), (13, 14), (15, 16)]  # "AI" is not in the output
    assert {m.kind for m in marks} == {"protected"} and marks[0].tooltip == "Kept as typed (number)"
    keep = [Span(0, 2, "東京", "T", "glossary", "東京")]  # a glossary term with an empty translation
    assert find_marks("x 東京", keep)[0].tooltip == "Glossary: 東京 (kept as is)"
    assert find_marks("Tokyo", keep) == []
    assert find_marks("", (), passthrough=True) == []


def test_marks_kinds_ranges_and_tooltips(panel):
    text = panel.target_edit.toPlainText()
    assert text == "請求書は18時30分に3,200円です。\U0001f44d"
    got = [(text[m.start:m.end], m.kind, m.tooltip) for m in panel.view.marks]
    assert got == [
        ("請求書", "glossary", "Glossary: invoice \u2192 請求書"),
        ("18時30分", "protected", "Kept (time): 6:30 pm \u2192 18時30分"),
        ("3,200", "repaired", "Kept as typed: the model dropped it, so it was put back here"),
        ("\U0001f44d", "passthrough", "Nothing to translate: shown as typed"),
    ]


def test_tints_differ_by_kind_and_keep_the_low_probability_underline(panel):
    edit = panel.target_edit
    text = edit.toPlainText()
    glossary, protected = _background(edit, 0), _background(edit, text.index("18"))
    repaired, plain = _background(edit, text.index("3,200")), _background(edit, text.index("円"))
    assert glossary.isValid() and protected.isValid() and repaired.isValid() and not plain.isValid()
    assert len({glossary.rgba(), protected.rgba(), repaired.rgba()}) == 3
    assert repaired == mark_format("repaired").background().color()
    wave = QTextCharFormat.UnderlineStyle.WaveUnderline
    assert _format_at(edit, text.index("3,200")).underlineStyle() == wave  # low-p and re-inserted: both shown
    assert _format_at(edit, text.index("に")).underlineStyle() == wave
    assert _format_at(edit, 0).underlineStyle() != wave


def test_hover_tooltips_say_why(panel):
    edit = panel.target_edit
    text = edit.toPlainText()
    tip = _tooltip_at(edit, 0)
    assert tip.startswith("Glossary: invoice \u2192 請求書\n") and "p = 0.90" in tip  # with the token's probability
    assert "put back here" in _tooltip_at(edit, text.index("3,200"))
    assert _tooltip_at(edit, text.index("\U0001f44d")) == "Nothing to translate: shown as typed"
    assert "Glossary" not in _tooltip_at(edit, text.index("円")) and "p = 0.90" in _tooltip_at(edit, text.index("円"))


def test_other_alternative_is_marked_without_the_repair_note(panel):
    panel.view.choose(0, 1)
    text = panel.target_edit.toPlainText()
    assert text == "請求書は3,200円です。\U0001f44d"
    got = [(text[m.start:m.end], m.kind) for m in panel.view.marks]
    assert got == [("請求書", "glossary"), ("3,200", "protected"), ("\U0001f44d", "passthrough")]
    panel.view.clear()
    assert panel.view.marks == [] and panel.view.mark_at(0) is None


def test_dark_palette_gets_stronger_tints(qtbot):
    dark = QPalette()
    dark.setColor(QPalette.ColorRole.Base, QColor(30, 30, 30))
    light = QPalette()
    light.setColor(QPalette.ColorRole.Base, QColor(255, 255, 255))
    for kind in ("protected", "glossary", "repaired", "passthrough"):
        assert mark_format(kind, dark).background().color().alpha() > mark_format(kind, light).background().color().alpha()


def test_marked_output_renders(panel, tmp_path):
    png = tmp_path / "marks.png"
    assert panel.target_edit.grab().save(str(png)) and png.stat().st_size > 0


def test_marks_after_an_emoji_land_on_the_right_characters(qtbot):
    """Qt counts UTF-16 units: an emoji is two, so every mark after one must shift."""
    tokens = ["\U0001f600", "請求書", "です", "</s>"]
    alt = _alt(tokens, [0.9, 0.9, 0.1, 0.9], -1.0)
    smile = Span(0, 1, "\U0001f600", "S", "emoji", "\U0001f600")
    sent = Translation(source="\U0001f600 invoice", text=alt.text, source_tokens=["\U0001f600", "invoice", "</s>"],
                       target_tokens=tokens, attention=alt.attention[:, :3], token_probs=alt.token_probs, score=-1.0,
                       spans=(smile, INVOICE))
    p = TranslatePanel(Settings())
    qtbot.addWidget(p)
    p.show()
    p.source_edit.setPlainText(sent.source)
    p.view.begin(sent.source, target_lang="ja")
    p.view.finish(TextTranslation(sent.source, alt.text, [sent], 0.1, 10.0))
    edit = p.target_edit
    assert edit.toPlainText() == "\U0001f600請求書です"
    # document positions: the emoji is 0-1, 請求書 2-4, です 5-6
    assert _background(edit, 1) == _background(edit, 0) == mark_format("protected").background().color()
    assert _background(edit, 2) == _background(edit, 4) == mark_format("glossary").background().color()
    assert _background(edit, 5) == QColor(255, 150, 0, 45)  # the low-probability tint, no mark
    assert _format_at(edit, 5).underlineStyle() == QTextCharFormat.UnderlineStyle.WaveUnderline
    assert _format_at(edit, 4).underlineStyle() != QTextCharFormat.UnderlineStyle.WaveUnderline
    assert _tooltip_at(edit, 2).startswith("Glossary: invoice")
    assert "です" in _tooltip_at(edit, 5)
