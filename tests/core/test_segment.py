"""Sentence splitting and rejoining keep the input's line layout."""
import pytest

from seq2seq_desktop.core.segment import join_text, sentence_joiner, split_text


def test_empty_input():
    sp = split_text("")
    assert sp.sentences == [] and sp.layout == []
    assert join_text(sp, [], "en") == ""


def test_english_sentences_and_lines():
    sp = split_text("Hello there. How are you?\n\nI am Mr. Smith! Pi is 3.14 ok")
    assert sp.sentences == ["Hello there.", "How are you?", "I am Mr. Smith!", "Pi is 3.14 ok"]
    assert sp.layout == [[0, 1], [], [2, 3]]
    assert join_text(sp, [s.upper() for s in sp.sentences], "en") == \
        "HELLO THERE. HOW ARE YOU?\n\nI AM MR. SMITH! PI IS 3.14 OK"


def test_japanese_sentences_join_without_spaces():
    sp = split_text("今日は晴れ。明日は「雨」です！本当？\nはい")
    assert sp.sentences == ["今日は晴れ。", "明日は「雨」です！", "本当？", "はい"]
    assert sp.layout == [[0, 1, 2], [3]]
    assert join_text(sp, ["a", "b", "c", "d"], "ja") == "abc\nd"
    assert join_text(sp, ["a", "b", "c", "d"], "en") == "a b c\nd"


def test_newlines_and_blank_lines_survive():
    for text in ["a\n", "\n", "\n\nx\n\n", "  \n x", "a\r\nb\rc"]:
        sp = split_text(text)
        rejoined = join_text(sp, sp.sentences, "en")
        assert rejoined.count("\n") == text.replace("\r\n", "\n").replace("\r", "\n").count("\n")
        assert [line.strip() for line in rejoined.split("\n")] == \
            [line.strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]


def test_quotes_stay_with_their_sentence():
    assert split_text('He said "Stop." Then he left.').sentences == ['He said "Stop."', "Then he left."]


def test_long_sentences_are_cut_at_soft_breaks():
    sp = split_text("word, " * 100, max_chars=50)
    assert all(len(s) <= 50 for s in sp.sentences) and len(sp.layout) == 1
    assert " ".join(sp.sentences).split() == ("word, " * 100).split()
    assert all(len(s) <= 10 for s in split_text("x" * 35, max_chars=10).sentences)


def test_join_needs_one_output_per_sentence():
    with pytest.raises(ValueError):
        join_text(split_text("One. Two."), ["x"], "en")


def test_sentence_joiner():
    assert sentence_joiner("ja") == "" and sentence_joiner("en") == " " and sentence_joiner("zh-Hans") == ""


def test_sentences_that_do_not_fit_are_cut_at_soft_breaks_near_the_middle():
    def fits(s):
        return len(s.split()) <= 4

    sp = split_text("one two three, four five six seven eight", fits=fits)
    assert sp.sentences == ["one two three,", "four five six", "seven eight"]  # the comma first
    assert sp.layout == [[0, 1, 2]]
    # no safe place to cut: kept whole
    assert split_text("一二三四五六七八九十", fits=lambda s: len(s) <= 4).sentences == ["一二三四五六七八九十"]
    assert split_text("short one.", fits=fits).sentences == ["short one."]
