"""The only module that creates threads: core generators run in superqt workers.

Policy (STYLE.md section 2):

* ``Job`` wraps one generator call in ``superqt.utils.create_worker`` and re-emits its signals
  in the main thread.  Exactly one of ``returned`` / ``errored`` / ``aborted`` fires, then
  ``finished``.  Cancel is cooperative (``worker.quit()`` stops at the next yield).
* ``LatestJob`` keeps one current job per purpose: submitting a new one cancels and *detaches*
  the old one, whose late results are dropped (latest request wins; every job has a request id).
* ``call_job`` runs a plain function (work with no steps to report, such as saving a model) the
  same way; it cannot be stopped midway.
* Errors: ``errored`` is always connected (superqt would re-raise otherwise); an error after
  ``cancel`` is logged and dropped.  What the user sees is ``gui.error_dialogs``.
* ``shutdown`` asks every worker to stop and waits (``app.aboutToQuit`` and window close).

The generators themselves live elsewhere: core's ``*_steps`` methods, ``training.finetune``, and
``gui.loading.load_engines`` for the models.
"""
from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from superqt.utils import WorkerBase, create_worker

__all__ = ["Job", "LatestJob", "call_job", "shutdown", "active_jobs"]

logger = logging.getLogger(__name__)

_ACTIVE: set[Job] = set()
_IDS = itertools.count(1)


def _drive(factory: Callable, args: tuple, kwargs: dict):
    """Call ``factory`` in the worker thread and relay what its generator yields."""
    result = yield from factory(*args, **kwargs)
    return result


def _call(fn: Callable, *args, **kwargs):
    """Generator that calls ``fn`` once and returns its result (it never yields)."""
    return fn(*args, **kwargs)
    yield  # pragma: no cover - makes this function a generator


class Job(QObject):
    """One generator call running in a superqt worker thread.

    Parameters
    ----------
    factory : callable
        Called *in the worker thread* with ``*args, **kwargs``; must return a generator (a core
        ``*_steps`` method).  It is driven to the end unless cancelled.
    name : str
        Shown in logs.
    """

    yielded = Signal(object)
    returned = Signal(object)
    errored = Signal(object)
    aborted = Signal()
    finished = Signal()

    def __init__(self, factory: Callable, *args, name: str = "job", parent: QObject | None = None, **kwargs):
        super().__init__(parent)
        self.name = name
        self.request_id = next(_IDS)
        self._stale = False
        self._cancelled = False
        self._terminal = False
        self._done = False
        self.started = False
        self._worker = create_worker(_drive, factory, args, kwargs, _start_thread=False,
                                     _connect={"errored": self._on_errored})
        self._worker.yielded.connect(self._on_yielded)
        self._worker.returned.connect(self._on_returned)
        self._worker.aborted.connect(self._on_aborted)
        self._worker.finished.connect(self._on_finished)

    # ----------------------------------------------------------- control
    def start(self) -> Job:
        """Start the worker thread (once)."""
        if not self.started:
            self.started = True
            _ACTIVE.add(self)
            self._worker.start()
        return self

    def cancel(self) -> None:
        """Ask the generator to stop at its next yield; ``aborted`` follows."""
        self._cancelled = True
        self._worker.quit()

    def detach(self) -> None:
        """Cancel and drop every later signal except ``finished`` (a newer request replaced it)."""
        self._stale = True
        self.cancel()

    @property
    def is_running(self) -> bool:
        """True from ``start`` until ``finished``."""
        return self.started and not self._done

    # ----------------------------------------------------------- relays (main thread)
    def _on_yielded(self, value: Any) -> None:
        if not self._stale and not self._cancelled:
            self.yielded.emit(value)

    def _on_returned(self, value: Any) -> None:
        self._terminal = True
        if not self._stale:
            self.returned.emit(value)

    def _on_errored(self, exc: BaseException) -> None:
        self._terminal = True
        if self._stale or self._cancelled:
            logger.info("%s #%d failed after cancel: %r", self.name, self.request_id, exc)
            return
        logger.info("%s #%d failed: %r", self.name, self.request_id, exc)
        self.errored.emit(exc)

    def _on_aborted(self) -> None:
        if not self._terminal:
            self._terminal = True
            if not self._stale:
                self.aborted.emit()

    def _on_finished(self) -> None:
        # superqt emits neither returned nor aborted when quit() lands after the last yield
        if not self._terminal:
            self._terminal = True
            if not self._stale:
                self.aborted.emit()
        self._done = True
        _ACTIVE.discard(self)
        self.finished.emit()


class LatestJob(QObject):
    """Holds the current job of one purpose; a new submission replaces (and detaches) the old."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.current: Job | None = None

    def submit(self, factory: Callable, *args, name: str = "job", **kwargs) -> Job:
        """Create the job (not started yet, so the caller can connect first)."""
        self.discard()
        self.current = Job(factory, *args, name=name, parent=self, **kwargs)
        self.current.finished.connect(self._forget)
        return self.current

    def is_current(self, job: Job | None) -> bool:
        """Whether ``job`` is the live one."""
        return job is not None and job is self.current

    def cancel(self) -> bool:
        """Cancel the current job; return whether there was one running."""
        if self.current is not None and self.current.is_running:
            self.current.cancel()
            return True
        return False

    def discard(self) -> None:
        """Detach the current job (its results will be ignored)."""
        if self.current is not None:
            if self.current.is_running:
                self.current.detach()
            self.current = None

    @property
    def busy(self) -> bool:
        """Whether the current job is running."""
        return self.current is not None and self.current.is_running

    def _forget(self) -> None:
        job = self.sender()
        if job is self.current:
            self.current = None
        if job is not None:
            job.deleteLater()  # owned by this holder; nothing is emitted after finished


def call_job(fn: Callable, *args, name: str = "call", parent: QObject | None = None, **kwargs) -> Job:
    """A ``Job`` (not started) that calls the plain function ``fn(*args, **kwargs)`` in a worker thread.

    ``returned`` carries its result and ``errored`` its exception.  With no yield inside, ``cancel``
    cannot stop it: a cancel that lands while it runs drops the result (``aborted`` fires instead).
    """
    return Job(_call, fn, *args, name=name, parent=parent, **kwargs)


# --------------------------------------------------------------------------- shutdown
def active_jobs() -> list[Job]:
    """Jobs started and not yet finished."""
    return list(_ACTIVE)


def shutdown(msecs: int = 10_000) -> bool:
    """Cancel every running job and wait up to ``msecs`` for the threads; True if all stopped."""
    for job in list(_ACTIVE):
        job.detach()
    try:
        WorkerBase.await_workers(msecs=msecs)
    except RuntimeError as exc:
        logger.error("workers still running after %d ms: %s", msecs, exc)
        return False
    return True
