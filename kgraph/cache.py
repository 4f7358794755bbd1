"""The compiled cache: a built graph, keyed by the content of every input file.

* Key (:mod:`kgraph.inputs`): kgraph's version, Python's, a fingerprint of kgraph's own
  modules, and the name and bytes of every data and schema file.
* Files, trust, framing (:mod:`kgraph.store`): a private directory; only regular files the
  user owns are read; every file is checked block by block, and holds plain values and
  arrays only - reading a cache never runs code.
* The compiled graph (``graph-<key>.kgc``): the node ids, each node's type and the
  adjacency as arrays; each node's attributes and each connected pair's edges as a small
  marshal blob, decoded when first used by :class:`kgraph.graph.Compiled`; a bit mask per
  pair of the relation types between them, so that traversals filter without decoding.
  The counts and problems of the check are kept too, so ``kgraph validate`` on unchanged
  data answers at once. A blob that turns out damaged while a query reads it is rebuilt
  from the data (the query goes on with the same answers).
* Derived tables (``derived-<key>-<name>-<code>.kgd``, :mod:`kgraph.derived`): whatever
  structure a query builds from the graph and hands to :func:`kgraph.graph.derived` (the
  name index, a question vocabulary): stored as plain data, without knowing who uses it.
* The evidence, for ``validate --sources`` (in the graph's file), and what each source
  document was found to hold (``found-<key>.kgf``): :mod:`kgraph.citations`.
"""

from __future__ import annotations

import gc
import itertools
import marshal
import time
from array import array
from collections import Counter
from collections.abc import Sequence
from operator import itemgetter
from pathlib import Path
from typing import Any

from kgraph.citations import kept, sections_of
from kgraph.compiler import PARALLEL_ABOVE, Checked, Parts, check_here, check_in_two, plan
from kgraph.derived import Builders, attach_store, index_names
from kgraph.errors import DataError, Problem
from kgraph.graph import Compiled, KnowledgeGraph
from kgraph.inputs import GRAPH_MAGIC, SUFFIX, Inputs, inputs
from kgraph.progress import Progress
from kgraph.project import choose_data
from kgraph.store import (
    MARSHAL,
    Damaged,
    Sections,
    allowed,
    cache_dir,
    offsets,
    open_sections,
    sections,
    usable_dir,
    write,
)

__all__ = ["MAGIC", "PARALLEL_ABOVE", "SUFFIX", "Checked", "cache_dir", "clear",
           "compile_data", "inputs", "load_cached"]

MAGIC = GRAPH_MAGIC
KEEP_GRAPHS = 6  # compiled graphs kept (with their derived files); older ones are removed
KEEP_PARSED = 4000  # per-file parse caches kept
MASK_BITS = 64  # relation types with a bit of their own in a pair's mask (the last: "others")

# -- the compiled graph ---------------------------------------------------------------------


def _encode(parts: Parts, meta: dict[str, Any], consume: bool = False,
            quotes: dict[str, bytes] | None = None) -> list[bytes] | None:
    """The chunks of the compiled graph file of ``parts`` (and ``quotes``, the sections
    of the evidence: :func:`kgraph.citations.sections_of`), or None when something in it cannot be stored (it is then simply not cached).
    ``consume``: empty ``parts`` on the way, letting each record go once it is encoded."""
    ids = list(parts.nodes)
    index = dict(zip(ids, range(len(ids))))
    types: dict[str, int] = {}
    bits: dict[str, int] = {}

    def mask(rtypes: Any) -> int:
        m = 0
        for t in rtypes:
            b = bits.get(t)
            if b is None:
                b = bits[t] = min(len(bits), MASK_BITS - 1)
            m |= 1 << b
        return m

    try:
        node_type = array("H", [types.setdefault(a.get("type", ""), len(types))
                                for a in parts.nodes.values()])
        pairs = parts.pairs
        rtypes = list(map(itemgetter(3), pairs))
        # bits in order of appearance (a pair's types sorted: the same data, the same file)
        masks_of = {t: mask(sorted(t)) for t in dict.fromkeys(rtypes)}
        masks = list(map(masks_of.__getitem__, rtypes))
        del rtypes, masks_of
        sizes = list(map(itemgetter(4), pairs))
        _, nodes = _marshalled(parts.nodes, consume)
        us = list(map(index.__getitem__, map(itemgetter(0), pairs)))
        vs = list(map(index.__getitem__, map(itemgetter(1), pairs)))
        dumps = marshal.dumps
        blobs = [kd if type(kd) is bytes else dumps(kd, MARSHAL) for _, _, kd, _, _ in pairs]
        del pairs
        if consume:
            parts.pairs = []
        # each pair counts its edges at both ends (built-in loops: half a million pairs)
        ends = Counter(itertools.chain.from_iterable(map(itertools.repeat, us, sizes)))
        ends.update(itertools.chain.from_iterable(map(itertools.repeat, vs, sizes)))
        degree = list(map(ends.__getitem__, range(len(ids))))
        del ends
    except (ValueError, KeyError, TypeError, OverflowError):
        return None
    # networkx keeps a node's successors (and predecessors) in the order the pairs first
    # appeared: a stable sort by the node gives each list. Pairs are numbered in
    # successor-list order; both directions share the numbers.
    out_order = sorted(range(len(blobs)), key=us.__getitem__)
    number = sorted(range(len(blobs)), key=out_order.__getitem__)  # (its inverse)
    in_order = sorted(range(len(blobs)), key=vs.__getitem__)
    blobs = list(map(blobs.__getitem__, out_order))
    try:
        parts_: dict[str, bytes | list[bytes]] = {
            "meta": marshal.dumps(meta, MARSHAL),
            "schema": marshal.dumps(parts.schema.to_dict(), MARSHAL),
            "sources": marshal.dumps(parts.sources, MARSHAL),
            "ids": marshal.dumps(ids, MARSHAL),
            "types": marshal.dumps(list(types), MARSHAL),
            "node_type": node_type.tobytes(),
            "degree": array("I", degree).tobytes(),
            "rels": marshal.dumps(list(bits), MARSHAL),
            "pair_mask": array("Q", map(masks.__getitem__, out_order)).tobytes(),
            "succ_start": _starts(us, len(ids)),
            "succ_nbr": array("I", map(vs.__getitem__, out_order)).tobytes(),
            "succ_pair": array("I", range(len(out_order))).tobytes(),
            "pred_start": _starts(vs, len(ids)),
            "pred_nbr": array("I", map(us.__getitem__, in_order)).tobytes(),
            "pred_pair": array("I", map(number.__getitem__, in_order)).tobytes(),
            "node_off": offsets(nodes), "node_blob": nodes,
            "pair_off": offsets(blobs), "pair_blob": blobs,
            **(quotes or {}),
        }
    except (ValueError, TypeError, OverflowError):
        return None
    return sections(parts_, MAGIC)


def _marshalled(records: dict[Any, Any], consume: bool) -> tuple[list[Any], list[bytes]]:
    """The keys of ``records`` and their values marshalled, in order; ``consume``: empty
    the dict, letting each value go once it is marshalled."""
    dumps = marshal.dumps
    keys = list(records)
    if not consume:
        return keys, [dumps(v, MARSHAL) for v in records.values()]
    values = list(records.values())
    records.clear()
    blobs = []
    for i, value in enumerate(values):
        values[i] = None
        blobs.append(dumps(value, MARSHAL))
    return keys, blobs


def _starts(ends: list[int], n: int) -> bytes:
    """Where each of ``n`` nodes' entries begin in a list sorted by node (``ends``: the
    node of each entry), and the end."""
    counts = Counter(ends)
    return array("q", itertools.accumulate(map(counts.__getitem__, range(n)),
                                           initial=0)).tobytes()


def _schema(plain: Any) -> Any:
    from kgraph.schema import EntityType, Measure, RelationType, Schema

    try:
        return Schema({k: EntityType(**v) for k, v in plain["entity_types"].items()},
                      {k: RelationType(**v) for k, v in plain["relation_types"].items()},
                      {k: Measure(**v) for k, v in plain.get("measures", {}).items()})
    except (TypeError, KeyError, AttributeError):
        raise Damaged("a damaged schema") from None


def _decode_graph(found: Sections, whole: bool) -> tuple[KnowledgeGraph, dict[str, Any]]:
    meta = found.value("meta")
    schema = _schema(found.value("schema"))
    sources = found.value("sources")
    ids = found.value("ids")
    types = found.value("types")
    rels = found.value("rels")
    if not (isinstance(meta, dict) and isinstance(sources, dict) and isinstance(ids, list)
            and isinstance(types, list) and isinstance(rels, list)
            and all(type(i) is str for i in ids) and all(type(t) is str for t in rels)):
        raise Damaged("unexpected content")
    arrays = {name: found.array(name, code) for name, code in (
        ("node_type", "H"), ("degree", "I"), ("pair_mask", "Q"), ("node_off", "q"), ("pair_off", "q"),
        ("succ_start", "q"), ("succ_nbr", "I"), ("succ_pair", "I"),
        ("pred_start", "q"), ("pred_nbr", "I"), ("pred_pair", "I"))}
    a = arrays
    n, pairs = len(ids), len(a["pair_off"]) - 1
    node_blob, pair_blob = found.blob("node_blob"), found.blob("pair_blob")
    if not (len(a["node_off"]) == len(a["succ_start"]) == len(a["pred_start"]) == n + 1
            and len(a["node_type"]) == len(a["degree"]) == n and len(a["pair_mask"]) == pairs
            and len(a["succ_nbr"]) == len(a["succ_pair"]) == a["succ_start"][n] == pairs
            and len(a["pred_nbr"]) == len(a["pred_pair"]) == a["pred_start"][n] == pairs
            and a["node_off"][n] == len(node_blob) and a["pair_off"][pairs] == len(pair_blob)
            and a["succ_start"][0] == a["pred_start"][0] == a["node_off"][0] == 0):
        raise Damaged("inconsistent arrays")
    if whole:  # small: every index checked too (a large file's are covered by its checks)
        for name, bound in (("node_type", len(types)), ("succ_nbr", n), ("pred_nbr", n),
                            ("succ_pair", pairs), ("pred_pair", pairs)):
            if len(a[name]) and max(a[name]) >= bound:
                raise Damaged("an index outside its table")
        for name in ("node_off", "pair_off", "succ_start", "pred_start"):
            if any(x > y for x, y in itertools.pairwise(a[name])):
                raise Damaged("offsets out of order")
    compiled = Compiled(ids, arrays, node_blob, pair_blob, types, rels)
    graph = compiled.graph({"sources": sources, "schema": schema})
    return KnowledgeGraph(graph, schema, sources), meta


def _read(path: Path) -> KnowledgeGraph | None:
    """The compiled graph in ``path``, or None when there is none or it is damaged."""
    found = _read_with_meta(path)
    return found[0] if found else None


def _read_with_meta(path: Path) -> tuple[KnowledgeGraph, dict[str, Any], Sections] | None:
    from kgraph.store import CHECK_WHOLE_BELOW

    found = open_sections(path, MAGIC)
    if found is None:
        return None
    try:
        whole = len(found.blob("pair_blob")) + len(found.blob("node_blob")) < CHECK_WHOLE_BELOW
        return (*_decode_graph(found, whole), found)
    except (Damaged, ValueError, TypeError, KeyError, IndexError, OverflowError):
        return None  # a cache we cannot read is simply rebuilt


def _recoverable(kg: KnowledgeGraph, found: Inputs) -> None:
    """Let ``kg``'s compiled arrays be rebuilt from the data if a blob in them turns out
    damaged while a query reads it (see :meth:`kgraph.graph.Compiled.recover`)."""
    compiled = getattr(kg.graph._succ, "_c", None)
    if isinstance(compiled, Compiled):
        compiled.rebuild = lambda: _rebuilt(found)


def _rebuilt(found: Inputs) -> Compiled:
    """The compiled arrays of ``found``'s data, made again (and stored again)."""
    try:
        found.graph_path.unlink()
    except OSError:
        pass
    fresh = found.reread()
    checked, parts = check_here(fresh, False, Progress(), build=True)
    if parts is None:
        raise DataError(checked.problems)
    chunks = _encode(parts, _meta(checked), quotes=sections_of(checked.citations)
                     if checked.citations is not None else None)
    if chunks is None:
        raise Damaged("the data cannot be compiled")
    write(fresh.graph_path, chunks)
    kg, _ = _decode_graph(Sections(b"".join(chunks), MAGIC), True)
    compiled = kg.graph._succ._c
    assert isinstance(compiled, Compiled)
    return compiled


def _meta(checked: Checked) -> dict[str, Any]:
    return {"files": checked.files, "entities": checked.entities,
            "relations": checked.relations, "sources": checked.sources,
            "problems": [(p.file, p.line, p.col, p.message, p.rule, p.severity)
                         for p in checked.problems]}


# -- compiling ------------------------------------------------------------------------------


def compile_data(data: Sequence[Path | str] | None = None, sources_dir: Path | None = None,
                 use_cache: bool = True, progress: Progress | None = None,
                 need_graph: bool = True, prebuilt: Builders | None = None) -> Checked:
    """Check the data (and the quotes, given ``sources_dir``) and build its graph, using
    and filling the caches. With a valid compiled graph, the answer comes from the cache
    (the quotes are looked up again only in documents that changed since the last time:
    :mod:`kgraph.citations`). ``need_graph=False``: the graph is not returned (it is
    still compiled into the cache when it is not there yet). ``prebuilt``: gives the
    builders of derived tables that a large cold compile builds and stores on the way."""
    use_cache = use_cache and allowed()
    found = inputs(data, use_cache)
    checked = _from_cache(found, sources_dir, need_graph) if use_cache else None
    if checked is None:
        checked = _compile(found, sources_dir, use_cache, progress or Progress(),
                           build=use_cache or need_graph, need_graph=need_graph,
                           builders=prebuilt)
    checked.dataset = choose_data([Path(p) for p in data] if data else None).describe()
    return checked


def _from_cache(found: Inputs, sources_dir: Path | None, need_graph: bool) -> Checked | None:
    hit = _read_with_meta(found.graph_path)
    if hit is None:
        return None
    kg, meta, sections_ = hit
    attach_store(kg, found.key)
    _recoverable(kg, found)
    try:
        checked = Checked(list(meta["files"]), meta["entities"], meta["relations"],
                          meta["sources"], [Problem(*p) for p in meta["problems"]],
                          kg if need_graph else None)
    except (KeyError, TypeError):
        return None
    if sources_dir is None:
        return checked
    from kgraph.sourcecheck import checked_against

    cited = kept(sections_)
    quotes = None if cited is None else checked_against(found.key, cited, sources_dir)
    if quotes is None:  # (damaged): compiled again
        return None
    return _with_quotes(checked, quotes)


def _with_quotes(checked: Checked, problems: list[Problem]) -> Checked:
    """``checked`` with the problems of the documents' check too."""
    from kgraph.validate import _ORDER

    checked.problems = sorted(set(checked.problems).union(problems), key=_ORDER)
    if checked.errors:
        checked.kg = None
    return checked


def load_cached(data: Sequence[Path | str] | None = None, use_cache: bool = True,
                progress: Progress | None = None, prebuilt: Builders | None = None
                ) -> KnowledgeGraph:
    """Load the graph, from the cache when nothing changed since it was written; raise
    :class:`DataError` when the data has errors."""
    use_cache = use_cache and allowed()
    found = inputs(data, use_cache)
    if use_cache:
        kg = _read(found.graph_path)
        if kg is not None:
            attach_store(kg, found.key)
            _recoverable(kg, found)
            return kg
    checked = _compile(found, None, use_cache, progress or Progress(), build=True,
                       need_graph=True, builders=prebuilt)
    if checked.kg is None:
        raise DataError(checked.problems)
    return checked.kg


def _compile(found: Inputs, sources_dir: Path | None, use_cache: bool, progress: Progress,
             build: bool, need_graph: bool, builders: Builders | None = None) -> Checked:
    found = found.reread()  # what is parsed is what the key says
    # Half a million records make millions of objects and no cycles: the cyclic garbage
    # collector would walk them again and again for nothing (a third of the time).
    collecting = gc.isenabled()
    gc.disable()
    try:
        work = plan(found)
        cite = use_cache or sources_dir is not None  # (the evidence, for either)
        done = None
        started: list[Any] = []
        if work is not None:
            after = index_names(found.key, builders) if use_cache else None
            done, started = check_in_two(found, work, use_cache, progress, build, after, cite)
        try:
            if done is None:
                done = check_here(found, use_cache, progress, build, cite)
            cited, done[0].citations = done[0].citations, None
            # the evidence encoded first, and its columns let go (unless the documents are
            # to be checked): they are not held while the graph is encoded
            quotes = sections_of(cited) if cited is not None and use_cache else None
            if sources_dir is None:
                cited = None
            checked = _store(found, *done, use_cache, progress, need_graph, quotes)
            del quotes
            if cited is None or sources_dir is None:
                return checked
            from kgraph.sourcecheck import checked_against

            progress.stage("Checking quotes")
            problems = checked_against(found.key if use_cache else None, cited, sources_dir)
            return _with_quotes(checked, problems or [])
        finally:
            if started:  # they may still be storing the name index and such
                progress.stage("Indexing names")
            for process in started:
                process.join(timeout=300)
                if process.is_alive():
                    process.terminate()
    finally:
        progress.close()
        if collecting:
            gc.freeze()  # what was built stays: never walk it again
            gc.enable()


def _store(found: Inputs, checked: Checked, parts: Parts | None, use_cache: bool,
           progress: Progress, need_graph: bool, quotes: dict[str, bytes] | None = None
           ) -> Checked:
    """Write the compiled graph of ``parts`` to the cache; give ``checked`` the graph to
    return, if one is needed (read back from the cache: what it needs is built lazily)."""
    if parts is None:
        return checked
    written = False
    if use_cache:
        progress.stage("Writing the cache")
        chunks = _encode(parts, _meta(checked), consume=not need_graph, quotes=quotes)
        written = chunks is not None and write(found.graph_path, chunks)
        del chunks
    if need_graph:
        checked.kg = _read(found.graph_path) if written else None
        if checked.kg is None:
            checked.kg = _graph_of(parts)
        if written:
            attach_store(checked.kg, found.key)
            _recoverable(checked.kg, found)
    if written:
        _prune()
    return checked


def _graph_of(parts: Parts) -> KnowledgeGraph:
    from kgraph.build import assemble

    pairs = (((u, v), marshal.loads(kd) if type(kd) is bytes else kd)
             for u, v, kd, _, _ in parts.pairs)
    graph = assemble(parts.sources, parts.schema, parts.nodes, pairs)
    return KnowledgeGraph(graph, parts.schema, parts.sources)


# -- housekeeping ---------------------------------------------------------------------------


def _prune() -> None:
    """Keep the most recent compiled graphs (and their derived files) and parse caches."""
    directory = usable_dir()
    if directory is None:
        return
    try:
        graphs = sorted(directory.glob(f"graph-*{SUFFIX}"), key=_mtime, reverse=True)
        for old in graphs[KEEP_GRAPHS:]:
            old.unlink(missing_ok=True)
        kept = {g.name[len("graph-"):-len(SUFFIX)] for g in graphs[:KEEP_GRAPHS]}
        for path in itertools.chain(*map(directory.glob, ("derived-*", "found-*"))):
            # of graphs gone (or never written)
            if path.name.split("-")[1].split(".")[0] not in kept and \
                    time.time() - _mtime(path) > 600:
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
    directory = usable_dir()
    if directory is None:
        return 0
    try:
        (directory / "stat.kgs").unlink()  # file hashes, not results: not counted
    except OSError:
        pass
    patterns = ("graph-*", "derived-*", "found-*", "files/*.kgp", "files/*.tmp")
    for pattern in patterns:
        try:
            paths = list(directory.glob(pattern))
        except OSError:
            continue
        for path in paths:
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
