"""core.pairs: formats, BOM, line ends, header detection, problems with line numbers, limits."""
import codecs
import json

import pytest

from seq2seq_desktop.core.errors import DataError
from seq2seq_desktop.training.pairs import (
    MAX_SIDE_CHARS,
    Pair,
    check_pairs,
    detect_format,
    parse_pairs_file,
    parse_pairs_text,
)


def write(tmp_path, name, data: bytes):
    p = tmp_path / name
    p.write_bytes(data)
    return p


def test_tsv_with_bom_crlf_and_header(tmp_path):
    data = "\ufeffEnglish\tJapanese\r\nHello\tこんにちは\r\nThank you\tありがとう\r\n".encode()
    parsed = parse_pairs_file(write(tmp_path, "p.tsv", data))
    assert parsed.format == "tsv"
    assert parsed.had_bom
    assert parsed.header == ("English", "Japanese")
    assert parsed.languages == ("en", "ja")
    assert parsed.pairs == [Pair("Hello", "こんにちは", 2), Pair("Thank you", "ありがとう", 3)]
    assert parsed.problems == []


def test_tsv_without_header_keeps_first_row_and_old_mac_line_ends(tmp_path):
    parsed = parse_pairs_file(write(tmp_path, "p.txt", b"a b\tc d\rx\ty\r"))
    assert parsed.header is None
    assert parsed.as_tuples() == [("a b", "c d"), ("x", "y")]


def test_csv_quoting_multiline_and_header(tmp_path):
    data = 'source,target\n"Hello, world","こんにちは、世界"\n"say ""hi""",挨拶\n"two\nlines",二行\n'.encode()
    parsed = parse_pairs_file(write(tmp_path, "p.csv", data))
    assert parsed.format == "csv"
    assert parsed.header == ("source", "target")
    assert parsed.languages is None
    assert parsed.as_tuples() == [("Hello, world", "こんにちは、世界"), ('say "hi"', "挨拶"), ("two lines", "二行")]
    assert [p.line for p in parsed.pairs] == [2, 3, 4]


def test_jsonl_keys_arrays_and_bad_lines(tmp_path):
    lines = [json.dumps({"en": "cat", "ja": "猫"}, ensure_ascii=False), '["dog", "犬"]', "{not json",
             json.dumps({"en": "bird", "ja": 3}), "", json.dumps({"en": "fish", "ja": "魚"}, ensure_ascii=False)]
    parsed = parse_pairs_file(write(tmp_path, "p.jsonl", "\n".join(lines).encode()))
    assert parsed.format == "jsonl"
    assert parsed.languages == ("en", "ja")
    assert parsed.as_tuples() == [("cat", "猫"), ("dog", "犬"), ("fish", "魚")]
    assert [(p.line, p.reason) for p in parsed.problems] == [(3, "malformed"), (4, "malformed")]
    assert "line 3: not valid JSON" in str(parsed.problems[0])


def test_source_target_keys_win_over_other_keys():
    parsed = parse_pairs_text('{"id": 1, "source": "a", "target": "b"}\n')
    assert parsed.as_tuples() == [("a", "b")]


def test_problems_have_line_numbers_and_reasons(tmp_path):
    long = "x" * (MAX_SIDE_CHARS + 1)
    data = b"\n".join([
        b"ok\tfine",            # 1
        b"only one column",     # 2
        b"a\tb\tc",             # 3
        b"\tempty source",      # 4
        f"{long}\tlong".encode(),       # 5
        b"bad \xff\xfe bytes\tx",       # 6
        b"ok\tfine",            # 7 duplicate of 1
        b"ctrl\x07char\ty",     # 8
        b"",                            # 9 blank: ignored
        b"trailing\ttabs\t\t",  # 10 spreadsheet export: fine
    ])
    parsed = parse_pairs_file(write(tmp_path, "p.tsv", data))
    assert [(p.line, p.reason) for p in parsed.problems] == [
        (2, "one_column"), (3, "columns"), (4, "empty_side"), (5, "too_long"), (6, "undecodable"),
        (7, "duplicate"), (8, "undecodable")]
    assert parsed.as_tuples() == [("ok", "fine"), ("trailing", "tabs")]
    msgs = {p.line: str(p) for p in parsed.problems}
    assert msgs[4] == "line 4: empty source"
    assert msgs[7] == "line 7: duplicate of line 1"
    assert "limit is 300" in msgs[5]
    assert parsed.problems[1].source == "a" and parsed.problems[1].target == "b c"  # offered for fixing
    assert parsed.lines == 10
    assert parsed.summary().startswith("2 pairs; 7 problems (")


def test_check_pairs_revalidates_edited_rows():
    pairs, problems = check_pairs([(1, "a  b", "c"), (2, "a b", "c"), (3, "d", " "), (4, "e", "f")], max_chars=5)
    assert [p.source for p in pairs] == ["a b", "e"]
    assert [(p.line, p.reason) for p in problems] == [(2, "duplicate"), (3, "empty_side")]
    _, problems = check_pairs([(1, "abcdef", "x")], max_chars=5)
    assert problems[0].reason == "too_long"


def test_binary_files_are_refused(tmp_path):
    with pytest.raises(DataError, match="not a text file"):
        parse_pairs_file(write(tmp_path, "model.tsv", b"PK\x03\x04\x00\x00binary"))
    with pytest.raises(DataError, match="UTF-16 without a byte-order mark; re-save it as UTF-8"):
        parse_pairs_file(write(tmp_path, "u16.tsv", "a\tb\nc\td\n".encode("utf-16-le")))


JA_PAIRS = [("English", "Japanese"), ("Hello", "こんにちは"), ("Thank you very much", "どうもありがとうございます"),
            ("I like sushi", "寿司が好きです"), ("Tokyo Station", "東京駅"), ("half-width", "ｶﾀｶﾅ")]


@pytest.mark.parametrize("codec, expected, label", [
    ("utf-8", "utf-8", "UTF-8"),
    ("utf-8-sig", "utf-8-sig", "UTF-8 with BOM"),
    ("utf-16", "utf-16", "UTF-16"),            # BOM, platform byte order
    ("utf-16-be-bom", "utf-16", "UTF-16"),
    ("cp932", "cp932", "Shift-JIS (CP932)"),
    ("shift_jis", "cp932", "Shift-JIS (CP932)"),
    ("euc_jp", "euc_jp", "EUC-JP"),
])
def test_japanese_encodings_are_detected_and_named(tmp_path, codec, expected, label):
    text = "\r\n".join(f"{a}\t{b}" for a, b in JA_PAIRS) + "\r\n"
    data = codecs.BOM_UTF16_BE + text.encode("utf-16-be") if codec == "utf-16-be-bom" else text.encode(codec)
    parsed = parse_pairs_file(write(tmp_path, "p.tsv", data))
    assert parsed.encoding == expected and parsed.encoding_label == label
    assert parsed.languages == ("en", "ja")
    assert parsed.as_tuples() == JA_PAIRS[1:] and parsed.problems == []
    assert [p.line for p in parsed.pairs] == [2, 3, 4, 5, 6]
    if expected in ("utf-8", "utf-8-sig"):
        assert "read as" not in parsed.summary()
    else:
        assert parsed.summary() == f"5 pairs; read as {label}"


def test_a_mostly_utf8_file_keeps_its_bad_lines_as_problems(tmp_path):
    lines = [f"{a}\t{b}".encode() for a, b in JA_PAIRS[1:]] + ["壊れた\tbroken".encode("cp932")]
    parsed = parse_pairs_file(write(tmp_path, "p.tsv", b"\n".join(lines)))
    assert parsed.encoding == "utf-8" and len(parsed.pairs) == 5
    assert [(p.line, p.reason) for p in parsed.problems] == [(6, "undecodable")]
    assert "re-save the file as UTF-8" in str(parsed.problems[0])


def test_undecodable_files_say_resave_as_utf8(tmp_path):
    data = "café\tcoffee\nnaïve\tnaive\nfiancé\tfiance\n".encode("latin-1")
    with pytest.raises(DataError, match="p.tsv is not UTF-8, UTF-16, Shift-JIS or EUC-JP text; re-save it as UTF-8"):
        parse_pairs_file(write(tmp_path, "p.tsv", data))
    with pytest.raises(DataError, match="re-save it as UTF-8"):
        parse_pairs_file(write(tmp_path, "bad16.tsv", codecs.BOM_UTF16_LE + b"a\x00\x00\xd8"))


def test_huge_file_is_refused_without_reading_it(tmp_path, monkeypatch):
    big = tmp_path / "big.tsv"
    with open(big, "wb") as f:
        f.truncate(50 * 1024 * 1024)  # sparse: 50 MB on paper

    def no_read(*_a, **_k):
        raise AssertionError("file was opened")

    monkeypatch.setattr("builtins.open", no_read)
    with pytest.raises(DataError, match="at most 16.0 MB"):
        parse_pairs_file(big)


def test_size_limit_is_configurable_and_applies_to_paste(tmp_path):
    p = write(tmp_path, "p.tsv", b"a\tb\n" * 100)
    with pytest.raises(DataError):
        parse_pairs_file(p, max_bytes=100)
    with pytest.raises(DataError, match="pasted text"):
        parse_pairs_text("a\tb\n" * 100, max_bytes=100)


def test_pasted_text_format_detection():
    assert detect_format('{"a": 1}') == "jsonl"
    assert detect_format("a\tb") == "tsv"
    assert detect_format("a,b") == "csv"
    parsed = parse_pairs_text("\ufeffsrc\ttgt\nfoo\tbar\n")
    assert parsed.had_bom and parsed.header == ("src", "tgt") and parsed.as_tuples() == [("foo", "bar")]
    assert parse_pairs_text("").pairs == []


def test_explicit_format_overrides_extension(tmp_path):
    parsed = parse_pairs_file(write(tmp_path, "p.txt", b"a,b\nc,d\n"), fmt="csv")
    assert parsed.as_tuples() == [("a", "b"), ("c", "d")]


def test_pretty_printed_json_document_gets_a_clear_message(tmp_path):
    doc = '[\n  {"source": "a",\n   "target": "b"}\n]\n'
    with pytest.raises(DataError, match="not JSON Lines"):
        parse_pairs_file(write(tmp_path, "p.json", doc.encode()))
