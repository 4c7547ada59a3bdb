"""core.user_models: list, rename, delete, export/import; bundled models are never touched."""
import hashlib
import json
import shutil
import tarfile
import zipfile

import pytest

from seq2seq_desktop.core.errors import ConfigError, ModelLoadError
from seq2seq_desktop.core.package import load_package, read_package_info, save_package
from seq2seq_desktop.core.store import (
    bundled_counterpart,
    check_model_name,
    delete_model,
    export_model,
    find_entry,
    find_models,
    import_model,
    is_user_model,
    list_models,
    rename_model,
    resolve_model,
    unique_name,
)
from seq2seq_desktop.paths import user_models_dir


def digest(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.fixture
def bundled(tmp_path, monkeypatch, tiny_bundle):
    """A private bundled-models folder holding the tiny model (the checkout's models/ is left alone)."""
    root = tmp_path / "bundled"
    root.mkdir()
    shutil.copytree(tiny_bundle, root / "tiny-reverse")
    monkeypatch.setattr("seq2seq_desktop.paths.bundled_models_dir", lambda: root)
    return root / "tiny-reverse"


def make_user_model(bundled, name, finetune=None):
    pkg = load_package(bundled)
    return save_package(user_models_dir(create=True) / name, pkg.model, task="translate", source_lang="digits",
                        target_lang="digits-reversed", source_spm=(bundled / "source.spm").read_bytes(),
                        target_spm=(bundled / "target.spm").read_bytes(), card=f"# {name}\n", name=name,
                        extra={"finetune": finetune or {"base_model": "tiny-reverse", "pairs": 10,
                                                        "date": "2026-01-01", "before": {"bleu": 1.0, "chrf": 2.0},
                                                        "after": {"bleu": 3.0, "chrf": 4.0}}})


def user_names():
    return sorted(p.name for p in user_models_dir().iterdir())


def test_list_models_bundled_first_with_cards(bundled):
    make_user_model(bundled, "mine")
    entries = list_models()
    assert [(e.name, e.origin) for e in entries] == [("tiny-reverse", "bundled"), ("mine", "user")]
    mine = entries[1]
    assert mine.is_user and not entries[0].is_user
    facts = dict(mine.facts())
    assert facts["Base model"] == "tiny-reverse" and facts["Pairs"] == "10" and facts["Date"] == "2026-01-01"
    assert facts["Held-out BLEU"] == "1.00 \u2192 3.00"
    assert mine.card.startswith("# mine")
    assert find_entry("mine").path == mine.path


def test_broken_package_is_listed_with_its_problem(bundled):
    folder = user_models_dir(create=True) / "broken"
    folder.mkdir()
    (folder / "config.json").write_text("{}")
    broken = [e for e in list_models() if e.path.name == "broken"][0]
    assert broken.info is None and "missing" in broken.error
    assert dict(broken.facts())["Problem"] == broken.error


def test_names_are_checked(bundled):
    assert check_model_name("  en-ja terms (v2)  ") == "en-ja terms (v2)"
    for bad, msg in (("", "empty"), ("a/b", "may use"), (".hidden", "may use"), ("x" * 65, "at most 64"),
                     ("tiny-reverse", "bundled")):
        with pytest.raises(ConfigError, match=msg):
            check_model_name(bad)
    make_user_model(bundled, "mine")
    with pytest.raises(ConfigError, match="already exists"):
        check_model_name("mine", allow_existing=False)
    assert unique_name("mine") == "mine-2"


def test_rename_updates_folder_and_name_and_stays_valid(bundled):
    old = make_user_model(bundled, "mine")
    weights = (old / "model.safetensors").read_bytes()
    new = rename_model(old, "renamed")
    assert not old.exists() and new == user_models_dir() / "renamed"
    info = read_package_info(new, verify=True)  # manifest rewritten consistently
    assert info.name == "renamed"
    assert (new / "model.safetensors").read_bytes() == weights
    assert resolve_model("renamed") == new
    assert user_names() == ["renamed"]


def test_rename_refuses_bundled_and_taken_names(bundled):
    files = digest(bundled)
    with pytest.raises(ConfigError, match="bundled"):
        rename_model(bundled, "x")
    a, b = make_user_model(bundled, "a"), make_user_model(bundled, "b")
    with pytest.raises(ConfigError, match="already exists"):
        rename_model(a, "b")
    assert digest(bundled) == files and a.exists() and b.exists()


def test_failed_rename_leaves_the_model_intact(bundled, monkeypatch):
    old = make_user_model(bundled, "mine")
    files = digest(old)
    import seq2seq_desktop.core.store as um

    def crash(*_a, **_k):
        raise OSError("power cut (simulated)")

    monkeypatch.setattr(um, "fsync_files", crash)
    with pytest.raises(OSError, match="simulated"):
        rename_model(old, "renamed")
    assert digest(old) == files and user_names() == ["mine"]
    load_package(old)


def test_delete_user_model_but_never_bundled(bundled):
    files = digest(bundled)
    with pytest.raises(ConfigError, match="bundled"):
        delete_model(bundled)
    mine = make_user_model(bundled, "mine")
    delete_model(mine)
    assert not mine.exists() and user_names() == []
    assert digest(bundled) == files
    assert [p.name for p in find_models()] == ["tiny-reverse"]


def test_export_import_round_trip(bundled, tmp_path):
    mine = make_user_model(bundled, "mine")
    archive = export_model(mine, tmp_path / "out" / "mine")
    assert archive.name == "mine.zip" and zipfile.is_zipfile(archive)
    assert not list(archive.parent.glob("*.part"))
    imported = import_model(archive)  # same name is taken: made unique
    assert imported.name == "mine-2"
    assert load_package(imported).info.name == "mine-2"
    named = import_model(archive, name="fresh")
    assert read_package_info(named, verify=True).name == "fresh"
    assert is_user_model(named)


def test_exported_bundled_model_imports_under_a_new_name(bundled, tmp_path):
    archive = export_model(bundled, tmp_path / "tiny-reverse.zip")
    imported = import_model(archive)
    assert imported.name == "tiny-reverse-imported"
    assert bundled_counterpart(find_entry(imported)) == bundled


def test_tar_archives_are_accepted(bundled, tmp_path):
    mine = make_user_model(bundled, "mine")
    tar = tmp_path / "mine.tar.gz"
    with tarfile.open(tar, "w:gz") as tf:
        tf.add(mine, arcname="mine")
    assert import_model(tar).name == "mine-2"


def bad_zip(path, files):
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return path


@pytest.mark.parametrize("case, message", [
    ("not_archive", "not a model package archive"),
    ("traversal", "unsafe path"),
    ("extra_file", "unexpected file"),
    ("incomplete", "missing"),
    ("corrupt_weights", "does not match its checksum"),
    ("bad_config", "not a valid model package"),
])
def test_invalid_archives_are_refused_and_leave_nothing(bundled, tmp_path, case, message):
    files = {n: (bundled / n).read_bytes() for n in
             ("config.json", "model.safetensors", "source.spm", "target.spm", "MODEL_CARD.md", "manifest.json")}
    path = tmp_path / "bad.zip"
    if case == "not_archive":
        path.write_bytes(b"hello, I am a text file")
    elif case == "traversal":
        bad_zip(path, {**files, "../evil.txt": b"x"})
    elif case == "extra_file":
        bad_zip(path, {**files, "run.sh": b"rm -rf /"})
    elif case == "incomplete":
        bad_zip(path, {k: v for k, v in files.items() if k != "target.spm"})
    elif case == "corrupt_weights":
        bad_zip(path, {**files, "model.safetensors": files["model.safetensors"][:-8] + b"\0" * 8})
    else:
        cfg = json.loads(files["config.json"])
        cfg["format_version"] = 99
        bad_zip(path, {**files, "config.json": json.dumps(cfg).encode()})
    with pytest.raises(ModelLoadError, match=message):
        import_model(path)
    assert not user_models_dir().exists() or user_names() == []


def test_revert_target_is_the_base_or_same_direction(bundled):
    mine = make_user_model(bundled, "mine", finetune={"base_model": "gone"})
    assert bundled_counterpart(find_entry(mine)) == bundled  # same task and direction
