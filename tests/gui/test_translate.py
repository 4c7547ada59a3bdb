"""Translate tab driven through the real widgets with the tiny reverse-digits model."""
from pathlib import Path

import numpy as np
import torch
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QGuiApplication, QMouseEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QPushButton, QWidget


def _find(win, name, cls=QWidget):
    w = win.findChild(cls, name)
    assert w is not None, f"no widget named {name}"
    return w


def _translate(qtbot, win, text, how="button"):
    tp = win.translate_panel
    _find(win, "sourceEdit").setPlainText(text)
    with qtbot.waitSignal(tp.translationFinished, timeout=30_000) as blocker:
        if how == "button":
            qtbot.mouseClick(_find(win, "translateButton", QPushButton), Qt.MouseButton.LeftButton)
        else:
            win.activateWindow()
            qtbot.waitUntil(lambda: QApplication.activeWindow() is win, timeout=5000)
            _find(win, "sourceEdit").setFocus()
            qtbot.keyClick(_find(win, "sourceEdit"), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not tp.busy, timeout=10_000)
    return blocker.args[0]


def _open_boxes():
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]


def test_object_names_exist(make_window, tiny_engine):
    win = make_window(tiny_engine)
    for name in ("translateTab", "dialogTab", "sourceEdit", "targetEdit", "directionCombo", "swapButton",
                 "translateButton", "beamSlider", "attentionView", "nbestList", "chatInput", "chatSendButton",
                 "chatTranscript", "statusModelLabel", "statusDeviceLabel"):
        _find(win, name)
    assert "tiny-reverse" in _find(win, "statusModelLabel", QLabel).text()
    assert "CPU" in _find(win, "statusDeviceLabel", QLabel).text()


def test_translate_via_button_matches_engine(make_window, tiny_engine, qtbot):
    win = make_window(tiny_engine)
    result = _translate(qtbot, win, "3 1 4 1 5")
    expected = tiny_engine.translate(["3 1 4 1 5"], win.translate_panel.decode_config())[0].text
    assert result.text == expected == "5 1 4 1 3"
    assert _find(win, "targetEdit").toPlainText() == expected
    # the engine's rate counts output tokens: the label, its tooltip and the stats line all say so
    assert "tokens/s" in win.status_speed.text() and "tokens" in win.status_speed.toolTip()
    assert "tokens/s" in win.translate_panel.stats_label.text() and "words" not in win.translate_panel.stats_label.text()


def test_translate_via_shortcut(make_window, tiny_engine, qtbot):
    win = make_window(tiny_engine)
    assert _translate(qtbot, win, "2 7 1", how="shortcut").text == "1 7 2"


def test_beam_slider_sets_engine_beam_width(make_window, spy, qtbot):
    win = make_window(spy)
    slider = _find(win, "beamSlider")
    for width in (7, 1):
        slider.setValue(width)
        _translate(qtbot, win, "1 2 3")
        assert spy.configs[-1].beam_width == width
    assert win.translate_panel.beam_hint.text() == "greedy"


def test_heatmap_grows_one_row_per_step_and_ends_equal(make_window, spy, qtbot):
    win = make_window(spy)
    heatmap = _find(win, "attentionView")
    rows, steps = [], []
    heatmap.rowsChanged.connect(rows.append)
    win.translate_panel.current_job  # noqa: B018 - the job is created on translate; count steps through the spy
    result = _translate(qtbot, win, "9 8 7 6")
    sent = result.sentences[0]
    streamed = rows[1:rows.index(len(sent.target_tokens)) + 1]  # after the initial clear (0)
    assert streamed == list(range(1, len(sent.target_tokens) + 1))
    assert heatmap.row_count() == len(sent.target_tokens)
    np.testing.assert_allclose(heatmap.weights(), sent.attention)
    assert heatmap.target_tokens() == sent.target_tokens and heatmap.source_tokens() == sent.source_tokens
    assert spy.steps_yielded == len(sent.target_tokens)
    del steps


def test_cancel_stops_early_and_leaves_model_unchanged(make_window, spy, qtbot):
    win = make_window(spy)
    tp = win.translate_panel
    before = {k: v.clone() for k, v in spy.package.model.state_dict().items()}
    spy.pace()
    finished = []
    tp.translationFinished.connect(finished.append)
    _find(win, "sourceEdit").setPlainText("1 2 3 4 5 6 7 8")
    tp.translate()
    job = tp.current_job
    aborted = []
    job.aborted.connect(lambda: aborted.append(True))
    spy.allow(1)
    qtbot.waitUntil(lambda: _find(win, "attentionView").row_count() == 1, timeout=10_000)
    win.cancel_current()  # what Esc triggers
    spy.allow(1)  # the worker reaches its next yield, where the cancel lands
    qtbot.waitUntil(lambda: not tp.busy, timeout=10_000)
    assert aborted == [True] and finished == []
    assert spy.steps_yielded == 2  # stopped within one step; the full answer has 9 tokens
    assert _find(win, "attentionView").row_count() == 1  # the step after cancel is not shown
    assert "Cancelled" in tp.stats_label.text()
    after = spy.package.model.state_dict()
    assert all(torch.equal(before[k], after[k]) for k in before)


def test_escape_shortcut_cancels(make_window, spy, qtbot):
    win = make_window(spy)
    act = win.findChild(type(win.act_run), "actionCancel")
    assert act.shortcut().toString() == "Esc"
    spy.pace()
    _find(win, "sourceEdit").setPlainText("1 2 3 4 5 6")
    win.translate_panel.translate()
    with qtbot.waitSignal(win.translate_panel.current_job.aborted, timeout=10_000):
        win.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is win, timeout=5000)
        qtbot.keyClick(_find(win, "sourceEdit"), Qt.Key.Key_Escape)
        spy.allow(1)


def test_nbest_click_swaps_output_and_attention(make_window, tiny_engine, qtbot):
    win = make_window(tiny_engine)
    tp = win.translate_panel
    tp.beam_slider.setValue(5)
    tp.nbest_spin.setValue(3)
    result = _translate(qtbot, win, "4 4 2 9")
    nbest = result.sentences[0].nbest
    lst = _find(win, "nbestList")
    assert lst.count() == len(nbest) == 3
    rect = lst.visualItemRect(lst.item(2))
    qtbot.mouseClick(lst.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert _find(win, "targetEdit").toPlainText() == nbest[2].text
    np.testing.assert_allclose(_find(win, "attentionView").weights(), nbest[2].attention)
    assert tp.view.choice(0) == 2


def test_multi_sentence_split_and_rejoined(make_window, tiny_engine, qtbot):
    win = make_window(tiny_engine)
    result = _translate(qtbot, win, "1 2 3.\n\n4 5 6.")
    assert len(result.sentences) == 2
    assert _find(win, "targetEdit").toPlainText() == result.text
    assert result.text.count("\n") == 2
    combo = win.translate_panel.attention.sentence_combo
    assert combo.count() == 2 and combo.isVisibleTo(win)
    combo.setCurrentIndex(1)
    np.testing.assert_allclose(_find(win, "attentionView").weights(), result.sentences[1].attention)


def test_engine_error_shows_message_and_window_stays_usable(make_window, spy, qtbot):
    from seq2seq_desktop.core.errors import InputTooLongError

    win = make_window(spy)
    tp = win.translate_panel
    spy.fail = InputTooLongError("the input has 30,000 characters; the limit is 20,000.")
    with qtbot.waitSignal(tp.errorOccurred, timeout=10_000):
        _find(win, "sourceEdit").setPlainText("1 2 3")
        tp.translate()
    qtbot.waitUntil(lambda: bool(_open_boxes()), timeout=5000)
    box = _open_boxes()[0]
    assert "limit is 20,000" in box.text()
    box.close()
    spy.fail = None
    assert _translate(qtbot, win, "1 2 3").text == "3 2 1"


def test_unexpected_error_has_details(make_window, spy, qtbot):
    win = make_window(spy)
    spy.fail = RuntimeError("kaboom")
    with qtbot.waitSignal(win.translate_panel.errorOccurred, timeout=10_000):
        _find(win, "sourceEdit").setPlainText("1")
        win.translate_panel.translate()
    qtbot.waitUntil(lambda: bool(_open_boxes()), timeout=5000)
    box = _open_boxes()[0]
    assert "kaboom" in box.text() and "Traceback" in box.detailedText()
    box.close()


def test_real_too_long_input_is_reported(make_window, tiny_engine, qtbot):
    win = make_window(tiny_engine)
    with qtbot.waitSignal(win.translate_panel.errorOccurred, timeout=10_000) as blocker:
        _find(win, "sourceEdit").setPlainText("1 " * 10_001)
        win.translate_panel.translate()
    assert type(blocker.args[0]).__name__ == "InputTooLongError"
    assert "20,000" in win.translate_panel.char_label.text()


def test_live_translation_is_debounced_and_latest_wins(make_window, spy, qtbot):
    win = make_window(spy)
    tp = win.translate_panel
    tp.live_check.setChecked(True)
    results = []
    tp.translationFinished.connect(results.append)
    edit = _find(win, "sourceEdit")
    with qtbot.waitSignal(tp.translationFinished, timeout=10_000):
        for text in ("1", "1 2", "1 2 3"):
            edit.setPlainText(text)
    qtbot.waitUntil(lambda: not tp.busy and not tp._debounce.isActive(), timeout=5000)
    assert spy.texts == ["1 2 3"]  # one request after typing stopped
    spy.pace()
    tp.live_check.setChecked(False)
    edit.setPlainText("5 5 5 5 5")
    tp.translate()  # held back by the pacing, replaced before it can finish
    edit.setPlainText("6 7")
    tp.translate()
    spy.allow(100)
    qtbot.waitUntil(lambda: len(results) >= 2 and not tp.busy, timeout=10_000)
    assert [r.source for r in results] == ["1 2 3", "6 7"]
    assert _find(win, "targetEdit").toPlainText() == "7 6"


def test_missing_model_shows_clear_note(make_window, qtbot, tmp_path):
    from seq2seq_desktop.gui.loading import default_engine_loader

    missing = str(tmp_path / "no-such-model")
    win = make_window(loader=default_engine_loader,
                      model_paths={"en-ja": missing, "ja-en": missing, "chat-en": missing})
    tp = win.translate_panel
    assert tp.notice.isVisibleTo(win) and "No model for English" in tp.notice.text()
    assert not _find(win, "translateButton").isEnabled()
    assert "none" in _find(win, "statusModelLabel", QLabel).text()
    assert not win.chat_panel.notice.isHidden() and "No model" in win.chat_panel.notice.text()
    tp.translate()  # no crash, just a status message
    assert not _open_boxes()


def test_swap_and_copy(make_window, tiny_engine, qtbot):
    win = make_window(tiny_engine)
    _translate(qtbot, win, "8 1")
    win.findChild(type(win.act_run), "actionCopyResult").trigger()
    assert QGuiApplication.clipboard().text() == "1 8"
    combo = _find(win, "directionCombo")
    qtbot.mouseClick(_find(win, "swapButton"), Qt.MouseButton.LeftButton)
    assert combo.currentData() == "ja-en"
    assert _find(win, "sourceEdit").toPlainText() == "1 8"
    assert _find(win, "targetEdit").toPlainText() == ""


def test_low_probability_tokens_are_marked_and_hover_links(make_window, tiny_engine, qtbot):
    from types import SimpleNamespace as NS  # noqa: N814

    win = make_window(tiny_engine)
    view = win.translate_panel.view
    att = np.full((3, 3), 1 / 3, dtype=np.float32)
    sent = NS(source="a b", text="x y", source_tokens=["a", "b", "</s>"], target_tokens=["x", "y", "</s>"],
              attention=att, token_probs=[0.9, 0.1, 0.95], score=-2.0, nbest=[])
    view.begin("a b", target_lang="en")
    win.translate_panel.source_edit.setPlainText("a b")
    view.finish(NS(source="a b", text="x y", sentences=[sent], elapsed=0.1, words_per_s=10.0))
    cursor = QTextCursor(win.translate_panel.target_edit.document())
    marked = []
    for pos in range(1, 4):  # charFormat() describes the character before the cursor
        cursor.setPosition(pos)
        if cursor.charFormat().underlineStyle() != QTextCharFormat.UnderlineStyle.NoUnderline:
            marked.append(pos - 1)
    assert marked == [2]  # only "y" (p = 0.1)
    heatmap = _find(win, "attentionView")
    heatmap.hovered.emit(([1], [0]))
    sels = win.translate_panel.target_edit.extraSelections()
    assert [(s.cursor.selectionStart(), s.cursor.selectionEnd()) for s in sels] == [(2, 3)]
    assert [(s.cursor.selectionStart(), s.cursor.selectionEnd())
            for s in win.translate_panel.source_edit.extraSelections()] == [(0, 1)]
    edit = win.translate_panel.target_edit
    cur = QTextCursor(edit.document())
    cur.setPosition(0)
    rect = edit.cursorRect(cur)
    pos = QPointF(rect.x() + 2, rect.center().y())
    move = QMouseEvent(QEvent.Type.MouseMove, pos, edit.viewport().mapToGlobal(pos), Qt.MouseButton.NoButton,
                       Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(edit.viewport(), move)  # hovering "x" in the target highlights row 0
    assert heatmap._hl_rows == {0}


def test_open_bad_package_shows_message_then_good_one_is_remembered(make_window, tiny_path, qtbot, tmp_path):
    from seq2seq_desktop.gui.loading import default_engine_loader

    win = make_window(loader=default_engine_loader, model_paths={"en-ja": str(tiny_path)})
    bad = tmp_path / "broken-package"
    bad.mkdir()
    (bad / "config.json").write_text("{}", encoding="utf-8")
    win.load_model(bad)
    qtbot.waitUntil(lambda: bool(_open_boxes()), timeout=30_000)
    box = _open_boxes()[0]
    assert box.windowTitle() == "Model could not be loaded" and "broken-package" in box.text()
    box.close()
    qtbot.waitUntil(lambda: not _open_boxes(), timeout=5_000)
    from seq2seq_desktop.core.package import load_package, save_package

    spm = (Path(tiny_path) / "source.spm").read_bytes()
    ranker = save_package(tmp_path / "chat-reverse", load_package(tiny_path).model, task="chat-reverse",
                          source_lang="en", target_lang="en", source_spm=spm, target_spm=spm, card="# r\n")
    win.load_model(ranker)
    qtbot.waitUntil(lambda: bool(_open_boxes()), timeout=30_000)
    box = _open_boxes()[0]
    assert "reverse chat model" in box.text() and win.settings.models.get("en-ja") != str(ranker)
    box.close()
    with qtbot.waitSignal(win.engineLoaded, timeout=30_000) as blocker:
        win.load_model(tiny_path)
    assert blocker.args == ["en-ja"]  # a digits model lands on the current direction
    assert win.settings.models["en-ja"] == str(tiny_path)
    assert _translate(qtbot, win, "5 6").text == "6 5"


def test_reverse_check_sets_the_reverse_weight_and_greys_out_without_a_reverse_model(make_window, spy, qtbot):
    from seq2seq_desktop.core.config import REVERSE_WEIGHT
    from seq2seq_desktop.gui.settings import Settings

    win = make_window(spy)
    check = _find(win, "reverseCheck")
    assert check.isChecked() and not check.isEnabled(), "on by default; the tiny model has no opposite direction"
    _translate(qtbot, win, "1 2 3")
    assert spy.configs[-1].reverse_weight == REVERSE_WEIGHT
    check.setChecked(False)
    _translate(qtbot, win, "1 2 3")
    assert spy.configs[-1].reverse_weight == 0.0
    saved = Settings()
    win.translate_panel.store_settings(saved)
    assert saved.reverse_rerank is False

    spy.has_reverse = True  # as after Engine.attach_reverse
    win.translate_panel.set_engine(win.translate_panel.direction(), spy)
    assert check.isEnabled()


def test_view_menu_and_panels_stay_in_step(make_window, tiny_engine, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    win = make_window(tiny_engine, wait=False)
    tp, cp = win.translate_panel, win.chat_panel
    tp.set_live_translate(True)
    assert win.act_live.isChecked() and _find(win, "liveTranslateCheck").isChecked()
    win.act_live.trigger()  # the menu drives the panel back
    assert not tp.live_translate() and not win.act_live.isChecked()
    win.act_words.trigger()
    assert tp.word_view() and tp.attention.word_check.isChecked()
    win.act_attention.trigger()
    assert not tp.attention.isVisible() and not cp.attention.isVisible()
    win.act_attention.trigger()
    assert tp.attention.isVisible()
    assert tp.beam_width() == tp.beam_slider.value() and cp.current_role() in (None, "chat-en")
    assert tp.restore_splitter_state(tp.splitter_state())
    out = tmp_path / "attention.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    tp.attention.heatmap.set_data(["1", "</s>"], ["1", "</s>"], np.eye(2))
    next(a for a in win.actions() if a.text() == "Export attention as &CSV\u2026").trigger()
    assert out.is_file()


def test_cancel_during_the_reverse_check_keeps_the_unchecked_result(make_window, gated_engine, qtbot):
    gated = gated_engine()
    win = make_window(gated)
    tp = win.translate_panel
    assert tp.reverse_check.isChecked() and tp.reverse_check.isEnabled()
    tp.beam_slider.setValue(4)
    tp.nbest_spin.setValue(2)
    finished = []
    tp.translationFinished.connect(finished.append)
    text = "3 1 4. 1 5 9. 2 6 5."
    tp.source_edit.setPlainText(text)
    tp.translate()
    job = tp.current_job
    aborted = []
    job.aborted.connect(lambda: aborted.append(True))
    gated.allow(1)  # the first check step: decoding is done, the provisional result has arrived
    qtbot.waitUntil(lambda: "Checking with the reverse model" in tp.stats_label.text(), timeout=10_000)
    win.cancel_current()
    gated.allow(1)  # the worker reaches its next yield (after one chunk), where the cancel lands
    qtbot.waitUntil(lambda: not tp.busy, timeout=10_000)
    assert aborted == [True] and finished == []
    assert gated.checks == 2, "stopped within one chunk; the whole check has 1 + 12 steps"
    from seq2seq_desktop.core.config import DecodeConfig

    unchecked = gated.translate([text], DecodeConfig(beam_width=4, n_best=2))[0]
    shown = tp.view.result
    assert shown is not None and not shown.reranked and shown.text == unchecked.text
    assert _find(win, "targetEdit").toPlainText() == unchecked.text
    assert "not checked with the reverse model" in tp.stats_label.text()
    assert "reverse-model check" in win.statusBar().currentMessage() + win.statusBar().toolTip()
    assert tp.nbest_list.count() >= 1, "the alternatives of the unchecked result are there too"


def test_swap_never_destroys_untranslated_input_and_undo_brings_it_back(make_window, tiny_engine, qtbot):
    win = make_window(tiny_engine)
    tp, edit, combo = win.translate_panel, _find(win, "sourceEdit"), _find(win, "directionCombo")
    swap = win.findChild(type(win.act_run), "actionSwap")
    _translate(qtbot, win, "8 1")
    cursor = edit.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.End)
    cursor.insertText(" 5")  # edited, not translated yet: the output no longer belongs to the input
    swap.trigger()  # Ctrl+R
    assert combo.currentData() == "ja-en" and edit.toPlainText() == "8 1 5"
    swap.trigger()
    assert combo.currentData() == "en-ja" and edit.toPlainText() == "8 1 5"
    _translate(qtbot, win, "8 1 5")
    swap.trigger()  # the output belongs to the input: the texts swap
    assert combo.currentData() == "ja-en" and edit.toPlainText() == "5 1 8"
    assert tp.target_edit.toPlainText() == "" and tp.stats_label.text() == ""
    edit.undo()  # one step back: the input as it was
    assert edit.toPlainText() == "8 1 5"
    edit.redo()
    assert edit.toPlainText() == "5 1 8"


def test_nbest_choice_survives_a_greedy_beam(make_window, tiny_engine):
    from seq2seq_desktop.gui.settings import Settings

    win = make_window(tiny_engine, wait=False)
    tp = win.translate_panel
    tp.beam_slider.setValue(6)
    tp.nbest_spin.setValue(4)
    tp.beam_slider.setValue(1)
    assert tp.nbest_spin.value() == 1 and tp.decode_config().n_best == 1
    saved = Settings()
    tp.store_settings(saved)
    assert saved.n_best == 4, "the user's choice is saved, not the value the greedy beam clamps it to"
    tp.beam_slider.setValue(3)
    assert tp.nbest_spin.value() == 3
    tp.beam_slider.setValue(8)
    assert tp.nbest_spin.value() == 4 and tp.decode_config().n_best == 4
    tp.nbest_spin.setValue(2)
    tp.beam_slider.setValue(1)
    tp.beam_slider.setValue(5)
    assert tp.nbest_spin.value() == 2


def test_alternatives_show_each_text_once(make_window, tiny_engine):
    from types import SimpleNamespace as NS  # noqa: N814

    from seq2seq_desktop.gui.translate_output import alternatives

    att = np.full((3, 3), 1 / 3, dtype=np.float32)

    def alt(text, tokens, score):
        return NS(text=text, tokens=tokens, attention=att[: len(tokens)], token_probs=[0.5] * len(tokens),
                  norm_score=score, score=score)

    nbest = [alt("とても", ["とても", "</s>"], -0.1), alt("とても", ["と", "ても", "</s>"], -0.2),
             alt("すごく", ["すごく", "</s>"], -0.3)]
    sent = NS(source="a b", text="とても", source_tokens=["a", "b", "</s>"], target_tokens=["とても", "</s>"],
              attention=att[:2], token_probs=[0.5, 0.5], score=-0.1, nbest=nbest)
    assert [a.text for a in alternatives(sent)] == ["とても", "すごく"]
    win = make_window(tiny_engine, wait=False)
    view = win.translate_panel.view
    view.begin("a b", target_lang="ja")
    view.finish(NS(source="a b", text="とても", sentences=[sent], elapsed=0.1, words_per_s=10.0))
    assert win.translate_panel.nbest_list.count() == 2


def test_streamed_preview_is_detokenised_text(make_window, tiny_engine, qtbot):
    from types import SimpleNamespace as NS  # noqa: N814

    win = make_window(tiny_engine, wait=False)
    view, target = win.translate_panel.view, win.translate_panel.target_edit
    view.begin("それは難しい", target_lang="en")
    att = np.full((3, 4), 0.25, dtype=np.float32)
    view.on_step(NS(sentence=0, step=2, tokens=["That", "'", "s"], text="That's", attention=att, attention_row=att[-1],
                    prob=0.9, source_tokens=["それは", "難", "しい", "</s>"]))
    qtbot.waitUntil(lambda: target.toPlainText() != "", timeout=5000)
    assert target.toPlainText() == "That's"


def test_moving_the_beam_slider_while_decoding_runs_again_with_it(make_window, spy, qtbot):
    win = make_window(spy)
    tp = win.translate_panel
    tp.beam_slider.setValue(5)
    results = []
    tp.translationFinished.connect(results.append)
    spy.pace()
    tp.source_edit.setPlainText("1 2 3 4 5 6")
    tp.translate()
    spy.allow(1)
    qtbot.waitUntil(lambda: tp.attention.heatmap.row_count() == 1, timeout=10_000)
    tp.beam_slider.setValue(2)  # while decoding with 5
    qtbot.waitUntil(lambda: len(spy.configs) == 2, timeout=5000)
    spy.allow(10_000)
    qtbot.waitUntil(lambda: bool(results) and not tp.busy, timeout=10_000)
    assert [c.beam_width for c in spy.configs] == [5, 2]
    assert len(results) == 1 and results[0].text == "6 5 4 3 2 1"
    assert tp.decode_config().beam_width == 2


def test_option_change_after_a_finished_translation_waits_for_the_button(make_window, spy, qtbot):
    win = make_window(spy)
    tp = win.translate_panel
    _translate(qtbot, win, "1 2")
    tp.beam_slider.setValue(3)  # not translating and not live: the next Translate uses it
    assert not tp._rerun.isActive() and len(spy.configs) == 1
    tp.live_check.setChecked(True)
    tp.alpha_spin.setValue(1.1)  # live: the shown result must follow the setting
    qtbot.waitUntil(lambda: len(spy.configs) == 2 and not tp.busy, timeout=10_000)
    assert spy.configs[-1].alpha == 1.1


def test_empty_input_clears_the_stats_and_an_error_replaces_the_status(make_window, spy, qtbot):
    from seq2seq_desktop.core.errors import InputTooLongError

    win = make_window(spy)
    tp, sb = win.translate_panel, win.statusBar()
    _translate(qtbot, win, "1 2")
    assert tp.stats_label.text()
    tp.source_edit.setPlainText("")
    tp.translate()
    assert tp.stats_label.text() == ""
    spy.pace()
    tp.source_edit.setPlainText("1 2 3 4")
    tp.translate()
    spy.allow(1)
    with qtbot.waitSignal(tp.current_job.aborted, timeout=10_000):
        tp.cancel()
        spy.allow(1)
    assert "cancelled" in sb.currentMessage()
    spy.permits = None
    spy.fail = InputTooLongError("the input has 30,000 characters; the limit is 20,000.")
    with qtbot.waitSignal(tp.errorOccurred, timeout=10_000):
        tp.translate()
    status = sb.currentMessage() + sb.toolTip()
    assert "cancelled" not in status and "limit is 20,000" in status
    for box in _open_boxes():
        box.close()


def test_long_status_text_is_elided_with_a_tooltip(make_window, tiny_engine, qtbot):
    win = make_window(tiny_engine)
    long = "The model chosen for English → Japanese (/a/very/long/path/" + "x" * 400 + ") could not be loaded."
    win.translate_panel.statusMessage.emit(long)
    sb = win.statusBar()
    assert sb.currentMessage() != long and sb.currentMessage().endswith("…")
    assert sb.toolTip() == long
    win.translate_panel.statusMessage.emit("Translation copied.")
    assert sb.currentMessage() == "Translation copied." and sb.toolTip() == ""
