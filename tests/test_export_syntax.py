"""The text helpers the writers share (kgraph/exporters/syntax.py) against the standard
library's own writers: CSV lines as the csv module writes them, JSON as the json module
does, and the memo of what was made."""

from __future__ import annotations

import csv
import io
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from kgraph.exporters.syntax import Made, csv_cell, csv_rows, to_json

# text with everything that decides a CSV cell's quoting, and characters beyond Latin-1
cells = st.text(alphabet=st.sampled_from([*'a,"\r\n \t\'=', "é", "\u2028", "\U0001f600",
                                          "\x00"]), max_size=8)


def written(rows: list[list[str]]) -> str:
    out = io.StringIO(newline="")
    csv.writer(out).writerows(rows)
    return out.getvalue()


@settings(max_examples=400, deadline=None, database=None)
@given(st.integers(min_value=1, max_value=4).flatmap(
    lambda width: st.lists(st.lists(cells, min_size=width, max_size=width), max_size=6)))
def test_csv_rows_are_what_the_csv_module_writes(rows: list[list[str]]) -> None:
    columns = [[csv_cell(row[i]) for row in rows] for i in range(len(rows[0]))] if rows else []
    made = "".join(line + "\r\n" for line in csv_rows(columns)) if rows else ""
    assert made == written(rows)


def test_a_row_of_one_empty_cell_is_quoted_as_the_csv_module_does() -> None:
    assert csv_rows([["", "a", ""]]) == ['""', "a", '""']
    assert written([[""], ["a"], [""]]) == '""\r\na\r\n""\r\n'
    assert csv_rows([["", "x"], ["", ""]]) == [",", "x,"]


@settings(max_examples=200, deadline=None, database=None)
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=5)
                    | st.floats(allow_nan=False, allow_infinity=False),
                    lambda inner: st.lists(inner, max_size=3)
                    | st.dictionaries(st.text(max_size=3), inner, max_size=3), max_leaves=8))
def test_to_json_is_the_json_modules_compact_text(value: object) -> None:
    assert to_json(value) == json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def test_made_makes_each_value_once() -> None:
    calls: list[str] = []

    def make(key: str) -> str:
        calls.append(key)
        return key.upper()

    made = Made(make)
    assert [made[k] for k in ["a", "b", "a", "a"]] == ["A", "B", "A", "A"]
    assert calls == ["a", "b"]


def test_printable_text_takes_the_short_way_with_the_same_result() -> None:
    """The escapers return printable text without the characters they escape (quotes,
    backslashes, & < >) as it is, without their regular expressions: right only if no
    printable character is one they escape. Every printable character, in long runs, is
    escaped the short way and the long way (a control character makes the text not
    printable) to the same text."""
    from kgraph.exporters.neo4j import _cypher_escape
    from kgraph.exporters.rdf import escape_literal
    from kgraph.exporters.syntax import xml_attr, xml_clean, xml_text

    special = set("\\\"'&<>")
    printable = [chr(c) for c in range(0x110000)
                 if chr(c).isprintable() and chr(c) not in special]
    assert len(printable) > 100_000
    for escape in (xml_attr, xml_text, xml_clean, escape_literal, _cypher_escape):
        for i in range(0, len(printable), 1000):
            run = "".join(printable[i:i + 1000])
            assert escape(run) == run  # (nothing to escape: the short way)
            assert escape(run + "\x00" + run) == escape(run + "\x00") + run, escape
