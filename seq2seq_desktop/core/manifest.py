"""A model package's files on disk: their names, the manifest of checksums, fsync, the cheap config read.

``package`` (which needs torch) and ``store`` (which must not) both write packages; everything
about the files themselves lives here, so that the manifest has one format and one writer:

    manifest.json   {"format_version": 1, "files": {name: {"sha256": hex, "size": bytes}, ...}}

for every name in ``PACKAGE_FILES``.  ``read_package_name`` / ``read_package_config`` read a
package's ``config.json`` without validating it (listing and lookup by name; no torch import).
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
from pathlib import Path

__all__ = ["FORMAT_VERSION", "PACKAGE_FILES", "MANIFEST", "sha256_file", "build_manifest", "write_manifest",
           "fsync_files", "read_package_config", "read_package_name"]

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
