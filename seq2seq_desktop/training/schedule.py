"""Learning-rate and teacher-forcing schedules of the trainer, as pure functions of the step.

``lr_at`` is the whole learning-rate rule (nanoGPT's ``get_lr``): a linear warm-up over
``warmup_steps``, then the base ``schedule`` (``inverse_sqrt``, ``linear`` decay to zero at
``max_steps``, or ``constant``).  On top of that:

- a *cooldown* ``[start, steps]`` falls linearly from the base rate at ``start`` to zero over
  ``steps`` updates and stays at zero after it; a later cooldown (a warm restart) starts again
  from the base rate at its own start;
- ``ramp_from`` (a run continued from a package's weights with a fresh optimizer) scales the
  rate by a second linear warm-up that starts at that step.

``plan_cooldowns`` decides, when a run starts, whether it carries on with the cooldown it
was stopped in or starts a new one; ``ended_cooldowns`` clips an earlier run's cooldowns to
where that run ended.
"""
from __future__ import annotations

import logging
import math
from collections.abc import Sequence

from ..core.config import LR_SCHEDULES
from ..core.errors import ConfigError

__all__ = ["lr_at", "base_lr_at", "plan_cooldowns", "ended_cooldowns", "teacher_forcing_at"]

logger = logging.getLogger(__name__)


def base_lr_at(step: int, *, lr: float, warmup_steps: int, schedule: str = "inverse_sqrt",
               max_steps: int = 0) -> float:
    """Rate of the base schedule at ``step`` (0-based): warm-up, then ``schedule``; no cooldown.

    Raises
    ------
    ConfigError
        ``schedule`` is not one of ``LR_SCHEDULES``.
    """
    if schedule not in LR_SCHEDULES:
        raise ConfigError.format("lr_schedule={schedule!r} is not valid; choose one of {choices}",
                                 schedule=schedule, choices=", ".join(LR_SCHEDULES))
    warm = max(1, warmup_steps)
    if step < warm:
        return lr * (step + 1) / warm
    if schedule == "inverse_sqrt":
        return lr * math.sqrt(warm / (step + 1))
    if schedule == "linear":
        return lr * max(0.0, 1 - (step - warm) / max(1, max_steps - warm))
    return lr


def lr_at(step: int, *, lr: float, warmup_steps: int, schedule: str = "inverse_sqrt", max_steps: int = 0,
          cooldowns: Sequence[Sequence[int]] = (), ramp_from: int | None = None) -> float:
    """Learning rate of the update at ``step`` (0-based); see the module docstring.

    Parameters
    ----------
    step : int
        The update's index.
    lr, warmup_steps, schedule, max_steps
        The base schedule (``TrainConfig`` fields of the same names; ``schedule`` is
        ``lr_schedule``).
    cooldowns : sequence of [start, steps]
        Cooldowns in the order they started; the last one that has started by ``step`` applies.
    ramp_from : int, optional
        Step at which a fresh optimizer took over already-trained weights (a re-warm-up).
    """
    ramp = 1.0 if ramp_from is None else min(1.0, (step - ramp_from + 1) / max(1, warmup_steps))
    base = dict(lr=lr, warmup_steps=warmup_steps, schedule=schedule, max_steps=max_steps)
    active = [c for c in cooldowns if c[0] <= step]
    if not active:
        return ramp * base_lr_at(step, **base)
    start, steps = active[-1][0], active[-1][1]
    peak = base_lr_at(max(start, warmup_steps), **base)
    return ramp * peak * max(0.0, 1 - (step - start) / steps)


def plan_cooldowns(cooldowns: Sequence[Sequence[int]], step: int, cooldown_steps: int) -> list[list[int]]:
    """The run's cooldowns once a run starting at ``step`` asks for ``cooldown_steps`` (0 = none).

    Inside the last cooldown (a resumed run), that one carries on, its length set to
    ``cooldown_steps``; otherwise (none yet, or the last one finished) a new one starts at ``step``.
    """
    cooldowns = [list(c) for c in cooldowns]
    if not cooldown_steps:
        return cooldowns
    if cooldowns and step < sum(cooldowns[-1]):
        return [*cooldowns[:-1], [cooldowns[-1][0], cooldown_steps]]
    return [*cooldowns, [step, cooldown_steps]]


def ended_cooldowns(cooldowns: Sequence[Sequence[int]], step: int) -> list[list[int]]:
    """An earlier run's cooldowns as they were when it ended at ``step``.

    A cooldown that run stopped inside (its best checkpoint came early) is over now: its length
    is cut to the steps it had; one that had not started is dropped.
    """
    return [[s, min(n, step - s)] for s, n in cooldowns if s < step]


def teacher_forcing_at(step: int, total_steps: int, start: float, end: float) -> float:
    """Scheduled sampling: the gold-token probability, falling linearly from ``start`` to ``end``."""
    return max(end, start - (start - end) * step / max(1, total_steps))
