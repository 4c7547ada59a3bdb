"""core.tokenizer: special ids, normalisation, pieces, vocabulary growth, known words."""
import pytest

from seq2seq_desktop.core.errors import TokenizerError
from seq2seq_desktop.core.protect import PLACEHOLDERS
from seq2seq_desktop.core.tokenizer import EOS_ID, UNK_ID, Tokenizer, extend_vocabulary, normalize, train_sentencepiece

LINES = ["the cat sat on the mat", "the dog sat on the log", "a cat and a dog"] * 30


@pytest.fixture(scope="module")
def spm() -> bytes:
    return train_sentencepiece(LINES, vocab_size=30, character_coverage=1.0)


def test_normalize_nfkc_spaces_and_case():
    assert normalize("  Ｈｅｌｌｏ\u3000 ＷＯＲＬＤ １２  ") == "Hello WORLD 12"
    assert normalize("ABC ｶﾀｶﾅ", lowercase=True) == "abc カタカナ"


def test_encode_decode_round_trip_and_pieces(spm):
    tok = Tokenizer(spm)
    ids = tok.encode("the cat sat")
    assert tok.decode(ids) == "the cat sat"
    assert tok.decode(ids + [EOS_ID]) == "the cat sat"  # special ids are dropped
    assert "</s>" in tok.pieces(ids + [EOS_ID]) and tok.pieces([UNK_ID]) == ["<unk>"]
    assert tok.encode_batch(["the cat", "a dog"]) == [tok.encode("the cat"), tok.encode("a dog")]
    assert Tokenizer(spm, lowercase=True).encode("THE CAT") == tok.encode("the cat")


def test_bad_model_bytes_are_a_tokenizer_error(tmp_path):
    with pytest.raises(TokenizerError):
        Tokenizer(b"not a model")
    with pytest.raises(TokenizerError, match="cannot read"):
        Tokenizer.from_file(tmp_path / "missing.model")


def test_extend_vocabulary_appends_placeholder_pieces(spm):
    tok = Tokenizer(spm)
    grown_bytes = extend_vocabulary(spm, PLACEHOLDERS)
    grown = Tokenizer(grown_bytes)
    assert grown.vocab_size == tok.vocab_size + len(PLACEHOLDERS)
    assert [grown.piece_id(p) for p in PLACEHOLDERS] == list(range(tok.vocab_size, grown.vocab_size))
    assert not tok.has_pieces(PLACEHOLDERS) and grown.has_pieces(PLACEHOLDERS)
    # existing ids unchanged; a placeholder is always one whole piece, even glued to a word
    assert grown.encode("the cat sat") == tok.encode("the cat sat")
    assert grown.piece_id(PLACEHOLDERS[0]) in grown.encode(f"the{PLACEHOLDERS[0]}cat")
    assert extend_vocabulary(grown_bytes, PLACEHOLDERS) == grown_bytes  # already there: unchanged


def test_known_words():
    tok = Tokenizer(train_sentencepiece(LINES, vocab_size=14, model_type="word", character_coverage=1.0))
    assert tok.is_known_word("the") and tok.is_known_word("cat")
    assert not tok.is_known_word("zebra")  # <unk>: not a word the model knows
    sub = Tokenizer(train_sentencepiece(LINES, vocab_size=21, character_coverage=1.0))
    assert not sub.is_known_word("the")  # spelled out from several pieces
