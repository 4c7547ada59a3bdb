"""``AttentionPanel``: the heatmap in a scroll area with sentence selector, word toggle and export.

For a Transformer model the bar also holds the layer/head selector (``gui.attention_heads``); the
owner tells the panel the current engine (``set_engine``) and which output the heatmap shows
(``set_output_provider``).
"""
from __future__ import annotations

import logging

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from .attention_heads import AttentionHeads, AttentionHeadSelector
from .attention_view import AttentionHeatmap

__all__ = ["AttentionPanel"]

logger = logging.getLogger(__name__)


class AttentionPanel(QWidget):
    """Heatmap in a scroll area, with sentence selector, layer/head selector, word toggle and export buttons."""

    sentenceChanged = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.heatmap = AttentionHeatmap()
        self.sentence_combo = QComboBox(objectName="attentionSentenceCombo")
        self.sentence_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.sentence_combo.currentIndexChanged.connect(self.sentenceChanged)
        self.sentence_label = QLabel(self.tr("Sentence"))
        self.head_selector = AttentionHeadSelector()
        self.heads = AttentionHeads(self.heatmap, self.head_selector, self)
        self.word_check = QCheckBox(self.tr("Merge subwords into words"), objectName="attentionWordCheck")
        self.word_check.toggled.connect(self.heatmap.set_word_view)
        self.png_button = QToolButton(text=self.tr("PNG…"), objectName="attentionPngButton",
                                      toolTip=self.tr("Export the heatmap as a PNG image"))
        self.csv_button = QToolButton(text=self.tr("CSV…"), objectName="attentionCsvButton",
                                      toolTip=self.tr("Export the attention weights as CSV"))
        self.png_button.clicked.connect(lambda: self.export("png"))
        self.csv_button.clicked.connect(lambda: self.export("csv"))
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        title = QLabel("<b>" + self.tr("Attention") + "</b>")
        for wdg in (title, self.sentence_label, self.sentence_combo, self.head_selector):
            bar.addWidget(wdg)
        bar.addStretch(1)
        for wdg in (self.word_check, self.png_button, self.csv_button):
            bar.addWidget(wdg)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(self.heatmap)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(bar)
        lay.addWidget(self.scroll, 1)
        self.set_sentences([])

    def set_sentences(self, labels: list[str]) -> None:
        """Fill the sentence selector (hidden for a single sentence), keeping the current index."""
        current = max(0, self.sentence_combo.currentIndex())
        self.sentence_combo.blockSignals(True)
        self.sentence_combo.clear()
        for i, text in enumerate(labels):
            short = text if len(text) <= 40 else text[:39] + "\u2026"
            self.sentence_combo.addItem(f"{i + 1}: {short}")
        self.sentence_combo.setCurrentIndex(min(current, max(0, len(labels) - 1)))
        self.sentence_combo.blockSignals(False)
        visible = len(labels) > 1
        self.sentence_combo.setVisible(visible)
        self.sentence_label.setVisible(visible)

    def set_engine(self, engine) -> None:
        """The current model: a Transformer's layers and heads fill the head selector (hidden for an RNN)."""
        self.heads.set_engine(engine)

    def set_output_provider(self, provider) -> None:
        """``provider()`` returns ``(engine, translation, output)`` for the heatmap's data, or None
        (``attention_heads.shown_output``)."""
        self.heads.set_output_provider(provider)

    def current_sentence(self) -> int:
        """Index of the selected sentence (0 when there is only one)."""
        return max(0, self.sentence_combo.currentIndex())

    def export(self, kind: str) -> None:
        """Ask where, then save the heatmap as ``"png"`` or its weights as ``"csv"`` (nothing when empty)."""
        if not self.heatmap.row_count():
            return
        filters = {"png": self.tr("PNG image (*.png)"), "csv": self.tr("CSV file (*.csv)")}
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export attention"), f"attention.{kind}", filters[kind])
        if not path:
            return
        try:
            (self.heatmap.export_png if kind == "png" else self.heatmap.export_csv)(path)
        except OSError as exc:
            from .error_dialogs import show_error

            show_error(self, exc)
