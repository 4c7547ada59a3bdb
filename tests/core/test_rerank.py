"""Reverse-model reranking on the tiny reverse-digits model (reversing is its own inverse, so the
same weights serve as the "opposite direction")."""
import math
from pathlib import Path
from types import SimpleNamespace

import pytest

from seq2seq_desktop.core.config import DecodeConfig
from seq2seq_desktop.core.engine import Engine
from seq2seq_desktop.core.errors import ModelLoadError
from seq2seq_desktop.core.package import load_package, save_package
from seq2seq_desktop.core.rerank import as_reverse_target, rerank_by_reverse
from seq2seq_desktop.core.search import decode_batch
from seq2seq_desktop.core.tokenizer import EOS_ID
from tiny_task import logprob_by_steps

SOURCES = ["3 1 4 1 5", "9 2 6", "5 3 5 8 9 7", "2 7 1 8", "1 1 2 3 5 8 1 3", "6 6 6 1"]


def test_lowercase_sources_get_the_casing_a_cased_model_was_trained_on():
    assert as_reverse_target("i think i'm late.") == "I think I'm late."
    assert as_reverse_target('"where is it?" he asked.') == '"Where is it?" he asked.'
    assert as_reverse_target("iPhone sales rose.") == "iPhone sales rose."  # already cased: untouched
    assert as_reverse_target("猫が好き。") == "猫が好き。"
    assert as_reverse_target("3 1 4") == "3 1 4"


def test_rerank_adds_the_weighted_per_piece_reverse_score_and_sorts(tiny_bundle):
    pkg = load_package(tiny_bundle)
    tok = pkg.target_tokenizer
    nbest = decode_batch(pkg.model, pkg.source_tokenizer.encode_batch(SOURCES), DecodeConfig(beam_width=4, n_best=4))
    reverse = SimpleNamespace(model=pkg.model, source_tokenizer=pkg.source_tokenizer,
                              target_tokenizer=pkg.target_tokenizer)
    ranked = rerank_by_reverse(SOURCES, nbest, tok, reverse, weight=0.6)
    for text, before, after in zip(SOURCES, nbest, ranked):
        assert sorted(tuple(h.token_ids) for h in before) == sorted(tuple(h.token_ids) for h in after)
        target = pkg.target_tokenizer.encode(text) + [EOS_ID]
        plain = {tuple(h.token_ids): h for h in before}
        for h in after:
            lp = logprob_by_steps(pkg.model, pkg.source_tokenizer.encode(tok.decode(h.token_ids)), target)
            expected = plain[tuple(h.token_ids)].norm_score + 0.6 * lp / len(target)
            assert math.isclose(h.norm_score, expected, rel_tol=1e-4, abs_tol=1e-4)
            assert h.score == plain[tuple(h.token_ids)].score, "the forward score is kept"
        assert [h.norm_score for h in after] == sorted((h.norm_score for h in after), reverse=True)
        # the hypothesis that reverses back to the source wins (the model has learned the task)
        assert tok.decode(after[0].token_ids) == " ".join(reversed(text.split()))


@pytest.fixture
def mirrored(tiny_bundle, tmp_path) -> Path:
    """The tiny model saved again as the opposite direction (digits-reversed -> digits)."""
    pkg = load_package(tiny_bundle)
    spm = (Path(tiny_bundle) / "source.spm").read_bytes()
    return save_package(tmp_path / "mirror", pkg.model, task="translate", source_lang="digits-reversed",
                        target_lang="digits", source_spm=spm, target_spm=spm, name="mirror", card="# mirror\n")


def test_engine_reranks_only_with_a_reverse_model_attached(tiny_bundle, mirrored):
    engine = Engine.load(tiny_bundle, device="cpu", num_threads=1)
    weighted = DecodeConfig(beam_width=4, n_best=2, reverse_weight=0.6)
    plain = DecodeConfig(beam_width=4, n_best=2)
    assert not engine.attach_reverse(), "no 'digits-reversed-digits' model is installed"
    assert [t.nbest[0].norm_score for t in engine.translate_sentences(SOURCES, weighted)] == \
        [t.nbest[0].norm_score for t in engine.translate_sentences(SOURCES, plain)], "ignored without a reverse model"

    with pytest.raises(ModelLoadError, match="not digits-reversed->digits"):
        engine.attach_reverse(tiny_bundle)  # same direction, not the opposite one
    assert engine.attach_reverse(mirrored) and engine.has_reverse
    got = engine.translate_sentences(SOURCES, weighted)
    pkg = load_package(mirrored)
    full = decode_batch(engine.package.model, engine.package.source_tokenizer.encode_batch(SOURCES),
                        DecodeConfig(beam_width=4, n_best=4))
    want = rerank_by_reverse(SOURCES, full, engine.package.target_tokenizer, pkg, 0.6)
    for t, hyps in zip(got, want):
        assert len(t.nbest) == 2, "n_best is cut after reranking all 4 of the beam's hypotheses"
        assert [a.norm_score for a in t.nbest] == pytest.approx([h.norm_score for h in hyps[:2]], abs=1e-5)
    streamed = engine.translate_steps(SOURCES[0], weighted)
    while True:
        try:
            next(streamed)
        except StopIteration as stop:
            assert stop.value.sentences[0].text == got[0].text, "streaming picks the same winner"
            break
