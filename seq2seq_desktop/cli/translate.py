"""``seq2seq translate``: translate text arguments, or stdin one segment per line.

    seq2seq translate "Good morning." "How are you?"
    seq2seq translate --model en-ja --beam 5 < input.txt > output.txt
    seq2seq translate --json "I like tea."      # tokens, scores, attention per sentence
    seq2seq translate --glossary terms.tsv "Send the invoice."   # source<TAB>target per line

Numbers, codes, URLs, e-mail addresses, names and emoji are carried over unchanged (the bundled
translators are trained to carry placeholders for them); a glossary's terms are translated the
way it says (an empty target keeps the term as typed).  A segment that looks written in the
target language gets a warning on stderr ("did you mean the other direction?").

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
from pathlib import Path

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
    p.add_argument("--glossary", type=Path, default=None, metavar="FILE",
                   help="terms to translate one fixed way: a UTF-8 TSV file, source<TAB>target per line "
                        "(empty target = keep the term as is)")
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
            "protected": [{"text": sp.text, "kind": sp.reason, "output": sp.target} for sp in s.spans],
            "repaired": [sp.text for sp in s.repaired],
            "passthrough": s.passthrough,
        } for s in tt.sentences],
        "wrong_script": tt.wrong_script,
    }


def _handle(args: argparse.Namespace) -> int:
    from seq2seq_desktop.core.errors import ConfigError

    segments = list(args.text) if args.text else read_lines(None)
    if not segments:
        raise ConfigError("no input: give text arguments or pipe lines on stdin")
    # a segment is one output line, so line breaks inside an argument are folded
    segments = [" ".join(s.split()) for s in segments]
    cfg = decode_config(args)
    glossary = None
    if args.glossary is not None:
        from seq2seq_desktop.core.glossary import load_glossary

        glossary = load_glossary(args.glossary)  # before loading the model: a bad file fails fast
    engine = load_engine(args, task="translate")
    if glossary is not None and not engine.protects_spans:
        raise ConfigError(f"{engine.info.name} cannot use a glossary (its vocabulary has no placeholder pieces)")
    results = engine.translate(segments, cfg, batch_size=args.batch_size, glossary=glossary)
    for number, tt in enumerate(results, 1):
        if tt.wrong_script:
            other = f"{engine.info.target_lang}-{engine.info.source_lang}"
            print(f"seq2seq: warning: segment {number} looks like {engine.info.target_lang.upper()} text, not "
                  f"{engine.info.source_lang.upper()}; did you mean --model {other}?", file=sys.stderr)
    utf8_stdout()
    out = sys.stdout
    for tt in results:
        if args.json:
            out.write(json.dumps(translation_to_json(tt), ensure_ascii=False) + "\n")
        else:
            out.write(tt.text.replace("\n", " ") + "\n")
    out.flush()
    return 0
