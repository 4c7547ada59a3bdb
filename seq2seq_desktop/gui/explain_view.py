"""What the step-through page shows for one revealed step of a recorded decode (render only).

``StepView`` holds the next-token chart (``TokenChart``), the attention row of the focused
hypothesis, the growing heatmap of the best hypothesis (``AttentionPanel``), the beam lattice
(``BeamTree``) and the ranked finished outputs, and draws them from plain data:
``show_step(trace, position, focus, alpha)``.  ``focused`` says which hypothesis the chart is
about: the node clicked in the tree (``focus``), else the candidate the search chose at the step
shown.  The finished outputs listed are those finished by the step shown (all of them at the
last), ranked by ``score / length**alpha`` with ``ExplainTrace.ranked``.
"""
from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGroupBox, QLabel, QListWidget, QListWidgetItem, QScrollArea, QSplitter, QVBoxLayout, QWidget

from .attention_panel import AttentionPanel
from .attention_view import AttentionHeatmap
from .beam_tree import BeamTree
from .token_chart import TokenChart, piece_label

__all__ = ["StepView", "focused"]

logger = logging.getLogger(__name__)


def focused(steps: list, position: int, focus: tuple[int, int] | None = None):
    """``(step, candidate index, ExplainRow, ExplainCandidate)`` the chart is about, or four Nones.

    ``focus`` is a ``(step, candidate)`` node the user picked; without it, the candidate the search
    chose at ``position`` (the best hypothesis).
    """
    if position < 0 or position >= len(steps):
        return None, None, None, None
    s, c = focus if focus is not None and 0 <= focus[0] <= position else (position, None)
    step = steps[s]
    if c is None or not 0 <= c < len(step.candidates):
        chosen = step.chosen
        c = step.candidates.index(chosen) if chosen is not None else None
    if c is None:
        return s, None, (step.rows[0] if step.rows else None), None
    cand = step.candidates[c]
    return s, c, step.rows[cand.row], cand


class StepView(QWidget):
    """Chart, attention, lattice and ranking of one step (objectName ``explainStepView``)."""

    tokenClicked = Signal(object)  # TokenChoice
    nodeClicked = Signal(int, int)  # step, candidate

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("explainStepView")
        self.chart = TokenChart()
        self.chart.setToolTip(self.tr("Click a bar to force that token: the model must say it here and "
                                      "continues from it (\u201cwhat if it had said this?\u201d)."))
        self.chart.tokenClicked.connect(self.tokenClicked)
        self.chart_title = QLabel(objectName="explainChartTitle", wordWrap=True)
        chart_box = QWidget()
        cl = QVBoxLayout(chart_box)
        cl.setContentsMargins(0, 0, 0, 0)
        cl.addWidget(self.chart_title)
        cl.addWidget(self.chart, 1)
        self.row_view = AttentionHeatmap()
        self.row_view.setObjectName("explainRowAttention")
        self.row_view.placeholder = self.tr("Where the model looks for the token shown appears here.")
        row_scroll = QScrollArea(widgetResizable=True)
        row_scroll.setWidget(self.row_view)
        row_scroll.setMaximumHeight(90)
        row_scroll.setToolTip(self.tr("Attention of this step: how much each source token counted for the "
                                      "chosen token"))
        self.attention = AttentionPanel()
        # names of their own, so that the Translate tab's heatmap stays the one named "attentionView"
        for w, name in ((self.attention.heatmap, "explainAttentionView"),
                        (self.attention.sentence_combo, "explainAttentionSentenceCombo"),
                        (self.attention.word_check, "explainAttentionWordCheck"),
                        (self.attention.png_button, "explainAttentionPngButton"),
                        (self.attention.csv_button, "explainAttentionCsvButton")):
            w.setObjectName(name)
        self.attention.heatmap.placeholder = self.tr("The attention of the best hypothesis grows here step by step.")
        self.attention.word_check.setToolTip(self.tr("Show the attention per word instead of per subword piece"))
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(QLabel("<b>" + self.tr("This step's attention") + "</b>"))
        rl.addWidget(row_scroll)
        rl.addWidget(self.attention, 1)
        top = QSplitter(Qt.Orientation.Horizontal)
        top.addWidget(chart_box)
        top.addWidget(right)

        self.tree = BeamTree()
        self.tree.nodeClicked.connect(self._on_node)
        self.tree_scroll = QScrollArea(widgetResizable=True, objectName="explainTreeScroll")
        self.tree_scroll.setWidget(self.tree)
        tree_box = QGroupBox(self.tr("Hypotheses over the steps"))
        tree_box.setToolTip(self.tr("Every candidate the search weighed: blue kept in the beam, green finished, "
                                    "grey dashed pruned. The bold path is the best hypothesis so far. Click a "
                                    "node to see its choices and attention."))
        QVBoxLayout(tree_box).addWidget(self.tree_scroll)
        tree_box.layout().setContentsMargins(4, 4, 4, 4)
        self.ranking = QListWidget(objectName="explainRankingList")
        self.ranking.setToolTip(self.tr("Finished outputs, best first by score / length^\u03b1. Move \u03b1 to "
                                        "re-rank them (no new decode). Click one to see its attention."))
        self.ranking.itemClicked.connect(self._on_ranked_clicked)
        rank_box = QGroupBox(self.tr("Finished outputs (ranked)"))
        QVBoxLayout(rank_box).addWidget(self.ranking)
        rank_box.layout().setContentsMargins(4, 4, 4, 4)
        bottom = QSplitter(Qt.Orientation.Horizontal)
        bottom.addWidget(tree_box)
        bottom.addWidget(rank_box)
        bottom.setStretchFactor(0, 3)
        bottom.setStretchFactor(1, 2)
        self.splitter = QSplitter(Qt.Orientation.Vertical, objectName="explainSplitter")
        self.splitter.addWidget(top)
        self.splitter.addWidget(bottom)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.splitter)
        self._trace = None

    # ---------------------------------------------------------------- render
    def clear(self) -> None:
        """Show nothing (the placeholders)."""
        self._trace = None
        self.tree.set_steps([])
        self.chart.clear()
        self.chart_title.setText("")
        self.row_view.clear()
        self.attention.heatmap.clear()
        self.ranking.clear()

    def show_step(self, trace, position: int, focus: tuple[int, int] | None, alpha: float,
                  clickable: bool = True) -> None:
        """Draw step ``position`` of ``trace`` (an ``ExplainTrace``); ``focus`` a picked tree node."""
        steps = trace.steps
        if position < 0 or not steps:
            self.clear()
            return
        self._trace = trace
        shown = steps[: position + 1]
        self.tree.set_steps(shown, alpha)
        s, c, row, cand = focused(steps, position, focus)
        step = steps[s]
        statuses = {x.token_id: x.status for x in step.candidates if cand is not None and x.row == cand.row}
        self.chart.set_data(row.choices if row is not None else [], cand.token_id if cand else None, statuses,
                            sampling=trace.mode == "sample", forced=step.forced, clickable=clickable,
                            kept=row.sample_kept if row is not None else None)
        after = (row.text if row is not None else "") or self.tr("the start")
        title = "<b>" + self.tr("Step %1: the next token after \u201c%2\u201d").replace(
            "%1", str(s + 1)).replace("%2", after) + "</b>"
        if cand is not None and self.chart.chosen_index() is None:
            title += " \u00b7 " + self.tr("chose \u201c%1\u201d, which is not among the likeliest shown").replace(
                "%1", piece_label(cand.piece))
        self.chart_title.setText(title)
        src = trace.source_tokens
        if cand is not None and len(row.attention_row) == len(src):
            self.row_view.set_data(src, [piece_label(cand.piece)], row.attention_row.reshape(1, -1))
        else:
            self.row_view.clear()
        current = steps[position]
        if current.attention.shape == (len(current.best_pieces), len(src)):
            self.attention.heatmap.set_partial(src, current.best_pieces, current.attention)
        self.tree.set_selected(s, c)
        self._fill_ranking(trace, position, alpha)
        self.tree_scroll.ensureVisible(self.tree.node_rect(position, 0).right() + 20, 0, 20, 0)

    def _fill_ranking(self, trace, position: int, alpha: float) -> None:
        last = position >= len(trace.steps) - 1
        done = [h for h in trace.ranked(alpha) if last or (h.ended and h.length - 1 <= position)]
        self.ranking.clear()
        for i, h in enumerate(done):
            item = QListWidgetItem(f"{i + 1}. {h.text}   ({h.norm_score(alpha):.3f})")
            tip = self.tr("score %1 over %2 tokens: %1 / %2^%3 = %4").replace("%1", f"{h.score:.3f}").replace(
                "%2", str(h.length)).replace("%3", f"{alpha:.2f}").replace("%4", f"{h.norm_score(alpha):.3f}")
            if not h.ended:
                tip += "\n" + self.tr("cut at the length limit (no end token)")
            item.setToolTip(tip)
            item.setData(Qt.ItemDataRole.UserRole, h)
            self.ranking.addItem(item)
        if not done:
            self.ranking.addItem(self.tr("(none finished yet)"))

    def ranked_texts(self) -> list[str]:
        """Texts of the ranking list, best first (the finished outputs revealed so far)."""
        items = (self.ranking.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.ranking.count()))
        return [h.text for h in items if h is not None]

    # ----------------------------------------------------------------- slots
    def _on_node(self, step: int, candidate: int) -> None:
        self.nodeClicked.emit(step, candidate)

    def _on_ranked_clicked(self, item: QListWidgetItem) -> None:
        h = item.data(Qt.ItemDataRole.UserRole)
        if h is not None and self._trace is not None:
            self.attention.heatmap.set_data(self._trace.source_tokens, h.pieces, h.attention)
