"""``validate --sources DIR``: the data checked against its source documents — each quote
found verbatim in its document (one pass over each, see :mod:`kgraph.quoteindex`), and a
document registered with a checksum not changed since."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from kgraph.quoteindex import Document
from kgraph.text import normalise_quote

if TYPE_CHECKING:
    from kgraph.model import Dataset, Evidence, Source


class Checker(Protocol):
    """What the validator gives: every piece of evidence read, and where problems go."""

    all_evidence: list[Evidence]

    def err(self, file: str, pos: tuple[int, int], message: str, rule: str,
            severity: str = "error") -> None: ...


def check_quotes(c: Checker, ds: Dataset, sources_dir: Path) -> None:
    """Every quote of the data found verbatim in its source document under
    ``sources_dir``, and every registered checksum still its document's."""
    texts: dict[str, Document | None] = {}
    root = sources_dir.resolve()
    for sid, src in ds.sources.items():
        file, line, col = src.where
        if not src.file:
            c.err(file, (line, col), f"source '{sid}' has no 'file', so its quotes cannot "
                  "be checked", "source-file-missing", "warning")
            texts[sid] = None
            continue
        try:
            path = (root / src.file).resolve()
        except (OSError, ValueError, RuntimeError) as exc:  # a NUL byte, a symlink loop...
            c.err(file, (line, col), f"source '{sid}': cannot use file name {src.file!r}: "
                  f"{exc}", "source-file-missing")
            texts[sid] = None
            continue
        if not path.is_relative_to(root):
            c.err(file, (line, col), f"source '{sid}': file '{src.file}' is outside the "
                  f"sources directory {sources_dir}", "source-path")
            texts[sid] = None
            continue
        try:
            if path.exists() and not path.is_file():  # a pipe would be read forever
                raise IsADirectoryError(0, "not a regular file")
            raw = path.read_bytes()
        except OSError as exc:
            c.err(file, (line, col), f"source '{sid}': cannot read '{src.file}' in "
                  f"{sources_dir}: {exc.strerror}", "source-file-missing")
            texts[sid] = None
            continue
        texts[sid] = Document(normalise_quote(raw.decode("utf-8", errors="replace")))
        _checksum(c, src, raw)
    wanted: dict[str, list[str]] = {}
    for ev in c.all_evidence:
        if texts.get(ev.source) is not None:
            wanted.setdefault(ev.source, []).append(ev.quote)
    found = {sid: texts[sid].containing(quotes)  # type: ignore[union-attr]
             for sid, quotes in wanted.items()}
    del wanted
    for ev in c.all_evidence:
        doc = texts.get(ev.source)
        if doc is None:
            continue
        if ev.quote not in found[ev.source]:
            short = ev.quote if len(ev.quote) <= 60 else ev.quote[:57] + "..."
            c.err(ev.file, (ev.line, ev.col), f"quote not found verbatim in source "
                  f"'{ev.source}' ({ds.sources[ev.source].file}): {short!r}",
                  "quote-not-found")


def _checksum(c: Checker, src: Source, raw: bytes) -> None:
    """A source registered with a checksum (``kgraph sources add``) whose file changed since."""
    expected = src.extra.get("checksum")
    if not isinstance(expected, str):
        return
    import hashlib

    algorithm, _, digest = expected.partition(":")
    if algorithm != "sha256" or not digest:
        c.err(src.where[0], src.where[1:], f"source '{src.id}': checksum {expected!r} is not "
              "'sha256:' and a hex digest", "checksum", "warning")
        return
    if hashlib.sha256(raw).hexdigest() != digest.lower():
        c.err(src.where[0], src.where[1:], f"source '{src.id}': '{src.file}' changed since it "
              "was registered (its checksum differs); check its quotes, then update "
              "'checksum' (kgraph sources add --update)", "checksum", "warning")
