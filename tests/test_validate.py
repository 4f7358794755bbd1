"""One validation rule per test, yamllint style: a small YAML text in, ``(line, col, rule)``
out, checked against the bundled schema."""

from __future__ import annotations

import ast
import inspect
import os
import pathlib
from pathlib import Path

import pytest

import kgraph.claims
import kgraph.figures
import kgraph.loader
import kgraph.project
import kgraph.rules
import kgraph.schema
import kgraph.validate
import kgraph.yamlvalues
from kgraph.api import open_dataset
from kgraph.errors import Problem
from kgraph.model import Dataset
from kgraph.project import bundled_schema
from kgraph.validate import load

# seven lines every relation case starts from; its relations begin on line 8
PRELUDE = """\
sources:
  - {id: s, title: S, file: s.txt}
entities:
  - {id: alice, type: person, name: Alice Smith, source: s, quote: Alice}
  - {id: bogota, type: city, name: Bogota, source: s, quote: Bogota}
  - {id: summit, type: summit, name: Big Summit, aliases: [BS], source: s, quote: summit}
relations:
"""
SOURCE_TEXT = "Alice went to Bogota for the summit."


def run(tmp_path: Path, text: str | bytes, sources: dict[str, str] | None = None,
        more: dict[str, str] | None = None) -> Dataset:
    """Validate ``text`` as data.yaml (plus ``more`` files), quotes against ``sources``."""
    files = {"data.yaml": text, **(more or {})}
    paths = []
    for name, content in files.items():
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        paths.append(path)
    sources_dir = None
    if sources is not None:
        sources_dir = tmp_path / "sources"
        sources_dir.mkdir()
        for name, content in sources.items():
            (sources_dir / name).write_text(content, encoding="utf-8")
    return load(paths, [bundled_schema()], sources_dir)


def found(tmp_path: Path, text: str | bytes, **kw) -> list[tuple[int, int, str]]:
    return [(p.line, p.col, p.rule) for p in run(tmp_path, text, **kw).problems]


def messages(tmp_path: Path, text: str, **kw) -> list[str]:
    return [p.message for p in run(tmp_path, text, **kw).problems]


# Each case: (rule it exercises, YAML text, the problems expected). The rules are gathered
# from here for the completeness check at the end.
CASES: list[tuple[str, str | bytes, list[tuple[int, int, str]]]] = [
    # -- the YAML itself ----------------------------------------------------------------
    ("yaml-syntax", "entities:\n  - {id: a, type: person\n", [(3, 1, "yaml-syntax")]),
    ("yaml-syntax", "entities:\n\t- {id: a}\n", [(2, 1, "yaml-syntax")]),
    ("yaml-tag", "entities: !!python/object/new:os.system [ls]\n", [(1, 11, "yaml-tag")]),
    ("yaml-tag", "entities:\n  - !thing {id: a}\n", [(2, 5, "top-level"), (2, 5, "yaml-tag")]),
    ("yaml-key", "entities: []\n? [a, b]\n: 1\n", [(2, 3, "yaml-key")]),
    ("extends", "extends: mine\nentities: []\n", [(1, 10, "extends")]),
    ("yaml-depth", "entities: " + "[" * 70 + "]" * 70 + "\n", [(1, 11 + 63, "yaml-depth")]),
    ("duplicate-key", "sources:\n  - id: s\n    title: S\n    id: t\n", [(4, 5, "duplicate-key")]),
    ("encoding", b"entities:\n  - name: Mart\xednez\n", [(2, 15, "encoding")]),
    # -- the shape of a file --------------------------------------------------------------
    ("top-level", "- id: a\n- id: b\n", [(1, 1, "top-level")]),
    ("top-level", "just some text\n", [(1, 1, "top-level")]),
    ("top-level", "sources: []\nentitis: []\n", [(2, 1, "top-level")]),
    ("top-level", "entities:\n  id: a\n", [(2, 3, "top-level")]),
    ("top-level", "entities:\n  - a\n  - {id: b, type: person, name: B, source: s, quote: b}\n",
     [(2, 5, "top-level"), (3, 54, "unknown-source")]),
    ("top-level", "entity_types: [a]\n", [(1, 15, "top-level")]),
    ("empty-file", "", [(0, 0, "empty-file")]),
    ("empty-file", "# nothing yet\n", [(0, 0, "empty-file")]),
    # -- fields ---------------------------------------------------------------------------
    ("unknown-field",
     PRELUDE.replace("quote: Alice}", "quote: Alice, nmae: x}"), [(4, 75, "unknown-field")]),
    ("unknown-field", "sources:\n  - {id: s, title: S, pages: 3}\n", [(2, 23, "unknown-field")]),
    ("missing-field", "sources:\n  - {id: s}\n", [(2, 5, "missing-field")]),
    ("missing-field", PRELUDE + "  - {from: alice, type: attended, source: s, quote: Alice}\n",
     [(8, 5, "missing-field")]),
    ("missing-field", "entities:\n  - {id: a, type: person, name: '', source: s, quote: q}\n",
     [(2, 33, "missing-field"), (2, 55, "unknown-source")]),
    ("field-type", PRELUDE.replace("name: Alice Smith", "name: [Alice]"),
     [(4, 37, "field-type")]),
    ("field-type", PRELUDE.replace("type: person, name: Alice Smith,",
                                   "type: person, name: Alice Smith, role: 5,"),
     [(4, 56, "field-type")]),
    ("field-type", PRELUDE + "  - {from: 12, type: attended, to: summit, source: s, quote: A}\n",
     [(8, 12, "field-type")]),
    ("field-type", PRELUDE + "  - {from: alice, type: 12, to: summit, source: s, quote: A}\n",
     [(8, 25, "field-type")]),
    ("field-type", PRELUDE.replace("aliases: [BS]", "aliases: {BS: 1}"),
     [(6, 59, "field-type")]),
    ("field-type", PRELUDE.replace("source: s, quote: Bogota", "evidence: s"),
     [(5, 5, "missing-evidence"), (5, 54, "field-type")]),
    ("bad-id", "sources:\n  - {id: my source, title: S}\n", [(2, 10, "bad-id")]),
    ("bad-id", PRELUDE.replace("id: alice", "id: -alice"), [(4, 10, "bad-id")]),
    ("duplicate-id", PRELUDE.replace("id: bogota", "id: alice"), [(5, 10, "duplicate-id")]),
    ("duplicate-id", "sources:\n  - {id: s, title: S}\n  - {id: s, title: T}\n",
     [(3, 10, "duplicate-id")]),
    ("duplicate-name", PRELUDE.replace("name: Bogota", "name: alice smith"),
     [(5, 36, "duplicate-name")]),
    ("alias-collision", PRELUDE.replace("aliases: [BS]", "aliases: [BS, Bogotá]"),
     [(6, 64, "alias-collision")]),
    ("control-character", PRELUDE.replace("name: Alice Smith", 'name: "Alice\\0 Smith"'),
     [(4, 37, "control-character")]),
    ("control-character", PRELUDE.replace("aliases: [BS]", 'aliases: [BS, "B\\e[31mS"]'),
     [(6, 64, "control-character")]),
    # -- types ----------------------------------------------------------------------------
    ("unknown-entity-type", PRELUDE.replace("type: person", "type: persn"),
     [(4, 23, "unknown-entity-type")]),
    ("unknown-relation-type", PRELUDE + "  - {from: alice, type: atended, to: summit, "
     "source: s, quote: Alice}\n", [(8, 25, "unknown-relation-type")]),
    ("dangling-reference", PRELUDE + "  - {from: alicia, type: attended, to: summit, "
     "source: s, quote: Alice}\n", [(8, 12, "dangling-reference")]),
    ("type-not-allowed", PRELUDE + "  - {from: alice, type: attended, to: bogota, "
     "source: s, quote: Alice}\n", [(8, 39, "type-not-allowed")]),
    ("type-not-allowed", PRELUDE + "  - {from: bogota, type: held_in, to: alice, "
     "source: s, quote: Bogota}\n", [(8, 12, "type-not-allowed"), (8, 39, "type-not-allowed")]),
    ("self-reference", PRELUDE + "  - {from: alice, type: met_with, to: alice, "
     "source: s, quote: Alice}\n", [(8, 39, "self-reference")]),
    # -- dates ----------------------------------------------------------------------------
    ("bad-date", PRELUDE.replace("name: Big Summit,", "name: Big Summit, date: 2017-02-30,"),
     [(6, 56, "bad-date")]),
    ("bad-date", PRELUDE.replace("name: Big Summit,", "name: Big Summit, date: 2017-13,"),
     [(6, 56, "bad-date")]),
    ("bad-date", PRELUDE.replace("name: Big Summit,", "name: Big Summit, date: Dec 2017,"),
     [(6, 56, "bad-date")]),
    ("bad-date", PRELUDE.replace("name: Big Summit,", "name: Big Summit, start: 2017-1-5,"),
     [(6, 57, "bad-date")]),
    ("date-order", PRELUDE.replace("name: Big Summit,",
                                   "name: Big Summit, start: 2018, end: 2017-12,"),
     [(6, 68, "date-order")]),
    ("date-fields", PRELUDE.replace("name: Big Summit,",
                                    "name: Big Summit, date: 2018, start: 2018,"),
     [(6, 56, "date-fields")]),
    ("inferred-field", PRELUDE.replace("name: Big Summit,",
                                       "name: Big Summit, inferred: {date: a guess},"),
     [(6, 61, "inferred-field")]),
    ("inferred-field", PRELUDE.replace("name: Big Summit,",
                                       "name: Big Summit, date: 2018, inferred: {date: 2018},"),
     [(6, 79, "inferred-field")]),
    # -- evidence -------------------------------------------------------------------------
    ("missing-evidence", PRELUDE.replace(", source: s, quote: Bogota", ""),
     [(5, 5, "missing-evidence")]),
    ("missing-evidence", PRELUDE + "  - {from: alice, type: attended, to: summit}\n",
     [(8, 5, "missing-evidence")]),
    ("missing-source", PRELUDE.replace("source: s, quote: Bogota", "quote: Bogota"),
     [(5, 5, "missing-source")]),
    ("missing-source", PRELUDE.replace("source: s, quote: Bogota",
                                       "evidence: [{quote: Bogota}]"),
     [(5, 55, "missing-source")]),
    ("missing-quote", PRELUDE.replace("source: s, quote: Bogota", "source: s"),
     [(5, 5, "missing-quote")]),
    ("missing-quote", PRELUDE.replace("quote: Bogota", "quote: '  '"),
     [(5, 62, "missing-quote")]),
    ("unknown-source", PRELUDE.replace("source: s, quote: Bogota", "source: t, quote: Bogota"),
     [(5, 62, "unknown-source")]),
    ("unknown-field", PRELUDE.replace("source: s, quote: Bogota",
                                      "evidence: [{source: s, quote: Bogota, page: 2}]"),
     [(5, 82, "unknown-field")]),
    # -- a schema of the data's own -------------------------------------------------------
    ("schema", "entity_types:\n  a: {parent: b}\n  b: {parent: a}\n",
     [(2, 15, "schema"), (3, 15, "schema")]),
    ("schema", "entity_types:\n  a: {attributes: {size: integr}}\n",
     [(2, 26, "schema")]),
    ("schema", "entity_types:\n  a: just a label\n", [(2, 6, "schema")]),
    # attribute names are identifiers (they become CSV headers, property keys, IRIs) ...
    ("schema", "entity_types:\n  a: {attributes: {'tag:LABEL': string, 'age:int': integer}}\n",
     [(2, 20, "schema"), (2, 41, "schema")]),
    # ... and not a record's own fields, which would hide them
    ("schema", ("entity_types:\n  a:\n    attributes:\n      where: string\n      name: string\n"
                "relation_types:\n  r: {source: [a], target: [a], reading: r, "
                "attributes: {type: string}}\n"),
     [(4, 7, "schema"), (5, 7, "schema"), (7, 58, "schema")]),
    ("unknown-entity-type", "entity_types:\n  a: {parent: thng}\n  thing: {}\n",
     [(2, 15, "unknown-entity-type")]),
    ("unknown-entity-type", ("entity_types:\n  a: {}\nrelation_types:\n"
                             "  r: {source: [a], target: [b], reading: r}\n"),
     [(4, 29, "unknown-entity-type")]),
    # a relation type implies others between the same two entities: declared ones, not
    # itself, whose ends allow its ends
    ("unknown-relation-type", ("entity_types:\n  a: {}\nrelation_types:\n"
                               "  r: {source: [a], target: [a], reading: r, implies: [q]}\n"),
     [(4, 55, "unknown-relation-type")]),
    ("schema", ("entity_types:\n  a: {}\nrelation_types:\n"
                "  r: {source: [a], target: [a], reading: r, implies: [r]}\n"),
     [(4, 55, "schema")]),
    ("schema", ("entity_types:\n  a: {}\n  b: {}\nrelation_types:\n"
                "  r: {source: [a, b], target: [a], reading: r, implies: [s]}\n"
                "  s: {source: [a], target: [a], reading: s}\n"),
     [(5, 58, "schema")]),
    # a relation type by way of two others, through an entity between: declared ones, two,
    # not itself
    ("unknown-relation-type", ("entity_types:\n  a: {}\nrelation_types:\n"
                               "  r: {source: [a], target: [a], reading: r, by_way_of: [q, s]}\n"
                               "  s: {source: [a], target: [a], reading: s}\n"),
     [(4, 57, "unknown-relation-type")]),
    ("schema", ("entity_types:\n  a: {}\nrelation_types:\n"
                "  r: {source: [a], target: [a], reading: r, by_way_of: [s, r]}\n"
                "  s: {source: [a], target: [a], reading: s}\n"),
     [(4, 60, "schema")]),
    ("schema", ("entity_types:\n  a: {}\nrelation_types:\n"
                "  r: {source: [a], target: [a], reading: r, by_way_of: [s]}\n"
                "  s: {source: [a], target: [a], reading: s}\n"),
     [(4, 56, "schema")]),
    ("missing-field", "entity_types:\n  a: {}\nrelation_types:\n  r: {source: [a], target: [a]}\n",
     [(4, 6, "missing-field")]),
    ("unknown-field", "entity_types:\n  a: {colour: red}\n", [(2, 7, "unknown-field")]),
    ("field-type", ("entity_types:\n  a: {}\nrelation_types:\n"
                    "  r: {source: [a], target: [a], reading: r, lineage: yes}\n"),
     [(4, 54, "field-type")]),
    ("top-level", "entity_types: [person]\n", [(1, 15, "top-level")]),
    # -- claims and figures -------------------------------------------------------------
    ("bad-claim", PRELUDE + "  - {from: alice, type: attended, to: summit, claim: staed, "
     "source: s, quote: Alice}\n", [(8, 54, "bad-claim")]),
    ("claim-fields", PRELUDE + "  - {from: alice, type: attended, to: summit, claim: attributed, "
     "source: s, quote: Alice}\n", [(8, 54, "claim-fields")]),
    ("claim-fields", PRELUDE + "  - {from: alice, type: attended, to: summit, claim: stated, "
     "attributed_to: alice, source: s, quote: Alice}\n", [(8, 77, "claim-fields")]),
    ("claim-fields", PRELUDE + "  - {from: alice, type: attended, to: summit, claim: inferred, "
     "source: s, quote: Alice}\n", [(8, 54, "claim-fields")]),
    ("dangling-reference", PRELUDE + "  - {from: alice, type: attended, to: summit, "
     "attributed_to: bobby, source: s, quote: Alice}\n", [(8, 62, "dangling-reference")]),
    ("unknown-measure", PRELUDE.replace("quote: summit}", "quote: summit, figures: [{measure: "
                                        "atended, value: 3, unit: people, source: s, "
                                        "quote: 3 came}]}"), [(6, 111, "unknown-measure")]),
    ("figure-not-in-quote", PRELUDE.replace("quote: summit}", "quote: summit, figures: [{measure: "
                                            "arrested, value: 12, unit: people, source: s, "
                                            "quote: a dozen}]}"),
     [(6, 164, "figure-not-in-quote")]),
    ("field-type", PRELUDE.replace("quote: summit}", "quote: summit, figures: [{measure: "
                                   "arrested, value: twelve, unit: people, source: s, "
                                   "quote: twelve}]}"), [(6, 128, "field-type")]),
    # -- modelling ----------------------------------------------------------------------
    ("unusual-end", PRELUDE.replace("relations:\n", "  - {id: office, type: agency, name: Foreign "
                                    "Office, source: s, quote: Office}\nrelations:\n")
     + "  - {from: summit, type: held_in, to: office, source: s, quote: summit}\n",
     [(4, 5, "orphan"), (5, 5, "orphan"), (9, 39, "unusual-end")]),
    ("two-types-one-quote", PRELUDE + "  - {from: alice, type: attended, to: summit, source: s, "
     "quote: Alice went}\n  - {from: alice, type: spoke_at, to: summit, source: s, "
     "quote: Alice went}\n", [(5, 5, "orphan"), (9, 65, "two-types-one-quote")]),
    ("orphan", PRELUDE + "  - {from: alice, type: attended, to: summit, source: s, "
     "quote: Alice went}\n", [(5, 5, "orphan")]),
]


@pytest.mark.parametrize(("rule", "text", "expected"), CASES,
                         ids=[f"{i}-{c[0]}" for i, c in enumerate(CASES)])
def test_rule(tmp_path: Path, rule: str, text: str | bytes,
              expected: list[tuple[int, int, str]]) -> None:
    assert rule in {r for _, _, r in expected}
    assert found(tmp_path, text) == expected


# -- what the messages say ----------------------------------------------------------------


def test_dangling_reference_suggests_the_closest_id(tmp_path: Path) -> None:
    (msg,) = messages(tmp_path, PRELUDE + "  - {from: alicia, type: attended, to: summit, "
                      "source: s, quote: Alice}\n")
    assert msg == "'from' refers to unknown entity 'alicia' (did you mean 'alice'?)"


def test_dangling_reference_given_a_name_says_use_the_id(tmp_path: Path) -> None:
    text = PRELUDE + ("  - {from: Alice Smith, type: attended, to: BS, source: s, quote: A}\n")
    assert found(tmp_path, text) == [(8, 12, "dangling-reference"),
                                     (8, 45, "dangling-reference")]
    assert messages(tmp_path, text) == [
        ("'from' refers to unknown entity 'Alice Smith' (did you mean 'alice'? use the id, "
         "not the name)"),
        "'to' refers to unknown entity 'BS' (did you mean 'summit'? use the id, not the name)",
    ]


def test_entity_declared_with_errors_is_not_called_unknown(tmp_path: Path) -> None:
    text = PRELUDE.replace("type: person, ", "") + (
        "  - {from: alice, type: attended, to: summit, source: s, quote: Alice}\n")
    # alice has no type: that is the one problem, not also a dangling 'from: alice'
    assert found(tmp_path, text) == [(4, 5, "missing-field")]


def test_numeric_id_is_told_to_be_text(tmp_path: Path) -> None:
    (msg,) = messages(tmp_path, "sources:\n  - {id: 2017, title: S}\n")
    assert msg.endswith("(an id is text: write '2017')")


def test_subtypes_are_allowed_where_their_parent_is(tmp_path: Path) -> None:
    # held_in: source event (a summit is one), target place (a city is one)
    text = PRELUDE + "  - {from: summit, type: held_in, to: bogota, source: s, quote: summit}\n"
    ds = run(tmp_path, text)
    assert [(p.line, p.rule) for p in ds.problems] == [(4, "orphan")]  # (alice: unlinked)
    assert [(r.source, r.type, r.target) for r in ds.relations] == [
        ("summit", "held_in", "bogota")]


def test_type_not_allowed_lists_what_is(tmp_path: Path) -> None:
    (msg,) = messages(tmp_path, PRELUDE + "  - {from: alice, type: attended, to: bogota, "
                      "source: s, quote: Alice}\n")
    assert msg.startswith("'attended' does not allow a city ('bogota') as its target; allowed:")


def test_unknown_types_suggest_close_names(tmp_path: Path) -> None:
    text = PRELUDE.replace("type: person", "type: persn") + (
        "  - {from: bogota, type: atended, to: summit, source: s, quote: A}\n")
    assert messages(tmp_path, text) == [
        "unknown entity type 'persn' (did you mean 'person'?)",
        "unknown relation type 'atended' (did you mean 'attended'?)"]


def test_empty_file_is_a_warning_and_the_rest_are_errors(tmp_path: Path) -> None:
    (problem,) = run(tmp_path, "").problems
    assert problem.severity == "warning"
    assert problem.format().endswith(": warning: empty file; expected a mapping with any of "
                                     "entity_types, relation_types, measures, sources, "
                                     "entities, relations [empty-file]")


def in_data(ds: Dataset) -> list[tuple[int, int, str]]:
    """The problems of data.yaml (a lowered limit trips the bundled schema too)."""
    return [(p.line, p.col, p.rule) for p in ds.problems if Path(p.file).name == "data.yaml"]


def test_yaml_limit_on_a_long_value(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kgraph.yamlvalues, "MAX_SCALAR", 10)
    ds = run(tmp_path, "sources:\n  - {id: s, title: a title longer than ten}\n")
    assert in_data(ds) == [(2, 20, "yaml-limit")]


def test_yaml_limit_on_alias_expansion(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kgraph.yamlvalues, "MAX_NODES", 50)
    text = "a: &a [x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\n"
    ds = run(tmp_path, text)
    # the 51st value: the first item of the anchored list, reached through the fifth *a
    assert in_data(ds) == [(1, 8, "yaml-limit")]
    assert "alias expansion" in ds.problems[-1].message


def test_unreadable_data_file_is_an_io_problem(tmp_path: Path) -> None:
    folder = tmp_path / "folder.yaml"
    folder.mkdir()
    ds = load([folder], [bundled_schema()])
    assert [(p.line, p.col, p.rule) for p in ds.problems] == [(0, 0, "io")]


# -- across files -------------------------------------------------------------------------


def test_duplicate_id_across_files_names_the_first(tmp_path: Path) -> None:
    more = {"more.yaml": "entities:\n  - {id: alice, type: person, name: Alice B, "
            "source: s, quote: Alice}\n"}
    ds = run(tmp_path, PRELUDE, more=more)
    assert [(Path(p.file).name, p.line, p.col, p.rule) for p in ds.problems] == [
        ("more.yaml", 2, 10, "duplicate-id")]
    assert f"(first at {ds.problems[0].file.replace('more', 'data')}:4:5)" in \
        ds.problems[0].message


def test_relation_may_refer_to_an_entity_of_another_file(tmp_path: Path) -> None:
    more = {"more.yaml": "relations:\n  - {from: alice, type: attended, to: summit, "
            "source: s, quote: Alice}\n"}
    ds = run(tmp_path, PRELUDE, more=more)
    assert [(p.line, p.rule) for p in ds.problems] == [(5, "orphan")]  # (bogota: unlinked)
    assert len(ds.relations) == 1


# -- quotes -------------------------------------------------------------------------------

QUOTED = """\
sources:
  - {id: s, title: S, file: s.txt}
entities:
  - {id: a, type: person, name: A, source: s, quote: QUOTE}
"""
DOCUMENT = ('The Attorney General, **Jeff Sessions**, said: "We will dismantle\n'
            '   MS-13." It\u2019s a   priority for the Department of Justice.\n')


@pytest.mark.parametrize("quote", [
    "Jeff Sessions",  # emphasis left out
    "**Jeff Sessions**, said",  # emphasis kept
    "\"We  will dismantle\n MS-13.\"",
    "\u201cWe will dismantle MS-13.\u201d It's a priority",  # curly and straight marks
    "The Attorney General ... Department of Justice",  # fragments in order
    "Attorney General \u2026 priority",
])
def test_quote_found(tmp_path: Path, quote: str) -> None:
    text = QUOTED.replace("QUOTE", f'"{_escape(quote)}"')
    assert found(tmp_path, text, sources={"s.txt": DOCUMENT}) == []


@pytest.mark.parametrize("quote", [
    "Jeff Session said",  # words that are not there
    "Department of Justice ... The Attorney General",  # fragments out of order
    "the attorney general",  # case matters
    "...",  # nothing to look for
])
def test_quote_not_found(tmp_path: Path, quote: str) -> None:
    text = QUOTED.replace("QUOTE", f'"{_escape(quote)}"')
    assert found(tmp_path, text, sources={"s.txt": DOCUMENT}) == [(4, 54, "quote-not-found")]


def _escape(quote: str) -> str:
    return quote.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def test_quotes_are_checked_only_with_a_sources_directory(tmp_path: Path) -> None:
    assert found(tmp_path, QUOTED.replace("QUOTE", "not there")) == []


def test_every_piece_of_evidence_is_checked(tmp_path: Path) -> None:
    text = QUOTED.replace("quote: QUOTE", "quote: Jeff Sessions, evidence: [{source: s, "
                          "quote: Jeff Bezos}]")
    assert found(tmp_path, text, sources={"s.txt": DOCUMENT}) == [(4, 99, "quote-not-found")]


def test_source_without_file_is_a_warning(tmp_path: Path) -> None:
    ds = run(tmp_path, "sources:\n  - {id: s, title: S}\n", sources={})
    assert [(p.line, p.col, p.rule, p.severity) for p in ds.problems] == [
        (2, 5, "source-file-missing", "warning")]


def test_source_file_not_in_the_directory(tmp_path: Path) -> None:
    assert found(tmp_path, "sources:\n  - {id: s, title: S, file: gone.txt}\n",
                 sources={}) == [(2, 5, "source-file-missing")]


@pytest.mark.parametrize("name", ["a\\0b", "loop.txt", "pipe.txt", "folder"])
def test_unusable_source_file_name_is_a_problem(tmp_path: Path, name: str) -> None:
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "loop.txt").symlink_to("loop.txt")
    os.mkfifo(tmp_path / "sources" / "pipe.txt")  # reading it would wait forever
    (tmp_path / "sources" / "folder").mkdir()
    text = f'sources:\n  - {{id: s, title: S, file: "{name}"}}\n'
    ds = load([_write(tmp_path / "data.yaml", text)], [bundled_schema()], tmp_path / "sources")
    assert [(p.line, p.col, p.rule) for p in ds.problems] == [(2, 5, "source-file-missing")]


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("name", ["../../etc/passwd", "/etc/passwd", "../secret.txt",
                                  "link.txt"])
def test_source_path_outside_the_sources_directory_is_never_read(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    (tmp_path / "secret.txt").write_text("root:x:0:0")
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "link.txt").symlink_to(tmp_path / "secret.txt")
    data = _write(tmp_path / "data.yaml", "sources:\n  - {id: s, title: S, file: NAME}\n"
                  "entities:\n  - {id: a, type: person, name: A, source: s, quote: root}\n"
                  .replace("NAME", name))
    read: list[Path] = []
    real = pathlib.Path.read_bytes
    real_data = kgraph.project.read_data_file

    def spy(self: Path) -> bytes:
        read.append(self)
        return real(self)

    def spy_data(path: Path) -> tuple[bytes | None, str | None]:
        read.append(path)
        return real_data(path)

    monkeypatch.setattr(pathlib.Path, "read_bytes", spy)
    monkeypatch.setattr(kgraph.project, "read_data_file", spy_data)
    ds = load([data], [bundled_schema()], sources)
    assert [(p.line, p.col, p.rule) for p in ds.problems] == [(2, 5, "source-path")]
    assert [p.name for p in read] == ["data.yaml", "schema.yaml"]  # nothing else was read


# -- schemas ------------------------------------------------------------------------------

TYPE_A = "entity_types:\n  a: {label: A, plural: As}\n"


def test_type_declared_identically_twice_is_merged(tmp_path: Path) -> None:
    ds = run(tmp_path, TYPE_A, more={"b.yaml": TYPE_A})
    assert ds.problems == []
    assert list(ds.schema.entity_types) == ["a"]


def test_type_declared_differently_twice_is_an_error(tmp_path: Path) -> None:
    ds = run(tmp_path, TYPE_A, more={"b.yaml": TYPE_A.replace("As", "Aes")})
    assert [(Path(p.file).name, p.line, p.col, p.rule) for p in ds.problems] == [
        ("b.yaml", 2, 3, "duplicate-type")]
    assert "(first at " in ds.problems[0].message


def test_own_schema_replaces_the_bundled_one(tmp_path: Path) -> None:
    text = TYPE_A + "entities:\n  - {id: p, type: person, name: P, source: s, quote: q}\n"
    assert [rule for _, _, rule in found(tmp_path, text)] == ["unknown-entity-type",
                                                              "unknown-source"]


# -- all at once, in order ----------------------------------------------------------------


def test_every_problem_in_one_run_sorted(tmp_path: Path) -> None:
    text = PRELUDE.replace("type: person", "type: persn").replace(
        "name: Big Summit,", "name: Big Summit, date: 2017-02-30,") + (
        "  - {from: alice, type: attended, to: nobody, source: s, quote: A}\n"
        "  - {from: bogota, type: attended, to: bogota, source: zz, quote: B}\n"
        "  - {from: summit, type: held_in, to: bogota, source: s, quote: C, colour: red}\n")
    ds = run(tmp_path, text, more={"b.yaml": "- a list\n"})
    rules = [p.rule for p in ds.problems]
    assert len(set(rules)) >= 5
    assert [(Path(p.file).name, p.line, p.col, p.rule) for p in ds.problems] == [
        ("b.yaml", 1, 1, "top-level"),
        ("data.yaml", 4, 23, "unknown-entity-type"),
        ("data.yaml", 6, 56, "bad-date"),
        ("data.yaml", 8, 39, "dangling-reference"),
        ("data.yaml", 9, 12, "type-not-allowed"),  # a city cannot attend...
        ("data.yaml", 9, 40, "type-not-allowed"),  # ... nor be attended
        ("data.yaml", 9, 40, "self-reference"),
        ("data.yaml", 9, 67, "unknown-source"),
        ("data.yaml", 10, 68, "unknown-field"),
    ]
    assert ds.problems == sorted(ds.problems)
    assert ds.problems == sorted(ds.problems, key=lambda p: (p.file, p.line, p.col))


def test_open_dataset_collects_problems_without_raising(tmp_path: Path) -> None:
    data = tmp_path / "d"
    data.mkdir()
    _write(data / "x.yaml", "entities:\n  - {id: a}\n")
    ds = open_dataset([data])
    assert [(p.line, p.col, p.rule) for p in ds.problems] == [
        (2, 5, "missing-field"), (2, 5, "missing-field"), (2, 5, "missing-evidence")]
    assert all(isinstance(p, Problem) for p in ds.errors)


# -- every rule the code can report has a case here ---------------------------------------

# rule argument index for each way the code reports a problem
_RULE_ARG = {"Problem": 4, "err": 3, "_err": 3, "problem": 2, "_TooBig": 2}
# rules covered by named tests above rather than by CASES
_ELSEWHERE = {"io", "yaml-limit", "quote-not-found", "source-file-missing", "source-path",
              "duplicate-type",
              "checksum",  # tests/test_projects.py
              "case-only-id"}  # tests/test_terminal_safety.py


def _rules_in_code() -> set[str]:
    rules: set[str] = set()
    for module in (kgraph.loader, kgraph.validate, kgraph.schema, kgraph.claims, kgraph.figures,
                   kgraph.rules):
        for node in ast.walk(ast.parse(inspect.getsource(module))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            index = _RULE_ARG.get(name or "")
            if index is None or len(node.args) <= index:
                continue
            arg = node.args[index]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                rules.add(arg.value)
    default = inspect.signature(kgraph.loader._TooBig).parameters["rule"].default
    return rules | {default}


def test_every_rule_has_a_test() -> None:
    in_code = _rules_in_code()
    assert {"yaml-syntax", "dangling-reference", "yaml-limit"} <= in_code  # the scan works
    covered = {rule for rule, _, _ in CASES} | _ELSEWHERE
    assert in_code - covered == set()
