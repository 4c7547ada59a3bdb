"""How a chat model's source text is laid out: the turns of a conversation joined by ``SEP``.

The runtime (``chat.build_context``, the reverse-model ranking in ``engine``) and the recipes that
build the training pairs (``recipes.corpora``) must agree on this format, so it lives here, below
both of them.
"""
from __future__ import annotations

import logging

__all__ = ["SEP", "last_turn"]

logger = logging.getLogger(__name__)

#: separator between the turns of a chat model's source (a user-defined SentencePiece piece)
SEP = "<sep>"


def last_turn(context: str) -> str:
    """The newest turn of a chat model's source (the one its reply answers)."""
    return context.split(SEP)[-1].strip()
