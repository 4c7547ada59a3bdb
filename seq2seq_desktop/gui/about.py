"""Help -> About: version, loaded model cards, data attribution, and the software licences.

The Software tab lists every library the app ships (``SOFTWARE``) with its version (from
``importlib.metadata``: the frozen build copies each distribution's metadata, see
``packaging/seq2seq_desktop.spec``), its licence, and where the licence text is: the
distribution's own licence files (in its ``.dist-info`` folder), or ``resources/licenses/`` for
those whose wheels carry none (the app itself, Qt/PySide6, SentencePiece).
"""
from __future__ import annotations

import importlib.metadata
import logging
import platform
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QCoreApplication, qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTabWidget, QTextBrowser, QVBoxLayout, QWidget

from seq2seq_desktop import __version__

__all__ = ["AboutDialog", "ATTRIBUTION", "SOFTWARE", "SoftwareRow", "software_rows", "software_markdown"]

logger = logging.getLogger(__name__)

ATTRIBUTION = """\
## Training data

The bundled models were trained on these openly licensed corpora (each model card below says
exactly which ones a model used):

- **Tatoeba** sentence pairs (tatoeba.org), licensed CC BY 2.0 FR.
- **small_parallel_enja** by Yusuke Oda, drawn from the **Tanaka Corpus** (CC BY).
- **Chit-Chat Challenge dataset** (PyPI chitchat-dataset), MIT licence.
- **ChatterBot corpus** dialogues (gunthercox/chatterbot-corpus), BSD 3-Clause licence.

## Bundled font

- IPAexGothic (used when the system has no Japanese font), IPA Font License v1.0
  (`resources/fonts/IPA_Font_License_Agreement_v1.0.txt`).
"""

#: (shown name, distribution, licence, licence texts in ``resources/licenses/``): every library the
#: app ships.  The texts named here are for distributions whose wheels carry none; the others'
#: come from their ``.dist-info`` folders.  ``packaging/seq2seq_desktop.spec`` copies the metadata of
#: each distribution (LICENSED_DISTRIBUTIONS; tests/gui/test_app.py keeps the two lists equal).
SOFTWARE: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("Seq2Seq Desktop", "seq2seq-desktop", "MIT", ("seq2seq-desktop-MIT.txt",)),
    ("Qt for Python (PySide6) and Qt", "PySide6-Essentials", "LGPL-3.0", ("LGPL-3.0.txt", "GPL-3.0.txt")),
    ("Shiboken6 (PySide6 bindings runtime)", "shiboken6", "LGPL-3.0", ("LGPL-3.0.txt", "GPL-3.0.txt")),
    ("PyTorch", "torch", "BSD-3-Clause", ()),
    ("SentencePiece", "sentencepiece", "Apache-2.0", ("Apache-2.0.txt",)),
    ("NumPy", "numpy", "BSD-3-Clause", ()),
    ("superqt", "superqt", "BSD-3-Clause", ()),
    ("pyqtgraph", "pyqtgraph", "MIT", ()),
    ("sacrebleu", "sacrebleu", "Apache-2.0", ()),
    ("safetensors", "safetensors", "Apache-2.0", ()),
    ("platformdirs", "platformdirs", "MIT", ()),
    ("tqdm", "tqdm", "MPL-2.0 AND MIT", ()),
)
_LICENCE_FILE = re.compile(r"^(LICEN[CS]E|COPYING|NOTICE)(\.(txt|md|rst))?$", re.IGNORECASE)


@dataclass(frozen=True)
class SoftwareRow:
    """One library: its version ("not found" when absent) and the files holding its licence text."""

    name: str
    distribution: str
    version: str
    licence: str
    files: tuple[Path, ...]


def _licences_dir() -> Path:
    from seq2seq_desktop.paths import resources_dir

    return resources_dir() / "licenses"


def _dist_licence_files(dist: importlib.metadata.Distribution) -> list[Path]:
    """The distribution's own licence files: ``X.dist-info/LICENSE`` or ``X.dist-info/licenses/LICENSE``
    (not the hundreds of third-party notices some carry deeper down)."""
    out = []
    for f in dist.files or []:
        parts = f.parts
        if parts and parts[0].endswith(".dist-info") and len(parts) <= 3 and _LICENCE_FILE.match(f.name):
            if len(parts) == 3 and parts[1] != "licenses":
                continue
            path = Path(dist.locate_file(f))
            if path.is_file():
                out.append(path)
    return out


def software_rows() -> list[SoftwareRow]:
    """``SOFTWARE`` with versions and licence files as installed (or bundled, in the frozen build)."""
    rows = []
    shipped = _licences_dir()
    for name, dist_name, licence, texts in SOFTWARE:
        files = [shipped / t for t in texts if (shipped / t).is_file()]
        try:
            dist = importlib.metadata.distribution(dist_name)
            version = dist.version
            files += _dist_licence_files(dist)
        except importlib.metadata.PackageNotFoundError:
            version = __version__ if dist_name == "seq2seq-desktop" else "not found"
        rows.append(SoftwareRow(name, dist_name, version, licence, tuple(files)))
    return rows


def software_markdown(rows: list[SoftwareRow] | None = None) -> str:
    """The Software tab: one table row per library, its licence texts as links to the files."""
    rows = software_rows() if rows is None else rows
    lines = ["## " + QCoreApplication.translate("AboutDialog", "Software"), "",
             QCoreApplication.translate("AboutDialog", "Seq2Seq Desktop is released under the MIT licence and ships "
                                        "these libraries:"), "",
             QCoreApplication.translate("AboutDialog", "| Software | Version | Licence | Licence text |"),
             "|---|---|---|---|"]
    for r in rows:
        links = ", ".join(f"[{f.name}]({f.resolve().as_uri()})" for f in r.files) or QCoreApplication.translate(
            "AboutDialog", "(not found)")
        lines.append(f"| {r.name} | {r.version} | {r.licence} | {links} |")
    lines += ["", QCoreApplication.translate("AboutDialog", "Qt itself (version %1) is licensed under the LGPL-3.0, "
                                                            "as PySide6 is.").replace("%1", qVersion()),
              "", QCoreApplication.translate("AboutDialog", "The licence texts are in `%1` and in each library's "
                                                            "`.dist-info` folder (the links above open them).").replace(
                  "%1", str(_licences_dir()))]
    return "\n".join(lines)


def _versions() -> str:
    torch = sys.modules.get("torch")
    rows = [("Seq2Seq Desktop", __version__), ("Python", platform.python_version()),
            ("Qt / PySide6", f"{qVersion()} / {pyside_version}"),
            ("PyTorch", getattr(torch, "__version__", QCoreApplication.translate("AboutDialog", "not loaded yet"))),
            (QCoreApplication.translate("AboutDialog", "System"), platform.platform())]
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
    """Tabs: About, Models (cards of the loaded models), Data & licences, Software licences."""

    def __init__(self, engines: dict, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(self.tr("About Seq2Seq Desktop"))
        self.resize(640, 520)
        tabs = QTabWidget()
        about = QTextBrowser(openExternalLinks=True)
        about.setMarkdown("# Seq2Seq Desktop\n\n" + self.tr(
            "Offline English \u2194 Japanese translation and a toy chatbot, driven by attention encoder-decoder "
            "RNNs, with a live view of the attention.") + "\n\n" + _versions())
        tabs.addTab(about, self.tr("About"))
        cards = QTextBrowser(objectName="modelCards")
        parts = []
        for role, engine in sorted(engines.items()):
            info = engine.info
            card = info.card.strip() or f"# {info.name}\n\n" + self.tr("(no model card)")
            head = self.tr("Role: %1 \u2014 package `%2` \u2014 device %3").replace("%1", role).replace(
                "%2", str(info.path)).replace("%3", engine.device_name)
            parts.append(f"*{head}*\n\n{card}")
        cards.setMarkdown("\n\n---\n\n".join(parts) if parts else self.tr("No model is loaded yet."))
        tabs.addTab(cards, self.tr("Models"))
        data = QTextBrowser(openExternalLinks=True, objectName="attributionText")
        data.setMarkdown(_extra_attribution() or ATTRIBUTION)
        tabs.addTab(data, self.tr("Data && licences"))
        software = QTextBrowser(openExternalLinks=True, objectName="softwareText")
        software.setMarkdown(software_markdown())
        tabs.addTab(software, self.tr("Software licences"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(tabs)
        lay.addWidget(buttons)
