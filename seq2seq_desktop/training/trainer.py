"""Trainer shared by the bundled-model pipeline and in-app fine-tuning.

``train_model`` is a generator: it yields a ``TrainProgress`` after every batch (so a GUI worker
or the CLI's tqdm loop can show progress and stop it at any batch) and returns a
``TrainResult``.  Cancelling = no longer iterating; the model passed in is trained in place, so
callers that must keep a live model untouched (fine-tuning) pass a copy.

The loop is ``Trainer`` (JoeyNMT's ``TrainManager``, as a generator): ``step`` trains one batch,
``evaluate`` scores the dev set and keeps the best weights, ``save`` writes a checkpoint.  Its
parts live beside it: the data in ``batching``, the learning-rate schedule in ``schedule``
(pure ``lr_at``), the checkpoint files in ``checkpoints``.

Data convention (shared with ``search.encode_sources``): the encoder reads ``src_ids + [EOS]``;
the decoder reads ``[BOS] + tgt_ids`` and is trained to emit ``tgt_ids + [EOS]``.

Checkpoints (``checkpoint_dir``) hold fp32 weights, AdamW moments and the position in the data
order as safetensors + JSON, so ``resume=True`` continues the same loss curve after a stop.
Under ``torchrun`` (``WORLD_SIZE`` > 1) the same loop runs with DistributedDataParallel, each rank
taking every ``world_size``-th batch; only rank 0 evaluates and writes checkpoints.
"""
from __future__ import annotations

import json
import logging
import math
import os
import random
import time
from collections.abc import Callable, Generator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import torch
import torch.nn.functional as F
from torch import Tensor

from ..core.config import ModelConfig, TrainConfig
from ..core.device import pick_device
from ..core.generators import run_to_end
from ..core.model import Seq2Seq, build_model
from ..core.tokenizer import PAD_ID, Tokenizer
from .batching import Example, collate, drop_source_words, encode_pairs, make_batches
from .checkpoints import TrainState, cpu_state, has_checkpoint, load_average_sum, load_checkpoint, save_checkpoint
from .schedule import ended_cooldowns, lr_at, plan_cooldowns, teacher_forcing_at

# encode_pairs, make_batches, drop_source_words and run_to_end were defined here; they are importable from here still
__all__ = ["TrainProgress", "TrainResult", "Trainer", "train_model", "encode_pairs", "make_batches", "run_to_end",
           "evaluate_loss"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class TrainProgress:
    """One report from the trainer.

    ``batch_loss`` is the loss of the batch just trained (on 'step' events).
    ``event`` is 'step' after a batch, 'eval' after a dev evaluation (``dev_loss`` / ``dev_bleu``
    set), 'checkpoint' after a checkpoint was written.  ``loss`` is the running mean of the
    training loss (per target token) since the last report of kind 'eval'.
    """

    step: int
    total_steps: int
    epoch: int
    loss: float
    lr: float
    elapsed: float
    tokens_per_s: float
    event: str = "step"
    dev_loss: float | None = None
    dev_bleu: float | None = None
    dev_chrf: float | None = None
    batch_loss: float | None = None

    @property
    def fraction(self) -> float:
        """Share of the planned steps done (0..1)."""
        return min(1.0, self.step / max(1, self.total_steps))


@dataclass
class TrainResult:
    """What training produced: the best model by dev score (or the last one) and its history."""

    model: Seq2Seq
    steps: int
    epochs: float
    elapsed: float
    stopped: str
    best_dev_bleu: float | None
    best_dev_loss: float | None
    history: list[dict] = field(default_factory=list)


def _teacher_forcing_logits(model: Seq2Seq, src, lens, tgt_in, ratio: float, gen: torch.Generator) -> Tensor:
    """Logits [B,T,V]; with ratio < 1 each step feeds the model's own previous prediction with
    probability 1-ratio (scheduled sampling against exposure bias)."""
    enc = model.encode(src, lens)
    if ratio >= 1.0:
        return model.forward_teacher(enc, tgt_in)[0]
    state = model.init_state(enc)
    inp = tgt_in[:, 0]
    out = []
    for t in range(tgt_in.size(1)):
        step = model.decode_step(enc, state, inp)
        state = step.state
        out.append(step.logits)
        if t + 1 < tgt_in.size(1):
            gold = torch.rand(inp.shape, generator=gen) < ratio
            inp = torch.where(gold.to(inp.device), tgt_in[:, t + 1], step.logits.argmax(-1).detach())
    return torch.stack(out, 1)


def _loss(logits: Tensor, tgt_out: Tensor, smoothing: float) -> tuple[Tensor, int]:
    """Mean token cross-entropy over non-pad targets, and the number of such tokens."""
    n = int((tgt_out != PAD_ID).sum())
    loss = F.cross_entropy(logits.reshape(-1, logits.size(-1)), tgt_out.reshape(-1),
                           ignore_index=PAD_ID, label_smoothing=smoothing, reduction="sum")
    return loss / max(1, n), n


@torch.no_grad()
def evaluate_loss(model: Seq2Seq, examples: Sequence[Example], device: torch.device,
                  tokens_per_batch: int = 4000) -> float:
    """Teacher-forced dev cross-entropy per target token (no label smoothing, no dropout)."""
    was_training = model.training
    model.eval()
    total, count = 0.0, 0
    batches = make_batches(examples, tokens_per_batch, 256, random.Random(0))
    for b in batches:
        src, lens, tin, tout = collate([examples[i] for i in b], device)
        logits = model.forward_teacher(model.encode(src, lens), tin)[0]
        loss, n = _loss(logits, tout, 0.0)
        total += float(loss) * n
        count += n
    model.train(was_training)
    return total / max(1, count)


# ------------------------------------------------------------------------------------ training
class Trainer:
    """One training run: the model, its optimizer, the data order and the best weights so far.

    The constructor restores a checkpoint (``resume``) or an earlier run's end (``continue_from``)
    and plans the steps and cooldowns; ``train()`` then runs the loop (see ``train_model``, which
    builds one).  ``state`` (a ``TrainState``) is what a checkpoint stores.

    Parameters
    ----------
    model : Seq2Seq
        Trained in place; already on ``device`` and in train mode.
    cfg : TrainConfig
        Validated settings.
    examples : list of Example
        Encoded training pairs (``batching.encode_pairs``), not empty.
    dev_pairs : sequence of (str, str)
        Dev text pairs, for dev BLEU / chrF.
    dev_examples : list of Example
        ``dev_pairs`` encoded, for the dev loss.
    src_tok, tgt_tok : Tokenizer
        Used to decode the dev set for BLEU.
    device : torch.device
        Where ``model`` is.
    target_lang, dev_bleu_fn, checkpoint_dir, resume, continue_from, metrics_log
        As in ``train_model``.
    train_module : torch.nn.Module, optional
        ``model`` wrapped in DistributedDataParallel when ``world`` > 1.
    world, rank : int
        Number of processes and this one's rank (``torchrun``).
    """

    def __init__(self, model: Seq2Seq, cfg: TrainConfig, examples: list[Example],
                 dev_pairs: Sequence[tuple[str, str]], dev_examples: list[Example], src_tok: Tokenizer,
                 tgt_tok: Tokenizer, *, device: torch.device, target_lang: str = "",
                 dev_bleu_fn: Callable[[Seq2Seq, Sequence[tuple[str, str]]], tuple[float, float]] | None = None,
                 checkpoint_dir: str | Path | None = None, resume: bool = False, continue_from: dict | None = None,
                 metrics_log: str | Path | None = None, train_module: torch.nn.Module | None = None,
                 world: int = 1, rank: int = 0) -> None:
        self.model, self.cfg, self.device = model, cfg, device
        self.examples, self.dev_pairs, self.dev_examples = examples, dev_pairs, dev_examples
        self.src_tok, self.tgt_tok = src_tok, tgt_tok
        self.target_lang, self.dev_bleu_fn = target_lang, dev_bleu_fn
        self.train_module = model if train_module is None else train_module
        self.world, self.rank = world, rank
        self.ckpt = Path(checkpoint_dir) if checkpoint_dir else None
        self.metrics_log = metrics_log

        if cfg.freeze_encoder:
            for p in list(model.src_embed.parameters()) + list(model.encoder.parameters()):
                if not model.cfg.share_src_tgt_embeddings or p is not model.tgt_embed.weight:
                    p.requires_grad_(False)
        self.params = [p for p in model.parameters() if p.requires_grad]
        self.opt = torch.optim.AdamW(self.params, lr=cfg.lr, weight_decay=cfg.weight_decay, betas=(0.9, 0.98))

        self.state = self._restore(resume, continue_from)
        st = self.state
        self.batches_per_epoch = len(make_batches(examples, cfg.tokens_per_batch, cfg.max_sentences_per_batch,
                                                  random.Random(0)))
        self.total_steps = min(cfg.max_steps, cfg.max_epochs * max(1, self.batches_per_epoch // world))
        st.cooldowns = plan_cooldowns(st.cooldowns, st.step, cfg.cooldown_steps)
        if cfg.cooldown_steps:
            self.total_steps = min(self.total_steps, st.cooldowns[-1][0] + cfg.cooldown_steps)
        self._rng = torch.Generator().manual_seed(cfg.seed + st.step)  # scheduled sampling, word dropout
        # running figures: training loss since the last 'eval' report, throughput window, clocks
        self._run_loss, self._run_tokens = 0.0, 0
        self._window_tokens, self._window_start = 0, time.monotonic()
        self._start: float | None = None
        self._last_ckpt = self._step_time = 0.0
        self._log = None

    def _restore(self, resume: bool, continue_from: dict | None) -> TrainState:
        """The state to start from: the checkpoint's, the end of an earlier run, or a fresh one."""
        if resume and has_checkpoint(self.ckpt):
            meta, best_state = load_checkpoint(self.ckpt, self.model, self.opt)
            st = TrainState.from_meta(meta, best_state, load_average_sum(self.ckpt))
            logger.info("resumed from %s at step %d (epoch %d, batch %d)", self.ckpt, st.step, st.epoch, st.batch_pos)
            return st
        if continue_from is not None:
            step = int(continue_from["step"])
            return TrainState(step=step, epoch=math.ceil(float(continue_from.get("epochs", 0))),
                              elapsed=float(continue_from.get("elapsed", 0.0)),
                              cooldowns=ended_cooldowns(continue_from.get("cooldowns", []), step),
                              ramp_from=step, continued_from=dict(continue_from))
        return TrainState()

    # ------------------------------------------------------------------------------ figures
    def elapsed(self) -> float:
        """Training seconds, earlier (resumed-from) parts of the run included."""
        if self._start is None:
            return self.state.elapsed
        return self.state.elapsed + time.monotonic() - self._start

    def epoch_progress(self) -> float:
        """Epochs done, as a fraction (epoch + share of its batches)."""
        return self.state.epoch + self.state.batch_pos / max(1, self.batches_per_epoch)

    def lr_at(self, step: int) -> float:
        """Learning rate of the update at ``step`` (``schedule.lr_at`` with this run's cooldowns)."""
        cfg, st = self.cfg, self.state
        # cooldowns of earlier parts of the run are a record only: without cooldown_steps the schedule runs uncooled
        return lr_at(step, lr=cfg.lr, warmup_steps=cfg.warmup_steps, schedule=cfg.lr_schedule, max_steps=cfg.max_steps,
                     cooldowns=st.cooldowns if cfg.cooldown_steps else (), ramp_from=st.ramp_from)

    def _mean_loss(self) -> float:
        return self._run_loss / max(1, self._run_tokens)

    # ---------------------------------------------------------------------------- the parts
    def step(self, batch: Sequence[int]) -> TrainProgress:
        """Train on one batch (indices into ``examples``); returns its 'step' report."""
        cfg, st = self.cfg, self.state
        src, lens, tin, tout = collate([self.examples[i] for i in batch], self.device)  # [B,S], [B], [B,T], [B,T]
        if cfg.source_word_dropout > 0:
            src = drop_source_words(src, cfg.source_word_dropout, self._rng)
        tf = cfg.teacher_forcing
        if cfg.scheduled_sampling:
            tf = teacher_forcing_at(st.step, self.total_steps, cfg.teacher_forcing, cfg.teacher_forcing_min)
        lr = self.lr_at(st.step)
        for g in self.opt.param_groups:
            g["lr"] = lr
        if self.world > 1:
            logits = _ddp_logits(self.train_module, src, lens, tin)
        else:
            logits = _teacher_forcing_logits(self.model, src, lens, tin, tf, self._rng)  # [B,T,V]
        loss, n = _loss(logits, tout, cfg.label_smoothing)
        self.opt.zero_grad(set_to_none=True)
        loss.backward()
        if cfg.clip_norm > 0:
            torch.nn.utils.clip_grad_norm_(self.params, cfg.clip_norm)
        self.opt.step()
        st.step += 1
        self._run_loss += float(loss.detach()) * n
        self._run_tokens += n
        self._window_tokens += n
        now = self._step_time = time.monotonic()
        tps = self._window_tokens / max(1e-6, now - self._window_start)
        if now - self._window_start > 30:
            self._window_tokens, self._window_start = 0, now
        return TrainProgress(st.step, self.total_steps, st.epoch, self._mean_loss(), lr, self.elapsed(), tps,
                             batch_loss=float(loss.detach()))

    def evaluate(self, averaged: bool = False) -> TrainProgress:
        """Score the dev set and keep the weights when they are the best yet; returns the 'eval' report.

        The best is by dev BLEU when it is measured, else by dev loss; the record goes to the
        history (and the metrics log), and the running training loss starts again.  Weights
        evaluated near the planned end join the average (``TrainConfig.average_last``);
        ``averaged`` marks the evaluation of that average itself.
        """
        cfg, st, model = self.cfg, self.state, self.model
        if not averaged and self._in_average_window() and st.step not in st.avg_steps:
            self._add_to_average()
        dev_loss = evaluate_loss(model, self.dev_examples, self.device) if self.dev_examples else None
        bleu = chrf = None
        if self.dev_pairs and (self.dev_bleu_fn or self.target_lang):
            model.eval()
            score = self.dev_bleu_fn or _default_dev_bleu(self.src_tok, self.tgt_tok, self.target_lang, cfg, self.device)
            bleu, chrf = score(model, self.dev_pairs[: cfg.eval_max_sentences])
            model.train()
        improved = (bleu is not None and (st.best_bleu is None or bleu > st.best_bleu)) or (
            bleu is None and dev_loss is not None and (st.best_loss is None or dev_loss < st.best_loss))
        if bleu is not None:
            st.best_bleu = bleu if st.best_bleu is None else max(st.best_bleu, bleu)
        if dev_loss is not None:
            st.best_loss = dev_loss if st.best_loss is None else min(st.best_loss, dev_loss)
        if improved:
            st.best_state, st.bad_evals = cpu_state(model), 0
        else:
            st.bad_evals += 1
        rec = {"step": st.step, "epoch": round(self.epoch_progress(), 3), "elapsed": round(self.elapsed(), 1),
               "loss": round(self._mean_loss(), 4), "dev_loss": dev_loss, "dev_bleu": bleu,
               "dev_chrf": chrf, "lr": self.lr_at(st.step)}
        if averaged:
            rec["averaged_steps"] = list(st.avg_steps)
        st.history.append(rec)
        if self._log:
            self._log.write(json.dumps(rec) + "\n")
            self._log.flush()
        p = TrainProgress(st.step, self.total_steps, st.epoch, rec["loss"], rec["lr"], self.elapsed(), 0.0, "eval",
                          dev_loss, bleu, chrf)
        self._run_loss, self._run_tokens = 0.0, 0
        return p

    def _in_average_window(self, step: int | None = None) -> bool:
        cfg = self.cfg
        step = self.state.step if step is None else step
        return cfg.average_last > 1 and step > self.total_steps - cfg.average_last * max(1, cfg.eval_every_steps)

    def _add_to_average(self) -> None:
        st, weights = self.state, cpu_state(self.model)
        if st.avg_steps and not all(self._in_average_window(s) for s in st.avg_steps):
            st.avg_sum, st.avg_steps = None, []  # a sum from before a warm restart
        if st.avg_sum is None:
            st.avg_sum = {k: v.float().clone() for k, v in weights.items()}
        else:
            for k, v in weights.items():
                st.avg_sum[k] += v.float()
        st.avg_steps.append(st.step)

    def evaluate_average(self) -> TrainProgress | None:
        """Load the average of the summed weights into the model and score it (None: under two sets).

        The model keeps the averaged weights afterwards; ``train`` then loads the best weights,
        which are the average's when it scored best.
        """
        st = self.state
        if st.avg_sum is None or st.avg_count < 2:
            return None
        ref = self.model.state_dict()
        self.model.load_state_dict({k: (v / st.avg_count).to(ref[k].dtype) for k, v in st.avg_sum.items()},
                                   strict=False)
        logger.info("averaged the weights of steps %s", st.avg_steps)
        return self.evaluate(averaged=True)

    def meta(self) -> dict:
        """The ``trainer.json`` record of the run as it stands."""
        return self.state.to_meta(elapsed=self.elapsed(), batches_per_epoch=self.batches_per_epoch,
                                  train_config={k: v for k, v in self.cfg.__dict__.items()})

    def save(self) -> None:
        """Write a checkpoint to ``checkpoint_dir`` (``checkpoints.save_checkpoint``)."""
        save_checkpoint(self.ckpt, self.model, self.opt, self.meta(), self.state.best_state, self.state.avg_sum)

    # ------------------------------------------------------------------------------ the loop
    def train(self) -> Generator[TrainProgress, None, TrainResult]:
        """Train until a limit is reached; yields every report and returns the ``TrainResult``.

        The model returned holds the best weights by dev score (the last ones without a dev
        set), in eval mode.
        """
        cfg, st = self.cfg, self.state
        self._log = open(self.metrics_log, "a", encoding="utf-8") if (self.metrics_log and self.rank == 0) else None
        self._start = self._last_ckpt = time.monotonic()
        self._run_loss, self._run_tokens, self._window_tokens, self._window_start = 0.0, 0, 0, time.monotonic()
        stopped = "max_steps"
        try:
            while st.step < self.total_steps:
                if st.epoch >= cfg.max_epochs:
                    stopped = "max_epochs"
                    break
                batches = make_batches(self.examples, cfg.tokens_per_batch, cfg.max_sentences_per_batch,
                                       random.Random(cfg.seed * 1000 + st.epoch))
                early = yield from self._train_epoch(batches)
                if early:
                    stopped = early
                    break
            has_dev = self.dev_examples or (self.dev_pairs and self.target_lang)
            if self.rank == 0 and has_dev and (not st.history or st.history[-1]["step"] != st.step):
                yield self.evaluate()
            if self.rank == 0 and has_dev and not (st.history and "averaged_steps" in st.history[-1]):
                averaged = self.evaluate_average()
                if averaged is not None:
                    yield averaged
            if self.rank == 0 and self.ckpt:
                self.save()
        finally:
            if self._log:
                self._log.close()
                self._log = None
        if st.best_state is not None:
            self.model.load_state_dict(st.best_state, strict=False)
        self.model.eval()
        return TrainResult(model=self.model, steps=st.step, epochs=round(self.epoch_progress(), 3),
                           elapsed=self.elapsed(), stopped=stopped, best_dev_bleu=st.best_bleu,
                           best_dev_loss=st.best_loss, history=st.history)

    def _train_epoch(self, batches: list[list[int]]) -> Generator[TrainProgress, None, str | None]:
        """Train on ``batches`` from ``state.batch_pos`` on; returns why training must stop now, or None."""
        cfg, st = self.cfg, self.state
        while st.batch_pos < len(batches) and st.step < self.total_steps:
            b = batches[st.batch_pos]
            st.batch_pos += 1
            if self.world > 1 and (st.batch_pos - 1) % self.world != self.rank:
                continue
            p = self.step(b)
            yield p
            if self.rank == 0 and cfg.eval_every_steps and st.step % cfg.eval_every_steps == 0:
                yield self.evaluate()
                if cfg.patience and st.bad_evals >= cfg.patience:
                    self.total_steps = st.step
                    return "early_stop"
            due = cfg.checkpoint_every_minutes and self._step_time - self._last_ckpt > 60 * cfg.checkpoint_every_minutes
            if self.rank == 0 and self.ckpt and due:
                self.save()
                self._last_ckpt = self._step_time
                yield TrainProgress(st.step, self.total_steps, st.epoch, self._mean_loss(), p.lr, self.elapsed(),
                                    p.tokens_per_s, "checkpoint")
            if cfg.max_minutes and self.elapsed() > 60 * cfg.max_minutes:
                self.total_steps = st.step
                return "time"
        if st.batch_pos >= len(batches):  # epoch finished (not merely out of steps)
            st.epoch, st.batch_pos = st.epoch + 1, 0
        return None


def train_model(
    model: Seq2Seq | ModelConfig,
    cfg: TrainConfig,
    train_pairs: Sequence[tuple[str, str]] | Sequence[Example],
    dev_pairs: Sequence[tuple[str, str]],
    src_tok: Tokenizer,
    tgt_tok: Tokenizer,
    *,
    target_lang: str = "",
    device: str | torch.device | None = None,
    checkpoint_dir: str | Path | None = None,
    resume: bool = False,
    metrics_log: str | Path | None = None,
    dev_bleu_fn: Callable[[Seq2Seq, Sequence[tuple[str, str]]], tuple[float, float]] | None = None,
    max_len: int = 80,
    continue_from: dict | None = None,
) -> Generator[TrainProgress, None, TrainResult]:
    """Train ``model`` (or a fresh one built from a ``ModelConfig``); see the module docstring.

    ``train_pairs`` are text pairs, or already-encoded ``(src_ids, tgt_ids)`` examples.
    ``dev_pairs`` (text) give dev loss and, when ``target_lang`` is set or ``dev_bleu_fn`` given,
    dev BLEU / chrF at each evaluation; the best model by dev BLEU (else dev loss) is returned.

    ``continue_from`` (``{"step", "epochs", "elapsed", "cooldowns"}`` of an earlier run whose weights
    ``model`` already holds, e.g. a package's training record) starts a new run where that one
    ended: same step count, so the learning-rate schedule goes on from its rate there.  The
    optimizer's moments are new, so the rate ramps up over ``warmup_steps`` first, as at step 0 —
    a full-size Adam step from empty moments would shake weights that are already trained.
    """
    cfg.validate()
    device = torch.device(pick_device(device)) if not isinstance(device, torch.device) else device
    world = int(os.environ.get("WORLD_SIZE", "1"))
    rank = int(os.environ.get("RANK", "0"))
    if isinstance(model, ModelConfig):
        torch.manual_seed(cfg.seed)
        model = build_model(model, pad_id=PAD_ID)
    model.to(device).train()
    train_module = _distributed(model, device) if world > 1 else model

    if train_pairs and isinstance(train_pairs[0][0], str):
        examples = encode_pairs(train_pairs, src_tok, tgt_tok, max_len)  # type: ignore[arg-type]
    else:
        examples = list(train_pairs)  # type: ignore[arg-type]
    dev_examples = encode_pairs(dev_pairs, src_tok, tgt_tok, max_len) if dev_pairs else []
    if not examples:
        from ..core.errors import DataError

        raise DataError.format("no usable training pairs (all were empty or too long)")

    trainer = Trainer(model, cfg, examples, dev_pairs, dev_examples, src_tok, tgt_tok, device=device,
                      target_lang=target_lang, dev_bleu_fn=dev_bleu_fn, checkpoint_dir=checkpoint_dir, resume=resume,
                      continue_from=continue_from, metrics_log=metrics_log, train_module=train_module,
                      world=world, rank=rank)
    return (yield from trainer.train())


def _distributed(model: Seq2Seq, device: torch.device) -> torch.nn.Module:
    """``model`` wrapped in DistributedDataParallel (the process group started if need be)."""
    import torch.distributed as dist
    from torch.nn.parallel import DistributedDataParallel

    if not dist.is_initialized():
        dist.init_process_group("nccl" if device.type == "cuda" else "gloo")
    return DistributedDataParallel(model, device_ids=[device.index] if device.type == "cuda" else None)


def _ddp_logits(module: torch.nn.Module, src, lens, tin) -> Tensor:
    # DDP hooks gradients through forward(); route the teacher-forced pass through it.
    return module(src, lens, tin)


def _default_dev_bleu(src_tok: Tokenizer, tgt_tok: Tokenizer, target_lang: str, cfg: TrainConfig,
                      device: torch.device):
    from ..core.config import DecodeConfig
    from ..core.metrics import corpus_scores
    from ..core.search import decode_batch

    dc = DecodeConfig(beam_width=cfg.eval_beam, n_best=1)

    def score(model: Seq2Seq, pairs: Sequence[tuple[str, str]]) -> tuple[float, float]:
        hyps = []
        srcs = src_tok.encode_batch([s for s, _ in pairs])
        for i in range(0, len(srcs), 64):
            for nbest in decode_batch(model, srcs[i:i + 64], dc, device=device):
                hyps.append(tgt_tok.decode(nbest[0].token_ids))
        s = corpus_scores(hyps, [t for _, t in pairs], target_lang)
        return s.bleu, s.chrf

    return score
