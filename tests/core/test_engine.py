"""Engine on the tiny reverse-digits package, loaded through the real loader."""
import numpy as np
import pytest

from seq2seq_desktop.core.config import DecodeConfig
from seq2seq_desktop.core.engine import (
    MAX_INPUT_CHARS,
    DecodeStep,
    Engine,
    TextTranslation,
)
from seq2seq_desktop.core.errors import ConfigError, InputTooLongError, ModelLoadError
from support.tiny_task import make_pairs


@pytest.fixture(scope="module")
def engine(tiny_bundle):
    return Engine.load(tiny_bundle, device="cpu", num_threads=1)


def _run(gen):
    steps = []
    while True:
        try:
            steps.append(next(gen))
        except StopIteration as stop:
            return steps, stop.value


@pytest.mark.parametrize("beam", [1, 5])
def test_tiny_model_learned(engine, beam):
    pairs = make_pairs(200, seed=424242)  # the package was trained on other seeds
    out = engine.translate_sentences([s for s, _ in pairs], DecodeConfig(beam_width=beam))
    exact = sum(o.text == t for o, (_, t) in zip(out, pairs)) / len(pairs)
    assert exact >= 0.9, exact


def test_load_info_and_device(engine, tiny_bundle):
    assert engine.device == "cpu" and engine.device_name.startswith("CPU (")
    assert engine.info.path == tiny_bundle and engine.info.task == "translate"
    assert engine.load_seconds > 0


def test_load_by_name_from_user_dir(tiny_bundle, monkeypatch, tmp_path):
    import shutil

    monkeypatch.setenv("SEQ2SEQ_DESKTOP_HOME", str(tmp_path))
    shutil.copytree(tiny_bundle, tmp_path / "models" / "my-tiny")
    assert Engine.load("my-tiny", num_threads=1).info.name == "tiny-reverse"
    assert Engine.load("tiny-reverse", num_threads=1).info.path.name == "my-tiny"  # configured name
    with pytest.raises(ModelLoadError, match="my-tiny"):
        Engine.load("no-such-model", num_threads=1)


def test_translate_keeps_layout_and_aligns_tokens(engine):
    cfg = DecodeConfig(beam_width=3, n_best=2)
    text = "3 1 4. 1 5\n\n9 2 6\n"
    tt = engine.translate([text, ""], cfg)
    assert isinstance(tt[0], TextTranslation)
    one = [t.text for t in engine.translate_sentences(["3 1 4.", "1 5"], cfg)]  # "4." is <unk> to this model
    assert tt[0].text == f"{one[0]} {one[1]}\n\n6 2 9\n" and one[1] == "5 1"
    assert [s.source for s in tt[0].sentences] == ["3 1 4.", "1 5", "9 2 6"]
    assert tt[1].text == "" and tt[1].sentences == []
    assert tt[0].words_per_s > 0 and tt[0].elapsed > 0
    for s in tt[0].sentences:
        assert s.attention.shape == (len(s.target_tokens), len(s.source_tokens))
        assert s.source_tokens[-1] == "</s>" and s.target_tokens[-1] == "</s>"
        assert len(s.token_probs) == len(s.target_tokens)
        np.testing.assert_allclose(s.attention.sum(1), 1.0, atol=1e-5)
        assert len(s.nbest) == 2 and s.nbest[0].text == s.text and s.nbest[0].score == s.score


def test_translate_steps_streams_and_matches_translate(engine):
    text = "1 2 3\n4 5 6 7"
    cfg = DecodeConfig(beam_width=1)
    steps, result = _run(engine.translate_steps(text, cfg))
    assert isinstance(result, TextTranslation)
    assert result.text == engine.translate([text], cfg)[0].text == "3 2 1\n7 6 5 4"
    assert all(isinstance(s, DecodeStep) for s in steps)
    for i, sent in enumerate(result.sentences):
        mine = [s for s in steps if s.sentence == i]
        assert len(mine) == len(sent.target_tokens)
        assert mine[-1].tokens == sent.target_tokens and mine[0].source_tokens == sent.source_tokens
        np.testing.assert_allclose(np.stack([s.attention_row for s in mine]), sent.attention, atol=1e-6)


def test_cancel_leaves_engine_usable(engine):
    gen = engine.translate_steps("1 2 3 4 5", DecodeConfig(beam_width=5))
    next(gen)
    del gen  # abandon mid-way: the lock is only held inside a step
    assert engine.translate(["1 2"], DecodeConfig(beam_width=1))[0].text == "2 1"


def test_input_limits(engine):
    with pytest.raises(InputTooLongError):
        engine.translate(["1 " * (MAX_INPUT_CHARS // 2 + 1)])
    with pytest.raises(InputTooLongError):
        next(engine.translate_steps("1" * (MAX_INPUT_CHARS + 1)))
    with pytest.raises(TypeError):
        engine.translate("1 2 3")
    steps, result = _run(engine.translate_steps(""))
    assert steps == [] and result.text == "" and result.sentences == []
    with pytest.raises(ConfigError):
        engine.translate(["1"], DecodeConfig(beam_width=0))


def test_steps_carry_detokenised_text(engine):
    tok = engine.package.target_tokenizer
    steps, result = _run(engine.translate_steps("1 2 3\n4 5", DecodeConfig(beam_width=3)))
    for i, sent in enumerate(result.sentences):
        mine = [s for s in steps if s.sentence == i]
        assert mine[-1].text == sent.text, "the last step's text is the sentence's translation"
        for s in mine:
            pieces = [p for p in s.tokens if p != "</s>"]
            assert s.text == tok.decode(tok.encode(" ".join(pieces))), "detokenised, not pieces joined"


def test_no_repeat_compares_surface_forms_of_the_target_vocabulary(engine, monkeypatch):
    import seq2seq_desktop.core.engine as engine_mod
    from seq2seq_desktop.core.search import surface_classes

    tok = engine.package.target_tokenizer
    seen = []
    real_steps, real_batch = engine_mod.decode_steps, engine_mod.decode_batch
    monkeypatch.setattr(engine_mod, "decode_steps", lambda *a, **k: seen.append(k.get("surface")) or real_steps(*a, **k))
    monkeypatch.setattr(engine_mod, "decode_batch", lambda *a, **k: seen.append(k.get("surface")) or real_batch(*a, **k))
    cfg = DecodeConfig(beam_width=2, no_repeat_ngram=2)
    _run(engine.translate_steps("1 2 3", cfg))
    engine.translate(["1 2 3"], cfg)
    assert seen == [surface_classes(tok.pieces(range(tok.vocab_size)))] * 2


def test_streamed_text_shows_protected_spans_not_placeholders(tiny_placeholder_bundle):
    from seq2seq_desktop.core.protect import PLACEHOLDERS, GlossaryEntry

    engine = Engine.load(tiny_placeholder_bundle, device="cpu", num_threads=1)
    steps, result = _run(engine.translate_steps("a 12 b foo c", DecodeConfig(beam_width=1),
                                                glossary=[GlossaryEntry("foo", "BAR")]))
    assert steps and not any(ch in PLACEHOLDERS for s in steps for ch in s.text)
    assert "BAR" in steps[-1].text and "12" in steps[-1].text and result.text == steps[-1].text


def test_a_batch_holds_at_most_decode_rows_rows(tiny_bundle, monkeypatch):
    import seq2seq_desktop.core.engine as engine_module

    exact = Engine.load(tiny_bundle, device="cpu", num_threads=1, precision="fp32")  # batch-independent numbers
    sources = [a for a, _ in make_pairs(9, seed=5)]
    cfg = DecodeConfig(beam_width=4, n_best=2)
    whole = exact.translate_sentences(sources, cfg, batch_size=64)
    sizes = []
    real = engine_module.decode_batch
    monkeypatch.setattr(engine_module, "decode_batch", lambda model, ids, *a, **k: sizes.append(len(ids)) or
                        real(model, ids, *a, **k))
    monkeypatch.setattr(engine_module, "DECODE_ROWS", 8)
    split = exact.translate_sentences(sources, cfg, batch_size=64)
    assert sizes == [2, 2, 2, 2, 1], "8 rows = 2 sentences of a 4-wide beam per batch"
    assert [[a.text for a in t.nbest] for t in split] == [[a.text for a in t.nbest] for t in whole]
    sizes.clear()
    exact.translate_sentences(sources, DecodeConfig(beam_width=16), batch_size=64)
    assert sizes == [1] * 9, "a beam wider than DECODE_ROWS still decodes, one sentence at a time"
