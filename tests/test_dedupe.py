"""``kgraph dedupe``: two colleagues' files merged, with the same people and bodies entered
twice under other spellings — found with the evidence for each pair; look-alikes that are
different entities (the Eastern and the Western District) left out. Each kind of variant
(a typo, a middle initial, an abbreviation, a missing word, a reordered name, an alias as
the name, accents dropped) is found at the default threshold, and different names of the
same type (two cities, two people with one first name) are not. (How often on realistic
data: ``python benchmarks/dedupe_calibration.py``.)"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from projectkit import kgraph, kgraph_json

from kgraph.dedupe import MIN_SCORE, word_match

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
    assert texas["score"] < MIN_SCORE
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
    assert result.stderr == f"2 probable duplicate pair(s) at score >= {MIN_SCORE}\n"
    assert set(pairs("--type", "agency")) == {("homeland-security-inv", "hsi")}
    result = kgraph("dedupe", "--type", "summit", code=1)
    assert result.stdout == ""


# one entity of each pair entered as it stands, the other as a colleague wrote it
ORIGINALS = """\
entities:
  - {id: jeff-sessions, type: person, name: Jeff Sessions, source: memo, quote: x}
  - {id: john-kelly, type: person, name: John Kelly, source: memo, quote: x}
  - {id: nestor-martinez, type: person, name: Néstor Martínez, source: memo, quote: x}
  - {id: guatemala, type: country, name: Guatemala, source: memo, quote: x}
  - {id: dhs, type: agency, name: U.S. Department of Homeland Security, source: memo, quote: x}
  - {id: us-senate, type: agency, name: United States Senate, source: memo, quote: x}
  - {id: police, type: agency, name: Colombian National Police, source: memo, quote: x}
  - {id: fgr, type: agency, name: Fiscalía General de la República, source: memo, quote: x}
  - {id: ms-13, type: criminal_organization, name: MS-13, aliases: [Mara Salvatrucha], source: memo, quote: x}
  - {id: san-antonio, type: city, name: San Antonio, source: memo, quote: x}
  - {id: san-diego, type: city, name: San Diego, source: memo, quote: x}
  - {id: port-louis, type: city, name: Port Louis, source: memo, quote: x}
  - {id: port-moresby, type: city, name: Port Moresby, source: memo, quote: x}
  - {id: john-kerry, type: person, name: John Kerry, source: memo, quote: x}
  - {id: daniel-smith, type: person, name: Daniel Smith, source: memo, quote: x}
  - {id: daniel-price, type: person, name: Daniel Price, source: memo, quote: x}
  - {id: a-ruiz, type: person, name: A. Ruiz, source: memo, quote: x}
  - {id: e-ruiz, type: person, name: E. Ruiz, source: memo, quote: x}
  - {id: order-13773, type: executive_order, name: Executive Order 13773, source: memo, quote: x}
  - {id: order-13778, type: executive_order, name: Executive Order 13778, source: memo, quote: x}
"""
VARIANTS = {  # kind: (original, the variant's id and name)
    "typo": ("jeff-sessions", "sesions", "Jeff Sesions"),
    "typo in a one-word name": ("guatemala", "guatamala", "Guatamala"),
    "middle initial": ("john-kelly", "kelly-f", "John F. Kelly"),
    "abbreviation (Dept.)": ("dhs", "dept-hs", "Dept. of Homeland Security"),
    "abbreviation (U.S.)": ("us-senate", "senate-us", "U.S. Senate"),
    "missing word": ("police", "colombian-police", "Colombian Police"),
    "reordered": ("nestor-martinez", "martinez-nestor", "Martínez, Néstor"),
    "alias as the name": ("ms-13", "mara", "La Mara Salvatrucha"),
    "accents dropped": ("fgr", "fiscalia", "Fiscalia General de la Republica"),
}


@pytest.fixture
def variants(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "sources.yaml").write_text(SOURCES)
    (tmp_path / "data" / "originals.yaml").write_text(ORIGINALS, encoding="utf-8")
    types = {line.split("id: ")[1].split(",")[0]: line.split("type: ")[1].split(",")[0]
             for line in ORIGINALS.splitlines()[1:]}
    (tmp_path / "data" / "variants.yaml").write_text("entities:\n" + "".join(
        f"  - {{id: {vid}, type: {types[original]}, name: {json.dumps(name)}, source: memo, "
        "quote: x}\n"
        for original, vid, name in VARIANTS.values()), encoding="utf-8")
    (tmp_path / "kgraph.toml").write_text('[project]\nname = "variants"\n')
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_each_kind_of_variant_found_at_the_default_threshold(variants: Path) -> None:
    found = pairs()
    missed = [kind for kind, (original, vid, _) in VARIANTS.items()
              if tuple(sorted((original, vid))) not in found]
    assert not missed, {k: pairs("--min-score", "0").get(
        tuple(sorted(VARIANTS[k][:2])), {}).get("score") for k in missed}
    kelly = found[("john-kelly", "kelly-f")]
    assert next(e for e in kelly["evidence"] if e["kind"] == "name")["how"] == \
        "one name within the other"


def test_different_names_of_one_type_are_not_paired(variants: Path) -> None:
    found = pairs()
    wanted = {tuple(sorted((original, vid))) for original, vid, _ in VARIANTS.values()}
    assert set(found) == wanted  # nothing else: no two cities, no two people, no orders
    low = pairs("--min-score", "0")
    for a, b in [("san-antonio", "san-diego"), ("port-louis", "port-moresby"),
                 ("john-kelly", "john-kerry"), ("john-kerry", "kelly-f"),
                 ("daniel-price", "daniel-smith"), ("a-ruiz", "e-ruiz"),
                 ("order-13773", "order-13778")]:
        assert low.get((a, b), {"score": 0})["score"] < MIN_SCORE - 0.1, (a, b)


def test_words_compared_one_by_one() -> None:
    assert word_match("sessions", "sesions") == pytest.approx(1 - 1 / 8)  # one letter
    assert word_match("caribbean", "carribean") > 0  # two edits in nine letters
    assert not word_match("slovenia", "slovakia")  # two in eight: another word
    assert not word_match("iran", "iraq")  # four letters: too short to be misspelt
    assert not word_match("hernandez", "fernandez")  # the first letter is rarely a typo
    assert not word_match("13773", "13778")  # numbers are not misspelt
    assert word_match("dept", "department") == word_match("natl", "national") > 0.8
    assert not word_match("lane", "lawrence")  # a word, not a shortening (two vowels)
    assert word_match("gen", "general", dotted=True) and not word_match("gen", "general")
    assert not word_match("inl", "international", acronym=True)
    assert word_match("f", "fitzgerald") > 0.8


def test_the_command_line_default_is_the_calibrated_one() -> None:
    import inspect

    from kgraph.cli.review import dedupe

    assert inspect.signature(dedupe).parameters["min_score"].default == MIN_SCORE
