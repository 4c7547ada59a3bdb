"""Back-translation: which chit-chat sentences are used, and the cached synthetic pairs."""
import pytest

from seq2seq_desktop.core.engine import Engine
from seq2seq_desktop.recipes import back_translation as bt
from seq2seq_desktop.recipes.corpora import norm_key

TURNS = [
    "Hey good morning!",                      # kept
    "I'm going to Kyoto next week.",          # kept
    "yep",                                    # one word, lowercase
    "lol that is so true",                    # no capital, no sentence end
    "Hahaha Nice. Yeah I would win a lot.",   # two sentences run together
    "Check https://example.com now!",         # a URL
    "Hey good morning!",                      # a duplicate
    "What time is it?",                       # an evaluation sentence (held out)
    "This one has far too many words to be a single short sentence for the model here.",
]


@pytest.fixture
def chitchat(monkeypatch):
    monkeypatch.setattr(bt, "load_chat_conversations", lambda data_dir, lang: {"chitchat": [TURNS], "chatterbot": []})


def test_only_plain_single_sentences_not_held_out_are_used(chitchat):
    got = bt.monolingual_english(10, {norm_key("What time is it?")})
    assert sorted(got) == ["Hey good morning!", "I'm going to Kyoto next week."]
    assert len(bt.monolingual_english(1, set())) == 1


def test_pairs_are_translated_once_and_then_read_from_the_cache(chitchat, tiny_bundle, tmp_path, monkeypatch):
    monkeypatch.setattr(bt, "monolingual_english", lambda count, held, data_dir=None: ["1 2 3", "4 5"][:count])
    pairs = bt.back_translated_pairs(2, tiny_bundle, tmp_path, set())
    assert pairs == [("3 2 1", "1 2 3"), ("5 4", "4 5")]  # (synthetic source, real English)
    cached = list((tmp_path / "back-translation").glob("*.tsv"))
    assert len(cached) == 1 and cached[0].read_text(encoding="utf-8").count("\n") == 2

    def no_model(*a, **k):
        raise AssertionError("the cache should have been used")

    monkeypatch.setattr(Engine, "load", no_model)
    assert bt.back_translated_pairs(2, tiny_bundle, tmp_path, set()) == pairs


def test_back_translation_is_for_translation_into_english(tmp_path):
    import json
    from pathlib import Path

    from seq2seq_desktop.core.errors import ConfigError
    from seq2seq_desktop.recipes.pipeline import load_run_config

    configs = Path(__file__).resolve().parents[2] / "configs"
    for name, ok in (("ja-en", True), ("en-ja", False)):
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps({**json.loads((configs / f"{name}.json").read_text(encoding="utf-8")),
                                    "back_translation": 10}), encoding="utf-8")
        if ok:
            assert load_run_config(path).back_translation == 10
        else:
            with pytest.raises(ConfigError, match="back_translation is for translation into English"):
                load_run_config(path)
