"""Training corpora: read ../shared/data, clean, dedupe against the benchmark, split.

Never copies data into the project; everything is read from ``data_dir`` at training time
(``--data`` option or ``SEQ2SEQ_DATA`` environment variable, default ``../shared/data``).

Decisions worth knowing:

* small_parallel_enja (SPE) is tokenized and lowercased.  We rejoin its English tokens
  (``"i 'm"`` -> ``"i'm"``, ``"don 't"`` -> ``"don't"``) and remove the spaces of its Japanese.
* English *targets* (JA->EN) must read as natural English, so SPE's English is truecased with a
  table learned from Tatoeba's cased English (a word is capitalised when Tatoeba writes it
  capitalised mid-sentence more often than not: names, "I", "English", days...), plus a capital at
  sentence start.  This keeps SPE's 50k pairs instead of training only on Tatoeba's 43k.
* English *sources* (EN->JA) are lowercased by the tokenizer (package preprocessing
  ``lowercase_source``), so the model never has to learn case variants and the lowercased
  benchmark input is in-distribution.
* SPE dev/test sentences (and the Tatoeba dev split) are removed from training by a normalised
  key (NFKC, lowercased, letters and digits only) on *either* side.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..core.chat_format import SEP, last_turn  # noqa: F401  (re-exported for the recipes)
from ..core.errors import DataError
from ..paths import app_root

__all__ = ["TranslationCorpus", "load_translation_corpus", "detok_english", "detok_japanese", "norm_key",
           "Truecaser", "build_chat_pairs", "default_data_dir", "load_chat_conversations", "merge_turns", "last_turn",
           "parse_exchanges"]

logger = logging.getLogger(__name__)

_ATTACH_LEFT = re.compile(r" (n't|'(?:s|m|re|ve|ll|d|t)\b|[.,!?;:%)\]}])", re.IGNORECASE)
_ATTACH_RIGHT = re.compile(r"([(\[{$]) ")
_WORD = re.compile(r"[A-Za-z][A-Za-z']*")


def default_data_dir() -> Path:
    """``$SEQ2SEQ_DATA`` or ``../shared/data`` next to the project root."""
    env = os.environ.get("SEQ2SEQ_DATA")
    if env:
        return Path(env)
    return app_root().parent / "shared" / "data"


def detok_english(text: str) -> str:
    """Rejoin Stanford-tokenized English: ``"i 'm fine ."`` -> ``"i'm fine."``."""
    text = " ".join(text.split())
    text = _ATTACH_LEFT.sub(r"\1", text)
    text = _ATTACH_RIGHT.sub(r"\1", text)
    text = re.sub(r'" (.*?) "', r'"\1"', text)
    return text.replace(" - ", "-") if " - " in text and len(text) < 3 else text


def detok_japanese(text: str) -> str:
    """Remove word-separating spaces, keeping one between two Latin/digit words (``"IBM PC"``)."""
    toks = text.split()
    out = ""
    for tok in toks:
        if out and out[-1].isascii() and out[-1].isalnum() and tok[0].isascii() and tok[0].isalnum():
            out += " "
        out += tok
    return out


def norm_key(text: str) -> str:
    """Dedupe key: NFKC, lowercased, letters/digits/kana/kanji only."""
    text = unicodedata.normalize("NFKC", text).lower()
    return "".join(ch for ch in text if ch.isalnum())


class Truecaser:
    """Restore English case from a table learned on cased text (see module docstring)."""

    def __init__(self, cased_sentences: Iterable[str]):
        counts: dict[str, Counter] = defaultdict(Counter)
        for sent in cased_sentences:
            words = _WORD.findall(sent)
            for w in words[1:]:  # skip the sentence-initial word: its case says nothing
                counts[w.lower()][w] += 1
        self.table = {}
        for low, c in counts.items():
            form, n = c.most_common(1)[0]
            if form != low and n > c.get(low, 0):
                self.table[low] = form
        self.table["i"] = "I"

    def __call__(self, text: str) -> str:
        """Truecase one lowercased sentence."""
        def fix(m: re.Match) -> str:
            w = m.group(0)
            base, _, rest = w.partition("'")
            cased = self.table.get(w) or self.table.get(base)
            if cased is None:
                return w
            return cased if "'" in cased or not rest else f"{cased}'{rest}"
        text = _WORD.sub(fix, text)
        for i, ch in enumerate(text):
            if ch.isalpha():
                return text[:i] + ch.upper() + text[i + 1:]
        return text


@dataclass
class TranslationCorpus:
    """Natural-text pairs (English, Japanese) with the splits the pipeline uses."""

    train: list[tuple[str, str]]
    tatoeba_dev: list[tuple[str, str]]
    spe_dev: list[tuple[str, str]]
    spe_test: list[tuple[str, str]]
    stats: dict
    spe_train: list[tuple[str, str]] = field(default_factory=list)  # the part of ``train`` from small_parallel_enja


def _read_lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise DataError(f"corpus file {path} not found (set --data or SEQ2SEQ_DATA)") from None


def _spe_split(root: Path, split: str) -> list[tuple[str, str]]:
    en, ja = _read_lines(root / f"{split}.en"), _read_lines(root / f"{split}.ja")
    if len(en) != len(ja):
        raise DataError(f"{root}/{split}.en and .ja differ in length")
    return list(zip(en, ja))


def load_translation_corpus(data_dir: str | Path | None = None, tatoeba_dev_size: int = 500,
                            max_chars: int = 200) -> TranslationCorpus:
    """Build the EN<->JA training set and evaluation splits (see module docstring)."""
    root = Path(data_dir) if data_dir else default_data_dir()
    spe = root / "small_parallel_enja"
    tatoeba = []
    for line in _read_lines(root / "tatoeba-jpn-eng" / "pairs.tsv"):
        parts = line.split("\t")
        if len(parts) >= 2 and parts[0].strip() and parts[1].strip():
            tatoeba.append((unicodedata.normalize("NFKC", parts[0].strip()),
                            unicodedata.normalize("NFKC", parts[1].strip())))
    truecase = Truecaser(en for en, _ in tatoeba)

    def spe_natural(pairs):
        return [(detok_english(en), "".join(ja.split())) for en, ja in pairs]

    # benchmark references: Japanese with all spaces removed (BLEU then segments it with ja-mecab)
    spe_test = spe_natural(_spe_split(spe, "test"))
    spe_dev = spe_natural(_spe_split(spe, "dev"))
    held = {norm_key(s) for pair in spe_test + spe_dev for s in pair}

    # Tatoeba dev: whole English groups (one sentence, all its translations), chosen by hash
    groups: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for en, ja in tatoeba:
        groups[norm_key(en)].append((en, ja))
    keys = sorted((k for k in groups if k and k not in held),
                  key=lambda k: hashlib.sha1(k.encode()).hexdigest())
    dev, dev_keys = [], set()
    for k in keys:
        if len(dev) >= tatoeba_dev_size:
            break
        if any(norm_key(ja) in held for _, ja in groups[k]):
            continue
        dev.append(groups[k][0])
        dev_keys.add(k)
        dev_keys.update(norm_key(ja) for _, ja in groups[k])
    held |= dev_keys

    stats = Counter()
    train, seen, kept_spe = [], set(), []
    spe_train = [(truecase(en), ja) for en, ja in spe_natural(_spe_split(spe, "train"))]
    for source, pairs in (("tatoeba", tatoeba), ("spe", spe_train)):
        for en, ja in pairs:
            ke, kj = norm_key(en), norm_key(ja)
            if not ke or not kj:
                stats[f"{source}_empty"] += 1
            elif ke in held or kj in held:
                stats[f"{source}_held_out_overlap"] += 1
            elif (ke, kj) in seen:
                stats[f"{source}_duplicate"] += 1
            elif len(en) > max_chars or len(ja) > max_chars or len(ja) > 3 * len(en) + 10 or len(en) > 6 * len(ja) + 20:
                stats[f"{source}_length_filtered"] += 1
            else:
                seen.add((ke, kj))
                train.append((en, ja))
                stats[f"{source}_kept"] += 1
                if source == "spe":
                    kept_spe.append((en, ja))
    stats.update(train=len(train), tatoeba_dev=len(dev), spe_dev=len(spe_dev), spe_test=len(spe_test))
    logger.info("translation corpus: %s", dict(stats))
    return TranslationCorpus(train=train, tatoeba_dev=dev, spe_dev=spe_dev, spe_test=spe_test, stats=dict(stats),
                             spe_train=kept_spe)


# ------------------------------------------------------------------------------------- chat
def merge_turns(turns: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """Merge consecutive (speaker, text) messages of the same speaker into one turn."""
    out: list[tuple[str, str]] = []
    for speaker, text in turns:
        text = " ".join(str(text).split())
        if not text:
            continue
        if out and out[-1][0] == speaker:
            out[-1] = (speaker, out[-1][1] + " " + text)
        else:
            out.append((speaker, text))
    return out


def build_chat_pairs(conversations: Iterable[list[str]], context_turns: int = 1, max_chars: int = 160,
                     min_chars: int = 1) -> list[tuple[str, str]]:
    """(context -> reply) pairs: the previous ``context_turns`` turns joined by ``<sep>``.

    Turns longer than ``max_chars`` (or shorter than ``min_chars``) end the context window: they
    are neither used as a reply nor as context.
    """
    pairs = []
    for conv in conversations:
        turns = [" ".join(str(t).split()) for t in conv]
        for i in range(1, len(turns)):
            reply = turns[i]
            if not (min_chars <= len(reply) <= max_chars):
                continue
            ctx = []
            for j in range(i - 1, max(-1, i - 1 - context_turns), -1):
                if not (min_chars <= len(turns[j]) <= max_chars):
                    break
                ctx.insert(0, turns[j])
            if ctx:
                pairs.append((f" {SEP} ".join(ctx), reply))
    return pairs


_WELL_FORMED = re.compile(r"""^["'(]?[A-Z0-9].*[.!?)"']$""")


def is_well_formed_reply(reply: str) -> bool:
    """A reply written like a sentence: a capital first letter, closing punctuation, two words or more.

    Chit-chat messages are often lowercase fragments ("yep", "wow. how long"): a small model trained
    on them answers that way too, and a desktop chatbot should write sentences.
    """
    return len(reply.split()) >= 2 and bool(_WELL_FORMED.match(reply))


def load_chat_conversations(data_dir: str | Path | None = None, lang: str = "en") -> dict[str, list[list[str]]]:
    """Conversations (lists of turns) from chatterbot-corpus (shared/data, else its PyPI package)
    and, for English, chitchat-dataset (PyPI, MIT)."""
    try:
        import yaml
    except ImportError:
        raise DataError("PyYAML not found (it reads chatterbot-corpus): install the 'train' extra") from None

    root = Path(data_dir) if data_dir else default_data_dir()
    folder = root / "chatterbot-corpus" / ("english" if lang == "en" else "japanese")
    if not folder.is_dir():
        try:
            import chatterbot_corpus

            folder = Path(chatterbot_corpus.__file__).parent / "data" / ("english" if lang == "en" else "japanese")
        except ImportError:
            raise DataError("chatterbot-corpus not found: install the 'train' extra") from None
    out: dict[str, list[list[str]]] = {"chatterbot": []}
    for f in sorted(folder.glob("*.yml")):
        data = yaml.safe_load(f.read_text(encoding="utf-8")) or {}
        for conv in data.get("conversations") or []:
            if isinstance(conv, list) and len(conv) >= 2:
                out["chatterbot"].append([str(t) for t in conv])
    if lang == "en":
        try:
            import chitchat_dataset as ccc
        except ImportError:
            raise DataError("chitchat-dataset not found: install the 'train' extra") from None
        convs = []
        # read the package's JSON ourselves: ccc.Dataset() leaves the file open (a ResourceWarning)
        with open(Path(ccc.__file__).parent / "dataset.json", encoding="utf-8") as f:
            dataset = json.load(f)
        for conv in dataset.values():
            # a "message" is a list of utterances by one sender; merge_turns also joins
            # consecutive messages of the same sender
            turns = [(u.get("sender"), u.get("text", "")) for msg in conv.get("messages", []) for u in msg]
            convs.append([t for _, t in merge_turns(turns)])
        out["chitchat"] = convs
    return out



_SLOT = re.compile(r"\{(\w+)\}")


def parse_exchanges(text: str, source: str = "exchanges") -> list[tuple[str, str]]:
    """(prompt, reply) pairs from an exchanges file such as ``resources/chat/persona-en.txt``.

    Blocks are separated by blank lines; ``> `` lines are prompts and ``< `` lines replies, each
    prompt pairing with each reply. ``@name = a | b`` defines a slot; a block using ``{name}``
    (or ``{Name}``, capitalised) is repeated once per value. Writing slots instead of listing every
    variant keeps the file short enough to read and review.
    """
    slots: dict[str, list[str]] = {}
    pairs: list[tuple[str, str]] = []

    def flush(block: list[tuple[int, str, str]]) -> None:
        if not block:
            return
        prompts = [t for _, kind, t in block if kind == ">"]
        replies = [t for _, kind, t in block if kind == "<"]
        if not prompts or not replies:
            raise DataError(f"{source}:{block[0][0]}: a block needs at least one '> ' prompt and one '< ' reply")
        names = sorted({m.lower() for _, _, t in block for m in _SLOT.findall(t)})
        if len(names) > 1:
            raise DataError(f"{source}:{block[0][0]}: one slot per block (found {', '.join(names)})")
        if names and names[0] not in slots:
            raise DataError(f"{source}:{block[0][0]}: slot {{{names[0]}}} is not defined above it")
        for value in slots[names[0]] if names else [""]:
            def fill(t: str) -> str:
                return _SLOT.sub(lambda m: value[:1].upper() + value[1:] if m.group(1)[:1].isupper() else value, t)  # noqa: B023 (called in this iteration)
            pairs.extend((fill(p), fill(r)) for p in prompts for r in replies)

    block: list[tuple[int, str, str]] = []
    for no, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if line.startswith("#"):
            continue
        if not line:
            flush(block)
            block = []
        elif line.startswith("@"):
            name, eq, values = line[1:].partition("=")
            if not eq or not name.strip().isidentifier():
                raise DataError(f"{source}:{no}: a slot line reads '@name = a | b'")
            slots[name.strip().lower()] = [v.strip() for v in values.split("|") if v.strip()]
        elif line[:2] in ("> ", "< ") and line[2:].strip():
            block.append((no, line[0], line[2:].strip()))
        else:
            raise DataError(f"{source}:{no}: expected '> prompt', '< reply', '@slot = ...', '#' or a blank line")
    flush(block)
    return pairs


def tokenize_like_spe(text: str) -> str:
    """Tokenize natural English the way small_parallel_enja's references are (for scoring only):
    lowercase, punctuation split off, ``don't`` -> ``don 't`` (the corpus' own odd split)."""
    text = text.lower().replace("n't", "n 't")
    text = re.sub(r"'(s|m|re|ve|ll|d)\b", r" '\1", text)
    text = re.sub(r'([.,!?;:"()])', r" \1 ", text)
    return " ".join(text.split())
