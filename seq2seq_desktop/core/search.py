"""Decoding over the model's step interface: greedy, batched beam search and sampling.

Conventions shared with the trainer
-----------------------------------
* **The search appends EOS to every source** (``encode_sources``).  The trainer imports the same
  function, so the model always sees ``src = ids + [EOS]``; decoder input is ``[BOS] + tgt`` and
  decoder output ``tgt + [EOS]``.  Because of the appended EOS, every attention matrix has
  ``T_src = len(src_ids) + 1`` columns, the last one for the source EOS.
* **Output length.**  A sentence of ``n`` source tokens (EOS not counted) gets at most
  ``max_output_len(n, cfg) = ceil(cfg.max_len_ratio * n) + cfg.max_len_offset`` decoder steps.  A
  hypothesis still running after that many steps is kept as it is (no EOS row).
* **Scores.**  ``Hypothesis.score`` is the sum of the model's log-probabilities of every emitted
  token, EOS included when the hypothesis ended with it; ``norm_score = score / L**alpha`` with
  ``L`` the number of emitted tokens (EOS included), which is also the number of attention rows and
  of ``token_probs`` entries.  Finished beam hypotheses are ranked by ``norm_score``.
* **Anti-LM reranking** (``cfg.anti_lm = w > 0``, beam search only): the beam keeps all k
  hypotheses and ranks them by ``norm_score = (score - w * U) / L**alpha`` instead, where ``U`` is
  the log-probability of the hypothesis's first ``ANTI_LM_PREFIX`` tokens (EOS never counted)
  given an *empty* source;
  ``score`` stays the model's own log-probability.
* **Masked tokens.**  PAD and BOS are never emitted; UNK is not emitted when ``cfg.suppress_unk``;
  ``cfg.no_repeat_ngram = n > 0`` forbids repeating any n-gram within one hypothesis.  Masking
  sets log-probabilities to ``-inf`` *after* the softmax, so reported probabilities are the
  model's own.  n-grams are compared by *surface form* when the caller passes ``surface`` (one
  class id per token id, ``surface_classes``): ``▁とても`` and ``とても`` are different pieces of
  the same word, and without the mapping "とてもとてもとても" repeats no n-gram of ids.

* **Shortlists.**  With ``shortlist`` (``core.shortlist``) greedy and beam search score only the
  batch's shortlisted target ids: the step's logits have one column per shortlisted id (V' of
  them), log-probabilities are normalised over those, and ``Columns`` turns a chosen column back
  into its token id, so histories and hypotheses always hold token ids.  Sampling, traces and
  anti-LM always use the full vocabulary.

Shapes: B = sentences, k = beam width, R = decoder rows (B, B*k or B*n_samples),
S = padded source length (EOS included), V = target vocabulary, t = steps so far.

Every search is one generator that yields a ``SearchStep`` per decoder step and active sentence
(only when streaming) and *returns* ``list[list[Hypothesis]]``; ``decode_batch`` just runs it to
the end.

Explaining (``decode_steps(..., trace=N)``): every streamed step also carries a ``StepDetail``: the
live hypotheses before the step with their N likeliest next tokens, the candidates the search
weighed and what it did with each (kept, finished, pruned), and for sampling the distribution after
temperature and after the top-k / top-p cut.  It is recorded by the searches themselves, so what
the decoding explorer shows is what the translator does.  ``prefix`` forces the first tokens of
every output (prefix-constrained decoding: "what if the model had said this?"); the search
continues from there as usual.  A forced token is scored with the model's own log-probability.

The generators are decorated with ``torch.inference_mode()``, which torch applies around each
resume only, so the consumer's code between steps never runs in inference mode.
"""
from __future__ import annotations

import logging
import math
from collections.abc import Generator, Sequence
from dataclasses import dataclass, replace

import numpy as np
import torch
import torch.nn.functional as F
from torch import Tensor

from .config import DecodeConfig
from .generators import run_to_end
from .shortlist import Columns, OutputRows, Shortlist, output_rows
from .tokenizer import BOS_ID, EOS_ID, PAD_ID, UNK_ID

__all__ = [
    "Hypothesis",
    "sample_pool",
    "SearchStep",
    "encode_sources",
    "max_output_len",
    "decode_batch",
    "decode_steps",
    "greedy_search",
    "beam_search",
    "sample_search",
    "surface_classes",
    "StepDetail",
    "RowDetail",
    "Candidate",
]

logger = logging.getLogger(__name__)

SearchGenerator = Generator["SearchStep", None, "list[list[Hypothesis]]"]

#: target positions ``sequence_logprob`` projects onto the vocabulary at once: 64 x 8k fp32 logits
#: are 2 MB (and as much again for logsumexp), whatever the batch; a whole batch at once grows with
#: it (``rerank_by_reverse``'s 256 hypotheses of 40 pieces would be 330 MB).  64 rather than 256:
#: the same speed, and the check's share of the peak is smaller while it runs beside a beam search
#: (``core.overlap``)
SCORE_POSITIONS = 64


@dataclass(frozen=True)
class Hypothesis:
    """One output sequence for one source sentence.

    Attributes
    ----------
    token_ids : list[int]
        Output token ids, without BOS and without EOS.
    score : float
        Sum of the log-probabilities of the emitted tokens (EOS included if emitted).
    norm_score : float
        ``score / L**alpha`` where ``L`` is the number of emitted tokens (EOS included).
    token_probs : list[float]
        Probability of every emitted token, ``L`` entries (the last one is EOS's when
        ``ended``).
    attention : np.ndarray
        ``[L, T_src]`` float32 attention weights, one row per emitted token (EOS row included);
        ``T_src = len(src_ids) + 1`` (the source EOS is the last column).  Rows sum to 1.
    """

    token_ids: list[int]
    score: float
    norm_score: float
    token_probs: list[float]
    attention: np.ndarray

    @property
    def ended(self) -> bool:
        """True when the hypothesis ended with EOS (False when cut at the length limit)."""
        return self.attention.shape[0] == len(self.token_ids) + 1


@dataclass(frozen=True)
class RowDetail:
    """One live hypothesis at the start of a step, and what the model proposes after it.

    Attributes
    ----------
    token_ids : list[int]
        The hypothesis so far (no BOS).
    score : float
        Its cumulative log-probability.
    top_ids, top_probs : list[int], list[float]
        The likeliest next tokens, most likely first, and the model's probability of each.  Tokens
        the search may not emit (PAD, BOS, UNK when suppressed, no-repeat bans) are left out, so
        the probabilities sum to at most 1.
    attention_row : np.ndarray
        ``[T_src]`` where the decoder looked while computing this step.
    tempered_probs, sampled_probs : list[float] or None
        Sampling only: the same tokens' probabilities after temperature, and after the top-k /
        top-p cut (0 for a token the cut removed); what the draw used.
    sample_kept : int or None
        Sampling only: how many tokens of the whole vocabulary survived the cut.
    """

    token_ids: list[int]
    score: float
    top_ids: list[int]
    top_probs: list[float]
    attention_row: np.ndarray
    tempered_probs: list[float] | None = None
    sampled_probs: list[float] | None = None
    sample_kept: int | None = None


@dataclass(frozen=True)
class Candidate:
    """One extension the search weighed at a step: row ``row`` of ``StepDetail.rows`` plus ``token_id``.

    ``status`` is ``"kept"`` (continues as beam ``beam``, the index it has in the next step's
    ``rows``), ``"finished"`` (ended with EOS and joined the finished hypotheses) or ``"pruned"``
    (fell out of the beam).  ``norm_score = score / (step + 1) ** alpha``, the length-normalised
    score it would have if it ended here.
    """

    row: int
    token_id: int
    prob: float
    score: float
    norm_score: float
    status: str
    beam: int | None = None


@dataclass(frozen=True)
class StepDetail:
    """What one decoder step of one sentence looked like (``decode_steps(..., trace=N)``).

    ``candidates`` are, for beam search, the 2k best extensions in score order; for greedy search
    and sampling, the one token chosen.  ``forced`` is True when the token came from ``prefix``.
    """

    rows: list[RowDetail]
    candidates: list[Candidate]
    forced: bool = False


@dataclass(frozen=True)
class SearchStep:
    """The current best partial hypothesis of one sentence after one decoder step.

    Attributes
    ----------
    sentence : int
        Index of the sentence in ``src_ids``.
    step : int
        0-based decoder step.
    token_ids : list[int]
        Tokens of the best partial hypothesis *including* the one emitted at this step, so
        ``len(token_ids) == step + 1 == attention.shape[0]``.  On the step where the sentence
        ends, the last id is ``EOS_ID``.
    attention_row : np.ndarray
        ``[T_src]`` attention of this step (``attention[-1]``).
    attention : np.ndarray
        ``[step + 1, T_src]`` all attention rows of the partial hypothesis.
    prob : float
        Probability of the token emitted at this step.
    detail : StepDetail or None
        Only when the search was asked to ``trace``.
    """

    sentence: int
    step: int
    token_ids: list[int]
    attention_row: np.ndarray
    attention: np.ndarray
    prob: float
    detail: StepDetail | None = None


# --------------------------------------------------------------------------------------- helpers
def encode_sources(src_ids: Sequence[Sequence[int]], device: str | torch.device = "cpu") -> tuple[Tensor, Tensor]:
    """Append EOS to every source and pad them into one batch.

    Parameters
    ----------
    src_ids : sequence of sequence of int
        B token-id lists without BOS/EOS (an empty list is allowed: it becomes ``[EOS]``).
    device : str or torch.device
        Where to put the tensors.

    Returns
    -------
    src : Tensor
        ``[B, S]`` int64, ``S = max(len) + 1``, right-padded with ``PAD_ID``.
    lens : Tensor
        ``[B]`` int64 lengths including the EOS (always >= 1).
    """
    lens = [len(s) + 1 for s in src_ids]
    width = max(lens, default=1)
    src = torch.full((len(lens), width), PAD_ID, dtype=torch.long)
    for i, ids in enumerate(src_ids):
        src[i, : lens[i]] = torch.tensor([*map(int, ids), EOS_ID], dtype=torch.long)
    return src.to(device), torch.tensor(lens, dtype=torch.long, device=device)


def max_output_len(src_len: int, cfg: DecodeConfig) -> int:
    """Return the decoder steps allowed for a source of ``src_len`` tokens (EOS not counted), >= 1."""
    return max(1, math.ceil(cfg.max_len_ratio * src_len) + cfg.max_len_offset)


def surface_classes(surfaces: Sequence[str]) -> list[int]:
    """One class id per token id: the smallest id whose surface text is the same.

    ``surfaces[i]`` is token ``i``'s text without the word-boundary mark (``Tokenizer.pieces``
    gives exactly that).  Empty surfaces and the special tokens keep their own id.
    """
    first: dict[str, int] = {}
    out = []
    for i, text in enumerate(surfaces):
        special = i in (PAD_ID, UNK_ID, BOS_ID, EOS_ID) or not text or text == "\u2581"
        out.append(i if special else first.setdefault(text, i))
    return out


def _mask_logp(logp: Tensor, history: Tensor, cfg: DecodeConfig, surface: Tensor | None = None,
               cols: Columns | None = None) -> Tensor:
    """Apply token bans to log-probs ``[R, V]`` given each row's emitted tokens ``history [R, t]``.

    ``surface`` (``[V]`` class ids, see ``surface_classes``) makes no-repeat compare surface forms.
    ``cols`` says which token each column is when the logits cover a shortlist (``[R, V']``).
    """
    restricted = cols is not None and cols.restricted
    banned = [PAD_ID, BOS_ID] + ([UNK_ID] if cfg.suppress_unk else [])
    logp[:, cols.columns_of(banned) if restricted else banned] = float("-inf")
    n = cfg.no_repeat_ngram
    if n > 0 and history.size(1) >= n:
        hist = surface[history] if surface is not None else history  # [R, t] class ids
        # windows [R, W, n] of every n-gram so far; a window whose first n-1 tokens equal the
        # row's last n-1 tokens bans its last token (it would repeat that n-gram)
        windows = hist.unfold(1, n, 1)
        prefix = hist[:, hist.size(1) - (n - 1):].unsqueeze(1)  # [R, 1, n-1]
        match = (windows[:, :, : n - 1] == prefix).all(-1)  # [R, W]
        vocab = cols.vocab_size if restricted else logp.size(1)
        ban = logp.new_zeros(logp.size(0), vocab).scatter_add_(1, windows[:, :, -1], match.to(logp.dtype))  # by class
        if surface is not None:
            ban = ban[:, surface]  # [R, V]: a token is banned when its class is
        if restricted:
            ban = cols.restrict(ban)
        logp = logp.masked_fill(ban > 0, float("-inf"))
    return logp


def _top(logp: Tensor, n: int) -> tuple[list[int], list[float]]:
    """The ``n`` likeliest allowed tokens of one row's log-probs ``[V]``: ids and probabilities, descending."""
    values, ids = logp.topk(min(n, logp.numel()))
    keep = torch.isfinite(values)
    return ids[keep].tolist(), values[keep].exp().tolist()


def _forced(raw: Tensor, token: int) -> Tensor:
    """Log-probs ``[R, V]`` that allow only ``token`` (with the model's own log-probability)."""
    out = torch.full_like(raw, float("-inf"))
    out[:, token] = raw[:, token]
    return out


def _make_hypothesis(tokens: list[int], logps: np.ndarray, attention: np.ndarray, alpha: float) -> Hypothesis:
    """Build a Hypothesis from emitted ``tokens`` (maybe ending in EOS), their log-probs and attention."""
    score = math.fsum(float(x) for x in logps)  # exact sum: greedy and beam agree to the bit
    length = max(1, len(tokens))
    ids = tokens[:-1] if tokens and tokens[-1] == EOS_ID else tokens
    return Hypothesis(token_ids=list(ids), score=score, norm_score=score / length ** alpha,
                      token_probs=[math.exp(float(x)) for x in logps],
                      attention=np.asarray(attention, dtype=np.float32))


def _finalise(hist_tok: Tensor, hist_logp: Tensor, hist_attn: Tensor, rows: list[int], src_lens: list[int],
              alpha: float) -> list[Hypothesis]:
    """Hypotheses of history ``rows`` (one device-to-host copy per tensor, not per row).

    ``hist_tok`` / ``hist_logp`` are ``[R, t]``, ``hist_attn`` ``[R, t, S]``; ``src_lens[j]`` is the
    real source length (EOS included) of ``rows[j]``.
    """
    if not rows:
        return []
    idx = torch.tensor(rows, dtype=torch.long, device=hist_tok.device)
    toks = hist_tok[idx].tolist()
    logps = hist_logp[idx].float().cpu().numpy()
    attn = hist_attn[idx].float().cpu().numpy()
    return [_make_hypothesis(toks[j], logps[j], attn[j, :, : src_lens[j]].copy(), alpha) for j in range(len(rows))]


def _trim(attn: Tensor, src_len: int) -> np.ndarray:
    """CPU float32 copy of attention ``[..., S]`` cut to the sentence's real columns."""
    return attn[..., :src_len].float().cpu().numpy()


def _prepare(model, src_ids: Sequence[Sequence[int]], device) -> tuple:
    """Encode the batch: returns (enc, src_lens list incl. EOS)."""
    src, lens = encode_sources(src_ids, device)
    enc = model.encode(src, lens)  # EncoderOutput, rows [B]
    return enc, [len(s) + 1 for s in src_ids]


# --------------------------------------------------------------------------- greedy and sampling
@torch.inference_mode()
def _row_search(model, src_ids: Sequence[Sequence[int]], cfg: DecodeConfig, device, stream: bool,
                sample: bool, surface: Tensor | None = None, trace: int = 0,
                prefix: Sequence[int] = (), vocab: Tensor | None = None) -> SearchGenerator:
    """Greedy (``sample=False``) or sampling search; one independent row per output.

    Sampling draws ``sample_pool(cfg)`` rows per sentence and keeps the ``cfg.n_best`` best by
    ``norm_score``; greedy uses one.  Finished rows are dropped from the batch so later steps only
    compute what is still running.  ``trace``, ``prefix`` and ``vocab`` (a shortlist's target ids, for
    greedy only): see the module docstring.
    """
    B = len(src_ids)
    per = sample_pool(cfg) if sample else 1
    if B == 0:
        return []
    enc, src_lens = _prepare(model, src_ids, device)
    R = B * per
    if per > 1:
        enc = enc.select(torch.arange(B, device=device).repeat_interleave(per))  # rows [R]
    row_sent = [r // per for r in range(R)]
    row_max = [max_output_len(len(src_ids[s]), cfg) for s in row_sent]
    gen = None
    if sample:
        gen = torch.Generator(device=torch.device(device))
        if cfg.seed is None:
            gen.seed()
        else:
            gen.manual_seed(int(cfg.seed))

    state = model.init_state(enc)
    tokens = torch.full((R,), BOS_ID, dtype=torch.long, device=device)  # [R'] (R' = live rows)
    live = list(range(R))  # original row index of each live row
    hist_tok = torch.empty(R, 0, dtype=torch.long, device=device)  # [R', t]
    hist_logp = torch.empty(R, 0, dtype=torch.float32, device=device)  # [R', t]
    hist_attn = enc.states.new_zeros(R, 0, enc.mask.size(1))  # [R', t, S]
    results: list[Hypothesis | None] = [None] * R
    cols, out_rows = _columns(model, None if sample else vocab)

    for t in range(max(row_max)):
        out = _step(model, enc, state, tokens, out_rows)  # logits [R', V], attention [R', S]
        forced = t < len(prefix)
        raw = F.log_softmax(out.logits.float(), dim=-1)
        logp = _mask_logp(raw.clone() if forced else raw, hist_tok, cfg, surface, cols)
        tempered = cut = None
        if forced:
            choice = torch.full((len(live),), int(prefix[t]), dtype=torch.long, device=device)
            # the model's own log-probability, bans or not
            chosen = raw.gather(1, torch.full_like(choice, cols.column(int(prefix[t]))).unsqueeze(1))
        else:
            if sample:
                tempered, cut = _sample_distribution(out.logits.float(), logp, cfg, with_tempered=trace > 0)
                choice = torch.multinomial(cut, 1, generator=gen).squeeze(1)
                chosen = logp.gather(1, choice.unsqueeze(1))  # [R', 1]
            else:
                col = logp.argmax(dim=-1)  # first maximum on ties (documented torch behaviour)
                chosen = logp.gather(1, col.unsqueeze(1))  # [R', 1]
                choice = cols.token(col)
        if stream and trace:
            details = {i: _row_detail(i, hist_tok, hist_logp, logp, out.attention, tempered, cut, choice, chosen,
                                      src_lens[row_sent[r]], t, cfg, trace, forced)
                       for i, r in enumerate(live) if r % per == 0}
        hist_tok = torch.cat([hist_tok, choice.unsqueeze(1)], dim=1)
        hist_logp = torch.cat([hist_logp, chosen.float()], dim=1)
        hist_attn = torch.cat([hist_attn, out.attention.unsqueeze(1)], dim=1)

        choice_l = choice.tolist()
        done = [c == EOS_ID or t + 1 >= row_max[live[i]] for i, c in enumerate(choice_l)]
        if stream:
            for i, r in enumerate(live):
                if r % per == 0:  # stream the first sample (the only row for greedy)
                    attn = _trim(hist_attn[i], src_lens[row_sent[r]])
                    yield SearchStep(sentence=row_sent[r], step=t, token_ids=hist_tok[i].tolist(),
                                     attention_row=attn[-1], attention=attn, prob=math.exp(float(chosen[i])),
                                     detail=details[i] if trace else None)
        if any(done):
            fin = [i for i, d in enumerate(done) if d]
            fin_rows = [live[i] for i in fin]
            for r, hyp in zip(fin_rows, _finalise(hist_tok, hist_logp, hist_attn, fin,
                                                  [src_lens[row_sent[r]] for r in fin_rows], cfg.alpha)):
                results[r] = hyp
            keep = [i for i, d in enumerate(done) if not d]
            if not keep:
                break
            idx = torch.tensor(keep, dtype=torch.long, device=device)
            live = [live[i] for i in keep]
            enc, state = enc.select(idx), out.state.select(idx)
            hist_tok, hist_logp, hist_attn = hist_tok[idx], hist_logp[idx], hist_attn[idx]
            choice = choice[idx]
        else:
            state = out.state
        tokens = choice

    nbest = [[] for _ in range(B)]
    for r, hyp in enumerate(results):
        nbest[row_sent[r]].append(hyp)
    for hyps in nbest:
        hyps.sort(key=lambda h: h.norm_score, reverse=True)
        del hyps[cfg.n_best:]
    return nbest


def sample_pool(cfg: DecodeConfig) -> int:
    """How many replies sampling draws per source before keeping the ``n_best`` best."""
    return max(cfg.n_best, cfg.candidates)


def _row_detail(i: int, hist_tok: Tensor, hist_logp: Tensor, logp: Tensor, attention: Tensor, tempered, cut,
                choice: Tensor, chosen: Tensor, src_len: int, t: int, cfg: DecodeConfig, trace: int,
                forced: bool) -> StepDetail:
    """``StepDetail`` of live row ``i`` of greedy search or sampling (histories not yet extended)."""
    ids, probs = _top(logp[i], trace)
    tempered_probs = sampled_probs = kept = None
    if cut is not None:
        index = torch.tensor(ids, dtype=torch.long, device=logp.device)
        tempered_probs = tempered[i, index].tolist()
        sampled_probs = cut[i, index].tolist()
        kept = int((cut[i] > 0).sum())
    score = math.fsum(hist_logp[i].tolist())
    row = RowDetail(token_ids=hist_tok[i].tolist(), score=score, top_ids=ids, top_probs=probs,
                    attention_row=attention[i, :src_len].float().cpu().numpy(), tempered_probs=tempered_probs,
                    sampled_probs=sampled_probs, sample_kept=kept)
    token, lp = int(choice[i]), float(chosen[i])
    ended = token == EOS_ID
    cand = Candidate(row=0, token_id=token, prob=math.exp(lp), score=score + lp,
                     norm_score=(score + lp) / (t + 1) ** cfg.alpha, status="finished" if ended else "kept",
                     beam=None if ended else 0)
    return StepDetail(rows=[row], candidates=[cand], forced=forced)


def _sample_distribution(logits: Tensor, logp: Tensor, cfg: DecodeConfig,
                         with_tempered: bool = False) -> tuple[Tensor | None, Tensor]:
    """What sampling draws from: ``softmax(logits [R, V] / temperature)`` cut by top-k / top-p.

    Tokens masked in ``logp`` (``-inf``) get probability 0.  Returns the tempered distribution
    before the cut (only ``with_tempered``, for the explorer) and the one after it.
    """
    scores = (logits / cfg.temperature).masked_fill(torch.isinf(logp), float("-inf"))
    tempered = scores.softmax(-1) if with_tempered else None
    if cfg.top_k > 0 and cfg.top_k < scores.size(-1):
        kth = scores.topk(cfg.top_k, dim=-1).values[:, -1:]  # [R, 1]
        scores = scores.masked_fill(scores < kth, float("-inf"))
    if cfg.top_p < 1.0:
        sorted_scores, order = scores.sort(dim=-1, descending=True)
        probs = sorted_scores.softmax(-1)
        # drop a token when the tokens *before* it already cover top_p (the first is always kept)
        drop = (probs.cumsum(-1) - probs) >= cfg.top_p
        scores = scores.masked_fill(drop.scatter(1, order, drop), float("-inf"))
    return tempered, scores.softmax(-1)


# ------------------------------------------------------------------------------------ beam search
@torch.inference_mode()
def _beam_search(model, src_ids: Sequence[Sequence[int]], cfg: DecodeConfig, device,
                 stream: bool, surface: Tensor | None = None, trace: int = 0,
                 prefix: Sequence[int] = (), vocab: Tensor | None = None) -> SearchGenerator:
    """Batched beam search: all k beams of all B sentences are rows of one ``[B*k, ...]`` batch.

    Each step scores every (beam, token) extension, keeps the 2k best per sentence, finalises the
    EOS extensions among the k best and continues with the k best non-EOS extensions (there are
    always k: each beam contributes at most one EOS).  A sentence stops when it has k finished
    hypotheses or reaches its length limit, where its live beams are kept without EOS.  Stopped
    sentences leave the batch (``select``), so the batch shrinks as sentences finish.
    While ``prefix`` is forced, each beam may only extend with the forced token, so the beam holds
    one hypothesis until the prefix ends.  With ``trace`` the finished hypotheses are all returned
    (sorted), not only the ``n_best``: the explorer re-ranks them for another alpha.  ``vocab`` (a
    shortlist's target ids) restricts every step's candidates to those tokens.
    """
    B, k = len(src_ids), cfg.beam_width
    if B == 0:
        return []
    enc, src_lens = _prepare(model, src_ids, device)
    enc = enc.select(torch.arange(B, device=device).repeat_interleave(k))  # rows [B*k]
    sent = list(range(B))  # original sentence index of each live sentence (B' live)
    sent_max = [max_output_len(len(s), cfg) for s in src_ids]
    finished: list[list[Hypothesis]] = [[] for _ in range(B)]

    state = model.init_state(enc)
    tokens = torch.full((B * k,), BOS_ID, dtype=torch.long, device=device)  # [B'*k]
    # all beams start identical: only beam 0 may extend at step 0, or the first step would
    # fill the beam with k copies of the same hypothesis
    scores = torch.full((B, k), float("-inf"), dtype=torch.float64, device=device)  # [B', k]
    scores[:, 0] = 0.0
    hist_tok = torch.empty(B * k, 0, dtype=torch.long, device=device)  # [B'*k, t]
    hist_logp = torch.empty(B * k, 0, dtype=torch.float32, device=device)  # [B'*k, t]
    hist_attn = enc.states.new_zeros(B * k, 0, enc.mask.size(1))  # [B'*k, t, S]
    ranks = torch.arange(2 * k, device=device)
    cols, out_rows = _columns(model, vocab)

    for t in range(max(sent_max)):
        Bl = len(sent)
        out = _step(model, enc, state, tokens, out_rows)  # logits [B'*k, V], attention [B'*k, S]
        forced = t < len(prefix)
        raw = F.log_softmax(out.logits.float(), dim=-1)
        logp = _mask_logp(raw.clone() if forced else raw, hist_tok, cfg, surface, cols)  # [B'*k, V]
        shown = logp  # what the model proposes, even while a prefix is forced
        if forced:
            logp = _forced(raw, cols.column(int(prefix[t])))
        # a sentence's 2k best extensions are among its beams' own 2k best tokens (one ranked below
        # 2k others of its own beam is below 2k candidates of the sentence), so each row is cut to
        # those before the scores are summed: [B'*k, 2k] instead of [B'*k, V]
        width = min(2 * k, logp.size(1))
        row_logp, row_col = logp.topk(width, dim=1)  # [B'*k, w] sorted
        # float64 running scores keep the order of candidates exactly that of their log-probs,
        # so beam width 1 picks the same token as greedy argmax
        cand = (scores.view(-1, 1) + row_logp.double()).view(Bl, k * width)
        top_scores, top_idx = cand.topk(min(2 * k, k * width), dim=1)  # [B', 2k] sorted
        C = top_idx.size(1)
        parent = top_idx // width + torch.arange(Bl, device=device).unsqueeze(1) * k  # row ids [B', 2k]
        tok = cols.token(row_col.view(Bl, k * width).gather(1, top_idx))  # [B', 2k] token ids
        tok_logp = row_logp.view(Bl, k * width).gather(1, top_idx)  # [B', 2k]
        is_eos = tok == EOS_ID
        finite = torch.isfinite(top_scores)

        # the k continuing beams: the first k non-EOS candidates (stable order by score)
        order = (is_eos.long() * C + ranks[:C]).argsort(dim=1)[:, :k]  # [B', k]
        new_rows = parent.gather(1, order).view(-1)  # [B'*k]
        new_tok = tok.gather(1, order)
        new_scores = top_scores.gather(1, order)
        new_logp = tok_logp.gather(1, order)

        # finalise EOS candidates ranked within the top k
        fin = is_eos & finite & (ranks[:C] < k).unsqueeze(0)  # [B', 2k]
        finite_l = torch.isfinite(new_scores).tolist()
        best_rows = parent[:, 0].tolist()
        fin_pos = fin.nonzero()  # [F, 2] (sentence position, candidate rank)
        if fin_pos.numel():
            bi, ci = fin_pos[:, 0], fin_pos[:, 1]
            rows = parent[bi, ci]
            f_tok = torch.cat([hist_tok[rows], tok[bi, ci].unsqueeze(1)], 1)
            f_logp = torch.cat([hist_logp[rows], tok_logp[bi, ci].unsqueeze(1).float()], 1)
            f_attn = torch.cat([hist_attn[rows], out.attention[rows].unsqueeze(1)], 1)
            owners = [sent[b] for b in bi.tolist()]
            hyps = _finalise(f_tok, f_logp, f_attn, list(range(len(owners))), [src_lens[s] for s in owners], cfg.alpha)
            for s, hyp in zip(owners, hyps):
                finished[s].append(hyp)

        if stream:
            best_tok = tok[:, 0].tolist()
            best_p = tok_logp[:, 0].tolist()
            if trace:
                details = _beam_details(k, t, cfg, trace, forced, scores, shown, hist_tok, hist_logp, out.attention,
                                        top_scores, parent, tok, tok_logp, fin, order, [src_lens[s] for s in sent])
            for b in range(Bl):
                if not math.isfinite(best_p[b]):
                    continue
                row = best_rows[b]
                attn = _trim(torch.cat([hist_attn[row], out.attention[row].unsqueeze(0)], 0), src_lens[sent[b]])
                yield SearchStep(sentence=sent[b], step=t, token_ids=hist_tok[row].tolist() + [best_tok[b]],
                                 attention_row=attn[-1], attention=attn, prob=math.exp(best_p[b]),
                                 detail=details[b] if trace else None)

        # extend the histories of the continuing beams (row order = new_rows)
        hist_tok = torch.cat([hist_tok[new_rows], new_tok.view(-1, 1)], 1)
        hist_logp = torch.cat([hist_logp[new_rows], new_logp.view(-1, 1).float()], 1)
        hist_attn = torch.cat([hist_attn[new_rows], out.attention[new_rows].unsqueeze(1)], 1)
        state = out.state.select(new_rows)

        done, cut_rows, cut_owners = [], [], []
        for b in range(Bl):
            s = sent[b]
            at_limit = t + 1 >= sent_max[s]
            if at_limit:  # keep the live beams, cut at the limit (no EOS row)
                live_rows = [b * k + j for j in range(k) if finite_l[b][j]]
                cut_rows += live_rows
                cut_owners += [s] * len(live_rows)
            done.append(at_limit or not any(finite_l[b]) or len(finished[s]) >= k)
        for s, hyp in zip(cut_owners, _finalise(hist_tok, hist_logp, hist_attn, cut_rows,
                                                [src_lens[s] for s in cut_owners], cfg.alpha)):
            finished[s].append(hyp)
        tokens = new_tok.view(-1)
        scores = new_scores
        if any(done):
            keep = [b for b in range(Bl) if not done[b]]
            if not keep:
                break
            kb = torch.tensor(keep, dtype=torch.long, device=device)
            rows = (kb.unsqueeze(1) * k + torch.arange(k, device=device)).view(-1)  # [B''*k]
            sent = [sent[b] for b in keep]
            enc, state = enc.select(rows), state.select(rows)
            hist_tok, hist_logp, hist_attn = hist_tok[rows], hist_logp[rows], hist_attn[rows]
            tokens, scores = tokens[rows], scores[kb]

    for hyps in finished:
        hyps.sort(key=lambda h: h.norm_score, reverse=True)
        if not trace:
            del hyps[cfg.n_best:]
    return finished


def _beam_details(k: int, t: int, cfg: DecodeConfig, trace: int, forced: bool, scores: Tensor, shown: Tensor,
                  hist_tok: Tensor, hist_logp: Tensor, attention: Tensor, top_scores: Tensor, parent: Tensor,
                  tok: Tensor, tok_logp: Tensor, fin: Tensor, order: Tensor, src_lens: list[int]) -> list[StepDetail]:
    """One ``StepDetail`` per live sentence of a beam step (histories not yet extended).

    Rows are the sentence's beams with a finite score, which are always its first beams: the
    continuing candidates are taken best first.
    """
    scores_l, top_l, parent_l = scores.tolist(), top_scores.tolist(), parent.tolist()
    tok_l, tok_logp_l, fin_l, order_l = tok.tolist(), tok_logp.tolist(), fin.tolist(), order.tolist()
    out = []
    for b, beam_scores in enumerate(scores_l):
        rows, row_of = [], {}
        for j, score in enumerate(beam_scores):
            if not math.isfinite(score):
                continue
            r = b * k + j
            ids, probs = _top(shown[r], trace)
            row_of[r] = len(rows)
            rows.append(RowDetail(token_ids=hist_tok[r].tolist(), score=math.fsum(hist_logp[r].tolist()), top_ids=ids,
                                  top_probs=probs, attention_row=attention[r, :src_lens[b]].float().cpu().numpy()))
        kept = {c: j for j, c in enumerate(order_l[b])}
        cands = []
        for c, score in enumerate(top_l[b]):
            if not math.isfinite(score):
                continue
            status = "finished" if fin_l[b][c] else "kept" if c in kept else "pruned"
            cands.append(Candidate(row=row_of[parent_l[b][c]], token_id=tok_l[b][c], prob=math.exp(tok_logp_l[b][c]),
                                   score=score, norm_score=score / (t + 1) ** cfg.alpha, status=status,
                                   beam=kept[c] if status == "kept" else None))
        out.append(StepDetail(rows=rows, candidates=cands, forced=forced))
    return out


# ------------------------------------------------------------------------------------ public API
def _columns(model, vocab: Tensor | None) -> tuple[Columns, OutputRows | None]:
    """The logits' columns for a search over ``vocab`` (a shortlist's ids) or the full vocabulary,
    and the output-layer rows that compute them."""
    if vocab is None:
        return Columns(0), None
    return Columns(int(model.cfg.tgt_vocab_size), vocab), output_rows(model, vocab)


def _step(model, enc, state, tokens: Tensor, rows: OutputRows | None):
    """One decoder step; over a shortlist's ``rows`` when given (models without shortlists take three arguments)."""
    return model.decode_step(enc, state, tokens) if rows is None else model.decode_step(enc, state, tokens, rows)


def _surface_tensor(surface: Sequence[int] | None, cfg: DecodeConfig, device) -> Tensor | None:
    """``surface`` as a ``[V]`` tensor on ``device``, or None when no-repeat is off (it is unused then)."""
    if surface is None or cfg.no_repeat_ngram <= 0:
        return None
    return torch.as_tensor(list(surface), dtype=torch.long, device=device)


def _dispatch(model, src_ids, cfg: DecodeConfig, device, stream: bool,
              surface: Sequence[int] | None = None, trace: int = 0, prefix: Sequence[int] = (),
              shortlist: Shortlist | None = None) -> SearchGenerator:
    cfg.validate()
    src_ids = [list(s) for s in src_ids]
    classes = _surface_tensor(surface, cfg, device)
    extra = {"surface": classes, "trace": trace, "prefix": [int(x) for x in prefix]}
    if cfg.sample:
        return _row_search(model, src_ids, cfg, device, stream, sample=True, **extra)
    # a shortlist is for translating: the explorer's traces show the model's whole distribution
    if shortlist is not None and not trace and not cfg.anti_lm:
        extra["vocab"] = shortlist.ids_for(src_ids, extra["prefix"]).to(device)
    if cfg.beam_width == 1:
        return _row_search(model, src_ids, cfg, device, stream, sample=False, **extra)
    if cfg.anti_lm > 0:
        return _anti_lm_search(model, src_ids, cfg, device, stream, **extra)
    return _beam_search(model, src_ids, cfg, device, stream, **extra)


# A chatbot trained on conversations learns that "I don't know." fits after almost anything, so beam
# search, which looks for the likeliest reply, finds it.  MMI-antiLM (Li et al. 2016, "A Diversity-
# Promoting Objective Function for Neural Conversation Models") subtracts how likely a reply is with
# no input at all.  Only its first few tokens are penalised: that is where bland replies give
# themselves away, and penalising the whole reply would also reward broken grammar.
ANTI_LM_PREFIX = 5


@torch.inference_mode()
def _anti_lm_search(model, src_ids: Sequence[Sequence[int]], cfg: DecodeConfig, device,
                    stream: bool, surface: Tensor | None = None, trace: int = 0,
                    prefix: Sequence[int] = ()) -> SearchGenerator:
    """Beam search keeping all k hypotheses, reranked by ``norm_score`` with the anti-LM term."""
    nbest = yield from _beam_search(model, src_ids, replace(cfg, n_best=cfg.beam_width, anti_lm=0.0), device, stream,
                                    surface, trace, prefix)
    flat = [h for hyps in nbest for h in hyps]
    if not flat:
        return nbest
    # EOS is left out: "I haven't" ending abruptly is unlikely without an input, so counting EOS
    # would reward replies that drop their final punctuation
    targets = [h.token_ids[:ANTI_LM_PREFIX] for h in flat]
    unconditional = unconditional_logprob(model, targets, device)
    out, pos = [], 0
    for hyps in nbest:
        reranked = []
        for h in hyps:
            length = max(1, len(h.token_probs))
            reranked.append(replace(h, norm_score=(h.score - cfg.anti_lm * unconditional[pos]) / length ** cfg.alpha))
            pos += 1
        reranked.sort(key=lambda h: h.norm_score, reverse=True)
        out.append(reranked[: cfg.n_best])
    return out


@torch.inference_mode()
def sequence_logprob(model, src_ids: Sequence[Sequence[int]], targets: Sequence[Sequence[int]],
                     device: str | torch.device = "cpu", *, shortlist: Shortlist | None = None) -> list[float]:
    """Teacher-forced log-probability of each ``targets[i]`` given ``src_ids[i]`` (one batch).

    A target is scored as given: append ``EOS_ID`` to count the end of the sentence.  With
    ``shortlist`` every position is normalised over the batch's shortlist, which holds every
    target id: the reverse check compares hypotheses of one source, scored over the same pieces.
    """
    if not targets:
        return []
    rows = len(targets)
    src, lens = encode_sources(src_ids, device)
    width = max(1, max(len(t) for t in targets))
    tgt_in = torch.full((rows, width), PAD_ID, dtype=torch.long)
    tgt_out = torch.full((rows, width), PAD_ID, dtype=torch.long)
    for i, t in enumerate(targets):
        tgt_in[i, : len(t)] = torch.tensor([BOS_ID, *map(int, t)][: len(t)], dtype=torch.long)
        tgt_out[i, : len(t)] = torch.tensor(list(map(int, t)), dtype=torch.long)
    tgt_in, tgt_out = tgt_in.to(device), tgt_out.to(device)
    features, _ = model.teacher_features(model.encode(src, lens), tgt_in)  # [rows, width, E]
    # only the real (non-PAD) positions are projected, SCORE_POSITIONS at a time: the logits of a
    # whole batch ([rows, width, V], 8k pieces wide) would be the reverse check's largest tensor,
    # and about a fifth of its positions are padding
    real = tgt_out != PAD_ID
    features, gold = features[real], tgt_out[real]  # [N, E], [N]
    out_rows = None
    if shortlist is not None:
        ids = shortlist.ids_for(src_ids, (int(x) for t in targets for x in t)).to(device)
        out_rows = output_rows(model, ids)
        gold = Columns(int(model.cfg.tgt_vocab_size), ids).restrict_ids(gold)
    logp = torch.cat([_gold_logprob(model.output_logits(features[i:i + SCORE_POSITIONS], out_rows),
                                    gold[i:i + SCORE_POSITIONS])
                      for i in range(0, gold.numel(), SCORE_POSITIONS)]) if gold.numel() else gold.float()
    row_of = real.nonzero()[:, 0]  # the same row-major order as features[real]
    return torch.zeros(rows, device=logp.device).index_add_(0, row_of, logp).tolist()


def _gold_logprob(logits: Tensor, gold: Tensor) -> Tensor:
    """log p(gold[i]) under logits [N, V], gathered from their log-softmax.  (``torch.logsumexp``
    would save writing the [N, V] copy, but it makes four passes over it and takes twice as long on
    one thread: 0.95 against 0.56 ms for the check's 64 x 8,018.)"""
    return torch.log_softmax(logits.float(), dim=-1).gather(-1, gold.unsqueeze(-1)).squeeze(-1)


def unconditional_logprob(model, targets: Sequence[Sequence[int]], device: str | torch.device = "cpu") -> list[float]:
    """Log-probability of each token sequence given an empty source (the anti-LM term)."""
    return sequence_logprob(model, [[] for _ in targets], targets, device)


def decode_batch(model, src_ids: Sequence[Sequence[int]], cfg: DecodeConfig,
                 device: str | torch.device = "cpu", *, surface: Sequence[int] | None = None,
                 shortlist: Shortlist | None = None) -> list[list[Hypothesis]]:
    """Decode a batch of sources; the n-best hypotheses of each, best first.

    Greedy when ``cfg.beam_width == 1`` (identical to beam search of width 1), batched beam
    search otherwise, sampling (``sample_pool(cfg)`` samples, the ``n_best`` best) when ``cfg.sample``.

    Parameters
    ----------
    model
        A ``Seq2Seq`` (or anything with its ``encode`` / ``init_state`` / ``decode_step``), on
        ``device``, in eval mode.
    src_ids : sequence of sequence of int
        B source id lists *without* EOS (``encode_sources`` appends it).
    cfg : DecodeConfig
        Search settings (validated here).
    device : str or torch.device
        The model's device.
    surface : sequence of int, optional
        ``surface_classes`` of the target vocabulary: no-repeat n-grams then compare surface forms.
    shortlist : Shortlist, optional
        Greedy and beam search score only the batch's shortlist (``core.shortlist``); sampling
        ignores it.

    Returns
    -------
    list[list[Hypothesis]]
        B lists of at most ``cfg.n_best`` hypotheses (beam search may find fewer), best first.
    """
    return run_to_end(_dispatch(model, src_ids, cfg, device, stream=False, surface=surface, shortlist=shortlist))


def decode_steps(model, src_ids: Sequence[Sequence[int]], cfg: DecodeConfig,
                 device: str | torch.device = "cpu", *, surface: Sequence[int] | None = None,
                 trace: int = 0, prefix: Sequence[int] = (), shortlist: Shortlist | None = None) -> SearchGenerator:
    """Like ``decode_batch`` but yield a ``SearchStep`` per decoder step and live sentence.

    Stop iterating to cancel; nothing needs cleaning up.  The generator's return value (the
    ``StopIteration.value``) is the same as ``decode_batch``'s, except that with ``trace`` beam
    search returns every finished hypothesis (best first), not only the ``n_best``.

    ``trace = N > 0`` attaches a ``StepDetail`` with the N likeliest next tokens of every live
    hypothesis to each step (over the full vocabulary: ``shortlist`` is ignored then); ``prefix``
    forces the outputs to begin with those token ids.
    """
    return _dispatch(model, src_ids, cfg, device, stream=True, surface=surface, trace=trace, prefix=prefix,
                     shortlist=shortlist)


def greedy_search(model, src_ids: Sequence[Sequence[int]], cfg: DecodeConfig,
                  device: str | torch.device = "cpu", *, shortlist: Shortlist | None = None) -> list[list[Hypothesis]]:
    """Greedy search (ignores ``beam_width`` and ``sample``); one hypothesis per source."""
    src_ids = [list(s) for s in src_ids]
    vocab = shortlist.ids_for(src_ids).to(device) if shortlist is not None else None
    return run_to_end(_row_search(model, src_ids, cfg, device, stream=False, sample=False, vocab=vocab))


def beam_search(model, src_ids: Sequence[Sequence[int]], cfg: DecodeConfig,
                device: str | torch.device = "cpu", *, shortlist: Shortlist | None = None) -> list[list[Hypothesis]]:
    """Batched beam search of width ``cfg.beam_width`` (also for width 1); n-best lists."""
    cfg.validate()
    src_ids = [list(s) for s in src_ids]
    vocab = shortlist.ids_for(src_ids).to(device) if shortlist is not None else None
    return run_to_end(_beam_search(model, src_ids, cfg, device, stream=False, vocab=vocab))


def sample_search(model, src_ids: Sequence[Sequence[int]], cfg: DecodeConfig,
                  device: str | torch.device = "cpu") -> list[list[Hypothesis]]:
    """The ``cfg.n_best`` best of ``sample_pool(cfg)`` samples per source (temperature / top-k / top-p,
    seeded by ``cfg.seed``)."""
    return run_to_end(_row_search(model, [list(s) for s in src_ids], cfg, device, stream=False, sample=True))
