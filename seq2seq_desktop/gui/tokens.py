"""Pure-Python helpers that relate display tokens to the text they came from (no Qt, no torch).

The engine hands the GUI *display pieces* (SentencePiece pieces with the word-boundary mark
removed).  To underline a low-probability token, to highlight the token under the mouse, or to
merge subwords into words, the GUI needs each token's character span in the sentence text.
``token_spans`` recovers them by a left-to-right, case-insensitive search; tokens it cannot place
(``</s>``, ``<unk>``, text changed by normalisation) get ``None`` and simply are not highlighted.
"""
from __future__ import annotations

import logging
import unicodedata

__all__ = ["SPECIAL_TOKENS", "token_spans", "word_starts", "join_pieces", "is_cjk", "locate_all"]

logger = logging.getLogger(__name__)

SPECIAL_TOKENS = frozenset({"</s>", "<s>", "<unk>", "<pad>", "<sep>", "\u2581", ""})
_MAX_SKIP = 3  # characters that may be skipped between two tokens (normalisation differences)


def is_cjk(text: str) -> bool:
    """Whether ``text`` contains a CJK ideograph, kana or full-width form."""
    for ch in text:
        o = ord(ch)
        if (0x3040 <= o <= 0x30FF or 0x3400 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF
                or 0xFF00 <= o <= 0xFFEF or 0x3000 <= o <= 0x303F):
            return True
    return False


def _fold(text: str) -> str:
    """Per-character fold used for matching; keeps the length so indices stay valid."""
    out = []
    for ch in text:
        n = unicodedata.normalize("NFKC", ch).lower()
        out.append(n if len(n) == 1 else ch.lower()[:1] or ch)
    return "".join(out)


def token_spans(text: str, tokens: list[str]) -> list[tuple[int, int] | None]:
    """Character span ``(start, end)`` of each token in ``text``, or ``None`` if not found.

    Parameters
    ----------
    text : str
        The sentence (or any string) the tokens were produced from.
    tokens : list[str]
        Display pieces, in order.

    Returns
    -------
    list of (int, int) or None
        One entry per token.
    """
    folded = _fold(text)
    spans: list[tuple[int, int] | None] = []
    pos = 0
    for tok in tokens:
        piece = tok.strip()
        if piece in SPECIAL_TOKENS:
            spans.append(None)
            continue
        needle = _fold(piece)
        idx = folded.find(needle, pos)
        if idx < 0 or (idx - pos > _MAX_SKIP and folded[pos:idx].strip()):
            spans.append(None)
            continue
        spans.append((idx, idx + len(needle)))
        pos = idx + len(needle)
    return spans


def word_starts(text: str, tokens: list[str], spans: list[tuple[int, int] | None] | None = None) -> list[bool]:
    """For each token, whether it begins a new word.

    A token begins a word when whitespace separates it from the previous token in ``text``, when
    it is the first token, when either it or the previous token is CJK (Japanese has no spaces, so
    its pieces stay separate), or when it could not be placed in the text.
    """
    if spans is None:
        spans = token_spans(text, tokens)
    starts: list[bool] = []
    prev_end: int | None = None
    prev_tok = ""
    for tok, span in zip(tokens, spans):
        if span is None or prev_end is None:
            starts.append(True)
        else:
            gap = text[prev_end:span[0]]
            starts.append(bool(gap.strip() == "" and gap != "") or is_cjk(tok) or is_cjk(prev_tok)
                          or not tok[:1].isalnum())
        prev_end = span[1] if span is not None else None
        prev_tok = tok
    return starts


def join_pieces(tokens: list[str], target_lang: str = "") -> str:
    """Readable preview of a partial hypothesis from display pieces.

    Pieces carry no word-boundary mark, so for space-delimited languages this is approximate
    (subwords appear space separated); the final translation replaces it.
    """
    pieces = [t for t in tokens if t.strip() not in SPECIAL_TOKENS]
    if target_lang.startswith(("ja", "zh")) or all(is_cjk(p) for p in pieces if p):
        return "".join(pieces)
    return " ".join(pieces)


def locate_all(text: str, parts: list[str]) -> list[tuple[int, int] | None]:
    """Span of each string of ``parts`` in ``text``, searched left to right (``None`` if absent)."""
    out: list[tuple[int, int] | None] = []
    pos = 0
    for part in parts:
        idx = text.find(part, pos) if part else -1
        if idx < 0:
            out.append(None)
            continue
        out.append((idx, idx + len(part)))
        pos = idx + len(part)
    return out
