"""AttentionHeatmap fed plain data: state, live rows, word view, hover, export, legibility."""
import csv

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QFont, QFontDatabase, QImage, QMouseEvent, QTextLayout
from PySide6.QtWidgets import QApplication

from seq2seq_desktop.gui.attention_panel import AttentionPanel
from seq2seq_desktop.gui.attention_view import AttentionHeatmap, colormap


@pytest.fixture
def heatmap(qtbot):
    w = AttentionHeatmap()
    qtbot.addWidget(w)
    w.resize(500, 400)
    w.show()
    return w


def _rows(t, s, seed=0):
    w = np.random.default_rng(seed).random((t, s)).astype(np.float32)
    return w / w.sum(axis=1, keepdims=True)


def test_set_data_keeps_plain_state(heatmap):
    w = _rows(3, 4)
    heatmap.set_data(["a", "b", "c", "</s>"], ["x", "y", "</s>"], w)
    assert heatmap.row_count() == 3
    assert heatmap.source_tokens() == ["a", "b", "c", "</s>"]
    np.testing.assert_array_equal(heatmap.weights(), w)
    assert heatmap.objectName() == "attentionView"


def test_set_data_rejects_wrong_shape(heatmap):
    with pytest.raises(ValueError):
        heatmap.set_data(["a", "b"], ["x"], np.zeros((2, 2)))


def test_append_row_grows_one_row_per_call(heatmap, qtbot):
    heatmap.set_data(["a", "b", "</s>"], [], np.zeros((0, 3)))
    counts = []
    heatmap.rowsChanged.connect(counts.append)
    full = _rows(4, 3)
    for i in range(4):
        heatmap.append_row(full[i], f"t{i}")
    assert counts == [1, 2, 3, 4]
    np.testing.assert_allclose(heatmap.weights(), full)
    assert heatmap.target_tokens() == ["t0", "t1", "t2", "t3"]


def test_set_partial_appends_when_prefix_matches_else_replaces(heatmap):
    full = _rows(3, 2)
    heatmap.set_partial(["a", "b"], ["x"], full[:1])
    counts = []
    heatmap.rowsChanged.connect(counts.append)
    heatmap.set_partial(["a", "b"], ["x", "y"], full[:2])
    assert counts == [2]  # appended one row
    other = _rows(2, 2, seed=5)
    heatmap.set_partial(["a", "b"], ["q", "r"], other)  # beam switched hypothesis: replaced
    np.testing.assert_allclose(heatmap.weights(), other)


def test_word_view_sums_source_and_averages_target(heatmap):
    w = np.array([[0.1, 0.2, 0.7], [0.5, 0.4, 0.1], [0.3, 0.3, 0.4]], dtype=np.float32)
    heatmap.set_data(["un", "believ", "able"], ["tr", "ès", "!"], w,
                     src_word_starts=[True, False, True], tgt_word_starts=[True, False, True])
    heatmap.set_word_view(True)
    src, tgt, m, sg, tg = heatmap.view()
    assert src == ["unbeliev", "able"] and tgt == ["très", "!"]
    np.testing.assert_allclose(m[0], [(0.3 + 0.9) / 2, (0.7 + 0.1) / 2], rtol=1e-6)
    np.testing.assert_allclose(m.sum(axis=1), 1.0, rtol=1e-6)  # rows stay distributions
    heatmap.set_word_view(False)
    assert heatmap.view()[2].shape == (3, 3)


def test_hover_emits_raw_indices_and_highlight_roundtrip(heatmap, qtbot):
    heatmap.set_data(["a", "b", "c"], ["x", "y"], _rows(2, 3))
    cell, left, top, _, _ = heatmap._geometry(heatmap.width(), heatmap.height())
    pos = QPointF(left + cell * 2 + cell // 2, top + cell + cell // 2)
    move = QMouseEvent(QEvent.Type.MouseMove, pos, heatmap.mapToGlobal(pos), Qt.MouseButton.NoButton,
                       Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(heatmap.hovered, timeout=2000) as blocker:
        QApplication.sendEvent(heatmap, move)
    assert blocker.args == [([1], [2])]
    heatmap.set_highlight(rows=[0], cols=[1])
    assert heatmap._hl_rows == {0} and heatmap._hl_cols == {1}


def test_export_csv_and_png(heatmap, tmp_path):
    w = _rows(2, 3)
    heatmap.set_data(["私", "は", "</s>"], ["I", "</s>"], w)
    with open(heatmap.export_csv(tmp_path / "a.csv"), encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["target \\ source", "私", "は", "</s>"]
    assert rows[1][0] == "I" and float(rows[1][2]) == pytest.approx(w[0, 1], abs=1e-6)
    img = QImage(str(heatmap.export_png(tmp_path / "a.png")))
    assert not img.isNull() and img.width() >= heatmap.sizeHint().width()


def test_placeholder_when_empty(heatmap):
    heatmap.clear()
    assert heatmap.row_count() == 0
    assert not heatmap.grab().isNull()


def _has_glyphs(text: str, font: QFont) -> bool:
    layout = QTextLayout(text, font)
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    return all(i != 0 for run in layout.glyphRuns() for i in run.glyphIndexes())


def test_japanese_40x40_is_legible(qtbot, tmp_path):
    if not QFontDatabase.families(QFontDatabase.WritingSystem.Japanese):
        pytest.skip("no Japanese font installed (apt-get install fonts-noto-cjk or fonts-ipafont-gothic)")
    panel = AttentionPanel()
    qtbot.addWidget(panel)
    panel.resize(900, 700)
    panel.show()
    src = [f"語{i}" for i in range(39)] + ["</s>"]
    tgt = [f"word{i}" for i in range(39)] + ["</s>"]
    panel.heatmap.set_data(src, tgt, _rows(40, 40))
    hint = panel.heatmap.minimumSizeHint()
    cell, left, top, _, fm = panel.heatmap._geometry(hint.width(), hint.height())
    assert cell >= AttentionHeatmap.MIN_CELL >= 16
    assert panel.heatmap._label_font().pointSizeF() >= 7.0
    assert fm.horizontalAdvance("語39") < AttentionHeatmap.LABEL_MAX  # labels are not elided
    assert _has_glyphs("".join(src[:5]), panel.heatmap._label_font()), "Japanese labels would be tofu"
    assert not panel.heatmap.grab().isNull()
    panel.heatmap.export_png(tmp_path / "ja40.png")


def test_colormap_is_ordered():
    light = [colormap(v).lightness() for v in (0.0, 0.5, 1.0)]
    assert light == sorted(light)
