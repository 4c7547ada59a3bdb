"""Trainer checkpoints: weights, AdamW moments and the run's position, for ``--resume``.

A checkpoint is a folder (the trainer's ``checkpoint_dir``) holding

- ``model.safetensors``: fp32 weights (the target embeddings left out when they are the shared
  source embeddings);
- ``optimizer.safetensors``: the optimizer state, keyed ``"<parameter name>::<state key>"``;
- ``best.safetensors``: the best weights by dev score so far, when there were any;
- ``average.safetensors``: the sum of the weights being averaged (``TrainConfig.average_last``),
  when the run has begun summing them;
- ``trainer.json``: the run's ``TrainState`` (step, epoch, batch position, best scores, history,
  cooldowns, ...) and the ``TrainConfig`` it ran with.

Files are written into ``.tmp`` and moved in, ``trainer.json`` last, so a half-written
checkpoint is never read as whole.  The file names and ``trainer.json`` keys are a format:
existing runs resume from them.
"""
from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

import torch
from torch import Tensor

from ..core.model import Seq2Seq

__all__ = ["TrainState", "save_checkpoint", "load_checkpoint", "load_average_sum", "has_checkpoint", "cpu_state"]

logger = logging.getLogger(__name__)

META_FILE = "trainer.json"
AVERAGE_FILE = "average.safetensors"


@dataclass
class TrainState:
    """Where a run is: what ``trainer.json`` stores besides the config.

    ``cooldowns`` lists ``[start step, steps]`` of every cooldown the run has had;
    ``ramp_from`` is the step at which a continued run's fresh optimizer began (None for a run
    from scratch) and ``continued_from`` the record of the run it continued.  ``best_state``
    (the best weights, CPU) is stored beside, in ``best.safetensors``; ``avg_sum`` (the sum of the
    weights at the steps ``avg_steps``, being averaged) in ``average.safetensors``.
    """

    step: int = 0
    epoch: int = 0
    batch_pos: int = 0
    best_bleu: float | None = None
    best_loss: float | None = None
    bad_evals: int = 0
    history: list[dict] = field(default_factory=list)
    elapsed: float = 0.0
    cooldowns: list[list[int]] = field(default_factory=list)
    ramp_from: int | None = None
    continued_from: dict | None = None
    best_state: dict | None = field(default=None, repr=False)
    avg_steps: list[int] = field(default_factory=list)
    avg_sum: dict | None = field(default=None, repr=False)

    def to_meta(self, *, elapsed: float, batches_per_epoch: int, train_config: dict) -> dict:
        """The ``trainer.json`` record (keys in their historical order), at ``elapsed`` seconds."""
        return {"step": self.step, "epoch": self.epoch, "batch_pos": self.batch_pos, "best_bleu": self.best_bleu,
                "best_loss": self.best_loss, "bad_evals": self.bad_evals, "history": self.history,
                "elapsed": elapsed, "batches_per_epoch": batches_per_epoch, "cooldowns": self.cooldowns,
                "ramp_from": self.ramp_from, "continued_from": self.continued_from, "train_config": train_config,
                "avg_count": self.avg_count, "avg_steps": self.avg_steps}

    @property
    def avg_count(self) -> int:
        """How many weight sets ``avg_sum`` holds (``trainer.json`` records it for a reader's sake)."""
        return len(self.avg_steps)

    @classmethod
    def from_meta(cls, meta: dict, best_state: dict | None, avg_sum: dict | None = None) -> TrainState:
        """The state a ``trainer.json`` record describes (older records lack the cooldown and average keys)."""
        return cls(step=meta["step"], epoch=meta["epoch"], batch_pos=meta["batch_pos"], best_bleu=meta["best_bleu"],
                   best_loss=meta["best_loss"], bad_evals=meta["bad_evals"], history=meta["history"],
                   elapsed=meta["elapsed"], cooldowns=meta.get("cooldowns", []), ramp_from=meta.get("ramp_from"),
                   continued_from=meta.get("continued_from"), best_state=best_state,
                   avg_steps=meta.get("avg_steps", []) if avg_sum is not None else [], avg_sum=avg_sum)


def has_checkpoint(ckpt_dir: Path | None) -> bool:
    """Whether ``ckpt_dir`` holds a whole checkpoint (its ``trainer.json`` is written last)."""
    return bool(ckpt_dir) and (ckpt_dir / META_FILE).exists()


def cpu_state(model: Seq2Seq) -> dict:
    """A CPU copy of ``model``'s weights (without tied target embeddings shared with the source)."""
    return {k: v.detach().cpu().clone() for k, v in model.state_dict().items()
            if k != "tgt_embed.weight" or not model.cfg.share_src_tgt_embeddings}


def save_checkpoint(ckpt_dir: Path, model: Seq2Seq, opt: torch.optim.Optimizer, meta: dict,
                    best_state: dict | None, avg_sum: dict | None = None) -> None:
    """Write a checkpoint of ``model``, ``opt``, ``meta`` (``trainer.json``), ``best_state`` and the
    weights being averaged (``avg_sum``) to ``ckpt_dir``."""
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
    if avg_sum is not None:
        save_file(avg_sum, str(tmp / AVERAGE_FILE))
    elif (ckpt_dir / AVERAGE_FILE).exists():  # a sum from before a warm restart must not be resumed into
        (ckpt_dir / AVERAGE_FILE).unlink()
    (tmp / META_FILE).write_text(json.dumps(meta, indent=1), encoding="utf-8")
    for f in tmp.iterdir():  # trainer.json last, so a half-written checkpoint is never read as whole
        if f.name != META_FILE:
            os.replace(f, ckpt_dir / f.name)
    os.replace(tmp / META_FILE, ckpt_dir / META_FILE)
    tmp.rmdir()


def load_checkpoint(ckpt_dir: Path, model: Seq2Seq, opt: torch.optim.Optimizer) -> tuple[dict, dict | None]:
    """Load a checkpoint's weights into ``model`` and moments into ``opt``; returns (meta, best weights or None)."""
    from safetensors.torch import load_file

    meta = json.loads((ckpt_dir / META_FILE).read_text(encoding="utf-8"))
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


def load_average_sum(ckpt_dir: Path) -> dict | None:
    """The checkpoint's sum of weights being averaged, or None when it has none."""
    from safetensors.torch import load_file

    path = ckpt_dir / AVERAGE_FILE
    return load_file(str(path)) if path.exists() else None
