"""``seq2seq translate``: translate text arguments, or stdin one segment per line.

    seq2seq translate "Good morning." "How are you?"
    seq2seq translate --model en-ja --beam 5 < input.txt > output.txt
    seq2seq translate --json "I like tea."      # tokens, scores, attention per sentence

Every input segment (argument or stdin line) gives exactly one output line, in order, even when
the segment holds several sentences (their translations share the line) or is empty (an empty
line).  With ``--json`` each output line is one JSON object (JSON Lines).  Empty stdin is an
error (exit 2), so a forgotten redirect does not silently produce nothing.
"""
from __future__ import annotations

import argparse
import json
import logging
import sys

from ._common import add_decode_args, add_model_args, decode_config, load_engine, read_lines, utf8_stdout

__all__ = ["register", "translation_to_json"]

logger = logging.getLogger(__name__)


def register(subparsers) -> None:
    """Add the ``translate`` subcommand."""
    p = subparsers.add_parser("translate", help="translate text (arguments or stdin, one segment per line)",
                              description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("text", nargs="*", help="segments to translate (default: read stdin)")
    add_model_args(p)
    add_decode_args(p, reverse=True)
    p.add_argument("--batch-size", type=int, default=64, help="sentences per decoder batch (default 64)")
    p.add_argument("--json", action="store_true", help="JSON Lines output with tokens, scores, attention")
    p.set_defaults(handler=_handle)


def translation_to_json(tt) -> dict:
    """Plain-JSON form of a TextTranslation (attention as nested lists, rounded)."""
    return {
        "source": tt.source,
        "text": tt.text,
        "sentences": [{
            "source": s.source,
            "text": s.text,
            "source_tokens": s.source_tokens,
            "target_tokens": s.target_tokens,
            "score": round(s.score, 4),
            "token_probs": [round(p, 4) for p in s.token_probs],
            "attention": [[round(float(x), 4) for x in row] for row in s.attention],
            "nbest": [{"text": a.text, "score": round(a.score, 4), "norm_score": round(a.norm_score, 4)}
                      for a in s.nbest],
        } for s in tt.sentences],
    }


def _handle(args: argparse.Namespace) -> int:
    from seq2seq_desktop.core.errors import ConfigError

    segments = list(args.text) if args.text else read_lines(None)
    if not segments:
        raise ConfigError("no input: give text arguments or pipe lines on stdin")
    # a segment is one output line, so line breaks inside an argument are folded
    segments = [" ".join(s.split()) for s in segments]
    cfg = decode_config(args)
    engine = load_engine(args, task="translate")
    results = engine.translate(segments, cfg, batch_size=args.batch_size)
    utf8_stdout()
    out = sys.stdout
    for tt in results:
        if args.json:
            out.write(json.dumps(translation_to_json(tt), ensure_ascii=False) + "\n")
        else:
            out.write(tt.text.replace("\n", " ") + "\n")
    out.flush()
    return 0
