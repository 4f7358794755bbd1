"""Finding many quotes in one source document: an index of where its words start.

``validate --sources`` looks up every quote of the data in its document: 625,000 quotes
in 1,000 documents at 100k entities. A plain search reads the document from its start
for each quote; a :class:`Document` indexes the first characters after each word start,
so that a quote is checked where it can begin. The answer is the same as
:func:`kgraph.text.quote_in`'s (which it falls back to when the index does not find it).
"""

from __future__ import annotations

from kgraph.text import _ELLIPSIS, normalise_quote, quote_in

KEY = 12  # characters after a word start that the index keys on
INDEX_AFTER = 8  # lookups in a document before it is worth indexing


class Document:
    """A source document's text (already normalised, see
    :func:`kgraph.text.normalise_quote`) that answers "is this quote in it?"."""

    __slots__ = ("_index", "_lookups", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self._index: dict[str, list[int]] | None = None
        self._lookups = 0

    def _built(self) -> dict[str, list[int]]:
        index: dict[str, list[int]] = {}
        text = self.text
        at = 0
        for word in text.split(" "):  # (normalised text has single spaces)
            if word:
                index.setdefault(text[at:at + KEY], []).append(at)
            at += len(word) + 1
        self._index = index
        return index

    def _find(self, part: str, at: int) -> int:
        """Where ``part`` begins at or after ``at`` at a word start, or -1 (a part that is
        shorter than the key, or not at a word start, is searched for plainly)."""
        index = self._index
        if index is None or len(part) < KEY:
            return self.text.find(part, at)
        text = self.text
        for pos in index.get(part[:KEY], ()):
            if pos >= at and text.startswith(part, pos):
                return pos
        return -1

    def contains(self, quote: str) -> bool:
        """Whether ``quote`` is in the document verbatim, as :func:`quote_in` says
        (``...`` joins fragments that must appear in that order)."""
        self._lookups += 1
        if self._index is None and self._lookups > INDEX_AFTER:
            self._built()
        if self._index is None:
            return quote_in(quote, self.text)
        parts = [p for p in (normalise_quote(p) for p in _ELLIPSIS.split(quote)) if p]
        if not parts:
            return False
        at = 0
        for part in parts:
            found = self._find(part, at)
            if found < 0:  # not where a word starts, or not there at all: search plainly
                return quote_in(quote, self.text)
            at = found + len(part)
        return True
