"""The short way for plain relation records (``kgraph.relationcheck``) gives exactly what the
full check gives: the same relations (every field), evidence and problems (message, file,
line and column), for relations written in many ways, good and broken, compared with
the short way turned off."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kgraph import relationcheck
from kgraph.model import Dataset
from kgraph.project import bundled_schema
from kgraph.validate import check, load

PRELUDE = """\
sources:
  - {id: s, title: S}
  - {id: t, title: T}
entities:
  - {id: alice, type: person, name: Alice Smith, source: s, quote: Alice}
  - {id: bob, type: person, name: Bob Jones, source: s, quote: Bob}
  - {id: bogota, type: city, name: Bogota, source: s, quote: Bogota}
  - {id: dea, type: agency, name: DEA, source: s, quote: DEA}
  - {id: summit, type: summit, name: Big Summit, source: s, quote: summit}
  - {id: ag, type: office, name: Attorney General, source: s, quote: AG}
  - {id: broken, type: person, source: s, quote: no name}
relations:
"""
ENDS = st.sampled_from(["alice", "bob", "bogota", "dea", "summit", "ag", "broken",
                        "nobody", "Alice Smith", "alicee", "", "12", "[alice]", "~"])
TYPES = st.sampled_from(["attended", "attended", "held_in", "holds_office", "met_with",
                         "located_in", "atended", "12", "[attended]", ""])
TEXT = st.sampled_from(["Alice went", "Bob and Alice", "   ", "", "12", "[a, b]", "~",
                        '"quoted: yes"', "s", "t", "nope"])
DATES = st.sampled_from(["2017-12-06", "2017", "2017-13", "2017-02-30", "2016", "20171",
                         "soon", "", "~", "[2017]"])
FIELDS = st.sampled_from(["date", "start", "end", "description", "notes", "evidence",
                          "inferred", "claim", "attributed_to", "acting", "site", "colour"])


@st.composite
def relation(draw: st.DrawFn) -> list[str]:
    """The lines of one relation record, each field written plainly or oddly."""
    fields: dict[str, str] = {}
    for key, values in (("from", ENDS), ("type", TYPES), ("to", ENDS)):
        if draw(st.integers(0, 9)):
            fields[key] = draw(values)
    if draw(st.integers(0, 9)):
        fields["source"] = draw(st.sampled_from(["s", "s", "t", "nope", "", "12"]))
    if draw(st.integers(0, 9)):
        fields["quote"] = draw(TEXT)
    for key in draw(st.lists(FIELDS, max_size=3, unique=True)):
        if key in ("date", "start", "end"):
            fields[key] = draw(DATES)
        elif key == "evidence":
            fields[key] = draw(st.sampled_from([
                "[{source: t, quote: Bob came}]",
                "[{source: s, quote: again}, {source: t, quote: once more, notes: n}]",
                "[{source: t}]", "[x]", "[]",
                "nope", "[{source: s, quote: '  '}]", "[{source: 1, quote: x}]",
                "[{source: s, quote: x, page: 3}]"]))
        elif key == "inferred":
            fields[key] = draw(st.sampled_from([
                "{date: the year of the report}", "{start: said so}", "{date: ''}",
                "{from: read so}", "{colour: x}", "nope", "{}", "{date: 12}"]))
        elif key == "claim":
            fields[key] = draw(st.sampled_from(["stated", "attributed", "inferred", "x"]))
        elif key == "attributed_to":
            fields[key] = draw(st.sampled_from(["bob", "[bob, dea]", "nobody", "[]"]))
        elif key in ("acting", "site"):
            fields[key] = draw(st.sampled_from(["true", "yes", "3", "Hall 2"]))
        else:
            fields[key] = draw(TEXT)
    if not fields:
        fields["from"] = "alice"
    lines = [f"{k}: {v}" for k, v in fields.items()]
    return lines


@st.composite
def datasets(draw: st.DrawFn) -> str:
    out = [PRELUDE.rstrip("\n")]
    for rec in draw(st.lists(relation(), min_size=1, max_size=12)):
        out.append("  - " + rec[0])
        out.extend("    " + line for line in rec[1:])
    return "\n".join(out) + "\n"


def both_ways(path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Dataset, Dataset]:
    short = load([path], [bundled_schema()])
    with monkeypatch.context() as m:
        m.setattr(relationcheck, "PLAIN", frozenset())
        m.setattr(relationcheck, "NESTED", frozenset())
        full = load([path], [bundled_schema()])
    return short, full


def same(a: Dataset, b: Dataset) -> None:
    assert [p.format() for p in a.problems] == [p.format() for p in b.problems]
    assert a.relations == b.relations  # (dataclasses: every field, evidence included)
    assert a.evidence == b.evidence


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(datasets())
def test_the_short_way_gives_what_the_full_check_gives(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    path = tmp_path / "data.yaml"
    path.write_text(text, encoding="utf-8")
    same(*both_ways(path, monkeypatch))


def test_the_short_way_is_taken_for_plain_records(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Plain records (also with further evidence or an inferred date) do not go through
    the full check; one with an unusual end does not either, and is warned about at the
    same place."""
    records = [
        "from: alice\n    type: attended\n    to: summit\n    source: s\n    quote: Alice went",
        ("from: bob\n    type: attended\n    to: summit\n    source: s\n    quote: Bob came\n"
         "    date: 2017-12-06\n    evidence: [{source: t, quote: Bob was there}]"),
        ("from: summit\n    type: held_in\n    to: dea\n    source: s\n    quote: at the DEA\n"
         "    date: 2017\n    inferred: {date: the year of the report}"),
        "from: nobody\n    type: attended\n    to: summit\n    source: s\n    quote: who",
    ]
    path = tmp_path / "data.yaml"
    path.write_text(PRELUDE.replace("  - {id: broken, type: person, source: s, quote: no "
                                    "name}\n", "") + "".join(f"  - {r}\n" for r in records),
                    encoding="utf-8")
    fully: list[Any] = []
    real = relationcheck._Full.check

    def counting(self: Any, file: str, rec: Any) -> None:
        fully.append(rec.get("from"))
        real(self, file, rec)

    monkeypatch.setattr(relationcheck._Full, "check", counting)
    short, full = both_ways(path, monkeypatch)
    assert fully[:1] == ["nobody"]  # (then all four again, with the short way off)
    same(short, full)
    assert [(p.line, p.col, p.rule) for p in short.problems] == [
        (26, 9, "unusual-end"), (31, 11, "dangling-reference")]


def test_consumed_records_give_the_same_dataset(tmp_path: Path) -> None:
    """A check that lets each record go once checked (as a large compile does) gives the
    same dataset."""
    from kgraph.compiler import parse_bytes

    root = Path(__file__).resolve().parent.parent
    files = sorted((root / "data").glob("*.yaml"))
    data = [f for f in files if f.name != "schema.yaml"]

    def parsed() -> list[Any]:
        return [parse_bytes(str(f), f.read_bytes()) for f in data]

    schema = [parse_bytes("schema.yaml", bundled_schema().read_bytes())]
    kept, consumed = parsed(), parsed()
    a, b = check(kept, schema), check(consumed, schema, consume=True)
    assert all(f.root is not None for f in kept) and all(f.root is None for f in consumed)
    same(a, b)
    assert a.entities == b.entities and len(a.relations) > 300
