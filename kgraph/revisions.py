"""A dataset as it is in a folder, or as it was in a git revision, for ``kgraph diff``.

A side is a folder or file (a project folder: its ``kgraph.toml`` says where the data is),
or else a git revision of the repository the current directory is in (``HEAD``,
``main``, ``v1.2``, a commit). At a revision the data files are read from git's objects
(``git ls-tree``, ``git cat-file``): nothing is checked out, the working tree is not
touched.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from kgraph.errors import UsageError
from kgraph.loader import LoadedFile
from kgraph.model import Dataset
from kgraph.project import PROJECT_FILE, YAML_SUFFIXES, bundled_schema, discover, read_project

GIT_TIMEOUT = 120


@dataclass
class Side:
    """One side of a comparison: what was given, what it is, and its checked dataset."""

    given: str
    kind: str  # "folder" or "revision"
    dataset: Dataset
    commit: str | None = None

    def describe(self) -> dict[str, str]:
        out = {"given": self.given, "kind": self.kind}
        if self.commit:
            out["commit"] = self.commit
        return out


def open_side(given: str, data: list[Path]) -> Side:
    """``given`` as a folder or file, else as a git revision (``data``: the data paths of
    the current dataset, which a revision is read at)."""
    path = Path(given)
    if path.exists():
        return Side(given, "folder", _from_paths(_data_at(path)))
    commit = _revision(given)
    if commit is None:
        raise UsageError(f"'{given}' is neither a folder nor a git revision of the repository "
                         "here (try a branch, a tag, HEAD~1 or a commit)")
    return Side(given, "revision", _from_revision(given, commit, data), commit)


def _data_at(path: Path) -> list[Path]:
    if path.is_dir() and (path / PROJECT_FILE).is_file():
        return read_project(path / PROJECT_FILE).data
    return [path]


def _from_paths(paths: list[Path]) -> Dataset:
    from kgraph.validate import load

    return load(discover(paths), [bundled_schema()])


def _git(args: list[str], cwd: Path | None = None, stdin: bytes | None = None) -> bytes | None:
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
    try:
        done = subprocess.run(["git", *args], cwd=cwd, input=stdin, capture_output=True,
                              timeout=GIT_TIMEOUT, check=False, env=env)
    except FileNotFoundError:
        raise UsageError("git is not installed: a revision cannot be read (compare two "
                         "folders instead)") from None
    except subprocess.TimeoutExpired:
        raise UsageError(f"git did not answer within {GIT_TIMEOUT} s") from None
    return done.stdout if done.returncode == 0 else None


def _toplevel() -> Path | None:
    out = _git(["rev-parse", "--show-toplevel"])
    return Path(out.decode().strip()) if out else None


def _revision(given: str) -> str | None:
    if given.startswith("-") or _toplevel() is None:
        return None
    out = _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{given}^{{commit}}"])
    return out.decode().strip() if out else None


def _from_revision(given: str, commit: str, data: list[Path]) -> Dataset:
    from kgraph.loader import _decode, parse_text
    from kgraph.validate import check

    top = _toplevel()
    assert top is not None
    roots = []
    for path in data:
        try:
            roots.append(path.resolve().relative_to(top.resolve()).as_posix())
        except ValueError:
            raise UsageError(f"the data '{path}' is outside the git repository, so it has no "
                             f"revision '{given}'") from None
    listing = _git(["ls-tree", "-r", "-z", "--full-tree", commit, "--", *roots], cwd=top)
    names = sorted(n for n in (listing or b"").decode("utf-8", "replace").split("\0")
                   if n and "\t" in n)
    files: list[tuple[str, str]] = []  # (path in the repository, object id)
    for entry in names:
        meta, name = entry.split("\t", 1)
        kind, oid = meta.split()[1:3]
        if kind == "blob" and name.lower().endswith(YAML_SUFFIXES) and not any(
                part.startswith(".") for part in name.split("/")):
            files.append((name, oid))
    files.sort()
    if not files:
        raise UsageError(f"revision '{given}' has no data files under "
                         f"{', '.join(roots) or '.'}")
    blobs = _cat(top, [oid for _, oid in files])
    loaded: list[LoadedFile] = []
    for (name, _), raw in zip(files, blobs):
        shown = f"{given}:{name}"
        text, problem = _decode(shown, raw)
        loaded.append(LoadedFile(shown, None, [problem]) if problem else
                      parse_text(shown, text or ""))
    from kgraph.loader import load_file

    return check(loaded, [load_file(bundled_schema(), bundled_schema().name)])


def _cat(top: Path, oids: list[str]) -> list[bytes]:
    """The contents of several blobs, in one ``git cat-file --batch``."""
    out = _git(["cat-file", "--batch"], cwd=top, stdin="".join(o + "\n" for o in oids).encode())
    if out is None:
        raise UsageError("git could not read the revision's files")
    blobs = []
    at = 0
    for _ in oids:
        header_end = out.index(b"\n", at)
        size = int(out[at:header_end].split()[2])
        blobs.append(out[header_end + 1:header_end + 1 + size])
        at = header_end + 1 + size + 1
    return blobs
