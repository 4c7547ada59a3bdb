"""Search: greedy, batched beam, sampling, masks, streaming (random-init and hand-built models)."""
import math
import random

import numpy as np
import pytest
import torch

from seq2seq_desktop.core.config import DecodeConfig, ModelConfig
from seq2seq_desktop.core.model import DecoderState, EncoderOutput, StepOutput, build_model
from seq2seq_desktop.core.search import (
    beam_search,
    decode_batch,
    decode_steps,
    encode_sources,
    greedy_search,
    max_output_len,
    sample_search,
    surface_classes,
)
from seq2seq_desktop.core.tokenizer import BOS_ID, EOS_ID, PAD_ID, UNK_ID

A, B_, C, D = 4, 5, 6, 7  # toy token ids
V = 8


class ToyModel:
    """Hand-built "model" whose next-token distribution depends only on the previous token.

    ``table[prev] = {token: prob}``; unlisted tokens get a tiny probability.  The decoder state
    carries the previous token in ``hidden[0, :, 0]``; attention is uniform over the source.
    """

    def __init__(self, table):
        logp = torch.full((V, V), math.log(1e-6))
        for prev, row in table.items():
            for tok, p in row.items():
                logp[prev, tok] = math.log(p)
        self.logp = torch.log_softmax(logp, dim=-1)  # rows are normalised like a real model's

    def p(self, prev, tok):
        """Probability of ``tok`` after ``prev``."""
        return float(self.logp[prev, tok].exp())

    def encode(self, src, src_lens):
        mask = src != PAD_ID
        states = mask.float().unsqueeze(-1)  # [B, S, 1]
        return EncoderOutput(states=states, keys=states, mask=mask)

    def init_state(self, enc):
        B = enc.mask.size(0)
        return DecoderState(hidden=torch.zeros(1, B, 1), cell=None, feed=torch.zeros(B, 1))

    def decode_step(self, enc, state, tokens):
        attn = enc.mask.float() / enc.mask.float().sum(1, keepdim=True)
        return StepOutput(self.logp[tokens], DecoderState(hidden=tokens.float().view(1, -1, 1), cell=None,
                                                          feed=state.feed), attn)


# greedy takes A (0.5) then C (0.4): 0.2 in all; beam finds B then EOS: 0.396
SUBOPTIMAL = {BOS_ID: {A: 0.5, B_: 0.4, EOS_ID: 0.1}, A: {EOS_ID: 0.3, C: 0.4, D: 0.3},
              B_: {EOS_ID: 0.99}, C: {EOS_ID: 0.999}, D: {EOS_ID: 0.999}}
# short [] has the higher score (log .5), long [A, C] the higher score per token (log .3 / 3)
LENGTHS = {BOS_ID: {EOS_ID: 0.5, A: 0.49}, A: {C: 0.8}, C: {EOS_ID: 0.77}}


def _random_model(seed=0, **kw):
    torch.manual_seed(seed)
    cfg = dict(src_vocab_size=30, tgt_vocab_size=30, emb_dim=8, enc_hidden=8, dec_hidden=16, dropout=0.0)
    cfg.update(kw)
    return build_model(ModelConfig(**cfg)).eval()


def _sources(n=10, seed=0):
    rng = random.Random(seed)
    return [[rng.randint(4, 29) for _ in range(rng.randint(0, 7))] for _ in range(n)]


ARCHS = [dict(), dict(attention="bahdanau", rnn_type="lstm", input_feeding=True),
         dict(attention="luong_dot", enc_hidden=8, dec_hidden=16, dec_layers=2)]


def test_encode_sources_appends_eos_and_pads():
    src, lens = encode_sources([[5, 6, 7], [], [9]], "cpu")
    assert src.shape == (3, 4) and src.dtype == torch.long
    assert lens.tolist() == [4, 1, 2]
    assert src.tolist() == [[5, 6, 7, EOS_ID], [EOS_ID, PAD_ID, PAD_ID, PAD_ID], [9, EOS_ID, PAD_ID, PAD_ID]]


def test_max_output_len():
    cfg = DecodeConfig(max_len_ratio=1.5, max_len_offset=2)
    assert max_output_len(3, cfg) == 7  # ceil(4.5) + 2
    assert max_output_len(0, DecodeConfig(max_len_offset=0)) == 1


def test_empty_batch():
    assert decode_batch(_random_model(), [], DecodeConfig()) == []
    assert decode_batch(_random_model(), [], DecodeConfig(beam_width=1)) == []


def test_beam_beats_greedy_on_toy_model():
    model = ToyModel(SUBOPTIMAL)
    g = greedy_search(model, [[A]], DecodeConfig(beam_width=1, alpha=0.0))[0][0]
    b = beam_search(model, [[A]], DecodeConfig(beam_width=2, alpha=0.0))[0][0]
    assert g.token_ids == [A, C] and b.token_ids == [B_]
    assert b.score > g.score
    assert math.isclose(g.score, math.log(model.p(BOS_ID, A) * model.p(A, C) * model.p(C, EOS_ID)), rel_tol=1e-5)
    assert math.isclose(b.score, math.log(model.p(BOS_ID, B_) * model.p(B_, EOS_ID)), rel_tol=1e-5)


def test_length_normalisation_changes_the_winner():
    model = ToyModel(LENGTHS)
    short = beam_search(model, [[A]], DecodeConfig(beam_width=3, alpha=0.0))[0][0]
    long_ = beam_search(model, [[A]], DecodeConfig(beam_width=3, alpha=1.0))[0][0]
    assert short.token_ids == [] and long_.token_ids == [A, C]
    assert math.isclose(long_.norm_score, long_.score / 3)


def test_nbest_sorted_and_counted():
    model = _random_model()
    out = decode_batch(model, _sources(), DecodeConfig(beam_width=5, n_best=4))
    for hyps in out:
        assert len(hyps) == 4
        norms = [h.norm_score for h in hyps]
        assert norms == sorted(norms, reverse=True)
        assert len({tuple(h.token_ids) for h in hyps}) == 4  # distinct hypotheses


@pytest.mark.parametrize("arch", ARCHS)
def test_beam_width_one_is_exactly_greedy(arch):
    model, srcs = _random_model(1, **arch), _sources(12, 1)
    cfg = DecodeConfig(beam_width=1, max_len_ratio=1.0, max_len_offset=6)
    greedy, beam1 = greedy_search(model, srcs, cfg), beam_search(model, srcs, cfg)
    assert decode_batch(model, srcs, cfg)[0][0].token_ids == greedy[0][0].token_ids
    for g, b in zip(greedy, beam1):
        assert g[0].token_ids == b[0].token_ids
        assert g[0].score == b[0].score
        np.testing.assert_allclose(g[0].attention, b[0].attention, atol=1e-6)


@pytest.mark.parametrize("arch", ARCHS)
def test_batched_beam_equals_per_sentence(arch):
    model, srcs = _random_model(2, **arch), _sources(8, 2)
    cfg = DecodeConfig(beam_width=4, n_best=3, max_len_offset=6)
    batched = decode_batch(model, srcs, cfg)
    for src, hyps in zip(srcs, batched):
        single = decode_batch(model, [src], cfg)[0]
        assert [h.token_ids for h in hyps] == [h.token_ids for h in single]
        np.testing.assert_allclose([h.score for h in hyps], [h.score for h in single], atol=1e-4)


@pytest.mark.parametrize("cfg", [DecodeConfig(beam_width=1), DecodeConfig(beam_width=4, n_best=2),
                                 DecodeConfig(sample=True, n_best=2, seed=0)])
def test_hypothesis_shapes_and_attention_rows_sum_to_one(cfg):
    srcs = _sources(6, 3)
    for src, hyps in zip(srcs, decode_batch(_random_model(3), srcs, cfg)):
        for h in hyps:
            rows = len(h.token_ids) + (1 if h.ended else 0)
            assert h.attention.shape == (rows, len(src) + 1) and h.attention.dtype == np.float32
            assert len(h.token_probs) == rows
            np.testing.assert_allclose(h.attention.sum(1), 1.0, atol=1e-5)
            assert math.isclose(h.score, sum(math.log(p) for p in h.token_probs), rel_tol=1e-4, abs_tol=1e-6)
            assert len(h.token_ids) <= max_output_len(len(src), cfg)
            assert not {PAD_ID, BOS_ID, EOS_ID} & set(h.token_ids)


def _run(gen):
    steps = []
    while True:
        try:
            steps.append(next(gen))
        except StopIteration as stop:
            return steps, stop.value


def test_streaming_greedy_one_step_per_token_and_rows_stack():
    model, srcs = _random_model(4), _sources(5, 4)
    cfg = DecodeConfig(beam_width=1)
    steps, result = _run(decode_steps(model, srcs, cfg))
    expected = decode_batch(model, srcs, cfg)
    assert [[h.token_ids for h in r] for r in result] == [[h.token_ids for h in r] for r in expected]
    for i, src in enumerate(srcs):
        mine = [s for s in steps if s.sentence == i]
        hyp = result[i][0]
        assert len(mine) == hyp.attention.shape[0]
        assert [s.step for s in mine] == list(range(len(mine)))
        np.testing.assert_allclose(np.stack([s.attention_row for s in mine]), hyp.attention, atol=1e-6)
        np.testing.assert_allclose(mine[-1].attention, hyp.attention, atol=1e-6)
        assert mine[-1].token_ids == hyp.token_ids + ([EOS_ID] if hyp.ended else [])
        np.testing.assert_allclose([s.prob for s in mine], hyp.token_probs, rtol=1e-5)
        for s in mine:
            assert s.attention.shape == (s.step + 1, len(src) + 1) and len(s.token_ids) == s.step + 1


def test_streaming_beam_returns_same_as_batch_and_stays_out_of_inference_mode():
    model, srcs = _random_model(5), _sources(4, 5)
    cfg = DecodeConfig(beam_width=3, n_best=2)
    gen = decode_steps(model, srcs, cfg)
    steps = []
    while True:
        try:
            steps.append(next(gen))
        except StopIteration as stop:
            result = stop.value
            break
        assert not torch.is_inference_mode_enabled()  # the decorator is scoped to each resume
    assert steps and all(s.attention.shape[0] == len(s.token_ids) for s in steps)
    expected = decode_batch(model, srcs, cfg)
    assert [[h.token_ids for h in r] for r in result] == [[h.token_ids for h in r] for r in expected]


def test_unk_suppression():
    model = ToyModel({BOS_ID: {UNK_ID: 0.6, A: 0.3, EOS_ID: 0.1}, A: {EOS_ID: 0.9}, UNK_ID: {EOS_ID: 0.9}})
    for k in (1, 3):
        assert decode_batch(model, [[A]], DecodeConfig(beam_width=k, suppress_unk=False))[0][0].token_ids == [UNK_ID]
        assert decode_batch(model, [[A]], DecodeConfig(beam_width=k, suppress_unk=True))[0][0].token_ids == [A]


def _ngrams(ids, n):
    return [tuple(ids[i:i + n]) for i in range(len(ids) - n + 1)]


@pytest.mark.parametrize("n", [1, 2, 3])
@pytest.mark.parametrize("k", [1, 4])
def test_no_repeat_ngram(n, k):
    model = ToyModel({BOS_ID: {A: 0.9}, A: {A: 0.5, B_: 0.4}, B_: {A: 0.9}, C: {A: 0.9}, D: {A: 0.9}})
    cfg = DecodeConfig(beam_width=k, no_repeat_ngram=n, max_len_ratio=1.0, max_len_offset=12)
    free = decode_batch(model, [[A]], DecodeConfig(beam_width=k, max_len_offset=12))[0][0].token_ids
    assert len(_ngrams(free, n)) > len(set(_ngrams(free, n)))  # repeats without the constraint
    ids = decode_batch(model, [[A]], cfg)[0][0].token_ids
    assert len(_ngrams(ids, n)) == len(set(_ngrams(ids, n)))


@pytest.mark.parametrize("k", [1, 4])
def test_no_repeat_ngram_compares_surface_forms(k):
    # A is "▁とても", B_ "とても": different ids, the same word; the model wants とてもとてもとても...
    model = ToyModel({BOS_ID: {A: 0.9}, A: {B_: 0.9}, B_: {B_: 0.8, EOS_ID: 0.01}})
    surfaces = ["<pad>", "<unk>", "<s>", "</s>", "とても", "とても", "。", "\u2581"]
    assert surface_classes(surfaces) == [0, 1, 2, 3, 4, 4, 6, 7]
    cfg = DecodeConfig(beam_width=k, no_repeat_ngram=2, max_len_ratio=1.0, max_len_offset=8)
    by_id = decode_batch(model, [[A]], cfg)[0][0].token_ids
    assert by_id[:3] == [A, B_, B_], "ids alone repeat no bigram in ▁とても とても とても"
    ids = decode_batch(model, [[A]], cfg, surface=surface_classes(surfaces))[0][0].token_ids
    words = [surfaces[i] for i in ids]
    assert len(_ngrams(words, 2)) == len(set(_ngrams(words, 2))) and words[:2] == ["とても", "とても"]
    streamed = decode_steps(model, [[A]], cfg, surface=surface_classes(surfaces))
    while True:
        try:
            next(streamed)
        except StopIteration as stop:
            assert stop.value[0][0].token_ids == ids
            break


def test_length_limit_cuts_without_eos():
    model = ToyModel({BOS_ID: {A: 0.9}, A: {A: 0.9}})  # never wants to stop
    for k in (1, 3):
        h = decode_batch(model, [[A, A]], DecodeConfig(beam_width=k, max_len_ratio=1.0, max_len_offset=1))[0][0]
        assert h.token_ids == [A, A, A] and not h.ended and h.attention.shape == (3, 3)


def test_sampling_is_seeded_and_top_k_one_is_greedy():
    model, srcs = _random_model(6), _sources(6, 6)
    short = dict(max_len_ratio=1.0, max_len_offset=4)
    cfg = DecodeConfig(sample=True, n_best=3, seed=7, temperature=1.5, **short)
    a, b = sample_search(model, srcs, cfg), decode_batch(model, srcs, cfg)
    assert [[h.token_ids for h in r] for r in a] == [[h.token_ids for h in r] for r in b]
    assert all(len(r) == 3 for r in a)
    other = decode_batch(model, srcs, DecodeConfig(sample=True, n_best=3, seed=8, temperature=1.5, **short))
    assert [[h.token_ids for h in r] for r in a] != [[h.token_ids for h in r] for r in other]
    greedy = greedy_search(model, srcs, DecodeConfig(beam_width=1, **short))
    top1 = decode_batch(model, srcs, DecodeConfig(sample=True, seed=1, top_k=1, **short))
    assert [r[0].token_ids for r in top1] == [r[0].token_ids for r in greedy]
    nucleus = decode_batch(model, srcs, DecodeConfig(sample=True, seed=1, top_p=0.01, **short))
    assert [r[0].token_ids for r in nucleus] == [r[0].token_ids for r in greedy]


def test_tiny_vocab_wider_beam_than_vocab():
    # k * V candidates < 2k at most once: beams padded with -inf must never surface
    model = ToyModel(SUBOPTIMAL)
    hyps = decode_batch(model, [[A], [A, B_]], DecodeConfig(beam_width=10, n_best=10, max_len_offset=3))
    for r in hyps:
        assert r and all(math.isfinite(h.score) for h in r)


def _unconditional_by_steps(model, tokens):
    """log p(tokens | empty source), one decode_step at a time (not the code under test's path)."""
    from support.tiny_task import logprob_by_steps

    return logprob_by_steps(model, [], tokens)


def test_anti_lm_reranks_the_beam_by_the_mmi_score():
    from seq2seq_desktop.core.search import ANTI_LM_PREFIX

    model, sources = _random_model(seed=1), _sources(20, seed=1)
    plain = decode_batch(model, sources, DecodeConfig(beam_width=5, n_best=5))
    mmi = decode_batch(model, sources, DecodeConfig(beam_width=5, n_best=5, anti_lm=0.7, alpha=0.8))
    top1 = decode_batch(model, sources, DecodeConfig(beam_width=5, n_best=1, anti_lm=0.7, alpha=0.8))
    moved = 0
    for p_hyps, m_hyps, t_hyps in zip(plain, mmi, top1):
        assert sorted(tuple(h.token_ids) for h in p_hyps) == sorted(tuple(h.token_ids) for h in m_hyps)
        for h in m_hyps:
            emitted = h.token_ids + ([EOS_ID] if h.ended else [])
            with torch.no_grad():
                u = _unconditional_by_steps(model, h.token_ids[:ANTI_LM_PREFIX])
            assert math.isclose(h.norm_score, (h.score - 0.7 * u) / len(emitted) ** 0.8, rel_tol=1e-4, abs_tol=1e-4)
        assert [h.norm_score for h in m_hyps] == sorted((h.norm_score for h in m_hyps), reverse=True)
        assert t_hyps[0].token_ids == m_hyps[0].token_ids
        moved += p_hyps[0].token_ids != m_hyps[0].token_ids
    assert moved, "the penalty should change some winners (3 of these 20 sentences)"


@pytest.mark.parametrize("positions", [3, 256])
def test_sequence_logprob_projects_real_positions_in_chunks(monkeypatch, positions):
    """Rows of different lengths (one empty) score as each alone, however many positions a chunk holds."""
    from seq2seq_desktop.core import search
    from support.tiny_task import logprob_by_steps

    monkeypatch.setattr(search, "SCORE_POSITIONS", positions)
    model, srcs = _random_model(4, **ARCHS[1]), _sources(5, 4)
    rng = random.Random(4)
    targets = [[rng.randint(4, 29) for _ in range(n)] + [EOS_ID] for n in (0, 6, 2, 9)] + [[]]
    scores = search.sequence_logprob(model, srcs, targets)
    assert scores[-1] == 0.0
    for src, target, score in zip(srcs, targets, scores):
        assert score == pytest.approx(logprob_by_steps(model, src, target), abs=1e-4)
