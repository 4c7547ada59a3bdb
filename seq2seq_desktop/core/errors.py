"""Named errors of the engine; every message is written for the person who sees it."""

__all__ = [
    "Seq2SeqError",
    "ConfigError",
    "ModelLoadError",
    "TokenizerError",
    "InputTooLongError",
    "DataError",
]


class Seq2SeqError(Exception):
    """Base of every error the engine raises on purpose (the UI shows its message as is)."""


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
