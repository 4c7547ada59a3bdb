"""A model package's files on disk: their names, the manifest of checksums, fsync, the cheap config read.

``package`` (which needs torch) and ``store`` (which must not) both write packages; everything
about the files themselves lives here, so that the manifest has one format and one writer:

    manifest.json   {"format_version": 1, "files": {name: {"sha256": hex, "size": bytes}, ...}}

for every name in ``PACKAGE_FILES``.  ``read_package_name`` / ``read_package_config`` read a
package's ``config.json`` without validating it (listing and lookup by name; no torch import).

Hidden working folders
----------------------
Every writer builds a package in a hidden folder beside its destination and renames it into
place (``temp_dir`` + ``replace_folder``).  Their names record the process that owns them, so
``store.recover_user_models`` can tell a live writer's folder from a crashed one's::

    .NAME.tmp-PID-XXXX     a package being written (removed when its process is gone)
    .NAME.old-PID-XXXX     the previous package while a new one replaces it (restored as NAME
                           when the process is gone and NAME is missing, else removed)
    .NAME.deleted-PID-XXXX a package being deleted (removed)

``replace_folder`` keeps the previous package (as ``.NAME.old-...``) until the new one is in
place, and puts it back itself when the second rename fails; a crash between the two renames is
repaired by that recovery at the next start.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import tempfile
from pathlib import Path

__all__ = ["FORMAT_VERSION", "PACKAGE_FILES", "MANIFEST", "sha256_file", "build_manifest", "write_manifest",
           "fsync_files", "read_package_config", "read_package_name", "package_size", "temp_dir",
           "work_name", "work_path", "parse_work_name", "replace_folder", "WORK_KINDS"]

logger = logging.getLogger(__name__)

FORMAT_VERSION = 1
#: the files a package holds, each with a checksum in ``MANIFEST``
PACKAGE_FILES = ("config.json", "model.safetensors", "source.spm", "target.spm", "MODEL_CARD.md")
MANIFEST = "manifest.json"


def sha256_file(path: str | os.PathLike) -> str:
    """Hex sha256 of the file at ``path``."""
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def build_manifest(folder: str | os.PathLike) -> dict:
    """The manifest of the package files in ``folder`` (sha256 and size of each of ``PACKAGE_FILES``)."""
    folder = Path(folder)
    return {"format_version": FORMAT_VERSION,
            "files": {n: {"sha256": sha256_file(folder / n), "size": (folder / n).stat().st_size}
                      for n in PACKAGE_FILES}}


def write_manifest(folder: str | os.PathLike) -> Path:
    """Write ``folder/manifest.json`` for the files there now; returns its path.

    An old manifest is unlinked first rather than written in place: it may be a hard link shared
    with another package (``store.rename_model`` links the files it does not change).
    """
    path = Path(folder) / MANIFEST
    manifest = build_manifest(folder)
    path.unlink(missing_ok=True)
    path.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return path


def fsync_files(folder: str | os.PathLike) -> None:
    """Flush every file directly in ``folder`` to disk (before it is renamed into place)."""
    for f in Path(folder).iterdir():
        with open(f, "rb") as fh:
            os.fsync(fh.fileno())


def read_package_config(folder: str | os.PathLike) -> dict | None:
    """The JSON object in ``folder/config.json``, or None when it is missing, unreadable or not an object."""
    try:
        data = json.loads((Path(folder) / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def read_package_name(folder: str | os.PathLike) -> str | None:
    """The ``name`` in a package's config.json, or None when unreadable or absent."""
    data = read_package_config(folder)
    return data.get("name") if data is not None else None


def package_size(folder: str | os.PathLike) -> int:
    """Bytes taken by the package files (and manifest) in ``folder``; missing files count 0."""
    total = 0
    for name in (*PACKAGE_FILES, MANIFEST):
        try:
            total += (Path(folder) / name).stat().st_size
        except OSError:
            pass
    return total


# ---------------------------------------------------------------------- hidden working folders
#: kinds of hidden working folder (see the module docstring)
WORK_KINDS = ("tmp", "old", "deleted")
_WORK_RE = re.compile(r"^\.(?P<name>.+)\.(?P<kind>tmp|old|deleted)-(?P<pid>\d+)(?:-[^-]*)?$")


def work_name(name: str, kind: str) -> str:
    """Prefix of a hidden working folder for package ``name``: ``.NAME.KIND-PID-`` (a random tail follows)."""
    if kind not in WORK_KINDS:
        raise ValueError(f"kind={kind!r} is not one of {', '.join(WORK_KINDS)}")
    return f".{name}.{kind}-{os.getpid()}-"


def parse_work_name(folder_name: str) -> tuple[str, str, int] | None:
    """``(package name, kind, owner pid)`` of a hidden working folder's name, or None for other names.

    Folders written before the owner was recorded (``.NAME.tmp-XXXXXXXX``) give pid ``-1``.
    """
    m = _WORK_RE.match(folder_name)
    if m is not None:
        return m["name"], m["kind"], int(m["pid"])
    legacy = re.match(r"^\.(?P<name>.+)\.(?P<kind>tmp)-[^-]+$", folder_name)
    if legacy is not None:
        return legacy["name"], "tmp", -1
    return None


def work_path(parent: str | os.PathLike, name: str, kind: str) -> Path:
    """A unique, not yet existing path for a hidden working folder of package ``name`` in ``parent``."""
    path = Path(tempfile.mkdtemp(prefix=work_name(name, kind), dir=parent))
    path.rmdir()  # only the unique name is wanted: the caller renames a folder to it
    return path


def temp_dir(parent: str | os.PathLike, name: str, kind: str = "tmp") -> Path:
    """Create a hidden working folder for package ``name`` in ``parent`` (readable like a package)."""
    path = Path(tempfile.mkdtemp(prefix=work_name(name, kind), dir=parent))
    path.chmod(0o755)  # mkdtemp makes it private; a package is an ordinary readable folder
    return path


def replace_folder(new: str | os.PathLike, dest: str | os.PathLike, *, overwrite: bool = True) -> Path:
    """Rename the complete package folder ``new`` to ``dest``, keeping any previous package until then.

    With ``overwrite`` an existing ``dest`` is first renamed to a hidden ``.NAME.old-PID-...``
    backup; when the second rename fails the backup is renamed back, and after a crash between
    the two ``store.recover_user_models`` restores it.  Without ``overwrite`` an existing ``dest``
    raises ``FileExistsError`` and nothing changes (the check and the rename are one step).
    """
    new, dest = Path(new), Path(dest)
    if not overwrite or not dest.exists():
        if os.name != "nt" and dest.exists():
            raise FileExistsError(17, "a package with this name exists", str(dest))
        try:
            os.rename(new, dest)  # fails when dest appeared meanwhile (non-empty folder / Windows)
        except OSError as exc:
            if dest.exists():
                raise FileExistsError(17, "a package with this name exists", str(dest)) from exc
            raise
        return dest
    backup = work_path(dest.parent, dest.name, "old")
    os.replace(dest, backup)
    try:
        os.replace(new, dest)
    except BaseException:
        if not dest.exists():
            os.replace(backup, dest)
        raise
    shutil.rmtree(backup, ignore_errors=True)
    return dest
