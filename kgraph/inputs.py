"""The data files of one load and the cache key their content makes.

The key is made of kgraph's version, Python's, a fingerprint of the code that turns files
into a compiled graph, and the name and bytes of every data and schema file: any edit, an
upgrade or another checkout makes a new key. For large datasets a file's digest is known
again from its size, inode and change times (the stat cache), when unchanged and settled.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kgraph import __version__
from kgraph.project import bundled_schema, data_paths, discover, display_name, read_data_file
from kgraph.store import MARSHAL, cache_dir, frame, read_framed, write

GRAPH_MAGIC = b"KGRAPHC5"  # bump when the compiled graph's layout changes
STAT_MAGIC = b"KGSTAT02"
SUFFIX = ".kgc"
STAT_CACHE_ABOVE = 8_000_000  # bytes of data: below, every file is simply hashed again
SETTLED_NS = 2_000_000_000  # a file changed less than 2 s ago may change again unseen

# the modules whose code decides what a parse or a compiled graph holds
PARSING = ("__init__", "yamlvalues", "loader", "fastyaml", "fastrecords", "store", "compiler")
COMPILING = (*PARSING, "inputs", "cache", "validate", "relationcheck", "build", "schema",
             "model", "text", "dates", "graph", "project", "claims", "figures", "rules",
             "wording", "quoteindex", "citations", "sourcecheck")
_FINGERPRINTS: dict[tuple[str, ...], bytes] = {}


def fingerprint(modules: tuple[str, ...] = COMPILING) -> bytes:
    """What the code of ``modules`` looks like: a parse or a compiled graph made by other
    code (an upgrade, a checkout of another branch, an edit) is not reused."""
    found = _FINGERPRINTS.get(modules)
    if found is None:
        h = hashlib.sha256(f"{__version__}|{sys.version_info[:2]}|{GRAPH_MAGIC!r}".encode())
        here = Path(__file__).resolve().parent
        for name in modules:
            h.update(name.encode() + b"\0" + code_of(here / f"{name}.py") + b"\0")
        found = _FINGERPRINTS[modules] = h.digest()
    return found


def code_of(path: Path | str | None) -> bytes:
    """The bytes of a module's source (for fingerprints), or a marker when unreadable."""
    try:
        return Path(path).read_bytes() if path else b"<none>"
    except OSError:
        return b"<unreadable>"


@dataclass
class Input:
    path: Path
    name: str  # as shown in problems and in `where`
    digest: bytes  # SHA-256 of the bytes (known from the stat cache, or read)
    _raw: bytes | None = None
    _read: bool = False
    problem: str | None = None  # why it could not be read

    @property
    def raw(self) -> bytes | None:
        """The file's bytes (None: unreadable, and ``problem`` says why)."""
        if not self._read:
            self._raw, self.problem = read_data_file(self.path)
            self._read = True
        return self._raw


@dataclass
class Inputs:
    """The data and schema files of one load and the key they make."""

    files: list[Input]
    schema: list[Input]
    key: str

    @property
    def graph_path(self) -> Path:
        return cache_dir() / f"graph-{self.key}{SUFFIX}"

    def reread(self) -> Inputs:
        """The same files with their digests and the key worked out from the bytes now
        read (the key of a cache about to be written must be the content's)."""
        return _make_inputs([exact(i) for i in self.files], [exact(i) for i in self.schema])


def exact(item: Input) -> Input:
    """``item`` with its bytes read and its digest worked out from them."""
    if item._read and item.digest:
        return item  # hashed from the bytes it holds already
    raw = item.raw
    digest = hashlib.sha256(raw).digest() if raw is not None else b"<unreadable>"
    return Input(item.path, item.name, digest, raw, True, item.problem)


def _make_inputs(files: list[Input], schema: list[Input]) -> Inputs:
    h = hashlib.sha256(fingerprint())
    for group in (files, schema):
        h.update(b"\1")
        for item in group:
            h.update(item.name.encode("utf-8", "surrogatepass") + b"\0" + item.digest)
    return Inputs(files, schema, h.hexdigest())


def inputs(data: Sequence[Path | str] | None = None, use_cache: bool = True) -> Inputs:
    """Find the data files (``--data``, ``KGRAPH_DATA`` or the bundled data) and know
    their content: from the stat cache when a file has not changed since it was hashed
    (its size, inode and modification and change times, to the nanosecond, are the same,
    and were already settled then), else by reading and hashing it."""
    roots = data_paths([Path(p) for p in data] if data else None)
    paths = [*discover(roots), bundled_schema()]
    stats: list[os.stat_result | None] = []
    for path in paths:
        try:
            stats.append(path.stat())
        except OSError:
            stats.append(None)
    total = sum(st.st_size for st in stats if st is not None)
    use_stats = use_cache and total >= STAT_CACHE_ABOVE  # small data: hashing is instant
    known = _stat_cache() if use_stats else {}
    fresh: dict[str, tuple[Any, ...]] = {}
    items: list[Input] = []
    now = time.time_ns()
    for path, st in zip(paths, stats):
        item = Input(path, display_name(path), b"")
        if st is None or not use_stats or not _regular(st):
            items.append(exact(item))
            continue
        sig = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)
        where = os.fsdecode(os.path.abspath(path))
        entry = known.get(where)
        if entry is not None and tuple(entry[:5]) == sig:
            item.digest = entry[5]
        else:
            item = exact(item)
            if item.raw is not None and now - max(st.st_mtime_ns, st.st_ctime_ns) > SETTLED_NS:
                fresh[where] = (*sig, item.digest)
        items.append(item)
    if fresh:
        _save_stat_cache({**known, **fresh})
    return _make_inputs(items[:-1], items[-1:])


def _regular(st: os.stat_result) -> bool:
    import stat as st_

    return st_.S_ISREG(st.st_mode)


def _stat_cache() -> dict[str, Any]:
    payload = read_framed(cache_dir() / "stat.kgs", STAT_MAGIC)
    if payload is None:
        return {}
    try:
        found = marshal.loads(payload)
    except (ValueError, EOFError, TypeError):
        return {}
    if not isinstance(found, dict):
        return {}
    return {k: v for k, v in found.items()
            if isinstance(v, tuple) and len(v) == 6 and isinstance(v[5], bytes)}


def _save_stat_cache(entries: dict[str, Any]) -> None:
    if len(entries) > 20_000:  # forget the oldest part rather than grow without end
        entries = dict(list(entries.items())[-10_000:])
    try:
        payload = marshal.dumps(entries, MARSHAL)
    except ValueError:
        return
    write(cache_dir() / "stat.kgs", frame(payload, STAT_MAGIC))
