"""``kgraph suggest DOCUMENT`` on a document written here: known entities found by name
and alias (accents and case aside, acronyms only in capitals), candidate relations with
the types the schema allows, unknown names as candidate entities; YAML stubs with
verbatim quotes; the data never written."""

from __future__ import annotations

from pathlib import Path

import yaml
from projectkit import kgraph, kgraph_json, project, register, snapshot

from kgraph.text import normalise_quote, quote_in

__all__ = ["project"]

ARTICLE = """\
Port deal under scrutiny

LIMA, June 3, 2024 — Prosecutor JANE DOE met John Roe in Lima on Tuesday. Jane Doe has
investigated the gulf cartel since 2019.

The Mexican Navy and the Policía Nacional del Perú launched Operation Harbour Light in
May. Analysts at Transparencia Global said the ice trade was not involved.

Officials at the Ministry of Ports said the talks would continue. The Ministry of Ports
declined to comment further.
"""


def setup(project: Path) -> Path:
    register(project)
    kgraph("add", "entity", "person", "John Roe", "--id", "john-roe-2", "--source", "ruling",
           "--quote", "John Roe", code=0)  # a second John Roe: the name is ambiguous
    kgraph("add", "entity", "agency", "Immigration and Customs Enforcement", "--alias", "ICE",
           "--source", "ruling", "--quote", "Jane Doe")
    kgraph("add", "entity", "city", "Lima", "--source", "ruling", "--quote", "Jane Doe")
    article = project / "sources" / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    return article


def test_what_a_document_mentions(project: Path) -> None:
    article = setup(project)
    before = snapshot(project)
    out = kgraph_json("suggest", article)
    assert snapshot(project) == before  # suggest never writes
    mentions = {m["id"]: m for m in out["mentions"]}
    assert set(mentions) == {"jane-doe", "lima", "gulf-cartel"}
    assert mentions["jane-doe"]["matched"] == ["JANE DOE", "Jane Doe"]
    assert mentions["gulf-cartel"]["matched"] == ["gulf cartel"]
    assert mentions["lima"]["count"] == 2 and mentions["lima"]["line"] == 3
    assert "ice" not in str(out["mentions"]).lower()  # 'ice trade' is not ICE
    assert out["ambiguous"] == {"John Roe": ["john-roe", "john-roe-2"]}
    (investigated,) = out["relations"]  # (not with John Roe: which one?)
    assert (investigated["from"], investigated["to"]) == ("jane-doe", "gulf-cartel")
    assert investigated["types"] and investigated["sentence"]["line"] == 3
    names = {c["name"]: c for c in out["entities"]}
    assert names["Operation Harbour Light"]["type"] == "operation"
    assert names["Ministry of Ports"]["count"] == 2
    assert "Mexican Navy" in names and "Transparencia Global" in names
    assert "Policía Nacional del Perú" in names
    assert not {"Port", "The", "Officials", "Analysts", "Roe", "Tuesday"} & set(names)
    assert out["source"] is None


def test_relations_between_two_known_entities_with_the_allowed_types(project: Path) -> None:
    register(project)
    article = project / "sources" / "note.txt"
    article.write_text("In court, Jane Doe met with John Roe. John Roe was seen with the "
                       "Gulf Cartel.\n")
    out = kgraph_json("suggest", article)
    first, second = out["relations"]
    assert (first["from"], first["to"], first["cued"]) == ("jane-doe", "john-roe",
                                                           ["met_with"])
    assert first["known"] == [] and "met_with" in first["types"]
    assert first["sentence"] == {"text": "In court, Jane Doe met with John Roe.", "line": 1}
    assert (second["from"], second["to"], second["cued"]) == ("john-roe", "gulf-cartel", [])
    assert second["types"]  # what the schema allows from a person to a criminal organisation
    kgraph("add", "relation", "Jane Doe", "met", "John Roe", "--source", "ruling", "--quote",
           "Jane Doe, the prosecutor, met John Roe")
    assert kgraph_json("suggest", article)["relations"][0]["known"] == ["met_with"]


def test_the_stubs_are_yaml_with_verbatim_quotes(project: Path) -> None:
    article = setup(project)
    kgraph("sources", "add", article, "--id", "article")
    result = kgraph("suggest", article)
    assert result.stdout.startswith("# kgraph suggest article.txt: 3 known entities "
                                    "mentioned, ")
    stubs = yaml.safe_load(result.stdout)
    assert set(stubs) == {"relations", "entities"}
    text = normalise_quote(ARTICLE)
    for record in stubs["relations"] + stubs["entities"]:
        assert record["source"] == "article"
        assert quote_in(record["quote"], text), record["quote"]
    harbour = next(e for e in stubs["entities"] if e["name"] == "Operation Harbour Light")
    assert harbour == {"id": "operation-harbour-light", "type": "operation",
                       "name": "Operation Harbour Light", "source": "article",
                       "quote": "The Mexican Navy and the Policía Nacional del Perú launched "
                                "Operation Harbour Light in May."}
    assert "# line 3: Jane Doe -> Gulf Cartel\n  # choose: " in result.stdout


def test_an_unregistered_document_gets_a_placeholder(project: Path) -> None:
    register(project)
    elsewhere = project.parent / "draft.txt"
    elsewhere.write_text("Jane Doe visited Quito for Operation Andes Sun.\n")
    result = kgraph("suggest", elsewhere)
    assert "source: SOURCE-ID" in result.stdout
    assert "is not a registered source: register it with 'kgraph sources add" in result.stderr
    empty = project.parent / "empty.txt"
    empty.write_text("nothing here at all\n")
    kgraph("suggest", empty, code=1)
