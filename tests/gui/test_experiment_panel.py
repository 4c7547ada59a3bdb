"""Beam-sweep and bottleneck pages of the decoding explorer, run with the tiny reverse-digits model."""
import threading

import pytest
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from seq2seq_desktop.core import experiments as ex
from seq2seq_desktop.core.errors import ModelLoadError
from seq2seq_desktop.gui.bottleneck_panel import TEACHING_MODEL, BottleneckPanel
from seq2seq_desktop.gui.experiment_panel import BeamSweepPanel, parse_alphas
from support.tiny_task import make_pairs

PAIRS = make_pairs(6, seed=31, min_len=3, max_len=8)


class GatedEngine:
    """Wraps an engine: every ``translate_sentences`` call needs a permit (``allow``), so a test decides
    how far the worker gets."""

    def __init__(self, engine):
        self._engine, self.gate, self.calls = engine, threading.Semaphore(0), 0

    def __getattr__(self, name):
        return getattr(self._engine, name)

    def allow(self, n: int = 1) -> None:
        self.gate.release(n)

    def translate_sentences(self, *args, **kwargs):
        if not self.gate.acquire(timeout=20):
            raise TimeoutError("the test never allowed this call")
        self.calls += 1
        return self._engine.translate_sentences(*args, **kwargs)


@pytest.fixture
def sweep(qtbot, tiny_engine):
    panel = BeamSweepPanel(pairs=PAIRS)
    qtbot.addWidget(panel)
    panel.set_engine("en-ja", tiny_engine)
    panel.beam_from.setValue(1)
    panel.beam_to.setValue(3)
    return panel


def _open_boxes():
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]


def test_parse_alphas():
    assert parse_alphas("0.6, 0.8 1.0;0.8") == [0.6, 0.8, 1.0]
    for bad in ("", "abc", "0.8, 4"):
        with pytest.raises(ValueError):
            parse_alphas(bad)


def test_sweep_fills_table_and_plots(qtbot, sweep):
    sweep.alpha_edit.setText("0.6, 1.0")
    assert sweep.run_button.isEnabled() and not sweep.export_csv_button.isEnabled()
    with qtbot.waitSignal(sweep.sweepFinished, timeout=30_000) as blocker:
        job = sweep.run()
        assert job is not None and sweep.busy and not sweep.run_button.isEnabled()
    rows = blocker.args[0]
    qtbot.waitUntil(lambda: not sweep.busy, timeout=10_000)
    assert [(r.alpha, r.beam) for r in rows] == [(a, b) for a in (0.6, 1.0) for b in (1, 2, 3)]
    assert sweep.table.rowCount() == 6
    assert [sweep.table.item(i, 0).text() for i in range(6)] == ["1", "2", "3"] * 2
    assert sweep.table.item(3, 1).text() == "1"
    assert float(sweep.table.item(0, 2).text()) == pytest.approx(rows[0].bleu, abs=0.01)
    assert sweep.curve_count() == 2  # one per alpha
    bleu_curve = sweep.bleu_plot.getPlotItem().listDataItems()[0]
    assert list(bleu_curve.getData()[0]) == [1, 2, 3]
    assert sweep.progress.value() == sweep.progress.maximum()
    assert sweep.export_csv_button.isEnabled() and sweep.export_png_button.isEnabled()
    assert sweep.run_button.isEnabled() and "6 settings" in sweep.status_label.text()


def test_sweep_cancel_keeps_what_was_measured(qtbot, sweep, tiny_engine):
    gated = GatedEngine(tiny_engine)
    sweep.set_engine("en-ja", gated)
    sweep.beam_to.setValue(5)
    job = sweep.run()
    returned = []
    job.returned.connect(returned.append)
    gated.allow(2)  # the warm-up and beam 1
    qtbot.waitUntil(lambda: sweep.table.rowCount() == 1, timeout=20_000)
    with qtbot.waitSignal(job.aborted, timeout=20_000):
        sweep.cancel()
        gated.allow(10)  # the call under way (if any) may finish; nothing after it starts
    qtbot.waitUntil(lambda: not sweep.busy, timeout=10_000)
    assert not returned
    assert sweep.table.rowCount() == len(sweep.rows) < 5
    assert gated.calls <= 3
    assert "Stopped after" in sweep.status_label.text() and "of 5" in sweep.status_label.text()
    assert sweep.run_button.isEnabled()


def test_export_csv_and_png(qtbot, sweep, tmp_path, monkeypatch):
    with qtbot.waitSignal(sweep.sweepFinished, timeout=30_000):
        sweep.run()
    qtbot.waitUntil(lambda: not sweep.busy, timeout=10_000)
    out = tmp_path / "sweep.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    qtbot.mouseClick(sweep.export_csv_button, qtbot_button())
    assert ex.read_csv(out) == sweep.rows and len(sweep.rows) == 3
    png = tmp_path / "sweep.png"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(png), ""))
    qtbot.mouseClick(sweep.export_png_button, qtbot_button())
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))  # the user cancelled
    assert sweep.export_csv() is False


def qtbot_button():
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton


def test_sweep_needs_an_engine_and_valid_alphas(qtbot, tiny_engine):
    panel = BeamSweepPanel(pairs=PAIRS)
    qtbot.addWidget(panel)
    panel.set_engine("chat-en", tiny_engine)  # not a translator role: ignored
    panel.set_engine("ja-en", None, note="ja-en could not be loaded.")
    assert not panel.run_button.isEnabled() and panel.run() is None
    assert not panel.notice.isHidden() and "English" in panel.notice.text()
    panel.direction_combo.setCurrentIndex(panel.direction_combo.findData("ja-en"))
    assert panel.notice.text() == "ja-en could not be loaded."
    panel.set_engine("ja-en", tiny_engine)
    assert panel.notice.isHidden() and panel.run_button.isEnabled()
    panel.alpha_edit.setText("fast")
    assert panel.run() is None and "numbers from 0 to 3" in panel.status_label.text()


def test_sweep_error_is_shown(qtbot, sweep, tiny_engine):
    class Broken(GatedEngine):
        def translate_sentences(self, *a, **k):
            raise RuntimeError("decoder exploded")

    sweep.set_engine("en-ja", Broken(tiny_engine))
    job = sweep.run()
    with qtbot.waitSignal(job.finished, timeout=10_000):
        pass
    qtbot.waitUntil(lambda: bool(_open_boxes()), timeout=5_000)
    box = _open_boxes()[-1]
    assert "decoder exploded" in box.text()
    box.close()
    assert sweep.status_label.text() == "Failed." and sweep.run_button.isEnabled()


# ------------------------------------------------------------------------------------ bottleneck
def test_bottleneck_loads_the_teaching_model_and_plots_two_series(qtbot, tiny_engine):
    panel = BottleneckPanel(pairs=PAIRS)
    qtbot.addWidget(panel)
    assert not panel.run_button.isEnabled() and "not loaded" in panel.status_label.text()
    asked = []

    def loader(name):
        asked.append(name)
        return tiny_engine

    panel.set_loader(loader)
    panel.set_engine("en-ja", tiny_engine)
    assert panel.run_button.isEnabled() and panel.loaded_engine() is None
    with qtbot.waitSignal(panel.teachingModelLoaded, timeout=20_000) as loaded:
        panel.run()
    assert loaded.args == [tiny_engine] and panel.loaded_engine() is tiny_engine and asked == [TEACHING_MODEL]
    qtbot.waitUntil(lambda: panel.result is not None and not panel.busy, timeout=30_000)
    assert list(panel.result) == ["attention (en-ja)", "no attention"]
    for buckets in panel.result.values():
        assert sum(b.count for b in buckets) == len(PAIRS)
    assert panel.series_count() == 2
    assert panel.table.rowCount() == len(ex.default_edges("en")) + 1
    counts = [int(panel.table.item(i, 1).text()) for i in range(panel.table.rowCount())]
    assert sum(counts) == len(PAIRS)
    panel.metric_combo.setCurrentIndex(panel.metric_combo.findData("bleu"))
    assert panel.series_count() == 2 and panel.plot.getPlotItem().getAxis("left").labelText == "BLEU"
    # a second run reuses the loaded model
    panel.result = None
    panel.run()
    qtbot.waitUntil(lambda: panel.result is not None and not panel.busy, timeout=30_000)
    assert asked == [TEACHING_MODEL]


def test_bottleneck_missing_teaching_model_says_so_in_one_line(qtbot, tiny_engine):
    panel = BottleneckPanel(pairs=PAIRS)
    qtbot.addWidget(panel)
    panel.set_engine("en-ja", tiny_engine)

    def loader(name):
        raise ModelLoadError(f"no model package named or found at {name!r}; available: en-ja, ja-en")

    panel.set_loader(loader)
    job = panel.run()
    with qtbot.waitSignal(job.finished, timeout=10_000):
        pass
    text = panel.status_label.text()
    assert TEACHING_MODEL in text and "not installed" in text and "\n" not in text
    assert "available: en-ja" in panel.status_label.toolTip()
    assert not _open_boxes() and panel.result is None and panel.loaded_engine() is None
    assert panel.series_count() == 0 and panel.run_button.isEnabled()


def test_every_control_has_a_tooltip(qtbot):
    from PySide6.QtWidgets import QAbstractButton, QComboBox, QLineEdit, QSpinBox

    for panel in (BeamSweepPanel(), BottleneckPanel()):
        qtbot.addWidget(panel)
        controls = [w for cls in (QAbstractButton, QComboBox, QLineEdit, QSpinBox) for w in panel.findChildren(cls)
                    if w.objectName() and not w.objectName().startswith("qt_")]
        assert controls
        for w in controls:
            assert w.toolTip(), f"{type(panel).__name__}.{w.objectName()} has no tooltip"
