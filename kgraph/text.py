"""Text helpers shared by the validator, the resolver and the question parser."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_QUOTES = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"',
})
_DASHES = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-",
                         "\u2014": "-", "\u2212": "-"})
_NON_WORD = re.compile(r"[^\w]+")


class _Marks(dict[int, "int | None"]):
    """``str.translate`` table that drops combining marks, filled as characters are met."""

    def __missing__(self, code: int) -> int | None:
        kept = None if unicodedata.combining(chr(code)) else code
        self[code] = kept
        return kept


_MARKS = _Marks()


# American spellings -> British, so that either finds a name written the other way
SPELLINGS = {
    "center": "centre", "centers": "centres", "defense": "defence", "dialog": "dialogue",
    "dialogs": "dialogues", "labor": "labour", "offense": "offence", "offenses": "offences",
    "organization": "organisation", "organizations": "organisations",
    "organize": "organise", "organized": "organised", "organizing": "organising",
    "program": "programme", "programs": "programmes",
}


def fold(text: str) -> str:
    """Case-, accent-, punctuation- and spelling-insensitive form of a name:
    'Néstor M.' -> 'nestor m', 'Strategic Dialog' -> 'strategic dialogue'."""
    if not text.isascii():  # (ASCII is its own NFKD form and has no combining marks)
        text = unicodedata.normalize("NFKD", text).translate(_MARKS)
    text = text.casefold()
    if "&" in text:
        text = text.replace("&", " and ")
    if "s " in text:
        text = text.replace("'s ", " ").replace("\u2019s ", " ")
    # runs of anything but letters, digits and "_" (spaces included) become one space
    text = _NON_WORD.sub(" ", text).strip()
    words = text.split(" ")
    if SPELLINGS.keys().isdisjoint(words):
        return text
    return " ".join([SPELLINGS.get(w, w) for w in words])


_PLAIN_MARK = {chr(k): v for k, v in {**_QUOTES, **_DASHES}.items()}  # typographic -> plain
_TYPOGRAPHIC = re.compile("[" + "".join(map(re.escape, sorted(_PLAIN_MARK))) + "]")


def normalise_quote(text: str) -> str:
    """Whitespace-, quote-mark- and emphasis-insensitive form used to match quotes."""
    if text.isascii():  # (NFC leaves ASCII alone; of the marks, only '`' is ASCII)
        text = text.replace("`", "'")
    else:  # (a search for the few marks is far quicker than str.translate on every char)
        text = _TYPOGRAPHIC.sub(lambda m: _PLAIN_MARK[m.group()],
                                unicodedata.normalize("NFC", text))
    if "*" in text:
        text = text.replace("*", "")
    # (runs of whitespace as one space, none at the ends: what `\s+` -> " " and strip()
    # give, as str.split() splits where re's \s matches, far quicker)
    return " ".join(text.split())


_ELLIPSIS = re.compile(r"\s*(?:\.\.\.|\u2026|\[\.\.\.\]|\[\u2026\])\s*")


def quote_in(quote: str, document: str) -> bool:
    """True when ``quote`` appears in ``document`` (already normalised) verbatim.

    ``...`` or ``…`` in the quote joins fragments that must appear in that order.
    """
    parts = [normalise_quote(p) for p in _ELLIPSIS.split(quote)]
    parts = [p for p in parts if p]
    if not parts:
        return False
    at = 0
    for part in parts:
        found = document.find(part, at)
        if found < 0:
            return False
        at = found + len(part)
    return True


def did_you_mean(word: str, candidates: Iterable[str], n: int = 3) -> str:
    """`` (did you mean 'x'?)`` for the closest candidates, or an empty string."""
    import difflib

    cands = list(candidates)
    if not isinstance(word, str) or not cands:
        return ""
    by_fold = {fold(c): c for c in cands}
    close = difflib.get_close_matches(fold(word), list(by_fold), n=n, cutoff=0.6)
    if not close:
        return ""
    names = ", ".join(f"'{by_fold[c]}'" for c in close)
    return f" (did you mean {names}?)"
