"""The one place that picks the torch device and caps torch's CPU threads.

Inference (``Engine.load``), fine-tuning and the training recipes all go through ``pick_device``,
so an unknown device name fails the same way everywhere: a ``ConfigError`` that lists the valid
choices, which the CLI and the GUI show as one line.
"""
from __future__ import annotations

import logging
import os
import platform

import torch

from .errors import ConfigError

__all__ = ["pick_device", "default_threads", "set_threads", "cpu_model_name", "describe_hardware", "glibc",
           "release_free_memory"]

logger = logging.getLogger(__name__)


def pick_device(device: str | None = None) -> str:
    """``device`` checked, or ``"cuda:0"`` when CUDA is available, else ``"cpu"``.

    Raises
    ------
    ConfigError
        The name is not a torch device, or names one this build cannot use.
    """
    if device is None or device == "auto":
        return "cuda:0" if torch.cuda.is_available() else "cpu"
    try:
        dev = torch.device(device)
    except (RuntimeError, TypeError) as exc:
        raise ConfigError.format("device={device!r} is not valid; use 'cpu', 'cuda' or 'cuda:N'", device=device) from exc
    if dev.type == "cuda":
        if not torch.cuda.is_available():
            raise ConfigError.format("device={device!r} requested but CUDA is not available; use 'cpu'", device=device)
        return f"cuda:{dev.index or 0}"
    if dev.type != "cpu":
        raise ConfigError.format("device={device!r} is not supported; use 'cpu' or 'cuda'", device=device)
    return "cpu"


def default_threads(keep_free: int = 0) -> int:
    """All cores minus ``keep_free`` (at least one): the GUI keeps one core for the UI thread."""
    return max(1, (os.cpu_count() or 1) - keep_free)


def set_threads(num_threads: int) -> int:
    """Cap torch's intra-op threads (process-wide) and return the cap.

    Raises
    ------
    ConfigError
        ``num_threads`` is below 1.
    """
    if num_threads < 1:
        raise ConfigError.format("num_threads={num_threads} must be at least 1", num_threads=num_threads)
    torch.set_num_threads(num_threads)
    return num_threads


def cpu_model_name() -> str:
    """The CPU's model name from /proc/cpuinfo (``platform.processor()`` elsewhere)."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "CPU"


def describe_hardware(device) -> str:
    """'2 thread(s) on (CPU model name)' or the GPU name."""
    dev = torch.device(device)
    if dev.type == "cuda":
        return torch.cuda.get_device_name(dev)
    return f"{torch.get_num_threads()} thread(s) on {cpu_model_name()}"


def glibc():
    """glibc as a ``ctypes.CDLL`` (looked up once), or None where there is none (macOS, Windows,
    musl): what ``release_free_memory`` and ``core.overlap.share_malloc_arena`` call into."""
    import ctypes
    import ctypes.util

    global _LIBC
    if _LIBC is None:
        name = ctypes.util.find_library("c") if platform.system() == "Linux" else None
        try:
            _LIBC = ctypes.CDLL(name) if name else False
        except OSError:
            _LIBC = False
        if _LIBC is not False and not all(hasattr(_LIBC, f) for f in ("malloc_trim", "mallopt")):
            _LIBC = False
    return _LIBC or None


def release_free_memory() -> bool:
    """Hand the C heap's free pages back to the operating system (glibc ``malloc_trim``); False where
    there is no glibc (macOS, Windows, musl), where it is a no-op.

    Loading a package allocates its weights two or three times over (stored dtype, fp32, the model's
    own parameters, the int8 copy); glibc keeps the freed blocks, so without this an app with both
    translators loaded holds about 45 MB it no longer uses.  Called after a load, not during
    decoding: trimming there made the next batches fault their pages back in.
    """
    libc = glibc()
    if libc is None:
        return False
    libc.malloc_trim(0)
    return True


_LIBC = None  # ctypes handle of glibc once looked up; False where there is none
