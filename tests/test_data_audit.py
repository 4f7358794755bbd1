"""The bundled dataset keeps its promises: claims, figures, statements and offices as
docs/format.md describes them, one relation per fact, and the facts of the five source
documents (tests/audit/facts.yaml) recorded as tests/audit/recall.yaml says, for at least
97% of them.

These checks read only data/ and tests/audit/ (the source documents themselves are not
needed: `kgraph validate --sources` checks the quotes against them)."""

from __future__ import annotations

from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from kgraph.api import open_dataset
from kgraph.claims import CLAIMS, RELATION_CORE
from kgraph.figures import QUALIFIERS, states
from kgraph.model import Dataset, Entity, Relation
from kgraph.text import fold, normalise_quote, quote_in

AUDIT = Path(__file__).resolve().parent / "audit"
RECALL_AT_LEAST = 0.97
LONGEST_NAME = 70  # characters; a longer title goes in `title`


@cache
def bundled() -> Dataset:
    return open_dataset()


def relations() -> list[Relation]:
    return bundled().relations


# ---------------------------------------------------------------------------------------
# the data is clean and every record's claim is one of the three


def test_the_bundled_data_has_no_problem() -> None:
    assert [p.format() for p in bundled().problems] == []


def _claims_ok(record: Entity | Relation | dict[str, Any], core: tuple[str, ...]) -> None:
    get = record.get if isinstance(record, dict) else lambda k, d=None: getattr(record, k, d)
    claim = get("claim", "stated")
    assert claim in CLAIMS, record
    by = get("attributed_to") or ()
    inferred = get("inferred") or {}
    assert bool(by) == (claim == "attributed"), record
    if claim == "inferred":
        assert any(inferred.get(k, "").strip() for k in core), record
    for who in by:
        assert who in bundled().entities, (who, record)


def test_every_claim_is_stated_attributed_with_who_or_inferred_with_why() -> None:
    ds = bundled()
    for r in ds.relations:
        _claims_ok(r, RELATION_CORE)
    for e in ds.entities.values():
        _claims_ok(e, ("claim",))
        for f in e.figures:
            _claims_ok(f, ("claim",))
    counts = Counter(r.claim for r in ds.relations)
    assert counts["attributed"] and counts["inferred"] and counts["stated"], counts


# ---------------------------------------------------------------------------------------
# figures


def test_every_figure_is_quoted_with_its_number_and_its_measure_exists() -> None:
    ds = bundled()
    figures = [(e, f) for e in ds.entities.values() for f in e.figures]
    assert len(figures) >= 15
    for e, f in figures:
        assert f["measure"] in ds.schema.measures, (e.id, f)
        assert isinstance(f["value"], (int, float)) and f["unit"], (e.id, f)
        assert f.get("qualifier") in (None, *QUALIFIERS), (e.id, f)
        for key in ("of", "where"):
            assert f.get(key) in (None, *ds.entities), (e.id, f)
        assert f["evidence"], (e.id, f)
        for ev in f["evidence"]:
            assert states(ev["quote"], f["value"]), (e.id, f["value"], ev["quote"])


def test_conflicting_figures_are_kept_each_with_its_own_quote() -> None:
    """MS-13 is present in 46 states (the article) and 40 (Sessions): both are there, each
    with the quote that gives it and its claim."""
    by_measure: dict[tuple[str, str, str], dict[Any, set[tuple[str, str]]]] = {}
    for e in bundled().entities.values():
        for f in e.figures:
            key = (e.id, f["measure"], f.get("where", ""))
            quotes = {(ev["quote"], f.get("claim", "stated")) for ev in f["evidence"]}
            by_measure.setdefault(key, {}).setdefault(f["value"], set()).update(quotes)
    conflicts = {k: v for k, v in by_measure.items() if len(v) > 1}
    assert ("ms-13", "presence", "united-states") in conflicts
    for values in conflicts.values():
        quoted = list(values.values())
        assert all(q.isdisjoint(other) for i, q in enumerate(quoted) for other in quoted[i + 1:])
    states_of = conflicts[("ms-13", "presence", "united-states")]
    assert {claim for quotes in states_of.values() for _, claim in quotes} == {"stated",
                                                                              "attributed"}


# ---------------------------------------------------------------------------------------
# words recorded as they are written


def _quotes(e: Entity) -> list[str]:
    return [normalise_quote(ev.quote) for ev in e.evidence]


@pytest.mark.parametrize("field", ["text", "title"])
def test_text_and_titles_are_verbatim_in_the_records_quotes(field: str) -> None:
    checked = 0
    for e in bundled().entities.values():
        value = e.attributes.get(field)
        if value is None:
            continue
        checked += 1
        assert any(quote_in(value, q) for q in _quotes(e)), (e.id, field, value)
    assert checked >= 5


def test_names_are_short_and_long_titles_are_attributes() -> None:
    for e in bundled().entities.values():
        assert len(e.name) <= LONGEST_NAME, (e.id, e.name)


# ---------------------------------------------------------------------------------------
# one fact, one way


def test_no_entity_is_linked_to_nothing() -> None:
    linked = {r.source for r in relations()} | {r.target for r in relations()}
    assert set(bundled().entities) - linked == set()


def test_no_two_relation_types_between_one_pair_rest_on_one_quote() -> None:
    seen: dict[tuple[frozenset[str], str, str], str] = {}
    for r in relations():
        for ev in r.evidence:
            key = (frozenset((r.source, r.target)), ev.source, normalise_quote(ev.quote))
            assert seen.setdefault(key, r.type) == r.type, (r.source, r.target, r.type, seen[key])


def test_venues_are_places() -> None:
    ds = bundled()
    for r in relations():
        if r.type == "held_in":
            etype = ds.entities[r.target].type
            assert ds.schema.is_a(etype, "place") or ds.schema.is_a(etype, "country"), r


def test_every_titled_person_holds_an_office_or_heads_a_body() -> None:
    ds = bundled()
    posts = {r.source for r in relations() if r.type in ("holds_office", "heads")}
    titled = {e.id for e in ds.entities.values() if e.type == "person" and e.attributes.get("role")}
    assert titled - posts == set()


def test_offices_are_found_by_the_names_people_use() -> None:
    names = {fold(a): e.id for e in bundled().entities.values() for a in [e.name, *e.aliases]}
    for said, office in [("the Colombian attorney general", "attorney-general-of-colombia"),
                         ("Mexico's foreign minister", "foreign-minister-of-mexico"),
                         ("Acting Prosecutor General of Mexico", "prosecutor-general-of-mexico"),
                         ("Career Ambassador", "career-ambassador")]:
        assert names.get(fold(said.removeprefix("the "))) == office, said


# ---------------------------------------------------------------------------------------
# recall: the documents' facts, recorded


@cache
def audit() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    facts = yaml.safe_load((AUDIT / "facts.yaml").read_text(encoding="utf-8"))
    recall = yaml.safe_load((AUDIT / "recall.yaml").read_text(encoding="utf-8"))
    return facts, recall


def _holds(value: Any, text: str) -> bool:
    if isinstance(value, (list, tuple)):
        return any(_holds(v, text) for v in value)
    if isinstance(value, bool):
        return str(value).casefold() == text.casefold()
    return value is not None and fold(text) in fold(str(value))


def _field(record: Any, name: str) -> Any:
    if isinstance(record, dict):
        return record.get(name)
    if hasattr(record, name) and name not in ("attributes",):
        return getattr(record, name)
    return record.attributes.get(name)


def _checks(record: Any, checks: list[str], quotes: list[str]) -> list[str]:
    failed = []
    for check in checks:
        if check.startswith("~"):
            if not any(fold(check[1:]) in fold(q) for q in quotes):
                failed.append(check)
        else:
            name, _, text = check.partition("=")
            if not _holds(_field(record, name), text):
                failed.append(check)
    return failed


def resolve(ref: str) -> str | None:
    """None when ``ref`` (see recall.yaml) holds in the bundled data, else what fails."""
    ds = bundled()
    head, *checks = [part.strip() for part in ref.split(" | ")]
    kind, _, rest = head.partition(" ")
    if kind == "R":
        src, rtype, dst = rest.split(" ")
        found = [r for r in ds.relations if (r.source, r.type, r.target) == (src, rtype, dst)]
        if not found:
            return "no such relation"
        fails = [_checks(r, checks, [ev.quote for ev in r.evidence]) for r in found]
        return None if [] in fails else f"checks failed: {min(fails, key=len)}"
    if kind == "F":
        eid, measure, value = rest.split(" ")
        entity = ds.entities.get(eid)
        figures = [f for f in (entity.figures if entity else ())
                   if f["measure"] == measure and f["value"] == float(value)]
        if not figures:
            return "no such figure"
        fails = [_checks(f, checks, [ev["quote"] for ev in f["evidence"]]) for f in figures]
        return None if [] in fails else f"checks failed: {min(fails, key=len)}"
    eid, _, arg = rest.partition(" ")
    entity = ds.entities.get(eid)
    if entity is None:
        return "no such entity"
    if kind == "E":
        return None
    if kind == "A":
        name, _, text = arg.partition("=")
        return None if _holds(_field(entity, name), text) else f"{name} does not hold {text!r}"
    if kind == "Q":
        return None if any(fold(arg) in fold(ev.quote) for ev in entity.evidence) else \
            "no quote has it"
    return f"unknown kind {kind!r}"


def test_the_recall_audit_follows_the_facts_one_by_one() -> None:
    facts, recall = audit()
    assert [item["fact"] for item in recall] == list(range(len(facts)))
    for item in recall:
        assert item["says"] == facts[item["fact"]]["fact"], item
        assert bool(item.get("model")) != bool(item.get("missing")), item


def test_every_fact_recorded_is_where_the_audit_says() -> None:
    _, recall = audit()
    wrong = [(item["fact"], ref, why) for item in recall for ref in item.get("model") or []
             if (why := resolve(ref)) is not None]
    assert wrong == []


def test_recall_is_at_least_97_percent_overall_and_per_document() -> None:
    facts, recall = audit()
    by_doc: dict[str, list[bool]] = {}
    for item in recall:
        by_doc.setdefault(facts[item["fact"]]["doc"], []).append(bool(item.get("model")))
    recorded = sum(sum(v) for v in by_doc.values())
    assert recorded / len(facts) >= RECALL_AT_LEAST, (recorded, len(facts))
    for doc, marks in by_doc.items():
        assert sum(marks) / len(marks) >= RECALL_AT_LEAST, (doc, sum(marks), len(marks))
