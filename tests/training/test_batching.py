"""Batching: length-bucketed batches stay inside the token budget; collate pads and adds BOS / EOS."""
import random

import torch

from seq2seq_desktop.core.tokenizer import BOS_ID, EOS_ID, PAD_ID
from seq2seq_desktop.training.batching import collate, make_batches


def test_batches_cover_every_example_once_within_the_budget():
    rng = random.Random(0)
    examples = [([5] * rng.randint(1, 9), [6] * rng.randint(1, 9)) for _ in range(200)]
    batches = make_batches(examples, tokens_per_batch=40, max_sentences=8, rng=random.Random(1))
    assert sorted(i for b in batches for i in b) == list(range(200))
    for b in batches:
        assert len(b) <= 8
        assert len(b) == 1 or max(len(examples[i][1]) + 1 for i in b) * len(b) <= 40


def test_collate_shapes_and_special_tokens():
    src, lens, tin, tout = collate([([7, 8, 9], [4]), ([7], [4, 5, 6])], torch.device("cpu"))
    assert src.shape == (2, 4) and tin.shape == (2, 4) and tout.shape == (2, 4)
    assert lens.tolist() == [4, 2]
    assert src[1].tolist() == [7, EOS_ID, PAD_ID, PAD_ID]
    assert tin[0].tolist() == [BOS_ID, 4, PAD_ID, PAD_ID] and tout[1].tolist() == [4, 5, 6, EOS_ID]
