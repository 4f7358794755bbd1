"""The compiled cache: a built graph, keyed by the content of every input file.

* Key: the kgraph version, the Python version and the path and bytes of every data and
  schema file, so any edit invalidates it.
* Location: ``$KGRAPH_CACHE_DIR``, else ``$XDG_CACHE_HOME/kgraph``, else ``~/.cache/kgraph``;
  it never writes next to the data, so read-only data directories work.
* Written atomically (temporary file + ``os.replace``): two processes racing on a cold
  cache both succeed and leave one valid file. A file is trusted only when its header,
  length and SHA-256 check out; anything else is rebuilt.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from kgraph import __version__
from kgraph.errors import DataError
from kgraph.graph import KnowledgeGraph
from kgraph.project import bundled_schema, data_paths, discover

MAGIC = b"KGRAPHC2"  # bump when KnowledgeGraph or the layout changes


def cache_dir() -> Path:
    explicit = os.environ.get("KGRAPH_CACHE_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg else Path.home() / ".cache"
    return base / "kgraph"


def _key(files: Sequence[Path]) -> str:
    h = hashlib.sha256()
    h.update(f"{__version__}|{sys.version_info[:2]}".encode())
    for path in files:
        h.update(str(path.resolve()).encode() + b"\0")
        try:
            h.update(path.read_bytes())
        except OSError:
            h.update(b"<unreadable>")
        h.update(b"\0")
    return h.hexdigest()


def _read(path: Path) -> KnowledgeGraph | None:
    try:
        blob = path.read_bytes()
    except OSError:
        return None
    head = len(MAGIC) + 32
    if len(blob) < head or not blob.startswith(MAGIC):
        return None
    digest, body = blob[len(MAGIC):head], blob[head:]
    if hashlib.sha256(body).digest() != digest:
        return None
    try:
        kg = pickle.loads(body)
    except Exception:  # noqa: BLE001 - a cache we cannot read is simply rebuilt
        return None
    return kg if isinstance(kg, KnowledgeGraph) else None


def _write(path: Path, kg: KnowledgeGraph) -> None:
    body = pickle.dumps(kg, protocol=pickle.HIGHEST_PROTOCOL)
    blob = MAGIC + hashlib.sha256(body).digest() + body
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    except OSError:
        return  # an unwritable cache directory only costs speed
    renamed = False
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(blob)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        renamed = True
    except OSError:
        pass  # a full disk, say: the cache only costs speed
    finally:  # also when interrupted (Ctrl-C): never leave the temporary file behind
        if not renamed:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def load_cached(data: Sequence[Path | str] | None = None, use_cache: bool = True
                ) -> KnowledgeGraph:
    """Load the graph, from the cache when nothing changed since it was written."""
    roots = data_paths([Path(p) for p in data] if data else None)
    files = discover(roots)
    schema_files = [bundled_schema()]
    path = cache_dir() / f"graph-{_key([*files, *schema_files])}.pickle"
    if use_cache:
        kg = _read(path)
        if kg is not None:
            return kg
    from kgraph.api import from_dataset
    from kgraph.validate import load

    ds = load(files, schema_files)
    if ds.errors:
        raise DataError(ds.problems)
    kg = from_dataset(ds)
    if use_cache:
        _write(path, kg)
    return kg


def clear() -> int:
    """Delete every cache file; return how many were removed."""
    n = 0
    directory = cache_dir()
    if not directory.is_dir():
        return 0
    for path in directory.glob("graph-*"):
        try:
            path.unlink()
            n += 1
        except OSError:
            pass
    return n
