"""The compiled cache: a built graph, keyed by the content of every input file.

* Key: the kgraph version, the Python version, a fingerprint of kgraph's own modules, and
  the name and bytes of every data and schema file, so any edit invalidates it.
* Location: ``$KGRAPH_CACHE_DIR``, else ``$XDG_CACHE_HOME/kgraph``, else ``~/.cache/kgraph``;
  it never writes next to the data, so read-only data directories work.
* Written atomically (temporary file + ``os.replace``): two processes racing on a cold
  cache both succeed and leave one valid file. A file is trusted only when its magic,
  length and CRC-32 check out and it decodes; anything else is rebuilt.
* Format (``graph-<key>.kgc``): the node ids and the adjacency as arrays, each node's
  attributes and each connected pair's edges as a small marshal blob, loaded lazily by
  :class:`kgraph.graph.Compiled` (a warm query on 100k entities / 500k relations reads
  what it needs instead of building half a million dicts). The warnings of the check
  are kept too, so ``kgraph validate`` on unchanged data answers at once.
* Per-file parse cache (``files/<hash>.kgp``): the parsed values of each data file larger
  than ``PARSE_CACHE_MIN_BYTES``, keyed by its content, so that after an edit only the
  edited file is parsed again (the check and the build still see every file).
* Derived structures (``derived-<key>-<name>.kgd``): the name index and the question
  vocabulary, stored the first time a query builds them.
"""

from __future__ import annotations

import gc
import hashlib
import itertools
import marshal
import os
import pickle
import re
import struct
import sys
import tempfile
import time
import zlib
from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kgraph import __version__
from kgraph.errors import DataError, Problem
from kgraph.graph import _STORE_KEY, Compiled, KnowledgeGraph
from kgraph.progress import Progress
from kgraph.project import bundled_schema, choose_data, data_paths, discover

if TYPE_CHECKING:
    from kgraph.build import KeyDict, Pair
    from kgraph.model import Dataset
    from kgraph.schema import Schema

MAGIC = b"KGRAPHC3"  # bump when the layout changes
PARSE_MAGIC = b"KGPARSE1"
DERIVED_MAGIC = b"KGDERIV1"
STAT_MAGIC = b"KGSTAT01"
SUFFIX = ".kgc"
PARSE_CACHE_MIN_BYTES = 64 * 1024  # smaller files are parsed again (in ~2 ms): not worth a file
KEEP_GRAPHS = 6  # compiled graphs kept (with their derived files); older ones are removed
KEEP_PARSED = 4000  # per-file parse caches kept
_HEAD = struct.Struct("<QI")  # payload length, CRC-32 of the payload
_MARSHAL = 2  # no object references: the bytes depend on the values only


def cache_dir() -> Path:
    explicit = os.environ.get("KGRAPH_CACHE_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg else Path.home() / ".cache"
    return base / "kgraph"


# the modules whose code decides what a parse, a compiled graph or a derived structure holds
_PARSING = ("__init__", "loader", "fastyaml", "cache")
_COMPILING = (*_PARSING, "validate", "build", "schema", "model", "text", "dates", "graph",
              "project", "claims", "figures", "rules")
_DERIVING = (*_COMPILING, "resolve", "ask")
_FINGERPRINTS: dict[tuple[str, ...], bytes] = {}


def _fingerprint(modules: tuple[str, ...] = _COMPILING) -> bytes:
    """What the code of ``modules`` looks like: a parse or a compiled graph made by other
    code (an upgrade, a checkout of another branch, an edit) is not reused."""
    found = _FINGERPRINTS.get(modules)
    if found is None:
        h = hashlib.sha256(f"{__version__}|{sys.version_info[:2]}|{MAGIC!r}".encode())
        here = Path(__file__).resolve().parent
        for name in modules:
            try:
                h.update(name.encode() + b"\0" + (here / f"{name}.py").read_bytes() + b"\0")
            except OSError:
                h.update(name.encode() + b"\0<unreadable>\0")
        found = _FINGERPRINTS[modules] = h.digest()
    return found


# -- the inputs -----------------------------------------------------------------------------


@dataclass
class _Input:
    path: Path
    name: str  # as shown in problems and in `where`
    digest: bytes  # SHA-256 of the bytes (known from the stat cache, or read)
    _raw: bytes | None = None
    _read: bool = False

    @property
    def raw(self) -> bytes | None:
        """The file's bytes (None: unreadable, reported when it is parsed)."""
        if not self._read:
            try:
                self._raw = self.path.read_bytes()
            except OSError:
                self._raw = None
            self._read = True
        return self._raw


@dataclass
class Inputs:
    """The data and schema files of one load and the key they make."""

    files: list[_Input]
    schema: list[_Input]
    key: str

    @property
    def graph_path(self) -> Path:
        return cache_dir() / f"graph-{self.key}{SUFFIX}"

    def reread(self) -> Inputs:
        """The same files with their digests and the key worked out from the bytes now
        read (the key of a cache about to be written must be the content's)."""
        return _make_inputs([_exact(i) for i in self.files], [_exact(i) for i in self.schema])


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _exact(item: _Input) -> _Input:
    """``item`` with its bytes read and its digest worked out from them."""
    if item._read and item.digest:
        return item  # hashed from the bytes it holds already
    raw = item.raw
    digest = hashlib.sha256(raw).digest() if raw is not None else b"<unreadable>"
    return _Input(item.path, item.name, digest, raw, True)


def _make_inputs(files: list[_Input], schema: list[_Input]) -> Inputs:
    h = hashlib.sha256(_fingerprint())
    for group in (files, schema):
        h.update(b"\1")
        for item in group:
            h.update(item.name.encode() + b"\0" + item.digest)
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
    items: list[_Input] = []
    now = time.time_ns()
    for path, st in zip(paths, stats):
        item = _Input(path, _display(path), b"")
        if st is None or not use_stats:
            items.append(_exact(item))
            continue
        sig = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)
        where = str(path.resolve())
        entry = known.get(where)
        if entry is not None and tuple(entry[:5]) == sig:
            item.digest = entry[5]
        else:
            item = _exact(item)
            if item.raw is not None and now - max(st.st_mtime_ns, st.st_ctime_ns) > SETTLED_NS:
                fresh[where] = (*sig, item.digest)
        items.append(item)
    if fresh:
        _save_stat_cache({**known, **fresh})
    return _make_inputs(items[:-1], items[-1:])


STAT_CACHE_ABOVE = 8_000_000  # bytes of data: below, every file is simply hashed again
SETTLED_NS = 2_000_000_000  # a file changed less than 2 s ago may change again unseen


def _stat_cache() -> dict[str, Any]:
    payload = _read_framed(cache_dir() / "stat.kgs", STAT_MAGIC)
    if payload is None:
        return {}
    try:
        found = marshal.loads(payload)
    except (ValueError, EOFError, TypeError):
        return {}
    return found if isinstance(found, dict) else {}


def _save_stat_cache(entries: dict[str, Any]) -> None:
    if len(entries) > 20_000:  # forget the oldest part rather than grow without end
        entries = dict(list(entries.items())[-10_000:])
    try:
        payload = marshal.dumps(entries, _MARSHAL)
    except ValueError:
        return
    _write(cache_dir() / "stat.kgs", _frame(payload, STAT_MAGIC))


# -- framing: every cache file is MAGIC, length, CRC-32, payload ----------------------------


def _frame(payload: bytes, magic: bytes = MAGIC) -> bytes:
    return b"".join(_framed([payload], magic))


def _framed(chunks: list[bytes], magic: bytes = MAGIC) -> list[bytes]:
    """The chunks of a payload, framed: magic, length, CRC-32, then the chunks."""
    crc = 0
    for chunk in chunks:
        crc = zlib.crc32(chunk, crc)
    return [magic + _HEAD.pack(sum(map(len, chunks)), crc), *chunks]


def _unframe(blob: bytes, magic: bytes = MAGIC) -> memoryview | None:
    """The payload of a cache file, or None when it is not one, or damaged."""
    start = len(magic) + _HEAD.size
    if len(blob) < start or not blob.startswith(magic):
        return None
    length, crc = _HEAD.unpack_from(blob, len(magic))
    if len(blob) != start + length:
        return None
    payload = memoryview(blob)[start:]
    if zlib.crc32(payload) != crc:
        return None
    return payload


def _write(path: Path, blob: bytes | list[bytes]) -> bool:
    """Write ``blob`` (or its chunks, one after the other) to ``path`` all or nothing;
    False when that was not possible (an unwritable cache only costs speed)."""
    from kgraph.atomic import interrupts_held

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    tmp = None
    try:
        # a Ctrl-C between creating the file and the `finally` that removes it would
        # leave it behind: it is held back until the file is in the care of this block
        with interrupts_held():
            fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp",
                                       dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            if isinstance(blob, list):
                fh.writelines(blob)
            else:
                fh.write(blob)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        return True
    except OSError:
        return False
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def _read_framed(path: Path, magic: bytes = MAGIC) -> memoryview | None:
    """The payload of the cache file at ``path``, or None when it cannot be read, is not
    one or is damaged."""
    try:
        blob = path.read_bytes()
    except OSError:
        return None
    return _unframe(blob, magic)


# -- the compiled graph ---------------------------------------------------------------------

# the layout of the payload: a header (marshal) naming each section's offset and length
_ARRAYS = {"node_off": "q", "pair_off": "q", "succ_start": "q", "succ_nbr": "i",
           "succ_pair": "i", "pred_start": "q", "pred_nbr": "i", "pred_pair": "i"}


Pairs = list[tuple[str, str, bytes]]  # (from, to, marshalled {key: attributes})


@dataclass
class _Parts:
    """A checked dataset as it goes into the compiled graph: each entity's node attributes
    (in entity order), and the edges grouped by the pair of entities they connect, in the
    order each pair first appears - ``own`` as dicts, then ``more``, pairs it does not
    have, as a worker sent them (``(from, to, marshalled edges)``)."""

    schema: Schema
    sources: dict[str, dict[str, Any]]
    nodes: dict[str, dict[str, Any]]
    own: dict[Pair, KeyDict]
    more: Pairs = field(default_factory=list)


def _parts(ds: Dataset) -> _Parts:
    from kgraph.build import records

    return _Parts(ds.schema, *records(ds))


def _graph_of(parts: _Parts) -> KnowledgeGraph:
    from kgraph.build import assemble

    more = (((u, v), marshal.loads(blob)) for u, v, blob in parts.more)
    graph = assemble(parts.sources, parts.schema, parts.nodes,
                     itertools.chain(parts.own.items(), more))
    return KnowledgeGraph(graph, parts.schema, parts.sources)


def _encode(parts: _Parts, meta: dict[str, Any], consume: bool = False
            ) -> list[bytes] | None:
    """The payload of the compiled graph of ``parts``, as chunks, or None when something
    in it cannot be stored (it is then simply not cached). ``consume``: empty ``parts``
    on the way, letting each record go once it is encoded (half the memory at 500k)."""
    ids = list(parts.nodes)
    index = dict(zip(ids, range(len(ids))))
    dumps = marshal.dumps
    try:
        _, nodes = _marshalled(parts.nodes, consume)
        ends, blobs = _marshalled(parts.own, consume)
        ends.extend((u, v) for u, v, _ in parts.more)
        blobs.extend(blob for _, _, blob in parts.more)
        if consume:
            parts.more = []
        us = [index[u] for u, _ in ends]
        vs = [index[v] for _, v in ends]
        del ends
    except (ValueError, KeyError):
        return None
    # networkx keeps a node's successors (and predecessors) in the order the pairs first
    # appeared: a stable sort by the node gives each list. Pairs are numbered in
    # successor-list order; both directions share the numbers.
    out_order = sorted(range(len(blobs)), key=us.__getitem__)
    number = [0] * len(blobs)
    for p, k in enumerate(out_order):
        number[k] = p
    in_order = sorted(range(len(blobs)), key=vs.__getitem__)
    blobs = [blobs[k] for k in out_order]
    try:
        sections: dict[str, bytes] = {
            "meta": dumps(meta, _MARSHAL),
            "schema": pickle.dumps(parts.schema, protocol=pickle.HIGHEST_PROTOCOL),
            "sources": dumps(parts.sources, _MARSHAL),
            "ids": dumps(ids, _MARSHAL),
            "node_off": _offsets(nodes), "node_blob": b"".join(nodes),
        }
        del nodes
        sections["pair_off"] = _offsets(blobs)
        sections["pair_blob"] = b"".join(blobs)
        del blobs
        sections.update({
            "succ_start": _starts(us, len(ids)),
            "succ_nbr": array("i", [vs[k] for k in out_order]).tobytes(),
            "succ_pair": array("i", range(len(out_order))).tobytes(),
            "pred_start": _starts(vs, len(ids)),
            "pred_nbr": array("i", [us[k] for k in in_order]).tobytes(),
            "pred_pair": array("i", [number[k] for k in in_order]).tobytes(),
        })
    except (ValueError, TypeError, pickle.PicklingError):
        return None
    return _sections(sections)


def _marshalled(records: dict[Any, Any], consume: bool) -> tuple[list[Any], list[bytes]]:
    """The keys of ``records`` and their values marshalled, in order; ``consume``: empty
    the dict, letting each value go once it is marshalled."""
    dumps = marshal.dumps
    keys = list(records)
    if not consume:
        return keys, [dumps(v, _MARSHAL) for v in records.values()]
    values = list(records.values())
    records.clear()
    blobs = []
    for i, value in enumerate(values):
        values[i] = None
        blobs.append(dumps(value, _MARSHAL))
    return keys, blobs


def _starts(ends: list[int], n: int) -> bytes:
    """Where each of ``n`` nodes' entries begin in a list sorted by node (``ends``: the
    node of each entry), and the end."""
    counts = [0] * n
    for i in ends:
        counts[i] += 1
    return array("q", itertools.accumulate(counts, initial=0)).tobytes()


def _offsets(parts: list[bytes]) -> bytes:
    return array("q", itertools.accumulate(map(len, parts), initial=0)).tobytes()


def _decode_graph(payload: memoryview) -> tuple[KnowledgeGraph, dict[str, Any]]:
    section = _split(payload).__getitem__

    meta = marshal.loads(section("meta"))
    schema = pickle.loads(section("schema"))
    sources = marshal.loads(section("sources"))
    ids = marshal.loads(section("ids"))
    from kgraph.schema import Schema

    if not (isinstance(meta, dict) and isinstance(schema, Schema)
            and isinstance(sources, dict) and isinstance(ids, list)):
        raise TypeError("unexpected content")
    arrays: dict[str, Any] = {"node_blob": section("node_blob"),
                              "pair_blob": section("pair_blob")}
    for name, code in _ARRAYS.items():
        arrays[name] = section(name).cast(code)  # type: ignore[call-overload]
    n = len(ids)
    if not (len(arrays["node_off"]) == n + 1 and len(arrays["succ_start"]) == n + 1
            and len(arrays["pred_start"]) == n + 1
            and len(arrays["succ_nbr"]) == len(arrays["succ_pair"]) == arrays["succ_start"][n]
            and len(arrays["pred_nbr"]) == len(arrays["pred_pair"]) == arrays["pred_start"][n]
            and arrays["node_off"][n] == len(arrays["node_blob"])
            and arrays["pair_off"][-1] == len(arrays["pair_blob"])):
        raise ValueError("inconsistent arrays")
    compiled = Compiled(ids, arrays)
    graph = compiled.graph({"sources": sources, "schema": schema})
    return KnowledgeGraph(graph, schema, sources), meta


def _read(path: Path) -> KnowledgeGraph | None:
    """The compiled graph in ``path``, or None when there is none or it is damaged."""
    found = _read_with_meta(path)
    return found[0] if found else None


def _read_with_meta(path: Path) -> tuple[KnowledgeGraph, dict[str, Any]] | None:
    payload = _read_framed(path)
    if payload is None:
        return None
    try:
        return _decode_graph(payload)
    except (ValueError, TypeError, KeyError, IndexError, EOFError, AttributeError,
            struct.error, pickle.UnpicklingError, ImportError):
        return None  # a cache we cannot read is simply rebuilt


# -- derived structures ---------------------------------------------------------------------


def _attach_store(kg: KnowledgeGraph, key: str) -> None:
    """Let ``kgraph.graph.derived`` find and keep the name index and such for ``kg``."""

    def store(attr: str, build: Callable[[KnowledgeGraph], Any]) -> Any:
        code = hashlib.sha256(_fingerprint(_DERIVING)).hexdigest()[:16]
        path = cache_dir() / f"derived-{key}-{attr.strip('_')}-{code}.kgd"
        found = _load_derived(path, kg)
        if found is not None:
            return found
        made = build(kg)
        chunks = _encode_derived(made, kg)
        if chunks is not None:
            _write(path, _framed(chunks, DERIVED_MAGIC))
        return made

    kg.__dict__[_STORE_KEY] = store


TABLE_ABOVE = 512  # dicts with more entries than this are stored as lazy tables


def _sections(parts: dict[str, bytes]) -> list[bytes]:
    """Named byte strings as the chunks of one payload: a header (marshal: name ->
    offset, length), then each part, on an 8-byte boundary (arrays are cast in place)."""
    layout: dict[str, tuple[int, int]] = {}
    chunks = []
    offset = 0
    for name, data in parts.items():
        pad = -offset % 8
        chunks.append(b"\0" * pad)
        offset += pad
        layout[name] = (offset, len(data))
        chunks.append(data)
        offset += len(data)
    header = marshal.dumps(layout, _MARSHAL)
    return [struct.pack("<I", len(header)) + header, *chunks]


def _split(payload: memoryview) -> dict[str, memoryview]:
    (size,) = struct.unpack_from("<I", payload)
    layout = marshal.loads(payload[4:4 + size])
    body = payload[4 + size:]
    out = {}
    for name, (offset, length) in layout.items():
        if offset < 0 or length < 0 or offset + length > len(body):
            raise ValueError("a section outside the file")
        out[name] = body[offset:offset + length]
    return out


def _table_parts(name: str, table: dict[Any, Any]) -> dict[str, bytes]:
    parts = list(map(marshal.dumps, table.values(), itertools.repeat(_MARSHAL)))
    return {f"{name}.keys": marshal.dumps(list(table), _MARSHAL), f"{name}.off": _offsets(parts),
            f"{name}.blob": b"".join(parts)}


def _table(name: str, sections: dict[str, memoryview]) -> Any:
    from kgraph.graph import Table

    keys = marshal.loads(sections[f"{name}.keys"])
    off = sections[f"{name}.off"].cast("q")
    if not isinstance(keys, list) or len(off) != len(keys) + 1 or off[-1] != len(
            sections[f"{name}.blob"]):
        raise ValueError("inconsistent table")
    return Table(keys, off, sections[f"{name}.blob"])


def _encode_derived(obj: Any, kg: KnowledgeGraph) -> list[bytes] | None:
    """A structure built from the graph, as bytes, or None when it cannot be stored:
    a dict (large ones as a lazy :class:`kgraph.graph.Table`), or an object whose
    ``__dict__`` holds such values (and maybe ``kg`` itself)."""
    try:
        if isinstance(obj, dict):
            return _sections({"head": marshal.dumps(("table",), _MARSHAL),
                              **_table_parts("value", obj)})
        state = getattr(obj, "__dict__", None)
        if state is None:
            return None
        refs = [k for k, v in state.items() if v is kg]
        tables = [k for k, v in state.items()
                  if type(v) is dict and len(v) > TABLE_ABOVE and k not in refs]
        plain = {k: v for k, v in state.items() if k not in refs and k not in tables}
        cls = type(obj)
        parts = {"head": marshal.dumps(("object", cls.__module__, cls.__qualname__, plain,
                                        refs, tables), _MARSHAL)}
        for name in tables:
            parts.update(_table_parts(name, state[name]))
        return _sections(parts)
    except ValueError:
        return None


def _load_derived(path: Path, kg: KnowledgeGraph) -> Any:
    payload = _read_framed(path, DERIVED_MAGIC)
    if payload is None:
        return None
    try:
        sections = _split(payload)
        head = marshal.loads(sections["head"])
        if head[0] == "table":
            return _table("value", sections)
        _, module, qualname, plain, refs, tables = head
        import importlib

        cls: Any = importlib.import_module(module)
        for part in qualname.split("."):
            cls = getattr(cls, part)
        obj = cls.__new__(cls)
        obj.__dict__.update(plain)
        for name in tables:
            obj.__dict__[name] = _table(name, sections)
        for ref in refs:
            obj.__dict__[ref] = kg
        return obj
    except (ValueError, TypeError, EOFError, ImportError, AttributeError, IndexError,
            KeyError, struct.error):
        return None


# -- parsing, with the per-file parse cache -------------------------------------------------


def _parse_key(item: _Input) -> str:
    return hashlib.sha256(b"parse\0" + _fingerprint(_PARSING) + item.digest).hexdigest()


def _parse(item: _Input, use_cache: bool, store: bool = True) -> Any:
    """``item`` parsed (a :class:`kgraph.loader.LoadedFile`), from the per-file parse cache
    when its bytes were parsed before (and stored there, unless ``store`` is false)."""
    from kgraph.loader import LoadedFile, load_file

    if item.raw is None:
        return load_file(item.path, item.name)  # reports why it cannot be read
    cacheable = use_cache and len(item.raw) >= PARSE_CACHE_MIN_BYTES
    path = cache_dir() / "files" / f"{_parse_key(item)}.kgp" if cacheable else None
    if path is not None:
        found = _load_parsed(path, item.name)
        if found is not None:
            return found
    loaded = parse_bytes(item.name, item.raw)
    if path is not None and store:
        _store_parsed(item, loaded)
    assert isinstance(loaded, LoadedFile)
    return loaded


def _store_parsed(item: _Input, loaded: Any) -> None:
    """Keep the parse of ``item`` in the per-file parse cache (if it is large enough)."""
    from kgraph.fastyaml import encode

    if item.raw is None or len(item.raw) < PARSE_CACHE_MIN_BYTES:
        return
    path = cache_dir() / "files" / f"{_parse_key(item)}.kgp"
    if path.exists():
        return
    try:
        payload = marshal.dumps((encode(loaded.root), [
            (p.line, p.col, p.message, p.rule, p.severity) for p in loaded.problems]),
            _MARSHAL)
    except ValueError:
        return
    _write(path, _frame(payload, PARSE_MAGIC))


def parse_bytes(name: str, raw: bytes) -> Any:
    """Decode and parse one file's bytes as :func:`kgraph.loader.load_file` does."""
    from kgraph.loader import LoadedFile, _decode, parse_text

    text, problem = _decode(name, raw)
    if problem is not None:
        return LoadedFile(name, None, [problem])
    assert text is not None
    return parse_text(name, text)


def _load_parsed(path: Path, name: str) -> Any:
    from kgraph.fastyaml import decode
    from kgraph.loader import LoadedFile

    payload = _read_framed(path, PARSE_MAGIC)
    if payload is None:
        return None
    try:
        root, problems = marshal.loads(payload)
        out = LoadedFile(name, decode(root), [Problem(name, *p) for p in problems])
    except (ValueError, TypeError, EOFError, IndexError, KeyError):
        return None
    try:
        os.utime(path)  # recently used: kept by the pruning
    except OSError:
        pass
    return out


# -- compiling ------------------------------------------------------------------------------


@dataclass
class Checked:
    """What a compile found: the counts and problems ``kgraph validate`` reports, and the
    graph when the data has no errors (and a graph was asked for)."""

    files: list[str]
    entities: int
    relations: int
    sources: int
    problems: list[Problem] = field(default_factory=list)
    kg: KnowledgeGraph | None = None
    dataset: dict[str, Any] = field(default_factory=dict)  # which data (DataChoice.describe)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


def compile_data(data: Sequence[Path | str] | None = None, sources_dir: Path | None = None,
                 use_cache: bool = True, progress: Progress | None = None,
                 need_graph: bool = True) -> Checked:
    """Check the data (and the quotes, given ``sources_dir``) and build its graph, using
    and filling the caches. With a valid compiled graph and no ``sources_dir``, the
    answer comes from the cache. ``need_graph=False``: the graph is not returned (it is
    still compiled into the cache when it is not there yet)."""
    checked = _compile_data(data, sources_dir, use_cache, progress or Progress(), need_graph)
    checked.dataset = choose_data([Path(p) for p in data] if data else None).describe()
    return checked


def _compile_data(data: Sequence[Path | str] | None, sources_dir: Path | None,
                  use_cache: bool, progress: Progress, need_graph: bool) -> Checked:
    found = inputs(data, use_cache)
    if use_cache:
        hit = _read_with_meta(found.graph_path)
        if hit is not None:
            kg, meta = hit
            _attach_store(kg, found.key)
            if sources_dir is None:
                return Checked(list(meta["files"]), meta["entities"], meta["relations"],
                               meta["sources"], [Problem(*p) for p in meta["problems"]],
                               kg if need_graph else None)
            checked = _compile(found, sources_dir, use_cache, progress, build=False,
                               need_graph=False)
            checked.kg = kg if need_graph and not checked.errors else None
            return checked
    return _compile(found, sources_dir, use_cache, progress, build=use_cache or need_graph,
                    need_graph=need_graph)


def load_cached(data: Sequence[Path | str] | None = None, use_cache: bool = True,
                progress: Progress | None = None) -> KnowledgeGraph:
    """Load the graph, from the cache when nothing changed since it was written; raise
    :class:`DataError` when the data has errors."""
    found = inputs(data, use_cache)
    if use_cache:
        kg = _read(found.graph_path)
        if kg is not None:
            _attach_store(kg, found.key)
            return kg
    checked = _compile(found, None, use_cache, progress or Progress(), build=True,
                       need_graph=True)
    if checked.kg is None:
        raise DataError(checked.problems)
    return checked.kg


def _compile(found: Inputs, sources_dir: Path | None, use_cache: bool, progress: Progress,
             build: bool, need_graph: bool) -> Checked:
    found = found.reread()  # what is parsed is what the key says
    # Half a million records make millions of objects and no cycles: the cyclic garbage
    # collector would walk them again and again for nothing (a third of the time).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _compile_all(found, sources_dir, use_cache, progress, build, need_graph)
    finally:
        progress.close()
        if collecting:
            gc.freeze()  # what was built stays: never walk it again
            gc.enable()


def _compile_all(found: Inputs, sources_dir: Path | None, use_cache: bool,
                 progress: Progress, build: bool, need_graph: bool) -> Checked:
    plan = _plan(found)
    done = None
    worker: Any = None
    if plan is not None:
        done, worker = _check_in_two(found, plan, sources_dir, use_cache, progress, build)
    try:
        if done is None:
            done = _check_here(found, sources_dir, use_cache, progress, build)
        return _store(found, *done, use_cache, progress, need_graph)
    finally:
        if worker is not None:  # it may still be storing the name index and such
            progress.stage("Indexing names")
            worker.join(timeout=300)
            if worker.is_alive():
                worker.terminate()


def _store(found: Inputs, checked: Checked, parts: _Parts | None, use_cache: bool,
           progress: Progress, need_graph: bool) -> Checked:
    """Write the compiled graph of ``parts`` to the cache; give ``checked`` the graph to
    return, if one is needed (read back from the cache: what it needs is built lazily)."""
    if parts is None:
        return checked
    written = False
    if use_cache:
        progress.stage("Writing the cache")
        meta = {"files": checked.files, "entities": checked.entities,
                "relations": checked.relations, "sources": checked.sources,
                "problems": [(p.file, p.line, p.col, p.message, p.rule, p.severity)
                             for p in checked.problems]}
        chunks = _encode(parts, meta, consume=not need_graph)
        written = chunks is not None and _write(found.graph_path, _framed(chunks))
        del chunks
    if need_graph:
        checked.kg = _read(found.graph_path) if written else None
        if checked.kg is None:
            checked.kg = _graph_of(parts)
        if written:
            _attach_store(checked.kg, found.key)
    if written:
        _prune()
    return checked


def _check_here(found: Inputs, sources_dir: Path | None, use_cache: bool,
                progress: Progress, build: bool) -> tuple[Checked, _Parts | None]:
    """Parse, check and build in this process."""
    from kgraph.validate import check

    everything = [*found.files, *found.schema]
    progress.stage("Reading YAML", sum(len(i.raw or b"") for i in everything))
    parsed = []
    for item in everything:
        parsed.append(_parse(item, use_cache))
        progress.advance(len(item.raw or b""))
    files, schema_files = parsed[:len(found.files)], parsed[len(found.files):]
    progress.stage("Checking records")
    ds = check(files, schema_files, sources_dir)
    del files, schema_files, parsed
    checked = Checked(list(ds.files), len(ds.entities), len(ds.relations), len(ds.sources),
                      list(ds.problems))
    if not build or ds.errors:
        return checked, None
    progress.stage("Building the graph")
    return checked, _parts(ds)


# -- two processes for a large dataset ------------------------------------------------------
#
# Checking relations needs every entity, source and type, but not the other relations.
# So, on a machine with more than one core, a forked worker parses and checks the
# entity, source and schema files with the last relation-only files, while this process
# does the same with the rest. The worker sends back its problems and its relations as
# edges, grouped by the pair of entities they connect and already marshalled for the
# compiled graph; they come after this process's own, in file order, so the graph and the
# cache file are the ones a single process makes (tests/test_scale_cache.py compares).

PARALLEL_ABOVE = 8_000_000  # bytes of relation-only files worth a second process
WORKER_SHARE = 0.45  # of the relation-only bytes, for the worker (this one writes the cache)
# the start of a line that is not blank, indented, a comment, a list item or 'relations:'
_OTHER = rb"(?![ \r\n#]|\Z|- |-\r?(?:\n|\Z)|relations:[ \t]*(?:#[^\n]*)?\r?(?:\n|\Z))"
_OTHER_FIRST_LINE = re.compile(_OTHER)
_OTHER_LINE = re.compile(rb"\n" + _OTHER)  # (searching from each newline is fast)


def _relation_only(raw: bytes | None) -> bool:
    """Whether a file certainly holds nothing but a ``relations`` list: every line at the
    left margin is that key, a list item, a comment or blank."""
    return (raw is not None and b"relations:" in raw and _OTHER_FIRST_LINE.match(raw) is None
            and _OTHER_LINE.search(raw) is None)


def _plan(found: Inputs) -> tuple[list[int], list[int]] | None:
    """(the files this process checks, the files the worker checks), or None when one
    process should do it all."""
    if os.environ.get("KGRAPH_JOBS") == "1" or not sys.platform.startswith("linux"):
        return None  # (fork is what makes the worker cheap; elsewhere it is not safe)
    if len(os.sched_getaffinity(0)) < 2:
        return None
    sizes = [len(i.raw or b"") for i in found.files]
    if sum(sizes) < PARALLEL_ABOVE:
        return None
    only = [_relation_only(i.raw) for i in found.files]
    # the worker's relations must come after every other relation, in file order
    last_other = max((i for i, o in enumerate(only)
                      if not o and b"relations" in (found.files[i].raw or b"")), default=-1)
    tail = [i for i in range(last_other + 1, len(only)) if only[i]]
    wanted = WORKER_SHARE * sum(size for size, o in zip(sizes, only) if o)
    theirs: list[int] = []
    taken = 0
    for i in reversed(tail):
        if taken >= wanted:
            break
        theirs.append(i)
        taken += sizes[i]
    if taken < PARALLEL_ABOVE / 2:
        return None
    shared = [i for i, o in enumerate(only) if not o]
    mine = [i for i in range(len(only)) if i not in set(theirs)]
    return mine, sorted(shared + theirs)


def _check_in_two(found: Inputs, plan: tuple[list[int], list[int]],
                  sources_dir: Path | None, use_cache: bool, progress: Progress,
                  build: bool) -> tuple[tuple[Checked, _Parts | None] | None, Any]:
    """Check (and build) with a forked worker; return what was found (None when that
    failed: the caller then does it all in this process) and the worker, which may be
    still at work on the name index (join it)."""
    import multiprocessing

    from kgraph.validate import check

    mine, theirs = plan
    shared = set(mine) & set(theirs)
    ctx = multiprocessing.get_context("fork")
    receiver, sender = ctx.Pipe(duplex=False)
    worker = None
    try:
        # the files both need are parsed once, here, before the fork: the worker gets
        # them for free
        progress.stage("Reading YAML", sum(len(found.files[i].raw or b"") for i in mine))
        common: dict[int, Any] = {}
        for i in sorted(shared):
            common[i] = _parse(found.files[i], use_cache, store=False)
            progress.advance(len(found.files[i].raw or b""))
        schema_files = [_parse(item, use_cache, store=False) for item in found.schema]
        worker = ctx.Process(target=_worker, args=(sender, found, theirs, common,
                                                   schema_files, sources_dir, use_cache,
                                                   build), daemon=True)
        worker.start()  # the progress bar has no thread of its own: forking is safe
        sender.close()
        parsed = []
        for i in mine:
            if i in common:
                parsed.append(common[i])
                continue
            parsed.append(_parse(found.files[i], use_cache))
            progress.advance(len(found.files[i].raw or b""))
        progress.stage("Checking records")
        ds = check(parsed, schema_files, sources_dir)
        del parsed
        if use_cache:  # the first half of the shared files' parses: the worker stores the rest
            for i in _halves(common)[0]:
                _store_parsed(found.files[i], common[i])
            for item, loaded in zip(found.schema, schema_files):
                _store_parsed(item, loaded)
        del common, schema_files
        parts = None
        if build and not ds.errors:
            progress.stage("Building the graph")
            parts = _parts(ds)
        progress.stage("Waiting for the other half")
        try:
            answer = marshal.loads(receiver.recv_bytes())
        except (EOFError, OSError, ValueError):
            return None, worker
    except BaseException:
        if worker is not None:
            worker.terminate()
        raise
    finally:
        receiver.close()
    if answer[0] != "ok":
        return None, worker
    _, problems, pairs, relations, entities, sources = answer
    if entities != len(ds.entities) or sources != len(ds.sources):
        return None, worker  # the two did not see the same entities: do not trust it
    from kgraph.rules import merge_halves
    from kgraph.validate import _ORDER

    merged = merge_halves(ds.problems, (Problem(*p) for p in problems))
    checked = Checked([i.name for i in found.files], len(ds.entities),
                      len(ds.relations) + relations, len(ds.sources),
                      sorted(merged, key=_ORDER))
    if parts is None or checked.errors:
        return (checked, None), worker
    progress.stage("Joining the halves")
    _join(parts, pairs)
    return (checked, parts), worker


def _join(parts: _Parts, pairs: Pairs) -> None:
    """Add the worker's edges to ``parts``: those between entities this process's
    relations already connect are merged (as one process would have), the others go to
    ``parts.more``."""
    from kgraph.build import merge_edges

    own = parts.own
    for u, v, blob in pairs:
        existing = own.get((u, v))
        if existing is None:
            parts.more.append((u, v, blob))
        else:
            merge_edges(existing, marshal.loads(blob))


def _worker(sender: Any, found: Inputs, files: list[int], common: dict[int, Any],
            schema_files: list[Any], sources_dir: Path | None, use_cache: bool,
            build: bool) -> None:
    """The worker's half: check ``files`` (the ``common`` ones already parsed); send the
    problems and, for the relations of the files only it read, the edges of each
    connected pair; then store what the next runs can use."""
    import threading

    ds = None
    try:
        from kgraph.build import group_relations
        from kgraph.validate import check

        parsed = [common[i] if i in common else _parse(found.files[i], use_cache)
                  for i in files]
        ds = check(parsed, schema_files, sources_dir)
        del parsed
        own = {found.files[i].name for i in files if i not in common}
        mine = [r for r in ds.relations if r.where[0] in own]
        keyed = group_relations(mine) if build and not ds.errors else {}
        dumps = marshal.dumps
        pairs = [(u, v, dumps(kd, _MARSHAL)) for (u, v), kd in keyed.items()]
        problems = [(p.file, p.line, p.col, p.message, p.rule, p.severity)
                    for p in ds.problems]
        answer = marshal.dumps(("ok", problems, pairs, len(mine), len(ds.entities),
                                len(ds.sources)), _MARSHAL)
        del pairs, keyed, mine, problems
        ds.relations = []  # (the name index needs the entities only)
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, which redoes it
        answer, ds = marshal.dumps(("error", repr(exc)), _MARSHAL), None
    # The parent takes the answer when its own half is done; the name index need not
    # wait for that.
    sending = threading.Thread(target=_send, args=(sender, answer))
    sending.start()
    try:
        if ds is not None and build and use_cache and not ds.errors:
            _index_names(ds, found.key)
        if use_cache:
            for i in _halves(common)[1]:
                _store_parsed(found.files[i], common[i])
    except BaseException:  # noqa: BLE001, S110 - the first query that needs it builds it
        pass
    finally:
        sending.join()
        sender.close()


def _halves(common: dict[int, Any]) -> tuple[list[int], list[int]]:
    """The files both processes parsed, in two: whose parse each one stores."""
    files = sorted(common)
    return files[:len(files) // 2], files[len(files) // 2:]


def _send(sender: Any, answer: bytes) -> None:
    try:
        sender.send_bytes(answer)
    except (OSError, ValueError):
        pass  # the parent is gone, or gave up: it does the work itself


def _index_names(ds: Any, key: str) -> None:
    """While the parent writes the graph, build and store what questions need (the name
    index, the vocabulary...), so that the first ``kgraph ask`` is as fast as the next.
    They are read from the entities and the schema only: a graph of the nodes is enough
    (tests/test_scale_cache.py checks they equal those built from the whole graph)."""
    from kgraph.build import build_graph
    from kgraph.model import Dataset

    graph = build_graph(Dataset(schema=ds.schema, sources=ds.sources, entities=ds.entities))
    kg = KnowledgeGraph(graph, ds.schema, graph.graph["sources"])
    _attach_store(kg, key)
    for make in _prebuilt():
        make(kg)


def _prebuilt() -> list[Callable[[KnowledgeGraph], Any]]:
    from kgraph import resolve
    from kgraph.ask import lexicon

    return [resolve.index, lexicon.lexicon]


# -- housekeeping ---------------------------------------------------------------------------


def _prune() -> None:
    """Keep the most recent compiled graphs (and their derived files) and parse caches."""
    directory = cache_dir()
    try:
        graphs = sorted(directory.glob(f"graph-*{SUFFIX}"), key=_mtime, reverse=True)
        for old in graphs[KEEP_GRAPHS:]:
            old.unlink(missing_ok=True)
        kept = {g.name[len("graph-"):-len(SUFFIX)] for g in graphs[:KEEP_GRAPHS]}
        for path in directory.glob("derived-*"):  # of graphs gone (or never written)
            if path.name.split("-")[1] not in kept and time.time() - _mtime(path) > 600:
                path.unlink(missing_ok=True)
        for path in directory.glob("graph-*.pickle"):  # the format of kgraph 0.1's cache
            path.unlink(missing_ok=True)
        parsed = directory / "files"
        if parsed.is_dir():
            entries = sorted(parsed.glob("*.kgp"), key=_mtime, reverse=True)
            for old in entries[KEEP_PARSED:]:
                old.unlink(missing_ok=True)
    except OSError:
        pass


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def clear() -> int:
    """Delete every cache file; return how many were removed."""
    n = 0
    directory = cache_dir()
    if not directory.is_dir():
        return 0
    try:
        (directory / "stat.kgs").unlink()  # file hashes, not results: not counted
    except OSError:
        pass
    patterns = ("graph-*", "derived-*", "files/*.kgp", "files/*.tmp")
    for pattern in patterns:
        for path in directory.glob(pattern):
            try:
                path.unlink()
                n += 1
            except OSError:
                pass
    try:
        (directory / "files").rmdir()
    except OSError:
        pass
    return n
