"""Where things live: the ONLY module that knows the resource, model and user-data folders.

* In a checkout, ``resources/`` and ``models/`` sit beside the ``seq2seq_desktop`` package.
* In a frozen (PyInstaller) build they sit under ``sys._MEIPASS``.
* User data (fine-tuned models, settings) goes to ``platformdirs.user_data_dir("seq2seq-desktop")``,
  or to ``$SEQ2SEQ_DESKTOP_HOME`` when that variable is set (the tests isolate themselves that way).
  Fine-tuned models never go into the bundle, which may be read-only.

This module knows directories only and imports nothing from the package, so every layer can use it;
finding and resolving model packages inside these folders is ``core.store``'s job.
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
