"""``validate --sources DIR``: the data checked against its source documents — each quote
found verbatim in its document (all of a document's quotes at once, see
:mod:`kgraph.quoteindex`), and a document registered with a checksum not changed since."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from kgraph.citations import Citations, Found, SourceEntry, gather, keep_found, kept_found
from kgraph.errors import Problem
from kgraph.quoteindex import Document
from kgraph.store import Damaged
from kgraph.text import normalise_quote

if TYPE_CHECKING:
    from kgraph.model import Dataset, Evidence


class Checker(Protocol):
    """What the validator gives: every piece of evidence read, and where problems go."""

    all_evidence: list[Evidence]
    problems: list[Problem]


def check_quotes(c: Checker, ds: Dataset, sources_dir: Path) -> None:
    """Every quote of the data found verbatim in its source document under
    ``sources_dir``, and every registered checksum still its document's."""
    c.problems.extend(check_sources(gather(ds.sources, c.all_evidence), sources_dir))


def checked_against(key: str | None, cited: Citations, sources_dir: Path
                    ) -> list[Problem] | None:
    """:func:`check_sources`, knowing what the documents of ``key``'s data were found to
    hold the last time (and keeping what they hold now); None when the kept citations
    turn out to be damaged."""
    found = kept_found(key) if key else {}
    before = dict(found)
    try:
        problems = check_sources(cited, sources_dir, found)
    except Damaged:
        return None
    if key and found != before:
        keep_found(key, found)
    return problems


def check_sources(cited: Citations, sources_dir: Path, found: Found | None = None
                  ) -> list[Problem]:
    """The problems of ``cited`` against the documents in ``sources_dir``. ``found``:
    what each document was found to hold before (see :mod:`kgraph.citations`); a
    document whose bytes are the same is not searched again, and ``found`` is brought
    up to date."""
    out: list[Problem] = []
    known = found if found is not None else {}
    root = sources_dir.resolve()
    fresh: dict[int, tuple[bytes, bytes]] = {}  # source -> (its document, its digest)
    missing: dict[int, set[str]] = {}
    for i, src in enumerate(cited.sources):
        raw = _document(out, src, root, sources_dir)
        if raw is None:
            continue
        digest = hashlib.sha256(raw).digest()
        _checksum(out, src, digest.hex())
        before = known.get(src[0])
        if before is not None and before[0] == digest:
            if before[1]:
                missing[i] = set(before[1])
        else:
            fresh[i] = (raw, digest)
    for i, cited_here in cited.citing(set(fresh)).items():
        raw, digest = fresh.pop(i)
        text = normalise_quote(raw.decode("utf-8", errors="replace"))
        absent = set(cited_here.quotes) - Document(text).containing(cited_here.quotes)
        known[cited.sources[i][0]] = (digest, sorted(absent))
        if absent:
            missing[i] = absent
    for i, cited_here in cited.citing(set(missing)).items():
        sid, file = cited.sources[i][:2]
        absent = missing[i]
        for quote, (where, line, col) in zip(cited_here.quotes, cited_here.places):
            if quote in absent:
                short = quote if len(quote) <= 60 else quote[:57] + "..."
                out.append(Problem(where, line, col, f"quote not found verbatim in source "
                                   f"'{sid}' ({file}): {short!r}", "quote-not-found"))
    return out


def _document(out: list[Problem], src: SourceEntry, root: Path, sources_dir: Path
              ) -> bytes | None:
    """The bytes of ``src``'s document, or None when it has none that can be read (and
    ``out`` says why)."""
    sid, name, _, (file, line, col) = src
    if not name:
        out.append(Problem(file, line, col, f"source '{sid}' has no 'file', so its quotes "
                           "cannot be checked", "source-file-missing", "warning"))
        return None
    try:
        path = (root / name).resolve()
    except (OSError, ValueError, RuntimeError) as exc:  # a NUL byte, a symlink loop...
        out.append(Problem(file, line, col, f"source '{sid}': cannot use file name "
                           f"{name!r}: {exc}", "source-file-missing"))
        return None
    if not path.is_relative_to(root):
        out.append(Problem(file, line, col, f"source '{sid}': file '{name}' is outside the "
                           f"sources directory {sources_dir}", "source-path"))
        return None
    try:
        if path.exists() and not path.is_file():  # a pipe would be read forever
            raise IsADirectoryError(0, "not a regular file")
        return path.read_bytes()
    except OSError as exc:
        out.append(Problem(file, line, col, f"source '{sid}': cannot read '{name}' in "
                           f"{sources_dir}: {exc.strerror}", "source-file-missing"))
        return None


def _checksum(out: list[Problem], src: SourceEntry, digest: str) -> None:
    """A source registered with a checksum (``kgraph sources add``) whose file changed since."""
    sid, name, expected, (file, line, col) = src
    if expected is None:
        return
    algorithm, _, registered = expected.partition(":")
    if algorithm != "sha256" or not registered:
        out.append(Problem(file, line, col, f"source '{sid}': checksum {expected!r} is not "
                           "'sha256:' and a hex digest", "checksum", "warning"))
        return
    if digest != registered.lower():
        out.append(Problem(file, line, col, f"source '{sid}': '{name}' changed since it was "
                           "registered (its checksum differs); check its quotes, then update "
                           "'checksum' (kgraph sources add --update)", "checksum", "warning"))
