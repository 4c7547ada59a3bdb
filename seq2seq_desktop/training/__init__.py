"""Training: the trainer loop, batching, the learning-rate schedule, checkpoints, fine-tuning on a
user's pairs and pair-file parsing.

Used by the fine-tune dialog, ``seq2seq finetune`` and the recipes; it builds on ``core`` and never
imports Qt.  Import the submodules directly (``from seq2seq_desktop.training.finetune import fine_tune``).
"""
