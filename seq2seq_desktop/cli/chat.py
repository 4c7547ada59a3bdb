"""``seq2seq chat``: talk to a chat model in the terminal.

    seq2seq chat --model chat-en --sample --temperature 0.8 --top-p 0.9 --seed 1
    seq2seq chat --candidates 1 --reverse-weight 0 --anti-lm 0     # the model's plain replies

Type a message and press Enter; ``/reset`` forgets the conversation, ``/quit`` or end of input
(Ctrl-D) leaves.  Input can also be piped, one user turn per line.

Without ``--model`` every installed chat model takes part, one per language: each message goes to
the model of the language it is written in (a line says so when the language changes), and a
message in a language no installed model reads gets a one-line note instead of a guessed reply.
"""
from __future__ import annotations

import argparse
import logging
import sys

from ._common import add_model_args, decode_config, load_engine, utf8_stdout

__all__ = ["register"]

logger = logging.getLogger(__name__)


def register(subparsers) -> None:
    """Add the ``chat`` subcommand."""
    p = subparsers.add_parser("chat", help="interactive chat with a chat model",
                              description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    from seq2seq_desktop.core.config import (
        ANTI_LM_WEIGHT,
        CHAT_CANDIDATES,
        CHAT_REVERSE_WEIGHT,
        CHAT_TEMPERATURE,
        CHAT_TOP_P,
    )

    add_model_args(p)
    p.add_argument("--beam", type=int, default=5, help="beam width when not sampling (default 5)")
    p.add_argument("--sample", action="store_true", help="sample replies instead of beam search")
    p.add_argument("--temperature", type=float, default=CHAT_TEMPERATURE,
                   help=f"sampling temperature (default {CHAT_TEMPERATURE}, as the app's Sampling)")
    p.add_argument("--top-k", type=int, default=0, help="sample from the k most likely tokens (0 = all)")
    p.add_argument("--top-p", type=float, default=CHAT_TOP_P,
                   help=f"nucleus sampling mass (default {CHAT_TOP_P}, as the app's Sampling; 1.0 = off)")
    p.add_argument("--seed", type=int, default=None, help="random seed for sampling")
    p.add_argument("--candidates", type=int, default=CHAT_CANDIDATES, metavar="N",
                   help=f"with --sample, draw N replies and say the best-ranked one (default {CHAT_CANDIDATES}; "
                        "1 = plain sampling)")
    p.add_argument("--anti-lm", type=float, default=ANTI_LM_WEIGHT, metavar="W",
                   help="with beam search, push replies that would fit any input down the beam "
                        f"(MMI-antiLM weight 0-1; default {ANTI_LM_WEIGHT}, as the app's \"Specific replies\"; 0 = off)")
    p.add_argument("--reverse-weight", type=float, default=CHAT_REVERSE_WEIGHT, metavar="W",
                   help="rank the candidates by how well the reverse chat model (NAME-reverse) recovers your "
                        f"message from each (default {CHAT_REVERSE_WEIGHT}, as \"Specific replies\"; 0 = off; "
                        "ignored when that model is not installed)")
    p.add_argument("--max-turns", type=int, default=None,
                   help="turns of context the model sees (default: what the model was trained with)")
    p.set_defaults(handler=_handle)


def _handle(args: argparse.Namespace) -> int:
    from seq2seq_desktop.core.chat import ChatRouter
    from seq2seq_desktop.core.errors import ConfigError

    # sampling ignores anti_lm; no_repeat_ngram 3 as in the Dialog tab
    cfg = decode_config(args, n_best=1, anti_lm=args.anti_lm, no_repeat_ngram=3)
    if args.max_turns is not None and args.max_turns < 1:
        raise ConfigError(f"--max-turns={args.max_turns} must be at least 1")
    router = ChatRouter(_load_engines(args), max_turns=args.max_turns)
    interactive = sys.stdin.isatty()
    utf8_stdout()
    if interactive:
        names = ", ".join(f"{s.engine.info.name} ({s.engine.device_name})" for s in router.sessions.values())
        print(f"{names}. /reset to start over, /quit or Ctrl-D to leave.")
    while True:
        try:
            line = input("you> " if interactive else "")
        except EOFError:
            if interactive:
                print()
            return 0
        text = line.strip()
        if not text:
            continue
        if text in ("/quit", "/exit"):
            return 0
        if text == "/reset":
            router.reset()
            print("(conversation reset)")
            continue
        route = router.route(text)
        if route.session is None:
            print(f"bot> ({route.note})", flush=True)
            continue
        if route.switched:
            print(f"(now chatting with {route.session.engine.info.name})", flush=True)
        reply = route.session.reply(text, cfg)
        print(f"bot> {reply.text}", flush=True)


def _load_engines(args: argparse.Namespace) -> dict:
    """language -> chat Engine: the ``--model`` alone, else the first installed chat model of each language."""
    import copy

    from seq2seq_desktop.core.errors import ModelLoadError
    from seq2seq_desktop.core.store import default_model

    if args.model is not None:
        engine = load_engine(args, task="chat")
        return {engine.info.source_lang or "en": engine}
    engines = {}
    for lang in ("en", "ja"):
        path = default_model("chat", source_lang=lang)
        if path is not None:
            one = copy.copy(args)
            one.model = str(path)
            engines[lang] = load_engine(one, task="chat")
    if not engines:
        raise ModelLoadError("no chat model is installed; pass --model PATH")
    return engines
