"""The reproducible pipeline that trains the bundled models (``seq2seq train``).

One run = corpus -> SentencePiece models (cached in the work dir, shared by both translation
directions) -> ``train_model`` with resumable checkpoints and a JSONL metrics log -> a model
package in ``models/`` written whenever dev BLEU (dev loss for chat) improves, so a stop at
any time leaves the best model so far in place.  ``export`` re-scores the best checkpoint on
the benchmark and writes the final package with its model card.

Run configs live in ``configs/*.json``: ``{"task", "direction", "model": ModelConfig fields,
"train": TrainConfig fields, "vocab_size", ...}``.
"""
from __future__ import annotations

import dataclasses
import json
import logging
import random
import time
from collections.abc import Generator
from dataclasses import dataclass
from pathlib import Path

import torch

from ..core.config import ModelConfig, TrainConfig, from_dict
from ..core.device import describe_hardware, pick_device
from ..core.errors import ConfigError
from ..core.model import build_model
from ..core.package import TASKS, WEIGHT_STORAGES, pack_weights, save_package, spm_path, unpack_weights
from ..core.shortlist import SHORTLIST_USES
from ..core.tokenizer import PAD_ID, Tokenizer, train_sentencepiece
from ..paths import app_root, bundled_models_dir
from ..training.trainer import TrainProgress, TrainResult, encode_pairs, make_batches, train_model
from .corpora import (
    SEP,
    build_chat_pairs,
    is_well_formed_reply,
    load_chat_conversations,
    load_translation_corpus,
    norm_key,
    parse_exchanges,
)

__all__ = ["RunConfig", "load_run_config", "prepare_run", "train_run", "PreparedRun", "translation_metrics"]

logger = logging.getLogger(__name__)

#: the checkout's root: run configs name project files (``persona_file``) relative to it
PROJECT_ROOT = app_root()


@dataclass(frozen=True)
class RunConfig:
    """One training recipe (a ``configs/*.json`` file)."""

    name: str
    task: str  # "translate" | "chat" | "chat-reverse" (reply -> the turn it answered, see core.rerank)
    source_lang: str
    target_lang: str
    model: dict
    train: dict
    vocab_size: int = 8000
    chat_context_turns: int = 1
    chatterbot_upsample: int = 3
    spe_upsample: int = 1  # translation: small_parallel_enja train pairs seen this many times per epoch
    max_len: int = 64
    description: str = ""
    # chat: exchanges written for the project (core.corpora.parse_exchanges), path relative to the
    # project root, added to the training pairs only (the dev split stays chitchat + ChatterBot)
    persona_file: str = ""
    persona_upsample: int = 1
    # chat: train only on corpus replies written like a sentence (corpora.is_well_formed_reply); the
    # dev split is drawn before this filter, so dev losses stay comparable with unfiltered runs
    well_formed_replies: bool = False
    # translation: the vocabularies gain the placeholder pieces of core.protect and the training pairs
    # carry placeholders (training.placeholders), so the model copies protected spans
    placeholders: bool = False
    # how the exported package stores its weights (core.package.WEIGHT_STORAGES): "int8" halves it
    weight_storage: str = "fp16"
    # translation into English: this many back-translated chit-chat sentences join the training
    # pairs (recipes.back_translation; Japanese written by the bundled en-ja)
    back_translation: int = 0
    # translation: the exported package carries a vocabulary shortlist of this shape ({"frequent": N,
    # "per_source": K, "uses": ["search", "reverse"]}, recipes.shortlist; empty = none): the app
    # scores only those pieces where "uses" says (its own search, the reverse check it does)
    shortlist: dict = dataclasses.field(default_factory=dict)


def load_run_config(path: str | Path) -> RunConfig:
    """Read a run config JSON file, checking its ``model`` and ``train`` blocks now.

    Raises
    ------
    ConfigError
        An unknown key (of the file, ``model`` or ``train``), an unknown task, or a value out of
        range: found before any corpus is read.
    """
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    names = {f.name for f in dataclasses.fields(RunConfig)}
    unknown = set(data) - names
    if unknown:
        raise ConfigError(f"{path}: unknown keys {sorted(unknown)}")
    cfg = RunConfig(**data)
    if cfg.task not in TASKS:
        raise ConfigError(f"{path}: task must be one of {', '.join(TASKS)}")
    if cfg.weight_storage not in WEIGHT_STORAGES:
        raise ConfigError(f"{path}: weight_storage must be one of {', '.join(WEIGHT_STORAGES)}")
    if cfg.back_translation and (cfg.task, cfg.target_lang) != ("translate", "en"):
        raise ConfigError(f"{path}: back_translation is for translation into English")
    if cfg.shortlist and not _good_shortlist(cfg):
        raise ConfigError(f"{path}: shortlist is for translators: {{\"frequent\": N, \"per_source\": K, "
                          f"\"uses\": [...]}}, N and K positive integers, uses some of {', '.join(SHORTLIST_USES)}")
    try:  # the vocabularies are not trained yet: their planned size stands in (train_run uses the real ones)
        from_dict(ModelConfig, {**cfg.model, "src_vocab_size": cfg.vocab_size, "tgt_vocab_size": cfg.vocab_size})
        from_dict(TrainConfig, dict(cfg.train))
    except (ConfigError, TypeError) as exc:
        raise ConfigError(f"{path}: {exc}") from exc
    return cfg


def _good_shortlist(cfg: RunConfig) -> bool:
    sl = cfg.shortlist
    sizes = [sl.get("frequent"), sl.get("per_source")]
    uses = sl.get("uses", list(SHORTLIST_USES))
    return (cfg.task == "translate" and set(sl) <= {"frequent", "per_source", "uses"}
            and all(isinstance(v, int) and not isinstance(v, bool) and v > 0 for v in sizes)
            and isinstance(uses, list) and bool(uses) and set(uses) <= set(SHORTLIST_USES))


@dataclass
class PreparedRun:
    """Everything ``train_run`` needs, built once from the data."""

    cfg: RunConfig
    train_pairs: list[tuple[str, str]]
    dev_pairs: list[tuple[str, str]]
    eval_sets: dict[str, list[tuple[str, str]]]
    src_spm: bytes
    tgt_spm: bytes
    lowercase_source: bool
    data_stats: dict


def _spm(work: Path, name: str, lines_fn, vocab_size: int, **kw) -> bytes:
    """Train a SentencePiece model once and cache it in the work dir."""
    path = work / f"{name}.spm"
    if path.exists():
        return path.read_bytes()
    t = time.monotonic()
    data = train_sentencepiece(lines_fn(), vocab_size=vocab_size, **kw)
    work.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    logger.info("trained SentencePiece %s (%d pieces) in %.0fs", name, vocab_size, time.monotonic() - t)
    return data


def _spm_cache_names(cfg: RunConfig) -> tuple[str, str]:
    """Cache names of the (source, target) SentencePiece models of a run."""
    if cfg.task != "translate":  # a chat model and its reverse share one vocabulary
        name = f"chat-{cfg.source_lang}{cfg.vocab_size}"
        return name, name
    return f"{cfg.source_lang}{cfg.vocab_size}", f"{cfg.target_lang}{cfg.vocab_size}"


def prepare_run(cfg: RunConfig, work_root: Path, data_dir: str | Path | None = None,
                init_from: Path | None = None) -> PreparedRun:
    """Load and clean the corpora and get the SentencePiece models for ``cfg``.

    With ``init_from`` (a package) and no cached SentencePiece models, the package's own models
    seed the cache, so training can continue from a committed model on a fresh machine.
    """
    spm_dir = work_root / "spm"
    if init_from is not None:
        for name, side in zip(_spm_cache_names(cfg), ("source", "target")):
            if not (spm_dir / f"{name}.spm").exists():
                spm_dir.mkdir(parents=True, exist_ok=True)
                (spm_dir / f"{name}.spm").write_bytes(spm_path(init_from, side).read_bytes())
    if cfg.task == "translate":
        corpus = load_translation_corpus(data_dir)
        en_lines = lambda: [en for en, _ in corpus.train] + [en.lower() for en, _ in corpus.train]  # noqa: E731
        ja_lines = lambda: [ja for _, ja in corpus.train]  # noqa: E731
        en = _spm(spm_dir, f"en{cfg.vocab_size}", en_lines, cfg.vocab_size, character_coverage=1.0)
        ja = _spm(spm_dir, f"ja{cfg.vocab_size}", ja_lines, cfg.vocab_size, character_coverage=0.9995)
        if (cfg.source_lang, cfg.target_lang) == ("en", "ja"):
            flip = lambda ps: list(ps)  # noqa: E731
            src, tgt, lower = en, ja, True
        elif (cfg.source_lang, cfg.target_lang) == ("ja", "en"):
            flip = lambda ps: [(b, a) for a, b in ps]  # noqa: E731
            src, tgt, lower = ja, en, False
        else:
            raise ConfigError(f"no corpus for {cfg.source_lang}->{cfg.target_lang}")
        dev = flip(corpus.spe_dev)
        evals = {"spe_test": flip(corpus.spe_test), "tatoeba_dev": flip(corpus.tatoeba_dev)}
        # repeating small_parallel_enja leans the model towards the benchmark's domain and style
        train = flip(corpus.train + corpus.spe_train * (cfg.spe_upsample - 1))
        stats = corpus.stats | ({"spe_upsample": cfg.spe_upsample} if cfg.spe_upsample > 1 else {})
        if cfg.back_translation and cfg.target_lang == "en":  # load_run_config refuses it for other targets
            from .back_translation import back_translated_pairs

            held = {norm_key(s) for pair in corpus.spe_test + corpus.spe_dev + corpus.tatoeba_dev for s in pair}
            synthetic = back_translated_pairs(cfg.back_translation, bundled_models_dir() / "en-ja", work_root,
                                              held, data_dir)
            train += synthetic
            stats["back_translated"] = len(synthetic)
        if cfg.placeholders:
            from ..core.protect import PLACEHOLDERS
            from ..core.tokenizer import extend_vocabulary
            from ..training.placeholders import augment_pairs, placeholder_pair

            src, tgt = extend_vocabulary(src, PLACEHOLDERS), extend_vocabulary(tgt, PLACEHOLDERS)
            train, ph_stats = augment_pairs(train, cfg.source_lang, cfg.target_lang, seed=cfg.train.get("seed", 1))
            # the pairs with placeholders are a few percent of the corpus: show them twice per epoch
            with_ph = [p for p in train if any(ch in PLACEHOLDERS for ch in p[0])]
            train += with_ph
            ph_stats["repeated"] = len(with_ph)
            # dev (model selection) sees the placeholders the app would give it, nothing synthetic;
            # the eval sets stay raw text: export protects and restores them as the app does
            dev = [placeholder_pair(s, t, cfg.source_lang, cfg.target_lang)[:2] for s, t in dev]
            stats |= {"placeholders": dict(ph_stats)}
        return PreparedRun(cfg, train, dev, evals, src, tgt, lower, stats)
    convs = load_chat_conversations(data_dir, cfg.source_lang)
    pairs = []
    for source, cs in convs.items():
        ps = build_chat_pairs(cs, context_turns=cfg.chat_context_turns)
        pairs += ps * (cfg.chatterbot_upsample if source == "chatterbot" else 1)
    random.Random(7).shuffle(pairs)
    n_dev = min(1000, max(20, len(pairs) // 50))
    dev, train = pairs[:n_dev], pairs[n_dev:]
    dev_keys = {d for d in dev}
    train = [p for p in train if p not in dev_keys]
    stats = {k: len(v) for k, v in convs.items()}
    if cfg.well_formed_replies:
        train = [p for p in train if is_well_formed_reply(p[1])]
        stats["well_formed_corpus_pairs"] = len(train)
    if cfg.persona_file:
        persona = load_persona_pairs(PROJECT_ROOT / cfg.persona_file)
        train += persona * cfg.persona_upsample
        stats["persona_pairs"] = len(persona)
    if cfg.task == "chat-reverse":  # same split as the chat model's, each pair turned round
        train, dev = [(b, a) for a, b in train], [(b, a) for a, b in dev]
    lines = lambda: list({t for p in train for t in p})  # noqa: E731
    spm = _spm(spm_dir, f"chat-{cfg.source_lang}{cfg.vocab_size}", lines, cfg.vocab_size,
               character_coverage=1.0 if cfg.source_lang == "en" else 0.9995, user_symbols=[SEP])
    stats |= {"train_pairs": len(train), "dev_pairs": len(dev)}
    return PreparedRun(cfg, train, dev, {}, spm, spm, False, stats)


def load_persona_pairs(path: Path) -> list[tuple[str, str]]:
    """The exchanges file's pairs, less those whose prompt is one of the held-out chat prompts."""
    from .card import held_out_chat_prompts

    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"persona_file {path}: {exc}") from exc
    held_out = {norm_key(p) for p in held_out_chat_prompts()}
    return [(p, r) for p, r in parse_exchanges(text, Path(path).name) if norm_key(p) not in held_out]


def _model_config(prep: PreparedRun, src_tok: Tokenizer, tgt_tok: Tokenizer) -> ModelConfig:
    return from_dict(ModelConfig, {**prep.cfg.model, "src_vocab_size": src_tok.vocab_size,
                                    "tgt_vocab_size": tgt_tok.vocab_size})


def train_run(prep: PreparedRun, work_root: Path, out_dir: Path, *, resume: bool = False,
              device: str | None = None, minutes: float | None = None, init_from: Path | None = None,
              cooldown_steps: int | None = None) -> Generator[TrainProgress, None, TrainResult]:
    """Train one run; write ``out_dir`` (a package) whenever the dev score improves.

    ``init_from`` starts from the weights of an existing package (e.g. the committed bundled
    model, when the run's checkpoints are gone) instead of a random initialisation; its
    SentencePiece models must be the ones this run uses.
    """
    cfg = prep.cfg
    run_dir = work_root / cfg.name
    run_dir.mkdir(parents=True, exist_ok=True)
    src_tok = Tokenizer(prep.src_spm, lowercase=prep.lowercase_source)
    tgt_tok = Tokenizer(prep.tgt_spm)
    mc = _model_config(prep, src_tok, tgt_tok)
    tc_dict = dict(cfg.train)
    if minutes is not None:
        tc_dict["max_minutes"] = minutes
    if cooldown_steps is not None:
        tc_dict["cooldown_steps"] = cooldown_steps
    tc = from_dict(TrainConfig, tc_dict)
    dev_pairs = prep.dev_pairs
    target_lang = cfg.target_lang if cfg.task == "translate" else ""
    dev = torch.device(pick_device(device))
    torch.manual_seed(tc.seed)
    model = build_model(mc, pad_id=PAD_ID)  # trained in place, so interim exports can read it
    continue_from = None
    if init_from is not None and not (resume and (run_dir / "ckpt" / "trainer.json").exists()):
        from ..core.package import load_package

        base = load_package(init_from)
        base_src, base_tgt = spm_path(init_from, "source").read_bytes(), spm_path(init_from, "target").read_bytes()
        if not (prep.src_spm.startswith(base_src) and prep.tgt_spm.startswith(base_tgt)):
            raise ConfigError(f"{init_from} uses other SentencePiece models than this run ({work_root / 'spm'}); "
                              "copy its source.spm/target.spm there or train from scratch")
        base_model = base.model
        if (base_src, base_tgt) != (prep.src_spm, prep.tgt_spm):
            # the run's vocabularies are the package's plus appended pieces (the placeholders): grow it
            from ..training.placeholders import grow_vocabulary

            base_model = grow_vocabulary(base_model.float(), src_tok.vocab_size, tgt_tok.vocab_size, seed=tc.seed)
            logger.info("grew %s's vocabularies to %d / %d pieces", init_from, src_tok.vocab_size, tgt_tok.vocab_size)
        model.load_state_dict(base_model.state_dict())
        continue_from = _continuation(base.info.training, init_from)
    gen = train_model(model, tc, prep.train_pairs, dev_pairs, src_tok, tgt_tok, target_lang=target_lang,
                      device=dev, checkpoint_dir=run_dir / "ckpt", resume=resume,
                      metrics_log=run_dir / "metrics.jsonl", max_len=cfg.max_len, continue_from=continue_from)
    best = None
    result = None
    while True:
        try:
            p = next(gen)
        except StopIteration as stop:
            result = stop.value
            break
        yield p
        if p.event == "eval":
            score = p.dev_bleu if p.dev_bleu is not None else -(p.dev_loss or 0.0)
            if best is None or score > best:
                best = score
                _export_interim(prep, model, out_dir, p, dev)
    return result


def _continuation(training: dict, package: Path) -> dict | None:
    """Where a package's training ended (step, epochs, time, cooldowns), for ``train_model``."""
    if not training.get("steps"):
        return None  # a package from elsewhere (e.g. a fine-tune): start the schedule afresh
    cycles = training.get("cooldowns")
    if cycles is None and training.get("cooldown_start") is not None:  # packages exported before the list
        cycles = [[training["cooldown_start"], training["cooldown_steps"]]]
    return {"step": int(training["steps"]), "epochs": float(training.get("epochs", 0)),
            "elapsed": 60.0 * float(training.get("wall_minutes", 0)), "cooldowns": cycles or [],
            "hardware": training.get("hardware"), "package": Path(package).as_posix(), "run": training.get("run"),
            # the package's own start (another --init-from), so a card can retell every stage
            "continued_from": training.get("continued_from")}


def _preprocessing(prep: PreparedRun) -> dict:
    """What a package records about its inputs; chat models (and their reverse) join turns with SEP."""
    chat = prep.cfg.task != "translate"
    return {"lowercase_source": prep.lowercase_source, "separator": SEP if chat else None,
            "context_turns": prep.cfg.chat_context_turns if chat else None,
            # the longest source the model saw in training: the engine cuts longer sentences
            "max_source_pieces": None if chat else prep.cfg.max_len}


def _export_interim(prep: PreparedRun, model, out_dir: Path, p: TrainProgress, device) -> None:
    cfg = prep.cfg
    training = {"steps": p.step, "epochs_done": p.epoch, "wall_minutes": round(p.elapsed / 60, 1),
                "hardware": describe_hardware(device), "train_pairs": len(prep.train_pairs),
                "data_stats": prep.data_stats, "train_config": cfg.train, "run": cfg.name}
    metrics = {"dev": {"loss": p.dev_loss, "bleu_greedy": p.dev_bleu, "chrf_greedy": p.dev_chrf,
                       "set": "small_parallel_enja dev" if cfg.task == "translate" else "held-out chat pairs"}}
    card = f"# {cfg.name} (interim checkpoint)\n\nStep {p.step}, dev loss {p.dev_loss}, dev BLEU {p.dev_bleu}.\n" \
           "Final figures are written by `seq2seq train export`.\n"
    was = model.training
    model.eval()
    save_package(out_dir, model, task=cfg.task, source_lang=cfg.source_lang, target_lang=cfg.target_lang,
                 source_spm=prep.src_spm, target_spm=prep.tgt_spm, card=card, name=cfg.name,
                 preprocessing=_preprocessing(prep),
                 training=training, metrics=metrics)
    model.train(was)


def _decode_texts(model, src_tok: Tokenizer, tgt_tok: Tokenizer, sources: list[str], beam: int, device,
                  batch: int = 64, reverse=None, langs: tuple[str, str] | None = None, glossary=(),
                  shortlist=None, reverse_shortlist: bool = False) -> list[str]:
    """Best translation of each source; ``reverse`` (a package) reranks the beam as the app does.

    With ``langs`` (source, target) and a vocabulary that holds the placeholders, the sources are
    protected and the outputs restored (``core.protect``), as ``Engine`` does.  With ``shortlist``
    the search scores only it, and with ``reverse_shortlist`` the reverse check scores only the
    reverse package's (when it has one; ``core.shortlist``).
    """
    from ..core.config import REVERSE_WEIGHT, DecodeConfig
    from ..core.protect import PLACEHOLDERS, protect, restore
    from ..core.rerank import rerank_by_reverse
    from ..core.search import decode_batch

    dc = DecodeConfig(beam_width=beam, n_best=beam if reverse is not None else 1)
    prots = None
    if langs is not None and src_tok.has_pieces(PLACEHOLDERS) and tgt_tok.has_pieces(PLACEHOLDERS):
        # as the app translates: protected spans become placeholders, and are put back afterwards
        prots = [protect(s, langs[0], langs[1], glossary=glossary, known_word=src_tok.is_known_word) for s in sources]
        sources = [p.text for p in prots]
    ids = src_tok.encode_batch(sources)
    out = []
    for i in range(0, len(ids), batch):
        nbest = decode_batch(model, ids[i:i + batch], dc, device=device, shortlist=shortlist)
        if reverse is not None:
            nbest = rerank_by_reverse(sources[i:i + batch], nbest, tgt_tok, reverse, REVERSE_WEIGHT, device,
                                      use_shortlist=reverse_shortlist)
        out += [tgt_tok.decode(n[0].token_ids) for n in nbest]
    if prots is not None:
        out = [p.source if p.passthrough else restore(o, p, target_lang=langs[1]).text for o, p in zip(out, prots)]
    return out


def _benchmark_scores(prep: PreparedRun, model, src_tok, tgt_tok, beam: int, device, data_dir,
                      reverse=None, shortlist=None) -> dict:
    """Scores on every eval set, greedy and beam, by the benchmark's BLEU/chrF recipe (``core.metrics``); with a
    ``reverse`` package also beam reranked by it (``beam5+reverse``, the app's default search), and when
    this model (``shortlist``) or the reverse package has a vocabulary shortlist, that search over the
    shortlists (``beam5+reverse+shortlist``, as the app runs it)."""
    from ..core.metrics import corpus_scores
    from .corpora import default_data_dir, tokenize_like_spe

    cfg = prep.cfg
    results = {}
    searches = [("greedy", 1, None, False), (f"beam{beam}", beam, None, False)]
    if reverse is not None:
        searches.append((f"beam{beam}+reverse", beam, reverse, False))
        if shortlist is not None or reverse.shortlist_for("reverse") is not None:
            searches.append((f"beam{beam}+reverse+shortlist", beam, reverse, True))
    for set_name, pairs in prep.eval_sets.items():
        sources = [s for s, _ in pairs]
        refs = [t for _, t in pairs]
        for label, k, rev, listed in searches:
            t0 = time.monotonic()
            hyps = _decode_texts(model, src_tok, tgt_tok, sources, k, device, reverse=rev,
                                 langs=(cfg.source_lang, cfg.target_lang), shortlist=shortlist if listed else None,
                                 reverse_shortlist=listed)
            secs = time.monotonic() - t0
            entry = {"natural": corpus_scores(hyps, refs, cfg.target_lang).as_dict(), "decode_seconds": round(secs, 1)}
            if set_name == "spe_test" and cfg.target_lang == "en":
                # the benchmark's references as given: lowercased, tokenized; compare lowercased,
                # with our detokenized output split the same way (see corpora.tokenize_like_spe)
                root = Path(data_dir) if data_dir else default_data_dir()
                raw = (root / "small_parallel_enja" / "test.en").read_text(encoding="utf-8").splitlines()
                entry["benchmark"] = corpus_scores([tokenize_like_spe(h) for h in hyps], raw, "en", lowercase=True).as_dict()
                entry["benchmark_raw_hyp"] = corpus_scores(hyps, raw, "en", lowercase=True).as_dict()
            elif set_name == "spe_test":
                entry["benchmark"] = entry["natural"]  # refs already have their spaces removed
            results[f"{set_name}/{label}"] = entry
    return results


def _faithfulness_scores(cfg: RunConfig, model, src_tok, tgt_tok, beam: int, device, reverse=None,
                         shortlist=None) -> dict:
    """Span preservation and glossary enforcement on the project's held-out sets (``resources/eval``),
    with the app's default search (beam + reverse check when the reverse model is there, over the
    shortlist when there is one)."""
    from ..core.glossary import load_glossary
    from ..core.metrics import faithfulness, glossary_cases, parse_span_cases
    from ..paths import resources_dir

    root = resources_dir() / "eval"
    langs = (cfg.source_lang, cfg.target_lang)
    out = {}
    span_file = root / f"spans-{cfg.source_lang}.tsv"
    if span_file.is_file():
        cases = parse_span_cases(span_file.read_text(encoding="utf-8"), span_file.name)
        hyps = _decode_texts(model, src_tok, tgt_tok, [s for s, _ in cases], beam, device, reverse=reverse,
                             langs=langs, shortlist=shortlist, reverse_shortlist=True)
        score = faithfulness(cases, hyps)
        out["spans"] = {"file": f"resources/eval/{span_file.name}", "sentences": score.sentences,
                        "spans": score.total, "kept": score.kept, "kept_percent": score.kept_percent}
    terms_file = root / f"glossary-{cfg.source_lang}-{cfg.target_lang}.tsv"
    sents_file = root / f"glossary-sentences-{cfg.source_lang}.txt"
    if terms_file.is_file() and sents_file.is_file():
        entries = load_glossary(terms_file)
        cases = glossary_cases([ln for ln in sents_file.read_text(encoding="utf-8").splitlines() if ln.strip()],
                               entries)
        hyps = _decode_texts(model, src_tok, tgt_tok, [s for s, _ in cases], beam, device, reverse=reverse,
                             langs=langs, glossary=entries, shortlist=shortlist, reverse_shortlist=True)
        score = faithfulness(cases, hyps)
        out["glossary"] = {"file": f"resources/eval/{terms_file.name}", "sentences": score.sentences,
                           "occurrences": score.total, "kept": score.kept, "kept_percent": score.kept_percent}
    return out


def translation_metrics(prep: PreparedRun, model, src_tok, tgt_tok, beam: int, device, data_dir,
                        reverse=None, shortlist=None) -> dict:
    """A translator's card metrics: every eval set and search (``_benchmark_scores``), plus span
    preservation and glossary enforcement when the run carries placeholders (over ``shortlist``,
    when given, as the app translates).  A shortlist kept for the reverse check only (``uses``) is
    recorded but not searched."""
    from ..core.package import shortlist_record

    record = shortlist_record(shortlist) if shortlist is not None else None
    if shortlist is not None and not shortlist.used_for("search"):
        shortlist = None  # the reverse check the other direction does uses it, this search does not
    metrics = _benchmark_scores(prep, model, src_tok, tgt_tok, beam, device, data_dir, reverse=reverse,
                                shortlist=shortlist)
    if record is not None:
        metrics["shortlist"] = record
    if reverse is not None and reverse.shortlist_for("reverse") is not None:
        metrics["reverse_shortlist"] = shortlist_record(reverse.shortlist)
    if prep.cfg.placeholders:
        metrics["faithfulness"] = _faithfulness_scores(prep.cfg, model, src_tok, tgt_tok, beam, device, reverse,
                                                       shortlist)
    return metrics


def run_shortlist(prep: PreparedRun):
    """The run's vocabulary shortlist (``recipes.shortlist``) built from its training pairs, or None."""
    if not prep.cfg.shortlist or prep.cfg.task != "translate":
        return None
    from .shortlist import build_shortlist

    src_tok = Tokenizer(prep.src_spm, lowercase=prep.lowercase_source)
    shape = prep.cfg.shortlist
    shortlist = build_shortlist(prep.train_pairs, src_tok, Tokenizer(prep.tgt_spm), frequent=shape["frequent"],
                                per_source=shape["per_source"])
    return dataclasses.replace(shortlist, uses=tuple(shape.get("uses", SHORTLIST_USES)))


def tc_tokens(cfg: RunConfig) -> int:
    """Batch token budget of a run (TrainConfig default when the config leaves it out)."""
    return int(cfg.train.get("tokens_per_batch", TrainConfig.tokens_per_batch))


def tc_sents(cfg: RunConfig) -> int:
    """Batch sentence cap of a run."""
    return int(cfg.train.get("max_sentences_per_batch", TrainConfig.max_sentences_per_batch))


def export_run(prep: PreparedRun, work_root: Path, out_dir: Path, device: str | None = None, beam: int = 5,
               data_dir=None, bench_fn=None, note: str = "", final_weights: bool = False, judged: str = "") -> str:
    """Load the run's best weights, score them on every eval set and write the final package + card.

    ``bench_fn(package_dir) -> dict`` may add a ``seq2seq bench`` result to the card.
    ``final_weights`` ships the last checkpoint instead of the best by dev score: for the chatbot,
    whose dev loss says little about its replies, the weights at the end of a cooldown.
    The run config's ``weight_storage`` "int8" stores the weights as int8 (``core.package.pack_weights``);
    they are rounded so before scoring, so the card's figures are those of the weights that ship.
    """
    from safetensors.torch import load_file

    from .card import write_card_text

    cfg = prep.cfg
    ckpt = work_root / cfg.name / "ckpt"
    if not (ckpt / "trainer.json").exists():
        raise ConfigError(f"no checkpoint in {ckpt}: run `seq2seq train run` first")
    meta = json.loads((ckpt / "trainer.json").read_text(encoding="utf-8"))
    src_tok = Tokenizer(prep.src_spm, lowercase=prep.lowercase_source)
    tgt_tok = Tokenizer(prep.tgt_spm)
    mc = _model_config(prep, src_tok, tgt_tok)
    model = build_model(mc, pad_id=PAD_ID)
    best = ckpt / "best.safetensors"
    use_best = best.exists() and not final_weights
    model.load_state_dict(load_file(str(best if use_best else ckpt / "model.safetensors")), strict=False)
    if cfg.weight_storage != "fp16":
        model.load_state_dict(unpack_weights(pack_weights(model.state_dict(), cfg.weight_storage)))
    dev = torch.device(pick_device(device))
    model.to(dev).eval()
    metrics, shortlist = {}, None
    if cfg.task == "translate":
        from ..core.package import load_package, sibling_reverse_dir

        # the opposite direction beside the package, as the app pairs them (Engine.attach_reverse)
        reverse_dir = sibling_reverse_dir(out_dir, cfg.source_lang, cfg.target_lang)
        reverse = load_package(reverse_dir, device=str(dev)) if reverse_dir is not None else None
        shortlist = run_shortlist(prep)
        metrics = translation_metrics(prep, model, src_tok, tgt_tok, beam, dev, data_dir, reverse, shortlist)
    hist = meta.get("history", [])
    per_epoch = meta.get("batches_per_epoch") or len(make_batches(
        encode_pairs(prep.train_pairs, src_tok, tgt_tok, cfg.max_len), tc_tokens(cfg), tc_sents(cfg), random.Random(0)))
    hardware = describe_hardware(dev)
    try:  # the interim package written during training knows the training hardware
        hardware = json.loads((out_dir / "config.json").read_text(encoding="utf-8"))["training"]["hardware"]
    except (OSError, KeyError, ValueError):
        pass
    earlier = meta.get("continued_from") or {}
    if earlier.get("hardware") and earlier["hardware"] != hardware and f"up to step {earlier['step']}," not in hardware:
        # the stages ran on different machines (and the package does not say so yet: re-exports keep it)
        hardware = f"{earlier['hardware']} up to step {earlier['step']}, then {hardware}"
    training = {"steps": meta["step"], "epochs": round(meta["epoch"] + meta["batch_pos"] / per_epoch, 2),
                "wall_minutes": round(meta["elapsed"] / 60, 1), "hardware": hardware,
                "train_pairs": len(prep.train_pairs), "data_stats": prep.data_stats, "train_config": cfg.train,
                "best_dev_bleu": meta.get("best_bleu"), "best_dev_loss": meta.get("best_loss"),
                "run": cfg.name, "command": f"seq2seq train run configs/{cfg.name}.json --resume", "note": note,
                "judged": judged,
                "weights": "best dev checkpoint" if use_best else f"final weights (step {meta['step']})",
                "cooldowns": meta.get("cooldowns", []), "continued_from": meta.get("continued_from")}
    preprocessing = _preprocessing(prep)
    common = dict(task=cfg.task, source_lang=cfg.source_lang, target_lang=cfg.target_lang, source_spm=prep.src_spm,
                  target_spm=prep.tgt_spm, name=cfg.name, preprocessing=preprocessing, training=training, metrics=metrics,
                  weight_storage=cfg.weight_storage, shortlist=shortlist)
    # write once to get the on-disk size and a loadable package for samples/bench, then the card
    save_package(out_dir, model.cpu(), card="(being written)\n", **common)
    bench = bench_fn(out_dir) if bench_fn else None  # e.g. cli.bench on the written package
    seen = None
    if cfg.task == "chat":
        from .card import chat_prompts_seen_in

        seen = chat_prompts_seen_in(prep.train_pairs + prep.dev_pairs)
    card = write_card_text(out_dir, cfg, training, metrics, hist, bench, seen_prompts=seen)
    save_package(out_dir, model, card=card, **common)
    return card
