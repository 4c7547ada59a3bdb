"""core.manifest: one manifest format and writer for package and store; the cheap config read."""
import hashlib
import json
import os
import shutil

from seq2seq_desktop.core import manifest
from seq2seq_desktop.core.manifest import (
    MANIFEST,
    PACKAGE_FILES,
    build_manifest,
    read_package_config,
    read_package_name,
    sha256_file,
    write_manifest,
)
from seq2seq_desktop.core.package import read_package_info


def test_sha256_file(tmp_path):
    f = tmp_path / "x.bin"
    f.write_bytes(b"\x00abc" * 1000)
    assert sha256_file(f) == hashlib.sha256(f.read_bytes()).hexdigest()


def test_saved_packages_carry_the_manifest_it_builds(tiny_bundle):
    on_disk = json.loads((tiny_bundle / MANIFEST).read_text(encoding="utf-8"))
    assert on_disk == build_manifest(tiny_bundle)
    assert sorted(on_disk["files"]) == sorted(PACKAGE_FILES)
    assert on_disk["files"]["source.spm"]["size"] == (tiny_bundle / "source.spm").stat().st_size


def test_write_manifest_replaces_a_hard_link_instead_of_writing_through_it(tiny_bundle, tmp_path):
    copy = tmp_path / "copy"
    copy.mkdir()
    for name in (*PACKAGE_FILES, MANIFEST):
        os.link(tiny_bundle / name, copy / name)
    original = (tiny_bundle / MANIFEST).read_bytes()
    (copy / "MODEL_CARD.md").unlink()
    (copy / "MODEL_CARD.md").write_text("# another card\n", encoding="utf-8")
    write_manifest(copy)
    assert (tiny_bundle / MANIFEST).read_bytes() == original  # the linked original is untouched
    read_package_info(copy, verify=True)  # and the copy verifies against its new manifest
    manifest.fsync_files(copy)


def test_read_package_name_and_config(tiny_bundle, tmp_path):
    pkg = tmp_path / "pkg"
    shutil.copytree(tiny_bundle, pkg)
    assert read_package_name(pkg) == json.loads((pkg / "config.json").read_text())["name"]
    assert read_package_config(pkg)["task"] == "translate"
    (pkg / "config.json").write_text("[1, 2]", encoding="utf-8")
    assert read_package_config(pkg) is None and read_package_name(pkg) is None
    (pkg / "config.json").write_bytes(b"\xff\xfe{{{")
    assert read_package_name(pkg) is None
    (pkg / "config.json").write_text("{}", encoding="utf-8")
    assert read_package_name(pkg) is None and read_package_config(pkg) == {}
    assert read_package_name(tmp_path / "missing") is None
