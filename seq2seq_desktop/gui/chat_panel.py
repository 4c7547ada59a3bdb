"""Dialog tab: a toy chatbot over a chat model, with bubbles and a streamed reply.

The panel owns a ``core.chat.ChatSession`` per chat model and runs ``session.reply_steps`` through
``gui.jobs``; the bot bubble grows token by token from the yielded ``DecodeStep``s (their
detokenised ``text``), and the attention of the reply fills the (optional) heatmap beside the
transcript.  The bubbles are ``chat_transcript.ChatTranscript`` (re-exported here); the row of
model, decoding and conversation controls above them is ``chat_options.ChatOptionsRow``, which
also builds the ``DecodeConfig`` of each reply.

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

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSplitter, QVBoxLayout, QWidget

from .attention_panel import AttentionPanel
from .chat_options import ChatOptionsRow
from .chat_transcript import ChatTranscript
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
        self.options = opts = ChatOptionsRow()
        self.model_combo, self.model_label, self.mode_combo = opts.model_combo, opts.model_label, opts.mode_combo
        self.temp_label, self.temp_slider, self.topp_label, self.topp_slider = (
            opts.temp_label, opts.temp_slider, opts.topp_label, opts.topp_slider)
        self.seed_check, self.seed_spin, self.specific_check = opts.seed_check, opts.seed_spin, opts.specific_check
        self.turns_spin, self.new_button, self.save_button = opts.turns_spin, opts.new_button, opts.save_button
        self.model_combo.currentIndexChanged.connect(self._update_state)
        self.turns_spin.valueChanged.connect(self._on_turns)
        self.new_button.clicked.connect(self.new_conversation)
        self.save_button.clicked.connect(self.ask_save_transcript)

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
        lay.addWidget(opts)
        lay.addWidget(self.notice)
        lay.addWidget(self.splitter, 1)
        lay.addLayout(bottom)

    # ------------------------------------------------------------ settings
    def apply_settings(self, s: Settings) -> None:
        """Show the values of ``s``."""
        self._preferred_model = s.chat_model
        self.beam_width = s.beam_width
        self.options.apply_settings(s)

    def store_settings(self, s: Settings) -> None:
        """Copy the current values into ``s``."""
        self.options.store_settings(s)
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
        return self.options.decode_config(self.beam_width)

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
