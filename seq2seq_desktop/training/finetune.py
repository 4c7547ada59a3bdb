"""Fine-tuning a model package on the user's own sentence pairs.

``fine_tune(base, pairs, cfg)`` is a generator, like every long job in core: it yields a
``FineTuneProgress`` per training batch (and a few during the before/after evaluations), one of
kind ``'epoch'`` after each epoch carrying the validation loss and the re-translated test
sentence, and *returns* a ``FineTuneResult``.  Cancelling means no longer iterating.

It never changes the base: the model is a ``deepcopy`` (of the live model when the caller passes
``package=engine.package``, else of a freshly loaded package), trained in place by the same
``core.training.train_model`` that trains the bundled models, on CUDA when available.  A
held-out split (``FineTuneConfig.val_split``, at least ``min_val_pairs``) is translated by the
model before and after, giving BLEU / chrF / exact-match and a few side-by-side examples.  The
model returned is the epoch with the lowest validation loss.

``save_user_model(result, name)`` writes the result as an ordinary model package under
``paths.user_models_dir()`` (atomically, via ``package.save_package``) with a card that records
the base model, the number of pairs, the date and the before/after metrics.  Callers check the
destination before training (``store.check_destination`` / ``store.reserve_name``); a save
that still fails raises a one-line ``store.StorageError`` and leaves the result in memory, so it
can be saved again (elsewhere: ``folder=``).

Replay: to limit forgetting, ``replay_pairs`` (a sample of the original training data, in the
model's direction) can be mixed into the training set, ``replay_fraction`` of them per new pair.
The bundled packages do not ship their training data, so replay happens only when the caller
provides such pairs; the result reports how many were used (``n_replay``).
"""
from __future__ import annotations

import copy
import dataclasses
import logging
import math
import random
import time
from collections.abc import Generator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from ..core.config import DecodeConfig, FineTuneConfig, TrainConfig  # FineTuneConfig re-exported
from ..core.errors import ConfigError, DataError

__all__ = [
    "FineTuneConfig",
    "FineTuneProgress",
    "FineTuneResult",
    "FineTuneExample",
    "fine_tune",
    "save_user_model",
    "split_pairs",
    "orient_pairs",
    "auto_epochs",
    "format_report",
    "prepare_training",
    "MIN_PAIRS",
]

logger = logging.getLogger(__name__)

#: fewest pairs accepted: two held out and at least three to learn from
MIN_PAIRS = 5
#: sentences decoded per chunk in evaluations (one yield per chunk, so Cancel stays quick)
EVAL_CHUNK = 16


@dataclass(frozen=True)
class FineTuneProgress:
    """One report from ``fine_tune``.

    ``event`` is ``'phase'`` (a stage starts or an evaluation chunk is done; ``message`` says
    which), ``'step'`` after a training batch, or ``'epoch'`` after an epoch (``val_loss`` and
    ``test_translation`` set).  ``loss`` is the running training loss (per target token) since
    the previous epoch report.  ``eta`` is the estimated seconds left (None until known).
    """

    event: str
    step: int = 0
    total_steps: int = 0
    epoch: float = 0.0
    epochs: int = 0
    loss: float | None = None
    val_loss: float | None = None
    lr: float = 0.0
    elapsed: float = 0.0
    eta: float | None = None
    test_translation: str | None = None
    message: str = ""

    @property
    def fraction(self) -> float:
        """Share of the training steps done (0..1)."""
        return min(1.0, self.step / max(1, self.total_steps))


@dataclass(frozen=True)
class FineTuneExample:
    """One held-out pair translated by the base and the fine-tuned model."""

    source: str
    reference: str
    before: str
    after: str


@dataclass
class FineTuneResult:
    """A finished fine-tuning run: the new model (not saved yet) and the evidence for keeping it.

    ``before`` / ``after`` are ``metrics.Scores`` on the held-out pairs; ``exact_before`` /
    ``exact_after`` the share of them reproduced exactly.  ``history`` has one dict per epoch
    (``epoch, step, loss, val_loss, test``).
    """

    model: object
    base_name: str
    base_path: Path
    task: str
    source_lang: str
    target_lang: str
    config: FineTuneConfig
    n_train: int
    n_val: int
    n_replay: int
    n_dropped: int
    steps: int
    epochs: float
    elapsed: float
    stopped: str
    before: object
    after: object
    exact_before: float
    exact_after: float
    examples: list[FineTuneExample]
    history: list[dict]
    test_before: str = ""
    test_after: str = ""
    preprocessing: dict = field(default_factory=dict)
    base_training: dict = field(default_factory=dict)
    created: str = ""
    source_spm: bytes = field(default=b"", repr=False)
    target_spm: bytes = field(default=b"", repr=False)

    @property
    def direction(self) -> str:
        """'en-ja' style label of the model."""
        return f"{self.source_lang}-{self.target_lang}"

    def summary(self) -> dict:
        """JSON-ready record of the run (stored in the package's ``config.json`` as ``finetune``)."""
        return {
            "base_model": self.base_name, "base_path": str(self.base_path), "date": self.created,
            "direction": self.direction, "pairs": self.n_train, "held_out": self.n_val,
            "replay_pairs": self.n_replay, "dropped_pairs": self.n_dropped, "steps": self.steps,
            "epochs": self.epochs, "seconds": round(self.elapsed, 1), "stopped": self.stopped,
            "before": {**self.before.as_dict(), "exact": round(self.exact_before, 4)},
            "after": {**self.after.as_dict(), "exact": round(self.exact_after, 4)},
            "config": dataclasses.asdict(self.config),
        }


# ------------------------------------------------------------------------------- data helpers
def orient_pairs(pairs: Sequence[tuple[str, str]], direction: str | None, source_lang: str,
                 target_lang: str) -> list[tuple[str, str]]:
    """Pairs in the model's direction: swapped when ``direction`` is the model's reverse.

    Raises
    ------
    DataError
        ``direction`` matches neither the model's direction nor its reverse.
    """
    model_dir = f"{source_lang}-{target_lang}"
    if direction is None or direction == model_dir:
        return [(s, t) for s, t in pairs]
    if direction == f"{target_lang}-{source_lang}":
        return [(t, s) for s, t in pairs]
    raise DataError.format("the pairs are {direction} but the base model translates {model_direction}; choose a "
                           "{direction} model or mark the pairs as {model_direction}",
                           direction=direction, model_direction=model_dir)


def split_pairs(pairs: Sequence[tuple[str, str]], cfg: FineTuneConfig
                ) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Deterministic (seeded) train / held-out split; exact duplicates are removed first.

    Raises
    ------
    DataError
        Fewer than ``MIN_PAIRS`` distinct pairs, or too few left to train on.
    """
    unique = list(dict.fromkeys((s.strip(), t.strip()) for s, t in pairs if s.strip() and t.strip()))
    if len(unique) < MIN_PAIRS:
        raise DataError.format("{count} usable pair; fine-tuning needs at least {minimum} ({held_out} are held out "
                               "to measure the result)" if len(unique) == 1 else
                               "{count} usable pairs; fine-tuning needs at least {minimum} ({held_out} are held out "
                               "to measure the result)", count=len(unique), minimum=MIN_PAIRS, held_out=cfg.min_val_pairs)
    n_val = max(cfg.min_val_pairs, round(len(unique) * cfg.val_split))
    if len(unique) - n_val < 3:
        raise DataError.format("{count} pairs leave {train} to train on after holding out {held_out}; add pairs or lower "
                               "the validation share", count=len(unique), train=len(unique) - n_val, held_out=n_val)
    order = list(range(len(unique)))
    random.Random(cfg.seed).shuffle(order)
    val = [unique[i] for i in sorted(order[:n_val])]
    train = [unique[i] for i in sorted(order[n_val:])]
    return train, val


def auto_epochs(n_examples: int, batch_size: int, target_updates: int = 150) -> int:
    """Epochs giving about ``target_updates`` updates, at least 3 and at most 30."""
    per_epoch = max(1, math.ceil(n_examples / batch_size))
    return int(min(30, max(3, math.ceil(target_updates / per_epoch))))


def _norm(s: str) -> str:
    return " ".join(s.split())


def _translate(model, tok_src, tok_tgt, sources: Sequence[str], beam: int, device, label: str,
               t0: float) -> Generator[FineTuneProgress, None, list[str]]:
    """Translate ``sources`` in chunks, yielding a 'phase' progress after each chunk."""
    from ..core.search import decode_batch

    was_training = model.training
    model.eval()
    cfg = DecodeConfig(beam_width=beam, n_best=1)
    out: list[str] = []
    try:
        ids = tok_src.encode_batch(list(sources))
        for i in range(0, len(ids), EVAL_CHUNK):
            for nbest in decode_batch(model, ids[i:i + EVAL_CHUNK], cfg, device=device):
                out.append(tok_tgt.decode(nbest[0].token_ids) if nbest else "")
            model.train(was_training)
            yield FineTuneProgress("phase", elapsed=time.monotonic() - t0,
                                   message=f"{label} ({len(out)}/{len(ids)})")
            model.eval()
    finally:
        model.train(was_training)
    return out


def _translate_one(model, tok_src, tok_tgt, text: str, beam: int, device) -> str:
    from ..core.search import decode_batch

    if not text.strip():
        return ""
    was_training = model.training
    model.eval()
    try:
        nbest = decode_batch(model, [tok_src.encode(text)], DecodeConfig(beam_width=beam, n_best=1), device=device)[0]
    finally:
        model.train(was_training)
    return tok_tgt.decode(nbest[0].token_ids) if nbest else ""


def prepare_training() -> Generator[str, None, None]:
    """Import what the first training step would otherwise import (a worker runs this early).

    Creating the first torch optimizer imports ``torch._dynamo`` (2-3 s on a busy 2-core
    machine); done inside the first batch, that is a stretch with no yield, so Cancel would wait
    for it.  The dialog runs this generator in a worker when it opens.
    """
    import torch

    yield "torch"
    torch.optim.AdamW([torch.nn.Parameter(torch.zeros(1))])  # triggers the lazy imports
    yield "optimizer"


# ------------------------------------------------------------------------------------ the job
def fine_tune(base, pairs: Sequence[tuple[str, str]], cfg: FineTuneConfig | None = None, *,
              replay_pairs: Sequence[tuple[str, str]] | None = None, package=None,
              ) -> Generator[FineTuneProgress, None, FineTuneResult]:
    """Fine-tune a copy of the ``base`` model package on ``pairs``; see the module docstring.

    After loading, it runs in three phases: ``_prepare_data`` (split, encode, replay, sizes), the
    base model's scores, ``_train``, then ``_evaluate_report`` (the fine-tuned model's scores and
    the ``FineTuneResult``).

    Parameters
    ----------
    base : str or path
        Package path or name (``store.resolve_model``).
    pairs : sequence of (str, str)
        The user's pairs, columns as described by ``cfg.direction``.
    cfg : FineTuneConfig, optional
        Settings (validated here); default ``FineTuneConfig()``.
    replay_pairs : sequence of (str, str), optional
        Original-style training pairs in the model's direction, sampled for replay.
    package : ModelPackage, optional
        The already loaded base (e.g. ``engine.package``); its model is deep-copied, never changed.

    Raises
    ------
    DataError
        Too few usable pairs, or a direction the model does not translate.
    ModelLoadError
        The base package cannot be loaded.
    """
    import torch

    from ..core.device import pick_device
    from ..core.package import load_package

    cfg = cfg or FineTuneConfig()
    cfg.validate()
    t0 = time.monotonic()
    for _ in prepare_training():  # no-op when done already; keeps the first batch short
        yield FineTuneProgress("phase", elapsed=time.monotonic() - t0, message="Preparing the trainer")
    if package is None:
        from ..core.store import resolve_model

        yield FineTuneProgress("phase", message="Loading the base model")
        package = load_package(resolve_model(base), device="cpu")
    src_tok, tgt_tok = package.source_tokenizer, package.target_tokenizer
    data = _prepare_data(package, pairs, cfg, replay_pairs)
    device = torch.device(pick_device(cfg.device))

    yield FineTuneProgress("phase", total_steps=data.total, epochs=data.epochs, elapsed=time.monotonic() - t0,
                           message="Copying the model")
    model = copy.deepcopy(package.model).to(device)
    score_start = time.monotonic()
    before = yield from _translate(model, src_tok, tgt_tok, data.val_src, cfg.eval_beam, device,
                                   "Scoring the base model", t0)
    test_before = _translate_one(model, src_tok, tgt_tok, cfg.test_sentence, cfg.eval_beam, device)
    model, trained, history = yield from _train(model, package, data, cfg, device, t0, score_start)
    return (yield from _evaluate_report(model, package, data, cfg, device, t0, trained, history, before, test_before))


@dataclass
class _FineTuneData:
    """One run's data: the split, the encoded training examples (replay mixed in) and the trainer settings."""

    train: list[tuple[str, str]]
    val: list[tuple[str, str]]
    examples: list[tuple[list[int], list[int]]]
    n_train: int
    n_dropped: int
    n_replay: int
    batches_per_epoch: int
    epochs: int
    total: int
    train_config: TrainConfig

    @property
    def val_src(self) -> list[str]:
        """Sources of the held-out pairs."""
        return [s for s, _ in self.val]

    @property
    def val_ref(self) -> list[str]:
        """References of the held-out pairs."""
        return [t for _, t in self.val]


def _prepare_data(package, pairs: Sequence[tuple[str, str]], cfg: FineTuneConfig,
                  replay_pairs: Sequence[tuple[str, str]] | None) -> _FineTuneData:
    """Phase 1: orient, split and encode the pairs, mix in replay, size the run (epochs, steps).

    Raises
    ------
    DataError
        Too few usable pairs, a direction the model does not translate, or every pair too long.
    """
    from .trainer import encode_pairs

    info = package.info
    src_tok, tgt_tok = package.source_tokenizer, package.target_tokenizer
    oriented = orient_pairs(pairs, cfg.direction, info.source_lang, info.target_lang)
    train, val = split_pairs(oriented, cfg)
    examples = encode_pairs(train, src_tok, tgt_tok, cfg.max_len)
    n_dropped = len(train) - len(examples)
    n_train = len(examples)
    if not examples:
        raise DataError.format("every training pair is longer than {max_len} tokens", max_len=cfg.max_len)
    rng = random.Random(cfg.seed)
    n_replay = 0
    if replay_pairs and cfg.replay_fraction > 0:
        val_src = {s for s, _ in val}
        pool = [p for p in replay_pairs if p[0] not in val_src]
        k = min(len(pool), round(cfg.replay_fraction * n_train))
        replay = encode_pairs(rng.sample(pool, k), src_tok, tgt_tok, cfg.max_len) if k else []
        examples += replay
        n_replay = len(replay)
    batches_per_epoch = max(1, math.ceil(len(examples) / cfg.batch_size))
    epochs = cfg.epochs or auto_epochs(len(examples), cfg.batch_size)
    total = epochs * batches_per_epoch
    tc = TrainConfig(lr=cfg.lr, weight_decay=0.0, warmup_steps=max(1, min(100, total // 10)), max_steps=total,
                     max_epochs=epochs, max_minutes=cfg.max_minutes,
                     tokens_per_batch=cfg.batch_size * (cfg.max_len + 2), max_sentences_per_batch=cfg.batch_size,
                     label_smoothing=cfg.label_smoothing, eval_every_steps=batches_per_epoch,
                     checkpoint_every_minutes=0, patience=0, freeze_encoder=cfg.freeze_encoder,
                     lr_schedule="linear", seed=cfg.seed)
    return _FineTuneData(train, val, examples, n_train, n_dropped, n_replay, batches_per_epoch, epochs, total, tc)


def _train(model, package, data: _FineTuneData, cfg: FineTuneConfig, device, t0: float, score_start: float):
    """Phase 2: train ``model`` in place, yielding 'step' and 'epoch' reports.

    Returns (the model with the weights to keep, the ``TrainResult``, the per-epoch history).
    The estimate of the time left counts the after-evaluation at what the before one (begun at
    ``score_start``) took.
    """
    from .trainer import encode_pairs, train_model

    src_tok, tgt_tok = package.source_tokenizer, package.target_tokenizer
    batches_per_epoch, epochs = data.batches_per_epoch, data.epochs
    history: list[dict] = []
    train_start = time.monotonic()
    eval_cost = train_start - score_start  # the after-evaluation costs about what the before one did
    last_loss: float | None = None
    last_state: dict | None = None
    has_val = bool(encode_pairs(data.val, src_tok, tgt_tok, cfg.max_len))  # else no 'eval' reports come
    gen = train_model(model, data.train_config, data.examples, data.val, src_tok, tgt_tok, device=device,
                      max_len=cfg.max_len)
    while True:
        try:
            p = next(gen)
        except StopIteration as stop:
            trained = stop.value
            break
        done = time.monotonic() - train_start
        eta = done / max(1, p.step) * max(0, p.total_steps - p.step) + eval_cost if p.step else None
        if p.event == "step":
            last_loss = p.loss
            yield FineTuneProgress("step", p.step, p.total_steps, p.step / batches_per_epoch, epochs, p.loss,
                                   None, p.lr, time.monotonic() - t0, eta)
        if (p.event == "step" and not has_val and p.step % batches_per_epoch == 0) or p.event == "eval":
            if not cfg.keep_best and p.step >= p.total_steps:  # the trainer reloads its best at the end
                last_state = {k: v.detach().clone() for k, v in model.state_dict().items()}
            test = _translate_one(model, src_tok, tgt_tok, cfg.test_sentence, cfg.eval_beam, device)
            epoch = round(p.step / batches_per_epoch, 3)
            history.append({"epoch": epoch, "step": p.step, "loss": last_loss, "val_loss": p.dev_loss, "test": test})
            yield FineTuneProgress("epoch", p.step, p.total_steps, epoch, epochs, last_loss, p.dev_loss, p.lr,
                                   time.monotonic() - t0, eta, test)
    model = trained.model  # the same object, holding its best epoch's weights, in eval mode
    if last_state is not None:
        model.load_state_dict(last_state)
    return model, trained, history


def _evaluate_report(model, package, data: _FineTuneData, cfg: FineTuneConfig, device, t0: float, trained,
                     history: list[dict], before: list[str], test_before: str
                     ) -> Generator[FineTuneProgress, None, FineTuneResult]:
    """Phase 3: score the fine-tuned model on the held-out pairs and build the ``FineTuneResult``."""
    import torch

    from ..core.metrics import corpus_scores

    info = package.info
    src_tok, tgt_tok = package.source_tokenizer, package.target_tokenizer
    val_src, val_ref = data.val_src, data.val_ref
    after = yield from _translate(model, src_tok, tgt_tok, val_src, cfg.eval_beam, device,
                                  "Scoring the fine-tuned model", t0)
    test_after = _translate_one(model, src_tok, tgt_tok, cfg.test_sentence, cfg.eval_beam, device)
    s_before = corpus_scores(before, val_ref, info.target_lang)
    s_after = corpus_scores(after, val_ref, info.target_lang)
    exact_b = sum(_norm(h) == _norm(r) for h, r in zip(before, val_ref)) / len(val_ref)
    exact_a = sum(_norm(h) == _norm(r) for h, r in zip(after, val_ref)) / len(val_ref)
    rows = [FineTuneExample(s, r, b, a) for s, r, b, a in zip(val_src, val_ref, before, after)]
    rows.sort(key=lambda e: (_norm(e.before) == _norm(e.after), _norm(e.after) != _norm(e.reference)))
    model = model.cpu().eval()
    for prm in model.parameters():  # freeze_encoder turned some off; a saved model is plain
        prm.requires_grad_(True)
    if device.type == "cuda":
        torch.cuda.empty_cache()
    result = FineTuneResult(
        model=model, base_name=info.name, base_path=Path(info.path), task=info.task, source_lang=info.source_lang,
        target_lang=info.target_lang, config=cfg, n_train=data.n_train, n_val=len(data.val), n_replay=data.n_replay,
        n_dropped=data.n_dropped, steps=trained.steps, epochs=trained.epochs, elapsed=time.monotonic() - t0,
        stopped=trained.stopped, before=s_before, after=s_after, exact_before=exact_b, exact_after=exact_a,
        examples=rows[: cfg.examples], history=history, test_before=test_before, test_after=test_after,
        preprocessing=dict(info.preprocessing), base_training=dict(info.training),
        created=datetime.now(UTC).astimezone().isoformat(timespec="seconds"),
        # the loaded tokenizers carry their model bytes: no re-read of a package that may have moved
        source_spm=src_tok.model_bytes, target_spm=tgt_tok.model_bytes)
    logger.info("fine-tuned %s on %d pairs in %.1fs: BLEU %.2f -> %.2f", info.name, data.n_train, result.elapsed,
                s_before.bleu, s_after.bleu)
    return result


# ----------------------------------------------------------------------------------- reports
def format_report(result: FineTuneResult, width: int = 100) -> str:
    """Plain-text before/after report (the CLI prints it; the card embeds it)."""
    b, a = result.before, result.after
    lines = [
        f"Fine-tuned {result.base_name} ({result.direction}) on {result.n_train} pairs"
        + (f" + {result.n_replay} replay pairs" if result.n_replay else "")
        + f", {result.epochs:g} epochs ({result.steps} updates) in {result.elapsed:.1f}s"
        + ("" if result.stopped in ("max_steps", "max_epochs") else f" [stopped: {result.stopped}]"),
        f"Held-out pairs: {result.n_val}" + (f"; {result.n_dropped} over-long pairs dropped" if result.n_dropped else ""),
        "",
        f"{'':8}{'before':>10}{'after':>10}{'change':>10}",
        f"{'BLEU':8}{b.bleu:10.2f}{a.bleu:10.2f}{a.bleu - b.bleu:+10.2f}",
        f"{'chrF':8}{b.chrf:10.2f}{a.chrf:10.2f}{a.chrf - b.chrf:+10.2f}",
        f"{'exact %':8}{100 * result.exact_before:10.1f}{100 * result.exact_after:10.1f}"
        f"{100 * (result.exact_after - result.exact_before):+10.1f}",
        f"BLEU signature: {a.bleu_signature}",
    ]
    if result.examples:
        lines += ["", "Examples (held out):"]
        cut = lambda s: s if len(s) <= width - 12 else s[: width - 13] + "\u2026"  # noqa: E731
        for e in result.examples:
            lines += [f"  source    {cut(e.source)}", f"  reference {cut(e.reference)}",
                      f"  before    {cut(e.before)}", f"  after     {cut(e.after)}", ""]
        lines.pop()
    if result.config.test_sentence:
        lines += ["", f"Test sentence: {result.config.test_sentence}", f"  before    {result.test_before}",
                  f"  after     {result.test_after}"]
    return "\n".join(lines)


def _card(result: FineTuneResult, name: str) -> str:
    b, a = result.before, result.after
    rows = "\n".join(f"| {e.source} | {e.reference} | {e.before} | {e.after} |".replace("\n", " ")
                     for e in result.examples)
    return (
        f"# {name}\n\n"
        f"Fine-tuned from **{result.base_name}** ({result.direction}) on {result.created[:10]}.\n\n"
        f"- Base model: {result.base_name}\n"
        f"- Pairs: {result.n_train} trained, {result.n_val} held out"
        + (f", {result.n_replay} replay pairs" if result.n_replay else "") + "\n"
        f"- Date: {result.created}\n"
        f"- Training: {result.epochs:g} epochs, {result.steps} updates, {result.elapsed:.0f} s, "
        f"lr {result.config.lr:g}, batch {result.config.batch_size}"
        + (", encoder frozen" if result.config.freeze_encoder else "") + "\n\n"
        "## Held-out metrics\n\n"
        "| | before | after |\n|---|---:|---:|\n"
        f"| BLEU | {b.bleu:.2f} | {a.bleu:.2f} |\n| chrF | {b.chrf:.2f} | {a.chrf:.2f} |\n"
        f"| exact match | {100 * result.exact_before:.1f}% | {100 * result.exact_after:.1f}% |\n\n"
        f"BLEU: `{a.bleu_signature}`  \nchrF: `{a.chrf_signature}`\n\n"
        + (f"## Examples\n\n| source | reference | before | after |\n|---|---|---|---|\n{rows}\n\n" if rows else "")
        + f"Base model card follows.\n\n---\n\n{_base_card(result)}"
    )


def _base_card(result: FineTuneResult) -> str:
    try:
        return (result.base_path / "MODEL_CARD.md").read_text(encoding="utf-8")
    except OSError:
        return "(not available)\n"


def _estimated_size(result: FineTuneResult) -> int:
    """Bytes the package of ``result`` takes on disk, about (fp16 weights, tokenizers, card)."""
    weights = sum(v.numel() * (2 if v.is_floating_point() else v.element_size())
                  for v in result.model.state_dict().values())
    return int(weights * 1.05) + len(result.source_spm) + len(result.target_spm) + 256 * 1024


def save_user_model(result: FineTuneResult, name: str, *, overwrite: bool = False,
                    folder: str | Path | None = None, reservation=None) -> Path:
    """Save ``result`` as a user model package named ``name``; returns its folder.

    Written atomically (temp folder + rename) under ``paths.user_models_dir()``, or into
    ``folder`` (the user's choice when the user models folder cannot take it); bundled models are
    never touched.  In the user models folder the name is reserved for the duration of the save
    (``store.reserve_name``) unless the caller passes its own held ``reservation`` of that name.
    The folder is checked (writable, room for the package) before anything is written.

    Raises
    ------
    ConfigError
        The name is not a valid folder name, is a bundled model's name, is taken (unless
        ``overwrite``), or another fine-tune has reserved it.
    StorageError
        The folder cannot take the package: read-only, a file in the way, or the disk is full.
        The message is one line without temp paths; ``result`` is unchanged, so saving can be retried.
    """
    from safetensors import SafetensorError

    from ..core.package import save_package
    from ..core.store import (
        StorageError,
        check_destination,
        check_model_name,
        reserve_name,
        storage_error,
        user_model_path,
    )

    name = check_model_name(name)
    dest = Path(folder) / name if folder is not None else user_model_path(name)
    if dest.exists() and not overwrite:
        raise ConfigError.format("a user model named {name!r} already exists; choose another name" if folder is None
                                 else "a folder in {folder} named {name!r} already exists; choose another name",
                                 name=name, folder=dest.parent)
    needed = _estimated_size(result)
    own = None
    if folder is None and not (reservation is not None and reservation.held and reservation.name == name):
        own = reserve_name(name, overwrite=overwrite, needed_bytes=needed)
    else:
        check_destination(needed, folder=dest.parent)
    summary = result.summary()
    training = {"base_training": result.base_training, "fine_tune": {k: summary[k] for k in
                ("base_model", "date", "pairs", "held_out", "replay_pairs", "steps", "epochs", "seconds")}}
    metrics = {"held_out": {"bleu": round(result.after.bleu, 2), "chrf": round(result.after.chrf, 2),
                            "n": result.n_val, "bleu_signature": result.after.bleu_signature},
               "held_out_base": {"bleu": round(result.before.bleu, 2), "chrf": round(result.before.chrf, 2)}}
    try:
        return save_package(dest, result.model, task=result.task, source_lang=result.source_lang,
                            target_lang=result.target_lang, source_spm=result.source_spm,
                            target_spm=result.target_spm, card=_card(result, name), name=name,
                            preprocessing=result.preprocessing, training=training, metrics=metrics,
                            extra={"finetune": summary}, overwrite=overwrite)
    except FileExistsError:
        raise ConfigError.format("a model named {name!r} already exists in {folder}; choose another name",
                                 name=name, folder=dest.parent) from None
    except StorageError:
        raise
    except (OSError, SafetensorError) as exc:
        raise storage_error(exc, dest.parent) from exc
    finally:
        if own is not None:
            own.release()
