"""``train_run`` + ``export_run`` on a tiny chat run: cooldown recorded, best or final weights shipped."""
import json
from dataclasses import replace
from pathlib import Path

import pytest
import torch
from safetensors.torch import load_file, save_file

from seq2seq_desktop.core.errors import ConfigError
from seq2seq_desktop.core.package import load_package, pack_weights, unpack_weights
from seq2seq_desktop.core.tokenizer import train_sentencepiece
from seq2seq_desktop.recipes.pipeline import PreparedRun, RunConfig, export_run, load_run_config, train_run
from seq2seq_desktop.training.trainer import run_to_end
from support.tiny_task import DIGITS, make_pairs


def _shipped_matches(package_dir: Path, weights_file: Path) -> bool:
    shipped = load_package(package_dir).model.state_dict()
    saved = load_file(str(weights_file))
    return all(torch.allclose(shipped[k].float(), v.float(), atol=2e-3) for k, v in saved.items() if k in shipped)


def _tiny_chat_run() -> PreparedRun:
    """A chat run config over the digits task, small enough to train in a second."""
    spm = train_sentencepiece([" ".join(DIGITS)] * 20, vocab_size=16, model_type="word", character_coverage=1.0)
    cfg = RunConfig(name="tiny-chat", task="chat", source_lang="en", target_lang="en", max_len=16,
                    model={"emb_dim": 8, "enc_hidden": 8, "dec_hidden": 16, "dropout": 0.0},
                    train={"lr": 1e-2, "warmup_steps": 5, "tokens_per_batch": 200, "eval_every_steps": 10,
                           "checkpoint_every_minutes": 0, "label_smoothing": 0.0})
    return PreparedRun(cfg, make_pairs(300, 1), make_pairs(20, 2), {}, spm, spm, False, {"tiny": 300})


def test_export_ships_best_or_final_weights_and_names_the_cooldown(tmp_path):
    prep = _tiny_chat_run()
    work, out = tmp_path / "runs", tmp_path / "out"
    torch.manual_seed(0)
    result = run_to_end(train_run(prep, work, out, device="cpu", cooldown_steps=25))
    assert result.steps == 25
    ckpt = work / "tiny-chat" / "ckpt"
    # make "best" and "final" distinguishable whatever the dev curve did
    save_file({k: v * 0.5 for k, v in load_file(str(ckpt / "model.safetensors")).items()}, str(ckpt / "best.safetensors"))

    card = export_run(prep, work, out, device="cpu", final_weights=True)
    assert "Shipped: final weights (step 25)" in card
    assert "None of them, nor the fresh, blind and dev prompts named below, is a source turn" in card
    assert "Fresh prompts (`resources/samples/chat-en-fresh.txt`)" in card
    assert "Blind prompts (`resources/samples/chat-en-blind.txt`)" in card
    assert "--resume --cooldown-steps 25" in card and "export configs/tiny-chat.json --final-weights" in card
    assert _shipped_matches(out, ckpt / "model.safetensors") and not _shipped_matches(out, ckpt / "best.safetensors")

    card = export_run(prep, work, out, device="cpu")
    assert "Shipped: best dev checkpoint" in card
    assert _shipped_matches(out, ckpt / "best.safetensors") and not _shipped_matches(out, ckpt / "model.safetensors")


def test_a_run_continued_from_a_package_starts_at_its_step_and_says_so(tmp_path):
    """``--init-from`` a package trained by the pipeline: the new run's steps, cooldowns and card follow on."""
    prep = _tiny_chat_run()
    torch.manual_seed(0)
    run_to_end(train_run(prep, tmp_path / "old", tmp_path / "old-out", device="cpu", cooldown_steps=15))
    export_run(prep, tmp_path / "old", tmp_path / "shipped", device="cpu", final_weights=True)
    before = load_package(tmp_path / "shipped").model.state_dict()

    work = tmp_path / "new"  # the old run's checkpoints are gone
    result = run_to_end(train_run(prep, work, tmp_path / "new-out", device="cpu", init_from=tmp_path / "shipped",
                                  cooldown_steps=10))
    assert result.steps == 25
    meta_file = work / "tiny-chat" / "ckpt" / "trainer.json"
    meta = json.loads(meta_file.read_text())
    assert meta["continued_from"]["step"] == 15
    meta["continued_from"]["hardware"] = "1 thread(s) on Old CPU"  # as if the first stage ran elsewhere
    meta_file.write_text(json.dumps(meta))
    card = export_run(prep, work, tmp_path / "new-out", device="cpu", final_weights=True)
    assert "Hardware: 1 thread(s) on Old CPU up to step 15, then " in card
    assert "until step 0" in card
    assert "from step 0: `seq2seq train run configs/tiny-chat.json --resume --cooldown-steps 15`" in card
    assert "from step 15, in a new run from the package shipped then: " \
           "`seq2seq train run configs/tiny-chat.json --init-from models/tiny-chat --cooldown-steps 10`" in card
    after = load_package(tmp_path / "new-out").model.state_dict()
    assert any(not torch.equal(before[k], after[k]) for k in before), "the new run trained the package's weights"
    again = export_run(prep, work, tmp_path / "new-out", device="cpu", final_weights=True)
    assert again.count("up to step 15") == 1, "re-exporting keeps the stages' hardware as it was"


def test_a_reverse_chat_run_from_the_chat_package_says_how_it_was_made(tmp_path):
    """``chat-reverse`` starts from the chat model's weights; its card names that model and guesses turns."""
    prep = _tiny_chat_run()
    torch.manual_seed(0)
    run_to_end(train_run(prep, tmp_path / "chat", tmp_path / "chat-out", device="cpu", cooldown_steps=15))
    export_run(prep, tmp_path / "chat", tmp_path / "models" / "tiny-chat", device="cpu", final_weights=True)
    cfg = replace(prep.cfg, name="tiny-chat-reverse", task="chat-reverse")
    rev = replace(prep, cfg=cfg, train_pairs=[(b, a) for a, b in prep.train_pairs],
                  dev_pairs=[(b, a) for a, b in prep.dev_pairs])
    run_to_end(train_run(rev, tmp_path / "rev", tmp_path / "rev-out", device="cpu",
                         init_from=tmp_path / "models" / "tiny-chat", cooldown_steps=10))
    card = export_run(rev, tmp_path / "rev", tmp_path / "models" / "tiny-chat-reverse", device="cpu",
                      final_weights=True)
    assert load_package(tmp_path / "models" / "tiny-chat-reverse").info.task == "chat-reverse"
    assert "train `models/tiny-chat` as its card says, then `seq2seq train run configs/tiny-chat-reverse.json " \
           "--init-from models/tiny-chat --cooldown-steps 10`" in card
    assert "| turn | guessed previous turn |" in card and "not offered as a chatbot" in card
    # the chat card, exported again now that its reverse model lies beside it, ranks with it
    chat_card = export_run(prep, tmp_path / "chat", tmp_path / "models" / "tiny-chat", device="cpu", final_weights=True)
    assert "reranked by the reverse model tiny-chat-reverse with weight" in chat_card
    assert "ranked with the reverse model" in chat_card
    # a later run from the reverse package itself keeps both starts in the card's Reproduce
    meta_file = tmp_path / "rev" / "tiny-chat-reverse" / "ckpt" / "trainer.json"
    start = json.loads(meta_file.read_text())["step"]
    run_to_end(train_run(rev, tmp_path / "rev", tmp_path / "rev-out", device="cpu",
                         init_from=tmp_path / "models" / "tiny-chat-reverse", cooldown_steps=5))
    card = export_run(rev, tmp_path / "rev", tmp_path / "models" / "tiny-chat-reverse", device="cpu",
                      final_weights=True)
    assert "train `models/tiny-chat` as its card says, then `seq2seq train run configs/tiny-chat-reverse.json " \
           "--init-from models/tiny-chat --cooldown-steps 10`; from step " f"{start}, in a new run from the package " \
           "shipped then: `seq2seq train run configs/tiny-chat-reverse.json --init-from models/tiny-chat-reverse " \
           "--cooldown-steps 5`; then `seq2seq train export configs/tiny-chat-reverse.json --final-weights`" in card


def test_chat_prompts_found_in_training_are_named():
    from seq2seq_desktop.recipes.card import _chat_prompts, chat_prompts_seen_in
    from seq2seq_desktop.recipes.corpora import SEP

    first, second = _chat_prompts()[:2]
    pairs = [("earlier turn " + SEP + " " + first.upper(), "reply"), ("something else", second)]
    assert chat_prompts_seen_in(pairs) == [first], "matched on the last turn, by normalised text; replies don't count"


def test_a_run_with_placeholders_grows_the_vocabulary_and_reports_faithfulness(tmp_path):
    """``placeholders``: the run's vocabularies are a package's plus the placeholder pieces, so
    ``--init-from`` grows the package's embeddings, and export measures span preservation."""
    from seq2seq_desktop.core.protect import PLACEHOLDERS
    from seq2seq_desktop.core.tokenizer import Tokenizer, extend_vocabulary
    from support.tiny_task import LETTERS, make_placeholder_pairs

    base_spm = train_sentencepiece([" ".join(LETTERS)] * 20, vocab_size=13, model_type="unigram",
                                   character_coverage=1.0)
    cfg = RunConfig(name="tiny-tr", task="translate", source_lang="en", target_lang="ja", max_len=32,
                    model={"emb_dim": 8, "enc_hidden": 8, "dec_hidden": 16, "dropout": 0.0},
                    train={"lr": 1e-2, "warmup_steps": 5, "tokens_per_batch": 300, "eval_every_steps": 10,
                           "checkpoint_every_minutes": 0, "label_smoothing": 0.0})
    plain = [(s, t) for s, t in make_placeholder_pairs(300, 1) if not any(ch in PLACEHOLDERS for ch in s)]
    before = PreparedRun(cfg, plain, plain[:10], {}, base_spm, base_spm, False, {})
    torch.manual_seed(0)
    run_to_end(train_run(before, tmp_path / "old", tmp_path / "old-out", device="cpu", cooldown_steps=10))
    export_run(before, tmp_path / "old", tmp_path / "shipped", device="cpu", final_weights=True)
    old_state = load_package(tmp_path / "shipped").model.state_dict()

    grown_spm = extend_vocabulary(base_spm, PLACEHOLDERS)
    cfg2 = replace(cfg, placeholders=True)
    stats = {"placeholders": {"shared_span_pairs": 3, "number_swaps": 4, "name_swaps": 5, "symbols": 6, "repeated": 7}}
    after = PreparedRun(cfg2, make_placeholder_pairs(300, 2), make_placeholder_pairs(10, 3), {}, grown_spm, grown_spm,
                        False, stats)
    run_to_end(train_run(after, tmp_path / "new", tmp_path / "new-out", device="cpu",
                         init_from=tmp_path / "shipped", cooldown_steps=5))
    card = export_run(after, tmp_path / "new", tmp_path / "new-out", device="cpu", final_weights=True)
    grown = load_package(tmp_path / "new-out")
    vocab = Tokenizer(grown_spm).vocab_size
    assert grown.model.src_embed.weight.shape[0] == vocab == old_state["src_embed.weight"].shape[0] + len(PLACEHOLDERS)
    assert grown.source_tokenizer.has_pieces(PLACEHOLDERS)
    info = json.loads((tmp_path / "new-out" / "config.json").read_text(encoding="utf-8"))
    spans = info["metrics"]["faithfulness"]["spans"]
    assert spans["file"] == "resources/eval/spans-en.tsv" and spans["spans"] >= 100 and 0 <= spans["kept"] <= spans["spans"]
    assert info["metrics"]["faithfulness"]["glossary"]["occurrences"] > 0
    assert "## Faithful translation" in card and f"{spans['kept']} / {spans['spans']}" in card
    assert "number placeholder (4)" in card and "term placeholders (5)" in card and "Casing: the English input" in card


def test_a_run_stored_as_int8_ships_and_is_scored_with_the_int8_weights(tmp_path):
    prep = _tiny_chat_run()
    prep = replace(prep, cfg=replace(prep.cfg, weight_storage="int8"))
    work, out = tmp_path / "runs", tmp_path / "out"
    torch.manual_seed(0)
    run_to_end(train_run(prep, work, out, device="cpu", cooldown_steps=10))
    card = export_run(prep, work, out, device="cpu", final_weights=True)
    assert "int8 weights, one scale per row" in card
    stored = load_file(str(out / "model.safetensors"))
    assert any(t.dtype == torch.int8 for t in stored.values())
    assert json.loads((out / "config.json").read_text())["weight_storage"] == "int8"
    # the package holds exactly the rounded weights export scored: a second round is the identity
    loaded = load_package(out).model.state_dict()
    again = unpack_weights(pack_weights(loaded, "int8"))
    assert all(torch.allclose(loaded[k], again[k], atol=1e-6) for k in again)


def test_an_unknown_weight_storage_is_refused_before_any_data_is_read(tmp_path):
    cfg = json.loads((Path(__file__).resolve().parents[2] / "configs" / "chat-ja.json").read_text(encoding="utf-8"))
    path = tmp_path / "run.json"
    path.write_text(json.dumps({**cfg, "weight_storage": "int4"}), encoding="utf-8")
    with pytest.raises(ConfigError, match="weight_storage must be one of fp16, int8, fp32"):
        load_run_config(path)


def test_the_japanese_reverse_chat_card_names_only_the_japanese_sources():
    from seq2seq_desktop.recipes.card import _data_section

    ja = RunConfig(name="chat-ja-reverse", task="chat-reverse", source_lang="ja", target_lang="ja", model={}, train={})
    en = replace(ja, name="chat-en-reverse", source_lang="en", target_lang="en")
    ja_text, en_text = "\n".join(_data_section(ja, {})), "\n".join(_data_section(en, {}))
    assert "Japanese conversations" in ja_text and "chitchat" not in ja_text
    assert "chitchat" in en_text


def test_a_translator_with_a_shortlist_ships_it_and_is_scored_with_and_without_it(tmp_path):
    """``shortlist`` in the run config: export builds it from the training pairs, stores it, and scores
    the default search (beam + the reverse check of the sibling package) both ways."""
    from support.tiny_task import LETTERS, make_placeholder_pairs

    spm = train_sentencepiece([" ".join(LETTERS)] * 20, vocab_size=13, model_type="unigram", character_coverage=1.0)
    pairs = make_placeholder_pairs(200, 1)
    model = {"emb_dim": 8, "enc_hidden": 8, "dec_hidden": 16, "dropout": 0.0}
    train = {"lr": 1e-2, "warmup_steps": 5, "tokens_per_batch": 300, "eval_every_steps": 10,
             "checkpoint_every_minutes": 0, "label_smoothing": 0.0}
    models = tmp_path / "models"
    for name, (src, tgt) in (("ja-en", ("ja", "en")), ("en-ja", ("en", "ja"))):
        cfg = RunConfig(name=name, task="translate", source_lang=src, target_lang=tgt, max_len=32, model=model,
                        train=train, shortlist={"frequent": 3, "per_source": 2} if name == "en-ja" else {})
        prep = PreparedRun(cfg, pairs, pairs[:10], {"tatoeba_dev": pairs[:8]}, spm, spm, False, {})
        torch.manual_seed(0)
        run_to_end(train_run(prep, tmp_path / name, models / name, device="cpu", cooldown_steps=5))
        card = export_run(prep, tmp_path / name, models / name, device="cpu", final_weights=True)
    assert load_package(models / "ja-en").shortlist is None
    shipped = load_package(models / "en-ja").shortlist
    assert shipped is not None and shipped.frequent.numel() == 3 and shipped.per_source == 2
    metrics = json.loads((models / "en-ja" / "config.json").read_text(encoding="utf-8"))["metrics"]
    assert {"tatoeba_dev/beam5+reverse", "tatoeba_dev/beam5+reverse+shortlist"} <= set(metrics)
    assert metrics["shortlist"] == {"frequent": 3, "per_source": 2, "uses": ["search", "reverse"]}
    assert "reverse_shortlist" not in metrics
    assert "beam5+reverse+shortlist" in card and "the 3 most frequent target pieces" in card
    assert "the reverse check over its full vocabulary" in card


def test_a_shortlist_is_refused_for_a_chat_model_or_a_malformed_shape(tmp_path):
    cfg = json.loads((Path(__file__).resolve().parents[2] / "configs" / "chat-ja.json").read_text(encoding="utf-8"))
    path = tmp_path / "run.json"
    path.write_text(json.dumps({**cfg, "shortlist": {"frequent": 10, "per_source": 5}}), encoding="utf-8")
    with pytest.raises(ConfigError, match="shortlist is for translators"):
        load_run_config(path)
    tr = json.loads((Path(__file__).resolve().parents[2] / "configs" / "en-ja.json").read_text(encoding="utf-8"))
    for bad in ({"frequent": 10}, {"frequent": 0, "per_source": 5}, {"frequent": 1, "per_source": 2, "x": 1}):
        path.write_text(json.dumps({**tr, "shortlist": bad}), encoding="utf-8")
        with pytest.raises(ConfigError, match="shortlist is for translators"):
            load_run_config(path)
