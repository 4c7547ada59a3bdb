"""The engine's error messages in the interface language (context ``CoreErrors``).

core stays Qt-free and its messages English (the CLI and the logs show ``str(exc)``): a
``Seq2SeqError`` raised with ``Seq2SeqError.format(template, **fields)`` keeps its English template
and fields (``core/errors.py``).  ``translate_error(exc)`` shows such an error in the language of
the installed translators: ``QCoreApplication.translate("CoreErrors", template).format(**fields)``,
with fields that are themselves a ``Message`` or a ``Seq2SeqError`` (a quoted cause) translated the
same way.  An error without a template, or anything else, is ``str(exc)``.

``TEMPLATES`` lists every template that core/, training/ and gui/loading.py raise, as
``QT_TRANSLATE_NOOP`` literals, so that ``tools/update_translations.py`` (pyside6-lupdate, which
reads gui/*.py only) puts them in the catalogue; ``tests/gui/test_core_messages.py`` fails on a
template raised but missing here.  Unlike the rest of the interface, these texts use ``{field}``
placeholders (``str.format``; ``{{`` is a literal brace): a translation keeps every ``{field}``,
with its ``!r`` or format spec, and may reorder them.  A translation that does not format (a
field renamed by mistake) falls back to the English text.
"""
from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from seq2seq_desktop.core.errors import Message, Seq2SeqError

__all__ = ["CONTEXT", "TEMPLATES", "translate_message", "translate_error"]

logger = logging.getLogger(__name__)

#: the translation context of the engine's messages
CONTEXT = "CoreErrors"

#: every message template raised by core/, training/ and gui/loading.py, by the module that raises it
TEMPLATES = (
    # core/config.py
    QT_TRANSLATE_NOOP("CoreErrors", "{name}={value!r} is not valid; choose one of {choices}"),
    QT_TRANSLATE_NOOP("CoreErrors", "{name}={value!r} is out of range; it must lie in [{lo}, {hi}]"),
    QT_TRANSLATE_NOOP("CoreErrors", "unknown {cls} keys: {unknown}; valid keys: {valid}"),
    QT_TRANSLATE_NOOP("CoreErrors", "{name} must be a positive integer, got {value!r}"),
    QT_TRANSLATE_NOOP("CoreErrors", "arch='transformer' needs emb_dim divisible by heads; got emb_dim={emb_dim}, "
                                    "heads={heads}"),
    QT_TRANSLATE_NOOP("CoreErrors", "attention='luong_dot' needs dec_hidden == 2 * enc_hidden; use 'luong_general' "
                                    "otherwise"),
    QT_TRANSLATE_NOOP("CoreErrors", "share_src_tgt_embeddings needs one vocabulary for source and target"),
    QT_TRANSLATE_NOOP("CoreErrors", "n_best={n_best} cannot exceed beam_width={beam_width}"),
    QT_TRANSLATE_NOOP("CoreErrors", "tokens_per_batch must be at least 16"),
    QT_TRANSLATE_NOOP("CoreErrors", "direction={direction!r} is not valid; use 'SRC-TGT' such as 'en-ja' or 'ja-en'"),
    QT_TRANSLATE_NOOP("CoreErrors", "test_sentence is longer than 1000 characters"),
    # core/device.py
    QT_TRANSLATE_NOOP("CoreErrors", "device={device!r} is not valid; use 'cpu', 'cuda' or 'cuda:N'"),
    QT_TRANSLATE_NOOP("CoreErrors", "device={device!r} requested but CUDA is not available; use 'cpu'"),
    QT_TRANSLATE_NOOP("CoreErrors", "device={device!r} is not supported; use 'cpu' or 'cuda'"),
    QT_TRANSLATE_NOOP("CoreErrors", "num_threads={num_threads} must be at least 1"),
    # core/tokenizer.py
    QT_TRANSLATE_NOOP("CoreErrors", "not a valid SentencePiece model ({error})"),
    QT_TRANSLATE_NOOP("CoreErrors", "SentencePiece model uses unexpected special ids; expected pad=0 unk=1 bos=2 eos=3"),
    QT_TRANSLATE_NOOP("CoreErrors", "cannot read SentencePiece model {path}: {reason}"),
    QT_TRANSLATE_NOOP("CoreErrors", "could not add user-defined pieces to the SentencePiece model"),
    QT_TRANSLATE_NOOP("CoreErrors", "SentencePiece training failed: {error}"),
    # core/package.py
    QT_TRANSLATE_NOOP("CoreErrors", "model package {pkg} is missing {name}"),
    QT_TRANSLATE_NOOP("CoreErrors", "model package {pkg}: {name} is not valid JSON ({error})"),
    QT_TRANSLATE_NOOP("CoreErrors", "model package {pkg}: {name} must hold a JSON object"),
    QT_TRANSLATE_NOOP("CoreErrors", "model package {pkg} does not exist or is not a directory"),
    QT_TRANSLATE_NOOP("CoreErrors", "model package {pkg} has format version {version!r}; this app reads version "
                                    "{supported}"),
    QT_TRANSLATE_NOOP("CoreErrors", "model package {pkg} has architecture {architecture!r}; this app knows {known}"),
    QT_TRANSLATE_NOOP("CoreErrors", "model package {pkg}: manifest.json has no checksum for {name}"),
    QT_TRANSLATE_NOOP("CoreErrors", "model package {pkg}: {name} does not match its checksum (file damaged or changed)"),
    QT_TRANSLATE_NOOP("CoreErrors", "model package {pkg}: config.json is missing {keys}"),
    QT_TRANSLATE_NOOP("CoreErrors", "model package {pkg}: config.json key 'model' must be an object of the model's "
                                    "settings, not {type}"),
    QT_TRANSLATE_NOOP("CoreErrors", "model package {pkg}: config.json 'model' is missing {keys} (a default could change "
                                    "the model's output)"),
    QT_TRANSLATE_NOOP("CoreErrors", "model package {pkg}: config.json key 'preprocessing' must be an object"),
    QT_TRANSLATE_NOOP("CoreErrors", "model package {pkg}: config.json 'preprocessing' is missing {keys} (a default could "
                                    "change the model's output)"),
    QT_TRANSLATE_NOOP("CoreErrors", "model package {pkg}: bad model config ({error})"),
    QT_TRANSLATE_NOOP("CoreErrors", "model package {pkg}: task {task!r} is not one of {tasks}"),
    QT_TRANSLATE_NOOP("CoreErrors", "model package {pkg}: {error}"),
    QT_TRANSLATE_NOOP("CoreErrors", "model package {pkg}: vocabulary sizes {src_size}/{tgt_size} of the SentencePiece "
                                    "models do not match the config ({src_config}/{tgt_config})"),
    QT_TRANSLATE_NOOP("CoreErrors", "model package {pkg}: model.safetensors is not a readable safetensors file ({error})"),
    QT_TRANSLATE_NOOP("CoreErrors", "model package {pkg}: int8 scales {name} belong to no weight"),
    QT_TRANSLATE_NOOP("CoreErrors", "model package {pkg}: weight {name} is stored as int8 without its per-row scales"),
    QT_TRANSLATE_NOOP("CoreErrors", "model package {pkg}: its vocabulary shortlist does not fit the model's "
                                    "vocabularies (damaged, or from another model)"),
    QT_TRANSLATE_NOOP("CoreErrors", "model package {pkg}: config.json shortlist uses {uses!r}; known: {known}"),
    QT_TRANSLATE_NOOP("CoreErrors", "weight storage {storage!r} is not one of {storages}"),
    QT_TRANSLATE_NOOP("CoreErrors", "model package {pkg}: weights do not match the config (missing {missing}, unexpected "
                                    "{unexpected})"),
    QT_TRANSLATE_NOOP("CoreErrors", "model package {pkg}: weight {name} has shape {shape}, config expects {expected}"),
    QT_TRANSLATE_NOOP("CoreErrors", "model package {pkg}: weight {name} contains NaN or infinity"),
    QT_TRANSLATE_NOOP("CoreErrors", "task {task!r} is not one of {tasks}"),
    # core/engine.py
    QT_TRANSLATE_NOOP("CoreErrors", "the input has {length:,} characters; the limit is {limit:,}. Split it into smaller "
                                    "parts."),
    QT_TRANSLATE_NOOP("CoreErrors", "{path} is a {task} model for {direction}, not the {wanted} model for "
                                    "{target}->{source}"),
    QT_TRANSLATE_NOOP("CoreErrors", "batch_size={batch_size} must be at least 1"),
    # core/explain.py
    QT_TRANSLATE_NOOP("CoreErrors", "top={top} must be between 1 and {max_top}"),
    QT_TRANSLATE_NOOP("CoreErrors", "forced token ids {ids} are outside the target vocabulary (0-{last})"),
    # core/transformer.py
    QT_TRANSLATE_NOOP("CoreErrors", "TransformerSeq2Seq needs arch='transformer', got arch={arch!r}"),
    # core/glossary.py
    QT_TRANSLATE_NOOP("CoreErrors", "{where}: the term is longer than {limit} characters"),
    QT_TRANSLATE_NOOP("CoreErrors", "{where}: the term holds control characters"),
    QT_TRANSLATE_NOOP("CoreErrors", "{name}:{line}: expected 'source<TAB>target', found {columns} columns"),
    QT_TRANSLATE_NOOP("CoreErrors", "{name}:{line}: the source term is empty"),
    QT_TRANSLATE_NOOP("CoreErrors", "{name}:{line}: '{term}' is already on line {first}"),
    QT_TRANSLATE_NOOP("CoreErrors", "cannot read glossary {path}: {reason}"),
    QT_TRANSLATE_NOOP("CoreErrors", "{name} is not a text file"),
    QT_TRANSLATE_NOOP("CoreErrors", "{name} is not UTF-8 text (Shift-JIS?); re-save it as UTF-8"),
    QT_TRANSLATE_NOOP("CoreErrors", "cannot write {path}: {reason}"),
    QT_TRANSLATE_NOOP("CoreErrors", "the glossary file {path} is damaged ({error}); it was left as it is"),
    QT_TRANSLATE_NOOP("CoreErrors", "cannot save the glossary to {path}: {reason}"),
    # core/metrics.py
    QT_TRANSLATE_NOOP("CoreErrors", "{name}:{line}: expected sentence<TAB>span..."),
    # core/experiments.py
    QT_TRANSLATE_NOOP("CoreErrors", "{path} is missing: the sample sentences were not bundled"),
    QT_TRANSLATE_NOOP("CoreErrors", "no sample sentences for {source}->{target}; choose en->ja or ja->en"),
    QT_TRANSLATE_NOOP("CoreErrors", "{folder}/sample.en.txt and sample.ja.txt must have one sentence per line each (they "
                                    "have {en_lines} and {ja_lines} lines)"),
    QT_TRANSLATE_NOOP("CoreErrors", "{path}:{line}: expected English<TAB>Japanese"),
    QT_TRANSLATE_NOOP("CoreErrors", "there are no sentence pairs to translate"),
    QT_TRANSLATE_NOOP("CoreErrors", "{settings} cannot be set for a beam sweep: it sets {own} itself"),
    QT_TRANSLATE_NOOP("CoreErrors", "a beam sweep needs at least one beam width and one alpha"),
    QT_TRANSLATE_NOOP("CoreErrors", "chunk={chunk} must be at least 1"),
    QT_TRANSLATE_NOOP("CoreErrors", "{path} is not a beam-sweep CSV: it lacks the columns {columns}"),
    QT_TRANSLATE_NOOP("CoreErrors", "{path}: {error}"),
    QT_TRANSLATE_NOOP("CoreErrors", "bucket edges {edges} must be positive and strictly increasing"),
    QT_TRANSLATE_NOOP("CoreErrors", "length buckets need at least one engine"),
    QT_TRANSLATE_NOOP("CoreErrors", "the engines translate different directions ({directions}); compare engines of one "
                                    "direction"),
    # core/store.py
    QT_TRANSLATE_NOOP("CoreErrors", "no model package named or found at {name!r}; available: none installed"),
    QT_TRANSLATE_NOOP("CoreErrors", "no model package named or found at {name!r}; available: {available}"),
    QT_TRANSLATE_NOOP("CoreErrors", "the model name is empty; type a name such as 'en-ja-my-terms'"),
    QT_TRANSLATE_NOOP("CoreErrors", "the model name has {length} characters; use at most 64"),
    QT_TRANSLATE_NOOP("CoreErrors", "the model name {name!r} may use letters, digits, spaces and . _ - + ( ) only, and "
                                    "must start with a letter or digit"),
    QT_TRANSLATE_NOOP("CoreErrors", "{name!r} is the name of a bundled model; choose another name"),
    QT_TRANSLATE_NOOP("CoreErrors", "a user model named {name!r} already exists; choose another name"),
    QT_TRANSLATE_NOOP("CoreErrors", "there is no model package at {path}"),
    QT_TRANSLATE_NOOP("CoreErrors", "{name} is a bundled model (or not in the user models folder); it cannot be renamed"),
    QT_TRANSLATE_NOOP("CoreErrors", "{name} is a bundled model (or not in the user models folder); it cannot be deleted"),
    QT_TRANSLATE_NOOP("CoreErrors", "{archive} is not a complete model package folder: missing {files}"),
    QT_TRANSLATE_NOOP("CoreErrors", "{archive} is not a model package archive (expected a .zip exported by Seq2Seq "
                                    "Desktop, or a .tar/.tar.gz of a package folder)"),
    QT_TRANSLATE_NOOP("CoreErrors", "{archive} is refused: it holds an unsafe path {name!r}"),
    QT_TRANSLATE_NOOP("CoreErrors", "{archive} is refused: {name!r} is a link or special file"),
    QT_TRANSLATE_NOOP("CoreErrors", "{archive}: unexpected nested file {name!r}"),
    QT_TRANSLATE_NOOP("CoreErrors", "{archive}: unexpected file {name!r}; a model package holds {files}"),
    QT_TRANSLATE_NOOP("CoreErrors", "{archive}: {name} appears twice"),
    QT_TRANSLATE_NOOP("CoreErrors", "{archive} holds more than one folder ({folders}); export one model per file"),
    QT_TRANSLATE_NOOP("CoreErrors", "{archive} is not a complete model package: missing {files}"),
    QT_TRANSLATE_NOOP("CoreErrors", "{archive} unpacks to {size:.1f} GB; the limit is {limit:.0f} GB"),
    QT_TRANSLATE_NOOP("CoreErrors", "{archive}: cannot read {name}"),
    QT_TRANSLATE_NOOP("CoreErrors", "{archive}: {name} is larger than its header says"),
    QT_TRANSLATE_NOOP("CoreErrors", "the archive"),
    QT_TRANSLATE_NOOP("CoreErrors", "{path} does not exist"),
    QT_TRANSLATE_NOOP("CoreErrors", "{archive} is not a valid model package: {error}"),
    QT_TRANSLATE_NOOP("CoreErrors", "could not save the model in {folder}: the disk is full; free some space or choose "
                                    "another folder"),
    QT_TRANSLATE_NOOP("CoreErrors", "could not save the model in {folder}: the folder is read-only (no permission to "
                                    "write there); choose another folder"),
    QT_TRANSLATE_NOOP("CoreErrors", "could not save the model in {folder}: a file is in the way of the folder; move that "
                                    "file or choose another folder"),
    QT_TRANSLATE_NOOP("CoreErrors", "could not save the model in {folder}: {reason}; try again, or choose another folder"),
    QT_TRANSLATE_NOOP("CoreErrors", "cannot save models in {folder}: {blocker} is a file, not a folder; move or rename "
                                    "that file, or choose another folder"),
    QT_TRANSLATE_NOOP("CoreErrors", "not enough free space in {folder}: the model needs about {needed} and {free} are "
                                    "free; free some space or choose another folder"),
    QT_TRANSLATE_NOOP("CoreErrors", "another fine-tune (process {pid}) is working on a model named {name!r}; choose "
                                    "another name"),
    QT_TRANSLATE_NOOP("CoreErrors", "another fine-tune is working on a model named {name!r}; choose another name"),
    QT_TRANSLATE_NOOP("CoreErrors", "the model name {name!r} could not be reserved; try again"),
    # training/schedule.py
    QT_TRANSLATE_NOOP("CoreErrors", "lr_schedule={schedule!r} is not valid; choose one of {choices}"),
    # training/trainer.py
    QT_TRANSLATE_NOOP("CoreErrors", "no usable training pairs (all were empty or too long)"),
    # training/pairs.py
    QT_TRANSLATE_NOOP("CoreErrors", "{name} looks like UTF-16 without a byte-order mark; re-save it as UTF-8"),
    QT_TRANSLATE_NOOP("CoreErrors", "{name} is not a text file (it contains binary data); use a UTF-8 TSV, CSV or JSON "
                                    "Lines file"),
    QT_TRANSLATE_NOOP("CoreErrors", "{name} starts as {encoding} but holds invalid bytes; re-save it as UTF-8"),
    QT_TRANSLATE_NOOP("CoreErrors", "{name} is not UTF-8, UTF-16, Shift-JIS or EUC-JP text; re-save it as UTF-8"),
    QT_TRANSLATE_NOOP("CoreErrors", "format={format!r} is not valid; choose one of {choices}"),
    QT_TRANSLATE_NOOP("CoreErrors", 'this is a JSON document, not JSON Lines: put one object per line, e.g. {{"source": '
                                    '"...", "target": "..."}}'),
    QT_TRANSLATE_NOOP("CoreErrors", "the pasted text is larger than the {limit} limit for pairs"),
    QT_TRANSLATE_NOOP("CoreErrors", "{name} is {size}; pair files may be at most {limit}. Fine-tuning works best with "
                                    "20-5,000 pairs: use a smaller selection."),
    QT_TRANSLATE_NOOP("CoreErrors", "{name} is larger than {limit}"),
    # training/finetune.py
    QT_TRANSLATE_NOOP("CoreErrors", "the pairs are {direction} but the base model translates {model_direction}; choose a "
                                    "{direction} model or mark the pairs as {model_direction}"),
    QT_TRANSLATE_NOOP("CoreErrors", "{count} usable pair; fine-tuning needs at least {minimum} ({held_out} are held out "
                                    "to measure the result)"),
    QT_TRANSLATE_NOOP("CoreErrors", "{count} usable pairs; fine-tuning needs at least {minimum} ({held_out} are held out "
                                    "to measure the result)"),
    QT_TRANSLATE_NOOP("CoreErrors", "{count} pairs leave {train} to train on after holding out {held_out}; add pairs or "
                                    "lower the validation share"),
    QT_TRANSLATE_NOOP("CoreErrors", "every training pair is longer than {max_len} tokens"),
    QT_TRANSLATE_NOOP("CoreErrors", "a folder in {folder} named {name!r} already exists; choose another name"),
    QT_TRANSLATE_NOOP("CoreErrors", "a model named {name!r} already exists in {folder}; choose another name"),
    # core/quantize.py
    QT_TRANSLATE_NOOP("CoreErrors", "precision must be one of {choices}; got {precision!r}"),
    QT_TRANSLATE_NOOP("CoreErrors", "int8 decoding needs the CPU and a PyTorch build with a quantized engine; "
                                    "use precision fp32 here"),
    QT_TRANSLATE_NOOP("CoreErrors", "int8 decoding runs on the CPU only"),
    # gui/loading.py
    QT_TRANSLATE_NOOP("CoreErrors", "{path} is a reverse chat model: it ranks the chatbot's replies (\"Specific "
                                    'replies") and cannot be used as a translator or chatbot on its own'),
)


def _translated(value: Any) -> Any:
    if isinstance(value, Message):
        return translate_message(value.template, value.params)
    if isinstance(value, Seq2SeqError):
        return translate_error(value)
    return value


def translate_message(template: str, params: Mapping[str, Any]) -> str:
    """``template`` translated (context ``CoreErrors``) and filled with ``params`` (themselves translated)."""
    values = {key: _translated(value) for key, value in params.items()}
    text = QCoreApplication.translate(CONTEXT, template)
    try:
        return text.format(**values)
    except (KeyError, IndexError, ValueError, AttributeError):
        logger.warning("the translation of %r does not format; showing the English text", template)
        return template.format(**values)


def translate_error(exc: BaseException) -> str:
    """What the user reads for ``exc``: a templated ``Seq2SeqError`` in the interface language, else ``str(exc)``."""
    if isinstance(exc, Seq2SeqError) and exc.template is not None:
        return translate_message(exc.template, exc.params)
    return str(exc)
