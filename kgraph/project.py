"""Where the data is: ``--data`` paths, ``KGRAPH_DATA``, the project found from the current
directory upwards (its ``kgraph.toml``), or the bundled dataset — in that order."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kgraph.errors import UsageError

YAML_SUFFIXES = (".yaml", ".yml")
ENV_VAR = "KGRAPH_DATA"
PROJECT_FILE = "kgraph.toml"


def bundled_data_dir() -> Path:
    """The dataset shipped with kgraph (inside the wheel, or ``data/`` in a checkout)."""
    here = Path(__file__).resolve().parent
    packaged = here / "_data"
    if packaged.is_dir():
        return packaged
    return here.parent / "data"


def bundled_schema() -> Path:
    return bundled_data_dir() / "schema.yaml"


@dataclass(frozen=True)
class Project:
    """An investigation: a folder with a ``kgraph.toml`` naming its data and documents."""

    root: Path
    name: str
    data: list[Path]
    sources: Path | None  # the source documents' folder, when it exists
    settings: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def file(self) -> Path:
        return self.root / PROJECT_FILE

    @property
    def sources_folder(self) -> Path:
        """Where the project keeps its source documents (it may not exist yet)."""
        return self.root / str(self.settings.get("sources", "sources"))

    def shown(self, path: Path) -> str:
        """``path`` as shown to people and in files: relative to the project's root."""
        return _relative(path, self.root)


@dataclass(frozen=True)
class DataChoice:
    """Which dataset a command uses, and why."""

    kind: str  # "paths" (--data or KGRAPH_DATA), "project" or "bundled"
    paths: list[Path]
    project: Project | None = None

    @property
    def name(self) -> str:
        if self.project is not None:
            return f"project '{self.project.name}'"
        if self.kind == "bundled":
            return "bundled dataset"
        return "data " + ", ".join(_shown(p) for p in self.paths)

    def describe(self) -> dict[str, Any]:
        """For --json: what was used, with paths as the user gave them (a project's relative
        to its root): never an absolute path the user did not type."""
        out: dict[str, Any] = {"kind": self.kind, "name": self.name}
        if self.project is not None:
            out["project"] = self.project.name
            out["paths"] = [_relative(p, self.project.root) for p in self.paths]
        elif self.kind == "paths":
            out["paths"] = [_shown(p) for p in self.paths]
        return out


def _shown(path: Path) -> str:
    return str(path)


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix() or "."
    except ValueError:
        return path.name


def find_project(start: Path | None = None) -> Project | None:
    """The nearest ``kgraph.toml`` from ``start`` (default: the current directory) upwards,
    as git finds its repository; ``None`` when there is none."""
    try:
        here = (start or Path.cwd()).resolve()
    except OSError:  # the current directory was removed
        return None
    for folder in (here, *here.parents):
        candidate = folder / PROJECT_FILE
        try:
            if candidate.is_file():
                return read_project(candidate)
        except OSError:
            return None
    return None


def read_project(path: Path) -> Project:
    """Read a ``kgraph.toml``; a bad one is a usage error that says where and how to fix."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"{path}: cannot read the project file: {exc.strerror}") from None
    try:
        doc = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise UsageError(f"{path}: the project file is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{path}: {exc} (TOML syntax; see 'kgraph init' for an example)"
                         ) from None
    section = doc.get("project", {})
    if not isinstance(section, dict):
        raise UsageError(f"{path}: [project] must be a table")
    root = path.parent
    data = section.get("data", ["data"])
    if isinstance(data, str):
        data = [data]
    if not isinstance(data, list) or not all(isinstance(d, str) and d for d in data):
        raise UsageError(f"{path}: project.data must be a folder name or a list of them, "
                         "e.g. data = [\"data\"]")
    sources = section.get("sources", "sources")
    if not isinstance(sources, str):
        raise UsageError(f"{path}: project.sources must be a folder name, e.g. "
                         "sources = \"sources\"")
    name = section.get("name", root.name)
    if not isinstance(name, str):
        raise UsageError(f"{path}: project.name must be text")
    src = root / sources
    return Project(root, name, [root / d for d in data], src if src.is_dir() else None,
                   section)


def choose_data(given: list[Path] | None, start: Path | None = None) -> DataChoice:
    """The data a command uses: ``--data`` (or ``KGRAPH_DATA``, which the command line
    passes the same way), else the enclosing project, else the bundled dataset."""
    if given:
        return DataChoice("paths", list(given))
    env = os.environ.get(ENV_VAR, "").strip()
    if env:
        return DataChoice("paths", [Path(p) for p in env.split(os.pathsep) if p.strip()])
    project = find_project(start)
    if project is not None:
        return DataChoice("project", list(project.data), project)
    return DataChoice("bundled", [bundled_data_dir()])


def default_sources(given: list[Path] | None, start: Path | None = None) -> Path | None:
    """The source documents' folder a command uses when ``--sources`` is not given: the
    project's, when the data is the project's and the folder exists."""
    choice = choose_data(given, start)
    return choice.project.sources if choice.project is not None else None


def data_paths(given: list[Path] | None) -> list[Path]:
    """The data roots (see :func:`choose_data`)."""
    return choose_data(given).paths


def discover(roots: list[Path], allow_empty: bool = False) -> list[Path]:
    """Every YAML file under the roots, in a stable order; a root may be one file.
    ``allow_empty``: a folder without YAML files is no error (a command is about to
    write the first one).

    Every path under a root is read or reported: symbolic links to directories are
    followed (each directory once: a link that leads back up is not a loop); a directory
    that cannot be listed, and anything named ``*.yaml`` / ``*.yml`` that is not a
    regular file (a FIFO, a device, a link that leads nowhere or round in a loop), is
    returned all the same, so that reading it reports why it cannot be read. Names
    starting with a dot are left out on purpose (``.git``, editors' files)."""
    files: list[Path] = []
    seen: set[str] = set()
    for root in roots:
        if root.is_dir():
            found = _walk(root)
            if not found and not allow_empty:
                raise UsageError(f"no .yaml or .yml files in data directory '{root}'")
        elif root.is_file():
            found = [root]
        elif os.path.lexists(root) and not root.is_symlink():
            found = [root]  # a FIFO or a device given by name: reading it says what it is
        elif os.path.lexists(root):
            found = [root]  # a link that leads nowhere or round in a loop: reported
        else:
            raise UsageError(f"data path '{root}' does not exist")
        for path in found:
            key = os.path.realpath(path)
            if key not in seen:
                seen.add(key)
                files.append(path)
    return files


def _walk(root: Path) -> list[Path]:
    """The YAML paths under the directory ``root`` (see :func:`discover`), sorted."""
    out: list[Path] = []
    visited: set[tuple[int, int]] = set()
    todo = [root]
    while todo:
        folder = todo.pop()
        try:
            st = folder.stat()
            if (st.st_dev, st.st_ino) in visited:
                continue  # reached again through a link
            visited.add((st.st_dev, st.st_ino))
            entries = list(os.scandir(folder))
        except OSError:
            out.append(folder)  # cannot be listed: reading it reports why
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = folder / entry.name
            try:
                is_dir = entry.is_dir()  # follows a symbolic link
            except OSError:
                is_dir = False
            if is_dir:
                todo.append(path)
            elif os.path.splitext(entry.name)[1].lower() in YAML_SUFFIXES:
                out.append(path)
    return sorted(out, key=lambda p: p.relative_to(root).parts)


def display_name(path: Path) -> str:
    """How a data file is named in problems and in ``where``: relative to the current
    directory when it is below it, and always printable text (bytes of a name that are
    not UTF-8 are shown as ``\\xNN``)."""
    try:
        text = str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError, RuntimeError):  # (RuntimeError: a symbolic link loop)
        text = str(path)
    return os.fsencode(text).decode("utf-8", "backslashreplace")


MAX_DATA_FILE = 2 << 30  # a data file larger than this is refused (2 GiB)


def read_data_file(path: Path) -> tuple[bytes | None, str | None]:
    """A data file's bytes, or None and why not: only regular files are read (a FIFO
    would block, a link to a device would never end), within a size bound."""
    import stat as st_

    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        return None, _why(exc)
    try:
        st = os.fstat(fd)
        if st_.S_ISDIR(st.st_mode):
            try:
                os.listdir(path)
            except OSError as exc:
                return None, f"cannot read the directory: {_why(exc)}"
            return None, "a directory named like a YAML file"
        if not st_.S_ISREG(st.st_mode):
            kind = ("a named pipe (FIFO)" if st_.S_ISFIFO(st.st_mode) else
                    "a device" if st_.S_ISCHR(st.st_mode) or st_.S_ISBLK(st.st_mode) else
                    "a socket" if st_.S_ISSOCK(st.st_mode) else "not a regular file")
            return None, f"{kind}, not a regular file: kgraph reads only regular files"
        if st.st_size > MAX_DATA_FILE:
            return None, f"larger than {MAX_DATA_FILE >> 30} GiB"
        chunks = []
        while True:
            chunk = os.read(fd, 1 << 24)
            if not chunk:
                break
            chunks.append(chunk)
            if sum(map(len, chunks)) > MAX_DATA_FILE:
                return None, f"larger than {MAX_DATA_FILE >> 30} GiB"
        return b"".join(chunks), None
    except OSError as exc:
        return None, _why(exc)
    finally:
        os.close(fd)


def _why(exc: OSError) -> str:
    import errno

    if exc.errno == errno.ELOOP:
        return "a symbolic link that leads round in a loop"
    return exc.strerror or str(exc)
