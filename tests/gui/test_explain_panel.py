"""The Explain tab: one decode per request, stepping through it, alpha re-ranking, forcing, sampling, Compare."""
from dataclasses import replace

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from seq2seq_desktop.gui.explain_panel import ExplainPanel
from seq2seq_desktop.gui.settings import Settings

TEXT = "1 2 3 4"


class ExplainSpy:
    """Wraps a real engine and records every ``explain_steps`` call (each is one worker job)."""

    def __init__(self, engine, fail=None):
        self._engine, self.calls, self.fail = engine, [], fail

    def __getattr__(self, name):
        return getattr(self._engine, name)

    def explain_steps(self, text, cfg=None, **kw):
        self.calls.append((text, cfg, kw))
        if self.fail is not None:
            raise self.fail
        return self._engine.explain_steps(text, cfg, **kw)


@pytest.fixture
def engine(tiny_engine):
    return ExplainSpy(tiny_engine)


@pytest.fixture
def panel(qtbot, engine):
    p = ExplainPanel(Settings())
    qtbot.addWidget(p)
    p.resize(1100, 700)
    p.set_engine("en-ja", engine)
    p.set_sentence(TEXT)
    p.show()
    return p


def decoded(qtbot, page):
    qtbot.waitUntil(lambda: page.trace is not None and not page.busy, timeout=10_000)
    return page.trace


def beam(page, k=3):
    page.controls.set_mode("beam")
    page.controls.beam_slider.setValue(k)


def test_the_panel_has_its_pages_and_models(panel, engine, qtbot):
    assert panel.objectName() == "decodeExplorer"
    assert panel.pages.objectName() == "explainPages"
    assert panel.page_widgets() == [panel.step_page, panel.compare_page, panel.sweep_page, panel.bottleneck_page]
    assert panel.engine() is engine and panel.current_role() == "en-ja"
    extra = QLabel("later")
    assert panel.add_page(extra, "Later") == 4 and panel.pages.tabText(4) == "Later"
    panel.set_engine("ja-en", None, "No model for Japanese → English")
    assert panel.model_combo.count() == 1
    panel.set_engine("en-ja", None, "gone")
    assert panel.engine() is None and not panel.step_page.step_button.isEnabled()


def test_step_reveals_exactly_one_recorded_step(panel, engine, qtbot):
    page = panel.step_page
    beam(page)
    page.step()
    trace = decoded(qtbot, page)
    assert page.position == 0 and len(trace.steps) > 2
    assert page.view.chart.choices() == trace.steps[0].rows[0].choices
    page.step()
    assert page.position == 1 and len(engine.calls) == 1 and page.current_job is None  # no new decode
    assert page.view.tree.best_path()[-1][0] == 1
    heat = page.view.attention.heatmap
    assert heat.row_count() == 2 and heat.target_tokens() == trace.steps[1].best_pieces
    chosen = trace.steps[1].chosen
    assert page.view.chart.chosen_index() == [c.token_id for c in page.view.chart.choices()].index(chosen.token_id)


def test_run_plays_to_the_last_step_and_reset_goes_back(panel, engine, qtbot):
    page = panel.step_page
    page.speed_slider.setValue(20)
    page.run()
    assert page.run_button.text() == "Pause"
    qtbot.waitUntil(lambda: page.trace is not None and page.position == len(page.steps) - 1
                    and not page._timer.isActive(), timeout=10_000)
    assert page.run_button.text() == "Run" and len(engine.calls) == 1
    assert page.view.ranked_texts() == [h.text for h in page.trace.ranked()]
    page.reset()
    assert page.position == -1 and page.view.chart.choices() == [] and page.view.tree.best_path() == []
    assert page.view.attention.heatmap.row_count() == 0 and not page.reset_button.isEnabled()
    page.step()
    assert page.position == 0 and len(engine.calls) == 1  # the recorded decode is reused


def test_alpha_reranks_the_finished_outputs_without_decoding_again(panel, engine, qtbot):
    page = panel.step_page
    beam(page, 4)
    page.speed_slider.setValue(20)
    page.run()
    qtbot.waitUntil(lambda: page.trace is not None and page.position == len(page.steps) - 1, timeout=10_000)
    trace, decodes = page.trace, page.decodes
    assert len(trace.finished) >= 2
    shown = {}
    for alpha in (0.0, 2.0, 1.0):
        page.controls.alpha_slider.setValue(alpha)
        shown[alpha] = page.view.ranked_texts()
        assert shown[alpha] == [h.text for h in trace.ranked(alpha)]
        first = page.view.ranking.item(0).text()
        assert f"({trace.ranked(alpha)[0].norm_score(alpha):.3f})" in first
    assert shown[0.0] != shown[2.0]  # short outputs win at alpha 0 and lose at 2
    qtbot.wait(250)  # longer than the re-decode debounce: alpha must not start one
    assert page.decodes == decodes and len(engine.calls) == 1 and page.trace is trace and page.current_job is None


def test_the_explained_outputs_are_what_the_translator_returns(panel, tiny_engine, qtbot):
    page = panel.step_page
    beam(page, 4)
    page.step()
    trace = decoded(qtbot, page)
    cfg = replace(page.controls.decode_config(), n_best=4, reverse_weight=0.0)
    result = tiny_engine.translate_sentences([TEXT], cfg)[0]
    ranked = trace.ranked(cfg.alpha)[:4]
    assert [h.text for h in ranked] == [a.text for a in result.nbest]
    assert [h.score for h in ranked] == pytest.approx([a.score for a in result.nbest], abs=1e-5)
    assert ranked[0].text == result.text


def test_clicking_a_bar_forces_that_token_and_jumps_past_it(panel, engine, qtbot):
    page = panel.step_page
    beam(page)
    page.step()
    decoded(qtbot, page)
    page.step()  # step 2: the best hypothesis has one token
    row = page.steps[1].rows[page.steps[1].chosen.row]
    chart = page.view.chart
    index = next(i for i, c in enumerate(chart.choices()) if c.token_id != page.steps[1].chosen.token_id
                 and c.piece != "</s>")
    forced = chart.choices()[index]
    qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=chart.bar_rect(index).center())
    trace = decoded(qtbot, page)
    want = (*row.token_ids, forced.token_id)
    assert page.prefix == want and trace.prefix == want and len(engine.calls) == 2
    assert engine.calls[-1][2]["prefix"] == want
    assert all(s.forced for s in trace.steps[:2]) and not trace.steps[2].forced
    assert page.position == min(len(want), len(trace.steps) - 1)
    assert trace.steps[1].best_pieces[:2] == [row.pieces[0], forced.piece]
    assert page.forced_label.isVisible() and page.unforce_button.isVisible()
    page.unforce()
    trace = decoded(qtbot, page)
    assert trace.prefix == () and not page.forced_label.isVisible()


def test_sampling_shows_both_distributions_and_the_cut(panel, qtbot):
    page = panel.step_page
    c = page.controls
    c.set_mode("sample")
    c.top_k_spin.setValue(3)
    c.top_p_spin.setValue(1.0)
    c.temperature_spin.setValue(1.5)
    page.step()
    trace = decoded(qtbot, page)
    chart = page.view.chart
    assert trace.mode == "sample" and chart.is_sampling()
    assert chart.cut_index() == 3
    assert all(x.sampled > 0 for x in chart.choices()[:3]) and all(x.sampled == 0 for x in chart.choices()[3:])
    assert chart.choices()[0].tempered < chart.choices()[0].prob  # a higher temperature flattens
    seed = trace.cfg.seed
    assert seed and str(seed) in c.seed_used.text() and c.reuse_button.isVisibleTo(panel)
    c.reuse_button.click()
    assert c.seed() == seed
    png = chart.grab()
    assert not png.isNull()


def test_clicking_a_tree_node_shows_that_hypothesis(panel, qtbot):
    page = panel.step_page
    beam(page, 3)
    for _ in range(3):
        page.step()
    decoded(qtbot, page)
    qtbot.waitUntil(lambda: page.position == 2, timeout=5_000)
    tree = page.view.tree
    node = (1, 1)
    qtbot.mouseClick(tree, Qt.MouseButton.LeftButton, pos=tree.node_rect(*node).center())
    cand = page.steps[1].candidates[1]
    row = page.steps[1].rows[cand.row]
    assert tree.selected() == node and page.view.chart.choices() == row.choices
    np.testing.assert_allclose(page.view.row_view.weights()[0], row.attention_row, rtol=1e-6)
    assert tree.parent_of(*node) is None or tree.parent_of(*node)[0] == 0


def test_compare_runs_every_search_for_every_model_of_the_direction(panel, tiny_path, qtbot):
    from seq2seq_desktop.core.engine import Engine

    teaching = Engine.load(tiny_path, num_threads=1)  # stands in for a model of another architecture
    panel.add_compare_engine("teaching", teaching)
    assert [label for label, _ in panel.compare_models()][1:] == ["teaching"]
    page = panel.compare_page
    panel.pages.setCurrentWidget(page)
    page.beam_spin.setValue(3)
    with qtbot.waitSignal(page.compareFinished, timeout=20_000) as blocker:
        panel.run()
    rows = blocker.args[0]
    assert [(r.model, r.search) for r in rows] == [(m, s) for m in (rows[0].model, "teaching")
                                                   for s in ("greedy", "beam", "sample")]
    assert page.table.rowCount() == 6 and page.table.item(0, 2).text() == rows[0].text
    greedy = teaching.translate_sentences([TEXT], replace(page.searches()[0]))[0]
    assert rows[3].text == greedy.text and rows[5].seed
    assert "GRU" in page.models_label.text()


def test_errors_are_relayed_and_the_next_step_tries_again(qtbot, tiny_engine):
    from seq2seq_desktop.core.errors import ConfigError

    broken = ExplainSpy(tiny_engine, fail=ConfigError("no such thing"))
    p = ExplainPanel(Settings())
    qtbot.addWidget(p)
    p.set_engine("en-ja", broken)
    p.set_sentence(TEXT)
    with qtbot.waitSignal(p.errorOccurred, timeout=10_000) as blocker:
        p.step_page.step()
    assert isinstance(blocker.args[0], ConfigError) and "no such thing" in p.step_page.info.text()
    broken.fail = None
    p.step_page.step()
    decoded(qtbot, p.step_page)
    assert len(broken.calls) == 2


def test_a_new_sentence_drops_the_recorded_decode(panel, engine, qtbot):
    page = panel.step_page
    page.step()
    decoded(qtbot, page)
    panel.set_sentence("5 6 7")
    assert page.trace is None and page.position == -1 and page.current_job is None
    page.step()
    trace = decoded(qtbot, page)
    assert trace.source == "5 6 7" and engine.calls[-1][0] == "5 6 7"


def test_the_window_has_an_explain_tab(make_window, tiny_engine, qtbot):
    win = make_window(tiny_engine)
    assert win.tabs.count() == 3 and win.tabs.tabText(2) == "Explain"
    ep = win.explain_panel
    assert ep.engine() is tiny_engine and ep.model_combo.count() == 3  # en-ja, ja-en, chat-en
    win.tabs.setCurrentIndex(2)
    assert win._current_role() == "en-ja" and "en-ja" in win.status_model.text()
    ep.set_sentence(TEXT)
    ep.step_page.speed_slider.setValue(20)
    win.run_current()
    qtbot.waitUntil(lambda: ep.step_page.trace is not None
                    and ep.step_page.position == len(ep.step_page.steps) - 1, timeout=10_000)
    win.cancel_current()
    assert win.store_settings().last_tab in (0, 2)


def test_every_control_explains_itself(panel, qtbot):
    from PySide6.QtWidgets import QAbstractButton, QAbstractSpinBox, QComboBox, QLineEdit, QSlider, QTabBar

    def tip(w):
        while w is not None and w is not panel:
            if w.toolTip():
                return w.toolTip()
            w = w.parentWidget()
        return ""

    kinds = (QAbstractButton, QAbstractSpinBox, QComboBox, QLineEdit, QSlider)
    controls = [w for kind in kinds for w in panel.findChildren(kind) if not isinstance(w.parentWidget(), QTabBar)]
    untipped = [(type(w).__name__, w.objectName()) for w in controls if not tip(w) and w.isVisibleTo(panel)
                and not w.objectName().startswith("qt_") and not isinstance(w.parentWidget(), (QAbstractSpinBox,
                                                                                                 QComboBox))]
    assert not untipped
    page = panel.step_page
    page.step()
    decoded(qtbot, page)
    assert "force" in page.view.chart.bar_tooltip(0) and "score" in page.view.tree.node_tooltip(0, 0)


def test_a_page_added_later_gets_the_engines(panel, engine):
    from PySide6.QtWidgets import QWidget

    class Page(QWidget):
        def __init__(self):
            super().__init__()
            self.engines = {}

        def set_engine(self, role, engine=None, note=None):
            self.engines[role] = engine

    page = Page()
    panel.add_page(page, "Later")
    assert page.engines == {"en-ja": engine}
    panel.set_engine("ja-en", engine)
    assert page.engines == {"en-ja": engine, "ja-en": engine}


def test_the_teaching_model_joins_the_explorer_once_the_bottleneck_page_loads_it(panel, engine, qtbot):
    panel.set_loader(lambda name: engine)
    with qtbot.waitSignal(panel.bottleneck_page.teachingModelLoaded, timeout=30_000):
        panel.bottleneck_page._load()
    labels = [panel.model_combo.itemText(i) for i in range(panel.model_combo.count())]
    assert any("en-ja-no-attention" in label for label in labels)
