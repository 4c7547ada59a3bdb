"""Two stages of batched work overlapped on two CPU threads: the app's default search over many
sentences runs each batch's reverse-model check while the next batch is searched.

Why: at the sizes a translator decodes (a few dozen rows of 256-512 wide GRUs and an 8k-piece
output layer), PyTorch's intra-op threads scale poorly. On 2 cores the default search (beam 5 +
the reverse check) ran 1.37x faster on 2 threads than on 1; the beam search and the check are each
sequences of small operations. Two streams of one thread each keep both cores busy instead: the
search of batch i+1 and the check of batch i take about the same time, and run side by side
(docs/RESULTS.md, "Overlapping the reverse check with the next batch's search").

``overlapped(items, first, second)`` yields ``(item, second(item, first(item)))`` in order:
``first`` runs on the calling thread, ``second`` on one worker thread, at most one ``second`` in
flight (so at most two batches' results are held at once). While it runs torch's intra-op threads
are split between the two stages (``torch.set_num_threads`` is process-wide, so each stream gets
half), and restored after, also when a stage raises or the caller stops iterating.

Memory: glibc gives every thread that allocates its own malloc arena, and a second arena keeps its
own freed blocks, so the worker's tensors would not reuse the main thread's free memory (25 MB
more at the bench's peak). ``share_malloc_arena`` makes new threads share the existing arena.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import logging
import platform
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

import torch

__all__ = ["overlapped", "can_overlap", "share_malloc_arena"]

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
    if _arena_shared:
        return True
    if platform.system() != "Linux":
        return False
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name) if name else None
    except OSError:
        libc = None
    if libc is None or not hasattr(libc, "mallopt") or not hasattr(libc, "gnu_get_libc_version"):
        return False
    _arena_shared = bool(libc.mallopt(_M_ARENA_MAX, 1))
    return _arena_shared


def can_overlap(device: str, batches: int) -> bool:
    """Whether overlapping pays: a CPU with at least 2 torch threads, and more than one batch."""
    return device == "cpu" and batches > 1 and torch.get_num_threads() >= 2


def overlapped(items: Iterable[T], first: Callable[[T], A], second: Callable[[T, A], B]) -> Iterator[tuple[T, B]]:
    """``(item, second(item, first(item)))`` for each item, in order, ``second`` of one item running
    on a worker thread while ``first`` of the next runs here (see the module docstring).

    An exception in either stage is raised here, after the worker has finished what it was doing.
    """
    threads = torch.get_num_threads()
    share_malloc_arena()
    pending: tuple[T, Future] | None = None
    torch.set_num_threads(max(1, threads // 2))
    try:
        # leaving the with block waits for the worker, also when a stage raised or the caller stopped
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="overlap") as worker:
            try:
                for item in items:
                    done = first(item)
                    # queued behind the previous item's second stage, so the worker goes on while the
                    # caller takes that result
                    previous, pending = pending, (item, worker.submit(second, item, done))
                    if previous is not None:
                        yield previous[0], previous[1].result()
                if pending is not None:
                    last, pending = pending, None
                    yield last[0], last[1].result()
            finally:
                if pending is not None:  # a stage raised or the caller stopped: skip work not yet started
                    pending[1].cancel()
    finally:
        torch.set_num_threads(threads)
