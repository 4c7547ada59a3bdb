"""The synthetic task every engine/CLI/GUI test runs on: reverse a sequence of digits.

``build_tiny_package`` trains a 1-layer GRU (emb 16, hidden 32) with the project's own trainer
for a few seconds and saves it through the real package code, so tests load it exactly as the
app loads a shipped model.
"""
from __future__ import annotations

import random
from pathlib import Path

DIGITS = "0123456789"


def make_pairs(n: int, seed: int, min_len: int = 3, max_len: int = 8) -> list[tuple[str, str]]:
    """``n`` (digits, reversed digits) pairs, space separated so each digit is one piece."""
    rng = random.Random(seed)
    pairs = []
    for _ in range(n):
        seq = [rng.choice(DIGITS) for _ in range(rng.randint(min_len, max_len))]
        pairs.append((" ".join(seq), " ".join(reversed(seq))))
    return pairs


def build_tiny_package(dest: Path, steps: int = 400, seed: int = 0) -> Path:
    """Train the tiny reverse model and save it as a package at ``dest``."""
    from seq2seq_desktop.core.tokenizer import train_sentencepiece

    spm = train_sentencepiece([" ".join(DIGITS)] * 20 + [p[0] for p in make_pairs(200, seed + 1)],
                              vocab_size=16, model_type="word", character_coverage=1.0)
    return _train_tiny_package(dest, spm, make_pairs(6000, seed + 2), steps, seed, name="tiny-reverse",
                               langs=("digits", "digits-reversed"), task="reverse digits",
                               card="# tiny-reverse\nReverses digit sequences. Test fixture only.\n")


def _train_tiny_package(dest: Path, spm: bytes, train: list[tuple[str, str]], steps: int, seed: int, *,
                        name: str, langs: tuple[str, str], task: str, card: str) -> Path:
    """Train the tiny 1-layer GRU on ``train`` with the project's trainer and save it as a package."""
    import torch

    from seq2seq_desktop.core.config import ModelConfig, TrainConfig
    from seq2seq_desktop.core.package import save_package
    from seq2seq_desktop.core.tokenizer import Tokenizer
    from seq2seq_desktop.training.trainer import run_to_end, train_model

    torch.manual_seed(seed)
    tok = Tokenizer(spm)
    mc = ModelConfig(src_vocab_size=tok.vocab_size, tgt_vocab_size=tok.vocab_size, emb_dim=16,
                     enc_hidden=16, dec_hidden=32, attention="luong_general", dropout=0.0)
    tc = TrainConfig(lr=1e-2, warmup_steps=20, max_steps=steps, tokens_per_batch=600,
                     label_smoothing=0.0, eval_every_steps=10**9, checkpoint_every_minutes=0, seed=seed)
    model = run_to_end(train_model(mc, tc, train, [], tok, tok, device="cpu")).model
    save_package(dest, model, task="translate", source_lang=langs[0], target_lang=langs[1],
                 source_spm=spm, target_spm=spm, name=name, card=card, training={"steps": steps, "task": task})
    return dest


def build_tiny_transformer_package(dest: Path, steps: int = 0, seed: int = 0, *, placeholders: bool = False,
                                   layers: int = 2, heads: int = 2) -> Path:
    """A tiny Transformer package (emb 16, ``layers`` encoder and decoder layers of ``heads`` heads).

    ``steps=0`` saves the random initial weights (enough for shape and alignment tests); more trains
    it on the reverse task with the project's trainer.  ``placeholders=True`` uses the letters
    vocabulary with the placeholder pieces and labels the package EN->JA, so the engine protects
    spans (numbers, codes...) as it does for the bundled translators.
    """
    import torch

    from seq2seq_desktop.core.config import ModelConfig, TrainConfig
    from seq2seq_desktop.core.model import build_model
    from seq2seq_desktop.core.package import save_package
    from seq2seq_desktop.core.protect import PLACEHOLDERS
    from seq2seq_desktop.core.tokenizer import PAD_ID, Tokenizer, extend_vocabulary, train_sentencepiece
    from seq2seq_desktop.training.trainer import run_to_end, train_model

    torch.manual_seed(seed)
    if placeholders:
        spm = extend_vocabulary(train_sentencepiece([" ".join(LETTERS)] * 20, vocab_size=13, model_type="unigram",
                                                    character_coverage=1.0), PLACEHOLDERS)
        train, langs = make_placeholder_pairs(2000, seed + 2), ("en", "ja")
    else:
        spm = train_sentencepiece([" ".join(DIGITS)] * 20 + [p[0] for p in make_pairs(200, seed + 1)],
                                  vocab_size=16, model_type="word", character_coverage=1.0)
        train, langs = make_pairs(2000, seed + 2), ("digits", "digits-reversed")
    tok = Tokenizer(spm)
    mc = ModelConfig(src_vocab_size=tok.vocab_size, tgt_vocab_size=tok.vocab_size, arch="transformer", emb_dim=16,
                     enc_layers=layers, dec_layers=layers, heads=heads, ff_dim=32, dropout=0.0, max_positions=64)
    if steps > 0:
        tc = TrainConfig(lr=3e-3, weight_decay=0.0, warmup_steps=10, max_steps=steps, tokens_per_batch=600,
                         label_smoothing=0.0, eval_every_steps=10**9, checkpoint_every_minutes=0, seed=seed)
        model = run_to_end(train_model(mc, tc, train, [], tok, tok, device="cpu")).model
    else:
        model = build_model(mc, pad_id=PAD_ID).eval()
    save_package(dest, model, task="translate", source_lang=langs[0], target_lang=langs[1], source_spm=spm,
                 target_spm=spm, name="tiny-transformer", card="# tiny-transformer\nTest fixture only.\n",
                 training={"steps": steps, "task": "reverse"}, weight_storage="fp32")
    return dest


def logprob_by_steps(model, src_ids: list[int], tokens: list[int]) -> float:
    """log p(tokens | src_ids), one ``decode_step`` at a time: a reference that does not share the
    batched teacher-forced path the search and reranking code use."""
    import torch

    from seq2seq_desktop.core.search import encode_sources
    from seq2seq_desktop.core.tokenizer import BOS_ID

    with torch.no_grad():
        enc = model.encode(*encode_sources([src_ids]))
        state, prev, total = model.init_state(enc), torch.tensor([BOS_ID]), 0.0
        for tok in tokens:
            out = model.decode_step(enc, state, prev)
            total += float(torch.log_softmax(out.logits, -1)[0, tok])
            state, prev = out.state, torch.tensor([tok])
    return total


def copy_pairs(n: int = 12, seed: int = 42) -> list[tuple[str, str]]:
    """NEW behaviour for the reverse model (fine-tuning tests): copy, not reverse, short digit
    sequences; palindromes are skipped because reversing and copying agree on them."""
    rng = random.Random(seed)
    out: list[tuple[str, str]] = []
    while len(out) < n:
        seq = [rng.choice(DIGITS) for _ in range(rng.randint(3, 4))]
        if seq != seq[::-1] and (" ".join(seq), " ".join(seq)) not in out:
            out.append((" ".join(seq), " ".join(seq)))
    return out


LETTERS = "abcdefgh"


def make_placeholder_pairs(n: int, seed: int) -> list[tuple[str, str]]:
    """``n`` (words, reversed words) pairs over letters with 0-2 term/number placeholders mixed in:
    the model must carry each placeholder to its mirrored position, as a translator carries spans."""
    from seq2seq_desktop.core.protect import placeholder

    rng = random.Random(seed)
    pairs = []
    for _ in range(n):
        seq = [rng.choice(LETTERS) for _ in range(rng.randint(2, 6))]
        kinds = {"T": 0, "N": 0}
        for _ in range(rng.randint(0, 2)):
            kind = rng.choice("TN")
            seq.insert(rng.randrange(len(seq) + 1), placeholder(kind, kinds[kind]))
            kinds[kind] += 1
        pairs.append((" ".join(seq), " ".join(reversed(seq))))
    return pairs


def build_tiny_placeholder_package(dest: Path, steps: int = 1200, seed: int = 0) -> Path:
    """A tiny EN->JA-labelled package whose vocabularies hold the placeholder pieces and which learned
    to reverse letter words carrying placeholders: the engine protects and restores spans with it."""
    from seq2seq_desktop.core.protect import PLACEHOLDERS
    from seq2seq_desktop.core.tokenizer import extend_vocabulary, train_sentencepiece

    # the letters' vocabulary, then the placeholders appended as the bundled translators got them
    # (a unigram model: SentencePiece's word model ignores user-defined pieces when it encodes)
    spm = extend_vocabulary(train_sentencepiece([" ".join(LETTERS)] * 20, vocab_size=13, model_type="unigram",
                                                character_coverage=1.0), PLACEHOLDERS)
    return _train_tiny_package(dest, spm, make_placeholder_pairs(6000, seed + 2), steps, seed,
                               name="tiny-placeholders", langs=("en", "ja"), task="reverse letters with placeholders",
                               card="# tiny-placeholders\nReverses letter words, carrying placeholders. "
                                    "Test fixture only.\n")
