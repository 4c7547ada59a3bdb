"""Building a shortlist from pairs: candidates ranked by co-occurrence, frequent pieces apart."""
import numpy as np
import pytest

from seq2seq_desktop.core.tokenizer import EOS_ID, Tokenizer, train_sentencepiece
from seq2seq_desktop.recipes.shortlist import build_shortlist, cooccurrence_counts


def test_cooccurrence_counts_each_piece_once_per_sentence():
    c_src, c_tgt, c_pair = cooccurrence_counts([[4, 4, 5], [5]], [[6, 7, 7], [7]], 8, 8)
    assert c_src[4] == 1 and c_src[5] == 2
    assert c_tgt[7] == 2 and c_tgt[6] == 1
    assert c_pair[4, 7] == 1 and c_pair[5, 7] == 2 and c_pair[5, 6] == 1 and c_pair.sum() == 5


@pytest.fixture(scope="module")
def toks():
    words = "red blue green cat dog the aka ao midori neko inu"
    tok = Tokenizer(train_sentencepiece([words] * 20, vocab_size=17, model_type="word", character_coverage=1.0))
    return tok


def test_candidates_follow_their_source_word_and_skip_the_frequent_ones(toks):
    # "the" is in every source; "aka" follows "red", "ao" follows "blue"; "neko" is in every target
    pairs = ([("the red cat", "aka neko")] * 5 + [("the blue cat", "ao neko")] * 5
             + [("the green dog", "midori inu neko")] * 2 + [("the red dog", "aka inu neko")])
    sl = build_shortlist(pairs, toks, toks, frequent=1, per_source=2, min_count=2)
    piece = {p.lstrip("\u2581"): i for i, p in enumerate(toks.pieces(range(toks.vocab_size)))}
    assert sl.frequent.tolist() == [piece["neko"]]
    red, blue, green = (sl.candidates[piece[w]].tolist() for w in ("red", "blue", "green"))
    assert red[0] == piece["aka"] and piece["neko"] not in red
    assert blue[0] == piece["ao"] and -1 not in blue[:1]
    assert set(green) == {piece["midori"], piece["inu"]}  # both seen twice with it, p = 1
    # "dog" met "inu" three times and "aka" once (under min_count): no "aka" for it
    dog = sl.candidates[piece["dog"]].tolist()
    assert dog[0] == piece["inu"] and piece["aka"] not in dog
    ids = sl.ids_for([toks.encode("the red cat")]).tolist()
    assert EOS_ID in ids and piece["aka"] in ids and piece["midori"] not in ids
    assert np.all(np.diff(ids) > 0)
