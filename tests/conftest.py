"""Shared fixtures: seeds, thread caps, and the tiny reverse-digits model package."""
import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_API", "pyside6")

import pytest  # noqa: E402


@pytest.fixture(scope="session")
def tiny_bundle(tmp_path_factory) -> Path:
    """Path of a tiny model package that learned to reverse digit sequences (trained in seconds)."""
    import torch

    from support.tiny_task import build_tiny_package

    torch.set_num_threads(1)  # tiny matrices: one thread is as fast, and never fights other jobs
    return build_tiny_package(tmp_path_factory.mktemp("models") / "tiny-reverse")


@pytest.fixture
def mirrored(tiny_bundle, tmp_path) -> Path:
    """The tiny model saved again as the opposite direction (digits-reversed -> digits): reversing is
    its own inverse, so it serves as the tiny model's reverse model."""
    from seq2seq_desktop.core.package import load_package, save_package

    pkg = load_package(tiny_bundle)
    spm = (Path(tiny_bundle) / "source.spm").read_bytes()
    return save_package(tmp_path / "mirror", pkg.model, task="translate", source_lang="digits-reversed",
                        target_lang="digits", source_spm=spm, target_spm=spm, name="mirror", card="# mirror\n")


@pytest.fixture(scope="session")
def tiny_placeholder_bundle(tmp_path_factory) -> Path:
    """Path of a tiny EN->JA-labelled package with placeholder pieces that learned to reverse letter
    words and carry placeholders (trained in seconds): the engine protects spans with it."""
    import torch

    from support.tiny_task import build_tiny_placeholder_package

    torch.set_num_threads(1)
    return build_tiny_placeholder_package(tmp_path_factory.mktemp("models") / "tiny-placeholders")


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path, monkeypatch):
    """Keep user models/settings written by tests out of the real platformdirs folders."""
    monkeypatch.setenv("SEQ2SEQ_DESKTOP_HOME", str(tmp_path / "user-home"))
