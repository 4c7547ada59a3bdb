"""Helpers for the progress generators every long job in the package is written as.

A job (a translation, a search, training, fine-tuning) yields small progress objects and
*returns* its result; ``run_to_end`` is how a caller that does not want the progress gets
the result.
"""
from __future__ import annotations

import logging
from collections.abc import Generator
from typing import TypeVar

__all__ = ["run_to_end"]

logger = logging.getLogger(__name__)

R = TypeVar("R")


def run_to_end(gen: Generator[object, None, R]) -> R:
    """Exhaust a progress generator, dropping what it yields, and return its return value."""
    while True:
        try:
            next(gen)
        except StopIteration as stop:
            return stop.value
