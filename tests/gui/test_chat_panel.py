"""Dialog tab: streamed reply round trip, context, sampling options, transcript saving."""
import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPushButton, QWidget


def _send(qtbot, win, text, mode="beam"):
    """Send ``text``; beam search unless ``mode`` is None (keep the panel's), for exact replies."""
    cp = win.chat_panel
    win.tabs.setCurrentIndex(1)
    if mode:
        cp.mode_combo.setCurrentIndex(cp.mode_combo.findData(mode))
    box = win.findChild(QLineEdit, "chatInput")
    box.setText(text)
    with qtbot.waitSignal(cp.replyFinished, timeout=30_000) as blocker:
        qtbot.mouseClick(win.findChild(QPushButton, "chatSendButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not cp.busy, timeout=10_000)
    return blocker.args[0]


def test_dialog_round_trip_streams_reply(make_window, spy, qtbot):
    win = make_window(spy)
    heat = win.chat_panel.attention.heatmap
    rows = []
    heat.rowsChanged.connect(rows.append)
    reply = _send(qtbot, win, "1 2 3")
    msgs = win.chat_panel.transcript.messages()
    assert msgs == [{"speaker": "user", "text": "1 2 3"}, {"speaker": "bot", "text": reply.text}]
    assert reply.text == "3 2 1"
    assert spy.steps_yielded == len(reply.translation.target_tokens) >= 2  # streamed token by token
    assert [r for r in rows if r] [:3] == [1, 2, 3]
    assert heat.row_count() == len(reply.translation.target_tokens)
    assert win.findChild(QWidget, "chatTranscript") is win.chat_panel.transcript
    assert win.findChild(QLineEdit, "chatInput").text() == ""


def test_context_turns_and_new_conversation(make_window, spy, qtbot):
    win = make_window(spy)
    cp = win.chat_panel
    cp.turns_spin.setValue(2)
    _send(qtbot, win, "1 2")
    _send(qtbot, win, "3 4")
    assert spy.texts[-1] == ["2 1 <sep> 3 4"]  # previous bot turn + the new user turn
    cp.turns_spin.setValue(1)
    _send(qtbot, win, "5")
    assert spy.texts[-1] == ["5"]
    assert len(cp.session().history) == 6
    qtbot.mouseClick(win.findChild(QPushButton, "chatNewButton"), Qt.MouseButton.LeftButton)
    assert cp.transcript.messages() == [] and cp.session().history == []


def test_beam_and_sampling_configs(make_window, spy, qtbot):
    win = make_window(spy)
    cp = win.chat_panel
    assert cp.mode_combo.currentData() == "sample"  # the default: sample and rank, as the chat card measures
    assert abs(cp.temp_slider.value() - 0.7) < 1e-6
    win.translate_panel.beam_slider.setValue(6)
    _send(qtbot, win, "7 7")
    assert spy.configs[-1].beam_width == 6 and not spy.configs[-1].sample
    assert cp.specific_check.isVisible() and spy.configs[-1].anti_lm > 0  # on by default
    assert spy.configs[-1].reverse_weight > 0
    cp.specific_check.setChecked(False)
    _send(qtbot, win, "7 7")
    assert spy.configs[-1].anti_lm == 0.0 and spy.configs[-1].reverse_weight == 0.0
    cp.mode_combo.setCurrentIndex(cp.mode_combo.findData("sample"))
    cp.temp_slider.setValue(0.7)
    cp.topp_slider.setValue(0.8)
    cp.seed_check.setChecked(True)
    cp.seed_spin.setValue(123)
    cp.specific_check.setChecked(True)
    assert cp.specific_check.isVisible()  # the reverse check ranks sampled replies too
    cp.new_conversation()
    a = _send(qtbot, win, "4 5 6", mode=None)
    cfg = spy.configs[-1]
    assert cfg.sample and cfg.seed == 123 and abs(cfg.temperature - 0.7) < 1e-6 and abs(cfg.top_p - 0.8) < 1e-6
    assert cfg.candidates > 1 and cfg.n_best == 1 and cfg.reverse_weight > 0  # sample and rank
    cp.new_conversation()
    b = _send(qtbot, win, "4 5 6", mode=None)
    assert a.text == b.text  # fixed seed: reproducible demo


def test_cancel_reply_keeps_history(make_window, spy, qtbot):
    win = make_window(spy)
    cp = win.chat_panel
    spy.pace()
    win.tabs.setCurrentIndex(1)
    cp.input.setText("1 2 3 4 5 6")
    cp.send()
    job = cp.current_job
    spy.allow(1)
    qtbot.waitUntil(lambda: cp.attention.heatmap.row_count() == 1, timeout=10_000)
    with qtbot.waitSignal(job.aborted, timeout=10_000):
        win.cancel_current()
        spy.allow(1)
    assert cp.session().history == []
    assert "(stopped)" in cp.transcript.messages()[-1]["text"]


def test_save_transcript_text_and_json(make_window, tiny_engine, qtbot, tmp_path):
    win = make_window(tiny_engine)
    reply = _send(qtbot, win, "9 1")
    cp = win.chat_panel
    data = json.loads(cp.save_transcript(tmp_path / "t.json").read_text(encoding="utf-8"))
    assert data == [{"speaker": "user", "text": "9 1"}, {"speaker": "bot", "text": reply.text}]
    assert cp.save_transcript(tmp_path / "t.txt").read_text(encoding="utf-8") == f"You: 9 1\nBot: {reply.text}\n"


def test_streamed_candidates_are_shown_as_such(make_window, spy, qtbot):
    win = make_window(spy)
    cp = win.chat_panel
    win.tabs.setCurrentIndex(1)
    assert cp.mode_combo.currentData() == "sample" and cp.decode_config().candidates > 1  # sample and rank
    steps = []
    spy.pace()
    cp.input.setText("1 2 3")
    cp.send()
    cp.current_job.yielded.connect(steps.append)
    spy.allow(1)
    qtbot.waitUntil(lambda: bool(steps), timeout=10_000)
    bubble = cp.transcript.messages()[-1]["text"]
    assert bubble == f"(candidate) {steps[0].text} \u2026" and cp.transcript.last_is_provisional()
    with qtbot.waitSignal(cp.replyFinished, timeout=30_000) as blocker:
        spy.allow(10_000)
    reply = blocker.args[0]
    assert cp.transcript.messages()[-1]["text"] == reply.text and not cp.transcript.last_is_provisional()


def test_a_single_candidate_streams_as_the_reply(make_window, spy, qtbot):
    win = make_window(spy)
    cp = win.chat_panel
    win.translate_panel.beam_slider.setValue(1)  # greedy: what streams is what is kept
    win.tabs.setCurrentIndex(1)
    cp.mode_combo.setCurrentIndex(cp.mode_combo.findData("beam"))
    steps = []
    spy.pace()
    cp.input.setText("1 2 3")
    cp.send()
    cp.current_job.yielded.connect(steps.append)
    spy.allow(2)
    qtbot.waitUntil(lambda: len(steps) == 2, timeout=10_000)
    assert cp.transcript.messages()[-1]["text"] == f"{steps[1].text} \u2026" == "3 2 \u2026"
    assert not cp.transcript.last_is_provisional()
    with qtbot.waitSignal(cp.replyFinished, timeout=30_000) as blocker:
        spy.allow(10_000)
    assert blocker.args[0].text.startswith(steps[1].text)


class _LanguageEngine:
    """The tiny engine presented as a chat model of ``lang`` (routing reads ``info.source_lang``)."""

    def __init__(self, engine, lang):
        import dataclasses

        self._engine = engine
        self.info = dataclasses.replace(engine.info, source_lang=lang, target_lang=lang)
        self.texts = []

    def sentence_steps(self, sentences, cfg=None, **kw):
        self.texts.append(list(sentences))
        return self._engine.sentence_steps(sentences, cfg, **kw)

    def __getattr__(self, name):
        return getattr(self._engine, name)


def test_automatic_mode_routes_by_message_language(make_window, tiny_engine, qtbot):
    en, ja = _LanguageEngine(tiny_engine, "en"), _LanguageEngine(tiny_engine, "ja")
    win = make_window(loader=lambda p: ja if p == "ja" else en, model_paths={"chat-en": "en", "chat-ja": "ja"})
    cp = win.chat_panel
    assert cp.model_combo.currentData() == "auto" and not cp.model_combo.isHidden()
    _send(qtbot, win, "1 2")  # no letters: the English model (the default) answers
    assert len(en.texts) == 1 and ja.texts == []
    _send(qtbot, win, "こんにちは")
    assert ja.texts == [["こんにちは"]]
    assert "chat-ja" in win.status_model.text()  # the status bar names the model that answered
    notes = [m["text"] for m in cp.transcript.messages() if m["speaker"] == "note"]
    assert len(notes) == 1 and "Japanese" in notes[0]
    _send(qtbot, win, "hello")
    assert len(en.texts) == 2
    assert [m["speaker"] for m in cp.transcript.messages()].count("note") == 2


def test_message_in_a_language_without_a_model_gets_a_note(make_window, spy, qtbot):
    win = make_window(spy)
    cp = win.chat_panel
    win.tabs.setCurrentIndex(1)
    cp.input.setText("お名前は？")
    cp.send()
    assert not cp.busy and spy.texts == []
    assert cp.transcript.messages() == [{"speaker": "note", "text": cp.route("お名前は？")[1]}]
    assert "Japanese" in cp.transcript.messages()[0]["text"]
    assert cp.input.text() == "お名前は？"  # nothing the user typed is lost
