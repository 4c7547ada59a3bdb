"""gui.jobs: generators first synchronously, then threaded; cancel, errors, latest-wins, plain calls."""
import threading

import pytest
from PySide6.QtCore import QThreadPool

from seq2seq_desktop.gui import jobs


def counting(n, permits=None):
    """Yield 0..n-1; with a semaphore, each value needs one permit (the test paces the worker)."""
    for i in range(n):
        if permits is not None and not permits.acquire(timeout=20):
            raise TimeoutError("no permit")
        yield i
    return "done"


def failing():
    yield 1
    raise ValueError("boom")


def waits_after_last_yield(reached, gate):
    """Yield once, then block (past the last yield) until the test opens ``gate``."""
    yield 0
    reached.set()
    if not gate.wait(timeout=20):
        raise TimeoutError("gate never opened")
    return "done"


def test_generators_run_synchronously():
    gen = counting(2)
    assert [next(gen), next(gen)] == [0, 1]
    with pytest.raises(StopIteration) as stop:
        next(gen)
    assert stop.value.value == "done"
    gen = jobs._call(lambda a, b=0: a + b, 2, b=3)
    with pytest.raises(StopIteration) as stop:
        next(gen)
    assert stop.value.value == 5


def test_job_returns_after_yields(qtbot):
    job = jobs.Job(counting, 3)
    seen, returned = [], []
    job.yielded.connect(seen.append)
    job.returned.connect(returned.append)
    with qtbot.waitSignals([job.returned, job.finished], order="strict", timeout=5000):
        job.start()
    assert seen == [0, 1, 2]
    assert returned == ["done"]
    assert not job.is_running


def test_job_cancel_aborts_without_return(qtbot):
    permits = threading.Semaphore(1)
    job = jobs.Job(counting, 100, permits)
    returned, seen = [], []
    job.returned.connect(returned.append)
    job.yielded.connect(seen.append)
    with qtbot.waitSignal(job.yielded, timeout=5000):
        job.start()
    job.cancel()
    with qtbot.waitSignals([job.aborted, job.finished], order="strict", timeout=5000):
        permits.release()  # lets the worker reach its next yield, where the abort lands
    assert returned == [] and seen == [0]


def test_job_error_is_relayed_not_raised(qtbot):
    job = jobs.Job(failing)
    with qtbot.waitSignal(job.errored, timeout=5000) as blocker:
        job.start()
    assert isinstance(blocker.args[0], ValueError)
    qtbot.waitUntil(lambda: not job.is_running, timeout=5000)


def test_latest_job_drops_stale_results(qtbot):
    latest = jobs.LatestJob()
    gate = threading.Semaphore(0)
    first = latest.submit(counting, 5, gate, name="first")
    got = []
    first.returned.connect(lambda v: got.append(("first", v)))
    first.start()
    second = latest.submit(counting, 2, name="second")
    second.returned.connect(lambda v: got.append(("second", v)))
    assert second.request_id > first.request_id and latest.is_current(second)
    with qtbot.waitSignal(second.finished, timeout=5000):
        second.start()
    gate.release(5)
    qtbot.waitUntil(lambda: not first.is_running, timeout=5000)
    assert got == [("second", "done")]


def test_latest_job_drops_a_result_already_on_its_way(qtbot):
    # the first job has *returned* in its thread, but its result is still queued for the main thread when a
    # newer request replaces it: superqt delivers that result, and only the stale check keeps it out
    latest = jobs.LatestJob()
    first = latest.submit(counting, 2, name="first")
    got = []
    first.returned.connect(lambda v: got.append(("first", v)))
    first.start()
    assert QThreadPool.globalInstance().waitForDone(5000)  # blocks without delivering the queued signals
    second = latest.submit(counting, 1, name="second")
    second.returned.connect(lambda v: got.append(("second", v)))
    with qtbot.waitSignals([first.finished, second.finished], timeout=5000):
        second.start()
    assert got == [("second", "done")]


def test_cancel_after_the_last_yield_still_ends_in_aborted(qtbot):
    # superqt emits neither returned nor aborted when quit() lands after the last yield: the job must
    # still report exactly one outcome, so panels leave their busy state
    reached, gate = threading.Event(), threading.Event()
    job = jobs.Job(waits_after_last_yield, reached, gate)
    returned = []
    job.returned.connect(returned.append)
    job.start()
    qtbot.waitUntil(reached.is_set, timeout=5000)
    job.cancel()
    with qtbot.waitSignals([job.aborted, job.finished], order="strict", timeout=5000):
        gate.set()
    assert returned == [] and not job.is_running


def test_call_job_runs_a_plain_function_in_a_worker(qtbot):
    threads = []

    def work(a, b=0):
        threads.append(threading.current_thread())
        return a + b

    job = jobs.call_job(work, 2, b=3, name="add")
    returned = []
    job.returned.connect(returned.append)
    with qtbot.waitSignals([job.returned, job.finished], order="strict", timeout=5000):
        job.start()
    assert returned == [5]
    assert threads and threads[0] is not threading.main_thread()

    def broken():
        raise OSError("disk full")

    job = jobs.call_job(broken)
    with qtbot.waitSignal(job.errored, timeout=5000) as blocker:
        job.start()
    assert isinstance(blocker.args[0], OSError)
    qtbot.waitUntil(lambda: not job.is_running, timeout=5000)
