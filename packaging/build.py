"""Build the one-folder desktop program ``dist/seq2seq-desktop/`` with PyInstaller.

Usage (from anywhere; paths are relative to the checkout)::

    .venv/bin/python packaging/build.py                  # -> dist/seq2seq-desktop/seq2seq-desktop
    .venv/bin/python packaging/build.py --models-dir DIR # bundle the model packages in DIR
    .venv/bin/python packaging/build.py --nice 10        # lower priority (training running)

Needs ``pip install -e '.[build]'`` (pyinstaller).  Takes ~2-3 minutes on 2 cores.  Prints the
build time and the size of the result; exit code 0 on success.  Then try
``dist/seq2seq-desktop/seq2seq-desktop --self-test``.  ``packaging/smoke.sh`` does all of it.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "seq2seq_desktop.spec"
NAME = "seq2seq-desktop"


def _du(path: Path) -> int:
    """Bytes used by the files under ``path`` (symlinks not followed, like ``du``)."""
    return sum(f.lstat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


def main(argv: list[str] | None = None) -> int:
    """Run PyInstaller on the spec; return its exit code."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--models-dir", type=Path, help="model packages to bundle (default: <checkout>/models)")
    p.add_argument("--allow-missing-models", action="store_true",
                   help="build even without the en-ja, ja-en and chat-en packages")
    p.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder (default: dist/)")
    p.add_argument("--work", type=Path, default=ROOT / "build", help="PyInstaller work folder (default: build/)")
    p.add_argument("--clean", action="store_true", help="drop PyInstaller's cache first (slower)")
    p.add_argument("--nice", type=int, default=0, help="lower the build's CPU priority by N")
    args = p.parse_args(argv)

    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        print("PyInstaller is not installed: pip install -e '.[build]'  (or pyinstaller==6.22.3)", file=sys.stderr)
        return 2
    env = dict(os.environ)
    if args.models_dir:
        env["SEQ2SEQ_MODELS_DIR"] = str(args.models_dir.resolve())
    if args.allow_missing_models:
        env["SEQ2SEQ_REQUIRE_MODELS"] = "0"
    cmd = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
           "--distpath", str(args.dist), "--workpath", str(args.work), str(SPEC)]
    if args.clean:
        cmd.insert(3, "--clean")
    out = args.dist / NAME
    print("building:", " ".join(cmd), flush=True)
    t0 = time.perf_counter()
    rc = subprocess.call(cmd, cwd=ROOT, env=env,
                         preexec_fn=(lambda: os.nice(args.nice)) if args.nice else None)
    elapsed = time.perf_counter() - t0
    if rc != 0:
        print(f"build FAILED (PyInstaller exit code {rc}) after {elapsed:.0f}s", file=sys.stderr)
        return rc
    exe = out / NAME
    if not exe.is_file():
        print(f"build FAILED: {exe} was not produced", file=sys.stderr)
        return 1
    for extra in ("seq2seq-desktop.desktop", "install-desktop-entry.sh"):  # desktop integration, next to the exe
        shutil.copy2(ROOT / "packaging" / "linux" / extra, out / extra)
    size = _du(out)
    print(f"built {exe} in {elapsed:.0f}s; {out} is {size / 1e6:.0f} MB ({size / 2**20:.0f} MiB)")
    if shutil.which("du"):
        subprocess.call(["du", "-sh", str(out)])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
