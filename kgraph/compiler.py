"""Compiling a dataset: parse every file (with the per-file parse cache), check the
records, and gather what the compiled graph is made of - in this process, or in two for
a large dataset.

* Per-file parse cache (``files/<hash>.kgp``): the parsed values of each data file larger
  than ``PARSE_CACHE_MIN_BYTES``, keyed by its content and by the parser's code, so that
  after an edit only the edited file is parsed again (the check and the build still see
  every file).
* What comes out is a :class:`Checked` (counts and problems, what ``kgraph validate``
  reports) and, for clean data, the :class:`Parts` of its graph; :mod:`kgraph.cache`
  encodes them.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import count
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kgraph.errors import Problem
from kgraph.inputs import PARSING, Input, Inputs, fingerprint
from kgraph.progress import Progress
from kgraph.store import MARSHAL, cache_dir, frame, read_framed, write

if TYPE_CHECKING:
    from kgraph.citations import Citations
    from kgraph.graph import KnowledgeGraph
    from kgraph.model import Dataset
    from kgraph.schema import Schema

PARSE_MAGIC = b"KGPARSE2"
PARSE_CACHE_MIN_BYTES = 64 * 1024  # smaller files are parsed again (in ~2 ms): not worth a file

# (from, to, {key: attributes} - marshalled, or not -, the relation types among them, how
# many)
Pairs = list[tuple[str, str, Any, tuple[str, ...], int]]


@dataclass
class Parts:
    """A checked dataset as it goes into the compiled graph: each entity's node attributes
    (in entity order), and the edges grouped by the pair of entities they connect, in the
    order each pair first appears (each pair's {key: attributes} marshalled when they are
    to be encoded, for less memory)."""

    schema: Schema
    sources: dict[str, dict[str, Any]]
    nodes: dict[str, dict[str, Any]]
    pairs: Pairs


def parts_of(ds: Dataset, marshalled: bool) -> Parts:
    """The parts of ``ds``'s graph; its relations are let go on the way (``ds.relations``
    is empty afterwards)."""
    from kgraph.build import entity_records

    sources, nodes, ids = entity_records(ds)
    return Parts(ds.schema, sources, nodes, grouped(ds.relations, ids, marshalled))


def grouped(relations: list[Any], ids: dict[str, str] | None = None,
            marshalled: bool = True) -> Pairs:
    """The edges of ``relations`` grouped by pair as :func:`kgraph.build.group_relations`
    groups them, each pair's marshalled (``marshalled``), letting each relation go once it
    is in (``relations`` is emptied). ``ids``: id -> the string object to use for it."""
    from kgraph.build import pair_edges

    ids = ids or {}
    first: dict[tuple[str, str], int] = {}
    more: dict[int, list[int]] = {}  # a pair's first relation -> the others
    for i, r in enumerate(relations):
        j = first.setdefault((r.source, r.target), i)
        if j != i:
            more.setdefault(j, []).append(i)
    del first
    dumps = marshal.dumps
    out: Pairs = []
    for i, r in enumerate(relations):
        if r is None:
            continue  # (in the edges of its pair already)
        relations[i] = None
        keyed = pair_edges([r, *map(relations.__getitem__, more.get(i, ()))])
        for k in more.get(i, ()):
            relations[k] = None
        types = tuple({a["type"] for a in keyed.values()})
        out.append((ids.get(r.source, r.source), ids.get(r.target, r.target),
                    dumps(keyed, MARSHAL) if marshalled else keyed, types, len(keyed)))
    relations.clear()
    return out


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
    citations: Citations | None = None  # the evidence, for the documents' check

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


# -- parsing, with the per-file parse cache -------------------------------------------------


def parse_key(item: Input) -> str:
    return hashlib.sha256(b"parse\0" + fingerprint(PARSING) + item.digest).hexdigest()


def parse(item: Input, use_cache: bool, store: bool = True) -> Any:
    """``item`` parsed (a :class:`kgraph.yamlvalues.LoadedFile`), from the per-file parse
    cache when its bytes were parsed before (and stored there, unless ``store`` is
    false)."""
    from kgraph.yamlvalues import LoadedFile

    if item.raw is None:
        return LoadedFile(item.name, None, [Problem(item.name, 0, 0,
                                                    f"cannot read file: {item.problem}", "io")])
    cacheable = use_cache and len(item.raw) >= PARSE_CACHE_MIN_BYTES
    path = cache_dir() / "files" / f"{parse_key(item)}.kgp" if cacheable else None
    if path is not None:
        found = _load_parsed(path, item.name)
        if found is not None:
            return found
    loaded = parse_bytes(item.name, item.raw)
    if path is not None and store:
        store_parsed(item, loaded)
    return loaded


def store_parsed(item: Input, loaded: Any) -> None:
    """Keep the parse of ``item`` in the per-file parse cache (if it is large enough)."""
    from kgraph.yamlvalues import encode

    if item.raw is None or len(item.raw) < PARSE_CACHE_MIN_BYTES:
        return
    path = cache_dir() / "files" / f"{parse_key(item)}.kgp"
    if path.exists():
        return
    try:
        payload = marshal.dumps((encode(loaded.root), [
            (p.line, p.col, p.message, p.rule, p.severity) for p in loaded.problems]),
            MARSHAL)
    except ValueError:
        return
    write(path, frame(payload, PARSE_MAGIC))


def parse_bytes(name: str, raw: bytes) -> Any:
    """Decode and parse one file's bytes as :func:`kgraph.loader.load_file` does."""
    from kgraph.loader import _decode, parse_text
    from kgraph.yamlvalues import LoadedFile

    text, problem = _decode(name, raw)
    if problem is not None:
        return LoadedFile(name, None, [problem])
    assert text is not None
    return parse_text(name, text)


def _load_parsed(path: Path, name: str) -> Any:
    from kgraph.yamlvalues import LoadedFile, decode

    payload = read_framed(path, PARSE_MAGIC)
    if payload is None:
        return None
    try:
        root, problems = marshal.loads(payload)
        out = LoadedFile(name, decode(root), [Problem(name, *p) for p in problems])
    except (ValueError, TypeError, EOFError, IndexError, KeyError, AttributeError):
        return None  # damaged: parsed again
    try:
        os.utime(path)  # recently used: kept by the pruning
    except OSError:
        pass
    return out


# -- one process ----------------------------------------------------------------------------


def check_here(found: Inputs, use_cache: bool, progress: Progress, build: bool,
               cite: bool = True) -> tuple[Checked, Parts | None]:
    """Parse, check and build in this process (``cite``: and gather the evidence, for the
    cache and the documents' check)."""
    from kgraph.citations import gather
    from kgraph.validate import check

    everything = [*found.files, *found.schema]
    progress.stage("Reading YAML", sum(len(i.raw or b"") for i in everything))
    parsed = []
    for item in everything:
        parsed.append(parse(item, use_cache))
        progress.advance(len(item.raw or b""))
    files, schema_files = parsed[:len(found.files)], parsed[len(found.files):]
    progress.stage("Checking records")
    ds = check(files, schema_files, consume=True)  # (their parses are kept: parse())
    del files, schema_files, parsed
    checked = Checked(list(ds.files), len(ds.entities), len(ds.relations), len(ds.sources),
                      list(ds.problems),
                      citations=gather(ds.sources, ds.evidence) if cite else None)
    if not build or ds.errors:
        return checked, None
    progress.stage("Building the graph")
    return checked, parts_of(ds, marshalled=use_cache)


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
WORKER_SHARE = 0.4  # of the relation-only bytes, for the worker (this one writes the cache)
# the start of a line that is not blank, indented, a comment, a list item or 'relations:'
_OTHER = rb"(?![ \r\n#]|\Z|- |-\r?(?:\n|\Z)|relations:[ \t]*(?:#[^\n]*)?\r?(?:\n|\Z))"
_OTHER_FIRST_LINE = re.compile(_OTHER)
_OTHER_LINE = re.compile(rb"\n" + _OTHER)  # (searching from each newline is fast)


def relation_only(raw: bytes | None) -> bool:
    """Whether a file certainly holds nothing but a ``relations`` list: every line at the
    left margin is that key, a list item, a comment or blank."""
    return (raw is not None and b"relations:" in raw and _OTHER_FIRST_LINE.match(raw) is None
            and _OTHER_LINE.search(raw) is None)


def plan(found: Inputs) -> tuple[list[int], list[int]] | None:
    """(the files this process checks, the files the worker checks), or None when one
    process should do it all."""
    if os.environ.get("KGRAPH_JOBS") == "1" or not sys.platform.startswith("linux"):
        return None  # (fork is what makes the worker cheap; elsewhere it is not safe)
    if len(os.sched_getaffinity(0)) < 2:
        return None
    sizes = [len(i.raw or b"") for i in found.files]
    if sum(sizes) < PARALLEL_ABOVE:
        return None
    only = [relation_only(i.raw) for i in found.files]
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


def check_in_two(found: Inputs, plan: tuple[list[int], list[int]], use_cache: bool,
                 progress: Progress, build: bool, after: Callable[[Dataset], None] | None = None,
                 cite: bool = True) -> tuple[tuple[Checked, Parts | None] | None, list[Any]]:
    """Check (and build) with a forked worker; return what was found (None when that
    failed: the caller then does it all in this process) and the processes started,
    which may be still at work (join them). With the cache, a third process keeps the
    parses of the files both halves needed and does ``after`` with the checked entities
    (builds the name index and such), once the worker's half is in."""
    import multiprocessing

    from kgraph.citations import gather, received
    from kgraph.rules import Facts, facts_of, modelling_problems
    from kgraph.validate import _ORDER, begin, finish

    mine, theirs = plan
    shared = set(mine) & set(theirs)
    ctx = multiprocessing.get_context("fork")
    receiver, sender = ctx.Pipe(duplex=False)  # the worker's answer
    told = go = None  # the third process's go-ahead
    started: list[Any] = []
    try:
        # the files both need are parsed and their entities checked once, here, before
        # the fork: the others get them for free
        progress.stage("Reading YAML", sum(len(found.files[i].raw or b"") for i in mine))
        common: dict[int, Any] = {}
        for i in sorted(shared):
            common[i] = parse(found.files[i], use_cache, store=False)
            progress.advance(len(found.files[i].raw or b""))
        schema_files = [parse(item, use_cache, store=False) for item in found.schema]
        begun = begin([common[i] for i in sorted(shared)], schema_files)
        # (what the others are handed is let go of here once they have it: this process
        # lets go of its own copies as soon as it is done with them)
        handed = {"begun": begun, "common": common, "schema": schema_files}
        if use_cache:
            told, go = ctx.Pipe(duplex=False)
        # (each closes the ends of the pipes it inherits but does not use: a pipe whose
        # writer is gone ends, and no one waits for ever)
        started.append(ctx.Process(target=_worker, args=(
            sender, found, [i for i in theirs if i not in common], handed, use_cache, build,
            cite, (receiver, told, go)), daemon=True))
        if go is not None:
            started.append(ctx.Process(target=_keep, args=(
                told, found, handed, after if build else None, (go, receiver, sender)),
                daemon=True))
        for process in started:  # the progress bar has no thread of its own: forking is safe
            process.start()
        handed.clear()
        sender.close()
        if told is not None:
            told.close()
        del schema_files
        parsed = []
        for i in mine:
            if i in common:
                parsed.append(common[i])
                continue
            parsed.append(parse(found.files[i], use_cache))
            progress.advance(len(found.files[i].raw or b""))
        progress.stage("Checking records")
        ds = finish(begun, parsed, half=1, consume=True)
        del parsed, common, begun
        own = facts_of(ds.relations, kept=False)  # (for the rules of the whole)
        count = len(ds.relations)
        parts = None
        if build and not ds.errors:
            progress.stage("Building the graph")
            parts = parts_of(ds, marshalled=use_cache)
        progress.stage("Waiting for the other half")
        try:
            answer = marshal.loads(receiver.recv_bytes())
        except (EOFError, OSError, ValueError):
            if go is not None:
                go.close()
            return None, started
    except BaseException:
        for process in started:
            if process.pid is not None:
                process.terminate()
        raise
    finally:
        receiver.close()
    if answer[0] != "ok":
        if go is not None:
            go.close()
        return None, started
    _, problems, pairs, relations, facts, evidence = answer
    merged = set(ds.problems).union(Problem(*p) for p in problems)
    clean = not any(p.severity == "error" for p in merged)
    if go is not None:  # the third process: the name index (of clean data), the parses
        go.send_bytes(b"index" if clean else b"parses")
        go.close()
    if clean:  # the rules of the whole
        own.extend(Facts.from_plain(facts))
        merged.update(modelling_problems(own, ds.entities.values()))
    del own, facts
    checked = Checked([i.name for i in found.files], len(ds.entities),
                      count + relations, len(ds.sources),
                      sorted(merged, key=_ORDER), citations=gather(
                          ds.sources, ds.evidence, received(evidence)) if cite else None)
    if parts is None or checked.errors:
        return (checked, None), started
    progress.stage("Joining the halves")
    _join(parts, pairs)
    return (checked, parts), started


def _join(parts: Parts, pairs: Pairs) -> None:
    """Add the worker's edges to ``parts``: those between entities this process's
    relations already connect are merged (as one process would have), the others come
    after."""
    from kgraph.build import merge_edges

    own = parts.pairs
    index = dict(zip(zip(map(itemgetter(0), own), map(itemgetter(1), own)), count()))
    for u, v, blob, types, n in pairs:
        k = index.get((u, v))
        if k is None:
            own.append((u, v, blob, tuple(types), n))
            continue
        kd = own[k][2]
        existing = marshal.loads(kd) if type(kd) is bytes else kd
        merge_edges(existing, marshal.loads(blob))
        own[k] = (own[k][0], own[k][1],
                  marshal.dumps(existing, MARSHAL) if type(kd) is bytes else existing,
                  tuple({a["type"] for a in existing.values()}), len(existing))


def _worker(sender: Any, found: Inputs, files: list[int], handed: dict[str, Any],
            use_cache: bool, build: bool, cite: bool, unused: tuple[Any, ...]) -> None:
    """The worker's half: check the relations of ``files`` (which hold nothing else),
    the check ``handed["begun"]`` with every other file; send the problems it found, what
    the rules of the whole need of its relations and, for the cache, their edges
    (grouped by the pair they connect) and evidence."""
    _close(unused)
    begun = handed.pop("begun")
    handed.clear()
    try:
        from kgraph.citations import sendable
        from kgraph.rules import facts_of
        from kgraph.validate import finish

        ds = finish(begun, [parse(found.files[i], use_cache) for i in files], half=2,
                    consume=True)
        del begun
        own = {found.files[i].name for i in files}
        evidence = sendable([ev for ev in ds.evidence if ev.file in own]) if cite else None
        ds.evidence = []
        errors = ds.errors
        facts = facts_of(ds.relations).plain() if not errors else None
        count = len(ds.relations)
        pairs = grouped(ds.relations) if build and not errors else []
        problems = [(p.file, p.line, p.col, p.message, p.rule, p.severity)
                    for p in ds.problems]
        answer = marshal.dumps(("ok", problems, pairs, count, facts, evidence), MARSHAL)
        del ds, pairs, problems, evidence, facts
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, which redoes it
        answer = marshal.dumps(("error", repr(exc)), MARSHAL)
    _send(sender, answer)
    sender.close()


def _keep(told: Any, found: Inputs, handed: dict[str, Any],
          after: Callable[[Dataset], None] | None, unused: tuple[Any, ...]) -> None:
    """The third process: once told (when the worker's half is in: the two do not take
    memory at once), do ``after`` with the checked entities (of clean data) and keep the
    parses of the files both halves needed."""
    _close(unused)
    begun, common, schema = handed.pop("begun"), handed.pop("common"), handed.pop("schema")
    handed.clear()
    try:
        what = told.recv_bytes()
    except (EOFError, OSError):
        return  # (the compile failed, or is done another way)
    try:
        if what == b"index" and after is not None:
            after(begun.ds)
        for i, loaded in common.items():
            store_parsed(found.files[i], loaded)
        for item, loaded in zip(found.schema, schema):
            store_parsed(item, loaded)
    except BaseException:  # noqa: BLE001, S110 - the first query that needs it builds it
        pass


def _close(ends: tuple[Any, ...]) -> None:
    for end in ends:
        if end is not None:
            end.close()


def _send(sender: Any, answer: bytes) -> None:
    try:
        sender.send_bytes(answer)
    except (OSError, ValueError):
        pass  # the parent is gone, or gave up: it does the work itself
