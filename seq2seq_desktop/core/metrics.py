"""Thin sacrebleu wrapper: corpus BLEU and chrF with their signatures.

Japanese targets are scored with sacrebleu's ``ja-mecab`` tokenizer (what the benchmark uses);
everything else with ``13a``.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

__all__ = ["Scores", "corpus_scores", "bleu_tokenizer_for"]

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
