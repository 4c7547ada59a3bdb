"""Split input text into sentences for translation, and rejoin translated sentences.

The model translates one sentence at a time, so ``split_text`` cuts the input at line breaks and
at sentence ends, English ``. ? !`` (followed by whitespace or the end of the line) and Japanese
``。 ！ ？`` (anywhere, closing brackets and quotes staying with their sentence).  It records a
*layout*: for each input line the indices of its sentences, an empty list standing for a blank
line.  ``join_text`` rebuilds the text from the translations with that layout, so line breaks and
blank lines survive translation.  Sentences longer than ``max_chars`` are cut further (at the
last comma or space before the limit) to bound decoding time and memory.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["SplitText", "split_text", "join_text", "sentence_joiner", "NO_SPACE_LANGS", "MAX_SENTENCE_CHARS"]

logger = logging.getLogger(__name__)

#: languages written without spaces between sentences/words
NO_SPACE_LANGS = frozenset({"ja", "zh", "th"})
#: longest sentence (in characters) handed to the model as one piece
MAX_SENTENCE_CHARS = 400

_CLOSERS = "\"'”’)]}」』）】〉》"
# a Japanese end mark ends a sentence anywhere; an ASCII one only before whitespace / line end
_END = re.compile(rf"[。！？]+[{re.escape(_CLOSERS)}]*|[.!?]+[{re.escape(_CLOSERS)}]*(?=\s|$)")
# words whose trailing period is not a sentence end (lowercase, without the period)
_ABBREVIATIONS = frozenset({"mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "vs", "etc", "e.g", "i.e",
                            "no", "fig", "approx", "inc", "ltd", "co", "u.s", "a.m", "p.m"})
_SOFT_BREAK = re.compile(r"[,、，;；:\s]")


@dataclass(frozen=True)
class SplitText:
    """Sentences of a text plus the layout that puts their translations back together.

    Attributes
    ----------
    sentences : list[str]
        Non-empty, stripped sentences in reading order.
    layout : list[list[int]]
        One entry per input line: indices into ``sentences``; ``[]`` is a blank line.
        An empty text has an empty layout.
    """

    sentences: list[str]
    layout: list[list[int]]


def _is_abbreviation(chunk: str) -> bool:
    """Tell whether ``chunk`` ends with ``<abbrev>.`` or a single-letter initial like ``J.``."""
    if not chunk.endswith("."):
        return False
    word = chunk[:-1].rsplit(None, 1)[-1].lower() if chunk[:-1].strip() else ""
    return word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def _cut_long(sentence: str, max_chars: int) -> list[str]:
    """Cut a sentence longer than ``max_chars`` at the last soft break before the limit."""
    pieces = []
    while len(sentence) > max_chars:
        breaks = [m.end() for m in _SOFT_BREAK.finditer(sentence, 0, max_chars)]
        cut = breaks[-1] if breaks and breaks[-1] > max_chars // 4 else max_chars
        head, sentence = sentence[:cut].strip(), sentence[cut:].strip()
        if head:
            pieces.append(head)
    if sentence:
        pieces.append(sentence)
    return pieces


def _split_line(line: str) -> list[str]:
    """Sentences of one line (no line breaks inside)."""
    out, start = [], 0
    for m in _END.finditer(line):
        chunk = line[start:m.end()]
        if m.group().startswith(".") and _is_abbreviation(chunk.strip()):
            continue
        if chunk.strip():
            out.append(chunk.strip())
        start = m.end()
    if line[start:].strip():
        out.append(line[start:].strip())
    return out


def _cut_to_fit(sentence: str, fits: Callable[[str], bool], depth: int = 0) -> list[str]:
    """Cut a sentence that does not ``fit`` at the soft break nearest its middle, until every piece
    fits; a piece with no soft break left is kept whole (there is no safe place to cut it)."""
    if fits(sentence) or depth > 8:
        return [sentence]
    breaks = [m.end() for m in _SOFT_BREAK.finditer(sentence) if 0 < m.end() < len(sentence)]
    if not breaks:
        return [sentence]
    middle = len(sentence) / 2
    # a comma (or 、 ; :) in the middle half is a better place than a space
    strong = [b for b in breaks if sentence[b - 1] in ",、，;；:" and len(sentence) / 4 <= b <= 3 * len(sentence) / 4]
    cut = min(strong or breaks, key=lambda b: abs(b - middle))
    head, tail = sentence[:cut].strip(), sentence[cut:].strip()
    if not head or not tail:
        return [sentence]
    return _cut_to_fit(head, fits, depth + 1) + _cut_to_fit(tail, fits, depth + 1)


def split_text(text: str, max_chars: int = MAX_SENTENCE_CHARS,
               fits: Callable[[str], bool] | None = None) -> SplitText:
    r"""Split ``text`` into sentences and record its line layout.

    Parameters
    ----------
    text : str
        Any text; ``\r\n`` and ``\r`` count as line breaks.
    max_chars : int
        Sentences longer than this are cut into several pieces.
    fits : callable, optional
        ``fits(sentence)`` tells whether the model can take a sentence (e.g. no more pieces than it
        was trained on); one that does not is cut at commas or spaces near its middle, so a long
        run-on sentence is translated in parts instead of garbled.

    Returns
    -------
    SplitText
        ``SplitText([], [])`` for an empty string.
    """
    if not text:
        return SplitText([], [])
    sentences: list[str] = []
    layout: list[list[int]] = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        idx = []
        for sentence in _split_line(line):
            for long_piece in _cut_long(sentence, max_chars):
                for piece in (_cut_to_fit(long_piece, fits) if fits is not None else [long_piece]):
                    idx.append(len(sentences))
                    sentences.append(piece)
        layout.append(idx)
    return SplitText(sentences, layout)


def sentence_joiner(lang: str) -> str:
    """Return the string placed between two sentences of language ``lang`` on one line."""
    return "" if lang.split("-")[0].lower() in NO_SPACE_LANGS else " "


def join_text(split: SplitText, outputs: list[str], lang: str) -> str:
    r"""Put translated sentences back into the layout of the source text.

    Parameters
    ----------
    split : SplitText
        What ``split_text`` returned for the source.
    outputs : list[str]
        One translation per ``split.sentences`` entry.
    lang : str
        Target language code; decides whether sentences on a line are joined with a space.

    Returns
    -------
    str
        The lines joined with ``\n`` (blank lines kept as empty lines).
    """
    if len(outputs) != len(split.sentences):
        raise ValueError(f"{len(outputs)} outputs for {len(split.sentences)} sentences")
    joiner = sentence_joiner(lang)
    return "\n".join(joiner.join(o for o in (outputs[i].strip() for i in line) if o) for line in split.layout)
