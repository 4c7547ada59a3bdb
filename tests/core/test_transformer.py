"""Transformer behind the step interface: shapes, cached steps == teacher forcing, masks, search, learning."""
import dataclasses
import json
import math
from pathlib import Path

import numpy as np
import pytest
import torch

from seq2seq_desktop.core.config import DecodeConfig, ModelConfig, from_dict
from seq2seq_desktop.core.errors import ConfigError
from seq2seq_desktop.core.model import Seq2Seq, build_model
from seq2seq_desktop.core.search import decode_batch, encode_sources, greedy_search
from seq2seq_desktop.core.tokenizer import BOS_ID, EOS_ID, PAD_ID
from seq2seq_desktop.core.transformer import (
    TeacherOutput,
    TransformerDecoderState,
    TransformerEncoderOutput,
    TransformerSeq2Seq,
    TransformerStepOutput,
    sinusoidal_positions,
)

L_ENC, L_DEC, HEADS, E, V_SRC, V_TGT = 2, 3, 4, 16, 30, 40
MODELS = Path(__file__).resolve().parents[2] / "models"


@pytest.fixture(autouse=True, scope="module")
def _one_thread():
    """Tiny matrices: one thread is as fast and never fights other jobs (as the conftest fixtures do)."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


def _cfg(**kw) -> ModelConfig:
    base = dict(src_vocab_size=V_SRC, tgt_vocab_size=V_TGT, emb_dim=E, enc_layers=L_ENC, dec_layers=L_DEC,
                heads=HEADS, ff_dim=32, dropout=0.0, arch="transformer", max_positions=64)
    base.update(kw)
    return ModelConfig(**base)


def _model(seed=0, **kw) -> TransformerSeq2Seq:
    torch.manual_seed(seed)
    return build_model(_cfg(**kw), pad_id=PAD_ID).eval()


def _batch():
    torch.manual_seed(0)
    src = torch.randint(4, V_SRC, (3, 7))
    src[1, 5:] = PAD_ID
    src[2, 2:] = PAD_ID
    return src, torch.tensor([7, 5, 2]), torch.randint(4, V_TGT, (3, 6))


def _steps(model, enc, tgt):
    """Logits [B, T, V] and cross-attention [B, T, Ld, H, S] decoded one cached step at a time."""
    state, logits, cross = model.init_state(enc), [], []
    for t in range(tgt.size(1)):
        out = model.decode_step(enc, state, tgt[:, t])
        state = out.state
        logits.append(out.logits)
        cross.append(out.cross_attention)
    return torch.stack(logits, 1), torch.stack(cross, 1), state


# ------------------------------------------------------------------------------------------ shapes
def test_shapes_at_every_public_function():
    model = _model()
    assert isinstance(model, TransformerSeq2Seq)
    src, lens, tgt = _batch()
    Dh = E // HEADS
    with torch.no_grad():
        enc = model.encode(src, lens)
        assert isinstance(enc, TransformerEncoderOutput)
        assert enc.states.shape == (3, 7, E) and enc.mask.shape == (3, 7) and enc.mask.dtype == torch.bool
        assert enc.keys.shape == enc.values.shape == (3, L_DEC, HEADS, 7, Dh)
        assert enc.mask.tolist()[2] == [True, True] + [False] * 5

        state = model.init_state(enc)
        assert isinstance(state, TransformerDecoderState)
        assert state.keys.shape == state.values.shape == (3, L_DEC, HEADS, 0, Dh) and state.position == 0

        out = model.decode_step(enc, state, torch.full((3,), BOS_ID))
        assert isinstance(out, TransformerStepOutput)
        assert out.logits.shape == (3, V_TGT) and out.attention.shape == (3, 7)
        assert out.cross_attention.shape == (3, L_DEC, HEADS, 7)
        assert out.state.keys.shape == (3, L_DEC, HEADS, 1, Dh) and out.state.position == 1
        assert model.decode_step(enc, out.state, tgt[:, 0]).state.position == 2

        full = model.decode_teacher(enc, tgt)
        assert isinstance(full, TeacherOutput)
        assert full.logits.shape == (3, 6, V_TGT) and full.attention.shape == (3, 6, 7)
        assert full.cross_attention.shape == (3, 6, L_DEC, HEADS, 7)
        logits, attn = model.forward_teacher(enc, tgt)
        assert logits.shape == (3, 6, V_TGT) and attn.shape == (3, 6, 7)
        assert model(src, lens, tgt).shape == (3, 6, V_TGT)
        assert model.output_logits(torch.zeros(2, 5, E)).shape == (2, 5, V_TGT)
    assert model.can_decode_in_parallel()
    assert model.num_parameters() == sum(p.numel() for p in model.parameters()) > 0
    pos = sinusoidal_positions(torch.arange(5), 7)
    assert pos.shape == (5, 7)
    torch.testing.assert_close(pos[0], torch.tensor([0.0, 1.0] * 3 + [0.0]))


# ------------------------------------------------------------------ the key test: cache == full pass
@pytest.mark.parametrize("kw", [dict(), dict(positions="learned"), dict(tie_embeddings=False),
                                dict(src_vocab_size=V_TGT, share_src_tgt_embeddings=True),
                                dict(enc_layers=1, dec_layers=1, heads=1)])
def test_cached_steps_match_teacher_forcing(kw):
    model = _model(**kw)
    src, lens, tgt = _batch()
    with torch.no_grad():
        enc = model.encode(src, lens)
        full = model.decode_teacher(enc, tgt)
        logits, cross, state = _steps(model, enc, tgt)
    torch.testing.assert_close(logits, full.logits, atol=1e-5, rtol=1e-5)
    torch.testing.assert_close(cross, full.cross_attention, atol=1e-5, rtol=1e-5)
    torch.testing.assert_close(full.attention, full.cross_attention[:, :, -1].mean(2))
    assert state.position == tgt.size(1)


def test_future_target_tokens_do_not_change_earlier_logits():
    model = _model(1)
    src, lens, tgt = _batch()
    changed = tgt.clone()
    changed[:, 4:] = torch.randint(4, V_TGT, (3, 2))
    changed[0, 5] = PAD_ID  # right padding of the target behaves like any later token
    with torch.no_grad():
        enc = model.encode(src, lens)
        a, _ = model.forward_teacher(enc, tgt)
        b, _ = model.forward_teacher(enc, changed)
    torch.testing.assert_close(a[:, :4], b[:, :4], atol=1e-6, rtol=1e-6)


# ---------------------------------------------------------------------------------------- masks
def test_source_padding_does_not_change_the_real_positions():
    model = _model(2)
    src, lens, tgt = _batch()
    with torch.no_grad():
        batched = model.decode_teacher(model.encode(src, lens), tgt)
        for i, n in enumerate(lens.tolist()):
            alone = model.decode_teacher(model.encode(src[i:i + 1, :n], lens[i:i + 1]), tgt[i:i + 1])
            wider = torch.cat([src[i:i + 1, :n], torch.full((1, 4), PAD_ID)], 1)  # more padding than the batch
            padded = model.decode_teacher(model.encode(wider, lens[i:i + 1]), tgt[i:i + 1])
            torch.testing.assert_close(batched.logits[i], alone.logits[0], atol=1e-5, rtol=1e-5)
            torch.testing.assert_close(padded.logits[0], alone.logits[0], atol=1e-5, rtol=1e-5)
            torch.testing.assert_close(batched.cross_attention[i, ..., :n], alone.cross_attention[0], atol=1e-5,
                                       rtol=1e-5)
            enc_b = model.encode(src, lens).states[i, :n]
            torch.testing.assert_close(enc_b, model.encode(src[i:i + 1, :n], lens[i:i + 1]).states[0], atol=1e-5,
                                       rtol=1e-5)


def test_cross_attention_rows_sum_to_one_and_skip_padding():
    model = _model(3)
    src, lens, tgt = _batch()
    with torch.no_grad():
        enc = model.encode(src, lens)
        out = model.decode_step(enc, model.init_state(enc), tgt[:, 0])
    assert out.cross_attention.shape == (3, L_DEC, HEADS, 7)
    torch.testing.assert_close(out.cross_attention.sum(-1), torch.ones(3, L_DEC, HEADS))
    torch.testing.assert_close(out.attention.sum(-1), torch.ones(3))
    torch.testing.assert_close(out.attention, out.cross_attention[:, -1].mean(1))  # last layer, mean over heads
    assert out.cross_attention[2, ..., 2:].abs().max() == 0 and out.cross_attention[1, ..., 5:].abs().max() == 0


# ------------------------------------------------------------------------------------ positions
def test_learned_and_sinusoidal_positions():
    sin, learned = _model(4), _model(4, positions="learned", max_positions=8)
    assert sin.encoder.pos_embed is None and sin.decoder.pos_embed is None
    assert not any("pos_embed" in n for n, _ in sin.named_parameters())
    assert learned.encoder.pos_embed.weight.shape == learned.decoder.pos_embed.weight.shape == (8, E)
    assert learned.num_parameters() == sin.num_parameters() + 2 * 8 * E
    src, lens, tgt = _batch()
    with torch.no_grad():
        for model in (sin, learned):
            logits, _ = model.forward_teacher(model.encode(src, lens), tgt)
            assert torch.isfinite(logits).all()
        # past the learned table (8 rows) positions reuse its last row instead of failing
        long_src = torch.randint(4, V_SRC, (1, 12))
        long_tgt = torch.randint(4, V_TGT, (1, 11))
        enc = learned.encode(long_src, torch.tensor([12]))
        full, _ = learned.forward_teacher(enc, long_tgt)
        stepped, _, _ = _steps(learned, enc, long_tgt)
    torch.testing.assert_close(stepped, full, atol=1e-5, rtol=1e-5)


def test_sinusoidal_positions_distinguish_positions():
    pos = sinusoidal_positions(torch.arange(50), 16)
    dist = torch.cdist(pos, pos)
    assert dist[~torch.eye(50, dtype=torch.bool)].min() > 0.1
    torch.testing.assert_close(pos.norm(dim=1), torch.full((50,), math.sqrt(8)))


# ------------------------------------------------------------------------------------ config
@pytest.mark.parametrize(("kw", "message"), [
    (dict(arch="cnn"), "arch='cnn' is not valid; choose one of rnn, transformer"),
    (dict(positions="rotary"), "positions='rotary' is not valid; choose one of sinusoidal, learned"),
    (dict(heads=3), "emb_dim divisible by heads; got emb_dim=16, heads=3"),
    (dict(heads=0), "heads must be a positive integer"),
    (dict(ff_dim=0), "ff_dim must be a positive integer"),
    (dict(max_positions=0), "max_positions must be a positive integer"),
    (dict(dropout=1.5), "dropout=1.5 is out of range"),
])
def test_config_validation_names_the_problem(kw, message):
    with pytest.raises(ConfigError, match=message):
        build_model(_cfg(**kw))


def test_rnn_fields_do_not_constrain_the_transformer_and_vice_versa():
    # luong_dot's width rule is the RNN's; a Transformer ignores it (and the RNN ignores heads)
    build_model(_cfg(attention="luong_dot", enc_hidden=8, dec_hidden=8))
    rnn = build_model(ModelConfig(V_SRC, V_TGT, emb_dim=E, enc_hidden=8, dec_hidden=16, heads=3))
    assert isinstance(rnn, Seq2Seq)
    with pytest.raises(ConfigError, match="arch='transformer'"):
        TransformerSeq2Seq(dataclasses.replace(_cfg(), arch="rnn"))


@pytest.mark.parametrize("name", ["en-ja", "ja-en"])
def test_existing_package_configs_still_load_as_rnn(name):
    path = MODELS / name / "config.json"
    if not path.exists():
        pytest.skip(f"{path} not bundled in this checkout")
    cfg = from_dict(ModelConfig, json.loads(path.read_text(encoding="utf-8"))["model"])
    assert cfg.arch == "rnn"


# ------------------------------------------------------------------------------- statelessness
def test_model_is_stateless_interleaved_equals_sequential():
    model = _model(5)
    src, lens, tgt = _batch()
    attrs = set(vars(model))
    before = {k: v.clone() for k, v in model.state_dict().items()}
    with torch.no_grad():
        enc_a, enc_b = model.encode(src[:1], lens[:1]), model.encode(src[1:, :5], lens[1:])
        seq_a, _, _ = _steps(model, enc_a, tgt[:1])
        seq_b, _, _ = _steps(model, enc_b, tgt[1:])
        sa, sb, inter_a, inter_b = model.init_state(enc_a), model.init_state(enc_b), [], []
        for t in range(tgt.size(1)):  # alternate the two decodes step by step
            oa = model.decode_step(enc_a, sa, tgt[:1, t])
            ob = model.decode_step(enc_b, sb, tgt[1:, t])
            sa, sb = oa.state, ob.state
            inter_a.append(oa.logits)
            inter_b.append(ob.logits)
    torch.testing.assert_close(torch.stack(inter_a, 1), seq_a, atol=0, rtol=0)
    torch.testing.assert_close(torch.stack(inter_b, 1), seq_b, atol=0, rtol=0)
    assert set(vars(model)) == attrs
    for k, v in model.state_dict().items():
        assert torch.equal(v, before[k]), k


def test_select_reorders_encoder_and_state_rows():
    model = _model(6)
    src, lens, tgt = _batch()
    idx = torch.tensor([2, 2, 0])
    with torch.no_grad():
        enc = model.encode(src, lens)
        state = model.decode_step(enc, model.init_state(enc), tgt[:, 0]).state
        picked_enc, picked = enc.select(idx), state.select(idx)
        assert picked.keys.shape == state.keys.shape and picked_enc.keys.shape == enc.keys.shape
        torch.testing.assert_close(picked.keys[1], state.keys[2])
        torch.testing.assert_close(picked_enc.mask[2], enc.mask[0])
        # continuing from the reordered rows == continuing the original rows, reordered
        cont = model.decode_step(picked_enc, picked, tgt[idx, 1])
        ref = model.decode_step(enc, state, tgt[:, 1])
    torch.testing.assert_close(cont.logits, ref.logits[idx], atol=1e-6, rtol=1e-6)


# ----------------------------------------------------------------------------------------- search
def _sources(n, seed):
    gen = torch.Generator().manual_seed(seed)
    return [torch.randint(4, V_SRC, (int(torch.randint(0, 8, (1,), generator=gen)),), generator=gen).tolist()
            for _ in range(n)]


@pytest.mark.parametrize("cfg", [DecodeConfig(beam_width=1), DecodeConfig(beam_width=4, n_best=3),
                                 DecodeConfig(sample=True, n_best=2, candidates=4, seed=0)])
def test_search_decodes_a_random_transformer(cfg):
    model, srcs = _model(7), _sources(6, 7)
    out = decode_batch(model, srcs, cfg)
    assert len(out) == len(srcs)
    for src, hyps in zip(srcs, out):
        assert 1 <= len(hyps) <= cfg.n_best
        for h in hyps:
            rows = len(h.token_ids) + (1 if h.ended else 0)
            assert h.attention.shape == (rows, len(src) + 1)
            np.testing.assert_allclose(h.attention.sum(1), 1.0, atol=1e-5)
            assert math.isclose(h.score, sum(math.log(p) for p in h.token_probs), rel_tol=1e-4, abs_tol=1e-6)
            assert not {PAD_ID, BOS_ID, EOS_ID} & set(h.token_ids)


def test_beam_width_one_is_greedy_and_batched_beam_is_per_sentence():
    model, srcs = _model(8), _sources(8, 8)
    cfg1 = DecodeConfig(beam_width=1, max_len_offset=6)
    greedy = greedy_search(model, srcs, cfg1)
    beam1 = decode_batch(model, srcs, cfg1)
    assert [g[0].token_ids for g in greedy] == [b[0].token_ids for b in beam1]
    cfg = DecodeConfig(beam_width=4, n_best=3, max_len_offset=6)
    batched = decode_batch(model, srcs, cfg)
    for src, hyps in zip(srcs, batched):
        single = decode_batch(model, [src], cfg)[0]
        assert [h.token_ids for h in hyps] == [h.token_ids for h in single]
        np.testing.assert_allclose([h.score for h in hyps], [h.score for h in single], atol=1e-4)


def test_greedy_hypothesis_scores_match_teacher_forcing():
    model, srcs = _model(9), _sources(4, 9)
    hyps = [h[0] for h in decode_batch(model, srcs, DecodeConfig(beam_width=1, max_len_offset=5))]
    with torch.no_grad():
        for src, h in zip(srcs, hyps):
            tokens = h.token_ids + ([EOS_ID] if h.ended else [])
            enc = model.encode(*encode_sources([src]))
            logits, attn = model.forward_teacher(enc, torch.tensor([[BOS_ID] + tokens[:-1]]))
            logp = torch.log_softmax(logits[0], -1)[torch.arange(len(tokens)), tokens]
            assert math.isclose(float(logp.sum()), h.score, rel_tol=1e-4, abs_tol=1e-4)
            np.testing.assert_allclose(attn[0].numpy(), h.attention, atol=1e-5)


# ------------------------------------------------------------------------------ trainer + package
@pytest.fixture(scope="module")
def digits_spm():
    """(SentencePiece bytes, Tokenizer) of a word-level digits vocabulary (the tiny task's)."""
    from seq2seq_desktop.core.tokenizer import Tokenizer, train_sentencepiece
    from support.tiny_task import DIGITS, make_pairs

    spm = train_sentencepiece([" ".join(DIGITS)] * 20 + [p[0] for p in make_pairs(200, 1)], vocab_size=16,
                              model_type="word", character_coverage=1.0)
    return spm, Tokenizer(spm)


def test_trainer_scheduled_sampling_steps_through_the_cache(digits_spm):
    from seq2seq_desktop.core.config import TrainConfig
    from seq2seq_desktop.training.trainer import run_to_end, train_model
    from support.tiny_task import make_pairs

    _, tok = digits_spm
    mc = _cfg(src_vocab_size=tok.vocab_size, tgt_vocab_size=tok.vocab_size, dec_layers=1)
    tc = TrainConfig(lr=1e-3, warmup_steps=1, max_steps=3, tokens_per_batch=200, teacher_forcing=0.5,
                     eval_every_steps=10**9, checkpoint_every_minutes=0, freeze_encoder=True)
    result = run_to_end(train_model(mc, tc, make_pairs(50, 3), [], tok, tok, device="cpu"))
    assert isinstance(result.model, TransformerSeq2Seq) and result.steps == 3
    assert all(p.requires_grad is False for p in result.model.encoder.parameters())


@pytest.mark.slow
def test_learns_to_reverse_digits_through_the_trainer_and_survives_a_package(tmp_path, digits_spm):
    from seq2seq_desktop.core.config import TrainConfig
    from seq2seq_desktop.core.package import load_package, save_package
    from seq2seq_desktop.training.trainer import run_to_end, train_model
    from support.tiny_task import make_pairs

    spm, tok = digits_spm
    mc = ModelConfig(tok.vocab_size, tok.vocab_size, arch="transformer", emb_dim=32, enc_layers=2, dec_layers=2,
                     heads=4, ff_dim=64, dropout=0.0, max_positions=32)
    # weight_decay=0: the trainer's AdamW is then plain Adam
    tc = TrainConfig(lr=3e-3, weight_decay=0.0, warmup_steps=30, max_steps=500, tokens_per_batch=600,
                     label_smoothing=0.0, lr_schedule="linear", eval_every_steps=10**9,
                     checkpoint_every_minutes=0, seed=0)
    train = make_pairs(6000, 2)
    model = run_to_end(train_model(mc, tc, train, [], tok, tok, device="cpu")).model
    seen = set(train)
    held_out = [p for p in make_pairs(300, 99) if p not in seen][:100]
    cfg = DecodeConfig(beam_width=1)
    hyps = decode_batch(model, tok.encode_batch([s for s, _ in held_out]), cfg)
    exact = sum(tok.decode(h[0].token_ids) == t for h, (_, t) in zip(hyps, held_out)) / len(held_out)
    assert exact >= 0.9, exact

    # the package code stores the config beside the weights and rebuilds the Transformer from it
    save_package(tmp_path / "tiny-transformer", model, task="translate", source_lang="digits",
                 target_lang="digits-reversed", source_spm=spm, target_spm=spm, card="# test\n")
    loaded = load_package(tmp_path / "tiny-transformer")
    assert isinstance(loaded.model, TransformerSeq2Seq) and loaded.model.cfg == mc
    assert json.loads((tmp_path / "tiny-transformer" / "config.json").read_text())["architecture"] == "transformer"
    again = decode_batch(loaded.model, tok.encode_batch([s for s, _ in held_out]), cfg)
    same = sum(a[0].token_ids == b[0].token_ids for a, b in zip(hyps, again)) / len(hyps)
    assert same >= 0.95  # fp16 weights on disk may flip a near-tie


def test_vocabulary_growth_keeps_the_old_logits():
    from seq2seq_desktop.training.placeholders import grow_vocabulary

    model = _model(10, tie_embeddings=False)
    grown = grow_vocabulary(model, V_SRC + 2, V_TGT + 3).eval()
    assert isinstance(grown, TransformerSeq2Seq) and grown.cfg.tgt_vocab_size == V_TGT + 3
    src, lens, tgt = _batch()
    with torch.no_grad():
        old, _ = model.forward_teacher(model.encode(src, lens), tgt)
        new, _ = grown.forward_teacher(grown.encode(src, lens), tgt)
    assert new.shape == (3, 6, V_TGT + 3)
    torch.testing.assert_close(new[..., :V_TGT], old, atol=1e-5, rtol=1e-5)
