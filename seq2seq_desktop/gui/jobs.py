"""The only module that creates threads: core generators run in superqt workers.

Policy (STYLE.md section 2):

* ``Job`` wraps one generator call in ``superqt.utils.create_worker`` and re-emits its signals
  in the main thread.  Exactly one of ``returned`` / ``errored`` / ``aborted`` fires, then
  ``finished``.  Cancel is cooperative (``worker.quit()`` stops at the next yield).
* ``LatestJob`` keeps one current job per purpose: submitting a new one cancels and *detaches*
  the old one, whose late results are dropped (latest request wins; every job has a request id).
* ``load_engines`` is the model-loading generator (torch is first imported there, off the UI
  thread); ``default_engine_loader`` caps torch threads so that the UI keeps a core.
* ``describe_error`` / ``show_error`` are the single error relay: a ``Seq2SeqError`` gets its
  own message, out-of-memory a hint, anything else a traceback in the details.
* ``shutdown`` asks every worker to stop and waits (``app.aboutToQuit`` and window close).
"""
from __future__ import annotations

import itertools
import logging
import os
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QMessageBox, QWidget
from superqt.utils import WorkerBase, create_worker

__all__ = ["Job", "LatestJob", "LoadResult", "load_engines", "default_engine_loader", "describe_error",
           "show_error", "shutdown", "active_jobs"]

logger = logging.getLogger(__name__)

_ACTIVE: set[Job] = set()
_IDS = itertools.count(1)


def _drive(factory: Callable, args: tuple, kwargs: dict):
    """Call ``factory`` in the worker thread and relay what its generator yields."""
    result = yield from factory(*args, **kwargs)
    return result


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

    @property
    def is_cancelled(self) -> bool:
        """Whether ``cancel`` was called."""
        return self._cancelled

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


# --------------------------------------------------------------------------- model loading
@dataclass(frozen=True)
class LoadResult:
    """One model load outcome yielded by ``load_engines``."""

    role: str
    source: str
    engine: Any = None
    error: BaseException | None = None


def default_engine_loader(path_or_name: str):
    """Load an ``Engine`` with torch capped at ``cpu_count - 1`` threads (the UI keeps a core);
    a translation engine also gets the opposite direction for "Check with reverse model"."""
    from seq2seq_desktop.core.engine import Engine

    threads = max(1, (os.cpu_count() or 2) - 1)
    engine = Engine.load(path_or_name, num_threads=threads)
    if engine.info.task == "chat-reverse":
        from seq2seq_desktop.core.errors import ModelLoadError

        raise ModelLoadError(f"{engine.info.path} is a reverse chat model: it ranks the chatbot's replies "
                             f"(\"Specific replies\") and cannot be used as a translator or chatbot on its own")
    engine.attach_reverse()  # the opposite direction, or NAME-reverse for a chat model; False if missing
    return engine


def load_engines(loader: Callable[[str], Any], requests: Iterable[tuple[str, str]]):
    """Load ``(role, path_or_name)`` pairs one by one, yielding a ``LoadResult`` for each.

    A failure is yielded as a result with ``error`` set (the others still load).  Returns the
    number of engines loaded.
    """
    loaded = 0
    for role, source in requests:
        yield LoadResult(role, str(source))  # "loading this one now"
        try:
            engine = loader(source)
        except Exception as exc:  # shown to the user in the panel; never kills the job
            logger.warning("could not load model %s for %s: %r", source, role, exc)
            yield LoadResult(role, str(source), error=exc)
            continue
        loaded += 1
        yield LoadResult(role, str(source), engine=engine)
    return loaded


# --------------------------------------------------------------------------- errors
def describe_error(exc: BaseException) -> tuple[str, str, str | None]:
    """``(title, message, details)`` for any exception from a job."""
    try:
        from seq2seq_desktop.core.errors import InputTooLongError, ModelLoadError, Seq2SeqError
    except ImportError:  # pragma: no cover - core always ships with the app
        Seq2SeqError = InputTooLongError = ModelLoadError = ()  # type: ignore[assignment]  # noqa: N806
    if Seq2SeqError and isinstance(exc, InputTooLongError):
        return "Input too long", str(exc), None
    if Seq2SeqError and isinstance(exc, ModelLoadError):
        return "Model could not be loaded", str(exc), None
    if Seq2SeqError and isinstance(exc, Seq2SeqError):
        return "Could not finish", str(exc), None
    if isinstance(exc, MemoryError) or "out of memory" in str(exc).lower():
        return ("Out of memory", "The computer ran out of memory while decoding. Try a smaller beam width, "
                "a shorter text, or close other programs.", f"{type(exc).__name__}: {exc}")
    details = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    return "Unexpected error", f"{type(exc).__name__}: {exc}", details


def show_error(parent: QWidget | None, exc: BaseException) -> QMessageBox:
    """Show ``exc`` in a non-blocking message box (the window stays usable) and return it."""
    title, message, details = describe_error(exc)
    icon = QMessageBox.Icon.Warning if details is None else QMessageBox.Icon.Critical
    box = QMessageBox(icon, title, message, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("errorMessageBox")
    if details:
        box.setDetailedText(details)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    box.open()
    return box


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
