"""The attention view's layer/head selector: hidden for the RNN, one entry per Transformer head."""
import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QComboBox, QPushButton, QWidget

from seq2seq_desktop.gui.attention_heads import ALL_HEADS, LAST_LAYER, AttentionHeadSelector, head_matrix
from support.tiny_task import build_tiny_transformer_package

LAYERS, HEADS = 2, 4


@pytest.fixture(scope="module")
def transformer_engine(tmp_path_factory):
    from seq2seq_desktop.core.engine import Engine

    path = build_tiny_transformer_package(tmp_path_factory.mktemp("models") / "tiny-transformer", steps=0, seed=1,
                                          layers=LAYERS, heads=HEADS)
    return Engine.load(path, num_threads=1, precision="fp32")


class CountingEngine:
    """Counts ``cross_attention`` calls and the thread they run in; everything else is the real engine."""

    def __init__(self, engine):
        self._engine, self.calls = engine, []

    def __getattr__(self, name):
        return getattr(self._engine, name)

    def cross_attention(self, *args):
        import threading

        self.calls.append(threading.current_thread() is threading.main_thread())
        return self._engine.cross_attention(*args)


def _selector(win) -> QComboBox:
    sel = win.translate_panel.findChild(QComboBox, "attentionHeadSelector")  # the explorer has a heatmap too
    assert sel is win.translate_panel.attention.head_selector
    return sel


def _translate(qtbot, win, text):
    tp = win.translate_panel
    tp.source_edit.setPlainText(text)
    with qtbot.waitSignal(tp.translationFinished, timeout=30_000) as blocker:
        qtbot.mouseClick(win.findChild(QPushButton, "translateButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not tp.busy, timeout=10_000)
    return blocker.args[0].sentences[0]


def test_selector_lists_the_default_the_mean_and_every_head(qtbot):
    box = QWidget()
    sel = AttentionHeadSelector(box)
    qtbot.addWidget(box)
    box.show()
    assert sel.isHidden() and sel.count() == 2  # no model yet: RNN-like, hidden
    sel.set_shape((2, 3))
    assert sel.isVisible() and sel.count() == 2 * 3 + 2
    assert [sel.itemText(i) for i in (0, 1, 2, 7)] == ["Average of heads, last layer", "Average of all layers and heads",
                                                       "Layer 1, head 1", "Layer 2, head 3"]
    assert sel.key() == LAST_LAYER
    assert sel.set_key((1, 2)) and sel.key() == (1, 2)
    sel.set_shape((3, 3))  # another Transformer: the choice stays where it exists
    assert sel.key() == (1, 2) and sel.count() == 11
    sel.set_shape(None)
    assert sel.isHidden() and sel.key() == LAST_LAYER
    assert sel.toolTip()


def test_head_matrix_picks_layers_and_heads():
    heads = np.random.default_rng(0).random((2, 3, 4, 5)).astype(np.float32)
    np.testing.assert_array_equal(head_matrix(heads, LAST_LAYER), heads[1].mean(0))
    np.testing.assert_array_equal(head_matrix(heads, ALL_HEADS), heads.mean((0, 1)))
    np.testing.assert_array_equal(head_matrix(heads, (0, 2)), heads[0, 2])
    assert head_matrix(heads, (2, 0)) is None and head_matrix(None, LAST_LAYER) is None


def test_selector_is_hidden_for_the_rnn(make_window, tiny_engine, qtbot):
    win = make_window(tiny_engine)
    sel = _selector(win)
    _translate(qtbot, win, "1 2 3")
    assert not sel.isVisible()
    assert win.translate_panel.attention.heads.heads_of(win.translate_panel.view.result.sentences[0].attention) is None


def test_picking_a_head_redraws_the_heatmap_in_a_worker(make_window, transformer_engine, qtbot):
    engine = CountingEngine(transformer_engine)
    win = make_window(engine)
    panel = win.translate_panel.attention
    sel, heatmap = _selector(win), panel.heatmap
    assert sel.isVisible() and sel.count() == LAYERS * HEADS + 2
    tr = _translate(qtbot, win, "3 1 4 1 5")
    np.testing.assert_array_equal(heatmap.weights(), tr.attention)  # the default: what the search reported
    assert engine.calls == []  # nothing is computed until another entry is picked

    with qtbot.waitSignal(panel.heads.shown, timeout=10_000, check_params_cb=lambda key: key == (0, 1)):
        sel.setCurrentIndex(sel.findText("Layer 1, head 2"))
    heads = transformer_engine.cross_attention(tr)
    np.testing.assert_array_equal(heatmap.weights(), heads[0, 1])
    assert not np.allclose(heatmap.weights(), tr.attention)
    assert heatmap.target_tokens() == tr.target_tokens and heatmap.source_tokens() == tr.source_tokens
    assert engine.calls == [False]  # once, and not in the UI thread

    with qtbot.waitSignal(panel.heads.shown, timeout=10_000):  # cached: drawn at once, no new call
        sel.setCurrentIndex(sel.findText("Average of all layers and heads"))
    np.testing.assert_allclose(heatmap.weights(), heads.mean((0, 1)), atol=1e-6)
    with qtbot.waitSignal(panel.heads.shown, timeout=10_000, check_params_cb=lambda key: key == LAST_LAYER):
        sel.setCurrentIndex(0)
    np.testing.assert_array_equal(heatmap.weights(), tr.attention)
    assert engine.calls == [False]

    # hover linking still works over a head's matrix
    sel.setCurrentIndex(sel.findText("Layer 2, head 4"))
    qtbot.waitUntil(lambda: np.array_equal(heatmap.weights(), heads[1, 3]), timeout=10_000)
    hits = []
    heatmap.hovered.connect(hits.append)
    cell, left, top, _, _ = heatmap._geometry(heatmap.width(), heatmap.height())
    pos = QPointF(left + cell / 2, top + cell / 2)
    QApplication.sendEvent(heatmap, QMouseEvent(QEvent.Type.MouseMove, pos, heatmap.mapToGlobal(pos),
                                                 Qt.MouseButton.NoButton, Qt.MouseButton.NoButton,
                                                 Qt.KeyboardModifier.NoModifier))
    assert hits == [([0], [0])]
    assert win.translate_panel.target_edit.extraSelections()  # the first target token is highlighted

    # the choice stays for the next translation, whose heads are fetched when it has finished
    with qtbot.waitSignal(panel.heads.shown, timeout=30_000, check_params_cb=lambda key: key == (1, 3)):
        tr2 = _translate(qtbot, win, "9 8 7")
    np.testing.assert_array_equal(heatmap.weights(), transformer_engine.cross_attention(tr2)[1, 3])
    assert len(engine.calls) == 2


def test_an_alternative_shows_its_own_heads(make_window, transformer_engine, qtbot):
    win = make_window(transformer_engine)
    tp = win.translate_panel
    tp.beam_slider.setValue(3)
    tp.nbest_spin.setValue(3)
    tr = _translate(qtbot, win, "2 6 5 3")
    sel = _selector(win)
    with qtbot.waitSignal(tp.attention.heads.shown, timeout=10_000):
        sel.setCurrentIndex(sel.findText("Layer 1, head 1"))
    if tp.nbest_list.count() < 2:
        pytest.skip("the random model's beam gave one distinct text")
    with qtbot.waitSignal(tp.attention.heads.shown, timeout=10_000, check_params_cb=lambda key: key == (0, 0)):
        tp.view.choose(0, 1)
    shown = tp.view._alts[0][1]
    alt = next(a for a in tr.nbest if a.attention is shown.attention)
    np.testing.assert_array_equal(tp.attention.heatmap.weights(), transformer_engine.cross_attention(tr, alt)[0, 0])


def test_word_view_keeps_the_head_and_the_default_comes_back(make_window, transformer_engine, qtbot):
    win = make_window(transformer_engine)
    panel = win.translate_panel.attention
    tr = _translate(qtbot, win, "4 4 2")
    sel = _selector(win)
    with qtbot.waitSignal(panel.heads.shown, timeout=10_000):
        sel.setCurrentIndex(sel.findText("Layer 2, head 1"))
    head = transformer_engine.cross_attention(tr)[1, 0]
    panel.word_check.toggle()  # a redraw of the same data is not a new translation
    panel.word_check.toggle()
    np.testing.assert_array_equal(panel.heatmap.weights(), head)
    sel.setCurrentIndex(0)
    np.testing.assert_array_equal(panel.heatmap.weights(), tr.attention)


def test_heads_that_cannot_be_had_leave_the_default(make_window, transformer_engine, qtbot):
    engine = CountingEngine(transformer_engine)
    engine.cross_attention = lambda *args: engine.calls.append(None)  # the engine could not recover the ids
    win = make_window(engine)
    tr = _translate(qtbot, win, "5 6 7")
    sel = _selector(win)
    tip = sel.toolTip()
    sel.setCurrentIndex(sel.findText("Layer 1, head 3"))
    qtbot.waitUntil(lambda: sel.toolTip() != tip, timeout=10_000)
    assert engine.calls == [None] and "not available" in sel.toolTip()
    np.testing.assert_array_equal(win.translate_panel.attention.heatmap.weights(), tr.attention)
    sel.setCurrentIndex(sel.findText("Layer 2, head 3"))  # cached as unavailable: no new call
    assert engine.calls == [None]
    sel.setCurrentIndex(0)
    assert sel.toolTip() == tip
