"""``seq2seq gui``: start the desktop app (same as the ``seq2seq-desktop`` command)."""
from __future__ import annotations

import argparse

__all__ = ["register"]


def register(subparsers) -> None:
    """Add the ``gui`` subcommand."""
    p = subparsers.add_parser("gui", help="start the desktop app (options after `gui` go to the app, "
                              "see `seq2seq gui --help-app`)")
    p.add_argument("app_args", nargs=argparse.REMAINDER, help="options for the app, e.g. --model en-ja=PATH")
    p.set_defaults(handler=_handle)


def _handle(args: argparse.Namespace) -> int:
    from seq2seq_desktop.gui.app import main  # Qt is imported only here

    app_args = ["--help" if a == "--help-app" else a for a in args.app_args]
    return int(main(app_args) or 0)
