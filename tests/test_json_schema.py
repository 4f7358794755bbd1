"""``kgraph schema --json-schema``, checked with an independent validator (the jsonschema
package): the bundled data passes, and broken data fails where ``kgraph validate`` fails."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from projectkit import kgraph, project, register

from kgraph.api import open_dataset
from kgraph.loader import parse_text

__all__ = ["project"]

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def validator(tmp_path_factory: pytest.TempPathFactory) -> jsonschema.Draft7Validator:
    out = tmp_path_factory.mktemp("schema") / "kgraph.schema.json"
    kgraph("schema", "--json-schema", "--data", REPO / "data", "-o", out)
    schema = json.loads(out.read_text())
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def as_editor_reads(text: str) -> Any:
    """The YAML as an editor's YAML 1.2 reader gives it to the schema."""
    loaded = parse_text("data.yaml", text)
    assert not loaded.problems
    return loaded.root


@pytest.mark.parametrize("name", ["schema.yaml", "sources.yaml", "entities.yaml",
                                  "relations.yaml"])
def test_the_bundled_data_passes(validator: jsonschema.Draft7Validator, name: str) -> None:
    document = as_editor_reads((REPO / "data" / name).read_text(encoding="utf-8"))
    assert [e.message for e in validator.iter_errors(document)] == []


PRELUDE = """\
sources:
  - {id: s, title: S}
entities:
  - {id: alice, type: person, name: Alice, source: s, quote: Alice}
  - {id: bob, type: person, name: Bob, source: s, quote: Bob}
  - {id: raid, type: operation, name: The raid, arrested: 4, source: s, quote: raid}
relations:
  - {from: alice, type: met_with, to: bob, source: s, quote: Alice}
"""
# (a change of PRELUDE that validate rejects in the file itself, its rule)
BROKEN = [
    (("type: person", "type: persn"), "unknown-entity-type"),
    (("type: met_with", "type: met"), "unknown-relation-type"),
    (("name: Alice, ", ""), "missing-field"),
    (("{from: alice, ", "{"), "missing-field"),
    (("{id: s, title: S}", "{id: s}"), "missing-field"),
    (("name: Alice, source: s, quote: Alice", "name: Alice"), "missing-evidence"),
    (("source: s, quote: Alice}", "source: s}"), "missing-quote"),
    (("name: Alice, ", "name: Alice, nickname: Al, "), "unknown-field"),
    (("name: Alice, ", "name: Alice, arrested: 3, "), "unknown-field"),  # not a person's
    (("arrested: 4", "arrested: four"), "field-type"),
    (("name: Alice, ", "name: Alice, date: 2024-13-01, "), "bad-date"),
    (("name: Alice, ", "name: Alice, date: last year, "), "bad-date"),
    (("name: Alice, ", "name: Alice, date: 2024, start: 2023, "), "date-fields"),
    (("id: alice", "id: alice smith"), "bad-id"),
    (("sources:", "extends: mine\nsources:"), "extends"),
    (("relations:", "relashuns:"), "top-level"),
    (("name: Alice, ", "name: Alice, aliases: {A: 1}, "), "field-type"),
    (("name: Alice, ", "name: Alice, evidence: s, "), "field-type"),
]


def test_the_prelude_passes_both(validator: jsonschema.Draft7Validator, tmp_path: Path) -> None:
    (tmp_path / "data.yaml").write_text(PRELUDE)
    # (its entities are linked to nothing: the orphan warning is about the whole dataset,
    # which a schema of one file cannot know)
    assert [p for p in open_dataset([tmp_path / "data.yaml"]).problems
            if p.rule != "orphan"] == []
    assert list(validator.iter_errors(as_editor_reads(PRELUDE))) == []


@pytest.mark.parametrize(("change", "rule"), BROKEN)
def test_broken_data_fails_both(validator: jsonschema.Draft7Validator, tmp_path: Path,
                                change: tuple[str, str], rule: str) -> None:
    text = PRELUDE.replace(*change)
    assert text != PRELUDE
    (tmp_path / "data.yaml").write_text(text)
    rules = {p.rule for p in open_dataset([tmp_path / "data.yaml"]).errors}
    assert rule in rules
    assert list(validator.iter_errors(as_editor_reads(text))), f"the JSON Schema passes {rule}"


def test_a_project_schema_s_own_types_are_in_it(project: Path) -> None:
    register(project)
    schema = project / "data" / "schema.yaml"
    schema.write_text(schema.read_text().replace("entity_types: {}\n", (
        "entity_types:\n  vessel:\n    label: Vessel\n    attributes: {imo: string}\n")))
    generated = json.loads(kgraph("schema", "--json-schema").stdout)
    entity = generated["definitions"]["entity"]
    assert "vessel" in entity["properties"]["type"]["enum"]
    assert "person" in entity["properties"]["type"]["enum"]
    v = jsonschema.Draft7Validator(generated)
    ok = as_editor_reads("entities:\n  - {id: v, type: vessel, name: V, imo: '123', "
                         "source: ruling, quote: x}\n")
    assert list(v.iter_errors(ok)) == []
    bad = as_editor_reads("entities:\n  - {id: v, type: vessel, name: V, imo: 123, "
                          "source: ruling, quote: x}\n")
    assert list(v.iter_errors(bad))
    for name in ("entities.yaml", "relations.yaml", "sources.yaml", "schema.yaml"):
        doc = as_editor_reads((project / "data" / name).read_text())
        assert list(v.iter_errors(doc)) == [], name


def test_schema_lists_the_types(project: Path) -> None:
    lines = kgraph("schema").stdout.splitlines()
    assert any(line.startswith("| person ") for line in lines)
    assert any(re.match(r"\| met_with +\| met with +\| person, agency, country +\|", line)
               for line in lines)
    kgraph("schema", "-o", "x.json", code=2)
    result = kgraph("schema", "--json-schema", "-o", "data/schema.yaml", code=2)
    assert "refusing to write 'data/schema.yaml': it is in the data kgraph reads" in \
        result.stderr
    assert "extends: bundled" in (project / "data" / "schema.yaml").read_text()
