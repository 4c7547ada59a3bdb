"""int8 decoding on CPU: a quantized copy of a model for search, the fp32 model kept for training.

Decoding a sentence on a laptop CPU is dominated by two kinds of matrix products: the recurrent
layers (every step of the encoder and decoder GRUs) and the output projection (``emb_dim`` x
vocabulary, 256 x 8,000 for the translators, once per step per beam).  PyTorch's *dynamic* int8
quantization stores those weights as int8 with one scale per output row (per-channel) and
quantizes each step's activations on the fly, so the products run on int8 kernels (fbgemm / x86 /
qnnpack) while everything else (embeddings, attention, softmax, the search) stays fp32.

``quantize_for_decoding(model)`` returns such a copy and leaves ``model`` untouched: fine-tuning
needs the fp32 weights, and the explorer's "full precision" comparison too.  What it changes:

* the output projection (tied to the target embeddings) becomes an int8 ``Linear`` in the copy's
  ``quantized_output``, which ``Seq2Seq.output_logits`` / ``TransformerSeq2Seq.output_logits`` use
  when it is set (the embeddings themselves stay fp32: a lookup gains nothing from int8);
* RNN models: the encoder and decoder GRU / LSTM become dynamic int8 RNNs (same call interface,
  packed sequences included);
* Transformer models: every ``nn.Linear`` (attention and feed-forward projections).

Measured on the bundled translators (docs/RESULTS.md, "int8 search and memory"): the app's default
search 1.6-1.9x faster on 2 cores, BLEU on average 0.1-0.2 below fp32 on three held-out sets.  ``precision``
"auto" (``resolve_precision``) uses int8 for the translators on a CPU when PyTorch has a quantized
engine, and fp32 for the chat models and on CUDA, where int8 dynamic kernels do not exist.
"""
from __future__ import annotations

import copy
import functools
import warnings

import torch
from torch import nn

from .errors import ConfigError

__all__ = ["PRECISIONS", "INT8_AUTO_TASKS", "int8_available", "resolve_precision", "quantize_for_decoding", "is_quantized",
           "int8_linear", "int8_rows", "Int8RowEmbedding"]

#: ``Engine.load(precision=...)`` / ``--precision`` choices
PRECISIONS = ("auto", "fp32", "int8")


def int8_available() -> bool:
    """Whether this PyTorch build has a CPU engine for dynamic int8 kernels."""
    engines = set(torch.backends.quantized.supported_engines) - {"none"}
    return bool(engines)


#: package tasks "auto" searches in int8: the translators, whose BLEU int8 was measured to keep.  The
#: chat models stay fp32 under "auto": their replies are sampled and were judged in fp32, and int8
#: would change which reply a seed draws without that being judged (they are small and fast anyway).
INT8_AUTO_TASKS = ("translate",)


def resolve_precision(precision: str, device: str | torch.device, task: str = "translate") -> str:
    """``"fp32"`` or ``"int8"`` for ``precision`` ("auto", "fp32", "int8") on ``device`` for a ``task`` model.

    "auto" is int8 for a translator on the CPU when available, fp32 otherwise.  Asking for int8 where
    it cannot run (CUDA, or a build without a quantized engine) is a ``ConfigError`` rather than a
    silent fp32.
    """
    if precision not in PRECISIONS:
        raise ConfigError.format("precision must be one of {choices}; got {precision!r}",
                                 choices=", ".join(PRECISIONS), precision=precision)
    on_cpu = torch.device(device).type == "cpu"
    if precision == "auto":
        return "int8" if on_cpu and int8_available() and task in INT8_AUTO_TASKS else "fp32"
    if precision == "int8" and not (on_cpu and int8_available()):
        raise ConfigError.format("int8 decoding needs the CPU and a PyTorch build with a quantized engine; "
                                 "use precision fp32 here")
    return precision


def is_quantized(model: nn.Module) -> bool:
    """Whether ``model`` is a copy made by ``quantize_for_decoding``."""
    return getattr(model, "quantized_output", None) is not None


def quantize_for_decoding(model: nn.Module) -> nn.Module:
    """An int8 copy of ``model`` (a ``Seq2Seq`` or ``TransformerSeq2Seq`` on the CPU) for search only.

    The copy is in eval mode and must not be trained; ``model`` is not modified.  For the RNN the
    copy shares the fp32 modules it does not quantize (embeddings, attention, bridge) with
    ``model`` instead of duplicating them: a translator's copy then costs ~10 MB, not ~70 MB.
    """
    from torch.ao.nn.quantized import dynamic as qnn
    from torch.ao.quantization import per_channel_dynamic_qconfig, quantize_dynamic

    if next(model.parameters()).device.type != "cpu":
        raise ConfigError.format("int8 decoding runs on the CPU only")

    weight = model.tgt_embed.weight if model.out_weight is None else model.out_weight
    with warnings.catch_warnings():
        # torch.ao.quantization's eager API warns that it is moving to torchao; it is the only one
        # with int8 GRU/LSTM kernels in this PyTorch, and the tests pin its results to fp32's
        warnings.simplefilter("ignore")
        if getattr(model.cfg, "arch", "rnn") == "rnn":
            q = copy.copy(model)  # a new module whose child and parameter tables are its own dicts
            q._modules, q._parameters, q._buffers = dict(model._modules), dict(model._parameters), dict(model._buffers)
            for name, child in model.named_children():
                if isinstance(child, nn.GRU):
                    gru = _int8(child, qnn.GRU)
                    gru.__class__ = _packed_call_gru()  # the same module, one method faster
                    setattr(q, name, gru)
                elif isinstance(child, nn.LSTM):
                    setattr(q, name, _int8(child, qnn.LSTM))
        else:  # the Transformer's projections sit deep inside its layers: quantize a full copy
            q = quantize_dynamic(copy.deepcopy(model), {nn.Linear: per_channel_dynamic_qconfig}, dtype=torch.qint8,
                                 inplace=True)
        q.quantized_output = int8_linear(weight, model.out_bias)
    # the projection's int8 rows, per-channel scales and bias, for shortlists (``int8_rows``)
    w = q.quantized_output.weight()
    q.quantized_output_rows = (w.int_repr(), w.q_per_channel_scales(), w.q_per_channel_zero_points(),
                               model.out_bias.detach())
    q.eval()
    return q


def _int8(module: nn.Module, cls) -> nn.Module:
    """``cls.from_float(module)`` with per-channel dynamic int8 weights."""
    from torch.ao.quantization import per_channel_dynamic_qconfig

    module.qconfig = per_channel_dynamic_qconfig  # from_float reads it; the fp32 model keeps none
    try:
        return cls.from_float(module)
    finally:
        del module.qconfig


@functools.cache
def _packed_call_gru() -> type:
    """PyTorch's dynamic int8 GRU, calling its packed-sequence kernel by overload name.

    ``torch.quantized_gru`` is an overload packet: given packed sequences (the encoder's, always) it
    first tries the padded overload, and that failed argument match formats the hidden-state tensor
    into an error message it then discards: 0.7 ms of a one-sentence encoder call, 1.8 ms of a
    32-row one (docs/RESULTS.md), paid once per decoder batch and once per reverse-check chunk.
    Padded input takes the module's own path.
    """
    from torch.ao.nn.quantized import dynamic as qnn

    class PackedCallGRU(qnn.GRU):
        def forward_impl(self, input, hx, batch_sizes, max_batch_size, sorted_indices):
            if batch_sizes is None:
                return super().forward_impl(input, hx, batch_sizes, max_batch_size, sorted_indices)
            if hx is None:
                directions = 2 if self.bidirectional else 1
                hx = torch.zeros(self.num_layers * directions, max_batch_size, self.hidden_size,
                                 dtype=input.dtype, device=input.device)
            else:
                hx = self.permute_hidden(hx, sorted_indices)
            self.check_forward_args(input, hx, batch_sizes)
            output, hidden = torch.ops.aten.quantized_gru.data(
                input, batch_sizes, hx, [m.param for m in self._all_weight_values], self.bias, self.num_layers,
                float(self.dropout), self.training, self.bidirectional)
            return output, hidden

    return PackedCallGRU


def int8_linear(weight: torch.Tensor, bias: torch.Tensor) -> nn.Module:
    """A dynamic int8 ``Linear`` computing ``x @ weight.T + bias`` (weights per-channel int8).

    The output projection of ``quantize_for_decoding``, and the rows of it a vocabulary shortlist
    keeps (``core.shortlist.output_rows``).
    """
    from torch.ao.nn.quantized import dynamic as qnn

    projection = nn.Linear(weight.size(1), weight.size(0))
    projection.weight = nn.Parameter(weight.detach())
    projection.bias = nn.Parameter(bias.detach())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the eager API's torchao notice, as in quantize_for_decoding
        return _int8(projection, qnn.Linear)


def int8_rows(model: nn.Module, ids: torch.Tensor):
    """The int8 output projection of a ``quantize_for_decoding`` copy cut to rows ``ids``: a function
    from inputs [..., E] to logits [..., len(ids)].

    The rows keep their int8 values and scales (nothing is quantized again), so each logit is the
    one the full projection computes for that token; only the packing for the kernel is redone.
    """
    ints, scales, zero_points, bias = model.quantized_output_rows
    weight = torch._make_per_channel_quantized_tensor(ints.index_select(0, ids), scales.index_select(0, ids),
                                                      zero_points.index_select(0, ids), 0)
    packed = torch.ops.quantized.linear_prepack(weight, bias.index_select(0, ids))

    def project(x: torch.Tensor) -> torch.Tensor:
        shape = x.shape
        y = torch.ops.quantized.linear_dynamic(x.reshape(-1, shape[-1]), packed, reduce_range=True)
        return y.reshape(*shape[:-1], ids.numel()).to(x.dtype)

    return project


class Int8RowEmbedding(nn.Module):
    """An embedding kept as the package stores it: int8 rows and one fp32 scale per row.

    A lookup returns ``rows[ids].float() * scales[ids]``, the same product ``package.unpack_weights``
    computes for the whole matrix, so every vector is bit-for-bit the fp32 embedding's, at a quarter
    of its memory (2 MB instead of 8 for 8,018 x 256).  Used by a package that only decodes
    (``load_package(keep_fp32=False)``), whose embeddings serve lookups only: its output projection
    is the int8 copy's own.
    """

    def __init__(self, rows: torch.Tensor, scales: torch.Tensor, padding_idx: int | None = None):
        super().__init__()
        self.register_buffer("rows", rows.to(torch.int8).contiguous())
        self.register_buffer("scales", scales.float().contiguous())
        self.padding_idx = padding_idx
        self.num_embeddings, self.embedding_dim = int(rows.shape[0]), int(rows.shape[1])

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        flat = ids.reshape(-1)
        vectors = self.rows.index_select(0, flat).float() * self.scales.index_select(0, flat)[:, None]
        return vectors.reshape(*ids.shape, self.embedding_dim)
