"""Teach a translator to carry placeholders: training pairs with protected spans, and a vocabulary that holds them.

At translation time ``core.protect`` replaces numbers, codes, names, URLs and emoji by placeholder
characters (one SentencePiece piece each) and puts the original text back afterwards.  That only
works when the model copies each placeholder from the source to the right place in its output,
so the training data must hold placeholders too:

* **Shared spans.** ``placeholder_pair`` finds the protected spans of both sides of a pair (the
  same rules as at translation time) and replaces those that occur on *both* sides (the same
  digits, the same Latin word) by the same placeholder, numbered in source order as the app
  numbers them.  A span found on one side only stays as text: the pair does not say where it went.
* **Synthetic spans.** The corpora write most numbers as words and hold almost no codes, so
  ``augment_pairs`` also swaps a counted number for a number placeholder on both sides
  (``three cats`` / ``猫を三匹`` -> ``N0``: the app keeps digits as digits, so the model learns to copy
  them next to counters), well-known names for term placeholders (``Tom`` / ``トム`` -> ``T0``: a
  placeholder is a noun the model copies, with the particles around it), and symbol placeholders at
  a sentence's start or end (emoji are passed through, never translated).  A quarter of the pairs
  number their placeholders from a random slot instead of 0, so every slot learns to be copied.

``grow_vocabulary`` gives a trained model the new rows for the placeholder pieces
(``core.tokenizer.extend_vocabulary``), keeping every weight it learned.
"""
from __future__ import annotations

import logging
import random
import re
import unicodedata
from collections.abc import Sequence

import torch

from ..core.protect import SLOTS_PER_KIND, Span, find_spans, is_placeholder, placeholder, placeholder_kind

__all__ = ["placeholder_pair", "augment_pairs", "grow_vocabulary", "NAME_PAIRS"]

logger = logging.getLogger(__name__)

#: (English, Japanese) names that the corpora use often, each written the way the corpora write it.
#: Swapping them for one placeholder on both sides gives the model many sentences with a term
#: placeholder in a noun's place.
NAME_PAIRS: tuple[tuple[str, str], ...] = (
    ("Tom", "トム"), ("Mary", "メアリー"), ("Mary", "メアリ"), ("John", "ジョン"), ("Ken", "ケン"),
    ("Bob", "ボブ"), ("Jim", "ジム"), ("Mike", "マイク"), ("Jack", "ジャック"), ("Lucy", "ルーシー"),
    ("Alice", "アリス"), ("Kate", "ケイト"), ("Emily", "エミリー"), ("Susan", "スーザン"),
    ("Boston", "ボストン"), ("Paris", "パリ"), ("London", "ロンドン"), ("Australia", "オーストラリア"),
    ("France", "フランス"), ("Germany", "ドイツ"), ("Canada", "カナダ"), ("China", "中国"),
    ("America", "アメリカ"), ("Tokyo", "東京"), ("Kyoto", "京都"), ("Osaka", "大阪"),
)

_DIGITS = re.compile(r"\d")
_EN_NUMBERS = {w: i + 1 for i, w in enumerate("one two three four five six seven eight nine ten eleven twelve".split())}
_JA_NUMERALS = {ch: i + 1 for i, ch in enumerate("一二三四五六七八九十")}
# a counted number: a digit run or a single kanji numeral right before a counter word
_JA_COUNTED = re.compile(r"(?<![一二三四五六七八九十百千万\d])([一二三四五六七八九十]|\d+)"
                         r"(?=(?:人|匹|本|枚|冊|台|個|回|歳|才|日間|時間|週間|ヶ月|か月|カ月|年間|円|ドル|キロ|メートル|階|杯|着|軒|頭|羽|通|曲|つ))")
_EN_COUNTED = re.compile(r"\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d+)\b", re.IGNORECASE)
# symbols a synthetic pair may carry (a sentence with an emoji at its start or end)
_SYMBOLS = ("😀", "😊", "👍", "❤️", "🎉", "★", "♪", "🙏", "😢", "🍣", "☀️", "✨")


def _key(span: Span) -> tuple[str, str]:
    """What two spans on the two sides of a pair must share to be the same span.

    Number-like spans match on their digits (``3,200`` and ``３２００``; ``6:30`` and ``6時30分``)
    when they are of the same sort (a time never matches a plain number: the English side of
    ``10時`` is often "ten o'clock", and the placeholder's restored form would differ).  Other
    spans match on their NFKC case-folded text.
    """
    text = unicodedata.normalize("NFKC", span.text)
    if span.kind == "N":
        return f"N:{span.reason}", "".join(_DIGITS.findall(text))
    return span.kind, text.casefold()


def _substitute(text: str, spans: Sequence[tuple[Span, str]]) -> str:
    """``text`` with each span replaced by its placeholder (spans do not overlap)."""
    out, pos = [], 0
    for span, ph in sorted(spans, key=lambda x: x[0].start):
        out.append(text[pos:span.start])
        out.append(ph)
        pos = span.end
    out.append(text[pos:])
    return "".join(out)


def placeholder_pair(source: str, target: str, source_lang: str, target_lang: str) -> tuple[str, str, int]:
    """The pair with the spans found on both sides replaced by shared placeholders.

    Returns
    -------
    (source, target, n)
        The rewritten pair and how many spans became placeholders (0: the pair is unchanged).
    """
    src_spans = find_spans(source, source_lang, target_lang)
    if not src_spans:
        return source, target, 0
    tgt_spans = find_spans(target, target_lang, source_lang)
    free: dict[tuple[str, str], list[Span]] = {}
    for span in tgt_spans:
        free.setdefault(_key(span), []).append(span)
    counters = {"N": 0, "T": 0, "S": 0}
    src_sub, tgt_sub = [], []
    for span in sorted(src_spans, key=lambda s: s.start):
        key = _key(span)
        if key[1] == "" or not free.get(key):
            continue
        index = counters[span.kind]
        try:
            ph = placeholder(span.kind, index)
        except (ValueError, IndexError):
            continue  # more spans of this kind than slots: the rest stay text, as at translation time
        counters[span.kind] = index + 1
        src_sub.append((span, ph))
        tgt_sub.append((free[key].pop(0), ph))
    if not src_sub:
        return source, target, 0
    return _substitute(source, src_sub), _substitute(target, tgt_sub), len(src_sub)


def _value(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    return _EN_NUMBERS.get(word.lower(), _JA_NUMERALS.get(word))


def _swap_number(source: str, target: str, source_lang: str) -> tuple[str, str] | None:
    """Swap a counted number that both sides hold exactly once (a word or kanji on either side) for N0."""
    en, ja = (source, target) if source_lang == "en" else (target, source)
    if any(is_placeholder(ch) for ch in en + ja):
        return None
    ja_hits = [m for m in _JA_COUNTED.finditer(ja)]
    en_hits = [m for m in _EN_COUNTED.finditer(en)]
    if len(ja_hits) != 1 or len(en_hits) != 1:
        return None
    j, e = ja_hits[0], en_hits[0]
    if _value(j.group(1)) is None or _value(j.group(1)) != _value(e.group(1)):
        return None
    if e.group(1).lower() == "one" and re.match(r"one\s+(of|another|day|by|more)\b", en[e.start():], re.IGNORECASE):
        return None  # "one of", "one another": not a count
    ph = placeholder("N", 0)
    en2, ja2 = en[:e.start()] + ph + en[e.end():], ja[:j.start()] + ph + ja[j.end():]
    return (en2, ja2) if source_lang == "en" else (ja2, en2)


def _swap_names(source: str, target: str, source_lang: str) -> tuple[str, str] | None:
    """Swap every listed name that occurs once on each side for a term placeholder (T0, T1... in source order)."""
    en, ja = (source, target) if source_lang == "en" else (target, source)
    if any(is_placeholder(ch) for ch in en + ja):
        return None
    fits, seen = [], set()
    for e, j in NAME_PAIRS:
        hits = list(re.finditer(rf"\b{e}\b", en))
        if e not in seen and len(hits) == 1 and ja.count(j) == 1 and not any(j != j2 and j in j2 for _, j2 in fits):
            fits.append((e, j))
            seen.add(e)
    if not fits:
        return None
    src_side = en if source_lang == "en" else ja
    order = sorted(fits, key=lambda ej: src_side.find(ej[0] if source_lang == "en" else ej[1]))
    for index, (e, j) in enumerate(order[:SLOTS_PER_KIND]):
        en, ja = re.sub(rf"\b{e}\b", placeholder("T", index), en), ja.replace(j, placeholder("T", index))
    return (en, ja) if source_lang == "en" else (ja, en)


def _shift_slots(source: str, target: str, rng: random.Random) -> tuple[str, str]:
    """Renumber each kind's placeholders from a random slot (same order, same mapping on both sides)."""
    mapping = {}
    for kind in ("N", "T", "S"):
        used = sorted({ch for ch in source if is_placeholder(ch) and placeholder_kind(ch) == kind})
        if not used:
            continue
        offset = rng.randint(0, SLOTS_PER_KIND - len(used))
        for k, ch in enumerate(used):
            mapping[ch] = placeholder(kind, offset + k)
    table = str.maketrans(mapping)
    return source.translate(table), target.translate(table)


def _add_symbol(source: str, target: str, target_lang: str, rng: random.Random) -> tuple[str, str]:
    """The pair with the symbol placeholder S0 at the start or at the end of both sides."""
    ph = placeholder("S", 0)
    if rng.random() < 0.5:
        return f"{ph} {source}", (f"{ph}{target}" if target_lang == "ja" else f"{ph} {target}")
    joiner = "" if target_lang == "ja" else " "
    return f"{source} {ph}", f"{target}{joiner}{ph}"


def augment_pairs(pairs: Sequence[tuple[str, str]], source_lang: str, target_lang: str, *,
                  name_rate: float = 0.5, symbol_rate: float = 0.03, shift_rate: float = 0.25, seed: int = 1,
                  ) -> tuple[list[tuple[str, str]], dict[str, int]]:
    """Training pairs that teach placeholders (see the module docstring).

    Every pair is kept; shared spans become placeholders; a pair with a listed name on both sides
    has it swapped for T0 with probability ``name_rate``; ``symbol_rate`` of the pairs gain S0.
    """
    rng = random.Random(seed)
    out: list[tuple[str, str]] = []
    stats = dict(pairs=len(pairs), shared_span_pairs=0, shared_spans=0, number_swaps=0, name_swaps=0,
                         symbols=0, shifted=0)
    for source, target in pairs:
        source, target, n = placeholder_pair(source, target, source_lang, target_lang)
        if n:
            stats["shared_span_pairs"] += 1
            stats["shared_spans"] += n
        else:
            swapped = _swap_number(source, target, source_lang)
            if swapped is not None:
                source, target = swapped
                stats["number_swaps"] += 1
        if rng.random() < name_rate:
            swapped = _swap_names(source, target, source_lang)
            if swapped is not None:
                source, target = swapped
                stats["name_swaps"] += 1
        if rng.random() < symbol_rate and placeholder("S", 0) not in source:
            source, target = _add_symbol(source, target, target_lang, rng)
            stats["symbols"] += 1
        if rng.random() < shift_rate and any(is_placeholder(ch) for ch in source):
            source, target = _shift_slots(source, target, rng)
            stats["shifted"] += 1
        out.append((source, target))
    logger.info("placeholder pairs: %s", dict(stats))
    return out, stats


@torch.no_grad()
def grow_vocabulary(model, src_vocab_size: int, tgt_vocab_size: int, seed: int = 0):
    """A copy of ``model`` whose vocabularies have grown to the given sizes (new ids at the end).

    Every learned weight is kept.  A new embedding row starts at the mean of the learned rows plus
    noise of their spread (so the new pieces are distinct and of a familiar scale), and a new output
    bias at the median bias: the model neither favours nor shuns a placeholder before it learns it.
    """
    import dataclasses

    from ..core.model import build_model

    old = model.cfg
    if src_vocab_size < old.src_vocab_size or tgt_vocab_size < old.tgt_vocab_size:
        raise ValueError("a vocabulary can only grow")
    cfg = dataclasses.replace(old, src_vocab_size=src_vocab_size, tgt_vocab_size=tgt_vocab_size)
    grown = build_model(cfg, pad_id=model.pad_id)
    gen = torch.Generator().manual_seed(seed)
    state = model.state_dict()
    new_state = grown.state_dict()
    for name, value in state.items():
        target = new_state[name]
        if target.shape == value.shape:
            target.copy_(value)
            continue
        rows = value.shape[0]
        target[:rows].copy_(value)
        if value.dim() == 2:  # embedding / output matrix: [V, E]
            mean, std = value.float().mean(0), value.float().std(0)
            noise = torch.randn(target.shape[0] - rows, value.shape[1], generator=gen)
            target[rows:].copy_(mean + noise * std)
        else:  # out_bias: [V]
            target[rows:].fill_(float(value.float().median()))
    grown.load_state_dict(new_state)
    return grown
