"""Decoding experiments on the bundled sample sentences: a beam-width sweep and scores by source length.

Two questions the tutorials ask and the decoding explorer answers with numbers:

* ``beam_sweep_steps``: what happens to BLEU and to speed when the beam grows (1 to 20, for one or
  more length penalties alpha)?  Every source is translated once per (alpha, beam) with
  ``Engine.translate_sentences``, timed, and scored; the reverse-model check is off, so what is
  measured is the search alone.
* ``length_buckets_steps``: how does quality fall with sentence length?  A model without attention
  must squeeze the whole source into one context vector, so it should lose more on longer sentences
  than an attention model.  Each engine translates the same pairs, which are then scored per
  source-length bucket (words for English, characters for Japanese).

Both are progress generators (``core.generators``): they yield after every chunk of sentences, so a
consumer that stops iterating cancels them within one chunk and nothing needs cleaning up, and they
*return* their table.  Scores are ``core.metrics.corpus_scores`` (sacrebleu; ``ja-mecab`` for
Japanese targets).  The bundled English samples are lowercased, so English output is compared
lowercased, as the ja-en model card does.

``sample_pairs`` reads the bundled sentences: ``resources/bench/sample.{en,ja}.txt`` (40 aligned
lines) and ``resources/samples/en-ja.tsv`` (20 probe pairs), all written for this project.
"""
from __future__ import annotations

import csv
import dataclasses
import logging
import time
import unicodedata
from collections.abc import Generator, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .config import DecodeConfig
from .errors import ConfigError, DataError
from .metrics import corpus_scores

if TYPE_CHECKING:  # the engine pulls in torch; this module is imported by the GUI before any model
    from .engine import Engine

__all__ = [
    "SweepRow",
    "SweepProgress",
    "BucketScore",
    "BucketProgress",
    "sample_pairs",
    "beam_sweep_steps",
    "length_buckets_steps",
    "default_edges",
    "source_length",
    "length_unit",
    "write_csv",
    "read_csv",
    "DEFAULT_BEAMS",
    "DEFAULT_ALPHAS",
    "CHUNK",
]

logger = logging.getLogger(__name__)

#: the tutorials' exercise: greedy (1) up to a beam of 20
DEFAULT_BEAMS = tuple(range(1, 21))
#: the length penalty the app translates with (``DecodeConfig.alpha``)
DEFAULT_ALPHAS = (0.8,)
#: sentences per ``translate_sentences`` call: the experiments can stop after each chunk
CHUNK = 20
#: search settings an experiment sets itself; ``decode_kw`` may not override them
_OWN_SETTINGS = ("beam_width", "alpha", "reverse_weight", "sample", "n_best")
#: upper bounds (inclusive) of every bucket but the last, per source language.  The bundled samples
#: are short (4-12 English words, 10-23 Japanese characters); these edges give five buckets of
#: 7-15 sentences each, so every bucket's corpus score rests on more than a handful of sentences.
_EDGES = {"en": (6, 7, 8, 9), "ja": (13, 15, 17, 19)}


# ------------------------------------------------------------------------------------------ data
def _read_lines(path: Path) -> list[str]:
    if not path.is_file():
        raise DataError.format("{path} is missing: the sample sentences were not bundled", path=path)
    return [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines()]


def sample_pairs(source_lang: str = "en", target_lang: str = "ja") -> list[tuple[str, str]]:
    """The bundled sample sentences with their references, as ``(source, reference)`` pairs.

    Parameters
    ----------
    source_lang, target_lang : str
        ``"en", "ja"`` or ``"ja", "en"`` (the pairs flipped).

    Returns
    -------
    list[tuple[str, str]]
        The 40 bench sentences, then the 20 probe sentences (60 pairs).

    Raises
    ------
    ConfigError
        Another language pair.
    DataError
        A sample file is missing or the bench files are not aligned.
    """
    if (source_lang, target_lang) not in (("en", "ja"), ("ja", "en")):
        raise ConfigError.format("no sample sentences for {source}->{target}; choose en->ja or ja->en",
                                 source=source_lang, target=target_lang)
    from seq2seq_desktop.paths import resources_dir

    bench = resources_dir() / "bench"
    en, ja = _read_lines(bench / "sample.en.txt"), _read_lines(bench / "sample.ja.txt")
    while en and ja and not en[-1] and not ja[-1]:  # trailing blank lines
        en.pop(), ja.pop()
    if len(en) != len(ja) or not all(en) or not all(ja):
        raise DataError.format("{folder}/sample.en.txt and sample.ja.txt must have one sentence per line each (they have "
                               "{en_lines} and {ja_lines} lines)", folder=bench, en_lines=len(en), ja_lines=len(ja))
    pairs = list(zip(en, ja))
    tsv = resources_dir() / "samples" / "en-ja.tsv"
    for number, line in enumerate(_read_lines(tsv), 1):
        if not line or line.startswith("#"):
            continue
        cols = [c.strip() for c in line.split("\t")]
        if len(cols) < 2 or not cols[0] or not cols[1]:
            raise DataError.format("{path}:{line}: expected English<TAB>Japanese", path=tsv, line=number)
        pairs.append((cols[0], cols[1]))
    return pairs if source_lang == "en" else [(j, e) for e, j in pairs]


def length_unit(lang: str) -> str:
    """What ``source_length`` counts for ``lang``: ``"characters"`` for Japanese, else ``"words"``."""
    return "characters" if lang == "ja" else "words"


def source_length(text: str, lang: str) -> int:
    """Length of ``text``: characters (spaces left out) for Japanese, which has no spaces between
    words, and whitespace-separated words for every other language."""
    if lang == "ja":
        return sum(not ch.isspace() for ch in text)
    return len(text.split())


def default_edges(lang: str) -> tuple[int, ...]:
    """Bucket edges for the bundled samples in ``lang`` (see ``length_buckets_steps``)."""
    return _EDGES.get(lang, _EDGES["en"])


def _norm(text: str) -> str:
    """Form compared for an exact match: NFKC, single spaces (a full-width comma is a comma)."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def _lowercase(target_lang: str) -> bool:
    # the bundled English samples are lowercased (as the models' sources are), so English output
    # is compared lowercased; everything else as written
    return target_lang == "en"


def _validate_pairs(pairs: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    pairs = [(str(s), str(r)) for s, r in pairs]
    if not pairs:
        raise DataError.format("there are no sentence pairs to translate")
    return pairs


# ------------------------------------------------------------------------------------- beam sweep
@dataclass(frozen=True)
class SweepRow:
    """One measured (beam, alpha) setting of a beam sweep.

    ``sentences_per_s`` is sources translated per second of wall time (tokenisation included,
    ``chunk`` sentences per batch); ``mean_length`` is the mean output length and ``ref_length``
    the references', both in ``length_unit(target_lang)`` (a wide beam tends to shorten outputs,
    which the length penalty alpha counters).
    """

    beam: int
    alpha: float
    bleu: float
    chrf: float
    sentences_per_s: float
    mean_length: float
    ref_length: float
    seconds: float
    sentences: int


@dataclass(frozen=True)
class SweepProgress:
    """Where a beam sweep is: ``done`` of ``total`` settings measured.

    ``row`` is the setting just measured, or None when a chunk of sentences of the setting
    ``(beam, alpha)`` was translated (``sentences_done`` of its sentences so far).
    """

    done: int
    total: int
    row: SweepRow | None
    beam: int
    alpha: float
    sentences_done: int
    sentences_total: int

    @property
    def fraction(self) -> float:
        """Share of the whole sweep done, counting the sentences of the setting under way."""
        part = self.sentences_done / self.sentences_total if self.sentences_total and self.row is None else 0.0
        return min(1.0, (self.done + part) / self.total) if self.total else 1.0


def _sweep_configs(beams: Iterable[int], alphas: Iterable[float], decode_kw: dict) -> list[DecodeConfig]:
    clash = sorted(set(decode_kw) & set(_OWN_SETTINGS))
    if clash:
        raise ConfigError.format("{settings} cannot be set for a beam sweep: it sets {own} itself",
                                 settings=", ".join(clash), own=", ".join(_OWN_SETTINGS))
    beams, alphas = [int(b) for b in beams], [float(a) for a in alphas]
    if not beams or not alphas:
        raise ConfigError.format("a beam sweep needs at least one beam width and one alpha")
    configs = [DecodeConfig(beam_width=b, alpha=a, reverse_weight=0.0, **decode_kw) for a in alphas for b in beams]
    for cfg in configs:
        cfg.validate()
    return configs


def _chunks(items: Sequence, size: int):
    for start in range(0, len(items), size):
        yield items[start:start + size]


def beam_sweep_steps(engine: Engine, pairs: Sequence[tuple[str, str]], beams: Iterable[int] = DEFAULT_BEAMS,
                     alphas: Iterable[float] = DEFAULT_ALPHAS, *, chunk: int = CHUNK,
                     **decode_kw) -> Generator[SweepProgress, None, list[SweepRow]]:
    """Translate every source once per (alpha, beam), timing and scoring each setting.

    Parameters
    ----------
    engine : Engine
        A translation engine; the reverse-model check is not used, so only the search is measured.
    pairs : sequence of (source, reference)
        E.g. ``sample_pairs(engine.info.source_lang, engine.info.target_lang)``.
    beams, alphas : iterables
        Beam widths (1 = greedy) and length penalties; every alpha is swept over every beam.
    chunk : int
        Sentences per ``translate_sentences`` call (the batch); the sweep can stop after each.
    **decode_kw
        Other ``DecodeConfig`` fields, the same for every setting (``max_len_ratio``...).

    Yields
    ------
    SweepProgress
        After every chunk, and with ``row`` set after every setting.

    Returns
    -------
    list[SweepRow]
        One row per setting, alpha-major (every beam of the first alpha, then the next).

    Raises
    ------
    ConfigError
        An invalid beam or alpha, or ``decode_kw`` naming a setting the sweep sets itself
        (raised on the first ``next``, before any translation).
    """
    configs = _sweep_configs(beams, alphas, decode_kw)
    pairs = _validate_pairs(pairs)
    if chunk < 1:
        raise ConfigError.format("chunk={chunk} must be at least 1", chunk=chunk)
    sources, refs = [s for s, _ in pairs], [r for _, r in pairs]
    lang = engine.info.target_lang
    lower = _lowercase(lang)
    ref_length = sum(source_length(r, lang) for r in refs) / len(refs)
    # warm-up (untimed): the first call pays one-off costs (vocabulary tables, allocator) that
    # would otherwise be charged to the first setting
    engine.translate_sentences(sources[:1], DecodeConfig(beam_width=1, reverse_weight=0.0))
    rows: list[SweepRow] = []
    total = len(configs)
    signature_logged = False
    for cfg in configs:
        outputs: list[str] = []
        seconds = 0.0
        for part in _chunks(sources, chunk):
            t0 = time.perf_counter()
            translations = engine.translate_sentences(part, cfg, batch_size=chunk)
            seconds += time.perf_counter() - t0
            outputs += [t.text for t in translations]
            if len(outputs) < len(sources):
                yield SweepProgress(len(rows), total, None, cfg.beam_width, cfg.alpha, len(outputs), len(sources))
        scores = corpus_scores(outputs, refs, lang, lowercase=lower)
        if not signature_logged:
            logger.info("beam sweep on %s: %d sentences, BLEU %s", engine.info.name, len(sources), scores.bleu_signature)
            signature_logged = True
        row = SweepRow(beam=cfg.beam_width, alpha=cfg.alpha, bleu=scores.bleu, chrf=scores.chrf,
                       sentences_per_s=len(sources) / seconds if seconds > 0 else 0.0,
                       mean_length=sum(source_length(o, lang) for o in outputs) / len(outputs),
                       ref_length=ref_length, seconds=seconds, sentences=len(sources))
        rows.append(row)
        yield SweepProgress(len(rows), total, row, cfg.beam_width, cfg.alpha, len(sources), len(sources))
    return rows


_FIELDS = [f.name for f in dataclasses.fields(SweepRow)]
_TYPES = {f.name: (int if f.type in ("int", int) else float) for f in dataclasses.fields(SweepRow)}


def write_csv(rows: Iterable[SweepRow], path: str | Path) -> Path:
    """Write sweep rows to ``path`` as CSV (a header of the ``SweepRow`` field names, then one line per row)."""
    path = Path(path)
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(_FIELDS)
        for row in rows:
            writer.writerow([getattr(row, name) for name in _FIELDS])
    return path


def read_csv(path: str | Path) -> list[SweepRow]:
    """Read rows written by ``write_csv``.

    Raises
    ------
    DataError
        The file is not a beam-sweep CSV.
    """
    path = Path(path)
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        missing = sorted(set(_FIELDS) - set(reader.fieldnames or ()))
        if missing:
            raise DataError.format("{path} is not a beam-sweep CSV: it lacks the columns {columns}",
                                   path=path, columns=", ".join(missing))
        try:
            return [SweepRow(**{name: _TYPES[name](line[name]) for name in _FIELDS}) for line in reader]
        except ValueError as exc:
            raise DataError.format("{path}: {error}", path=path, error=exc) from exc


# ---------------------------------------------------------------------------------- length buckets
@dataclass(frozen=True)
class BucketScore:
    """Scores of one engine on the pairs whose source length lies in ``[low, high]``.

    ``high`` is None for the last, open bucket.  ``bleu`` (corpus BLEU within the bucket), ``chrf``
    and ``exact`` (share of outputs equal to the reference, 0-1) are None for an empty bucket.
    """

    label: str
    low: int
    high: int | None
    count: int
    bleu: float | None
    chrf: float | None
    exact: float | None


@dataclass(frozen=True)
class BucketProgress:
    """``done`` of ``total`` translations finished (all engines together); ``engine`` is the one at work."""

    engine: str
    done: int
    total: int


def _bucket_bounds(edges: Sequence[int]) -> list[tuple[int, int | None]]:
    edges = [int(e) for e in edges]
    if any(b <= a for a, b in zip(edges, edges[1:])) or any(e < 1 for e in edges):
        raise ConfigError.format("bucket edges {edges} must be positive and strictly increasing", edges=tuple(edges))
    lows = [1] + [e + 1 for e in edges]
    highs: list[int | None] = list(edges) + [None]
    return list(zip(lows, highs))


def _label(low: int, high: int | None) -> str:
    if high is None:
        return f"{low}+"
    return str(low) if low == high else f"{low}\u2013{high}"


def length_buckets_steps(engines: Mapping[str, Engine], pairs: Sequence[tuple[str, str]],
                         edges: Sequence[int] | None = None, *, beam_width: int = 5, chunk: int = CHUNK,
                         ) -> Generator[BucketProgress, None, dict[str, list[BucketScore]]]:
    """Translate ``pairs`` with every engine and score each by source-length bucket.

    Parameters
    ----------
    engines : mapping of name to Engine
        Translators of the same direction (e.g. an attention model and one without attention);
        the names label the result.
    pairs : sequence of (source, reference)
        E.g. ``sample_pairs("en", "ja")``.
    edges : sequence of int, optional
        Inclusive upper bounds of every bucket but the last: ``(6, 8)`` makes ``1-6``, ``7-8``
        and ``9+``.  Lengths are words for English sources and characters for Japanese ones
        (``source_length``).  Default ``default_edges(source language)``, made for the samples.
    beam_width : int
        Search of every engine (1 = greedy); the reverse-model check is off.
    chunk : int
        Sentences per ``translate_sentences`` call; the run can stop after each.

    Yields
    ------
    BucketProgress
        After every chunk of every engine.

    Returns
    -------
    dict[str, list[BucketScore]]
        Per engine name (in the given order), one score per bucket, shortest first; the counts of
        each engine's buckets add up to ``len(pairs)``.

    Raises
    ------
    ConfigError
        No engine, bad edges or search settings, or engines of different source languages
        (raised on the first ``next``).
    """
    if not engines:
        raise ConfigError.format("length buckets need at least one engine")
    pairs = _validate_pairs(pairs)
    langs = {(e.info.source_lang, e.info.target_lang) for e in engines.values()}
    if len(langs) != 1:
        raise ConfigError.format("the engines translate different directions ({directions}); compare engines of one "
                                 "direction", directions=", ".join(sorted(map("->".join, langs))))
    source_lang, target_lang = langs.pop()
    bounds = _bucket_bounds(default_edges(source_lang) if edges is None else edges)
    cfg = DecodeConfig(beam_width=beam_width, reverse_weight=0.0)
    cfg.validate()
    if chunk < 1:
        raise ConfigError.format("chunk={chunk} must be at least 1", chunk=chunk)
    sources, refs = [s for s, _ in pairs], [r for _, r in pairs]
    lengths = [source_length(s, source_lang) for s in sources]
    members = [[i for i, n in enumerate(lengths) if lo <= n and (hi is None or n <= hi)] for lo, hi in bounds]
    # a source with no words at all (length 0) still counts, in the first bucket
    members[0] = [i for i, n in enumerate(lengths) if n <= (bounds[0][1] if bounds[0][1] is not None else n)]
    lower = _lowercase(target_lang)
    total, done = len(sources) * len(engines), 0
    result: dict[str, list[BucketScore]] = {}
    for name, engine in engines.items():
        outputs: list[str] = []
        for part in _chunks(sources, chunk):
            outputs += [t.text for t in engine.translate_sentences(part, cfg, batch_size=chunk)]
            done += len(part)
            yield BucketProgress(name, done, total)
        scores = []
        for (lo, hi), idx in zip(bounds, members):
            if not idx:
                scores.append(BucketScore(_label(lo, hi), lo, hi, 0, None, None, None))
                continue
            hyp, ref = [outputs[i] for i in idx], [refs[i] for i in idx]
            s = corpus_scores(hyp, ref, target_lang, lowercase=lower)
            exact = sum(_norm(h.lower() if lower else h) == _norm(r.lower() if lower else r)
                        for h, r in zip(hyp, ref)) / len(idx)
            scores.append(BucketScore(_label(lo, hi), lo, hi, len(idx), s.bleu, s.chrf, exact))
        result[name] = scores
    return result
