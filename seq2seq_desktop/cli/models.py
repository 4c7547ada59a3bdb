"""``seq2seq models``: list the bundled and user-installed model packages."""
from __future__ import annotations

import argparse
import json
import logging

__all__ = ["register", "list_models"]

logger = logging.getLogger(__name__)


def register(subparsers) -> None:
    """Add the ``models`` subcommand."""
    p = subparsers.add_parser("models", help="list installed model packages")
    p.add_argument("--json", action="store_true", help="print a JSON list")
    p.set_defaults(handler=_handle)


def list_models() -> list[dict]:
    """One dict per package: name, task, direction, origin (bundled/user), path, error."""
    from seq2seq_desktop.core.errors import ModelLoadError
    from seq2seq_desktop.core.package import read_package_info
    from seq2seq_desktop.core.store import find_models
    from seq2seq_desktop.paths import bundled_models_dir

    rows = []
    bundled = bundled_models_dir().resolve()
    for path in find_models():
        origin = "bundled" if path.resolve().parent == bundled else "user"
        try:
            info = read_package_info(path, verify=False)
            rows.append({"name": info.name, "task": info.task, "direction": info.direction,
                         "origin": origin, "path": str(path), "error": None})
        except ModelLoadError as exc:
            rows.append({"name": path.name, "task": "?", "direction": "?", "origin": origin,
                         "path": str(path), "error": str(exc)})
    return rows


def _handle(args: argparse.Namespace) -> int:
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
        print(line + (f"  (broken: {r['error']})" if r["error"] else ""))
    return 0
