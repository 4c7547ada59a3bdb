"""Frozen-build path logic: resources and models are found under ``sys._MEIPASS`` when ``sys.frozen`` is set.

The fake bundle is laid out by the same helper the PyInstaller spec uses (``packaging/bundle.py``),
so a change of layout on either side (spec or ``seq2seq_desktop.paths``) fails here, without a
PyInstaller build.
"""
import importlib.util
import json
import shutil
import sys
from pathlib import Path

import pytest

from seq2seq_desktop import paths
from seq2seq_desktop.core import store

ROOT = Path(__file__).resolve().parent.parent


def _load_bundle_helper():
    spec = importlib.util.spec_from_file_location("packaging_bundle", ROOT / "packaging" / "bundle.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bundle = _load_bundle_helper()


def _fake_package(path: Path, name: str, task: str = "translate", source_lang: str = "en",
                  target_lang: str = "ja") -> Path:
    """Make a directory that looks like a model package to ``paths`` (config.json + manifest)."""
    path.mkdir(parents=True)
    config = {"name": name, "task": task, "source_lang": source_lang, "target_lang": target_lang}
    (path / "config.json").write_text(json.dumps(config), encoding="utf-8")
    (path / "model.safetensors").write_bytes(b"\0" * 16)
    files = {n: {"sha256": bundle._sha256(path / n), "size": (path / n).stat().st_size}
             for n in ("config.json", "model.safetensors")}
    (path / "manifest.json").write_text(json.dumps({"format_version": 1, "files": files}), encoding="utf-8")
    return path


def _freeze(monkeypatch, meipass: Path) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(meipass), raising=False)


@pytest.fixture
def fake_bundle(tmp_path):
    """``<tmp>/_internal`` populated like a PyInstaller one-folder build, via packaging/bundle.py."""
    checkout = tmp_path / "checkout"
    (checkout / "resources" / "samples").mkdir(parents=True)
    (checkout / "resources" / "samples" / "en-ja.tsv").write_text("Hello.\tこんにちは。\n", encoding="utf-8")
    (checkout / "resources" / "fonts").mkdir()
    (checkout / "resources" / "fonts" / "font.ttf").write_bytes(b"fake font")
    (checkout / "resources" / "__pycache__").mkdir()  # leftovers stay out of the bundle
    (checkout / "resources" / "__pycache__" / "x.pyc").write_bytes(b"")
    models = checkout / "models"
    for name, src, tgt, task in (("en-ja", "en", "ja", "translate"), ("ja-en", "ja", "en", "translate"),
                                 ("chat-en", "en", "en", "chat")):
        _fake_package(models / name, name, task, src, tgt)
    (models / ".en-ja.tmp-123").mkdir()  # an interrupted save_package: never bundled
    (models / ".en-ja.tmp-123" / "config.json").write_text("{}", encoding="utf-8")

    snapshot = bundle.snapshot_models(models, tmp_path / "work" / "models-snapshot")
    meipass = tmp_path / "dist" / "seq2seq-desktop" / "_internal"
    for src, dest_dir in bundle.data_entries(checkout, snapshot):  # what COLLECT does with datas
        (meipass / dest_dir).mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, meipass / dest_dir)
    return meipass


def test_frozen_paths_point_into_meipass(fake_bundle, monkeypatch):
    _freeze(monkeypatch, fake_bundle)
    assert paths.app_root() == fake_bundle
    assert paths.resources_dir() == fake_bundle / "resources"
    assert paths.bundled_models_dir() == fake_bundle / "models"
    assert (paths.resources_dir() / "samples" / "en-ja.tsv").read_text(encoding="utf-8").startswith("Hello.")
    assert (paths.resources_dir() / "fonts" / "font.ttf").is_file()
    assert not (paths.resources_dir() / "__pycache__").exists()


def test_frozen_models_found_and_resolved_in_bundle(fake_bundle, monkeypatch):
    _freeze(monkeypatch, fake_bundle)
    found = store.find_models()
    assert [p.name for p in found] == ["chat-en", "en-ja", "ja-en"]  # no dot-dir temporaries
    assert all(p.parent == fake_bundle / "models" for p in found)
    assert store.resolve_model("ja-en") == fake_bundle / "models" / "ja-en"
    assert store.default_model("translate", "ja") == fake_bundle / "models" / "ja-en"
    assert store.default_model("chat") == fake_bundle / "models" / "chat-en"


def test_frozen_user_models_come_after_bundled_and_live_outside_the_bundle(fake_bundle, monkeypatch, tmp_path):
    _freeze(monkeypatch, fake_bundle)
    monkeypatch.setenv(paths.HOME_ENV, str(tmp_path / "home"))
    _fake_package(paths.user_models_dir(create=True) / "my-finetune", "my-finetune")
    found = store.find_models()
    assert [p.name for p in found] == ["chat-en", "en-ja", "ja-en", "my-finetune"]
    assert fake_bundle not in paths.user_models_dir().parents
    assert store.resolve_model("my-finetune") == tmp_path / "home" / "models" / "my-finetune"


def test_not_frozen_uses_the_checkout_even_if_meipass_is_set(tmp_path, monkeypatch):
    monkeypatch.delattr(sys, "frozen", raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert paths.app_root() == ROOT
    assert paths.resources_dir() == ROOT / "resources"
    assert paths.bundled_models_dir() == ROOT / "models"


def test_frozen_missing_model_error_lists_bundled_names(fake_bundle, monkeypatch):
    from seq2seq_desktop.core.errors import ModelLoadError

    _freeze(monkeypatch, fake_bundle)
    with pytest.raises(ModelLoadError, match="available: chat-en, en-ja, ja-en"):
        store.resolve_model("de-en")


def test_snapshot_rejects_missing_and_inconsistent_packages(tmp_path):
    models = tmp_path / "models"
    _fake_package(models / "en-ja", "en-ja")
    with pytest.raises(bundle.BundleError, match="lacks the model package.*ja-en"):
        bundle.snapshot_models(models, tmp_path / "snap")
    (models / "en-ja" / "model.safetensors").write_bytes(b"changed mid-write")
    with pytest.raises(bundle.BundleError, match="inconsistent"):
        bundle.snapshot_models(models, tmp_path / "snap", required=("en-ja",), attempts=2, wait=0)


def test_checkout_resources_have_what_the_build_ships():
    """The real resources/ folder: probe sentences, a Japanese font with its licence, the icon."""
    resources = ROOT / "resources"
    assert (resources / "samples" / "en-ja.tsv").is_file()
    assert (resources / "samples" / "chat-en.txt").is_file()
    fonts = [p for p in (resources / "fonts").iterdir() if p.suffix in (".ttf", ".otf", ".ttc")]
    assert fonts, "a Japanese font must be bundled"
    assert any("License" in p.name or "LICENSE" in p.name for p in (resources / "fonts").iterdir())
    assert (resources / "icons" / "seq2seq-desktop.svg").is_file()
    assert (resources / "icons" / "seq2seq-desktop.png").is_file()
    entries = bundle.data_entries(ROOT, ROOT / "models")
    assert ("resources/fonts" in {d for _, d in entries})
