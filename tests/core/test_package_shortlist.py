"""A package's shortlist: stored beside the weights, kept by repacking, checked on load, used by the engine."""
import json
import shutil
from dataclasses import replace

import pytest
import torch
from safetensors.torch import load_file, save_file

from seq2seq_desktop.core.engine import Engine
from seq2seq_desktop.core.errors import ModelLoadError
from seq2seq_desktop.core.manifest import write_manifest
from seq2seq_desktop.core.package import load_package, repack_package, save_package, set_shortlist
from seq2seq_desktop.core.shortlist import SHORTLIST_PREFIX, Shortlist


@pytest.fixture
def pkg(tiny_bundle, tmp_path):
    dest = tmp_path / "pkg"
    shutil.copytree(tiny_bundle, dest)
    return dest


def _tables(pkg, frequent=(5, 6), per_source=2):
    info = load_package(pkg).info.model_config
    cand = torch.full((info.src_vocab_size, per_source), -1)
    cand[:, 0] = torch.arange(info.src_vocab_size) % info.tgt_vocab_size  # each piece maps to itself
    return Shortlist(frequent=torch.tensor(frequent), candidates=cand)


def test_stored_shortlist_loads_survives_a_repack_and_records_its_shape(pkg):
    sl = _tables(pkg)
    set_shortlist(pkg, sl)
    loaded = load_package(pkg)
    assert torch.equal(loaded.shortlist.frequent, sl.frequent) and torch.equal(loaded.shortlist.candidates,
                                                                             sl.candidates)
    assert json.loads((pkg / "config.json").read_text())["shortlist"] == {"frequent": 2, "per_source": 2,
                                                                         "uses": ["search", "reverse"]}
    assert not any(k.startswith(SHORTLIST_PREFIX) for k in loaded.model.state_dict())
    repack_package(pkg, "int8")
    assert torch.equal(load_package(pkg).shortlist.candidates, sl.candidates)
    set_shortlist(pkg, None)
    assert load_package(pkg).shortlist is None
    assert "shortlist" not in json.loads((pkg / "config.json").read_text())


def test_a_saved_model_carries_no_shortlist_unless_given_one(pkg, tmp_path):
    """A fine-tune is saved from its model alone: the user's pairs may need pieces the corpus never paired."""
    set_shortlist(pkg, _tables(pkg))
    p = load_package(pkg)
    common = dict(task="translate", source_lang="en", target_lang="ja", source_spm=(pkg / "source.spm").read_bytes(),
                  target_spm=(pkg / "source.spm").read_bytes(), card="card\n")
    assert load_package(save_package(tmp_path / "tuned", p.model, **common)).shortlist is None
    kept = load_package(save_package(tmp_path / "kept", p.model, shortlist=p.shortlist, **common))
    assert torch.equal(kept.shortlist.candidates, p.shortlist.candidates)


def test_a_shortlist_that_does_not_fit_the_vocabulary_is_named(pkg):
    set_shortlist(pkg, _tables(pkg))
    tensors = load_file(str(pkg / "model.safetensors"))
    tensors[SHORTLIST_PREFIX + "frequent"] = torch.tensor([10_000], dtype=torch.int16)
    save_file(tensors, str(pkg / "model.safetensors"))
    write_manifest(pkg)
    with pytest.raises(ModelLoadError, match="shortlist does not fit"):
        load_package(pkg)


def test_engine_searches_the_shortlist_unless_told_not_to(pkg):
    engine = Engine.load(pkg, device="cpu", num_threads=1)
    src = "3 1 4 1 5"
    full = engine.translate_sentences([src])[0]
    assert full.text == "5 1 4 1 3"  # the tiny model reverses digit sequences
    one = engine.package.target_tokenizer.encode("1")
    vs = engine.info.model_config.src_vocab_size
    set_shortlist(pkg, Shortlist(frequent=torch.tensor(one), candidates=torch.full((vs, 1), -1)))
    engine = Engine.load(pkg, device="cpu", num_threads=1)
    narrow = engine.translate_sentences([src])[0]
    assert set(narrow.text.split()) <= {"1"}  # only "1" (and the special pieces) may be emitted
    engine.use_shortlist = False
    assert engine.shortlist is None and engine.translate_sentences([src])[0].text == full.text
    # a shortlist kept for the reverse check only is not searched
    engine.use_shortlist = True
    engine.package.shortlist = replace(engine.package.shortlist, uses=("reverse",))
    assert engine.shortlist is None and engine.translate_sentences([src])[0].text == full.text


def test_unknown_shortlist_uses_are_named(pkg):
    set_shortlist(pkg, _tables(pkg))
    config = json.loads((pkg / "config.json").read_text())
    config["shortlist"]["uses"] = ["everything"]
    (pkg / "config.json").write_text(json.dumps(config))
    write_manifest(pkg)
    with pytest.raises(ModelLoadError, match="shortlist uses"):
        load_package(pkg)


def test_streamed_translation_and_the_explorer_trace(pkg):
    """The streaming path (the Translate tab) searches the shortlist; a trace (the explorer) shows the
    model's whole distribution."""
    from seq2seq_desktop.core.config import DecodeConfig
    from seq2seq_desktop.core.generators import run_to_end

    engine = Engine.load(pkg, device="cpu", num_threads=1)
    one = engine.package.target_tokenizer.encode("1")
    vs = engine.info.model_config.src_vocab_size
    set_shortlist(pkg, Shortlist(frequent=torch.tensor(one), candidates=torch.full((vs, 1), -1)))
    engine = Engine.load(pkg, device="cpu", num_threads=1)
    streamed = run_to_end(engine.translate_steps("3 1 4 1 5", DecodeConfig(beam_width=2)))
    assert set(streamed.text.split()) <= {"1"}
    shown = {c.token_id for step in engine.explain_steps("3 1 4 1 5", DecodeConfig(beam_width=2), top=3)
             for row in step.rows for c in row.choices}
    assert shown - set(one) - {0, 1, 2, 3}, "the explorer shows pieces outside the shortlist"
