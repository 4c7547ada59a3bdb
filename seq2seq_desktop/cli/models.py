"""``seq2seq models``: list the bundled and user model packages, and manage the user's.

    seq2seq models                      list them (checksums verified: a damaged package says so)
    seq2seq models --json               the same as JSON
    seq2seq models rename OLD NEW       rename a user model (folder, name and card heading)
    seq2seq models delete NAME          delete a user model (asks first unless --yes)
    seq2seq models export NAME FILE     write a package (bundled or user) to one .zip file
    seq2seq models import FILE          install a .zip / .tar(.gz) archive or a package folder

NAME is a model's name or its folder.  Bundled models are read-only: rename and delete refuse
them.  Errors print one line and exit with status 2; a declined deletion exits with status 1.
"""
from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

__all__ = ["register", "list_models"]

logger = logging.getLogger(__name__)


def register(subparsers) -> None:
    """Add the ``models`` subcommand and its actions."""
    p = subparsers.add_parser("models", help="list and manage installed model packages", description=__doc__,
                              formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--json", action="store_true", help="print a JSON list")
    p.set_defaults(handler=_handle_list)
    actions = p.add_subparsers(dest="action", metavar="ACTION")
    ls = actions.add_parser("list", help="list installed models (the default)")
    ls.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="print a JSON list")
    ls.set_defaults(handler=_handle_list)
    rn = actions.add_parser("rename", help="rename a user model")
    rn.add_argument("old", metavar="OLD", help="name or folder of the user model")
    rn.add_argument("new", metavar="NEW", help="its new name")
    rn.set_defaults(handler=_handle_rename)
    rm = actions.add_parser("delete", help="delete a user model")
    rm.add_argument("name", metavar="NAME", help="name or folder of the user model")
    rm.add_argument("--yes", "-y", action="store_true", help="do not ask for confirmation")
    rm.set_defaults(handler=_handle_delete)
    ex = actions.add_parser("export", help="write a model package to one .zip file")
    ex.add_argument("name", metavar="NAME", help="name or folder of the model")
    ex.add_argument("file", type=Path, metavar="FILE", help="the .zip file to write ('.zip' is added if missing)")
    ex.set_defaults(handler=_handle_export)
    im = actions.add_parser("import", help="install a model package archive or folder as a user model")
    im.add_argument("file", type=Path, metavar="FILE", help=".zip / .tar / .tar.gz archive, or a package folder")
    im.add_argument("--name", default=None, help="name of the installed model (default: its own, made unique)")
    im.set_defaults(handler=_handle_import)


def list_models() -> list[dict]:
    """One dict per package: name, task, direction, origin (bundled/user), path, status, error.

    Checksums are verified, so a damaged package has ``status`` "damaged" and the reason in ``error``.
    """
    from seq2seq_desktop.core.store import list_models as entries

    rows = []
    for e in entries(verify=True):
        rows.append({"name": e.name, "task": e.task, "direction": e.direction, "origin": e.origin,
                     "path": str(e.path), "status": "damaged" if e.error else "ok", "error": e.error})
    return rows


def _handle_list(args: argparse.Namespace) -> int:
    from seq2seq_desktop.paths import bundled_models_dir, user_models_dir

    rows = list_models()
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    if not rows:
        print(f"no model packages in {bundled_models_dir()} or {user_models_dir()}")
        return 0
    headers = ("name", "task", "direction", "origin", "path")
    widths = [max(len(h), *(len(str(r[h])) for r in rows)) for h in headers]
    print("  ".join(h.ljust(w) for h, w in zip(headers, widths)).rstrip())
    for r in rows:
        line = "  ".join(str(r[h]).ljust(w) for h, w in zip(headers, widths)).rstrip()
        print(line + (f"  (damaged: {r['error']})" if r["error"] else ""))
    return 0


def _handle_rename(args: argparse.Namespace) -> int:
    from seq2seq_desktop.core.store import rename_model, resolve_model

    path = rename_model(resolve_model(args.old), args.new)
    print(f"renamed {args.old!r} to {path.name!r} ({path})")
    return 0


def _handle_delete(args: argparse.Namespace) -> int:
    from seq2seq_desktop.core.errors import ConfigError
    from seq2seq_desktop.core.store import delete_model, find_entry, is_user_model

    entry = find_entry(args.name)
    if not is_user_model(entry.path):
        raise ConfigError(f"{entry.path.name} is a bundled model (or not in the user models folder); "
                          "it cannot be deleted")
    if not args.yes:
        print(f"Delete the user model {entry.name!r} ({entry.path})? This cannot be undone. [y/N] ",
              end="", file=sys.stderr, flush=True)
        answer = sys.stdin.readline() if sys.stdin is not None else ""
        if answer.strip().lower() not in ("y", "yes"):
            print(f"seq2seq: {entry.name!r} was not deleted (answer y, or pass --yes)", file=sys.stderr)
            return 1
    delete_model(entry.path)
    print(f"deleted {entry.name!r}")
    return 0


def _handle_export(args: argparse.Namespace) -> int:
    from seq2seq_desktop.core.store import export_model, find_entry

    entry = find_entry(args.name)
    if entry.error:
        from seq2seq_desktop.core.errors import ModelLoadError

        raise ModelLoadError(f"{entry.name} is damaged and is not exported: {entry.error}")
    out = export_model(entry.path, args.file)
    print(f"exported {entry.name!r} to {out.resolve()}")
    return 0


def _handle_import(args: argparse.Namespace) -> int:
    from seq2seq_desktop.core.store import import_model

    path = import_model(args.file, name=args.name)
    print(f"imported {args.file.name} as the user model {path.name!r} ({path})")
    return 0
