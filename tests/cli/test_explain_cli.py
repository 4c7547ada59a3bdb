"""``seq2seq explain`` in-process on the tiny reverse-digits package: JSON, plain text, --force, errors."""
import io
import json

import pytest

from seq2seq_desktop.cli import main
from seq2seq_desktop.cli.explain import format_trace


def _explain(tiny_bundle, *argv):
    return main(["explain", "--model", str(tiny_bundle), "--threads", "1", *argv])


def test_json_has_every_step_with_descending_candidates(tiny_bundle, capsys):
    assert _explain(tiny_bundle, "1 2 3", "--beam", "3", "--top", "4", "--json") == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1  # one JSON object, one line
    data = json.loads(out)
    assert data["model"] == "tiny-reverse" and data["mode"] == "beam" and data["beam"] == 3
    assert data["source_tokens"] == ["1", "2", "3", "</s>"]
    assert data["finished"][0]["text"] == "3 2 1" and data["finished"][0]["pieces"] == ["3", "2", "1", "</s>"]
    steps = data["steps"]
    assert [s["step"] for s in steps] == list(range(len(steps))) and len(steps) >= 4
    for s in steps:
        assert s["hypotheses"] and s["extensions"]
        for h in s["hypotheses"]:
            probs = [c["prob"] for c in h["candidates"]]
            assert 1 <= len(probs) <= 4 and probs == sorted(probs, reverse=True)
            assert len(h["attention"]) == 4
        kept = [e for e in s["extensions"] if e["status"] == "kept"]
        assert sorted(e["beam"] for e in kept) == list(range(len(kept)))
    assert steps[0]["hypotheses"][0]["candidates"][0]["piece"] == "3"


def test_plain_text_trace(tiny_bundle, capsys):
    assert _explain(tiny_bundle, "1 2 3", "--beam", "2", "--top", "3") == 0
    captured = capsys.readouterr()
    out = captured.out
    assert captured.err == ""
    assert out.startswith("tiny-reverse: beam search, width 2, alpha 0.8; top 3 next tokens per hypothesis\n")
    assert "source tokens: 1 2 3 </s>" in out
    blocks = out.split("\n\n")
    assert [b.splitlines()[0] for b in blocks[1:-1]] == [f"step {i}" for i in range(len(blocks) - 2)]
    first = blocks[1].splitlines()
    assert first[1].startswith("  hyp 0  score 0.000  <s>")
    assert first[2].startswith("    next: 3 ")  # the likeliest first token of the reversal
    assert first[3].startswith("    attention: 1 ")
    assert any(line.split()[0] == "kept" and line.rstrip().endswith("-> hyp 0 next") for line in first)
    last_kept = [line for line in blocks[-2].splitlines() if line.split()[0] == "kept"]
    assert last_kept and all(line.endswith("-> dropped: the search had finished") for line in last_kept)
    final = blocks[-1].splitlines()
    assert final[0] == f"finished ({len(final) - 1}), ranked by score / length^0.8 (length counts </s>):"
    assert final[1].endswith("  3 2 1") and final[1].lstrip().startswith("1. norm")


def test_sampling_prints_its_seed_and_the_cut(tiny_bundle, capsys):
    assert _explain(tiny_bundle, "4 5 6", "--sample", "--top-k", "2", "--temperature", "1.5", "--top", "3") == 0
    out = capsys.readouterr().out
    seed = int(out.splitlines()[0].rsplit("seed ", 1)[1].split(";")[0])
    assert "(the cut leaves 2 tokens to draw from)" in out and "T=1.5" in out
    assert _explain(tiny_bundle, "4 5 6", "--sample", "--top-k", "2", "--temperature", "1.5", "--top", "3",
                    "--seed", str(seed)) == 0
    assert capsys.readouterr().out == out  # the printed seed replays the run


def test_force_begins_the_output_with_the_text(tiny_bundle, capsys):
    assert _explain(tiny_bundle, "1 2 3", "--beam", "1", "--force", "9 8", "--json") == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data["prefix"]) == 2
    assert [s["forced"] for s in data["steps"][:3]] == [True, True, False]
    assert data["finished"][0]["pieces"][:2] == ["9", "8"]
    assert _explain(tiny_bundle, "1 2 3", "--beam", "3", "--force", "9 8") == 0
    out = capsys.readouterr().out
    assert "forced prefix: 9 8 (2 tokens)" in out and "step 0  (forced)" in out and "step 2  (forced)" not in out


def test_a_forced_prefix_past_the_length_limit_is_cut_and_said(tiny_bundle, capsys):
    assert _explain(tiny_bundle, "1", "--beam", "2", "--force", " ".join("9" * 14)) == 0
    captured = capsys.readouterr()
    # one source token allows ceil(2.0 * 1) + 10 = 12 output tokens
    assert captured.err == "seq2seq: warning: the output length limit stopped the forced prefix after 12 of 14 tokens\n"
    blocks = captured.out.split("\n\n")
    assert blocks[-2].splitlines()[0] == "step 11  (forced)"
    assert blocks[-2].splitlines()[-2].endswith("-> stopped at the length limit")
    assert blocks[-1].splitlines()[1].endswith("(stopped at the length limit)")


def test_stdin_and_several_sentences(tiny_bundle, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("1 2 3\n4 5 6\n"))
    assert _explain(tiny_bundle, "-", "--beam", "2", "--json") == 0
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    assert data["source"] == "1 2 3" and data["other_sentences"] == 1
    err = captured.err.splitlines()
    assert len(err) == 1 and "1 more sentence" in err[0] and "'1 2 3'" in err[0]


@pytest.mark.parametrize("argv, message", [
    (["   "], "no input"),
    (["1 2", "--force", " "], "--force"),
    (["1 2", "--temperature", "0.5"], "--temperature only apply with --sample"),
    (["1 2", "--top", "0"], "--top"),
    (["1 2", "--sample", "--top-p", "0"], "top_p"),
    (["1 " * 20_001], "limit"),
])
def test_bad_input_is_one_error_line(tiny_bundle, capsys, argv, message):
    assert _explain(tiny_bundle, *argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    err = captured.err.splitlines()
    assert len(err) == 1 and err[0].startswith("seq2seq: error: ") and message in err[0]


def test_empty_stdin_and_unknown_model(tiny_bundle, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("\n"))
    assert _explain(tiny_bundle, "-") == 2
    assert "no input" in capsys.readouterr().err
    assert main(["explain", "--model", "/no/such/model", "1 2"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and "error" in err[0]
    assert main(["explain", "1 2", "--beam", "3", "--sample"]) == 2  # beam search or sampling, not both
    assert "not allowed with" in capsys.readouterr().err


def test_nothing_to_translate_is_said_not_decoded(tiny_placeholder_bundle, capsys):
    assert main(["explain", "--model", str(tiny_placeholder_bundle), "--threads", "1", "😀"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1] == "nothing to translate: the text is shown as typed, never decoded"
    assert not any(line.startswith("step ") for line in lines)


def test_format_trace_marks_the_word_boundary_piece():
    from seq2seq_desktop.core.config import DecodeConfig
    from seq2seq_desktop.core.explain import ExplainTrace

    trace = ExplainTrace(source="x", source_tokens=["\u2581", "x", "</s>"], mode="greedy",
                         cfg=DecodeConfig(beam_width=1), top=3)
    assert format_trace(trace)[2] == "source tokens: \u2423 x </s>"


def test_help_does_not_import_torch_and_repeats_the_explorer_limits():
    import subprocess
    import sys

    code = ("import sys; from seq2seq_desktop.cli import build_parser; build_parser(); "
            "print('torch' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout == "False\n"
    from seq2seq_desktop.cli import explain as cli_explain
    from seq2seq_desktop.core import explain as core_explain

    assert (cli_explain.DEFAULT_TOP, cli_explain.MAX_TOP) == (core_explain.DEFAULT_TOP, core_explain.MAX_TOP)
