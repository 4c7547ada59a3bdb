"""Model shapes and the step interface agree with the parallel teacher-forced path."""
import pytest
import torch

from seq2seq_desktop.core.config import ModelConfig
from seq2seq_desktop.core.errors import ConfigError
from seq2seq_desktop.core.model import build_model


def _batch():
    torch.manual_seed(0)
    src = torch.randint(4, 30, (3, 7))
    src[1, 5:] = 0
    src[2, 2:] = 0
    return src, torch.tensor([7, 5, 2]), torch.randint(4, 40, (3, 6))


@pytest.mark.parametrize("attention,feeding", [("luong_general", False), ("luong_dot", True), ("bahdanau", False)])
@pytest.mark.parametrize("rnn", ["gru", "lstm"])
def test_step_interface_matches_teacher_forcing(attention, feeding, rnn):
    cfg = ModelConfig(30, 40, emb_dim=8, enc_hidden=8, dec_hidden=16, enc_layers=2, dec_layers=2,
                      rnn_type=rnn, attention=attention, input_feeding=feeding, dropout=0.0)
    model = build_model(cfg).eval()
    src, lens, tgt = _batch()
    with torch.no_grad():
        enc = model.encode(src, lens)
        assert enc.states.shape == (3, 7, 16) and enc.mask.shape == (3, 7)
        logits, attn = model.forward_teacher(enc, tgt)
        assert logits.shape == (3, 6, 40) and attn.shape == (3, 6, 7)
        state, stepped = model.init_state(enc), []
        for t in range(tgt.size(1)):
            out = model.decode_step(enc, state, tgt[:, t])
            state = out.state
            stepped.append(out.logits)
    torch.testing.assert_close(torch.stack(stepped, 1), logits, atol=1e-5, rtol=1e-5)
    torch.testing.assert_close(attn.sum(-1), torch.ones(3, 6))
    assert attn[2, :, 2:].abs().max() == 0  # padding gets no attention


@pytest.mark.parametrize("arch", [dict(), dict(input_feeding=True, attention="bahdanau"), dict(arch="transformer")])
def test_teacher_features_are_what_forward_teacher_projects(arch):
    cfg = ModelConfig(30, 40, emb_dim=8, enc_hidden=8, dec_hidden=16, heads=2, ff_dim=16, dropout=0.0, **arch)
    model = build_model(cfg).eval()
    src, lens, tgt = _batch()
    with torch.no_grad():
        enc = model.encode(src, lens)
        logits, attn = model.forward_teacher(enc, tgt)
        features, feature_attn = model.teacher_features(enc, tgt)
    assert features.shape == (3, 6, 8)
    torch.testing.assert_close(model.output_logits(features), logits)
    torch.testing.assert_close(feature_attn, attn)


def test_select_reorders_state_rows():
    cfg = ModelConfig(30, 40, emb_dim=8, enc_hidden=8, dec_hidden=16, dec_layers=2, rnn_type="lstm", dropout=0.0)
    model = build_model(cfg).eval()
    src, lens, _ = _batch()
    enc = model.encode(src, lens)
    state = model.init_state(enc)
    idx = torch.tensor([2, 2, 0])
    picked = state.select(idx)
    assert picked.hidden.shape == (2, 3, 16) and picked.cell.shape == (2, 3, 16)
    torch.testing.assert_close(picked.hidden[:, 0], state.hidden[:, 2])
    torch.testing.assert_close(enc.select(idx).states[2], enc.states[0])


def test_tied_output_shares_the_embedding_matrix():
    model = build_model(ModelConfig(30, 40, emb_dim=8, enc_hidden=8, dec_hidden=16))
    assert model.out_weight is None
    shared = build_model(ModelConfig(30, 30, emb_dim=8, enc_hidden=8, dec_hidden=16, share_src_tgt_embeddings=True))
    assert shared.src_embed is shared.tgt_embed


@pytest.mark.parametrize("bad", [dict(attention="cosine"), dict(rnn_type="rnn"), dict(dropout=1.5),
                                 dict(attention="luong_dot", dec_hidden=10), dict(emb_dim=0)])
def test_config_validation_names_the_problem(bad):
    with pytest.raises(ConfigError):
        build_model(ModelConfig(30, 40, **{"emb_dim": 8, "enc_hidden": 8, "dec_hidden": 16, **bad}))
