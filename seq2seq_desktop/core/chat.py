"""A toy chatbot on top of ``Engine``: a chat model "translates" context into a reply.

Chat packages (``task == "chat"``) are trained on source = the last turns of a dialogue joined
with the literal separator ``<sep>`` (a SentencePiece user symbol), target = the next turn.
``build_context`` makes that source; the trainer imports it so both sides agree.  With
``max_turns=2`` the source is ``"<previous turn> <sep> <user turn>"``.

The session keeps the history; a turn is added only when a reply completes, so a cancelled
``reply_steps`` leaves the session as it was.  An empty reply is replaced by a canned fallback.

A chat model understands one language: asked in another, it maps the unknown pieces onto whatever
it knows ("Yes", "I don't know").  ``ChatRouter`` holds one session per language and sends each
message to the model of the language it is written in (``message_language``); when no installed
model reads that language it says so (``NO_MODEL_NOTES``) instead of letting a model guess.
"""
from __future__ import annotations

import logging
from collections.abc import Generator, Sequence
from dataclasses import dataclass, replace

from .chat_format import SEP  # separator between turns in a chat model's source
from .config import ANTI_LM_WEIGHT, CHAT_REPLY_STEPS, DecodeConfig  # ANTI_LM_WEIGHT re-exported for the Dialog tab
from .engine import DecodeStep, Engine, Translation, check_input_length
from .generators import run_to_end
from .protect import script_of

__all__ = ["ChatSession", "ChatReply", "ChatRouter", "Route", "build_context", "message_language", "SEP",
           "FALLBACKS", "NO_MODEL_NOTES", "ANTI_LM_WEIGHT"]

logger = logging.getLogger(__name__)

#: canned replies used when the model produces nothing, by target language
FALLBACKS = {
    "en": ("I'm not sure what to say.", "Tell me more.", "Could you put that another way?"),
    "ja": ("なんと言えばいいか分かりません。", "もっと教えてください。", "別の言い方をしてもらえますか？"),
}

#: said instead of a reply when a message is written in a language no installed chat model reads,
#: in the language of the message (keyed by it)
NO_MODEL_NOTES = {
    "ja": "日本語のチャットモデル（chat-ja）がインストールされていないため、日本語のメッセージには答えられません。",
    "en": "No English chat model (chat-en) is installed, so English messages cannot be answered.",
}


def message_language(text: str) -> str | None:
    """``"en"`` or ``"ja"``: the script most of ``text`` is written in; None when it has no letters
    (digits, emoji), where the conversation's current language should stay."""
    script = script_of(text)
    return None if script == "none" else script


def build_context(turns: Sequence[str], max_turns: int = 2) -> str:
    """Join the last ``max_turns`` turns (oldest first) with `` <sep> ``.

    Parameters
    ----------
    turns : sequence of str
        Dialogue so far, oldest first, the turn to answer last.
    max_turns : int
        How many turns the model sees (>= 1).
    """
    if max_turns < 1:
        raise ValueError(f"max_turns={max_turns} must be at least 1")
    recent = [" ".join(t.split()) for t in turns[-max_turns:]]
    return f" {SEP} ".join(recent)


@dataclass(frozen=True)
class ChatReply:
    """A bot reply: ``text`` (possibly a fallback) and the raw ``translation`` of the context."""

    text: str
    translation: Translation
    fallback: bool = False


class ChatSession:
    """A conversation with a chat model.

    Parameters
    ----------
    engine : Engine
        An engine holding a chat package (a translation package also works, as an echo toy).
    max_turns : int, optional
        Turns of context the model sees, the user's new turn included.  Default: what the model
        was trained with (``preprocessing.context_turns`` of its package, else 1).

    Attributes
    ----------
    history : list[tuple[str, str]]
        ``("user" | "bot", text)`` pairs, oldest first.
    """

    def __init__(self, engine: Engine, max_turns: int | None = None):
        if max_turns is None:
            max_turns = int(engine.info.preprocessing.get("context_turns") or 1)
        if max_turns < 1:
            raise ValueError(f"max_turns={max_turns} must be at least 1")
        self.engine = engine
        self.max_turns = max_turns
        self.history: list[tuple[str, str]] = []

    def reset(self) -> None:
        """Forget the conversation."""
        self.history.clear()

    def context(self, user_text: str) -> str:
        """Return the model source for answering ``user_text`` now."""
        return build_context([t for _, t in self.history] + [user_text], self.max_turns)

    def _fallback(self) -> str:
        options = FALLBACKS.get(self.engine.info.target_lang, FALLBACKS["en"])
        return options[(len(self.history) // 2) % len(options)]  # rotate, deterministic for tests

    def reply_steps(self, user_text: str, cfg: DecodeConfig | None = None
                    ) -> Generator[DecodeStep, None, ChatReply]:
        """Answer ``user_text``, yielding decoder steps; returns the ``ChatReply``.

        The history gains the user turn and the reply only when the generator finishes.
        """
        check_input_length(user_text)
        user_text = " ".join(user_text.split())
        cfg = cfg or DecodeConfig()
        if cfg.max_len_offset < CHAT_REPLY_STEPS:  # a short message may get a long answer
            cfg = replace(cfg, max_len_offset=CHAT_REPLY_STEPS)
        translations = yield from self.engine.sentence_steps([self.context(user_text)], cfg)
        translation = translations[0]
        text = translation.text.strip()
        fallback = not text
        if fallback:
            text = self._fallback()
        self.history += [("user", user_text), ("bot", text)]
        return ChatReply(text=text, translation=translation, fallback=fallback)

    def reply(self, user_text: str, cfg: DecodeConfig | None = None) -> ChatReply:
        """Answer ``user_text`` (``reply_steps`` run to the end)."""
        return run_to_end(self.reply_steps(user_text, cfg))


@dataclass(frozen=True)
class Route:
    """Where ``ChatRouter.route`` sends a message: ``language``, the ``session`` to answer it (None when
    no model reads that language: ``note`` says so), and whether the language changed (``switched``)."""

    language: str
    session: ChatSession | None
    switched: bool = False
    note: str = ""


class ChatRouter:
    """One ``ChatSession`` per language; each message goes to the model of its own language.

    Parameters
    ----------
    engines : dict
        language (a chat package's ``source_lang``, e.g. ``"en"``, ``"ja"``) -> Engine.
    max_turns : int, optional
        Context turns of every session (default: each model's own).
    """

    def __init__(self, engines: dict[str, Engine], max_turns: int | None = None):
        if not engines:
            raise ValueError("ChatRouter needs at least one chat engine")
        self.sessions = {lang: ChatSession(e, max_turns=max_turns) for lang, e in engines.items()}
        self.language = next(iter(self.sessions))  # the language of the conversation so far

    def route(self, text: str) -> Route:
        """The session that should answer ``text``; ``switched`` when it is another language's than before."""
        lang = message_language(text) or self.language
        session = self.sessions.get(lang)
        if session is None:
            return Route(language=lang, session=None, note=NO_MODEL_NOTES.get(lang, NO_MODEL_NOTES["en"]))
        switched = lang != self.language
        self.language = lang
        return Route(language=lang, session=session, switched=switched)

    def reset(self) -> None:
        """Forget every conversation."""
        for session in self.sessions.values():
            session.reset()
