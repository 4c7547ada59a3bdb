"""One rank of the two-process DDP check (``tests/training/test_ddp.py``), started by ``torchrun``.

Trains the tiny digit-reversal model with the project's trainer, which sees ``WORLD_SIZE`` /
``RANK`` from ``torchrun`` and wraps the model in DistributedDataParallel (gloo on CPU).  Each rank
writes its final weights and its batch losses to ``OUT/rank<R>.pt``.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/, for the support package


def main(out: Path) -> None:
    from seq2seq_desktop.core.config import ModelConfig, TrainConfig
    from seq2seq_desktop.core.tokenizer import Tokenizer, train_sentencepiece
    from seq2seq_desktop.training.trainer import train_model
    from support.tiny_task import DIGITS, make_pairs

    torch.set_num_threads(1)
    spm = train_sentencepiece([" ".join(DIGITS)] * 20 + [p[0] for p in make_pairs(200, 1)],
                              vocab_size=16, model_type="word", character_coverage=1.0)
    tok = Tokenizer(spm)
    mc = ModelConfig(src_vocab_size=tok.vocab_size, tgt_vocab_size=tok.vocab_size, emb_dim=16, enc_hidden=16,
                     dec_hidden=32, attention="luong_general", dropout=0.0)
    tc = TrainConfig(lr=1e-2, warmup_steps=10, max_steps=60, tokens_per_batch=300, label_smoothing=0.0,
                     eval_every_steps=10**9, checkpoint_every_minutes=0, seed=0)
    gen = train_model(mc, tc, make_pairs(2000, 2), [], tok, tok, device="cpu")
    losses = []
    while True:
        try:
            p = next(gen)
        except StopIteration as stop:
            result = stop.value
            break
        if p.event == "step" and p.batch_loss is not None:
            losses.append(float(p.batch_loss))
    rank = int(os.environ["RANK"])
    torch.save({"state": result.model.state_dict(), "losses": losses, "world": int(os.environ["WORLD_SIZE"])},
               out / f"rank{rank}.pt")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
