"""Sentence pairs for fine-tuning: read TSV / CSV / JSON Lines and say what is wrong, line by line.

Accepted input
--------------
* **TSV** ``source<TAB>target``, **CSV** ``source,target`` (RFC 4180 quoting, so fields may hold
  commas, quotes and line breaks), **JSON Lines** with one object per line
  (``{"source": ..., "target": ...}``, also ``src/tgt``, ``input/output``, or two language codes
  such as ``{"en": ..., "ja": ...}``) or a two-element array.
* UTF-8 with or without a byte-order mark, UTF-16 / UTF-32 with a byte-order mark, and the
  common Japanese legacy encodings Shift-JIS (read as its Windows superset CP932) and EUC-JP,
  detected from the bytes (``ParsedPairs.encoding``; ``summary()`` names a non-UTF-8 one);
  LF, CRLF or CR line ends.  A file that is mostly UTF-8 keeps its few undecodable lines as
  problems; a file in no known encoding is refused with "re-save it as UTF-8".
* An optional header row (``source<TAB>target``, ``en,ja``, ``English<TAB>Japanese``, ...) is
  detected and skipped; when it names languages, ``ParsedPairs.languages`` reports them.

Validation
----------
Every row that cannot be used becomes a ``PairProblem`` with its 1-based line number and a reason
(``REASONS``): one column, too many columns, empty side, over-long side, not text (undecodable
bytes or control characters), malformed JSON, duplicate of an earlier line.  Problems never stop
parsing: the caller shows them and lets the user fix or skip them; ``check_pairs`` re-validates
edited rows with the same rules.

Files larger than ``MAX_FILE_BYTES`` and binary files (NUL bytes in the first block without a
UTF-16/32 byte-order mark) are refused with a ``DataError`` *before* they are read whole.
"""
from __future__ import annotations

import codecs
import csv
import json
import logging
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..core.errors import DataError

__all__ = [
    "Pair",
    "PairProblem",
    "ParsedPairs",
    "parse_pairs_file",
    "parse_pairs_text",
    "check_pairs",
    "detect_format",
    "REASONS",
    "FORMATS",
    "ENCODINGS",
    "MAX_FILE_BYTES",
    "MAX_SIDE_CHARS",
]

logger = logging.getLogger(__name__)

#: largest pairs file read at all (16 MiB is ~100k typical pairs; fine-tuning wants 20-5,000)
MAX_FILE_BYTES = 16 * 1024 * 1024
#: longest accepted side of a pair, in characters (the bundled models train on <= 64 subwords)
MAX_SIDE_CHARS = 300
FORMATS = ("tsv", "csv", "jsonl")
#: reason code -> short label shown in tables
REASONS = {
    "one_column": "one column",
    "columns": "too many columns",
    "empty_side": "empty side",
    "too_long": "over-long",
    "undecodable": "not text",
    "malformed": "malformed",
    "duplicate": "duplicate",
}
#: codec name (``ParsedPairs.encoding``) -> what the user is told
ENCODINGS = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8 with BOM", "utf-16": "UTF-16", "utf-32": "UTF-32",
             "cp932": "Shift-JIS (CP932)", "euc_jp": "EUC-JP"}
_EXTENSIONS = {".tsv": "tsv", ".tab": "tsv", ".txt": None, ".csv": "csv", ".jsonl": "jsonl",
               ".ndjson": "jsonl", ".json": "jsonl"}
_SOURCE_KEYS = ("source", "src", "input", "from", "question", "prompt")
_TARGET_KEYS = ("target", "tgt", "output", "to", "answer", "response")
_LANG_WORDS = {"en": "en", "eng": "en", "english": "en", "英語": "en", "ja": "ja", "jp": "ja", "jpn": "ja",
               "japanese": "ja", "日本語": "ja"}
_HEADER_WORDS = set(_SOURCE_KEYS) | set(_TARGET_KEYS) | set(_LANG_WORDS) | {
    "source text", "target text", "translation", "text", "原文", "訳文", "翻訳"}


@dataclass(frozen=True)
class Pair:
    """One usable sentence pair; ``line`` is its 1-based line in the input (0 when typed)."""

    source: str
    target: str
    line: int = 0


@dataclass(frozen=True)
class PairProblem:
    """A row that cannot be used as it is.

    Attributes
    ----------
    line : int
        1-based line number in the input (for edited rows: their row number).
    reason : str
        A key of ``REASONS``.
    message : str
        Human sentence without the line number, e.g. ``"empty target"``.
    source, target : str
        The fields as parsed (so a table can offer them for fixing); ``source`` holds the raw
        text when the row had no usable columns.
    """

    line: int
    reason: str
    message: str
    source: str = ""
    target: str = ""

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass
class ParsedPairs:
    """Result of parsing: usable pairs, problems, and what was detected."""

    pairs: list[Pair] = field(default_factory=list)
    problems: list[PairProblem] = field(default_factory=list)
    format: str = "tsv"
    header: tuple[str, str] | None = None
    languages: tuple[str, str] | None = None
    had_bom: bool = False
    lines: int = 0
    encoding: str = "utf-8"

    @property
    def encoding_label(self) -> str:
        """The encoding the text was read in, for people (``ENCODINGS``)."""
        return ENCODINGS.get(self.encoding, self.encoding)

    def as_tuples(self) -> list[tuple[str, str]]:
        """The usable pairs as ``(source, target)`` tuples."""
        return [(p.source, p.target) for p in self.pairs]

    def rows(self) -> list[Pair | PairProblem]:
        """Usable pairs and problems together, in input order."""
        return sorted([*self.pairs, *self.problems], key=lambda r: r.line)

    def problem_counts(self) -> dict[str, int]:
        """Number of problems per reason label."""
        return dict(Counter(REASONS.get(p.reason, p.reason) for p in self.problems))

    def summary(self) -> str:
        """One line, e.g. ``"120 pairs; 3 problems (2 duplicate, 1 empty side)"``."""
        text = f"{len(self.pairs)} pair{'s' if len(self.pairs) != 1 else ''}"
        if self.problems:
            detail = ", ".join(f"{n} {label}" for label, n in sorted(self.problem_counts().items()))
            text += f"; {len(self.problems)} problem{'s' if len(self.problems) != 1 else ''} ({detail})"
        if self.encoding not in ("utf-8", "utf-8-sig"):
            text += f"; read as {self.encoding_label}"
        return text


# --------------------------------------------------------------------------------- validation
def _not_text(s: str) -> bool:
    """Control characters other than tab / line breaks mean binary data or a wrong encoding."""
    return any(unicodedata.category(c) == "Cc" and c not in "\t\n\r" for c in s) or "\ufffd" in s


def _clean(s: str) -> str:
    return " ".join(s.split())


def check_pairs(rows: Iterable[tuple[int, str, str]], max_chars: int = MAX_SIDE_CHARS,
                ) -> tuple[list[Pair], list[PairProblem]]:
    """Validate ``(line, source, target)`` rows with the file rules.

    Whitespace runs are collapsed.  Checks, in order: not text, empty side, over-long side,
    duplicate (same source *and* target as an earlier row; the first one is kept).

    Returns
    -------
    (pairs, problems)
        Usable pairs and problems, each in input order.
    """
    pairs: list[Pair] = []
    problems: list[PairProblem] = []
    seen: dict[tuple[str, str], int] = {}
    for line, src_raw, tgt_raw in rows:
        src, tgt = _clean(src_raw or ""), _clean(tgt_raw or "")
        if _not_text(src) or _not_text(tgt):
            problems.append(PairProblem(line, "undecodable", "not text (control characters or a wrong encoding)",
                                        src, tgt))
        elif not src or not tgt:
            side = "source and target" if not src and not tgt else ("source" if not src else "target")
            problems.append(PairProblem(line, "empty_side", f"empty {side}", src, tgt))
        elif len(src) > max_chars or len(tgt) > max_chars:
            side, n = ("source", len(src)) if len(src) > max_chars else ("target", len(tgt))
            problems.append(PairProblem(line, "too_long", f"{side} is {n} characters; the limit is {max_chars}",
                                        src, tgt))
        elif (src, tgt) in seen:
            problems.append(PairProblem(line, "duplicate", f"duplicate of line {seen[(src, tgt)]}", src, tgt))
        else:
            seen[(src, tgt)] = line
            pairs.append(Pair(src, tgt, line))
    return pairs, problems


# ------------------------------------------------------------------------------------ reading
def _check_head(head: bytes, name: str) -> None:
    """Refuse a binary file from its first block (NUL bytes without a UTF-16/32 byte-order mark)."""
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return
    if b"\x00" in head:
        if len(head) >= 8 and (head[1::2].count(0) > len(head) // 4 or head[0::2].count(0) > len(head) // 4):
            raise DataError.format("{name} looks like UTF-16 without a byte-order mark; re-save it as UTF-8", name=name)
        raise DataError.format("{name} is not a text file (it contains binary data); use a UTF-8 TSV, CSV or JSON Lines "
                               "file", name=name)


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _text_lines(text: str) -> list[tuple[int, str | None]]:
    """``(line_no, text)`` per line of decoded text; line ends as in ``bytes.splitlines`` (LF, CRLF, CR)."""
    parts = _LINE_BREAK.split(text)
    if parts and parts[-1] == "":
        parts.pop()
    return list(enumerate(parts, start=1))


def _japanese_score(text: str) -> int:
    """How much ``text`` looks like real Japanese (kana, kanji, full-width forms) rather than mis-decoded bytes."""
    score = 0
    for c in text:
        o = ord(c)
        if 0x3000 <= o <= 0x30FF or 0x4E00 <= o <= 0x9FFF or 0xFF01 <= o <= 0xFF5E:
            score += 1
        elif 0xFF61 <= o <= 0xFF9F:  # half-width katakana: rare in text, common when EUC-JP is read as CP932
            score -= 1
        elif 0xE000 <= o <= 0xF8FF:  # private use (user-defined characters)
            score -= 3
    return score


def _legacy_decode(data: bytes) -> tuple[str, str] | None:
    """``(text, codec)`` for data that decodes strictly as CP932 or EUC-JP into something that looks
    Japanese (the likelier when both do), else None."""
    found = []
    for codec in ("cp932", "euc_jp"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if _japanese_score(text) > 0:  # CP932 maps even stray 0xFD-0xFF bytes (to private use)
            found.append((text, codec))
    if not found:
        return None
    return max(found, key=lambda tc: (_japanese_score(tc[0]), tc[1] == "cp932"))


def _decode(data: bytes, name: str) -> tuple[list[tuple[int, str | None]], str, bool]:
    """Lines of the file, the codec used and whether it had a byte-order mark.

    UTF-32/16 with a BOM and UTF-8 are tried first; a file with non-UTF-8 lines and (almost) no
    UTF-8 text is tried as CP932 and EUC-JP.  Otherwise undecodable lines come back as ``None``
    (each a "not text" problem), unless most lines are: then the file is refused.

    Raises
    ------
    DataError
        A BOM file with invalid bytes, or a file in no encoding this reads.
    """
    for boms, codec in (((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE), "utf-32"),
                        ((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE), "utf-16")):
        if data.startswith(boms):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                raise DataError.format("{name} starts as {encoding} but holds invalid bytes; re-save it as UTF-8",
                                       name=name, encoding=ENCODINGS[codec]) from None
            return _text_lines(text.lstrip("\ufeff")), codec, True
    had_bom = data.startswith(codecs.BOM_UTF8)
    if had_bom:
        data = data[len(codecs.BOM_UTF8):]
    codec = "utf-8-sig" if had_bom else "utf-8"
    lines: list[tuple[int, str | None]] = []
    bad = good_non_ascii = 0
    for i, raw in enumerate(data.splitlines(), start=1):
        try:
            lines.append((i, raw.decode("utf-8")))
            good_non_ascii += not raw.isascii()
        except UnicodeDecodeError:
            lines.append((i, None))
            bad += 1
    if bad == 0 or had_bom or good_non_ascii >= bad:
        return lines, codec, had_bom
    legacy = _legacy_decode(data)
    if legacy is not None:
        return _text_lines(legacy[0]), legacy[1], False
    if bad * 2 > sum(1 for _, t in lines if t is None or t.strip()):
        raise DataError.format("{name} is not UTF-8, UTF-16, Shift-JIS or EUC-JP text; re-save it as UTF-8", name=name)
    return lines, codec, had_bom


def _human_size(n: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n} bytes"  # pragma: no cover


def detect_format(first_line: str) -> str:
    """Guess the format from the first non-empty line: JSON, tab- or comma-separated."""
    s = first_line.lstrip()
    if s.startswith(("{", "[")):
        return "jsonl"
    if "\t" in s:
        return "tsv"
    if "," in s:
        return "csv"
    return "tsv"


def _header_languages(a: str, b: str) -> tuple[str, str] | None:
    la, lb = _LANG_WORDS.get(a.strip().lower()), _LANG_WORDS.get(b.strip().lower())
    return (la, lb) if la and lb and la != lb else None


def _is_header(a: str, b: str) -> bool:
    return a.strip().lower() in _HEADER_WORDS and b.strip().lower() in _HEADER_WORDS


def _rows_tsv(lines: Iterable[tuple[int, str]]) -> Iterator[tuple[int, list[str] | str]]:
    for no, text in lines:
        yield no, text.split("\t")


def _rows_csv(lines: Sequence[tuple[int, str]]) -> Iterator[tuple[int, list[str] | str]]:
    """CSV rows with the line each starts on; a quoted field may span lines."""
    pos = 0

    def feed():
        nonlocal pos
        while pos < len(lines):
            pos += 1
            yield lines[pos - 1][1] + "\n"

    reader = csv.reader(feed(), strict=True)
    while pos < len(lines):
        start = lines[pos][0]
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            yield start, f"malformed CSV ({exc})"
            reader = csv.reader(feed(), strict=True)  # resynchronise on the next line
            continue
        yield start, row


def _pick_keys(obj: dict) -> tuple[str, str] | None:
    keys = list(obj)
    low = {k.lower(): k for k in keys if isinstance(k, str)}
    for s_key in _SOURCE_KEYS:
        for t_key in _TARGET_KEYS:
            if s_key in low and t_key in low:
                return low[s_key], low[t_key]
    langs = [k for k in keys if isinstance(k, str) and k.lower() in _LANG_WORDS]
    if len(langs) == 2:
        return langs[0], langs[1]
    if len(keys) == 2:
        return keys[0], keys[1]
    return None


def _rows_jsonl(lines: Iterable[tuple[int, str]], state: dict) -> Iterator[tuple[int, list[str] | str]]:
    for no, text in lines:
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as exc:
            yield no, f"not valid JSON ({exc.msg} at column {exc.colno})"
            continue
        if isinstance(obj, list):
            yield no, ["" if v is None else str(v) for v in obj]
            continue
        if not isinstance(obj, dict):
            yield no, "a JSON line must be an object or a two-element array"
            continue
        keys = _pick_keys(obj)
        if keys is None:
            yield no, f"no source/target keys in {sorted(map(str, obj))[:6]}"
            continue
        if state.get("keys") is None:
            state["keys"] = keys
        if not all(isinstance(obj[k], str) or obj[k] is None for k in keys):
            yield no, "source and target must be strings"
            continue
        yield no, [obj[keys[0]] or "", obj[keys[1]] or ""]


def _parse(lines: list[tuple[int, str | None]], fmt: str | None, max_chars: int) -> ParsedPairs:
    problems: list[PairProblem] = []
    good: list[tuple[int, str]] = []
    for no, text in lines:
        if text is None:
            problems.append(PairProblem(no, "undecodable", "not valid UTF-8 text (re-save the file as UTF-8)"))
        elif text.strip():
            good.append((no, text))
    if fmt is None:
        fmt = detect_format(good[0][1]) if good else "tsv"
    if fmt not in FORMATS:
        from ..core.errors import ConfigError

        raise ConfigError.format("format={format!r} is not valid; choose one of {choices}",
                                 format=fmt, choices=", ".join(FORMATS))
    state: dict = {}
    if fmt == "tsv":
        raw_rows = _rows_tsv(good)
    elif fmt == "csv":
        raw_rows = _rows_csv(good)
    else:
        raw_rows = _rows_jsonl(good, state)
    result = ParsedPairs(format=fmt, lines=lines[-1][0] if lines else 0)
    candidates: list[tuple[int, str, str]] = []
    first = True
    for no, fields in raw_rows:
        if isinstance(fields, str):  # a parse error message
            problems.append(PairProblem(no, "malformed", fields))
            first = False
            continue
        while len(fields) > 2 and not fields[-1].strip():  # trailing empty cells (spreadsheets)
            fields = fields[:-1]
        if first and fmt != "jsonl" and len(fields) == 2 and _is_header(*fields):
            result.header = (fields[0].strip(), fields[1].strip())
            result.languages = _header_languages(*fields)
            first = False
            continue
        first = False
        if len(fields) == 1:
            problems.append(PairProblem(no, "one_column", f"only one column (expected source and target "
                                        f"separated by {'a tab' if fmt == 'tsv' else 'a comma'})", fields[0].strip()))
        elif len(fields) > 2:
            problems.append(PairProblem(no, "columns", f"{len(fields)} columns; expected 2 (source, target)",
                                        fields[0].strip(), " ".join(f.strip() for f in fields[1:])))
        else:
            candidates.append((no, fields[0], fields[1]))
    if fmt == "jsonl" and state.get("keys"):
        result.header = tuple(state["keys"])  # type: ignore[assignment]
        result.languages = _header_languages(*state["keys"])
    if fmt == "jsonl" and not candidates and len(problems) > 1 and all(p.reason == "malformed" for p in problems) \
            and good and good[0][1].strip() in ("[", "{"):
        raise DataError.format('this is a JSON document, not JSON Lines: put one object per line, e.g. {{"source": "...", '
                               '"target": "..."}}')
    pairs, more = check_pairs(candidates, max_chars)
    result.pairs = pairs
    result.problems = sorted(problems + more, key=lambda p: p.line)
    return result


def parse_pairs_text(text: str, fmt: str | None = None, max_chars: int = MAX_SIDE_CHARS,
                     max_bytes: int = MAX_FILE_BYTES) -> ParsedPairs:
    """Parse pasted text (format guessed from the first line unless ``fmt`` is given).

    Raises
    ------
    DataError
        The text is larger than ``max_bytes`` in UTF-8.
    """
    if len(text) > max_bytes or len(text.encode("utf-8", "surrogatepass")) > max_bytes:
        raise DataError.format("the pasted text is larger than the {limit} limit for pairs", limit=_human_size(max_bytes))
    had_bom = text.startswith("\ufeff")
    text = text.lstrip("\ufeff")
    lines = [(i, line) for i, line in enumerate(text.splitlines(), start=1)]
    parsed = _parse(lines, fmt, max_chars)
    parsed.had_bom = had_bom
    return parsed


def parse_pairs_file(path: str | os.PathLike, fmt: str | None = None, max_chars: int = MAX_SIDE_CHARS,
                     max_bytes: int = MAX_FILE_BYTES) -> ParsedPairs:
    """Read a pairs file; the format comes from ``fmt``, else the extension, else the first line.

    The size is checked before reading, and the first 8 KiB before the rest, so a huge or binary
    file is refused without being loaded.

    Raises
    ------
    DataError
        The file is too large, binary, or in no encoding this reads (see the module docstring).
    OSError
        The file cannot be read.
    """
    p = Path(path)
    name = p.name
    size = p.stat().st_size
    if size > max_bytes:
        raise DataError.format("{name} is {size}; pair files may be at most {limit}. Fine-tuning works best with 20-5,000 "
                               "pairs: use a smaller selection.",
                               name=name, size=_human_size(size), limit=_human_size(max_bytes))
    if fmt is None:
        fmt = _EXTENSIONS.get(p.suffix.lower())
    with open(p, "rb") as f:
        head = f.read(8192)
        _check_head(head, name)
        data = head + f.read(max_bytes + 1 - len(head))
    if len(data) > max_bytes:  # grew while we read it
        raise DataError.format("{name} is larger than {limit}", name=name, limit=_human_size(max_bytes))
    lines, encoding, had_bom = _decode(data, name)
    parsed = _parse(lines, fmt, max_chars)
    parsed.had_bom = had_bom
    parsed.encoding = encoding
    logger.info("read %s (%s): %s", p, parsed.encoding_label, parsed.summary())
    return parsed
