"""Finding many quotes in one source document at once: its text where words start, sorted.

``validate --sources`` looks up every quote of the data in its document: 635,000 quotes
in 1,000 documents at 100k entities. A plain search reads the document from its start
for each quote. :meth:`Document.containing` takes the document's text at the start of
every word that some quote begins with (up to the longest quote's length), sorts those
pieces, and finds each quote among them by bisection: a quote that begins where a word
of the document begins is the prefix of the first piece not smaller than it. Every loop
over the document's words and over the quotes is one of Python's built-in (C) loops.
The answer is the same as :func:`kgraph.text.quote_in`'s, which it asks about the rest
(a quote that begins inside a word, joins fragments with ``...``, is longer than
``LONGEST`` or is not in the document at all).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from itertools import accumulate, compress, repeat
from operator import itemgetter

from kgraph.text import normalise_quote, quote_in

LONGEST = 256  # characters of a quote looked up by bisection (longer ones: a plain search)
_first = itemgetter(0)


class Document:
    """A source document's text (already normalised, see
    :func:`kgraph.text.normalise_quote`) that answers "which of these quotes are in it?"."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def containing(self, quotes: Iterable[str]) -> set[str]:
        """Which of ``quotes`` are in the document (as :func:`quote_in` says of each)."""
        quotes = list(quotes)
        parts = list(map(normalise_quote, quotes))
        hits = self._at_word_starts(parts)
        found = set(compress(quotes, hits))
        rest = {q for q, hit in zip(quotes, hits) if not hit}
        # a quote of fragments joined by '...' is theirs to find, in order (quote_in)
        joined = {q for q in found if "..." in q or "\u2026" in q}
        found -= joined
        found.update(q for q in rest | joined if quote_in(q, self.text))
        return found

    def _at_word_starts(self, parts: list[str]) -> list[bool]:
        """For each of ``parts`` (normalised, at most ``LONGEST`` characters), whether it
        is in the text where one of its words starts; False also for the longer ones.

        A part of more than one word that begins where a word of the text begins has that
        word as its first word (the text has single spaces): only the places of those
        words are taken."""
        text = self.text
        words = text.split(" ")
        firsts = set(map(_first, map(str.partition, parts, repeat(" "))))
        firsts.discard("")
        longest = min(LONGEST, max(map(len, parts), default=0))
        where = list(compress(accumulate(map((1).__add__, map(len, words)), initial=0),
                              map(firsts.__contains__, words)))
        pieces = sorted(map(text.__getitem__, map(slice, where, map(longest.__add__, where))))
        if not pieces:
            return [False] * len(parts)
        last = len(pieces) - 1
        after = map(pieces.__getitem__, map(min, map(bisect_left, repeat(pieces), parts),
                                             repeat(last)))
        # (an empty part is in no document, as quote_in says)
        return list(map(bool.__and__, map(str.startswith, after, parts), map(bool, parts)))
