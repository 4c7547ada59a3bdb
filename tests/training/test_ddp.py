"""The trainer's scale-out path: two CPU processes under ``torchrun`` (DDP, gloo) train as one."""
import subprocess
import sys
from pathlib import Path

import torch


def test_two_ranks_end_with_identical_weights_and_the_loss_falls(tmp_path):
    worker = Path(__file__).resolve().parents[1] / "support" / "ddp_worker.py"
    run = subprocess.run([sys.executable, "-m", "torch.distributed.run", "--standalone", "--nproc_per_node=2",
                          str(worker), str(tmp_path)], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    ranks = [torch.load(tmp_path / f"rank{r}.pt", weights_only=True) for r in (0, 1)]
    assert [r["world"] for r in ranks] == [2, 2]
    a, b = (r["state"] for r in ranks)
    assert a.keys() == b.keys()
    assert all(torch.equal(a[k], b[k]) for k in a)  # gradients were averaged: one model, two processes
    for r in ranks:
        losses = r["losses"]
        assert len(losses) >= 50
        assert sum(losses[-10:]) / 10 < 0.7 * sum(losses[:10]) / 10
    assert ranks[0]["losses"] != ranks[1]["losses"]  # each rank trained on its own batches
