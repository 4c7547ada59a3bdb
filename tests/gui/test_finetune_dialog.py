"""Fine-tuning dialog and model manager: load pairs, validate, run, cancel, run to the end, keep, list, manage."""
import gc
import json
import shutil
import threading
import weakref

import pytest
import shiboken6
import torch
from PySide6.QtCore import QEvent, QMimeData, QPoint, Qt, QTimer, QUrl
from PySide6.QtGui import QDropEvent, QGuiApplication
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox, QWidget

from seq2seq_desktop.core.engine import Engine
from seq2seq_desktop.gui.finetune_dialog import PAGE_PAIRS, PAGE_REPORT, PAGE_TRAIN, FineTuneDialog, format_eta
from seq2seq_desktop.gui.model_manager import ModelManagerDialog
from seq2seq_desktop.gui.pairs_editor import PairsEditor
from seq2seq_desktop.paths import user_models_dir
from support.faults import fill_disk_under
from support.tiny_task import copy_pairs


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
    dlg = FineTuneDialog(None, tiny_engine, tiny_bundle)  # not qtbot.addWidget: it deletes itself when closed
    dlg.show()
    warm_up = dlg.warm_up
    yield dlg
    qtbot.waitUntil(lambda: not warm_up.is_running, timeout=20_000)
    if shiboken6.isValid(dlg) and dlg.job is not None and dlg.job.is_running:
        dlg.job.cancel()
        qtbot.waitUntil(lambda: not shiboken6.isValid(dlg) or dlg.job is None, timeout=10_000)
    if shiboken6.isValid(dlg):
        dlg.result = None  # no question on the way out
        dlg.done(0)


def closed(widget):
    """Hidden, or already deleted (the fine-tune dialog deletes itself when closed)."""
    return not shiboken6.isValid(widget) or not widget.isVisible()


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


def drop(widget, path):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    ev = QDropEvent(QPoint(5, 5), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                    Qt.KeyboardModifier.NoModifier)
    widget.dropEvent(ev)


def test_editor_paste_drop_add_and_refusals(qtbot, pairs_file, tmp_path, monkeypatch):
    ed = PairsEditor()
    qtbot.addWidget(ed)
    QGuiApplication.clipboard().setText("1 2 3\t3 2 1\n4 5\t5 4\n")
    assert ed.paste() == 2 and ed.pairs() == [("1 2 3", "3 2 1"), ("4 5", "5 4")]
    ed.add_row()
    assert ed.row_count() == 3 and [p.reason for p in ed.problems()] == ["empty_side"]
    monkeypatch.setattr(PairsEditor, "ask_load_mode", lambda *_a: "replace")  # the table has rows: it asks
    drop(ed, pairs_file)
    qtbot.waitUntil(lambda: ed.source_file == pairs_file)  # loaded after the drop has finished
    assert len(ed.pairs()) == 12
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
    assert path == user_models_dir() / "tiny-copy"
    qtbot.waitUntil(lambda: closed(d), timeout=5000)  # closes once the save job has ended
    assert activated[0].info.name == "tiny-copy"
    assert activated[0].translate(["5 8 1"])[0].text  # usable right away
    mgr = ModelManagerDialog(None, active_paths=[path])
    qtbot.addWidget(mgr)
    assert mgr.names() == ["tiny-reverse", "tiny-copy"]
    assert mgr.select("tiny-copy") and "active" in mgr.list.currentItem().text()
    facts = mgr.facts.text()
    assert "Base model" in facts and "tiny-reverse" in facts and "Pairs" in facts and "Held-out BLEU" in facts


def test_closing_while_training_asks_then_cancels_first(qtbot, dialog, pairs_file, tiny_engine, monkeypatch):
    d = dialog
    d.editor.load_file(pairs_file)
    d.epochs_spin.setValue(1000)
    job = d.start()
    qtbot.waitUntil(lambda: d.progress.value() > 0, timeout=20_000)
    asked = []

    def answer(reply):
        def question(_parent, title, text, *_a, **_k):
            asked.append(title)
            return reply
        return question

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.No))
    qtbot.keyClick(d, Qt.Key.Key_Escape)  # Esc asks first; "No" keeps training
    assert asked == ["Stop fine-tuning?"] and d.isVisible() and job.is_running
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    with qtbot.waitSignal(job.aborted, timeout=2000):
        qtbot.keyClick(d, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: closed(d), timeout=5000)


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
    qtbot.waitUntil(lambda: closed(d), timeout=5000)


# ------------------------------------------------------------------ pairs editor: nothing is lost without asking
def tsv(path, pairs):
    path.write_text("".join(f"{s}\t{t}\n" for s, t in pairs), encoding="utf-8")
    return path


def test_opening_a_file_onto_rows_asks_and_every_change_can_be_undone(qtbot, tmp_path, monkeypatch):
    ed = PairsEditor()
    qtbot.addWidget(ed)
    hundred = [(f"{i} 1", f"1 {i}") for i in range(100)]
    assert ed.load_file(tsv(tmp_path / "a.tsv", hundred))  # an empty table: no question
    answers, asked = [], []

    def ask(_self, name, n):
        asked.append((name, n))
        return answers.pop(0)

    monkeypatch.setattr(PairsEditor, "ask_load_mode", ask)
    other = tsv(tmp_path / "b.tsv", [("9 9", "9 9"), ("8 8", "8 8")])
    answers.append(None)  # Cancel
    assert not ed.load_file(other) and ed.pairs() == hundred and asked == [("b.tsv", 2)]
    answers.append("append")
    assert ed.load_file(other) and ed.row_count() == 102 and ed.pairs()[-1] == ("8 8", "8 8")
    answers.append("replace")
    assert ed.load_file(other) and ed.pairs() == [("9 9", "9 9"), ("8 8", "8 8")]
    assert "Undo restores the previous 102 rows" in ed.message.text()
    assert ed.undo_button.isEnabled()
    ed.undo_button.click()
    assert ed.row_count() == 102
    ed.undo()
    assert ed.pairs() == hundred and ed.source_file == tmp_path / "a.tsv"

    empty = tmp_path / "empty.tsv"
    empty.write_bytes(b"")
    assert not ed.load_file(empty)  # an empty file never wipes the table
    assert ed.pairs() == hundred and "holds no pairs; the table was not changed" in ed.message.text()
    assert len(asked) == 3

    ed.table.selectRow(0)
    ed.remove_selected()
    ed.remove_problem_rows()
    ed.table.item(0, 0).setText("5 5")  # an edit is undoable too
    assert ed.pairs()[0] == ("5 5", "1 1")
    ed.undo()
    assert ed.pairs()[0] == ("1 1", "1 1") and ed.row_count() == 99
    ed.undo()
    assert ed.pairs() == hundred
    qtbot.keyClick(ed.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # Ctrl+Z: nothing left
    assert ed.pairs() == hundred


def test_the_replace_append_question_has_three_answers(qtbot, tmp_path):
    ed = PairsEditor()
    qtbot.addWidget(ed)
    ed.set_pairs([("1", "1")])

    def answer(button_name):
        def click():
            box = QApplication.activeModalWidget()
            assert box is not None and box.objectName() == "pairsLoadModeBox"
            if button_name == "cancel":
                box.button(QMessageBox.StandardButton.Cancel).click()
            else:
                box.findChild(QWidget, button_name).click()
        QTimer.singleShot(50, click)

    other = tsv(tmp_path / "b.tsv", [("2", "2")])
    answer("cancel")
    assert not ed.load_file(other) and ed.pairs() == [("1", "1")]
    answer("appendButton")
    assert ed.load_file(other) and ed.pairs() == [("1", "1"), ("2", "2")]
    answer("replaceButton")
    assert ed.load_file(other) and ed.pairs() == [("2", "2")]


def test_a_dropped_file_asks_too(qtbot, tmp_path, monkeypatch):
    ed = PairsEditor()
    qtbot.addWidget(ed)
    ed.set_pairs([("1", "1"), ("2", "2")])
    asked = []
    monkeypatch.setattr(PairsEditor, "ask_load_mode", lambda _s, name, n: asked.append(name))  # -> None: cancel
    drop(ed, tsv(tmp_path / "c.tsv", [("3", "3")]))
    qtbot.waitUntil(lambda: asked == ["c.tsv"])
    assert ed.pairs() == [("1", "1"), ("2", "2")]


def test_a_shift_jis_file_loads_and_says_its_encoding(qtbot, tmp_path):
    ed = PairsEditor()
    qtbot.addWidget(ed)
    path = tmp_path / "sjis.tsv"
    path.write_bytes("Hello\tこんにちは\nCat\t猫\n".encode("cp932"))
    assert ed.load_file(path)
    assert ed.pairs() == [("Hello", "こんにちは"), ("Cat", "猫")] and ed.problems() == []
    assert "Shift-JIS (CP932)" in ed.message.text()


# ------------------------------------------------------------------ saving is checked first; a failed save keeps the model
@pytest.fixture(scope="module")
def quick_result(tiny_bundle):
    from seq2seq_desktop.training.finetune import FineTuneConfig, fine_tune
    from seq2seq_desktop.training.trainer import run_to_end

    return run_to_end(fine_tune(tiny_bundle, copy_pairs(), FineTuneConfig(epochs=1, batch_size=4, lr=1e-2)))


def test_start_says_in_one_line_when_the_model_could_not_be_saved(qtbot, dialog, pairs_file, tmp_path, monkeypatch):
    d = dialog
    d.editor.load_file(pairs_file)
    blocker = tmp_path / "data"
    blocker.write_text("a file")
    monkeypatch.setenv("SEQ2SEQ_DESKTOP_HOME", str(blocker))
    asked = []

    def no(_parent, title, text, *_a, **_k):
        asked.append(text)
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", no)
    assert d.start() is None and d.job is None and d.pages.currentIndex() == PAGE_PAIRS
    assert "is a file, not a folder" in d.status_label.text() and "\n" not in d.status_label.text()
    assert "Train anyway" in asked[0]

    import shutil as sh

    monkeypatch.setenv("SEQ2SEQ_DESKTOP_HOME", str(tmp_path / "home"))
    monkeypatch.setattr(sh, "disk_usage", lambda _p: sh._ntuple_diskusage(10**9, 10**9 - 1000, 1000))
    assert d.start() is None and "not enough free space" in d.status_label.text()

    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    d.epochs_spin.setValue(1)
    job = d.start()  # "train anyway": the report offers another folder at once
    assert job is not None
    with qtbot.waitSignal(job.returned, timeout=60_000):
        pass
    assert not d.report.elsewhere_button.isHidden() and "another folder" in d.report.save_error.text()


def test_closing_with_typed_pairs_asks(qtbot, dialog, monkeypatch, pairs_file):
    d = dialog
    d.editor.load_file(pairs_file)
    assert not d.editor.has_typed_rows()  # a loaded file is still on disk: closing does not ask
    d.editor.set_pairs([("1 2", "2 1")])  # typed: exists nowhere else
    assert d.editor.has_typed_rows()
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda _p, title, *_a, **_k: asked.append(title)
                        or QMessageBox.StandardButton.No)
    d.reject()
    assert asked == ["Close and lose the pairs?"] and d.isVisible()


def test_a_failed_save_says_one_line_and_offers_another_folder(qtbot, dialog, quick_result, monkeypatch, tmp_path):
    fill_disk_under(monkeypatch, user_models_dir())
    d = dialog
    d._on_result(quick_result)
    report = d.report
    assert report.elsewhere_button.isHidden()
    report.name_edit.setText("mine")
    job = d.keep()
    with qtbot.waitSignal(job.finished, timeout=10_000):
        pass
    text = report.save_error.text()
    assert "the disk is full" in text and ".tmp-" not in text and "Errno" not in text and "\n" not in text
    assert d.findChild(QMessageBox, "errorMessageBox") is None  # no "Unexpected error"
    assert d.result is quick_result and d.isVisible()  # still in memory
    assert not report.elsewhere_button.isHidden()
    target = tmp_path / "usb"
    target.mkdir()
    monkeypatch.setattr("seq2seq_desktop.gui.finetune_dialog.QFileDialog.getExistingDirectory",
                        lambda *_a, **_k: str(target))
    with qtbot.waitSignal(d.modelSaved, timeout=10_000) as blocker:
        report.elsewhere_button.click()
    assert blocker.args == [target / "mine"] and (target / "mine" / "config.json").is_file()
    qtbot.waitUntil(lambda: closed(d), timeout=5000)


def test_closing_with_a_model_not_kept_asks(qtbot, dialog, quick_result, monkeypatch):
    d = dialog
    d._on_result(quick_result)
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.No)
    d.reject()
    assert d.isVisible() and d.result is quick_result
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    d.reject()
    assert closed(d)


def test_a_closed_dialog_is_freed_with_its_trained_copy(qtbot, tiny_engine, tiny_bundle, pairs_file, monkeypatch):
    parent = QWidget()  # stands in for the main window, which keeps no reference to the dialog
    qtbot.addWidget(parent)
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)

    def train_and_close():
        d = FineTuneDialog(parent, tiny_engine, tiny_bundle)
        warm_up = d.warm_up
        d.show()
        d.editor.load_file(pairs_file)
        d.epochs_spin.setValue(2)
        job = d.start()
        with qtbot.waitSignal(job.returned, timeout=60_000):
            pass
        qtbot.waitUntil(lambda: d.job is None and not warm_up.is_running, timeout=20_000)
        refs = weakref.ref(d), weakref.ref(d.result.model)
        d.reject()  # "close without keeping?" -> Yes
        return refs

    dialog_ref, model_ref = train_and_close()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()
    assert dialog_ref() is None
    assert model_ref() is None  # the trained copy went with it
    assert parent.findChild(FineTuneDialog) is None


# ------------------------------------------------------------------ model manager: truthful marks, damage, feedback
def label_of(mgr, name):
    mgr.select(name)
    return mgr.list.currentItem().text()


def test_active_follows_what_the_window_really_loaded(qtbot, make_window, bundled):
    from seq2seq_desktop.core.store import export_model, import_model

    broken = import_model(export_model(bundled, bundled.parent.parent / "b.zip"), name="wrong-shape")
    cfg = json.loads((broken / "config.json").read_text())
    cfg["model"]["dec_hidden"] = 48  # loads no more, though every checksum matches
    (broken / "config.json").unlink()
    (broken / "config.json").write_text(json.dumps(cfg))
    from seq2seq_desktop.core.manifest import write_manifest

    write_manifest(broken)
    import_model(export_model(bundled, bundled.parent.parent / "g.zip"), name="good")
    win = make_window(model_paths={"en-ja": str(bundled)}, loader=lambda p: Engine.load(p, num_threads=1))
    mgr = ModelManagerDialog(win, active_paths=[e.info.path for e in win.engines.values()])
    qtbot.addWidget(mgr)
    mgr.modelActivated.connect(win.load_model)  # as the main window wires it
    assert "active" in label_of(mgr, "tiny-reverse")

    mgr.select("wrong-shape")
    with qtbot.waitSignal(win.ready, timeout=20_000):
        mgr.use_button.click()
        assert "loading" in label_of(mgr, "wrong-shape")
    assert "active" not in label_of(mgr, "wrong-shape")  # the failed Use is not marked
    assert "active" in label_of(mgr, "tiny-reverse")
    assert "could not be used" in mgr.status.text()
    for box in win.findChildren(QMessageBox):
        box.close()

    mgr.select("good")
    with qtbot.waitSignal(win.ready, timeout=20_000):
        mgr.use_button.click()
    assert "active" in label_of(mgr, "good") and "active" not in label_of(mgr, "tiny-reverse")
    mgr.select("good")
    with qtbot.waitSignal(win.ready, timeout=20_000):
        mgr.revert_button.click()
    assert "active" in label_of(mgr, "tiny-reverse") and "active" not in label_of(mgr, "good")
    assert [e.info.path for e in win.engines.values()] == [bundled]


def test_revert_then_use_marks_one_model_per_direction(qtbot, bundled, tmp_path):
    from seq2seq_desktop.core.store import export_model, import_model

    archive = export_model(bundled, tmp_path / "m.zip")
    one, two = import_model(archive, name="one"), import_model(archive, name="two")
    mgr = ModelManagerDialog(None, active_paths=[one])
    qtbot.addWidget(mgr)
    mgr.select("one")
    assert mgr.revert_to_bundled() == bundled
    mgr.select("two")
    assert mgr.activate_selected() == two
    marked = [e.name for e in mgr.entries if mgr._key(e.path) in mgr.active_paths]
    assert marked == ["two"]
    assert "active" not in label_of(mgr, "tiny-reverse") and "active" not in label_of(mgr, "one")


def test_manager_shows_damage_confirms_export_and_retitles_on_rename(qtbot, bundled, tmp_path, monkeypatch):
    from seq2seq_desktop.core.store import export_model, import_model

    archive = export_model(bundled, tmp_path / "m.zip")
    mine, damaged = import_model(archive, name="mine"), import_model(archive, name="damaged")
    with open(damaged / "model.safetensors", "r+b") as f:
        f.seek(200)
        f.write(b"\x00\x01\x02\x03")
    mgr = ModelManagerDialog(None, active_paths=[])
    qtbot.addWidget(mgr)
    assert "damaged" not in label_of(mgr, "mine") and "damaged" in label_of(mgr, "damaged")
    assert not mgr.use_button.isEnabled() and not mgr.export_button.isEnabled()
    assert "checksum" in mgr.facts.text()

    mgr.select("mine")
    out = mgr.export_selected(tmp_path / "out" / "mine.zip")
    box = mgr.findChild(QMessageBox, "exportDoneBox")
    assert box is not None and str(out.resolve()) in box.text() and str(out.resolve()) in mgr.status.text()
    box.close()

    (mine / "MODEL_CARD.md").unlink()
    (mine / "MODEL_CARD.md").write_text("# mine\nMy card.\n", encoding="utf-8")
    from seq2seq_desktop.core.manifest import write_manifest

    write_manifest(mine)
    mgr.refresh()
    mgr.select("mine")
    assert mgr.rename_selected("mine renamed") is not None
    assert mgr.card.toPlainText().startswith("mine renamed")  # the card heading follows the name
    assert "mine renamed" in mgr.facts.text()


def test_closing_during_a_save_that_fails_keeps_the_model(qtbot, dialog, monkeypatch):
    from seq2seq_desktop.core.store import StorageError

    gate = threading.Event()

    def failing_save(result, name):
        gate.wait(timeout=20)
        raise StorageError("could not save the model in X: the disk is full; free some space or choose another folder")

    monkeypatch.setattr("seq2seq_desktop.gui.finetune_dialog.save_user_model", failing_save)
    d = dialog
    d.result = result = object()
    d.pages.setCurrentIndex(PAGE_REPORT)
    job = d.keep("mine")
    d.reject()  # Esc while saving: wait for the save
    assert d.isVisible()
    with qtbot.waitSignal(job.finished, timeout=5000):
        gate.set()
    assert d.isVisible() and d.result is result and "disk is full" in d.report.save_error.text()
