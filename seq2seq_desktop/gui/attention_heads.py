"""Layer / head selector of the attention view: which cross-attention matrix the heatmap shows.

A Transformer has one cross-attention per decoder layer and head; the search reports the last
layer's mean over heads (``Translation.attention``), and that is what the heatmap shows by
default, as for the RNN's single attention.

* ``AttentionHeadSelector`` is the combo box (objectName ``attentionHeadSelector``): "Average of
  heads, last layer", "Average of all layers and heads", then "Layer i, head j" for every layer and
  head.  It is hidden for an RNN model, which has one attention.
* ``AttentionHeads`` links it to the heatmap.  Whenever the view puts new data in the heatmap it
  asks a provider which output that is (``shown_output``); for any other entry than the default it
  gets every layer and head of that output from the engine (``Engine.cross_attention``, one
  teacher-forced pass, in a worker thread: the UI never waits), caches them per output and redraws
  the heatmap with the chosen matrix over the same tokens, so hover links and export keep working.
"""
from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QComboBox, QWidget

from .jobs import Job, call_job

__all__ = ["AttentionHeadSelector", "AttentionHeads", "LAST_LAYER", "ALL_HEADS", "head_matrix", "model_heads",
           "shown_output"]

logger = logging.getLogger(__name__)

LAST_LAYER = "last"  # the search's own matrix: the last decoder layer, averaged over heads
ALL_HEADS = "all"
CACHE_SIZE = 16  # outputs whose heads are kept (a few sentences times their alternatives)
_MISSING = object()


def model_heads(engine) -> tuple[int, int] | None:
    """``(decoder layers, heads)`` of a Transformer engine's model; None for an RNN (or no engine)."""
    model = getattr(getattr(engine, "package", None), "model", None)
    cfg = getattr(model, "cfg", None)
    if getattr(cfg, "arch", "rnn") != "transformer":
        return None
    return int(cfg.dec_layers), int(cfg.heads)


def head_matrix(heads, key):
    """The ``[L, S]`` matrix of ``key`` in ``heads [Ld, H, L, S]`` (``Engine.cross_attention``), or None.

    ``key`` is ``LAST_LAYER``, ``ALL_HEADS`` or ``(layer, head)``; None when ``heads`` has no such head.
    """
    if heads is None or heads.ndim != 4:
        return None
    if key == LAST_LAYER:
        return heads[-1].mean(axis=0)
    if key == ALL_HEADS:
        return heads.mean(axis=(0, 1))
    layer, head = key
    return heads[layer, head] if layer < heads.shape[0] and head < heads.shape[1] else None


def shown_output(view, sentence: int, engine):
    """``(engine, translation, output)`` for what ``view`` (``translate_output.TranslationView``) shows
    for ``sentence``: its ``Translation`` and the chosen n-best ``Alternative`` (None for the best), or None
    while decoding or when nothing is shown."""
    from .translate_output import alternatives

    result = view.result
    sentences = list(getattr(result, "sentences", None) or [])
    if engine is None or not 0 <= sentence < len(sentences):
        return None
    tr = sentences[sentence]
    alts = alternatives(tr)
    choice = view.choice(sentence)
    if not 0 <= choice < len(alts):
        return None
    shown = alts[choice].attention  # alternatives() keeps the engine's arrays: find the entry by identity
    return engine, tr, next((a for a in tr.nbest if a.attention is shown and shown is not tr.attention), None)


def _data(key) -> str:
    """Item data of ``key``: a string, which Qt stores and compares as it is (a tuple would become a list)."""
    return key if isinstance(key, str) else f"{key[0]}:{key[1]}"


class AttentionHeadSelector(QComboBox):
    """Which attention to show: the default, the mean of everything, or one layer's head."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("attentionHeadSelector")
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self._tips = (self.tr("Which cross-attention to show: the last decoder layer averaged over its heads "
                              "(what the translation reports), the average of every layer and head, or a "
                              "single head of one layer"),
                      self.tr("The heads of this translation are not available: the heatmap shows the last "
                              "layer's average"))
        self.setToolTip(self._tips[0])
        self._shape: tuple[int, int] | None = None
        self.set_shape(None)

    def set_shape(self, shape: tuple[int, int] | None) -> None:
        """List the entries of ``(layers, heads)``, keeping the current one when it still exists; None hides."""
        if shape == self._shape and self.count():
            return
        key = self.key()
        self._shape = shape
        self.blockSignals(True)
        self.clear()
        self.addItem(self.tr("Average of heads, last layer"), _data(LAST_LAYER))
        self.addItem(self.tr("Average of all layers and heads"), _data(ALL_HEADS))
        for layer in range(shape[0] if shape else 0):
            for head in range(shape[1]):
                self.addItem(self.tr("Layer %1, head %2").replace("%1", str(layer + 1)).replace("%2", str(head + 1)),
                             _data((layer, head)))
        self.setCurrentIndex(max(0, self.findData(_data(key))))
        self.blockSignals(False)
        self.setVisible(shape is not None)
        if self.key() != key:
            self.currentIndexChanged.emit(self.currentIndex())

    def set_available(self, on: bool) -> None:
        """Say in the tooltip whether the chosen matrix could be shown (else the default is)."""
        self.setToolTip(self._tips[0 if on else 1])

    def key(self):
        """``LAST_LAYER``, ``ALL_HEADS`` or ``(layer, head)`` (0-based) of the current entry."""
        data = self.currentData()
        if not isinstance(data, str) or data in (LAST_LAYER, ALL_HEADS):
            return data if isinstance(data, str) else LAST_LAYER
        layer, head = data.split(":")
        return int(layer), int(head)

    def set_key(self, key) -> bool:
        """Select the entry of ``key``; False when there is none."""
        index = self.findData(_data(key))
        if index >= 0:
            self.setCurrentIndex(index)
        return index >= 0


class AttentionHeads(QObject):
    """Feeds the heatmap the matrix the selector names (see the module docstring).

    Signals
    -------
    shown(object)
        The key of a matrix just drawn (``LAST_LAYER`` also when the default comes back).
    """

    shown = Signal(object)

    def __init__(self, heatmap, selector: AttentionHeadSelector, parent: QObject | None = None):
        super().__init__(parent)
        self.heatmap, self.selector = heatmap, selector
        self._engine = None
        self._provider: Callable[[], tuple | None] | None = None
        self._target: tuple | None = None  # (engine, translation, output) the heatmap shows, when finished
        self._default = None  # the view's own matrix, kept while another one is drawn over it
        self._drawn = None  # (source tokens, target tokens, matrix) last drawn over it
        self._drawing = False
        self._cache: OrderedDict[int, tuple] = OrderedDict()  # id(output attention) -> (that array, heads or None)
        self._job: Job | None = None
        self._job_for = None
        heatmap.rowsChanged.connect(self._on_data)
        selector.currentIndexChanged.connect(self._apply)

    def set_engine(self, engine) -> None:
        """The current model: its layers and heads fill the selector (hidden for an RNN)."""
        if engine is self._engine:
            return
        self._engine = engine
        self.selector.set_shape(model_heads(engine))
        self._apply()

    def set_output_provider(self, provider: Callable[[], tuple | None]) -> None:
        """``provider()`` says which ``(engine, translation, output)`` the heatmap shows (``shown_output``)."""
        self._provider = provider

    def heads_of(self, output_attention):
        """Cached ``[Ld, H, L, S]`` heads of the output whose attention is ``output_attention``, or None."""
        entry = self._cache.get(id(output_attention))
        return entry[1] if entry is not None and entry[0] is output_attention else None

    # ------------------------------------------------------------------ internals
    def _on_data(self, _rows: int = 0) -> None:
        """The view replaced or extended the heatmap's data: that is the default matrix now."""
        if self._drawing or self._still_drawn():
            return  # our own redraw, or one that changed no data (the word view toggled)
        self._default = self._drawn = None
        target = self._provider() if self._provider is not None and model_heads(self._engine) is not None else None
        self._target = target if target is not None and model_heads(target[0]) is not None else None
        self._apply()

    def _still_drawn(self) -> bool:
        """Whether the heatmap still holds what ``_draw`` put there."""
        if self._drawn is None:
            return False
        import numpy as np

        src, tgt, matrix = self._drawn
        return (self.heatmap.source_tokens() == src and self.heatmap.target_tokens() == tgt
                and np.array_equal(self.heatmap.weights(), matrix))

    def _apply(self, *_args) -> None:
        key = self.selector.key()
        self.selector.set_available(True)
        if key == LAST_LAYER or self._target is None or model_heads(self._engine) is None:
            self._draw(self._default, LAST_LAYER)
            return
        engine, tr, output = self._target
        attention = tr.attention if output is None else output.attention
        entry = self._cache.get(id(attention), _MISSING)
        if entry is _MISSING or entry[0] is not attention:
            self._request(engine, tr, output, attention)
            return
        self._cache.move_to_end(id(attention))
        matrix = head_matrix(entry[1], key)
        self.selector.set_available(matrix is not None)
        self._draw(self._default if matrix is None else matrix, LAST_LAYER if matrix is None else key)

    def _draw(self, matrix, key) -> None:
        """Put ``matrix`` (None: the view's own) in the heatmap over the tokens it shows."""
        if matrix is None:
            if self._default is None:
                return  # the view's matrix is shown already
            matrix, self._default, self._drawn = self._default, None, None
        else:
            if self._default is None:
                self._default = self.heatmap.weights()
            if tuple(matrix.shape) != tuple(self._default.shape):
                logger.warning("attention heads %s do not fit the heatmap %s", matrix.shape, self._default.shape)
                return
        self._drawing = True
        try:
            self.heatmap.set_weights(matrix)
        finally:
            self._drawing = False
        if self._default is not None:
            self._drawn = (self.heatmap.source_tokens(), self.heatmap.target_tokens(), self.heatmap.weights())
        self.shown.emit(key)

    def _request(self, engine, tr, output, attention) -> None:
        """Ask ``engine`` for every head of the shown output in a worker (once per output)."""
        if self._job is not None and self._job_for is attention:
            return  # on its way
        if self._job is not None:
            self._job.detach()  # a newer output is shown: drop the old answer
        job = call_job(engine.cross_attention, tr, output, name="attention heads", parent=self)
        job.returned.connect(partial(self._on_heads, attention))
        job.errored.connect(partial(self._on_error, attention))
        job.finished.connect(partial(self._on_finished, job))
        self._job, self._job_for = job, attention
        job.start()

    def _on_heads(self, attention, heads) -> None:
        self._store(attention, heads)
        if heads is None:
            logger.info("no attention heads for this output; showing the default matrix")
        self._apply()

    def _on_error(self, attention, exc: BaseException) -> None:
        logger.warning("could not compute the attention heads: %r", exc)
        self._store(attention, None)  # not retried for this output: the default matrix stays
        self._apply()

    def _store(self, attention, heads) -> None:
        self._cache[id(attention)] = (attention, heads)
        self._cache.move_to_end(id(attention))
        while len(self._cache) > CACHE_SIZE:
            self._cache.popitem(last=False)

    def _on_finished(self, job: Job) -> None:
        if job is self._job:
            self._job, self._job_for = None, None
        job.deleteLater()
