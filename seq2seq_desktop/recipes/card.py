"""MODEL_CARD.md for the bundled models, written from measured figures only.

Everything in a card comes from the run's checkpoint metadata, the benchmark scores computed by
``pipeline.export_run``, an optional ``seq2seq bench`` result, and outputs decoded right now on
the project's own probe sentences (``resources/samples``), so a card can never drift from its
model.
"""
from __future__ import annotations

import logging
from pathlib import Path

from ..paths import resources_dir

__all__ = ["write_card_text", "ATTRIBUTION"]

logger = logging.getLogger(__name__)

ATTRIBUTION = {
    "translate": [
        "Tatoeba (tatoeba.org), English-Japanese sentence pairs, CC-BY 2.0 FR",
        "Tanaka Corpus, via \"small_parallel_enja\" by Yusuke Oda, CC-BY",
    ],
    "chat": [
        "Chit-Chat Challenge dataset (PyPI package chitchat-dataset), MIT licence",
        "ChatterBot corpus (chatterbot-corpus), BSD-3-Clause",
    ],
    # the Japanese bot learns from ChatterBot's Japanese conversations only (chitchat is English)
    "chat-ja": ["ChatterBot corpus (chatterbot-corpus), its Japanese conversations, BSD-3-Clause"],
}
ATTRIBUTION["chat-reverse"] = ATTRIBUTION["chat"]

_SAMPLES = resources_dir() / "samples"


def _probe_pairs(source_lang: str) -> list[tuple[str, str]]:
    rows = []
    for line in (_SAMPLES / "en-ja.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            en, ja = line.split("\t")
            rows.append((en, ja) if source_lang == "en" else (ja, en))
    return rows


#: one probe prompt per kind of exchange the chatbot should handle, for the card's sampled tries
_TRY_PROMPTS = ("Hi there, nice to meet you!", "So what do I call you?", "I feel a bit sad today.",
                "What do you like to do on weekends?")


def chat_prompts_seen_in(pairs) -> list[str]:
    """The card's held-out chat prompts that are, by normalised text, the last turn of a training source."""
    from .corpora import last_turn, norm_key

    sources = {norm_key(last_turn(src)) for src, _ in pairs}
    return [p for p in held_out_chat_prompts() if norm_key(p) in sources]


def _chat_samples(engine, package_dir: Path, cfg, seen_prompts: list[str] | None) -> list[str]:
    """The chat card's sample exchanges: beam replies, then tries as the Dialog tab samples them."""
    from ..core.chat import ChatSession
    from ..core.config import (
        ANTI_LM_WEIGHT,
        CHAT_CANDIDATES,
        CHAT_REVERSE_WEIGHT,
        CHAT_TEMPERATURE,
        CHAT_TOP_P,
        DecodeConfig,
    )
    from ..core.package import sibling_reverse_dir

    reverse_dir = sibling_reverse_dir(package_dir, cfg.source_lang, cfg.target_lang, task="chat", name=cfg.name)
    reverse = CHAT_REVERSE_WEIGHT if reverse_dir is not None and engine.attach_reverse(reverse_dir) else 0.0
    checked = "" if seen_prompts is None else (
        " None of them, nor the fresh, blind and dev prompts named below, is a source turn of the training pairs "
        "(checked by normalised text)." if not seen_prompts
        else " These ARE source turns of the training pairs: " + "; ".join(seen_prompts) + ".")
    specific = (f"MMI-antiLM weight {ANTI_LM_WEIGHT}" + (f", then reranked by the reverse model {reverse_dir.name} "
                f"with weight {reverse}" if reverse else ""))
    lang = cfg.source_lang if cfg.source_lang in ("en", "ja") else "en"
    out = [f"Prompts written for this project (`resources/samples/chat-{lang}.txt`), one turn each." + checked +
           f" The settings were chosen on other prompts (`resources/samples/chat-{lang}-dev.txt`). Beam 5 with no-repeat "
           f"3-grams, and the same beam with the Dialog tab's \"Specific replies\" ({specific}).", "",
           "| prompt | beam 5 | specific replies |", "|---|---|---|"]
    prompts = _chat_prompts(f"chat-{lang}.txt")
    plain = DecodeConfig(beam_width=5, no_repeat_ngram=3)
    beam = DecodeConfig(beam_width=5, no_repeat_ngram=3, anti_lm=ANTI_LM_WEIGHT, reverse_weight=reverse)
    for prompt in prompts:
        out.append(f"| {prompt} | {ChatSession(engine).reply(prompt, plain).text} | "
                   f"{ChatSession(engine).reply(prompt, beam).text} |")

    def tries(prompt: str, **kw) -> str:
        return " / ".join(ChatSession(engine).reply(prompt, DecodeConfig(
            sample=True, temperature=CHAT_TEMPERATURE, top_p=CHAT_TOP_P, seed=k, no_repeat_ngram=3, **kw)).text
            for k in range(1, 6))

    out += ["", f"Five tries per prompt (seeds 1-5) as the Dialog tab's Sampling makes them: {CHAT_CANDIDATES} replies "
            f"drawn (temperature {CHAT_TEMPERATURE}, top-p {CHAT_TOP_P}, no-repeat 3-grams), the best-ranked said"
            + (f" (ranked with the reverse model, weight {reverse})" if reverse
               else " (ranked by the model's own score)")
            + ".", "", "| prompt | tries |", "|---|---|"]
    for prompt in prompts:
        out.append(f"| {prompt} | {tries(prompt, candidates=CHAT_CANDIDATES, reverse_weight=reverse)} |")
    out += ["", "For comparison, single samples (one reply drawn per try, nothing ranked) for the first prompt of "
            "each kind: greeting, about itself, feelings, small talk.", "", "| prompt | tries |", "|---|---|"]
    for prompt in [p for p in prompts if p in _TRY_PROMPTS] or prompts[:4]:
        out.append(f"| {prompt} | {tries(prompt)} |")
    later_sets = _JA_LATER_SETS if lang == "ja" else (
            ("chat-en-fresh.txt", "Fresh prompts (`resources/samples/chat-en-fresh.txt`), written after the persona "
             "exchanges' second revision in other words than theirs; the third revision was written after reading "
             "these tries but leaves out the topics they missed. Tried the same way:"),
            ("chat-en-blind.txt", "Blind prompts (`resources/samples/chat-en-blind.txt`), written by someone who had "
             "not read the persona exchanges, and read by the developer only in this table, tried the same way:"),
            ("chat-en-blind2.txt", "Blind prompts, set 2 (`resources/samples/chat-en-blind2.txt`), written by someone "
             "who had read neither the persona exchanges nor the other prompt sets, after the first blind set had been "
             "read; the developer first read them when comparing candidate models' tries under anonymous labels. "
             "Tried the same way:"))
    for file, intro in later_sets:
        out += ["", intro, "", "| prompt | tries |", "|---|---|"]
        out += [f"| {prompt} | {tries(prompt, candidates=CHAT_CANDIDATES, reverse_weight=reverse)} |"
                for prompt in _chat_prompts(file)]
    return out


#: probe (the persona file was revised after reading its replies), dev (settings), fresh (written after the
#: persona file), blind 1 and 2 (written by people who had not read the persona file)
_HELD_OUT_CHAT_FILES = ("chat-en.txt", "chat-en-dev.txt", "chat-en-fresh.txt", "chat-en-blind.txt",
                        "chat-en-blind2.txt", "chat-ja.txt", "chat-ja-dev.txt", "chat-ja-blind.txt",
                        "chat-ja-blind2.txt", "chat-ja-blind3.txt")
#: the Japanese bot's held-out set beyond its probe prompts
_JA_LATER_SETS = (
    ("chat-ja-blind.txt", "Blind prompts (`resources/samples/chat-ja-blind.txt`), written by someone who had not "
     "read the Japanese persona exchanges, and read by the developer only when judging, tried the same way:"),
    ("chat-ja-blind2.txt", "Blind prompts, set 2 (`resources/samples/chat-ja-blind2.txt`), written by someone who "
     "had read neither the persona exchanges nor the other prompt sets, before the persona file's second part was "
     "written by someone who never read them; tried the same way:"),
    ("chat-ja-blind3.txt", "Blind prompts, set 3 (`resources/samples/chat-ja-blind3.txt`), written by someone who "
     "had read neither the persona exchanges nor the other prompt sets, after this model was trained; six of its "
     "twenty messages happen to equal one of another set (one of them of the dev prompts). Tried the same way:"),)


def _chat_prompts(name: str = "chat-en.txt") -> list[str]:
    return [ln for ln in (_SAMPLES / name).read_text(encoding="utf-8").splitlines()
            if ln and not ln.startswith("#")]


def held_out_chat_prompts() -> list[str]:
    """Prompts the chatbot is judged (chat-en.txt, -fresh, -blind) and tuned (chat-en-dev.txt) on: never trained on.

    (``pipeline.load_persona_pairs`` drops them from the project's own exchanges.)"""
    return [p for name in _HELD_OUT_CHAT_FILES for p in _chat_prompts(name)]


def _fmt(x, nd=1) -> str:
    return "n/a" if x is None else f"{x:.{nd}f}"


def _metrics_table(metrics: dict) -> list[str]:
    if not metrics:
        return []
    lines = ["| set | search | BLEU | chrF | decode time (s) |", "|---|---|---|---|---|"]
    metrics = {k: v for k, v in metrics.items() if "/" in k}  # "set/search" entries (not "faithfulness")
    # natural everyday sentences (the Tatoeba dev split) first, the public benchmark second
    order = {"tatoeba_dev": 0, "spe_test": 1}
    for key, entry in sorted(metrics.items(), key=lambda kv: order.get(kv[0].split("/")[0], 2)):
        set_name, search = key.split("/")
        main = entry.get("benchmark") or entry["natural"]
        lines.append(f"| {set_name} | {search} | {_fmt(main['bleu'])} | {_fmt(main['chrf'])} | {entry['decode_seconds']} |")
    sigs = {e.get("benchmark", e["natural"])["bleu_signature"] for e in metrics.values()}
    lines += ["", "BLEU signatures: " + "; ".join(f"`{s}`" for s in sorted(sigs))]
    return lines


def _ships_final(training: dict) -> bool:
    return str(training.get("weights", "")).startswith("final")


def _cooldown_text(cycles: list[list[int]]) -> str:
    """", learning rate annealed ... (`--cooldown-steps`)" for the Trainer line, or ""."""
    if not cycles:
        return ""
    text = ", then".join(f" learning rate annealed linearly to zero over {n} steps from step {s}" for s, n in cycles)
    return "," + text + (" (`--cooldown-steps`; each new one restarts from the schedule's rate)" if len(cycles) > 1
                         else " (`--cooldown-steps`)")


def _reproduce(name: str, training: dict) -> str:
    run = f"seq2seq train run configs/{name}.json"
    export = f"seq2seq train export configs/{name}.json" + (" --final-weights" if _ships_final(training) else "")
    cycles = training.get("cooldowns") or []
    # runs continued from a package (`--init-from`) began at that package's step, in a fresh run;
    # each start records the package's own start, so the chain retells every stage
    new_runs: dict[int, str] = {}  # step -> the run whose package it started from
    link = training.get("continued_from") or {}
    while link:
        new_runs.setdefault(link.get("step"), link.get("run") or Path(link.get("package") or name).name)
        link = link.get("continued_from") or {}
    # started from another model's weights (chat-en-reverse from chat-en): before that, its card tells
    foreign = max(((step, base) for step, base in new_runs.items() if base != name), default=None)

    def stage(start: int, n: int) -> str:
        if new_runs.get(start) == name:
            return (f"from step {start}, in a new run from the package shipped then: "
                    f"`{run} --init-from models/{name} --cooldown-steps {n}`")
        return f"from step {start}: `{run} --resume --cooldown-steps {n}`"

    if foreign is not None:
        start, base = foreign
        n = next((n for s, n in cycles if s == start), None)
        steps = [f"`{run} --init-from models/{base}" + (f" --cooldown-steps {n}" if n else "") + "`"]
        steps += [stage(s, n) for s, n in cycles if s > start]
        return f"- Reproduce: train `models/{base}` as its card says, then {'; '.join(steps)}; then `{export}`."
    if cycles:
        steps = "; ".join(stage(start, n) for start, n in cycles)
        return (f"- Reproduce: `{run}` until step {cycles[0][0]} (it checkpoints every few minutes; `--resume` "
                f"continues), then {steps}; then `{export}`.")
    return f"- Reproduce: `{run}` (add `--resume` to continue), then `{export}`."


def write_card_text(package_dir: Path, run_cfg, training: dict, metrics: dict, history: list[dict],
                    bench: dict | None = None, seen_prompts: list[str] | None = None) -> str:
    """Card text for the package at ``package_dir`` (already loadable).

    ``seen_prompts``: the chat prompts found among the training sources (``chat_prompts_seen_in``);
    None when that was not checked.  Each section below is written by its own ``_*_section``
    function, as a list of lines ending with a blank one.
    """
    from ..core.engine import Engine

    engine = Engine.load(package_dir, device="cpu")
    cfg = run_cfg
    out = _intro_section(cfg)
    out += _model_section(engine, package_dir)
    out += _data_section(cfg, training)
    out += _training_section(cfg, training, history)
    out += _quality_section(cfg, metrics)
    out += _faithful_section(cfg, training, metrics)
    out += _speed_section(bench)
    out += _samples_section(engine, package_dir, cfg, seen_prompts, training.get("judged") or "")
    out += _limitations_section(cfg)
    logger.info("card for %s: %d lines", cfg.name, len(out))
    return "\n".join(out)


def _intro_section(cfg) -> list[str]:
    """Title and what the model does."""
    out = [f"# {cfg.name}: {cfg.description}", ""]
    if cfg.task == "translate":
        out += [f"Translates {cfg.source_lang.upper()} -> {cfg.target_lang.upper()} one sentence at a time "
                "(the app splits longer text into sentences)."]
    elif cfg.task == "chat":
        out += ["A toy chatbot: given the previous turn, it generates a reply. It has no knowledge, memory or "
                "persona beyond what the training conversations imply."]
    else:
        out += ["The chatbot's conversations turned round: given a reply, it scores (or guesses) the turn it "
                "answered. The app uses it to rank the chatbot's candidate replies by how well each one answers "
                "the user's message (MMI, see `core/rerank.py`); it is not a chatbot itself. Started from the "
                "chatbot's weights (same shape and vocabulary)."]
    return out + [""]


#: how the Model section names each ``core.package.WEIGHT_STORAGES`` entry
STORAGE_WORDS = {"fp16": "fp16 weights", "fp32": "fp32 weights",
                 "int8": "int8 weights, one scale per row, fp16 biases and norms; computed in fp32 after loading"}


def _model_section(engine, package_dir: Path) -> list[str]:
    """## Model: architecture, size, vocabulary, preprocessing."""
    mc = engine.package.model.cfg
    params = engine.package.model.num_parameters()
    size_mb = sum(f.stat().st_size for f in Path(package_dir).iterdir()) / 1e6
    lowercased = "; English source lowercased" if engine.info.preprocessing.get("lowercase_source") else ""
    shared = ", source and target embeddings shared" if mc.share_src_tgt_embeddings else ""
    if getattr(mc, "arch", "rnn") == "transformer":
        arch = (f"- Architecture: pre-norm Transformer, {mc.enc_layers} encoder / {mc.dec_layers} decoder layers, "
                f"d_model {mc.emb_dim}, {mc.heads} heads, feed-forward {mc.ff_dim}, {mc.positions} positions, "
                f"output layer tied to the target embeddings{shared}; the heatmap shows the last layer's "
                "cross-attention averaged over heads.")
    else:
        attention = (f"{mc.attention} attention" if mc.attention != "none" else
                     "no attention (every decoder step sees the same context vector, the mean of the encoder "
                     "states: the textbook encoder-decoder whose bottleneck attention removed; the heatmap is "
                     "uniform)")
        arch = (f"- Architecture: bidirectional {mc.rnn_type.upper()} encoder "
                f"({mc.enc_layers} x {mc.enc_hidden} per direction), "
                f"{mc.rnn_type.upper()} decoder ({mc.dec_layers} x {mc.dec_hidden}), {attention}, "
                f"input feeding {'on' if mc.input_feeding else 'off'}, {mc.emb_dim}-d embeddings, output layer tied "
                f"to the target embeddings{shared}.")
    return ["## Model", "", arch,
            f"- Parameters: {params / 1e6:.1f} M; package on disk {size_mb:.1f} MB "
            f"({STORAGE_WORDS[engine.info.weight_storage]}).",
            f"- Vocabulary: SentencePiece unigram, {mc.src_vocab_size} source / {mc.tgt_vocab_size} target pieces.",
            f"- Preprocessing: NFKC{lowercased}.",
            ""]


def _data_section(cfg, training: dict) -> list[str]:
    """## Training data and licences: sources, persona file, cleaning."""
    out = ["## Training data and licences", ""]
    japanese_chat = cfg.task == "chat" and cfg.source_lang == "ja"
    # the Japanese bot and its reverse model learn from the same Japanese sources only
    japanese = cfg.task in ("chat", "chat-reverse") and cfg.source_lang == "ja"
    out += [f"- {a}" for a in ATTRIBUTION["chat-ja" if japanese else cfg.task]]
    stats = training.get("data_stats", {})
    if cfg.persona_file:
        out += [f"- Persona and small-talk exchanges written for this project (`{cfg.persona_file}`, "
                f"{stats.get('persona_pairs', '?')} pairs, each seen {cfg.persona_upsample} times per epoch), project "
                "licence. The chat card's probe, dev, fresh and blind prompts are dropped from it; it covers the same "
                "kinds of exchange as the probe prompts (greetings, the bot itself, feelings, small talk) by design"
                + (", so the blind prompts' tries below are the check on new wording." if japanese_chat else
                   ", so the fresh and blind prompts' tries below are the check on new wording."
                   if cfg.task == "chat" else ".")]
    out += ["", f"Training pairs after cleaning: {training.get('train_pairs')}. Cleaning statistics: `{stats}`."]
    if getattr(cfg, "well_formed_replies", False):
        out[-1] += (" Corpus pairs whose reply is not written like a sentence (capital first letter, closing "
                    "punctuation, two words or more; `well_formed_replies`) were left out of training "
                    f"({stats.get('well_formed_corpus_pairs', '?')} corpus pairs kept); the dev split is unchanged.")
    if cfg.task == "translate":
        out += ["small_parallel_enja's dev and test sentences, and a 500-pair Tatoeba dev split, were removed from "
                "training by normalised text on either side. small_parallel_enja's English was rejoined and truecased "
                "with a table learned from Tatoeba's cased English."]
        if getattr(cfg, "spe_upsample", 1) > 1:
            out[-1] += (f" Each epoch sees small_parallel_enja's training pairs {cfg.spe_upsample} times and Tatoeba's "
                        "once (the pair count above counts the repeats).")
    return out + [""]


def _training_section(cfg, training: dict, history: list[dict]) -> list[str]:
    """## Training: hardware, how to reproduce, trainer settings, best dev scores, learning curve."""
    train_cfg = training.get("train_config", {})
    out = ["## Training", "",
           f"- Hardware: {training.get('hardware')}; wall time {training.get('wall_minutes')} min; "
           f"{training.get('steps')} steps (~{training.get('epochs')} epochs). {training.get('note') or ''}".rstrip(),
           _reproduce(cfg.name, training),
           f"- Trainer: AdamW, {train_cfg.get('lr_schedule', 'inverse_sqrt')} schedule, "
           f"label smoothing {train_cfg.get('label_smoothing')}, gradient clipping, length-bucketed batches, "
           + (f"source word dropout {train_cfg['source_word_dropout']}, " if train_cfg.get("source_word_dropout")
              else "")
           + f"teacher forcing 1.0{_cooldown_text(training.get('cooldowns') or [])}. "
           f"Shipped: {training.get('weights') or 'best dev checkpoint'}"
           + (" (by dev BLEU)." if cfg.task == "translate" and not _ships_final(training) else "."),
           f"- Best dev (small_parallel_enja dev, greedy) BLEU {_fmt(training.get('best_dev_bleu'))}, "
           f"dev loss {_fmt(training.get('best_dev_loss'), 3)}."
           if cfg.task == "translate" else f"- Best dev loss {_fmt(training.get('best_dev_loss'), 3)}.",
           ""]
    return out + _learning_curve(history)


def _learning_curve(history: list[dict]) -> list[str]:
    """About a dozen evaluations of ``history`` (the last always), as a table; nothing without history."""
    if not history:
        return []
    out = ["Learning curve (per evaluation):", "", "| step | train loss | dev loss | dev BLEU |", "|---|---|---|---|"]
    step = max(1, len(history) // 12)
    for h in history[::step] + ([history[-1]] if (len(history) - 1) % step else []):
        out.append(f"| {h['step']} | {_fmt(h.get('loss'), 3)} | {_fmt(h.get('dev_loss'), 3)} "
                   f"| {_fmt(h.get('dev_bleu'))} |")
    return out + [""]


def _quality_section(cfg, metrics: dict) -> list[str]:
    """## Quality: how the benchmarks were scored, and their table; nothing without metrics."""
    from ..core.config import REVERSE_WEIGHT

    if not metrics:
        return []
    out = ["## Quality", "",
           "sacrebleu. tatoeba_dev = 500 held-out Tatoeba pairs of everyday sentences (natural references), "
           "listed first; spe_test = small_parallel_enja test (500 sentences, the public benchmark); "
           + ("Japanese references with spaces removed, tokenize ja-mecab. "
              if cfg.target_lang == "ja" else
              "references as given (lowercased, tokenized), lowercased comparison, our output tokenized the same way "
              "(`corpora.tokenize_like_spe`). ")
           + (f"`+reverse`: the same beam, its hypotheses reranked by the {cfg.target_lang}->{cfg.source_lang} "
              f"model's log p(source | hypothesis) per source piece, weight {REVERSE_WEIGHT} (chosen on "
              "small_parallel_enja dev; `core/rerank.py`) — what the app and `seq2seq translate` do by default."
              if any(k.endswith("+reverse") for k in metrics) else "")
           + (f" `+shortlist`: that search as the app runs it by default, {_shortlist_words(metrics)} "
              "(`core/shortlist.py`)."
              if any(k.endswith("+shortlist") for k in metrics) else ""), ""]
    return out + _metrics_table(metrics) + [""]


def _shortlist_words(metrics: dict) -> str:
    """Which of the two models scored a vocabulary shortlist in the ``+shortlist`` rows, and its shape."""
    def shape(record: dict) -> str:
        return (f"the {record['frequent']:,} most frequent target pieces and, per source piece, the "
                f"{record['per_source']} target pieces seen most often with it in the training pairs")

    parts = []
    if metrics.get("shortlist") and "search" in metrics["shortlist"].get("uses", ["search"]):
        parts.append("the search scoring only each batch's vocabulary shortlist (" + shape(metrics["shortlist"]) + ")")
    else:
        parts.append("the search over the full vocabulary")
    if metrics.get("reverse_shortlist"):
        parts.append("the reverse check over the reverse model's shortlist (" + shape(metrics["reverse_shortlist"]) + ")")
    else:
        parts.append("the reverse check over its full vocabulary")
    return " and ".join(parts)


def _faithful_section(cfg, training: dict, metrics: dict) -> list[str]:
    """## Faithful translation: what is protected, how the model learned to carry it, measured figures."""
    if cfg.task != "translate" or not getattr(cfg, "placeholders", False):
        return []
    ph = (training.get("data_stats") or {}).get("placeholders") or {}
    faith = (metrics or {}).get("faithfulness") or {}
    out = ["## Faithful translation", "",
           "Before a sentence is encoded, the app replaces numbers, times, dates, phone numbers, URLs, e-mail "
           "addresses, codes, acronyms, names, emoji and glossary terms by placeholder pieces (`core/protect.py`); "
           "the model copies the placeholders and the app puts the original text back (digits stay digits; a "
           "time or date may take the target language's form). A placeholder the model drops is re-inserted "
           "where the decoder attended to it most.",
           "",
           "The model learned to carry placeholders from its training pairs (`training/placeholders.py`): spans "
           "found on both sides of a pair became the same placeholder"
           + (f" ({ph.get('shared_span_pairs', 0):,} pairs), a counted number on both sides became a number "
              f"placeholder ({ph.get('number_swaps', 0):,}), common names became term placeholders "
              f"({ph.get('name_swaps', 0):,}), {ph.get('symbols', 0):,} pairs gained a symbol placeholder, and "
              f"the {ph.get('repeated', 0):,} pairs with placeholders were seen twice per epoch" if ph else "")
           + ". The 18 placeholder pieces were appended to the SentencePiece vocabularies of the shipped model, "
           "whose embeddings grew by the same rows (`--init-from`).", ""]
    if cfg.source_lang == "en":
        out += ["Casing: the English input is lowercased before encoding, as the model was trained (a small "
                "vocabulary spends no pieces on case). Cased words that carry information (acronyms such as AI "
                "or USB, mixed case such as iPhone, codes, and capitalised names the vocabulary does not hold as "
                "one piece) are protected spans first, so they reach the translation exactly as typed.", ""]
    rows = []
    if faith.get("spans"):
        s = faith["spans"]
        rows.append(f"| spans kept (`{s['file']}`, {s['sentences']} sentences written for the project) | "
                    f"{s['kept']} / {s['spans']} = **{s['kept_percent']} %** |")
    if faith.get("glossary"):
        g = faith["glossary"]
        rows.append(f"| glossary targets produced (`{g['file']}`, {g['sentences']} sentences) | "
                    f"{g['kept']} / {g['occurrences']} = **{g['kept_percent']} %** |")
    if rows:
        out += ["Measured with the app's default search on held-out sets (never used to tune the rules):", "",
                "| check | result |", "|---|---|"] + rows + [""]
    return out


def _speed_section(bench: dict | None) -> list[str]:
    """## Speed: a ``seq2seq bench`` result; nothing without one."""
    if not bench:
        return []
    tp = bench["throughput"]
    cpu = " on " + bench["cpu_model"] if bench.get("cpu_model") else ""
    out = ["## Speed (`seq2seq bench`)", "",
           f"{bench['device']}{cpu}, torch {bench['torch']}, {bench['sentences']} sentences, "
           f"batch {bench['batch_size']}.", "",
           "| search | sentences/s | target tokens/s |", "|---|---|---|"]
    out += [f"| {k} | {v['sentences_per_s']} | {v['tokens_per_s']} |" for k, v in tp.items()]
    out += ["", f"Single-sentence beam-5 latency p50 {bench['latency_beam5_ms']['p50']} ms, p95 "
            f"{bench['latency_beam5_ms']['p95']} ms"
            + (f" (with reverse reranking p50 {bench['latency_beam5_reverse_ms']['p50']} ms, p95 "
               f"{bench['latency_beam5_reverse_ms']['p95']} ms)" if "latency_beam5_reverse_ms" in bench else "")
            + f"; first streamed step p50 {bench['first_step_ms']['p50']} ms; "
            f"model load {bench['load_seconds']} s; peak RSS {bench['peak_rss_mb']} MB.", ""]
    if bench.get("precision") == "int8":
        out += ["The search ran in int8 (`core/quantize.py`), as the app and the CLI do on a CPU by default "
                "(`--precision fp32` for the trained weights' own arithmetic); the quality figures above are "
                "the fp32 model's, and int8 stays within noise of them (docs/RESULTS.md, \"int8 search and memory\").", ""]
    if "beam5+reverse" in tp:
        out += ["beam5+reverse is the app's default search. Over many sentences, as here, the reverse check of each "
                "batch runs on a second thread beside the search of the next, one torch thread each "
                "(`core/overlap.py`); a single sentence (the latency figures) is searched, then checked, with both threads "
                "working inside each operation.", ""]
    return out


def _samples_section(engine, package_dir: Path, cfg, seen_prompts: list[str] | None, judged: str = "") -> list[str]:
    """## Sample outputs, decoded now: probe translations, chat exchanges, or guessed previous turns."""
    from ..core.config import REVERSE_WEIGHT, DecodeConfig

    out = ["## Sample outputs", ""]
    if judged:  # how a reader scored the tries below (``seq2seq train export --judged``)
        out += [f"**Judged:** {judged}", ""]
    if cfg.task == "translate":
        # as the app translates: with the opposite direction beside this package, the reverse check
        from ..core.package import sibling_reverse_dir

        reverse_dir = sibling_reverse_dir(package_dir, cfg.source_lang, cfg.target_lang)
        checked = reverse_dir is not None and engine.attach_reverse(reverse_dir)
        out += ["On the project's own probe sentences (`resources/samples/en-ja.tsv`, written for this project, never "
                "trained on), beam 5" + (f" with the reverse check (weight {REVERSE_WEIGHT}, the app's default)"
                                         if checked else "") + ". Failures are left in on purpose.", "",
                "| source | our reference | model output |", "|---|---|---|"]
        pairs = _probe_pairs(cfg.source_lang)
        results = engine.translate_sentences([s for s, _ in pairs],
                                             DecodeConfig(beam_width=5, reverse_weight=REVERSE_WEIGHT if checked else 0.0))
        for (src, ref), tr in zip(pairs, results):
            out.append(f"| {src} | {ref} | {tr.text} |")
    elif cfg.task == "chat":
        out += _chat_samples(engine, package_dir, cfg, seen_prompts)
    else:  # chat-reverse: not a chatbot, but what it has learned shows in the turns it guesses
        lang = cfg.source_lang if cfg.source_lang in ("en", "ja") else "en"
        out += ["This model scores the chatbot's candidate replies; it is not offered as a chatbot. Given a turn, "
                "it writes the turn that most likely came before it (beam 5, no-repeat 3-grams), here for the "
                f"project's chat prompts (`resources/samples/chat-{lang}.txt`):", "",
                "| turn | guessed previous turn |", "|---|---|"]
        prompts = _chat_prompts(f"chat-{lang}.txt")
        guessed = engine.translate_sentences(prompts, DecodeConfig(beam_width=5, no_repeat_ngram=3))
        out += [f"| {p} | {g.text} |" for p, g in zip(prompts, guessed)]
    return out + [""]


def _limitations_section(cfg) -> list[str]:
    """## Known limitations, by task."""
    if cfg.task == "translate":
        limits = ["- Small RNN model trained for a limited time on two CPU cores (see Training): expect wrong word "
                  "choices, dropped clauses and literal translations, especially for long or idiomatic sentences.",
                  "- Trained on short sentences (mostly under 20 words); long sentences degrade.",
                  "- Proper nouns outside the training data are often mistranslated or dropped.",
                  "- Training data are textbook-style example sentences and reflect their sources' biases."]
    elif cfg.task == "chat-reverse":
        limits = ["- Trained like the chatbot (same data, size and limits); its guesses are as generic as the "
                  "chatbot's replies, but the reranking only needs it to score a given turn, not to write one."]
    else:
        if cfg.source_lang == "ja":
            size = ("- A 0.9 M-parameter model trained for an hour on one CPU core, mostly on the project's own "
                    "exchanges: it answers with their stock replies, often one that belongs to another message "
                    "(see the samples above).")
        else:
            size = ("- A 5 M-parameter model trained for hours on two CPU cores: replies are often generic or beside "
                    "the point, and sampled replies can be ungrammatical (see the samples above).")
        limits = [size,
                  "- It sees only the previous turn, so it cannot follow a conversation; it has no memory"
                  + (", and its persona is the few facts its persona exchanges state (name, what it is, where it "
                     "lives): it may still contradict them." if cfg.persona_file else " or persona."),
                  "- Crowd-sourced chat data: replies can be rude, wrong or biased."]
        if cfg.persona_file:
            limits.append("- Replies learnt from the persona templates copy the topic word of the message; an unseen "
                          "or misread topic gets another template's word"
                          + (" (a name it has not seen, as in 「山田といいます」, is never used in the reply)."
                             if cfg.source_lang == "ja"
                             else " (\"I've never been to France.\")."))
    return ["## Known limitations", ""] + limits + [""]
