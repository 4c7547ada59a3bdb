"""The decoding explorer's data: one sentence decoded step by step, with everything the search weighed.

``explain_steps(engine, text, cfg)`` runs the engine's own search (``search.decode_steps`` with
``trace``) on the first sentence of ``text`` and turns every step into display form: the live
hypotheses, the likeliest next tokens of each as readable pieces with their probabilities (and,
for sampling, after temperature and after the top-k / top-p cut), and the candidates the beam kept,
finished or pruned.  It returns an ``ExplainTrace`` whose ``finished`` hypotheses are exactly what
``Engine.translate`` ranks; ``ExplainTrace.ranked(alpha)`` re-ranks them for another length penalty
without decoding again, because alpha only orders finished hypotheses: the beam prunes by raw score.

The explorer shows the search, not the whole translator: the reverse-model check and the chat's
anti-LM rerank run after the search and are left out, and sampling draws one reply (no pool), so
what the steps show is what is drawn.  A sampling run without a seed gets one, recorded in the trace,
so a demo can be replayed exactly.
"""
from __future__ import annotations

import random
import re
from collections.abc import Generator, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from .config import DecodeConfig
from .errors import ConfigError
from .generators import locked_steps
from .protect import PLACEHOLDERS, SLOTS_PER_KIND, is_placeholder, placeholder_kind
from .search import Candidate, RowDetail, SearchStep, decode_steps
from .tokenizer import EOS_ID

__all__ = ["ExplainTrace", "ExplainStep", "ExplainRow", "ExplainCandidate", "TokenChoice", "ExplainHypothesis",
           "explain_steps", "explain", "explain_config", "forced_prefix", "DEFAULT_TOP", "MAX_TOP", "STATUSES"]

#: next-token candidates shown per hypothesis by default (the explorer's bar chart, ``seq2seq explain``)
DEFAULT_TOP = 10
MAX_TOP = 100
#: ``ExplainCandidate.status`` values
STATUSES = ("kept", "finished", "pruned")


@dataclass(frozen=True)
class TokenChoice:
    """One bar of the next-token chart: a token, its piece as text, and its probabilities.

    ``tempered`` and ``sampled`` (sampling only) are its probability after temperature and after
    the top-k / top-p cut (0 when the cut removed it).
    """

    token_id: int
    piece: str
    prob: float
    tempered: float | None = None
    sampled: float | None = None


@dataclass(frozen=True)
class ExplainRow:
    """A live hypothesis at the start of a step: its text so far and what could come next."""

    token_ids: list[int]
    pieces: list[str]
    text: str
    score: float
    choices: list[TokenChoice]
    attention_row: np.ndarray
    sample_kept: int | None = None


@dataclass(frozen=True)
class ExplainCandidate:
    """An extension the search weighed: ``rows[row]`` + ``piece``; see ``search.Candidate``."""

    row: int
    token_id: int
    piece: str
    prob: float
    score: float
    norm_score: float
    status: str
    beam: int | None = None


@dataclass(frozen=True)
class ExplainStep:
    """One decoder step: the hypotheses going in, the candidates, and the best hypothesis coming out."""

    step: int
    rows: list[ExplainRow]
    candidates: list[ExplainCandidate]
    forced: bool
    best_pieces: list[str]
    best_text: str
    attention: np.ndarray  # [step + 1, T_src] attention rows of the best hypothesis after the step

    @property
    def chosen(self) -> ExplainCandidate | None:
        """The best candidate of the step (greedy's and sampling's only one)."""
        live = [c for c in self.candidates if c.status != "pruned"]
        return max(live, key=lambda c: c.score) if live else None


@dataclass(frozen=True)
class ExplainHypothesis:
    """A finished output: ``length`` counts its tokens and the EOS (the ``L`` of ``score / L**alpha``)."""

    token_ids: list[int]
    pieces: list[str]
    text: str
    score: float
    length: int
    ended: bool
    attention: np.ndarray

    def norm_score(self, alpha: float) -> float:
        return self.score / max(1, self.length) ** alpha


@dataclass(frozen=True)
class ExplainTrace:
    """The whole decode of one sentence (see the module docstring)."""

    source: str
    source_tokens: list[str]
    mode: str  # "greedy" | "beam" | "sample"
    cfg: DecodeConfig
    top: int
    prefix: tuple[int, ...] = ()
    steps: list[ExplainStep] = field(default_factory=list)
    finished: list[ExplainHypothesis] = field(default_factory=list)
    other_sentences: int = 0  # sentences of the input after the explained one (not explained)
    passthrough: bool = False  # nothing to translate (emoji, digits...): shown as typed, never decoded

    def ranked(self, alpha: float | None = None) -> list[ExplainHypothesis]:
        """Finished hypotheses best first by ``score / L**alpha`` (default: the alpha decoded with)."""
        a = self.cfg.alpha if alpha is None else float(alpha)
        return sorted(self.finished, key=lambda h: h.norm_score(a), reverse=True)

    def to_json(self) -> dict:
        """Plain data for ``seq2seq explain --json``: every step as the explorer shows it."""

        def row(r: ExplainRow) -> dict:
            out = {"prefix": r.text, "pieces": r.pieces, "ids": r.token_ids, "score": r.score,
                   "candidates": [{"piece": c.piece, "id": c.token_id, "prob": c.prob}
                                  | ({"tempered": c.tempered, "sampled": c.sampled} if c.sampled is not None else {})
                                  for c in r.choices],
                   "attention": [round(float(x), 5) for x in r.attention_row]}
            if r.sample_kept is not None:
                out["sample_kept_tokens"] = r.sample_kept
            return out

        return {
            "source": self.source, "source_tokens": self.source_tokens, "mode": self.mode, "top": self.top,
            "beam": self.cfg.beam_width, "alpha": self.cfg.alpha, "temperature": self.cfg.temperature,
            "top_k": self.cfg.top_k, "top_p": self.cfg.top_p, "seed": self.cfg.seed, "prefix": list(self.prefix),
            "passthrough": self.passthrough, "other_sentences": self.other_sentences,
            "steps": [{"step": s.step, "forced": s.forced, "hypotheses": [row(r) for r in s.rows],
                       "extensions": [{"hypothesis": c.row, "piece": c.piece, "id": c.token_id, "prob": c.prob,
                                       "score": c.score, "norm_score": c.norm_score, "status": c.status,
                                       "beam": c.beam}
                                      for c in s.candidates],
                       "best": s.best_text} for s in self.steps],
            "finished": [{"text": h.text, "pieces": h.pieces, "ids": h.token_ids, "score": h.score, "length": h.length,
                          "norm_score": h.norm_score(self.cfg.alpha), "ended": h.ended} for h in self.ranked()],
        }


def explain_config(cfg: DecodeConfig) -> DecodeConfig:
    """The search the explorer runs for ``cfg``: the search alone (no reverse check, no anti-LM),
    every beam hypothesis kept, one sample drawn with a recorded seed."""
    cfg = replace(cfg, reverse_weight=0.0, anti_lm=0.0, candidates=0, n_best=1 if cfg.sample else cfg.beam_width)
    if cfg.sample and cfg.seed is None:
        cfg = replace(cfg, seed=random.SystemRandom().randrange(1, 2**31))
    cfg.validate()
    return cfg


def _mode(cfg: DecodeConfig) -> str:
    return "sample" if cfg.sample else "greedy" if cfg.beam_width == 1 else "beam"


def explain_steps(engine, text: str, cfg: DecodeConfig | None = None, *, top: int = DEFAULT_TOP,
                  prefix: Sequence[int] = (), glossary=None) -> Generator[ExplainStep, None, ExplainTrace]:
    """Decode the first sentence of ``text`` with ``engine``'s model, yielding an ``ExplainStep`` per step.

    ``prefix`` (target token ids) forces the output's first tokens.  The lock is held around each
    step only, like ``Engine.sentence_steps``; stop iterating to cancel.  The return value
    (``StopIteration.value``) is the ``ExplainTrace``.
    """
    from .engine import check_input_length

    if not 1 <= top <= MAX_TOP:
        raise ConfigError.format("top={top} must be between 1 and {max_top}", top=top, max_top=MAX_TOP)
    check_input_length(text)
    cfg = explain_config(cfg or DecodeConfig())
    sentences = engine._split(text).sentences
    source = sentences[0] if sentences else ""
    trace = ExplainTrace(source=source, source_tokens=[], mode=_mode(cfg), cfg=cfg, top=top,
                         prefix=tuple(int(x) for x in prefix), other_sentences=max(0, len(sentences) - 1))
    if not source.strip():
        return trace
    with engine._lock:
        package = engine.package
        vocab = package.target_tokenizer.vocab_size
        bad = [x for x in trace.prefix if not 0 <= x < vocab]
        if bad:
            raise ConfigError.format("forced token ids {ids} are outside the target vocabulary (0-{last})",
                                     ids=bad, last=vocab - 1)
        prots, todo, texts = engine._model_inputs([source], glossary)
        prot = prots[0]
        if not todo:
            return replace(trace, passthrough=True)
        src_ids = package.source_tokenizer.encode_batch(texts)
        source_tokens = engine._display(package.source_tokenizer.pieces(src_ids[0]), prot, True) + ["</s>"]
        gen = decode_steps(package.decoding_model, src_ids, cfg, engine.device, surface=engine._surface_classes(package),
                           trace=top, prefix=trace.prefix)
    view = _View(engine, package.target_tokenizer, prot)
    steps = []
    locked = locked_steps(engine._lock, gen)
    while True:
        try:
            step = next(locked)
        except StopIteration as stop:
            nbest = stop.value
            break
        shown = view.step(step)
        steps.append(shown)
        yield shown
    finished = [view.hypothesis(h) for h in (nbest[0] if nbest else [])]
    return replace(trace, source_tokens=source_tokens, steps=steps, finished=finished)


def forced_prefix(engine, text: str, forced: str, glossary=None) -> tuple[int, ...]:
    """Target token ids that make the output of the first sentence of ``text`` begin with ``forced``.

    ``forced`` is written as the translation would read.  A protected span of the sentence (a
    number, a name...) written the way the translation shows it becomes its placeholder, because
    the model emits the placeholder, never the span's own pieces; it must stand on its own (the
    ``3`` of "3匹" is the span 3, the ``3`` of "13匹" is not).
    """
    with engine._lock:
        sentences = engine._split(text).sentences
        prot = engine._protect(sentences[:1], glossary)[0] if sentences else None
        tokenizer = engine.package.target_tokenizer
    if prot is not None and prot.spans:
        # longest first, so that a span inside a longer one does not break it up
        for ph, span in sorted(zip(prot.placeholders, prot.spans), key=lambda x: len(x[1].target), reverse=True):
            if span.target:
                forced = re.sub(_alone(span.target), ph, forced)
    return tuple(tokenizer.encode(forced))


def _alone(target: str) -> str:
    """Regex of ``target`` not glued to a Latin letter or digit on a side where it has one itself."""
    edge = "(?<![0-9A-Za-z])" if target[0].isascii() and target[0].isalnum() else ""
    tail = "(?![0-9A-Za-z])" if target[-1].isascii() and target[-1].isalnum() else ""
    return edge + re.escape(target) + tail


def explain(engine, text: str, cfg: DecodeConfig | None = None, **kw) -> ExplainTrace:
    """``explain_steps`` run to the end."""
    from .generators import run_to_end

    return run_to_end(explain_steps(engine, text, cfg, **kw))


def _placeholder_label(ch: str) -> str:
    """``⟨N1⟩``: kind and slot of a placeholder piece (a number, code or name the model would copy)."""
    return f"\u27e8{placeholder_kind(ch)}{PLACEHOLDERS.index(ch) % SLOTS_PER_KIND + 1}\u27e9"


class _View:
    """Token ids -> what a person reads: pieces (placeholders shown as their spans) and text."""

    def __init__(self, engine, tokenizer, prot):
        self.engine, self.tok, self.prot = engine, tokenizer, prot
        self._pieces: dict[int, str] = {}

    def piece(self, token_id: int) -> str:
        if token_id not in self._pieces:
            self._pieces[token_id] = self.pieces([token_id])[0]
        return self._pieces[token_id]

    def pieces(self, ids: Sequence[int]) -> list[str]:
        raw = self.tok.pieces(list(ids))
        shown = self.engine._display(raw, self.prot, False)
        # a placeholder this sentence does not use has no span to show: name it instead of hiding it
        return [_placeholder_label(r) if len(r) == 1 and is_placeholder(r) and not s else s for r, s in zip(raw, shown)]

    def text(self, ids: Sequence[int]) -> str:
        return self.engine._partial_text(ids, self.prot)

    def row(self, r: RowDetail) -> ExplainRow:
        choices = []
        for i, (tid, p) in enumerate(zip(r.top_ids, r.top_probs)):
            tempered = r.tempered_probs[i] if r.tempered_probs is not None else None
            sampled = r.sampled_probs[i] if r.sampled_probs is not None else None
            choices.append(TokenChoice(token_id=tid, piece=self.piece(tid), prob=p, tempered=tempered, sampled=sampled))
        return ExplainRow(token_ids=r.token_ids, pieces=self.pieces(r.token_ids), text=self.text(r.token_ids),
                          score=r.score, choices=choices, attention_row=r.attention_row, sample_kept=r.sample_kept)

    def candidate(self, c: Candidate) -> ExplainCandidate:
        return ExplainCandidate(row=c.row, token_id=c.token_id, piece=self.piece(c.token_id), prob=c.prob,
                                score=c.score, norm_score=c.norm_score, status=c.status, beam=c.beam)

    def step(self, s: SearchStep) -> ExplainStep:
        d = s.detail
        return ExplainStep(step=s.step, rows=[self.row(r) for r in d.rows],
                           candidates=[self.candidate(c) for c in d.candidates], forced=d.forced,
                           best_pieces=self.pieces(s.token_ids), best_text=self.text(s.token_ids),
                           attention=s.attention)

    def hypothesis(self, h) -> ExplainHypothesis:
        ids = h.token_ids + ([EOS_ID] if h.ended else [])
        return ExplainHypothesis(token_ids=list(h.token_ids), pieces=self.pieces(ids), text=self.text(h.token_ids),
                                 score=h.score, length=len(h.token_probs), ended=h.ended, attention=h.attention)
