"""The explorer's step-through page: one sentence decoded once, then revealed a step at a time.

``StepThroughPage`` decodes in a worker (``Engine.explain_steps`` through ``gui.jobs``, latest
request wins) once per sentence, model, search settings and forced prefix, and keeps the
``ExplainTrace``.  Step, Run (a timer at the chosen speed) and Reset only move through the recorded
steps, so stepping back and forth never decodes again.  For the step shown it draws the next-token
chart of the focused hypothesis (the best one, or the node clicked in the beam tree), that step's
attention row, the attention of the best hypothesis so far, the beam lattice, and the finished
hypotheses ranked by ``score / length**alpha``.  Alpha re-ranks the recorded hypotheses
(``ExplainTrace.ranked``) without a new decode; any other setting decodes again and stays at the
step shown.  Clicking a bar forces that token after the focused hypothesis: a new decode with that
prefix, shown from the first step the model chose freely.
"""
from __future__ import annotations

import logging

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QPushButton, QToolButton, QVBoxLayout, QWidget
from superqt import QLabeledSlider

from . import error_dialogs
from .explain_controls import SearchControls
from .explain_view import StepView, focused
from .jobs import LatestJob
from .token_chart import piece_label

__all__ = ["StepThroughPage", "TOP"]

logger = logging.getLogger(__name__)

TOP = 10  # next-token candidates recorded per hypothesis (``core.explain.DEFAULT_TOP``)
RERUN_DEBOUNCE_MS = 150  # a search setting changed: decode again once the slider rests


class StepThroughPage(QWidget):
    """Step / Run / Reset through one recorded decode (objectName ``explainStepPage``)."""

    errorOccurred = Signal(object)
    statusMessage = Signal(str)
    busyChanged = Signal(bool)
    traceReady = Signal(object)  # ExplainTrace
    stepShown = Signal(int)  # index of the step shown (-1: none)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("explainStepPage")
        self._engine = None
        self._text = ""
        self._jobs = LatestJob(self)
        self._key = None  # what the recorded trace (or the running decode) was decoded for
        self.trace = None
        self.steps: list = []
        self.position = -1
        self._target = -1
        self._prefix: tuple[int, ...] = ()
        self._focus: tuple[int, int] | None = None  # a tree node the user clicked
        self.decodes = 0  # decodes started (each a worker job)
        self._timer = QTimer(self, interval=500)
        self._timer.timeout.connect(self._tick)
        self._rerun = QTimer(self, singleShot=True, interval=RERUN_DEBOUNCE_MS)
        self._rerun.timeout.connect(self._redecode_here)
        self._build()
        self._show()

    # ------------------------------------------------------------------ UI
    def _build(self) -> None:
        self.controls = SearchControls()
        self.controls.searchChanged.connect(self._on_search_changed)
        self.controls.alphaChanged.connect(lambda _a: self._show())
        self.step_button = QPushButton(self.tr("Step"), objectName="explainStepButton")
        self.step_button.setToolTip(self.tr("Show the next decoder step: which tokens the model considered and "
                                            "which the search kept. The sentence is decoded once; stepping only "
                                            "reveals what was recorded."))
        self.run_button = QPushButton(self.tr("Run"), objectName="explainRunButton")
        self.run_button.setToolTip(self.tr("Play the steps one after another at the chosen speed (Ctrl+Return); "
                                           "click again to pause."))
        self.reset_button = QPushButton(self.tr("Reset"), objectName="explainResetButton")
        self.reset_button.setToolTip(self.tr("Go back to before the first step."))
        self.step_button.clicked.connect(self.step)
        self.run_button.clicked.connect(self.run)
        self.reset_button.clicked.connect(self.reset)
        self.speed_slider = QLabeledSlider(Qt.Orientation.Horizontal, objectName="explainSpeedSlider")
        self.speed_slider.setRange(1, 20)
        self.speed_slider.setValue(2)
        self.speed_slider.setToolTip(self.tr("Play speed of Run, in steps per second"))
        self.speed_slider.valueChanged.connect(self._on_speed)
        self._on_speed(self.speed_slider.value())
        self.forced_label = QLabel(objectName="explainForcedLabel")
        self.forced_label.setToolTip(self.tr("The output is made to begin with these tokens (you clicked a bar); "
                                             "the model continues from there on its own"))
        self.unforce_button = QToolButton(objectName="explainUnforceButton", text=self.tr("Unforce"))
        self.unforce_button.setToolTip(self.tr("Let the model choose every token again"))
        self.unforce_button.clicked.connect(self.unforce)
        buttons = QGridLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        for col, w in enumerate((self.step_button, self.run_button, self.reset_button)):
            buttons.addWidget(w, 0, col)
        buttons.addWidget(QLabel(self.tr("Steps/s")), 1, 0, Qt.AlignmentFlag.AlignRight)
        buttons.addWidget(self.speed_slider, 1, 1, 1, 2)
        head = QHBoxLayout()
        head.addWidget(self.controls, 1)
        head.addSpacing(12)
        head.addLayout(buttons)
        self.info = QLabel(objectName="explainInfoLabel", wordWrap=True)
        self.info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        info = QHBoxLayout()
        info.addWidget(self.info, 1)
        info.addWidget(self.forced_label)
        info.addWidget(self.unforce_button)

        self.view = StepView()
        self.view.tokenClicked.connect(self.force)
        self.view.nodeClicked.connect(self._on_node)

        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addLayout(head)
        lay.addLayout(info)
        lay.addWidget(self.view, 1)

    # --------------------------------------------------------------- input
    def set_input(self, engine, text: str) -> None:
        """Explain ``text`` with ``engine`` from now on; a change drops the recorded decode and the forcing."""
        if engine is self._engine and text == self._text:
            return
        self._engine, self._text = engine, text
        self._jobs.discard()
        self._rerun.stop()
        self._stop_play()
        self._key, self.trace, self.steps, self._prefix, self._focus = None, None, [], (), None
        self.position = self._target = -1
        self._show()
        self._busy_changed()

    @property
    def busy(self) -> bool:
        """Whether a decode is running."""
        return self._jobs.busy

    @property
    def current_job(self):
        """The running decode ``Job``, or None."""
        return self._jobs.current

    @property
    def prefix(self) -> tuple[int, ...]:
        """The forced prefix (target token ids) of the decode shown or running."""
        return self._prefix

    def cancel(self) -> bool:
        """Stop playing and any running decode; return whether a decode was running."""
        self._stop_play()
        return self._jobs.cancel()

    def export_attention(self, kind: str) -> None:
        """Save the growing heatmap (``"png"``) or its weights (``"csv"``), asking where."""
        self.view.attention.export(kind)

    # ------------------------------------------------------------- actions
    def step(self) -> None:
        """Reveal one more step (decoding first when the recorded decode does not fit the input)."""
        self._stop_play()
        nxt = max(self.position, self._target) + 1  # a decode for new settings goes on from the same step
        if self._ensure_decoded():
            self._target = nxt
            self._advance()

    def run(self) -> None:
        """Play the steps at the chosen speed; pause when playing."""
        if self._timer.isActive():
            self._stop_play()
            return
        if not self._ensure_decoded():
            return
        if self.trace is not None and self.position >= len(self.steps) - 1:
            self.position = -1  # at the end: play it again from the start
            self._show()
        self._timer.start()
        self._update_buttons()

    def reset(self) -> None:
        """Go back to before the first step (the recorded decode is kept)."""
        self._stop_play()
        self.position = self._target = -1
        self._focus = None
        self._show()

    def force(self, choice) -> None:
        """Decode again with the focused hypothesis + ``choice`` (a ``TokenChoice``) as the output's start."""
        row = focused(self.steps, self.position, self._focus)[2]
        if row is None or self._engine is None:
            return
        self._stop_play()
        self._prefix = tuple(row.token_ids) + (int(choice.token_id),)
        self._decode()
        self._target = len(self._prefix)  # the first step the model chooses freely again
        self.statusMessage.emit(self.tr("Forcing \u201c%1\u201d: decoding again from there\u2026").replace(
            "%1", piece_label(choice.piece)))

    def unforce(self) -> None:
        """Drop the forced prefix and decode again, staying at the step shown."""
        if self._prefix:
            self._prefix = ()
            self._redecode_here()

    # ------------------------------------------------------------ decoding
    def _request_key(self) -> tuple:
        return id(self._engine), self._text, self.controls.decode_key(), self._prefix

    def _ensure_decoded(self) -> bool:
        """Start a decode unless the recorded (or running) one fits; False when there is nothing to decode."""
        if self._engine is None:
            self.statusMessage.emit(self.tr("No model to explain yet."))
            return False
        if not self._text.strip():
            self.statusMessage.emit(self.tr("Type a sentence to explain first."))
            return False
        if self._key != self._request_key():
            self._decode()
        return True

    def _decode(self) -> None:
        try:
            cfg = self.controls.decode_config()
        except Exception as exc:  # ConfigError: shown like any engine error
            self.errorOccurred.emit(exc)
            return
        self._rerun.stop()
        self._key = self._request_key()
        self.trace, self.steps, self._focus = None, [], None
        self.position = self._target = -1
        self.decodes += 1
        job = self._jobs.submit(self._engine.explain_steps, self._text, cfg, top=TOP, prefix=self._prefix,
                                name="explain")
        job.yielded.connect(self._on_progress)
        job.returned.connect(self._on_trace)
        job.errored.connect(self._on_error)
        job.finished.connect(self._busy_changed)
        self.info.setText(self.tr("Decoding\u2026"))
        job.start()
        self._busy_changed()

    def _redecode_here(self) -> None:
        """Decode again for the current settings and show the same step of the new decode."""
        if self._engine is None or not self._text.strip() or (self.trace is None and not self.busy):
            return
        keep = max(self.position, self._target)
        self._decode()
        self._target = keep

    def _on_search_changed(self) -> None:
        if self.trace is not None or self.busy:
            self._rerun.start()

    def _on_progress(self, step) -> None:
        self.info.setText(self.tr("Decoding\u2026 step %1").replace("%1", str(step.step + 1)))

    def _on_trace(self, trace) -> None:
        self.trace, self.steps = trace, list(trace.steps)
        self.controls.set_used_seed(trace.cfg.seed if trace.mode == "sample" else None)
        if trace.other_sentences:
            self.statusMessage.emit(self.tr("Only the first sentence is explained (%1 more not shown).").replace(
                "%1", str(trace.other_sentences)))
        self.traceReady.emit(trace)
        self._advance()
        if self.position < 0:
            self._show()

    def _on_error(self, exc: BaseException) -> None:
        self._key = None
        self._stop_play()
        _title, message, _details = error_dialogs.describe_error(exc)
        self.info.setText(self.tr("Failed: %1").replace("%1", message.splitlines()[0] if message else ""))
        self.errorOccurred.emit(exc)

    # ------------------------------------------------------------- reveal
    def _advance(self) -> None:
        if self.trace is None:
            return  # shown once the decode is recorded
        self._target = min(self._target, len(self.steps) - 1)
        if self._target != self.position:
            self.position = self._target
            self._focus = None
            self._show()

    def _tick(self) -> None:
        if self.trace is None:
            if not self.busy:
                self._stop_play()
            return
        if self.position < len(self.steps) - 1:
            self._target = self.position + 1
            self._advance()
        if self.position >= len(self.steps) - 1:
            self._stop_play()

    def _stop_play(self) -> None:
        self._timer.stop()
        self._update_buttons()

    def _on_speed(self, value: int) -> None:
        self._timer.setInterval(max(1, round(1000 / max(1, int(value)))))

    def _on_node(self, step: int, candidate: int) -> None:
        self._focus = (step, candidate)
        self._show()

    def _show(self) -> None:
        """Render the step at ``position`` (nothing before the first)."""
        alpha = self.controls.alpha()
        self._update_forced()
        self._update_buttons()
        if self.position < 0 or self.trace is None:
            self.view.clear()
            if self.trace is not None and self.trace.passthrough:
                self.info.setText(self.tr("Nothing to translate here (numbers, symbols): it is shown as typed."))
            elif self.trace is not None:
                self.info.setText(self.tr("Decoded %1 steps. Press Step or Run.").replace("%1", str(len(self.steps))))
            elif not self.busy:
                self.info.setText(self.tr("Type a sentence above, then press Step or Run."))
            self.stepShown.emit(self.position)
            return
        self.view.show_step(self.trace, self.position, self._focus, alpha, clickable=self._engine is not None)
        current = self.steps[self.position]
        text = self.tr("Step %1 of %2 \u00b7 best so far: \u201c%3\u201d").replace(
            "%1", str(self.position + 1)).replace("%2", str(len(self.steps))).replace("%3", current.best_text)
        best = current.chosen
        if best is not None:
            norm = best.score / (self.position + 1) ** alpha
            text += " \u00b7 " + self.tr("score %1, normalised %2 (\u03b1 = %3)").replace(
                "%1", f"{best.score:.3f}").replace("%2", f"{norm:.3f}").replace("%3", f"{alpha:.2f}")
        self.info.setText(text)
        self.stepShown.emit(self.position)

    def _update_forced(self) -> None:
        forced = bool(self._prefix)
        if forced and self.trace is not None and self.trace.steps and len(self.trace.steps) >= len(self._prefix):
            text = self.trace.steps[len(self._prefix) - 1].best_text
            self.forced_label.setText(self.tr("Forced start: \u201c%1\u201d").replace("%1", text))
        elif forced:
            self.forced_label.setText(self.tr("Forced start: %1 tokens").replace("%1", str(len(self._prefix))))
        self.forced_label.setVisible(forced)
        self.unforce_button.setVisible(forced)

    def _update_buttons(self) -> None:
        has = self._engine is not None
        self.step_button.setEnabled(has)
        self.run_button.setEnabled(has)
        self.run_button.setText(self.tr("Pause") if self._timer.isActive() else self.tr("Run"))
        self.reset_button.setEnabled(self.position >= 0)

    def _busy_changed(self) -> None:
        self.busyChanged.emit(self.busy)
