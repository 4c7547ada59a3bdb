"""Rendering of a translation in the Translate tab, and the editor <-> heatmap hover links.

``TranslationView`` owns no widgets; it fills the ones the panel built:

* while decoding, ``on_step`` feeds the heatmap of the selected sentence *per step* (one row per
  step) and refreshes the target preview at most every ``PREVIEW_MS`` so the UI thread stays idle;
  the preview is the steps' detokenised ``text`` ("That's", never the pieces "That ' s");
* ``finish`` shows the final ``TextTranslation``: sentences rejoined with the original line breaks,
  low-probability tokens underlined (tooltip with the value), per-sentence n-best list;
* protected spans (numbers, names, codes...), glossary terms, re-inserted spans and sentences
  shown as typed get a tint and a tooltip saying why (``span_marks``);
* the n-best list shows each distinct text once (two segmentations of one output are one entry);
* clicking an alternative swaps that sentence in the target editor and shows its attention;
* hovering a heatmap cell highlights both tokens in the editors, and hovering a token in either
  editor highlights its row or column.
"""
from __future__ import annotations

import logging
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QPlainTextEdit, QTextEdit, QToolTip

from .attention_panel import AttentionPanel
from .span_marks import Mark, find_marks, mark_format
from .tokens import join_pieces, locate_all, token_spans, word_starts

__all__ = ["TranslationView", "Alt", "alternatives", "fit_rows", "LOW_PROB"]

logger = logging.getLogger(__name__)

LOW_PROB = 0.3  # tokens below this probability are marked
PREVIEW_MS = 40


@dataclass
class Alt:
    """One displayable hypothesis of a sentence (best or n-best alternative)."""

    text: str
    tokens: list
    attention: object  # np.ndarray [T_tgt, T_src]
    probs: list
    score: float


def alternatives(tr) -> list[Alt]:
    """Best hypothesis first, then the other n-best entries of a ``Translation``, each text once.

    Different hypotheses can read the same (``▁とても`` vs ``と`` ``ても``; spans put back the same
    way): the first, better-ranked one of them is kept.
    """
    import numpy as np

    best = Alt(tr.text, list(tr.target_tokens), np.asarray(tr.attention), list(tr.token_probs), float(tr.score))
    alts = [Alt(a.text, list(a.tokens), np.asarray(a.attention), list(a.token_probs), float(a.norm_score))
            for a in (getattr(tr, "nbest", None) or [])]
    if not alts:
        return [best]
    if alts[0].text != best.text or alts[0].tokens != best.tokens:
        alts.insert(0, best)
    seen: set[str] = set()
    return [a for a in alts if not (a.text in seen or seen.add(a.text))]


def fit_rows(tokens: list, attention):
    """Make token labels and attention rows agree in number (defensive; they should)."""
    import numpy as np

    att = np.asarray(attention, dtype=np.float32)
    att = att.reshape(-1, att.shape[-1]) if att.size else att.reshape(0, 0)
    n = att.shape[0]
    tokens = list(tokens)[:n] + ["</s>"] * max(0, n - len(tokens))
    return tokens, att


class _Utf16:
    """Python ``str`` index <-> Qt document position (UTF-16: a character beyond the BMP, e.g. an emoji, is two)."""

    def __init__(self, text: str):
        wide = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF]
        self._wide = wide
        self._ends = [w + k + 2 for k, w in enumerate(wide)]  # Qt position just after each wide character

    def to_qt(self, i: int) -> int:
        return i + bisect_left(self._wide, i)

    def from_qt(self, q: int) -> int:
        return q - bisect_right(self._ends, q)


@lru_cache(maxsize=8)
def _utf16(text: str) -> _Utf16:
    return _Utf16(text)


class TranslationView(QObject):
    """Render results into the Translate tab's widgets and link hover between them."""

    def __init__(self, source_edit: QPlainTextEdit, target_edit: QPlainTextEdit, attention: AttentionPanel,
                 nbest_list: QListWidget, parent: QObject | None = None):
        super().__init__(parent)
        self.source_edit, self.target_edit = source_edit, target_edit
        self.attention, self.heatmap, self.nbest_list = attention, attention.heatmap, nbest_list
        self._target_lang = ""
        self._request_text = ""
        self._live: dict[int, object] = {}
        self._live_count, self._labels_dirty = 0, False
        self._result = None
        self._alts: list[list[Alt]] = []
        self._choice: list[int] = []
        self._src_spans: list[list] = []  # per sentence: absolute (start, end) | None per source token
        self._tgt_spans: list[list] = []  # per sentence: absolute spans of the chosen alternative's tokens
        self._marks: list[Mark] = []  # protected spans / glossary terms in the target editor
        self._preview = QTimer(self, singleShot=True, interval=PREVIEW_MS)
        self._preview.timeout.connect(self._flush_preview)
        attention.sentenceChanged.connect(self.show_sentence)
        nbest_list.itemClicked.connect(self._on_alt_clicked)
        self.heatmap.hovered.connect(self._on_heatmap_hover)
        for edit in (source_edit, target_edit):
            edit.viewport().setMouseTracking(True)
            edit.viewport().installEventFilter(self)

    # ----------------------------------------------------------------- state
    @property
    def marks(self) -> list[Mark]:
        """Marked spans in the target editor (protected, glossary, repaired, passthrough)."""
        return list(self._marks)

    def mark_at(self, pos: int) -> Mark | None:
        """The mark covering target-editor character ``pos``, or None."""
        return next((m for m in self._marks if m.start <= pos < m.end), None)

    @property
    def result(self):
        """The final ``TextTranslation`` shown (None while decoding)."""
        return self._result

    @property
    def request_text(self) -> str:
        """The source text of the request shown (``begin``)."""
        return self._request_text

    def choice(self, sentence: int) -> int:
        """Index of the alternative shown for ``sentence``."""
        return self._choice[sentence]

    def clear(self) -> None:
        """Forget everything shown."""
        self._preview.stop()
        self._result, self._live, self._alts, self._choice = None, {}, [], []
        self._live_count, self._labels_dirty = 0, False
        self._src_spans, self._tgt_spans, self._marks = [], [], []
        self._request_text = ""
        self.target_edit.clear()
        self.nbest_list.clear()
        self.attention.set_sentences([])
        self.heatmap.clear()

    def begin(self, text: str, target_lang: str = "") -> None:
        """Reset for a new request for ``text``."""
        self.clear()
        self._request_text, self._target_lang = text, target_lang

    def abort(self) -> None:
        """Keep the partial output on screen after decoding stopped early."""
        self._preview.stop()
        if self._result is None and self._live:
            self._flush_preview()

    # ------------------------------------------------------------ streaming
    def on_step(self, step) -> None:
        """One decoder step of one sentence (main thread, queued from the worker); O(1) work.

        Only the shown sentence touches a widget (one heatmap row per step); the sentence
        selector and the target preview are refreshed by a timer, so a burst of steps from a
        batch of many sentences never piles up work in the UI thread.
        """
        if step.sentence >= self._live_count:
            self._live_count = step.sentence + 1
            self._labels_dirty = True
        self._live[step.sentence] = step
        if step.sentence == self.attention.current_sentence():
            tokens, att = fit_rows(step.tokens, step.attention)
            self.heatmap.set_partial(list(step.source_tokens), tokens, att)
        if not self._preview.isActive():
            self._preview.start()

    def _flush_preview(self) -> None:
        if self._labels_dirty:
            self._labels_dirty = False
            self.attention.set_sentences([join_pieces(list(self._live[i].source_tokens)) if i in self._live else ""
                                          for i in range(self._live_count)])
        sep = "" if self._target_lang.startswith(("ja", "zh")) else " "
        parts = [s.text if isinstance(getattr(s, "text", None), str) else join_pieces(list(s.tokens), self._target_lang)
                 for _, s in sorted(self._live.items())]
        self.target_edit.setPlainText(sep.join(parts))

    # ---------------------------------------------------------------- final
    def finish(self, result) -> None:
        """Show the final ``TextTranslation``."""
        self._preview.stop()
        self._result = result
        sentences = list(getattr(result, "sentences", []) or [])
        self._alts = [alternatives(tr) for tr in sentences]
        self._choice = [0] * len(sentences)
        src_text = self._request_text or result.source
        offsets = locate_all(src_text, [tr.source for tr in sentences])
        self._src_spans = []
        for tr, off in zip(sentences, offsets):
            spans = token_spans(tr.source, list(tr.source_tokens)) if off else [None] * len(tr.source_tokens)
            self._src_spans.append([(off[0] + s[0], off[0] + s[1]) if (s and off) else None for s in spans])
        self.attention.set_sentences([tr.source for tr in sentences])
        self.render_target()
        self.show_sentence(self.attention.current_sentence())

    def render_target(self) -> None:
        """Write the chosen alternative of every sentence into the target editor, marking low-p tokens and spans."""
        if self._result is None:
            return
        sentences = self._result.sentences
        chosen = [self._alts[i][c] for i, c in enumerate(self._choice)]
        template = self._result.text or ""
        spans = locate_all(template, [tr.text for tr in sentences])
        starts: list[int] = []
        if all(spans):
            out, pos = "", 0
            for alt, span in zip(chosen, spans):
                out += template[pos:span[0]]
                starts.append(len(out))
                out += alt.text
                pos = span[1]
            out += template[pos:]
        else:  # the engine changed the sentences' text: join them plainly
            sep = "" if self._target_lang.startswith(("ja", "zh")) else " "
            out = ""
            for i, alt in enumerate(chosen):
                out += sep if i else ""
                starts.append(len(out))
                out += alt.text
        self.target_edit.setPlainText(out)
        self._tgt_spans = []
        low = QTextCharFormat()
        low.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
        low.setUnderlineColor(QColor(230, 120, 0))
        low.setBackground(QColor(255, 150, 0, 45))
        cursor = QTextCursor(self.target_edit.document())
        qt = _utf16(out)  # spans are str offsets; the document counts UTF-16 units
        for alt, start in zip(chosen, starts):
            spans_i = [(start + s[0], start + s[1]) if s else None for s in token_spans(alt.text, alt.tokens)]
            self._tgt_spans.append(spans_i)
            for span, p in zip(spans_i, alt.probs):
                if span is not None and p < LOW_PROB:
                    cursor.setPosition(qt.to_qt(span[0]))
                    cursor.setPosition(qt.to_qt(span[1]), QTextCursor.MoveMode.KeepAnchor)
                    cursor.mergeCharFormat(low)
        self._marks = []
        palette = self.target_edit.palette()
        for i, (tr, alt, start) in enumerate(zip(sentences, chosen, starts)):
            repaired = getattr(tr, "repaired", ()) if self._choice[i] == 0 else ()  # known for the best only
            self._marks += find_marks(alt.text, getattr(tr, "spans", ()), repaired,
                                      bool(getattr(tr, "passthrough", False)), offset=start)
        for mark in self._marks:  # after the low-p marks: the tint wins, their underline stays
            cursor.setPosition(qt.to_qt(mark.start))
            cursor.setPosition(qt.to_qt(mark.end), QTextCursor.MoveMode.KeepAnchor)
            cursor.mergeCharFormat(mark_format(mark.kind, palette))

    def show_sentence(self, index: int) -> None:
        """Show the attention (and alternatives) of sentence ``index``."""
        if self._result is None:
            step = self._live.get(index)
            if step is not None:
                tokens, att = fit_rows(step.tokens, step.attention)
                self.heatmap.set_data(list(step.source_tokens), tokens, att)
            return
        if not 0 <= index < len(self._alts):
            return
        tr = self._result.sentences[index]
        alt = self._alts[index][self._choice[index]]
        tokens, att = fit_rows(alt.tokens, alt.attention)
        self.heatmap.set_data(list(tr.source_tokens), tokens, att,
                              src_word_starts=word_starts(tr.source, list(tr.source_tokens)),
                              tgt_word_starts=word_starts(alt.text, tokens))
        self.nbest_list.clear()
        for k, a in enumerate(self._alts[index]):
            item = QListWidgetItem(f"{a.score:+.3f}   {a.text}")
            item.setToolTip(a.text)
            self.nbest_list.addItem(item)
            item.setSelected(k == self._choice[index])
        self.nbest_list.setCurrentRow(self._choice[index])

    def choose(self, sentence: int, alt_index: int) -> None:
        """Use alternative ``alt_index`` for ``sentence`` (what clicking the n-best list does)."""
        if self._result is None or not 0 <= alt_index < len(self._alts[sentence]):
            return
        self._choice[sentence] = alt_index
        self.render_target()
        self.show_sentence(sentence)

    def _on_alt_clicked(self, item: QListWidgetItem) -> None:
        self.choose(self.attention.current_sentence(), self.nbest_list.row(item))

    # ---------------------------------------------------------------- hover
    def _token_at(self, spans_per_sentence: list[list], pos: int) -> tuple[int, int] | None:
        for i, spans in enumerate(spans_per_sentence):
            for j, span in enumerate(spans):
                if span is not None and span[0] <= pos < span[1]:
                    return i, j
        return None

    def _select(self, edit: QPlainTextEdit, spans: list) -> None:
        sels = []
        color = edit.palette().color(edit.palette().ColorRole.Highlight)
        color.setAlpha(90)
        qt = _utf16(edit.toPlainText())
        last = edit.document().characterCount() - 1
        for span in spans:
            if span is None:
                continue
            sel = QTextEdit.ExtraSelection()
            sel.format.setBackground(color)
            cur = QTextCursor(edit.document())
            cur.setPosition(min(qt.to_qt(span[0]), last))
            cur.setPosition(min(qt.to_qt(span[1]), last), QTextCursor.MoveMode.KeepAnchor)
            sel.cursor = cur
            sels.append(sel)
        edit.setExtraSelections(sels)

    def _on_heatmap_hover(self, hit) -> None:
        if hit is None or self._result is None:
            self._select(self.source_edit, [])
            self._select(self.target_edit, [])
            return
        rows, cols = hit
        s = self.attention.current_sentence()
        if s < len(self._tgt_spans):
            self._select(self.target_edit, [self._tgt_spans[s][r] for r in rows if r < len(self._tgt_spans[s])])
        if s < len(self._src_spans) and self.source_edit.toPlainText() == self._request_text:
            self._select(self.source_edit, [self._src_spans[s][c] for c in cols if c < len(self._src_spans[s])])

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt override)
        """Hover a token in an editor: highlight its heatmap row/column; tooltip with its probability."""
        etype = event.type()
        if self._result is None or etype not in (QEvent.Type.MouseMove, QEvent.Type.Leave, QEvent.Type.ToolTip):
            return False
        is_target = obj is self.target_edit.viewport()
        edit = self.target_edit if is_target else self.source_edit
        if etype == QEvent.Type.Leave:
            self.heatmap.set_highlight()
            self._select(edit, [])
            return False
        if not is_target and edit.toPlainText() != self._request_text:
            return False
        point = event.position().toPoint() if etype == QEvent.Type.MouseMove else event.pos()
        pos = _utf16(edit.toPlainText()).from_qt(edit.cursorForPosition(point).position())
        hit = self._token_at(self._tgt_spans if is_target else self._src_spans, pos)
        mark = self.mark_at(pos) if is_target else None
        if hit is None:
            self.heatmap.set_highlight()
            self._select(edit, [])
            if etype == QEvent.Type.ToolTip:
                if mark is not None:
                    QToolTip.showText(event.globalPos(), mark.tooltip, edit)
                else:
                    QToolTip.hideText()
                return True
            return False
        i, j = hit
        if i != self.attention.current_sentence():
            self.attention.sentence_combo.setCurrentIndex(i)
        if is_target:
            self.heatmap.set_highlight(rows=[j])
            self._select(edit, [self._tgt_spans[i][j]])
            if etype == QEvent.Type.ToolTip:
                alt = self._alts[i][self._choice[i]]
                p = alt.probs[j] if j < len(alt.probs) else float("nan")
                note = self.tr(" (low confidence)") if p < LOW_PROB else ""
                text = f"\u201c{alt.tokens[j]}\u201d  p = {p:.2f}{note}"
                QToolTip.showText(event.globalPos(), f"{mark.tooltip}\n{text}" if mark else text, edit)
                return True
        else:
            self.heatmap.set_highlight(cols=[j])
            self._select(edit, [self._src_spans[i][j]])
        return False
