"""Entry script of the frozen build (``dist/seq2seq-desktop/seq2seq-desktop``).

Kept tiny on purpose (STYLE.md section 4, habit 12): ``freeze_support`` first, ``None`` stdio
guarded, ``--self-test``/``--version`` answered by ``seq2seq_desktop.selftest`` without importing Qt,
everything else handed to the GUI's ``seq2seq_desktop.gui.app:main``.
"""
import multiprocessing
import os
import sys


def _run() -> int:
    multiprocessing.freeze_support()  # torch / DataLoader workers re-exec this binary
    for name in ("stdout", "stderr"):  # windowed frozen apps may start without a console
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115
    argv = sys.argv[1:]
    from seq2seq_desktop import selftest

    if selftest.wants_headless(argv):
        return selftest.main(argv)
    from seq2seq_desktop.gui.app import main

    return main(argv)


if __name__ == "__main__":
    sys.exit(_run())
