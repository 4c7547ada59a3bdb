"""The beam as a lattice over steps: every candidate the search weighed, and where it came from.

``BeamTree`` renders the ``ExplainStep``s it is given (``set_steps``): one column per decoder
step, one node per candidate (``ExplainCandidate``) in score order.  A candidate extends row
``row`` of its step, which is the candidate of the step before that was kept as beam ``row``
(``ExplainCandidate.beam``), so edges link each node to its parent; step 0 grows from the start
node.  Kept nodes are blue, finished ones (the output ended there) green, pruned ones grey and
dashed; the path of the best hypothesis so far is drawn bold.  Greedy search and sampling make a
chain.  Clicking a node emits ``nodeClicked(step, candidate)``: the explorer shows that prefix's
choices and attention.
"""
from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QToolTip, QWidget

from .token_chart import STATUS_COLORS, piece_label

__all__ = ["BeamTree"]

logger = logging.getLogger(__name__)


class BeamTree(QWidget):
    """Lattice of the beam's candidates over the revealed steps.

    Signals
    -------
    nodeClicked(int, int)
        Step index and candidate index (in ``steps[step].candidates``) of the clicked node.
    """

    nodeClicked = Signal(int, int)

    NODE_H = 20
    V_GAP = 4
    H_GAP = 22
    HEADER = 18
    MARGIN = 6

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("beamTree")
        self.setMouseTracking(True)
        self._steps: list = []
        self._alpha = 1.0
        self._selected: tuple[int, int] | None = None
        self._hover: tuple[int, int] | None = None
        self._parents: list[dict[int, int]] = []  # per step: beam index -> candidate index
        self._path: set[tuple[int, int]] = set()
        self._node_w = 60
        self.placeholder = self.tr("The search's hypotheses appear here step by step.")

    # ----------------------------------------------------------------- data in
    def set_steps(self, steps: list, alpha: float = 1.0) -> None:
        """Show ``steps`` (``ExplainStep`` list); ``alpha`` is used for the normalised scores."""
        self._steps = list(steps)
        self._alpha = float(alpha)
        self._parents = [{c.beam: j for j, c in enumerate(s.candidates) if c.status == "kept" and c.beam is not None}
                         for s in self._steps]
        self._path = set()
        if self._steps:
            node = self._chosen(len(self._steps) - 1)
            while node is not None:
                self._path.add(node)
                node = self.parent_of(*node)
        if self._selected is not None and not self._valid(self._selected):
            self._selected = None
        fm = QFontMetrics(self.font())
        widths = [fm.horizontalAdvance(piece_label(c.piece)) for s in self._steps for c in s.candidates]
        self._node_w = min(120, max([48, *(w + 12 for w in widths)]))
        self.updateGeometry()
        self.setMinimumSize(self.sizeHint())  # a scroll area shows all of it
        self.update()

    def set_selected(self, step: int | None, candidate: int | None = None) -> None:
        """Outline node ``(step, candidate)`` (None: no selection)."""
        node = None if step is None or candidate is None else (int(step), int(candidate))
        self._selected = node if node is None or self._valid(node) else None
        self.update()

    # ---------------------------------------------------------------- data out
    def selected(self) -> tuple[int, int] | None:
        """The outlined node, or None."""
        return self._selected

    def best_path(self) -> list[tuple[int, int]]:
        """Nodes of the best hypothesis so far, first step first."""
        return sorted(self._path)

    def parent_of(self, step: int, candidate: int) -> tuple[int, int] | None:
        """The node that ``(step, candidate)`` extends (None for step 0: it grows from the start)."""
        if step <= 0 or step >= len(self._steps):
            return None
        row = self._steps[step].candidates[candidate].row
        parent = self._parents[step - 1].get(row)
        return None if parent is None else (step - 1, parent)

    def node_rect(self, step: int, candidate: int) -> QRect:
        """Where node ``(step, candidate)`` is drawn (step -1 is the start node)."""
        x = self.MARGIN + (step + 1) * (self._node_w + self.H_GAP)
        y = self.MARGIN + self.HEADER + candidate * (self.NODE_H + self.V_GAP)
        return QRect(x, y, self._node_w, self.NODE_H)

    # ------------------------------------------------------------------ layout
    def _valid(self, node: tuple[int, int]) -> bool:
        s, c = node
        return 0 <= s < len(self._steps) and 0 <= c < len(self._steps[s].candidates)

    def _chosen(self, step: int) -> tuple[int, int] | None:
        cands = self._steps[step].candidates
        live = [j for j, c in enumerate(cands) if c.status != "pruned"]
        return (step, max(live, key=lambda j: cands[j].score)) if live else None

    def _node_at(self, pos) -> tuple[int, int] | None:
        for s, step in enumerate(self._steps):
            for c in range(len(step.candidates)):
                if self.node_rect(s, c).contains(pos):
                    return s, c
        return None

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        """Room for every revealed column."""
        rows = max([1, *(len(s.candidates) for s in self._steps)])
        w = 2 * self.MARGIN + (len(self._steps) + 1) * (self._node_w + self.H_GAP)
        return QSize(max(240, w), 2 * self.MARGIN + self.HEADER + rows * (self.NODE_H + self.V_GAP))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        """The whole lattice (it lives in a scroll area)."""
        return self.sizeHint()

    # ------------------------------------------------------------------ events
    def paintEvent(self, event) -> None:  # noqa: N802 (Qt override)
        """Draw the step numbers, the edges, then the nodes."""
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        pal = self.palette()
        text = pal.color(pal.ColorRole.WindowText)
        grey = pal.color(pal.ColorRole.PlaceholderText)
        if not self._steps:
            p.setPen(grey)
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.placeholder)
            return
        fm = QFontMetrics(self.font())
        small = QFont(self.font())
        small.setPointSizeF(max(7.0, small.pointSizeF() * 0.85))
        p.setFont(small)
        p.setPen(grey)
        for s in range(len(self._steps)):
            r = self.node_rect(s, 0)
            p.drawText(QRect(r.left(), self.MARGIN, r.width(), self.HEADER - 2), Qt.AlignmentFlag.AlignCenter,
                       str(s + 1))
        for s, step in enumerate(self._steps):
            for c, cand in enumerate(step.candidates):
                parent = self.parent_of(s, c)
                a = self.node_rect(*(parent or (-1, 0)))
                b = self.node_rect(s, c)
                on_path = (s, c) in self._path
                color = QColor(STATUS_COLORS.get(cand.status, grey))
                if cand.status == "pruned":
                    color.setAlpha(110)
                p.setPen(QPen(color, 2.5 if on_path else 1.0))
                path = QPainterPath(QPointF(a.right(), a.center().y()))
                mid = (a.right() + b.left()) / 2
                path.cubicTo(QPointF(mid, a.center().y()), QPointF(mid, b.center().y()),
                             QPointF(b.left(), b.center().y()))
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.drawPath(path)
        p.setFont(self.font())
        self._paint_node(p, self.node_rect(-1, 0), "\u27e8s\u27e9", QColor(text), QColor(0, 0, 0, 0), text, False)
        for s, step in enumerate(self._steps):
            for c, cand in enumerate(step.candidates):
                base = QColor(STATUS_COLORS.get(cand.status, grey))
                fill = QColor(base)
                fill.setAlpha(0 if cand.status == "pruned" else 45)
                if (s, c) == self._selected:
                    fill = QColor(pal.color(pal.ColorRole.Highlight))
                    fill.setAlpha(110)
                elif (s, c) == self._hover:
                    fill.setAlpha(90)
                label = fm.elidedText(piece_label(cand.piece), Qt.TextElideMode.ElideRight, self._node_w - 8)
                self._paint_node(p, self.node_rect(s, c), label, base, fill,
                                 grey if cand.status == "pruned" else text, cand.status == "pruned",
                                 bold=(s, c) in self._path, selected=(s, c) == self._selected)

    def _paint_node(self, p: QPainter, r: QRect, label: str, border: QColor, fill: QColor, color: QColor,
                    dashed: bool, bold: bool = False, selected: bool = False) -> None:
        pen = QPen(self.palette().color(self.palette().ColorRole.Highlight) if selected else border,
                   2.5 if selected or bold else 1.2, Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine)
        p.setPen(pen)
        p.setBrush(fill)
        p.drawRoundedRect(QRectF(r), 5, 5)
        font = QFont(self.font())
        font.setBold(bold)
        p.setFont(font)
        p.setPen(color)
        p.drawText(r, Qt.AlignmentFlag.AlignCenter, label)

    def node_tooltip(self, step: int, candidate: int) -> str:
        """What the tooltip of a node says: its prefix, probability, scores and fate."""
        cand = self._steps[step].candidates[candidate]
        row = self._steps[step].rows[cand.row]
        status = {"kept": self.tr("kept in the beam"), "finished": self.tr("finished (the output ends here)"),
                  "pruned": self.tr("pruned (fell out of the beam)")}.get(cand.status, cand.status)
        norm = cand.score / (step + 1) ** self._alpha
        return "\n".join([
            f"{row.text} + {piece_label(cand.piece)}",
            self.tr("probability %1, score %2, normalised %3").replace("%1", f"{cand.prob:.1%}").replace(
                "%2", f"{cand.score:.3f}").replace("%3", f"{norm:.3f}"),
            status, self.tr("Click to see this hypothesis's choices and attention.")])

    def event(self, event) -> bool:
        """Tooltips: a node's own (``node_tooltip``), else the lattice's (its box's)."""
        if event.type() == QEvent.Type.ToolTip:
            hit = self._node_at(event.pos())
            if hit is not None:
                QToolTip.showText(event.globalPos(), self.node_tooltip(*hit), self, self.node_rect(*hit))
                return True
        return super().event(event)

    def mouseMoveEvent(self, event) -> None:  # noqa: N802 (Qt override)
        """Hover a node: highlight it."""
        hit = self._node_at(event.position().toPoint())
        if hit != self._hover:
            self._hover = hit
            self.update()
        super().mouseMoveEvent(event)

    def mousePressEvent(self, event) -> None:  # noqa: N802 (Qt override)
        """Click a node: select it and emit ``nodeClicked``."""
        hit = self._node_at(event.position().toPoint())
        if hit is not None and event.button() == Qt.MouseButton.LeftButton:
            self.set_selected(*hit)
            self.nodeClicked.emit(*hit)
        super().mousePressEvent(event)

    def leaveEvent(self, event) -> None:  # noqa: N802 (Qt override)
        """Drop the hover highlight."""
        if self._hover is not None:
            self._hover = None
            self.update()
        super().leaveEvent(event)

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        """Re-layout on font or palette changes."""
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.PaletteChange):
            self.set_steps(self._steps, self._alpha)
        super().changeEvent(event)
