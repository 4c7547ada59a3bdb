"""Marks for the protected spans of a translation: where they are in the output, their tint, their tooltip.

The engine protects numbers, times, codes, names, emoji and glossary terms (``core.protect``);
each sentence's ``Translation.spans`` lists them with the ``target`` text put into the
translation, ``Translation.repaired`` the ones the model dropped and the engine re-inserted, and
``Translation.passthrough`` says the sentence was shown as typed.  ``find_marks`` locates those in
a sentence's output text; ``TranslationView`` paints them (``mark_format``) and shows
``Mark.tooltip`` on hover, beside the token-probability tooltip.

Kinds: ``"protected"`` (kept as typed), ``"glossary"``, ``"repaired"`` (warning tint) and
``"passthrough"`` (the whole sentence).  Tints are translucent so they read on light and dark
palettes; low-probability underlines stay visible under them.
"""
from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtGui import QColor, QPalette, QTextCharFormat

__all__ = ["Mark", "MARK_KINDS", "find_marks", "mark_format", "REASON_LABELS"]

logger = logging.getLogger(__name__)

MARK_KINDS = ("protected", "glossary", "repaired", "passthrough")
#: span reason -> how a tooltip names it (translated in ``_reason``)
REASON_LABELS = {
    "number": QT_TRANSLATE_NOOP("SpanMarks", "number"), "time": QT_TRANSLATE_NOOP("SpanMarks", "time"),
    "date": QT_TRANSLATE_NOOP("SpanMarks", "date"), "phone": QT_TRANSLATE_NOOP("SpanMarks", "phone number"),
    "url": QT_TRANSLATE_NOOP("SpanMarks", "web address"), "email": QT_TRANSLATE_NOOP("SpanMarks", "e-mail address"),
    "emoji": QT_TRANSLATE_NOOP("SpanMarks", "emoji"), "code": QT_TRANSLATE_NOOP("SpanMarks", "code"),
    "acronym": QT_TRANSLATE_NOOP("SpanMarks", "acronym"), "latin": QT_TRANSLATE_NOOP("SpanMarks", "Latin-script word"),
    "name": QT_TRANSLATE_NOOP("SpanMarks", "name"), "foreign": QT_TRANSLATE_NOOP("SpanMarks", "foreign word"),
    "glossary": QT_TRANSLATE_NOOP("SpanMarks", "glossary term"),
}
# kind -> (r, g, b, alpha on a light base, alpha on a dark base)
_TINTS = {
    "protected": (70, 130, 240, 45, 90),
    "glossary": (40, 175, 90, 60, 100),
    "repaired": (235, 70, 40, 70, 110),
    "passthrough": (140, 140, 140, 40, 80),
}


@dataclass(frozen=True)
class Mark:
    """One marked range of the output text (offsets into the text it was found in)."""

    start: int
    end: int
    kind: str
    tooltip: str


def _tr(text: str) -> str:
    """Translate ``text`` in the ``SpanMarks`` context; literals are marked with ``QT_TRANSLATE_NOOP`` for lupdate."""
    return QCoreApplication.translate("SpanMarks", text)


def _reason(reason: str) -> str:
    return _tr(REASON_LABELS.get(reason, reason))


def _tooltip(span, repaired: bool) -> str:
    if span.reason == "glossary":
        text = (_tr(QT_TRANSLATE_NOOP("SpanMarks", "Glossary: %1 (kept as is)")).replace("%1", span.text)
                if span.target == span.text
                else _tr(QT_TRANSLATE_NOOP("SpanMarks", "Glossary: %1 \u2192 %2")).replace("%1", span.text).replace(
                    "%2", span.target))
        if repaired:
            text += "\n" + _tr(QT_TRANSLATE_NOOP("SpanMarks", "The model dropped it, so it was put back here."))
        return text
    if repaired:
        return _tr(QT_TRANSLATE_NOOP("SpanMarks", "Kept as typed: the model dropped it, so it was put back here"))
    if span.target == span.text:
        return _tr(QT_TRANSLATE_NOOP("SpanMarks", "Kept as typed (%1)")).replace("%1", _reason(span.reason))
    return _tr(QT_TRANSLATE_NOOP("SpanMarks", "Kept (%1): %2 \u2192 %3")).replace("%1", _reason(span.reason)).replace(
        "%2", span.text).replace("%3", span.target)


def find_marks(text: str, spans: Sequence, repaired: Iterable = (), passthrough: bool = False,
               offset: int = 0) -> list[Mark]:
    """Marks of one sentence's spans in its output ``text``.

    Parameters
    ----------
    text : str
        The sentence's output (the alternative shown).
    spans : sequence of Span
        ``Translation.spans``; each is looked up by its ``target`` text.  Longer targets are placed
        first and marks never overlap, so ``13`` is not marked inside ``2013``'s mark, and a
        repeated target takes the next free occurrence.  A target not in ``text`` is not marked.
    repaired : iterable of Span
        Spans the engine re-inserted (``Translation.repaired``, for the best alternative only).
    passthrough : bool
        The sentence was shown as typed: one mark over all of ``text``.
    offset : int
        Added to every offset (where ``text`` starts in the editor).

    Returns
    -------
    list of Mark
        Sorted by start.
    """
    if passthrough:
        return [Mark(offset, offset + len(text), "passthrough",
                     _tr(QT_TRANSLATE_NOOP("SpanMarks", "Nothing to translate: shown as typed")))] if text else []
    repaired = set(repaired)
    taken: list[tuple[int, int]] = []
    marks: list[Mark] = []
    for span in sorted(spans, key=lambda s: len(s.target or ""), reverse=True):
        target = span.target or ""
        if not target:
            continue
        at = text.find(target)
        while at >= 0 and any(at < e and s < at + len(target) for s, e in taken):
            at = text.find(target, at + 1)
        if at < 0:
            continue
        taken.append((at, at + len(target)))
        fixed = span in repaired
        kind = "repaired" if fixed else "glossary" if span.reason == "glossary" else "protected"
        marks.append(Mark(offset + at, offset + at + len(target), kind, _tooltip(span, fixed)))
    return sorted(marks, key=lambda m: m.start)


def mark_format(kind: str, palette: QPalette | None = None) -> QTextCharFormat:
    """Character format (background tint only) of a mark ``kind``, stronger on a dark ``palette``."""
    r, g, b, light, dark = _TINTS[kind]
    is_dark = palette is not None and palette.color(QPalette.ColorRole.Base).lightness() < 128
    fmt = QTextCharFormat()
    fmt.setBackground(QColor(r, g, b, dark if is_dark else light))
    return fmt
