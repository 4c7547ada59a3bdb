"""``seq2seq finetune``: validation messages, tqdm progress, before/after report, saved user model."""

import pytest

from seq2seq_desktop.cli import main
from seq2seq_desktop.paths import user_models_dir
from support.tiny_task import copy_pairs  # noqa: E402

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


# ------------------------------------------------------------------ saving is checked before training
def one_line_error(err):
    lines = [line for line in err.splitlines() if line.startswith("seq2seq: error:")]
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


def test_a_data_path_that_is_a_file_is_refused_before_training(tiny_bundle, pairs_file, tmp_path, monkeypatch, capsys):
    blocker = tmp_path / "data"
    blocker.write_text("I am a file")
    monkeypatch.setenv("SEQ2SEQ_DESKTOP_HOME", str(blocker))
    assert main(["finetune", str(pairs_file), "--base", str(tiny_bundle), "--name", "x", *FAST]) == 2
    err = capsys.readouterr().err
    assert "is a file, not a folder" in one_line_error(err)
    assert "epoch" not in err  # refused before any training


def test_a_read_only_user_folder_is_refused_before_training(tiny_bundle, pairs_file, monkeypatch, capsys):
    import tempfile

    real = tempfile.mkstemp

    def read_only(*a, dir=None, **k):  # what a read-only folder does (the tests run as root)
        if dir is not None and str(user_models_dir()) in str(dir):
            raise PermissionError(13, "Permission denied", str(dir))
        return real(*a, dir=dir, **k)

    monkeypatch.setattr(tempfile, "mkstemp", read_only)
    assert main(["finetune", str(pairs_file), "--base", str(tiny_bundle), "--name", "x", *FAST]) == 2
    err = capsys.readouterr().err
    line = one_line_error(err)
    assert "read-only" in line and "set SEQ2SEQ_DESKTOP_HOME" in line and "epoch" not in err


def test_too_little_free_space_is_refused_before_training(tiny_bundle, pairs_file, monkeypatch, capsys):
    import shutil

    monkeypatch.setattr(shutil, "disk_usage", lambda _p: shutil._ntuple_diskusage(10**9, 10**9 - 4096, 4096))
    assert main(["finetune", str(pairs_file), "--base", str(tiny_bundle), "--name", "x", *FAST]) == 2
    err = capsys.readouterr().err
    assert "not enough free space" in one_line_error(err) and "epoch" not in err


def test_a_save_that_still_fails_keeps_the_model_and_exits_2_with_one_line(tiny_bundle, pairs_file, monkeypatch,
                                                                           tmp_path, capsys):
    import safetensors.torch
    from safetensors import SafetensorError

    from seq2seq_desktop.core.package import load_package

    real = safetensors.torch.save_file

    def full(state, filename, *a, **k):  # the disk filled up during training
        if str(user_models_dir()) in str(filename):
            raise SafetensorError('Error while serializing: IoError(Os { code: 28, kind: StorageFull, '
                                  'message: "No space left on device" })')
        return real(state, filename, *a, **k)

    monkeypatch.setattr(safetensors.torch, "save_file", full)
    monkeypatch.chdir(tmp_path)
    assert main(["finetune", str(pairs_file), "--base", str(tiny_bundle), "--name", "tiny-copy", *FAST]) == 2
    line = one_line_error(capsys.readouterr().err)
    assert "the disk is full" in line and ".tmp-" not in line
    assert f"kept in {tmp_path / 'tiny-copy'}" in line and "seq2seq models import" in line
    assert load_package(tmp_path / "tiny-copy").info.name == "tiny-copy"  # the training is not lost
    monkeypatch.undo()
    assert main(["models", "import", str(tmp_path / "tiny-copy")]) == 0  # once there is room again
    assert (user_models_dir() / "tiny-copy" / "config.json").is_file()


def test_a_second_fine_tune_of_the_same_name_is_refused_at_its_start(tiny_bundle, pairs_file, capsys):
    import subprocess
    import sys
    from pathlib import Path

    code = ("import sys; from seq2seq_desktop.core.store import reserve_name\n"
            "r = reserve_name('tiny-copy'); print('ready', flush=True); sys.stdin.readline()")
    with subprocess.Popen([sys.executable, "-c", code], cwd=Path(__file__).resolve().parents[2],
                          stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True) as first:  # still training
        assert first.stdout.readline().strip() == "ready"
        rc = main(["finetune", str(pairs_file), "--base", str(tiny_bundle), "--name", "tiny-copy", *FAST])
        first.stdin.close()
    err = capsys.readouterr().err
    assert rc == 2 and f"another fine-tune (process {first.pid})" in one_line_error(err)
    assert "epoch" not in err
    assert main(["finetune", str(pairs_file), "--base", str(tiny_bundle), "--name", "tiny-copy", *FAST]) == 0
    assert not list(user_models_dir().glob(".*"))  # its reservation is released
