"""``seq2seq explain``: show how the decoder built a translation, step by step.

    seq2seq explain "I love AI." --beam 3 --top 5
    seq2seq explain "I love AI." --sample --temperature 0.8 --top-p 0.9 --seed 7
    seq2seq explain "I love AI." --force "僕は"       # what if the translation began like this?
    echo "I love AI." | seq2seq explain - --json

Every decoder step prints the hypotheses going in (their pieces and log-probability score), the
likeliest next tokens of each with the model's probabilities (for sampling also after temperature
and after the top-k / top-p cut), where each hypothesis looked in the source (its attention row),
and the extensions the search weighed: kept (continuing as hypothesis N of the next step),
finished (ended with </s>) or pruned.  Then the finished hypotheses, ranked by
score / length**alpha.  This is the data the desktop app's decoding explorer shows; ``--json``
prints all of it as one JSON object.

Only the search is shown: the reverse-model check that ``seq2seq translate`` may apply afterwards
is left out, and sampling draws a single output (its seed is printed, so the run can be repeated).
A text of several sentences is explained for its first sentence.  In the pieces, ␣ is a piece
that is only the word-boundary mark, and <s> is the empty start of a hypothesis.
"""
from __future__ import annotations

import argparse
import json
import logging
import sys
import unicodedata

from ._common import add_model_args, decode_config, load_engine, utf8_stdout

__all__ = ["register", "format_trace"]

logger = logging.getLogger(__name__)

#: text width the plain-text trace wraps its token lists at
WIDTH = 100
#: sampling options that mean nothing without --sample
_SAMPLE_ONLY = ("temperature", "top_k", "top_p", "seed")
#: ``core.explain.DEFAULT_TOP`` / ``MAX_TOP``, repeated here so that ``seq2seq --help`` need not import torch
#: (a test keeps them equal)
DEFAULT_TOP, MAX_TOP = 10, 100


def register(subparsers) -> None:
    """Add the ``explain`` subcommand."""
    p = subparsers.add_parser("explain", help="show every decoder step of one translation (the decoding explorer)",
                              description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("text", help="the text to explain (its first sentence); - reads it from stdin")
    add_model_args(p)
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--beam", type=int, default=5, help="beam width, 1 = greedy (default 5)")
    mode.add_argument("--sample", action="store_true", help="sample the output instead of beam search")
    p.add_argument("--temperature", type=float, default=None, help="with --sample: temperature (default 1.0)")
    p.add_argument("--top-k", type=int, default=None, help="with --sample: draw from the k likeliest tokens (0 = all)")
    p.add_argument("--top-p", type=float, default=None, help="with --sample: nucleus mass (default 1.0 = off)")
    p.add_argument("--seed", type=int, default=None, help="with --sample: random seed (default: a new one, printed)")
    p.add_argument("--alpha", type=float, default=0.8, help="length normalisation exponent (default 0.8)")
    p.add_argument("--max-len-ratio", type=float, default=2.0, help="max output tokens per source token")
    p.add_argument("--no-repeat-ngram", type=int, default=0, help="forbid repeating n-grams of this size")
    p.add_argument("--top", type=int, default=DEFAULT_TOP, metavar="N",
                   help=f"next-token candidates shown per hypothesis (default {DEFAULT_TOP}, at most {MAX_TOP})")
    p.add_argument("--force", default=None, metavar="TEXT",
                   help="make the output begin with TEXT (in the target language) and decode on from there")
    p.add_argument("--json", action="store_true", help="print the whole trace as one JSON object")
    p.set_defaults(handler=_handle)


def _handle(args: argparse.Namespace) -> int:
    from seq2seq_desktop.core.engine import check_input_length
    from seq2seq_desktop.core.errors import ConfigError
    from seq2seq_desktop.core.explain import forced_prefix
    from seq2seq_desktop.core.generators import run_to_end
    from seq2seq_desktop.core.tokenizer import UNK_ID

    text = sys.stdin.read() if args.text == "-" else args.text
    text = text.strip()
    if not text:
        raise ConfigError("no input: give the text to explain, or - to read it from stdin")
    check_input_length(text)
    if not args.sample:
        given = [f"--{name.replace('_', '-')}" for name in _SAMPLE_ONLY if getattr(args, name) is not None]
        if given:
            raise ConfigError(f"{', '.join(given)} only apply with --sample")
    if not 1 <= args.top <= MAX_TOP:
        raise ConfigError(f"--top={args.top} must be between 1 and {MAX_TOP}")
    if args.force is not None and not args.force.strip():
        raise ConfigError("--force needs the text the output should begin with")
    cfg = decode_config(args)  # before loading the model: a bad option fails fast
    engine = load_engine(args, task="translate")
    prefix = ()
    if args.force is not None:
        prefix = forced_prefix(engine, text, args.force)
        if UNK_ID in prefix:
            print(f"seq2seq: warning: --force {args.force!r} has characters the {engine.info.name} vocabulary "
                  "lacks (forced as <unk>)", file=sys.stderr)
    trace = run_to_end(engine.explain_steps(text, cfg, top=args.top, prefix=prefix))
    if trace.other_sentences:
        more = f"{trace.other_sentences} more sentence{'s' if trace.other_sentences > 1 else ''}"
        print(f"seq2seq: note: the text has {more}; explaining only the first: {trace.source!r}", file=sys.stderr)
    if engine.wrong_script(trace.source):
        other = f"{engine.info.target_lang}-{engine.info.source_lang}"
        print(f"seq2seq: warning: the text looks like {engine.info.target_lang.upper()}, not "
              f"{engine.info.source_lang.upper()}; did you mean --model {other}?", file=sys.stderr)
    forced_steps = sum(s.forced for s in trace.steps)
    if prefix and not trace.passthrough and forced_steps < len(prefix):
        print(f"seq2seq: warning: the output length limit stopped the forced prefix after {forced_steps} of "
              f"{len(prefix)} tokens", file=sys.stderr)
    utf8_stdout()
    if args.json:
        sys.stdout.write(json.dumps({"model": engine.info.name, **trace.to_json()}, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write("\n".join(format_trace(trace, engine.info.name)) + "\n")
    sys.stdout.flush()
    return 0


# ------------------------------------------------------------------------------------ plain text
def _piece(p: str) -> str:
    """A piece as the trace prints it: the lone word-boundary mark as ␣, an empty one as ∅."""
    return "\u2423" if p == "\u2581" else p or "\u2205"


def _pieces(pieces) -> str:
    return " ".join(_piece(p) for p in pieces) if pieces else "<s>"


def _width(s: str) -> int:
    """Terminal columns of ``s`` (CJK characters take two)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 0 if unicodedata.combining(c) else 1 for c in s)


def _pad(s: str, n: int) -> str:
    return s + " " * max(0, n - _width(s))


def _wrap(label: str, items: list[str], indent: str) -> list[str]:
    """``label item  item  ...`` wrapped at WIDTH, continuation lines aligned under the first item."""
    lines, line, empty = [], indent + label, True
    hang = " " * _width(line)
    for item in items:
        if not empty and _width(line) + 2 + _width(item) > WIDTH:
            lines.append(line)
            line, empty = hang, True
        line += ("" if empty else "  ") + item
        empty = False
    lines.append(line)
    return lines


def _settings(trace) -> str:
    cfg = trace.cfg
    if trace.mode == "sample":
        cut = []
        if cfg.top_k:
            cut.append(f"top-k {cfg.top_k}")
        if cfg.top_p < 1.0:
            cut.append(f"top-p {cfg.top_p:g}")
        return (f"sampling, temperature {cfg.temperature:g}, {' and '.join(cut) or 'no top-k / top-p cut'}, "
                f"seed {cfg.seed}")
    if trace.mode == "greedy":
        return "greedy search"
    return f"beam search, width {cfg.beam_width}, alpha {cfg.alpha:g}"


def _row_lines(i: int, row, trace) -> list[str]:
    lines = [f"  hyp {i}  score {row.score:.3f}  {_pieces(row.pieces)}"]
    if row.sample_kept is not None:  # sampling: the model's distribution, tempered, and cut
        tempered = f"T={trace.cfg.temperature:g}"
        lines.append(f"    {_pad('next token', 14)}{'model':>8}{tempered:>8}{'cut':>8}")
        for c in row.choices:
            lines.append(f"    {_pad(_piece(c.piece), 14)}{c.prob:8.3f}{c.tempered:8.3f}{c.sampled:8.3f}")
        lines.append(f"    (the cut leaves {row.sample_kept} token{'s' if row.sample_kept != 1 else ''} "
                     "to draw from)")
    else:
        lines += _wrap("next: ", [f"{_piece(c.piece)} {c.prob:.3f}" for c in row.choices] or ["(none allowed)"],
                       "    ")
    src = trace.source_tokens
    lines += _wrap("attention: ", [f"{_piece(src[j]) if j < len(src) else j} {w:.2f}"
                                   for j, w in enumerate(row.attention_row)], "    ")
    return lines


def _candidate_line(c, pieces_width: int, after: str) -> str:
    line = (f"    {c.status:<9} hyp {c.row} + {_pad(_piece(c.piece), pieces_width)}  p {c.prob:.3f}  "
            f"score {c.score:8.3f}  norm {c.norm_score:8.3f}")
    return line + (f"  -> {after}" if c.status == "kept" else "")


def _after_last(step, c, cut: set[tuple[int, ...]]) -> str:
    """Where a candidate kept on the last step went: cut at the length limit, or dropped when the
    beam had enough finished hypotheses."""
    seq = tuple(step.rows[c.row].token_ids) + (c.token_id,)
    return "stopped at the length limit" if seq in cut else "dropped: the search had finished"


def format_trace(trace, model: str = "") -> list[str]:
    """The plain-text form of an ``ExplainTrace`` (what ``seq2seq explain`` prints), as lines."""
    head = f"{model}: " if model else ""
    lines = [f"{head}{_settings(trace)}; top {trace.top} next tokens per hypothesis",
             f"source: {trace.source}"]
    if trace.passthrough:
        return lines + ["nothing to translate: the text is shown as typed, never decoded"]
    lines.append(f"source tokens: {_pieces(trace.source_tokens)}")
    if trace.prefix:
        forced = [s.chosen.piece for s in trace.steps if s.forced and s.chosen is not None]
        lines.append(f"forced prefix: {_pieces(forced)} ({len(trace.prefix)} token{'s' if len(trace.prefix) != 1 else ''})")
    if not trace.steps:
        return lines + ["nothing was decoded"]
    cut = {tuple(h.token_ids) for h in trace.finished if not h.ended}
    for step in trace.steps:
        lines += ["", f"step {step.step}" + ("  (forced)" if step.forced else "")]
        for i, row in enumerate(step.rows):
            lines += _row_lines(i, row, trace)
        label = "extensions weighed (best score first):" if trace.mode == "beam" else "chosen:"
        lines.append(f"  {label}")
        width = max((_width(_piece(c.piece)) for c in step.candidates), default=0)
        last = step is trace.steps[-1]
        lines += [_candidate_line(c, width, _after_last(step, c, cut) if last else f"hyp {c.beam} next")
                  for c in step.candidates]
        lines.append(f"  best so far: {_pieces(step.best_pieces)}")
    alpha = trace.cfg.alpha
    ranked = trace.ranked()
    lines += ["", f"finished ({len(ranked)}), ranked by score / length^{alpha:g} (length counts </s>):"]
    for n, h in enumerate(ranked, 1):
        stopped = "" if h.ended else "  (stopped at the length limit)"
        lines.append(f"  {n:>2}. norm {h.norm_score(alpha):8.3f}  score {h.score:8.3f}  length {h.length:>3}  "
                     f"{h.text}{stopped}")
    return lines
