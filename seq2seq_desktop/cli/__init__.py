"""Command line interface: ``seq2seq <subcommand> ...`` (also ``python -m seq2seq_desktop``).

Every subcommand lives in its own module with a ``register(subparsers)`` function that adds its
parser and sets ``handler`` (a function ``args -> int``).  Adding a subcommand is one line in
``SUBCOMMANDS``.  Subcommand modules import only argparse at module level; torch and the engine
are imported inside the handlers, so ``seq2seq --help`` stays fast.

Errors the user can fix (``Seq2SeqError``, missing or unreadable files) print one line on
stderr and exit with status 2; there is no traceback unless ``--debug`` is given.
"""
from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

__all__ = ["main", "build_parser", "SUBCOMMANDS", "EXIT_USER_ERROR"]

logger = logging.getLogger(__name__)

#: exit status for errors the user can fix (bad arguments, bad model, missing file)
EXIT_USER_ERROR = 2

#: subcommand modules under ``seq2seq_desktop.cli``, in ``--help`` order; each has ``register``
SUBCOMMANDS = [
    "translate",
    "explain",
    "chat",
    "eval",
    "spans",
    "models",
    "bench",
    "train",
    "finetune",
    "gui",
]


def build_parser() -> argparse.ArgumentParser:
    """Build the top-level parser with every registered subcommand."""
    from seq2seq_desktop import __version__

    parser = argparse.ArgumentParser(prog="seq2seq", description="Offline EN<->JA translation and a toy "
                                     "chatbot on attention Seq2Seq models.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks and debug logging")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in SUBCOMMANDS:
        importlib.import_module(f"{__name__}.{name}").register(subparsers)
    return parser


def _error(message: str) -> int:
    print(f"seq2seq: error: {message}", file=sys.stderr)
    return EXIT_USER_ERROR


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return the exit status (0 ok, 2 user error, 130 interrupted)."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits on --help / --version (0) and bad arguments (2)
        return exc.code if isinstance(exc.code, int) else EXIT_USER_ERROR
    logging.basicConfig(level=logging.DEBUG if args.debug else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    from seq2seq_desktop.core.errors import Seq2SeqError

    try:
        return int(args.handler(args) or 0)
    except Seq2SeqError as exc:
        if args.debug:
            raise
        return _error(str(exc))
    except OSError as exc:  # missing / unreadable files, broken pipes
        if args.debug:
            raise
        name = f" {exc.filename}" if getattr(exc, "filename", None) else ""
        return _error(f"{exc.strerror or exc}{':' if name else ''}{name}")
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return 130
