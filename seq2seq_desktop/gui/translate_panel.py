"""Translate tab: editors, direction, beam slider, Advanced options, attention and alternatives.

The panel collects a ``DecodeConfig``, runs ``engine.translate_steps`` through ``gui.jobs`` (latest
request wins) and renders what comes back: partial hypotheses and attention rows while decoding,
then the final ``TextTranslation`` (low-probability tokens marked, n-best list per sentence).
Rendering and editor/heatmap hover linking live in ``translate_output.TranslationView``; the
wrong-direction hint ("This looks like Japanese...", ``direction_hint.DirectionHint``) is checked
while the user types.

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

from PySide6.QtCore import QT_TRANSLATE_NOOP, QByteArray, QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QTextCursor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from superqt import QCollapsible, QLabeledSlider
from superqt.utils import signals_blocked

from seq2seq_desktop.core.config import MAX_INPUT_CHARS

from . import error_dialogs
from .attention_heads import shown_output
from .attention_panel import AttentionPanel
from .direction_hint import DirectionHint
from .jobs import LatestJob
from .settings import Settings
from .translate_output import TranslationView

__all__ = ["TranslatePanel", "DIRECTION_LABELS", "direction_label"]

logger = logging.getLogger(__name__)

#: direction -> English label, translated where shown (``direction_label``)
DIRECTION_LABELS = {"en-ja": QT_TRANSLATE_NOOP("Direction", "English \u2192 Japanese"),
                    "ja-en": QT_TRANSLATE_NOOP("Direction", "Japanese \u2192 English")}
LIVE_DEBOUNCE_MS = 300
HINT_DEBOUNCE_MS = 150  # the wrong-direction check while typing
RERUN_DEBOUNCE_MS = 150  # a setting changed while translating: start again once the slider rests


def direction_label(direction: str) -> str:
    """The translated label of ``direction`` (``"en-ja"`` -> "English → Japanese"); unknown keys as they are."""
    return QCoreApplication.translate("Direction", DIRECTION_LABELS.get(direction, direction))


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
        self._nbest_wanted = 1  # the user's n-best; the spin box shows it clamped to the beam width
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
        self.direction_combo = QComboBox(objectName="directionCombo")
        for key in DIRECTION_LABELS:
            self.direction_combo.addItem(direction_label(key), key)
        self.direction_combo.currentIndexChanged.connect(self._on_direction)
        self.swap_button = QToolButton(objectName="swapButton", text="\u21c4",
                                       toolTip=self.tr("Swap direction and texts (Ctrl+R)"))
        self.swap_button.clicked.connect(self.swap_direction)
        self.beam_slider = QLabeledSlider(Qt.Orientation.Horizontal)
        self.beam_slider.setObjectName("beamSlider")
        self.beam_slider.setRange(1, 16)
        self.beam_slider.setToolTip(self.tr("Beam width: 1 = greedy search; wider beams search more hypotheses"))
        self.beam_slider.setMinimumWidth(160)
        self.beam_slider.valueChanged.connect(self._on_beam)
        self.beam_hint = QLabel(objectName="beamHint")
        self.live_check = QCheckBox(self.tr("Translate as you type"), objectName="liveTranslateCheck")
        self.live_check.toggled.connect(self.liveTranslateChanged)
        self.translate_button = QPushButton(self.tr("Translate"), objectName="translateButton",
                                            toolTip=self.tr("Translate (Ctrl+Return)"))
        self.translate_button.setDefault(True)
        self.translate_button.clicked.connect(self.translate)
        self.cancel_button = QPushButton(self.tr("Cancel"), objectName="cancelButton", toolTip=self.tr("Stop (Esc)"))
        self.cancel_button.clicked.connect(self.cancel)
        top = QHBoxLayout()
        top.addWidget(self.direction_combo)
        top.addWidget(self.swap_button)
        top.addSpacing(12)
        top.addWidget(QLabel(self.tr("Beam width")))
        top.addWidget(self.beam_slider, 1)
        top.addWidget(self.beam_hint)
        top.addSpacing(12)
        top.addWidget(self.live_check)
        top.addWidget(self.translate_button)
        top.addWidget(self.cancel_button)

        self.alpha_spin = QDoubleSpinBox(objectName="alphaSpin", minimum=0.0, maximum=2.0, singleStep=0.1, decimals=2)
        self.alpha_spin.setToolTip(self.tr("Length penalty: hypotheses are ranked by score / length^alpha"))
        self.ratio_spin = QDoubleSpinBox(objectName="maxLenRatioSpin", minimum=0.5, maximum=5.0, singleStep=0.1,
                                         decimals=1)
        self.ratio_spin.setToolTip(self.tr("Maximum output length as a multiple of the input length"))
        self.nbest_spin = QSpinBox(objectName="nbestSpin", minimum=1, maximum=16)
        self.nbest_spin.setToolTip(self.tr("How many alternatives to keep (at most the beam width)"))
        self.nbest_spin.valueChanged.connect(self._on_nbest)
        self.norepeat_spin = QSpinBox(objectName="noRepeatSpin", minimum=0, maximum=6)
        self.norepeat_spin.setSpecialValueText(self.tr("off"))
        self.norepeat_spin.setToolTip(self.tr("Forbid repeating any n-gram of this size (0 = off)"))
        self.reverse_check = QCheckBox(self.tr("Check with reverse model"), objectName="reverseCheck")
        self.reverse_check.setToolTip(self.tr(
            "Among the beam's translations, prefer the one from which the opposite-direction model best "
            "recovers your text (catches dropped or wrong words; about 1.5x slower)"))
        adv = QWidget()
        form = QHBoxLayout(adv)
        form.setContentsMargins(0, 0, 0, 0)
        for label, w in ((self.tr("Length penalty \u03b1"), self.alpha_spin),
                         (self.tr("Max length ratio"), self.ratio_spin),
                         (self.tr("Alternatives (n-best)"), self.nbest_spin),
                         (self.tr("No-repeat n-gram"), self.norepeat_spin)):
            form.addWidget(QLabel(label))
            form.addWidget(w)
            form.addSpacing(10)
        form.addWidget(self.reverse_check)
        form.addStretch(1)
        for spin in (self.alpha_spin, self.ratio_spin, self.norepeat_spin):
            spin.valueChanged.connect(self._on_setting_changed)
        self.reverse_check.toggled.connect(self._on_setting_changed)
        self.advanced = QCollapsible(self.tr("Advanced"))
        self.advanced.setObjectName("advancedBox")
        self.advanced.setDuration(0)
        self.advanced.setCollapsedIcon("\u25b8")
        self.advanced.setExpandedIcon("\u25be")
        self.advanced.addWidget(adv)
        # Fixed: the splitter below must not squeeze the expanded options
        self.advanced.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

        self.notice = QLabel(objectName="modelNotice", wordWrap=True)
        self.notice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notice.setStyleSheet("QLabel#modelNotice { padding: 6px; border-radius: 4px;"
                                  " background: rgba(255, 170, 0, 60); }")

        self.direction_hint = DirectionHint()
        self.direction_hint.swapRequested.connect(self.swap_direction_keep_text)

        self.source_edit = QPlainTextEdit(objectName="sourceEdit")
        self.source_edit.setPlaceholderText(self.tr("Type or paste text to translate\u2026"))
        self.source_edit.textChanged.connect(self._on_source_changed)
        self.char_label = QLabel(objectName="charCountLabel")
        self.clear_button = QToolButton(objectName="clearButton", text=self.tr("Clear"))
        self.clear_button.clicked.connect(self.clear)
        self.target_edit = QPlainTextEdit(objectName="targetEdit", readOnly=True)
        self.target_edit.setPlaceholderText(self.tr("Translation"))
        self.target_edit.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                                 | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.copy_button = QToolButton(objectName="copyButton", text=self.tr("Copy"),
                                       toolTip=self.tr("Copy the translation (Ctrl+Shift+C)"))
        self.copy_button.clicked.connect(self.copy_result)
        self.stats_label = QLabel(objectName="translateStatsLabel")

        src_box = QWidget()
        sl = QVBoxLayout(src_box)
        sl.setContentsMargins(0, 0, 0, 0)
        sl.addWidget(self.source_edit, 1)
        row = QHBoxLayout()
        row.addWidget(self.char_label)
        row.addStretch(1)
        row.addWidget(self.clear_button)
        sl.addLayout(row)
        tgt_box = QWidget()
        tl = QVBoxLayout(tgt_box)
        tl.setContentsMargins(0, 0, 0, 0)
        tl.addWidget(self.target_edit, 1)
        row = QHBoxLayout()
        row.addWidget(self.stats_label)
        row.addStretch(1)
        row.addWidget(self.copy_button)
        tl.addLayout(row)
        editors = QSplitter(Qt.Orientation.Horizontal)
        editors.addWidget(src_box)
        editors.addWidget(tgt_box)

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
        lay.addLayout(top)
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
        self._nbest_wanted = int(s.n_best)
        self.beam_slider.setValue(s.beam_width)
        self.alpha_spin.setValue(s.alpha)
        self.ratio_spin.setValue(s.max_len_ratio)
        self.norepeat_spin.setValue(s.no_repeat_ngram)
        self.reverse_check.setChecked(s.reverse_rerank)
        self.live_check.setChecked(s.live_translate)
        self.attention.word_check.setChecked(s.word_view)
        self._on_beam(self.beam_slider.value())

    def store_settings(self, s: Settings) -> None:
        """Copy the current values into ``s``."""
        s.direction = self.direction()
        s.beam_width = int(self.beam_slider.value())
        s.alpha = float(self.alpha_spin.value())
        s.max_len_ratio = float(self.ratio_spin.value())
        s.n_best = int(self._nbest_wanted)  # what the user chose, not the value clamped to the beam
        s.no_repeat_ngram = int(self.norepeat_spin.value())
        s.reverse_rerank = self.reverse_check.isChecked()
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
        from seq2seq_desktop.core.config import REVERSE_WEIGHT, DecodeConfig

        beam = int(self.beam_slider.value())
        cfg = DecodeConfig(beam_width=beam, alpha=float(self.alpha_spin.value()),
                           n_best=min(int(self.nbest_spin.value()), beam),
                           max_len_ratio=float(self.ratio_spin.value()),
                           no_repeat_ngram=int(self.norepeat_spin.value()),
                           reverse_weight=REVERSE_WEIGHT if self.reverse_check.isChecked() else 0.0)
        cfg.validate()
        return cfg

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
        self._update_count()

    def _update_count(self) -> None:
        n = len(self.source_edit.toPlainText())
        text = self.tr("%1 characters").replace("%1", f"{n:,}") + f" / {MAX_INPUT_CHARS:,}"
        self.char_label.setText(text)
        over = n > MAX_INPUT_CHARS
        self.char_label.setStyleSheet("color: #d03030;" if over else "")

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
            self._replace_source(output)
        self._busy_changed()

    def _replace_source(self, text: str) -> None:
        """Put ``text`` into the source editor as one undoable edit (``setPlainText`` would wipe the undo stack)."""
        cursor = QTextCursor(self.source_edit.document())
        cursor.beginEditBlock()
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.insertText(text)
        cursor.endEditBlock()

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
        self.beam_hint.setText(self.tr("greedy") if value == 1 else self.tr("beam"))
        with signals_blocked(self.nbest_spin):  # clamping must not overwrite the user's choice
            self.nbest_spin.setMaximum(max(1, int(value)))
            self.nbest_spin.setValue(min(self._nbest_wanted, max(1, int(value))))
        self.beamWidthChanged.emit(int(value))
        self._on_setting_changed()

    def _on_nbest(self, value: int) -> None:
        self._nbest_wanted = int(value)
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
        self._update_count()
        self._hint_timer.start()
        if self.live_check.isChecked() and self.engine() is not None:
            self._debounce.start()

    def _update_hint(self) -> None:
        self._hint_timer.stop()
        self.direction_hint.update_for(self.source_edit.toPlainText(), self.direction())

    def _stats(self, result) -> str:
        """"2 sentence(s), 0.31 s, 52.0 tokens/s": the engine's rate counts output tokens (pieces)."""
        rate = getattr(result, "words_per_s", 0.0) or 0.0
        n = len(getattr(result, "sentences", []) or [])
        text = self.tr("%1 sentence(s), %2 s").replace("%1", str(n)).replace(
            "%2", f"{getattr(result, 'elapsed', 0.0):.2f}")
        return text + (", " + self.tr("%1 tokens/s").replace("%1", f"{rate:.1f}") if rate else "")

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
        self.stats_label.setText(self._stats(result))
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
            self.stats_label.setText(self._stats(provisional) + ", " + self.tr("not checked with the reverse model"))
            self.statusMessage.emit(self.tr("Stopped during the reverse-model check: showing the translation "
                                            "without it."))
            return
        self.stats_label.setText(self.tr("Cancelled."))
        self.view.abort()
        self.statusMessage.emit(self.tr("Translation cancelled."))

    def _busy_changed(self) -> None:
        self.cancel_button.setEnabled(self.busy)
        self.busyChanged.emit(self.busy)
