"""Where things live: the ONLY module that knows the resource, model and user-data folders.

* In a checkout, ``resources/`` and ``models/`` sit beside the ``seq2seq_desktop`` package.
* In a frozen (PyInstaller) build they sit under ``sys._MEIPASS``.
* User data (fine-tuned models, settings) goes to ``platformdirs.user_data_dir("seq2seq-desktop")``,
  or to ``$SEQ2SEQ_DESKTOP_HOME`` when that variable is set (the tests isolate themselves that way).
  Fine-tuned models never go into the bundle, which may be read-only.

A *model package* is a directory holding ``config.json`` (see ``core.package``).  This module
imports nothing heavy: package metadata is read only when a name has to be resolved.
"""
from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

__all__ = [
    "APP_NAME",
    "HOME_ENV",
    "app_root",
    "resources_dir",
    "bundled_models_dir",
    "user_data_dir",
    "user_models_dir",
    "find_models",
    "resolve_model",
    "default_model",
]

logger = logging.getLogger(__name__)

APP_NAME = "seq2seq-desktop"
#: environment variable overriding the user data directory
HOME_ENV = "SEQ2SEQ_DESKTOP_HOME"


def app_root() -> Path:
    """Folder holding ``resources/`` and ``models/``: ``sys._MEIPASS`` when frozen, else the checkout."""
    if getattr(sys, "frozen", False) and hasattr(sys, "_MEIPASS"):
        return Path(sys._MEIPASS)
    return Path(__file__).resolve().parent.parent


def resources_dir() -> Path:
    """Bundled read-only resources (icons, fonts, sample texts)."""
    return app_root() / "resources"


def bundled_models_dir() -> Path:
    """Model packages shipped with the app (read-only)."""
    return app_root() / "models"


def user_data_dir(create: bool = False) -> Path:
    """Per-user writable data folder (``$SEQ2SEQ_DESKTOP_HOME`` overrides platformdirs)."""
    override = os.environ.get(HOME_ENV)
    if override:
        path = Path(override)
    else:
        import platformdirs

        path = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    if create:
        path.mkdir(parents=True, exist_ok=True)
    return path


def user_models_dir(create: bool = False) -> Path:
    """Where fine-tuned / user-installed model packages go."""
    path = user_data_dir() / "models"
    if create:
        path.mkdir(parents=True, exist_ok=True)
    return path


def find_models() -> list[Path]:
    """Package directories (those with a ``config.json``): bundled first, then the user's, by name."""
    found = []
    for root in (bundled_models_dir(), user_models_dir()):
        if root.is_dir():
            found.extend(sorted(p for p in root.iterdir() if p.is_dir() and (p / "config.json").is_file()
                                and not p.name.startswith(".")))  # dot dirs: save_package temp/old copies
    return found


def _package_name(path: Path) -> str | None:
    """Return the ``name`` in a package's config.json, or None if unreadable (no torch import)."""
    import json

    try:
        data = json.loads((path / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data.get("name") if isinstance(data, dict) else None


def resolve_model(name_or_path: str | os.PathLike) -> Path:
    """Turn a package path or a package name into a package directory.

    An existing directory is returned as is.  Otherwise the name is matched against the folder
    names, then the configured names, of ``find_models()``.

    Raises
    ------
    ModelLoadError
        When nothing matches; the message lists the available names.
    """
    from .core.errors import ModelLoadError

    path = Path(name_or_path).expanduser()
    if path.is_dir():
        return path
    name = str(name_or_path)
    models = find_models()
    for p in models:
        if p.name == name:
            return p
    for p in models:
        if _package_name(p) == name:
            return p
    available = ", ".join(p.name for p in models) or "none installed"
    raise ModelLoadError(f"no model package named or found at {name!r}; available: {available}")


def default_model(task: str = "translate", source_lang: str | None = None) -> Path | None:
    """First package (bundled before user) of ``task`` whose source language matches, or None."""
    import json

    for p in find_models():
        try:
            data = json.loads((p / "config.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if data.get("task") == task and (source_lang is None or data.get("source_lang") == source_lang):
            return p
    return None
