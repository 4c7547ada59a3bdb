"""Dialog tab: a toy chatbot over a chat model, with bubbles and a streamed reply.

The panel owns a ``core.chat.ChatSession`` per chat model and runs ``session.reply_steps`` through
``gui.jobs``; the bot bubble grows token by token from the yielded ``DecodeStep``s (their
detokenised ``text``), and the attention of the reply fills the (optional) heatmap beside the
transcript.

What streams is only sure to be the reply when the search has a single candidate (greedy search,
or one sample).  Otherwise (a beam, "sample and rank", the reverse-model check) the reply is
picked among the candidates when they are all done, so the streamed text is shown as what it is:
a candidate, in italics and marked, which the chosen reply then replaces.
"""
from __future__ import annotations

import json
import logging
import time
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)
from superqt import QLabeledDoubleSlider

from .attention_panel import AttentionPanel
from .core_messages import translate_error
from .jobs import LatestJob
from .settings import Settings
from .tokens import join_pieces
from .translate_output import fit_rows

__all__ = ["ChatPanel", "ChatTranscript", "CHAT_LABELS"]

logger = logging.getLogger(__name__)

#: chat role -> language name, translated where shown (context "Language")
CHAT_LABELS = {"chat-en": QT_TRANSLATE_NOOP("Language", "English"), "chat-ja": QT_TRANSLATE_NOOP("Language", "Japanese")}
#: the language choice that sends each message to the model of the language it is written in
AUTO = "auto"


class ChatTranscript(QScrollArea):
    """Scrollable list of chat bubbles (objectName ``chatTranscript``)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("chatTranscript")
        self.setWidgetResizable(True)
        self._inner = QWidget(objectName="chatTranscriptInner")
        self._inner.setAutoFillBackground(True)
        self._inner.setBackgroundRole(self._inner.palette().ColorRole.Base)
        self._layout = QVBoxLayout(self._inner)
        self._layout.addStretch(1)
        self.setWidget(self._inner)
        self._messages: list[tuple[str, QLabel]] = []
        self._stick = True
        self.verticalScrollBar().rangeChanged.connect(self._on_range)
        self.verticalScrollBar().valueChanged.connect(
            lambda v: setattr(self, "_stick", v >= self.verticalScrollBar().maximum() - 4))

    def add_message(self, speaker: str, text: str) -> QLabel:
        """Append a bubble; ``speaker`` is ``"user"``, ``"bot"`` or ``"note"`` (the app's own remark,
        such as which model answers, centred)."""
        bubble = QLabel(text, wordWrap=True, objectName=f"{speaker}Bubble")
        bubble.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        bubble.setTextFormat(Qt.TextFormat.PlainText)
        row = QHBoxLayout()
        if speaker == "user":
            row.addStretch(1)
            row.addWidget(bubble)
        elif speaker == "note":
            row.addStretch(1)
            row.addWidget(bubble)
            row.addStretch(1)
        else:
            row.addWidget(bubble)
            row.addStretch(1)
        self._layout.insertLayout(self._layout.count() - 1, row)
        self._messages.append((speaker, bubble))
        self._style(speaker, bubble)
        self._fit(bubble)
        self._stick = True
        return bubble

    def set_last_text(self, text: str, tooltip: str = "", provisional: bool = False) -> None:
        """Replace the text of the last bubble (streaming); ``provisional`` text (a candidate) is in italics."""
        if self._messages:
            bubble = self._messages[-1][1]
            bubble.setText(text)
            bubble.setToolTip(tooltip)
            font = bubble.font()
            if font.italic() != provisional:
                font.setItalic(provisional)
                bubble.setFont(font)
            self._fit(bubble)

    def last_is_provisional(self) -> bool:
        """Whether the last bubble shows a candidate rather than a reply."""
        return bool(self._messages) and self._messages[-1][1].font().italic()

    def _max_width(self) -> int:
        return max(240, int(self.viewport().width() * 0.75))

    def _fit(self, bubble: QLabel) -> None:
        """Word-wrapped labels pick a narrow width on their own: size bubbles by their text."""
        longest = max((bubble.fontMetrics().horizontalAdvance(line) for line in bubble.text().splitlines()), default=0)
        bubble.setMaximumWidth(self._max_width())
        bubble.setMinimumWidth(min(longest + 26, self._max_width()))

    def messages(self) -> list[dict]:
        """``[{"speaker": ..., "text": ...}, ...]`` in order."""
        return [{"speaker": s, "text": b.text()} for s, b in self._messages]

    def clear(self) -> None:
        """Remove every bubble."""
        while self._layout.count() > 1:
            item = self._layout.takeAt(0)
            row = item.layout()
            while row is not None and row.count():
                w = row.takeAt(0).widget()
                if w is not None:
                    w.deleteLater()
        self._messages.clear()

    def _style(self, speaker: str, bubble: QLabel) -> None:
        pal = self.palette()
        if speaker == "note":
            bubble.setStyleSheet(f"QLabel {{ color: {pal.color(pal.ColorRole.PlaceholderText).name()};"
                                 " font-style: italic; padding: 2px 6px; }")
            return
        if speaker == "user":
            bg, fg = pal.color(pal.ColorRole.Highlight), pal.color(pal.ColorRole.HighlightedText)
        else:
            base, fg = pal.color(pal.ColorRole.Base), pal.color(pal.ColorRole.Text)
            bg = base.darker(112) if base.lightness() > 128 else base.lighter(160)
        bubble.setStyleSheet(f"QLabel {{ background: {bg.name()}; color: {fg.name()}; border-radius: 10px;"
                             " padding: 7px 11px; }")

    def _on_range(self, _lo: int, hi: int) -> None:
        if self._stick:
            self.verticalScrollBar().setValue(hi)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        """Keep bubbles at most 3/4 of the width."""
        super().resizeEvent(event)
        for _, bubble in self._messages:
            self._fit(bubble)

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        """Follow light/dark palette changes."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            for speaker, bubble in self._messages:
                self._style(speaker, bubble)


class ChatPanel(QWidget):
    """The Dialog tab (objectName ``dialogTab``)."""

    replyFinished = Signal(object)  # ChatReply
    errorOccurred = Signal(object)
    busyChanged = Signal(bool)
    statusMessage = Signal(str)

    def __init__(self, settings: Settings | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("dialogTab")
        self.beam_width = 5
        self.last_rate = 0.0  # output tokens per second of the last reply
        self._candidates = 1  # candidates the reply being written is chosen among
        self._t0 = 0.0
        self._engines: dict[str, object] = {}
        self._sessions: dict[str, object] = {}
        self._auto_role: str | None = None  # the model that answered last in Automatic mode
        self._note = ""
        self._jobs = LatestJob(self)
        self._build()
        self.apply_settings(settings or Settings())
        self._update_state()

    def _build(self) -> None:
        self.model_combo = QComboBox(objectName="chatModelCombo", toolTip=self.tr(
            "Which chat model answers. Automatic sends each message to the model of the language it is "
            "written in."))
        self.model_combo.currentIndexChanged.connect(self._update_state)
        self.model_label = QLabel(self.tr("Language"))
        self.mode_combo = QComboBox(objectName="chatModeCombo")
        self.mode_combo.addItem(self.tr("Beam search"), "beam")
        self.mode_combo.addItem(self.tr("Sampling"), "sample")
        self.mode_combo.currentIndexChanged.connect(self._on_mode)
        self.temp_slider = QLabeledDoubleSlider(Qt.Orientation.Horizontal)
        self.temp_slider.setObjectName("chatTemperatureSlider")
        self.temp_slider.setRange(0.05, 2.0)
        self.temp_slider.setToolTip(self.tr("Temperature: lower is more predictable"))
        self.topp_slider = QLabeledDoubleSlider(Qt.Orientation.Horizontal)
        self.topp_slider.setObjectName("chatTopPSlider")
        self.topp_slider.setRange(0.05, 1.0)
        self.topp_slider.setToolTip(self.tr("Top-p (nucleus): sample only from the most likely tokens"))
        self.seed_check = QCheckBox(self.tr("Seed"), objectName="chatSeedCheck",
                                    toolTip=self.tr("Fixed seed: the same input gives the same reply"))
        self.seed_spin = QSpinBox(objectName="chatSeedSpin", minimum=0, maximum=2**31 - 1)
        self.seed_check.toggled.connect(self.seed_spin.setEnabled)
        self.specific_check = QCheckBox(self.tr("Specific replies"), objectName="chatSpecificCheck",
                                        toolTip=self.tr("Prefer replies that answer your message over ones that "
                                                        "would fit any message, such as “I don't know.” (MMI: "
                                                        "the reverse chat model checks each candidate)"))
        self.turns_spin = QSpinBox(objectName="chatTurnsSpin", minimum=1, maximum=6)
        self.turns_spin.setToolTip(self.tr("How many turns the model sees, your new one included"))
        self.turns_spin.valueChanged.connect(self._on_turns)
        self.new_button = QPushButton(self.tr("New conversation"), objectName="chatNewButton")
        self.new_button.clicked.connect(self.new_conversation)
        self.save_button = QPushButton(self.tr("Save transcript\u2026"), objectName="chatSaveButton")
        self.save_button.clicked.connect(self.ask_save_transcript)
        opts = QHBoxLayout()
        for w in (self.model_label, self.model_combo, QLabel(self.tr("Decoding")), self.mode_combo):
            opts.addWidget(w)
        self.temp_label, self.topp_label = QLabel(self.tr("Temperature")), QLabel(self.tr("Top-p"))
        for w in (self.specific_check, self.temp_label, self.temp_slider, self.topp_label, self.topp_slider,
                  self.seed_check, self.seed_spin, QLabel(self.tr("Context turns")), self.turns_spin):
            opts.addWidget(w)
        opts.addStretch(1)
        opts.addWidget(self.new_button)
        opts.addWidget(self.save_button)

        self.notice = QLabel(objectName="chatNotice", wordWrap=True)
        self.notice.setStyleSheet("QLabel#chatNotice { padding: 6px; border-radius: 4px;"
                                  " background: rgba(255, 170, 0, 60); }")
        self.transcript = ChatTranscript()
        self.attention = AttentionPanel()
        self.attention.heatmap.setObjectName("chatAttentionView")
        self.attention.heatmap.placeholder = self.tr("Attention of the last reply appears here.")
        self.splitter = QSplitter(Qt.Orientation.Horizontal, objectName="chatSplitter")
        self.splitter.addWidget(self.transcript)
        self.splitter.addWidget(self.attention)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([600, 400])

        self.input = QLineEdit(objectName="chatInput", placeholderText=self.tr("Say something\u2026"))
        self.input.returnPressed.connect(self.send)
        self.send_button = QPushButton(self.tr("Send"), objectName="chatSendButton", toolTip=self.tr("Send (Return)"))
        self.send_button.clicked.connect(self.send)
        self.cancel_button = QPushButton(self.tr("Stop"), objectName="chatCancelButton", toolTip=self.tr("Stop (Esc)"))
        self.cancel_button.clicked.connect(self.cancel)
        bottom = QHBoxLayout()
        bottom.addWidget(self.input, 1)
        bottom.addWidget(self.send_button)
        bottom.addWidget(self.cancel_button)

        lay = QVBoxLayout(self)
        lay.addLayout(opts)
        lay.addWidget(self.notice)
        lay.addWidget(self.splitter, 1)
        lay.addLayout(bottom)

    # ------------------------------------------------------------ settings
    def apply_settings(self, s: Settings) -> None:
        """Show the values of ``s``."""
        self.mode_combo.setCurrentIndex(max(0, self.mode_combo.findData(s.chat_mode)))
        self.temp_slider.setValue(s.temperature)
        self.topp_slider.setValue(s.top_p)
        self.seed_check.setChecked(s.seed is not None)
        self.seed_spin.setValue(s.seed if s.seed is not None else 0)
        self.seed_spin.setEnabled(s.seed is not None)
        self.turns_spin.setValue(s.chat_turns)
        self.specific_check.setChecked(s.chat_specific)
        self._preferred_model = s.chat_model
        self.beam_width = s.beam_width
        self._on_mode()

    def store_settings(self, s: Settings) -> None:
        """Copy the current values into ``s``."""
        s.chat_mode = self.mode_combo.currentData()
        s.temperature = round(float(self.temp_slider.value()), 3)
        s.top_p = round(float(self.topp_slider.value()), 3)
        s.seed = int(self.seed_spin.value()) if self.seed_check.isChecked() else None
        s.chat_turns = int(self.turns_spin.value())
        s.chat_specific = self.specific_check.isChecked()
        s.chat_model = self.model_combo.currentData() or self._preferred_model

    # --------------------------------------------------------------- state
    def set_beam_width(self, width: int) -> None:
        """Beam width used in beam mode (the Translate tab's slider drives it)."""
        self.beam_width = int(width)

    def set_engine(self, role: str, engine=None, note: str | None = None) -> None:
        """Install (or drop, with ``note``) the chat engine for ``role`` (e.g. ``"chat-en"``)."""
        self._sessions.pop(role, None)
        if engine is not None:
            self._engines[role] = engine
            self._note = ""
        else:
            self._engines.pop(role, None)
            self._note = note or self._note
        self.model_combo.blockSignals(True)
        current = self.model_combo.currentData() or self._preferred_model
        self.model_combo.clear()
        if self._engines:
            self.model_combo.addItem(self.tr("Automatic"), AUTO)
        for key in sorted(self._engines):
            self.model_combo.addItem(QCoreApplication.translate("Language", CHAT_LABELS.get(key, key)), key)
        self.model_combo.setCurrentIndex(max(0, self.model_combo.findData(current)))
        self.model_combo.blockSignals(False)
        self._update_state()

    def current_role(self) -> str | None:
        """Role of the chat model that answers now (e.g. ``"chat-en"``), or None when none is loaded.

        In Automatic mode: the model that answered last, else the English one, else any."""
        role = self.model_combo.currentData()
        if role != AUTO:
            return role
        if self._auto_role in self._engines:
            return self._auto_role
        return "chat-en" if "chat-en" in self._engines else next(iter(sorted(self._engines)), None)

    def route(self, text: str) -> tuple[str | None, str]:
        """The role that should answer ``text``, and a transcript note ("" for none).

        Automatic mode picks the model of the message's language (``core.chat.message_language``;
        text without letters stays with the current one).  With no model for that language the role
        is None and the note says so, instead of a model answering a language it cannot read.
        """
        from seq2seq_desktop.core.chat import message_language

        choice = self.model_combo.currentData()
        current = self.current_role()
        lang = message_language(text)
        if choice == AUTO and lang is not None:
            role = f"chat-{lang}"
        else:
            role = current
        engine = self._engines.get(role)
        if engine is None or (lang is not None and getattr(engine.info, "source_lang", lang) not in (lang, None, "")):
            if lang == "ja":
                return None, self.tr("No Japanese chat model is installed, so Japanese messages cannot be answered.")
            return None, self.tr("No English chat model is installed, so English messages cannot be answered.")
        note = ""
        if choice == AUTO and self._auto_role is not None and role != self._auto_role:
            note = self.tr("Now answering with the %1 chat model.").replace(
                "%1", QCoreApplication.translate("Language", CHAT_LABELS.get(role, role)))
        if choice == AUTO:
            self._auto_role = role
        return role, note

    def set_attention_visible(self, on: bool) -> None:
        """Show or hide the attention heatmap beside the transcript."""
        self.attention.setVisible(bool(on))

    def export_attention(self, kind: str) -> None:
        """Save the heatmap of the last reply (``"png"``) or its weights (``"csv"``), asking where."""
        self.attention.export(kind)

    @property
    def current_job(self):
        """The running (or last unfinished) reply ``Job``, or None."""
        return self._jobs.current

    def session(self, role: str | None = None):
        """``ChatSession`` of ``role`` (default: the model answering now; created on first use), or None."""
        role = role or self.current_role()
        if role is None or role not in self._engines:
            return None
        if role not in self._sessions:
            from seq2seq_desktop.core.chat import ChatSession

            self._sessions[role] = ChatSession(self._engines[role], max_turns=int(self.turns_spin.value()))
        return self._sessions[role]

    def decode_config(self):
        """``DecodeConfig`` for the next reply (beam or sampling)."""
        from seq2seq_desktop.core.config import ANTI_LM_WEIGHT, CHAT_CANDIDATES, CHAT_REVERSE_WEIGHT, DecodeConfig

        specific = self.specific_check.isChecked()
        # the reverse weight is ignored by an engine without a reverse model
        reverse = CHAT_REVERSE_WEIGHT if specific else 0.0
        if self.mode_combo.currentData() == "sample":
            seed = int(self.seed_spin.value()) if self.seed_check.isChecked() else None
            cfg = DecodeConfig(sample=True, beam_width=1, n_best=1, candidates=CHAT_CANDIDATES,
                               temperature=float(self.temp_slider.value()), top_p=float(self.topp_slider.value()),
                               seed=seed, no_repeat_ngram=3, reverse_weight=reverse)
        else:
            cfg = DecodeConfig(beam_width=int(self.beam_width), n_best=1, no_repeat_ngram=3,
                               anti_lm=ANTI_LM_WEIGHT if specific else 0.0, reverse_weight=reverse)
        cfg.validate()
        return cfg

    @property
    def busy(self) -> bool:
        """Whether a reply is being generated."""
        return self._jobs.busy

    def _update_state(self) -> None:
        has = bool(self._engines)
        many = self.model_combo.count() > 1
        self.model_combo.setVisible(many)
        self.model_label.setVisible(many)
        self.send_button.setEnabled(has and not self.busy)
        self.cancel_button.setEnabled(self.busy)
        note = self._note if not has else ""
        if not has and not note:
            note = self.tr("Loading the chat model\u2026")
        self.notice.setText(note)
        self.notice.setVisible(bool(note))

    # ------------------------------------------------------------- actions
    def send(self) -> None:
        """Send the input line and stream the reply."""
        text = self.input.text().strip()
        if not text or self.busy:
            return
        if not self._engines:
            self.statusMessage.emit((self._note or self.tr("The chat model is still loading.")).splitlines()[0])
            return
        role, note = self.route(text)
        session = self.session(role) if role is not None else None
        if session is None:  # no model reads the message's language: say so, keep the text
            self.transcript.add_message("note", note)
            self.statusMessage.emit(note)
            return
        try:
            cfg = self.decode_config()
        except Exception as exc:  # ConfigError
            self.errorOccurred.emit(exc)
            return
        self.input.clear()
        if note:
            self.transcript.add_message("note", note)
        self.transcript.add_message("user", text)
        self._bot_bubble = self.transcript.add_message("bot", "\u2026")
        self.attention.heatmap.clear()
        self._lang = getattr(getattr(session, "engine", None), "info", None)
        self._lang = getattr(self._lang, "target_lang", "") or ""
        self._t0 = time.perf_counter()
        # beam and sampled pools rank their candidates at the end: what streams is one of them
        self._candidates = max(cfg.n_best, cfg.candidates) if cfg.sample else cfg.beam_width
        job = self._jobs.submit(session.reply_steps, text, cfg, name="chat")
        job.yielded.connect(self._on_step)
        job.returned.connect(self._on_done)
        job.errored.connect(self._on_error)
        job.aborted.connect(self._on_aborted)
        job.finished.connect(self._busy_changed)
        job.start()
        self._busy_changed()

    def cancel(self) -> bool:
        """Stop the reply at its next step."""
        return self._jobs.cancel()

    def new_conversation(self) -> None:
        """Forget the context and clear the transcript."""
        self._jobs.discard()
        for session in self._sessions.values():
            session.reset()
        self.transcript.clear()
        self.attention.heatmap.clear()
        self._auto_role = None
        self._busy_changed()

    def save_transcript(self, path: str | Path) -> Path:
        """Write the transcript as JSON (``.json``) or plain text (anything else)."""
        path = Path(path)
        msgs = self.transcript.messages()
        if path.suffix.lower() == ".json":
            path.write_text(json.dumps(msgs, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        else:
            names = {"user": self.tr("You"), "bot": self.tr("Bot")}
            path.write_text("".join(f"{names.get(m['speaker'], m['speaker'])}: {m['text']}\n" for m in msgs),
                            encoding="utf-8")
        return path

    def ask_save_transcript(self) -> None:
        """Ask for a file name, then ``save_transcript`` there (File -> Save transcript)."""
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save transcript"), "transcript.txt",
                                              self.tr("Text (*.txt);;JSON (*.json)"))
        if path:
            try:
                self.save_transcript(path)
                self.statusMessage.emit(self.tr("Transcript saved to %1").replace("%1", path))
            except OSError as exc:
                self.errorOccurred.emit(exc)

    # --------------------------------------------------------------- slots
    def _on_mode(self, *_args) -> None:
        sampling = self.mode_combo.currentData() == "sample"
        for w in (self.temp_label, self.temp_slider, self.topp_label, self.topp_slider, self.seed_check,
                  self.seed_spin):
            w.setVisible(sampling)

    def _on_turns(self, n: int) -> None:
        for session in self._sessions.values():
            if hasattr(session, "max_turns"):
                session.max_turns = int(n)

    def _on_step(self, step) -> None:
        if getattr(step, "provisional", None) is not None:  # RerankStep: the candidates are being checked
            text = self.transcript.messages()[-1]["text"] if self.transcript.messages() else ""
            self.transcript.set_last_text(text, self.tr("Choosing the reply among %1 candidates… (%2/%3 checked)")
                                          .replace("%1", str(self._candidates)).replace("%2", str(step.done))
                                          .replace("%3", str(step.total)), provisional=True)
            return
        text = step.text if isinstance(getattr(step, "text", None), str) else join_pieces(list(step.tokens), self._lang)
        if self._candidates > 1:
            self.transcript.set_last_text(
                self.tr("(candidate)") + " " + text + " \u2026",
                self.tr("One of %1 candidate replies being written; the reply is chosen among them when all are "
                        "done").replace("%1", str(self._candidates)), provisional=True)
        else:
            self.transcript.set_last_text(text + " \u2026")
        tokens, att = fit_rows(step.tokens, step.attention)
        self.attention.heatmap.set_partial(list(step.source_tokens), tokens, att)

    def _on_done(self, reply) -> None:
        canned = self.tr("A canned reply: the model produced nothing for this turn.")
        self.transcript.set_last_text(reply.text, canned if getattr(reply, "fallback", False) else "")
        tr = getattr(reply, "translation", None)
        n = len([t for t in getattr(tr, "target_tokens", []) if t != "</s>"])
        elapsed = time.perf_counter() - self._t0
        self.last_rate = n / elapsed if elapsed > 0 else 0.0
        if tr is not None and getattr(tr, "attention", None) is not None:
            tokens, att = fit_rows(tr.target_tokens, tr.attention)
            self.attention.heatmap.set_data(list(tr.source_tokens), tokens, att)
        self.replyFinished.emit(reply)

    def _on_error(self, exc: BaseException) -> None:
        self.transcript.set_last_text(self.tr("(no reply: %1)").replace("%1", translate_error(exc) or type(exc).__name__))
        self.errorOccurred.emit(exc)

    def _on_aborted(self) -> None:
        bubble = self.transcript.messages()[-1]["text"] if self.transcript.messages() else ""
        self.transcript.set_last_text(bubble.rstrip(" \u2026") + " " + self.tr("(stopped)"),
                                      provisional=self.transcript.last_is_provisional())

    def _busy_changed(self) -> None:
        self._update_state()
        self.busyChanged.emit(self.busy)
