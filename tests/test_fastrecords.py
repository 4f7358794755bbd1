"""Runs of flat records (``kgraph.fastrecords``) give exactly what PyYAML gives: lists of
records written in many ways (nested values, comments, blank lines, odd spacing, values
that are not text, quoted or not) and damaged ones, compared value by value and position
by position with ``loader.parse_text(..., fast=False)``; and plain records take the short
way (not the line-by-line parser)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_fastyaml import check

from kgraph import fastyaml

KEYS = st.sampled_from(["from", "type", "to", "source", "quote", "date", "notes", "a b",
                        "x-1", "id"])
TEXTS = st.one_of(
    st.sampled_from(["paraguay", "held_in", "src-00347", "Paraguay spearheaded a dialogue",
                     "2016-12-26", "2016", "12", "-3", "0x1f", "1.5", "1e3", ".inf", "~",
                     "null", "Null", "true", "False", "no", "on", "nan", "n", "t", "f",
                     "Néstor Martínez 😀", "a: b", "a:b", "a #b", "a#b", "- x", "-x", "x:",
                     "http://a/b#c", "it's", 'say "hi"', "[a, b]", "{a: b}", "[]", "{}",
                     "[a, 'b c', \"d\"]", "&x", "*x", "!t", "|", ">", "%", "@", "`", "?",
                     ",", "'", '"', "\\", "é", ""]),
    st.text(alphabet="abcXY09 -_:#,.'\"[]{}&*!|>%@`?/\\é", min_size=0, max_size=10),
)


@st.composite
def field(draw: st.DrawFn, key: str, indent: int) -> list[str]:
    """The lines of one field at ``indent`` (the first without its indentation)."""
    text = draw(TEXTS)
    how = draw(st.sampled_from(["plain"] * 6 + ["double", "single", "empty", "list",
                                                 "map", "block", "comment", "spaces"]))
    deeper = " " * (indent + draw(st.sampled_from([1, 2, 4])))
    if how == "double":
        return [f'{key}: "{text}"']
    if how == "single":
        return [f"{key}: '{text}'"]
    if how == "empty":
        return [f"{key}:"]
    if how == "list":
        return [f"{key}:", f"{deeper}- {text}", f"{deeper}- {{source: s, quote: {text}}}"]
    if how == "map":
        return [f"{key}:", f"{deeper}date: {text}", f"{deeper}why: said so"]
    if how == "block":
        return [f"{key}: " + draw(st.sampled_from(["|", ">-", "|+"])), f"{deeper}{text}", ""]
    if how == "comment":
        return [f"{key}: {text} # {text}"]
    if how == "spaces":
        return [f"{key}: {text}" + " " * draw(st.integers(1, 2))]
    return [f"{key}: {text}"]


@st.composite
def record_lists(draw: st.DrawFn) -> str:
    """A list of records under a key, most of them plain, some not."""
    indent = draw(st.sampled_from([0, 2, 4]))
    lines = ["relations:"]
    keys = draw(st.lists(KEYS, min_size=1, max_size=5, unique=True))
    for _ in range(draw(st.integers(1, 10))):
        own = keys if draw(st.booleans()) else draw(st.lists(KEYS, min_size=1, max_size=6))
        plain = draw(st.booleans())
        for n, key in enumerate(own):
            text = draw(st.sampled_from(["paraguay", "2016-12-26", "a b c", "'q'", '"q"']))
            parts = [f"{key}: {text}"] if plain else draw(field(key, indent + 2))
            lines.append(" " * indent + ("- " if n == 0 else "  ") + parts[0])
            lines.extend(parts[1:])
        for _ in range(draw(st.integers(0, 2)) if draw(st.booleans()) else 0):
            lines.append(draw(st.sampled_from(
                ["", " " * indent + "# a comment", "  ", " " * (indent + 2) + "# note",
                 "      # deep", "#"])))
    if draw(st.booleans()):
        lines.append(draw(st.sampled_from(["entities: []", "other:", "  - x: 1", "x"])))
    return "\n".join(lines) + draw(st.sampled_from(["\n", "", "\n\n"]))


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(record_lists())
def test_generated_record_lists(text: str) -> None:
    check(text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(record_lists(), st.integers(0, 10_000), st.sampled_from(
    [" ", "-", ":", "#", "'", '"', "[", "{", "\n", "\n  ", "\n    ", "\n  - ", "|", "&",
     ": ", " #", "\r\n", "é", "  - a: b\n"]))
def test_damaged_record_lists(text: str, at: int, insert: str) -> None:
    """A character inserted anywhere: the fast path agrees with PyYAML or falls back."""
    at = at % (len(text) + 1)
    check(text[:at] + insert + text[at:])


@pytest.mark.parametrize("between", ["", "\n", "\n\n\n"])
@pytest.mark.parametrize("indent", [0, 2])
def test_plain_records_take_the_short_way(monkeypatch: pytest.MonkeyPatch, between: str,
                                          indent: int) -> None:
    """Only the first record of a run (whose keys are new) and the last (after which the
    line-by-line parser finds where the list ends) go through the line-by-line parser;
    the values and positions are PyYAML's."""
    pad = " " * indent
    records = [f"{pad}- from: e{i}\n{pad}  type: attended\n{pad}  to: summit-{i}\n"
               f"{pad}  quote: \"E{i} went\"\n{pad}  date: 2017-12-0{i % 9 + 1}\n"
               for i in range(300)]
    text = "relations:\n" + between.join(records) + "sources: []\n"
    taken: list[Any] = []
    line_by_line = fastyaml._Parser.item

    def item(self: Any, *args: Any) -> Any:
        taken.append(args[0])
        return line_by_line(self, *args)

    monkeypatch.setattr(fastyaml._Parser, "item", item)
    root = check(text, accept=True)
    assert taken == [1, text.split("\n").index(f"{pad}- from: e299")]  # (0-based lines)
    assert len(root["relations"]) == 300 and root["relations"][299]["date"] == "2017-12-03"


def test_a_problem_in_a_run_of_plain_records_is_reported_where_it_is(
        tmp_path: Any) -> None:
    """An unknown entity in the middle of plain records (parsed the short way, and
    checked the short way around it) is reported at its own line and column."""
    from kgraph.project import bundled_schema
    from kgraph.validate import load

    lines = ["sources:", "  - {id: s, title: S}", "entities:"]
    lines += [f"  - {{id: p{i}, type: person, name: P {i}, source: s, quote: P{i}}}"
              for i in range(4)]
    lines += ["  - {id: m, type: meeting, name: M, source: s, quote: M}", "relations:"]
    for i in range(4):
        lines += [f"  - from: {'nobody' if i == 2 else f'p{i}'}", "    type: attended",
                  "    to: m", "    source: s", f"    quote: P{i} came"]
    path = tmp_path / "data.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems = load([path], [bundled_schema()]).problems
    assert [(p.line, p.col, p.rule) for p in problems] == [(20, 11, "dangling-reference")]
