"""Vocabulary shortlists: a translator scores only the target pieces a batch can plausibly need.

At every step of every beam the output layer, the log-softmax, the beam's candidate scores and
its top-k run over the whole target vocabulary (~8,000 pieces): more than half of a translator's
decoding time on a CPU.  A shortlist (Marian's lexical shortlist) restricts them, per batch, to the
union of

- the ``frequent`` target pieces (the most common ones in the training targets),
- for each piece of the batch's sources, its ``candidates``: the target pieces that most often
  occur in a pair's target when that piece is in its source, in the training pairs,
- the special pieces (padding, start, unknown, end of sentence), the placeholders (they are among
  the candidates of their own source piece and the frequent pieces), and any prefix the search is
  forced to begin with.

Log-probabilities are then normalised over the shortlist.  The special pieces are scored although
padding, start and (by default) unknown are banned after the softmax, as over the full vocabulary:
the mass the model gives them then stays out of every hypothesis' score exactly as it does
without a shortlist, and a shortlist of every id decodes exactly as the full vocabulary.

Where it is used is the package's choice (``Shortlist.uses``, config.json ``shortlist.uses``):
``"search"`` for the package's own greedy and beam search, ``"reverse"`` for the reverse check when
it scores another model's translations.  The bundled translators carry none: measured, the
default search was not faster with them (docs/RESULTS.md, "Vocabulary shortlist").  A package
carries its shortlist inside ``model.safetensors`` (tensors ``shortlist.frequent`` and
``shortlist.candidates``, not weights; ``recipes.shortlist`` builds them from the training pairs); a
fine-tuned package has none, since the user's pairs may need pieces the corpus never paired, and
decodes over the full vocabulary.

The search keeps token ids as they are and only its columns change: ``Columns`` maps a column
of the restricted logits to its token id and back.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import torch
import torch.nn.functional as F
from torch import Tensor

from .tokenizer import BOS_ID, EOS_ID, PAD_ID, UNK_ID

__all__ = ["Shortlist", "OutputRows", "Columns", "SHORTLIST_PREFIX", "SHORTLIST_USES", "output_rows"]

#: where a shortlist can be used: the package's own search, and the reverse check it does for the other direction
SHORTLIST_USES = ("search", "reverse")
#: key prefix of the shortlist's tensors in ``model.safetensors`` (everything else is a weight)
SHORTLIST_PREFIX = "shortlist."
#: pieces every shortlist scores: end of sentence, and those the search bans after the softmax
#: (kept in the normaliser, so that scores are normalised as over the full vocabulary)
SPECIAL_IDS = (PAD_ID, UNK_ID, BOS_ID, EOS_ID)


@dataclass(frozen=True)
class Shortlist:
    """A translator's shortlist tables.

    Attributes
    ----------
    frequent : Tensor
        ``[N]`` target ids always scored.
    candidates : Tensor
        ``[V_source, K]`` target ids per source id, best first, ``-1`` where a source piece has
        fewer than K.
    uses : tuple of str
        Where the package uses it (``SHORTLIST_USES``).
    """

    frequent: Tensor
    candidates: Tensor
    uses: tuple[str, ...] = SHORTLIST_USES

    def used_for(self, use: str) -> bool:
        """Whether the package's ``use`` ("search" or "reverse") scores this shortlist."""
        return use in self.uses

    @property
    def per_source(self) -> int:
        """K: candidates kept per source piece."""
        return int(self.candidates.size(1))

    def ids_for(self, src_ids: Sequence[Sequence[int]], extra: Iterable[int] = ()) -> Tensor:
        """Sorted target ids (int64) to score for a batch of source id lists: the shortlist's, the
        ``SPECIAL_IDS``, and every id of ``extra`` (a forced prefix, the targets to score)."""
        pieces = sorted({int(i) for s in src_ids for i in s if 0 <= int(i) < self.candidates.size(0)})
        parts = [self.frequent.long()]
        if pieces:
            cand = self.candidates[torch.tensor(pieces, dtype=torch.long)].reshape(-1)
            parts.append(cand[cand >= 0].long())
        parts.append(torch.tensor([*SPECIAL_IDS, *map(int, extra)], dtype=torch.long))
        return torch.unique(torch.cat(parts))  # sorted

    def to_tensors(self) -> dict[str, Tensor]:
        """The tensors ``model.safetensors`` stores (int16 ids: vocabularies stay under 32,768 pieces)."""
        return {SHORTLIST_PREFIX + "frequent": self.frequent.to(torch.int16).contiguous(),
                SHORTLIST_PREFIX + "candidates": self.candidates.to(torch.int16).contiguous()}

    @classmethod
    def from_tensors(cls, tensors: dict[str, Tensor]) -> Shortlist | None:
        """The shortlist stored among ``tensors``, or None when there is none."""
        f, c = tensors.get(SHORTLIST_PREFIX + "frequent"), tensors.get(SHORTLIST_PREFIX + "candidates")
        if f is None or c is None:
            return None
        return cls(frequent=f.long(), candidates=c.long())

    def fits(self, source_vocab: int, target_vocab: int) -> bool:
        """Whether the tables fit a model of these vocabulary sizes: one row per source piece, every id
        a target piece (or -1 padding among the candidates)."""
        if self.frequent.dim() != 1 or self.candidates.dim() != 2 or self.candidates.size(0) != source_vocab:
            return False
        ids = torch.cat([self.frequent, self.candidates.reshape(-1)])
        return not ids.numel() or (int(ids.max()) < target_vocab and int(ids.min()) >= -1
                                   and (not self.frequent.numel() or int(self.frequent.min()) >= 0))


class OutputRows(NamedTuple):
    """The output layer cut to a shortlist: ``project(x)`` gives logits over ``ids`` only ([..., V'])."""

    ids: Tensor
    project: Callable[[Tensor], Tensor]


def output_rows(model, ids: Tensor) -> OutputRows:
    """The rows of ``model``'s output projection for target ``ids`` (tied to the embeddings or not).

    For an int8 decoding copy (``core.quantize``) they are its int8 rows (``quantize.int8_rows``:
    each logit the same as over the full vocabulary); otherwise an fp32 slice.
    """
    from .quantize import int8_rows, is_quantized

    ids = ids.to(model.out_bias.device)
    if is_quantized(model):
        return OutputRows(ids, int8_rows(model, ids))
    weight = model.tgt_embed.weight if model.out_weight is None else model.out_weight
    w = weight.detach().index_select(0, ids)
    b = model.out_bias.detach().index_select(0, ids)
    return OutputRows(ids, lambda x: F.linear(x, w, b))


class Columns:
    """Which token id each column of a step's logits is: every id in order, or a shortlist's ``ids``."""

    def __init__(self, vocab_size: int, ids: Tensor | None = None):
        self.vocab_size = vocab_size
        self.ids = ids
        self._col_of = None
        if ids is not None:
            self._col_of = torch.full((vocab_size,), -1, dtype=torch.long, device=ids.device)
            self._col_of[ids] = torch.arange(ids.numel(), device=ids.device)

    @property
    def restricted(self) -> bool:
        return self.ids is not None

    def token(self, cols: Tensor) -> Tensor:
        """Token ids of columns ``cols`` (any shape)."""
        return cols if self.ids is None else self.ids[cols]

    def column(self, token: int) -> int:
        """The column of token id ``token`` (-1 when the shortlist lacks it)."""
        return token if self._col_of is None else int(self._col_of[token])

    def columns_of(self, tokens: Sequence[int]) -> list[int]:
        """Columns of those of ``tokens`` the logits have."""
        cols = [self.column(int(t)) for t in tokens]
        return [c for c in cols if c >= 0]

    def restrict(self, per_token: Tensor) -> Tensor:
        """``per_token [R, V]`` (indexed by token id) cut to these columns ``[R, V']``."""
        return per_token if self.ids is None else per_token.index_select(1, self.ids)

    def restrict_ids(self, tokens: Tensor) -> Tensor:
        """Columns of token ids ``tokens`` (any shape); ids the columns lack map to column 0."""
        if self._col_of is None:
            return tokens
        return self._col_of[tokens].clamp_min(0)
