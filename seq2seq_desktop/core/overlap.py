"""Two stages of batched work overlapped on two CPU threads: the app's default search over many
sentences runs each batch's reverse-model check while the next batch is searched.

Why: at the sizes a translator decodes (a few dozen rows of 256-512 wide GRUs and an 8k-piece
output layer), PyTorch's intra-op threads scale poorly. On 2 cores the default search (beam 5 +
the reverse check) ran 1.37x faster on 2 threads than on 1; the beam search and the check are each
sequences of small operations. Two streams of one thread each keep both cores busy instead: the
check of batch i runs beside the search of batch i+1 (docs/RESULTS.md, "Overlapping the reverse
check with the next batch's search").

``overlapped(items, first, second)`` yields ``(item, result)`` in order. ``first(item)`` runs on
the calling thread; ``second(item, first's result)`` returns a ``Split``: independent parts (the
check's chunks of hypotheses) and a ``finish`` that makes the result from them. A worker thread
runs the parts, and the calling thread takes its share of them after each ``first``, so neither
waits when one stage is slower (on one thread the check took 4.5-5.7 s per 500 sentences and the
search 3.7-4.9 s). While it runs, torch's intra-op threads are split between the two streams
(``torch.set_num_threads`` is process-wide, so each gets half), and restored after, also when a
stage raises or the caller stops iterating.

Memory: glibc gives every thread that allocates its own malloc arena, and a second arena keeps its
own freed blocks, so the worker's tensors would not reuse the main thread's free memory (25 MB
more at the bench's peak). ``share_malloc_arena`` makes new threads share the existing arena.
"""
from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

import torch

from .device import glibc

__all__ = ["overlapped", "one_after_another", "Split", "can_overlap", "share_malloc_arena"]

logger = logging.getLogger(__name__)

T = TypeVar("T")
A = TypeVar("A")
B = TypeVar("B")

_M_ARENA_MAX = -8  # glibc mallopt parameter (malloc.h)
_arena_shared = False


def share_malloc_arena() -> bool:
    """Make threads created from now on allocate from the existing malloc arenas (glibc
    ``mallopt(M_ARENA_MAX, 1)``); False where there is no glibc (macOS, Windows, musl).

    Process-wide and once: concurrent allocations then share one lock, which cost nothing
    measurable here (a tensor allocation is rare next to the work done on it).
    """
    global _arena_shared
    if not _arena_shared:
        libc = glibc()
        _arena_shared = libc is not None and bool(libc.mallopt(_M_ARENA_MAX, 1))
    return _arena_shared


def can_overlap(device: str, batches: int) -> bool:
    """Whether overlapping pays: a CPU with at least 2 torch threads, and more than one batch."""
    return device == "cpu" and batches > 1 and torch.get_num_threads() >= 2


@dataclass
class Split(Generic[B]):
    """An item's second stage as independent ``parts`` (run in any order, on either thread) and
    ``finish``, which gives the stage's result once every part has run (on the calling thread)."""

    parts: Sequence[Callable[[], None]]
    finish: Callable[[], B]


class _Job:
    """One item's second stage in flight: its parts not yet finished, the first error of one."""

    def __init__(self, item, split: Split):
        self.item, self.finish = item, split.finish
        self.left = len(split.parts)
        self.error: BaseException | None = None
        self.done = threading.Event()
        if not self.left:
            self.done.set()


class _Parts:
    """The queue of parts both threads take from, oldest item first."""

    def __init__(self):
        self._tasks: deque[tuple[_Job, Callable[[], None]]] = deque()
        self._ready = threading.Condition()
        self._closed = False

    def put(self, job: _Job, parts: Sequence[Callable[[], None]]) -> None:
        with self._ready:
            self._tasks.extend((job, part) for part in parts)
            self._ready.notify()

    def take(self, wait: bool) -> tuple[_Job, Callable[[], None]] | None:
        """The oldest part; None when there is none (``wait``: once closed and empty)."""
        with self._ready:
            while wait and not self._tasks and not self._closed:
                self._ready.wait()
            return self._tasks.popleft() if self._tasks else None

    def close(self) -> None:
        """Drop the parts not started and let the worker end."""
        with self._ready:
            self._tasks.clear()
            self._closed = True
            self._ready.notify_all()

    def run(self, task: tuple[_Job, Callable[[], None]]) -> None:
        job, part = task
        try:
            part()
        except Exception as exc:  # raised on the calling thread with the item's result (an interrupt
            job.error = job.error or exc  # there, say Ctrl+C, is not held back: it propagates at once)
        with self._ready:
            job.left -= 1
            if not job.left:
                job.done.set()

    def run_waiting(self) -> None:
        """Run, on this thread, every part still waiting: the calling thread's share."""
        while (task := self.take(wait=False)) is not None:
            self.run(task)

    def work(self) -> None:
        """The worker thread: run parts until closed."""
        while (task := self.take(wait=True)) is not None:
            self.run(task)


def _result(job: _Job):
    job.done.wait()
    if job.error is not None:
        raise job.error
    return job.finish()


def overlapped(items: Iterable[T], first: Callable[[T], A], second: Callable[[T, A], Split[B]]
               ) -> Iterator[tuple[T, B]]:
    """``(item, result)`` for each item, in order, where ``result`` is the ``finish()`` of
    ``second(item, first(item))`` after all its parts ran (see the module docstring).

    ``first`` runs on the calling thread; the parts of ``second`` on a worker thread, and on the
    calling thread too once its ``first`` is done and parts of earlier items are still waiting:
    the two stages need not take equally long.  An exception in either stage is raised here, after
    the worker has finished the part it was running.
    """
    threads = torch.get_num_threads()
    share_malloc_arena()
    queue = _Parts()
    torch.set_num_threads(max(1, threads // 2))
    worker = threading.Thread(target=queue.work, name="overlap", daemon=True)
    worker.start()
    jobs: deque[_Job] = deque()
    try:
        for item in items:
            done = first(item)
            queue.run_waiting()  # earlier items' parts the worker has not started
            split = second(item, done)
            job = _Job(item, split)
            jobs.append(job)
            queue.put(job, split.parts)
            while jobs and jobs[0].done.is_set():
                finished = jobs.popleft()
                yield finished.item, _result(finished)
        queue.run_waiting()
        while jobs:
            finished = jobs.popleft()
            yield finished.item, _result(finished)
    finally:
        queue.close()
        worker.join()  # the part it is running, if any, finishes first
        torch.set_num_threads(threads)


def one_after_another(items: Iterable[T], first: Callable[[T], A], second: Callable[[T, A], Split[B]]
                      ) -> Iterator[tuple[T, B]]:
    """What ``overlapped`` yields, all on the calling thread: each item's ``first``, then the parts
    of its ``second`` in order, then its ``finish`` (the same parts, so the same numbers)."""
    for item in items:
        split = second(item, first(item))
        for part in split.parts:
            part()
        yield item, split.finish()
