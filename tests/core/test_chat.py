"""ChatSession: context window, history, fallback, cancel."""
from dataclasses import dataclass, field

import numpy as np
import pytest

from seq2seq_desktop.core.chat import SEP, ChatSession, build_context
from seq2seq_desktop.core.config import DecodeConfig
from seq2seq_desktop.core.engine import DecodeStep, Engine, Translation


@dataclass
class _Info:
    target_lang: str = "en"
    preprocessing: dict = field(default_factory=lambda: {"context_turns": 2})


class FakeEngine:
    """Replies with ``reply`` and records the sources it was given."""

    def __init__(self, reply="hi"):
        self.reply, self.sources, self.info = reply, [], _Info()

    def sentence_steps(self, sentences, cfg=None):
        self.sources.append(list(sentences))
        self.cfgs = getattr(self, "cfgs", []) + [cfg]
        yield DecodeStep(0, 0, ["hi"], np.ones(1), np.ones((1, 1)), 1.0, ["</s>"])
        return [Translation(sentences[0], self.reply, ["</s>"], [], np.zeros((0, 1)), [], 0.0)]


def test_build_context():
    assert build_context(["a", "b", "c"], 2) == f"b {SEP} c"
    assert build_context(["only"], 3) == "only"
    assert build_context(["x  y\n z"], 1) == "x y z"
    with pytest.raises(ValueError):
        build_context(["a"], 0)


def test_history_window_and_reset():
    eng = FakeEngine("sure")
    chat = ChatSession(eng, max_turns=2)
    assert chat.reply("hello").text == "sure"
    chat.reply("how  are you")
    assert eng.sources == [["hello"], [f"sure {SEP} how are you"]]
    assert chat.history == [("user", "hello"), ("bot", "sure"), ("user", "how are you"), ("bot", "sure")]
    chat.reset()
    assert chat.history == []


def test_a_short_message_may_get_a_reply_longer_than_a_translation_would():
    from seq2seq_desktop.core.config import CHAT_REPLY_STEPS
    from seq2seq_desktop.core.search import max_output_len

    eng = FakeEngine()
    chat = ChatSession(eng)
    chat.reply("hi", DecodeConfig(beam_width=3))
    chat.reply("hi")
    chat.reply("hi", DecodeConfig(max_len_offset=60))
    assert [c.max_len_offset for c in eng.cfgs] == [CHAT_REPLY_STEPS, CHAT_REPLY_STEPS, 60]
    assert eng.cfgs[0].beam_width == 3  # everything else as asked
    # a two-piece message: a translation may take 14 steps, a reply 44
    assert max_output_len(2, DecodeConfig()) < CHAT_REPLY_STEPS < max_output_len(2, eng.cfgs[0])


def test_empty_reply_falls_back():
    chat = ChatSession(FakeEngine(""))
    r = chat.reply("hello")
    assert r.fallback and r.text and chat.history[-1] == ("bot", r.text)


def test_cancel_leaves_history_unchanged():
    chat = ChatSession(FakeEngine())
    gen = chat.reply_steps("hello")
    assert isinstance(next(gen), DecodeStep)
    gen.close()
    assert chat.history == []


def test_chat_on_real_engine(tiny_bundle):
    chat = ChatSession(Engine.load(tiny_bundle, num_threads=1), max_turns=1)
    assert chat.reply("1 2 3", DecodeConfig(beam_width=2)).text == "3 2 1"
    r = chat.reply("4 5", DecodeConfig(sample=True, seed=0, top_k=1))
    assert r.text == "5 4" and r.translation.target_tokens[-1] == "</s>"


def test_message_language_by_script():
    from seq2seq_desktop.core.chat import message_language

    assert message_language("こんにちは、元気？") == "ja"
    assert message_language("Seqさん、おはよう") == "ja"  # a name in Latin letters inside Japanese
    assert message_language("How are you?") == "en"
    assert message_language("I love 寿司") == "en"
    assert message_language("123 😀") is None  # nothing to tell: the conversation keeps its language


def test_router_sends_each_message_to_its_language():
    from seq2seq_desktop.core.chat import ChatRouter

    en, ja = FakeEngine("hello"), FakeEngine("こんにちは")
    router = ChatRouter({"en": en, "ja": ja})
    first = router.route("Hi there")
    assert first.session.engine is en and not first.switched
    first.session.reply("Hi there")
    second = router.route("こんにちは")
    assert second.session.engine is ja and second.switched and second.language == "ja"
    assert second.session.reply("こんにちは").text == "こんにちは"
    assert router.route("42").session.engine is ja  # no letters: stays with Japanese
    assert router.route("Bye!").switched
    router.reset()
    assert all(s.history == [] for s in router.sessions.values())


def test_router_without_a_model_for_the_language_says_so():
    from seq2seq_desktop.core.chat import NO_MODEL_NOTES, ChatRouter

    router = ChatRouter({"en": FakeEngine("Yes")})
    route = router.route("お名前は？")
    assert route.session is None and route.note == NO_MODEL_NOTES["ja"]
    assert router.route("And you?").session is not None and not router.route("ok").switched
