"""Trainer: resume continues the same loss curve; teacher forcing < 1 and frozen encoder work."""

import pytest
import torch

from seq2seq_desktop.core.config import ModelConfig, TrainConfig
from seq2seq_desktop.core.errors import DataError
from seq2seq_desktop.core.tokenizer import Tokenizer, train_sentencepiece
from seq2seq_desktop.training.trainer import run_to_end, train_model
from support.tiny_task import DIGITS, make_pairs


@pytest.fixture(scope="module")
def tok():
    return Tokenizer(train_sentencepiece([" ".join(DIGITS)] * 20, vocab_size=16, model_type="word",
                                         character_coverage=1.0))


def _cfgs(tok, steps, **kw):
    mc = ModelConfig(tok.vocab_size, tok.vocab_size, emb_dim=8, enc_hidden=8, dec_hidden=16, dropout=0.0)
    tc = TrainConfig(lr=1e-2, warmup_steps=5, max_steps=steps, tokens_per_batch=200, label_smoothing=0.0,
                     eval_every_steps=10**9, checkpoint_every_minutes=0, seed=3, **kw)
    return mc, tc


def _losses(gen):
    losses = []
    while True:
        try:
            p = next(gen)
        except StopIteration as stop:
            return losses, stop.value
        if p.event == "step":
            losses.append(p.batch_loss)


def test_resume_continues_the_same_loss_curve(tok, tmp_path):
    pairs = make_pairs(300, 1)
    mc, tc = _cfgs(tok, 20)
    torch.manual_seed(0)
    full, _ = _losses(train_model(mc, tc, pairs, [], tok, tok, device="cpu"))

    mc, tc10 = _cfgs(tok, 10)
    torch.manual_seed(0)
    first, _ = _losses(train_model(mc, tc10, pairs, [], tok, tok, device="cpu", checkpoint_dir=tmp_path))
    assert (tmp_path / "trainer.json").exists()
    torch.manual_seed(123)  # resume must not depend on the caller's RNG state
    mc, tc = _cfgs(tok, 20)
    second, result = _losses(train_model(mc, tc, pairs, [], tok, tok, device="cpu", checkpoint_dir=tmp_path,
                                         resume=True))
    assert len(first) == 10 and len(second) == 10 and result.steps == 20
    torch.testing.assert_close(torch.tensor(first + second), torch.tensor(full), rtol=1e-4, atol=1e-4)


def _lrs(gen):
    lrs = []
    for p in gen:
        if p.event == "step":
            lrs.append(p.lr)
    return lrs


def test_cooldown_anneals_to_zero_and_survives_a_resume(tok, tmp_path):
    pairs = make_pairs(300, 1)
    mc, tc = _cfgs(tok, 10)
    first = _lrs(train_model(mc, tc, pairs, [], tok, tok, device="cpu", checkpoint_dir=tmp_path))
    peak = first[-1] * (10 / 11) ** 0.5  # the inverse-sqrt value at step 10, where the cooldown starts

    # Resume with an 8-step cooldown but stop half-way (max_steps), then resume again.
    mc, tc = _cfgs(tok, 14, cooldown_steps=8)
    part = _lrs(train_model(mc, tc, pairs, [], tok, tok, device="cpu", checkpoint_dir=tmp_path, resume=True))
    mc, tc = _cfgs(tok, 10**6, cooldown_steps=8)
    rest = _lrs(train_model(mc, tc, pairs, [], tok, tok, device="cpu", checkpoint_dir=tmp_path, resume=True))

    assert len(part) == 4 and len(rest) == 4, "the cooldown ends the run 8 updates after it began"
    expected = [peak * (1 - k / 8) for k in range(8)]
    torch.testing.assert_close(torch.tensor(part + rest), torch.tensor(expected), rtol=1e-6, atol=1e-9)

    # A finished cooldown followed by another: a warm restart from the schedule's rate at step 18.
    mc, tc = _cfgs(tok, 10**6, cooldown_steps=4)
    again = _lrs(train_model(mc, tc, pairs, [], tok, tok, device="cpu", checkpoint_dir=tmp_path, resume=True))
    restart = first[-1] * (10 / 19) ** 0.5
    torch.testing.assert_close(torch.tensor(again), torch.tensor([restart * (1 - k / 4) for k in range(4)]),
                               rtol=1e-6, atol=1e-9)
    import json
    assert json.loads((tmp_path / "trainer.json").read_text())["cooldowns"] == [[10, 8], [18, 4]]


def test_continuing_from_an_earlier_run_keeps_its_schedule_and_ramps_up(tok, tmp_path):
    """``continue_from`` (a package's training record): steps go on from there, the earlier cooldown
    counts as finished, and the fresh optimizer warms up over ``warmup_steps`` (5 here)."""
    import json

    pairs = make_pairs(300, 1)
    mc, tc = _cfgs(tok, 10**6, cooldown_steps=6)
    earlier = {"step": 40, "epochs": 3.2, "elapsed": 120.0, "cooldowns": [[20, 30]], "package": "models/x"}
    gen = train_model(mc, tc, pairs, [], tok, tok, device="cpu", checkpoint_dir=tmp_path, continue_from=earlier)
    steps, lrs = [], []
    for p in gen:
        if p.event == "step":
            steps.append(p.step)
            lrs.append(p.lr)
    assert steps == list(range(41, 47)), "a 6-step cooldown from step 40"
    peak = 1e-2 * (5 / 41) ** 0.5  # inverse sqrt at step 40 with warmup 5
    expected = [peak * min(1, (k + 1) / 5) * (1 - k / 6) for k in range(6)]
    torch.testing.assert_close(torch.tensor(lrs), torch.tensor(expected), rtol=1e-6, atol=1e-9)
    meta = json.loads((tmp_path / "trainer.json").read_text())
    assert meta["cooldowns"] == [[20, 20], [40, 6]], "the earlier run stopped 20 steps into its cooldown"
    assert meta["continued_from"]["package"] == "models/x" and meta["elapsed"] >= 120.0


def test_scheduled_sampling_and_frozen_encoder(tok):
    pairs = make_pairs(100, 2)
    mc, tc = _cfgs(tok, 4, teacher_forcing=0.5, teacher_forcing_min=0.2, scheduled_sampling=True,
                   freeze_encoder=True)
    from seq2seq_desktop.core.model import build_model

    model = build_model(mc)
    enc_before = [p.detach().clone() for p in model.encoder.parameters()]
    dec_before = [p.detach().clone() for p in model.decoder.parameters()]
    result = run_to_end(train_model(model, tc, pairs, [], tok, tok, device="cpu"))
    assert result.steps == 4
    assert all(torch.equal(a, b) for a, b in zip(enc_before, model.encoder.parameters()))
    assert not all(torch.equal(a, b) for a, b in zip(dec_before, model.decoder.parameters()))


def test_dev_evaluation_reports_loss_and_bleu(tok):
    pairs = make_pairs(200, 4)
    mc, tc = _cfgs(tok, 6)
    tc = TrainConfig(**{**tc.__dict__, "eval_every_steps": 3})
    events = []
    gen = train_model(mc, tc, pairs, make_pairs(20, 5), tok, tok, device="cpu", target_lang="xx")
    result = None
    while True:
        try:
            p = next(gen)
        except StopIteration as stop:
            result = stop.value
            break
        if p.event == "eval":
            events.append(p)
    assert [e.step for e in events] == [3, 6]
    assert all(e.dev_loss is not None and e.dev_bleu is not None for e in events)
    assert result.best_dev_bleu == max(e.dev_bleu for e in events)


def test_no_usable_pairs_is_a_data_error(tok):
    mc, tc = _cfgs(tok, 2)
    with pytest.raises(DataError):
        run_to_end(train_model(mc, tc, [("", "1")], [], tok, tok, device="cpu"))


def test_source_word_dropout_hides_pieces_but_never_padding_or_eos():
    import torch

    from seq2seq_desktop.core.tokenizer import EOS_ID, PAD_ID, UNK_ID
    from seq2seq_desktop.training.trainer import drop_source_words

    src = torch.tensor([[5, 6, 7, 8, EOS_ID, PAD_ID, PAD_ID]] * 200)
    assert torch.equal(drop_source_words(src, 0.0, torch.Generator().manual_seed(0)), src)
    out = drop_source_words(src, 0.5, torch.Generator().manual_seed(0))
    dropped = out == UNK_ID
    assert 0.4 < dropped[:, :4].float().mean().item() < 0.6  # about half of the real pieces
    assert not dropped[:, 4:].any() and torch.equal(out[:, 4:], src[:, 4:])
    assert torch.equal(out[~dropped], src[~dropped])


def test_trainer_parts_step_evaluate_and_save(tok, tmp_path):
    """``Trainer`` driven by hand: one batch, one evaluation, one checkpoint."""
    import json

    from seq2seq_desktop.core.model import build_model
    from seq2seq_desktop.training.batching import encode_pairs
    from seq2seq_desktop.training.trainer import Trainer

    mc, tc = _cfgs(tok, 10)
    model = build_model(mc).train()
    examples, dev = encode_pairs(make_pairs(50, 1), tok, tok), make_pairs(8, 2)
    trainer = Trainer(model, tc, examples, dev, encode_pairs(dev, tok, tok), tok, tok, device=torch.device("cpu"),
                      checkpoint_dir=tmp_path)
    p = trainer.step([0, 1, 2])
    assert (p.event, p.step, p.total_steps) == ("step", 1, 10) and p.batch_loss > 0
    assert p.lr == pytest.approx(trainer.lr_at(0)) and trainer.state.step == 1
    e = trainer.evaluate()
    assert e.event == "eval" and e.dev_loss is not None and trainer.state.best_state is not None
    assert trainer.state.history[-1]["step"] == 1
    trainer.save()
    meta = json.loads((tmp_path / "trainer.json").read_text())
    assert meta["step"] == 1 and meta["history"] == trainer.state.history


def test_names_moved_out_of_trainer_still_import_from_it():
    from seq2seq_desktop.core.generators import run_to_end as moved_run_to_end
    from seq2seq_desktop.training import batching
    from seq2seq_desktop.training import trainer as old

    assert old.run_to_end is moved_run_to_end
    assert (old.encode_pairs, old.make_batches, old.drop_source_words) == (
        batching.encode_pairs, batching.make_batches, batching.drop_source_words)


def test_checkpoint_averaging_scores_the_mean_of_the_last_evaluations_and_survives_a_resume(tok, tmp_path):
    """``average_last=3`` with an evaluation every 4 of 20 steps: the weights at steps 12, 16 and
    20 are summed (a stop at step 14 and a resume in between), and their mean is scored last."""
    import json

    from seq2seq_desktop.training import trainer as trainer_mod

    pairs, dev = make_pairs(300, 1), make_pairs(8, 2)
    seen = {}
    real_add = trainer_mod.Trainer._add_to_average

    def spy(self):
        seen[self.state.step] = {k: v.clone() for k, v in trainer_mod.cpu_state(self.model).items()}
        real_add(self)

    def cfgs(steps):
        mc, tc = _cfgs(tok, steps, average_last=3)
        return mc, TrainConfig(**{**tc.__dict__, "eval_every_steps": 4, "max_steps": 20})

    # A run stopped after step 14 with a checkpoint, then resumed to the end.
    from seq2seq_desktop.core.model import build_model
    from seq2seq_desktop.training.batching import encode_pairs

    orig = trainer_mod.Trainer._add_to_average
    trainer_mod.Trainer._add_to_average = spy
    try:
        torch.manual_seed(0)
        mc, tc = cfgs(20)
        model = build_model(mc).train()
        examples = encode_pairs(pairs, tok, tok)
        first = trainer_mod.Trainer(model, tc, examples, dev, encode_pairs(dev, tok, tok), tok, tok,
                                    device=torch.device("cpu"), checkpoint_dir=tmp_path)
        gen = first.train()
        for p in gen:
            if p.event == "step" and p.step == 14:
                first.save()
                break
        assert sorted(seen) == [12] and first.state.avg_count == 1
        result = run_to_end(train_model(mc, tc, pairs, dev, tok, tok, device="cpu", checkpoint_dir=tmp_path,
                                        resume=True))
    finally:
        trainer_mod.Trainer._add_to_average = orig

    assert sorted(seen) == [12, 16, 20]
    meta = json.loads((tmp_path / "trainer.json").read_text())
    last = meta["history"][-1]
    assert last["averaged_steps"] == [12, 16, 20] and last["step"] == 20
    assert [h["step"] for h in meta["history"]] == [4, 8, 12, 16, 20, 20]
    mean = {k: (seen[12][k] + seen[16][k] + seen[20][k]) / 3 for k in seen[12]}
    saved = trainer_mod.load_average_sum(tmp_path)
    for k, v in mean.items():
        torch.testing.assert_close(saved[k] / 3, v)
    from safetensors.torch import load_file

    scored = load_file(str(tmp_path / "model.safetensors"))  # the model as it was scored last: the mean
    for k, v in mean.items():
        torch.testing.assert_close(scored[k], v)
    # the run's result is the best of all six by dev loss (no BLEU here); the averaged weights when they won
    if last["dev_loss"] < min(h["dev_loss"] for h in meta["history"][:-1]):
        for k, v in mean.items():
            torch.testing.assert_close(result.model.state_dict()[k], v)
