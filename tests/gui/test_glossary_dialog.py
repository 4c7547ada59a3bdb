"""Model -> Glossary: the dialog (edit, validate, import, export, save errors) and the window applying it."""
import pytest
from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QStyleOptionViewItem

from seq2seq_desktop.core.errors import DataError
from seq2seq_desktop.core.glossary import (
    GlossaryRow,
    load_glossary,
    load_user_glossary,
    save_user_glossary,
    user_glossary_path,
)
from seq2seq_desktop.core.protect import GlossaryEntry
from seq2seq_desktop.gui.glossary_dialog import ENABLED, SOURCE, TARGET, GlossaryDialog, check_rows


@pytest.fixture
def saved():
    return []


@pytest.fixture
def make_dialog(qtbot, saved):
    def make(glossary=None, **kw):
        kw.setdefault("save", saved.append)
        dlg = GlossaryDialog(glossary if glossary is not None else {
            "en-ja": [GlossaryRow("invoice", "請求書"), GlossaryRow("Tokyo", "")],
            "ja-en": [GlossaryRow("請求書", "invoice", False)]}, **kw)
        qtbot.addWidget(dlg)
        dlg.show()
        return dlg
    return make


def _cell(dlg, row, col):
    return dlg.table.item(row, col)


def test_check_rows_follows_the_tsv_rules():
    rows = [GlossaryRow("invoice", "a"), GlossaryRow("", "b"), GlossaryRow(" Invoice ", "c"), GlossaryRow("", ""),
            GlossaryRow("x" * 201, ""), GlossaryRow("ok", "")]
    problems = check_rows(rows)
    assert set(problems) == {1, 2, 4}  # the fully empty row is ignored (dropped on save)
    assert "empty" in problems[1] and "row 1" in problems[2] and "200" in problems[4]


def test_rows_shown_with_placeholder_and_checkbox(make_dialog):
    dlg = make_dialog()
    assert dlg.objectName() == "glossaryDialog" and dlg.direction() == "en-ja"
    assert dlg.table.rowCount() == 2 and _cell(dlg, 0, TARGET).text() == "請求書"
    assert _cell(dlg, 0, ENABLED).checkState() == Qt.CheckState.Checked
    # the empty translation reads "keep as is" (painted by the delegate), the filled one its text
    delegate = dlg.table.itemDelegate()
    for row, text in ((1, "keep as is"), (0, "請求書")):
        opt = QStyleOptionViewItem()
        delegate.initStyleOption(opt, dlg.table.model().index(row, TARGET, QModelIndex()))
        assert opt.text == text
    dlg.set_direction("ja-en")
    assert dlg.table.rowCount() == 1 and _cell(dlg, 0, ENABLED).checkState() == Qt.CheckState.Unchecked


def test_add_edit_remove_validate_and_ok(make_dialog, saved, qtbot):
    dlg = make_dialog()
    qtbot.mouseClick(dlg.add_button, Qt.MouseButton.LeftButton)
    assert dlg.table.rowCount() == 3 and dlg.problems() == {}  # an untouched new row is no problem yet
    _cell(dlg, 2, TARGET).setText("顧客")  # a translation without a source term
    assert "empty" in dlg.problems()[2] and "empty" in _cell(dlg, 2, 3).text()
    _cell(dlg, 2, SOURCE).setText("INVOICE")  # duplicate, case-insensitive
    assert "already on row 1" in dlg.problems()[2]
    assert dlg.status.text().startswith("Row 3: ")
    dlg.buttons.button(dlg.buttons.StandardButton.Ok).click()
    assert dlg.isVisible() and saved == []  # refused: the marked row must be fixed first
    _cell(dlg, 2, SOURCE).setText("  customer   name ")
    assert dlg.problems() == {} and dlg.status.text() == ""
    _cell(dlg, 1, ENABLED).setCheckState(Qt.CheckState.Unchecked)
    dlg.table.selectRow(0)
    qtbot.mouseClick(dlg.remove_button, Qt.MouseButton.LeftButton)
    assert [r.source for r in dlg.rows()] == ["Tokyo", "  customer   name "]
    with qtbot.waitSignal(dlg.accepted):
        dlg.buttons.button(dlg.buttons.StandardButton.Ok).click()
    assert saved == [dlg.glossary()]
    assert dlg.glossary()["en-ja"] == [GlossaryRow("Tokyo", "", False), GlossaryRow("customer name", "顧客", True)]
    assert dlg.glossary()["ja-en"] == [GlossaryRow("請求書", "invoice", False)]  # the other direction kept


def test_problem_in_the_other_direction_is_shown_on_ok(make_dialog, saved):
    dlg = make_dialog({"en-ja": [GlossaryRow("a", "")], "ja-en": [GlossaryRow("猫", "cat"), GlossaryRow("猫", "")]})
    assert dlg.direction() == "en-ja"
    dlg.accept()
    assert saved == [] and dlg.direction() == "ja-en" and "already on row 1" in dlg.status.text()


def test_save_error_is_one_line_and_the_dialog_stays_open(make_dialog):
    def fail(_glossary):
        raise DataError("cannot save the glossary to /ro/glossary.json: Read-only file system")

    dlg = make_dialog(save=fail)
    _cell(dlg, 0, TARGET).setText("インボイス")
    dlg.accept()
    assert dlg.isVisible() and dlg.result() != dlg.DialogCode.Accepted
    assert dlg.status.text() == "cannot save the glossary to /ro/glossary.json: Read-only file system"
    assert dlg.rows()[0] == GlossaryRow("invoice", "インボイス")


def test_note_when_the_model_cannot_protect_terms(make_dialog):
    dlg = make_dialog(protects={"en-ja": False, "ja-en": True})
    assert dlg.note.isVisibleTo(dlg) and "no effect" in dlg.note.text()
    dlg.set_direction("ja-en")
    assert not dlg.note.isVisibleTo(dlg)
    other = make_dialog()
    assert not other.note.isVisibleTo(other)  # no model loaded: nothing to say


def test_import_replace_append_and_export_round_trip(make_dialog, tmp_path):
    tsv = tmp_path / "terms.tsv"
    tsv.write_text("# mine\nINVOICE\tインボイス\nmachine learning\t機械学習\nkeep me\n", encoding="utf-8-sig")
    dlg = make_dialog()
    assert dlg.import_tsv(str(tsv), mode="append") == 2  # "INVOICE" is already there: the table's row stays
    assert [(r.source, r.target) for r in dlg.rows()] == [("invoice", "請求書"), ("Tokyo", ""),
                                                          ("machine learning", "機械学習"), ("keep me", "")]
    assert "skipped" in dlg.status.text()
    assert dlg.import_tsv(str(tsv), mode="replace") == 3
    assert [r.source for r in dlg.rows()] == ["INVOICE", "machine learning", "keep me"]
    assert dlg.rows("ja-en") == [GlossaryRow("請求書", "invoice", False)]  # only the shown direction changes
    out = tmp_path / "out.tsv"
    assert dlg.export_tsv(str(out))
    assert load_glossary(out) == [GlossaryEntry("INVOICE", "インボイス"), GlossaryEntry("machine learning", "機械学習"),
                                  GlossaryEntry("keep me", "")]
    fresh = make_dialog({})
    assert fresh.import_tsv(str(out)) == 3  # empty table: nothing to ask
    assert fresh.rows() == dlg.rows()


def test_import_asks_replace_append_or_cancel(make_dialog, tmp_path, qtbot):
    tsv = tmp_path / "terms.tsv"
    tsv.write_text("cat\t猫\n", encoding="utf-8")
    dlg = make_dialog()

    def answer(label):
        def click():
            box = QApplication.activeModalWidget()
            assert isinstance(box, QMessageBox) and box.objectName() == "glossaryImportBox"
            next(b for b in box.buttons() if b.text().replace("&", "") == label).click()
        QTimer.singleShot(0, click)

    answer("Cancel")
    assert dlg.import_tsv(str(tsv)) == 0 and len(dlg.rows()) == 2
    answer("Append")
    assert dlg.import_tsv(str(tsv)) == 1 and [r.source for r in dlg.rows()] == ["invoice", "Tokyo", "cat"]
    answer("Replace")
    assert dlg.import_tsv(str(tsv)) == 1 and [r.source for r in dlg.rows()] == ["cat"]


def test_bad_tsv_names_the_line_and_leaves_the_table(make_dialog, tmp_path):
    tsv = tmp_path / "bad.tsv"
    tsv.write_text("a\tb\nA\tc\n", encoding="utf-8")
    dlg = make_dialog()
    assert dlg.import_tsv(str(tsv), mode="replace") == 0
    assert "bad.tsv:2" in dlg.status.text() and len(dlg.rows()) == 2


def test_export_refused_while_rows_have_problems(make_dialog, tmp_path):
    dlg = make_dialog({"en-ja": [GlossaryRow("a", ""), GlossaryRow("A", "")]})
    assert not dlg.export_tsv(str(tmp_path / "x.tsv"))
    assert not (tmp_path / "x.tsv").exists() and "Fix" in dlg.status.text()


def test_japanese_renders_in_the_dialog(make_dialog, tmp_path):
    dlg = make_dialog()
    dlg.resize(640, 360)
    png = tmp_path / "glossary-dialog.png"
    assert dlg.grab().save(str(png))
    assert png.stat().st_size > 0


# ------------------------------------------------------------------------------------------ window

def _two_engines(tiny_path):
    from seq2seq_desktop.core.engine import Engine

    return {"A": Engine.load(tiny_path, num_threads=1), "B": Engine.load(tiny_path, num_threads=1)}


def test_window_applies_the_glossary_at_start_and_after_the_dialog(make_window, tiny_path, qtbot):
    save_user_glossary({"en-ja": [GlossaryRow("invoice", "請求書"), GlossaryRow("off", "x", False)],
                        "ja-en": [GlossaryRow("猫", "cat")]})
    engines = _two_engines(tiny_path)
    win = make_window(loader=engines.__getitem__, model_paths={"en-ja": "A", "ja-en": "B"})
    assert engines["A"].glossary == (GlossaryEntry("invoice", "請求書"),)  # enabled rows only
    assert engines["B"].glossary == (GlossaryEntry("猫", "cat"),)
    act = next(a for a in win.actions() if a.objectName() == "actionGlossary")
    assert act.text() == "&Glossary\u2026"
    act.trigger()
    dlg = win.findChild(GlossaryDialog, "glossaryDialog")
    assert dlg is not None and dlg.isVisible() and dlg.rows()[0].source == "invoice"
    assert dlg.note.isVisibleTo(dlg)  # the tiny digits model protects nothing: the dialog says so
    dlg.set_rows([GlossaryRow("invoice", "インボイス"), GlossaryRow("tax", "税")])
    with qtbot.waitSignal(dlg.accepted):
        dlg.accept()
    assert engines["A"].glossary == (GlossaryEntry("invoice", "インボイス"), GlossaryEntry("tax", "税"))
    assert engines["B"].glossary == (GlossaryEntry("猫", "cat"),)
    assert load_user_glossary()["en-ja"][1] == GlossaryRow("tax", "税")


def test_damaged_glossary_file_warns_and_is_left_as_is(make_window, tiny_path):
    path = user_glossary_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b'{"directions": {"en-ja": [{"target": 1}]}')
    engines = _two_engines(tiny_path)
    win = make_window(loader=engines.__getitem__, model_paths={"en-ja": "A", "ja-en": "B"})
    assert win.glossary == {} and engines["A"].glossary == ()
    assert "damaged" in win.statusBar().currentMessage()
    assert path.read_bytes() == b'{"directions": {"en-ja": [{"target": 1}]}'


def test_glossary_reaches_a_real_translation_and_is_highlighted(make_window, tiny_placeholder_bundle, qtbot):
    from seq2seq_desktop.core.engine import Engine

    save_user_glossary({"en-ja": [GlossaryRow("foo", "BAR")]})
    engine = Engine.load(tiny_placeholder_bundle, num_threads=1)
    win = make_window(loader=lambda _p: engine, model_paths={"en-ja": "p"})
    assert engine.protects_spans and engine.glossary == (GlossaryEntry("foo", "BAR"),)
    tp = win.translate_panel
    tp.beam_slider.setValue(1)
    tp.source_edit.setPlainText("a b foo c")
    with qtbot.waitSignal(tp.translationFinished, timeout=30_000) as blocker:
        tp.translate()
    qtbot.waitUntil(lambda: not tp.busy, timeout=10_000)
    text = tp.target_edit.toPlainText()
    assert blocker.args[0].text == text and "BAR" in text
    marks = [m for m in tp.view.marks if m.kind == "glossary"]
    assert [text[m.start:m.end] for m in marks] == ["BAR"]
    assert marks[0].tooltip == "Glossary: foo \u2192 BAR"
