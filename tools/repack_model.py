"""Store a shipped translator's weights in another format or give it a vocabulary shortlist,
re-measure it, and re-render its card.

``python -m tools.repack_model en-ja ja-en --weight-storage int8 [--shortlist]``:

1. rewrites ``models/NAME/model.safetensors`` of every NAME in the new storage
   (``core.package.repack_package``) and, with ``--shortlist``, stores the vocabulary shortlist
   that ``configs/NAME.json``'s ``shortlist`` describes, built from the training pairs
   (``recipes.shortlist``; ``core.package.set_shortlist``) — all of them first, as each scores with
   the other as its reverse model;
2. scores each package as ``seq2seq train export`` does (``recipes.pipeline``: greedy, beam 5,
   beam 5 + the reverse check, and that over the shortlists when the package has one, on the
   Tatoeba dev split and small_parallel_enja test, and the faithfulness sets), which needs the
   corpora (``--data``, default ``../shared/data``);
3. writes the new metrics into the package's ``config.json``, re-renders the card's Model, Quality,
   Faithful translation and Speed sections (``tools.refresh_card`` for the last, in a process of its
   own so that the bench's peak memory is the app's, not this tool's), and records the
   storage in ``configs/NAME.json`` so a re-export stores the weights the same way.

Without ``--weight-storage`` or ``--shortlist`` it only re-measures and re-renders (e.g. after the
other direction changed, since each is the other's reverse model).  For when the run's
checkpoints, which ``seq2seq train export`` needs, are gone.  The previous
figures are printed beside the new ones; measure on an otherwise idle machine (the Speed section).
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _prepared(package: Path, data_dir: Path | None):
    """The package's run (``configs/NAME.json``) prepared as export prepares it: corpora and vocabularies."""
    from seq2seq_desktop.recipes.pipeline import load_run_config, prepare_run

    cfg = load_run_config(ROOT / "configs" / f"{package.name}.json")
    with tempfile.TemporaryDirectory() as work:
        return prepare_run(cfg, Path(work), data_dir, init_from=package)


def store_shortlist(package: Path, data_dir: Path | None) -> None:
    """Build the shortlist its run config describes from the training pairs and store it in ``package``."""
    from seq2seq_desktop.core.package import set_shortlist
    from seq2seq_desktop.recipes.pipeline import run_shortlist

    shortlist = run_shortlist(_prepared(package, data_dir))
    if shortlist is None:
        raise SystemExit(f"configs/{package.name}.json has no 'shortlist' ({{\"frequent\": N, \"per_source\": K}})")
    set_shortlist(package, shortlist)


def rescore(package: Path, data_dir: Path | None) -> dict:
    """The export's metrics of ``package`` as it now is, with its sibling reverse model (and shortlist)."""
    import torch

    from seq2seq_desktop.core.package import load_package, sibling_reverse_dir
    from seq2seq_desktop.recipes.pipeline import translation_metrics

    prep = _prepared(package, data_dir)
    cfg = prep.cfg
    pkg = load_package(package)
    reverse_dir = sibling_reverse_dir(package, cfg.source_lang, cfg.target_lang)
    reverse = load_package(reverse_dir) if reverse_dir is not None else None
    return translation_metrics(prep, pkg.model, pkg.source_tokenizer, pkg.target_tokenizer, 5,
                               torch.device("cpu"), data_dir, reverse, pkg.shortlist)


def rewrite_card(package: Path, metrics: dict) -> None:
    """New metrics into config.json; the card's measured sections re-rendered from them."""
    from seq2seq_desktop.core.engine import Engine
    from seq2seq_desktop.core.manifest import write_manifest
    from seq2seq_desktop.recipes.card import _faithful_section, _model_section, _quality_section
    from seq2seq_desktop.recipes.pipeline import load_run_config

    from .refresh_card import _replace_block

    cfg = load_run_config(ROOT / "configs" / f"{package.name}.json")
    config_path = package / "config.json"
    config = json.loads(config_path.read_text(encoding="utf-8"))
    config["metrics"] = metrics
    config_path.write_text(json.dumps(config, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    write_manifest(package)  # loadable again for the Model section's engine
    card = package / "MODEL_CARD.md"
    text = card.read_text(encoding="utf-8")
    text = _replace_block(text, "## Model", "## ", _model_section(Engine.load(package, device="cpu"), package))
    text = _replace_block(text, "## Quality", "## ", _quality_section(cfg, metrics))
    faithful = _faithful_section(cfg, config.get("training") or {}, metrics)
    if faithful:
        text = _replace_block(text, "## Faithful translation", "## ", faithful)
    card.write_text(text, encoding="utf-8")
    write_manifest(package)
    # the Speed section from a fresh bench, in a process of its own: this one holds the corpora, and
    # the bench's peak RSS is the process's
    subprocess.run([sys.executable, "-m", "tools.refresh_card", package.name], cwd=ROOT, check=True)


def record_storage(run_config: Path, storage: str) -> None:
    """Set ``weight_storage`` in a run config, keeping the file's hand-made layout (a line of its own
    before the ``model`` block)."""
    text = run_config.read_text(encoding="utf-8")
    text = re.sub(r'\n  "weight_storage": "[^"]*",', "", text)
    if storage != "fp16":
        text = text.replace('\n  "model":', f'\n  "weight_storage": "{storage}",\n  "model":', 1)
    json.loads(text)  # still a valid config
    run_config.write_text(text, encoding="utf-8")


def _headline(metrics: dict) -> str:
    keys = ("tatoeba_dev/beam5+reverse", "spe_test/beam5+reverse", "tatoeba_dev/beam5+reverse+shortlist",
            "spe_test/beam5+reverse+shortlist")
    return ", ".join(f"{k} BLEU {metrics[k]['natural']['bleu']:.2f}" for k in keys if k in metrics)


def main(argv: list[str] | None = None) -> int:
    from seq2seq_desktop.core.package import WEIGHT_STORAGES, repack_package

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="+", help="bundled translator names, e.g. en-ja ja-en")
    parser.add_argument("--weight-storage", choices=WEIGHT_STORAGES, default=None,
                        help="store the weights so (default: as they are)")
    parser.add_argument("--shortlist", action="store_true",
                        help="(re)build the vocabulary shortlist that configs/NAME.json describes")
    parser.add_argument("--data", type=Path, default=None, help="corpus folder (default ../shared/data)")
    args = parser.parse_args(argv)
    packages = [ROOT / "models" / name for name in args.names]
    before = {p: json.loads((p / "config.json").read_text(encoding="utf-8")).get("metrics") or {} for p in packages}
    for p in packages:
        if args.weight_storage:
            repack_package(p, args.weight_storage)
            record_storage(ROOT / "configs" / f"{p.name}.json", args.weight_storage)
        if args.shortlist:
            store_shortlist(p, args.data)
    for p in packages:
        metrics = rescore(p, args.data)
        rewrite_card(p, metrics)
        print(f"{p.name}: before {_headline(before[p])}; now {_headline(metrics)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
