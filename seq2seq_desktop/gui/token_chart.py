"""Bar chart of the next-token candidates of one hypothesis (the decoding explorer's main view).

``TokenChart`` only renders the plain data it is given (``set_data``): one bar per candidate, most
likely first, with its probability, the one the search chose outlined and each bar coloured by
what the search did with it (kept in the beam, finished the output, pruned).  With sampling every
token gets two bars, the model's own probability and the probability after temperature, and a line
marks the top-k / top-p cut: tokens below it were never drawn (``sampled == 0``) and are greyed.
Clicking a bar emits ``tokenClicked`` with its ``TokenChoice`` (the explorer forces that token).
``piece_label`` is how every explorer view writes a piece.
"""
from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QEvent, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

__all__ = ["TokenChart", "piece_label", "STATUS_COLORS"]

logger = logging.getLogger(__name__)

#: bar colours by ``ExplainCandidate.status`` (tokens the search did not weigh use the palette's mid tone)
STATUS_COLORS = {"kept": QColor(52, 120, 200), "finished": QColor(46, 157, 79), "pruned": QColor(150, 150, 150)}
_TEMPERED = QColor(232, 140, 40)
_CUT = QColor(210, 50, 50)


def piece_label(piece: str) -> str:
    """A piece as the explorer writes it: a bare word boundary is "␣", the end of the output "⟨end⟩"."""
    if piece == "</s>":
        return QCoreApplication.translate("TokenChart", "\u27e8end\u27e9")
    if piece.strip("\u2581") == "":
        return "\u2423" if piece else "\u2205"
    return piece.replace("\u2581", "\u2423")


class TokenChart(QWidget):
    """Horizontal bars of ``TokenChoice``s (``core.explain``), most likely first.

    Signals
    -------
    tokenClicked(object)
        The ``TokenChoice`` of the bar the user clicked.
    """

    tokenClicked = Signal(object)

    ROW_H = 24
    SAMPLE_ROW_H = 30
    LABEL_W = 110
    TOP = 22  # legend / title line
    CUT_GAP = 18  # room for the cut line and its label

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("tokenChart")
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._choices: list = []
        self._chosen: int | None = None
        self._statuses: dict[int, str] = {}
        self._sampling = False
        self._forced = False
        self._clickable = True
        self._kept: int | None = None
        self._hover: int | None = None
        self.placeholder = self.tr("Press Step to see which tokens the model considers next.")

    # ----------------------------------------------------------------- data in
    def set_data(self, choices: list, chosen: int | None = None, statuses: dict[int, str] | None = None,
                 sampling: bool = False, forced: bool = False, clickable: bool = True,
                 kept: int | None = None) -> None:
        """Show ``choices`` (``TokenChoice`` list); ``chosen`` is the token id the search picked.

        ``statuses`` maps token ids to ``ExplainCandidate.status``; ``sampling`` adds the
        after-temperature bars and the cut line; ``forced`` says the chosen token came from a
        forced prefix.  ``clickable`` False disables forcing (no model to decode with).  ``kept``
        (sampling) is how many tokens of the whole vocabulary survive the cut.
        """
        self._choices = list(choices)
        self._chosen = chosen
        self._statuses = dict(statuses or {})
        self._sampling = bool(sampling) and any(c.sampled is not None for c in self._choices)
        self._forced = bool(forced)
        self._clickable = bool(clickable)
        self._kept = kept
        self._hover = None
        self.updateGeometry()
        self.update()

    def clear(self, placeholder: str | None = None) -> None:
        """Show nothing but ``placeholder`` (default: how to start)."""
        if placeholder is not None:
            self.placeholder = placeholder
        self.set_data([])

    # ---------------------------------------------------------------- data out
    def choices(self) -> list:
        """The ``TokenChoice``s shown, most likely first."""
        return list(self._choices)

    def chosen_index(self) -> int | None:
        """Index of the chosen token's bar, or None when it is not among the bars."""
        return next((i for i, c in enumerate(self._choices) if c.token_id == self._chosen), None)

    def is_sampling(self) -> bool:
        """Whether the sampling view (before/after temperature, cut line) is shown."""
        return self._sampling

    def cut_index(self) -> int | None:
        """Sampling: index of the first bar the top-k / top-p cut removed (None: no cut among the bars)."""
        if not self._sampling:
            return None
        return next((i for i, c in enumerate(self._choices) if not c.sampled), None)

    def bar_rect(self, index: int) -> QRect:
        """The row of bar ``index`` in widget coordinates (label, bars and value)."""
        h = self._row_h()
        return QRect(0, self.TOP + index * h + self._cut_gap(index), self.width(), h)

    # ------------------------------------------------------------------ layout
    def _row_h(self) -> int:
        """Row height: the comfortable one, squeezed (down to 2/3) when the bars would not fit."""
        base = self.SAMPLE_ROW_H if self._sampling else self.ROW_H
        n = max(1, len(self._choices))
        room = (self.height() - self.TOP - (self.CUT_GAP if self._sampling else 0) - 4) // n
        return int(min(base, max(room, base * 2 // 3)))

    def _cut_gap(self, index: int) -> int:
        """Rows below the cut line move down to leave room for it."""
        cut = self.cut_index()
        return self.CUT_GAP if cut is not None and index >= cut else 0

    def _index_at(self, y: int) -> int | None:
        for i in range(len(self._choices)):
            if self.bar_rect(i).contains(self.bar_rect(i).left(), y):
                return i
        return None

    def _value_w(self, fm: QFontMetrics) -> int:
        """Room for the value text right of the bars."""
        return fm.horizontalAdvance("100.0% \u2192 100.0%" if self._sampling else "100.0%") + 12

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        """Room for every bar."""
        base = self.SAMPLE_ROW_H if self._sampling else self.ROW_H
        return QSize(420, self.TOP + max(4, len(self._choices)) * base + 16)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        """Room for the labels and short bars."""
        return QSize(self.LABEL_W + self._value_w(QFontMetrics(self.font())) + 80, self.TOP + 4 * self.ROW_H)

    # ------------------------------------------------------------------ events
    def paintEvent(self, event) -> None:  # noqa: N802 (Qt override)
        """Draw the legend, the bars, their values and the cut line."""
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        pal = self.palette()
        text = pal.color(pal.ColorRole.WindowText)
        grey = pal.color(pal.ColorRole.PlaceholderText)
        if not self._choices:
            p.setPen(grey)
            p.drawText(self.rect().adjusted(8, 8, -8, -8), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                       self.placeholder)
            return
        fm = QFontMetrics(self.font())
        x0, x1 = self.LABEL_W, max(self.LABEL_W + 40, self.width() - self._value_w(fm))
        span = x1 - x0
        self._paint_legend(p, fm, x0, text)
        cut = self.cut_index()
        bold = QFont(self.font())
        bold.setBold(True)
        for i, c in enumerate(self._choices):
            r = self.bar_rect(i)
            removed = self._sampling and not c.sampled
            chosen = c.token_id == self._chosen
            if i == self._hover and self._clickable:
                p.fillRect(r, pal.color(pal.ColorRole.AlternateBase))
            p.setFont(bold if chosen else self.font())
            p.setPen(grey if removed else text)
            label = fm.elidedText(piece_label(c.piece), Qt.TextElideMode.ElideRight, self.LABEL_W - 12)
            p.drawText(QRect(4, r.top(), self.LABEL_W - 10, r.height()),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, label)
            status = "kept" if self._sampling else self._statuses.get(c.token_id, "")
            color = STATUS_COLORS.get(status, pal.color(pal.ColorRole.Mid))
            if removed:
                color = QColor(color.red(), color.green(), color.blue(), 70)
            if self._sampling:
                top_h = max(4, (r.height() - 8) // 2)
                p.fillRect(x0, r.top() + 3, max(1, round(span * c.prob)), top_h, color)
                tempered = QColor(_TEMPERED) if not removed else QColor(_TEMPERED.red(), _TEMPERED.green(),
                                                                        _TEMPERED.blue(), 70)
                p.fillRect(x0, r.top() + 4 + top_h, max(1, round(span * (c.tempered or 0.0))), top_h, tempered)
                value = f"{c.prob:.1%} \u2192 {(c.tempered or 0.0):.1%}"
                bar = QRect(x0, r.top() + 3, max(1, round(span * max(c.prob, c.tempered or 0.0))), 2 * top_h + 1)
            else:
                bar = QRect(x0, r.top() + 4, max(1, round(span * c.prob)), r.height() - 8)
                p.fillRect(bar, color)
                value = f"{c.prob:.1%}"
            if chosen:
                p.setPen(QPen(text, 2))
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.drawRect(bar.adjusted(-1, -1, 1, 1))
            p.setPen(grey if removed else text)
            p.setFont(self.font())
            p.drawText(QRect(x1 + 4, r.top(), self.width() - x1 - 4, r.height()),
                       Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, value)
        if cut is not None:
            y = self.bar_rect(cut).top() - self.CUT_GAP // 2
            small = QFont(self.font())
            small.setPointSizeF(max(7.0, small.pointSizeF() * 0.85))
            label = self.tr("top-k / top-p cut: the tokens below are never drawn")
            width = QFontMetrics(small).horizontalAdvance(label)
            p.setPen(QPen(_CUT, 2, Qt.PenStyle.DashLine))
            p.drawLine(4, y, max(4, self.width() - width - 12), y)
            p.setFont(small)
            p.setPen(_CUT)
            p.drawText(QRect(self.width() - width - 8, y - 8, width + 4, 16),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, label)

    def _paint_legend(self, p: QPainter, fm: QFontMetrics, x: int, text: QColor) -> None:
        items = [(STATUS_COLORS["kept"], self.tr("kept")), (STATUS_COLORS["finished"], self.tr("finished")),
                 (STATUS_COLORS["pruned"], self.tr("pruned"))]
        if self._sampling:
            items = [(STATUS_COLORS["kept"], self.tr("model probability")),
                     (_TEMPERED, self.tr("after temperature"))]
            if self._kept is not None:
                items.append((None, self.tr("the cut keeps %1 tokens").replace("%1", f"{self._kept:,}")))
        if self._forced:
            items.append((None, self.tr("(this step was forced)")))
        for color, label in items:
            if color is not None:
                p.fillRect(x, 6, 10, 10, color)
                x += 14
            p.setPen(text)
            p.drawText(x, 5 + fm.ascent(), label)
            x += fm.horizontalAdvance(label) + 14

    def bar_tooltip(self, index: int) -> str:
        """What the tooltip of bar ``index`` says: the probabilities and what clicking does."""
        c = self._choices[index]
        tip = self.tr("%1: probability %2").replace("%1", piece_label(c.piece)).replace("%2", f"{c.prob:.2%}")
        if c.tempered is not None:
            tip += "\n" + self.tr("after temperature %1, as drawn %2").replace(
                "%1", f"{c.tempered:.2%}").replace("%2", f"{(c.sampled or 0.0):.2%}")
        if self._clickable:
            tip += "\n" + self.tr("Click to force this token here and let the model continue from it.")
        return tip

    def event(self, event) -> bool:
        """Tooltips: a bar's own (``bar_tooltip``), else the chart's."""
        if event.type() == QEvent.Type.ToolTip:
            i = self._index_at(event.pos().y())
            if i is not None:
                QToolTip.showText(event.globalPos(), self.bar_tooltip(i), self, self.bar_rect(i))
                return True
        return super().event(event)

    def mouseMoveEvent(self, event) -> None:  # noqa: N802 (Qt override)
        """Hover a bar: highlight it."""
        i = self._index_at(int(event.position().y()))
        if i != self._hover:
            self._hover = i
            self.update()
        super().mouseMoveEvent(event)

    def mousePressEvent(self, event) -> None:  # noqa: N802 (Qt override)
        """Click a bar: emit ``tokenClicked``."""
        i = self._index_at(int(event.position().y()))
        if i is not None and self._clickable and event.button() == Qt.MouseButton.LeftButton:
            self.tokenClicked.emit(self._choices[i])
        super().mousePressEvent(event)

    def leaveEvent(self, event) -> None:  # noqa: N802 (Qt override)
        """Drop the hover highlight."""
        if self._hover is not None:
            self._hover = None
            self.update()
        super().leaveEvent(event)

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        """Repaint on font or palette (light/dark) changes."""
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.PaletteChange):
            self.updateGeometry()
            self.update()
        super().changeEvent(event)
