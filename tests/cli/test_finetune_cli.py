"""``seq2seq finetune``: validation messages, tqdm progress, before/after report, saved user model."""

import pytest
from tiny_task import copy_pairs  # noqa: E402

from seq2seq_desktop.cli import main
from seq2seq_desktop.paths import user_models_dir

FAST = ["--epochs", "30", "--lr", "1e-2", "--batch-size", "4", "--threads", "1"]




@pytest.fixture
def pairs_file(tmp_path):
    pairs = copy_pairs()
    lines = ["source\ttarget", *(f"{s}\t{t}" for s, t in pairs[:6]), "just one column", *(f"{s}\t{t}" for s, t in pairs[6:]),
             f"{pairs[0][0]}\t{pairs[0][1]}"]
    path = tmp_path / "pairs.tsv"
    path.write_bytes(("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8"))
    return path


def test_finetune_reports_problems_trains_and_saves(tiny_bundle, pairs_file, capsys):
    rc = main(["finetune", str(pairs_file), "--base", str(tiny_bundle), "--name", "tiny-copy",
               "--test-sentence", "1 2 3 4", *FAST])
    out, err = capsys.readouterr()
    assert rc == 0, err
    assert "pairs.tsv: 12 pairs; 2 problems" in err
    assert "line 8: only one column" in err and "line 15: duplicate of line 2" in err
    assert "header row skipped: source | target" in err
    assert "epoch 30: loss" in err and "test: " in err  # per-epoch lines
    assert "step/s" in err or "s/step" in err  # the tqdm bar
    for word in ("BLEU", "chrF", "before", "after", "Fine-tuned tiny-reverse", "on 10 pairs", "Examples"):
        assert word in out
    assert (user_models_dir() / "tiny-copy" / "config.json").is_file()
    assert "saved user model 'tiny-copy'" in out

    assert main(["models"]) == 0
    assert "tiny-copy" in capsys.readouterr().out
    assert main(["translate", "--model", "tiny-copy", "--threads", "1", "--beam", "1", "2 4 6"]) == 0
    assert capsys.readouterr().out.strip()  # chosen by name like any model


def test_strict_refuses_a_file_with_problems(tiny_bundle, pairs_file, capsys):
    assert main(["finetune", str(pairs_file), "--base", str(tiny_bundle), "--name", "x", "--strict", *FAST]) == 2
    err = capsys.readouterr().err
    assert "line 8: only one column" in err and "--strict" in err
    assert not (user_models_dir() / "x").exists()


@pytest.mark.parametrize("args, message", [
    (["--name", "../bad"], "may use"),
    (["--name", "ok", "--lr", "5"], "lr=5.0 is out of range"),
    (["--name", "ok", "--direction", "en-ja"], "base model translates"),
    (["--name", "ok", "--base", "no-such-model"], "no model package named"),
])
def test_user_errors_exit_2_with_one_line(tiny_bundle, pairs_file, capsys, args, message):
    argv = ["finetune", str(pairs_file), "--base", str(tiny_bundle), *FAST, *args]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_too_few_pairs(tiny_bundle, tmp_path, capsys):
    path = tmp_path / "few.tsv"
    path.write_text("1 2\t1 2\n3 4\t3 4\n", encoding="utf-8")
    assert main(["finetune", str(path), "--base", str(tiny_bundle), "--name", "few", *FAST]) == 2
    assert "fine-tuning needs at least 5" in capsys.readouterr().err


def test_binary_file_is_refused(tiny_bundle, tmp_path, capsys):
    path = tmp_path / "model.bin"
    path.write_bytes(b"\x00\x01\x02" * 100)
    assert main(["finetune", str(path), "--base", str(tiny_bundle), "--name", "b", *FAST]) == 2
    assert "not a text file" in capsys.readouterr().err
