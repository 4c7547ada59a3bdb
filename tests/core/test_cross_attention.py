"""Engine.cross_attention: every decoder layer's and head's cross-attention of a finished translation."""
import numpy as np
import pytest
import torch

from seq2seq_desktop.core.config import DecodeConfig
from seq2seq_desktop.core.engine import Engine
from seq2seq_desktop.core.protect import protect
from seq2seq_desktop.core.search import decode_batch, encode_sources
from seq2seq_desktop.core.tokenizer import BOS_ID, EOS_ID
from support.tiny_task import build_tiny_transformer_package

LAYERS, HEADS = 2, 4
TEXTS = ["3 1 4 1 5", "9 8 7", "2 6 5 3 5 8 9"]
CFG = DecodeConfig(beam_width=3, n_best=3, no_repeat_ngram=0)  # the search alone: no surface classes needed


@pytest.fixture(scope="module")
def transformer_path(tmp_path_factory):
    torch.manual_seed(0)
    return build_tiny_transformer_package(tmp_path_factory.mktemp("models") / "tiny-transformer", steps=0, seed=3,
                                          layers=LAYERS, heads=HEADS)


@pytest.fixture(scope="module")
def engine(transformer_path):
    return Engine.load(transformer_path, num_threads=1, precision="fp32")


@pytest.fixture(scope="module")
def placeholder_engine(tmp_path_factory):
    path = build_tiny_transformer_package(tmp_path_factory.mktemp("models") / "tiny-transformer-ph", steps=0,
                                          seed=5, placeholders=True, layers=LAYERS, heads=HEADS)
    return Engine.load(path, num_threads=1, precision="fp32")


def _outputs(tr):
    """The best output and every n-best entry, with their display tokens and attention."""
    return [(None, tr.target_tokens, tr.attention)] + [(a, a.tokens, a.attention) for a in tr.nbest]


def _by_steps(model, src_ids, out_ids):
    """Reference: [Ld, H, L, S] from one ``decode_step`` per output token (not the teacher-forced path)."""
    with torch.no_grad():
        enc = model.encode(*encode_sources([src_ids]))
        state, prev, rows = model.init_state(enc), torch.tensor([BOS_ID]), []
        for tok in out_ids:
            step = model.decode_step(enc, state, prev)
            rows.append(step.cross_attention[0])  # [Ld, H, S]
            state, prev = step.state, torch.tensor([tok])
    return torch.stack(rows, 2).numpy()  # [Ld, H, L, S]


def _hypotheses(engine, src_ids):
    """The search's own hypotheses (ids) for ``src_ids``, as the engine decodes them."""
    return decode_batch(engine.package.decoding_model, [src_ids], CFG, engine.device)[0]


def test_shapes_rows_and_last_layer_mean_equal_the_translation(engine):
    for text in TEXTS:
        tr = engine.translate([text], CFG)[0].sentences[0]
        assert len(tr.nbest) == 3
        for alt, tokens, attention in _outputs(tr):
            heads = engine.cross_attention(tr, alt)
            assert heads.dtype == np.float32
            assert heads.shape == (LAYERS, HEADS, len(tokens), len(tr.source_tokens))
            np.testing.assert_allclose(heads.sum(-1), 1.0, atol=1e-5)
            np.testing.assert_allclose(heads[-1].mean(0), attention, atol=1e-5)


def test_rows_line_up_with_the_emitted_tokens(engine):
    """Row i is the step that emitted token i (EOS row included), checked against step-by-step decoding."""
    tok = engine.package.source_tokenizer
    for text in TEXTS:
        src_ids = tok.encode(text)
        tr = engine.translate_sentences([text], CFG)[0]
        for hyp, (alt, _tokens, _att) in zip(_hypotheses(engine, src_ids), _outputs(tr)[1:]):
            out_ids = hyp.token_ids + ([EOS_ID] if hyp.ended else [])
            by_ids = engine.cross_attention(src_ids, out_ids)
            np.testing.assert_allclose(by_ids, _by_steps(engine.package.model, src_ids, out_ids), atol=1e-5)
            np.testing.assert_array_equal(engine.cross_attention(tr, alt), by_ids)


def test_protected_spans_use_the_placeholder_ids_the_model_saw(placeholder_engine):
    eng = placeholder_engine
    text = "a b 42 c USB d"
    tr = eng.translate([text], CFG)[0].sentences[0]
    assert [s.text for s in tr.spans] == ["42", "USB"]  # the model saw N0 and T0, not the digits or letters
    prot = protect(text, "en", "ja", known_word=eng.package.source_tokenizer.is_known_word)
    src_ids = eng.package.source_tokenizer.encode(prot.text)
    assert len(tr.source_tokens) == len(src_ids) + 1
    for hyp, (alt, _tokens, attention) in zip(_hypotheses(eng, src_ids), _outputs(tr)[1:]):
        heads = eng.cross_attention(tr, alt)
        np.testing.assert_allclose(heads[-1].mean(0), attention, atol=1e-5)
        np.testing.assert_array_equal(heads, eng.cross_attention(src_ids, hyp.token_ids + [EOS_ID] * hyp.ended))


def test_a_translation_keeps_the_ids_the_model_read_and_wrote(engine):
    """Display pieces lose information (``▁the`` and ``the`` both read "the"): the ids are kept beside them."""
    src_ids = engine.package.source_tokenizer.encode(TEXTS[2])
    tr = engine.translate_sentences([TEXTS[2]], CFG)[0]
    assert list(tr.source_ids) == src_ids
    hyps = _hypotheses(engine, src_ids)
    assert [list(alt.token_ids) for alt in tr.nbest] == [h.token_ids + [EOS_ID] * h.ended for h in hyps]
    assert all(len(alt.token_ids) == len(alt.tokens) for alt in tr.nbest)


def test_int8_search_is_close_and_shaped_alike(transformer_path):
    eng = Engine.load(transformer_path, num_threads=1, precision="int8")
    tr = eng.translate([TEXTS[0]], CFG)[0].sentences[0]
    heads = eng.cross_attention(tr)
    assert heads.shape == (LAYERS, HEADS, *tr.attention.shape)
    np.testing.assert_allclose(heads[-1].mean(0), tr.attention, atol=0.05)  # int8 rounding, not another output


def test_empty_output_and_passthrough(engine, placeholder_engine):
    assert engine.cross_attention([5, 6], []).shape == (LAYERS, HEADS, 0, 3)
    tr = placeholder_engine.translate(["42 !"])[0].sentences[0]
    assert tr.passthrough and placeholder_engine.cross_attention(tr) is None


def test_rnn_has_one_attention_and_returns_none(tiny_bundle):
    rnn = Engine.load(tiny_bundle, num_threads=1)
    tr = rnn.translate(["1 2 3"])[0].sentences[0]
    assert rnn.cross_attention(tr) is None
    assert rnn.cross_attention([5, 6], [7, EOS_ID]) is None
