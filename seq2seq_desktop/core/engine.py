"""The inference engine: one loaded model package, text in, translations out.

``Engine.translate_steps(text, cfg)`` is the primitive: it splits the text into sentences
(``core.text``), decodes them as one batch, yields a ``DecodeStep`` per decoder step and
sentence, and *returns* a ``TextTranslation`` with the sentences rejoined in the input's line
layout.  ``Engine.translate(texts, cfg)`` runs the same search without streaming, batching the
sentences of all texts together (sorted by length, ``batch_size`` sentences at a time).

Thread safety: one reader at a time.  ``translate`` holds the engine's lock for the whole call;
``translate_steps`` takes it around each step only, so abandoning the generator (cancelling)
leaves no lock held and needs no cleanup.  The model is stateless between calls (decoder state
travels in the search), so two interleaved step generators are still correct.

``torch.set_num_threads`` is process-wide: ``Engine.load`` caps it at ``cores - 1`` (at least 1)
unless told otherwise, so a GUI thread always keeps a core.  With two threads or more,
``translate_sentences`` with the reverse check runs each batch's check on a worker thread beside
the next batch's search, the threads split between them (``core.overlap``).

Faithful translation (``core.protect``): every sentence is sanitized (control and bidi characters
removed); a sentence with nothing to translate (emoji, symbols, digits only) is passed through
unchanged instead of decoded; and when the package's vocabularies hold the placeholder pieces
(models trained with ``training.placeholders``), numbers, codes, names, URLs, emoji and glossary
terms are replaced by placeholders before encoding and put back after decoding.  A placeholder
the model dropped is re-inserted where the decoder attended to it most, and the translation says
so (``Translation.repaired``).  The reverse-model check scores the placeholder forms on both sides.

Streaming: a ``DecodeStep`` carries the partial hypothesis both as display pieces (one per
attention row) and as detokenised ``text`` (what the tokenizer decodes, spans put back), which is
what a preview shows.  With the reverse-model check on, decoding is followed by scoring every
hypothesis with the reverse model, in chunks of ``Engine.rerank_rows``; between chunks the step
generators yield a ``RerankStep`` whose ``provisional`` result is the translation without the check,
so a consumer that stops there (a cancel) still has a complete translation to show.
"""
from __future__ import annotations

import functools
import logging
import os
import threading
import time
from collections.abc import Generator, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
import torch

from .chat_format import last_turn
from .config import MAX_INPUT_CHARS, DecodeConfig
from .device import default_threads, pick_device, set_threads
from .errors import ConfigError, InputTooLongError, ModelLoadError
from .generators import locked_steps
from .overlap import Split, can_overlap, one_after_another, overlapped, share_malloc_arena
from .package import ModelPackage, PackageInfo, load_package, reverse_package
from .protect import PLACEHOLDERS, GlossaryEntry, Protected, Span, is_placeholder, protect, restore, sanitize, wrong_script
from .rerank import RERANK_ROWS
from .search import Hypothesis, SearchStep, decode_batch, decode_steps, sample_pool, surface_classes
from .segment import join_text, split_text
from .tokenizer import EOS_ID

__all__ = [
    "Engine",
    "Translation",
    "TextTranslation",
    "Alternative",
    "DecodeStep",
    "RerankStep",
    "MAX_INPUT_CHARS",
    "check_input_length",
]

logger = logging.getLogger(__name__)

#: longest source (in pieces) the bundled translators were trained on (``RunConfig.max_len``), for
#: packages that do not record it (``preprocessing["max_source_pieces"]``)
TRAINED_MAX_PIECES = 64

#: most decoder rows one ``translate_sentences`` batch runs (a sentence takes ``beam_width`` rows, or
#: its sampling pool): the batch's sentence count shrinks as the beam grows, so peak memory stays
#: flat across beam widths.  Against 320 rows (64 sentences of beam 5) it costs the default search
#: ~8 % of its speed and lowers `seq2seq bench`'s peak RSS from ~650-710 MB to ~430 MB
#: (docs/RESULTS.md, "int8 search and memory").
DECODE_ROWS = 128


def sentences_per_batch(cfg: DecodeConfig, batch_size: int) -> int:
    """Sentences one decoder batch of ``cfg`` holds: at most ``batch_size`` and ``DECODE_ROWS`` rows."""
    rows = sample_pool(cfg) if cfg.sample else cfg.beam_width
    return max(1, min(batch_size, DECODE_ROWS // max(1, rows)))



@dataclass(frozen=True)
class Alternative:
    """One n-best entry: ``tokens`` are display pieces aligned with ``attention`` rows (``</s>`` last if ended)."""

    text: str
    tokens: list[str]
    score: float
    norm_score: float
    attention: np.ndarray
    token_probs: list[float]
    #: the ids behind ``tokens`` (EOS last when the output ended): what the model emitted
    token_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class Translation:
    """The translation of one sentence.

    Attributes
    ----------
    source, text : str
        Source sentence and its best translation.
    source_tokens : list[str]
        Display pieces of the source, ending with ``</s>`` (the EOS the search appends): one per
        attention column.
    target_tokens : list[str]
        Display pieces of the output, ending with ``</s>`` when the output ended with EOS: one
        per attention row.
    attention : np.ndarray
        ``[T_tgt, T_src]`` float32 weights, rows sum to 1.
    token_probs : list[float]
        Probability of each target token (``T_tgt`` entries).
    score : float
        Log-probability of the best output; ``nbest[0]`` repeats the best output.
    nbest : list[Alternative]
        The n-best list, best first (``cfg.n_best`` entries at most).
    """

    source: str
    text: str
    source_tokens: list[str]
    target_tokens: list[str]
    attention: np.ndarray
    token_probs: list[float]
    score: float
    nbest: list[Alternative] = field(default_factory=list)
    #: protected spans of the source (numbers, codes, names, glossary terms...), kept as they are
    spans: tuple[Span, ...] = ()
    #: spans whose placeholder the model dropped and the engine put back (see the module docstring)
    repaired: tuple[Span, ...] = ()
    #: the sentence had nothing to translate (emoji, symbols, digits) and is shown unchanged
    passthrough: bool = False
    #: the n-best list was reranked by the reverse model (``DecodeConfig.reverse_weight``)
    reranked: bool = False
    #: the source ids the model read (placeholders in place of protected spans; no EOS)
    source_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class TextTranslation:
    """The translation of a whole text.

    ``words_per_s`` counts target tokens (SentencePiece pieces, EOS excluded) per second of wall
    time, the unit that means the same for English and Japanese output.
    """

    source: str
    text: str
    sentences: list[Translation]
    elapsed: float
    words_per_s: float
    #: the text looks written in the model's target language (e.g. Japanese typed into EN->JA)
    wrong_script: bool = False
    #: the sentences were reranked by the reverse model (False also when no check was asked for)
    reranked: bool = False


@dataclass(frozen=True)
class DecodeStep:
    """One decoder step of one sentence while streaming.

    ``tokens`` are the display pieces of the best partial hypothesis including this step's
    token (``</s>`` on a sentence's last step), ``attention`` is ``[len(tokens), T_src]`` and
    ``attention_row`` its last row; ``source_tokens`` label the ``T_src`` columns.  ``text`` is
    the partial hypothesis detokenised ("That's", not "That ' s"), protected spans put back.
    """

    sentence: int
    step: int
    tokens: list[str]
    attention_row: np.ndarray
    attention: np.ndarray
    prob: float
    source_tokens: list[str]
    text: str = ""


@dataclass(frozen=True)
class RerankStep:
    """Progress of the reverse-model check, yielded once decoding has finished.

    ``done`` of ``total`` hypotheses are scored.  ``provisional`` is the result without the check
    (best-first by the forward model alone): what a consumer that stops now can show.  It is a
    ``list[Translation]`` from ``sentence_steps`` and a ``TextTranslation`` from ``translate_steps``.
    """

    done: int
    total: int
    provisional: object


def check_input_length(text: str) -> None:
    """Raise ``InputTooLongError`` when ``text`` exceeds ``MAX_INPUT_CHARS``."""
    if len(text) > MAX_INPUT_CHARS:
        raise InputTooLongError.format("the input has {length:,} characters; the limit is {limit:,}. "
                                       "Split it into smaller parts.", length=len(text), limit=MAX_INPUT_CHARS)


class Engine:
    """A loaded model package ready to translate (or chat).

    Build with ``Engine.load``; ``Engine(package, device)`` wraps an already loaded package.

    Attributes
    ----------
    info : PackageInfo
        Metadata of the loaded package.
    device : str
        ``"cpu"`` or ``"cuda:N"``.
    device_name : str
        Human-readable device, e.g. ``"CPU (1 thread, int8)"`` or the GPU's name.
    load_seconds : float
        Time ``load`` took (0 when built directly).
    """

    #: hypotheses the reverse model scores between two yields of the step generators
    rerank_rows = RERANK_ROWS
    #: greedy and beam search score only the package's vocabulary shortlist, when it has one
    #: (``core.shortlist``; ``seq2seq translate/bench --full-vocabulary`` turn it off)
    use_shortlist = True

    def __init__(self, package: ModelPackage, device: str = "cpu", load_seconds: float = 0.0):
        self._package = package
        self.device = device
        self.load_seconds = load_seconds
        self._lock = threading.Lock()
        self._surface: tuple[object, list[int]] | None = None  # (target tokenizer, surface_classes of it)
        self._reverse: ModelPackage | None = None  # opposite direction, for DecodeConfig.reverse_weight
        self._glossary: tuple[GlossaryEntry, ...] = ()

    # ------------------------------------------------------------------------------ construction
    @classmethod
    def load(cls, path_or_name: str | os.PathLike, device: str | None = None,
             num_threads: int | None = None, precision: str = "auto", keep_fp32: bool = True) -> Engine:
        """Load a package by path or by name (bundled or user models, see ``store.resolve_model``).

        Parameters
        ----------
        path_or_name : str or path
            Package directory, or a package name.
        device : str, optional
            ``"cpu"``, ``"cuda"``, ``"cuda:N"``; default CUDA when available, else CPU.
        num_threads : int, optional
            CPU threads for torch (process-wide); default ``max(1, cores - 1)``.
        precision : str
            ``"auto"`` (int8 search for a translator on the CPU, else fp32), ``"fp32"`` or ``"int8"``; see
            ``core.quantize``.  The reverse model attached later follows the same choice.
        keep_fp32 : bool
            Keep the fp32 weights beside an int8 copy (``load_package``): the app needs them to
            fine-tune; a process that only translates (the CLI) saves ~12 MB without them.

        Raises
        ------
        ModelLoadError
            The package is missing, damaged or does not match its config.
        ConfigError
            The device is unknown or unavailable.
        """
        from .store import resolve_model

        t0 = time.perf_counter()
        dev = pick_device(device)
        share_malloc_arena()  # before torch starts threads: see core.overlap
        set_threads(num_threads if num_threads is not None else default_threads(keep_free=1))
        package = load_package(resolve_model(path_or_name), device=dev, precision=precision, keep_fp32=keep_fp32)
        engine = cls(package, dev, load_seconds=time.perf_counter() - t0)
        logger.info("loaded %s on %s in %.2fs", package.info.name, engine.device_name, engine.load_seconds)
        return engine

    @property
    def info(self) -> PackageInfo:
        """Metadata of the loaded package."""
        return self._package.info

    @property
    def package(self) -> ModelPackage:
        """The loaded package (model + tokenizers)."""
        return self._package

    @property
    def device_name(self) -> str:
        """Human-readable device name."""
        if self.device.startswith("cuda"):
            return torch.cuda.get_device_name(torch.device(self.device))
        n = torch.get_num_threads()
        int8 = ", int8" if self._package.precision == "int8" else ""  # honest about what computes the output
        return f"CPU ({n} thread{'s' if n != 1 else ''}{int8})"

    def attach_reverse(self, path_or_name: str | os.PathLike | None = None) -> bool:
        """Load the reverse model that ``DecodeConfig.reverse_weight`` reranks with.

        Default: for a translator the installed package named ``TARGET-SOURCE`` (``ja-en`` for
        ``en-ja``), for a chat model ``NAME-reverse`` (``chat-en-reverse``, reply -> turn); returns
        False when there is none (decoding then works without reranking).  An explicit
        ``path_or_name`` that cannot be loaded raises ``ModelLoadError``.
        """
        from .store import resolve_model

        info = self.info
        wanted = reverse_package(info.task, info.name, info.source_lang, info.target_lang)
        if wanted is None:
            return False
        try:
            path = resolve_model(path_or_name or wanted[1])
        except ModelLoadError:
            if path_or_name is not None:
                raise
            return False
        # the reverse model only scores: its fp32 weights are not kept beside the int8 copy
        reverse = load_package(path, device=self.device, precision=self._package.precision, keep_fp32=False)
        if reverse.info.task != wanted[0] or \
                (reverse.info.source_lang, reverse.info.target_lang) != (info.target_lang, info.source_lang):
            raise ModelLoadError.format("{path} is a {task} model for {direction}, not the {wanted} model for "
                                        "{target}->{source}", path=path, task=reverse.info.task,
                                        direction=reverse.info.direction, wanted=wanted[0],
                                        target=info.target_lang, source=info.source_lang)
        with self._lock:
            self._reverse = reverse
        return True

    @property
    def has_reverse(self) -> bool:
        """Whether a reverse model is attached (``attach_reverse``)."""
        return self._reverse is not None

    def _search_config(self, cfg: DecodeConfig) -> tuple[DecodeConfig, bool]:
        """The config to search with, and whether to rerank by the reverse model afterwards.

        Reranking needs the search to keep all its candidates: the whole beam, or the whole
        sampled pool; they are cut to ``n_best`` after the check.
        """
        pool = sample_pool(cfg) if cfg.sample else cfg.beam_width
        rerank = cfg.reverse_weight > 0 and self._reverse is not None and pool > 1
        return (replace(cfg, n_best=pool) if rerank else cfg), rerank

    def _rerank_args(self, package: ModelPackage, sentences: Sequence[str], nbest, cfg: DecodeConfig) -> tuple:
        """The arguments of ``rerank.rerank_steps`` / ``rerank.ReverseCheck`` for ``nbest``."""
        from .rerank import as_reverse_target

        # a chat's reverse model recovers the turn being answered, a translator's the source as typed
        reverse_target = last_turn if package.info.task == "chat" else as_reverse_target
        return (sentences, nbest, package.target_tokenizer, self._reverse, cfg.reverse_weight, self.device,
                max(1, int(self.rerank_rows)), reverse_target, self.use_shortlist)

    def _rerank_steps(self, package: ModelPackage, sentences: Sequence[str], nbest, cfg: DecodeConfig):
        """``rerank.rerank_steps`` over ``nbest``: yields progress, returns all hypotheses reranked."""
        from .rerank import rerank_steps

        return rerank_steps(*self._rerank_args(package, sentences, nbest, cfg))

    def _reverse_check(self, package: ModelPackage, sentences: Sequence[str], nbest, cfg: DecodeConfig):
        """``rerank.ReverseCheck`` over ``nbest``: the same chunks as ``_rerank_steps``, to score on any thread."""
        from .rerank import ReverseCheck

        return ReverseCheck(*self._rerank_args(package, sentences, nbest, cfg))

    @property
    def shortlist(self):
        """The vocabulary shortlist this model's searches use (``core.shortlist.Shortlist``), or None:
        the package has none, keeps it for the reverse check only, or ``use_shortlist`` is off."""
        return self._package.shortlist_for("search") if self.use_shortlist else None

    def _surface_classes(self, package: ModelPackage) -> list[int]:
        """``search.surface_classes`` of the target vocabulary (no-repeat n-grams compare surface forms)."""
        tok = package.target_tokenizer
        if self._surface is None or self._surface[0] is not tok:
            self._surface = (tok, surface_classes(tok.pieces(range(tok.vocab_size))))
        return self._surface[1]

    # ------------------------------------------------------------------------------ faithfulness
    @property
    def protects_spans(self) -> bool:
        """Whether this model carries placeholders (numbers, codes, names... are protected)."""
        p = self._package
        return (p.info.task == "translate" and {p.info.source_lang, p.info.target_lang} <= {"en", "ja"}
                and p.source_tokenizer.has_pieces(PLACEHOLDERS) and p.target_tokenizer.has_pieces(PLACEHOLDERS))

    @property
    def glossary(self) -> tuple[GlossaryEntry, ...]:
        """The glossary used when a call passes none (``set_glossary``)."""
        return self._glossary

    def set_glossary(self, entries) -> None:
        """Use ``entries`` (``GlossaryEntry``s for this direction) for every later translation."""
        self._glossary = tuple(entries)

    def _protect(self, sentences: Sequence[str], glossary) -> list[Protected | None]:
        """The protected form of each sentence, or None where the package cannot protect (a chat
        model, another language pair); translators always get the passthrough check."""
        p = self._package
        if p.info.task != "translate" or {p.info.source_lang, p.info.target_lang} - {"en", "ja"}:
            return [None] * len(sentences)
        entries = self._glossary if glossary is None else tuple(glossary)
        known = p.source_tokenizer.is_known_word
        carries = self.protects_spans  # once per call: it looks up 18 pieces in both vocabularies
        out = []
        for s in sentences:
            prot = protect(s, p.info.source_lang, p.info.target_lang, glossary=entries, known_word=known)
            out.append(prot if carries or prot.passthrough else None)
        return out

    def _split(self, text: str):
        """Sentences of ``text``; for a translator, a sentence longer (in source pieces) than the model
        was trained on is cut at commas or spaces (``segment.split_text``'s ``fits``)."""
        info = self.info
        if info.task != "translate":
            return split_text(text)
        limit = int(info.preprocessing.get("max_source_pieces") or TRAINED_MAX_PIECES)
        tok = self._package.source_tokenizer
        return split_text(text, fits=lambda s: len(tok.encode(s)) <= limit)

    def wrong_script(self, text: str) -> bool:
        """Whether ``text`` looks written in the target language (the user picked the wrong direction)."""
        info = self.info
        return info.task == "translate" and info.source_lang in ("en", "ja") and wrong_script(text, info.source_lang)

    # --------------------------------------------------------------------------------- internals
    @staticmethod
    def _display(pieces: list[str], prot: Protected | None, source_side: bool) -> list[str]:
        """Pieces with each placeholder shown as its span (the user never sees a placeholder)."""
        if prot is None or not prot.spans:
            return pieces
        form = {ph: (span.text if source_side else span.target) for ph, span in zip(prot.placeholders, prot.spans)}
        return [form.get(p, "") if len(p) == 1 and is_placeholder(p) else p for p in pieces]

    def _restore(self, h: Hypothesis, src_ids: list[int], prot: Protected):
        """The restored text of one hypothesis; a dropped placeholder goes where the decoder looked at it."""
        tgt_tok = self._package.target_tokenizer
        output = tgt_tok.decode(h.token_ids)
        restored = restore(output, prot, target_lang=self.info.target_lang)
        if not restored.missing:
            return restored
        src_tok = self._package.source_tokenizer
        insert_at = {}
        for i, (span, ph) in enumerate(zip(prot.spans, prot.placeholders)):
            if span not in restored.missing:
                continue
            col = src_tok.piece_id(ph)
            cols = [j for j, t in enumerate(src_ids) if t == col]
            rows = h.attention.shape[0] - (1 if h.ended else 0)
            if not cols or rows <= 0:
                continue
            t = int(np.argmax(h.attention[:rows, cols[0]]))  # the step that attended to the span most
            insert_at[i] = len(tgt_tok.decode(h.token_ids[:t]))
        return restore(output, prot, insert_at=insert_at, target_lang=self.info.target_lang)

    def _passthrough(self, source: str, prot: Protected) -> Translation:
        """A sentence with nothing to translate: shown as typed (sanitized), never decoded."""
        return Translation(source=source, text=prot.source, source_tokens=[], target_tokens=[],
                           attention=np.zeros((0, 0), np.float32), token_probs=[], score=0.0, nbest=[],
                           spans=prot.spans, passthrough=True)

    def _translation(self, source: str, src_ids: list[int], hyps: list[Hypothesis],
                     prot: Protected | None = None) -> Translation:
        """Turn the n-best hypotheses of one sentence into a Translation."""
        src_tok, tgt_tok = self._package.source_tokenizer, self._package.target_tokenizer
        source_tokens = self._display(src_tok.pieces(src_ids), prot, True) + ["</s>"]
        alts, repaired = [], ()
        for k, h in enumerate(hyps):
            ids = h.token_ids + ([EOS_ID] if h.ended else [])  # pieces() shows EOS as </s>
            text = tgt_tok.decode(h.token_ids)
            if prot is not None:
                restored = self._restore(h, src_ids, prot)
                text = restored.text
                if k == 0:
                    repaired = restored.missing
            alts.append(Alternative(text=text, tokens=self._display(tgt_tok.pieces(ids), prot, False), score=h.score,
                                    norm_score=h.norm_score, attention=h.attention, token_probs=h.token_probs,
                                    token_ids=tuple(ids)))
        spans = prot.spans if prot is not None else ()
        if not alts:  # cannot happen with a sane model; keep the UI alive anyway
            return Translation(source, "", source_tokens, [], np.zeros((0, len(source_tokens)), np.float32), [],
                               float("-inf"), [], spans=spans)
        best = alts[0]
        return Translation(source=source, text=best.text, source_tokens=source_tokens, target_tokens=best.tokens,
                           attention=best.attention, token_probs=best.token_probs, score=best.score, nbest=alts,
                           spans=spans, repaired=repaired, source_ids=tuple(src_ids))

    def _partial_text(self, token_ids, prot: Protected | None) -> str:
        """Detokenised text of a partial output, each placeholder shown as its span's target form (a
        preview: the spans are put back for good, and dropped ones repaired, by ``_restore``)."""
        text = self._package.target_tokenizer.decode([i for i in token_ids if i != EOS_ID])
        if prot is not None and prot.spans:
            form = {ph: span.target for ph, span in zip(prot.placeholders, prot.spans)}
            text = "".join(form.get(c, c) for c in text)
        return text

    def _step(self, step: SearchStep, source_tokens: list[str], sentence: int, prot: Protected | None) -> DecodeStep:
        """Display form of a search step (token ids -> pieces and text); ``sentence`` is its index in the input."""
        tgt_tok = self._package.target_tokenizer
        text = self._partial_text(step.token_ids, prot)
        return DecodeStep(sentence=sentence, step=step.step,
                          tokens=self._display(tgt_tok.pieces(step.token_ids), prot, False),
                          attention_row=step.attention_row, attention=step.attention, prob=step.prob,
                          source_tokens=source_tokens, text=text)

    def _results(self, sentences: Sequence[str], prots: list[Protected | None], todo: list[int],
                 src_ids: list[list[int]], nbest, reranked: bool) -> list[Translation]:
        """One Translation per sentence: passed through, or from its n-best hypotheses."""
        results = [self._passthrough(s, p) if p is not None and p.passthrough else None
                   for s, p in zip(sentences, prots)]
        for i, ids, hyps in zip(todo, src_ids, nbest):
            results[i] = replace(self._translation(sentences[i], ids, hyps, prots[i]), reranked=reranked)
        return results

    def _model_inputs(self, sentences: Sequence[str], glossary) -> tuple[list[Protected | None], list[int], list[str]]:
        """Protected forms, the indices of the sentences to decode (not passed through), and their model text."""
        prots = self._protect(sentences, glossary)
        todo = [i for i, p in enumerate(prots) if p is None or not p.passthrough]
        texts = []
        for i in todo:
            p = prots[i]
            texts.append(p.text if p is not None else sanitize(sentences[i]))
        return prots, todo, texts

    @staticmethod
    def _rate(translations: Sequence[Translation], elapsed: float) -> float:
        n = sum(len(t.target_tokens) - (1 if t.target_tokens[-1:] == ["</s>"] else 0) for t in translations)
        return n / elapsed if elapsed > 0 else 0.0

    # ---------------------------------------------------------------------------------- public API
    def sentence_steps(self, sentences: Sequence[str], cfg: DecodeConfig | None = None, *,
                       glossary: Sequence[GlossaryEntry] | None = None,
                       ) -> Generator[DecodeStep, None, list[Translation]]:
        """Decode already-split ``sentences`` as one batch, streaming; returns one Translation each.

        No sentence splitting happens here (the chatbot feeds whole contexts).  The lock is held
        around each step only.  ``glossary`` overrides the engine's (``set_glossary``).
        """
        cfg = cfg or DecodeConfig()
        with self._lock:
            cfg.validate()
            package = self._package
            prots, todo, texts = self._model_inputs(sentences, glossary)
            src_ids = package.source_tokenizer.encode_batch(texts) if texts else []
            source_tokens = [self._display(package.source_tokenizer.pieces(ids), prots[i], True) + ["</s>"]
                             for i, ids in zip(todo, src_ids)]
            search_cfg, rerank = self._search_config(cfg)
            gen = decode_steps(package.decoding_model, src_ids, search_cfg, self.device,
                               surface=self._surface_classes(package), shortlist=self.shortlist)
        nbest = []
        if src_ids:
            steps = locked_steps(self._lock, gen)
            while True:
                try:
                    step = next(steps)
                except StopIteration as stop:
                    nbest = stop.value
                    break
                k = step.sentence
                yield self._step(step, source_tokens[k], todo[k], prots[todo[k]])
        if not (rerank and nbest):
            return self._results(sentences, prots, todo, src_ids, nbest, reranked=False)
        # the reverse-model check, chunk by chunk; a consumer that stops keeps the provisional result
        provisional = self._results(sentences, prots, todo, src_ids, [h[: cfg.n_best] for h in nbest], reranked=False)
        yield RerankStep(done=0, total=sum(len(h) for h in nbest), provisional=provisional)
        with self._lock:
            ranking = locked_steps(self._lock, self._rerank_steps(package, texts, nbest, cfg))
        while True:
            try:
                progress = next(ranking)
            except StopIteration as stop:
                nbest = [hyps[: cfg.n_best] for hyps in stop.value]
                break
            yield RerankStep(done=progress.done, total=progress.total, provisional=provisional)
        return self._results(sentences, prots, todo, src_ids, nbest, reranked=True)

    def translate_sentences(self, sentences: Sequence[str], cfg: DecodeConfig | None = None,
                            batch_size: int = 64, *,
                            glossary: Sequence[GlossaryEntry] | None = None) -> list[Translation]:
        """Translate already-split sentences without streaming (batched, sorted by length; a batch holds at
        most ``batch_size`` sentences and ``DECODE_ROWS`` decoder rows)."""
        cfg = cfg or DecodeConfig()
        if batch_size < 1:
            raise ConfigError.format("batch_size={batch_size} must be at least 1", batch_size=batch_size)
        cfg.validate()
        with self._lock:
            package = self._package
            prots, todo, texts = self._model_inputs(sentences, glossary)
            src_ids = package.source_tokenizer.encode_batch(texts) if texts else []
            # sorting by length keeps padding (wasted compute) low inside each batch
            order = sorted(range(len(src_ids)), key=lambda i: len(src_ids[i]))
            results: list[Translation | None] = [self._passthrough(s, p) if p is not None and p.passthrough else None
                                                 for s, p in zip(sentences, prots)]
            search_cfg, rerank = self._search_config(cfg)
            surface = self._surface_classes(package)
            step = sentences_per_batch(search_cfg, batch_size)
            batches = [order[start:start + step] for start in range(0, len(order), step)]

            def search(chunk: list[int]) -> list[list[Hypothesis]]:
                return decode_batch(package.decoding_model, [src_ids[k] for k in chunk], search_cfg, self.device,
                                    surface=surface, shortlist=self.shortlist)

            def check(chunk: list[int], nbest: list[list[Hypothesis]]) -> Split[list[list[Hypothesis]]]:
                reverse = self._reverse_check(package, [texts[k] for k in chunk], nbest, cfg)
                return Split([functools.partial(reverse.score, j) for j in range(reverse.chunks)],
                             lambda: [hyps[: cfg.n_best] for hyps in reverse.ranked()])

            if not rerank:
                done = ((chunk, search(chunk)) for chunk in batches)
            else:  # the reverse check of one batch runs beside the search of the next when it can (core.overlap)
                run = overlapped if can_overlap(self.device, len(batches)) else one_after_another
                done = run(batches, search, check)
            for chunk, nbest in done:
                for k, hyps in zip(chunk, nbest):
                    i = todo[k]
                    results[i] = replace(self._translation(sentences[i], src_ids[k], hyps, prots[i]), reranked=rerank)
        return results

    def translate(self, texts: Sequence[str], cfg: DecodeConfig | None = None,
                  batch_size: int = 64, *, glossary: Sequence[GlossaryEntry] | None = None) -> list[TextTranslation]:
        """Translate several texts; their sentences are decoded together in batches.

        Parameters
        ----------
        texts : sequence of str
            Each text may hold several sentences and lines.
        cfg : DecodeConfig, optional
            Search settings; default ``DecodeConfig()``.
        batch_size : int
            Sentences per decoder batch.
        glossary : sequence of GlossaryEntry, optional
            Terms to translate (or keep) as given; default the engine's (``set_glossary``).

        Returns
        -------
        list[TextTranslation]
            One per text, in order.  ``elapsed`` is the whole call's time for every text.

        Raises
        ------
        InputTooLongError
            A text is longer than ``MAX_INPUT_CHARS``.
        """
        if isinstance(texts, str):
            raise TypeError("translate() takes a list of texts; use translate([text])")
        for text in texts:
            check_input_length(text)
        t0 = time.perf_counter()
        splits = [self._split(t) for t in texts]
        flat = [s for sp in splits for s in sp.sentences]
        translated = self.translate_sentences(flat, cfg, batch_size=batch_size, glossary=glossary)
        elapsed = time.perf_counter() - t0
        rate = self._rate(translated, elapsed)
        out, pos = [], 0
        lang = self.info.target_lang
        for text, sp in zip(texts, splits):
            sents = translated[pos:pos + len(sp.sentences)]
            pos += len(sp.sentences)
            out.append(TextTranslation(source=text, text=join_text(sp, [t.text for t in sents], lang),
                                       sentences=sents, elapsed=elapsed, words_per_s=rate,
                                       wrong_script=self.wrong_script(text),
                                       reranked=any(t.reranked for t in sents)))
        return out

    def translate_steps(self, text: str, cfg: DecodeConfig | None = None, *,
                        glossary: Sequence[GlossaryEntry] | None = None,
                        ) -> Generator[DecodeStep, None, TextTranslation]:
        """Translate one text, yielding a ``DecodeStep`` per decoder step and sentence.

        Then, with the reverse-model check on, a ``RerankStep`` per chunk of hypotheses scored,
        whose ``provisional`` is the ``TextTranslation`` without the check.  Stop iterating to
        cancel.  The return value (``StopIteration.value``) is the ``TextTranslation``.  Raises
        ``InputTooLongError`` (on the first ``next``) for over-long input.
        """
        check_input_length(text)
        t0 = time.perf_counter()
        sp = self._split(text)
        gen = self.sentence_steps(sp.sentences, cfg, glossary=glossary)
        provisional: tuple[object, TextTranslation] | None = None
        while True:
            try:
                step = next(gen)
            except StopIteration as stop:
                sentences = stop.value
                break
            if isinstance(step, RerankStep):
                if provisional is None or provisional[0] is not step.provisional:
                    provisional = (step.provisional, self._text_translation(text, sp, step.provisional, t0))
                step = replace(step, provisional=provisional[1])
            yield step
        return self._text_translation(text, sp, sentences, t0)

    def explain_steps(self, text: str, cfg: DecodeConfig | None = None, *, top: int = 10, prefix=(), glossary=None):
        """Decode the first sentence of ``text`` for the decoding explorer (``core.explain.explain_steps``):
        yields an ``ExplainStep`` per decoder step, returns the ``ExplainTrace``."""
        from .explain import explain_steps

        return explain_steps(self, text, cfg, top=top, prefix=prefix, glossary=glossary)

    def cross_attention(self, source: Translation | Sequence[int],
                        output: Alternative | Sequence[int] | None = None) -> np.ndarray | None:
        """Every decoder layer's and head's cross-attention over one finished output: ``[Ld, H, L, S]`` float32.

        Recomputed by one teacher-forced pass of the fp32 model (``TransformerSeq2Seq.decode_teacher``),
        so the search stays untouched.  ``heads[l, h]`` lines up with ``Translation.attention``: row
        ``i`` is the step that emitted output token ``i`` (the EOS row included), column ``j`` is
        source token ``j`` (the source EOS last), and ``heads[-1].mean(0)`` is ``attention`` itself
        (to float rounding after an fp32 search; an int8 search differs by its rounding).  None for an
        RNN model (it has one attention) or a sentence passed through.

        Parameters
        ----------
        source : Translation or sequence of int
            A ``Translation`` from this engine (its ``source_ids``), or the source ids the model saw
            (no EOS: it is appended, as the search does).
        output : Alternative or sequence of int, optional
            With a ``Translation``: one of its ``nbest`` entries; default its best output.  With
            source ids: the output ids, ending with EOS when the output ended.
        """
        from .search import encode_sources
        from .tokenizer import BOS_ID

        if isinstance(source, Translation):
            if source.passthrough or not source.nbest:
                return None
            src_ids = list(source.source_ids)
            ids = list((output if isinstance(output, Alternative) else source.nbest[0]).token_ids)
        else:
            src_ids, ids = [int(i) for i in source], [int(i) for i in (output or [])]
        with self._lock, torch.no_grad():
            model = self._package.model  # fp32: ``decoding_model`` may be an int8 copy
            if getattr(model.cfg, "arch", "rnn") != "transformer":
                return None
            Ld, H, S = model.cfg.dec_layers, model.cfg.heads, len(src_ids) + 1
            if not ids:
                return np.zeros((Ld, H, 0, S), np.float32)
            src, lens = encode_sources([src_ids], self.device)
            tgt_in = torch.tensor([[BOS_ID] + ids[:-1]], device=self.device)  # [1, L]: row i is fed token i-1
            cross = model.decode_teacher(model.encode(src, lens), tgt_in).cross_attention[0]  # [L, Ld, H, S]
            heads = cross.permute(1, 2, 0, 3).float().cpu().numpy()  # [Ld, H, L, S]
        return np.ascontiguousarray(heads, dtype=np.float32)

    def _text_translation(self, text: str, sp, sentences: list[Translation], t0: float) -> TextTranslation:
        elapsed = time.perf_counter() - t0
        return TextTranslation(source=text, text=join_text(sp, [t.text for t in sentences], self.info.target_lang),
                               sentences=sentences, elapsed=elapsed, words_per_s=self._rate(sentences, elapsed),
                               wrong_script=self.wrong_script(text), reranked=any(t.reranked for t in sentences))

    def __repr__(self) -> str:
        return f"Engine({self.info.name!r}, {self.info.direction}, {self.device_name})"
