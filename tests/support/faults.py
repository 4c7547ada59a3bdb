"""Faults the tests inject: a disk that fills up while a model package is being written."""
from __future__ import annotations

__all__ = ["fill_disk_under"]


def fill_disk_under(monkeypatch, folder) -> None:
    """Make ``safetensors.torch.save_file`` fail as on a full disk for any file under ``folder``
    (the exact error safetensors raises then), and work as usual elsewhere."""
    import safetensors.torch
    from safetensors import SafetensorError

    real = safetensors.torch.save_file

    def full(state, filename, *a, **k):
        if str(folder) in str(filename):
            raise SafetensorError('Error while serializing: IoError(Os { code: 28, kind: StorageFull, '
                                  'message: "No space left on device" })')
        return real(state, filename, *a, **k)

    monkeypatch.setattr(safetensors.torch, "save_file", full)
