"""CLI in-process: outputs, one line per input segment, exit codes."""
import io
import json

import pytest

from seq2seq_desktop.cli import main


@pytest.fixture
def stdin(monkeypatch):
    def feed(text):
        monkeypatch.setattr("sys.stdin", io.StringIO(text))
    return feed


def test_help_and_version(capsys):
    assert main(["--help"]) == 0
    assert "translate" in capsys.readouterr().out
    assert main(["--version"]) == 0


def test_translate_args(tiny_bundle, capsys):
    assert main(["translate", "--model", str(tiny_bundle), "--threads", "1", "1 2 3", "4 5 6 7"]) == 0
    assert capsys.readouterr().out.splitlines() == ["3 2 1", "7 6 5 4"]


def test_translate_stdin_one_line_per_segment(tiny_bundle, capsys, stdin):
    stdin("1 2 3\n\n9 8\n")
    assert main(["translate", "-m", str(tiny_bundle), "--beam", "3", "--threads", "1"]) == 0
    assert capsys.readouterr().out == "3 2 1\n\n8 9\n"


def test_translate_json(tiny_bundle, capsys):
    assert main(["translate", "-m", str(tiny_bundle), "--json", "--n-best", "2", "--threads", "1", "1 2", "3"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    obj = json.loads(lines[0])
    sent = obj["sentences"][0]
    assert obj["text"] == "2 1" and sent["target_tokens"] == ["2", "1", "</s>"]
    assert len(sent["attention"]) == 3 and len(sent["attention"][0]) == len(sent["source_tokens"]) == 3
    assert len(sent["nbest"]) == 2 and sent["nbest"][0]["score"] >= sent["nbest"][1]["score"]


@pytest.mark.parametrize("argv", [
    ["translate", "--model", "/no/such/model", "1 2"],
    ["translate", "--beam", "0", "1"],
    ["translate", "--bogus-flag"],
    ["nosuchcommand"],
    ["eval", "--src", "/no/such/file", "--ref", "/no/such/ref"],
])
def test_user_errors_exit_2_without_traceback(argv, tiny_bundle, capsys):
    if "--model" not in argv and argv[0] in ("translate", "eval"):
        argv = argv[:1] + ["--model", str(tiny_bundle)] + argv[1:]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "error" in err and "Traceback" not in err


def test_empty_stdin_is_an_error(tiny_bundle, capsys, stdin):
    stdin("")
    assert main(["translate", "--model", str(tiny_bundle)]) == 2
    assert "no input" in capsys.readouterr().err


def test_models_lists_user_packages(tiny_bundle, capsys, monkeypatch, tmp_path):
    import shutil

    monkeypatch.setenv("SEQ2SEQ_DESKTOP_HOME", str(tmp_path))
    shutil.copytree(tiny_bundle, tmp_path / "models" / "tiny")
    assert main(["models"]) == 0
    out = capsys.readouterr().out
    assert "tiny-reverse" in out and "translate" in out and "user" in out
    assert main(["models", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert any(r["name"] == "tiny-reverse" and r["direction"] == "digits-digits-reversed" for r in rows)


def test_eval(tiny_bundle, capsys, tmp_path):
    (tmp_path / "src.txt").write_text("1 2 3\n4 5 6 7\n", encoding="utf-8")
    (tmp_path / "ref.txt").write_text("3 2 1\n7 6 5 4\n", encoding="utf-8")
    (tmp_path / "short.txt").write_text("1\n", encoding="utf-8")
    base = ["eval", "--model", str(tiny_bundle), "--src", str(tmp_path / "src.txt"), "--threads", "1"]
    assert main(base + ["--ref", str(tmp_path / "ref.txt")]) == 0
    out = capsys.readouterr().out
    assert "BLEU   100.00" in out and "tok:13a" in out and "chrF" in out
    assert main(base + ["--ref", str(tmp_path / "short.txt")]) == 2  # line counts differ


def test_chat_piped(tiny_bundle, capsys, stdin):
    stdin("1 2 3\n/reset\n4 5\n")
    assert main(["chat", "--model", str(tiny_bundle), "--beam", "2", "--max-turns", "1", "--threads", "1"]) == 0
    assert capsys.readouterr().out.splitlines() == ["bot> 3 2 1", "(conversation reset)", "bot> 5 4"]


def test_chat_answers_a_message_no_model_reads_with_a_note(tiny_bundle, capsys, stdin):
    from seq2seq_desktop.core.chat import NO_MODEL_NOTES

    stdin("1 2 3\nこんにちは\n4 5\n")
    assert main(["chat", "--model", str(tiny_bundle), "--beam", "2", "--max-turns", "1", "--threads", "1"]) == 0
    assert capsys.readouterr().out.splitlines() == ["bot> 3 2 1", f"bot> ({NO_MODEL_NOTES['ja']})", "bot> 5 4"]


def test_bench_writes_json(tiny_bundle, capsys, tmp_path):
    (tmp_path / "sents.txt").write_text("1 2 3\n4 5 6 7\n8 9\n", encoding="utf-8")
    out = tmp_path / "bench.json"
    assert main(["bench", "--model", str(tiny_bundle), "--file", str(tmp_path / "sents.txt"), "--beams", "1,3",
                 "--latency-n", "2", "--batch-size", "2", "--threads", "1", "--out", str(out)]) == 0
    assert "beam3" in capsys.readouterr().out
    data = json.loads(out.read_text(encoding="utf-8"))
    assert set(data["throughput"]) == {"greedy", "beam1", "beam3"}
    assert data["sentences"] == 3 and data["latency_beam5_ms"]["n"] == 2 and data["load_seconds"] > 0


def test_chat_sample_and_rank_options_reach_the_search(tiny_bundle, capsys, stdin):
    from seq2seq_desktop.core.chat import ChatSession
    from seq2seq_desktop.core.config import DecodeConfig
    from seq2seq_desktop.core.engine import Engine

    engine = Engine.load(tiny_bundle, device="cpu", num_threads=1)
    said = {}
    for n in (1, 8):
        stdin("3 1 4 1 5\n")
        assert main(["chat", "--model", str(tiny_bundle), "--sample", "--candidates", str(n), "--seed", "2",
                     "--temperature", "3", "--top-p", "1", "--threads", "1"]) == 0
        said[n] = capsys.readouterr().out.strip()
        cfg = DecodeConfig(sample=True, beam_width=1, candidates=n, seed=2, temperature=3.0, no_repeat_ngram=3)
        assert said[n] == "bot> " + ChatSession(engine).reply("3 1 4 1 5", cfg).text
    # so hot a single draw goes astray; the best-ranked of 8 is the reversal the model learned
    assert said[8] == "bot> 5 1 4 1 3" != said[1]


def test_chat_sampling_defaults_are_the_apps():
    # `seq2seq chat --sample` samples as the Dialog tab does (its default mode): one set of defaults
    from seq2seq_desktop.cli import build_parser
    from seq2seq_desktop.core import config
    from seq2seq_desktop.gui.settings import Settings  # plain values; imports no Qt

    args = build_parser().parse_args(["chat", "--sample"])
    app = Settings()
    assert (args.temperature, args.top_p) == (app.temperature, app.top_p) == (config.CHAT_TEMPERATURE,
                                                                              config.CHAT_TOP_P)
    assert (args.candidates, args.anti_lm, args.reverse_weight) == (config.CHAT_CANDIDATES, config.ANTI_LM_WEIGHT,
                                                                    config.CHAT_REVERSE_WEIGHT)


def test_translate_glossary_file(tiny_placeholder_bundle, capsys, tmp_path):
    glossary = tmp_path / "terms.tsv"
    glossary.write_text("# my terms\nfoo\tBAR\n", encoding="utf-8")
    assert main(["translate", "--model", str(tiny_placeholder_bundle), "--beam", "1",
                 "--glossary", str(glossary), "a b foo c", "foo d"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert [line.count("BAR") for line in out] == [1, 1]


@pytest.mark.parametrize("content, message", [
    (b"foo\tBAR\tBAZ\n", "terms.tsv:1: expected 'source<TAB>target'"),
    (b"\tBAR\n", "terms.tsv:1: the source term is empty"),
    ("請求書\tinvoice\n".encode("cp932"), "not UTF-8"),
    (b"foo\tBAR\nFOO\tQUX\n", "terms.tsv:2: 'FOO' is already on line 1"),
])
def test_translate_bad_glossary_is_one_line_exit_2(tiny_placeholder_bundle, capsys, tmp_path, content, message):
    glossary = tmp_path / "terms.tsv"
    glossary.write_bytes(content)
    assert main(["translate", "--model", str(tiny_placeholder_bundle), "--glossary", str(glossary), "a b"]) == 2
    err = capsys.readouterr().err.strip()
    assert message in err and len(err.splitlines()) == 1


def test_translate_warns_about_the_wrong_direction(tiny_placeholder_bundle, capsys):
    assert main(["translate", "--model", str(tiny_placeholder_bundle), "--beam", "1", "これは日本語の文です。"]) == 0
    err = capsys.readouterr().err
    assert "looks like JA text" in err and "--model ja-en" in err


# ------------------------------------------------------------------ seq2seq models: manage user models
def test_models_rename_delete_export_import(tiny_bundle, capsys, monkeypatch, tmp_path, stdin):
    import shutil

    from seq2seq_desktop.core.package import read_package_info

    monkeypatch.setenv("SEQ2SEQ_DESKTOP_HOME", str(tmp_path / "home"))
    user = tmp_path / "home" / "models"
    shutil.copytree(tiny_bundle, user / "mine")
    assert main(["models", "rename", "mine", "renamed"]) == 0
    assert "renamed 'mine' to 'renamed'" in capsys.readouterr().out
    info = read_package_info(user / "renamed", verify=True)
    assert info.name == "renamed" and not (user / "mine").exists()

    assert main(["models", "export", "renamed", str(tmp_path / "out" / "r")]) == 0
    assert f"exported 'renamed' to {tmp_path / 'out' / 'r.zip'}" in capsys.readouterr().out
    assert main(["models", "import", str(tmp_path / "out" / "r.zip"), "--name", "again"]) == 0
    assert "as the user model 'again'" in capsys.readouterr().out
    assert read_package_info(user / "again", verify=True).name == "again"

    stdin("n\n")
    assert main(["models", "delete", "again"]) == 1  # asked, declined
    captured = capsys.readouterr()
    assert "Delete the user model 'again'" in captured.err and "not deleted" in captured.err
    assert (user / "again").is_dir()
    stdin("y\n")
    assert main(["models", "delete", "again"]) == 0 and not (user / "again").exists()
    capsys.readouterr()
    assert main(["models", "delete", "renamed", "--yes"]) == 0 and not (user / "renamed").exists()


@pytest.mark.parametrize("argv, message", [
    (["models", "rename", "nope", "x"], "no model package named or found at 'nope'"),
    (["models", "rename", "BUNDLED", "x"], "bundled model"),
    (["models", "delete", "BUNDLED", "--yes"], "bundled model"),
    (["models", "rename", "mine", "../x"], "may use"),
    (["models", "export", "nope", "x.zip"], "no model package named"),
    (["models", "import", "/no/such.zip"], "does not exist"),
])
def test_models_actions_errors_exit_2_with_one_line(tiny_bundle, capsys, monkeypatch, tmp_path, argv, message):
    import shutil

    monkeypatch.setenv("SEQ2SEQ_DESKTOP_HOME", str(tmp_path / "home"))
    shutil.copytree(tiny_bundle, tmp_path / "home" / "models" / "mine")
    argv = [str(tiny_bundle) if a == "BUNDLED" else a for a in argv]
    monkeypatch.setattr("seq2seq_desktop.paths.bundled_models_dir", lambda: tiny_bundle.parent)
    assert main(argv) == 2
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and message in lines[0] and "Traceback" not in err


def test_models_list_shows_a_damaged_package(tiny_bundle, capsys, monkeypatch, tmp_path):
    import shutil

    monkeypatch.setenv("SEQ2SEQ_DESKTOP_HOME", str(tmp_path))
    shutil.copytree(tiny_bundle, tmp_path / "models" / "tiny")
    with open(tmp_path / "models" / "tiny" / "model.safetensors", "r+b") as f:
        f.seek(200)
        f.write(b"\x00\x01\x02\x03")
    assert main(["models"]) == 0
    out = capsys.readouterr().out
    assert "(damaged:" in out and "does not match its checksum" in out
    assert main(["models", "list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["status"] for r in rows if r["path"].endswith("tiny")] == ["damaged"]


def test_bench_and_translate_name_the_shortlist_and_full_vocabulary_turns_it_off(tiny_bundle, capsys, tmp_path):
    import shutil

    import torch

    from seq2seq_desktop.core.package import load_package, set_shortlist
    from seq2seq_desktop.core.shortlist import Shortlist

    pkg = tmp_path / "listed"
    shutil.copytree(tiny_bundle, pkg)
    p = load_package(pkg)
    one = p.target_tokenizer.encode("1")
    set_shortlist(pkg, Shortlist(torch.tensor(one), torch.full((p.info.model_config.src_vocab_size, 1), -1)))
    (tmp_path / "sents.txt").write_text("1 2 3\n", encoding="utf-8")
    out = tmp_path / "bench.json"
    args = ["bench", "--model", str(pkg), "--file", str(tmp_path / "sents.txt"), "--beams", "2", "--latency-n", "1",
            "--threads", "1", "--out", str(out)]
    assert main(args) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["shortlist"] == {"frequent": 1, "per_source": 1,
                                                                      "uses": ["search", "reverse"]}
    assert main(args + ["--full-vocabulary"]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["shortlist"] is None
    capsys.readouterr()
    assert main(["translate", "--model", str(pkg), "--threads", "1", "--beam", "2", "3 1 4"]) == 0
    narrow = capsys.readouterr().out.strip()
    assert main(["translate", "--model", str(pkg), "--threads", "1", "--beam", "2", "--full-vocabulary", "3 1 4"]) == 0
    assert capsys.readouterr().out.strip() == "4 1 3" and set(narrow.split()) <= {"1"}
