"""Overlapping two stages of batched work (``core.overlap``) and the engine's use of it for the
reverse check; the tiny reverse-digits model (its own inverse) stands in for both directions."""
import platform
import threading
from pathlib import Path

import pytest
import torch

import seq2seq_desktop.core.engine as engine_module
from seq2seq_desktop.core.config import DecodeConfig
from seq2seq_desktop.core.engine import Engine
from seq2seq_desktop.core.overlap import can_overlap, overlapped, share_malloc_arena
from seq2seq_desktop.core.package import load_package, save_package


@pytest.fixture
def two_threads():
    before = torch.get_num_threads()
    torch.set_num_threads(2)
    yield
    torch.set_num_threads(before)


def test_second_stage_runs_on_a_worker_beside_the_next_first_stage(two_threads):
    log, lock = [], threading.Lock()
    second_started = threading.Event()

    def first(i):
        if i > 0:  # the check of item i-1 is started before this search has finished
            assert second_started.wait(5)
            second_started.clear()
        with lock:
            log.append(("first", i, threading.current_thread().name, torch.get_num_threads()))
        return i * 10

    def second(i, a):
        second_started.set()
        with lock:
            log.append(("second", i, threading.current_thread().name, torch.get_num_threads()))
        return a + 1

    assert list(overlapped(range(4), first, second)) == [(0, 1), (1, 11), (2, 21), (3, 31)]
    main = threading.current_thread().name
    assert {name for kind, _, name, _ in log if kind == "first"} == {main}
    assert all(name.startswith("overlap") for kind, _, name, _ in log if kind == "second")
    assert {threads for *_, threads in log} == {1}, "each stage gets half of the 2 threads"
    assert torch.get_num_threads() == 2, "restored after"


def test_at_most_one_second_stage_is_waiting_for_its_result(two_threads):
    results_held, peak = [0], [0]

    def first(i):
        results_held[0] += 1
        peak[0] = max(peak[0], results_held[0])
        return i

    def second(i, a):
        return a

    for _ in overlapped(range(6), first, second):
        results_held[0] -= 1
    assert peak[0] <= 2, "a search result waits for at most the one check in flight"


@pytest.mark.parametrize("failing", ["first", "second"])
def test_a_failing_stage_raises_here_and_the_threads_are_restored(two_threads, failing):
    def first(i):
        if failing == "first" and i == 2:
            raise ValueError("search failed")
        return i

    def second(i, a):
        if failing == "second" and i == 1:
            raise ValueError("check failed")
        return a

    with pytest.raises(ValueError, match=f"{'search' if failing == 'first' else 'check'} failed"):
        list(overlapped(range(5), first, second))
    assert torch.get_num_threads() == 2


def test_stopping_early_waits_for_the_worker_and_restores_the_threads(two_threads):
    started, finished = threading.Event(), []

    def second(i, a):
        if i == 1:
            started.set()
            threading.Event().wait(0.2)  # still running when the caller stops
        finished.append(i)
        return a

    gen = overlapped(range(5), lambda i: i, second)
    assert next(gen) == (0, 0)  # second(1) was submitted before this result was handed over
    assert started.wait(5)
    gen.close()
    assert finished == [0, 1], "the check in flight finished before close returned, and no other started"
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


@pytest.fixture
def mirrored(tiny_bundle, tmp_path) -> Path:
    """The tiny model saved again as the opposite direction (digits-reversed -> digits)."""
    pkg = load_package(tiny_bundle)
    spm = (Path(tiny_bundle) / "source.spm").read_bytes()
    return save_package(tmp_path / "mirror", pkg.model, task="translate", source_lang="digits-reversed",
                        target_lang="digits", source_spm=spm, target_spm=spm, name="mirror", card="# mirror\n")


def test_engine_overlaps_the_reverse_check_with_the_same_results(tiny_bundle, mirrored, monkeypatch):
    engine = Engine.load(tiny_bundle, device="cpu", num_threads=2)
    assert engine.attach_reverse(mirrored)
    cfg = DecodeConfig(beam_width=4, n_best=3, reverse_weight=0.6)
    calls = []
    real = engine_module.overlapped
    monkeypatch.setattr(engine_module, "overlapped", lambda *a: calls.append(1) or real(*a))
    overlapped_run = engine.translate_sentences(SOURCES, cfg, batch_size=2)  # 4 batches
    assert calls, "several batches on 2 threads: the check overlaps the next search"
    assert torch.get_num_threads() == 2
    monkeypatch.setattr(engine_module, "can_overlap", lambda *a: False)
    one_by_one = engine.translate_sentences(SOURCES, cfg, batch_size=2)
    assert len(calls) == 1

    def key(t):
        return t.text, t.reranked, [(a.text, round(a.score, 5), round(a.norm_score, 5)) for a in t.nbest]

    assert [key(t) for t in overlapped_run] == [key(t) for t in one_by_one]
    assert all(t.reranked for t in overlapped_run)
