"""Trainer shared by the bundled-model pipeline and in-app fine-tuning.

``train_model`` is a generator: it yields a ``TrainProgress`` after every batch (so a GUI worker
or the CLI's tqdm loop can show progress and stop it at any batch) and returns a
``TrainResult``.  Cancelling = no longer iterating; the model passed in is trained in place, so
callers that must keep a live model untouched (fine-tuning) pass a copy.

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
from torch.nn.utils.rnn import pad_sequence

from ..core.config import ModelConfig, TrainConfig
from ..core.device import pick_device
from ..core.model import Seq2Seq, build_model
from ..core.tokenizer import BOS_ID, EOS_ID, PAD_ID, UNK_ID, Tokenizer

__all__ = ["TrainProgress", "TrainResult", "train_model", "encode_pairs", "make_batches", "run_to_end",
           "evaluate_loss"]

logger = logging.getLogger(__name__)

Example = tuple[list[int], list[int]]


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


def encode_pairs(pairs: Sequence[tuple[str, str]], src_tok: Tokenizer, tgt_tok: Tokenizer,
                 max_len: int = 80) -> list[Example]:
    """Token ids of each (source, target) pair; pairs with an empty or over-long side are dropped."""
    srcs = src_tok.encode_batch([s for s, _ in pairs])
    tgts = tgt_tok.encode_batch([t for _, t in pairs])
    return [(s, t) for s, t in zip(srcs, tgts) if 0 < len(s) <= max_len and 0 < len(t) <= max_len]


def make_batches(examples: Sequence[Example], tokens_per_batch: int, max_sentences: int,
                 rng: random.Random) -> list[list[int]]:
    """Length-bucketed batches of example indices, in random order.

    Sorting by target then source length (with a little noise so batches differ between epochs)
    keeps padding small; a batch closes when its padded target tokens would pass the budget.
    """
    order = sorted(range(len(examples)),
                   key=lambda i: (len(examples[i][1]) + rng.random() * 2, len(examples[i][0])))
    batches, cur, cur_max = [], [], 0
    for i in order:
        n = len(examples[i][1]) + 1
        if cur and (max(cur_max, n) * (len(cur) + 1) > tokens_per_batch or len(cur) >= max_sentences):
            batches.append(cur)
            cur, cur_max = [], 0
        cur.append(i)
        cur_max = max(cur_max, n)
    if cur:
        batches.append(cur)
    rng.shuffle(batches)
    return batches


def _collate(examples: Sequence[Example], device: torch.device) -> tuple[Tensor, Tensor, Tensor, Tensor]:
    """src [B,S] (ids+EOS), src_lens [B], tgt_in [B,T] (BOS+ids), tgt_out [B,T] (ids+EOS)."""
    src = [torch.tensor(s + [EOS_ID]) for s, _ in examples]
    tin = [torch.tensor([BOS_ID] + t) for _, t in examples]
    tout = [torch.tensor(t + [EOS_ID]) for _, t in examples]
    lens = torch.tensor([len(s) for s in src])
    pad = lambda xs: pad_sequence(xs, batch_first=True, padding_value=PAD_ID).to(device)  # noqa: E731
    return pad(src), lens, pad(tin), pad(tout)


def drop_source_words(src: Tensor, p: float, gen: torch.Generator) -> Tensor:
    """``src`` with each piece (not padding or EOS) replaced by <unk> with probability ``p``."""
    drop = (torch.rand(src.shape, generator=gen) < p).to(src.device)
    return src.masked_fill(drop & (src != PAD_ID) & (src != EOS_ID), UNK_ID)


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
        src, lens, tin, tout = _collate([examples[i] for i in b], device)
        logits = model.forward_teacher(model.encode(src, lens), tin)[0]
        loss, n = _loss(logits, tout, 0.0)
        total += float(loss) * n
        count += n
    model.train(was_training)
    return total / max(1, count)


def _lr_at(step: int, cfg: TrainConfig) -> float:
    warm = max(1, cfg.warmup_steps)
    if step < warm:
        return cfg.lr * (step + 1) / warm
    if cfg.lr_schedule == "inverse_sqrt":
        return cfg.lr * math.sqrt(warm / (step + 1))
    if cfg.lr_schedule == "linear":
        return cfg.lr * max(0.0, 1 - (step - warm) / max(1, cfg.max_steps - warm))
    return cfg.lr


# --------------------------------------------------------------------------------- checkpoints
def _save_checkpoint(ckpt_dir: Path, model: Seq2Seq, opt: torch.optim.Optimizer, meta: dict,
                     best_state: dict | None) -> None:
    from safetensors.torch import save_file

    ckpt_dir.mkdir(parents=True, exist_ok=True)
    names = {id(p): n for n, p in model.named_parameters()}
    opt_tensors = {}
    for group in opt.param_groups:
        for p in group["params"]:
            st = opt.state.get(p, {})
            for k, v in st.items():
                if isinstance(v, Tensor):
                    opt_tensors[f"{names[id(p)]}::{k}"] = v.detach().cpu().contiguous()
    tmp = ckpt_dir / ".tmp"
    tmp.mkdir(exist_ok=True)
    save_file({k: v.detach().cpu().contiguous() for k, v in model.state_dict().items()
               if k != "tgt_embed.weight" or not model.cfg.share_src_tgt_embeddings}, str(tmp / "model.safetensors"))
    save_file(opt_tensors, str(tmp / "optimizer.safetensors"))
    if best_state is not None:
        save_file(best_state, str(tmp / "best.safetensors"))
    (tmp / "trainer.json").write_text(json.dumps(meta, indent=1), encoding="utf-8")
    for f in tmp.iterdir():  # trainer.json last, so a half-written checkpoint is never read as whole
        if f.name != "trainer.json":
            os.replace(f, ckpt_dir / f.name)
    os.replace(tmp / "trainer.json", ckpt_dir / "trainer.json")
    tmp.rmdir()


def _load_checkpoint(ckpt_dir: Path, model: Seq2Seq, opt: torch.optim.Optimizer) -> tuple[dict, dict | None]:
    from safetensors.torch import load_file

    meta = json.loads((ckpt_dir / "trainer.json").read_text(encoding="utf-8"))
    model.load_state_dict(load_file(str(ckpt_dir / "model.safetensors")), strict=False)
    opt_tensors = load_file(str(ckpt_dir / "optimizer.safetensors"))
    params = dict(model.named_parameters())
    for key, v in opt_tensors.items():
        name, k = key.split("::")
        p = params[name]
        opt.state.setdefault(p, {})[k] = v.to(p.device) if k != "step" else v
    best = None
    if (ckpt_dir / "best.safetensors").exists():
        best = load_file(str(ckpt_dir / "best.safetensors"))
    return meta, best


def _cpu_state(model: Seq2Seq) -> dict:
    return {k: v.detach().cpu().clone() for k, v in model.state_dict().items()
            if k != "tgt_embed.weight" or not model.cfg.share_src_tgt_embeddings}


# ------------------------------------------------------------------------------------ training
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
    train_module: torch.nn.Module = model
    if world > 1:
        import torch.distributed as dist
        from torch.nn.parallel import DistributedDataParallel

        if not dist.is_initialized():
            dist.init_process_group("nccl" if device.type == "cuda" else "gloo")
        train_module = DistributedDataParallel(model, device_ids=[device.index] if device.type == "cuda" else None)

    if train_pairs and isinstance(train_pairs[0][0], str):
        examples = encode_pairs(train_pairs, src_tok, tgt_tok, max_len)  # type: ignore[arg-type]
    else:
        examples = list(train_pairs)  # type: ignore[arg-type]
    dev_examples = encode_pairs(dev_pairs, src_tok, tgt_tok, max_len) if dev_pairs else []
    if not examples:
        from ..core.errors import DataError

        raise DataError("no usable training pairs (all were empty or too long)")

    if cfg.freeze_encoder:
        for p in list(model.src_embed.parameters()) + list(model.encoder.parameters()):
            if not model.cfg.share_src_tgt_embeddings or p is not model.tgt_embed.weight:
                p.requires_grad_(False)
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=cfg.lr, weight_decay=cfg.weight_decay, betas=(0.9, 0.98))

    ckpt = Path(checkpoint_dir) if checkpoint_dir else None
    step, epoch, batch_pos, best_bleu, best_loss, bad_evals = 0, 0, 0, None, None, 0
    history: list[dict] = []
    best_state: dict | None = None
    elapsed_before = 0.0
    cooldowns: list[list[int]] = []  # [start step, steps] of every cooldown this run has had
    ramp_from: int | None = None  # step at which a continued run's fresh optimizer began
    continued = None
    if continue_from is not None and not (resume and ckpt and (ckpt / "trainer.json").exists()):
        continued = dict(continue_from)
        step = ramp_from = int(continue_from["step"])
        epoch = math.ceil(float(continue_from.get("epochs", 0)))
        elapsed_before = float(continue_from.get("elapsed", 0.0))
        # a cooldown the earlier run stopped inside (its best checkpoint came early) is over now
        cooldowns = [[s, min(n, step - s)] for s, n in continue_from.get("cooldowns", []) if s < step]
    if resume and ckpt and (ckpt / "trainer.json").exists():
        meta, best_state = _load_checkpoint(ckpt, model, opt)
        step, epoch, batch_pos = meta["step"], meta["epoch"], meta["batch_pos"]
        best_bleu, best_loss, bad_evals = meta["best_bleu"], meta["best_loss"], meta["bad_evals"]
        history, elapsed_before = meta["history"], meta["elapsed"]
        cooldowns = meta.get("cooldowns", [])
        ramp_from, continued = meta.get("ramp_from"), meta.get("continued_from")
        logger.info("resumed from %s at step %d (epoch %d, batch %d)", ckpt, step, epoch, batch_pos)

    batches_per_epoch = len(make_batches(examples, cfg.tokens_per_batch, cfg.max_sentences_per_batch, random.Random(0)))
    total_steps = min(cfg.max_steps, cfg.max_epochs * max(1, batches_per_epoch // world))
    cooldown_start: int | None = None
    if cfg.cooldown_steps:
        if cooldowns and step < sum(cooldowns[-1]):
            cooldown_start = cooldowns[-1][0]  # resumed inside a cooldown: carry on with it
            cooldowns = [*cooldowns[:-1], [cooldown_start, cfg.cooldown_steps]]
        else:  # none yet, or the last one has finished: a new one (a warm restart) starts here
            cooldown_start = step
            cooldowns = [*cooldowns, [step, cfg.cooldown_steps]]
        total_steps = min(total_steps, cooldown_start + cfg.cooldown_steps)

    def lr_at(at: int) -> float:
        ramp = 1.0 if ramp_from is None else min(1.0, (at - ramp_from + 1) / max(1, cfg.warmup_steps))
        if cooldown_start is None:
            return ramp * _lr_at(at, cfg)
        peak = _lr_at(max(cooldown_start, cfg.warmup_steps), cfg)
        return ramp * peak * max(0.0, 1 - (at - cooldown_start) / cfg.cooldown_steps)

    gen = torch.Generator().manual_seed(cfg.seed + step)
    log_f = open(metrics_log, "a", encoding="utf-8") if (metrics_log and rank == 0) else None
    start = time.monotonic()
    last_ckpt = start
    run_loss, run_tokens, window_tokens, window_start = 0.0, 0, 0, time.monotonic()
    stopped = "max_steps"

    def elapsed() -> float:
        return elapsed_before + time.monotonic() - start

    def meta() -> dict:
        return {"step": step, "epoch": epoch, "batch_pos": batch_pos, "best_bleu": best_bleu,
                "best_loss": best_loss, "bad_evals": bad_evals, "history": history, "elapsed": elapsed(), "batches_per_epoch": batches_per_epoch,
                "cooldowns": cooldowns, "ramp_from": ramp_from, "continued_from": continued, "train_config": {k: v for k, v in cfg.__dict__.items()}}

    def evaluate() -> TrainProgress:
        nonlocal best_bleu, best_loss, bad_evals, best_state, run_loss, run_tokens
        dev_loss = evaluate_loss(model, dev_examples, device) if dev_examples else None
        bleu = chrf = None
        if dev_pairs and (dev_bleu_fn or target_lang):
            model.eval()
            bleu, chrf = (dev_bleu_fn or _default_dev_bleu(src_tok, tgt_tok, target_lang, cfg, device))(
                model, dev_pairs[: cfg.eval_max_sentences])
            model.train()
        improved = (bleu is not None and (best_bleu is None or bleu > best_bleu)) or (
            bleu is None and dev_loss is not None and (best_loss is None or dev_loss < best_loss))
        if bleu is not None:
            best_bleu = bleu if best_bleu is None else max(best_bleu, bleu)
        if dev_loss is not None:
            best_loss = dev_loss if best_loss is None else min(best_loss, dev_loss)
        if improved:
            best_state, bad_evals = _cpu_state(model), 0
        else:
            bad_evals += 1
        rec = {"step": step, "epoch": round(step_epoch(), 3), "elapsed": round(elapsed(), 1),
               "loss": round(run_loss / max(1, run_tokens), 4), "dev_loss": dev_loss, "dev_bleu": bleu,
               "dev_chrf": chrf, "lr": lr_at(step)}
        history.append(rec)
        if log_f:
            log_f.write(json.dumps(rec) + "\n")
            log_f.flush()
        p = TrainProgress(step, total_steps, epoch, rec["loss"], rec["lr"], elapsed(), 0.0, "eval", dev_loss, bleu, chrf)
        run_loss, run_tokens = 0.0, 0
        return p

    def step_epoch() -> float:
        return epoch + batch_pos / max(1, batches_per_epoch)

    try:
        while step < total_steps:
            if epoch >= cfg.max_epochs:
                stopped = "max_epochs"
                break
            batches = make_batches(examples, cfg.tokens_per_batch, cfg.max_sentences_per_batch,
                                   random.Random(cfg.seed * 1000 + epoch))
            while batch_pos < len(batches) and step < total_steps:
                b = batches[batch_pos]
                batch_pos += 1
                if world > 1 and (batch_pos - 1) % world != rank:
                    continue
                src, lens, tin, tout = _collate([examples[i] for i in b], device)
                if cfg.source_word_dropout > 0:
                    src = drop_source_words(src, cfg.source_word_dropout, gen)
                tf = cfg.teacher_forcing
                if cfg.scheduled_sampling:
                    tf = max(cfg.teacher_forcing_min, cfg.teacher_forcing - (cfg.teacher_forcing - cfg.teacher_forcing_min) * step / max(1, total_steps))
                lr = lr_at(step)
                for g in opt.param_groups:
                    g["lr"] = lr
                if world > 1:
                    logits = _ddp_logits(train_module, src, lens, tin)
                else:
                    logits = _teacher_forcing_logits(model, src, lens, tin, tf, gen)
                loss, n = _loss(logits, tout, cfg.label_smoothing)
                opt.zero_grad(set_to_none=True)
                loss.backward()
                if cfg.clip_norm > 0:
                    torch.nn.utils.clip_grad_norm_(params, cfg.clip_norm)
                opt.step()
                step += 1
                run_loss += float(loss.detach()) * n
                run_tokens += n
                window_tokens += n
                now = time.monotonic()
                tps = window_tokens / max(1e-6, now - window_start)
                if now - window_start > 30:
                    window_tokens, window_start = 0, now
                yield TrainProgress(step, total_steps, epoch, run_loss / max(1, run_tokens), lr, elapsed(), tps,
                                    batch_loss=float(loss.detach()))
                if rank == 0 and cfg.eval_every_steps and step % cfg.eval_every_steps == 0:
                    yield evaluate()
                    if cfg.patience and bad_evals >= cfg.patience:
                        stopped = "early_stop"
                        total_steps = step
                        break
                if rank == 0 and ckpt and cfg.checkpoint_every_minutes and now - last_ckpt > 60 * cfg.checkpoint_every_minutes:
                    _save_checkpoint(ckpt, model, opt, meta(), best_state)
                    last_ckpt = now
                    yield TrainProgress(step, total_steps, epoch, run_loss / max(1, run_tokens), lr, elapsed(), tps, "checkpoint")
                if cfg.max_minutes and elapsed() > 60 * cfg.max_minutes:
                    stopped = "time"
                    total_steps = step
                    break
            else:
                if batch_pos >= len(batches):  # epoch finished (not merely out of steps)
                    epoch, batch_pos = epoch + 1, 0
                continue
            break
        if rank == 0 and (dev_examples or (dev_pairs and target_lang)) and (not history or history[-1]["step"] != step):
            yield evaluate()
        if rank == 0 and ckpt:
            _save_checkpoint(ckpt, model, opt, meta(), best_state)
    finally:
        if log_f:
            log_f.close()
    if best_state is not None:
        model.load_state_dict(best_state, strict=False)
    model.eval()
    return TrainResult(model=model, steps=step, epochs=round(step_epoch(), 3), elapsed=elapsed(), stopped=stopped,
                       best_dev_bleu=best_bleu, best_dev_loss=best_loss, history=history)


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


def run_to_end(gen: Generator):
    """Exhaust a progress generator and return its return value."""
    while True:
        try:
            next(gen)
        except StopIteration as stop:
            return stop.value
