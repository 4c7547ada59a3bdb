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
from seq2seq_desktop.core.rerank import ReverseCheck, as_reverse_target, rerank_by_reverse
from seq2seq_desktop.core.search import decode_batch
from seq2seq_desktop.core.tokenizer import EOS_ID
from support.tiny_task import logprob_by_steps

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
    reverse = SimpleNamespace(decoding_model=pkg.model, source_tokenizer=pkg.source_tokenizer,
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


def test_engine_reranks_only_with_a_reverse_model_attached(tiny_bundle, mirrored):
    engine = Engine.load(tiny_bundle, device="cpu", num_threads=1)
    weighted = DecodeConfig(beam_width=4, n_best=2, reverse_weight=0.6)
    plain = DecodeConfig(beam_width=4, n_best=2)
    assert not engine.attach_reverse(), "no 'digits-reversed-digits' model is installed"
    assert [t.nbest[0].norm_score for t in engine.translate_sentences(SOURCES, weighted)] == \
        [t.nbest[0].norm_score for t in engine.translate_sentences(SOURCES, plain)], "ignored without a reverse model"

    with pytest.raises(ModelLoadError, match="not the translate model for digits-reversed->digits"):
        engine.attach_reverse(tiny_bundle)  # same direction, not the opposite one
    assert engine.attach_reverse(mirrored) and engine.has_reverse
    got = engine.translate_sentences(SOURCES, weighted)
    pkg = load_package(mirrored, precision=engine.package.precision)  # as the engine attached it
    full = decode_batch(engine.package.decoding_model, engine.package.source_tokenizer.encode_batch(SOURCES),
                        DecodeConfig(beam_width=4, n_best=4))
    want = rerank_by_reverse(SOURCES, full, engine.package.target_tokenizer, pkg, 0.6)
    for t, hyps in zip(got, want):
        assert len(t.nbest) == 2, "n_best is cut after reranking all 4 of the beam's hypotheses"
        # int8 activations are quantized per call (64 positions at a time), and the engine scores the
        # sentences sorted by length: the same numbers to a few 1e-5
        assert [a.norm_score for a in t.nbest] == pytest.approx([h.norm_score for h in hyps[:2]], abs=1e-4)
    streamed = engine.translate_steps(SOURCES[0], weighted)
    while True:
        try:
            next(streamed)
        except StopIteration as stop:
            assert stop.value.sentences[0].text == got[0].text, "streaming picks the same winner"
            break


def _as_task(tiny_bundle, path: Path, task: str, source: str, target: str, name: str) -> Path:
    pkg = load_package(tiny_bundle)
    spm = (Path(tiny_bundle) / "source.spm").read_bytes()
    return save_package(path, pkg.model, task=task, source_lang=source, target_lang=target, source_spm=spm,
                        target_spm=spm, name=name, card=f"# {name}\n")


def test_chat_reverse_model_ranks_a_sampled_pool_by_the_turn_being_answered(tiny_bundle, mirrored, tmp_path):
    chat = _as_task(tiny_bundle, tmp_path / "tinychat", "chat", "digits", "digits-reversed", "tinychat")
    reverse = _as_task(tiny_bundle, tmp_path / "tinychat-reverse", "chat-reverse", "digits-reversed", "digits",
                       "tinychat-reverse")
    # fp32: the engine scores the pool in other chunks than rerank_by_reverse, and int8 scores depend a
    # little on the chunk (activations are quantized per batch)
    engine = Engine.load(chat, device="cpu", num_threads=1, precision="fp32")
    assert not engine.attach_reverse(), "no 'tinychat-reverse' is installed"
    with pytest.raises(ModelLoadError, match="translate model .* not the chat-reverse model"):
        engine.attach_reverse(mirrored)  # right languages, but a translator
    assert engine.attach_reverse(reverse)

    contexts = ["4 4 <sep> 3 1 4 1 5", "9 2 6"]  # the reverse model recovers the last turn only
    cfg = DecodeConfig(sample=True, beam_width=1, n_best=2, candidates=8, temperature=1.5, seed=3,
                       reverse_weight=0.6)
    got = engine.translate_sentences(contexts, cfg)
    pkg = engine.package
    pool = decode_batch(pkg.model, pkg.source_tokenizer.encode_batch(contexts), DecodeConfig(
        sample=True, beam_width=1, n_best=8, temperature=1.5, seed=3))
    assert all(len(p) == 8 for p in pool)
    want = rerank_by_reverse(contexts, pool, pkg.target_tokenizer, load_package(reverse), 0.6,
                             reverse_target=lambda c: c.split("<sep>")[-1].strip())
    for t, hyps in zip(got, want):
        assert [a.text for a in t.nbest] == [pkg.target_tokenizer.decode(h.token_ids) for h in hyps[:2]]
        # int8 activations are quantized per call (64 positions at a time), and the engine scores the
        # sentences sorted by length: the same numbers to a few 1e-5
        assert [a.norm_score for a in t.nbest] == pytest.approx([h.norm_score for h in hyps[:2]], abs=1e-4)


def test_sample_and_rank_keeps_the_best_of_the_pool(tiny_bundle):
    pkg = load_package(tiny_bundle)
    src = pkg.source_tokenizer.encode_batch(SOURCES)
    hot = dict(sample=True, beam_width=1, temperature=2.0, seed=11)
    pool = decode_batch(pkg.model, src, DecodeConfig(n_best=12, **hot))
    best = decode_batch(pkg.model, src, DecodeConfig(n_best=1, candidates=12, **hot))
    for p, b in zip(pool, best):
        assert len(b) == 1 and b[0].token_ids == p[0].token_ids  # same draws, the top one kept
        assert b[0].norm_score == max(h.norm_score for h in p)


def test_reverse_check_yields_between_chunks_and_keeps_a_provisional_result(tiny_bundle, mirrored, monkeypatch):
    import seq2seq_desktop.core.rerank as rerank_mod
    from seq2seq_desktop.core.engine import DecodeStep, RerankStep, TextTranslation

    engine = Engine.load(tiny_bundle, device="cpu", num_threads=1)
    assert engine.attach_reverse(mirrored)
    engine.rerank_rows = 3
    calls = []
    real = rerank_mod.sequence_logprob
    monkeypatch.setattr(rerank_mod, "sequence_logprob", lambda *a, **k: calls.append(len(a[1])) or real(*a, **k))
    text = " ".join(s + "." for s in SOURCES)
    weighted = DecodeConfig(beam_width=4, n_best=2, reverse_weight=0.6)
    gen = engine.translate_steps(text, weighted)
    steps, scored_at_yield = [], []
    while True:
        try:
            steps.append(next(gen))
            scored_at_yield.append(len(calls))
        except StopIteration as stop:
            result = stop.value
            break
    checks = [s for s in steps if isinstance(s, RerankStep)]
    assert all(isinstance(s, DecodeStep) for s in steps[: len(steps) - len(checks)]), "decoding first, then the check"
    total = sum(len(t.nbest) for t in engine.translate_sentences(
        [s.source for s in result.sentences], DecodeConfig(beam_width=4, n_best=4)))
    assert [c.done for c in checks] == [0, *range(3, total, 3), total] and checks[0].total == total
    assert max(calls) <= 3, "never more than rerank_rows hypotheses between two yields"
    assert scored_at_yield[-len(checks):] == list(range(len(checks))), "one reverse-model batch per yield"
    plain = engine.translate([text], DecodeConfig(beam_width=4, n_best=2))[0]
    provisional = checks[0].provisional
    assert isinstance(provisional, TextTranslation) and not provisional.reranked
    assert all(c.provisional is provisional for c in checks)
    assert provisional.text == plain.text and [len(s.nbest) for s in provisional.sentences] == [2] * len(SOURCES)
    assert result.reranked and result.text == engine.translate([text], weighted)[0].text

    calls.clear()
    gen = engine.translate_steps(text, weighted)
    while not isinstance(next(gen), RerankStep):
        pass
    next(gen)
    del gen  # cancelled after one chunk: the rest is never scored and the engine stays usable
    assert calls == [3]
    assert engine.translate(["1 2"], DecodeConfig(beam_width=1))[0].text == "2 1"


def test_rerank_by_reverse_is_rerank_steps_run_to_end(tiny_bundle):
    from seq2seq_desktop.core.rerank import RerankProgress, rerank_steps

    pkg = load_package(tiny_bundle)
    nbest = decode_batch(pkg.model, pkg.source_tokenizer.encode_batch(SOURCES), DecodeConfig(beam_width=3, n_best=3))
    reverse = SimpleNamespace(decoding_model=pkg.model, source_tokenizer=pkg.source_tokenizer,
                              target_tokenizer=pkg.target_tokenizer)
    gen = rerank_steps(SOURCES, nbest, pkg.target_tokenizer, reverse, 0.6, batch_rows=5)
    progress = []
    while True:
        try:
            progress.append(next(gen))
        except StopIteration as stop:
            stepped = stop.value
            break
    total = sum(len(h) for h in nbest)
    assert progress == [RerankProgress(min(i + 5, total), total) for i in range(0, total, 5)]
    whole = rerank_by_reverse(SOURCES, nbest, pkg.target_tokenizer, reverse, 0.6)
    assert [[h.token_ids for h in r] for r in stepped] == [[h.token_ids for h in r] for r in whole]
    assert [h.norm_score for r in stepped for h in r] == pytest.approx([h.norm_score for r in whole for h in r], abs=1e-5)


def test_a_reverse_check_scores_its_chunks_in_any_order_with_the_same_result(tiny_bundle):
    pkg = load_package(tiny_bundle, precision="int8")
    tok = pkg.target_tokenizer
    nbest = decode_batch(pkg.decoding_model, pkg.source_tokenizer.encode_batch(SOURCES),
                         DecodeConfig(beam_width=4, n_best=4))
    check = ReverseCheck(SOURCES, nbest, tok, pkg, 0.6, batch_rows=5)
    assert check.rows == 24 and check.chunks == 5 and [check.chunk_rows(j) for j in range(5)] == [5, 5, 5, 5, 4]
    for j in (4, 2, 0, 3):
        check.score(j)
    with pytest.raises(RuntimeError, match="before every chunk was scored"):
        check.ranked()
    check.score(1)
    want = rerank_by_reverse(SOURCES, nbest, tok, pkg, 0.6, batch_rows=5)
    assert [[(h.token_ids, h.norm_score) for h in hyps] for hyps in check.ranked()] == \
        [[(h.token_ids, h.norm_score) for h in hyps] for hyps in want], "the same chunks give the same numbers"
