"""Helpers for the progress generators every long job in the package is written as.

A job (a translation, a search, training, fine-tuning) yields small progress objects and
*returns* its result; ``run_to_end`` is how a caller that does not want the progress gets
the result.
"""
from __future__ import annotations

import logging
from collections.abc import Generator
from typing import TypeVar

__all__ = ["run_to_end", "locked_steps"]

logger = logging.getLogger(__name__)

R = TypeVar("R")


def locked_steps(lock, gen: Generator[object, None, R]) -> Generator[object, None, R]:
    """Yield what ``gen`` yields, advancing it only while holding ``lock``; return its return value.

    The lock is released between steps, so a consumer that stops iterating (a cancel) leaves no
    lock held, and other callers can use the locked object between two steps.
    """
    while True:
        with lock:
            try:
                item = next(gen)
            except StopIteration as stop:
                return stop.value
        yield item


def run_to_end(gen: Generator[object, None, R]) -> R:
    """Exhaust a progress generator, dropping what it yields, and return its return value."""
    while True:
        try:
            next(gen)
        except StopIteration as stop:
            return stop.value
