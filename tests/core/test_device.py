"""core.device: one device picker and thread cap for inference, fine-tuning and training."""
import pytest
import torch

from seq2seq_desktop.core.device import default_threads, pick_device, set_threads
from seq2seq_desktop.core.errors import ConfigError


def test_pick_device_checks_the_name():
    assert pick_device("cpu") == "cpu"
    assert pick_device(None) == pick_device("auto") == ("cuda:0" if torch.cuda.is_available() else "cpu")
    for bad in ("tpu", "banana", "meta"):
        with pytest.raises(ConfigError, match="cpu"):
            pick_device(bad)
    if not torch.cuda.is_available():
        with pytest.raises(ConfigError, match="CUDA is not available"):
            pick_device("cuda")


def test_training_rejects_an_unknown_device_with_a_config_error(tiny_bundle):
    from seq2seq_desktop.training.finetune import FineTuneConfig, fine_tune
    from seq2seq_desktop.training.trainer import run_to_end

    pairs = [(f"{i} {i + 1}", f"{i + 1} {i}") for i in range(8)]
    with pytest.raises(ConfigError, match="tpu"):
        run_to_end(fine_tune(tiny_bundle, pairs, FineTuneConfig(device="tpu", epochs=1)))


def test_thread_cap(monkeypatch):
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    assert default_threads() == 2 and default_threads(keep_free=1) == 1
    monkeypatch.setattr("os.cpu_count", lambda: 1)
    assert default_threads(keep_free=1) == 1
    before = torch.get_num_threads()
    try:
        assert set_threads(1) == 1 and torch.get_num_threads() == 1
        with pytest.raises(ConfigError):
            set_threads(0)
    finally:
        torch.set_num_threads(before)


def test_release_free_memory_trims_the_glibc_heap_where_there_is_one(monkeypatch):
    import platform

    from seq2seq_desktop.core import device

    if platform.system() == "Linux" and platform.libc_ver()[0] == "glibc":
        assert device.release_free_memory() is True
    monkeypatch.setattr(device, "_LIBC", False)  # no malloc_trim (macOS, Windows, musl): nothing to do
    assert device.release_free_memory() is False
