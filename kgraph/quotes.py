"""Finding the verbatim passage of a document that a sloppy quote stands for.

A quote typed from memory or pasted from a PDF differs from the document in ways the
validator forgives (runs of whitespace and line breaks, typographic quote marks and
dashes, ``**`` emphasis, ``...`` between fragments) and in ways it does not (letter case,
a word misspelt). :func:`find_passage` matches the first kind exactly, case aside, and
the second by fuzzy alignment (rapidfuzz), and returns the document's own words, which
``kgraph validate`` then finds verbatim.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from kgraph.text import normalise_quote, quote_in

_PLAIN = {**{c: "'" for c in "\u2018\u2019\u201a\u201b\u2032`"},
          **{c: '"' for c in "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"},
          **{c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2212"}}
# what joins fragments in a quote: ... or … (bracketed or not)
FRAGMENT_BREAK = re.compile(r"\s*(?:\.\.\.|\u2026|\[\.\.\.\]|\[\u2026\])\s*")
_EMPHASIS = re.compile(r"\*+")
FUZZY_CUTOFF = 80.0  # below this similarity (0-100), a passage is not offered
MIN_FRAGMENT = 3  # characters


@dataclass
class Passage:
    """The document's words for a quote."""

    text: str  # ready to paste: fragments joined by ' ... ', whitespace runs as one space
    spans: list[tuple[int, int]]  # each fragment's (start, end) in the document's text
    line: int  # where the first fragment starts (1-based)
    col: int
    similarity: float  # 100: every word as typed (case, whitespace and marks aside)
    differences: list[str] = field(default_factory=list)  # what the quote had otherwise

    @property
    def exact(self) -> bool:
        return self.similarity >= 100.0


class _Folded:
    """A text folded for matching (marks made plain, emphasis dropped, whitespace runs as
    one space, lower case, no accents), with the offset in the original text of each
    folded char."""

    def __init__(self, text: str) -> None:
        chars: list[str] = []
        where: list[int] = []
        space = True  # (leading whitespace is dropped)
        for i, ch in enumerate(text):
            if ch.isspace():
                if not space:
                    chars.append(" ")
                    where.append(i)
                space = True
                continue
            if ch == "*":
                continue
            space = False
            plain = _PLAIN.get(ch, ch)
            if not plain.isascii():  # accents off: 'Ríos' is found for 'Rios'
                plain = "".join(c for c in unicodedata.normalize("NFKD", plain)
                                if not unicodedata.combining(c))
            for low in plain.lower():
                chars.append(low)
                where.append(i)
        while chars and chars[-1] == " ":
            chars.pop()
            where.pop()
        self.text = "".join(chars)
        self.where = where


def _fold_quote(text: str) -> str:
    return _Folded(unicodedata.normalize("NFC", text)).text


def fragments(quote: str) -> list[str]:
    """A quote's fragments (split at ellipses), folded; empty ones dropped."""
    return [f for f in (_fold_quote(p) for p in FRAGMENT_BREAK.split(quote)) if f]


def find_passage(document: str, quote: str) -> Passage | None:
    """The document's own words for ``quote`` (``None`` when nothing is close enough)."""
    doc = unicodedata.normalize("NFC", document)
    folded = _Folded(doc)
    parts = fragments(quote)
    if not parts or sum(len(p) for p in parts) < MIN_FRAGMENT:
        return None
    spans: list[tuple[int, int]] = []
    scores: list[float] = []
    at = 0
    for part in parts:
        found = folded.text.find(part, at)
        score = 100.0
        if found < 0:
            aligned = _fuzzy(folded.text, part, at)
            if aligned is None:
                return None
            found, end, score = aligned
        else:
            end = found + len(part)
        spans.append(_balanced(doc, folded.where[found], folded.where[end - 1] + 1))
        scores.append(score)
        at = end
    text = " ... ".join(" ".join(doc[a:b].split()) for a, b in spans)
    if not quote_in(text, normalise_quote(doc)):  # the promise: validate finds it verbatim
        return None
    line = doc.count("\n", 0, spans[0][0]) + 1
    col = spans[0][0] - (doc.rfind("\n", 0, spans[0][0]) + 1) + 1
    similarity = min(scores)
    return Passage(text, spans, line, col, round(similarity, 1),
                   _differences(quote, text, similarity))


def _balanced(doc: str, a: int, b: int) -> tuple[int, int]:
    """``(a, b)`` widened over the emphasis marks (``**``) it opens or closes but cuts."""
    def odd() -> bool:
        return len(_EMPHASIS.findall(doc, a, b)) % 2 == 1

    if odd() and b < len(doc) and doc[b] == "*":
        while b < len(doc) and doc[b] == "*":
            b += 1
    elif odd() and a > 0 and doc[a - 1] == "*":
        while a > 0 and doc[a - 1] == "*":
            a -= 1
    return a, b


def _fuzzy(text: str, part: str, start: int) -> tuple[int, int, float] | None:
    """The best approximate place of ``part`` in ``text[start:]``, widened to whole words."""
    from rapidfuzz import fuzz

    if len(part) < MIN_FRAGMENT:
        return None
    found = fuzz.partial_ratio_alignment(part, text[start:], score_cutoff=FUZZY_CUTOFF)
    if found is None:
        return None
    a, b = start + found.dest_start, start + found.dest_end
    while a < b and not (text[a].isalnum() or text[a] in "'\""):  # (', the' -> 'the')
        a += 1
    while b > a and text[b - 1] == " ":
        b -= 1
    while 0 < a < len(text) and text[a].isalnum() and text[a - 1].isalnum():  # whole words
        a -= 1
    while 0 < b < len(text) and text[b].isalnum() and text[b - 1].isalnum():
        b += 1
    while b > a and not (text[b - 1].isalnum() or text[b - 1] in "'\"") and not part.endswith(
            text[b - 1]):  # ('Gulf Cartel,' -> 'Gulf Cartel' for 'gulf cartel')
        b -= 1
    if a >= b:
        return None
    return a, b, fuzz.ratio(part, text[a:b])


def _differences(quote: str, found: str, similarity: float) -> list[str]:
    """What separated the quote from the document's words, for people."""
    out = []
    if similarity < 100:
        out.append(f"words differ ({similarity:.0f}% similar)")
    if normalise_quote(quote) != normalise_quote(found):
        if _fold_quote(quote) == _fold_quote(found):
            out.append("letter case or accents")
        if FRAGMENT_BREAK.search(quote):
            out.append("ellipses")
    if " ".join(quote.split()) != quote.strip():
        out.append("whitespace")
    return out


def document_path(file: str | None, sources_dir: Path | None) -> Path | None:
    """A source's ``file`` in ``sources_dir``, when it is there (never a path outside the
    folder, whatever the data says)."""
    if sources_dir is None or not file:
        return None
    root = sources_dir.resolve()
    try:
        path = (root / file).resolve()
    except (OSError, ValueError, RuntimeError):
        return None
    if not path.is_relative_to(root) or not path.is_file():
        return None
    return path
