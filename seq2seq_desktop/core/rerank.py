"""Reverse-model reranking: pick, among a beam's finished translations, the one from which the
opposite-direction model best recovers the source.

A forward model's beam often holds a better translation than its top one: fluent but unfaithful
hypotheses (a dropped clause, a wrong word that reads well) score high on ``log p(y | x)`` alone.
The app ships both directions, so the JA->EN model can say how well each Japanese hypothesis
explains the English input (``log p(x | y)``, a "noisy channel" style check).  Each hypothesis is
ranked by::

    norm_score = score / L**alpha + w * log p(x | y) / |x|

where ``|x|`` counts the source's pieces in the reverse model's vocabulary, EOS included.  The
reverse model scores the source as it would have written it: JA->EN was trained on cased English,
so an all-lowercase source (how EN->JA input often arrives, e.g. the benchmark's) is first given a
capital at the start and for the pronoun "I" (``as_reverse_target``).  ``w`` is
``DecodeConfig.reverse_weight``; ``config.REVERSE_WEIGHT`` is the value chosen on small_parallel_enja
dev for the bundled models (see the model card).  ``score`` stays the forward model's own
log-probability; only ``norm_score`` (and so the order) changes.

The chatbot uses the same check with a model trained on its conversations turned round (reply ->
the turn it answered, package task ``chat-reverse``): MMI-bidi of Li et al. 2016, "A Diversity-
Promoting Objective Function for Neural Conversation Models".  "I don't know." follows almost any
turn, so it scores high forwards but explains none of them; a reply about the puppy explains
"I just got a new puppy!".  It reranks the beam, or a pool of sampled replies ("sample and rank").

``rerank_steps`` is the primitive: it scores the hypotheses ``batch_rows`` at a time and yields a
``RerankProgress`` after each chunk, so a caller streaming a translation can stop in the middle
(a long text has hundreds of hypotheses to score; one call over all of them cannot be cancelled).
``rerank_by_reverse`` runs it to the end.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Callable, Generator, Sequence
from dataclasses import dataclass, replace

import torch

from .generators import run_to_end
from .package import ModelPackage
from .search import Hypothesis, sequence_logprob
from .tokenizer import EOS_ID, Tokenizer

__all__ = ["as_reverse_target", "rerank_by_reverse", "rerank_steps", "RerankProgress", "RERANK_ROWS"]

logger = logging.getLogger(__name__)

#: hypotheses the reverse model scores between two yields of ``rerank_steps``: about the work of a
#: few decoder steps of a long text's beam, so a cancel lands quickly
RERANK_ROWS = 32


@dataclass(frozen=True)
class RerankProgress:
    """``done`` of ``total`` hypotheses scored by the reverse model so far."""

    done: int
    total: int


def as_reverse_target(text: str) -> str:
    """``text`` as a cased-English model expects it: an all-lowercase sentence gets a capital at
    its start and for "i"; anything already cased (or not English) is left alone."""
    if text != text.lower() or not re.search(r"[a-z]", text):
        return text
    first = re.search(r"[a-z]", text).start()
    return re.sub(r"\bi\b", "I", text[:first] + text[first].upper() + text[first + 1:])


def rerank_steps(sources: Sequence[str], nbest: Sequence[Sequence[Hypothesis]], forward_target: Tokenizer,
                 reverse: ModelPackage, weight: float, device: str | torch.device = "cpu",
                 batch_rows: int = RERANK_ROWS, reverse_target: Callable[[str], str] = as_reverse_target,
                 use_shortlist: bool = False) -> Generator[RerankProgress, None, list[list[Hypothesis]]]:
    """Rerank each sentence's hypotheses (all of them, best first) with the reverse model, yielding
    a ``RerankProgress`` after every ``batch_rows`` hypotheses scored.

    ``sources`` are the texts as the user typed them; ``reverse_target`` turns each into what the
    reverse model should recover (default ``as_reverse_target``: JA->EN was trained on cased
    English; for the chatbot, the last turn of the context).  ``forward_target`` decodes hypothesis
    ids to text, which the reverse model's source tokenizer then encodes.  ``use_shortlist`` scores
    over the reverse package's vocabulary shortlist when it has one for that use (``core.shortlist``).  Stop
    iterating to cancel; nothing needs cleaning up.  Returns the reranked lists.
    """
    if batch_rows < 1:
        raise ValueError(f"batch_rows={batch_rows} must be at least 1")
    shortlist = reverse.shortlist_for("reverse") if use_shortlist else None
    rows_src: list[list[int]] = []
    rows_tgt: list[list[int]] = []
    for text, hyps in zip(sources, nbest):
        target = reverse.target_tokenizer.encode(reverse_target(text)) + [EOS_ID]
        for h in hyps:
            rows_src.append(reverse.source_tokenizer.encode(forward_target.decode(h.token_ids)))
            rows_tgt.append(target)
    logps: list[float] = []
    total = len(rows_src)
    for i in range(0, total, batch_rows):
        logps += sequence_logprob(reverse.decoding_model, rows_src[i:i + batch_rows], rows_tgt[i:i + batch_rows], device,
                                  shortlist=shortlist)
        yield RerankProgress(done=len(logps), total=total)
    out, pos = [], 0
    for hyps in nbest:
        ranked = []
        for h in hyps:
            per_piece = logps[pos] / len(rows_tgt[pos])
            ranked.append(replace(h, norm_score=h.norm_score + weight * per_piece))
            pos += 1
        ranked.sort(key=lambda h: h.norm_score, reverse=True)
        out.append(ranked)
    return out


def rerank_by_reverse(sources: Sequence[str], nbest: Sequence[Sequence[Hypothesis]], forward_target: Tokenizer,
                      reverse: ModelPackage, weight: float, device: str | torch.device = "cpu",
                      batch_rows: int = 256, reverse_target: Callable[[str], str] = as_reverse_target,
                      use_shortlist: bool = False) -> list[list[Hypothesis]]:
    """``rerank_steps`` run to the end (for callers that do not stream): the reranked lists."""
    return run_to_end(rerank_steps(sources, nbest, forward_target, reverse, weight, device, batch_rows,
                                   reverse_target, use_shortlist))
