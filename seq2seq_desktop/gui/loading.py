"""Model loading for the window: the generator that ``MainWindow.start_loading`` runs as a ``gui.jobs.Job``.

``load_engines`` loads ``(role, path_or_name)`` pairs one by one and yields a ``LoadResult``
before (loading now) and after (engine or error) each; a failure never ends the job, and a role
with a fallback (the bundled model standing in for a remembered one that is gone) tries that
next, reporting what it replaced (``LoadResult.replaced``).  torch is
first imported here, in the worker thread, so the window appears before it is loaded.
``default_engine_loader`` caps torch threads so that the UI keeps a core and attaches the
opposite-direction model for "Check with reverse model".  No Qt here.
"""
from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["LoadResult", "load_engines", "default_engine_loader"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class LoadResult:
    """One model load outcome yielded by ``load_engines``."""

    role: str
    source: str
    engine: Any = None
    error: BaseException | None = None
    #: the model that could not be loaded, when ``source`` is the fallback standing in for it
    replaced: str | None = None
    #: why ``replaced`` could not be loaded
    replaced_error: BaseException | None = None


def default_engine_loader(path_or_name: str):
    """Load an ``Engine`` with torch capped at ``cpu_count - 1`` threads (the UI keeps a core);
    a translation engine also gets the opposite direction for "Check with reverse model"."""
    from seq2seq_desktop.core.engine import Engine

    threads = max(1, (os.cpu_count() or 2) - 1)
    engine = Engine.load(path_or_name, num_threads=threads)
    if engine.info.task == "chat-reverse":
        from seq2seq_desktop.core.errors import ModelLoadError

        raise ModelLoadError.format("{path} is a reverse chat model: it ranks the chatbot's replies (\"Specific replies\") "
                                    "and cannot be used as a translator or chatbot on its own", path=engine.info.path)
    engine.attach_reverse()  # the opposite direction, or NAME-reverse for a chat model; False if missing
    return engine


def load_engines(loader: Callable[[str], Any], requests: Iterable[tuple[str, str]],
                 fallbacks: Mapping[str, str] | None = None):
    """Load ``(role, path_or_name)`` pairs one by one, yielding a ``LoadResult`` for each.

    A failure is yielded as a result with ``error`` set (the others still load), unless
    ``fallbacks`` names another model for that role: that one is loaded instead and its results
    carry ``replaced`` (when it fails too, the first failure is reported).  Returns the number of
    engines loaded.
    """
    fallbacks = dict(fallbacks or {})
    loaded = 0
    for role, source in requests:
        yield LoadResult(role, str(source))  # "loading this one now"
        try:
            engine = loader(source)
        except Exception as exc:  # shown to the user in the panel; never kills the job
            logger.warning("could not load model %s for %s: %r", source, role, exc)
            fallback = fallbacks.get(role)
            if fallback is None or str(fallback) == str(source):
                yield LoadResult(role, str(source), error=exc)
                continue
            yield LoadResult(role, str(fallback), replaced=str(source), replaced_error=exc)
            try:
                engine = loader(fallback)
            except Exception as exc2:
                logger.warning("could not load the fallback %s for %s either: %r", fallback, role, exc2)
                yield LoadResult(role, str(source), error=exc)
                continue
            loaded += 1
            yield LoadResult(role, str(fallback), engine=engine, replaced=str(source), replaced_error=exc)
            continue
        loaded += 1
        yield LoadResult(role, str(source), engine=engine)
    return loaded
