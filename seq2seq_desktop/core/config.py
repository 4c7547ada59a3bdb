"""Frozen configuration dataclasses with ``validate()``.

``ModelConfig`` is stored beside the weights (``config.json`` of a model package) and the loader
rebuilds the model from it.  ``DecodeConfig`` is what the UI/CLI hand to the engine for one
translation.  ``TrainConfig`` drives the trainer for both the bundled-model pipeline and the
in-app fine-tuning.  ``FineTuneConfig`` is what the fine-tune dialog and ``seq2seq finetune``
collect for one fine-tuning run (``training.finetune`` turns it into a ``TrainConfig``).
"""
from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass, field
from typing import Any

from .errors import ConfigError

__all__ = ["ModelConfig", "DecodeConfig", "TrainConfig", "FineTuneConfig", "from_dict", "LR_SCHEDULES",
           "MAX_INPUT_CHARS", "REVERSE_WEIGHT", "ANTI_LM_WEIGHT", "CHAT_REVERSE_WEIGHT", "CHAT_CANDIDATES",
           "CHAT_TEMPERATURE", "CHAT_TOP_P"]

logger = logging.getLogger(__name__)

RNN_TYPES = ("gru", "lstm")
#: ``"none"`` is the textbook encoder-decoder without attention (Cho et al. 2014): every decoder step
#: sees the same context vector, the mean of the encoder states, so one fixed-size vector must carry
#: the whole sentence.  It is shipped only to show that bottleneck next to an attention model.
ATTENTION_TYPES = ("bahdanau", "luong_dot", "luong_general", "none")
#: ``ModelConfig.arch`` choices: the attention RNN (``core.model.Seq2Seq``) or the Transformer
#: (``core.transformer.TransformerSeq2Seq``); ``core.model.build_model`` dispatches on it
ARCHS = ("rnn", "transformer")
#: ``ModelConfig.positions`` choices (Transformer only)
POSITION_TYPES = ("sinusoidal", "learned")
#: ``TrainConfig.lr_schedule`` choices (``training.schedule.lr_at``)
LR_SCHEDULES = ("inverse_sqrt", "constant", "linear")


def _choice(name: str, value: Any, choices: tuple) -> None:
    if value not in choices:
        raise ConfigError.format("{name}={value!r} is not valid; choose one of {choices}",
                                 name=name, value=value, choices=", ".join(map(str, choices)))


def _range(name: str, value: float, lo: float, hi: float) -> None:
    if not (lo <= value <= hi):
        raise ConfigError.format("{name}={value!r} is out of range; it must lie in [{lo}, {hi}]",
                                 name=name, value=value, lo=lo, hi=hi)


def from_dict(cls, data: dict):
    """Build dataclass ``cls`` from ``data``, refusing unknown keys with a named error."""
    names = {f.name for f in dataclasses.fields(cls)}
    unknown = sorted(set(data) - names)
    if unknown:
        raise ConfigError.format("unknown {cls} keys: {unknown}; valid keys: {valid}",
                                 cls=cls.__name__, unknown=", ".join(unknown), valid=", ".join(sorted(names)))
    obj = cls(**data)
    obj.validate()
    return obj


@dataclass(frozen=True)
class ModelConfig:
    """Shape of an encoder-decoder: the attention RNN (``arch="rnn"``, the default) or a Transformer.

    RNN: the encoder is a bidirectional RNN (``enc_hidden`` per direction, so encoder states are
    ``2 * enc_hidden`` wide); the decoder is a unidirectional RNN of ``dec_hidden``.
    ``attention`` picks Bahdanau (additive, computed from the previous decoder state before the RNN
    step) or Luong (dot / general, computed from the current decoder state after it), or
    ``"none"``: a fixed context (the mean of the encoder states) at every step, the bottleneck model.
    ``input_feeding`` feeds the previous attentional vector into the next decoder input (Luong).
    The output layer projects the attentional vector to ``emb_dim`` and then to the vocabulary,
    so the last matrix can be tied to the target embeddings.

    Transformer (``arch="transformer"``, ``core.transformer``): pre-norm encoder and decoder of
    ``enc_layers`` / ``dec_layers`` layers, model width ``emb_dim`` (d_model, divisible by
    ``heads``), feed-forward width ``ff_dim``, ``positions`` sinusoidal or learned (learned ones
    have ``max_positions`` rows; later positions reuse the last).  ``enc_hidden``, ``dec_hidden``,
    ``rnn_type``, ``attention`` and ``input_feeding`` are ignored; ``dropout``,
    ``tie_embeddings`` and ``share_src_tgt_embeddings`` mean what they mean for the RNN.  The
    Transformer fields are ignored by the RNN; their defaults keep every existing config valid.
    """

    src_vocab_size: int
    tgt_vocab_size: int
    emb_dim: int = 256
    enc_hidden: int = 256
    enc_layers: int = 1
    dec_hidden: int = 512
    dec_layers: int = 1
    rnn_type: str = "gru"
    attention: str = "luong_general"
    input_feeding: bool = False
    dropout: float = 0.2
    tie_embeddings: bool = True
    share_src_tgt_embeddings: bool = False
    arch: str = "rnn"
    heads: int = 4
    ff_dim: int = 1024
    positions: str = "sinusoidal"
    max_positions: int = 512

    def validate(self) -> None:
        """Raise ``ConfigError`` if any field is out of range."""
        _choice("arch", self.arch, ARCHS)
        _choice("rnn_type", self.rnn_type, RNN_TYPES)
        _choice("attention", self.attention, ATTENTION_TYPES)
        _choice("positions", self.positions, POSITION_TYPES)
        for name in ("src_vocab_size", "tgt_vocab_size", "emb_dim", "enc_hidden", "enc_layers", "dec_hidden", "dec_layers",
                     "heads", "ff_dim", "max_positions"):
            if int(getattr(self, name)) < 1:
                raise ConfigError.format("{name} must be a positive integer, got {value!r}",
                                         name=name, value=getattr(self, name))
        _range("dropout", self.dropout, 0.0, 0.9)
        if self.arch == "transformer" and self.emb_dim % self.heads:
            raise ConfigError.format("arch='transformer' needs emb_dim divisible by heads; got emb_dim={emb_dim}, "
                                     "heads={heads}", emb_dim=self.emb_dim, heads=self.heads)
        if self.arch == "rnn" and self.attention == "luong_dot" and self.dec_hidden != 2 * self.enc_hidden:
            raise ConfigError.format("attention='luong_dot' needs dec_hidden == 2 * enc_hidden; use 'luong_general' "
                                     "otherwise")
        if self.share_src_tgt_embeddings and self.src_vocab_size != self.tgt_vocab_size:
            raise ConfigError.format("share_src_tgt_embeddings needs one vocabulary for source and target")


#: Longest text (in characters) one ``Engine.translate``/``translate_steps`` call accepts.  About ten
#: pages; longer input raises ``InputTooLongError`` instead of tying up the model for minutes.  Here
#: (no torch) so that the GUI can show the limit before the engine is loaded.
MAX_INPUT_CHARS = 20_000


#: ``DecodeConfig.reverse_weight`` the app and CLI translate with when the opposite-direction model
#: is installed: on small_parallel_enja dev (EN->JA, beam 5) BLEU rose from 33.1 to 34.3-34.6 for
#: weights 0.3-1.5, so the middle of that plateau (see ``core.rerank``)
REVERSE_WEIGHT = 0.7


#: ``DecodeConfig.anti_lm`` behind the Dialog tab's "Specific replies" (on by default) and
#: ``seq2seq chat``: how hard replies that would fit any input ("I don't know.") are pushed down the
#: beam.  On the shipped chat model's 20 probe prompts it changed 15 beam replies (most only
#: shortened), 4 for the better and 1 for the worse: 13 on topic instead of 10 (see its card).
#: (On the model before, it did slightly worse: 3 better, 4 worse of 30.)
ANTI_LM_WEIGHT = 0.5

#: ``DecodeConfig.reverse_weight`` of the chatbot when its reverse model (``chat-en-reverse``: reply ->
#: the turn it answers) is installed: "Specific replies" in the Dialog tab, ``seq2seq chat``.  Chosen by
#: reading replies to ``resources/samples/chat-en-dev.txt`` (see the chat-en card).
CHAT_REVERSE_WEIGHT = 1.0

#: ``DecodeConfig.candidates`` of the Dialog tab's Sampling and ``seq2seq chat --sample``: replies drawn
#: per turn, of which the best-ranked is said ("sample and rank", Adiwardana et al. 2020, "Towards a
#: Human-like Open-Domain Chatbot").  Single samples from a small model are often broken; ranking a
#: pool keeps the variety of sampling with far fewer of them.  16 rows decode as one batch.
CHAT_CANDIDATES = 16

#: ``DecodeConfig.temperature`` and ``top_p`` of the Dialog tab's Sampling (its default mode) and of
#: ``seq2seq chat --sample``; the chat card's sampled replies are drawn with them too.
CHAT_TEMPERATURE = 0.7
CHAT_TOP_P = 0.9

#: Decoder steps a chat reply may always take (``ChatSession`` raises ``DecodeConfig.max_len_offset``
#: to it): a reply's length does not follow the message's, and the translators' ``2 * n + 10`` cut a
#: short message's longer answers off mid-word ("Seqって何者なの？" -> "...小さなニューラルネットワ").
#: 40 is the longest reply the bundled chat models trained on (chat-ja's ``max_len``).
CHAT_REPLY_STEPS = 40


@dataclass(frozen=True)
class DecodeConfig:
    """How to search for an output sequence.

    ``beam_width`` 1 is greedy search.  ``sample=True`` switches to sampling (temperature, top-k,
    top-p, ``seed``) and ignores the beam; it draws ``max(n_best, candidates)`` replies and keeps the
    ``n_best`` best-ranked ones ("sample and rank": a bigger pool trades variety for quality).
    ``anti_lm`` > 0 reranks a beam's finished hypotheses against generic output (MMI-antiLM, for the
    chatbot; see ``search.ANTI_LM_PREFIX``).  ``reverse_weight`` > 0 reranks the beam's (or the
    sampled pool's) candidates by how well the reverse model recovers the source from each
    (``core.rerank``; only when the engine has such a model).  The output may have at most
    ``max_len_ratio * source_len + max_len_offset`` tokens (EN->JA outputs run longer than inputs
    in subwords, so the ratio is > 1).  Finished hypotheses are ranked by ``score / len**alpha``.
    """

    beam_width: int = 5
    alpha: float = 0.8
    n_best: int = 1
    max_len_ratio: float = 2.0
    max_len_offset: int = 10
    no_repeat_ngram: int = 0
    suppress_unk: bool = True
    sample: bool = False
    temperature: float = 1.0
    top_k: int = 0
    top_p: float = 1.0
    seed: int | None = None
    anti_lm: float = 0.0
    reverse_weight: float = 0.0
    candidates: int = 0

    def validate(self) -> None:
        """Raise ``ConfigError`` if any field is out of range."""
        _range("beam_width", self.beam_width, 1, 64)
        _range("alpha", self.alpha, 0.0, 3.0)
        _range("n_best", self.n_best, 1, 64)
        if self.n_best > self.beam_width and not self.sample:
            raise ConfigError.format("n_best={n_best} cannot exceed beam_width={beam_width}",
                                     n_best=self.n_best, beam_width=self.beam_width)
        _range("max_len_ratio", self.max_len_ratio, 0.1, 10.0)
        _range("max_len_offset", self.max_len_offset, 0, 500)
        _range("no_repeat_ngram", self.no_repeat_ngram, 0, 10)
        _range("temperature", self.temperature, 0.01, 10.0)
        _range("top_k", self.top_k, 0, 100000)
        _range("top_p", self.top_p, 0.01, 1.0)
        _range("anti_lm", self.anti_lm, 0.0, 1.0)
        _range("reverse_weight", self.reverse_weight, 0.0, 5.0)
        _range("candidates", self.candidates, 0, 64)


@dataclass(frozen=True)
class TrainConfig:
    """Trainer settings shared by the bundled-model pipeline and fine-tuning.

    ``tokens_per_batch`` bounds the target tokens in one length-bucketed batch.  ``teacher_forcing``
    is the probability of feeding the gold token; with ``scheduled_sampling`` it decays linearly to
    ``teacher_forcing_min`` over ``max_steps``.  ``max_minutes`` stops training (with a final
    checkpoint) when wall time runs out, which is how runs are sized on a 2-core machine.
    ``cooldown_steps`` ends a run with that many more updates whose learning rate falls linearly
    from the schedule's current value to zero; the step it started at is kept in the checkpoint, so
    a resumed cooldown carries on instead of restarting, while one asked for after a finished
    cooldown is a warm restart.  Annealing like this is a cheap last gain after a long inverse-sqrt run.
    ``average_last`` > 1 averages the weights of the run's last that many evaluations (those within
    ``average_last * eval_every_steps`` steps of the planned end) and scores the average as one more
    candidate for the best model: checkpoint averaging, which smooths the noise of the last updates.
    """

    lr: float = 2e-3
    weight_decay: float = 0.01
    warmup_steps: int = 500
    max_steps: int = 100_000
    max_epochs: int = 100
    max_minutes: float = 0.0
    tokens_per_batch: int = 2500
    max_sentences_per_batch: int = 128
    label_smoothing: float = 0.1
    clip_norm: float = 1.0
    teacher_forcing: float = 1.0
    teacher_forcing_min: float = 1.0
    scheduled_sampling: bool = False
    eval_every_steps: int = 1000
    checkpoint_every_minutes: float = 5.0
    patience: int = 8
    eval_beam: int = 1
    eval_max_sentences: int = 500
    freeze_encoder: bool = False
    # probability of replacing each source piece with <unk> in training, so that the model cannot
    # lean on one cue word (the chatbot maps unseen wording onto the template of a word it knows)
    source_word_dropout: float = 0.0
    lr_schedule: str = "inverse_sqrt"
    cooldown_steps: int = 0
    average_last: int = 0
    seed: int = 1
    extra: dict = field(default_factory=dict)

    def validate(self) -> None:
        """Raise ``ConfigError`` if any field is out of range."""
        _range("lr", self.lr, 1e-7, 1.0)
        _range("teacher_forcing", self.teacher_forcing, 0.0, 1.0)
        _range("teacher_forcing_min", self.teacher_forcing_min, 0.0, 1.0)
        _range("label_smoothing", self.label_smoothing, 0.0, 0.5)
        _range("source_word_dropout", self.source_word_dropout, 0.0, 0.5)
        _choice("lr_schedule", self.lr_schedule, LR_SCHEDULES)
        _range("cooldown_steps", self.cooldown_steps, 0, 10**7)
        _range("average_last", self.average_last, 0, 100)
        if self.tokens_per_batch < 16:
            raise ConfigError.format("tokens_per_batch must be at least 16")


@dataclass(frozen=True)
class FineTuneConfig:
    """What the user chose for one fine-tuning run (the dialog and the CLI fill it in).

    Attributes
    ----------
    epochs : int
        Passes over the training pairs; 0 = automatic (about 150 updates, 3 to 30 epochs:
        small sets get more passes).
    lr : float
        Peak learning rate (linear warm-up over 10% of the steps, then linear decay to 0).
    batch_size : int
        Sentence pairs per update.
    val_split : float
        Share of the pairs held out for validation and the before/after report.
    min_val_pairs : int
        Held-out pairs at least (2).
    freeze_encoder : bool
        Train only the decoder side (less forgetting, less capacity).
    replay_fraction : float
        Replay pairs mixed in per new training pair, when replay data is given (0 = none).
    max_minutes : float
        Stop training after this many minutes (0 = no limit); the best epoch so far is kept.
    direction : str or None
        Languages of the two columns, e.g. ``"en-ja"``: first column English.  When it is the
        reverse of the model's direction the columns are swapped; ``None`` = as the model.
    test_sentence : str
        Re-translated after every epoch and shown in the progress.
    keep_best : bool
        Keep the epoch with the lowest validation loss instead of the last one (guards against
        over-fitting when the held-out pairs are like the training pairs; with very few held-out
        pairs the choice is noisy, so the default is the last epoch).
    eval_beam : int
        Beam width of the before/after translations (1 = greedy, the fastest).
    examples : int
        Before/after examples kept in the result.
    label_smoothing, max_len, seed, device
        Trainer details: smoothing, longest side in tokens (longer pairs are dropped and
        counted), seed of the split and batches, ``"cpu"``/``"cuda"`` (default CUDA if available).
    """

    epochs: int = 0
    lr: float = 1e-3
    batch_size: int = 32
    val_split: float = 0.1
    min_val_pairs: int = 2
    freeze_encoder: bool = False
    replay_fraction: float = 0.5
    max_minutes: float = 0.0
    direction: str | None = None
    test_sentence: str = ""
    keep_best: bool = False
    eval_beam: int = 1
    examples: int = 5
    label_smoothing: float = 0.1
    max_len: int = 128
    seed: int = 1
    device: str | None = None

    def validate(self) -> None:
        """Raise ``ConfigError`` if any field is out of range."""
        _range("epochs", self.epochs, 0, 1000)
        _range("lr", self.lr, 1e-6, 0.1)
        _range("batch_size", self.batch_size, 1, 1024)
        _range("val_split", self.val_split, 0.01, 0.5)
        _range("min_val_pairs", self.min_val_pairs, 1, 10_000)
        _range("replay_fraction", self.replay_fraction, 0.0, 10.0)
        _range("max_minutes", self.max_minutes, 0.0, 24 * 60)
        _range("eval_beam", self.eval_beam, 1, 16)
        _range("examples", self.examples, 0, 100)
        _range("label_smoothing", self.label_smoothing, 0.0, 0.5)
        _range("max_len", self.max_len, 4, 1024)
        if self.direction is not None and ("-" not in self.direction.strip("-")):
            raise ConfigError.format("direction={direction!r} is not valid; use 'SRC-TGT' such as 'en-ja' or 'ja-en'",
                                     direction=self.direction)
        if len(self.test_sentence) > 1000:
            raise ConfigError.format("test_sentence is longer than 1000 characters")
