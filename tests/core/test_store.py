"""core.user_models: list, rename, delete, export/import; bundled models are never touched."""
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import time
import zipfile
from pathlib import Path

import pytest

from seq2seq_desktop.core import manifest
from seq2seq_desktop.core import store as um
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


# ------------------------------------------------------------------ crash safety and recovery
# the newer store API is looked up in each test (um.NAME)

REPO = Path(__file__).resolve().parents[2]


def run_child(code, *args, env=None):
    """Run python ``code`` in a child process (the package from this checkout); returns it finished."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-c", code, *map(str, args)], cwd=REPO, env=full_env,
                          capture_output=True, text=True, timeout=120)


def dead_pid():
    p = subprocess.Popen([sys.executable, "-c", "pass"])
    p.wait()
    return p.pid


CRASH_MID_SAVE = """
import os, sys
from seq2seq_desktop.core import package as P
pkg = P.load_package(sys.argv[1])
P.fsync_files = lambda *_a: os._exit(9)  # killed after writing every file, before the rename
P.save_package(sys.argv[2], pkg.model, task="translate", source_lang="digits", target_lang="digits-reversed",
               source_spm=b"x", target_spm=b"x", card="# mine\\n", name="mine")
"""

CRASH_BETWEEN_RENAMES = """
import os, sys
from seq2seq_desktop.core import package as P
pkg = P.load_package(sys.argv[1])
real, calls = os.replace, []
def replace(a, b):
    real(a, b)
    calls.append(b)
    if len(calls) == int(sys.argv[3]):
        os._exit(9)  # power cut right after this rename
os.replace = replace
P.save_package(sys.argv[2], pkg.model, task="translate", source_lang="digits", target_lang="digits-reversed",
               source_spm=(P.Path(sys.argv[1]) / "source.spm").read_bytes(),
               target_spm=(P.Path(sys.argv[1]) / "target.spm").read_bytes(), card="# mine v2\\n", name="mine")
"""


def hidden(root):
    return sorted(p.name for p in root.iterdir() if p.name.startswith("."))


def test_crashed_save_leaves_a_temp_folder_that_the_next_start_removes(bundled):
    root = user_models_dir(create=True)
    child = run_child(CRASH_MID_SAVE, bundled, root / "mine")
    assert child.returncode == 9, child.stderr
    left = hidden(root)
    assert len(left) == 1 and left[0].startswith(".mine.tmp-")  # the crash left ~a package behind
    assert [p.name for p in find_models()] == ["tiny-reverse"]  # a listing tidies up first
    assert hidden(root) == []
    mine = manifest.temp_dir(root, "other")  # a save of this (live) process: never touched
    legacy_old = root / ".x.tmp-abcd1234"  # written by an older version, no owner recorded
    legacy_new = root / ".y.tmp-efgh5678"
    legacy_old.mkdir()
    legacy_new.mkdir()
    day_ago = time.time() - 2 * 24 * 3600
    os.utime(legacy_old, (day_ago, day_ago))
    assert [p.name for p in find_models()] == ["tiny-reverse"]  # a listing tidies up first
    assert hidden(root) == sorted([mine.name, legacy_new.name])


def test_replacement_interrupted_between_renames_is_restored_at_start(bundled):
    old = make_user_model(bundled, "mine")
    files = digest(old)
    child = run_child(CRASH_BETWEEN_RENAMES, bundled, old, 1)  # after "mine" -> backup, before tmp -> "mine"
    assert child.returncode == 9, child.stderr
    assert not old.exists()  # the window: only the backup is left
    assert any(n.startswith(".mine.old-") for n in hidden(old.parent))
    assert [p.name for p in find_models()] == ["tiny-reverse", "mine"]
    assert digest(old) == files  # the previous model is back, intact
    assert hidden(old.parent) == []  # and the unfinished new one is gone
    load_package(old)


def test_replacement_interrupted_after_the_new_one_is_in_place_keeps_the_new(bundled):
    old = make_user_model(bundled, "mine")
    child = run_child(CRASH_BETWEEN_RENAMES, bundled, old, 2)  # both renames done, backup not yet removed
    assert child.returncode == 9, child.stderr
    assert any(n.startswith(".mine.old-") for n in hidden(old.parent))
    um.recover_user_models()
    assert hidden(old.parent) == []
    assert read_package_info(old, verify=True).card.startswith("# mine v2")


def test_a_failed_second_rename_puts_the_old_package_back(bundled, monkeypatch):
    old = make_user_model(bundled, "mine")
    files = digest(old)
    real = os.replace

    def fail_second(a, b):
        if Path(a).name.startswith(".mine.tmp-"):
            raise OSError("device went away (simulated)")
        return real(a, b)

    monkeypatch.setattr(os, "replace", fail_second)
    with pytest.raises(OSError, match="simulated"):
        make_user_model(bundled, "mine")
    monkeypatch.undo()
    assert digest(old) == files and hidden(old.parent) == []


def test_stale_backup_with_a_dead_owner_is_removed_when_the_package_exists(bundled):
    old = make_user_model(bundled, "mine")
    backup = old.parent / f".mine.old-{dead_pid()}-zz"
    shutil.copytree(old, backup)
    assert "removed .mine.old" in " ".join(um.recover_user_models())
    assert hidden(old.parent) == [] and old.exists()


# ------------------------------------------------------------------ name reservations
def test_a_reserved_name_is_refused_until_released(bundled):
    first = um.reserve_name("mine")
    assert (user_models_dir() / ".mine.lock").is_file() and um.reservation_holder("mine") == os.getpid()
    with pytest.raises(ConfigError, match="another fine-tune.*'mine'"):
        um.reserve_name("mine")
    assert unique_name("mine") == "mine-2"  # the GUI's proposed name skips it
    first.release()
    assert um.reservation_holder("mine") is None and not (user_models_dir() / ".mine.lock").exists()
    with um.reserve_name("mine") as again:
        assert again.held
    assert not again.held


def test_a_lock_of_a_process_that_is_gone_is_taken_over_and_tidied(bundled):
    root = user_models_dir(create=True)
    (root / ".mine.lock").write_text(json.dumps({"pid": dead_pid(), "token": "t"}), encoding="utf-8")
    (root / ".other.lock").write_text(json.dumps({"pid": dead_pid(), "token": "t"}), encoding="utf-8")
    assert um.reservation_holder("mine") is None
    um.reserve_name("mine").release()
    um.recover_user_models()
    assert hidden(root) == []


def test_a_name_reserved_by_another_process_is_refused(bundled):
    with subprocess.Popen(
            [sys.executable, "-c", "import sys; from seq2seq_desktop.core.store import reserve_name\n"
             "r = reserve_name('mine'); print('ready', flush=True); sys.stdin.readline()"],
            cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True) as holder:
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(ConfigError, match=f"process {holder.pid}"):
            um.reserve_name("mine")
        with pytest.raises(ConfigError, match="another fine-tune"):
            import_model(export_model(bundled, user_models_dir().parent / "x.zip"), name="mine")
        holder.stdin.close()
    assert um.reservation_holder("mine") is None  # its process ended: the name is free again


# ------------------------------------------------------------------ where models are saved
def test_destination_checks_say_what_is_wrong_in_one_line(bundled, tmp_path, monkeypatch):
    assert um.check_destination(1024) == user_models_dir() and user_models_dir().is_dir()
    assert hidden(user_models_dir()) == []  # the write probe is gone

    blocker = tmp_path / "data-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("SEQ2SEQ_DESKTOP_HOME", str(blocker))
    with pytest.raises(um.StorageError, match="data-file is a file, not a folder") as info:
        um.check_destination()
    assert "\n" not in str(info.value)
    monkeypatch.setenv("SEQ2SEQ_DESKTOP_HOME", str(tmp_path / "home"))

    import tempfile

    def read_only(*_a, dir=None, **_k):  # what a read-only folder does (the tests run as root)
        raise PermissionError(13, "Permission denied", str(Path(dir) / ".write-test-x"))

    with monkeypatch.context() as m:
        m.setattr(tempfile, "mkstemp", read_only)
        with pytest.raises(um.StorageError, match="read-only") as info:
            um.check_destination()
    assert "Errno" not in str(info.value) and ".write-test" not in str(info.value)

    import shutil as sh

    with monkeypatch.context() as m:
        m.setattr(sh, "disk_usage", lambda _p: sh._ntuple_diskusage(10**9, 10**9 - 5000, 5000))
        with pytest.raises(um.StorageError, match="not enough free space.*needs about 2.0 MB and 4.9 KB are free"):
            um.check_destination(2 * 1024 * 1024)


# ------------------------------------------------------------------ listing verifies; rename retitles
def test_list_models_verify_shows_a_damaged_package(bundled):
    mine = make_user_model(bundled, "mine")
    assert all(e.error is None for e in list_models(verify=True))
    with open(mine / "model.safetensors", "r+b") as f:
        f.seek(200)
        f.write(b"\x00\x01\x02\x03")
    entry = [e for e in list_models(verify=True) if e.path == mine][0]
    assert "does not match its checksum" in entry.error


def test_rename_updates_the_card_heading(bundled):
    old = make_user_model(bundled, "mine")
    new = rename_model(old, "renamed")
    card = read_package_info(new, verify=True).card
    assert card.startswith("# renamed\n") and "# mine" not in card
    assert (old.parent / "renamed" / "MODEL_CARD.md").read_text(encoding="utf-8").startswith("# renamed")


def test_a_package_folder_can_be_imported(bundled, tmp_path):
    folder = tmp_path / "kept" / "mine"
    shutil.copytree(bundled, folder)
    imported = import_model(folder)
    assert imported.name == "tiny-reverse-imported" or imported.name.startswith("mine")
    read_package_info(imported, verify=True)
    assert folder.is_dir()  # copied, not moved
