"""Fine-tuning dialog and model manager: load pairs, validate, run, cancel, run to the end, keep, list, manage."""
import shutil
import threading

import pytest
import torch
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent, QGuiApplication
from PySide6.QtWidgets import QInputDialog, QMessageBox
from tiny_task import copy_pairs  # noqa: E402

from seq2seq_desktop.core.engine import Engine
from seq2seq_desktop.gui.finetune_dialog import PAGE_PAIRS, PAGE_REPORT, PAGE_TRAIN, FineTuneDialog, format_eta
from seq2seq_desktop.gui.model_manager import ModelManagerDialog
from seq2seq_desktop.gui.pairs_editor import PairsEditor
from seq2seq_desktop.paths import user_models_dir


@pytest.fixture
def pairs_file(tmp_path):
    pairs = copy_pairs()
    lines = ["source\ttarget", *(f"{s}\t{t}" for s, t in pairs[:6]), "only one column",
             *(f"{s}\t{t}" for s, t in pairs[6:]), "7 7 1\t"]
    path = tmp_path / "pairs.tsv"
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8-sig")
    return path


@pytest.fixture
def bundled(tmp_path, monkeypatch, tiny_bundle):
    root = tmp_path / "bundled"
    root.mkdir()
    shutil.copytree(tiny_bundle, root / "tiny-reverse")
    monkeypatch.setattr("seq2seq_desktop.paths.bundled_models_dir", lambda: root)
    return root / "tiny-reverse"


@pytest.fixture
def dialog(qtbot, tiny_engine, tiny_bundle):
    dlg = FineTuneDialog(None, tiny_engine, tiny_bundle)
    qtbot.addWidget(dlg)
    dlg.show()
    yield dlg
    qtbot.waitUntil(lambda: not dlg.warm_up.is_running, timeout=20_000)
    if dlg.job is not None and dlg.job.is_running:
        dlg.job.cancel()
        qtbot.waitUntil(lambda: dlg.job is None, timeout=10_000)


def weights(engine):
    return {k: v.detach().clone() for k, v in engine.package.model.state_dict().items()}


# ------------------------------------------------------------------------------ pairs editor
def test_editor_shows_problems_with_line_numbers_and_lets_fix_or_skip(qtbot, pairs_file):
    ed = PairsEditor()
    qtbot.addWidget(ed)
    assert ed.load_file(pairs_file)
    assert len(ed.pairs()) == 12
    assert [str(p) for p in ed.problems()] == ["line 8: only one column (expected source and target separated by "
                                               "a tab)", "line 15: empty target"]
    row = [ed.table.verticalHeaderItem(i).text() for i in range(ed.row_count())].index("15")
    assert ed.table.item(row, 2).text() == "empty side"
    assert ed.table.item(row, 0).toolTip() == "line 15: empty target"
    ed.table.item(row, 1).setText("1 7 7")  # fix it by editing
    assert len(ed.pairs()) == 13 and len(ed.problems()) == 1
    assert ed.remove_problem_rows() == 1  # skip the rest
    assert ed.problems() == [] and ed.row_count() == 13


def test_editor_paste_drop_add_and_refusals(qtbot, pairs_file, tmp_path):
    ed = PairsEditor()
    qtbot.addWidget(ed)
    QGuiApplication.clipboard().setText("1 2 3\t3 2 1\n4 5\t5 4\n")
    assert ed.paste() == 2 and ed.pairs() == [("1 2 3", "3 2 1"), ("4 5", "5 4")]
    ed.add_row()
    assert ed.row_count() == 3 and [p.reason for p in ed.problems()] == ["empty_side"]
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(pairs_file))])
    ev = QDropEvent(QPoint(5, 5), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                    Qt.KeyboardModifier.NoModifier)
    ed.dropEvent(ev)
    assert ed.source_file == pairs_file and len(ed.pairs()) == 12
    binary = tmp_path / "x.tsv"
    binary.write_bytes(b"\x00\x01binary")
    assert not ed.load_file(binary)
    box = ed.findChild(QMessageBox, "pairsFileError")
    assert box is not None and "not a text file" in box.text()
    assert len(ed.pairs()) == 12  # the table was kept


def test_dialog_collects_a_config(dialog):
    d = dialog
    d.epochs_spin.setValue(7)
    d.lr_spin.setValue(0.001)
    d.batch_spin.setValue(16)
    d.val_spin.setValue(20)
    d.freeze_check.setChecked(True)
    d.test_edit.setText(" 1 2 3 ")
    cfg = d.config()
    assert (cfg.epochs, cfg.lr, cfg.batch_size, cfg.val_split, cfg.freeze_encoder, cfg.test_sentence) == \
        (7, 0.001, 16, 0.2, True, "1 2 3")
    assert cfg.direction is None  # the model's own direction
    d.direction_combo.setCurrentIndex(1)
    assert d.config().direction == "digits-reversed-digits"
    assert d.editor.table.horizontalHeaderItem(0).text() == "digits-reversed"
    assert d.advanced.objectName() == "advancedSection"
    assert not d.start_button.isEnabled()  # no pairs yet
    assert format_eta(None).startswith("estimating") and format_eta(30) == "about 30 s left"
    assert format_eta(150) == "about 2 min left"


# ------------------------------------------------------------------------------ the whole flow
def test_run_cancel_then_run_to_end_keep_and_list(qtbot, dialog, tiny_engine, pairs_file, bundled):
    d = dialog
    d.editor.load_file(pairs_file)
    assert "12 pairs ready" in d.counts_label.text() and "2 with problems" in d.counts_label.text()
    assert "10 to train on, 2 held out" in d.counts_label.text()
    assert d.start_button.isEnabled()
    base = weights(tiny_engine)

    # --- run, then cancel
    d.epochs_spin.setValue(1000)
    d.test_edit.setText("1 2 3 4")
    steps = []
    job = d.start()
    job.yielded.connect(steps.append)  # delivered in this (main) thread's event loop, after start
    assert d.pages.currentIndex() == PAGE_TRAIN
    qtbot.waitUntil(lambda: any(p.event == "step" for p in steps), timeout=20_000)
    returned = []
    job.returned.connect(returned.append)
    with qtbot.waitSignal(job.aborted, timeout=2000):  # stops within a second or two
        d.cancel_button.click()
    qtbot.waitUntil(lambda: d.job is None, timeout=5000)
    assert returned == []
    assert d.pages.currentIndex() == PAGE_PAIRS and "Cancelled" in d.status_label.text()
    after = weights(tiny_engine)
    assert all(torch.equal(base[k], after[k]) for k in base)  # the live model is untouched
    assert not user_models_dir().exists() or not any(user_models_dir().iterdir())

    # --- run to the end
    d.epochs_spin.setValue(30)
    d.lr_spin.setValue(0.01)
    d.batch_spin.setValue(4)
    job = d.start()
    with qtbot.waitSignal(job.returned, timeout=120_000):
        pass
    assert d.pages.currentIndex() == PAGE_REPORT
    r = d.result
    assert r.steps == 90 and r.n_train == 10
    xs, ys = d.train_curve.getData()
    assert len(xs) == 90 and ys[-1] < ys[0]  # live loss curve
    assert len(d.val_curve.getData()[0]) == 30
    assert d.test_list.count() == 31  # "before" + one line per epoch
    assert d.report.metrics_table.item(0, 0).text() == f"{r.before.bleu:.2f}"
    assert d.report.metrics_table.item(1, 1).text() == f"{r.after.chrf:.2f}"
    assert d.report.examples_table.rowCount() == len(r.examples) > 0
    assert d.progress.value() == 90
    assert all(torch.equal(base[k], v) for k, v in weights(tiny_engine).items())

    # --- keep: saved, announced, listed, loadable (what the main window does with modelSaved)
    d.report.name_edit.setText("tiny-reverse")  # a bundled model's name is refused inline
    assert d.keep() is None and "bundled" in d.report.save_error.text()
    activated = []
    d.modelSaved.connect(lambda p: activated.append(Engine.load(p, num_threads=1)))
    with qtbot.waitSignal(d.modelSaved, timeout=5000) as blocker:
        d.report.name_edit.setText("tiny-copy")
        d.report.keep_button.click()
    path = blocker.args[0]
    assert path == user_models_dir() / "tiny-copy" and not d.isVisible()
    assert activated[0].info.name == "tiny-copy"
    assert activated[0].translate(["5 8 1"])[0].text  # usable right away
    mgr = ModelManagerDialog(None, active_paths=[path])
    qtbot.addWidget(mgr)
    assert mgr.names() == ["tiny-reverse", "tiny-copy"]
    assert mgr.select("tiny-copy") and "active" in mgr.list.currentItem().text()
    facts = mgr.facts.text()
    assert "Base model" in facts and "tiny-reverse" in facts and "Pairs" in facts and "Held-out BLEU" in facts


def test_closing_while_training_cancels_first(qtbot, dialog, pairs_file, tiny_engine):
    d = dialog
    d.editor.load_file(pairs_file)
    d.epochs_spin.setValue(1000)
    job = d.start()
    qtbot.waitUntil(lambda: d.progress.value() > 0, timeout=20_000)
    with qtbot.waitSignal(job.aborted, timeout=2000):
        d.reject()
    qtbot.waitUntil(lambda: not d.isVisible(), timeout=5000)


# ------------------------------------------------------------------------------ model manager
def test_model_manager_actions(qtbot, bundled, tmp_path, monkeypatch):
    from seq2seq_desktop.core.store import export_model, import_model

    mine = import_model(export_model(bundled, tmp_path / "mine.zip"), name="mine")
    mgr = ModelManagerDialog(None, active_paths=[mine])
    qtbot.addWidget(mgr)
    activated = []
    mgr.modelActivated.connect(activated.append)
    assert mgr.names() == ["tiny-reverse", "mine"]
    mgr.select("tiny-reverse")
    assert not mgr.rename_button.isEnabled() and not mgr.delete_button.isEnabled()
    assert mgr.delete_selected(confirm=False) is False and bundled.exists()

    mgr.select("mine")
    assert mgr.rename_button.isEnabled() and mgr.revert_button.isEnabled()
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("mine renamed", True))
    mgr.rename_button.click()
    assert mgr.names() == ["tiny-reverse", "mine renamed"]
    assert activated[-1] == user_models_dir() / "mine renamed"  # it was active: new location announced

    out = mgr.export_selected(tmp_path / "export" / "copy.zip")
    assert out.is_file()
    assert mgr.import_file(out).name == "mine renamed-2"
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"not a zip")
    assert mgr.import_file(bad) is None
    box = mgr.findChild(QMessageBox, "errorMessageBox")
    assert box is not None and "not a model package archive" in box.text()

    mgr.select("mine renamed")
    assert mgr.revert_to_bundled() == bundled and activated[-1] == bundled
    mgr.select("mine renamed-2")
    assert mgr.activate_selected() == user_models_dir() / "mine renamed-2"
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    mgr.delete_button.click()  # the active one: confirmation, then back to bundled
    assert mgr.names() == ["tiny-reverse", "mine renamed"]
    assert activated[-1] == bundled
    mgr.select("mine renamed")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    mgr.delete_button.click()
    assert "mine renamed" in mgr.names()
    assert "Reverses digit sequences" in mgr.card.toPlainText()


# ------------------------------------------------------------------------------ keep: saved off the UI thread
def test_keep_saves_in_a_worker_with_the_buttons_disabled(qtbot, dialog, monkeypatch, tmp_path):
    d = dialog
    gate, calls = threading.Event(), []
    outcome = {"value": tmp_path / "mine"}

    def fake_save(result, name):
        calls.append((result, name, threading.current_thread() is threading.main_thread()))
        if not gate.wait(timeout=20):
            raise TimeoutError("the test never let the save finish")
        if isinstance(outcome["value"], BaseException):
            raise outcome["value"]
        return outcome["value"]

    monkeypatch.setattr("seq2seq_desktop.gui.finetune_dialog.save_user_model", fake_save)
    d.result = object()  # stands in for a FineTuneResult: only the (fake) save sees it
    d.pages.setCurrentIndex(PAGE_REPORT)
    report = d.report

    # --- a failure is shown under the name field and Keep comes back
    outcome["value"] = OSError("disk full (simulated)")
    report.name_edit.setText("mine")
    job = d.keep()
    assert job is not None and job.is_running
    assert not report.keep_button.isEnabled() and not report.discard_button.isEnabled()
    assert d.keep() is None  # one save at a time
    with qtbot.waitSignal(job.finished, timeout=5000):
        gate.set()
    assert calls == [(d.result, "mine", False)]  # ran in the worker thread
    assert "disk full" in report.save_error.text() and report.keep_button.isEnabled() and d.isVisible()

    # --- an unexpected failure also gets the error dialog
    gate.clear()
    outcome["value"] = RuntimeError("kaboom")
    job = d.keep()
    with qtbot.waitSignal(job.finished, timeout=5000):
        gate.set()
    box = d.findChild(QMessageBox, "errorMessageBox")
    assert box is not None and "kaboom" in box.text() and report.save_error.text()
    box.close()

    # --- success: announced, then the dialog closes
    gate.clear()
    outcome["value"] = tmp_path / "mine"
    report.keep_button.click()
    assert not report.keep_button.isEnabled()
    with qtbot.waitSignal(d.modelSaved, timeout=5000) as blocker:
        gate.set()
    assert blocker.args == [tmp_path / "mine"] and d.saved_path == tmp_path / "mine"
    qtbot.waitUntil(lambda: d.save_job is None, timeout=5000)
    assert not d.isVisible()
