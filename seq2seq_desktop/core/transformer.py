"""Compact pre-norm Transformer encoder-decoder behind the same step interface as ``core.model.Seq2Seq``.

Shapes use B = batch (sentences x beams), S = source length, T = target length, t = target steps
decoded so far, E = ``emb_dim`` (d_model), H = ``heads``, Dh = E / H, F = ``ff_dim``,
Le / Ld = ``enc_layers`` / ``dec_layers``, V = target vocabulary.

Search drives it exactly like the RNN::

    enc = model.encode(src, src_lens)           # TransformerEncoderOutput: states [B, S, E], mask [B, S],
                                                #   cross-attention keys / values [B, Ld, H, S, Dh]
    state = model.init_state(enc)               # TransformerDecoderState: empty self-attention cache, t = 0
    out = model.decode_step(enc, state, tokens) # logits [B, V], state (t + 1), attention [B, S],
                                                #   cross_attention [B, Ld, H, S]

The module keeps nothing between calls on ``self``.  The source side (encoder states and every
decoder layer's cross-attention keys and values, computed once per sentence in ``encode``) lives
in ``TransformerEncoderOutput``; the target side (the self-attention keys and values of every
position decoded so far, per layer) lives in ``TransformerDecoderState``, which ``decode_step``
takes and returns.  Both are dataclasses of tensors whose first dimension is the batch, with the
same ``select(idx)`` as the RNN's, so beam reordering and finished-row removal work unchanged.
Cross-attention keys sit with the encoder output rather than in the step state because they only
change when rows leave the batch, while the search reorders the state on every beam step.

``TransformerStepOutput.attention`` (the heatmap's) is the last decoder layer's cross-attention averaged
over heads; every layer and head is in ``cross_attention``.  ``forward_teacher`` (teacher forcing)
and step-by-step decoding run the same code, so they agree to float rounding (tested).
"""
from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from typing import NamedTuple

import torch
import torch.nn.functional as F
from torch import Tensor, nn

from .config import ModelConfig
from .errors import ConfigError
from .model import _Selectable, init_parameters
from .shortlist import OutputRows

__all__ = ["TransformerSeq2Seq", "TransformerEncoderOutput", "TransformerDecoderState", "TransformerStepOutput",
           "TeacherOutput", "sinusoidal_positions"]

logger = logging.getLogger(__name__)


@dataclass
class TransformerEncoderOutput(_Selectable):
    """What every decoder step reads from the source (rows selectable with ``select``).

    states: [B, S, E] final encoder states (after the last LayerNorm).
    mask:   [B, S] bool, True on real source tokens.
    keys:   [B, Ld, H, S, Dh] cross-attention keys of every decoder layer, projected once per sentence.
    values: [B, Ld, H, S, Dh] cross-attention values, likewise.
    """

    states: Tensor
    mask: Tensor
    keys: Tensor
    values: Tensor


@dataclass
class TransformerDecoderState(_Selectable):
    """Self-attention cache between decoder steps (rows selectable with ``select``).

    keys:   [B, Ld, H, t, Dh] keys of the t target positions decoded so far, per decoder layer.
    values: [B, Ld, H, t, Dh] their values.
    The next position to decode is ``t`` (``position``); ``init_state`` gives t = 0.
    """

    keys: Tensor
    values: Tensor

    @property
    def position(self) -> int:
        """Number of target positions already decoded (0-based position of the next one)."""
        return self.keys.size(3)


class TransformerStepOutput(NamedTuple):
    """One decoder step.

    logits [B, V]; the new state; attention [B, S] (last layer, mean over heads; rows sum to 1);
    cross_attention [B, Ld, H, S] (every layer and head; rows sum to 1).
    """

    logits: Tensor
    state: TransformerDecoderState
    attention: Tensor
    cross_attention: Tensor


class TeacherOutput(NamedTuple):
    """Teacher-forced pass: logits [B, T, V], attention [B, T, S], cross_attention [B, T, Ld, H, S]."""

    logits: Tensor
    attention: Tensor
    cross_attention: Tensor


def sinusoidal_positions(positions: Tensor, dim: int) -> Tensor:
    """Sinusoidal position vectors [T, dim] for integer positions [T] (Vaswani et al. 2017, sec. 3.5).

    Even columns hold ``sin(p / 10000**(2i/dim))``, odd ones the cosine; an odd ``dim`` drops the
    last cosine.  Computed on the fly, so any position works and nothing is stored.
    """
    half = (dim + 1) // 2
    freq = torch.exp(torch.arange(half, device=positions.device, dtype=torch.float32) * (-math.log(10000.0) * 2 / dim))
    angles = positions.to(torch.float32).unsqueeze(1) * freq.unsqueeze(0)  # [T, half]
    out = torch.stack([angles.sin(), angles.cos()], dim=2).view(positions.numel(), 2 * half)  # [T, 2*half] interleaved
    return out[:, :dim]


def _split_heads(x: Tensor, heads: int) -> Tensor:
    """[B, T, E] -> [B, H, T, Dh]."""
    B, T, E = x.shape
    return x.view(B, T, heads, E // heads).transpose(1, 2)


def _merge_heads(x: Tensor) -> Tensor:
    """[B, H, T, Dh] -> [B, T, E]."""
    B, H, T, Dh = x.shape
    return x.transpose(1, 2).reshape(B, T, H * Dh)


class MultiHeadAttention(nn.Module):
    """Scaled dot-product attention over H heads with separate query / key / value / output projections.

    Keys and values are projected apart from the query (``project_kv``) so that the caller can
    compute them once (cross-attention) or append them to a cache (decoder self-attention).
    """

    def __init__(self, dim: int, heads: int, dropout: float):
        super().__init__()
        self.heads = heads
        self.q_proj = nn.Linear(dim, dim)
        self.k_proj = nn.Linear(dim, dim)
        self.v_proj = nn.Linear(dim, dim)
        self.out_proj = nn.Linear(dim, dim)
        self.dropout = nn.Dropout(dropout)

    def project_kv(self, x: Tensor) -> tuple[Tensor, Tensor]:
        """Keys and values [B, H, T, Dh] of inputs x [B, T, E]."""
        return _split_heads(self.k_proj(x), self.heads), _split_heads(self.v_proj(x), self.heads)

    def forward(self, query: Tensor, keys: Tensor, values: Tensor, mask: Tensor | None) -> tuple[Tensor, Tensor]:
        """Attend from query [B, Tq, E] over keys / values [B, H, Tk, Dh].

        ``mask`` is bool, True where a key may be attended, broadcastable to [B, H, Tq, Tk]
        (every query must see at least one key), or None for all keys.  Returns the output
        [B, Tq, E] and the weights [B, H, Tq, Tk] (before dropout; rows sum to 1).
        """
        q = _split_heads(self.q_proj(query), self.heads)  # [B, H, Tq, Dh]
        scores = torch.matmul(q, keys.transpose(-1, -2)) * (q.size(-1) ** -0.5)  # [B, H, Tq, Tk]
        if mask is not None:
            scores = scores.masked_fill(~mask, float("-inf"))
        weights = torch.softmax(scores, dim=-1)
        out = torch.matmul(self.dropout(weights), values)  # [B, H, Tq, Dh]
        return self.out_proj(_merge_heads(out)), weights


class FeedForward(nn.Module):
    """Position-wise feed-forward block: Linear(E, F) -> ReLU -> dropout -> Linear(F, E)."""

    def __init__(self, dim: int, ff_dim: int, dropout: float):
        super().__init__()
        self.fc1 = nn.Linear(dim, ff_dim)
        self.fc2 = nn.Linear(ff_dim, dim)
        self.dropout = nn.Dropout(dropout)

    def forward(self, x: Tensor) -> Tensor:
        """[..., E] -> [..., E]."""
        return self.fc2(self.dropout(F.relu(self.fc1(x))))


class EncoderLayer(nn.Module):
    """Pre-norm encoder layer: x + SelfAttn(LN(x)), then x + FF(LN(x))."""

    def __init__(self, cfg: ModelConfig):
        super().__init__()
        self.self_norm = nn.LayerNorm(cfg.emb_dim)
        self.self_attn = MultiHeadAttention(cfg.emb_dim, cfg.heads, cfg.dropout)
        self.ff_norm = nn.LayerNorm(cfg.emb_dim)
        self.ff = FeedForward(cfg.emb_dim, cfg.ff_dim, cfg.dropout)
        self.dropout = nn.Dropout(cfg.dropout)

    def forward(self, x: Tensor, mask: Tensor) -> Tensor:
        """x [B, S, E], key mask [B, 1, 1, S] -> [B, S, E]."""
        h = self.self_norm(x)
        k, v = self.self_attn.project_kv(h)
        x = x + self.dropout(self.self_attn(h, k, v, mask)[0])
        return x + self.dropout(self.ff(self.ff_norm(x)))


class DecoderLayer(nn.Module):
    """Pre-norm decoder layer: causal self-attention, cross-attention, feed-forward, each residual."""

    def __init__(self, cfg: ModelConfig):
        super().__init__()
        self.self_norm = nn.LayerNorm(cfg.emb_dim)
        self.self_attn = MultiHeadAttention(cfg.emb_dim, cfg.heads, cfg.dropout)
        self.cross_norm = nn.LayerNorm(cfg.emb_dim)
        self.cross_attn = MultiHeadAttention(cfg.emb_dim, cfg.heads, cfg.dropout)
        self.ff_norm = nn.LayerNorm(cfg.emb_dim)
        self.ff = FeedForward(cfg.emb_dim, cfg.ff_dim, cfg.dropout)
        self.dropout = nn.Dropout(cfg.dropout)

    def forward(self, x: Tensor, past_k: Tensor, past_v: Tensor, causal: Tensor | None, cross_k: Tensor,
                cross_v: Tensor, src_mask: Tensor) -> tuple[Tensor, Tensor, Tensor, Tensor]:
        """Run T new target positions x [B, T, E] after t cached ones.

        past_k / past_v [B, H, t, Dh]; causal [T, t + T] bool (None when T == 1: all keys visible);
        cross_k / cross_v [B, H, S, Dh]; src_mask [B, 1, 1, S].
        Returns x [B, T, E], keys and values [B, H, t + T, Dh] (the cache grown by T) and the
        cross-attention weights [B, H, T, S].
        """
        h = self.self_norm(x)
        k_new, v_new = self.self_attn.project_kv(h)  # [B, H, T, Dh]
        k = torch.cat([past_k, k_new], dim=2)  # [B, H, t + T, Dh]
        v = torch.cat([past_v, v_new], dim=2)
        x = x + self.dropout(self.self_attn(h, k, v, causal)[0])
        ctx, cross = self.cross_attn(self.cross_norm(x), cross_k, cross_v, src_mask)
        x = x + self.dropout(ctx)
        x = x + self.dropout(self.ff(self.ff_norm(x)))
        return x, k, v, cross


class TransformerEncoder(nn.Module):
    """Positions + ``enc_layers`` pre-norm layers + final LayerNorm (everything ``freeze_encoder`` freezes
    besides the source embeddings)."""

    def __init__(self, cfg: ModelConfig):
        super().__init__()
        self.pos_embed = nn.Embedding(cfg.max_positions, cfg.emb_dim) if cfg.positions == "learned" else None
        self.layers = nn.ModuleList(EncoderLayer(cfg) for _ in range(cfg.enc_layers))
        self.norm = nn.LayerNorm(cfg.emb_dim)

    def forward(self, x: Tensor, key_mask: Tensor) -> Tensor:
        """Embedded source x [B, S, E] (positions added), key_mask [B, 1, 1, S] -> states [B, S, E]."""
        for layer in self.layers:
            x = layer(x, key_mask)
        return self.norm(x)


class TransformerDecoder(nn.Module):
    """Positions + ``dec_layers`` pre-norm layers + final LayerNorm."""

    def __init__(self, cfg: ModelConfig):
        super().__init__()
        self.pos_embed = nn.Embedding(cfg.max_positions, cfg.emb_dim) if cfg.positions == "learned" else None
        self.layers = nn.ModuleList(DecoderLayer(cfg) for _ in range(cfg.dec_layers))
        self.norm = nn.LayerNorm(cfg.emb_dim)


class TransformerSeq2Seq(nn.Module):
    """Pre-norm Transformer encoder-decoder with the RNN ``Seq2Seq``'s public interface.

    Parameters
    ----------
    cfg : ModelConfig
        ``arch="transformer"``; validated here (``ConfigError`` otherwise).
    pad_id : int
        Padding id of both vocabularies (its embedding rows are zero and get no gradient).

    Attributes used by the trainer and the package code (same names as the RNN's):
    ``cfg``, ``pad_id``, ``src_embed``, ``tgt_embed`` (the same module when
    ``share_src_tgt_embeddings``), ``encoder`` (``freeze_encoder`` freezes it with ``src_embed``),
    ``out_bias`` and ``out_weight`` (None when ``tie_embeddings``: the output matrix is the target
    embedding), so ``training.placeholders.grow_vocabulary`` grows it like the RNN.
    """

    def __init__(self, cfg: ModelConfig, pad_id: int = 0):
        super().__init__()
        cfg.validate()
        if cfg.arch != "transformer":
            raise ConfigError.format("TransformerSeq2Seq needs arch='transformer', got arch={arch!r}", arch=cfg.arch)
        self.cfg = cfg
        self.pad_id = pad_id
        E = cfg.emb_dim
        self.src_embed = nn.Embedding(cfg.src_vocab_size, E, padding_idx=pad_id)
        if cfg.share_src_tgt_embeddings:
            self.tgt_embed = self.src_embed
        else:
            self.tgt_embed = nn.Embedding(cfg.tgt_vocab_size, E, padding_idx=pad_id)
        self.encoder = TransformerEncoder(cfg)
        self.decoder = TransformerDecoder(cfg)
        self.out_bias = nn.Parameter(torch.zeros(cfg.tgt_vocab_size))
        self.out_weight = None if cfg.tie_embeddings else nn.Parameter(torch.empty(cfg.tgt_vocab_size, E))
        self.dropout = nn.Dropout(cfg.dropout)
        #: int8 output projection of a decoding copy (``core.quantize``); None in every trained model
        self.quantized_output: nn.Module | None = None
        self._reset_parameters()

    def _reset_parameters(self) -> None:
        init_parameters(self)

    def _embed(self, embed: nn.Embedding, pos_embed: nn.Embedding | None, ids: Tensor, start: int) -> Tensor:
        """Token ids [B, T] at positions start..start+T-1 -> dropout(sqrt(E) * embedding + position) [B, T, E]."""
        T = ids.size(1)
        positions = torch.arange(start, start + T, device=ids.device)  # [T]
        if pos_embed is None:
            pos = sinusoidal_positions(positions, self.cfg.emb_dim)
        else:  # learned: positions past the table reuse its last row
            pos = pos_embed(positions.clamp(max=self.cfg.max_positions - 1))
        x = embed(ids) * math.sqrt(self.cfg.emb_dim) + pos.to(embed.weight.dtype).unsqueeze(0)
        return self.dropout(x)

    # ----------------------------------------------------------------------------------- encoder
    def encode(self, src: Tensor, src_lens: Tensor) -> TransformerEncoderOutput:
        """Encode padded token ids src [B, S] with lengths src_lens [B] (>= 1, on CPU or device).

        Returns states [B, S, E] (rows past a sentence's length are unused), mask [B, S] and every
        decoder layer's cross-attention keys / values [B, Ld, H, S, Dh].
        """
        S = src.size(1)
        mask = torch.arange(S, device=src.device).unsqueeze(0) < src_lens.to(src.device).unsqueeze(1)  # [B, S]
        key_mask = mask[:, None, None, :]  # [B, 1, 1, S]
        x = self._embed(self.src_embed, self.encoder.pos_embed, src, 0)  # [B, S, E]
        states = self.encoder(x, key_mask)  # [B, S, E]
        kv = [layer.cross_attn.project_kv(states) for layer in self.decoder.layers]  # Ld x ([B, H, S, Dh], same)
        keys = torch.stack([k for k, _ in kv], dim=1)  # [B, Ld, H, S, Dh]
        values = torch.stack([v for _, v in kv], dim=1)
        return TransformerEncoderOutput(states=states, mask=mask, keys=keys, values=values)

    def init_state(self, enc: TransformerEncoderOutput) -> TransformerDecoderState:
        """Empty self-attention cache (t = 0) for the rows of ``enc``: keys / values [B, Ld, H, 0, Dh]."""
        B, Ld, H, _, Dh = enc.keys.shape
        empty = enc.keys.new_zeros(B, Ld, H, 0, Dh)
        return TransformerDecoderState(keys=empty, values=empty.clone())

    # ----------------------------------------------------------------------------------- decoder
    def output_logits(self, hidden: Tensor, rows: OutputRows | None = None) -> Tensor:
        """Project decoder outputs [..., E] to vocabulary logits [..., V] (``rows``: a shortlist's, [..., V'])."""
        if rows is not None:
            return rows.project(hidden)
        if self.quantized_output is not None:  # an int8 copy for decoding (core.quantize); eval only
            return self.quantized_output(hidden)
        weight = self.tgt_embed.weight if self.out_weight is None else self.out_weight
        return F.linear(self.dropout(hidden), weight, self.out_bias)

    def _decode(self, enc: TransformerEncoderOutput, state: TransformerDecoderState,
                tgt: Tensor, rows: OutputRows | None = None) -> tuple[Tensor, TransformerDecoderState, Tensor]:
        """Run target ids tgt [B, T] at positions t..t+T-1 after the t cached ones.

        Returns logits [B, T, V], the state grown to t + T, and cross-attention [B, T, Ld, H, S].
        Both ``decode_step`` (T = 1) and ``forward_teacher`` (t = 0) go through here.
        """
        hidden, new_state, cross = self._decode_hidden(enc, state, tgt)
        return self.output_logits(hidden, rows), new_state, cross  # logits [B, T, V] (V' with rows)

    def _decode_hidden(self, enc: TransformerEncoderOutput, state: TransformerDecoderState,
                       tgt: Tensor) -> tuple[Tensor, TransformerDecoderState, Tensor]:
        """``_decode`` before the output projection: the final-norm decoder outputs [B, T, E]."""
        t, T = state.position, tgt.size(1)
        x = self._embed(self.tgt_embed, self.decoder.pos_embed, tgt, t)  # [B, T, E]
        causal = None
        if T > 1:  # query i (position t + i) sees keys 0..t + i
            q_pos = torch.arange(t, t + T, device=tgt.device).unsqueeze(1)  # [T, 1]
            causal = torch.arange(t + T, device=tgt.device).unsqueeze(0) <= q_pos  # [T, t + T]
        src_mask = enc.mask[:, None, None, :]  # [B, 1, 1, S]
        keys, values, cross = [], [], []
        for i, layer in enumerate(self.decoder.layers):
            x, k, v, w = layer(x, state.keys[:, i], state.values[:, i], causal, enc.keys[:, i], enc.values[:, i],
                               src_mask)
            keys.append(k)  # [B, H, t + T, Dh]
            values.append(v)
            cross.append(w)  # [B, H, T, S]
        new_state = TransformerDecoderState(keys=torch.stack(keys, 1), values=torch.stack(values, 1))
        return (self.decoder.norm(x), new_state,
                torch.stack(cross, 1).permute(0, 3, 1, 2, 4))  # [B, Ld, H, T, S] -> [B, T, Ld, H, S]

    def decode_step(self, enc: TransformerEncoderOutput, state: TransformerDecoderState,
                    tokens: Tensor, rows: OutputRows | None = None) -> TransformerStepOutput:
        """Advance every row one step, feeding previous tokens [B]; see the module docstring.

        Returns logits [B, V] ([B, V'] over a shortlist's ``rows``), the state with one more cached
        position, attention [B, S] (last layer, mean over heads) and cross_attention [B, Ld, H, S].
        """
        logits, new_state, cross = self._decode(enc, state, tokens.unsqueeze(1), rows)
        cross = cross.squeeze(1)  # [B, Ld, H, S]
        return TransformerStepOutput(logits.squeeze(1), new_state, cross[:, -1].mean(1), cross)

    def decode_teacher(self, enc: TransformerEncoderOutput, tgt_in: Tensor,
                       rows: OutputRows | None = None) -> TeacherOutput:
        """Teacher-forced pass over decoder inputs tgt_in [B, T] in parallel (causal masking).

        Returns logits [B, T, V], attention [B, T, S] and cross_attention [B, T, Ld, H, S].
        Right padding in tgt_in only affects the padded positions themselves.
        """
        logits, _, cross = self._decode(enc, self.init_state(enc), tgt_in, rows)
        return TeacherOutput(logits, cross[:, :, -1].mean(2), cross)

    def forward_teacher(self, enc: TransformerEncoderOutput, tgt_in: Tensor,
                        rows: OutputRows | None = None) -> tuple[Tensor, Tensor]:
        """Teacher-forced logits [B, T, V] ([B, T, V'] over a shortlist's ``rows``) and attention [B, T, S]
        for decoder inputs tgt_in [B, T]."""
        out = self.decode_teacher(enc, tgt_in, rows)
        return out.logits, out.attention

    def teacher_features(self, enc: TransformerEncoderOutput, tgt_in: Tensor) -> tuple[Tensor, Tensor]:
        """``forward_teacher`` before the output projection: the decoder outputs [B, T, E] that
        ``output_logits`` projects, and attention [B, T, S] (last layer, mean over heads)."""
        hidden, _, cross = self._decode_hidden(enc, self.init_state(enc), tgt_in)
        return hidden, cross[:, :, -1].mean(2)

    def forward(self, src: Tensor, src_lens: Tensor, tgt_in: Tensor) -> Tensor:
        """Teacher-forced logits [B, T, V]: the entry point DistributedDataParallel wraps."""
        return self.forward_teacher(self.encode(src, src_lens), tgt_in)[0]

    def can_decode_in_parallel(self) -> bool:
        """Always True: teacher forcing runs every target position at once."""
        return True

    def num_parameters(self) -> int:
        """Number of distinct trainable parameters (tied matrices counted once)."""
        return sum(p.numel() for p in self.parameters())
