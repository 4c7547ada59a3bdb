"""Model packages: round trip, and every kind of damage raises ModelLoadError with a clear message."""
import hashlib
import json
import pickle
import shutil

import pytest
import torch

from seq2seq_desktop.core.errors import ModelLoadError
from seq2seq_desktop.core.package import load_package, read_package_info, save_package


@pytest.fixture
def pkg(tiny_bundle, tmp_path):
    dest = tmp_path / "pkg"
    shutil.copytree(tiny_bundle, dest)
    return dest


def _rehash(pkg, name):
    manifest = json.loads((pkg / "manifest.json").read_text())
    manifest["files"][name]["sha256"] = hashlib.sha256((pkg / name).read_bytes()).hexdigest()
    (pkg / "manifest.json").write_text(json.dumps(manifest))


def test_round_trip_keeps_weights_within_fp16(pkg, tmp_path):
    loaded = load_package(pkg)
    assert loaded.info.task == "translate" and loaded.info.name == "tiny-reverse"
    again = save_package(tmp_path / "again", loaded.model, task="translate", source_lang="a", target_lang="b",
                         source_spm=(pkg / "source.spm").read_bytes(), target_spm=(pkg / "target.spm").read_bytes(),
                         card="x")
    reloaded = load_package(again)
    for (n, a), (_, b) in zip(loaded.model.state_dict().items(), reloaded.model.state_dict().items()):
        torch.testing.assert_close(a, b, msg=n)


def test_missing_file(pkg):
    (pkg / "target.spm").unlink()
    with pytest.raises(ModelLoadError, match="missing target.spm"):
        load_package(pkg)


def test_checksum_mismatch(pkg):
    with open(pkg / "model.safetensors", "r+b") as f:
        f.seek(200)
        f.write(b"\x00\x01\x02\x03")
    with pytest.raises(ModelLoadError, match="checksum"):
        load_package(pkg)


def test_truncated_weights(pkg):
    data = (pkg / "model.safetensors").read_bytes()
    (pkg / "model.safetensors").write_bytes(data[: len(data) // 2])
    _rehash(pkg, "model.safetensors")
    with pytest.raises(ModelLoadError, match="not a readable safetensors"):
        load_package(pkg)


def test_pickle_renamed_as_weights_is_never_unpickled(pkg, tmp_path):
    marker = tmp_path / "unpickled"

    class Boom:
        def __reduce__(self):
            return (open, (str(marker), "w"))

    (pkg / "model.safetensors").write_bytes(pickle.dumps(Boom()))
    _rehash(pkg, "model.safetensors")
    with pytest.raises(ModelLoadError):
        load_package(pkg)
    assert not marker.exists()


def test_missing_weight_key(pkg):
    from safetensors.torch import load_file, save_file

    tensors = load_file(str(pkg / "model.safetensors"))
    tensors.pop("combine.weight")
    save_file(tensors, str(pkg / "model.safetensors"))
    _rehash(pkg, "model.safetensors")
    with pytest.raises(ModelLoadError, match="missing.*combine.weight"):
        load_package(pkg)


def test_wrong_shape(pkg):
    cfg = json.loads((pkg / "config.json").read_text())
    cfg["model"]["dec_hidden"] = 48
    (pkg / "config.json").write_text(json.dumps(cfg))
    _rehash(pkg, "config.json")
    with pytest.raises(ModelLoadError, match="shape"):
        load_package(pkg)


def test_unknown_format_version(pkg):
    cfg = json.loads((pkg / "config.json").read_text())
    cfg["format_version"] = 99
    (pkg / "config.json").write_text(json.dumps(cfg))
    with pytest.raises(ModelLoadError, match="format version 99"):
        read_package_info(pkg)


def test_bad_json_and_not_a_directory(pkg, tmp_path):
    with pytest.raises(ModelLoadError, match="does not exist"):
        load_package(tmp_path / "nope")
    (pkg / "config.json").write_bytes(b"\xff\xfe{{{")
    with pytest.raises(ModelLoadError, match="not valid JSON"):
        read_package_info(pkg, verify=False)


def test_save_failure_leaves_previous_package(pkg, monkeypatch):
    import seq2seq_desktop.core.manifest as manifest

    model = load_package(pkg).model
    before = sorted((p.name, p.read_bytes()) for p in pkg.iterdir())

    def fail(*a, **k):
        raise OSError("disk full")

    monkeypatch.setattr(manifest, "sha256_file", fail)
    with pytest.raises(OSError):
        save_package(pkg, model, task="translate", source_lang="a", target_lang="b", source_spm=b"x",
                     target_spm=b"x", card="new")
    monkeypatch.undo()
    assert sorted((p.name, p.read_bytes()) for p in pkg.iterdir()) == before
    assert not [p for p in pkg.parent.iterdir() if p.name.startswith(".pkg.tmp")]
    load_package(pkg)


def _edit_config(pkg, edit):
    cfg = json.loads((pkg / "config.json").read_text())
    edit(cfg)
    (pkg / "config.json").write_text(json.dumps(cfg))
    _rehash(pkg, "config.json")


@pytest.mark.parametrize("key", ["attention", "rnn_type", "input_feeding", "tie_embeddings", "enc_layers",
                                 "src_vocab_size"])
def test_a_missing_model_setting_is_named_not_defaulted(pkg, key):
    _edit_config(pkg, lambda cfg: cfg["model"].pop(key))
    with pytest.raises(ModelLoadError, match=f"'model' is missing the key '{key}'"):
        load_package(pkg)


def test_missing_model_block_and_top_level_keys_are_named(pkg):
    _edit_config(pkg, lambda cfg: cfg.pop("model"))
    with pytest.raises(ModelLoadError, match="missing the key 'model'") as info:
        read_package_info(pkg)
    assert "positional argument" not in str(info.value)
    _edit_config(pkg, lambda cfg: (cfg.pop("model", None), cfg.pop("task"), cfg.pop("target_lang")))
    with pytest.raises(ModelLoadError, match="missing the keys 'task', 'target_lang', 'model'"):
        read_package_info(pkg)


def test_missing_lowercase_setting_is_named_when_the_package_has_preprocessing(pkg):
    assert load_package(pkg).info.preprocessing == {"lowercase_source": False}, "save_package spells it out"
    _edit_config(pkg, lambda cfg: cfg.update(preprocessing={"separator": None}))
    with pytest.raises(ModelLoadError, match="'preprocessing' is missing the key 'lowercase_source'"):
        read_package_info(pkg)
    _edit_config(pkg, lambda cfg: cfg.update(preprocessing={}))  # none at all: plain text, as documented
    assert read_package_info(pkg).preprocessing == {}


def test_user_package_named_like_a_bundled_one_is_shown_distinctly(pkg, tmp_path, monkeypatch):
    import seq2seq_desktop.paths as paths

    bundled = tmp_path / "bundled"
    bundled.mkdir()
    shutil.copytree(pkg, bundled / "tiny-reverse")
    monkeypatch.setattr(paths, "bundled_models_dir", lambda: bundled)
    assert read_package_info(bundled / "tiny-reverse").display_name == "tiny-reverse"
    user = read_package_info(pkg)  # a copy elsewhere with the same configured name
    assert not user.is_bundled and user.display_name == "tiny-reverse (user)"
    _edit_config(pkg, lambda cfg: cfg.update(name="my-digits"))
    assert read_package_info(pkg).display_name == "my-digits"


def test_save_works_in_a_folder_named_for_its_owner_and_can_refuse_to_replace(pkg, monkeypatch):
    import os

    import seq2seq_desktop.core.manifest as manifest
    from seq2seq_desktop.core.manifest import parse_work_name

    model = load_package(pkg).model
    seen = []
    real = manifest.write_manifest

    def spy(folder):
        seen.append(folder.name)
        return real(folder)

    monkeypatch.setattr("seq2seq_desktop.core.package.write_manifest", spy)
    kw = dict(task="translate", source_lang="a", target_lang="b", source_spm=(pkg / "source.spm").read_bytes(),
              target_spm=(pkg / "target.spm").read_bytes(), card="new")
    save_package(pkg.parent / "fresh", model, **kw)
    assert parse_work_name(seen[0]) == ("fresh", "tmp", os.getpid())  # .fresh.tmp-PID-xxxx
    before = sorted((p.name, p.read_bytes()) for p in pkg.iterdir())
    with pytest.raises(FileExistsError):
        save_package(pkg, model, overwrite=False, **kw)
    assert sorted((p.name, p.read_bytes()) for p in pkg.iterdir()) == before
    assert not [p for p in pkg.parent.iterdir() if p.name.startswith(".")]


def test_a_shared_vocabulary_is_stored_once(tmp_path, tiny_bundle):
    from seq2seq_desktop.core.package import spm_path

    pkg = load_package(tiny_bundle)
    spm = (tiny_bundle / "source.spm").read_bytes()
    out = save_package(tmp_path / "shared", pkg.model, task="chat", source_lang="en", target_lang="en",
                       source_spm=spm, target_spm=spm, card="# shared\n")
    assert (out / "target.spm").stat().st_size == 0 and spm_path(out, "target") == out / "source.spm"
    again = load_package(out)
    assert again.target_tokenizer.vocab_size == again.source_tokenizer.vocab_size
    assert again.target_tokenizer.encode("1 2 3") == pkg.target_tokenizer.encode("1 2 3")
