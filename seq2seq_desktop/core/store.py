"""Bundled and user model packages: list them, rename, delete, export and import user models.

Bundled models (``paths.bundled_models_dir()``) are read-only here: every function that changes
something refuses a package that is not directly inside ``paths.user_models_dir()``.

Every change is crash-safe, like ``package.save_package``:

* **rename** builds the renamed copy in a temp folder beside it (weights hard-linked when the file
  system allows), renames it into place, and only then removes the old folder;
* **delete** first renames the folder to a hidden name (one atomic step), then removes it;
* **export** writes a single ``.zip`` through a ``.part`` file renamed at the end;
* **import** unpacks into a hidden temp folder, validates it as fully as ``load_package`` does
  (checksums, tokenizers, weight shapes, finite values) and renames it into place.

A hidden folder (name starting with ``.``) is never listed (``find_models`` skips them), so
an interrupted operation leaves every earlier model loadable.
"""
from __future__ import annotations

import json
import logging
import os
import re
import shutil
import tarfile
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .errors import ConfigError, ModelLoadError
from .manifest import MANIFEST, PACKAGE_FILES, fsync_files, read_package_config, read_package_name, write_manifest

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
]

logger = logging.getLogger(__name__)

#: largest unpacked size of an imported archive (a bundled-size model is ~30 MB)
MAX_IMPORT_BYTES = 2 * 1024 ** 3
_NAME_RE = re.compile(r"^[\w][\w .+\-()]*$", re.UNICODE)


def find_models() -> list[Path]:
    """Package directories (those with a ``config.json``): bundled first, then the user's, by name."""
    from ..paths import bundled_models_dir, user_models_dir

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
    available = ", ".join(p.name for p in models) or "none installed"
    raise ModelLoadError(f"no model package named or found at {name!r}; available: {available}")


def default_model(task: str = "translate", source_lang: str | None = None) -> Path | None:
    """First package (bundled before user) of ``task`` whose source language matches, or None."""
    for p in find_models():
        data = read_package_config(p)
        if data is None:
            continue
        if data.get("task") == task and (source_lang is None or data.get("source_lang") == source_lang):
            return p
    return None


@dataclass(frozen=True)
class ModelEntry:
    """One installed package as the model manager shows it.

    ``info`` is None when the package cannot be read; ``error`` then says why.
    """

    path: Path
    origin: str  # "bundled" | "user"
    info: object | None = None
    error: str | None = None

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
    """Every package, bundled first then the user's, each with its info (or the reason it is broken)."""
    from .package import read_package_info

    out = []
    for path in find_models():
        try:
            out.append(ModelEntry(path, _origin(path), read_package_info(path, verify=verify)))
        except ModelLoadError as exc:
            out.append(ModelEntry(path, _origin(path), None, str(exc)))
    return out


def find_entry(path_or_name: str | os.PathLike) -> ModelEntry:
    """The entry of a package path or name (``resolve_model``)."""
    from .package import read_package_info

    path = resolve_model(path_or_name)
    try:
        return ModelEntry(path, _origin(path), read_package_info(path, verify=False))
    except ModelLoadError as exc:
        return ModelEntry(path, _origin(path), None, str(exc))


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
        raise ConfigError("the model name is empty; type a name such as 'en-ja-my-terms'")
    if len(name) > 64:
        raise ConfigError(f"the model name has {len(name)} characters; use at most 64")
    if not _NAME_RE.match(name) or name in (".", ".."):
        raise ConfigError(f"the model name {name!r} may use letters, digits, spaces and . _ - + ( ) only, "
                          "and must start with a letter or digit")
    bundled = bundled_models_dir()
    if (bundled / name).exists() or name in _bundled_names():
        raise ConfigError(f"{name!r} is the name of a bundled model; choose another name")
    if not allow_existing and user_model_path(name).exists():
        raise ConfigError(f"a user model named {name!r} already exists; choose another name")
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
    """``name``, or ``name-2``, ``name-3``... whichever is free among user and bundled models."""
    base = name
    n = 1
    while user_model_path(name).exists() or name in _bundled_names():
        n += 1
        name = f"{base}-{n}"
    return name


def _require_user(path: str | os.PathLike, action: str) -> Path:
    p = Path(path)
    if not p.is_dir():
        raise ConfigError(f"there is no model package at {p}")
    if not is_user_model(p):
        raise ConfigError(f"{p.name} is a bundled model (or not in the user models folder); it cannot be {action}")
    return p


# ----------------------------------------------------------------------- rename / delete
def _set_name(folder: Path, name: str) -> None:
    """Write ``name`` into config.json and refresh the manifest (fresh files, never in place)."""
    cfg_path = folder / "config.json"
    cfg = json.loads(cfg_path.read_text(encoding="utf-8"))
    cfg["name"] = name
    cfg_path.unlink()  # may be a hard link to the original: never write through it
    cfg_path.write_text(json.dumps(cfg, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    write_manifest(folder)


def _link_or_copy(src: Path, dst: Path) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def rename_model(path: str | os.PathLike, new_name: str) -> Path:
    """Rename a user model (folder and configured name); returns the new folder.

    Raises
    ------
    ConfigError
        Bundled model, invalid or taken name.
    """
    old = _require_user(path, "renamed")
    new_name = check_model_name(new_name)
    dest = user_model_path(new_name)
    if dest.exists() and dest.resolve() != old.resolve():
        raise ConfigError(f"a user model named {new_name!r} already exists; choose another name")
    tmp = Path(tempfile.mkdtemp(prefix=f".{new_name}.tmp-", dir=old.parent))
    try:
        tmp.chmod(0o755)
        for f in old.iterdir():
            if f.is_file() and f.name not in ("config.json", MANIFEST):
                _link_or_copy(f, tmp / f.name)
        shutil.copy2(old / "config.json", tmp / "config.json")
        _set_name(tmp, new_name)
        fsync_files(tmp)
        if dest.resolve() == old.resolve():  # only the configured name changes
            trash = old.with_name(f".{old.name}.old-{os.getpid()}")
            os.replace(old, trash)
            os.replace(tmp, dest)
            shutil.rmtree(trash, ignore_errors=True)
        else:
            os.replace(tmp, dest)  # from here both copies exist and load
            _remove(old)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    logger.info("renamed model %s -> %s", old, dest)
    return dest


def _remove(folder: Path) -> None:
    trash = folder.with_name(f".{folder.name}.deleted-{os.getpid()}")
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
    if zipfile.is_zipfile(archive):
        kind = "zip"
        with zipfile.ZipFile(archive) as zf:
            raw = [(i.filename, i.file_size, i, i.is_dir(), False) for i in zf.infolist()]
    elif tarfile.is_tarfile(archive):
        kind = "tar"
        with tarfile.open(archive) as tf:
            raw = [(m.name, m.size, m, m.isdir(), not (m.isfile() or m.isdir())) for m in tf.getmembers()]
    else:
        raise ModelLoadError(f"{archive.name} is not a model package archive (expected a .zip exported by "
                             "Seq2Seq Desktop, or a .tar/.tar.gz of a package folder)")
    tops = set()
    for name, size, member, is_dir, special in raw:
        pp = PurePosixPath(name.replace("\\", "/"))
        if pp.is_absolute() or ".." in pp.parts:
            raise ModelLoadError(f"{archive.name} is refused: it holds an unsafe path {name!r}")
        if special:
            raise ModelLoadError(f"{archive.name} is refused: {name!r} is a link or special file")
        if is_dir or pp.name == ".DS_Store" or (pp.parts and pp.parts[0] == "__MACOSX"):
            continue
        if len(pp.parts) > 2:
            raise ModelLoadError(f"{archive.name}: unexpected nested file {name!r}")
        if len(pp.parts) == 2:
            tops.add(pp.parts[0])
        if pp.name not in allowed:
            raise ModelLoadError(f"{archive.name}: unexpected file {pp.name!r}; a model package holds "
                                 f"{', '.join(sorted(allowed))}")
        if any(f[0] == pp.name for f in found):
            raise ModelLoadError(f"{archive.name}: {pp.name} appears twice")
        found.append((pp.name, size, member))
    if len(tops) > 1:
        raise ModelLoadError(f"{archive.name} holds more than one folder ({', '.join(sorted(tops))}); "
                             "export one model per file")
    missing = allowed - {f[0] for f in found}
    if missing:
        raise ModelLoadError(f"{archive.name} is not a complete model package: missing {', '.join(sorted(missing))}")
    total = sum(f[1] for f in found)
    if total > MAX_IMPORT_BYTES:
        raise ModelLoadError(f"{archive.name} unpacks to {total / 1024 ** 3:.1f} GB; the limit is "
                             f"{MAX_IMPORT_BYTES / 1024 ** 3:.0f} GB")
    return kind, found


def _extract(archive: Path, kind: str, members, dest: Path) -> None:
    """Copy each member's bytes (at most its declared size) to ``dest/<name>``."""
    opener = zipfile.ZipFile(archive) if kind == "zip" else tarfile.open(archive)
    with opener as arc:
        for name, size, member in members:
            src = arc.open(member) if kind == "zip" else arc.extractfile(member)
            if src is None:
                raise ModelLoadError(f"{archive.name}: cannot read {name}")
            with src, open(dest / name, "wb") as out:
                written = 0
                for chunk in iter(lambda: src.read(1 << 20), b""):  # noqa: B023 (called within this iteration)
                    written += len(chunk)
                    if written > size:
                        raise ModelLoadError(f"{archive.name}: {name} is larger than its header says")
                    out.write(chunk)
                os.fsync(out.fileno())


def import_model(archive: str | os.PathLike, name: str | None = None) -> Path:
    """Install a model package archive as a user model; returns its folder.

    The package is validated like any package (``load_package``: manifest checksums, format
    version, config, tokenizers, weight names/shapes/finite values) before it appears.  Without
    ``name`` it keeps its configured name, made unique (``-2``, ``-3``...).

    Raises
    ------
    ModelLoadError
        Not an archive, unsafe or unexpected members, incomplete, or an invalid package.
    ConfigError
        ``name`` is invalid or taken.
    """
    from ..paths import user_models_dir
    from .package import load_package

    src = Path(archive)
    if not src.is_file():
        raise ModelLoadError(f"{src} does not exist or is not a file")
    kind, members = _members(src)
    root = user_models_dir(create=True)
    tmp = Path(tempfile.mkdtemp(prefix=".import-", dir=root))
    try:
        tmp.chmod(0o755)
        _extract(src, kind, members, tmp)
        try:
            pkg = load_package(tmp, device="cpu", verify=True)
        except ModelLoadError as exc:
            raise ModelLoadError(f"{src.name} is not a valid model package: "
                                 f"{str(exc).replace(str(tmp), 'the archive')}") from None
        if name is not None:
            final = check_model_name(name, allow_existing=False)
        else:
            wanted = pkg.info.name if pkg.info.name and not pkg.info.name.startswith(".") else src.stem
            try:
                wanted = check_model_name(wanted)
            except ConfigError:  # e.g. a bundled model exported and re-imported
                wanted = check_model_name(f"{src.stem}-imported" if _NAME_RE.match(src.stem) else "imported-model")
            final = unique_name(wanted)
        del pkg
        if final != read_package_name(tmp):
            _set_name(tmp, final)
            fsync_files(tmp)
        dest = user_model_path(final)
        os.replace(tmp, dest)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    logger.info("imported %s as %s", src, dest)
    return dest
