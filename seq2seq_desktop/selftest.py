"""Headless self-test of an installed or frozen build: ``seq2seq-desktop --self-test`` / ``--version``.

The self-test never imports Qt's GUI modules, so it runs without a display (CI, a server, a
broken X setup).  It checks what a packaged build can get wrong:

* ``resources/`` is where ``paths.resources_dir()`` says (checkout or ``sys._MEIPASS``) and holds
  the probe sentences (``samples/en-ja.tsv``, ``samples/chat-en.txt``) and, in a build, a font;
* each bundled model (``ROLES``: en-ja, ja-en, chat-en) is in ``paths.bundled_models_dir()``,
  declares the task and languages of its role, loads through ``Engine.load`` (checksums
  verified) and answers: ``N_SENTENCES`` fixed sentences each way must translate to non-empty
  text, and one chat turn must complete (a canned fallback for an empty reply is noted, as the
  app would show it);
* torch, sentencepiece and safetensors import in the frozen interpreter (``Engine.load`` does),
  and so does what fine-tuning needs: the trainer and a torch optimizer (creating one imports
  ``torch._dynamo`` and sympy, which a slimmed build could lack).  BLEU/chrF of the probes are
  printed through ``core.metrics`` for information; they never fail the test.

It prints a short report on stdout and returns 0, or prints ``self-test FAILED: ...`` lines on
stderr and returns 1.  Usage errors return 2.  Only bundled models are tested, never the user's
fine-tuned ones.  ``main`` is what the GUI entry point calls *before* importing Qt::

    from seq2seq_desktop import selftest
    if selftest.wants_headless(argv):
        return selftest.main(argv)
"""
from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

__all__ = ["HEADLESS_FLAGS", "N_SENTENCES", "ROLES", "Role", "build_parser", "main", "run_self_test",
           "wants_headless"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Role:
    """A bundled model the app needs: folder/config ``name``, ``task``, languages, and probe input.

    ``sample_column`` picks the column of ``samples/en-ja.tsv`` fed to a translation model
    (0 = English, 1 = Japanese); chat models get the first line of ``samples/chat-<lang>.txt``.
    An ``optional`` model is tested when bundled; the app works without it (the Dialog tab says
    no model reads that language).
    """

    name: str
    task: str
    source_lang: str
    target_lang: str
    sample_column: int = 0
    optional: bool = False


#: the models the GUI loads by default (``gui.main_window.DEFAULT_MODELS``), in test order
ROLES: tuple[Role, ...] = (
    Role("en-ja", "translate", "en", "ja", 0),
    Role("ja-en", "translate", "ja", "en", 1),
    Role("chat-en", "chat", "en", "en", 0),
    Role("chat-ja", "chat", "ja", "ja", 0, optional=True),
)
#: sentences translated per direction
N_SENTENCES = 3
#: command-line flags that ``main`` handles without Qt
HEADLESS_FLAGS = ("--self-test", "--version")
_FONT_SUFFIXES = (".ttf", ".otf", ".ttc")


class _Failure(Exception):
    """A self-test check that failed; the message is shown to the user as is."""


def wants_headless(argv: list[str] | None = None) -> bool:
    """Tell whether ``argv`` (default ``sys.argv[1:]``) asks for ``--self-test`` or ``--version``."""
    args = sys.argv[1:] if argv is None else argv
    return any(a in HEADLESS_FLAGS for a in args)


def build_parser() -> argparse.ArgumentParser:
    """Options understood in headless mode."""
    p = argparse.ArgumentParser(prog="seq2seq-desktop",
                                description="Headless checks of seq2seq-desktop (no display needed).")
    p.add_argument("--self-test", action="store_true",
                   help="load the bundled models, translate a few fixed sentences both ways, run one chat "
                        "turn, print a report; exit 0 when everything works")
    p.add_argument("--version", action="store_true", help="print the version and exit")
    p.add_argument("--models-dir", metavar="DIR", type=Path,
                   help="test the model packages in DIR instead of the bundled ones")
    p.add_argument("-v", "--verbose", action="store_true", help="log more; show tracebacks")
    return p


def _version() -> str:
    from seq2seq_desktop import __version__

    return __version__


def _read_samples(resources: Path, n: int) -> tuple[list[tuple[str, str]], dict[str, str]]:
    """``n`` (English, Japanese) probe pairs and the first chat prompt of each language (``chat-en.txt``,
    ``chat-ja.txt`` when present) from ``resources/samples``."""
    tsv, chat = resources / "samples" / "en-ja.tsv", resources / "samples" / "chat-en.txt"
    for f in (tsv, chat):
        if not f.is_file():
            raise _Failure(f"{f} is missing: the resources were not bundled (or not found by seq2seq_desktop.paths)")
    pairs = []
    for line in tsv.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            cols = line.split("\t")
            if len(cols) >= 2 and cols[0].strip() and cols[1].strip():
                pairs.append((cols[0].strip(), cols[1].strip()))
    prompts = [ln.strip() for ln in chat.read_text(encoding="utf-8").splitlines()
               if ln.strip() and not ln.startswith("#")]
    if not pairs or not prompts:
        raise _Failure(f"no probe sentences in {tsv} or {chat}")
    first = {"en": prompts[0]}
    ja = resources / "samples" / "chat-ja.txt"
    if ja.is_file():
        first["ja"] = next((ln.strip() for ln in ja.read_text(encoding="utf-8").splitlines()
                            if ln.strip() and not ln.startswith("#")), prompts[0])
    return pairs[:n], first


def _find_package(models: Path, name: str) -> Path:
    """``models/<name>``, else the package in ``models`` whose config.json names ``name``."""
    from seq2seq_desktop.core.manifest import read_package_name

    direct = models / name
    if (direct / "config.json").is_file():
        return direct
    found = []
    if models.is_dir():
        for p in sorted(models.iterdir()):
            if p.name.startswith(".") or not (p / "config.json").is_file():
                continue  # dot dirs are save_package's temporary/old copies
            found.append(p.name)
            if read_package_name(p) == name:
                return p
    where = "does not exist" if not models.is_dir() else f"has {', '.join(found) or 'no model packages'}"
    raise _Failure(f"no bundled model {name!r}: {models} {where}")


def _check_role(info, role: Role) -> None:
    got = (info.task, info.source_lang, info.target_lang)
    want = (role.task, role.source_lang, role.target_lang)
    if got != want:
        raise _Failure(f"{info.path} declares task={got[0]} {got[1]}->{got[2]}, "
                       f"but the {role.name!r} role needs task={want[0]} {want[1]}->{want[2]}")


def _size_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.iterdir() if f.is_file()) / 1e6


def _scores_line(hyps: list[str], refs: list[str], target_lang: str) -> str:
    """BLEU/chrF of the probe outputs through ``core.metrics`` (informative only: 3 sentences)."""
    from seq2seq_desktop.core.metrics import corpus_scores

    try:
        s = corpus_scores(hyps, refs, target_lang)
    except Exception as exc:  # noqa: BLE001 (informative only; e.g. "ja-mecab" BLEU without MeCab)
        reason = next((line.strip() for line in str(exc).splitlines() if line.strip()), "")
        return f"  scores unavailable here: {type(exc).__name__}: {reason}"
    return f"  BLEU {s.bleu:.1f}, chrF {s.chrf:.1f} on these {s.n} probes (a smoke check, not a benchmark)"


def _check_finetune_stack(engine, say) -> None:
    """Import what fine-tuning needs: the trainer and a torch optimizer (which imports torch._dynamo + sympy)."""
    import torch

    from seq2seq_desktop.training import trainer  # noqa: F401  (the fine-tune dialog's trainer)

    t0 = time.perf_counter()
    params = [p for p in engine.package.model.parameters() if p.requires_grad]
    torch.optim.AdamW(params, lr=1e-4)  # no step: the live weights stay untouched
    say(f"fine-tune: trainer and optimizer import fine ({time.perf_counter() - t0:.2f}s)")


def _test_role(role: Role, models: Path, pairs: list[tuple[str, str]], prompts: dict[str, str], say):
    """Load and exercise one model; returns (number of outputs checked, engine)."""
    from seq2seq_desktop.core.chat import ChatSession
    from seq2seq_desktop.core.config import DecodeConfig
    from seq2seq_desktop.core.engine import Engine

    path = _find_package(models, role.name)
    engine = Engine.load(path)
    info = engine.info
    _check_role(info, role)
    say(f"{role.name:8s} {info.source_lang}->{info.target_lang} {info.task:9s} loaded in "
        f"{engine.load_seconds:.2f}s ({_size_mb(path):.1f} MB, {path.name}/)")
    cfg = DecodeConfig()
    if role.task == "chat":
        from seq2seq_desktop.core.config import ANTI_LM_WEIGHT, CHAT_REVERSE_WEIGHT
        from seq2seq_desktop.core.package import sibling_reverse_dir

        # as the Dialog tab answers by default: "Specific replies", with the reverse chat model if bundled
        reverse_dir = sibling_reverse_dir(path, info.source_lang, info.target_lang, task="chat", name=info.name)
        checked = reverse_dir is not None and engine.attach_reverse(reverse_dir)
        cfg = DecodeConfig(no_repeat_ngram=3, anti_lm=ANTI_LM_WEIGHT, reverse_weight=CHAT_REVERSE_WEIGHT)
        prompt = prompts.get(role.source_lang, prompts["en"])
        t0 = time.perf_counter()
        reply = ChatSession(engine).reply(prompt, cfg)
        note = "  [canned fallback: the model's own reply was empty]" if reply.fallback else ""
        ranked = f", ranked with {reverse_dir.name}/" if checked else ""
        say(f"  you: {prompt}\n  bot: {reply.text}   ({time.perf_counter() - t0:.2f}s{ranked}){note}")
        return 1, engine
    sources = [pair[role.sample_column] for pair in pairs]
    results = engine.translate(sources, cfg)
    for src, res in zip(sources, results):
        if not res.text.strip():
            raise _Failure(f"{role.name}: the model produced an empty translation of {src!r}")
        say(f"  {src}  =>  {res.text}")
    say(f"  ({len(sources)} sentences in {results[0].elapsed:.2f}s, beam {cfg.beam_width})")
    say(_scores_line([r.text for r in results], [pair[1 - role.sample_column] for pair in pairs], info.target_lang))
    return len(sources), engine


def run_self_test(models_dir: Path | None = None, out: TextIO | None = None, err: TextIO | None = None,
                  verbose: bool = False) -> int:
    """Run every check, print the report to ``out`` and failures to ``err``; return the exit code.

    Parameters
    ----------
    models_dir : Path, optional
        Model packages to test; default ``paths.bundled_models_dir()``.
    out, err : text streams, optional
        Default ``sys.stdout`` / ``sys.stderr`` (at call time).
    verbose : bool
        Print a traceback for unexpected errors.

    Returns
    -------
    int
        0 when every check passed, 1 otherwise.
    """
    from seq2seq_desktop import paths

    out = out or sys.stdout
    err = err or sys.stderr

    def say(text: str = "") -> None:
        print(text, file=out, flush=True)

    t_start = time.perf_counter()
    frozen = bool(getattr(sys, "frozen", False))
    resources = paths.resources_dir()
    models = Path(models_dir) if models_dir is not None else paths.bundled_models_dir()
    say(f"seq2seq-desktop {_version()} self-test ({'frozen build' if frozen else 'checkout'}, "
        f"Python {sys.version.split()[0]}, {sys.platform})")
    say(f"app root:  {paths.app_root()}")
    say(f"resources: {resources}")
    say(f"models:    {models}")
    failures: list[str] = []
    checked = tested = 0
    try:
        pairs, prompt = _read_samples(resources, N_SENTENCES)
    except _Failure as exc:
        failures.append(str(exc))
        pairs, prompt = [], {}
    fonts = sorted(p.name for p in (resources / "fonts").glob("*") if p.suffix.lower() in _FONT_SUFFIXES) \
        if (resources / "fonts").is_dir() else []
    say(f"fonts:     {', '.join(fonts) if fonts else 'none bundled (the system must provide a Japanese font)'}")
    if frozen and not fonts:
        failures.append(f"no font in {resources / 'fonts'}: the build must bundle a Japanese font")
    if pairs:
        try:
            import torch

            say(f"torch:     {torch.__version__}, {torch.get_num_threads()} CPU threads, "
                f"CUDA {'available' if torch.cuda.is_available() else 'not available'}")
        except Exception as exc:  # a broken frozen torch: report it and skip the model checks
            if verbose:
                logger.exception("import torch failed")
            failures.append(f"import torch failed: {type(exc).__name__}: {exc}")
        else:
            engine = None
            for role in ROLES:
                if role.optional and not (models / role.name).is_dir():
                    say(f"{role.name:8s} not bundled (optional)")
                    continue
                tested += 1
                try:
                    n, loaded = _test_role(role, models, pairs, prompt, say)
                    checked += n
                    engine = engine or loaded
                except _Failure as exc:
                    failures.append(str(exc))
                except Exception as exc:  # Seq2SeqError and anything unexpected: name the model
                    if verbose:
                        logger.exception("self-test of %s failed", role.name)
                    failures.append(f"{role.name}: {type(exc).__name__}: {exc}")
            if engine is not None:
                try:
                    _check_finetune_stack(engine, say)
                except Exception as exc:
                    if verbose:
                        logger.exception("fine-tune stack check failed")
                    failures.append(f"fine-tuning would fail in this build: {type(exc).__name__}: {exc}")
    # QtGui/QtWidgets would need a display; QtCore alone does not (a frozen build's PyInstaller
    # runtime hook always imports PySide6.QtCore, to make Qt relocatable)
    gui = "Qt GUI loaded" if {"PySide6.QtGui", "PySide6.QtWidgets"} & set(sys.modules) else "no Qt GUI loaded"
    elapsed = time.perf_counter() - t_start
    if failures:
        for f in failures:
            print(f"self-test FAILED: {f}", file=err, flush=True)
        say(f"self-test FAILED: {len(failures)} problem(s), see above/stderr ({elapsed:.1f}s)")
        return 1
    say(f"self-test passed: {tested} models, {checked} outputs checked in {elapsed:.1f}s ({gui})")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Handle ``--version`` / ``--self-test`` without Qt; returns the exit code."""
    if sys.stdout is None:  # frozen windowed builds may have no console
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 (lives as long as the process)
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    parser = build_parser()
    try:
        args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    except SystemExit as exc:  # --help (0) or a usage error (2): return instead of exiting
        return int(exc.code or 0)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    if args.version:
        print(f"seq2seq-desktop {_version()}", flush=True)
        if not args.self_test:
            return 0
    if not args.self_test:
        parser.print_usage(sys.stderr)
        print("seq2seq-desktop: nothing to do (use --self-test or --version)", file=sys.stderr)
        return 2
    return run_self_test(args.models_dir, verbose=args.verbose)


if __name__ == "__main__":  # pragma: no cover - ``python -m seq2seq_desktop.selftest --self-test``
    raise SystemExit(main())
