"""Explain tab: the decoding explorer, which shows how a sentence is decoded step by step.

``ExplainPanel`` (objectName ``decodeExplorer``) owns the model choice and the sentence shared by
its pages (``self.pages``): the step-through view (``explain_stepper.StepThroughPage``), the
comparison of searches and models (``explain_compare.ComparePage``), the beam-width experiment
(``experiment_panel.BeamSweepPanel``), the context-vector bottleneck (``bottleneck_panel``), and
any page added later with ``add_page``.  The window installs an engine per role with
``set_engine`` (as for the other tabs); ``add_compare_engine`` adds a further model, such as the
teaching model without attention once the bottleneck page has loaded it, which can be explained
on its own and joins the comparison of its direction.  Every page decodes
in ``gui.jobs`` workers; the panel relays their errors, status messages and busy state.
"""
from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QTabWidget, QVBoxLayout, QWidget

from .bottleneck_panel import TEACHING_MODEL, BottleneckPanel
from .chat_panel import CHAT_LABELS
from .experiment_panel import BeamSweepPanel
from .explain_compare import ComparePage
from .explain_stepper import StepThroughPage
from .settings import Settings
from .translate_panel import DIRECTION_LABELS, direction_label

__all__ = ["ExplainPanel", "engine_direction"]

logger = logging.getLogger(__name__)

ROLE_ORDER = ("en-ja", "ja-en", "chat-en", "chat-ja")
EXTRA = "extra:"  # model-combo key prefix of the engines added with ``add_compare_engine``


def engine_direction(engine) -> str:
    """What an engine does, as a role: ``"en-ja"``, ``"chat-en"`` (from its package info)."""
    info = getattr(engine, "info", None)
    if info is None:
        return ""
    if getattr(info, "task", "") == "chat":
        return f"chat-{info.target_lang or 'en'}"
    return f"{info.source_lang}-{info.target_lang}"


class ExplainPanel(QWidget):
    """The Explain tab (objectName ``decodeExplorer``).

    Parameters
    ----------
    settings : Settings, optional
        Start-up values: the direction of the Translate tab is explained first.
    """

    errorOccurred = Signal(object)
    statusMessage = Signal(str)
    busyChanged = Signal(bool)
    roleChanged = Signal(str)

    def __init__(self, settings: Settings | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("decodeExplorer")
        self._settings = settings or Settings()
        self._engines: dict[str, object] = {}  # role or EXTRA + label -> engine
        self._roles: dict[str, str] = {}  # the same keys -> the role each does
        self._notes: dict[str, str] = {}
        self._installed: dict[str, tuple] = {}  # role -> (engine, note) as the window installed them
        self.model_combo = QComboBox(objectName="explainModelCombo")
        self.model_combo.setToolTip(self.tr("Which model is explained: a translation direction, the chatbot, or "
                                            "another model added for comparison"))
        self.model_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.model_combo.currentIndexChanged.connect(self._on_model)
        self.source_edit = QLineEdit(objectName="explainSourceEdit")
        self.source_edit.setPlaceholderText(self.tr("Type one sentence to explain, e.g. \u201cI love AI.\u201d"))
        self.source_edit.setToolTip(self.tr("The sentence whose decoding is shown (only the first sentence of a "
                                            "longer text). Enter plays it."))
        self.source_edit.setClearButtonEnabled(True)
        self.source_edit.textChanged.connect(self._update_inputs)
        self.source_edit.returnPressed.connect(self.run)
        self.notice = QLabel(objectName="explainNotice", wordWrap=True)
        self.notice.setStyleSheet("QLabel#explainNotice { padding: 6px; border-radius: 4px;"
                                  " background: rgba(255, 170, 0, 60); }")
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Model")))
        top.addWidget(self.model_combo)
        top.addSpacing(8)
        top.addWidget(QLabel(self.tr("Sentence")))
        top.addWidget(self.source_edit, 1)

        self.step_page = StepThroughPage()
        self.compare_page = ComparePage()
        self.pages = QTabWidget(objectName="explainPages")
        self.pages.setDocumentMode(True)
        self.add_page(self.step_page, self.tr("Step through"))
        self.add_page(self.compare_page, self.tr("Compare"))
        self.sweep_page = BeamSweepPanel()
        self.bottleneck_page = BottleneckPanel()
        self.bottleneck_page.teachingModelLoaded.connect(self._on_teaching_model)
        self.add_page(self.sweep_page, self.tr("Beam experiment"))
        self.add_page(self.bottleneck_page, self.tr("Bottleneck"))
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.notice)
        lay.addWidget(self.pages, 1)
        self._fill_combo()

    # ------------------------------------------------------------------ pages
    def add_page(self, widget: QWidget, title: str) -> int:
        """Add a page; its ``errorOccurred`` / ``statusMessage`` / ``busyChanged`` signals, if any, are relayed.

        A page with ``set_input(engine, text)`` is told the explained model and sentence whenever they
        change (the Compare page gets ``(models, text)``: every model of the direction).  A page with
        ``set_engine(role, engine, note)`` gets every engine the window installs, as the tabs do
        (those installed before it was added at once).
        """
        for name in ("errorOccurred", "statusMessage", "busyChanged"):
            signal = getattr(widget, name, None)
            if signal is not None:
                signal.connect(getattr(self, name) if name != "busyChanged" else self._busy_changed)
        index = self.pages.addTab(widget, title)
        if hasattr(widget, "set_engine"):
            for role, (engine, note) in self._installed.items():
                widget.set_engine(role, engine, note)
        self._tell(widget)
        return index

    def set_loader(self, loader) -> None:
        """How pages load a model by name (``loader(name) -> Engine``, run in a worker): the window's."""
        self.bottleneck_page.set_loader(loader)

    def _on_teaching_model(self, engine) -> None:
        self.add_compare_engine(TEACHING_MODEL, engine, "en-ja")

    def page_widgets(self) -> list[QWidget]:
        """Every page, in tab order."""
        return [self.pages.widget(i) for i in range(self.pages.count())]

    # ---------------------------------------------------------------- engines
    def set_engine(self, role: str, engine=None, note: str | None = None) -> None:
        """Install the engine for ``role`` (``"en-ja"``, ``"chat-en"``...); None + ``note`` says why there is none."""
        if engine is not None:
            self._engines[role], self._roles[role] = engine, role
            self._notes.pop(role, None)
        else:
            self._engines.pop(role, None)
            self._roles.pop(role, None)
            if note:
                self._notes[role] = note
        self._installed[role] = (engine, note)
        for page in self.page_widgets():
            if hasattr(page, "set_engine"):
                page.set_engine(role, engine, note)
        self._fill_combo()

    def add_compare_engine(self, label: str, engine, role: str | None = None) -> None:
        """Add another model (e.g. ``"en-ja-no-attention"``): it can be explained and joins the comparison
        of its direction (``role``, default: from its package info)."""
        key = EXTRA + label
        self._engines[key], self._roles[key] = engine, role or engine_direction(engine)
        self._fill_combo()

    def current_key(self) -> str | None:
        """Model-combo key of the explained engine (a role, or ``"extra:<label>"``)."""
        return self.model_combo.currentData()

    def current_role(self) -> str | None:
        """The role of the explained engine (an added model's direction), or None."""
        key = self.current_key()
        return None if key is None else self._roles.get(key, key)

    def engine(self):
        """The explained engine, or None."""
        key = self.current_key()
        return None if key is None else self._engines.get(key)

    def compare_models(self) -> list[tuple[str, object]]:
        """``(label, engine)`` of the explained model, then every other model doing the same thing."""
        key = self.current_key()
        if key is None or key not in self._engines:
            return []
        engine = self._engines[key]
        same = {self._roles.get(key), engine_direction(engine)} - {""}
        out = [(self._label(key), engine)]
        for other in self._keys():
            e = self._engines[other]
            if other != key and e is not engine and ({self._roles.get(other), engine_direction(e)} & same):
                out.append((self._label(other), e))
        return out

    def sentence(self) -> str:
        """The sentence explained."""
        return self.source_edit.text()

    def set_sentence(self, text: str) -> None:
        """Explain ``text`` (the pages drop what they recorded for the previous sentence)."""
        self.source_edit.setText(text)

    # ---------------------------------------------------------------- actions
    @property
    def busy(self) -> bool:
        """Whether any page is decoding."""
        return any(bool(getattr(w, "busy", False)) for w in self.page_widgets())

    def run(self) -> None:
        """Ctrl+Return / Enter: run the current page (Run on the step-through page, Compare on Compare)."""
        page = self.pages.currentWidget()
        if hasattr(page, "run"):
            page.run()

    def cancel(self) -> bool:
        """Esc: stop every page's decoding; return whether something was running."""
        stopped = False
        for page in self.page_widgets():
            if hasattr(page, "cancel"):
                stopped = bool(page.cancel()) or stopped
        return stopped

    def export_attention(self, kind: str) -> None:
        """File -> Export attention: the step-through page's heatmap."""
        self.step_page.export_attention(kind)

    # ------------------------------------------------------------------ state
    def _keys(self) -> list[str]:
        roles = sorted((k for k in self._engines if not k.startswith(EXTRA)),
                       key=lambda r: (ROLE_ORDER.index(r) if r in ROLE_ORDER else len(ROLE_ORDER), r))
        return roles + sorted(k for k in self._engines if k.startswith(EXTRA))

    def _label(self, key: str) -> str:
        if key.startswith(EXTRA):
            return key[len(EXTRA):]
        if key in DIRECTION_LABELS:
            return direction_label(key)
        if key in CHAT_LABELS:
            return self.tr("%1 chat").replace("%1", QCoreApplication.translate("Language", CHAT_LABELS[key]))
        return key

    def _fill_combo(self) -> None:
        current = self.model_combo.currentData() or self._settings.direction
        self.model_combo.blockSignals(True)
        self.model_combo.clear()
        for key in self._keys():
            self.model_combo.addItem(self._label(key), key)
        self.model_combo.setCurrentIndex(max(0, self.model_combo.findData(current)))
        self.model_combo.blockSignals(False)
        self._on_model()

    def _on_model(self, *_args) -> None:
        key = self.current_key()
        note = self._notes.get(key or self._settings.direction, "")
        if not self._engines:
            note = "\n".join(self._notes.values()) or self.tr("Loading the models\u2026")
        self.notice.setText(note)
        self.notice.setVisible(bool(note))
        self._update_inputs()
        self.roleChanged.emit(self.current_role() or "")

    def _update_inputs(self, *_args) -> None:
        for page in self.page_widgets():
            self._tell(page)

    def _tell(self, page: QWidget) -> None:
        if not hasattr(page, "set_input"):
            return
        if page is self.compare_page:
            page.set_input(self.compare_models(), self.sentence())
        else:
            page.set_input(self.engine(), self.sentence())

    def _busy_changed(self, *_args) -> None:
        self.busyChanged.emit(self.busy)
