"""Model packages: a directory holding everything one model needs, validated on load.

Layout (``FORMAT_VERSION`` 1)::

    config.json        format_version, architecture, task, languages, ModelConfig, preprocessing,
                       training summary, metrics
    model.safetensors  weights, loaded as fp32 for CPU compute: fp16 on disk, or (``weight_storage``
                       "int8") every matrix as int8 with one fp32 scale per row beside it
                       (``NAME.int8_scale``), the vectors fp16; see ``pack_weights``.  A
                       translator may also hold its vocabulary shortlist here (``shortlist.*``
                       int16 tensors, ``core.shortlist``; config.json ``shortlist`` says how it was built)
    source.spm         SentencePiece model of the source side
    target.spm         SentencePiece model of the target side; empty when it is the same as
                       source.spm (a chat model's shared vocabulary is stored once)
    MODEL_CARD.md      human-readable card
    manifest.json      sha256 and size of every file above (written and read by ``core.manifest``)

Loading never unpickles: weights come from safetensors and everything else is JSON or
SentencePiece protobuf.  Every failure is a ``ModelLoadError`` that names the package and the
problem.  Saving is atomic (temp dir + rename), so a crash mid-save leaves the old package intact
(or, after a crash between the two renames of a replacement, recoverable: ``store.recover_user_models``).

A hand-edited ``config.json`` never loads with silent defaults that change the output: ``task``,
``source_lang``, ``target_lang`` and the ``model`` block are required, and so is every setting of
the model's architecture in that block (``required_model_keys``); a missing one is a
``ModelLoadError`` naming it.  ``preprocessing.lowercase_source`` is required whenever the package
has a ``preprocessing`` block (``save_package`` always writes it; an empty or absent block means
the text is not preprocessed at all).
"""
from __future__ import annotations

import dataclasses
import json
import logging
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import torch

from .config import ModelConfig, from_dict
from .device import release_free_memory
from .errors import ConfigError, ModelLoadError, TokenizerError
from .manifest import (
    FORMAT_VERSION,
    MANIFEST,
    PACKAGE_FILES,
    fsync_files,
    replace_folder,
    sha256_file,
    temp_dir,
    write_manifest,
)
from .model import Seq2Seq, build_model
from .quantize import Int8RowEmbedding, quantize_for_decoding, resolve_precision
from .shortlist import SHORTLIST_PREFIX, SHORTLIST_USES, Shortlist
from .tokenizer import PAD_ID, Tokenizer

__all__ = ["ModelPackage", "PackageInfo", "load_package", "read_package_info", "save_package", "spm_path",
           "reverse_package", "pack_weights", "unpack_weights", "repack_package", "WEIGHT_STORAGES",
           "sibling_reverse_dir", "bundled_package_names", "required_model_keys", "FORMAT_VERSION", "PACKAGE_FILES",
           "REQUIRED_KEYS", "set_shortlist", "shortlist_record"]

logger = logging.getLogger(__name__)

ARCHITECTURE = "rnn-attention"
#: config.json "architecture" label per ModelConfig.arch (the loader accepts any of them)
ARCHITECTURES = {"rnn": ARCHITECTURE, "transformer": "transformer"}
TASKS = ("translate", "chat", "chat-reverse")
#: config.json keys without which a package cannot be read as it was saved
REQUIRED_KEYS = ("task", "source_lang", "target_lang", "model")
#: ``model`` keys every package has had since format version 1: the attention RNN's shape
RNN_MODEL_KEYS = ("src_vocab_size", "tgt_vocab_size", "emb_dim", "enc_hidden", "enc_layers", "dec_hidden",
                  "dec_layers", "rnn_type", "attention", "input_feeding", "dropout", "tie_embeddings",
                  "share_src_tgt_embeddings")
#: ``ModelConfig`` fields a Transformer ignores (see ``ModelConfig``)
_TRANSFORMER_IGNORES = frozenset({"enc_hidden", "dec_hidden", "rnn_type", "attention", "input_feeding"})
#: preprocessing keys whose default would silently change the output
REQUIRED_PREPROCESSING = ("lowercase_source",)
#: How ``model.safetensors`` holds the weights (config.json ``weight_storage``; absent means fp16).
#: int8 halves a package: the bundled models must fit in 60 MB together, and a matrix stored with
#: one scale per row (per output channel, per vocabulary entry) decodes within a few tenths of BLEU
#: of fp16 (the translators' cards give the figures).  fp32 keeps the weights exactly as computed.
WEIGHT_STORAGES = ("fp16", "int8", "fp32")
#: key suffix of the per-row scales of a matrix stored as int8
INT8_SCALE_SUFFIX = ".int8_scale"


def required_model_keys(model: dict) -> list[str]:
    """The ``model`` keys a package must spell out: those of its architecture (``arch``, default the RNN;
    fields added later with defaults that reproduce the RNN, such as ``arch`` itself, may be absent)."""
    if model.get("arch", "rnn") == "rnn":
        return list(RNN_MODEL_KEYS)
    return [f.name for f in dataclasses.fields(ModelConfig) if f.name not in _TRANSFORMER_IGNORES]


def _keys(names: list[str]) -> str:
    return ("the key " if len(names) == 1 else "the keys ") + ", ".join(repr(k) for k in names)


@dataclass
class PackageInfo:
    """What a package says about itself (cheap to read: no torch, no weights)."""

    path: Path
    name: str
    task: str
    source_lang: str
    target_lang: str
    model_config: ModelConfig
    preprocessing: dict = field(default_factory=dict)
    training: dict = field(default_factory=dict)
    metrics: dict = field(default_factory=dict)
    extra: dict = field(default_factory=dict)
    #: how model.safetensors holds the weights (``WEIGHT_STORAGES``)
    weight_storage: str = "fp16"
    #: config.json ``shortlist``: the vocabulary shortlist's shape and uses (empty: none)
    shortlist: dict = field(default_factory=dict)

    @property
    def card(self) -> str:
        """Text of MODEL_CARD.md ('' if unreadable)."""
        try:
            return (self.path / "MODEL_CARD.md").read_text(encoding="utf-8")
        except OSError:
            return ""

    @property
    def direction(self) -> str:
        """'en-ja' style label."""
        return f"{self.source_lang}-{self.target_lang}"

    @property
    def is_bundled(self) -> bool:
        """Whether the package is one of those shipped with the app (``paths.bundled_models_dir()``)."""
        from ..paths import bundled_models_dir

        try:
            return self.path.resolve().parent == bundled_models_dir().resolve()
        except OSError:
            return False

    @property
    def display_name(self) -> str:
        """The name to show: ``name``, or ``"NAME (user)"`` for a user package named like a bundled one,
        so that the two are never confused."""
        if self.is_bundled or self.name not in bundled_package_names():
            return self.name
        return f"{self.name} (user)"


def bundled_package_names() -> set[str]:
    """Folder and configured names of the packages shipped with the app (no checksums verified)."""
    from ..paths import bundled_models_dir

    names: set[str] = set()
    root = bundled_models_dir()
    try:
        dirs = [d for d in root.iterdir() if (d / "config.json").is_file()] if root.is_dir() else []
    except OSError:
        return names
    for d in dirs:
        names.add(d.name)
        try:
            name = json.loads((d / "config.json").read_text(encoding="utf-8")).get("name")
        except (OSError, ValueError, AttributeError):
            continue
        if isinstance(name, str) and name:
            names.add(name)
    return names


@dataclass
class ModelPackage:
    """A loaded package: info, model (eval mode; fp32 unless loaded for scoring only) and the two tokenizers.

    ``model`` holds the weights as trained (fine-tuning copies it), except in a package loaded with
    ``keep_fp32=False`` (scoring only), where it is the int8 copy.  Search runs on
    ``decoding_model``: an int8 copy of it (``core.quantize``) when the package was loaded with
    ``precision="int8"``, else ``model`` itself.  The int8 copy of an RNN shares the modules it does
    not quantize (embeddings, attention) with ``model``, so ``model`` is never trained in place.
    """

    info: PackageInfo
    model: Seq2Seq
    source_tokenizer: Tokenizer
    target_tokenizer: Tokenizer
    int8_model: torch.nn.Module | None = None
    #: the translator's vocabulary shortlist (``core.shortlist``), when the package has one
    shortlist: Shortlist | None = None
    #: trainable parameters of the model as trained (an int8 ``model`` no longer counts its int8 weights)
    parameters: int = 0

    @property
    def decoding_model(self) -> torch.nn.Module:
        """The model every search (beam, sampling, the reverse check, the explorer) runs."""
        return self.int8_model if self.int8_model is not None else self.model

    @property
    def precision(self) -> str:
        """``"int8"`` or ``"fp32"``: the arithmetic ``decoding_model`` runs in."""
        return "int8" if self.int8_model is not None else "fp32"

    def shortlist_for(self, use: str) -> Shortlist | None:
        """The vocabulary shortlist when this package has one for ``use`` ("search": its own
        greedy and beam search; "reverse": the reverse check it does for the other direction)."""
        return self.shortlist if self.shortlist is not None and self.shortlist.used_for(use) else None


def pack_weights(state: dict[str, torch.Tensor], storage: str = "fp16") -> dict[str, torch.Tensor]:
    """The tensors ``model.safetensors`` stores for ``state`` (float tensors on the CPU).

    "fp16" / "fp32": every float tensor in that type.  "int8": every float matrix (2 or more dimensions) as int8,
    symmetric per row (``round(w / s)``, ``s = max|row| / 127``), with the row scales as fp32 under
    ``NAME.int8_scale``; vectors (biases, norms) as fp16.  Non-float tensors are kept as they are.
    """
    if storage not in WEIGHT_STORAGES:
        raise ConfigError.format("weight storage {storage!r} is not one of {storages}", storage=storage,
                                 storages=", ".join(WEIGHT_STORAGES))
    out: dict[str, torch.Tensor] = {}
    for name, t in state.items():
        t = t.detach().cpu()
        if not t.is_floating_point():
            out[name] = t.contiguous()
        elif storage == "int8" and t.dim() >= 2:
            rows = t.float().reshape(t.shape[0], -1)
            scale = rows.abs().amax(dim=1).clamp_min(1e-12) / 127.0
            out[name] = torch.round(rows / scale[:, None]).clamp(-127, 127).to(torch.int8).reshape(t.shape).contiguous()
            out[name + INT8_SCALE_SUFFIX] = scale.contiguous()
        else:
            out[name] = t.to(torch.float32 if storage == "fp32" else torch.float16).contiguous()
    return out


def unpack_weights(tensors: dict[str, torch.Tensor], pkg: Path | str = "") -> dict[str, torch.Tensor]:
    """fp32 weights from what ``pack_weights`` stored; ``ModelLoadError`` for an int8 tensor
    without its scales (or scales without their tensor, or of the wrong length)."""
    scales = {k[:-len(INT8_SCALE_SUFFIX)]: v for k, v in tensors.items() if k.endswith(INT8_SCALE_SUFFIX)}
    out: dict[str, torch.Tensor] = {}
    for name, t in tensors.items():
        if name.endswith(INT8_SCALE_SUFFIX):
            if name[:-len(INT8_SCALE_SUFFIX)] not in tensors:
                raise ModelLoadError.format("model package {pkg}: int8 scales {name} belong to no weight",
                                            pkg=pkg, name=name)
            continue
        if t.dtype == torch.int8 and t.dim() >= 1:
            scale = scales.get(name)
            if scale is None or scale.dim() != 1 or scale.shape[0] != t.shape[0]:
                raise ModelLoadError.format("model package {pkg}: weight {name} is stored as int8 without its "
                                            "per-row scales", pkg=pkg, name=name)
            out[name] = (t.float().reshape(t.shape[0], -1) * scale.float()[:, None]).reshape(t.shape)
        else:
            out[name] = t.float() if t.is_floating_point() else t
    return out


def _read_json(path: Path, pkg: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelLoadError.format("model package {pkg} is missing {name}", pkg=pkg, name=path.name) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelLoadError.format("model package {pkg}: {name} is not valid JSON ({error})",
                                    pkg=pkg, name=path.name, error=exc) from exc
    if not isinstance(data, dict):
        raise ModelLoadError.format("model package {pkg}: {name} must hold a JSON object", pkg=pkg, name=path.name)
    return data


def read_package_info(path: str | Path, verify: bool = True) -> PackageInfo:
    """Read and check ``config.json`` (and, if ``verify``, every checksum in the manifest)."""
    pkg = Path(path)
    if not pkg.is_dir():
        raise ModelLoadError.format("model package {pkg} does not exist or is not a directory", pkg=pkg)
    for name in PACKAGE_FILES + (MANIFEST,):
        if not (pkg / name).is_file():
            raise ModelLoadError.format("model package {pkg} is missing {name}", pkg=pkg, name=name)
    manifest = _read_json(pkg / MANIFEST, pkg)
    cfg = _read_json(pkg / "config.json", pkg)
    version = cfg.get("format_version")
    if version != FORMAT_VERSION:
        raise ModelLoadError.format("model package {pkg} has format version {version!r}; this app reads version {supported}",
                                    pkg=pkg, version=version, supported=FORMAT_VERSION)
    if cfg.get("architecture") not in ARCHITECTURES.values():
        raise ModelLoadError.format("model package {pkg} has architecture {architecture!r}; this app knows {known}",
                                    pkg=pkg, architecture=cfg.get("architecture"),
                                    known=", ".join(repr(a) for a in ARCHITECTURES.values()))
    if verify:
        files = manifest.get("files", {})
        for name in PACKAGE_FILES:
            entry = files.get(name)
            if not isinstance(entry, dict) or "sha256" not in entry:
                raise ModelLoadError.format("model package {pkg}: manifest.json has no checksum for {name}",
                                            pkg=pkg, name=name)
            if sha256_file(pkg / name) != entry["sha256"]:
                raise ModelLoadError.format("model package {pkg}: {name} does not match its checksum (file damaged or "
                                            "changed)", pkg=pkg, name=name)
    missing = [k for k in REQUIRED_KEYS if k not in cfg]
    if missing:
        raise ModelLoadError.format("model package {pkg}: config.json is missing {keys}", pkg=pkg, keys=_keys(missing))
    model = cfg["model"]
    if not isinstance(model, dict):
        raise ModelLoadError.format("model package {pkg}: config.json key 'model' must be an object of the model's "
                                    "settings, not {type}", pkg=pkg, type=type(model).__name__)
    missing = [k for k in required_model_keys(model) if k not in model]
    if missing:
        raise ModelLoadError.format("model package {pkg}: config.json 'model' is missing {keys} (a default could change "
                                    "the model's output)", pkg=pkg, keys=_keys(missing))
    preprocessing = cfg.get("preprocessing") or {}
    if not isinstance(preprocessing, dict):
        raise ModelLoadError.format("model package {pkg}: config.json key 'preprocessing' must be an object", pkg=pkg)
    missing = [k for k in REQUIRED_PREPROCESSING if preprocessing and k not in preprocessing]
    if missing:
        raise ModelLoadError.format("model package {pkg}: config.json 'preprocessing' is missing {keys} (a default could "
                                    "change the model's output)", pkg=pkg, keys=_keys(missing))
    try:
        model_cfg = from_dict(ModelConfig, model)
    except (ConfigError, TypeError) as exc:
        raise ModelLoadError.format("model package {pkg}: bad model config ({error})", pkg=pkg, error=exc) from exc
    task = cfg.get("task")
    if task not in TASKS:
        raise ModelLoadError.format("model package {pkg}: task {task!r} is not one of {tasks}",
                                    pkg=pkg, task=task, tasks=", ".join(TASKS))
    known = {"format_version", "architecture", "model", "task", "name", "source_lang", "target_lang",
             "preprocessing", "training", "metrics", "weight_storage", "shortlist"}
    return PackageInfo(
        path=pkg, name=str(cfg.get("name") or pkg.name), task=task,
        source_lang=str(cfg.get("source_lang", "")), target_lang=str(cfg.get("target_lang", "")),
        model_config=model_cfg, preprocessing=dict(cfg.get("preprocessing") or {}),
        training=dict(cfg.get("training") or {}), metrics=dict(cfg.get("metrics") or {}),
        extra={k: v for k, v in cfg.items() if k not in known},
        weight_storage=str(cfg.get("weight_storage") or "fp16"),
        shortlist=dict(cfg.get("shortlist") or {}),
    )


def load_package(path: str | Path, device: str | torch.device = "cpu", verify: bool = True,
                 precision: str = "fp32", keep_fp32: bool = True) -> ModelPackage:
    """Load and validate a model package; raise ``ModelLoadError`` on any problem.

    ``precision`` "int8" also builds the int8 decoding copy (``ModelPackage.decoding_model``); "auto"
    does so for a translator on the CPU when PyTorch can (``core.quantize.resolve_precision``).
    ``keep_fp32=False`` with an int8 copy keeps only the copy (``model`` is then the copy too): for
    a package that only scores, such as the reverse model, whose fp32 recurrent weights would
    otherwise stay in memory unused (~12 MB for a bundled translator).  Such a package cannot be
    fine-tuned.
    """
    from safetensors import SafetensorError
    from safetensors.torch import load_file

    info = read_package_info(path, verify=verify)
    pkg = info.path
    try:
        src_tok = Tokenizer.from_file(pkg / "source.spm", lowercase=bool(info.preprocessing.get("lowercase_source")))
        tgt_tok = Tokenizer.from_file(spm_path(pkg, "target"))
    except TokenizerError as exc:
        raise ModelLoadError.format("model package {pkg}: {error}", pkg=pkg, error=exc) from exc
    mc = info.model_config
    if src_tok.vocab_size != mc.src_vocab_size or tgt_tok.vocab_size != mc.tgt_vocab_size:
        raise ModelLoadError.format("model package {pkg}: vocabulary sizes {src_size}/{tgt_size} of the SentencePiece "
                                    "models do not match the config ({src_config}/{tgt_config})",
                                    pkg=pkg, src_size=src_tok.vocab_size, tgt_size=tgt_tok.vocab_size,
                                    src_config=mc.src_vocab_size, tgt_config=mc.tgt_vocab_size)
    # the model's own parameters are allocated before the file's tensors and their fp32 unpacking:
    # those temporaries then lie above everything that stays, and the heap can shrink back when they
    # are freed, instead of leaving holes that later allocations fault back in
    model = build_model(mc, pad_id=PAD_ID)
    try:
        tensors = load_file(str(pkg / "model.safetensors"))
    except (SafetensorError, OSError, ValueError) as exc:
        raise ModelLoadError.format("model package {pkg}: model.safetensors is not a readable safetensors file ({error})",
                                    pkg=pkg, error=exc) from exc
    # int8-stored embeddings, kept as stored for a package that only decodes (``Int8RowEmbedding``)
    stored_embeddings = {name: (tensors[name], tensors[name + INT8_SCALE_SUFFIX]) for name in EMBEDDINGS
                         if not keep_fp32 and tensors.get(name) is not None and tensors[name].dtype == torch.int8
                         and name + INT8_SCALE_SUFFIX in tensors}
    tensors = unpack_weights(tensors, pkg)
    shortlist = Shortlist.from_tensors(tensors)
    tensors = {k: v for k, v in tensors.items() if not k.startswith(SHORTLIST_PREFIX)}
    if shortlist is not None and not shortlist.fits(mc.src_vocab_size, mc.tgt_vocab_size):
        raise ModelLoadError.format("model package {pkg}: its vocabulary shortlist does not fit the model's "
                                    "vocabularies (damaged, or from another model)", pkg=pkg)
    if shortlist is not None:
        uses = info.shortlist.get("uses", list(SHORTLIST_USES))
        if not isinstance(uses, list) or not set(uses) <= set(SHORTLIST_USES):
            raise ModelLoadError.format("model package {pkg}: config.json shortlist uses {uses!r}; known: {known}",
                                        pkg=pkg, uses=uses, known=", ".join(SHORTLIST_USES))
        shortlist = dataclasses.replace(shortlist, uses=tuple(uses))
    expected = model.state_dict()
    # shared embeddings appear under two names in state_dict but are stored once
    aliases = {"tgt_embed.weight"} if mc.share_src_tgt_embeddings else set()
    missing = sorted(set(expected) - set(tensors) - aliases)
    unexpected = sorted(set(tensors) - set(expected))
    if missing or unexpected:
        raise ModelLoadError.format("model package {pkg}: weights do not match the config (missing {missing}, unexpected "
                                    "{unexpected})", pkg=pkg, missing=missing[:5], unexpected=unexpected[:5])
    for name, t in tensors.items():
        if tuple(t.shape) != tuple(expected[name].shape):
            raise ModelLoadError.format("model package {pkg}: weight {name} has shape {shape}, config expects {expected}",
                                        pkg=pkg, name=name, shape=tuple(t.shape), expected=tuple(expected[name].shape))
        if not torch.isfinite(t).all():
            raise ModelLoadError.format("model package {pkg}: weight {name} contains NaN or infinity", pkg=pkg, name=name)
    model.load_state_dict(tensors, strict=False)
    del tensors, expected
    model.to(device).eval()
    int8_model = None
    parameters = model.num_parameters()
    if resolve_precision(precision, device, info.task) == "int8":
        int8_model = quantize_for_decoding(model)
        if not keep_fp32:
            model = int8_model  # the fp32 modules the copy does not share are freed with the original
            _store_embeddings_as_int8(model, stored_embeddings)
    del stored_embeddings
    release_free_memory()
    return ModelPackage(info=info, model=model, source_tokenizer=src_tok, target_tokenizer=tgt_tok,
                        int8_model=int8_model, shortlist=shortlist, parameters=parameters)


#: the embedding weights a decoding-only RNN package can keep as stored int8 rows
EMBEDDINGS = ("src_embed.weight", "tgt_embed.weight")


def _store_embeddings_as_int8(model, stored: dict[str, tuple[torch.Tensor, torch.Tensor]]) -> None:
    """Swap an int8 RNN copy's fp32 embeddings for ``Int8RowEmbedding``s of the stored int8 rows:
    the same vectors, 6 MB less per 8k x 256 table.  Shared (source = target) tables stay shared."""
    if getattr(model.cfg, "arch", "rnn") != "rnn" or not stored:
        return
    shared = model.tgt_embed is model.src_embed
    for name, (rows, scales) in stored.items():
        attr = name.split(".")[0]
        if shared and attr == "tgt_embed":
            continue
        setattr(model, attr, Int8RowEmbedding(rows, scales, padding_idx=getattr(model, attr).padding_idx))
    if shared:
        model.tgt_embed = model.src_embed


def reverse_package(task: str, name: str, source_lang: str, target_lang: str) -> tuple[str, str] | None:
    """(task, name) of the package that reranks this one's output, or None for a task without one:
    a translator's opposite direction (``ja-en`` for ``en-ja``), a chat model's ``NAME-reverse``."""
    return {"translate": ("translate", f"{target_lang}-{source_lang}"),
            "chat": ("chat-reverse", f"{name}-reverse")}.get(task)


def sibling_reverse_dir(package_dir: str | Path, source_lang: str, target_lang: str, task: str = "translate",
                        name: str | None = None) -> Path | None:
    """The reverse package (``reverse_package``) beside ``package_dir``, or None: what export scores
    and benchmarks the reverse check with, as ``Engine.attach_reverse`` finds it installed."""
    wanted = reverse_package(task, name or Path(package_dir).name, source_lang, target_lang)
    path = Path(package_dir).parent / wanted[1] if wanted else None
    return path if path is not None and (path / "config.json").exists() else None


def spm_path(package_dir: str | Path, side: str) -> Path:
    """The SentencePiece model file of ``side`` (``"source"`` / ``"target"``) of a package: an empty
    ``target.spm`` stands for ``source.spm`` (see the module docstring)."""
    pkg = Path(package_dir)
    path = pkg / f"{side}.spm"
    if side == "target" and path.is_file() and path.stat().st_size == 0:
        return pkg / "source.spm"
    return path


def save_package(path: str | Path, model: Seq2Seq, *, task: str, source_lang: str, target_lang: str,
                 source_spm: bytes, target_spm: bytes, card: str, name: str | None = None,
                 preprocessing: dict | None = None, training: dict | None = None,
                 metrics: dict | None = None, weight_storage: str = "fp16",
                 extra: dict | None = None, overwrite: bool = True, shortlist: Shortlist | None = None) -> Path:
    """Write a package atomically: build it in a temp dir beside ``path``, then rename into place.

    The temp dir is ``.NAME.tmp-PID-...`` (``manifest.temp_dir``), so a crash mid-save leaves a
    folder that ``store.recover_user_models`` removes once this process is gone.  An existing
    package at ``path`` is replaced only after the new one is complete, and kept (hidden) until the
    new one is in place (``manifest.replace_folder``); ``overwrite=False`` refuses to replace one
    (``FileExistsError``).  ``shortlist`` (a translator's, ``core.shortlist``) is stored beside the
    weights; a fine-tuned model is saved without one.
    """
    from safetensors.torch import save_file

    if task not in TASKS:
        raise ConfigError.format("task {task!r} is not one of {tasks}", task=task, tasks=", ".join(TASKS))
    dest = Path(path)
    dest.parent.mkdir(parents=True, exist_ok=True)
    state = {}
    seen = set()
    for k, v in model.state_dict().items():
        if v.data_ptr() in seen:  # tied/shared tensor, stored once
            continue
        seen.add(v.data_ptr())
        state[k] = v
    config = _with_storage({
        "format_version": FORMAT_VERSION, "architecture": ARCHITECTURES[getattr(model.cfg, "arch", "rnn")],
        "task": task,
        "name": name or dest.name, "source_lang": source_lang, "target_lang": target_lang,
        "model": dataclasses.asdict(model.cfg),
        "preprocessing": {"lowercase_source": False, **(preprocessing or {})},
        "training": training or {}, "metrics": metrics or {}, **(extra or {}),
        **({"shortlist": shortlist_record(shortlist)} if shortlist is not None else {}),
    }, weight_storage)
    tensors = pack_weights(state, weight_storage) | (shortlist.to_tensors() if shortlist is not None else {})

    def fill(tmp: Path) -> None:
        save_file(tensors, str(tmp / "model.safetensors"))
        (tmp / "model.safetensors").chmod(0o644)
        (tmp / "config.json").write_text(json.dumps(config, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        (tmp / "source.spm").write_bytes(source_spm)
        # a shared vocabulary (both sides the same model) is written once: target.spm stays empty
        (tmp / "target.spm").write_bytes(b"" if target_spm == source_spm else target_spm)
        (tmp / "MODEL_CARD.md").write_text(card, encoding="utf-8")

    _write_atomically(dest, fill, overwrite)
    logger.info("saved model package %s", dest)
    return dest


def repack_package(path: str | Path, weight_storage: str) -> Path:
    """Rewrite a package's weights in ``weight_storage``, in place and atomically, keeping every
    other file (and its shortlist); returns the package folder.

    Repacking fp16 as int8 is lossy once; int8 back to fp16 keeps the int8 values.
    """
    from safetensors.torch import load_file

    pkg = read_package_info(path).path
    tensors = unpack_weights(load_file(str(pkg / "model.safetensors")), pkg)
    config = _with_storage(json.loads((pkg / "config.json").read_text(encoding="utf-8")), weight_storage)
    _rewrite(pkg, tensors, config, weight_storage)
    logger.info("repacked model package %s as %s", pkg, weight_storage)
    return pkg


def shortlist_record(shortlist: Shortlist) -> dict:
    """config.json ``shortlist``: the tables' shape and uses (``{"frequent": N, "per_source": K, "uses": [...]}``)."""
    return {"frequent": int(shortlist.frequent.numel()), "per_source": shortlist.per_source,
            "uses": list(shortlist.uses)}


def set_shortlist(path: str | Path, shortlist: Shortlist | None) -> Path:
    """Store ``shortlist`` in a package (None removes it), in place and atomically, with its shape in
    config.json ``shortlist``.  The weights and every other file are kept."""
    from safetensors.torch import load_file

    pkg = read_package_info(path).path
    stored = load_file(str(pkg / "model.safetensors"))
    tensors = {k: v for k, v in unpack_weights(stored, pkg).items() if not k.startswith(SHORTLIST_PREFIX)}
    config = {k: v for k, v in json.loads((pkg / "config.json").read_text(encoding="utf-8")).items()
              if k != "shortlist"}
    if shortlist is not None:
        tensors |= shortlist.to_tensors()
        config["shortlist"] = shortlist_record(shortlist)
    storage = config.get("weight_storage") or "fp16"
    _rewrite(pkg, tensors, _with_storage(config, storage), storage)
    logger.info("%s the shortlist of model package %s", "stored" if shortlist is not None else "removed", pkg)
    return pkg


def _rewrite(pkg: Path, tensors: dict[str, torch.Tensor], config: dict, weight_storage: str) -> None:
    """Replace a package's weights (fp32 ``tensors``, packed as ``weight_storage``) and config.json atomically."""
    from safetensors.torch import save_file

    def fill(tmp: Path) -> None:
        for name in PACKAGE_FILES:
            if name not in ("model.safetensors", "config.json"):
                shutil.copy2(pkg / name, tmp / name)
        save_file(pack_weights(tensors, weight_storage), str(tmp / "model.safetensors"))
        (tmp / "model.safetensors").chmod(0o644)
        (tmp / "config.json").write_text(json.dumps(config, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

    _write_atomically(pkg, fill, overwrite=True)


def _with_storage(config: dict, weight_storage: str) -> dict:
    """``config`` saying how its weights are stored: the key only when not fp16 (packages from before
    the key read as fp16), never a stale value carried over from the package it came from."""
    config = {k: v for k, v in config.items() if k != "weight_storage"}
    if weight_storage != "fp16":
        config["weight_storage"] = weight_storage
    return config


def _write_atomically(dest: Path, fill, overwrite: bool) -> None:
    """Let ``fill(tmp)`` write every file of a package into a temp dir beside ``dest``, then add the
    manifest and rename it into place (see ``save_package``); nothing is left behind on failure."""
    tmp = temp_dir(dest.parent, dest.name)
    try:
        fill(tmp)
        write_manifest(tmp)
        fsync_files(tmp)
        replace_folder(tmp, dest, overwrite=overwrite)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
