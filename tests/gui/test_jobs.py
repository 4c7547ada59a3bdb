"""gui.jobs: generators first synchronously, then threaded; cancel, errors, latest-wins, loading."""
import threading

import pytest

from seq2seq_desktop.core.errors import InputTooLongError, ModelLoadError
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


def test_load_engines_synchronously():
    def loader(src):
        if src == "bad":
            raise ModelLoadError("no such package")
        return f"engine:{src}"

    gen = jobs.load_engines(loader, [("en-ja", "good"), ("ja-en", "bad")])
    results = []
    with pytest.raises(StopIteration) as stop:
        while True:
            results.append(next(gen))
    assert stop.value.value == 1
    assert [(r.role, r.engine is not None, r.error is not None) for r in results] == \
        [("en-ja", False, False), ("en-ja", True, False), ("ja-en", False, False), ("ja-en", False, True)]


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


def test_describe_error_kinds():
    assert jobs.describe_error(InputTooLongError("too long"))[:2] == ("Input too long", "too long")
    assert jobs.describe_error(ModelLoadError("gone"))[2] is None
    assert jobs.describe_error(RuntimeError("CUDA out of memory"))[0] == "Out of memory"
    title, _, details = jobs.describe_error(KeyError("x"))
    assert title == "Unexpected error" and "KeyError" in details
