"""Checking the relation records of a dataset (for :mod:`kgraph.validate`): each field, with
the problems a person can act on, and a short way through for the plain records.

Most relations of a large dataset are plain: text values for ``from``, ``type``, ``to``,
``source`` and ``quote`` (and perhaps a date, a description, notes), ends that exist
and fit the type. Such a record is checked here in a few steps: whether its types fit is
looked up once per (relation type, entity type, entity type), its dates once per
distinct text. Any other record - and any record with a problem other than an unusual
end - takes the full check, field by field, which says what is wrong and how to fix it.
Both give the same relations, evidence and problems (``tests/test_validate.py``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

from kgraph.claims import RELATION_CORE, STATED
from kgraph.dates import check_date
from kgraph.model import Dataset, Evidence, Relation
from kgraph.schema import RelationType, Schema
from kgraph.text import did_you_mean, fold
from kgraph.wording import _article, _date_key, _or
from kgraph.yamlvalues import YList, YMap

CLAIM_FIELDS = {"claim", "attributed_to"}
RELATION_FIELDS = {"from", "type", "to", "source", "quote", "evidence", "date", "start", "end",
                   "inferred", "description", "notes", *CLAIM_FIELDS}
DATE_FIELDS = ("date", "start", "end")
# the fields of a plain relation (all of them text)
PLAIN = frozenset({"from", "type", "to", "source", "quote", "description", "notes",
                   *DATE_FIELDS})
NESTED_ONLY = frozenset({"evidence", "inferred"})
NESTED = PLAIN | NESTED_ONLY  # and with further evidence, or inferred fields
EVIDENCE_FIELDS = {"source", "quote", "notes"}
_IS_TEXT = str.__instancecheck__
_FULL = object()  # a fit of types whose problems the full check reports


class Checker(Protocol):
    """What the checks of a relation use of :class:`kgraph.validate._Checker`."""

    raw_relations: list[tuple[str, YMap]]
    rejected_ids: set[str]
    all_evidence: list[Evidence]

    def err(self, file: str, pos: tuple[int, int], message: str, rule: str,
            severity: str = "error") -> None: ...

    def fields(self, file: str, rec: YMap, allowed: Iterable[str], what: str) -> None: ...

    def required(self, file: str, rec: YMap, names: Iterable[str], what: str) -> bool: ...

    def text(self, file: str, rec: YMap, key: str) -> str | None: ...

    def record(self, file: str, rec: YMap, what: str, declared: dict[str, str],
               fields: set[str], core: tuple[str, ...]
               ) -> tuple[dict[str, str | None], dict[str, str], list[Evidence], dict[str, Any],
                          str, tuple[str, ...]]: ...


def check_relations(c: Checker, ds: Dataset, schema: Schema) -> None:
    """Check ``c.raw_relations`` against the entities of ``ds``, adding the good ones to
    ``ds.relations`` (in order) and the problems to ``c``."""
    relation_types = schema.relation_types
    entity_type: dict[Any, str] = {eid: e.type for eid, e in ds.entities.items()}
    fits: dict[tuple[Any, Any, Any], Any] = {}  # (relation type, entity types) -> _fit
    iso = _Dates()
    full = _Full(c, ds, schema)
    relations = ds.relations
    evidence = c.all_evidence
    err = c.err
    raw: list[Any] = c.raw_relations
    c.raw_relations = []
    for k, (file, rec) in enumerate(raw):
        raw[k] = None  # (each record goes once checked)
        # the short way, for a plain record without problems (other than unusual ends)
        if rec.keys() <= PLAIN and all(map(_IS_TEXT, rec.values())):
            more: list[YMap] = []
            inferred: dict[str, str] = {}
        else:
            nested = _nested(rec)
            if nested is None:
                full.check(file, rec)
                continue
            more, inferred = nested
        get: Any = rec.get
        rtype_name, src, dst = get("type"), get("from"), get("to")  # (text, or None)
        types = (rtype_name, entity_type.get(src), entity_type.get(dst))
        fit = fits.get(types)
        if fit is None:
            fit = fits[types] = _fit(schema, relation_types.get(rtype_name), *types[1:])
        source, quote = get("source"), get("quote")
        if fit is _FULL or src == dst or not source or not quote or quote.isspace():
            full.check(file, rec)
            continue
        dates = (None, None, None) if rec.keys().isdisjoint(DATE_FIELDS) else iso.of(rec)
        if dates is None:
            full.check(file, rec)
            continue
        rtype, unusual = fit
        for key, before, after in unusual:
            err(file, rec.pos(key), before + (src if key == "from" else dst) + after,
                "unusual-end", "warning")
        line, col = rec.pos("quote")
        evs = [Evidence(source, quote, file, line, col)]
        for item in more:
            line, col = item.pos("quote")
            evs.append(Evidence(item["source"], item["quote"], file, line, col))
        evidence.extend(evs)
        date, start, end = dates
        relations.append(Relation(src, rtype.name, dst, evs, date, start, end, inferred,
                                  get("description"), {}, get("notes"), (file, *rec.pos()),
                                  STATED))


def _nested(rec: YMap) -> tuple[list[YMap], dict[str, str]] | None:
    """The further evidence (a list of plain {source, quote} mappings) and the inferred
    fields (each with why, none of the relation's core) of a record whose other fields
    are plain (text, or a year for a date); None for any other record."""
    if not rec.keys() <= NESTED:
        return None
    for key, value in rec.items():
        if type(value) is not str and key not in NESTED_ONLY and not (
                type(value) is int and key in DATE_FIELDS):  # (a year: 2017)
            return None
    more = rec.get("evidence")
    if more is None:
        more = []
    elif not isinstance(more, YList):
        return None
    for item in more:
        if not isinstance(item, YMap) or not item.keys() <= EVIDENCE_FIELDS:
            return None
        source, quote = item.get("source"), item.get("quote")
        if type(source) is not str or not source or type(quote) is not str or not quote \
                or quote.isspace():
            return None
    inferred = rec.get("inferred")
    if inferred is None:
        return more, {}
    if not isinstance(inferred, YMap):
        return None
    for key, why in inferred.items():
        if key not in rec or key in NESTED_ONLY or key in RELATION_CORE or \
                type(why) is not str or not why or why.isspace():
            return None
    return more, dict(inferred)


def _fit(schema: Schema, rtype: RelationType | None, source: str | None,
         target: str | None) -> Any:
    """Whether a relation of ``rtype`` from an entity of type ``source`` to one of type
    ``target`` is allowed: ``_FULL`` when it is not, or a type or an end is unknown (the
    full check says why), else the relation type and the warnings for an end of an
    unusual type (the field, and the message before and after the end's id)."""
    if rtype is None or source is None or target is None:
        return _FULL
    unusual = []
    for key, etype, allowed, usual, role in (
            ("from", source, rtype.source, rtype.usual_source, "source"),
            ("to", target, rtype.target, rtype.usual_target, "target")):
        if not any(schema.is_a(etype, a) for a in allowed):
            return _FULL
        if usual and not any(schema.is_a(etype, u) for u in usual):
            before = (f"'{rtype.name}' usually has {_or(usual)} as its {role}, not "
                      f"{_article(etype)} {etype} ('")
            after = "'): link the one the source names, or use another relation type"
            unusual.append((key, before, after))
    return rtype, tuple(unusual)


class _Dates:
    """The dates of plain records, each distinct value checked once."""

    def __init__(self) -> None:
        self.known: dict[Any, str | None] = {}  # (text, or a year: never a bool)

    def of(self, rec: YMap) -> tuple[str | None, str | None, str | None] | None:
        """``rec``'s (date, start, end), or None when the full check has something to
        say about them."""
        known = self.known
        out = []
        for value in map(rec.get, DATE_FIELDS):
            iso = None
            if value is not None:
                iso = known.get(value, "")
                if iso == "":
                    iso = known[value] = check_date(value)
                if iso is None:
                    return None
            out.append(iso)
        date, start, end = out
        if date and (start or end):
            return None
        if start and end and _date_key(start) > _date_key(end, upper=True):
            return None
        return date, start, end


class _Full:
    """The full check of a relation record, field by field."""

    def __init__(self, c: Checker, ds: Dataset, schema: Schema) -> None:
        self.c, self.ds, self.schema = c, ds, schema
        self.fields_of = {name: RELATION_FIELDS | set(rt.attributes)
                          for name, rt in schema.relation_types.items()}
        # (relation type, end, entity type) -> allowed; ... -> of the usual types
        self.fits: dict[tuple[str, str, str], bool] = {}
        self.usual_fits: dict[tuple[str, str, str], bool] = {}
        self.by_name: dict[str, str] | None = None  # built at the first dangling reference
        self.ids: list[str] | None = None

    def check(self, file: str, rec: YMap) -> None:
        c, ds, schema = self.c, self.ds, self.schema
        rtype_name = rec.get("type")
        rtype = schema.relation_types.get(rtype_name) if isinstance(rtype_name, str) else None
        declared = rtype.attributes if rtype else {}
        c.fields(file, rec, self.fields_of[rtype.name] if rtype else RELATION_FIELDS,
                 "a relation")
        ok = c.required(file, rec, ("from", "type", "to"), "relation")
        if isinstance(rtype_name, str) and rtype is None:
            c.err(file, rec.pos("type"), f"unknown relation type '{rtype_name}'"
                  + schema.relation_type_hint(rtype_name), "unknown-relation-type")
            ok = False
        elif rtype_name is not None and not isinstance(rtype_name, str):
            c.err(file, rec.pos("type"), "'type' must be a relation type name", "field-type")
            ok = False
        ends: dict[str, str | None] = {}
        for key in ("from", "to"):
            ends[key] = self.end(file, rec, key)
        src, dst = ends["from"], ends["to"]
        if src and dst and src == dst:
            c.err(file, rec.pos("to"), f"relation from '{src}' to itself", "self-reference")
        if rtype and src and dst:
            ok = self.types(file, rec, rtype, src, dst) and ok
        dates, inferred, evidence, attrs, claim, attributed_to = c.record(
            file, rec, "relation", declared, RELATION_FIELDS, RELATION_CORE)
        if not ok or not src or not dst or rtype is None:
            return
        ds.relations.append(Relation(
            source=src, type=rtype.name, target=dst, evidence=evidence,
            date=dates["date"], start=dates["start"], end=dates["end"], inferred=inferred,
            description=c.text(file, rec, "description"), attributes=attrs,
            notes=c.text(file, rec, "notes"), where=(file, *rec.pos()), claim=claim,
            attributed_to=attributed_to))

    def end(self, file: str, rec: YMap, key: str) -> str | None:
        """The entity id of end ``key`` (``from`` or ``to``), or None (reported)."""
        c, ds = self.c, self.ds
        ref = rec.get(key)
        if ref is None:
            return None
        if not isinstance(ref, str):
            c.err(file, rec.pos(key), f"'{key}' must be an entity id", "field-type")
            return None
        if ref in c.rejected_ids and ref not in ds.entities:
            return None  # the entity is there, with errors of its own already reported
        if ref not in ds.entities:
            if self.by_name is None:
                self.by_name = by_name(ds)
            if fold(ref) in self.by_name:
                hint = f" (did you mean '{self.by_name[fold(ref)]}'? use the id, not the name)"
            else:
                if self.ids is None:
                    self.ids = list(ds.entities)
                hint = did_you_mean(ref, self.ids)
            c.err(file, rec.pos(key), f"'{key}' refers to unknown entity '{ref}'" + hint,
                  "dangling-reference")
            return None
        return ref

    def types(self, file: str, rec: YMap, rtype: RelationType, src: str, dst: str) -> bool:
        """Whether the ends' entity types are allowed (problems reported, and warnings for
        types that are not the usual ones)."""
        c, ds, schema = self.c, self.ds, self.schema
        fits, usual_fits = self.fits, self.usual_fits
        ok = True
        for end, allowed, role in ((src, rtype.source, "source"),
                                   (dst, rtype.target, "target")):
            etype = ds.entities[end].type
            fit = fits.get((rtype.name, role, etype))
            if fit is None:
                fit = fits[(rtype.name, role, etype)] = any(schema.is_a(etype, a)
                                                             for a in allowed)
            key = "from" if role == "source" else "to"
            if not fit:
                c.err(file, rec.pos(key), f"'{rtype.name}' does not allow a {etype} "
                      f"('{end}') as its {role}; allowed: {', '.join(allowed)}",
                      "type-not-allowed")
                ok = False
                continue
            usual = rtype.usual_source if role == "source" else rtype.usual_target
            usual_fit = usual_fits.get((rtype.name, role, etype))
            if usual and usual_fit is None:
                usual_fit = usual_fits[(rtype.name, role, etype)] = any(
                    schema.is_a(etype, u) for u in usual)
            if usual and not usual_fit:
                c.err(file, rec.pos(key), f"'{rtype.name}' usually has "
                      f"{_or(usual)} as its {role}, not {_article(etype)} {etype} "
                      f"('{end}'): link the one the source names, or use another "
                      "relation type", "unusual-end", "warning")
        return ok


def by_name(ds: Dataset) -> dict[str, str]:
    """Folded name or alias -> entity id, for the "use the id, not the name" hint."""
    out = {fold(e.name): e.id for e in ds.entities.values()}
    for e in ds.entities.values():
        for a in e.aliases:
            out.setdefault(fold(a), e.id)
    return out

