"""Learning-rate and teacher-forcing schedules: golden values of the pure step functions."""
import pytest

from seq2seq_desktop.core.errors import ConfigError
from seq2seq_desktop.training.schedule import (
    base_lr_at,
    ended_cooldowns,
    lr_at,
    plan_cooldowns,
    teacher_forcing_at,
)

LR = dict(lr=1e-3, warmup_steps=4)


def test_warmup_rises_linearly_to_the_peak():
    assert [lr_at(s, **LR) for s in range(4)] == pytest.approx([2.5e-4, 5e-4, 7.5e-4, 1e-3])
    assert lr_at(0, lr=1e-3, warmup_steps=0) == pytest.approx(1e-3), "no warm-up: full rate at once"


def test_inverse_sqrt_decays_from_the_end_of_warmup():
    assert lr_at(3, **LR) == pytest.approx(1e-3)
    assert lr_at(15, **LR) == pytest.approx(5e-4)  # sqrt(4 / 16)
    assert lr_at(63, **LR) == pytest.approx(2.5e-4)  # sqrt(4 / 64)
    assert lr_at(99, **LR) == pytest.approx(2e-4)  # sqrt(4 / 100)


def test_linear_reaches_zero_at_max_steps_and_constant_stays():
    lin = dict(LR, schedule="linear", max_steps=14)
    assert lr_at(4, **lin) == pytest.approx(1e-3)
    assert lr_at(9, **lin) == pytest.approx(5e-4)
    assert lr_at(14, **lin) == 0.0 and lr_at(20, **lin) == 0.0
    assert lr_at(1000, **LR, schedule="constant") == pytest.approx(1e-3)
    assert lr_at(1, **LR, schedule="constant") == pytest.approx(5e-4), "warm-up applies to every schedule"


def test_unknown_schedule_names_the_choices():
    with pytest.raises(ConfigError, match="inverse_sqrt, constant, linear"):
        base_lr_at(10, lr=1e-3, warmup_steps=4, schedule="cosine")


def test_cooldown_ramps_from_the_schedules_rate_to_zero():
    cd = dict(LR, cooldowns=[[15, 10]])
    assert lr_at(14, **cd) == pytest.approx(lr_at(14, **LR)), "before the cooldown: the schedule"
    assert lr_at(15, **cd) == pytest.approx(5e-4)  # the inverse-sqrt rate at its start
    assert lr_at(20, **cd) == pytest.approx(2.5e-4)
    assert lr_at(24, **cd) == pytest.approx(5e-5)
    assert lr_at(25, **cd) == 0.0 and lr_at(40, **cd) == 0.0, "zero once it is over"


def test_cooldown_started_during_warmup_falls_from_the_rate_after_warmup():
    after_warmup = 1e-3 * (4 / 5) ** 0.5  # the inverse-sqrt rate at step 4, the first after warm-up
    assert lr_at(0, **LR, cooldowns=[[0, 4]]) == pytest.approx(after_warmup)
    assert lr_at(2, **LR, cooldowns=[[0, 4]]) == pytest.approx(after_warmup / 2)


def test_several_cooldowns_each_restart_from_the_schedules_rate():
    cd = dict(LR, cooldowns=[[15, 10], [63, 4]])
    assert lr_at(20, **cd) == pytest.approx(2.5e-4), "the first one"
    assert lr_at(40, **cd) == 0.0, "between them: the first one's end"
    assert lr_at(63, **cd) == pytest.approx(2.5e-4), "a warm restart at the schedule's rate there"
    assert lr_at(65, **cd) == pytest.approx(1.25e-4)
    assert lr_at(67, **cd) == 0.0


def test_ramp_from_rewarms_a_continued_run():
    # continued at step 99 with a fresh optimizer: the inverse-sqrt rate there (2e-4) after 4 steps
    ramp = dict(LR, ramp_from=99)
    assert [lr_at(s, **ramp) for s in range(99, 103)] == pytest.approx(
        [0.25 * 2e-4, 0.5 * lr_at(100, **LR), 0.75 * lr_at(101, **LR), lr_at(102, **LR)])
    assert lr_at(99, **ramp, cooldowns=[[99, 10]]) == pytest.approx(0.25 * 2e-4)
    assert lr_at(104, **ramp, cooldowns=[[99, 10]]) == pytest.approx(2e-4 * 0.5)


def test_plan_cooldowns_carries_on_inside_one_and_starts_a_new_one_after():
    assert plan_cooldowns([], 0, 0) == []
    assert plan_cooldowns([[0, 10]], 30, 0) == [[0, 10]], "none asked for: the record stays"
    assert plan_cooldowns([], 40, 10) == [[40, 10]]
    assert plan_cooldowns([[40, 10]], 45, 20) == [[40, 20]], "resumed inside it: the same one, new length"
    assert plan_cooldowns([[40, 10]], 50, 5) == [[40, 10], [50, 5]], "after it: a warm restart"


def test_ended_cooldowns_cuts_the_one_a_run_stopped_inside():
    assert ended_cooldowns([[10, 8], [18, 20]], 25) == [[10, 8], [18, 7]]
    assert ended_cooldowns([[10, 8], [30, 5]], 25) == [[10, 8]]
    assert ended_cooldowns([], 25) == []


def test_teacher_forcing_falls_linearly_to_its_floor():
    assert teacher_forcing_at(0, 100, 1.0, 0.5) == 1.0
    assert teacher_forcing_at(50, 100, 1.0, 0.5) == pytest.approx(0.75)
    assert teacher_forcing_at(100, 100, 1.0, 0.5) == pytest.approx(0.5)
    assert teacher_forcing_at(10, 0, 1.0, 0.5) == 0.5
