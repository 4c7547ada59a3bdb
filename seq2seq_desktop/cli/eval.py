"""``seq2seq eval``: translate a source file and score it against references.

    seq2seq eval --src test.en --ref test.ja --model en-ja --beam 5

Prints corpus BLEU and chrF with their sacrebleu signatures.  BLEU uses the ``ja-mecab``
tokenizer when the model's target language is Japanese and ``13a`` otherwise.
"""
from __future__ import annotations

import argparse
import json
import logging
import time
from pathlib import Path

from ._common import add_decode_args, add_model_args, decode_config, load_engine, read_lines

__all__ = ["register"]

logger = logging.getLogger(__name__)


def register(subparsers) -> None:
    """Add the ``eval`` subcommand."""
    p = subparsers.add_parser("eval", help="BLEU and chrF of a model on a source/reference file pair",
                              description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--src", type=Path, required=True, help="source sentences, one per line")
    p.add_argument("--ref", type=Path, required=True, help="reference translations, one per line")
    add_model_args(p)
    add_decode_args(p, reverse=True)
    p.add_argument("--lowercase", action="store_true", help="case-insensitive BLEU/chrF")
    p.add_argument("--batch-size", type=int, default=64, help="sentences per decoder batch (default 64)")
    p.add_argument("--limit", type=int, default=None, help="score only the first N lines")
    p.add_argument("--hyp-out", type=Path, default=None, help="also write the translations to this file")
    p.add_argument("--json", action="store_true", help="print the scores as JSON")
    p.set_defaults(handler=_handle)


def _handle(args: argparse.Namespace) -> int:
    from seq2seq_desktop.core.errors import DataError
    from seq2seq_desktop.core.metrics import corpus_scores

    src, ref = read_lines(args.src), read_lines(args.ref)
    if len(src) != len(ref):
        raise DataError(f"{args.src} has {len(src)} lines but {args.ref} has {len(ref)}")
    if args.limit is not None:
        src, ref = src[: args.limit], ref[: args.limit]
    if not src:
        raise DataError(f"{args.src} is empty")
    cfg = decode_config(args, n_best=1)
    engine = load_engine(args, task="translate")
    t0 = time.perf_counter()
    hyps = [t.text.replace("\n", " ") for t in engine.translate(src, cfg, batch_size=args.batch_size)]
    elapsed = time.perf_counter() - t0
    if args.hyp_out:
        args.hyp_out.write_text("\n".join(hyps) + "\n", encoding="utf-8")
    scores = corpus_scores(hyps, ref, engine.info.target_lang, lowercase=args.lowercase)
    if args.json:
        print(json.dumps({**scores.as_dict(), "model": engine.info.name, "beam": cfg.beam_width,
                          "seconds": round(elapsed, 2)}, ensure_ascii=False))
    else:
        print(f"model  {engine.info.name} ({engine.info.direction}), beam {cfg.beam_width}, "
              f"{scores.n} sentences in {elapsed:.1f}s")
        print(f"BLEU   {scores.bleu:6.2f}   {scores.bleu_signature}")
        print(f"chrF   {scores.chrf:6.2f}   {scores.chrf_signature}")
    return 0
