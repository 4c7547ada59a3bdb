"""Overlapping two stages of batched work (``core.overlap``) and the engine's use of it for the
reverse check; the tiny reverse-digits model (its own inverse) stands in for both directions."""
import platform
import threading
import time

import pytest
import torch

import seq2seq_desktop.core.engine as engine_module
from seq2seq_desktop.core.config import DecodeConfig
from seq2seq_desktop.core.engine import Engine
from seq2seq_desktop.core.overlap import Split, can_overlap, overlapped, share_malloc_arena


@pytest.fixture
def two_threads():
    before = torch.get_num_threads()
    torch.set_num_threads(2)
    yield
    torch.set_num_threads(before)


def _split(fn, i, a, parts=2):
    """A second stage of ``parts`` parts, each recording fn(i, a, part)."""
    got = [None] * parts

    def part(p):
        got[p] = fn(i, a, p)

    return Split([lambda p=p: part(p) for p in range(parts)], lambda: tuple(got))


def test_second_stages_run_beside_the_next_first_stage_on_both_threads(two_threads):
    log, lock = [], threading.Lock()
    worker_busy = threading.Event()

    def first(i):
        if i == 1:  # the worker is already on item 0's parts while this runs
            assert worker_busy.wait(5)
            time.sleep(0.05)
        with lock:
            log.append(("first", i, threading.current_thread().name, torch.get_num_threads()))
        return i * 10

    def part(i, a, p):
        if threading.current_thread().name == "overlap":
            worker_busy.set()
        with lock:
            log.append(("part", i, threading.current_thread().name, torch.get_num_threads()))
        return a + p

    got = list(overlapped(range(4), first, lambda i, a: _split(part, i, a)))
    assert got == [(0, (0, 1)), (1, (10, 11)), (2, (20, 21)), (3, (30, 31))]
    main = threading.current_thread().name
    assert {name for kind, _, name, _ in log if kind == "first"} == {main}
    assert "overlap" in {name for kind, _, name, _ in log if kind == "part"}
    assert {threads for *_, threads in log} == {1}, "each stream gets half of the 2 threads"
    assert torch.get_num_threads() == 2, "restored after"


def test_the_calling_thread_takes_the_parts_still_waiting_after_its_first_stage(two_threads):
    ran_by = {}
    worker_started, gate = threading.Event(), threading.Event()

    def first(i):
        if i == 1:
            assert worker_started.wait(5)  # the worker holds one of item 0's parts
        return i

    def part(i, a, p):
        on_worker = threading.current_thread().name == "overlap"
        if on_worker and not worker_started.is_set():
            worker_started.set()
            assert gate.wait(5)  # a slow worker: held until the caller has taken its share
        ran_by[i, p] = threading.current_thread().name
        if not on_worker:
            gate.set()
        return p

    got = list(overlapped(range(2), first, lambda i, a: _split(part, i, a, parts=4)))
    assert [item for item, _ in got] == [0, 1] and all(r == (0, 1, 2, 3) for _, r in got)
    main = threading.current_thread().name
    assert ran_by[0, 0] == "overlap"
    assert {ran_by[0, p] for p in (1, 2, 3)} == {main}, "the caller ran what the busy worker had not started"


def test_a_stage_with_no_parts_finishes_at_once(two_threads):
    got = list(overlapped(range(3), lambda i: i, lambda i, a: Split([], lambda a=a: a * 2)))
    assert got == [(0, 0), (1, 2), (2, 4)]


@pytest.mark.parametrize("failing", ["first", "part"])
def test_a_failing_stage_raises_here_and_the_threads_are_restored(two_threads, failing):
    def first(i):
        if failing == "first" and i == 2:
            raise ValueError("search failed")
        return i

    def part(i, a, p):
        if failing == "part" and i == 1:
            raise ValueError("check failed")
        return a

    with pytest.raises(ValueError, match=f"{'search' if failing == 'first' else 'check'} failed"):
        list(overlapped(range(5), first, lambda i, a: _split(part, i, a)))
    assert torch.get_num_threads() == 2


def test_stopping_early_ends_the_worker_and_restores_the_threads(two_threads):
    gen = overlapped(range(50), lambda i: i, lambda i, a: _split(lambda i, a, p: a, i, a))
    assert next(gen) == (0, (0, 0))
    gen.close()
    assert not [t for t in threading.enumerate() if t.name == "overlap"], "the worker has ended"
    assert torch.get_num_threads() == 2


def test_overlap_needs_a_cpu_two_threads_and_several_batches(two_threads):
    assert can_overlap("cpu", 2)
    assert not can_overlap("cpu", 1)
    assert not can_overlap("cuda:0", 5)
    torch.set_num_threads(1)
    assert not can_overlap("cpu", 5)


def test_malloc_arena_sharing_is_available_with_glibc():
    if platform.system() != "Linux" or not platform.libc_ver()[0] == "glibc":
        assert share_malloc_arena() is False
    else:
        assert share_malloc_arena() is True and share_malloc_arena() is True


SOURCES = ["3 1 4 1 5", "9 2 6", "5 3 5 8 9 7", "2 7 1 8", "1 1 2 3 5 8 1 3", "6 6 6 1", "4 4", "8 1 8 1 8"]


def test_engine_overlaps_the_reverse_check_with_the_same_results(tiny_bundle, mirrored, monkeypatch):
    engine = Engine.load(tiny_bundle, device="cpu", num_threads=2)
    assert engine.attach_reverse(mirrored)
    cfg = DecodeConfig(beam_width=4, n_best=3, reverse_weight=0.6)
    calls = []
    real = engine_module.overlapped
    monkeypatch.setattr(engine_module, "overlapped", lambda *a: calls.append(1) or real(*a))
    engine.rerank_rows = 3
    overlapped_run = engine.translate_sentences(SOURCES, cfg, batch_size=2)  # 4 batches, 3 chunks each
    assert calls, "several batches on 2 threads: the check overlaps the next search"
    assert torch.get_num_threads() == 2
    monkeypatch.setattr(engine_module, "can_overlap", lambda *a: False)
    one_by_one = engine.translate_sentences(SOURCES, cfg, batch_size=2)
    assert len(calls) == 1

    def key(t):
        return t.text, t.reranked, [(a.text, round(a.score, 5), round(a.norm_score, 5)) for a in t.nbest]

    assert [key(t) for t in overlapped_run] == [key(t) for t in one_by_one]
    assert all(t.reranked for t in overlapped_run)
