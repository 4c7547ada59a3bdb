"""Preprocessing of the training corpora, on small inline examples (no shared data needed)."""
from seq2seq_desktop.recipes.corpora import (
    SEP,
    Truecaser,
    build_chat_pairs,
    detok_english,
    detok_japanese,
    merge_turns,
    norm_key,
    tokenize_like_spe,
)


def test_detok_english_rejoins_the_corpus_tokenization():
    assert detok_english("i 'm in the club .") == "i'm in the club."
    assert detok_english("he didn 't go , did he ?") == "he didn't go, did he?"
    assert detok_english("it 's ten o'clock !") == "it's ten o'clock!"


def test_tokenize_like_spe_inverts_detok():
    for line in ["i can 't tell who will arrive first .", "it 's my father 's car , isn 't it ?"]:
        assert tokenize_like_spe(detok_english(line)) == line


def test_detok_japanese_keeps_space_between_latin_words():
    assert detok_japanese("私 は テニス 部員 で す 。") == "私はテニス部員です。"
    assert detok_japanese("IBM PC を 買 っ た") == "IBM PCを買った"


def test_norm_key_matches_across_case_space_and_width():
    assert norm_key("I'm here.") == norm_key("i 'm here .") == norm_key("Ｉ'm  ｈｅｒｅ")
    assert norm_key("私は学生です。") == norm_key("私 は 学生 です")


def test_truecaser_learns_names_and_capitalises():
    tc = Truecaser(["Yesterday Tom met Mary in Tokyo.", "We saw Tom there.", "I think the park is nice.",
                    "The park is big."])
    assert tc("tom and i went to tokyo with mary .") == "Tom and I went to Tokyo with Mary ."
    assert tc("i'm in the park.") == "I'm in the park."


def test_chat_pairs_use_context_and_skip_long_turns():
    conv = ["Hi!", "Hello, how are you?", "x" * 500, "Fine.", "Good to hear."]
    pairs = build_chat_pairs([conv], context_turns=2, max_chars=100)
    assert ("Hi!", "Hello, how are you?") in pairs
    assert ("Fine.", "Good to hear.") in pairs  # the over-long turn cut the context window
    assert all("x" * 500 not in a and "x" * 500 not in b for a, b in pairs)
    two = build_chat_pairs([["a b", "c d", "e f"]], context_turns=2)
    assert two[-1] == (f"a b {SEP} c d", "e f")


def test_merge_turns_joins_same_speaker_and_drops_empty():
    turns = [("A", "hi"), ("A", "there"), ("B", "  "), ("B", "yo"), ("A", "ok")]
    assert merge_turns(turns) == [("A", "hi there"), ("B", "yo"), ("A", "ok")]


def test_translation_corpus_holds_out_benchmark_sentences_and_keeps_spe_part(tmp_path):
    from seq2seq_desktop.recipes.corpora import load_translation_corpus

    (tmp_path / "tatoeba-jpn-eng").mkdir()
    (tmp_path / "tatoeba-jpn-eng" / "pairs.tsv").write_text(
        "The cat sleeps.\t猫が寝ている。\nI like tea.\t私はお茶が好きです。\nIt is raining.\t雨が降っている。\n",
        encoding="utf-8")
    spe = tmp_path / "small_parallel_enja"
    spe.mkdir()
    for split, en, ja in (("train", ["i like tea .", "he runs fast .", "the dog barks ."],
                           ["私 は お茶 が 好き です 。", "彼 は 速く 走る 。", "犬 が ほえる 。"]),
                          ("dev", ["she reads books ."], ["彼女 は 本 を 読む 。"]),
                          ("test", ["the cat sleeps ."], ["猫 が 寝 て いる 。"])):
        (spe / f"{split}.en").write_text("\n".join(en) + "\n", encoding="utf-8")
        (spe / f"{split}.ja").write_text("\n".join(ja) + "\n", encoding="utf-8")
    corpus = load_translation_corpus(tmp_path, tatoeba_dev_size=1)
    train_en = [en for en, _ in corpus.train]
    assert "The cat sleeps." not in train_en, "a test sentence found in Tatoeba is held out"
    assert corpus.spe_test == [("the cat sleeps.", "猫が寝ている。")], "benchmark sources stay lowercased"
    assert corpus.spe_train == [("He runs fast.", "彼は速く走る。"), ("The dog barks.", "犬がほえる。")]
    assert corpus.stats["spe_duplicate"] == 1, "'i like tea .' is Tatoeba's pair once rejoined"
    assert set(corpus.spe_train) <= set(corpus.train) and len(corpus.tatoeba_dev) == 1


def test_exchanges_pair_every_prompt_with_every_reply_and_fill_slots():
    from seq2seq_desktop.recipes.corpora import parse_exchanges

    text = ("# a comment\n@pet = dog | cat\n\n> Hi!\n> Hello!\n< Hello there.\n\n"
            "> I have a {pet}.\n< Aww, a {pet}! {Pet}s are lovely.\n")
    assert parse_exchanges(text) == [("Hi!", "Hello there."), ("Hello!", "Hello there."),
                                     ("I have a dog.", "Aww, a dog! Dogs are lovely."),
                                     ("I have a cat.", "Aww, a cat! Cats are lovely.")]


def test_malformed_exchanges_name_the_line():
    import pytest

    from seq2seq_desktop.core.errors import DataError
    from seq2seq_desktop.recipes.corpora import parse_exchanges

    cases = (("> Hi\n< Hello\nstray line\n", ":3:"), ("> Hi\n\n< Hello\n", ":1:"),
             ("> I like {food}.\n< Yum.\n", "not defined"), ("@x = a\n@y = b\n> {x} {y}\n< ok\n", "one slot"))
    for text, where in cases:
        with pytest.raises(DataError, match=where):
            parse_exchanges(text, "persona.txt")


def test_chat_corpora_without_the_train_extra_say_what_to_install(tmp_path, monkeypatch):
    import sys

    import pytest

    from seq2seq_desktop.recipes.corpora import DataError, load_chat_conversations

    # CI and a user's install have ../shared/data but not the 'train' extra (PyYAML, chitchat-dataset)
    monkeypatch.setitem(sys.modules, "yaml", None)
    (tmp_path / "chatterbot-corpus" / "english").mkdir(parents=True)
    with pytest.raises(DataError, match="train' extra"):
        load_chat_conversations(tmp_path, "en")


def test_well_formed_replies_are_written_like_sentences():
    from seq2seq_desktop.recipes.corpora import is_well_formed_reply

    assert is_well_formed_reply("Sure, I can try.")
    assert is_well_formed_reply('"Really?" she asked.')
    assert not is_well_formed_reply("yep")  # one word
    assert not is_well_formed_reply("wow. how long have you been doing it?")  # lowercase start
    assert not is_well_formed_reply("That is a solid dream")  # no closing punctuation
