"""Translate tab: editors, direction, beam slider, Advanced options, attention and alternatives.

The panel collects a ``DecodeConfig``, runs ``engine.translate_steps`` through ``gui.jobs`` (latest
request wins) and renders what comes back: partial hypotheses and attention rows while decoding,
then the final ``TextTranslation`` (low-probability tokens marked, n-best list per sentence).
Rendering and editor/heatmap hover linking live in ``translate_output.TranslationView``; the
wrong-direction hint ("This looks like Japanese...", ``direction_hint.DirectionHint``) is checked
while the user types.  The panel keeps the state and the actions, and lays out the top row
(``translate_toolbar``), the *Advanced* search settings (``search_options``) and the two editors
(``translate_editors``); ``DIRECTION_LABELS`` / ``direction_label`` come from ``directions``.

* Changing a search setting (beam slider, Advanced options) while a translation runs starts it
  again with the new setting (latest request wins), so the result always matches the controls.
* With the reverse-model check on, the engine yields ``RerankStep``s after decoding; a cancel
  then shows their provisional result, marked as not checked, instead of throwing it away.
* Swap (Ctrl+R) swaps the texts only when the translation shown belongs to the source as it is
  now; otherwise it keeps the source and changes the direction only.  The source edit goes
  through the editor's undo stack, so Ctrl+Z brings the previous text back.
* The n-best count the user chose is kept apart from the beam width that clamps it, so beam 1
  and back restores it.
"""
from __future__ import annotations

import logging

from PySide6.QtCore import QByteArray, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QGroupBox, QLabel, QListWidget, QSizePolicy, QSplitter, QVBoxLayout, QWidget

from . import error_dialogs
from .attention_heads import shown_output
from .attention_panel import AttentionPanel
from .direction_hint import DirectionHint
from .directions import DIRECTION_LABELS, direction_label
from .jobs import LatestJob
from .search_options import SearchOptionsBox
from .settings import Settings
from .translate_editors import TranslateEditors
from .translate_output import TranslationView
from .translate_toolbar import TranslateToolbar

__all__ = ["TranslatePanel", "DIRECTION_LABELS", "direction_label"]

logger = logging.getLogger(__name__)

LIVE_DEBOUNCE_MS = 300
HINT_DEBOUNCE_MS = 150  # the wrong-direction check while typing
RERUN_DEBOUNCE_MS = 150  # a setting changed while translating: start again once the slider rests


class TranslatePanel(QWidget):
    """The Translate tab (objectName ``translateTab``)."""

    translationFinished = Signal(object)  # TextTranslation
    errorOccurred = Signal(object)  # exception
    busyChanged = Signal(bool)
    directionChanged = Signal(str)
    beamWidthChanged = Signal(int)
    statusMessage = Signal(str)
    liveTranslateChanged = Signal(bool)
    wordViewChanged = Signal(bool)

    def __init__(self, settings: Settings | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("translateTab")
        self._engines: dict[str, object] = {}
        self._notes: dict[str, str] = {}
        self._jobs = LatestJob(self)
        self._provisional = None  # the current job's result without the reverse-model check (RerankStep)
        self._result_engine = None  # the engine of the latest request: the one whose output is shown
        self._rerun = QTimer(self, singleShot=True, interval=RERUN_DEBOUNCE_MS)
        self._rerun.timeout.connect(self._rerun_now)
        self._build()
        self._debounce = QTimer(self, singleShot=True, interval=LIVE_DEBOUNCE_MS)
        self._debounce.timeout.connect(self.translate)
        self._hint_timer = QTimer(self, singleShot=True, interval=HINT_DEBOUNCE_MS)
        self._hint_timer.timeout.connect(self._update_hint)
        self.apply_settings(settings or Settings())
        self._update_state()

    # ------------------------------------------------------------------ UI
    def _build(self) -> None:
        top = TranslateToolbar()
        self.direction_combo, self.swap_button = top.direction_combo, top.swap_button
        self.beam_slider, self.beam_hint, self.live_check = top.beam_slider, top.beam_hint, top.live_check
        self.translate_button, self.cancel_button = top.translate_button, top.cancel_button
        self.direction_combo.currentIndexChanged.connect(self._on_direction)
        self.swap_button.clicked.connect(self.swap_direction)
        self.beam_slider.valueChanged.connect(self._on_beam)
        self.live_check.toggled.connect(self.liveTranslateChanged)
        self.translate_button.clicked.connect(self.translate)
        self.cancel_button.clicked.connect(self.cancel)

        self.advanced = SearchOptionsBox()
        self.advanced.changed.connect(self._on_setting_changed)
        self.alpha_spin, self.ratio_spin = self.advanced.alpha_spin, self.advanced.ratio_spin
        self.nbest_spin, self.norepeat_spin = self.advanced.nbest_spin, self.advanced.norepeat_spin
        self.reverse_check = self.advanced.reverse_check
        # Fixed: the splitter below must not squeeze the expanded options
        self.advanced.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

        self.notice = QLabel(objectName="modelNotice", wordWrap=True)
        self.notice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notice.setStyleSheet("QLabel#modelNotice { padding: 6px; border-radius: 4px;"
                                  " background: rgba(255, 170, 0, 60); }")

        self.direction_hint = DirectionHint()
        self.direction_hint.swapRequested.connect(self.swap_direction_keep_text)

        self._editors = editors = TranslateEditors()
        self.source_edit, self.target_edit = editors.source_edit, editors.target_edit
        self.char_label, self.stats_label = editors.char_label, editors.stats_label
        self.clear_button, self.copy_button = editors.clear_button, editors.copy_button
        self.source_edit.textChanged.connect(self._on_source_changed)
        self.clear_button.clicked.connect(self.clear)
        self.copy_button.clicked.connect(self.copy_result)

        self.attention = AttentionPanel()
        self.nbest_list = QListWidget(objectName="nbestList")
        self.nbest_list.setToolTip(self.tr("Click an alternative to use it and see its attention"))
        alt_box = QGroupBox(self.tr("Alternatives (normalised score)"))
        al = QVBoxLayout(alt_box)
        al.setContentsMargins(4, 4, 4, 4)
        al.addWidget(self.nbest_list)
        bottom = QSplitter(Qt.Orientation.Horizontal)
        bottom.addWidget(self.attention)
        bottom.addWidget(alt_box)
        bottom.setStretchFactor(0, 3)
        bottom.setStretchFactor(1, 1)
        self._bottom = bottom
        self.attention.word_check.toggled.connect(self.wordViewChanged)
        self.splitter = QSplitter(Qt.Orientation.Vertical, objectName="translateSplitter")
        self.splitter.addWidget(editors)
        self.splitter.addWidget(bottom)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)

        lay = QVBoxLayout(self)
        lay.addWidget(top)
        lay.addWidget(self.advanced)
        lay.addWidget(self.notice)
        lay.addWidget(self.direction_hint)
        lay.addWidget(self.splitter, 1)
        self.view = TranslationView(self.source_edit, self.target_edit, self.attention, self.nbest_list, self)
        self.attention.set_output_provider(
            lambda: shown_output(self.view, self.attention.current_sentence(), self._result_engine))

    # ------------------------------------------------------------ settings
    def apply_settings(self, s: Settings) -> None:
        """Show the values of ``s``."""
        idx = self.direction_combo.findData(s.direction)
        self.direction_combo.setCurrentIndex(max(0, idx))
        self.advanced.apply_settings(s)
        self.beam_slider.setValue(s.beam_width)
        self.live_check.setChecked(s.live_translate)
        self.attention.word_check.setChecked(s.word_view)
        self._on_beam(self.beam_slider.value())

    def store_settings(self, s: Settings) -> None:
        """Copy the current values into ``s``."""
        s.direction = self.direction()
        s.beam_width = int(self.beam_slider.value())
        self.advanced.store_settings(s)
        s.live_translate = self.live_check.isChecked()
        s.word_view = self.attention.word_check.isChecked()

    # --------------------------------------------------------------- state
    def direction(self) -> str:
        """Return the current direction key, e.g. ``"en-ja"``."""
        return self.direction_combo.currentData()

    def engine(self):
        """Engine of the current direction, or None."""
        return self._engines.get(self.direction())

    def beam_width(self) -> int:
        """Return the beam width of the slider (the Dialog tab's beam follows it)."""
        return int(self.beam_slider.value())

    def live_translate(self) -> bool:
        """Whether "Translate as you type" is on."""
        return self.live_check.isChecked()

    def set_live_translate(self, on: bool) -> None:
        """Turn "Translate as you type" on or off (``liveTranslateChanged`` follows a change)."""
        self.live_check.setChecked(bool(on))

    def word_view(self) -> bool:
        """Whether the heatmap merges subwords into words."""
        return self.attention.word_check.isChecked()

    def set_word_view(self, on: bool) -> None:
        """Merge subwords into words in the heatmap, or not (``wordViewChanged`` follows a change)."""
        self.attention.word_check.setChecked(bool(on))

    def set_attention_visible(self, on: bool) -> None:
        """Show or hide the attention heatmap and the alternatives below the editors."""
        self._bottom.setVisible(bool(on))

    def export_attention(self, kind: str) -> None:
        """Save the shown heatmap (``"png"``) or its weights (``"csv"``), asking where."""
        self.attention.export(kind)

    def splitter_state(self) -> QByteArray:
        """State of the editors / attention splitter (``QSplitter.saveState``)."""
        return self.splitter.saveState()

    def restore_splitter_state(self, state: QByteArray) -> bool:
        """Restore what ``splitter_state`` returned; False when ``state`` is unusable."""
        return self.splitter.restoreState(state)

    @property
    def current_job(self):
        """The running (or last unfinished) translation ``Job``, or None."""
        return self._jobs.current

    def set_engine(self, direction: str, engine=None, note: str | None = None) -> None:
        """Install the engine for ``direction`` (None + ``note`` explains why there is none)."""
        if engine is not None:
            self._engines[direction] = engine
            self._notes.pop(direction, None)
        else:
            self._engines.pop(direction, None)
            if note:
                self._notes[direction] = note
        self._update_state()

    def decode_config(self):
        """``DecodeConfig`` from the controls (n-best is clamped to the beam width)."""
        return self.advanced.decode_config(int(self.beam_slider.value()))

    @property
    def busy(self) -> bool:
        """Whether a translation is running."""
        return self._jobs.busy

    def _update_state(self) -> None:
        d = self.direction()
        has = d in self._engines
        self.attention.set_engine(self._engines.get(d))
        self.translate_button.setEnabled(has)
        # greyed out (the setting is kept) when the current model has no opposite direction loaded
        self.reverse_check.setEnabled(not has or bool(getattr(self._engines[d], "has_reverse", False)))
        self.cancel_button.setEnabled(self.busy)
        note = self._notes.get(d) or ("" if has else self.tr("Loading the %1 model\u2026").replace(
            "%1", direction_label(d)))
        self.notice.setText(note)
        self.notice.setVisible(bool(note))

    # ------------------------------------------------------------- actions
    def translate(self) -> None:
        """Translate the source text (replaces any running translation)."""
        self._debounce.stop()
        engine = self.engine()
        if engine is None:
            note = self._notes.get(self.direction()) or self.tr("The model is still loading.")
            self.statusMessage.emit(note.splitlines()[0])
            return
        text = self.source_edit.toPlainText()
        self._rerun.stop()
        if not text.strip():
            self._jobs.discard()
            self.view.clear()
            self.stats_label.clear()
            self._busy_changed()
            return
        try:
            cfg = self.decode_config()
        except Exception as exc:  # ConfigError: shown like any engine error
            self.errorOccurred.emit(exc)
            return
        self._provisional = None
        self._result_engine = engine
        job = self._jobs.submit(engine.translate_steps, text, cfg, name="translate")
        job.yielded.connect(self._on_step)
        job.returned.connect(self._on_done)
        job.errored.connect(self._on_error)
        job.aborted.connect(self._on_aborted)
        job.finished.connect(self._busy_changed)
        self.view.begin(text, target_lang=getattr(getattr(engine, "info", None), "target_lang", ""))
        self.stats_label.setText(self.tr("Translating\u2026"))
        job.start()
        self._busy_changed()

    def cancel(self) -> bool:
        """Stop the running translation at its next step; return whether one was running."""
        self._debounce.stop()
        return self._jobs.cancel()

    def swap_direction(self) -> None:
        """Switch direction (Ctrl+R); the translation becomes the new source when it is the translation
        of the source as it is now.

        Text typed or edited since the last translation is never replaced: then only the direction
        changes.  Replacing goes through the editor's undo stack (one step), so Ctrl+Z restores it.
        """
        output = self.target_edit.toPlainText()
        belongs = (self.view.result is not None and output.strip() != ""
                   and self.view.request_text == self.source_edit.toPlainText())
        self._jobs.discard()
        self.direction_combo.setCurrentIndex(1 - self.direction_combo.currentIndex())
        self.view.clear()
        self.stats_label.clear()
        if belongs:
            self._editors.replace_source(output)
        self._busy_changed()

    def swap_direction_keep_text(self) -> None:
        """Switch direction and keep the source text (the hint's Swap: the text is already in the new
        source language, so the stale translation is dropped instead of moved into the source)."""
        self._jobs.discard()
        self.direction_combo.setCurrentIndex(1 - self.direction_combo.currentIndex())
        self.view.clear()
        self.stats_label.clear()
        self._busy_changed()
        if self.live_check.isChecked() and self.engine() is not None and self.source_edit.toPlainText().strip():
            self._debounce.start()

    def copy_result(self) -> None:
        """Copy the translation to the clipboard."""
        QGuiApplication.clipboard().setText(self.target_edit.toPlainText())
        self.statusMessage.emit(self.tr("Translation copied."))

    def clear(self) -> None:
        """Empty both editors, the heatmap and the alternatives."""
        self._jobs.discard()
        self.source_edit.clear()
        self.view.clear()
        self.stats_label.clear()
        self._busy_changed()

    # ------------------------------------------------------------- slots
    def _on_direction(self, _index: int) -> None:
        self._update_state()
        self._update_hint()
        self.directionChanged.emit(self.direction())

    def _on_beam(self, value: int) -> None:
        self.advanced.set_beam_width(int(value))
        self.beamWidthChanged.emit(int(value))
        self._on_setting_changed()

    def _on_setting_changed(self, *_args) -> None:
        """A search setting changed: translate again when the shown result would no longer match it."""
        if self.busy or (self.live_check.isChecked() and self.engine() is not None
                         and self.source_edit.toPlainText().strip()):
            self._rerun.start()

    def _rerun_now(self) -> None:
        if self.engine() is not None and self.source_edit.toPlainText().strip():
            self.translate()

    def _on_source_changed(self) -> None:
        self._hint_timer.start()
        if self.live_check.isChecked() and self.engine() is not None:
            self._debounce.start()

    def _update_hint(self) -> None:
        self._hint_timer.stop()
        self.direction_hint.update_for(self.source_edit.toPlainText(), self.direction())

    def _on_step(self, step) -> None:
        provisional = getattr(step, "provisional", None)  # a RerankStep (duck-typed: no torch import here)
        if provisional is None:
            self.view.on_step(step)
            return
        self._provisional = provisional
        self.stats_label.setText(self.tr("Checking with the reverse model… %1/%2").replace(
            "%1", str(step.done)).replace("%2", str(step.total)))

    def _on_done(self, result) -> None:
        self._provisional = None
        self.view.finish(result)
        self._editors.show_stats(result)
        self.translationFinished.emit(result)

    def _on_error(self, exc: BaseException) -> None:
        self._provisional = None
        self.stats_label.setText(self.tr("Failed."))
        self.view.abort()
        _title, message, _details = error_dialogs.describe_error(exc)
        self.statusMessage.emit(self.tr("Translation failed: %1").replace("%1", message.splitlines()[0] if message
                                                                          else type(exc).__name__))
        self.errorOccurred.emit(exc)

    def _on_aborted(self) -> None:
        provisional, self._provisional = self._provisional, None
        if provisional is not None:  # decoding had finished: keep its result, without the check
            self.view.finish(provisional)
            self._editors.show_stats(provisional, self.tr("not checked with the reverse model"))
            self.statusMessage.emit(self.tr("Stopped during the reverse-model check: showing the translation "
                                            "without it."))
            return
        self.stats_label.setText(self.tr("Cancelled."))
        self.view.abort()
        self.statusMessage.emit(self.tr("Translation cancelled."))

    def _busy_changed(self) -> None:
        self.cancel_button.setEnabled(self.busy)
        self.busyChanged.emit(self.busy)
