"""``seq2seq bench``: measure decoding speed and memory of one model.

    seq2seq bench --model en-ja --out bench.json

Sentences come from ``--file``; by default ``../shared/data/small_parallel_enja/test.<src>``
beside the project (``<src>`` = the model's source language), else the invented sample in
``resources/bench/sample.<src>.txt`` (English when there is none for the language).

Reported: model load time; sentences/s and target tokens/s for batched greedy and batched beam
search of width 1, 5 and 10 (``--batch-size`` sentences per batch, tokenisation included; over the
model's vocabulary shortlist as the app searches, unless ``--full-vocabulary``);
single-sentence latency p50/p95 at beam 5; time to the first streamed step; peak RSS.
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import sys
import time
from pathlib import Path

from ._common import add_model_args, read_lines

__all__ = ["register", "run_bench", "default_bench_file"]

logger = logging.getLogger(__name__)


def register(subparsers) -> None:
    """Add the ``bench`` subcommand."""
    p = subparsers.add_parser("bench", help="decoding speed, latency and memory of a model",
                              description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_model_args(p)
    p.add_argument("--file", type=Path, default=None, help="source sentences, one per line")
    p.add_argument("--limit", type=int, default=200, help="sentences for the throughput runs (default 200)")
    p.add_argument("--batch-size", type=int, default=64,
                   help="sentences per batch (default 64; a beam of k takes at most 128 // k)")
    p.add_argument("--beams", default="1,5,10", help="beam widths to measure (default 1,5,10)")
    p.add_argument("--latency-n", type=int, default=50, help="sentences for the latency runs (default 50)")
    p.add_argument("--out", type=Path, default=None, help="write the results as JSON here")
    p.set_defaults(handler=_handle)


def default_bench_file(source_lang: str) -> Path:
    """Return the shared test set for ``source_lang`` if present, else the bundled sample."""
    from seq2seq_desktop.paths import app_root, resources_dir

    shared = app_root().parent / "shared" / "data" / "small_parallel_enja" / f"test.{source_lang}"
    if shared.is_file():
        return shared
    sample = resources_dir() / "bench" / f"sample.{source_lang}.txt"
    return sample if sample.is_file() else resources_dir() / "bench" / "sample.en.txt"


def natural_lines(path: Path, lang: str) -> list[str]:
    """Non-empty lines of ``path``; small_parallel_enja's tokenized files are rejoined into the
    natural text the app sees (Japanese without spaces, English tokens reattached)."""
    from seq2seq_desktop.recipes.corpora import detok_english, detok_japanese

    lines = [s for s in read_lines(path) if s.strip()]
    if "small_parallel_enja" in Path(path).parts:
        lines = [detok_japanese(s) if lang == "ja" else detok_english(s) for s in lines]
    return lines


def _peak_rss_mb() -> float | None:
    try:
        import resource
    except ImportError:  # Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024  # bytes on macOS, KiB on Linux


def _percentile(values: list[float], q: float) -> float:
    import numpy as np

    return float(np.percentile(values, q)) if values else float("nan")


def _throughput(engine, sentences: list[str], search, cfg, batch_size: int) -> dict:
    """Tokenise, sort by length, decode in batches with ``search``; rates over the whole run.

    A batch holds at most ``batch_size`` sentences and ``core.engine.DECODE_ROWS`` decoder rows, as
    ``Engine.translate_sentences`` batches them (so speed and peak memory are the app's)."""
    from seq2seq_desktop.core.engine import sentences_per_batch

    tok = engine.package.source_tokenizer
    t0 = time.perf_counter()
    src = tok.encode_batch(sentences)
    order = sorted(range(len(src)), key=lambda i: len(src[i]))
    n_tokens = 0
    step = sentences_per_batch(cfg, batch_size)
    for start in range(0, len(order), step):
        batch = [src[i] for i in order[start:start + step]]
        for nbest in search(engine.package.decoding_model, batch, cfg, engine.device, shortlist=engine.shortlist):
            n_tokens += len(nbest[0].token_ids)
    elapsed = time.perf_counter() - t0
    return {"seconds": round(elapsed, 3), "sentences_per_s": round(len(sentences) / elapsed, 2),
            "tokens_per_s": round(n_tokens / elapsed, 1), "target_tokens": n_tokens}


def run_bench(engine, sentences: list[str], beams: list[int], batch_size: int, latency_n: int) -> dict:
    """Run every measurement on a loaded engine; returns the JSON-ready results."""
    import torch

    from seq2seq_desktop.core.config import REVERSE_WEIGHT, DecodeConfig
    from seq2seq_desktop.core.package import shortlist_record
    from seq2seq_desktop.core.search import beam_search, greedy_search

    def cfg(k: int) -> DecodeConfig:
        return DecodeConfig(beam_width=k, n_best=1)

    runs = {}
    for name, search, k in [("greedy", greedy_search, 1)] + [(f"beam{k}", beam_search, k) for k in beams]:
        # warm-up on one batch: first calls pay for lazy initialisation (allocator, kernels)
        _throughput(engine, sentences[:batch_size], search, cfg(k), batch_size)
        runs[name] = _throughput(engine, sentences, search, cfg(k), batch_size)
    reverse_cfg = DecodeConfig(beam_width=5, n_best=1, reverse_weight=REVERSE_WEIGHT)
    if engine.has_reverse:  # the app's default search: beam 5 reranked by the opposite direction
        engine.translate_sentences(sentences[:batch_size], reverse_cfg, batch_size)
        t0 = time.perf_counter()
        done = engine.translate_sentences(sentences, reverse_cfg, batch_size)
        elapsed = time.perf_counter() - t0
        n_tokens = sum(len(t.target_tokens) - 1 for t in done)  # EOS not counted, as in _throughput
        runs["beam5+reverse"] = {"seconds": round(elapsed, 3), "sentences_per_s": round(len(sentences) / elapsed, 2),
                                 "tokens_per_s": round(n_tokens / elapsed, 1), "target_tokens": n_tokens}

    lat_sents = sentences[:latency_n]
    latencies, first_step, reverse_latencies = [], [], []
    for s in lat_sents:
        t0 = time.perf_counter()
        engine.translate_sentences([s], cfg(5))
        latencies.append(time.perf_counter() - t0)
        if engine.has_reverse:
            t0 = time.perf_counter()
            engine.translate_sentences([s], reverse_cfg)
            reverse_latencies.append(time.perf_counter() - t0)
    for s in lat_sents:
        t0 = time.perf_counter()
        gen = engine.translate_steps(s, cfg(5))
        try:
            next(gen)
            first_step.append(time.perf_counter() - t0)
        except StopIteration:
            pass
        gen.close()
    from seq2seq_desktop.core.device import cpu_model_name

    return {
        "model": engine.info.name,
        "direction": engine.info.direction,
        "path": str(engine.info.path),
        "parameters": engine.package.parameters,
        "device": engine.device_name,
        "precision": engine.package.precision,
        "shortlist": None if engine.shortlist is None else shortlist_record(engine.shortlist),
        "cpu_model": cpu_model_name(),
        "torch": torch.__version__,
        "python": platform.python_version(),
        "cpu_count": os.cpu_count(),
        "sentences": len(sentences),
        "batch_size": batch_size,
        "load_seconds": round(engine.load_seconds, 3),
        "throughput": runs,
        "latency_beam5_ms": {"n": len(latencies), "p50": round(1000 * _percentile(latencies, 50), 2),
                             "p95": round(1000 * _percentile(latencies, 95), 2)},
        **({"latency_beam5_reverse_ms": {"n": len(reverse_latencies),
                                         "p50": round(1000 * _percentile(reverse_latencies, 50), 2),
                                         "p95": round(1000 * _percentile(reverse_latencies, 95), 2)}}
           if reverse_latencies else {}),
        "first_step_ms": {"n": len(first_step), "p50": round(1000 * _percentile(first_step, 50), 2),
                          "p95": round(1000 * _percentile(first_step, 95), 2)},
        "peak_rss_mb": None if (rss := _peak_rss_mb()) is None else round(rss, 1),
    }


def _table(r: dict) -> str:
    lines = [f"model {r['model']} ({r['direction']}, {r['parameters']:,} parameters) on {r['device']}"
             + (f", {r['cpu_model']}" if r.get("cpu_model") and r["device"].startswith("CPU") else ""),
             f"{r['sentences']} sentences, batch {r['batch_size']}, load {r['load_seconds']:.2f}s", "",
             f"{'search':<14}{'sent/s':>10}{'tok/s':>10}{'seconds':>10}"]
    for name, t in r["throughput"].items():
        lines.append(f"{name:<14}{t['sentences_per_s']:>10.1f}{t['tokens_per_s']:>10.1f}{t['seconds']:>10.2f}")
    lat, fs = r["latency_beam5_ms"], r["first_step_ms"]
    lines += ["", f"single-sentence latency, beam 5 (n={lat['n']}): p50 {lat['p50']:.1f} ms, p95 {lat['p95']:.1f} ms",
              *([f"single-sentence latency, beam 5 + reverse reranking: p50 {r['latency_beam5_reverse_ms']['p50']:.1f} ms, "
                 f"p95 {r['latency_beam5_reverse_ms']['p95']:.1f} ms"] if "latency_beam5_reverse_ms" in r else []),
              f"time to first streamed step, beam 5 (n={fs['n']}): p50 {fs['p50']:.1f} ms, p95 {fs['p95']:.1f} ms",
              f"peak RSS: {r['peak_rss_mb']} MB"]
    return "\n".join(lines)


def _handle(args: argparse.Namespace) -> int:
    from seq2seq_desktop.core.errors import ConfigError, DataError

    from ._common import load_engine

    try:
        beams = [int(b) for b in args.beams.split(",") if b.strip()]
    except ValueError:
        raise ConfigError(f"--beams={args.beams!r} must be comma-separated integers, e.g. 1,5,10") from None
    if args.limit < 1 or args.latency_n < 1 or args.batch_size < 1:
        raise ConfigError("--limit, --latency-n and --batch-size must be at least 1")
    engine = load_engine(args, task="translate")
    engine.attach_reverse()  # measures the app's default search too when the other direction is installed
    path = args.file or default_bench_file(engine.info.source_lang)
    sentences = natural_lines(path, engine.info.source_lang)[: args.limit]
    if not sentences:
        raise DataError(f"{path} has no sentences")
    results = run_bench(engine, sentences, beams, args.batch_size, args.latency_n)
    results["file"] = str(path)
    print(_table(results))
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {args.out}")
    return 0
