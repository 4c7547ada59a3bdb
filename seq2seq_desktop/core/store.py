"""Bundled and user model packages: list them, rename, delete, export and import user models.

Bundled models (``paths.bundled_models_dir()``) are read-only here: every function that changes
something refuses a package that is not directly inside ``paths.user_models_dir()``.

Every change is crash-safe, like ``package.save_package``:

* **rename** builds the renamed copy in a temp folder beside it (weights hard-linked when the file
  system allows), renames it into place, and only then removes the old folder;
* **delete** first renames the folder to a hidden name (one atomic step), then removes it;
* **export** writes a single ``.zip`` through a ``.part`` file renamed at the end;
* **import** unpacks (or copies a package folder) into a hidden temp folder, validates it as fully as ``load_package`` does
  (checksums, tokenizers, weight shapes, finite values) and renames it into place.

A hidden folder (name starting with ``.``) is never listed (``find_models`` skips them), so
an interrupted operation leaves every earlier model loadable.  Hidden working folders record
their owner's process id (``manifest.temp_dir``); ``recover_user_models`` (run by every
``find_models``) removes those whose process is gone (or that are older than a day) and puts
back a package whose replacement was interrupted between its two renames.

Saving a new model is checked before the work that produces it starts:

* ``check_destination(needed_bytes)`` - the user models folder can be created and written to and
  has room for a package of about that size (``StorageError`` otherwise, one line);
* ``reserve_name(name)`` - the same checks, plus a lock file ``.NAME.lock`` (owner pid and a
  token) in the user models folder, so a second fine-tune of the same name is refused at its start
  rather than after its training; ``unique_name`` skips reserved names.
"""
from __future__ import annotations

import errno
import json
import logging
import os
import re
import shutil
import socket
import tarfile
import tempfile
import time
import uuid
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .errors import ConfigError, Message, ModelLoadError, Seq2SeqError
from .manifest import (
    MANIFEST,
    PACKAGE_FILES,
    fsync_files,
    package_size,
    parse_work_name,
    read_package_config,
    read_package_name,
    replace_folder,
    temp_dir,
    work_path,
    write_manifest,
)

__all__ = [
    "find_models",
    "resolve_model",
    "default_model",
    "ModelEntry",
    "list_models",
    "find_entry",
    "is_user_model",
    "check_model_name",
    "user_model_path",
    "unique_name",
    "rename_model",
    "delete_model",
    "export_model",
    "import_model",
    "bundled_counterpart",
    "MAX_IMPORT_BYTES",
    "StorageError",
    "check_destination",
    "describe_storage_error",
    "storage_error",
    "needed_bytes_for",
    "NameReservation",
    "reserve_name",
    "reservation_holder",
    "recover_user_models",
    "STALE_SECONDS",
]

logger = logging.getLogger(__name__)

#: largest unpacked size of an imported archive (a bundled-size model is ~30 MB)
MAX_IMPORT_BYTES = 2 * 1024 ** 3
_NAME_RE = re.compile(r"^[\w][\w .+\-()]*$", re.UNICODE)
#: hidden working folders and locks older than this are stale whoever owns them (seconds)
STALE_SECONDS = 24 * 3600


class StorageError(Seq2SeqError, OSError):
    """A model cannot be saved where it should go: folder missing or read-only, a file in the way, disk full.

    The message is one line for the user (no temp paths, no errno); it says what to do.
    """


def find_models() -> list[Path]:
    """Package directories (those with a ``config.json``): bundled first, then the user's, by name.

    The user models folder is first tidied by ``recover_user_models`` (stale temp folders,
    interrupted replacements), so a model whose replacement crashed is found again.
    """
    from ..paths import bundled_models_dir, user_models_dir

    try:
        recover_user_models()
    except Exception as exc:  # tidying up must never stop a listing
        logger.warning("could not tidy the user models folder: %r", exc)
    found = []
    for root in (bundled_models_dir(), user_models_dir()):
        if root.is_dir():
            found.extend(sorted(p for p in root.iterdir() if p.is_dir() and (p / "config.json").is_file()
                                and not p.name.startswith(".")))  # dot dirs: save_package temp/old copies
    return found


def resolve_model(name_or_path: str | os.PathLike) -> Path:
    """Turn a package path or a package name into a package directory.

    An existing directory is returned as is.  Otherwise the name is matched against the folder
    names, then the configured names, of ``find_models()``.

    Raises
    ------
    ModelLoadError
        When nothing matches; the message lists the available names.
    """
    path = Path(name_or_path).expanduser()
    if path.is_dir():
        return path
    name = str(name_or_path)
    models = find_models()
    for p in models:
        if p.name == name:
            return p
    for p in models:
        if read_package_name(p) == name:
            return p
    if not models:
        raise ModelLoadError.format("no model package named or found at {name!r}; available: none installed", name=name)
    raise ModelLoadError.format("no model package named or found at {name!r}; available: {available}",
                                name=name, available=", ".join(p.name for p in models))


def default_model(task: str = "translate", source_lang: str | None = None) -> Path | None:
    """First package (bundled before user) of ``task`` whose source language matches, or None."""
    for p in find_models():
        data = read_package_config(p)
        if data is None:
            continue
        if (data.get("model") or {}).get("attention") == "none":
            continue  # the teaching model without attention is never anyone's default translator
        if data.get("task") == task and (source_lang is None or data.get("source_lang") == source_lang):
            return p
    return None


@dataclass(frozen=True)
class ModelEntry:
    """One installed package as the model manager shows it.

    ``info`` is None when the package cannot be read; ``error`` then says why, and ``problem`` is
    the ``ModelLoadError`` that said it (for a translated message).
    """

    path: Path
    origin: str  # "bundled" | "user"
    info: object | None = None
    error: str | None = None
    problem: Seq2SeqError | None = field(default=None, repr=False, compare=False)

    @property
    def name(self) -> str:
        """Display name (config name, else folder name)."""
        return getattr(self.info, "name", None) or self.path.name

    @property
    def is_user(self) -> bool:
        """True for user models (renamable, deletable)."""
        return self.origin == "user"

    @property
    def task(self) -> str:
        """'translate' / 'chat' ('?' when unreadable)."""
        return getattr(self.info, "task", "?")

    @property
    def direction(self) -> str:
        """'en-ja' style label ('?' when unreadable)."""
        return self.info.direction if self.info is not None else "?"

    @property
    def finetune(self) -> dict:
        """The fine-tuning record of a fine-tuned model ({} for others)."""
        rec = getattr(self.info, "extra", {}).get("finetune") if self.info is not None else None
        return rec if isinstance(rec, dict) else {}

    @property
    def card(self) -> str:
        """MODEL_CARD.md text ('' when missing)."""
        return self.info.card if self.info is not None else ""

    def facts(self) -> list[tuple[str, str]]:
        """(label, value) rows for a card header: base model, pairs, date, metrics."""
        rows = [("Name", self.name), ("Origin", "bundled (read-only)" if self.origin == "bundled" else "user model"),
                ("Task", self.task), ("Direction", self.direction), ("Folder", str(self.path))]
        if self.error:
            rows.append(("Problem", self.error))
            return rows
        ft = self.finetune
        if ft:
            rows += [("Base model", str(ft.get("base_model", "?"))), ("Pairs", str(ft.get("pairs", "?"))),
                     ("Date", str(ft.get("date", "?")))]
            b, a = ft.get("before") or {}, ft.get("after") or {}
            if a:
                rows.append(("Held-out BLEU", f"{b.get('bleu', float('nan')):.2f} \u2192 {a.get('bleu', float('nan')):.2f}"))
                rows.append(("Held-out chrF", f"{b.get('chrf', float('nan')):.2f} \u2192 {a.get('chrf', float('nan')):.2f}"))
        else:
            metrics = getattr(self.info, "metrics", {}) or {}
            for key, value in metrics.items():
                if isinstance(value, dict) and "bleu" in value:
                    rows.append((f"BLEU ({key})", f"{value['bleu']}"))
        return rows


# ------------------------------------------------------------------------------------ listing
def _origin(path: Path) -> str:
    from ..paths import bundled_models_dir

    try:
        return "bundled" if path.resolve().parent == bundled_models_dir().resolve() else "user"
    except OSError:
        return "user"


def is_user_model(path: str | os.PathLike) -> bool:
    """Whether ``path`` is a package folder directly inside the user models folder."""
    from ..paths import user_models_dir

    p = Path(path)
    try:
        return p.is_dir() and p.resolve().parent == user_models_dir().resolve() and not p.name.startswith(".")
    except OSError:
        return False


def list_models(verify: bool = False) -> list[ModelEntry]:
    """Every package, bundled first then the user's, each with its info (or the reason it is broken).

    With ``verify`` every checksum of the manifest is checked, so a damaged package is listed with
    its problem rather than looking healthy until it is used.  A package whose files (size,
    modification time, inode) are unchanged since it last verified in this process is not hashed again.
    """
    from .package import read_package_info

    out = []
    for path in find_models():
        try:
            out.append(ModelEntry(path, _origin(path), _read_info(path, verify, read_package_info)))
        except ModelLoadError as exc:
            _VERIFIED.pop(str(path), None)
            out.append(ModelEntry(path, _origin(path), None, str(exc), exc))
    return out


#: str(package path) -> file signature at its last successful verification
_VERIFIED: dict[str, tuple] = {}


def _signature(path: Path) -> tuple | None:
    try:
        return tuple((n, st.st_size, st.st_mtime_ns, st.st_ino)
                     for n in (*PACKAGE_FILES, MANIFEST) for st in [(path / n).stat()])
    except OSError:
        return None


def _read_info(path: Path, verify: bool, read_package_info):
    if not verify:
        return read_package_info(path, verify=False)
    sig = _signature(path)
    if sig is not None and _VERIFIED.get(str(path)) == sig:
        return read_package_info(path, verify=False)
    info = read_package_info(path, verify=True)
    if sig is not None:
        _VERIFIED[str(path)] = sig
    return info


def find_entry(path_or_name: str | os.PathLike) -> ModelEntry:
    """The entry of a package path or name (``resolve_model``)."""
    from .package import read_package_info

    path = resolve_model(path_or_name)
    try:
        return ModelEntry(path, _origin(path), read_package_info(path, verify=False))
    except ModelLoadError as exc:
        return ModelEntry(path, _origin(path), None, str(exc), exc)


def bundled_counterpart(entry: ModelEntry) -> Path | None:
    """The bundled model to revert to: the base of a fine-tuned model, else one of the same task and direction."""
    bundled = [e for e in list_models() if e.origin == "bundled" and e.info is not None]
    base = entry.finetune.get("base_model")
    for e in bundled:
        if base and (e.name == base or e.path.name == base):
            return e.path
    for e in bundled:
        if e.task == entry.task and e.direction == entry.direction:
            return e.path
    return None


# -------------------------------------------------------------------------------------- names
def check_model_name(name: str, *, allow_existing: bool = True) -> str:
    """Validate a user model name (it becomes the folder name); return it stripped.

    Raises
    ------
    ConfigError
        Empty, too long, a path, starting with a dot, unusual characters, or a bundled model's
        name (the bundled one would shadow it when models are chosen by name).
    """
    from ..paths import bundled_models_dir

    name = (name or "").strip()
    if not name:
        raise ConfigError.format("the model name is empty; type a name such as 'en-ja-my-terms'")
    if len(name) > 64:
        raise ConfigError.format("the model name has {length} characters; use at most 64", length=len(name))
    if not _NAME_RE.match(name) or name in (".", ".."):
        raise ConfigError.format("the model name {name!r} may use letters, digits, spaces and . _ - + ( ) only, and must "
                                 "start with a letter or digit", name=name)
    bundled = bundled_models_dir()
    if (bundled / name).exists() or name in _bundled_names():
        raise ConfigError.format("{name!r} is the name of a bundled model; choose another name", name=name)
    if not allow_existing and user_model_path(name).exists():
        raise ConfigError.format("a user model named {name!r} already exists; choose another name", name=name)
    return name


def _bundled_names() -> set[str]:
    from ..paths import bundled_models_dir

    names = set()
    root = bundled_models_dir()
    if root.is_dir():
        for p in root.iterdir():
            data = read_package_config(p)
            if data is not None:
                names.add(str(data.get("name") or p.name))
    return names


def user_model_path(name: str) -> Path:
    """Folder a user model called ``name`` lives in."""
    from ..paths import user_models_dir

    return user_models_dir() / name


def unique_name(name: str) -> str:
    """``name``, or ``name-2``, ``name-3``... whichever is free among user and bundled models and reservations."""
    base = name
    n = 1
    while user_model_path(name).exists() or name in _bundled_names() or reservation_holder(name) is not None:
        n += 1
        name = f"{base}-{n}"
    return name


def _require_user(path: str | os.PathLike, action: str) -> Path:
    p = Path(path)
    if not p.is_dir():
        raise ConfigError.format("there is no model package at {path}", path=p)
    if not is_user_model(p):
        raise ConfigError.format("{name} is a bundled model (or not in the user models folder); it cannot be renamed"
                                 if action == "renamed" else
                                 "{name} is a bundled model (or not in the user models folder); it cannot be deleted",
                                 name=p.name)
    return p


# ----------------------------------------------------------------------- rename / delete
def _set_name(folder: Path, name: str, old_names: set[str] = frozenset()) -> None:
    """Write ``name`` into config.json (and the card's first heading, when it names the package by
    its configured name or one of ``old_names``) and refresh the manifest (fresh files, never in place)."""
    cfg_path = folder / "config.json"
    cfg = json.loads(cfg_path.read_text(encoding="utf-8"))
    old_names = {*old_names, str(cfg.get("name") or "")} - {""}
    cfg["name"] = name
    cfg_path.unlink()  # may be a hard link to the original: never write through it
    cfg_path.write_text(json.dumps(cfg, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    card_path = folder / "MODEL_CARD.md"
    if card_path.is_file():
        card = card_path.read_text(encoding="utf-8")
        new_card = _retitle(card, old_names, name)
        if new_card != card:
            card_path.unlink()  # a hard link too
            card_path.write_text(new_card, encoding="utf-8")
    write_manifest(folder)


def _link_or_copy(src: Path, dst: Path) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def _retitle(card: str, old_names: set[str], new_name: str) -> str:
    """The card with its first heading ``# OLD`` changed to ``# NEW`` (other text unchanged)."""
    first, sep, rest = card.partition("\n")
    if first.startswith("# ") and first[2:].strip() in old_names:
        return f"# {new_name}{sep}{rest}"
    return card


def rename_model(path: str | os.PathLike, new_name: str) -> Path:
    """Rename a user model (folder, configured name and the card's heading); returns the new folder.

    Raises
    ------
    ConfigError
        Bundled model, invalid, taken or reserved name.
    """
    old = _require_user(path, "renamed")
    new_name = check_model_name(new_name)
    dest = user_model_path(new_name)
    same = dest.exists() and dest.resolve() == old.resolve()
    if dest.exists() and not same:
        raise ConfigError.format("a user model named {name!r} already exists; choose another name", name=new_name)
    if not same:
        _refuse_reserved(new_name)
    tmp = temp_dir(old.parent, new_name)
    try:
        for f in old.iterdir():
            if f.is_file() and f.name not in ("config.json", MANIFEST):
                _link_or_copy(f, tmp / f.name)
        shutil.copy2(old / "config.json", tmp / "config.json")
        _set_name(tmp, new_name, {old.name})
        fsync_files(tmp)
        if same:  # only the configured name changes: replace, keeping the old until the new is in place
            replace_folder(tmp, dest)
        else:
            replace_folder(tmp, dest, overwrite=False)  # from here both copies exist and load
            _remove(old)
    except FileExistsError:
        shutil.rmtree(tmp, ignore_errors=True)
        raise ConfigError.format("a user model named {name!r} already exists; choose another name", name=new_name) from None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    logger.info("renamed model %s -> %s", old, dest)
    return dest


def _remove(folder: Path) -> None:
    trash = work_path(folder.parent, folder.name, "deleted")
    os.replace(folder, trash)  # disappears from every listing in one step
    shutil.rmtree(trash, ignore_errors=True)


def delete_model(path: str | os.PathLike) -> None:
    """Delete a user model (bundled models are refused with ``ConfigError``)."""
    folder = _require_user(path, "deleted")
    _remove(folder)
    logger.info("deleted model %s", folder)


# ------------------------------------------------------------------------ export / import
def export_model(path: str | os.PathLike, dest: str | os.PathLike) -> Path:
    """Write the package at ``path`` (bundled or user) into one ``.zip`` file at ``dest``.

    The package is verified first (checksums), so a damaged model is not passed on.
    """
    from .package import read_package_info

    src = Path(path)
    read_package_info(src, verify=True)
    out = Path(dest)
    if out.suffix.lower() != ".zip":
        out = out.with_name(out.name + ".zip")
    out.parent.mkdir(parents=True, exist_ok=True)
    part = out.with_name(out.name + ".part")
    try:
        with zipfile.ZipFile(part, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            for name in (*PACKAGE_FILES, MANIFEST):
                zf.write(src / name, arcname=f"{src.name}/{name}")
        with open(part, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(part, out)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    logger.info("exported %s to %s", src, out)
    return out


def _members(archive: Path) -> tuple[str, list[tuple[str, int, object]]]:
    """('zip'|'tar', [(package file name, size, member)]), refusing anything unexpected."""
    allowed = set(PACKAGE_FILES) | {MANIFEST}
    found: list[tuple[str, int, object]] = []
    if archive.is_dir():  # a package folder (e.g. one the CLI kept when the user models folder was full)
        missing = sorted(n for n in allowed if not (archive / n).is_file())
        if missing:
            raise ModelLoadError.format("{archive} is not a complete model package folder: missing {files}",
                                        archive=archive, files=", ".join(missing))
        return "dir", [(n, (archive / n).stat().st_size, archive / n) for n in sorted(allowed)]
    if zipfile.is_zipfile(archive):
        kind = "zip"
        with zipfile.ZipFile(archive) as zf:
            raw = [(i.filename, i.file_size, i, i.is_dir(), False) for i in zf.infolist()]
    elif tarfile.is_tarfile(archive):
        kind = "tar"
        with tarfile.open(archive) as tf:
            raw = [(m.name, m.size, m, m.isdir(), not (m.isfile() or m.isdir())) for m in tf.getmembers()]
    else:
        raise ModelLoadError.format("{archive} is not a model package archive (expected a .zip exported by Seq2Seq "
                                    "Desktop, or a .tar/.tar.gz of a package folder)", archive=archive.name)
    tops = set()
    for name, size, member, is_dir, special in raw:
        pp = PurePosixPath(name.replace("\\", "/"))
        if pp.is_absolute() or ".." in pp.parts:
            raise ModelLoadError.format("{archive} is refused: it holds an unsafe path {name!r}",
                                        archive=archive.name, name=name)
        if special:
            raise ModelLoadError.format("{archive} is refused: {name!r} is a link or special file",
                                        archive=archive.name, name=name)
        if is_dir or pp.name == ".DS_Store" or (pp.parts and pp.parts[0] == "__MACOSX"):
            continue
        if len(pp.parts) > 2:
            raise ModelLoadError.format("{archive}: unexpected nested file {name!r}", archive=archive.name, name=name)
        if len(pp.parts) == 2:
            tops.add(pp.parts[0])
        if pp.name not in allowed:
            raise ModelLoadError.format("{archive}: unexpected file {name!r}; a model package holds {files}",
                                        archive=archive.name, name=pp.name, files=", ".join(sorted(allowed)))
        if any(f[0] == pp.name for f in found):
            raise ModelLoadError.format("{archive}: {name} appears twice", archive=archive.name, name=pp.name)
        found.append((pp.name, size, member))
    if len(tops) > 1:
        raise ModelLoadError.format("{archive} holds more than one folder ({folders}); export one model per file",
                                    archive=archive.name, folders=", ".join(sorted(tops)))
    missing = allowed - {f[0] for f in found}
    if missing:
        raise ModelLoadError.format("{archive} is not a complete model package: missing {files}",
                                    archive=archive.name, files=", ".join(sorted(missing)))
    total = sum(f[1] for f in found)
    if total > MAX_IMPORT_BYTES:
        raise ModelLoadError.format("{archive} unpacks to {size:.1f} GB; the limit is {limit:.0f} GB",
                                    archive=archive.name, size=total / 1024 ** 3, limit=MAX_IMPORT_BYTES / 1024 ** 3)
    return kind, found


def _extract(archive: Path, kind: str, members, dest: Path) -> None:
    """Copy each member's bytes (at most its declared size) to ``dest/<name>``."""
    if kind == "dir":
        for name, _size, member in members:
            shutil.copyfile(member, dest / name)
            with open(dest / name, "rb") as fh:
                os.fsync(fh.fileno())
        return
    opener = zipfile.ZipFile(archive) if kind == "zip" else tarfile.open(archive)
    with opener as arc:
        for name, size, member in members:
            src = arc.open(member) if kind == "zip" else arc.extractfile(member)
            if src is None:
                raise ModelLoadError.format("{archive}: cannot read {name}", archive=archive.name, name=name)
            with src, open(dest / name, "wb") as out:
                written = 0
                for chunk in iter(lambda: src.read(1 << 20), b""):  # noqa: B023 (called within this iteration)
                    written += len(chunk)
                    if written > size:
                        raise ModelLoadError.format("{archive}: {name} is larger than its header says",
                                                    archive=archive.name, name=name)
                    out.write(chunk)
                os.fsync(out.fileno())


def _hide_temp(value, tmp: str):
    """``value`` (an error, a ``Message`` or a field) with the temp folder ``tmp`` said as "the archive"."""
    if isinstance(value, Seq2SeqError) and value.template is None:
        return str(value).replace(tmp, "the archive")
    if isinstance(value, (Seq2SeqError, Message)):
        return Message(value.template, **{k: _hide_temp(v, tmp) for k, v in value.params.items()})
    if str(value) == tmp:
        return Message("the archive")
    return str(value).replace(tmp, "the archive") if tmp in str(value) else value


def import_model(archive: str | os.PathLike, name: str | None = None) -> Path:
    """Install a model package archive (or a package folder, copied) as a user model; returns its folder.

    The package is validated like any package (``load_package``: manifest checksums, format
    version, config, tokenizers, weight names/shapes/finite values) before it appears.  Without
    ``name`` it keeps its configured name, made unique (``-2``, ``-3``...).

    Raises
    ------
    ModelLoadError
        Not an archive, unsafe or unexpected members, incomplete, or an invalid package.
    ConfigError
        ``name`` is invalid or taken.
    StorageError
        The user models folder cannot take the model (read-only, full, a file in the way).
    """
    from .package import load_package

    src = Path(archive)
    if not src.exists():
        raise ModelLoadError.format("{path} does not exist", path=src)
    kind, members = _members(src)
    root = check_destination(sum(m[1] for m in members))
    tmp = temp_dir(root, "import")
    try:
        _extract(src, kind, members, tmp)
        try:
            pkg = load_package(tmp, device="cpu", verify=True)
        except ModelLoadError as exc:
            raise ModelLoadError.format("{archive} is not a valid model package: {error}",
                                        archive=src.name, error=_hide_temp(exc, str(tmp))) from None
        if name is not None:
            final = check_model_name(name, allow_existing=False)
            _refuse_reserved(final)
        else:
            wanted = pkg.info.name if pkg.info.name and not pkg.info.name.startswith(".") else src.stem
            try:
                wanted = check_model_name(wanted)
            except ConfigError:  # e.g. a bundled model exported and re-imported
                wanted = check_model_name(f"{src.stem}-imported" if _NAME_RE.match(src.stem) else "imported-model")
            final = unique_name(wanted)
        del pkg
        if final != read_package_name(tmp):
            _set_name(tmp, final, {src.stem})
            fsync_files(tmp)
        dest = user_model_path(final)
        replace_folder(tmp, dest, overwrite=False)
    except FileExistsError:
        shutil.rmtree(tmp, ignore_errors=True)
        raise ConfigError.format("a user model named {name!r} already exists; choose another name", name=final) from None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    logger.info("imported %s as %s", src, dest)
    return dest


# --------------------------------------------------------------------- where models are saved
def _human(n: float) -> str:
    for unit in ("bytes", "KB", "MB", "GB", "TB"):
        if n < 1024 or unit == "TB":
            return f"{n:.0f} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.0f} bytes"  # pragma: no cover


_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
_READ_ONLY = {errno.EACCES, errno.EPERM, errno.EROFS}
_IN_THE_WAY = {errno.ENOTDIR, errno.EEXIST, errno.EISDIR}


def describe_storage_error(exc: BaseException, folder: str | os.PathLike) -> str:
    """One line saying why saving into ``folder`` failed and what to do (no temp paths, no errno).

    Understands ``OSError`` and the text of a ``SafetensorError`` (which wraps the OS error).
    """
    return str(storage_error(exc, folder))


def storage_error(exc: BaseException, folder: str | os.PathLike) -> StorageError:
    """The ``StorageError`` to raise when saving into ``folder`` failed with ``exc`` (see ``describe_storage_error``)."""
    code = getattr(exc, "errno", None)
    text = str(exc)
    low = text.lower()
    if code in _FULL or "no space left" in low or "storagefull" in low or "quota" in low:
        return StorageError.format("could not save the model in {folder}: the disk is full; free some space or "
                                   "choose another folder", folder=folder)
    if code in _READ_ONLY or "permission denied" in low or "permissiondenied" in low or "read-only" in low \
            or "readonlyfilesystem" in low:
        return StorageError.format("could not save the model in {folder}: the folder is read-only (no permission "
                                   "to write there); choose another folder", folder=folder)
    if code in _IN_THE_WAY or "not a directory" in low:
        return StorageError.format("could not save the model in {folder}: a file is in the way of the folder; move "
                                   "that file or choose another folder", folder=folder)
    reason = getattr(exc, "strerror", None) or re.sub(r"\S*\.tmp-\S*", "a temporary file", text) \
        or type(exc).__name__
    return StorageError.format("could not save the model in {folder}: {reason}; try again, or choose another folder",
                               folder=folder, reason=reason)


def _file_in_the_way(folder: Path) -> Path | None:
    """The first existing ancestor of ``folder`` (itself included) that is not a folder, if any."""
    for p in (folder, *folder.parents):
        if p.exists():
            return None if p.is_dir() else p
    return None


def check_destination(needed_bytes: int = 0, folder: str | os.PathLike | None = None) -> Path:
    """Make sure a package of about ``needed_bytes`` can be saved in ``folder`` (default: the user models folder).

    Creates the folder, writes and removes a probe file, and compares the free space.  Returns the folder.

    Raises
    ------
    StorageError
        A file is in the way, the folder cannot be created or written to, or there is not enough space.
    """
    from ..paths import user_models_dir

    root = Path(folder) if folder is not None else user_models_dir()
    blocker = _file_in_the_way(root)
    if blocker is not None:
        raise StorageError.format("cannot save models in {folder}: {blocker} is a file, not a folder; move or rename that "
                                  "file, or choose another folder", folder=root, blocker=blocker)
    try:
        root.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".write-test-", dir=root)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise storage_error(exc, root) from exc
    if needed_bytes > 0:
        free = shutil.disk_usage(root).free
        if free < needed_bytes:
            raise StorageError.format("not enough free space in {folder}: the model needs about {needed} and {free} are "
                                      "free; free some space or choose another folder",
                                      folder=root, needed=_human(needed_bytes), free=_human(free))
    return root


def needed_bytes_for(base_package: str | os.PathLike) -> int:
    """Free space to ask for before fine-tuning ``base_package``: its size plus a margin."""
    return int(package_size(base_package) * 1.1) + 1024 * 1024


# -------------------------------------------------------------------------- name reservations
#: tokens of the reservations this process holds (a lock with our pid and another token is not ours)
_LIVE_TOKENS: set[str] = set()


def _pid_alive(pid: int) -> bool:
    """Whether a process with this id runs on this machine (never signals it)."""
    if pid <= 0:
        return False
    if pid == os.getpid():
        return True
    if os.name == "nt":  # pragma: no cover - Windows
        import ctypes

        kernel32 = ctypes.windll.kernel32
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return kernel32.GetLastError() == 5  # access denied: it exists
        try:
            code = ctypes.c_ulong()
            return not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)) or code.value == 259  # STILL_ACTIVE
        finally:
            kernel32.CloseHandle(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


def _lock_path(name: str) -> Path:
    from ..paths import user_models_dir

    return user_models_dir() / f".{name}.lock"


def _lock_owner(lock: Path) -> dict | None:
    """The lock's record if it is held (its process lives), else None (absent or stale)."""
    try:
        data = json.loads(lock.read_text(encoding="utf-8"))
        pid, token = int(data["pid"]), str(data["token"])
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError):
        try:  # being written right now, or damaged: held while young
            return {"pid": -1} if time.time() - lock.stat().st_mtime < 60 else None
        except OSError:
            return None
    if data.get("host") not in (None, socket.gethostname()):  # a shared folder: trust it for a day
        try:
            return data if time.time() - lock.stat().st_mtime < STALE_SECONDS else None
        except OSError:
            return None
    if pid == os.getpid():
        return data if token in _LIVE_TOKENS else None
    return data if _pid_alive(pid) else None


@dataclass
class NameReservation:
    """A held claim on a user model name (``reserve_name``); ``release`` (or ``with``) gives it back."""

    name: str
    lock: Path
    token: str = field(repr=False)

    @property
    def held(self) -> bool:
        """Whether this reservation is still held."""
        return self.token in _LIVE_TOKENS

    def release(self) -> None:
        """Give the name back (idempotent)."""
        if self.token not in _LIVE_TOKENS:
            return
        _LIVE_TOKENS.discard(self.token)
        try:
            data = json.loads(self.lock.read_text(encoding="utf-8"))
            if data.get("token") == self.token:
                self.lock.unlink()
        except (OSError, ValueError):
            pass

    def __enter__(self) -> NameReservation:
        return self

    def __exit__(self, *_exc) -> None:
        self.release()


def reservation_holder(name: str, token: str | None = None) -> int | None:
    """Pid of the live process that reserved ``name`` (-1 when unknown), or None when it is free.

    A reservation with ``token`` (the caller's own) does not count.
    """
    owner = _lock_owner(_lock_path(name))
    if owner is None or (token is not None and owner.get("token") == token):
        return None
    return int(owner.get("pid", -1))


def _refuse_reserved(name: str, token: str | None = None) -> None:
    pid = reservation_holder(name, token)
    if pid is not None:
        raise ConfigError.format("another fine-tune (process {pid}) is working on a model named {name!r}; choose "
                                 "another name" if pid > 0 and pid != os.getpid() else
                                 "another fine-tune is working on a model named {name!r}; choose another name",
                                 pid=pid, name=name)


def reserve_name(name: str, *, overwrite: bool = False, needed_bytes: int = 0) -> NameReservation:
    """Claim the user model name ``name`` before the work that produces the model starts.

    Checks the name (``check_model_name``; taken names only with ``overwrite``), the folder
    (``check_destination``), and writes ``.NAME.lock`` with this process's id.  A lock whose
    process is gone is taken over.

    Raises
    ------
    ConfigError
        Invalid, taken or already reserved name.
    StorageError
        The user models folder cannot take the model.
    """
    name = check_model_name(name, allow_existing=overwrite)
    check_destination(needed_bytes)
    lock = _lock_path(name)
    token = uuid.uuid4().hex
    record = json.dumps({"pid": os.getpid(), "token": token, "host": socket.gethostname(),
                         "created": time.time(), "name": name})
    for _attempt in range(3):
        try:
            fd = os.open(lock, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            _refuse_reserved(name)
            lock.unlink(missing_ok=True)  # stale: its process is gone
            continue
        except OSError as exc:
            raise storage_error(exc, lock.parent) from exc
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(record)
        break
    else:
        _refuse_reserved(name)
        raise ConfigError.format("the model name {name!r} could not be reserved; try again", name=name)
    _LIVE_TOKENS.add(token)
    reservation = NameReservation(name, lock, token)
    if not overwrite and user_model_path(name).exists():  # saved by someone between the check and the lock
        reservation.release()
        raise ConfigError.format("a user model named {name!r} already exists; choose another name", name=name)
    return reservation


# ------------------------------------------------------------------------------------ recovery
def _age(path: Path, now: float) -> float:
    try:
        return now - path.stat().st_mtime
    except OSError:
        return 0.0


def recover_user_models(root: str | os.PathLike | None = None) -> list[str]:
    """Tidy the user models folder after crashes; returns what was done (one line each).

    * A hidden working folder (``.NAME.tmp-PID-...``, ``.NAME.deleted-PID-...``) whose process is
      gone, or that is older than ``STALE_SECONDS``, is removed.  One of a live process is kept.
    * A stale backup ``.NAME.old-PID-...`` is put back as ``NAME`` when ``NAME`` is missing (the
      crash came between the two renames of a replacement), else removed.
    * Locks of processes that are gone, and old write probes, are removed.
    """
    from ..paths import user_models_dir

    folder = Path(root) if root is not None else user_models_dir()
    try:
        entries = [p for p in folder.iterdir() if p.name.startswith(".")]
    except OSError:
        return []
    now = time.time()
    done: list[str] = []
    for p in sorted(entries, key=lambda e: _age(e, now)):  # newest first: the latest backup wins
        try:
            if p.name.endswith(".lock") and p.is_file():
                if _lock_owner(p) is None:
                    p.unlink(missing_ok=True)
                    done.append(f"removed the stale lock {p.name}")
                continue
            if p.name.startswith(".write-test-") and p.is_file():
                if _age(p, now) > STALE_SECONDS:
                    p.unlink(missing_ok=True)
                continue
            parsed = parse_work_name(p.name)
            if parsed is None:
                if p.name.startswith(".import-") and p.is_dir() and _age(p, now) > STALE_SECONDS:  # older app
                    shutil.rmtree(p, ignore_errors=True)
                    done.append(f"removed {p.name}")
                continue
            name, kind, pid = parsed
            if not p.is_dir() or not ((pid > 0 and not _pid_alive(pid)) or _age(p, now) > STALE_SECONDS):
                continue
            dest = folder / name
            if kind == "old" and not dest.exists() and (p / "config.json").is_file():
                os.replace(p, dest)
                logger.warning("restored %s from the backup of an interrupted replacement", dest)
                done.append(f"restored {name} from an interrupted replacement")
                continue
            shutil.rmtree(p, ignore_errors=True)
            logger.info("removed the stale working folder %s", p)
            done.append(f"removed {p.name}")
        except OSError as exc:
            logger.warning("could not tidy %s: %r", p, exc)
    return done
