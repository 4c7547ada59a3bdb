"""training.placeholders: pairs that teach a translator to carry placeholders, and vocabulary growth."""
import torch

from seq2seq_desktop.core.config import ModelConfig
from seq2seq_desktop.core.model import build_model
from seq2seq_desktop.core.protect import PLACEHOLDERS, placeholder
from seq2seq_desktop.training.placeholders import augment_pairs, grow_vocabulary, placeholder_pair

N0, N1, T0, T1, S0 = placeholder("N", 0), placeholder("N", 1), placeholder("T", 0), placeholder("T", 1), placeholder("S", 0)


def test_shared_spans_become_the_same_placeholder_in_source_order():
    assert placeholder_pair("The tickets cost 3,200 yen each.", "チケットは1枚3,200円です。", "en", "ja") == \
        (f"The tickets cost {N0} yen each.", f"チケットは1枚{N0}円です。", 1)
    assert placeholder_pair("犬を2匹と猫を3匹飼っています。", "I have 2 dogs and 3 cats.", "ja", "en") == \
        (f"犬を{N0}匹と猫を{N1}匹飼っています。", f"I have {N0} dogs and {N1} cats.", 2)
    assert placeholder_pair("I love AI.", "私はAIが好きです。", "en", "ja") == (f"I love {T0}.", f"私は{T0}が好きです。", 1)


def test_a_span_on_one_side_only_stays_text():
    assert placeholder_pair("It is 10 o'clock.", "10時です。", "en", "ja")[2] == 0  # a number is not a time
    assert placeholder_pair("I paid 500 yen.", "五百円払った。", "en", "ja") == ("I paid 500 yen.", "五百円払った。", 0)


def test_synthetic_numbers_names_and_symbols():
    pairs = [("I have three cats.", "猫を三匹飼っている。"),
             ("Tom met Mary in Boston.", "トムはボストンでメアリーに会った。"),
             ("One of them is mine.", "そのうちの一つは私のだ。"), ("She has two children.", "彼女には子供が二人いる。")]
    out, stats = augment_pairs(pairs, "en", "ja", name_rate=1.0, symbol_rate=0.0, shift_rate=0.0)
    assert out[0] == (f"I have {N0} cats.", f"猫を{N0}匹飼っている。")
    assert out[1] == (f"{T0} met {T1} in {placeholder('T', 2)}.", f"{T0}は{placeholder('T', 2)}で{T1}に会った。")
    assert out[2] == pairs[2]  # "one of" is not a count
    assert out[3] == (f"She has {N0} children.", f"彼女には子供が{N0}人いる。")
    assert stats["number_swaps"] == 2 and stats["name_swaps"] == 1
    # Japanese-source order numbers the placeholders by the Japanese side
    out, _ = augment_pairs([("トムはボストンでメアリーに会った。", "Tom met Mary in Boston.")], "ja", "en",
                           name_rate=1.0, symbol_rate=0.0, shift_rate=0.0)
    assert out[0] == (f"{T0}は{T1}で{placeholder('T', 2)}に会った。", f"{T0} met {placeholder('T', 2)} in {T1}.")
    out, stats = augment_pairs([("I am happy.", "嬉しい。")] * 50, "en", "ja", name_rate=0.0, symbol_rate=1.0)
    assert stats["symbols"] == 50 and all(S0 in s or any(ch in PLACEHOLDERS for ch in s) for s, _ in out)


def test_shifted_slots_keep_the_mapping():
    out, stats = augment_pairs([("Tom met Mary.", "トムはメアリーに会った。")] * 40, "en", "ja",
                               name_rate=1.0, symbol_rate=0.0, shift_rate=1.0, seed=3)
    assert stats["shifted"] == 40
    for src, tgt in out:
        used = [ch for ch in src if ch in PLACEHOLDERS]
        assert len(used) == 2 and used[0] < used[1]  # source order kept
        assert tgt.index(used[0]) < tgt.index(used[1])  # トム before メアリー
    assert len({src for src, _ in out}) > 1  # not always T0, T1


def test_grow_vocabulary_keeps_every_learned_weight():
    torch.manual_seed(0)
    model = build_model(ModelConfig(src_vocab_size=20, tgt_vocab_size=24, emb_dim=8, enc_hidden=8, dec_hidden=16))
    grown = grow_vocabulary(model, 20 + 18, 24 + 18)
    old, new = model.state_dict(), grown.state_dict()
    for name, value in old.items():
        assert torch.equal(new[name][: value.shape[0]], value), name
    assert new["src_embed.weight"].shape == (38, 8) and new["out_bias"].shape == (42,)
    assert float(new["out_bias"][24:].std()) == 0.0  # one median bias: no placeholder favoured
    rows = new["tgt_embed.weight"][24:]
    assert torch.all(rows.std(0) > 0)  # distinct rows
    assert grown.cfg.src_vocab_size == 38 and grown.cfg.tgt_vocab_size == 42
