"""``seq2seq finetune``: teach a model your own sentence pairs and save it as a user model.

    seq2seq finetune my-terms.tsv --base en-ja --name en-ja-my-terms
    seq2seq finetune pairs.csv --base ja-en --name ja-en-product --direction en-ja --epochs 5

PAIRS is a TSV, CSV or JSON Lines file (UTF-8, with or without BOM; an optional header row).
``--direction`` says which language each column holds (default: the base model's direction);
when it is the reverse of the model's, the columns are swapped.  Lines with problems are
listed (line number and reason) and skipped, or refused with ``--strict``.  A held-out share of
the pairs is translated before and after, and the report shows BLEU / chrF and examples.  The
new model is saved under the user models folder (see ``seq2seq models``) and can then be chosen
by name anywhere a model is chosen (``--model NAME``).

Before training starts, the name is reserved (a second fine-tune of the same name is refused) and
the user models folder is checked: it must be writable and have room for a package of about the
base model's size.  If saving still fails after training (e.g. the disk filled up meanwhile), the
trained model is written to the current folder (else the temp folder) instead, and the one-line
error says where; the exit status is 2.
"""
from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

__all__ = ["register", "print_problems"]

logger = logging.getLogger(__name__)

#: problems listed before "... and N more"
SHOW_PROBLEMS = 20


def register(subparsers) -> None:
    """Add the ``finetune`` subcommand."""
    p = subparsers.add_parser("finetune", help="fine-tune a model on your own sentence pairs",
                              description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("pairs", type=Path, metavar="PAIRS", help="TSV, CSV or JSON Lines file of sentence pairs")
    p.add_argument("--base", "--model", "-m", dest="base", required=True,
                   help="model to start from: package path or name (see `seq2seq models`)")
    p.add_argument("--name", required=True, help="name of the new user model")
    p.add_argument("--direction", default=None, metavar="SRC-TGT",
                   help="languages of the two columns, e.g. en-ja or ja-en (default: the base model's)")
    p.add_argument("--format", choices=("tsv", "csv", "jsonl"), default=None,
                   help="file format (default: from the extension, else guessed)")
    p.add_argument("--epochs", type=int, default=0, help="passes over the pairs (default 0 = automatic)")
    p.add_argument("--lr", type=float, default=1e-3, help="peak learning rate (default 1e-3)")
    p.add_argument("--batch-size", type=int, default=32, help="pairs per update (default 32)")
    p.add_argument("--val-split", type=float, default=0.1,
                   help="share of pairs held out for the before/after report (default 0.1, at least 2)")
    p.add_argument("--freeze-encoder", action="store_true", help="train only the decoder side")
    p.add_argument("--keep-best", action="store_true",
                   help="keep the epoch with the lowest validation loss instead of the last")
    p.add_argument("--replay", type=Path, default=None, metavar="FILE",
                   help="pairs like the original training data (model direction) to mix in against forgetting")
    p.add_argument("--replay-fraction", type=float, default=0.5,
                   help="replay pairs per new pair when --replay is given (default 0.5)")
    p.add_argument("--max-minutes", type=float, default=0.0, help="stop training after this long (0 = no limit)")
    p.add_argument("--test-sentence", default="", help="re-translate this sentence after every epoch")
    p.add_argument("--eval-beam", type=int, default=1, help="beam width of the before/after translations")
    p.add_argument("--strict", action="store_true", help="refuse the file if any line has a problem")
    p.add_argument("--overwrite", action="store_true", help="replace a user model of the same name")
    p.add_argument("--seed", type=int, default=1, help="seed of the split and the batch order")
    p.add_argument("--device", default=None, help="cpu, cuda or cuda:N (default: CUDA if available)")
    p.add_argument("--threads", type=int, default=None, help="CPU threads for torch (default: torch's)")
    p.set_defaults(handler=_handle)


def print_problems(problems, file=None, limit: int = SHOW_PROBLEMS) -> None:
    """List problems as ``line N: reason``, at most ``limit`` of them."""
    file = file or sys.stderr
    for p in problems[:limit]:
        print(f"  {p}", file=file)
    if len(problems) > limit:
        print(f"  ... and {len(problems) - limit} more", file=file)


def _handle(args: argparse.Namespace) -> int:
    from seq2seq_desktop.core.store import (
        StorageError,
        check_model_name,
        needed_bytes_for,
        reserve_name,
        resolve_model,
    )
    from seq2seq_desktop.paths import HOME_ENV

    from ._common import utf8_stdout

    utf8_stdout()
    cfg = _config(args)
    name = check_model_name(args.name, allow_existing=args.overwrite)  # fail now, not after training
    base = resolve_model(args.base)
    try:
        reservation = reserve_name(name, overwrite=args.overwrite, needed_bytes=needed_bytes_for(base))
    except StorageError as exc:  # the command line has no folder dialog: say how to choose one
        raise StorageError(f"{exc} (to use another folder, set {HOME_ENV} to it)") from None
    try:
        return _fine_tune_and_save(args, cfg, base, name, reservation)
    finally:
        reservation.release()


def _config(args: argparse.Namespace):
    from seq2seq_desktop.training.finetune import FineTuneConfig

    cfg = FineTuneConfig(epochs=args.epochs, lr=args.lr, batch_size=args.batch_size, val_split=args.val_split,
                         freeze_encoder=args.freeze_encoder, keep_best=args.keep_best,
                         replay_fraction=args.replay_fraction, max_minutes=args.max_minutes,
                         direction=args.direction, test_sentence=args.test_sentence, eval_beam=args.eval_beam,
                         seed=args.seed, device=args.device)
    cfg.validate()
    return cfg


def _fine_tune_and_save(args: argparse.Namespace, cfg, base, name: str, reservation) -> int:
    from seq2seq_desktop.core.errors import ConfigError, DataError, Seq2SeqError
    from seq2seq_desktop.training.pairs import parse_pairs_file

    parsed = parse_pairs_file(args.pairs, fmt=args.format)
    print(f"{args.pairs.name}: {parsed.summary()}", file=sys.stderr)
    if parsed.header:
        print(f"  header row skipped: {' | '.join(parsed.header)}", file=sys.stderr)
    if parsed.problems:
        print_problems(parsed.problems)
        if args.strict:
            raise DataError(f"{len(parsed.problems)} line(s) of {args.pairs.name} have problems (--strict)")
        print("  lines with problems are skipped", file=sys.stderr)
    if parsed.languages and args.direction is None:
        cfg = _with(cfg, direction="-".join(parsed.languages))
    replay = None
    if args.replay is not None:
        rp = parse_pairs_file(args.replay)
        replay = rp.as_tuples()
        print(f"replay {args.replay.name}: {rp.summary()}", file=sys.stderr)
    if not parsed.pairs:
        raise DataError(f"{args.pairs.name} has no usable pairs")
    if args.threads:
        import torch

        if args.threads < 1:
            raise ConfigError(f"--threads {args.threads} must be at least 1")
        torch.set_num_threads(args.threads)
    result = _run(base, parsed.as_tuples(), cfg, replay)
    from seq2seq_desktop.training.finetune import format_report, save_user_model

    print(format_report(result))
    try:
        path = save_user_model(result, name, overwrite=args.overwrite, reservation=reservation)
    except (Seq2SeqError, OSError) as exc:
        raise _rescue(result, name, exc) from None
    print(f"\nsaved user model {name!r} in {path}")
    print(f"use it with: seq2seq translate --model {name!r}" if " " in name else
          f"use it with: seq2seq translate --model {name}")
    return 0


def _rescue(result, name: str, exc: BaseException):
    """Save ``result`` where it can go (current folder, else the temp folder); the error to report, one line."""
    import tempfile

    from seq2seq_desktop.core.store import StorageError, describe_storage_error
    from seq2seq_desktop.training.finetune import save_user_model

    first = str(exc) if isinstance(exc, StorageError) or not isinstance(exc, OSError) else \
        describe_storage_error(exc, "the user models folder")
    last = None
    for folder in (Path.cwd(), Path(tempfile.gettempdir())):
        for n in range(1, 100):
            candidate = name if n == 1 else f"{name}-{n}"
            if not (folder / candidate).exists():
                break
        try:
            path = save_user_model(result, candidate, folder=folder)
        except Exception as again:  # any failure: try the next folder
            last = again
            continue
        logger.warning("saved the fine-tuned model in %s instead", path)
        quoted = f'"{path}"' if " " in str(path) else str(path)
        return StorageError(f"{first.rstrip('.')}. The trained model was kept in {path}: use it with "
                            f"--model {quoted}, or install it later with `seq2seq models import {quoted}`")
    return StorageError(f"{first.rstrip('.')}; the trained model could not be kept elsewhere either ({last})")


def _with(cfg, **changes):
    import dataclasses

    return dataclasses.replace(cfg, **changes)


def _run(base, pairs, cfg, replay):
    """Drive ``fine_tune`` with a tqdm bar; epoch lines show the losses and the test sentence."""
    from tqdm import tqdm

    from seq2seq_desktop.training.finetune import fine_tune

    gen = fine_tune(base, pairs, cfg, replay_pairs=replay)
    bar = tqdm(total=None, unit="step", dynamic_ncols=True, file=sys.stderr, mininterval=0.5, leave=True)
    try:
        while True:
            try:
                p = next(gen)
            except StopIteration as stop:
                return stop.value
            if p.event == "phase":
                bar.set_description_str(p.message[:60], refresh=False)
            if p.total_steps and bar.total != p.total_steps:
                bar.total = p.total_steps
            if p.event in ("step", "epoch"):
                bar.set_description_str("training", refresh=False)
                bar.n = p.step
                if p.loss is not None:
                    bar.set_postfix(loss=f"{p.loss:.3f}", epoch=f"{p.epoch:.1f}/{p.epochs}", refresh=False)
            if p.event == "epoch":
                val = f"{p.val_loss:.3f}" if p.val_loss is not None else "-"
                line = f"epoch {p.epoch:g}: loss {p.loss:.3f}, validation loss {val}"
                if cfg.test_sentence:
                    line += f"; test: {p.test_translation}"
                tqdm.write(line, file=sys.stderr)
            bar.update(0)
    finally:
        bar.close()
