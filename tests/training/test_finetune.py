"""core.finetune: config checks, split, learning new pairs, cancel, before/after report, atomic save."""
import dataclasses
import hashlib

import pytest
import torch

from seq2seq_desktop.core.config import DecodeConfig
from seq2seq_desktop.core.errors import ConfigError, DataError
from seq2seq_desktop.core.package import load_package, read_package_info
from seq2seq_desktop.core.search import decode_batch
from seq2seq_desktop.core.store import find_models
from seq2seq_desktop.paths import user_models_dir
from seq2seq_desktop.training.finetune import (
    FineTuneConfig,
    FineTuneProgress,
    auto_epochs,
    fine_tune,
    format_report,
    orient_pairs,
    save_user_model,
    split_pairs,
)
from seq2seq_desktop.training.trainer import run_to_end
from support.faults import fill_disk_under
from support.tiny_task import copy_pairs

#: settings that let the 1-layer tiny model learn 10 new pairs in ~90 updates (a few seconds)
TINY_CFG = FineTuneConfig(epochs=30, lr=1e-2, batch_size=4, label_smoothing=0.0, test_sentence="1 2 3 4",
                          examples=3)


def exact_match(package, model, pairs):
    tok, ttok = package.source_tokenizer, package.target_tokenizer
    hyps = decode_batch(model.eval(), tok.encode_batch([s for s, _ in pairs]), DecodeConfig(beam_width=1))
    return sum(ttok.decode(h[0].token_ids) == t for h, (_, t) in zip(hyps, pairs)) / len(pairs)


def digest(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def state(model):
    return {k: v.detach().clone() for k, v in model.state_dict().items()}


@pytest.fixture(scope="module")
def tuned(tiny_bundle):
    """One fine-tuning run shared by the tests below: (events, result, pairs)."""
    pairs = copy_pairs()
    gen = fine_tune(tiny_bundle, pairs, TINY_CFG)
    events = []
    while True:
        try:
            events.append(next(gen))
        except StopIteration as stop:
            return events, stop.value, pairs


# ------------------------------------------------------------------------------ config + data
@pytest.mark.parametrize("change", [dict(lr=0), dict(batch_size=0), dict(val_split=0.9), dict(epochs=-1),
                                    dict(max_minutes=-1), dict(direction="enja"), dict(eval_beam=0)])
def test_config_validate_names_the_bad_field(change):
    cfg = dataclasses.replace(FineTuneConfig(), **change)
    with pytest.raises(ConfigError, match=next(iter(change))):
        cfg.validate()


def test_default_config_is_valid():
    FineTuneConfig().validate()
    FineTuneConfig(direction="en-ja").validate()


def test_split_holds_out_ten_percent_but_at_least_two():
    cfg = FineTuneConfig()
    pairs = [(f"s{i}", f"t{i}") for i in range(100)]
    train, val = split_pairs(pairs, cfg)
    assert (len(train), len(val)) == (90, 10)
    assert not set(train) & set(val)
    assert split_pairs(pairs, cfg) == (train, val)  # deterministic
    train, val = split_pairs(pairs[:20], cfg)
    assert (len(train), len(val)) == (18, 2)


def test_split_refuses_too_few_pairs_and_removes_duplicates():
    cfg = FineTuneConfig()
    with pytest.raises(DataError, match="at least 5"):
        split_pairs([("a", "b")] * 10 + [("c", "d")], cfg)
    with pytest.raises(DataError, match="to train on"):
        split_pairs([(f"s{i}", "t") for i in range(6)], dataclasses.replace(cfg, min_val_pairs=4))


def test_orient_pairs_swaps_reverse_direction_and_refuses_others():
    pairs = [("hello", "こんにちは")]
    assert orient_pairs(pairs, None, "en", "ja") == pairs
    assert orient_pairs(pairs, "en-ja", "en", "ja") == pairs
    assert orient_pairs(pairs, "en-ja", "ja", "en") == [("こんにちは", "hello")]
    with pytest.raises(DataError, match="the base model translates en-fr"):
        orient_pairs(pairs, "en-ja", "en", "fr")


def test_auto_epochs_gives_small_sets_more_passes():
    assert auto_epochs(18, 32) == 30
    assert auto_epochs(4500, 32) == 3
    assert 3 <= auto_epochs(500, 32) <= 30


# ------------------------------------------------------------------------------- fine-tuning
def test_fine_tuning_learns_new_pairs_the_base_did_not_know(tiny_bundle, tuned):
    events, result, pairs = tuned
    base = load_package(tiny_bundle)
    train, _ = split_pairs(pairs, TINY_CFG)
    assert exact_match(base, base.model, train) < 0.5  # the base reverses them
    assert exact_match(base, result.model, train) >= 0.8  # the fine-tuned copy reproduces them
    assert result.n_train == len(train) == 10 and result.n_val == 2
    assert result.steps == 30 * 3 and result.epochs == 30


def test_progress_has_steps_epochs_losses_and_test_sentence(tuned):
    events, result, _ = tuned
    assert all(isinstance(e, FineTuneProgress) for e in events)
    steps = [e for e in events if e.event == "step"]
    epochs = [e for e in events if e.event == "epoch"]
    assert [e.step for e in steps] == list(range(1, 91))  # one report per batch: Cancel is quick
    assert [e.epoch for e in epochs] == [float(i) for i in range(1, 31)]
    assert all(e.val_loss is not None and e.loss is not None for e in epochs)
    assert all(e.test_translation is not None for e in epochs)
    assert epochs[-1].loss < epochs[0].loss
    assert steps[-1].fraction == 1.0 and steps[5].eta is not None and steps[5].eta > 0
    assert [h["epoch"] for h in result.history] == [e.epoch for e in epochs]
    assert result.test_before == "4 3 2 1"  # the reverse model
    assert result.test_after == epochs[-1].test_translation


def test_result_reports_before_after_scores_and_examples(tuned):
    _, result, _ = tuned
    for s in (result.before, result.after):
        assert 0 <= s.bleu <= 100 and 0 <= s.chrf <= 100 and s.n == 2
    assert result.exact_before == 0.0
    assert 1 <= len(result.examples) <= 3
    ex = result.examples[0]
    assert ex.source and ex.reference == ex.source  # the copy task
    report = format_report(result)
    for word in ("BLEU", "chrF", "before", "after", "tiny-reverse", "10 pairs", "Test sentence"):
        assert word in report


def test_cancel_leaves_the_base_untouched(tiny_bundle):
    files = digest(tiny_bundle)
    package = load_package(tiny_bundle)  # stands for the live engine's package
    before = state(package.model)
    gen = fine_tune(tiny_bundle, copy_pairs(), TINY_CFG, package=package)
    n = 0
    for p in gen:
        n += p.event == "step"
        if n == 5:
            break  # what the GUI worker does on Cancel: stop iterating at the next yield
    gen.close()
    after = state(package.model)
    assert all(torch.equal(before[k], after[k]) for k in before)
    assert not package.model.training
    assert digest(tiny_bundle) == files
    assert find_models() == [] or all(p.parent != user_models_dir() for p in find_models())


def test_freeze_encoder_keeps_encoder_weights(tiny_bundle):
    package = load_package(tiny_bundle)
    cfg = dataclasses.replace(TINY_CFG, epochs=2, freeze_encoder=True, test_sentence="")
    result = run_to_end(fine_tune(tiny_bundle, copy_pairs(), cfg, package=package))
    base, new = package.model.state_dict(), result.model.state_dict()
    assert all(torch.equal(base[k], new[k]) for k in base if k.startswith(("encoder.", "src_embed.")))
    assert any(not torch.equal(base[k], new[k]) for k in base if k.startswith("decoder."))
    assert all(p.requires_grad for p in result.model.parameters())


def test_replay_pairs_are_mixed_in_and_counted(tiny_bundle):
    replay = [("1 2 3", "3 2 1"), ("4 5 6 7", "7 6 5 4"), ("8 9 0", "0 9 8"), ("2 2 5", "5 2 2")]
    cfg = dataclasses.replace(TINY_CFG, epochs=1, replay_fraction=0.3, test_sentence="")
    result = run_to_end(fine_tune(tiny_bundle, copy_pairs(), cfg, replay_pairs=replay))
    assert result.n_replay == 3  # round(0.3 * 10)
    assert result.steps == 4  # 13 examples in batches of 4


def test_wrong_direction_is_refused_before_training(tiny_bundle):
    with pytest.raises(DataError, match="base model translates"):
        run_to_end(fine_tune(tiny_bundle, copy_pairs(), dataclasses.replace(TINY_CFG, direction="en-ja")))


# ----------------------------------------------------------------------------------- saving
def test_save_user_model_writes_a_loadable_package_with_a_card(tuned):
    _, result, pairs = tuned
    path = save_user_model(result, "tiny-copy")
    assert path == user_models_dir() / "tiny-copy"
    assert path in find_models()
    pkg = load_package(path)  # verified like any package
    info = pkg.info
    assert info.name == "tiny-copy" and info.direction == "digits-digits-reversed"
    ft = info.extra["finetune"]
    assert ft["base_model"] == "tiny-reverse" and ft["pairs"] == 10 and ft["held_out"] == 2
    assert ft["date"][:4].isdigit() and "bleu" in ft["after"] and "bleu" in ft["before"]
    card = info.card
    for word in ("tiny-reverse", "Pairs: 10", "BLEU", "chrF", "Date:"):
        assert word in card
    train, _ = split_pairs(pairs, TINY_CFG)
    assert exact_match(pkg, pkg.model, train) >= 0.8  # fp16 on disk keeps what was learned


def test_save_user_model_name_checks(tuned, tmp_path, monkeypatch, tiny_bundle):
    _, result, _ = tuned
    with pytest.raises(ConfigError, match="empty"):
        save_user_model(result, "  ")
    with pytest.raises(ConfigError, match="may use"):
        save_user_model(result, "../evil")
    save_user_model(result, "mine")
    with pytest.raises(ConfigError, match="already exists"):
        save_user_model(result, "mine")
    bundled = tmp_path / "bundled"
    bundled.mkdir()
    (bundled / "en-ja").mkdir()
    monkeypatch.setattr("seq2seq_desktop.paths.bundled_models_dir", lambda: bundled)
    with pytest.raises(ConfigError, match="bundled model"):
        save_user_model(result, "en-ja")


def test_failed_save_leaves_the_previous_model_intact(tuned, monkeypatch):
    _, result, _ = tuned
    path = save_user_model(result, "mine")
    files = digest(path)
    import safetensors.torch

    def crash(*_a, **_k):
        raise OSError("disk full (simulated)")

    monkeypatch.setattr(safetensors.torch, "save_file", crash)
    with pytest.raises(OSError, match="simulated"):
        save_user_model(result, "mine", overwrite=True)
    assert digest(path) == files
    read_package_info(path, verify=True)
    assert sorted(p.name for p in user_models_dir().iterdir()) == ["mine"]  # no temp folder left


def test_crash_after_weights_written_leaves_previous_model_intact(tuned, monkeypatch):
    _, result, _ = tuned
    path = save_user_model(result, "mine")
    files = digest(path)
    import pathlib

    real = pathlib.Path.write_bytes

    def crash(self, data):
        if self.name == "target.spm":
            raise OSError("killed mid-save (simulated)")
        return real(self, data)

    with monkeypatch.context() as m:
        m.setattr(pathlib.Path, "write_bytes", crash)
        with pytest.raises(OSError, match="simulated"):
            save_user_model(result, "mine", overwrite=True)
    assert digest(path) == files
    load_package(path)
    assert [p.name for p in find_models() if p.parent == user_models_dir()] == ["mine"]


def test_fine_tune_config_lives_in_core_config_and_is_re_exported():
    from seq2seq_desktop.core import config

    assert FineTuneConfig is config.FineTuneConfig
    with pytest.raises(ConfigError, match="'en-ja' or 'ja-en'"):
        config.FineTuneConfig(direction="enja").validate()


# ------------------------------------------------------------------ saving: one-line errors, the result survives
def test_a_full_disk_at_save_is_one_line_and_the_result_can_be_saved_elsewhere(tuned, monkeypatch, tmp_path):
    from seq2seq_desktop.core.store import StorageError

    _, result, _ = tuned
    fill_disk_under(monkeypatch, user_models_dir())
    with pytest.raises(StorageError) as info:
        save_user_model(result, "mine")
    msg = str(info.value)
    assert "the disk is full" in msg and "choose another folder" in msg and str(user_models_dir()) in msg
    assert "\n" not in msg and ".tmp-" not in msg and "SafetensorError" not in msg
    assert not user_models_dir().exists() or not any(user_models_dir().iterdir())  # nothing half-written
    elsewhere = save_user_model(result, "mine", folder=tmp_path / "usb")  # still in memory: save it elsewhere
    assert elsewhere == tmp_path / "usb" / "mine"
    assert load_package(elsewhere).info.name == "mine"


def test_permission_errors_at_save_name_no_temp_paths(tuned, monkeypatch):
    import safetensors.torch

    from seq2seq_desktop.core.store import StorageError

    _, result, _ = tuned

    def denied(_state, filename, *a, **k):
        raise PermissionError(13, "Permission denied", filename)

    monkeypatch.setattr(safetensors.torch, "save_file", denied)
    with pytest.raises(StorageError, match="read-only") as info:
        save_user_model(result, "mine")
    assert ".tmp-" not in str(info.value) and "Errno" not in str(info.value)


def test_save_refuses_a_name_another_fine_tune_reserved(tuned):
    from seq2seq_desktop.core.store import reserve_name

    _, result, _ = tuned
    with reserve_name("mine") as other:
        with pytest.raises(ConfigError, match="another fine-tune"):
            save_user_model(result, "mine")
        assert save_user_model(result, "mine", reservation=other).name == "mine"  # its own reservation
    assert sorted(p.name for p in user_models_dir().iterdir()) == ["mine"]
