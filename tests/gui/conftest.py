"""GUI test fixtures: a real tiny engine, spy/gated wrappers, and a ready main window."""
import os
import threading
from pathlib import Path

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_API", "pyside6")

from seq2seq_desktop.gui.binding_check import protect_none  # noqa: E402

# keep a known-broken binding from aborting the whole run; test_binding.py still fails on it
protect_none()


@pytest.fixture(scope="session")
def tiny_path(request):
    """Tiny model package: ``tiny_bundle``, or ``$SEQ2SEQ_TEST_TINY`` (a prebuilt one, for quick reruns)."""
    prebuilt = os.environ.get("SEQ2SEQ_TEST_TINY")
    return Path(prebuilt) if prebuilt else request.getfixturevalue("tiny_bundle")


@pytest.fixture(scope="session")
def tiny_engine(tiny_path):
    """The tiny reverse-digits model loaded once through the real ``Engine.load``."""
    from seq2seq_desktop.core.engine import Engine

    return Engine.load(tiny_path, num_threads=1)


class SpyEngine:
    """Wraps a real engine: records requests; can pace the steps or fail on demand.

    After ``pace()`` every step needs a permit from ``allow(n)``, so a test decides exactly how far
    the worker gets (no sleeps, no races).
    """

    def __init__(self, engine):
        self._engine = engine
        self.configs = []
        self.texts = []
        self.permits: threading.Semaphore | None = None
        self.fail: BaseException | None = None
        self.steps_yielded = 0

    def __getattr__(self, name):  # info, device, device_name, ...
        return getattr(self._engine, name)

    def _wrap(self, gen):
        while True:
            try:
                step = next(gen)
            except StopIteration as stop:
                return stop.value
            if self.permits is not None and not self.permits.acquire(timeout=20):
                raise TimeoutError("the test never allowed this step")
            self.steps_yielded += 1
            yield step

    def pace(self) -> None:
        """From now on each step waits for a permit."""
        self.permits = threading.Semaphore(0)

    def allow(self, n: int = 1) -> None:
        """Let the worker take ``n`` more steps."""
        self.permits.release(n)

    def translate_steps(self, text, cfg=None):
        self.configs.append(cfg)
        self.texts.append(text)
        if self.fail is not None:
            raise self.fail
        return self._wrap(self._engine.translate_steps(text, cfg))

    def sentence_steps(self, sentences, cfg=None):
        self.configs.append(cfg)
        self.texts.append(list(sentences))
        if self.fail is not None:
            raise self.fail
        return self._wrap(self._engine.sentence_steps(sentences, cfg))


@pytest.fixture
def spy(tiny_engine):
    """A fresh ``SpyEngine`` around the tiny engine."""
    s = SpyEngine(tiny_engine)
    yield s
    if s.permits is not None:
        s.permits.release(10_000)  # never leave a worker blocked


@pytest.fixture
def settings_file(tmp_path):
    """Path of an (absent) settings file in a temp dir."""
    return tmp_path / "config" / "settings.json"


@pytest.fixture
def make_window(qtbot, settings_file):
    """Factory: a shown MainWindow whose every role uses ``engine`` (loaded through the real load job)."""
    from seq2seq_desktop.gui.main_window import MainWindow
    from seq2seq_desktop.gui.settings import Settings

    def make(engine=None, settings=None, model_paths=None, loader=None, wait=True):
        if model_paths is None:
            model_paths = {"en-ja": "tiny", "ja-en": "tiny", "chat-en": "tiny"}
        win = MainWindow(settings or Settings(), settings_file, engine_loader=loader or (lambda _p: engine),
                         model_paths=model_paths)
        qtbot.addWidget(win)
        win.show()
        if wait:
            with qtbot.waitSignal(win.ready, timeout=30_000):
                win.start_loading()
        return win

    return make


class CheckGate:
    """Wraps an engine: decoding runs freely, each step of the reverse-model check needs a permit
    (``allow``), until ``free`` is set."""

    def __init__(self, engine):
        self._engine, self.gate, self.checks, self.free = engine, threading.Semaphore(0), 0, False

    def __getattr__(self, name):
        return getattr(self._engine, name)

    def allow(self, n: int = 1) -> None:
        """Let the worker take ``n`` more check steps."""
        self.gate.release(n)

    def translate_steps(self, text, cfg=None):
        gen = self._engine.translate_steps(text, cfg)
        while True:
            try:
                step = next(gen)
            except StopIteration as stop:
                return stop.value
            if hasattr(step, "provisional"):
                if not self.free and not self.gate.acquire(timeout=20):
                    raise TimeoutError("the test never allowed this step")
                self.checks += 1
            yield step


@pytest.fixture
def gated_engine(tiny_path, tmp_path):
    """Factory: a ``CheckGate`` around a tiny engine with the "opposite direction" attached (the model
    reverses, so it is its own inverse) that scores ``rows`` hypotheses per chunk of the check."""
    gates = []

    def make(rows: int = 1) -> CheckGate:
        from seq2seq_desktop.core.engine import Engine
        from seq2seq_desktop.core.package import load_package, save_package

        spm = (Path(tiny_path) / "source.spm").read_bytes()
        mirror = save_package(tmp_path / "mirror", load_package(tiny_path).model, task="translate",
                              source_lang="digits-reversed", target_lang="digits", source_spm=spm, target_spm=spm,
                              name="mirror", card="# mirror\n")
        engine = Engine.load(tiny_path, num_threads=1)
        assert engine.attach_reverse(mirror)
        engine.rerank_rows = rows
        gates.append(CheckGate(engine))
        return gates[-1]

    yield make
    for gate in gates:
        gate.free = True
        gate.allow(10_000)  # never leave a worker blocked
