"""``load_run_config`` checks a run config's ``model`` and ``train`` blocks before any corpus is read."""
import json
from pathlib import Path

import pytest

from seq2seq_desktop.core.errors import ConfigError
from seq2seq_desktop.recipes.pipeline import PROJECT_ROOT, load_run_config

GOOD = {"name": "t", "task": "translate", "source_lang": "en", "target_lang": "ja",
        "model": {"emb_dim": 8, "enc_hidden": 8, "dec_hidden": 16}, "train": {"lr": 0.003, "warmup_steps": 10}}


def _write(tmp_path: Path, **changes) -> Path:
    path = tmp_path / "run.json"
    path.write_text(json.dumps({**GOOD, **changes}), encoding="utf-8")
    return path


@pytest.mark.parametrize("path", sorted((PROJECT_ROOT / "configs").rglob("*.json")), ids=lambda p: p.name)
def test_every_shipped_run_config_loads(path):
    assert load_run_config(path).name


def test_a_good_config_loads_as_written(tmp_path):
    cfg = load_run_config(_write(tmp_path))
    assert cfg.model == GOOD["model"] and cfg.train == GOOD["train"]


@pytest.mark.parametrize(("changes", "match"), [
    ({"model": {"emb_dimm": 8}}, "unknown ModelConfig keys: emb_dimm; valid keys: .*emb_dim"),
    ({"train": {"warmup_step": 10}}, "unknown TrainConfig keys: warmup_step; valid keys: .*warmup_steps"),
    ({"model": {"rnn_type": "rnn"}}, "rnn_type='rnn' is not valid; choose one of gru, lstm"),
    ({"train": {"lr_schedule": "cosine"}}, "choose one of inverse_sqrt, constant, linear"),
    ({"train": {"label_smoothing": 0.9}}, "label_smoothing=0.9 is out of range"),
])
def test_a_typo_in_model_or_train_fails_at_load_naming_the_file(tmp_path, changes, match):
    path = _write(tmp_path, **changes)
    with pytest.raises(ConfigError, match=match) as info:
        load_run_config(path)
    assert str(info.value).startswith(f"{path}: ")


def test_the_cli_stops_before_reading_corpora(tmp_path, monkeypatch, capsys):
    from seq2seq_desktop import cli
    from seq2seq_desktop.recipes import pipeline

    def no_corpora(*args, **kwargs):
        raise AssertionError("prepare_run was called")

    monkeypatch.setattr(pipeline, "prepare_run", no_corpora)
    path = _write(tmp_path, train={"warmup_step": 10})
    assert cli.main(["train", "run", str(path), "--work", str(tmp_path / "w")]) == 2
    assert "warmup_step" in capsys.readouterr().err
