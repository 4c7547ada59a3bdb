"""Help -> About: version, loaded model cards, data attribution and licences."""
from __future__ import annotations

import logging
import platform
import sys

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTabWidget, QTextBrowser, QVBoxLayout, QWidget

from seq2seq_desktop import __version__

__all__ = ["AboutDialog", "ATTRIBUTION"]

logger = logging.getLogger(__name__)

ATTRIBUTION = """\
## Training data

The bundled models were trained on these openly licensed corpora (each model card below says
exactly which ones a model used):

- **Tatoeba** sentence pairs (tatoeba.org), licensed CC BY 2.0 FR.
- **small_parallel_enja** by Yusuke Oda, drawn from the **Tanaka Corpus** (CC BY).
- **Chit-Chat Challenge dataset** (PyPI chitchat-dataset), MIT licence.
- **ChatterBot corpus** dialogues (gunthercox/chatterbot-corpus), BSD 3-Clause licence.

## Software

- Qt for Python (PySide6) and Qt, LGPL v3
- PyTorch, BSD-style licence
- SentencePiece, Apache 2.0
- superqt, BSD 3-Clause; pyqtgraph, MIT
- sacrebleu, Apache 2.0; MeCab / IPAdic, BSD-style
- safetensors, Apache 2.0; NumPy, BSD 3-Clause; platformdirs, MIT
- IPAexGothic font (bundled, used when the system has no Japanese font), IPA Font License v1.0

Seq2Seq Desktop itself is released under the MIT licence.
"""


def _versions() -> str:
    torch = sys.modules.get("torch")
    rows = [("Seq2Seq Desktop", __version__), ("Python", platform.python_version()),
            ("Qt / PySide6", f"{qVersion()} / {pyside_version}"),
            ("PyTorch", getattr(torch, "__version__", "not loaded yet")), ("System", platform.platform())]
    return "\n".join(f"- **{k}**: {v}" for k, v in rows)


def _extra_attribution() -> str:
    """``resources/ATTRIBUTION.md`` if the build ships one."""
    try:
        from seq2seq_desktop.paths import resources_dir

        path = resources_dir() / "ATTRIBUTION.md"
        return path.read_text(encoding="utf-8") if path.is_file() else ""
    except (ImportError, OSError):
        return ""


class AboutDialog(QDialog):
    """Tabs: About, Models (cards of the loaded models), Data & licences."""

    def __init__(self, engines: dict, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(self.tr("About Seq2Seq Desktop"))
        self.resize(640, 520)
        tabs = QTabWidget()
        about = QTextBrowser(openExternalLinks=True)
        about.setMarkdown("# Seq2Seq Desktop\n\nOffline English \u2194 Japanese translation and a toy chatbot, "
                          "driven by attention encoder-decoder RNNs, with a live view of the attention.\n\n"
                          + _versions())
        tabs.addTab(about, self.tr("About"))
        cards = QTextBrowser(objectName="modelCards")
        parts = []
        for role, engine in sorted(engines.items()):
            info = engine.info
            card = info.card.strip() or f"# {info.name}\n\n(no model card)"
            parts.append(f"*Role: {role} \u2014 package `{info.path}` \u2014 device {engine.device_name}*\n\n{card}")
        cards.setMarkdown("\n\n---\n\n".join(parts) if parts else self.tr("No model is loaded yet."))
        tabs.addTab(cards, self.tr("Models"))
        data = QTextBrowser(openExternalLinks=True, objectName="attributionText")
        data.setMarkdown(_extra_attribution() or ATTRIBUTION)
        tabs.addTab(data, self.tr("Data && licences"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(tabs)
        lay.addWidget(buttons)
