"""int8 decoding (core.quantize): a copy for search that stays close to fp32 and leaves the fp32 model alone."""
from __future__ import annotations

from pathlib import Path

import pytest
import torch

from seq2seq_desktop.core.config import DecodeConfig, ModelConfig
from seq2seq_desktop.core.engine import Engine
from seq2seq_desktop.core.errors import ConfigError
from seq2seq_desktop.core.model import build_model
from seq2seq_desktop.core.package import load_package, save_package
from seq2seq_desktop.core.quantize import (
    Int8RowEmbedding,
    int8_available,
    is_quantized,
    quantize_for_decoding,
    resolve_precision,
)
from seq2seq_desktop.core.search import decode_batch, sequence_logprob
from seq2seq_desktop.core.tokenizer import EOS_ID

pytestmark = pytest.mark.skipif(not int8_available(), reason="this PyTorch build has no quantized CPU engine")

SOURCES = ["1 2 3", "4 5 6 7", "9 8 7 6 5 4", "0 0 1"]


def _state(model):
    return {k: v.clone() for k, v in model.state_dict().items()}


def test_precision_choices():
    assert resolve_precision("auto", "cpu") == "int8"
    assert resolve_precision("fp32", "cpu") == "fp32"
    assert resolve_precision("int8", "cpu") == "int8"
    assert resolve_precision("auto", "cuda") == "fp32", "no int8 dynamic kernels on CUDA"
    assert resolve_precision("auto", "cpu", task="chat") == "fp32", "the chat models were judged in fp32"
    assert resolve_precision("int8", "cpu", task="chat") == "int8"
    with pytest.raises(ConfigError, match="int8 decoding needs the CPU"):
        resolve_precision("int8", "cuda")
    with pytest.raises(ConfigError, match="precision must be one of auto, fp32, int8"):
        resolve_precision("half", "cpu")


def test_copy_is_int8_and_the_trained_model_is_untouched(tiny_bundle):
    pkg = load_package(tiny_bundle)
    before = _state(pkg.model)
    q = quantize_for_decoding(pkg.model)
    assert is_quantized(q) and not is_quantized(pkg.model)
    assert pkg.model.quantized_output is None
    assert q.src_embed is pkg.model.src_embed, "what stays fp32 is shared, not copied"
    assert q.encoder is not pkg.model.encoder and isinstance(pkg.model.encoder, torch.nn.GRU)
    from torch.ao.nn.quantized import dynamic as qnn

    assert isinstance(q.encoder, qnn.GRU) and isinstance(q.decoder, qnn.GRU), "the GRUs run int8 kernels"
    after = pkg.model.state_dict()
    assert before.keys() == after.keys() and all(torch.equal(before[k], after[k]) for k in before)
    assert all(p.requires_grad for p in pkg.model.parameters()), "fine-tuning still gets trainable fp32 weights"


def test_int8_search_stays_close_to_fp32(tiny_bundle):
    pkg = load_package(tiny_bundle, precision="int8")
    assert pkg.precision == "int8" and pkg.decoding_model is pkg.int8_model
    src = pkg.source_tokenizer.encode_batch(SOURCES)
    cfg = DecodeConfig(beam_width=4, n_best=1)
    fp32 = [h[0] for h in decode_batch(pkg.model, src, cfg)]
    int8 = [h[0] for h in decode_batch(pkg.decoding_model, src, cfg)]
    # the tiny model is sure of its outputs, so rounding must not change any of them
    assert [h.token_ids for h in int8] == [h.token_ids for h in fp32]
    targets = [h.token_ids + [EOS_ID] for h in fp32]
    exact = sequence_logprob(pkg.model, src, targets)
    approx = sequence_logprob(pkg.decoding_model, src, targets)
    assert approx == pytest.approx(exact, rel=0.02)
    assert approx != exact, "the copy really computes in int8"


def test_a_scoring_only_package_keeps_just_the_int8_copy(tiny_bundle):
    full = load_package(tiny_bundle, precision="int8")
    lean = load_package(tiny_bundle, precision="int8", keep_fp32=False)
    assert lean.model is lean.decoding_model and lean.precision == "int8"
    assert not any(isinstance(m, torch.nn.GRU) for m in lean.model.modules())
    src = lean.source_tokenizer.encode_batch(SOURCES)
    targets = [h[0].token_ids + [EOS_ID] for h in decode_batch(full.model, src, DecodeConfig(beam_width=2))]
    assert sequence_logprob(lean.decoding_model, src, targets) == sequence_logprob(full.decoding_model, src, targets)
    # without an int8 copy there is nothing to keep instead: the fp32 model stays
    fp32 = load_package(tiny_bundle, precision="fp32", keep_fp32=False)
    assert fp32.precision == "fp32" and isinstance(fp32.model.encoder, torch.nn.GRU)


def test_a_decoding_only_package_keeps_int8_stored_embeddings_as_stored(tiny_bundle, tmp_path):
    pkg = load_package(tiny_bundle)
    spm = (Path(tiny_bundle) / "source.spm").read_bytes()
    int8_stored = save_package(tmp_path / "int8", pkg.model, task="translate", source_lang="digits",
                               target_lang="digits-reversed", source_spm=spm, target_spm=spm, name="int8",
                               card="# int8\n", weight_storage="int8")
    full = load_package(int8_stored, precision="int8")
    lean = load_package(int8_stored, precision="int8", keep_fp32=False)
    assert isinstance(lean.model.src_embed, Int8RowEmbedding) and isinstance(lean.model.tgt_embed, Int8RowEmbedding)
    assert isinstance(full.decoding_model.src_embed, torch.nn.Embedding), "the app's package keeps fp32 for fine-tuning"
    ids = torch.tensor([[0, 3, 5, 7], [9, 1, 2, 0]])
    for name in ("src_embed", "tgt_embed"):
        # the same vectors, bit for bit: the lookup computes what unpacking the stored rows computed
        assert torch.equal(getattr(lean.model, name)(ids), getattr(full.decoding_model, name)(ids))
    assert lean.model.src_embed.rows.dtype == torch.int8
    src = lean.source_tokenizer.encode_batch(SOURCES)
    assert [h[0].token_ids for h in decode_batch(lean.decoding_model, src, DecodeConfig(beam_width=3))] == \
        [h[0].token_ids for h in decode_batch(full.decoding_model, src, DecodeConfig(beam_width=3))]
    # fp32-stored weights have no int8 rows to keep: the embeddings stay as they are
    assert isinstance(load_package(tiny_bundle, precision="int8", keep_fp32=False).model.src_embed, torch.nn.Embedding)


def test_engine_follows_precision_for_the_reverse_model_too(tiny_bundle, tmp_path):
    pkg = load_package(tiny_bundle)
    spm = (Path(tiny_bundle) / "source.spm").read_bytes()
    mirror = save_package(tmp_path / "mirror", pkg.model, task="translate", source_lang="digits-reversed",
                          target_lang="digits", source_spm=spm, target_spm=spm, name="mirror", card="# mirror\n")
    fast = Engine.load(tiny_bundle, device="cpu", num_threads=1)
    assert fast.package.precision == "int8"  # auto on the CPU
    exact = Engine.load(tiny_bundle, device="cpu", num_threads=1, precision="fp32")
    assert exact.package.precision == "fp32" and exact.package.decoding_model is exact.package.model
    assert fast.attach_reverse(mirror) and fast._reverse.precision == "int8"
    assert fast._reverse.model is fast._reverse.decoding_model, "the scoring-only reverse model keeps no fp32 GRUs"
    assert exact.attach_reverse(mirror) and exact._reverse.precision == "fp32"
    a = fast.translate_sentences(SOURCES, DecodeConfig(beam_width=3))
    b = exact.translate_sentences(SOURCES, DecodeConfig(beam_width=3))
    assert [t.text for t in a] == [t.text for t in b]


def test_transformer_copy_decodes():
    torch.manual_seed(0)
    cfg = ModelConfig(src_vocab_size=20, tgt_vocab_size=20, emb_dim=16, enc_layers=1, dec_layers=1, heads=2,
                      ff_dim=32, arch="transformer")
    model = build_model(cfg).eval()
    q = quantize_for_decoding(model)
    src = [[5, 6, 7, 8], [9, 10]]
    fp32 = decode_batch(model, src, DecodeConfig(beam_width=2, max_len_ratio=2.0))
    int8 = decode_batch(q, src, DecodeConfig(beam_width=2, max_len_ratio=2.0))
    assert len(fp32) == len(int8) == 2
    targets = [h[0].token_ids for h in fp32]
    assert sequence_logprob(q, src, targets) == pytest.approx(sequence_logprob(model, src, targets), rel=0.05)


def test_int8_encoder_calls_the_packed_kernel_directly_with_the_same_numbers(tiny_bundle):
    from torch.ao.nn.quantized import dynamic as qnn
    from torch.nn.utils.rnn import pack_padded_sequence

    encoder = load_package(tiny_bundle, precision="int8").decoding_model.encoder
    assert isinstance(encoder, qnn.GRU) and type(encoder) is not qnn.GRU
    stock = qnn.GRU.__new__(qnn.GRU)
    stock.__dict__ = encoder.__dict__  # the same weights, with PyTorch's own forward
    torch.manual_seed(0)
    x, lens = torch.randn(3, 5, encoder.input_size), torch.tensor([5, 2, 4])
    packed = pack_padded_sequence(x, lens, batch_first=True, enforce_sorted=False)
    with torch.inference_mode():
        (ours, h_ours), (theirs, h_theirs) = encoder(packed), stock(packed)
        assert torch.equal(ours.data, theirs.data) and torch.equal(h_ours, h_theirs)
        assert torch.equal(encoder(x)[0], stock(x)[0]), "padded input keeps the module's own path"
