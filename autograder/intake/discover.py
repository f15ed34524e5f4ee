"""Find the submissions in what an instructor hands `aimath grade`.

Accepted: a folder of `<student>.ipynb|.py` files (and `aimath submit` zips), an nbgrader
`submitted/<student>/<id>/*.ipynb` tree (or the course folder holding it), or a `.zip` of
either. Zips are unpacked with limits (no absolute or `..` names, no links, bounded size).
"""

from __future__ import annotations

import re
import shutil
import stat
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

SUFFIXES = (".ipynb", ".py")
MAX_UNPACKED = 2 * 2**30
MAX_MEMBERS = 50_000
_SAFE_ID = re.compile(r"[^\w.@+-]")


class DiscoveryError(ValueError):
    """The submissions argument cannot be read at all (the batch cannot start)."""


@dataclass(frozen=True)
class Source:
    """Where one student's submission is, before it is read."""

    student: str
    path: Path
    submitted_at: str | None = None
    notes: tuple[str, ...] = ()


def student_id(raw: str) -> str:
    """A file-system-safe student id (no separators, no leading dot)."""
    cleaned = _SAFE_ID.sub("_", raw.strip()).lstrip(".") or "unnamed"
    return cleaned[:100]


def discover(path: Path, assignment_id: str, workdir: Path) -> list[Source]:
    """Every submission under `path`, one per student, sorted by student id."""
    if not path.exists():
        raise DiscoveryError(f"{path} does not exist")
    if path.is_file():
        if path.suffix.lower() == ".zip" and not _is_submit_zip(path):
            target = workdir / "unzipped"
            unpack_zip(path, target)
            return discover(_single_top(target), assignment_id, workdir)
        return [_source(path, path.stem)]
    tree = _nbgrader_tree(path, assignment_id)
    found = _from_tree(tree, assignment_id) if tree else _from_folder(path)
    if not found:
        raise DiscoveryError(f"no .ipynb, .py or submission .zip files found in {path}")
    return _dedupe(found)


def _source(path: Path, raw_id: str, submitted_at: str | None = None) -> Source:
    sid = student_id(raw_id)
    notes = () if sid == raw_id else (f"student id {raw_id!r} was stored as {sid!r}",)
    return Source(sid, path, submitted_at, notes)


def _visible(path: Path) -> bool:
    return not any(p.startswith((".", "__MACOSX")) for p in path.parts[-2:])


def _from_folder(folder: Path) -> list[Source]:
    sources = []
    for path in sorted(folder.iterdir()):
        if not _visible(path) or not path.is_file() or path.is_symlink():
            continue
        if path.suffix.lower() in SUFFIXES:
            sources.append(_source(path, path.stem))
        elif path.suffix.lower() == ".zip" and _is_submit_zip(path):
            sources.append(_source(path, _zip_student(path)))
    return sources


def _nbgrader_tree(path: Path, assignment_id: str) -> Path | None:
    """The `submitted/` folder if `path` is one, or is a course folder that holds one."""
    for candidate in (path, path / "submitted"):
        if candidate.is_dir() and any((d / assignment_id).is_dir()
                                      for d in candidate.iterdir() if d.is_dir()):
            return candidate
    return None


def _from_tree(tree: Path, assignment_id: str) -> list[Source]:
    sources = []
    for folder in sorted(d for d in tree.iterdir() if d.is_dir() and _visible(d)):
        work = folder / assignment_id
        notebooks = sorted(p for p in work.glob("*.ipynb") if _visible(p)) if work.is_dir() else []
        if not notebooks:
            continue
        preferred = [p for p in notebooks if p.stem == assignment_id] or notebooks
        stamp = work / "timestamp.txt"
        when = stamp.read_text(errors="replace").strip()[:64] if stamp.is_file() else None
        source = _source(preferred[0], folder.name, when)
        if len(notebooks) > 1:
            note = f"several notebooks submitted; graded {preferred[0].name}"
            source = Source(source.student, source.path, when, (*source.notes, note))
        sources.append(source)
    return sources


def _dedupe(sources: list[Source]) -> list[Source]:
    """One submission per student: a notebook wins over a .py of the same name."""
    chosen: dict[str, Source] = {}
    for src in sources:
        old = chosen.get(src.student)
        if old is None or (old.path.suffix == ".py" and src.path.suffix == ".ipynb"):
            keep, drop = src, old
        else:
            keep, drop = old, src
        if drop is not None:
            keep = Source(keep.student, keep.path, keep.submitted_at,
                          (*keep.notes, f"{drop.path.name} was also found and not graded"))
        chosen[src.student] = keep
    return [chosen[k] for k in sorted(chosen)]


def _is_submit_zip(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as zf:
            return "manifest.json" in zf.namelist()
    except (zipfile.BadZipFile, OSError):
        return False


def _zip_student(path: Path) -> str:
    import json

    try:
        with zipfile.ZipFile(path) as zf:
            return str(json.loads(zf.read("manifest.json")).get("student") or path.stem)
    except (zipfile.BadZipFile, OSError, ValueError, KeyError):
        return path.stem


def _single_top(folder: Path) -> Path:
    """Unwrap a zip whose content is one folder."""
    entries = [p for p in folder.iterdir() if _visible(p)]
    return entries[0] if len(entries) == 1 and entries[0].is_dir() else folder


def unpack_zip(archive: Path, target: Path) -> None:
    """Extract a zip of submissions, refusing anything that could escape or explode."""
    try:
        zf = zipfile.ZipFile(archive)
    except (zipfile.BadZipFile, OSError) as exc:
        raise DiscoveryError(f"{archive.name} is not a readable zip file: {exc}") from None
    with zf:
        members = zf.infolist()
        if len(members) > MAX_MEMBERS:
            raise DiscoveryError(f"{archive.name} holds {len(members)} files (limit {MAX_MEMBERS})")
        if sum(m.file_size for m in members) > MAX_UNPACKED:
            raise DiscoveryError(f"{archive.name} would unpack to more than 2 GiB")
        root = target.resolve()
        try:
            for member in members:
                _extract(zf, member, root)
        except (zipfile.BadZipFile, zlib.error, EOFError) as exc:  # e.g. a size that lies
            raise DiscoveryError(f"{archive.name} is damaged: {exc}") from None


def _extract(zf: zipfile.ZipFile, member: zipfile.ZipInfo, root: Path) -> None:
    name = member.filename
    mode = member.external_attr >> 16
    if stat.S_ISLNK(mode):
        return
    dest = (root / name).resolve()
    if name.startswith(("/", "\\")) or ".." in Path(name).parts or not dest.is_relative_to(root):
        raise DiscoveryError(f"the zip entry {name!r} points outside the archive")
    if member.is_dir():
        dest.mkdir(parents=True, exist_ok=True)
        return
    dest.parent.mkdir(parents=True, exist_ok=True)
    with zf.open(member) as src, open(dest, "wb") as out:
        shutil.copyfileobj(src, out)
