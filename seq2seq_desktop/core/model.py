"""Attention encoder-decoder RNN with an explicit step interface.

Shapes use B = batch (sentences x beams), S = source length, T = target length,
E = ``emb_dim``, He = ``enc_hidden`` (per direction), Hd = ``dec_hidden``, V = vocabulary.

Search drives the model one step at a time::

    enc = model.encode(src, src_lens)           # EncoderOutput, states [B, S, 2He]
    state = model.init_state(enc)               # DecoderState
    out = model.decode_step(enc, state, tokens) # logits [B, V], state, attention [B, S]

Modules keep no per-call state on ``self``: everything a step needs travels in ``EncoderOutput``
and ``DecoderState``, so one model can serve several callers (and beams can be reordered with
``select``) without hidden caches.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, NamedTuple

import torch
import torch.nn.functional as F
from torch import Tensor, nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

from .config import ModelConfig
from .shortlist import OutputRows

if TYPE_CHECKING:
    from .transformer import TransformerSeq2Seq

__all__ = ["Seq2Seq", "EncoderOutput", "DecoderState", "StepOutput", "build_model"]

logger = logging.getLogger(__name__)


class _Selectable:
    """Dataclass mixin: ``select(idx)`` gathers every tensor field along the batch dimension."""

    _batch_dims: dict = {}

    def select(self, idx: Tensor):
        """Return a copy whose batch rows are ``self[idx]`` (for beam reordering / expansion)."""
        values = {}
        for f in fields(self):
            v = getattr(self, f.name)
            if isinstance(v, Tensor):
                v = v.index_select(self._batch_dims.get(f.name, 0), idx)
            values[f.name] = v
        return type(self)(**values)


@dataclass
class EncoderOutput(_Selectable):
    """What every decoder step reads from the source.

    states: [B, S, 2He] encoder states (attention values).
    keys:   [B, S, A] attention keys precomputed once per sentence (A depends on the attention).
    mask:   [B, S] bool, True on real source tokens.
    """

    states: Tensor
    keys: Tensor
    mask: Tensor


@dataclass
class DecoderState(_Selectable):
    """Recurrent state between decoder steps.

    hidden: [L, B, Hd]; cell: [L, B, Hd] for LSTM else None;
    feed: [B, E] previous attentional vector (zeros at the start; used with input feeding).
    """

    hidden: Tensor
    cell: Tensor | None
    feed: Tensor

    _batch_dims = {"hidden": 1, "cell": 1}


class StepOutput(NamedTuple):
    """One decoder step: logits [B, V], the new state, attention weights [B, S] (rows sum to 1)."""

    logits: Tensor
    state: DecoderState
    attention: Tensor


class Attention(nn.Module):
    """Bahdanau (additive) or Luong (dot / general) attention over encoder states.

    ``kind="none"`` is no attention at all: the weights are uniform over the real source tokens, so
    the context is the same mean of the encoder states at every step (the textbook single context
    vector), and the heatmap honestly shows that the decoder cannot look anywhere in particular.
    """

    def __init__(self, kind: str, enc_dim: int, query_dim: int):
        super().__init__()
        self.kind = kind
        if kind == "bahdanau":
            self.key_proj = nn.Linear(enc_dim, query_dim, bias=False)
            self.query_proj = nn.Linear(query_dim, query_dim, bias=True)
            self.energy = nn.Linear(query_dim, 1, bias=False)
        elif kind == "luong_general":
            self.key_proj = nn.Linear(enc_dim, query_dim, bias=False)
        # luong_dot and none have no parameters: keys are the encoder states themselves

    def keys(self, states: Tensor) -> Tensor:
        """Precompute keys [B, S, A] from encoder states [B, S, 2He] once per source."""
        return states if self.kind in ("luong_dot", "none") else self.key_proj(states)

    def forward(self, query: Tensor, keys: Tensor, values: Tensor, mask: Tensor) -> tuple[Tensor, Tensor]:
        """Attend with queries [B, Q, Hq] (Q decoder positions) over keys/values [B, S, *].

        Returns context [B, Q, 2He] and weights [B, Q, S].
        """
        if self.kind == "none":
            uniform = mask.unsqueeze(1).to(values.dtype).expand(-1, query.size(1), -1)  # [B, Q, S]
            weights = uniform / uniform.sum(-1, keepdim=True).clamp(min=1.0)
            return torch.bmm(weights, values), weights
        if self.kind == "bahdanau":
            # [B, Q, 1, A] + [B, 1, S, A] -> energies [B, Q, S]
            q = self.query_proj(query).unsqueeze(2)
            scores = self.energy(torch.tanh(q + keys.unsqueeze(1))).squeeze(-1)
        else:
            scores = torch.bmm(query, keys.transpose(1, 2))  # [B, Q, S]
        scores = scores.masked_fill(~mask.unsqueeze(1), float("-inf"))
        weights = torch.softmax(scores, dim=-1)
        return torch.bmm(weights, values), weights


def init_parameters(model: nn.Module) -> None:
    """The initialisation both architectures share: token embeddings (and an untied output matrix)
    normal with std E**-0.5, matrices Xavier-uniform, biases zero, learned positions std 0.02, and the
    padding rows of both embeddings zero.  ``model`` has ``cfg``, ``pad_id``, ``src_embed``, ``tgt_embed``."""
    for name, p in model.named_parameters():
        if "pos_embed" in name:
            nn.init.normal_(p, std=0.02)
        elif "embed" in name or name == "out_weight":
            nn.init.normal_(p, std=model.cfg.emb_dim ** -0.5)
        elif p.dim() >= 2:
            nn.init.xavier_uniform_(p)
        elif "bias" in name:
            nn.init.zeros_(p)
    with torch.no_grad():
        model.src_embed.weight[model.pad_id].zero_()
        model.tgt_embed.weight[model.pad_id].zero_()


class Seq2Seq(nn.Module):
    """Bidirectional-RNN encoder, attention, RNN decoder, tied output projection."""

    def __init__(self, cfg: ModelConfig, pad_id: int = 0):
        super().__init__()
        cfg.validate()
        self.cfg = cfg
        self.pad_id = pad_id
        rnn = nn.GRU if cfg.rnn_type == "gru" else nn.LSTM
        enc_dim = 2 * cfg.enc_hidden
        self.src_embed = nn.Embedding(cfg.src_vocab_size, cfg.emb_dim, padding_idx=pad_id)
        if cfg.share_src_tgt_embeddings:
            self.tgt_embed = self.src_embed
        else:
            self.tgt_embed = nn.Embedding(cfg.tgt_vocab_size, cfg.emb_dim, padding_idx=pad_id)
        self.encoder = rnn(cfg.emb_dim, cfg.enc_hidden, num_layers=cfg.enc_layers, batch_first=True,
                           bidirectional=True, dropout=cfg.dropout if cfg.enc_layers > 1 else 0.0)
        self.bridge = nn.Linear(enc_dim, cfg.dec_layers * cfg.dec_hidden)
        dec_in = cfg.emb_dim + (cfg.emb_dim if cfg.input_feeding else 0)
        if cfg.attention == "bahdanau":
            dec_in += enc_dim  # Bahdanau reads the context before the RNN step
        self.decoder = rnn(dec_in, cfg.dec_hidden, num_layers=cfg.dec_layers, batch_first=True,
                           dropout=cfg.dropout if cfg.dec_layers > 1 else 0.0)
        self.attention = Attention(cfg.attention, enc_dim, cfg.dec_hidden)
        # attentional vector h~ = tanh(W [s_t; c_t]) is E wide so the output matrix can be tied
        self.combine = nn.Linear(cfg.dec_hidden + enc_dim, cfg.emb_dim)
        self.out_bias = nn.Parameter(torch.zeros(cfg.tgt_vocab_size))
        self.out_weight = None if cfg.tie_embeddings else nn.Parameter(torch.empty(cfg.tgt_vocab_size, cfg.emb_dim))
        self.dropout = nn.Dropout(cfg.dropout)
        #: int8 output projection of a decoding copy (``core.quantize``); None in every trained model
        self.quantized_output: nn.Module | None = None
        self._reset_parameters()

    def _reset_parameters(self) -> None:
        init_parameters(self)

    # ----------------------------------------------------------------------------------- encoder
    def encode(self, src: Tensor, src_lens: Tensor) -> EncoderOutput:
        """Encode padded token ids src [B, S] with lengths src_lens [B] (>= 1, on CPU or device)."""
        emb = self.dropout(self.src_embed(src))  # [B, S, E]
        packed = pack_padded_sequence(emb, src_lens.cpu(), batch_first=True, enforce_sorted=False)
        out, _ = self.encoder(packed)
        states, _ = pad_packed_sequence(out, batch_first=True, total_length=src.size(1))  # [B, S, 2He]
        mask = src != self.pad_id
        return EncoderOutput(states=states, keys=self.attention.keys(states), mask=mask)

    def init_state(self, enc: EncoderOutput) -> DecoderState:
        """Initial decoder state from the mean of the encoder states (robust to padding)."""
        m = enc.mask.unsqueeze(-1).to(enc.states.dtype)
        mean = (enc.states * m).sum(1) / m.sum(1).clamp(min=1.0)  # [B, 2He]
        B = mean.size(0)
        h = torch.tanh(self.bridge(mean)).view(B, self.cfg.dec_layers, self.cfg.dec_hidden)
        h = h.transpose(0, 1).contiguous()  # [L, B, Hd]
        cell = torch.zeros_like(h) if self.cfg.rnn_type == "lstm" else None
        feed = enc.states.new_zeros(B, self.cfg.emb_dim)
        return DecoderState(hidden=h, cell=cell, feed=feed)

    # ----------------------------------------------------------------------------------- decoder
    def _rnn(self, x: Tensor, state: DecoderState) -> tuple[Tensor, Tensor, Tensor | None]:
        if self.cfg.rnn_type == "lstm":
            out, (h, c) = self.decoder(x, (state.hidden, state.cell))
            return out, h, c
        out, h = self.decoder(x, state.hidden)
        return out, h, None

    def output_logits(self, attentional: Tensor, rows: OutputRows | None = None) -> Tensor:
        """Project attentional vectors [..., E] to vocabulary logits [..., V] (``rows``: a shortlist's, [..., V'])."""
        if rows is not None:
            return rows.project(attentional)
        if self.quantized_output is not None:  # an int8 copy for decoding (core.quantize); eval only
            return self.quantized_output(attentional)
        weight = self.tgt_embed.weight if self.out_weight is None else self.out_weight
        return F.linear(self.dropout(attentional), weight, self.out_bias)

    def decode_step(self, enc: EncoderOutput, state: DecoderState, tokens: Tensor,
                    rows: OutputRows | None = None) -> StepOutput:
        """Advance every row one step, feeding previous tokens [B]; see module docstring.

        ``rows`` (``core.shortlist.output_rows``) scores only a shortlist's target ids: logits [B, V'].
        """
        attentional, state, weights = self._step(enc, state, tokens)
        return StepOutput(self.output_logits(attentional, rows), state, weights)

    def _step(self, enc: EncoderOutput, state: DecoderState, tokens: Tensor) -> tuple[Tensor, DecoderState, Tensor]:
        """``decode_step`` before the output projection: attentional vectors [B, E], the new
        state and attention [B, S]."""
        emb = self.dropout(self.tgt_embed(tokens)).unsqueeze(1)  # [B, 1, E]
        parts = [emb]
        if self.cfg.input_feeding:
            parts.append(state.feed.unsqueeze(1))
        if self.cfg.attention == "bahdanau":
            query = state.hidden[-1].unsqueeze(1)  # previous top-layer state [B, 1, Hd]
            context, weights = self.attention(query, enc.keys, enc.states, enc.mask)
            out, h, c = self._rnn(torch.cat(parts + [context], dim=-1), state)
        else:
            out, h, c = self._rnn(torch.cat(parts, dim=-1), state)  # out [B, 1, Hd]
            context, weights = self.attention(out, enc.keys, enc.states, enc.mask)
        attentional = torch.tanh(self.combine(torch.cat([out, context], dim=-1))).squeeze(1)  # [B, E]
        return attentional, DecoderState(hidden=h, cell=c, feed=attentional), weights.squeeze(1)

    def forward(self, src: Tensor, src_lens: Tensor, tgt_in: Tensor) -> Tensor:
        """Teacher-forced logits [B, T, V]: the entry point DistributedDataParallel wraps."""
        return self.forward_teacher(self.encode(src, src_lens), tgt_in)[0]

    def can_decode_in_parallel(self) -> bool:
        """True when teacher-forced decoding needs no step loop (Luong attention, no input feeding)."""
        return self.cfg.attention != "bahdanau" and not self.cfg.input_feeding

    def forward_teacher(self, enc: EncoderOutput, tgt_in: Tensor,
                        rows: OutputRows | None = None) -> tuple[Tensor, Tensor]:
        """Teacher-forced logits [B, T, V] ([B, T, V'] over a shortlist's ``rows``) and attention
        [B, T, S] for decoder inputs tgt_in [B, T]."""
        features, weights = self.teacher_features(enc, tgt_in)
        return self.output_logits(features, rows), weights

    def teacher_features(self, enc: EncoderOutput, tgt_in: Tensor) -> tuple[Tensor, Tensor]:
        """``forward_teacher`` before the output projection: the attentional vectors [B, T, E]
        that ``output_logits`` projects, and attention [B, T, S].

        Runs the RNN over all T positions at once when ``can_decode_in_parallel()``; otherwise
        loops over the decoder steps.  Both give the same numbers (tested).
        """
        state = self.init_state(enc)
        if not self.can_decode_in_parallel():
            features, attn = [], []
            for t in range(tgt_in.size(1)):
                attentional, state, weights = self._step(enc, state, tgt_in[:, t])
                features.append(attentional)
                attn.append(weights)
            return torch.stack(features, 1), torch.stack(attn, 1)
        emb = self.dropout(self.tgt_embed(tgt_in))  # [B, T, E]
        out, _, _ = self._rnn(emb, state)  # [B, T, Hd]
        context, weights = self.attention(out, enc.keys, enc.states, enc.mask)  # [B, T, 2He], [B, T, S]
        return torch.tanh(self.combine(torch.cat([out, context], dim=-1))), weights

    def num_parameters(self) -> int:
        """Number of distinct trainable parameters (tied matrices counted once)."""
        return sum(p.numel() for p in self.parameters())


def build_model(cfg: ModelConfig, pad_id: int = 0) -> Seq2Seq | TransformerSeq2Seq:
    """Build a freshly initialised model from its config: ``cfg.arch`` picks the RNN ``Seq2Seq``
    (``"rnn"``) or ``core.transformer.TransformerSeq2Seq`` (``"transformer"``); both have the same
    step interface (see the module docstrings)."""
    cfg.validate()
    if cfg.arch == "transformer":
        from .transformer import TransformerSeq2Seq  # imported here: transformer.py imports this module

        return TransformerSeq2Seq(cfg, pad_id=pad_id)
    return Seq2Seq(cfg, pad_id=pad_id)
