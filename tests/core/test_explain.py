"""Decoding explorer traces: what they show is what the translator does (tiny packages, real loader)."""
import dataclasses
import json

import numpy as np
import pytest
import torch

from seq2seq_desktop.core.config import DecodeConfig, ModelConfig
from seq2seq_desktop.core.engine import Engine
from seq2seq_desktop.core.errors import ConfigError, InputTooLongError
from seq2seq_desktop.core.explain import (
    STATUSES,
    ExplainHypothesis,
    ExplainTrace,
    explain,
    forced_prefix,
)
from seq2seq_desktop.core.model import build_model
from seq2seq_desktop.core.protect import PLACEHOLDERS
from seq2seq_desktop.core.search import decode_batch, encode_sources, sequence_logprob
from seq2seq_desktop.core.tokenizer import EOS_ID

# inputs the tiny model is sure about, and ones it is not (long, repetitive): beams that finish at
# different lengths and prune
TEXTS = ["1 2 3", "4 5 6 7 8 9 0 1", "7 7 7 7 7 7 3"]
MODES = {
    "greedy": DecodeConfig(beam_width=1),
    "beam3": DecodeConfig(beam_width=3),
    "beam5": DecodeConfig(beam_width=5, alpha=1.2),
    "sample": DecodeConfig(sample=True, temperature=2.5, top_p=0.95, seed=11),
}


@pytest.fixture(scope="module")
def engine(tiny_bundle):
    # fp32: these tests compare the explorer's step-by-step scores with teacher-forced ones, which int8
    # search matches only approximately (its activations are quantized per batch); tests/core/test_quantize.py
    # covers int8 search
    return Engine.load(tiny_bundle, device="cpu", num_threads=1, precision="fp32")


@pytest.fixture(scope="module")
def placeholder_engine(tiny_placeholder_bundle):
    return Engine.load(tiny_placeholder_bundle, device="cpu", num_threads=1)


def _src_ids(engine, text):
    return engine.package.source_tokenizer.encode(text)


def _decoded(engine, text, cfg):
    """The hypotheses ``Engine.translate_sentences`` decodes for ``text`` (same search, same surface classes)."""
    return decode_batch(engine.package.decoding_model, [_src_ids(engine, text)], cfg, engine.device,
                        surface=engine._surface_classes(engine.package))[0]


def _full_ids(h):
    return list(h.token_ids) + ([EOS_ID] if h.ended else [])


# ------------------------------------------------------------------------ the same as translate
@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("k", [2, 5])
def test_beam_finished_are_the_nbest_translate_returns(engine, text, k):
    trace = explain(engine, text, DecodeConfig(beam_width=k))
    assert trace.mode == "beam" and trace.steps
    # alpha only orders finished hypotheses, so one trace answers for every alpha
    for alpha in (0.0, 0.8, 2.0):
        cfg = DecodeConfig(beam_width=k, n_best=k, alpha=alpha, reverse_weight=0.0)
        ranked = trace.ranked(alpha)[:k]
        nbest = engine.translate_sentences([text], cfg)[0].nbest
        hyps = _decoded(engine, text, cfg)
        assert len(ranked) == len(nbest) == len(hyps) == k
        for h, alt, ref in zip(ranked, nbest, hyps):
            assert h.token_ids == ref.token_ids
            assert h.score == ref.score == alt.score
            assert h.norm_score(alpha) == pytest.approx(alt.norm_score, rel=1e-12)
            assert h.pieces == alt.tokens and h.text == alt.text
            np.testing.assert_array_equal(h.attention, alt.attention)


@pytest.mark.parametrize("text", TEXTS)
def test_greedy_explain_is_greedy_translate(engine, text):
    cfg = DecodeConfig(beam_width=1)
    trace = explain(engine, text, cfg)
    (h,) = trace.finished
    (ref,) = _decoded(engine, text, cfg)
    out = engine.translate_sentences([text], cfg)[0]
    assert trace.mode == "greedy"
    assert h.token_ids == ref.token_ids and h.score == ref.score == out.score and h.text == out.text
    # every step chose the token the translation has at that position
    assert [s.chosen.token_id for s in trace.steps] == _full_ids(h)
    assert trace.steps[-1].best_pieces == out.target_tokens


@pytest.mark.parametrize("seed", range(6))
def test_seeded_sample_is_the_sampled_translation(engine, seed):
    # explaining draws one sample with the seed's generator, exactly what translating with a pool
    # of one draws: the same random numbers in the same order
    cfg = DecodeConfig(sample=True, temperature=2.5, top_p=0.95, seed=seed, candidates=1, reverse_weight=0.0)
    text = TEXTS[1]
    trace = explain(engine, text, cfg)
    (h,) = trace.finished
    (ref,) = _decoded(engine, text, cfg)
    out = engine.translate_sentences([text], cfg)[0]
    assert trace.mode == "sample" and trace.cfg.seed == seed
    assert h.token_ids == ref.token_ids and h.score == ref.score == out.score and h.text == out.text
    assert [s.chosen.token_id for s in trace.steps] == _full_ids(h)


def test_sampling_draws_differ_by_seed_and_repeat_with_it(engine):
    cfg = DecodeConfig(sample=True, temperature=2.5, top_p=0.95)
    outs = {tuple(explain(engine, TEXTS[1], dataclasses.replace(cfg, seed=s)).finished[0].token_ids)
            for s in range(6)}
    assert len(outs) > 1  # the draws really are random, so the seed tests above compare something
    unseeded = explain(engine, TEXTS[1], cfg)
    assert unseeded.cfg.seed is not None  # recorded, so the run can be replayed
    again = explain(engine, TEXTS[1], unseeded.cfg)
    assert [s.chosen.token_id for s in again.steps] == [s.chosen.token_id for s in unseeded.steps]


def test_steps_stream_as_they_are_decoded(engine):
    gen = engine.explain_steps(TEXTS[0], DecodeConfig(beam_width=3))
    streamed = []
    while True:
        try:
            streamed.append(next(gen))
        except StopIteration as stop:
            trace = stop.value
            break
    assert isinstance(trace, ExplainTrace) and streamed == trace.steps
    assert [s.step for s in trace.steps] == list(range(len(trace.steps)))


# ------------------------------------------------------------------------------------ invariants
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("text", TEXTS)
def test_every_step_is_well_formed(engine, mode, text):
    trace = explain(engine, text, MODES[mode], top=6)
    assert trace.steps and trace.source_tokens[-1] == "</s>"
    for step in trace.steps:
        assert 1 <= len(step.rows) <= trace.cfg.beam_width
        for row in step.rows:
            probs = [c.prob for c in row.choices]
            assert 1 <= len(probs) <= 6
            assert probs == sorted(probs, reverse=True)
            assert sum(probs) <= 1 + 1e-6 and all(p > 0 for p in probs)
            assert row.attention_row.shape == (len(trace.source_tokens),)
            assert row.attention_row.sum() == pytest.approx(1.0, abs=1e-5)
            assert len(row.pieces) == len(row.token_ids) == step.step
            sampled = mode == "sample"
            assert (row.sample_kept is not None) == sampled
            assert all((c.tempered is not None) == sampled and (c.sampled is not None) == sampled
                       for c in row.choices)
        assert step.candidates and all(c.status in STATUSES for c in step.candidates)
        assert all(0 <= c.row < len(step.rows) for c in step.candidates)
        assert step.attention.shape == (step.step + 1, len(trace.source_tokens))
        if trace.mode != "beam":
            assert len(step.rows) == len(step.candidates) == 1


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("k", [3, 5])
def test_beam_links_kept_finished_and_pruned(engine, text, k):
    trace = explain(engine, text, DecodeConfig(beam_width=k, no_repeat_ngram=0))
    finished = [_full_ids(h) for h in trace.finished]
    later_rows = [[r.token_ids for s in trace.steps[i + 1:] for r in s.rows] for i in range(len(trace.steps))]
    seen = set()
    for i, step in enumerate(trace.steps):
        scores = [c.score for c in step.candidates]
        assert scores == sorted(scores, reverse=True) and len(step.candidates) <= 2 * k
        nxt = trace.steps[i + 1] if i + 1 < len(trace.steps) else None
        beams = []
        for c in step.candidates:
            seen.add(c.status)
            seq = step.rows[c.row].token_ids + [c.token_id]
            assert c.norm_score == pytest.approx(c.score / (step.step + 1) ** trace.cfg.alpha)
            if c.status == "kept":
                assert c.token_id != EOS_ID and c.beam is not None
                beams.append(c.beam)
                if nxt is not None:
                    assert nxt.rows[c.beam].token_ids == seq
                    assert nxt.rows[c.beam].score == pytest.approx(c.score, abs=1e-4)
            elif c.status == "finished":
                assert c.token_id == EOS_ID and c.beam is None
                match = [h for h in trace.finished if _full_ids(h) == seq]
                assert len(match) == 1 and match[0].score == pytest.approx(c.score, abs=1e-4)
            else:  # pruned: nothing later grows from it
                assert c.beam is None
                assert not any(r[:len(seq)] == seq for r in later_rows[i])
                assert not any(f[:len(seq)] == seq for f in finished)
        assert sorted(beams) == list(range(len(beams)))
        if nxt is not None:
            assert len(nxt.rows) == len(beams)
    assert seen == set(STATUSES)  # the inputs are hard enough to exercise every status


# -------------------------------------------------------------------------------- forced prefix
@pytest.mark.parametrize("cfg", [MODES["greedy"], MODES["beam3"], MODES["sample"]], ids=["greedy", "beam", "sample"])
def test_forced_prefix_is_followed_and_scored_by_the_model(engine, cfg):
    text = "1 2 3"
    prefix = forced_prefix(engine, text, "9 9")
    assert prefix == tuple(engine.package.target_tokenizer.encode("9 9")) and len(prefix) == 2
    trace = explain(engine, text, cfg, prefix=prefix)
    assert trace.prefix == prefix
    assert [s.forced for s in trace.steps[:3]] == [True, True, False]
    assert trace.steps[0].rows[0].choices[0].token_id != prefix[0]  # the model would not have said it
    src = [_src_ids(engine, text)]
    model = engine.package.decoding_model
    for t, step in enumerate(trace.steps[:len(prefix)]):
        assert len(step.rows) == 1 and step.chosen.token_id == prefix[t]
        own = sequence_logprob(model, src, [list(prefix[: t + 1])])[0]
        assert step.chosen.score == pytest.approx(own, abs=1e-4)
    assert all(h.token_ids[:len(prefix)] == list(prefix) for h in trace.finished)
    best = trace.ranked()[0]
    assert best.score == pytest.approx(sequence_logprob(model, src, [_full_ids(best)])[0], abs=1e-4)


@pytest.mark.parametrize("past_end", [-1, 0, 10**6])  # relative to the vocabulary size
def test_forced_id_outside_the_vocabulary_is_a_config_error(engine, past_end):
    vocab = engine.package.target_tokenizer.vocab_size
    bad = -1 if past_end < 0 else vocab + past_end
    with pytest.raises(ConfigError, match="outside the target vocabulary"):
        explain(engine, "1 2 3", DecodeConfig(beam_width=2), prefix=(5, bad))
    assert explain(engine, "1 2 3", DecodeConfig(beam_width=2), prefix=(5, vocab - 1)).steps[1].forced


def test_forced_text_maps_protected_spans_to_their_placeholders(placeholder_engine):
    text = "a b 42"
    prefix = forced_prefix(placeholder_engine, text, "42")
    tok = placeholder_engine.package.target_tokenizer
    assert tok.piece_id(PLACEHOLDERS[0]) in prefix  # "42" is the sentence's first number: N0
    trace = explain(placeholder_engine, text, DecodeConfig(beam_width=3), prefix=prefix)
    assert trace.ranked()[0].text.startswith("42")
    assert all(s.forced for s in trace.steps[:len(prefix)])
    # a span the sentence does not have, or one glued into a longer number, stays plain text
    assert tok.piece_id(PLACEHOLDERS[0]) not in forced_prefix(placeholder_engine, "a b", "42")
    assert tok.piece_id(PLACEHOLDERS[0]) not in forced_prefix(placeholder_engine, text, "142")


# ---------------------------------------------------------------------------------------- alpha
def _hyp(score, length):
    return ExplainHypothesis(token_ids=[4] * (length - 1), pieces=[], text="", score=score, length=length,
                             ended=True, attention=np.zeros((length, 2), np.float32))


def test_ranked_orders_by_length_normalised_score():
    short, long_ = _hyp(-2.0, 2), _hyp(-3.0, 6)
    trace = ExplainTrace(source="x", source_tokens=[], mode="beam", cfg=DecodeConfig(alpha=1.0), top=5,
                         finished=[short, long_])
    assert trace.ranked(0.0) == [short, long_]  # -2 > -3
    assert trace.ranked(1.0) == [long_, short]  # -0.5 > -1
    assert trace.ranked() == trace.ranked(1.0)  # default: the alpha decoded with


@pytest.mark.parametrize("text", TEXTS)
def test_ranked_is_sorting_by_score_over_length_power_alpha(engine, text):
    trace = explain(engine, text, DecodeConfig(beam_width=5))
    assert len(trace.finished) >= 5
    for alpha in (0.0, 0.5, 1.0, 3.0):
        expected = sorted(trace.finished, key=lambda h: h.score / h.length ** alpha, reverse=True)
        assert [h.token_ids for h in trace.ranked(alpha)] == [h.token_ids for h in expected]
    assert all(h.length == len(_full_ids(h)) for h in trace.finished)


# ------------------------------------------------------------------------------------- sampling
def test_sampling_rows_show_temperature_and_the_cut(engine):
    trace = explain(engine, TEXTS[2], DecodeConfig(sample=True, temperature=2.0, top_k=2, seed=3), top=5)
    for step in trace.steps:
        (row,) = step.rows
        assert row.sample_kept == 2
        tempered = [c.tempered for c in row.choices]
        sampled = [c.sampled for c in row.choices]
        assert tempered == sorted(tempered, reverse=True) and sum(tempered) <= 1 + 1e-6
        assert tempered[0] <= row.choices[0].prob + 1e-6  # a temperature above 1 flattens
        assert all(p > 0 for p in sampled[:2]) and all(p == 0 for p in sampled[2:])
        assert sum(sampled[:2]) == pytest.approx(1.0, abs=1e-5)
        assert step.chosen.token_id in {c.token_id for c in row.choices[:2]}


def test_top_p_cut_keeps_a_prefix_of_the_likeliest(engine):
    trace = explain(engine, TEXTS[2], DecodeConfig(sample=True, temperature=3.0, top_p=0.6, seed=1), top=16)
    for step in trace.steps:
        (row,) = step.rows
        kept = row.sample_kept
        assert 1 <= kept <= len(row.choices)
        assert all(c.sampled > 0 for c in row.choices[:kept]) and all(c.sampled == 0 for c in row.choices[kept:])
        covered = sum(c.tempered for c in row.choices[:kept - 1])
        assert covered < 0.6 + 1e-6  # the tokens before the last kept one did not yet cover top_p


def test_top_k_one_samples_the_greedy_output(engine):
    text = TEXTS[1]
    trace = explain(engine, text, DecodeConfig(sample=True, temperature=5.0, top_k=1, seed=0))
    assert all(s.rows[0].sample_kept == 1 for s in trace.steps)
    assert trace.finished[0].token_ids == explain(engine, text, DecodeConfig(beam_width=1)).finished[0].token_ids


# ---------------------------------------------------------------------------------------- edges
@pytest.mark.parametrize("text", ["", "   ", "\n"])
def test_empty_input_has_no_steps(engine, text):
    trace = explain(engine, text, DecodeConfig(beam_width=3))
    assert trace.steps == [] and trace.finished == [] and not trace.passthrough


@pytest.mark.parametrize("text", ["😀", "🎉 👍", "😀\n🎉"])
def test_emoji_only_input_passes_through_the_placeholder_model(placeholder_engine, text):
    trace = explain(placeholder_engine, text, DecodeConfig(beam_width=3))
    assert trace.passthrough and trace.steps == [] and trace.finished == []
    assert trace.to_json()["passthrough"] is True


def test_only_the_first_sentence_is_explained(engine):
    trace = explain(engine, "1 2 3\n4 5\n6", DecodeConfig(beam_width=2))
    assert trace.source == "1 2 3" and trace.other_sentences == 2
    assert trace.ranked()[0].text == "3 2 1"


def test_bad_arguments_are_refused(engine):
    with pytest.raises(InputTooLongError):
        explain(engine, "1 " * 20_000)
    for top in (0, 101):
        with pytest.raises(ConfigError, match="top"):
            explain(engine, "1 2", top=top)


def test_to_json_has_every_step_and_links(engine):
    trace = explain(engine, TEXTS[2], DecodeConfig(beam_width=3), top=4)
    data = json.loads(json.dumps(trace.to_json()))
    assert data["mode"] == "beam" and data["beam"] == 3 and data["top"] == 4
    assert len(data["steps"]) == len(trace.steps)
    for s, step in zip(data["steps"], trace.steps):
        assert len(s["hypotheses"]) == len(step.rows) and len(s["extensions"]) == len(step.candidates)
        for h, row in zip(s["hypotheses"], step.rows):
            assert h["ids"] == row.token_ids and len(h["candidates"]) <= 4
            assert [c["prob"] for c in h["candidates"]] == sorted((c["prob"] for c in h["candidates"]), reverse=True)
        for e in s["extensions"]:
            assert e["status"] in STATUSES and (e["beam"] is not None) == (e["status"] == "kept")
    assert [f["ids"] for f in data["finished"]] == [h.token_ids for h in trace.ranked()]


# ------------------------------------------------------------------------ attention "none"
def test_attention_none_is_a_fixed_uniform_context():
    cfg = ModelConfig(30, 40, emb_dim=8, enc_hidden=8, dec_hidden=16, attention="none", dropout=0.0)
    torch.manual_seed(0)
    model = build_model(cfg).eval()
    assert not [n for n, _ in model.attention.named_parameters()]
    src, lens = encode_sources([[5, 6, 7, 8, 9, 10], [11, 12], [13]])
    tgt = torch.randint(4, 40, (3, 5))
    with torch.no_grad():
        enc = model.encode(src, lens)
        logits, attn = model.forward_teacher(enc, tgt)
        state, stepped, rows = model.init_state(enc), [], []
        for t in range(tgt.size(1)):
            out = model.decode_step(enc, state, tgt[:, t])
            state = out.state
            stepped.append(out.logits)
            rows.append(out.attention)
    torch.testing.assert_close(torch.stack(stepped, 1), logits, atol=1e-5, rtol=1e-5)
    torch.testing.assert_close(torch.stack(rows, 1), attn)
    for b, n in enumerate(lens.tolist()):  # n real tokens (EOS included), the rest padding
        expected = torch.zeros(5, src.size(1))
        expected[:, :n] = 1.0 / n
        torch.testing.assert_close(attn[b], expected)  # uniform, and the same at every step


def test_attention_none_trace_looks_nowhere_in_particular(engine):
    # the explorer's attention rows of a model without attention: every source token equally
    torch.manual_seed(0)
    vocab = engine.package.target_tokenizer.vocab_size
    cfg = ModelConfig(src_vocab_size=vocab, tgt_vocab_size=vocab, emb_dim=8, enc_hidden=8, dec_hidden=16,
                      attention="none", dropout=0.0)
    blind = Engine(dataclasses.replace(engine.package, model=build_model(cfg).eval()), "cpu")
    trace = explain(blind, "1 2 3 4", DecodeConfig(beam_width=2))
    width = len(trace.source_tokens)
    assert trace.steps and width == 5
    for step in trace.steps:
        for row in step.rows:
            np.testing.assert_allclose(row.attention_row, np.full(width, 1 / width), atol=1e-6)
