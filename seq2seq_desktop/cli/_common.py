"""Helpers shared by the subcommands: decoding options, model loading, input reading.

Imports nothing heavy at module level.
"""
from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

__all__ = ["add_model_args", "add_decode_args", "decode_config", "load_engine", "read_lines", "utf8_stdout"]

logger = logging.getLogger(__name__)


def add_model_args(p: argparse.ArgumentParser) -> None:
    """--model, --device, --threads, --precision, --full-vocabulary."""
    p.add_argument("--model", "-m", default=None, help="model package path or name (see `seq2seq models`); "
                   "default: the first installed model of the right task")
    p.add_argument("--device", default=None, help="cpu, cuda or cuda:N (default: CUDA if available)")
    p.add_argument("--threads", type=int, default=None, help="CPU threads for torch (default: all cores)")
    p.add_argument("--precision", choices=("auto", "fp32", "int8"), default="auto",
                   help="arithmetic of the search: int8 (faster on a CPU), fp32 (as trained); "
                        "default auto: int8 for translators on the CPU, else fp32")
    p.add_argument("--full-vocabulary", action="store_true",
                   help="score every target piece at each step, not only the model's vocabulary shortlist "
                        "(for packages that carry one; the bundled translators do not)")


def add_decode_args(p: argparse.ArgumentParser, beam: int = 5, reverse: bool = False) -> None:
    """Search options mapped onto DecodeConfig fields (``reverse``: translation's --reverse-weight)."""
    p.add_argument("--beam", type=int, default=beam, help=f"beam width, 1 = greedy (default {beam})")
    p.add_argument("--alpha", type=float, default=0.8, help="length normalisation exponent (default 0.8)")
    p.add_argument("--n-best", type=int, default=1, help="hypotheses to report per sentence (default 1)")
    p.add_argument("--max-len-ratio", type=float, default=2.0, help="max output tokens per source token")
    p.add_argument("--no-repeat-ngram", type=int, default=0, help="forbid repeating n-grams of this size")
    if reverse:
        from seq2seq_desktop.core.config import REVERSE_WEIGHT

        p.add_argument("--reverse-weight", type=float, default=REVERSE_WEIGHT, metavar="W",
                       help="rerank the beam by how well the opposite-direction model recovers the source "
                            f"(default {REVERSE_WEIGHT}; 0 = off; ignored when that model is not installed)")


def decode_config(args: argparse.Namespace, **overrides):
    """DecodeConfig from parsed options (validated, so bad values raise ConfigError)."""
    from seq2seq_desktop.core.config import DecodeConfig

    fields = {}
    for attr, name in (("beam", "beam_width"), ("alpha", "alpha"), ("n_best", "n_best"),
                       ("max_len_ratio", "max_len_ratio"), ("no_repeat_ngram", "no_repeat_ngram"),
                       ("sample", "sample"), ("temperature", "temperature"), ("top_k", "top_k"),
                       ("top_p", "top_p"), ("seed", "seed"), ("reverse_weight", "reverse_weight"),
                       ("candidates", "candidates")):
        if getattr(args, attr, None) is not None:
            fields[name] = getattr(args, attr)
    fields.update(overrides)
    cfg = DecodeConfig(**fields)
    cfg.validate()
    return cfg


def load_engine(args: argparse.Namespace, task: str = "translate"):
    """Engine for ``args.model`` (or the default model of ``task``)."""
    from seq2seq_desktop.core.device import default_threads
    from seq2seq_desktop.core.engine import Engine
    from seq2seq_desktop.core.errors import ModelLoadError
    from seq2seq_desktop.core.store import default_model

    model = args.model
    if model is None:
        model = default_model(task)
        if model is None:
            raise ModelLoadError(f"no {task} model is installed; pass --model PATH")
    # the CLI has no UI thread to keep a core for (the desktop app keeps one free)
    threads = args.threads if args.threads is not None else default_threads(keep_free=0)
    # no CLI command fine-tunes (``seq2seq finetune`` loads its package itself): the int8 copy is enough
    engine = Engine.load(model, device=args.device, num_threads=threads, precision=getattr(args, "precision", "auto"),
                         keep_fp32=False)
    engine.use_shortlist = not getattr(args, "full_vocabulary", False)
    if getattr(args, "reverse_weight", 0) and not engine.attach_reverse():
        logger.info("no reverse model for %s installed: decoding without reverse reranking", engine.info.name)
    return engine


def read_lines(path: Path | None) -> list[str]:
    """Lines of a UTF-8 file (or stdin when ``path`` is None / '-'), without line ends."""
    if path is None or str(path) == "-":
        return sys.stdin.read().splitlines()
    return Path(path).read_text(encoding="utf-8").splitlines()


def utf8_stdout() -> None:
    """Write UTF-8 regardless of the console's code page (Windows), when stdout allows it."""
    if sys.stdout is not None and hasattr(sys.stdout, "reconfigure"):
        try:
            sys.stdout.reconfigure(encoding="utf-8")
        except (ValueError, OSError):  # already written to, or not reconfigurable
            pass
