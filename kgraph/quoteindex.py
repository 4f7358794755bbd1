"""Finding many quotes in one source document: one pass over where its words start.

``validate --sources`` looks up every quote of the data in its document: 625,000 quotes
in 1,000 documents at 100k entities. A plain search reads the document from its start
for each quote; :meth:`Document.containing` reads each document once, checking the
quotes where a word starts with their first characters. The answer is the same as
:func:`kgraph.text.quote_in`'s (which it falls back to for the rest).
"""

from __future__ import annotations

from collections.abc import Iterable

from kgraph.text import _ELLIPSIS, normalise_quote, quote_in

KEY = 12  # characters at a word start that a quote is looked up by


class Document:
    """A source document's text (already normalised, see
    :func:`kgraph.text.normalise_quote`) that answers "which of these quotes are in it?"."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def containing(self, quotes: Iterable[str]) -> set[str]:
        """Which of ``quotes`` are in the document (as :func:`quote_in` says of each), in
        one pass over the document's words: a quote is looked for where a word starts
        with its first characters (an index of the quotes, not of the document, so it
        stays small); the others are searched for plainly."""
        text = self.text
        starts: dict[str, list[tuple[str, str]]] = {}
        rest: list[str] = []
        for quote in set(quotes):
            parts = [p for p in (normalise_quote(p) for p in _ELLIPSIS.split(quote)) if p]
            if len(parts) == 1 and len(parts[0]) >= KEY:
                starts.setdefault(parts[0][:KEY], []).append((quote, parts[0]))
            else:
                rest.append(quote)
        found: set[str] = set()
        if starts:
            at = 0
            get = starts.get
            for word in text.split(" "):  # (normalised text has single spaces)
                if word:
                    for quote, part in get(text[at:at + KEY], ()):
                        if quote not in found and text.startswith(part, at):
                            found.add(quote)
                at += len(word) + 1
        for wanted in starts.values():  # not where a word starts (or not there at all)
            rest.extend(quote for quote, _ in wanted if quote not in found)
        found.update(quote for quote in rest if quote_in(quote, text))
        return found
