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

``ReverseCheck`` holds one batch's check as chunks of ``batch_rows`` hypotheses that can be scored
in any order, on any thread.  ``rerank_steps`` scores them in order and yields a ``RerankProgress``
after each chunk, so a caller streaming a translation can stop in the middle (a long text has
hundreds of hypotheses to score; one call over all of them cannot be cancelled).
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

__all__ = ["as_reverse_target", "rerank_by_reverse", "rerank_steps", "ReverseCheck", "RerankProgress", "RERANK_ROWS"]

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


class ReverseCheck:
    """One batch's reverse check as ``chunks`` independent pieces of work: ``score(j)`` scores chunk
    ``j`` (``batch_rows`` hypotheses) in any order, on any thread, each chunk once; ``ranked()``
    then gives the reranked lists.  The chunks are the same whoever scores them, so are the numbers
    (int8 activations are quantized per call): ``core.overlap`` shares them between two threads.

    The arguments are ``rerank_steps``'.
    """

    def __init__(self, sources: Sequence[str], nbest: Sequence[Sequence[Hypothesis]], forward_target: Tokenizer,
                 reverse: ModelPackage, weight: float, device: str | torch.device = "cpu",
                 batch_rows: int = RERANK_ROWS, reverse_target: Callable[[str], str] = as_reverse_target,
                 use_shortlist: bool = False):
        if batch_rows < 1:
            raise ValueError(f"batch_rows={batch_rows} must be at least 1")
        self._nbest, self._reverse, self._weight, self._device = nbest, reverse, weight, device
        self.batch_rows = batch_rows
        self._shortlist = reverse.shortlist_for("reverse") if use_shortlist else None
        self._forward_target = forward_target
        self._hyps = [h.token_ids for hyps in nbest for h in hyps]
        self._tgt: list[list[int]] = []
        for text, hyps in zip(sources, nbest):
            target = reverse.target_tokenizer.encode(reverse_target(text)) + [EOS_ID]
            self._tgt += [target] * len(hyps)
        self._logps: list[list[float] | None] = [None] * self.chunks

    @property
    def rows(self) -> int:
        """Hypotheses to score."""
        return len(self._hyps)

    @property
    def chunks(self) -> int:
        """Pieces of work: ``batch_rows`` hypotheses each (the last may hold fewer)."""
        return -(-len(self._hyps) // self.batch_rows)

    def chunk_rows(self, j: int) -> int:
        """Hypotheses in chunk ``j``."""
        return min(self.batch_rows, len(self._hyps) - j * self.batch_rows)

    def score(self, j: int) -> None:
        """Score chunk ``j`` with the reverse model.  Its hypotheses are turned into the reverse
        model's input here, not up front, so that work too falls to whichever thread scores."""
        rows = slice(j * self.batch_rows, (j + 1) * self.batch_rows)
        src = [self._reverse.source_tokenizer.encode(self._forward_target.decode(ids)) for ids in self._hyps[rows]]
        self._logps[j] = sequence_logprob(self._reverse.decoding_model, src, self._tgt[rows], self._device,
                                          shortlist=self._shortlist)

    def ranked(self) -> list[list[Hypothesis]]:
        """Each sentence's hypotheses, all of them, best first by the checked ``norm_score``."""
        if any(lp is None for lp in self._logps):
            raise RuntimeError("ReverseCheck.ranked() before every chunk was scored")
        logps = [lp for chunk in self._logps for lp in chunk]
        out, pos = [], 0
        for hyps in self._nbest:
            ranked = []
            for h in hyps:
                per_piece = logps[pos] / len(self._tgt[pos])
                ranked.append(replace(h, norm_score=h.norm_score + self._weight * per_piece))
                pos += 1
            ranked.sort(key=lambda h: h.norm_score, reverse=True)
            out.append(ranked)
        return out


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
    check = ReverseCheck(sources, nbest, forward_target, reverse, weight, device, batch_rows, reverse_target,
                         use_shortlist)
    done = 0
    for j in range(check.chunks):
        check.score(j)
        done += check.chunk_rows(j)
        yield RerankProgress(done=done, total=check.rows)
    return check.ranked()


def rerank_by_reverse(sources: Sequence[str], nbest: Sequence[Sequence[Hypothesis]], forward_target: Tokenizer,
                      reverse: ModelPackage, weight: float, device: str | torch.device = "cpu",
                      batch_rows: int = 256, reverse_target: Callable[[str], str] = as_reverse_target,
                      use_shortlist: bool = False) -> list[list[Hypothesis]]:
    """``rerank_steps`` run to the end (for callers that do not stream): the reranked lists."""
    return run_to_end(rerank_steps(sources, nbest, forward_target, reverse, weight, device, batch_rows,
                                   reverse_target, use_shortlist))
