"""Attention heatmap: a QPainter widget (rows = target tokens, columns = source tokens).

``AttentionHeatmap`` only renders the plain data it is given (``set_data``, ``append_row`` and
``set_partial`` for live filling while decoding).  Hovering a cell shows the two tokens and the
weight and emits ``hovered``; ``set_highlight`` is the way back (hovering a token in an editor).
The word view merges subword pieces: source columns are *summed* (a row stays a distribution),
target rows are *averaged*.  ``gui.attention_panel.AttentionPanel`` wraps it with a sentence
selector, the subword/word toggle, PNG/CSV export and, for a Transformer, the layer/head selector
(``gui.attention_heads``), which swaps the matrix with ``set_weights``.
"""
from __future__ import annotations

import csv
import logging
from pathlib import Path

from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QImage, QLinearGradient, QPainter, QPen
from PySide6.QtWidgets import QToolTip, QWidget

from .tokens import is_cjk

__all__ = ["AttentionHeatmap", "colormap"]

logger = logging.getLogger(__name__)

_VIRIDIS = [(68, 1, 84), (71, 44, 122), (59, 81, 139), (44, 113, 142), (33, 144, 141),
            (39, 173, 129), (92, 200, 99), (170, 220, 50), (253, 231, 37)]


def _build_lut(n: int = 256) -> list[QColor]:
    """Piecewise-linear interpolation of the colour stops (pure Python: numpy loads later)."""
    lut = []
    segments = len(_VIRIDIS) - 1
    for i in range(n):
        x = i / (n - 1) * segments
        k = min(int(x), segments - 1)
        f = x - k
        a, b = _VIRIDIS[k], _VIRIDIS[k + 1]
        lut.append(QColor(*(round(a[c] + (b[c] - a[c]) * f) for c in range(3))))
    return lut


_LUT = _build_lut()


def colormap(value: float) -> QColor:
    """Colour of an attention weight in [0, 1] (viridis-like, perceptually ordered)."""
    v = min(max(float(value), 0.0), 1.0)
    return _LUT[int(round(v * (len(_LUT) - 1)))]


def _np():
    """numpy, imported on first use so that the window appears before it is loaded."""
    import numpy

    return numpy


def _label(token: str) -> str:
    """Display label: a bare word-boundary piece shows as an open box."""
    return token.replace("\u2581", "\u2423") if token.strip("\u2581") == "" else token


def _groups(starts: list[bool] | None, n: int) -> list[list[int]]:
    """Group token indices into words from word-start flags (each token alone if unknown)."""
    if not starts or len(starts) != n:
        return [[i] for i in range(n)]
    groups: list[list[int]] = []
    for i, start in enumerate(starts):
        if start or not groups:
            groups.append([i])
        else:
            groups[-1].append(i)
    return groups


class AttentionHeatmap(QWidget):
    """Heatmap of an attention matrix ``weights[T_tgt, T_src]``.

    Signals
    -------
    hovered(object)
        ``None`` when the mouse leaves the matrix, else ``(rows, cols)``: the raw target and
        source token indices under the mouse (several when the word view merges pieces).
    rowsChanged(int)
        Number of raw target rows after every change of the data.
    """

    hovered = Signal(object)
    rowsChanged = Signal(int)

    MIN_CELL = 18
    MAX_CELL = 40
    LABEL_MAX = 150  # px; longer labels are elided

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("attentionView")
        self.setMouseTracking(True)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, False)
        self._src: list[str] = []
        self._tgt: list[str] = []
        self._w = None  # np.ndarray [T_tgt, T_src] once data arrives (numpy is imported lazily)
        self._src_starts: list[bool] | None = None
        self._tgt_starts: list[bool] | None = None
        self._word_view = False
        self._hl_rows: set[int] = set()
        self._hl_cols: set[int] = set()
        self._hover: tuple[int, int] | None = None
        self._view_cache = None
        self.placeholder = self.tr("The attention map appears here while translating.")

    # ----------------------------------------------------------------- data in
    def set_data(self, src_tokens: list[str], tgt_tokens: list[str], weights,
                 src_word_starts: list[bool] | None = None, tgt_word_starts: list[bool] | None = None) -> None:
        """Show a whole matrix; ``weights`` is ``[len(tgt_tokens), len(src_tokens)]``."""
        np = _np()
        w = np.asarray(weights, dtype=np.float32).reshape(len(tgt_tokens), len(src_tokens))
        self._src, self._tgt, self._w = list(src_tokens), list(tgt_tokens), w.copy()
        self._src_starts, self._tgt_starts = src_word_starts, tgt_word_starts
        self._changed()

    def set_weights(self, weights) -> None:
        """Show another matrix over the same tokens (one attention head): same ``[T_tgt, T_src]`` shape."""
        np = _np()
        self._w = np.asarray(weights, dtype=np.float32).reshape(len(self._tgt), len(self._src)).copy()
        self._changed()

    def append_row(self, row, tgt_token: str) -> None:
        """Add one target row (live decoding); ``row`` has one weight per source token."""
        np = _np()
        r = np.asarray(row, dtype=np.float32).reshape(1, len(self._src))
        old = self.weights().reshape(len(self._tgt), len(self._src))
        self._w = np.concatenate([old, r], axis=0)
        self._tgt.append(tgt_token)
        self._tgt_starts = None
        self._changed()

    def set_partial(self, src_tokens: list[str], tgt_tokens: list[str], weights) -> None:
        """Show a partial hypothesis: append rows if it extends what is shown, else replace all."""
        np = _np()
        w = np.asarray(weights, dtype=np.float32).reshape(len(tgt_tokens), len(src_tokens))
        n = len(self._tgt)
        if (list(src_tokens) == self._src and len(tgt_tokens) > n and list(tgt_tokens[:n]) == self._tgt
                and np.array_equal(w[:n], self.weights().reshape(n, len(self._src)))):
            for i in range(n, len(tgt_tokens)):
                self.append_row(w[i], tgt_tokens[i])
        else:
            self.set_data(src_tokens, tgt_tokens, w)

    def clear(self) -> None:
        """Show nothing (the placeholder text)."""
        np = _np()
        self.set_data([], [], np.zeros((0, 0)))

    def set_word_view(self, on: bool) -> None:
        """Merge subword pieces into words (True) or show raw pieces (False)."""
        self._word_view = bool(on)
        self._changed()

    def word_view(self) -> bool:
        """Whether the word view is on."""
        return self._word_view

    def set_highlight(self, rows=None, cols=None) -> None:
        """Outline raw target rows / source columns (from hovering a token in an editor)."""
        self._hl_rows, self._hl_cols = set(rows or ()), set(cols or ())
        self.update()

    # ---------------------------------------------------------------- data out
    def source_tokens(self) -> list[str]:
        """Raw source tokens shown as columns."""
        return list(self._src)

    def target_tokens(self) -> list[str]:
        """Raw target tokens shown as rows."""
        return list(self._tgt)

    def weights(self):
        """Copy of the raw matrix ``[T_tgt, T_src]`` (a numpy array)."""
        np = _np()
        return np.zeros((0, 0), dtype=np.float32) if self._w is None else self._w.copy()

    def row_count(self) -> int:
        """Return the number of raw target rows."""
        return len(self._tgt)

    def view(self):
        """``(src_labels, tgt_labels, matrix, src_groups, tgt_groups)`` as displayed."""
        if self._view_cache is None and (not self._src or not self._tgt):
            return [], [], [], [], []
        np = _np()
        if self._view_cache is None:
            if self._word_view:
                sg, tg = _groups(self._src_starts, len(self._src)), _groups(self._tgt_starts, len(self._tgt))
            else:
                sg, tg = [[i] for i in range(len(self._src))], [[i] for i in range(len(self._tgt))]
            m = self._w.reshape(len(self._tgt), len(self._src))
            if self._word_view and m.size:
                m = np.stack([m[:, g].sum(axis=1) for g in sg], axis=1)
                m = np.stack([m[g, :].mean(axis=0) for g in tg], axis=0)
            sl = [_label("".join(self._src[i] for i in g)) for g in sg]
            tl = [_label("".join(self._tgt[i] for i in g)) for g in tg]
            self._view_cache = (sl, tl, m, sg, tg)
        return self._view_cache

    def export_csv(self, path: str | Path) -> Path:
        """Write the displayed matrix as CSV (UTF-8 with BOM so spreadsheets read Japanese)."""
        sl, tl, m, _, _ = self.view()
        path = Path(path)
        with open(path, "w", newline="", encoding="utf-8-sig") as f:
            w = csv.writer(f)
            w.writerow(["target \\ source", *sl])
            for label, row in zip(tl, m):
                w.writerow([label, *(f"{v:.6f}" for v in row)])
        return path

    def render_image(self) -> QImage:
        """Draw the heatmap at (at least) its size hint, independent of the on-screen size."""
        hint = self.sizeHint()
        size = QSize(max(self.width(), hint.width()), max(self.height(), hint.height()))
        img = QImage(size, QImage.Format.Format_ARGB32)
        img.fill(self.palette().color(self.backgroundRole()))
        p = QPainter(img)
        self._paint(p, size.width(), size.height())
        p.end()
        return img

    def export_png(self, path: str | Path) -> Path:
        """Save the heatmap as PNG; raise ``OSError`` if it cannot be written."""
        path = Path(path)
        if not self.render_image().save(str(path), "PNG"):
            raise OSError(f"could not write {path}")
        return path

    # ------------------------------------------------------------------ layout
    def _changed(self) -> None:
        self._view_cache = None
        self._hover = None
        self.updateGeometry()
        self.setMinimumSize(self.minimumSizeHint())
        self.update()
        self.rowsChanged.emit(len(self._tgt))

    def _label_font(self) -> QFont:
        f = QFont(self.font())
        f.setPointSizeF(max(7.0, f.pointSizeF() * 0.92))
        return f

    def _geometry(self, w: int, h: int):
        """Cell size, margins and label orientation for a ``w`` x ``h`` area."""
        sl, tl, m, _, _ = self.view()
        fm = QFontMetrics(self._label_font())
        left = min(self.LABEL_MAX, max([fm.horizontalAdvance(t) for t in tl] + [24])) + 10
        ncol, nrow = max(1, len(sl)), max(1, len(tl))
        col_w = max([fm.horizontalAdvance(t) for t in sl] + [0]) + 4
        col_h = max([self._vertical_extent(t, fm) for t in sl] + [0]) + 4

        def fit(top: int) -> int:
            return int(min(max(min((w - left - 8) / ncol, (h - top - 8) / nrow), self.MIN_CELL), self.MAX_CELL))

        top = fm.height() + 8
        cell = fit(top)
        horizontal = col_w <= cell
        if not horizontal:
            top = min(self.LABEL_MAX, col_h) + 8
            cell = fit(top)
        return cell, left, top, horizontal, fm

    @staticmethod
    def _vertical_extent(label: str, fm: QFontMetrics) -> int:
        """Height a column label needs: stacked upright for CJK, rotated otherwise."""
        if label and all(is_cjk(ch) for ch in label):
            return len(label) * fm.height()
        return fm.horizontalAdvance(label)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        """Room for every cell at the minimum cell size."""
        sl, tl, _, _, _ = self.view()
        if not tl or not sl:
            return QSize(120, 80)
        cell, left, top, _, _ = self._geometry(0, 0)
        return QSize(left + len(sl) * self.MIN_CELL + 8, top + len(tl) * self.MIN_CELL + 8)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        """Comfortable size: 28 px cells."""
        sl, tl, _, _, _ = self.view()
        if not tl or not sl:
            return QSize(320, 200)
        _, left, top, _, _ = self._geometry(10**5, 10**5)
        return QSize(left + len(sl) * 28 + 8, top + len(tl) * 28 + 8)

    def _cell_at(self, pos: QPoint) -> tuple[int, int] | None:
        sl, tl, _, _, _ = self.view()
        if not sl or not tl:
            return None
        cell, left, top, _, _ = self._geometry(self.width(), self.height())
        c, r = (pos.x() - left) // cell, (pos.y() - top) // cell
        if pos.x() < left or pos.y() < top or c >= len(sl) or r >= len(tl):
            return None
        return int(r), int(c)

    # ------------------------------------------------------------------ events
    def paintEvent(self, event) -> None:  # noqa: N802 (Qt override)
        """Draw the matrix, the labels and the colour bar."""
        p = QPainter(self)
        self._paint(p, self.width(), self.height())
        p.end()

    def _paint(self, p: QPainter, w: int, h: int) -> None:
        pal = self.palette()
        text_color = pal.color(pal.ColorRole.WindowText)
        sl, tl, m, sg, tg = self.view()
        if not sl or not tl:
            p.setPen(pal.color(pal.ColorRole.PlaceholderText))
            p.drawText(QRect(0, 0, w, h), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.placeholder)
            return
        cell, left, top, horizontal, fm = self._geometry(w, h)
        p.setFont(self._label_font())
        gap = 1 if cell >= 14 else 0
        for r in range(len(tl)):
            y = top + r * cell
            for c in range(len(sl)):
                p.fillRect(left + c * cell, y, cell - gap, cell - gap, colormap(m[r, c]))
        hl_rows = {i for i, g in enumerate(tg) if self._hl_rows.intersection(g)}
        hl_cols = {i for i, g in enumerate(sg) if self._hl_cols.intersection(g)}
        if self._hover is not None:
            hl_rows.add(self._hover[0])
            hl_cols.add(self._hover[1])
        accent = pal.color(pal.ColorRole.Highlight)
        p.setPen(QPen(accent, 2))
        for r in hl_rows:
            p.drawRect(left - 1, top + r * cell - 1, len(sl) * cell, cell)
        for c in hl_cols:
            p.drawRect(left + c * cell - 1, top - 1, cell, len(tl) * cell)
        bold = QFont(self._label_font())
        bold.setBold(True)
        for r, label in enumerate(tl):
            p.setFont(bold if r in hl_rows else self._label_font())
            p.setPen(accent if r in hl_rows else text_color)
            rect = QRect(2, top + r * cell, left - 8, cell)
            p.drawText(rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                       fm.elidedText(label, Qt.TextElideMode.ElideRight, left - 8))
        for c, label in enumerate(sl):
            p.setFont(bold if c in hl_cols else self._label_font())
            p.setPen(accent if c in hl_cols else text_color)
            x = left + c * cell
            if horizontal:
                p.drawText(QRect(x, 0, cell, top - 4),
                           Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom, label)
            elif is_cjk(label) and all(is_cjk(ch) for ch in label):  # upright, one character per line
                n = min(len(label), max(1, (top - 8) // fm.height()))
                for k, ch in enumerate(label[:n]):
                    p.drawText(QRect(x, top - 4 - (n - k) * fm.height(), cell, fm.height()),
                               Qt.AlignmentFlag.AlignCenter, ch)
            else:
                p.save()
                p.translate(x + cell / 2 + fm.ascent() / 2 - 1, top - 4)
                p.rotate(-90)
                p.drawText(0, 0, fm.elidedText(label, Qt.TextElideMode.ElideRight, top - 8))
                p.restore()
        self._paint_colorbar(p, left, top, fm, text_color)

    def _paint_colorbar(self, p: QPainter, left: int, top: int, fm: QFontMetrics, color: QColor) -> None:
        """Small vertical colour bar (1 at the top, 0 at the bottom) in the empty corner."""
        bar_h = top - 2 * fm.height() - 6
        if bar_h < 16 or left < 30:
            return
        grad = QLinearGradient(0, fm.height() + 2, 0, fm.height() + 2 + bar_h)
        for i in range(0, 11):
            grad.setColorAt(i / 10, colormap(1 - i / 10))
        p.fillRect(4, fm.height() + 2, 8, bar_h, grad)
        p.setPen(color)
        p.setFont(self._label_font())
        p.drawText(16, fm.height() + fm.ascent(), "1.0")
        p.drawText(16, fm.height() + 2 + bar_h, "0.0")

    def mouseMoveEvent(self, event) -> None:  # noqa: N802 (Qt override)
        """Tooltip with both tokens and the weight; emit ``hovered`` with raw indices."""
        hit = self._cell_at(event.position().toPoint())
        if hit != self._hover:
            self._hover = hit
            self.update()
            if hit is None:
                QToolTip.hideText()
                self.hovered.emit(None)
            else:
                sl, tl, m, sg, tg = self.view()
                r, c = hit
                QToolTip.showText(event.globalPosition().toPoint(),
                                  f"{tl[r]}  \u2190  {sl[c]}\n" + self.tr("weight %1").replace("%1", f"{m[r, c]:.3f}"),
                                  self)
                self.hovered.emit((list(tg[r]), list(sg[c])))
        super().mouseMoveEvent(event)

    def leaveEvent(self, event) -> None:  # noqa: N802 (Qt override)
        """Drop the hover highlight."""
        if self._hover is not None:
            self._hover = None
            self.update()
            self.hovered.emit(None)
        super().leaveEvent(event)

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        """Re-layout on font or palette (light/dark) changes."""
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.PaletteChange):
            self._view_cache = None
            self.updateGeometry()
            self.update()
        super().changeEvent(event)
