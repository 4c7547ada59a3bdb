"""Named errors of the engine; every message is written for the person who sees it.

A message is English, built from a ``str.format`` template and its fields:
``raise ModelLoadError.format("model package {pkg} is missing {name}", pkg=pkg, name=name)``.
``str(exc)`` is that English text (the CLI and the logs show it); ``exc.template`` and
``exc.params`` keep the parts, so that the GUI can show the template translated with the same
fields (``gui/core_messages.py``, which lists every template; ``tests/gui/test_core_messages.py``
fails on one missing there).  A field may itself be a ``Message`` or a ``Seq2SeqError`` (a cause
quoted in the text); the GUI translates those too.  Templates are literals at the raise site.
A plain ``Seq2SeqError("text")`` still works and is shown as it is.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = [
    "Message",
    "Seq2SeqError",
    "ConfigError",
    "ModelLoadError",
    "TokenizerError",
    "InputTooLongError",
    "DataError",
]


class Message:
    """English text made of a ``str.format`` template and its fields (``str()`` gives the text)."""

    __slots__ = ("template", "params")

    def __init__(self, template: str, /, **params: Any) -> None:
        self.template = template
        self.params = params

    def __str__(self) -> str:
        return self.template.format(**self.params)

    def __repr__(self) -> str:
        return f"Message({self.template!r}, **{self.params!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Message) and (self.template, self.params) == (other.template, other.params)

    __hash__ = None  # type: ignore[assignment]  # the fields are a dict


class Seq2SeqError(Exception):
    """Base of every error the engine raises on purpose (the UI shows its message, translated when it can).

    ``Seq2SeqError(text)`` carries a fixed text; ``Seq2SeqError.format(template, **params)`` (or
    ``Seq2SeqError(template=..., params=...)``) builds the English text from a template and keeps
    both in ``template`` and ``params`` (``template`` is None for a fixed text).
    """

    def __init__(self, *args: Any, template: str | None = None, params: Mapping[str, Any] | None = None) -> None:
        params = dict(params or {})
        if template is not None and not args:
            args = (template.format(**params),)
        super().__init__(*args)
        self.template = template
        self.params = params

    @classmethod
    def format(cls, template: str, /, **params: Any):
        """The error whose message is ``template.format(**params)``, remembering both for translation."""
        return cls(template=template, params=params)


class ConfigError(Seq2SeqError, ValueError):
    """A configuration value is out of range or unknown; the message lists the valid choices."""


class ModelLoadError(Seq2SeqError):
    """A model package is missing a file, fails its checksum, or does not match its config."""


class TokenizerError(Seq2SeqError):
    """A SentencePiece model is missing or unreadable."""


class InputTooLongError(Seq2SeqError, ValueError):
    """The input is longer than the documented maximum (see ``config.MAX_INPUT_CHARS``)."""


class DataError(Seq2SeqError, ValueError):
    """Training or fine-tuning data could not be read or has no usable pairs."""
