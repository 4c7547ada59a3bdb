"""The user glossary: terms translated one fixed way ("always translate X as Y") or kept as they are.

A glossary is a list of ``GlossaryEntry(source, target)`` for one direction (an empty target keeps
the term as typed).  The engine enforces it through the placeholder mechanism of ``core.protect``:
the term becomes a placeholder the model carries to the right place (with the right particles
around it), and the user's target text replaces the placeholder afterwards.

Files:

* **TSV** (import/export and ``seq2seq translate --glossary FILE``): one ``source<TAB>target`` per
  line, UTF-8; an empty target (or no tab) means keep as is; blank lines and lines starting with
  ``#`` are skipped.  Errors name the file and line.
* **The app's glossary** (``load_user_glossary`` / ``save_user_glossary``): a JSON file in the user
  data folder with every direction's rows, each with an ``enabled`` flag, written atomically (temp
  file + rename) so a crash or a full disk never leaves a half-written glossary.
"""
from __future__ import annotations

import json
import logging
import os
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import DataError
from .protect import GlossaryEntry

__all__ = ["GlossaryRow", "parse_glossary", "load_glossary", "format_glossary", "save_glossary_tsv",
           "user_glossary_path", "load_user_glossary", "save_user_glossary", "active_entries", "MAX_TERM_CHARS"]

logger = logging.getLogger(__name__)

#: longest term (either side) a glossary accepts: a term, not a paragraph
MAX_TERM_CHARS = 200
_FILE_NAME = "glossary.json"


@dataclass(frozen=True)
class GlossaryRow:
    """One row of the app's glossary table: an entry and whether it is used."""

    source: str
    target: str = ""
    enabled: bool = True

    def entry(self) -> GlossaryEntry:
        """The engine's form of the row."""
        return GlossaryEntry(self.source, self.target)


def _check_term(text: str, where: str) -> str:
    text = " ".join(text.split())
    if len(text) > MAX_TERM_CHARS:
        raise DataError.format("{where}: the term is longer than {limit} characters", where=where, limit=MAX_TERM_CHARS)
    if any(ord(ch) < 32 for ch in text):
        raise DataError.format("{where}: the term holds control characters", where=where)
    return text


def parse_glossary(text: str, name: str = "glossary") -> list[GlossaryEntry]:
    """Entries of a glossary TSV text; raises ``DataError`` naming the line of the first bad row."""
    entries: list[GlossaryEntry] = []
    seen: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) > 2:
            raise DataError.format("{name}:{line}: expected 'source<TAB>target', found {columns} columns",
                                   name=name, line=number, columns=len(cols))
        source = _check_term(cols[0], f"{name}:{number}")
        target = _check_term(cols[1], f"{name}:{number}") if len(cols) == 2 else ""
        if not source:
            raise DataError.format("{name}:{line}: the source term is empty", name=name, line=number)
        key = source.casefold()
        if key in seen:
            raise DataError.format("{name}:{line}: '{term}' is already on line {first}",
                                   name=name, line=number, term=source, first=seen[key])
        seen[key] = number
        entries.append(GlossaryEntry(source, target))
    return entries


def load_glossary(path: str | os.PathLike) -> list[GlossaryEntry]:
    """Read a glossary TSV file (UTF-8, with or without a byte-order mark).

    Raises
    ------
    DataError
        The file cannot be read, is not UTF-8 text, or has a malformed line.
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DataError.format("cannot read glossary {path}: {reason}", path=path, reason=exc.strerror or exc) from exc
    if b"\x00" in raw[:4096]:
        raise DataError.format("{name} is not a text file", name=path.name)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DataError.format("{name} is not UTF-8 text (Shift-JIS?); re-save it as UTF-8", name=path.name) from None
    return parse_glossary(text, path.name)


def format_glossary(entries: Iterable[GlossaryEntry]) -> str:
    """TSV text of ``entries`` (what ``parse_glossary`` reads back)."""
    return "".join(f"{e.source}\t{e.target}\n" for e in entries)


def _write_atomic(path: Path, data: str) -> None:
    """Write ``data`` to ``path`` through a temp file in the same folder, renamed into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def save_glossary_tsv(path: str | os.PathLike, entries: Iterable[GlossaryEntry]) -> None:
    """Export ``entries`` as a TSV file (atomically)."""
    try:
        _write_atomic(Path(path), format_glossary(entries))
    except OSError as exc:
        raise DataError.format("cannot write {path}: {reason}", path=path, reason=exc.strerror or exc) from exc


def user_glossary_path() -> Path:
    """Where the app keeps its glossary (the user data folder)."""
    from ..paths import user_data_dir

    return user_data_dir() / _FILE_NAME


def load_user_glossary(path: Path | None = None) -> dict[str, list[GlossaryRow]]:
    """The app's glossary: direction (``"en-ja"``) -> rows.  A missing file is an empty glossary;
    an unreadable or damaged one raises ``DataError`` (the caller keeps the file for the user)."""
    path = path or user_glossary_path()
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {str(direction): [GlossaryRow(str(r["source"]), str(r.get("target", "")), bool(r.get("enabled", True)))
                                 for r in rows]
                for direction, rows in data.get("directions", {}).items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise DataError.format("the glossary file {path} is damaged ({error}); it was left as it is",
                               path=path, error=exc) from exc


def save_user_glossary(glossary: dict[str, Sequence[GlossaryRow]], path: Path | None = None) -> None:
    """Write the app's glossary atomically; raises ``DataError`` when the folder is not writable."""
    path = path or user_glossary_path()
    data = {"version": 1, "directions": {d: [{"source": r.source, "target": r.target, "enabled": r.enabled}
                                             for r in rows] for d, rows in glossary.items()}}
    try:
        _write_atomic(path, json.dumps(data, ensure_ascii=False, indent=1) + "\n")
    except OSError as exc:
        raise DataError.format("cannot save the glossary to {path}: {reason}",
                               path=path, reason=exc.strerror or exc) from exc


def active_entries(rows: Iterable[GlossaryRow]) -> list[GlossaryEntry]:
    """The enabled rows with a source term, as engine entries."""
    return [r.entry() for r in rows if r.enabled and r.source.strip()]
