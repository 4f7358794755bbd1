"""``kgraph dedupe``: two colleagues' files merged, with the same people and bodies entered
twice under other spellings — found with the evidence for each pair; look-alikes that are
different entities (the Eastern and the Western District) left out."""

from __future__ import annotations

from pathlib import Path

import pytest
from projectkit import kgraph, kgraph_json

SOURCES = "sources:\n  - {id: memo, title: Memo}\n"
MINE = """\
entities:
  - {id: nestor-martinez, type: person, name: Néstor Humberto Martínez, source: memo, quote: x}
  - {id: hsi, type: agency, name: Homeland Security Investigations, source: memo, quote: x}
  - {id: ice, type: agency, name: Immigration and Customs Enforcement, source: memo, quote: x}
  - {id: usao-edtx, type: agency, name: U.S. Attorney's Office for the Eastern District of Texas, source: memo, quote: x}
  - {id: usao-wdtx, type: agency, name: U.S. Attorney's Office for the Western District of Texas, source: memo, quote: x}
  - {id: summit, type: summit, name: Trilateral Summit, source: memo, quote: x}
  - {id: ana-lopez, type: person, name: Ana López, source: memo, quote: x}
  - {id: ana-lopes, type: person, name: Ana Lopes, source: memo, quote: x}
relations:
  - {from: nestor-martinez, type: attended, to: summit, source: memo, quote: x}
  - {from: hsi, type: part_of, to: ice, source: memo, quote: x}
  - {from: usao-edtx, type: attended, to: summit, source: memo, quote: x}
  - {from: usao-wdtx, type: attended, to: summit, source: memo, quote: x}
  - {from: ana-lopez, type: met_with, to: ana-lopes, source: memo, quote: x}
"""
THEIRS = """\
entities:
  - {id: nestor-humberto-martinez-neira, type: person, name: Nestor Humberto Martinez Neira, aliases: [Martínez Neira], source: memo, quote: x}
  - {id: homeland-security-inv, type: agency, name: HSI, source: memo, quote: x}
  - {id: martinez-city, type: city, name: Martinez, source: memo, quote: x}
relations:
  - {from: nestor-humberto-martinez-neira, type: attended, to: summit, source: memo, quote: x}
  - {from: homeland-security-inv, type: part_of, to: ice, source: memo, quote: x}
"""


@pytest.fixture
def merged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "sources.yaml").write_text(SOURCES)
    (tmp_path / "data" / "mine.yaml").write_text(MINE)
    (tmp_path / "data" / "theirs.yaml").write_text(THEIRS)
    (tmp_path / "kgraph.toml").write_text('[project]\nname = "merged"\n')
    monkeypatch.chdir(tmp_path)
    return tmp_path


def pairs(*args: str) -> dict[tuple[str, str], dict]:
    out = kgraph_json("dedupe", *args)
    return {tuple(sorted((p["a"]["id"], p["b"]["id"]))): p for p in out["pairs"]}


def test_finds_the_same_entity_entered_twice(merged: Path) -> None:
    found = pairs()
    assert set(found) == {("nestor-humberto-martinez-neira", "nestor-martinez"),
                          ("homeland-security-inv", "hsi")}
    nestor = found[("nestor-humberto-martinez-neira", "nestor-martinez")]
    kinds = {e["kind"]: e for e in nestor["evidence"]}
    assert kinds["name"]["how"] == "one name within the other"
    assert kinds["type"] == {"kind": "type", "how": "same type", "type": "person"}
    assert kinds["neighbours"]["shared"] == ["summit"]
    assert {nestor["a"]["defined_at"], nestor["b"]["defined_at"]} == {
        "data/mine.yaml:2", "data/theirs.yaml:2"}
    hsi = found[("homeland-security-inv", "hsi")]
    assert next(e for e in hsi["evidence"] if e["kind"] == "name")["how"] == "acronym"


def test_what_speaks_against_a_pair(merged: Path) -> None:
    found = pairs("--min-score", "0.3")
    # the same template with another district: different offices
    texas = found[("usao-edtx", "usao-wdtx")]
    assert texas["score"] < 0.7
    # related to each other: two people, most likely
    lopez = found[("ana-lopes", "ana-lopez")]
    assert any(e["kind"] == "related" and e["relations"] == ["met_with"]
               for e in lopez["evidence"])
    # a person and a city are never paired, whatever their names
    assert not [k for k in found if "martinez-city" in k]


def test_readable_on_a_terminal_and_filtered_by_type(merged: Path) -> None:
    result = kgraph("dedupe")
    lines = result.stdout.splitlines()
    assert lines[0].startswith("1. ")
    assert "   names: 'Nestor Humberto Martinez Neira' ~ 'Néstor Humberto Martínez': one " \
           "name within the other" in result.stdout
    assert "   shared neighbours: summit (1 of 1)" in result.stdout
    assert result.stderr == "2 probable duplicate pair(s) at score >= 0.7\n"
    assert set(pairs("--type", "agency")) == {("homeland-security-inv", "hsi")}
    result = kgraph("dedupe", "--type", "summit", code=1)
    assert result.stdout == ""
