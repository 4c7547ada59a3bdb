"""User settings persisted as one JSON file in the platformdirs config directory.

``load_settings`` never raises: a missing file gives the defaults, a corrupt one is moved aside
(``settings.json.corrupt``) and replaced by the defaults, and a wrong value falls back to its
default.  Every such event is returned as a human-readable warning that the window shows.
``save_settings`` writes atomically (temp file + rename) and reports failure instead of raising.
This module imports neither Qt nor torch.
"""
from __future__ import annotations

import dataclasses
import json
import logging
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from seq2seq_desktop.core.config import CHAT_TEMPERATURE, CHAT_TOP_P

__all__ = ["Settings", "load_settings", "save_settings", "default_settings_path", "DIRECTIONS",
           "CHAT_MODES", "LANGUAGES", "APP_NAME"]

logger = logging.getLogger(__name__)

APP_NAME = "seq2seq-desktop"
DIRECTIONS = ("en-ja", "ja-en")
CHAT_MODES = ("beam", "sample")
#: interface language: "system" follows the system locale (gui.i18n.resolve_language)
LANGUAGES = ("system", "en", "ja")


@dataclass
class Settings:
    """Everything the app remembers between runs (plain values only)."""

    direction: str = "en-ja"
    beam_width: int = 5
    alpha: float = 0.8
    n_best: int = 3
    max_len_ratio: float = 2.0
    no_repeat_ngram: int = 0
    live_translate: bool = False
    reverse_rerank: bool = True  # rerank the beam with the opposite-direction model (core.rerank)
    # sample and rank (core.search.sample_pool): varied replies, and the setting the chat card measures
    chat_mode: str = "sample"
    temperature: float = CHAT_TEMPERATURE
    top_p: float = CHAT_TOP_P
    seed: int | None = None
    chat_turns: int = 1  # the bundled chat model was trained on the previous turn only
    chat_specific: bool = True  # rank replies against generic ones (ANTI_LM_WEIGHT, CHAT_REVERSE_WEIGHT in core.config)
    chat_model: str = "auto"  # "auto": each message goes to the model of its language
    last_tab: int = 0
    word_view: bool = False
    geometry: str = ""  # base64 of QMainWindow.saveGeometry()
    splitter_state: str = ""
    models: dict = field(default_factory=dict)  # role ("en-ja", "ja-en", "chat-en") -> path or name
    language: str = "system"  # one of LANGUAGES; applied at the next start (gui.i18n)


# (type, low, high) for numbers, a tuple of choices for strings
_RULES = {
    "direction": DIRECTIONS,
    "beam_width": (int, 1, 16),
    "alpha": (float, 0.0, 2.0),
    "n_best": (int, 1, 16),
    "max_len_ratio": (float, 0.5, 5.0),
    "no_repeat_ngram": (int, 0, 6),
    "chat_mode": CHAT_MODES,
    "temperature": (float, 0.05, 2.0),
    "top_p": (float, 0.05, 1.0),
    "chat_turns": (int, 1, 6),
    "last_tab": (int, 0, 2),  # Translate, Dialog, Explain
    "language": LANGUAGES,
}


def default_settings_path() -> Path:
    """``settings.json`` in the user config dir (``SEQ2SEQ_DESKTOP_HOME`` overrides the root)."""
    home = os.environ.get("SEQ2SEQ_DESKTOP_HOME")
    if home:
        return Path(home) / "config" / "settings.json"
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "settings.json"


def _check(name: str, value, default):
    """Return ``value`` if valid for field ``name``, else raise ``ValueError``."""
    rule = _RULES.get(name)
    if isinstance(rule, tuple) and rule and isinstance(rule[0], type):
        kind, lo, hi = rule
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError(f"expected a number, got {value!r}")
        if kind is int and float(value) != int(value):
            raise ValueError(f"expected a whole number, got {value!r}")
        if not lo <= value <= hi:
            raise ValueError(f"{value!r} is outside [{lo}, {hi}]")
        return kind(value)
    if isinstance(rule, tuple):
        if value not in rule:
            raise ValueError(f"{value!r} is not one of {', '.join(rule)}")
        return value
    if name == "seed":
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            raise ValueError(f"expected a whole number or null, got {value!r}")
        return value
    if name == "models":
        if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
            raise ValueError("expected an object of role -> model path")
        return dict(value)
    if type(value) is not type(default):
        raise ValueError(f"expected {type(default).__name__}, got {value!r}")
    return value


def settings_from_dict(data: dict) -> tuple[Settings, list[str]]:
    """Build ``Settings`` from a decoded JSON object; bad or unknown entries become warnings."""
    base = Settings()
    warnings: list[str] = []
    values = {}
    for f in dataclasses.fields(Settings):
        if f.name not in data:
            continue
        try:
            values[f.name] = _check(f.name, data[f.name], getattr(base, f.name))
        except ValueError as exc:
            warnings.append(f"setting '{f.name}' ignored ({exc}); using the default")
    unknown = sorted(set(data) - {f.name for f in dataclasses.fields(Settings)})
    if unknown:
        logger.info("ignoring unknown settings: %s", ", ".join(unknown))
    return dataclasses.replace(base, **values), warnings


def load_settings(path: str | Path | None = None) -> tuple[Settings, list[str]]:
    """Read settings; never raises.

    Returns
    -------
    (Settings, list[str])
        The settings and warnings to show the user (empty when all was well).
    """
    path = Path(path) if path is not None else default_settings_path()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Settings(), []
    except OSError as exc:
        return Settings(), [f"could not read the settings file {path} ({exc.strerror}); using defaults"]
    try:
        data = json.loads(raw.decode("utf-8"))
        if not isinstance(data, dict):
            raise ValueError("not a JSON object")
    except (ValueError, UnicodeDecodeError) as exc:
        backup = path.with_name(path.name + ".corrupt")
        try:
            os.replace(path, backup)
            where = f"; the damaged file was kept as {backup.name}"
        except OSError:
            where = ""
        logger.warning("corrupt settings file %s: %s", path, exc)
        return Settings(), [f"the settings file {path} was damaged and has been reset to defaults{where}"]
    return settings_from_dict(data)


def save_settings(settings: Settings, path: str | Path | None = None) -> bool:
    """Write settings atomically; return False (and log) if that is impossible."""
    path = Path(path) if path is not None else default_settings_path()
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".settings-", suffix=".json", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(dataclasses.asdict(settings), f, indent=2, ensure_ascii=False)
            f.write("\n")
        os.replace(tmp, path)
        return True
    except OSError as exc:
        logger.warning("could not save settings to %s: %s", path, exc)
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
        return False
