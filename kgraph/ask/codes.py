"""Countries by their ISO 3166 codes, as analysts write them: "MX", "CO AG", "the US-MX
dialogue", "GTM", "us/mx" — from pycountry's copy of the standard (it ships the data).

A country of the data is matched to its record by one of its names or aliases (the record's
name, official name or common name). A code is read as the country only where it cannot be
a word: typed in capitals, or joined by a hyphen or a slash to another country's code or
name ("us-mx"), or a code that is no English word nor one of the data's ("the mx sitdown");
"co" and "us" typed alone in lower case stay words. A code the data itself has as a name
("US") is left to the names.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kgraph.text import fold

if TYPE_CHECKING:
    from kgraph.ask.words import Token
    from kgraph.graph import KnowledgeGraph

_JOINS = frozenset({"-", "/", "\u2013"})


def country_codes(kg: KnowledgeGraph) -> dict[str, str]:
    """Each ISO 3166 alpha-2 and alpha-3 code (folded) of a country in the data, and the
    name it is written out as (the country's own)."""
    from kgraph.graph import derived

    return derived(kg, "_ask_country_codes", _codes)  # type: ignore[no-any-return]


def _codes(kg: KnowledgeGraph) -> dict[str, str]:
    import pycountry

    names: dict[str, str] = {}
    for node, attrs in kg.graph.nodes(data=True):
        if kg.schema.is_a(str(attrs.get("type", "")), "country"):
            name = str(attrs.get("name", node))
            for n in (name, *(attrs.get("aliases") or ())):
                names.setdefault(fold(str(n)), name)
    out: dict[str, str] = {}
    for record in pycountry.countries:
        known = [getattr(record, key, None) for key in ("name", "official_name", "common_name")]
        match = next((names[fold(k)] for k in known if k and fold(k) in names), None)
        if match is not None:
            for code in (record.alpha_2, record.alpha_3):
                out.setdefault(code.lower(), match)
    return out


def written_out(kg: KnowledgeGraph, question: str, tokens: list[Token]) -> list[Token]:
    """``tokens`` with the country codes among them written out as the countries' names
    (each word a token at the code's place)."""
    from kgraph.ask.lexicon import english, lexicon
    from kgraph.ask.words import Token
    from kgraph.resolve import index

    if not any(2 <= len(t.norm) <= 3 and t.norm.isalpha() for t in tokens):
        return tokens
    codes = country_codes(kg)
    keys = index(kg).keys
    lex = lexicon(kg)

    def joined(i: int, j: int) -> bool:
        if not 0 <= j < len(tokens):
            return False
        a, b = sorted((i, j))
        # (a hyphenated word's parts share its start: "us-mx")
        one = tokens[a].start == tokens[b].start or \
            question[tokens[a].end:tokens[b].start] in _JOINS
        return one and (tokens[j].norm in codes or tokens[j].norm in keys)

    out: list[Token] = []
    for i, t in enumerate(tokens):
        name = codes.get(t.norm)
        if name is None or t.quoted or t.norm in keys and t.text.isupper() or not (
                t.text.isupper() and len(t.text) >= 2 or joined(i, i - 1) or joined(i, i + 1)
                or not english(t.norm) and not lex.known(t.norm)):  # ("the mx sitdown")
            out.append(t)
            continue
        if t.norm in keys:  # ("us-mx": "US" is a name of the data's as it is)
            out.append(Token(t.text.upper(), t.norm, t.start, t.end, capital=True,
                             possessive=t.possessive))
            continue
        words = name.split()
        for k, w in enumerate(words):
            out.append(Token(w, fold(w), t.start, t.end, capital=True,
                             possessive=t.possessive and k == len(words) - 1))
    return out
