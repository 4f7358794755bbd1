"""A new investigation through the CLI, as a user starts one: ``kgraph init``, documents
registered, entities and relations added by command, every command finding the project
from the folder it runs in, a schema that extends the bundled one."""

from __future__ import annotations

from pathlib import Path

import pytest
from projectkit import RULING, kgraph, kgraph_json, project, register, snapshot

from kgraph.project import find_project

__all__ = ["project"]  # (the fixture)


def test_init_makes_a_valid_empty_project(project: Path) -> None:
    assert sorted(snapshot(project)) == [
        ".gitignore", "README.md", "data/entities.yaml", "data/relations.yaml",
        "data/schema.yaml", "data/sources.yaml", "kgraph.toml", "sources/README.md"]
    found = find_project(project)
    assert found is not None and found.name == "Port inquiry"
    assert "extends: bundled" in (project / "data" / "schema.yaml").read_text()
    result = kgraph("validate")
    assert result.stdout == ("project 'Port inquiry': 4 file(s), 0 entities, 0 relations, "
                             "0 sources: 0 error(s), 0 warning(s) (quotes checked against "
                             "sources/)\n")
    out = kgraph_json("validate")
    assert out["dataset"] == {"kind": "project", "name": "project 'Port inquiry'",
                              "project": "Port inquiry", "paths": ["data"]}
    assert "*.yaml.bak" in (project / ".gitignore").read_text()


def test_from_init_to_a_validated_relation_added_by_command(project: Path) -> None:
    result = kgraph("sources", "add", Path.home() / "ruling.txt", "--publisher",
                    "District Court")
    assert result.stdout == "added source ruling to data/sources.yaml:12\n"
    assert "copied the document to sources/ruling.txt" in result.stderr
    assert (project / "sources" / "ruling.txt").read_text() == RULING
    sources = (project / "data" / "sources.yaml").read_text()
    assert "  - id: ruling\n    title: Ruling of the District Court\n" in sources
    assert '    date: "2024-03-01"\n' in sources and "checksum: sha256:" in sources
    kgraph("add", "entity", "person", "Jane Doe", "--source", "ruling", "--quote",
           "Jane Doe, the prosecutor", "--attribute", "role=prosecutor")
    kgraph("add", "entity", "person", "John Roe", "--source", "ruling", "--quote",
           "met John Roe at the port")
    result = kgraph("add", "relation", "jane doe", "met with", "John Roe", "--source", "ruling",
                    "--quote", "Jane Doe, the prosecutor, met John Roe", "--date", "2024-01")
    assert result.stdout == "added relation jane-doe met_with john-roe to data/relations.yaml:12\n"
    relations = (project / "data" / "relations.yaml").read_text()
    assert relations.endswith(
        "relations:\n  - from: jane-doe\n    type: met_with\n    to: john-roe\n"
        '    date: "2024-01"\n    source: ruling\n'
        '    quote: "Jane Doe, the prosecutor, met John Roe"\n')
    out = kgraph_json("validate")
    assert (out["ok"], out["entities"], out["relations"], out["sources"]) == (True, 2, 1, 1)
    assert out["problems"] == []
    card = kgraph_json("show", "Jane Doe")
    assert card["dataset"]["project"] == "Port inquiry"
    assert [i["other"]["id"] for r in card["relations"] for i in r["items"]] == ["john-roe"]
    assert card["attributes"] == {"role": "prosecutor"}


def test_every_command_finds_the_project_from_a_folder_below(project: Path,
                                                             monkeypatch: pytest.MonkeyPatch
                                                             ) -> None:
    register(project)
    monkeypatch.chdir(project / "data")
    assert kgraph_json("stats")["entities"] == 3
    assert kgraph_json("search", "roe")["dataset"]["name"] == "project 'Port inquiry'"
    answer = kgraph_json("ask", "who is John Roe?")
    assert answer["dataset"]["kind"] == "project"
    # --data and KGRAPH_DATA win over the project; without either, outside: the bundled data
    other = project.parent / "other.yaml"
    other.write_text("entities: []\n")
    assert kgraph_json("stats", "--data", other)["dataset"] == {
        "kind": "paths", "name": f"data {other}", "paths": [str(other)]}
    assert kgraph("stats", "--json", env={"KGRAPH_DATA": str(other)}).stdout.count(
        '"entities": 0') == 1
    monkeypatch.chdir(project.parent / "home")
    assert kgraph_json("stats")["dataset"] == {"kind": "bundled", "name": "bundled dataset"}


def test_init_never_overwrites(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = snapshot(project)
    result = kgraph("init", ".", code=2)
    assert "has kgraph.toml, data/schema.yaml" in result.stderr
    assert "nothing was written" in result.stderr
    assert snapshot(project) == before
    monkeypatch.chdir(project.parent)
    (project.parent / "half").mkdir()
    (project.parent / "half" / "README.md").write_text("mine\n")
    kgraph("init", "half", code=2)
    assert sorted(snapshot(project.parent / "half")) == ["README.md"]


def test_the_bundled_data_is_never_edited(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                          ) -> None:
    monkeypatch.chdir(tmp_path)
    result = kgraph("add", "entity", "person", "X", "--source", "s", "--quote", "x", code=2)
    assert "no project here" in result.stderr and "kgraph init" in result.stderr


def test_a_project_schema_extends_the_bundled_one(project: Path) -> None:
    register(project)
    schema = project / "data" / "schema.yaml"
    text = schema.read_text().replace("relation_types: {}\n", (
        "relation_types:\n  member_of:\n    source: [person]\n"
        "    target: [criminal_organization]\n    reading: is a member of\n"
        "    inverse_reading: has as a member\n    synonyms: [member of]\n"))
    schema.write_text(text)
    result = kgraph("add", "relation", "John Roe", "member of", "Gulf Cartel", "--source",
                    "ruling", "--quote", "John Roe is a member of the “Gulf Cartel”")
    assert "'member of' is the relation type 'member_of'" in result.stderr
    kgraph("add", "relation", "Jane Doe", "met", "John Roe", "--source", "ruling",
           "--quote", "Jane Doe, the prosecutor, met John Roe")  # a bundled type
    types = kgraph_json("schema")
    assert "member_of" in types["relation_types"] and "met_with" in types["relation_types"]
    assert kgraph_json("validate")["problems"] == []
    # without 'extends: bundled', the project's types are the only ones
    schema.write_text(text.replace("extends: bundled\n", ""))
    out = kgraph_json("validate", code=1)
    messages = [p["message"] for p in out["problems"]]
    assert "unknown entity type 'person'" in messages
    assert any(m.startswith("unknown relation type 'met_with'") for m in messages)


def test_a_project_type_replaces_the_bundled_type_of_that_name(project: Path) -> None:
    register(project)
    schema = project / "data" / "schema.yaml"
    schema.write_text(schema.read_text().replace("relation_types: {}\n", (
        "relation_types:\n  met_with:\n    source: [person]\n    target: [person, "
        "criminal_organization]\n    reading: met with\n    symmetric: true\n")))
    kgraph("add", "relation", "Jane Doe", "met_with", "Gulf Cartel", "--source", "ruling",
           "--quote", "Jane Doe")
    assert kgraph_json("schema")["relation_types"]["met_with"]["target"] == [
        "person", "criminal_organization"]


def test_unknown_types_suggest_by_reading_and_synonym(project: Path) -> None:
    register(project)
    relations = project / "data" / "relations.yaml"
    relations.write_text(relations.read_text().replace("relations: []", (
        "relations:\n  - {from: jane-doe, type: met, to: john-roe, source: ruling, "
        "quote: Jane Doe}\n  - {from: john-roe, type: was attended by, to: jane-doe, "
        "source: ruling, quote: Jane Doe}")))
    lines = kgraph("validate", code=1).stdout.splitlines()
    assert lines[0].endswith("unknown relation type 'met' (did you mean 'met_with'? 'met' is "
                             "how it reads; use the type's id) [unknown-relation-type]")
    assert "did you mean 'attended', with 'from' and 'to' swapped?" in lines[1]
    result = kgraph("add", "entity", "peopel", "Ann", "--source", "ruling", "--quote", "x",
                    code=2)
    assert result.stderr == "kgraph: unknown entity type 'peopel' (did you mean 'person'?)\n"


def test_a_backwards_reading_swaps_the_ends(project: Path) -> None:
    register(project)
    kgraph("add", "entity", "meeting", "Port meeting", "--source", "ruling", "--quote",
           "met John Roe at the port")
    result = kgraph("add", "relation", "Port meeting", "was attended by", "John Roe",
                    "--source", "ruling", "--quote", "met John Roe at the port", "--json")
    out = result.stdout
    assert '"record": {\n    "from": "john-roe",\n    "type": "attended",\n    "to": ' \
           '"port-meeting"' in out


def test_relation_ends_are_named_with_did_you_mean(project: Path) -> None:
    register(project)
    before = snapshot(project)
    result = kgraph("add", "relation", "Janet Dough", "met", "John Roe", "--source", "ruling",
                    "--quote", "Jane Doe", code=2)
    assert result.stderr == ("kgraph: unknown entity 'Janet Dough' (did you mean 'Jane Doe' "
                             "(jane-doe)?)\n")
    kgraph("add", "relation", "Jane Doe", "knows", "John Roe", "--source", "ruling",
           "--quote", "Jane Doe", code=2)
    assert snapshot(project) == before
    result = kgraph("add", "relation", "Jane Do", "met", "John Roe", "--source", "ruling",
                    "--quote", "Jane Doe", "--dry-run")  # a small typo is taken, and said
    assert "note: 'Jane Do' is jane-doe (Jane Doe)" in result.stderr


def test_a_quote_not_in_the_document_is_refused_with_its_words(project: Path) -> None:
    register(project)
    before = snapshot(project)
    result = kgraph("add", "relation", "Jane Doe", "met with", "John Roe", "--source",
                    "ruling", "--quote", "Jane Doe the prosecutor met John Roe", code=1)
    assert "error: quote not found verbatim in source 'ruling'" in result.stderr
    assert ("hint: the document's words are: 'Jane Doe, the prosecutor, met John Roe' "
            "(line 5;") in result.stderr
    assert result.stderr.endswith("kgraph: the change would make the data invalid; nothing "
                                  "was written\n")
    assert snapshot(project) == before
    out = kgraph_json("add", "relation", "Jane Doe", "met with", "John Roe", "--source",
                      "ruling", "--quote", "Jane Doe the prosecutor met John Roe", code=1)
    assert out["ok"] is False and out["problems"][0]["rule"] == "quote-not-found"
    assert snapshot(project) == before


def test_dry_run_writes_nothing(project: Path) -> None:
    register(project)
    before = snapshot(project)
    result = kgraph("add", "entity", "operation", "Operation Harbour Light", "--alias",
                    "Harbour Light", "--source", "ruling", "--quote",
                    "Operation Harbour Light, run by the Mexican Navy", "--dry-run")
    assert result.stdout == ("  - id: operation-harbour-light\n    type: operation\n"
                             "    name: Operation Harbour Light\n    aliases: [Harbour Light]\n"
                             "    source: ruling\n"
                             '    quote: "Operation Harbour Light, run by the Mexican Navy"\n')
    assert "would add this entity to data/entities.yaml:32" in result.stderr
    assert snapshot(project) == before


def test_a_changed_document_is_flagged_until_its_checksum_is_updated(project: Path) -> None:
    register(project)
    document = project / "sources" / "ruling.txt"
    document.write_text(RULING + "\nA correction was published on March 2.\n")
    out = kgraph_json("validate")
    (warning,) = out["problems"]
    assert warning["rule"] == "checksum" and warning["severity"] == "warning"
    assert "'ruling.txt' changed since it was registered" in warning["message"]
    kgraph("sources", "add", document, code=2)  # registered already
    kgraph("sources", "add", document, "--update")
    assert kgraph_json("validate")["problems"] == []


def test_sources_add_refuses_a_different_document_of_the_same_name(project: Path) -> None:
    register(project)
    other = project.parent / "elsewhere" / "ruling.txt"
    other.parent.mkdir()
    other.write_text("Another ruling\n")
    before = snapshot(project)
    result = kgraph("sources", "add", other, code=2)
    assert "is a different document" in result.stderr
    assert snapshot(project) == before


def test_a_bare_project_gets_its_first_files(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """A kgraph.toml written by hand and an empty data folder: the first commands make the
    files and the sources folder."""
    (tmp_path / "kgraph.toml").write_text('[project]\nname = "bare"\n')
    (tmp_path / "data").mkdir()
    (tmp_path / "memo.txt").write_text("Memo\n\nAnn Lee met Bo Chen.\n")
    monkeypatch.chdir(tmp_path)
    kgraph("sources", "add", "memo.txt")
    kgraph("add", "entity", "person", "Ann Lee", "--source", "memo", "--quote", "Ann Lee")
    assert sorted(snapshot(tmp_path)) == ["data/entities.yaml", "data/sources.yaml",
                                          "kgraph.toml", "memo.txt", "sources/memo.txt"]
    assert (tmp_path / "data" / "entities.yaml").read_text() == (
        "entities:\n  - id: ann-lee\n    type: person\n    name: Ann Lee\n    source: memo\n"
        '    quote: "Ann Lee"\n')
    assert kgraph_json("validate")["ok"] is True
