"""``seq2seq-desktop --self-test`` / ``--version`` (seq2seq_desktop/selftest.py, packaging/entry.py).

The self-test runs for real: the tiny reverse-digits model is copied into a fake frozen bundle as
en-ja, ja-en and chat-en, ``sys.frozen``/``sys._MEIPASS`` point at it, and ``ROLES`` is narrowed to
the tiny model's declared "languages" (digits -> digits-reversed).
"""
import hashlib
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from seq2seq_desktop import __version__, selftest

ROOT = Path(__file__).resolve().parent.parent
TINY_ROLES = tuple(selftest.Role(r.name, r.task, "digits", "digits-reversed", r.sample_column, r.optional)
                   for r in selftest.ROLES)


def _as_chat_package(pkg: Path) -> None:
    """Turn a copy of the tiny translate package into a chat package (config + manifest checksum)."""
    config = json.loads((pkg / "config.json").read_text(encoding="utf-8"))
    config["task"] = "chat"
    (pkg / "config.json").write_text(json.dumps(config, indent=2), encoding="utf-8")
    manifest = json.loads((pkg / "manifest.json").read_text(encoding="utf-8"))
    manifest["files"]["config.json"]["sha256"] = hashlib.sha256((pkg / "config.json").read_bytes()).hexdigest()
    manifest["files"]["config.json"]["size"] = (pkg / "config.json").stat().st_size
    (pkg / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")


@pytest.fixture
def keep_torch_threads():
    """Engine.load sets torch's process-wide thread count; put it back afterwards."""
    import torch

    n = torch.get_num_threads()
    yield
    torch.set_num_threads(n)


@pytest.fixture
def tiny_frozen_bundle(tmp_path, tiny_bundle):
    """A fake ``_internal`` folder: resources (digit probes, a font) and the tiny model as every role.

    The chat-en copy declares ``task: chat``, so the self-test's chat turn (ChatSession) runs on it.
    """
    meipass = tmp_path / "seq2seq-desktop" / "_internal"
    samples = meipass / "resources" / "samples"
    samples.mkdir(parents=True)
    # column 1 is column 0 reversed, so the tiny model's outputs match the references both ways
    (samples / "en-ja.tsv").write_text("# probes\n3 1 4 1\t1 4 1 3\n5 9 2 6\t6 2 9 5\n1 2 3 4 5\t5 4 3 2 1\n"
                                       "9 9 1\t1 9 9\n", encoding="utf-8")
    (samples / "chat-en.txt").write_text("# prompts\n1 2 3\n4 5 6\n", encoding="utf-8")
    (meipass / "resources" / "fonts").mkdir()
    (meipass / "resources" / "fonts" / "font.ttf").write_bytes(b"not really a font")
    for role in selftest.ROLES:
        if role.optional:  # left out: the self-test passes without an optional model
            continue
        shutil.copytree(tiny_bundle, meipass / "models" / role.name)
        if role.task == "chat":
            _as_chat_package(meipass / "models" / role.name)
    return meipass


def _freeze(monkeypatch, meipass: Path) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(meipass), raising=False)


def test_version(capsys):
    assert selftest.main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"seq2seq-desktop {__version__}"


def test_wants_headless():
    assert selftest.wants_headless(["--self-test"])
    assert selftest.wants_headless(["--model", "en-ja=x", "--version"])
    assert not selftest.wants_headless(["--model", "en-ja=x"])
    assert not selftest.wants_headless([])


def test_usage_errors_return_2(capsys):
    assert selftest.main(["--self-test", "--bogus"]) == 2
    assert selftest.main([]) == 2
    assert "nothing to do" in capsys.readouterr().err


def test_self_test_passes_with_tiny_models_in_a_frozen_bundle(tiny_frozen_bundle, monkeypatch, capsys,
                                                              keep_torch_threads):
    _freeze(monkeypatch, tiny_frozen_bundle)
    monkeypatch.setattr(selftest, "ROLES", TINY_ROLES)
    rc = selftest.main(["--self-test"])
    out, err = capsys.readouterr()
    assert rc == 0, out + err
    assert "frozen build" in out
    assert f"models:    {tiny_frozen_bundle / 'models'}" in out
    assert "font.ttf" in out
    # the tiny model reverses digits: en-ja gets column 0, ja-en column 1, chat the first prompt
    assert "3 1 4 1  =>  1 4 1 3" in out
    assert "6 2 9 5  =>  5 9 2 6" in out
    assert out.count("BLEU 100.0, chrF 100.0 on these 3 probes") == 2  # core.metrics works, both ways
    assert "you: 1 2 3\n  bot: " in out
    assert "fine-tune: trainer and optimizer import fine" in out
    assert f"self-test passed: 3 models, {2 * selftest.N_SENTENCES + 1} outputs checked" in out
    assert "chat-ja  not bundled (optional)" in out
    assert err == ""


def test_self_test_fails_clearly_without_models(tiny_frozen_bundle, monkeypatch, capsys, keep_torch_threads):
    _freeze(monkeypatch, tiny_frozen_bundle)
    monkeypatch.setattr(selftest, "ROLES", TINY_ROLES)
    shutil.rmtree(tiny_frozen_bundle / "models" / "ja-en")
    assert selftest.main(["--self-test"]) == 1
    err = capsys.readouterr().err
    assert "self-test FAILED: no bundled model 'ja-en'" in err
    assert "has chat-en, en-ja" in err


def test_self_test_fails_on_a_model_for_the_wrong_role(tiny_frozen_bundle, monkeypatch, capsys,
                                                       keep_torch_threads):
    _freeze(monkeypatch, tiny_frozen_bundle)  # real ROLES: the digits model is no en->ja model
    assert selftest.main(["--self-test"]) == 1
    err = capsys.readouterr().err
    assert "declares task=translate digits->digits-reversed, but the 'en-ja' role needs task=translate en->ja" in err
    assert "'chat-en' role needs task=chat en->en" in err
    assert "digits->digits-reversed, but the 'ja-en' role" in err


def test_self_test_fails_without_resources(tmp_path, monkeypatch, capsys):
    _freeze(monkeypatch, tmp_path)  # an empty bundle
    assert selftest.main(["--self-test"]) == 1
    err = capsys.readouterr().err
    assert "samples/en-ja.tsv is missing: the resources were not bundled" in err
    assert "no font in" in err


def test_frozen_entry_dispatches_self_test_without_qt(tiny_frozen_bundle):
    """packaging/entry.py --self-test in a fresh interpreter posing as frozen: passes, never imports Qt."""
    script = textwrap.dedent(f"""
        import runpy, sys
        sys.frozen = True
        sys._MEIPASS = {str(tiny_frozen_bundle)!r}
        from seq2seq_desktop import selftest
        selftest.ROLES = tuple(selftest.Role(r.name, r.task, "digits", "digits-reversed", r.sample_column, r.optional)
                               for r in selftest.ROLES)
        sys.argv = ["seq2seq-desktop", "--self-test"]
        try:
            runpy.run_path({str(ROOT / "packaging" / "entry.py")!r}, run_name="__main__")
            rc = 0
        except SystemExit as exc:
            rc = exc.code
        print("QT_LOADED" if any(m.split(".")[0] == "PySide6" for m in sys.modules) else "QT_NOT_LOADED")
        sys.exit(rc)
    """)
    env = {**os.environ, "QT_QPA_PLATFORM": "", "DISPLAY": ""}  # nothing Qt could use
    proc = subprocess.run([sys.executable, "-c", script], check=False, capture_output=True, text=True, env=env, timeout=120,
                          cwd=ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "self-test passed" in proc.stdout
    assert "(no Qt GUI loaded)" in proc.stdout
    assert proc.stdout.strip().endswith("QT_NOT_LOADED")


def test_entry_version_without_qt():
    proc = subprocess.run([sys.executable, "-c", textwrap.dedent(f"""
        import runpy, sys
        sys.argv = ["seq2seq-desktop", "--version"]
        try:
            runpy.run_path({str(ROOT / "packaging" / "entry.py")!r}, run_name="__main__")
        except SystemExit as exc:
            assert exc.code == 0, exc.code
        assert not any(m.split(".")[0] in ("PySide6", "torch") for m in sys.modules), "heavy import"
    """)], check=False, capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == f"seq2seq-desktop {__version__}"
