"""Each bundled package loads and answers everyday input in the right script (skips if not shipped)."""
import re

import pytest

from seq2seq_desktop.core.config import DecodeConfig
from seq2seq_desktop.paths import bundled_models_dir

KANA_KANJI = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
LATIN = re.compile(r"[A-Za-z]")
CASES = {
    "en-ja": ["Good morning.", "I like green tea.", "Where is the station?"],
    "ja-en": ["おはようございます。", "私は緑茶が好きです。", "一番近い駅はどこですか。"],
    "chat-en": ["Hello!", "How are you?"],
    "chat-en-reverse": ["Nice to meet you too!", "I'm fine, thanks."],  # guesses the turn before
    "chat-ja": ["こんにちは！", "お名前は？"],
    "chat-ja-reverse": ["はじめまして、よろしくお願いします。", "元気です、ありがとう。"],  # guesses the turn before
    "en-ja-no-attention": ["Good morning.", "I like green tea."],
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_bundled_model_answers_in_the_right_script(name):
    from seq2seq_desktop.core.engine import Engine

    path = bundled_models_dir() / name
    if not path.is_dir():
        pytest.skip(f"{name} is not bundled in this checkout")
    engine = Engine.load(path, device="cpu", num_threads=1)
    outputs = engine.translate_sentences(CASES[name], DecodeConfig(beam_width=3))
    script = KANA_KANJI if engine.info.target_lang == "ja" else LATIN
    for src, out in zip(CASES[name], outputs):
        assert out.text.strip(), f"{name}: empty output for {src!r}"
        assert script.search(out.text), f"{name}: {src!r} -> {out.text!r} is not in the target script"
        if engine.info.target_lang == "en":
            assert not KANA_KANJI.search(out.text)
