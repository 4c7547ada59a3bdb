"""Checkpoint files: the trainer.json record keeps its keys and order; weights and moments round-trip."""
import json

import torch

from seq2seq_desktop.core.config import ModelConfig
from seq2seq_desktop.core.model import build_model
from seq2seq_desktop.training.checkpoints import TrainState, has_checkpoint, load_checkpoint, save_checkpoint

META_KEYS = ["step", "epoch", "batch_pos", "best_bleu", "best_loss", "bad_evals", "history", "elapsed",
             "batches_per_epoch", "cooldowns", "ramp_from", "continued_from", "train_config", "avg_count", "avg_steps"]


def test_meta_keeps_the_historical_keys_in_order_and_round_trips():
    st = TrainState(step=7, epoch=1, batch_pos=3, best_loss=1.5, bad_evals=2, history=[{"step": 5}],
                    cooldowns=[[5, 4]], ramp_from=2, continued_from={"step": 2})
    meta = st.to_meta(elapsed=12.5, batches_per_epoch=4, train_config={"lr": 0.1})
    assert list(meta) == META_KEYS
    back = TrainState.from_meta(json.loads(json.dumps(meta)), best_state=None)
    assert back == TrainState(**{**st.__dict__, "elapsed": 12.5})


def test_meta_of_an_older_run_without_cooldown_keys_loads():
    meta = {k: v for k, v in TrainState(step=3).to_meta(elapsed=1.0, batches_per_epoch=1, train_config={}).items()
            if k not in ("cooldowns", "ramp_from", "continued_from")}
    st = TrainState.from_meta(meta, best_state=None)
    assert (st.step, st.cooldowns, st.ramp_from, st.continued_from) == (3, [], None, None)


def _model_and_optimizer():
    torch.manual_seed(0)
    model = build_model(ModelConfig(src_vocab_size=12, tgt_vocab_size=12, emb_dim=4, enc_hidden=4, dec_hidden=8,
                                    share_src_tgt_embeddings=True), pad_id=0)
    opt = torch.optim.AdamW(model.parameters(), lr=1e-2)
    model(torch.tensor([[3, 4, 2]]), torch.tensor([3]), torch.tensor([[1, 5]])).sum().backward()
    opt.step()
    return model, opt


def test_save_then_load_restores_weights_and_moments(tmp_path):
    model, opt = _model_and_optimizer()
    assert not has_checkpoint(tmp_path) and not has_checkpoint(None)
    save_checkpoint(tmp_path, model, opt, {"step": 1}, best_state={"w": torch.ones(2)})
    assert has_checkpoint(tmp_path)
    assert sorted(f.name for f in tmp_path.iterdir()) == ["best.safetensors", "model.safetensors",
                                                          "optimizer.safetensors", "trainer.json"]
    fresh, fresh_opt = _model_and_optimizer()
    with torch.no_grad():
        for p in fresh.parameters():
            p.zero_()
    meta, best = load_checkpoint(tmp_path, fresh, fresh_opt)
    assert meta == {"step": 1} and torch.equal(best["w"], torch.ones(2))
    for (name, p), q in zip(model.named_parameters(), fresh.parameters()):
        assert torch.equal(p, q), name
        assert torch.equal(opt.state[p]["exp_avg"], fresh_opt.state[q]["exp_avg"]), name
