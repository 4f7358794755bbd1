"""kgraph.text: fold (the form names are compared in) and normalise_quote (the form quotes
are matched in), against their definitions."""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kgraph.text import SPELLINGS, fold, normalise_quote

QUOTE_MARKS = {"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
               "`": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"',
               "\u2033": '"', "\u00ab": '"', "\u00bb": '"', "\u2010": "-", "\u2011": "-",
               "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-"}


def folded_by_definition(text: str) -> str:
    """Compatibility-decompose, drop combining marks, casefold, '&' -> 'and', drop a
    possessive "'s", then every run of anything but letters, digits and '_' is one space."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.casefold().replace("&", " and ")
    text = text.replace("'s ", " ").replace("\u2019s ", " ")
    words = re.sub(r"\s+", " ", re.sub(r"[^\w]+", " ", text)).strip().split(" ")
    return " ".join(SPELLINGS.get(w, w) for w in words)


def test_examples() -> None:
    assert fold("Néstor M.") == "nestor m"
    assert fold("U.S. Department of Homeland Security") == "u s department of homeland security"
    assert fold("Bureau of Alcohol, Tobacco, Firearms & Explosives") == (
        "bureau of alcohol tobacco firearms and explosives")
    assert fold("Mexico's Attorney General") == "mexico attorney general"
    assert fold("Ｍ\u00c9XICO") == "mexico"  # fullwidth and accented forms
    assert fold("  ") == ""
    assert fold("U.S.-Mexico Strategic Dialog") == fold("U.S.-Mexico Strategic Dialogue")
    assert fold("Defense Programs Center") == "defence programmes centre"
    assert fold("Programmer") == "programmer"  # whole words only


@settings(max_examples=2000, deadline=None, derandomize=True)
@given(st.text(alphabet=st.sampled_from("aZé&'\u2019s _-.,\u0301\u0327\u00a0\ufb01\u0130\u00df"
                                        "\u0661 \t\nÅ\u212b\u2163"), max_size=16))
def test_names_fold_as_defined(text: str) -> None:
    assert fold(text) == folded_by_definition(text)


def normalised_by_definition(text: str) -> str:
    """NFC, typographic quotes and dashes made plain, '*' dropped, whitespace collapsed."""
    text = unicodedata.normalize("NFC", text)
    text = "".join(QUOTE_MARKS.get(c, c) for c in text).replace("*", "")
    return re.sub(r"\s+", " ", text).strip()


def test_quote_examples() -> None:
    assert normalise_quote("the \u201cSummit\u201d \u2014 *its*  words\n") == (
        'the "Summit" - its words')


@pytest.mark.parametrize(("function", "definition", "template"), [
    (fold, folded_by_definition, "a{}'s b"),
    (normalise_quote, normalised_by_definition, " a{}*b\u2019 `c "),
])
def test_every_character_as_defined(function: Callable[[str], str],
                                    definition: Callable[[str], str], template: str) -> None:
    for code in range(sys.maxunicode + 1):
        if not 0xD800 <= code <= 0xDFFF:
            text = template.format(chr(code))
            assert function(text) == definition(text), hex(code)


@settings(max_examples=2000, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(["a", "e\u0301", "\u00e9", " ", "\n", "*", "`", "\u00a0",
                                  *QUOTE_MARKS]), max_size=16))
def test_texts_normalise_as_defined(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert normalise_quote(text) == normalised_by_definition(text)


def test_an_indexed_document_finds_what_a_plain_search_finds() -> None:
    """kgraph.quoteindex.Document answers as quote_in does, for quotes at word starts,
    inside words, across '...', repeated, and absent."""
    import random

    from kgraph.quoteindex import Document
    from kgraph.text import normalise_quote, quote_in

    rng = random.Random(7)
    words = ["the", "working", "group", "grew", "out", "of", "summit", "Cartagena",
             "“gangbust”", "ops", "a", "an", "Operation", "Raging", "Bull", "MS-13"]
    text = normalise_quote(" ".join(rng.choice(words) for _ in range(3000)))
    quotes = []
    for _ in range(400):
        start = rng.randrange(len(text) - 40)
        quotes.append(text[start:start + rng.randrange(1, 40)])  # often mid-word
        a = rng.randrange(len(text) - 80)
        quotes.append(text[a:a + 15] + " ... " + text[a + 30:a + 50])
        quotes.append(text[a:a + 20] + " ... " + text[a - 30 if a > 30 else 0:a])  # order
        quotes.append("Operation Raging Bull grew out of the nothing " + str(_))
        quotes.append(text[a:a + 300 + _])  # longer than the bisection looks up
        quotes.append(" " + text[a:a + 30].replace(" ", "\n  *"))  # as typed in YAML
    quotes += ["", "   ", "*", "`"]  # nothing, once normalised
    found = Document(text).containing(quotes)
    assert found == {q for q in quotes if quote_in(q, text)}
    assert 0 < len(found) < len(set(quotes))
