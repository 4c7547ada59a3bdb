"""Training data as the trainer reads it: encoded pairs, length-bucketed batches, padded tensors.

Data convention (shared with ``search.encode_sources``): the encoder reads ``src_ids + [EOS]``;
the decoder reads ``[BOS] + tgt_ids`` and is trained to emit ``tgt_ids + [EOS]``.
"""
from __future__ import annotations

import logging
import random
from collections.abc import Sequence

import torch
from torch import Tensor
from torch.nn.utils.rnn import pad_sequence

from ..core.tokenizer import BOS_ID, EOS_ID, PAD_ID, UNK_ID, Tokenizer

__all__ = ["Example", "encode_pairs", "make_batches", "collate", "drop_source_words"]

logger = logging.getLogger(__name__)

#: one training example: (source piece ids, target piece ids), without BOS / EOS
Example = tuple[list[int], list[int]]


def encode_pairs(pairs: Sequence[tuple[str, str]], src_tok: Tokenizer, tgt_tok: Tokenizer,
                 max_len: int = 80) -> list[Example]:
    """Token ids of each (source, target) pair; pairs with an empty or over-long side are dropped."""
    srcs = src_tok.encode_batch([s for s, _ in pairs])
    tgts = tgt_tok.encode_batch([t for _, t in pairs])
    return [(s, t) for s, t in zip(srcs, tgts) if 0 < len(s) <= max_len and 0 < len(t) <= max_len]


def make_batches(examples: Sequence[Example], tokens_per_batch: int, max_sentences: int,
                 rng: random.Random) -> list[list[int]]:
    """Length-bucketed batches of example indices, in random order.

    Sorting by target then source length (with a little noise so batches differ between epochs)
    keeps padding small; a batch closes when its padded target tokens would pass the budget.
    """
    order = sorted(range(len(examples)),
                   key=lambda i: (len(examples[i][1]) + rng.random() * 2, len(examples[i][0])))
    batches, cur, cur_max = [], [], 0
    for i in order:
        n = len(examples[i][1]) + 1
        if cur and (max(cur_max, n) * (len(cur) + 1) > tokens_per_batch or len(cur) >= max_sentences):
            batches.append(cur)
            cur, cur_max = [], 0
        cur.append(i)
        cur_max = max(cur_max, n)
    if cur:
        batches.append(cur)
    rng.shuffle(batches)
    return batches


def collate(examples: Sequence[Example], device: torch.device) -> tuple[Tensor, Tensor, Tensor, Tensor]:
    """src [B,S] (ids+EOS), src_lens [B], tgt_in [B,T] (BOS+ids), tgt_out [B,T] (ids+EOS)."""
    src = [torch.tensor(s + [EOS_ID]) for s, _ in examples]
    tin = [torch.tensor([BOS_ID] + t) for _, t in examples]
    tout = [torch.tensor(t + [EOS_ID]) for _, t in examples]
    lens = torch.tensor([len(s) for s in src])
    pad = lambda xs: pad_sequence(xs, batch_first=True, padding_value=PAD_ID).to(device)  # noqa: E731
    return pad(src), lens, pad(tin), pad(tout)


def drop_source_words(src: Tensor, p: float, gen: torch.Generator) -> Tensor:
    """``src`` [B,S] with each piece (not padding or EOS) replaced by <unk> with probability ``p``."""
    drop = (torch.rand(src.shape, generator=gen) < p).to(src.device)
    return src.masked_fill(drop & (src != PAD_ID) & (src != EOS_ID), UNK_ID)
