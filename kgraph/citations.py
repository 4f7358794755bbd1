"""The evidence of a dataset as ``validate --sources`` checks it, and its place in the cache.

:class:`Citations` holds each declared source (its id, file, checksum and where it is
declared) and every quote that cites one of them, with where the quote is, as columns.
A compile gathers them (:func:`gather`, from the checked records) and keeps them in the
compiled graph's file (sections ``quotes.*``, read only by ``validate --sources``); what
each source's document was found to hold is kept beside it (``found-<key>.kgf``: for
each source, the SHA-256 of the document and the quotes not in it). So ``validate
--sources`` on data that has not changed parses and checks nothing again: it reads each
document, and looks quotes up only in a document whose bytes differ from the last time.

The key names every data and schema file's bytes and the code that checks them
(:data:`kgraph.inputs.COMPILING` includes this module, :mod:`kgraph.sourcecheck` and
:mod:`kgraph.quoteindex`); a document is known by its own digest. Both are framed and
checked (:mod:`kgraph.store`) and hold plain values: damaged, they are made again.
"""

from __future__ import annotations

import marshal
from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import compress, repeat
from operator import attrgetter, is_not
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kgraph.store import MARSHAL, Damaged, Sections, cache_dir, frame, read_framed, write
from kgraph.store import loads as _loads

if TYPE_CHECKING:
    from kgraph.model import Evidence, Source

FOUND_MAGIC = b"KGFOUND1"
FOUND_SUFFIX = ".kgf"

# a declared source: (id, file or None, checksum or None, (file, line, col) of its record)
SourceEntry = tuple[str, "str | None", "str | None", tuple[str, int, int]]
# evidence as columns: source id, quote, file, line, col
Columns = tuple[list[str], list[str], list[str], list[int], list[int]]
# the same, with each source as its index in the declared sources
Indexed = tuple[Sequence[int], Sequence[str], Sequence[str], Sequence[int], Sequence[int]]
# what a document was found to hold: source id -> (its SHA-256, the quotes not in it)
Found = dict[str, tuple[bytes, list[str]]]


@dataclass
class Cited:
    """The evidence that cites one source: its quotes and where each one is."""

    quotes: list[str]
    places: list[tuple[str, int, int]]


class Citations:
    """The declared sources of a dataset, and the evidence that cites them (evidence
    naming an undeclared source is left out: the check says so already)."""

    def __init__(self, sources: list[SourceEntry], columns: Callable[[], Indexed]) -> None:
        self.sources = sources
        self.columns = columns  # the evidence (see Indexed), made when first needed

    def citing(self, wanted: set[int]) -> dict[int, Cited]:
        """The evidence citing each source of ``wanted`` (indices in ``sources``)."""
        if not wanted:
            return {}
        which, quotes, files, lines, cols = self.columns()
        out: dict[int, Cited] = {i: Cited([], []) for i in wanted}
        for k in compress(range(len(which)), map(wanted.__contains__, which)):
            cited = out[which[k]]
            cited.quotes.append(quotes[k])
            cited.places.append((files[k], lines[k], cols[k]))
        return out


def columns(evidence: Sequence[Evidence]) -> Columns:
    """``evidence`` as columns (see :class:`Citations`)."""
    return (list(map(attrgetter("source"), evidence)), list(map(attrgetter("quote"), evidence)),
            list(map(attrgetter("file"), evidence)), list(map(attrgetter("line"), evidence)),
            list(map(attrgetter("col"), evidence)))


def sendable(evidence: Sequence[Evidence]) -> tuple[Any, ...]:
    """``evidence`` as plain values to send to another process, each file named once
    (see :func:`received`)."""
    source, quote, files, line, col = columns(evidence)
    names = list(dict.fromkeys(files))
    number = {name: i for i, name in enumerate(names)}
    return names, source, quote, list(map(number.__getitem__, files)), line, col


def received(sent: tuple[Any, ...]) -> Columns:
    """The columns of evidence :func:`sendable` made."""
    names, source, quote, files, line, col = sent
    return source, quote, list(map(names.__getitem__, files)), line, col


def gather(sources: dict[str, Source], evidence: Sequence[Evidence],
           more: Columns | None = None) -> Citations:
    """The citations of checked records: ``sources`` (as declared), ``evidence`` (every
    piece read, in order) and ``more`` (evidence as columns, after it)."""
    entries: list[SourceEntry] = []
    for sid, src in sources.items():
        checksum = src.extra.get("checksum")
        entries.append((sid, src.file, checksum if isinstance(checksum, str) else None,
                        src.where))
    cols = columns(evidence)
    if more is not None:
        for mine, theirs in zip(cols, more):
            mine.extend(theirs)  # type: ignore[attr-defined]
    index = {sid: i for i, sid in enumerate(sources)}
    which: list[Any] = list(map(index.get, cols[0]))  # (None: not a declared source)
    keep = list(map(is_not, which, repeat(None)))
    kept: Indexed = (list(compress(which, keep)), *(  # type: ignore[assignment]
        list(compress(c, keep)) for c in cols[1:]))
    return Citations(entries, lambda: kept)


# -- in the cache ---------------------------------------------------------------------------


def sections_of(cited: Citations) -> dict[str, bytes]:
    """``cited`` as sections of the compiled graph's file (none when it cannot be)."""
    which, quotes, files, lines, cols = cited.columns()
    names = list(dict.fromkeys(files))
    number = {name: i for i, name in enumerate(names)}
    try:
        return {
            "quotes.sources": marshal.dumps([(*s[:3], *s[3]) for s in cited.sources], MARSHAL),
            "quotes.files": marshal.dumps(names, MARSHAL),
            "quotes.quote": marshal.dumps(list(quotes), MARSHAL),
            "quotes.source": array("I", which).tobytes(),
            "quotes.file": array("I", map(number.__getitem__, files)).tobytes(),
            "quotes.line": array("I", lines).tobytes(),
            "quotes.col": array("I", cols).tobytes(),
        }
    except (ValueError, TypeError, OverflowError):
        return {}  # (a value marshal cannot hold, a line past 2**32: not kept)


def kept(found: Sections) -> Citations | None:
    """The citations kept in a compiled graph's file, or None (none kept, or damaged;
    the columns are checked when first read, see :func:`_columns`)."""
    try:
        plain = found.value("quotes.sources")
        if not isinstance(plain, list):
            raise Damaged("unexpected content")
        entries: list[SourceEntry] = []
        for sid, file, checksum, *where in plain:
            if not (type(sid) is str and isinstance(file, (str, type(None)))
                    and isinstance(checksum, (str, type(None))) and len(where) == 3):
                raise Damaged("unexpected content")
            entries.append((sid, file, checksum, (where[0], where[1], where[2])))
    except (Damaged, ValueError, TypeError):
        return None
    return Citations(entries, lambda: _columns(found, len(entries)))


def _columns(found: Sections, sources: int) -> Indexed:
    """The evidence columns of a kept file, checked (:class:`Damaged` when they do not
    fit together)."""
    names = found.value("quotes.files")
    quotes = found.value("quotes.quote")
    which, file, line, col = (found.array(f"quotes.{name}", "I")
                              for name in ("source", "file", "line", "col"))
    n = len(quotes) if isinstance(quotes, list) else -1
    if not (isinstance(names, list) and all(type(x) is str for x in names)
            and all(type(q) is str for q in quotes) and len(which) == len(file) == len(line)
            == len(col) == n and (not n or (max(which) < sources and max(file) < len(names)))):
        raise Damaged("the kept quotes do not fit together")
    return which, quotes, list(map(names.__getitem__, file)), line, col


def _found_path(key: str) -> Path:
    return cache_dir() / f"found-{key}{FOUND_SUFFIX}"


def kept_found(key: str) -> Found:
    """What the documents were found to hold at the last check of ``key``'s data (the
    entries that are what they should be)."""
    payload = read_framed(_found_path(key), FOUND_MAGIC)
    try:
        found = _loads(payload) if payload is not None else {}
    except Damaged:
        return {}
    if not isinstance(found, dict):
        return {}
    return {sid: entry for sid, entry in found.items()
            if type(sid) is str and type(entry) is tuple and len(entry) == 2
            and type(entry[0]) is bytes and type(entry[1]) is list
            and all(type(q) is str for q in entry[1])}


def keep_found(key: str, found: Found) -> None:
    try:
        payload = marshal.dumps(found, MARSHAL)
    except ValueError:
        return
    write(_found_path(key), frame(payload, FOUND_MAGIC))
