"""``seq2seq gui``: start the desktop app (same as the ``seq2seq-desktop`` command)."""
from __future__ import annotations

import argparse

__all__ = ["register"]


def register(subparsers) -> None:
    """Add the ``gui`` subcommand."""
    p = subparsers.add_parser("gui", help="start the desktop app")
    p.set_defaults(handler=_handle)


def _handle(args: argparse.Namespace) -> int:
    from seq2seq_desktop.gui.app import main  # Qt is imported only here

    return int(main([]) or 0)
