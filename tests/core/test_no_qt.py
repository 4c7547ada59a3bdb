"""core, training, recipes and cli must import (and run their parser) without loading any Qt module."""
import subprocess
import sys

CODE = """
import sys
import seq2seq_desktop.core as core
from seq2seq_desktop.core import Engine, DecodeConfig, ChatSession, decode_batch, Translation
import seq2seq_desktop.paths
import seq2seq_desktop.training.trainer, seq2seq_desktop.training.finetune, seq2seq_desktop.training.pairs
import seq2seq_desktop.recipes.pipeline, seq2seq_desktop.recipes.card, seq2seq_desktop.recipes.corpora
import seq2seq_desktop.cli as cli
cli.build_parser()
qt = sorted(m for m in sys.modules if m.split('.')[0] in {'PySide6', 'superqt', 'pyqtgraph', 'shiboken6', 'qtpy'})
print(','.join(qt))
"""


def test_core_and_cli_import_no_qt():
    out = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "", f"Qt modules imported: {out.stdout.strip()}"


def test_cli_help_does_not_import_torch():
    code = "import sys, seq2seq_desktop.cli as c; c.build_parser(); print('torch' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"
