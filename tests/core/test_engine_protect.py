"""Engine + core.protect on the tiny placeholder model: spans carried, glossary enforced, passthrough."""
import pytest

from seq2seq_desktop.core.config import DecodeConfig
from seq2seq_desktop.core.engine import Engine
from seq2seq_desktop.core.protect import PLACEHOLDERS, GlossaryEntry

GREEDY = DecodeConfig(beam_width=1)
BEAM = DecodeConfig(beam_width=3, n_best=3)


@pytest.fixture(scope="module")
def engine(tiny_placeholder_bundle):
    return Engine.load(tiny_placeholder_bundle, device="cpu", num_threads=1)


def _no_placeholder(text: str) -> bool:
    return not any(ch in PLACEHOLDERS for ch in text)


def test_protection_needs_the_placeholder_pieces(engine, tiny_bundle):
    assert engine.protects_spans
    assert not Engine.load(tiny_bundle, device="cpu", num_threads=1).protects_spans


def test_numbers_and_names_come_through_unchanged(engine):
    sources = ["a 3,200 b c", "d e Nakamura f", "a b 6:30 c", "g 1-4-7 h a", "c d B-7731 e"]
    results = engine.translate(sources, GREEDY)
    kept = 0
    for src, tt in zip(sources, results):
        span = tt.sentences[0].spans[0]
        assert _no_placeholder(tt.text)
        kept += span.target in tt.text
        # the words around the span are reversed, as the model learned
        words = [w for w in src.split() if w != span.text]
        assert [w for w in tt.text.replace(span.target, " ").split()] == words[::-1]
    assert kept == len(sources)


def test_glossary_terms_get_the_users_target(engine):
    glossary = [GlossaryEntry("foo", "BAR"), GlossaryEntry("keep me", "")]
    sources = ["a b foo c", "foo d e", "f keep me g", "h foo a keep me b", "Foo c d"]
    results = engine.translate(sources, GREEDY, glossary=glossary)
    assert [tt.text.count("BAR") for tt in results] == [1, 1, 0, 1, 1]
    assert [tt.text.count("keep me") for tt in results] == [0, 0, 1, 1, 0]
    assert all("foo" not in tt.text.lower() for tt in results)
    # the engine's own glossary is the default, a call's glossary overrides it
    engine.set_glossary([GlossaryEntry("foo", "QUX")])
    try:
        assert "QUX" in engine.translate(["a foo b"], GREEDY)[0].text
        assert "BAR" in engine.translate(["a foo b"], GREEDY, glossary=glossary)[0].text
        plain = engine.translate(["a foo b"], GREEDY, glossary=[])[0].text
        assert "QUX" not in plain and "BAR" not in plain
    finally:
        engine.set_glossary([])


def test_placeholders_never_reach_the_user(engine):
    tt = engine.translate(["a 12 b foo c 34 d"], BEAM, glossary=[GlossaryEntry("foo", "BAR")])[0]
    sentence = tt.sentences[0]
    assert all(_no_placeholder(alt.text) for alt in sentence.nbest)
    assert all(_no_placeholder(t) for t in sentence.source_tokens + sentence.target_tokens)
    assert "12" in sentence.source_tokens and "BAR" in tt.text
    gen = engine.translate_steps("a 12 b foo c", GREEDY, glossary=[GlossaryEntry("foo", "BAR")])
    while True:
        try:
            step = next(gen)
        except StopIteration:
            break
        assert all(_no_placeholder(t) for t in step.tokens + step.source_tokens)


def test_nothing_to_translate_is_passed_through(engine):
    for text in ["😀😀😀", "★ ♪", "3,200", "  "]:
        tt = engine.translate([text], GREEDY)[0]
        assert tt.text == text.strip() and all(s.passthrough for s in tt.sentences)
    # mixed input: the passthrough sentence keeps its place, the others are translated
    steps = []
    gen = engine.translate_steps("a b c\n👍\nd e", GREEDY)
    while True:
        try:
            steps.append(next(gen))
        except StopIteration as stop:
            result = stop.value
            break
    assert result.text.splitlines()[1] == "👍"
    assert {s.sentence for s in steps} == {0, 2}
    assert result.sentences[1].passthrough and not result.sentences[0].passthrough


def test_control_and_bidi_characters_are_removed(engine):
    tt = engine.translate(["a\u202e b\x07 c"], GREEDY)[0]
    assert "\u202e" not in tt.text and "\x07" not in tt.text
    assert tt.text.split() == ["c", "b", "a"]


def test_wrong_script_is_flagged(engine):
    assert engine.translate(["これは日本語の文です。"], GREEDY)[0].wrong_script
    assert not engine.translate(["a b c"], GREEDY)[0].wrong_script


def test_a_run_on_sentence_longer_than_training_is_cut_at_safe_points(engine):
    words = ["a", "b", "c", "d", "e", "f", "g", "h"] * 5  # 80 pieces: more than the 64 the model saw
    tt = engine.translate([" ".join(words)], GREEDY)[0]
    assert len(tt.sentences) == 2
    assert all(len(s.source_tokens) - 1 <= 64 for s in tt.sentences)  # source pieces + </s>
    assert [s.source for s in tt.sentences] == [" ".join(words[:20]), " ".join(words[20:])]
