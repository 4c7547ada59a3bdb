"""Re-render the measured sections of a shipped translator's card without re-training it.

``python -m tools.refresh_card en-ja ja-en`` rewrites, in ``models/NAME/MODEL_CARD.md``, the Quality
table from the package's own ``config.json`` metrics (in the card generator's current order) and the
Speed section from a fresh ``seq2seq bench`` run with the defaults the export uses, then rewrites
the package manifest.  For when the generator or the runtime changed (row order, int8 search) and the
run's checkpoints, which ``seq2seq train export`` needs, are gone.  Weights are never touched.
Measure on an otherwise idle machine: the Speed section is only as good as the machine was quiet.

``python -m tools.refresh_card chat-ja --samples --judged "..."`` re-renders a card's Sample outputs
section instead (``refresh_samples``), for when the decoding changed (a reverse model installed
beside a chatbot, the reply length), with the judging result as its Judged line.
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _replace_block(text: str, start: str, stop: str, new: list[str]) -> str:
    """``text`` with the lines from the one starting ``start`` up to (not including) the first later one
    starting ``stop`` replaced by ``new``."""
    lines = text.split("\n")
    first = next(i for i, ln in enumerate(lines) if ln.startswith(start))
    last = next((i for i in range(first + 1, len(lines)) if lines[i].startswith(stop)), len(lines))
    return "\n".join(lines[:first] + new + lines[last:])


def refresh(package: Path) -> None:
    from seq2seq_desktop.cli.train import _bench
    from seq2seq_desktop.core.manifest import write_manifest
    from seq2seq_desktop.recipes.card import _metrics_table, _speed_section

    card = package / "MODEL_CARD.md"
    text = card.read_text(encoding="utf-8")
    metrics = json.loads((package / "config.json").read_text(encoding="utf-8"))["metrics"]
    rows = [ln for ln in _metrics_table(metrics) if ln.startswith("|")]  # the table without its signature line
    text = re.sub(r"\| set \| search \|.*?\n\n", "\n".join(rows) + "\n\n", text, count=1, flags=re.S)
    text = _replace_block(text, "## Speed", "## ", _speed_section(_bench(package)))
    card.write_text(text, encoding="utf-8")
    write_manifest(package)


def refresh_samples(package: Path, judged: str, data_dir: Path | None = None) -> None:
    """Re-render the card's Sample outputs section as the app now decodes (with the reverse model
    installed beside the package, the replies it ranks), with ``judged`` as its Judged line.  The
    check that no prompt is a training source reads the corpora (``data_dir``, default ../shared/data)."""
    import tempfile

    from seq2seq_desktop.core.engine import Engine
    from seq2seq_desktop.core.manifest import write_manifest
    from seq2seq_desktop.recipes.card import _samples_section, chat_prompts_seen_in
    from seq2seq_desktop.recipes.pipeline import load_run_config, prepare_run

    cfg = load_run_config(ROOT / "configs" / f"{package.name}.json")
    seen = None
    if cfg.task == "chat":
        with tempfile.TemporaryDirectory() as work:
            prep = prepare_run(cfg, Path(work), data_dir, init_from=package)
        seen = chat_prompts_seen_in(prep.train_pairs + prep.dev_pairs)
    card = package / "MODEL_CARD.md"
    section = _samples_section(Engine.load(package, device="cpu"), package, cfg, seen, judged)
    card.write_text(_replace_block(card.read_text(encoding="utf-8"), "## Sample outputs", "## ", section),
                    encoding="utf-8")
    write_manifest(package)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="+", help="bundled model names, e.g. en-ja ja-en")
    parser.add_argument("--samples", action="store_true",
                        help="re-render the Sample outputs section instead (any model; for a chatbot after its "
                             "reverse model or the decoding changed), with --judged as its Judged line")
    parser.add_argument("--judged", default="", help="the Judged line of the Sample outputs section")
    args = parser.parse_args(argv)
    if len(args.names) > 1 and not args.samples:
        # one process per card: the bench's peak RSS is the process's, and a second bench in the same
        # process would report the first one's peak (or both engines' memory)
        for name in args.names:
            subprocess.run([sys.executable, "-m", "tools.refresh_card", name], cwd=ROOT, check=True)
        return 0
    for name in args.names:
        if args.samples:
            refresh_samples(ROOT / "models" / name, args.judged)
        else:
            refresh(ROOT / "models" / name)
        print(f"refreshed models/{name}/MODEL_CARD.md")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
