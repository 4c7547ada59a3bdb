"""Engine errors in the interface language: every template core raises is in the catalogue
(gui/core_messages.py), a translation keeps its template's {fields}, and real engine errors read Japanese."""
import ast
import json
import string
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from PySide6.QtCore import QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from seq2seq_desktop.core.errors import ConfigError, DataError, Message, ModelLoadError, Seq2SeqError
from seq2seq_desktop.gui import error_dialogs, i18n
from seq2seq_desktop.gui.core_messages import CONTEXT, TEMPLATES, translate_error

ROOT = Path(__file__).resolve().parents[2]
PKG = ROOT / "seq2seq_desktop"
TS = ROOT / "resources" / "translations" / "seq2seq_desktop_ja.ts"
#: the modules whose errors reach the GUI (cli/ and recipes/ stay English)
RAISING = [*sorted((PKG / "core").glob("*.py")), *sorted((PKG / "training").glob("*.py")), PKG / "gui" / "loading.py"]


# ------------------------------------------------------------------------------ scanning the source
def _error_classes() -> set[str]:
    """Names of ``Seq2SeqError`` and every class derived from it in core/ and training/ (static: no imports)."""
    bases = {}
    for path in RAISING:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                bases[node.name] = {b.id for b in node.bases if isinstance(b, ast.Name)}
    names = {"Seq2SeqError"}
    while True:
        more = {cls for cls, b in bases.items() if b & names} - names
        if not more:
            return names
        names |= more


def _literals(node) -> list[str] | None:
    """The template(s) of a call's first argument: a literal, or ``"a" if cond else "b"``; None otherwise."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        a, b = _literals(node.body), _literals(node.orelse)
        return a + b if a is not None and b is not None else None
    return None


def _raise_sites():
    """``(where, templates)`` of every ``XError.format(...)`` and ``Message("...")``, and ``where`` of every
    error built from a plain text (``XError("...")`` or ``XError(f"...")``), in ``RAISING``."""
    classes = _error_classes()
    templated, plain = [], []
    for path in RAISING:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            f = node.func
            if isinstance(f, ast.Attribute) and f.attr == "format" and isinstance(f.value, ast.Name) \
                    and f.value.id in classes:
                templated.append((where, _literals(node.args[0]) if node.args else None))
            elif isinstance(f, ast.Name) and f.id == "Message" and node.args and _literals(node.args[0]) is not None:
                templated.append((where, _literals(node.args[0])))  # Message(exc.template, ...) re-wraps one listed
            elif isinstance(f, ast.Name) and f.id in classes and (node.args or node.keywords):
                plain.append(where)
    return templated, plain


def _raised_templates() -> set[str]:
    return {t for _, templates in _raise_sites()[0] for t in templates or ()}


def _catalogue() -> set[str]:
    """The ``QT_TRANSLATE_NOOP("CoreErrors", "...")`` literals of gui/core_messages.py (what lupdate extracts)."""
    tree = ast.parse((PKG / "gui" / "core_messages.py").read_text(encoding="utf-8"))
    return {node.args[1].value for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "QT_TRANSLATE_NOOP"
            and [_literals(a) for a in node.args[:1]] == [[CONTEXT]] and _literals(node.args[1]) is not None}


def _fields(template: str) -> list[tuple[str, str, str]]:
    """``(name, conversion, spec)`` of every ``{field}`` of a ``str.format`` template, sorted."""
    return sorted((name, conv or "", spec or "") for _, name, spec, conv in string.Formatter().parse(template)
                  if name is not None)


class _Any:
    """A field value that formats with any spec (for checking that a template formats at all)."""

    def __format__(self, spec):
        return "x"

    def __repr__(self):
        return "x"


def _format_with_anything(template: str) -> str:
    return template.format(**{name: _Any() for name, _, _ in _fields(template)})


def _ts_core_messages() -> dict[str, ET.Element | None]:
    return {msg.findtext("source"): msg.find("translation") for ctx in ET.parse(TS).getroot().iter("context")
            if ctx.findtext("name") == CONTEXT for msg in ctx.iter("message")}


# ------------------------------------------------------------------------------ the catalogue
def test_engine_errors_are_raised_from_literal_templates():
    """A new ``raise DataError(f"...")`` in core would stay English in the GUI: use ``DataError.format``."""
    templated, plain = _raise_sites()
    assert len(templated) > 100
    assert not plain, "raise these with XError.format(template, **fields):\n" + "\n".join(plain)
    computed = [where for where, templates in templated if templates is None]
    assert not computed, "the template must be a literal (or a literal if/else):\n" + "\n".join(computed)


def test_the_catalogue_lists_every_raised_template_and_no_other():
    raised, catalogue = _raised_templates(), _catalogue()
    assert len(raised) > 100
    missing = sorted(raised - catalogue)
    assert not missing, "add to TEMPLATES in seq2seq_desktop/gui/core_messages.py:\n" + "\n".join(map(repr, missing))
    stale = sorted(catalogue - raised)
    assert not stale, "no longer raised; remove from gui/core_messages.py:\n" + "\n".join(map(repr, stale))
    assert set(TEMPLATES) == catalogue and len(TEMPLATES) == len(catalogue)  # literals, each once


def test_templates_format_with_named_fields_only():
    for template in TEMPLATES:
        names = [name for name, _, _ in _fields(template)]
        assert all(n.isidentifier() for n in names), f"positional or odd field in {template!r}"
        _format_with_anything(template)


def test_japanese_translations_keep_the_fields_of_their_template():
    """A lost or renamed ``{field}`` (or its ``!r`` / format spec) would show English instead (or a KeyError)."""
    problems = []
    for source, tr in _ts_core_messages().items():
        text = (tr.text or "") if tr is not None else ""
        if not text:
            continue  # untranslated: test_every_template_is_translated and test_i18n report it
        try:
            if _fields(text) != _fields(source):
                problems.append(f"fields differ: {source!r} -> {text!r}")
            _format_with_anything(text)
        except (ValueError, KeyError, IndexError) as exc:
            problems.append(f"does not format ({exc}): {text!r}")
    assert not problems, "\n".join(problems)


def test_every_template_is_translated():
    have = _ts_core_messages()
    untranslated = sorted(t for t in TEMPLATES if have.get(t) is None or have[t].get("type") in ("unfinished", "vanished",
                                                                                             "obsolete")
                          or not (have[t].text or "").strip())
    assert not untranslated, ("run python tools/update_translations.py and translate [CoreErrors]:\n"
                              + "\n".join(map(repr, untranslated)))


# ------------------------------------------------------------------------------ translate_error
class _Catalogue(QTranslator):
    """A translator from a dict (context ``CoreErrors``)."""

    def __init__(self, texts):
        super().__init__()
        self.texts = texts

    def isEmpty(self):  # noqa: N802 (Qt's name)
        return False

    def translate(self, context, source, disambiguation=None, n=-1):
        return self.texts.get(source) if context == CONTEXT else None  # None: not translated here


@pytest.fixture
def catalogue(qapp):
    installed = []

    def install(texts):
        translator = _Catalogue(texts)
        assert qapp.installTranslator(translator)
        installed.append(translator)

    yield install
    for translator in installed:
        qapp.removeTranslator(translator)


def test_translate_error_fills_the_translated_template(catalogue):
    catalogue({"model package {pkg} is missing {name}": "モデルパッケージ {pkg} に {name} がありません。",
               "{archive} is not a valid model package: {error}": "{archive} は有効なモデルパッケージではありません: "
                                                                  "{error}",
               "the archive": "アーカイブ"})
    exc = ModelLoadError.format("model package {pkg} is missing {name}", pkg=Path("/m/x"), name="source.spm")
    assert str(exc) == "model package /m/x is missing source.spm"  # core and the CLI: English
    assert translate_error(exc) == "モデルパッケージ /m/x に source.spm がありません。"
    outer = ModelLoadError.format("{archive} is not a valid model package: {error}", archive="x.zip",
                                  error=ModelLoadError.format("model package {pkg} is missing {name}",
                                                              pkg=Message("the archive"), name="MODEL_CARD.md"))
    assert str(outer) == "x.zip is not a valid model package: model package the archive is missing MODEL_CARD.md"
    assert translate_error(outer) == ("x.zip は有効なモデルパッケージではありません: "
                                      "モデルパッケージ アーカイブ に MODEL_CARD.md がありません。")
    title, message, details = error_dialogs.describe_error(exc)
    assert message == translate_error(exc) and details is None


def test_translate_error_falls_back_to_english(catalogue):
    catalogue({"chunk={chunk} must be at least 1": "chunk={chunk_size} は 1 以上にしてください。"})  # a broken field
    exc = ConfigError.format("chunk={chunk} must be at least 1", chunk=0)
    assert translate_error(exc) == "chunk=0 must be at least 1"
    untranslated = DataError.format("{name} is not a text file", name="x.tsv")
    assert translate_error(untranslated) == "x.tsv is not a text file"
    assert translate_error(DataError("a fixed {text}")) == "a fixed {text}"  # no template: as it is
    assert translate_error(OSError("disk")) == "disk"


def test_templated_errors_keep_their_english_text_and_types():
    exc = ConfigError.format("{name}={value!r} is not valid; choose one of {choices}", name="arch", value="x",
                             choices="rnn, transformer")
    assert str(exc) == "arch='x' is not valid; choose one of rnn, transformer" and isinstance(exc, ValueError)
    assert exc.args == (str(exc),) and exc.template.startswith("{name}=") and exc.params["value"] == "x"
    from seq2seq_desktop.core.store import StorageError

    err = StorageError.format("could not save the model in {folder}: {reason}; try again, or choose another folder",
                              folder="/f", reason="boom")
    assert isinstance(err, OSError) and str(err).startswith("could not save the model in /f: boom")
    assert Seq2SeqError("plain").template is None and str(Seq2SeqError("plain")) == "plain"


# ------------------------------------------------------------------------------ real errors in Japanese
@pytest.fixture
def japanese(qapp):
    translators = i18n.install_translators(qapp, "ja")
    assert len(translators) == 2
    yield
    i18n.remove_translators(qapp, translators)


def _open_boxes():
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]


def test_too_long_input_is_reported_in_japanese(japanese, make_window, tiny_engine, qtbot):
    win = make_window(tiny_engine)
    with qtbot.waitSignal(win.translate_panel.errorOccurred, timeout=10_000) as blocker:
        win.findChild(QWidget, "sourceEdit").setPlainText("1 " * 10_001)
        win.translate_panel.translate()
    assert str(blocker.args[0]).startswith("the input has 20,002 characters")  # the engine's own text stays English
    qtbot.waitUntil(lambda: bool(_open_boxes()), timeout=5000)
    box = _open_boxes()[0]
    assert box.windowTitle() == "入力が長すぎます"
    assert box.text() == "入力が 20,002 文字あります。上限は 20,000 文字です。いくつかに分けてください。"
    box.close()


def test_damaged_package_and_archive_are_reported_in_japanese(japanese, tiny_bundle, tmp_path):
    import shutil

    from seq2seq_desktop.core.engine import Engine
    from seq2seq_desktop.core.store import import_model

    broken = tmp_path / "broken"
    shutil.copytree(tiny_bundle, broken)
    (broken / "target.spm").unlink()
    with pytest.raises(ModelLoadError) as info:
        Engine.load(broken, num_threads=1)
    title, message, _ = error_dialogs.describe_error(info.value)
    assert (title, message) == ("モデルを読み込めませんでした", f"モデルパッケージ {broken} に target.spm がありません。")

    newer = tmp_path / "newer.zip"
    with zipfile.ZipFile(newer, "w") as zf:
        for f in sorted(Path(tiny_bundle).iterdir()):
            data = f.read_bytes()
            if f.name == "config.json":
                data = json.dumps({**json.loads(data), "format_version": 99}).encode()
            zf.writestr(f"newer/{f.name}", data)
    with pytest.raises(ModelLoadError) as info:
        import_model(newer)
    assert str(info.value).startswith("newer.zip is not a valid model package: model package the archive has format "
                                      "version 99;")
    assert translate_error(info.value).startswith("newer.zip は有効なモデルパッケージではありません: "
                                                  "モデルパッケージ アーカイブ の形式バージョンは 99 です。")


def test_malformed_pairs_file_is_reported_in_japanese(japanese, qtbot, tmp_path):
    from seq2seq_desktop.gui.pairs_editor import PairsEditor

    ed = PairsEditor()
    qtbot.addWidget(ed)
    binary = tmp_path / "pairs.tsv"
    binary.write_bytes(b"\x00\x01binary")
    assert not ed.load_file(binary)
    box = ed.findChild(QMessageBox, "pairsFileError")
    assert box is not None
    assert box.text() == ("pairs.tsv はテキストファイルではありません (バイナリデータが含まれています)。"
                          "UTF-8 の TSV・CSV・JSON Lines ファイルを使ってください。")
    box.close()


def test_damaged_model_in_the_manager_reads_japanese(japanese, qtbot, tiny_bundle, tmp_path):
    from seq2seq_desktop.core.store import export_model, import_model
    from seq2seq_desktop.gui.model_manager import ModelManagerDialog

    damaged = import_model(export_model(tiny_bundle, tmp_path / "m.zip"), name="damaged")
    with open(damaged / "model.safetensors", "r+b") as f:
        f.seek(200)
        f.write(b"\x00\x01\x02\x03")
    mgr = ModelManagerDialog(None, active_paths=[])
    qtbot.addWidget(mgr)
    assert mgr.select("damaged")
    entry = mgr.selected_entry()
    assert "does not match its checksum" in entry.error  # the entry keeps the English text (the CLI's)
    assert "model.safetensors がチェックサムと一致しません" in mgr.facts.text()
