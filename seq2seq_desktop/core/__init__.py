"""Public API of the Qt-free engine: models, search, translation, chat.

Names are re-exported lazily (PEP 562 ``__getattr__``): ``import seq2seq_desktop.core`` costs
nothing, and torch is imported the first time a name that needs it is used.  This keeps
``seq2seq --help`` fast.  ``from seq2seq_desktop.core import Engine`` works as usual.
"""
from __future__ import annotations

import importlib
import logging
from typing import TYPE_CHECKING, Any

logger = logging.getLogger(__name__)

# public name -> submodule that defines it
_EXPORTS: dict[str, str] = {
    # errors (no torch)
    "Seq2SeqError": "errors",
    "ConfigError": "errors",
    "ModelLoadError": "errors",
    "TokenizerError": "errors",
    "InputTooLongError": "errors",
    "DataError": "errors",
    # configuration (no torch)
    "ModelConfig": "config",
    "DecodeConfig": "config",
    "TrainConfig": "config",
    "MAX_INPUT_CHARS": "config",
    # text splitting (no torch)
    "SplitText": "segment",
    "split_text": "segment",
    "join_text": "segment",
    # packages and model
    "load_package": "package",
    "save_package": "package",
    "read_package_info": "package",
    "ModelPackage": "package",
    "PackageInfo": "package",
    "Seq2Seq": "model",
    "build_model": "model",
    "Tokenizer": "tokenizer",
    # search
    "Hypothesis": "search",
    "SearchStep": "search",
    "decode_batch": "search",
    "decode_steps": "search",
    "encode_sources": "search",
    # engine
    "Engine": "engine",
    "Translation": "engine",
    "TextTranslation": "engine",
    "Alternative": "engine",
    "DecodeStep": "engine",
    # chat
    "ChatSession": "chat",
    "ChatReply": "chat",
    "build_context": "chat",
    # metrics
    "Scores": "metrics",
    "corpus_scores": "metrics",
    # training names are exported by ``seq2seq_desktop.training``, a layer above core (core never imports it)
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value  # cache: later lookups skip __getattr__
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))


if TYPE_CHECKING:  # static analysers and IDEs see real imports
    from .chat import ChatReply, ChatSession, build_context  # noqa: F401
    from .config import MAX_INPUT_CHARS, DecodeConfig, ModelConfig, TrainConfig  # noqa: F401
    from .engine import Alternative, DecodeStep, Engine, TextTranslation, Translation  # noqa: F401
    from .errors import ConfigError, DataError, InputTooLongError, ModelLoadError, Seq2SeqError, TokenizerError  # noqa: F401
    from .metrics import Scores, corpus_scores  # noqa: F401
    from .model import Seq2Seq, build_model  # noqa: F401
    from .package import ModelPackage, PackageInfo, load_package, read_package_info, save_package  # noqa: F401
    from .search import Hypothesis, SearchStep, decode_batch, decode_steps, encode_sources  # noqa: F401
    from .segment import SplitText, join_text, split_text  # noqa: F401
    from .tokenizer import Tokenizer  # noqa: F401
