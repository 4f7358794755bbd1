"""The exporters' escaping takes printable text as it is when it holds nothing to escape
(``str.isprintable`` and a few ``in`` tests, instead of a regular expression): that is
only right if no printable character is one they change, checked here for every
character there is."""

from __future__ import annotations

import re
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kgraph.exporters.base import _XML_ANY, _XML_TEXT_ANY, xml_attr, xml_text
from kgraph.exporters.neo4j import _cypher_escape, cypher_string
from kgraph.exporters.rdf import escape_literal

EVERY = "".join(map(chr, range(sys.maxunicode + 1)))
PRINTABLE = [c for c in EVERY if c.isprintable()]


@pytest.mark.parametrize("changed, special", [
    (_XML_ANY, '"&<>'),
    (_XML_TEXT_ANY, "&<>"),
    (re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]"), "\\'"),  # Cypher
    (re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029\ufffe\uffff]"), '\\"'),  # RDF
])
def test_no_printable_character_is_changed_but_the_ones_looked_for(
        changed: re.Pattern[str], special: str) -> None:
    assert [c for c in PRINTABLE if changed.search(c) and c not in special] == []


def test_the_escapers_classes_are_the_ones_checked() -> None:
    assert _cypher_escape("\x85\u2028'\\") == "\\u0085\\u2028\\'\\\\"
    assert escape_literal("\x85\ud800\uffff\"") == "\\u0085\\uD800\\uFFFF\\\""


@settings(max_examples=500)
@given(st.text(st.characters(codec=None), max_size=20))
def test_escaping_is_what_the_full_search_gives(text: str) -> None:
    if _XML_ANY.search(text) is None:
        assert xml_attr(text) is text
    else:
        assert xml_attr(text) == xml_attr(text + "&")[:-5]
    if _XML_TEXT_ANY.search(text) is None:
        assert xml_text(text) is text
    assert cypher_string(text).startswith("'")
    for c in text:  # (each changed character is changed wherever it is)
        if not c.isprintable() or c in "&<>\"'\\":
            break
    else:
        assert xml_attr(text) == text.replace("&", "&amp;").replace("<", "&lt;").replace(
            ">", "&gt;").replace('"', "&quot;")
        assert escape_literal(text) == text.replace("\\", "\\\\").replace('"', '\\"')
        assert _cypher_escape(text) == text.replace("\\", "\\\\").replace("'", "\\'")
