"""What goes into the frozen build besides code: a consistent snapshot of the models, and the data layout.

Used by ``seq2seq_desktop.spec`` (imported from ``SPECPATH``) and by ``tests/test_frozen_paths.py``.
Plain standard library, no torch: the spec runs inside PyInstaller's process.

The models in ``models/`` may be rewritten by a training run while a build copies them.
``save_package`` swaps whole directories atomically, but PyInstaller copies file by file much
later than the spec runs, so the spec bundles a *snapshot*: each package is copied into the
build folder and checked against its ``manifest.json`` (sha256 of every file); a package that
changed mid-copy is copied again.

Layout inside the bundle (``sys._MEIPASS``, i.e. ``dist/seq2seq-desktop/_internal``), the one that
``seq2seq_desktop.paths`` expects::

    resources/...          the checkout's resources/ (samples, icons, fonts + licence)
    models/<name>/...      one folder per model package
"""
from __future__ import annotations

import hashlib
import json
import shutil
import time
from pathlib import Path

__all__ = ["MODELS_DEST", "REQUIRED_MODELS", "RESOURCES_DEST", "BundleError", "data_entries",
           "snapshot_models", "verify_package"]

#: bundle-relative folders; must match seq2seq_desktop.paths.resources_dir / bundled_models_dir
RESOURCES_DEST = "resources"
MODELS_DEST = "models"
#: packages the app loads by default (gui.main_window.DEFAULT_MODELS, selftest.ROLES)
REQUIRED_MODELS = ("en-ja", "ja-en", "chat-en")
#: never bundled from resources/ (editor and tool leftovers)
_SKIP_NAMES = {"__pycache__", ".DS_Store", "Thumbs.db"}


class BundleError(RuntimeError):
    """The models or resources cannot be bundled; the message says why and what to do."""


def _sha256(path: Path) -> str:
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def verify_package(pkg: Path) -> list[str]:
    """Problems of the package at ``pkg`` (missing files, checksum mismatches); empty when sound."""
    manifest_path = pkg / "manifest.json"
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        files = manifest["files"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return [f"{manifest_path}: unreadable ({exc})"]
    if not (pkg / "config.json").is_file():
        return [f"{pkg}: no config.json"]
    problems = []
    for name, entry in files.items():
        f = pkg / name
        if not f.is_file():
            problems.append(f"{f}: missing")
        elif not isinstance(entry, dict) or _sha256(f) != entry.get("sha256"):
            problems.append(f"{f}: checksum differs from manifest.json")
    return problems


def _packages(models_dir: Path) -> list[Path]:
    if not models_dir.is_dir():
        return []
    return sorted(p for p in models_dir.iterdir()
                  if p.is_dir() and not p.name.startswith(".") and (p / "config.json").is_file())


def snapshot_models(models_dir: Path, dest: Path, required: tuple[str, ...] = REQUIRED_MODELS,
                    attempts: int = 5, wait: float = 3.0) -> Path:
    """Copy every package of ``models_dir`` into ``dest`` and verify each copy; returns ``dest``.

    Dot-folders (``save_package`` temporaries) are skipped.  A copy that fails its manifest
    (the source was being rewritten) is retried up to ``attempts`` times, ``wait`` seconds apart.

    Raises
    ------
    BundleError
        A required package is missing, or a package stays inconsistent.
    """
    models_dir, dest = Path(models_dir), Path(dest)
    packages = _packages(models_dir)
    names = {p.name for p in packages}
    missing = [n for n in required if n not in names]
    if missing:
        raise BundleError(f"{models_dir} lacks the model package(s) {', '.join(missing)} "
                          f"(found: {', '.join(sorted(names)) or 'none'}). Train/export them first, "
                          "or point SEQ2SEQ_MODELS_DIR (build.py --models-dir) at a folder that has them.")
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for pkg in packages:
        target = dest / pkg.name
        for attempt in range(1, attempts + 1):
            if target.exists():
                shutil.rmtree(target)
            shutil.copytree(pkg, target, ignore=shutil.ignore_patterns(".*", "__pycache__"))
            problems = verify_package(target)
            if not problems:
                break
            if attempt == attempts:
                raise BundleError(f"model package {pkg} is inconsistent after {attempts} copies "
                                  f"(being rewritten?): {'; '.join(problems)}")
            time.sleep(wait)
    return dest


def data_entries(root: Path, models_snapshot: Path) -> list[tuple[str, str]]:
    """PyInstaller ``datas`` (file, bundle folder) pairs for resources/ and the model snapshot.

    Files are listed one by one (not as folders) so leftovers in ``_SKIP_NAMES`` stay out.

    Raises
    ------
    BundleError
        ``root/resources`` does not exist.
    """
    resources = Path(root) / "resources"
    if not resources.is_dir():
        raise BundleError(f"{resources} does not exist: run the build from a complete checkout")
    entries = []
    for base, dest_root in ((resources, RESOURCES_DEST), (Path(models_snapshot), MODELS_DEST)):
        for f in sorted(base.rglob("*")):
            rel = f.relative_to(base)
            if f.is_file() and not any(part in _SKIP_NAMES for part in rel.parts):
                entries.append((str(f), str(Path(dest_root, *rel.parts[:-1]))))
    return entries
