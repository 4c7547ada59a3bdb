"""Back-translation for JA->EN: English sentences from the chit-chat corpus, paired with Japanese
written by the bundled EN->JA model, as extra training pairs (Sennrich et al. 2016, "Improving
Neural Machine Translation Models with Monolingual Data").

The English side is real text, so the JA->EN model learns to write more kinds of English from
synthetic, imperfect Japanese.  Only chit-chat turns written like a sentence are used (a capital
first letter, one sentence end, at its end, 3 to 15 words), none equal to an evaluation sentence.  The
pairs are derived from corpus text, so they are written to the run's work folder and never to the
project; they are cached there by count and by the EN->JA package's weights.
"""
from __future__ import annotations

import logging
import random
import re
from pathlib import Path

from ..core.errors import DataError
from ..core.manifest import sha256_file
from .corpora import is_well_formed_reply, load_chat_conversations, norm_key

__all__ = ["monolingual_english", "back_translated_pairs"]

logger = logging.getLogger(__name__)

#: one plain sentence: Latin letters, digits and light punctuation, its only sentence end at the end
#: (chit-chat turns often run several messages together without stops: "Hahaha Nice Yeah I ...")
_PLAIN = re.compile(r"^[A-Za-z][A-Za-z0-9 ,'\-]*[.!?]+$")


def monolingual_english(count: int, held_out: set[str], data_dir=None, seed: int = 1) -> list[str]:
    """Up to ``count`` distinct English chit-chat sentences (``norm_key`` not in ``held_out``),
    in a fixed random order."""
    convs = load_chat_conversations(data_dir, "en").get("chitchat", [])
    seen, out = set(held_out), []
    for conv in convs:
        for turn in conv:
            text = " ".join(str(turn).split())
            words = len(text.split())
            if not (3 <= words <= 15) or not _PLAIN.match(text) or not is_well_formed_reply(text):
                continue
            key = norm_key(text)
            if key in seen:
                continue
            seen.add(key)
            out.append(text)
    random.Random(seed).shuffle(out)
    return out[:count]


def back_translated_pairs(count: int, english_to_japanese: Path, work: Path, held_out: set[str],
                          data_dir=None) -> list[tuple[str, str]]:
    """``count`` (Japanese, English) pairs: chit-chat English and its translation by the package at
    ``english_to_japanese`` with the app's default search (beam 5 with the reverse check when the
    opposite direction is installed).  Cached in ``work`` as TSV."""
    from ..core.config import REVERSE_WEIGHT, DecodeConfig
    from ..core.engine import Engine

    tag = sha256_file(Path(english_to_japanese) / "model.safetensors")[:12]
    cache = Path(work) / "back-translation" / f"chitchat-{count}-{tag}.tsv"
    if cache.is_file():
        pairs = [tuple(line.split("\t")) for line in cache.read_text(encoding="utf-8").splitlines() if "\t" in line]
        logger.info("back-translation: %d pairs from %s", len(pairs), cache)
        return pairs
    english = monolingual_english(count, held_out, data_dir)
    if not english:
        raise DataError("no English chit-chat sentences for back-translation: install the 'train' extra")
    import torch

    # the training run's thread count stays as it was (Engine.load would leave a core free)
    engine = Engine.load(english_to_japanese, device="cpu", num_threads=torch.get_num_threads())
    cfg = DecodeConfig(beam_width=5, reverse_weight=REVERSE_WEIGHT if engine.attach_reverse() else 0.0)
    logger.info("back-translation: translating %d English sentences with %s", len(english), english_to_japanese)
    japanese = [t.text for t in engine.translate_sentences(english, cfg)]
    pairs = [(ja, en) for ja, en in zip(japanese, english) if ja.strip() and "\t" not in ja and "\n" not in ja]
    cache.parent.mkdir(parents=True, exist_ok=True)
    tmp = cache.with_suffix(".tmp")
    tmp.write_text("".join(f"{ja}\t{en}\n" for ja, en in pairs), encoding="utf-8")
    tmp.replace(cache)
    return pairs
