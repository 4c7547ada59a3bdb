"""Regenerate the interface translations (a developer tool; the app only reads the compiled .qm).

``python tools/update_translations.py`` (or ``python -m tools.update_translations``):

1. ``pyside6-lupdate`` scans ``seq2seq_desktop/gui/*.py`` and updates
   ``resources/translations/seq2seq_desktop_<lang>.ts`` for every language in ``LANGUAGES``: new
   source strings come in as ``<translation type="unfinished">``, strings no longer in the code are
   dropped (``-no-obsolete``), and every existing translation is kept.  Locations are not written
   (``-locations none``) so that the .ts changes only when a string does.
2. Translate the new entries: ``pyside6-linguist resources/translations/seq2seq_desktop_ja.ts``, or
   edit the XML (fill ``<translation>`` and remove its ``type="unfinished"``).
3. Run this tool again: ``pyside6-lrelease`` compiles each .ts to the .qm that ``gui.i18n`` loads.
   Commit both files.

``--check`` changes nothing and exits with 1 when the .ts lacks a source string of the code or holds
an unfinished translation (``tests/gui/test_i18n.py`` checks the same).

What is extracted: ``self.tr("...")`` (context: the enclosing class), ``QCoreApplication.translate(
"Context", "...")`` and ``QT_TRANSLATE_NOOP("Context", "...")`` for module tables translated where
they are shown.  Texts must be literals; placeholders are ``%1``, ``%2`` filled with ``str.replace``,
except the engine's messages (context ``CoreErrors``, ``gui/core_messages.py``), which keep core's
``{field}`` placeholders.
"""
from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

__all__ = ["main", "update", "check", "ts_messages", "LANGUAGES", "TS_DIR", "SOURCES"]

ROOT = Path(__file__).resolve().parent.parent
TS_DIR = ROOT / "resources" / "translations"
SOURCES = ROOT / "seq2seq_desktop" / "gui"
CATALOGUE = "seq2seq_desktop"
#: languages with a catalogue (English is the source language)
LANGUAGES = ("ja",)


def _tool(name: str) -> str:
    """``pyside6-<name>`` beside this Python (the venv's), else on PATH."""
    beside = Path(sys.executable).parent / f"pyside6-{name}"
    found = str(beside) if beside.is_file() else shutil.which(f"pyside6-{name}")
    if not found:
        raise SystemExit(f"pyside6-{name} not found: install PySide6 (pip install pyside6-essentials)")
    return found


def _sources() -> list[str]:
    return [str(p) for p in sorted(SOURCES.glob("*.py"))]


def _lupdate(ts: Path, language: str) -> None:
    subprocess.run([_tool("lupdate"), *_sources(), "-ts", str(ts), "-no-obsolete", "-locations", "none",
                    "-source-language", "en", "-target-language", language], check=True, stdout=subprocess.DEVNULL)
    # lupdate reads ``#:`` as a translator comment (Qt's ``//:``), but here ``#:`` documents the
    # constant below it: drop those comments instead of showing them beside an unrelated string
    text = ts.read_text(encoding="utf-8")
    ts.write_text(_EXTRACOMMENT.sub("", text), encoding="utf-8")


_EXTRACOMMENT = re.compile(r"\n[ \t]*<extracomment>.*?</extracomment>", re.DOTALL)


def ts_messages(ts: Path) -> dict[tuple[str, str], ET.Element]:
    """``(context, source) -> <translation>`` element of every message in ``ts``."""
    out = {}
    for ctx in ET.parse(ts).getroot().iter("context"):
        name = ctx.findtext("name") or ""
        for msg in ctx.iter("message"):
            out[(name, msg.findtext("source") or "")] = msg.find("translation")
    return out


def _unfinished(messages: dict[tuple[str, str], ET.Element]) -> list[tuple[str, str]]:
    return [key for key, tr in messages.items()
            if tr is None or tr.get("type") in ("unfinished", "vanished", "obsolete") or not (tr.text or "").strip()]


def update(languages=LANGUAGES) -> int:
    """lupdate then lrelease every catalogue; return how many translations are still missing."""
    missing = 0
    for lang in languages:
        ts = TS_DIR / f"{CATALOGUE}_{lang}.ts"
        ts.parent.mkdir(parents=True, exist_ok=True)
        _lupdate(ts, lang)
        messages = ts_messages(ts)
        todo = _unfinished(messages)
        missing += len(todo)
        subprocess.run([_tool("lrelease"), str(ts), "-qm", str(ts.with_suffix(".qm"))], check=True,
                       stdout=subprocess.DEVNULL)
        print(f"{ts.relative_to(ROOT)}: {len(messages)} strings, {len(todo)} to translate")
        for ctx, source in todo:
            print(f"  [{ctx}] {source!r}")
    return missing


def check(languages=LANGUAGES) -> list[str]:
    """Problems of the committed catalogues (nothing is written): strings missing or untranslated."""
    problems = []
    for lang in languages:
        ts = TS_DIR / f"{CATALOGUE}_{lang}.ts"
        if not ts.is_file():
            problems.append(f"{ts} does not exist")
            continue
        have = ts_messages(ts)
        with tempfile.TemporaryDirectory() as tmp:
            fresh = Path(tmp) / ts.name
            _lupdate(fresh, lang)
            wanted = set(ts_messages(fresh))
        problems += [f"{ts.name}: not in the catalogue: [{c}] {s!r}" for c, s in sorted(wanted - set(have))]
        problems += [f"{ts.name}: not translated: [{c}] {s!r}" for c, s in _unfinished(have)]
        if not ts.with_suffix(".qm").is_file():
            problems.append(f"{ts.with_suffix('.qm').name} does not exist: run this tool")
    return problems


def main(argv: list[str] | None = None) -> int:
    """Update (default) or ``--check`` the catalogues."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--check", action="store_true", help="report missing or untranslated strings; write nothing")
    args = p.parse_args(argv)
    if args.check:
        problems = check()
        print("\n".join(problems) or "translations complete")
        return 1 if problems else 0
    return 1 if update() else 0


if __name__ == "__main__":
    raise SystemExit(main())
