"""``seq2seq train``: train the bundled models from ``configs/*.json`` (see core/pipeline.py).

    seq2seq train run configs/en-ja.json [--resume] [--minutes 110] [--threads 1] [--cooldown-steps 600]
    seq2seq train export configs/en-ja.json     # score on the benchmark, write the model card

Needs the corpora in ``../shared/data`` (or ``--data`` / ``SEQ2SEQ_DATA``) and, for chat, the
``train`` extra (``pip install -e .[train]``).  Works under ``torchrun`` for several GPUs.
"""
from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from seq2seq_desktop.paths import app_root

__all__ = ["register"]

logger = logging.getLogger(__name__)
ROOT = app_root()


def register(subparsers) -> None:
    """Add the ``train`` subcommand."""
    p = subparsers.add_parser("train", help="train a bundled model from a run config (needs the corpora)")
    sub = p.add_subparsers(dest="train_cmd", required=True)
    for name, help_ in (("run", "train (or resume) a run; writes models/NAME whenever dev improves"),
                        ("export", "score the run's best model on the benchmark and write its final package + card")):
        q = sub.add_parser(name, help=help_)
        q.add_argument("config", type=Path, help="run config, e.g. configs/en-ja.json")
        q.add_argument("--data", type=Path, default=None, help="corpus folder (default ../shared/data or $SEQ2SEQ_DATA)")
        q.add_argument("--work", type=Path, default=ROOT / "runs", help="checkpoints, logs, SentencePiece cache")
        q.add_argument("--out", type=Path, default=None, help="package folder (default models/NAME)")
        q.add_argument("--device", default=None, help="cpu, cuda, cuda:1 (default: CUDA if available)")
        q.add_argument("--threads", type=int, default=None, help="CPU threads for torch")
        if name == "run":
            q.add_argument("--resume", action="store_true", help="continue from the run's last checkpoint")
            q.add_argument("--minutes", type=float, default=None, help="stop after this much wall time")
            q.add_argument("--cooldown-steps", type=int, default=None, metavar="N",
                           help="finish the run with N more updates, learning rate falling linearly to zero")
            q.add_argument("--init-from", type=Path, default=None,
                           help="start from this package's weights (when the run's checkpoints are gone)")
        else:
            q.add_argument("--beam", type=int, default=5)
            q.add_argument("--final-weights", action="store_true",
                           help="ship the run's last checkpoint instead of its best dev checkpoint")
            q.add_argument("--note", default="", help="a sentence for the card's Training section "
                           "(e.g. how the machine was shared during training)")
            q.add_argument("--judged", default="", metavar="TEXT",
                           help="a chatbot's judging result for the card's Sample outputs section (how the "
                                "blind prompts' tries were read, and how many passed)")
    p.set_defaults(handler=_handle)


def _bench(package_dir: Path) -> dict:
    """``seq2seq bench`` defaults on the freshly written package (2 threads, as the model card says)."""
    from seq2seq_desktop.core.engine import Engine
    from seq2seq_desktop.core.package import sibling_reverse_dir

    from .bench import default_bench_file, natural_lines, run_bench

    engine = Engine.load(package_dir, device="cpu", num_threads=2, keep_fp32=False)  # loaded as the CLI loads
    reverse_dir = sibling_reverse_dir(package_dir, engine.info.source_lang, engine.info.target_lang)
    if reverse_dir is not None:  # as export scores with
        engine.attach_reverse(reverse_dir)
    sentences = natural_lines(default_bench_file(engine.info.source_lang), engine.info.source_lang)
    return run_bench(engine, sentences, beams=[1, 5, 10], batch_size=64, latency_n=50)


def _handle(args: argparse.Namespace) -> int:
    import torch
    from tqdm import tqdm

    from seq2seq_desktop.recipes.pipeline import export_run, load_run_config, prepare_run, train_run

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
    if args.threads:
        torch.set_num_threads(args.threads)
    cfg = load_run_config(args.config)
    out = args.out or ROOT / "models" / cfg.name
    prep = prepare_run(cfg, args.work, args.data, init_from=getattr(args, "init_from", None))
    if args.train_cmd == "export":
        report = export_run(prep, args.work, out, device=args.device, beam=args.beam, data_dir=args.data,
                            bench_fn=_bench if cfg.task == "translate" else None, note=args.note,
                            final_weights=args.final_weights, judged=args.judged)
        print(report)
        return 0
    gen = train_run(prep, args.work, out, resume=args.resume, device=args.device, minutes=args.minutes,
                    init_from=args.init_from, cooldown_steps=args.cooldown_steps)
    bar = tqdm(total=None, unit="step", dynamic_ncols=True, file=sys.stderr, mininterval=5)
    while True:
        try:
            p = next(gen)
        except StopIteration as stop:
            result = stop.value
            break
        if bar.total != p.total_steps:
            bar.total = p.total_steps
        bar.n = p.step
        if p.event == "eval":
            tqdm.write(f"step {p.step} epoch {p.epoch} loss {p.loss:.3f} dev_loss {p.dev_loss} "
                       f"dev_bleu {p.dev_bleu} elapsed {p.elapsed / 60:.1f} min", file=sys.stderr)
        bar.set_postfix(loss=f"{p.loss:.3f}", lr=f"{p.lr:.2e}", tok_s=f"{p.tokens_per_s:.0f}", refresh=False)
        bar.update(0)
    bar.close()
    print(f"stopped ({result.stopped}) after {result.steps} steps, {result.epochs} epochs, "
          f"{result.elapsed / 60:.1f} min; best dev BLEU {result.best_dev_bleu}, best dev loss {result.best_dev_loss}")
    return 0
