"""Thin sacrebleu wrapper: corpus BLEU and chrF with their signatures.

Japanese targets are scored with sacrebleu's ``ja-mecab`` tokenizer (what the benchmark uses);
everything else with ``13a``.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

__all__ = ["Scores", "corpus_scores", "bleu_tokenizer_for", "span_kept", "parse_span_cases", "glossary_cases",
           "Faithfulness", "faithfulness"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Scores:
    """Corpus-level scores with the sacrebleu signatures that make them reproducible."""

    bleu: float
    chrf: float
    bleu_signature: str
    chrf_signature: str
    n: int

    def as_dict(self) -> dict:
        """Plain dict for JSON logs and model cards."""
        return {"bleu": round(self.bleu, 2), "chrf": round(self.chrf, 2), "n": self.n,
                "bleu_signature": self.bleu_signature, "chrf_signature": self.chrf_signature}


def bleu_tokenizer_for(lang: str) -> str:
    """sacrebleu tokenizer name for a target language code."""
    return "ja-mecab" if lang == "ja" else "13a"


def corpus_scores(hypotheses: list[str], references: list[str], target_lang: str,
                  lowercase: bool = False) -> Scores:
    """BLEU and chrF of ``hypotheses`` against one reference each."""
    from sacrebleu.metrics import BLEU, CHRF

    if len(hypotheses) != len(references):
        raise ValueError(f"{len(hypotheses)} hypotheses but {len(references)} references")
    try:
        bleu = BLEU(tokenize=bleu_tokenizer_for(target_lang), lowercase=lowercase)
    except RuntimeError:
        # the frozen build leaves out MeCab + ipadic (~55 MB): score Japanese by characters there;
        # the signature (tok:char) says so, and such figures are not comparable to ja-mecab ones
        logger.warning("ja-mecab tokenization unavailable; BLEU falls back to tokenize='char'")
        bleu = BLEU(tokenize="char", lowercase=lowercase)
    chrf = CHRF(lowercase=lowercase)
    b = bleu.corpus_score(hypotheses, [references])
    c = chrf.corpus_score(hypotheses, [references])
    return Scores(b.score, c.score, str(bleu.get_signature()), str(chrf.get_signature()), len(hypotheses))


# ----------------------------------------------------------------------------- faithfulness checks


def _canon(text: str) -> str:
    """NFKC, no emoji variation selector, no thousands separators between digits, single spaces."""
    import re
    import unicodedata

    text = unicodedata.normalize("NFKC", text).replace("\ufe0f", "")
    text = re.sub(r"(?<=\d),(?=\d{3}(?!\d))", "", text)
    return " ".join(text.split())


def span_kept(span: str, output: str) -> bool:
    """Whether a protected ``span`` of the source survives in a translation ``output``.

    It survives when its text appears in the output (after NFKC, with thousands separators and the
    emoji variation selector ignored, case-sensitively), or, for a span with digits, when every one
    of its digit groups appears among the output's digit groups: ``6:30`` survives as ``6時30分``
    and ``2026年12月1日`` as ``December 1, 2026`` (a date's groups may change order).
    """
    import re
    from collections import Counter

    span_c, out_c = _canon(span), _canon(output)
    if span_c and span_c in out_c:
        return True
    groups = re.findall(r"\d+", span_c)
    if not groups:
        return False
    have = Counter(str(int(g)) for g in re.findall(r"\d+", out_c))
    need = Counter(str(int(g)) for g in groups)
    return all(have[g] >= n for g, n in need.items())


def parse_span_cases(text: str, name: str = "spans") -> list[tuple[str, list[str]]]:
    """(sentence, spans that must survive) of each line of a span file: ``sentence<TAB>span<TAB>span...``.

    Raises
    ------
    DataError
        A line has no span.
    """
    from .errors import DataError

    cases = []
    for number, line in enumerate((ln for ln in text.splitlines() if ln.strip()), 1):
        cols = line.split("\t")
        if len(cols) < 2:
            raise DataError.format("{name}:{line}: expected sentence<TAB>span...", name=name, line=number)
        cases.append((cols[0], cols[1:]))
    return cases


def glossary_cases(sentences, entries) -> list[tuple[str, list[str]]]:
    """Each sentence with the text its glossary terms must produce: the entry's target (or the term
    itself, for a keep-as-is entry) once per occurrence of the term (English terms on word
    boundaries and in any case, Japanese terms as substrings)."""
    import re

    cases = []
    for s in sentences:
        expected: list[str] = []
        for e in entries:
            pattern = rf"(?<!\w){re.escape(e.source)}(?!\w)" if e.source.isascii() else re.escape(e.source)
            expected += [e.target or e.source] * len(re.findall(pattern, s, flags=re.IGNORECASE))
        cases.append((s, expected))
    return cases


@dataclass(frozen=True)
class Faithfulness:
    """How many of the expected spans (or glossary targets) the translations kept."""

    total: int
    kept: int
    sentences: int
    sentences_all_kept: int
    failures: tuple[tuple[str, str, str], ...]  # (source, lost span, output)

    @property
    def kept_percent(self) -> float | None:
        return round(100.0 * self.kept / self.total, 1) if self.total else None


def faithfulness(cases, outputs) -> Faithfulness:
    """Score ``outputs`` (one translation per case) against ``cases`` from ``parse_span_cases`` or
    ``glossary_cases`` with ``span_kept``."""
    total = kept = all_kept = 0
    failures = []
    for (source, spans), out in zip(cases, outputs):
        lost = [s for s in spans if not span_kept(s, out)]
        total += len(spans)
        kept += len(spans) - len(lost)
        all_kept += not lost
        failures += [(source, s, out) for s in lost]
    return Faithfulness(total, kept, len(cases), all_kept, tuple(failures))
