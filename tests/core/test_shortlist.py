"""Vocabulary shortlists: which ids a batch scores, and searches over them agree with full scoring."""
import math
import random

import pytest
import torch

from seq2seq_desktop.core.config import DecodeConfig, ModelConfig
from seq2seq_desktop.core.model import build_model
from seq2seq_desktop.core.quantize import int8_available, quantize_for_decoding
from seq2seq_desktop.core.search import beam_search, decode_batch, sequence_logprob
from seq2seq_desktop.core.shortlist import Columns, Shortlist
from seq2seq_desktop.core.tokenizer import BOS_ID, EOS_ID, PAD_ID, UNK_ID

V = 30


def _shortlist(seed=0, frequent=6, per_source=3) -> Shortlist:
    rng = random.Random(seed)
    cand = torch.tensor([[rng.randrange(V) for _ in range(per_source)] for _ in range(V)])
    cand[5, 1:] = -1  # a source piece with a single candidate
    return Shortlist(frequent=torch.tensor(sorted(rng.sample(range(4, V), frequent))), candidates=cand)


def _model(seed=0, **kw):
    torch.manual_seed(seed)
    cfg = dict(src_vocab_size=V, tgt_vocab_size=V, emb_dim=8, enc_hidden=8, dec_hidden=16, dropout=0.0)
    return build_model(ModelConfig(**{**cfg, **kw})).eval()


def _sources(n=6, seed=0):
    rng = random.Random(seed)
    return [[rng.randint(4, V - 1) for _ in range(rng.randint(1, 6))] for _ in range(n)]


def test_ids_for_a_batch_are_the_union_with_the_special_pieces_and_extras():
    specials = sorted((PAD_ID, UNK_ID, BOS_ID, EOS_ID))
    sl = Shortlist(frequent=torch.tensor([4, 9]), candidates=torch.tensor(
        [[-1, -1]] * 5 + [[UNK_ID, 7], [8, -1], [PAD_ID, BOS_ID]] + [[-1, -1]] * 22))
    ids = sl.ids_for([[5], [6, 7]], extra=[20])
    assert ids.tolist() == specials + [4, 7, 8, 9, 20]
    assert sl.ids_for([], extra=[]).tolist() == specials + [4, 9]
    # ids outside the source vocabulary (never produced by the tokenizer) are ignored, not an IndexError
    assert sl.ids_for([[10**6]]).tolist() == specials + [4, 9]
    cols = Columns(V, ids)
    assert cols.token(torch.tensor([4, 8])).tolist() == [4, 20]
    assert cols.column(20) == 8 and cols.column(5) == -1


def test_tables_that_do_not_fit_the_model_are_told_apart():
    sl = _shortlist()
    assert sl.fits(V, V)
    assert not sl.fits(V + 1, V)  # one row per source piece
    assert not Shortlist(torch.tensor([V]), sl.candidates).fits(V, V)  # an id outside the target vocabulary
    assert not Shortlist(torch.tensor([-1]), sl.candidates).fits(V, V)  # -1 pads candidates only
    back = Shortlist.from_tensors(sl.to_tensors())
    assert torch.equal(back.frequent, sl.frequent) and torch.equal(back.candidates, sl.candidates)
    assert Shortlist.from_tensors({"w": torch.zeros(1)}) is None


@pytest.mark.parametrize("arch", [dict(), dict(attention="bahdanau", rnn_type="lstm", input_feeding=True),
                                  dict(arch="transformer", emb_dim=8, ff_dim=16, heads=2, enc_layers=1,
                                       dec_layers=1)])
def test_beam_over_a_shortlist_emits_only_its_ids_and_scores_as_teacher_forcing_does(arch):
    """Every emitted token is in the batch's shortlist, and a hypothesis' score is its
    teacher-forced log-probability normalised over the same shortlist."""
    model, sl, src = _model(**arch), _shortlist(), _sources()
    ids = set(sl.ids_for(src).tolist())
    out = beam_search(model, src, DecodeConfig(beam_width=4, n_best=2, alpha=0.0), shortlist=sl)
    rows_src, rows_tgt, scores = [], [], []
    for s, hyps in zip(src, out):
        assert hyps
        for h in hyps:
            assert set(h.token_ids) <= ids
            rows_src.append(s)
            rows_tgt.append(h.token_ids + [EOS_ID] if len(h.token_probs) > len(h.token_ids) else h.token_ids)
            scores.append(h.score)
    forced = sequence_logprob(model, rows_src, rows_tgt, shortlist=_shortlist_covering(sl, src))
    for a, b in zip(scores, forced):
        assert math.isclose(a, b, rel_tol=1e-4, abs_tol=1e-4)


def _shortlist_covering(sl: Shortlist, src) -> Shortlist:
    """``sl`` as ``sequence_logprob`` sees it for the whole batch: the same ids, whatever the rows."""
    ids = sl.ids_for(src)
    return Shortlist(frequent=ids, candidates=torch.full((V, 1), -1))


def _same(a, b):
    assert [[h.token_ids for h in hyps] for hyps in a] == [[h.token_ids for h in hyps] for hyps in b]
    for x, y in zip(a, b):
        for h, g in zip(x, y):
            assert math.isclose(h.score, g.score, rel_tol=1e-5, abs_tol=1e-5)


@pytest.mark.parametrize("cfg", [DecodeConfig(beam_width=1), DecodeConfig(beam_width=4, n_best=3),
                                 DecodeConfig(beam_width=3, no_repeat_ngram=2)])
def test_a_shortlist_of_every_id_searches_exactly_as_the_full_vocabulary(cfg):
    """The special pieces stay in the normaliser and are banned after it, as without a shortlist;
    no-repeat bans map onto the columns: the same hypotheses with the same scores."""
    model, src = _model(1), _sources(8, 1)
    everything = Shortlist(frequent=torch.arange(V), candidates=torch.full((V, 1), -1))
    _same(decode_batch(model, src, cfg), decode_batch(model, src, cfg, shortlist=everything))


def test_sampling_and_traces_ignore_the_shortlist():
    model, sl, src = _model(2), _shortlist(frequent=2, per_source=1), _sources(4, 2)
    cfg = DecodeConfig(sample=True, seed=3, n_best=1, candidates=4)
    assert [h[0].token_ids for h in decode_batch(model, src, cfg)] == \
        [h[0].token_ids for h in decode_batch(model, src, cfg, shortlist=sl)]


@pytest.mark.skipif(not int8_available(), reason="no quantized engine in this PyTorch build")
def test_int8_decoding_copy_scores_its_shortlist_with_the_same_int8_logits():
    """The int8 copy's shortlist rows are its full projection's rows: the same logits, column for column."""
    from seq2seq_desktop.core.shortlist import output_rows

    model = _model(3)
    q = quantize_for_decoding(model)
    sl, src = _shortlist(), _sources(5, 3)
    ids = sl.ids_for(src)
    x = torch.randn(2, 7, 8)
    full = q.output_logits(x)
    rows = output_rows(q, ids).project(x)
    assert rows.shape == (2, 7, ids.numel())
    torch.testing.assert_close(rows, full[..., ids], rtol=0, atol=1e-6)
    assert not torch.allclose(rows, output_rows(model, ids).project(x), atol=1e-6)  # int8, not the fp32 slice
    for hyps in beam_search(q, src, DecodeConfig(beam_width=3), shortlist=sl):
        assert set(hyps[0].token_ids) <= set(ids.tolist())
