"""gui.loading: the model-loading generator, run synchronously (the window test runs it threaded)."""
import pytest

from seq2seq_desktop.core.errors import ModelLoadError
from seq2seq_desktop.gui import loading


def test_load_engines_synchronously():
    def loader(src):
        if src == "bad":
            raise ModelLoadError("no such package")
        return f"engine:{src}"

    gen = loading.load_engines(loader, [("en-ja", "good"), ("ja-en", "bad")])
    results = []
    with pytest.raises(StopIteration) as stop:
        while True:
            results.append(next(gen))
    assert stop.value.value == 1
    assert [(r.role, r.engine is not None, r.error is not None) for r in results] == \
        [("en-ja", False, False), ("en-ja", True, False), ("ja-en", False, False), ("ja-en", False, True)]


def test_default_loader_refuses_a_reverse_chat_model(monkeypatch):
    class Info:
        task, path = "chat-reverse", "models/chat-en-reverse"

    class FakeEngine:
        info = Info()

        @classmethod
        def load(cls, path, num_threads):
            assert num_threads >= 1
            return cls()

    monkeypatch.setattr("seq2seq_desktop.core.engine.Engine", FakeEngine)
    with pytest.raises(ModelLoadError, match="reverse chat model"):
        loading.default_engine_loader("chat-en-reverse")


def test_a_failed_model_with_a_fallback_loads_the_fallback():
    def loader(src):
        if src.startswith("/gone"):
            raise ModelLoadError(f"model package {src} does not exist")
        return f"engine:{src}"

    gen = loading.load_engines(loader, [("en-ja", "/gone/mine"), ("ja-en", "/gone/other")],
                               fallbacks={"en-ja": "en-ja", "ja-en": "/gone/too"})
    results = []
    with pytest.raises(StopIteration) as stop:
        while True:
            results.append(next(gen))
    assert stop.value.value == 1
    assert [(r.role, r.source, r.engine, r.error is not None, r.replaced) for r in results] == [
        ("en-ja", "/gone/mine", None, False, None),
        ("en-ja", "en-ja", None, False, "/gone/mine"),  # loading the bundled one now
        ("en-ja", "en-ja", "engine:en-ja", False, "/gone/mine"),
        ("ja-en", "/gone/other", None, False, None),
        ("ja-en", "/gone/too", None, False, "/gone/other"),
        ("ja-en", "/gone/other", None, True, None),  # the fallback failed too: the first failure is reported
    ]
    assert "/gone/mine" in str(results[2].replaced_error)
