"""``seq2seq spans``: measure how faithfully a translator carries protected spans and glossary terms.

    seq2seq spans --model en-ja resources/eval/spans-en.tsv            # sentence<TAB>span<TAB>span...
    seq2seq spans --model en-ja --glossary resources/eval/glossary-en-ja.tsv \\
        resources/eval/glossary-sentences-en.txt                     # one sentence per line

A span survives when it appears in the translation (digits may change their surroundings:
``6:30`` -> ``6時30分``; see ``core.metrics.span_kept``).  With ``--glossary`` the sentences are
translated with that glossary and each occurrence of a term counts as kept when the term's target
(or the term itself, for a keep-as-is entry) is in the translation.  ``--show N`` prints N failures.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ._common import add_decode_args, add_model_args, decode_config, load_engine, read_lines, utf8_stdout

__all__ = ["register"]


def register(subparsers) -> None:
    """Add the ``spans`` subcommand."""
    p = subparsers.add_parser("spans", help="measure span preservation / glossary enforcement on a file",
                              description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("file", type=Path, help="span TSV (sentence<TAB>span...) or, with --glossary, sentences")
    add_model_args(p)
    add_decode_args(p, reverse=True)
    p.add_argument("--glossary", type=Path, default=None, metavar="FILE", help="glossary TSV to enforce and check")
    p.add_argument("--show", type=int, default=0, metavar="N", help="print up to N failures")
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    p.set_defaults(handler=_handle)


def _handle(args: argparse.Namespace) -> int:
    from seq2seq_desktop.core.errors import DataError
    from seq2seq_desktop.core.metrics import faithfulness, glossary_cases, parse_span_cases

    lines = [ln for ln in read_lines(args.file) if ln.strip()]
    if not lines:
        raise DataError(f"{args.file} has no lines")
    glossary = None
    if args.glossary is not None:
        from seq2seq_desktop.core.glossary import load_glossary

        glossary = load_glossary(args.glossary)
        cases = glossary_cases(lines, glossary)
    else:
        cases = parse_span_cases("\n".join(lines), args.file.name)
    engine = load_engine(args, task="translate")
    results = engine.translate([s for s, _ in cases], decode_config(args), glossary=glossary)
    score = faithfulness(cases, [tt.text for tt in results])
    figures = {"model": engine.info.name, "file": str(args.file), "spans": score.total, "kept": score.kept,
               "kept_percent": score.kept_percent, "sentences": score.sentences,
               "sentences_all_kept": score.sentences_all_kept,
               "protection": engine.protects_spans, "glossary": str(args.glossary) if args.glossary else None}
    utf8_stdout()
    if args.json:
        print(json.dumps(figures, ensure_ascii=False))
    else:
        what = "glossary terms" if glossary is not None else "spans"
        print(f"{engine.info.name}: {score.kept} of {score.total} {what} kept ({score.kept_percent} %); "
              f"{score.sentences_all_kept} of {score.sentences} sentences with all kept")
    for source, span, out in score.failures[: args.show]:
        print(f"  lost {span!r}: {source}  ->  {out}", file=sys.stdout)
    return 0
