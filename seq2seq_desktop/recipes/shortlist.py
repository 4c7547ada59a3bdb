"""Build a translator's vocabulary shortlist (``core.shortlist``) from its training pairs.

For every source piece ``s`` the candidates are the target pieces ``t`` ranked by how often ``t``
is in a pair's target when ``s`` is in its source: ``c(s, t) / c(s)`` over the pairs, counting
each piece once per sentence (a co-occurrence estimate of ``p(t in target | s in source)``).  The
``frequent`` pieces (those in most targets) are always scored, so each source piece's list holds
the best pieces beyond them.  No aligner is needed: with a few thousand pieces per side the full
co-occurrence table fits in memory, and the ranking only has to keep a piece, not align it.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import torch

from ..core.shortlist import SPECIAL_IDS, Shortlist
from ..core.tokenizer import Tokenizer

__all__ = ["build_shortlist", "cooccurrence_counts"]

#: pairs counted per numpy pass (bounds the temporary index arrays)
CHUNK_PAIRS = 20_000


def cooccurrence_counts(src_ids: Sequence[Sequence[int]], tgt_ids: Sequence[Sequence[int]], vs: int,
                        vt: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per-sentence counts: ``c_src [vs]``, ``c_tgt [vt]`` and ``c_pair [vs, vt]`` (int64), each piece
    counted once per sentence."""
    c_src = np.zeros(vs, dtype=np.int64)
    c_tgt = np.zeros(vt, dtype=np.int64)
    c_pair = np.zeros(vs * vt, dtype=np.int64)
    for start in range(0, len(src_ids), CHUNK_PAIRS):
        flat = []
        for s, t in zip(src_ids[start:start + CHUNK_PAIRS], tgt_ids[start:start + CHUNK_PAIRS]):
            su = np.unique(np.asarray(s, dtype=np.int64))
            tu = np.unique(np.asarray(t, dtype=np.int64))
            if not su.size or not tu.size:
                continue
            c_src[su] += 1
            c_tgt[tu] += 1
            flat.append((su[:, None] * vt + tu[None, :]).ravel())
        if flat:
            c_pair += np.bincount(np.concatenate(flat), minlength=vs * vt)
    return c_src, c_tgt, c_pair.reshape(vs, vt)


def build_shortlist(pairs: Sequence[tuple[str, str]], src_tok: Tokenizer, tgt_tok: Tokenizer, *,
                    frequent: int, per_source: int, min_count: int = 2) -> Shortlist:
    """The shortlist of ``pairs`` (source text, target text) as the tokenizers split them.

    ``frequent``: target pieces always scored; ``per_source``: candidates kept per source piece
    (only those seen with it in at least ``min_count`` pairs).
    """
    vs, vt = src_tok.vocab_size, tgt_tok.vocab_size
    src_ids = src_tok.encode_batch([s for s, _ in pairs])
    tgt_ids = tgt_tok.encode_batch([t for _, t in pairs])
    c_src, c_tgt, c_pair = cooccurrence_counts(src_ids, tgt_ids, vs, vt)
    c_tgt[list(SPECIAL_IDS)] = -1  # never chosen as frequent
    top = np.argsort(-c_tgt, kind="stable")[:frequent]
    top = top[c_tgt[top] > 0]
    always = np.zeros(vt, dtype=bool)
    always[top] = True
    always[list(SPECIAL_IDS)] = True
    score = c_pair / np.maximum(c_src, 1)[:, None]  # [vs, vt]
    score[:, always] = -1.0
    score[c_pair < min_count] = -1.0
    k = min(per_source, vt)
    best = np.argpartition(-score, k - 1, axis=1)[:, :k] if k < vt else np.tile(np.arange(vt), (vs, 1))
    best_scores = np.take_along_axis(score, best, axis=1)
    order = np.argsort(-best_scores, axis=1, kind="stable")
    best = np.take_along_axis(best, order, axis=1)
    best_scores = np.take_along_axis(best_scores, order, axis=1)
    best[best_scores < 0] = -1
    return Shortlist(frequent=torch.as_tensor(np.sort(top), dtype=torch.long),
                     candidates=torch.as_tensor(best, dtype=torch.long))
