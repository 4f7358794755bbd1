"""Load YAML files into a checked :class:`Dataset`, collecting every problem.

Two phases, as for the schema: first every file is parsed and its sections collected
(schema, sources, entities, relations), then references between them are resolved and
checked. Nothing stops at the first problem.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from kgraph import figures
from kgraph.claims import ENTITY_CORE, read_claim
from kgraph.dates import check_date
from kgraph.errors import Problem
from kgraph.loader import LoadedFile, YList, YMap, load_file
from kgraph.model import Dataset, Entity, Evidence, Source
from kgraph.relationcheck import CLAIM_FIELDS, DATE_FIELDS, EVIDENCE_FIELDS, check_relations
from kgraph.rules import facts_of, modelling_problems
from kgraph.schema import SCHEMA_SECTIONS, Schema, SchemaBuilder
from kgraph.text import did_you_mean, fold
from kgraph.wording import _article, _date_key, _kind

SECTIONS = (*SCHEMA_SECTIONS, "sources", "entities", "relations")
ENTITY_FIELDS = {"id", "type", "name", "aliases", "description", "date", "start", "end",
                 "inferred", "source", "quote", "evidence", "notes", "url", "figures",
                 *CLAIM_FIELDS}
SOURCE_FIELDS = {"id", "title", "publisher", "date", "file", "url", "author", "notes",
                 "language", "checksum"}
# `extends: bundled` in a schema file: kgraph's own schema, with this file's types added
EXTENDS = "extends"
EXTENDABLE = ("bundled",)

_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]*\Z")
# control characters (tab and line ends too: a name is one line) and what XML cannot carry
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# Problem's own order (its fields in turn), as a sort key: far faster than comparing
# dataclasses when a broken file yields a million problems
_ORDER = operator.attrgetter("file", "line", "col", "message", "rule", "severity")
# whether a value is of an attribute's declared type
_FITS: dict[str, Callable[[Any], bool]] = {
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "date": lambda v: check_date(v) is not None,
    "list": lambda v: isinstance(v, list),
}


class _Checker:
    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.schema_builder = SchemaBuilder()
        self.raw_sources: list[tuple[str, YMap]] = []
        self.raw_entities: list[tuple[str, YMap]] = []
        self.raw_relations: list[tuple[str, YMap]] = []
        self.has_schema = False
        self.extends = False  # a file said `extends: bundled`
        self.all_evidence: list[Evidence] = []  # also from records rejected for other reasons
        self.rejected_ids: set[str] = set()  # entities declared with errors: not "unknown"
        self.refs: list[figures.Ref] = []  # entity ids named in claims and figures

    def err(self, file: str, pos: tuple[int, int], message: str, rule: str,
            severity: str = "error") -> None:
        self.problems.append(Problem(file, pos[0], pos[1], message, rule, severity))

    # -- phase 1: sections ------------------------------------------------------------------

    def collect(self, loaded: LoadedFile, base: bool = False,
                relations: bool | None = None) -> None:
        """Take the records of each section of ``loaded`` (``relations``: None for every
        section and the file's own problems; False for all but the relations; True for
        the relations only, the rest taken before)."""
        root, file = loaded.root, loaded.path
        if relations:
            if isinstance(root, YMap) and "relations" in root:
                self._records(file, root, "relations", root["relations"])
            return
        self.problems.extend(loaded.problems)
        if loaded.problems and root is None:
            return
        if root is None:
            self.err(file, (0, 0), "empty file; expected a mapping with any of "
                     + ", ".join(SECTIONS), "empty-file", "warning")
            return
        if not isinstance(root, YMap):
            kind = "a list" if isinstance(root, list) else "a single value"
            hint = (" (indent the list under 'entities:' or 'relations:')"
                    if isinstance(root, list) else "")
            self.err(file, (getattr(root, "line", 1), getattr(root, "col", 1)),
                     f"the file holds {kind}; expected a mapping with any of "
                     + ", ".join(SECTIONS) + hint, "top-level")
            return
        for key, value in root.items():
            if key == EXTENDS:
                self._extends(file, root, value)
                continue
            if key not in SECTIONS:
                self.err(file, root.pos(key, value=False), f"unknown section '{key}'"
                         + did_you_mean(key, SECTIONS)
                         + "; a file holds " + ", ".join(SECTIONS), "top-level")
                continue
            if key in SCHEMA_SECTIONS:
                self.has_schema = True
                self.schema_builder.add(file, key, value, root, base=base)
                continue
            if key != "relations" or relations is None:
                self._records(file, root, key, value)

    def _records(self, file: str, root: YMap, key: str, value: Any) -> None:
        """Take the records of section ``key`` (sources, entities or relations)."""
        if value is None:
            return
        if not isinstance(value, YList):
            self.err(file, root.pos(key), f"'{key}' must be a list of records "
                     "(each item starting with '- ')", "top-level")
            return
        target = {"sources": self.raw_sources, "entities": self.raw_entities,
                  "relations": self.raw_relations}[key]
        for i, item in enumerate(value):
            if not isinstance(item, YMap):
                self.err(file, value.pos(i),
                         f"each item of '{key}' must be a mapping of fields", "top-level")
                continue
            target.append((file, item))

    def _extends(self, file: str, root: YMap, value: Any) -> None:
        if value in EXTENDABLE:
            self.extends = True
            return
        self.err(file, root.pos(EXTENDS), f"'extends: {value}' is not a schema kgraph knows; "
                 "write 'extends: bundled' to add types to kgraph's own schema, or remove "
                 "the line to use only the types this data declares", "extends")

    # -- phase 2: records -------------------------------------------------------------------

    def fields(self, file: str, rec: YMap, allowed: Iterable[str], what: str) -> None:
        if not isinstance(allowed, (set, frozenset)):
            allowed = set(allowed)
        if rec.keys() <= allowed:
            return
        for key in rec:
            if key not in allowed:
                self.err(file, rec.pos(key, value=False), f"unknown field '{key}' in {what}"
                         + did_you_mean(key, allowed), "unknown-field")

    def required(self, file: str, rec: YMap, names: Iterable[str], what: str) -> bool:
        ok = True
        for name in names:
            if rec.get(name) in (None, ""):
                where = rec.pos(name) if name in rec else rec.pos()
                self.err(file, where, f"{what} has no '{name}'", "missing-field")
                ok = False
        return ok

    def text(self, file: str, rec: YMap, key: str) -> str | None:
        value = rec.get(key)
        if value is None or type(value) is str:
            return value
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)
        if not isinstance(value, str):
            self.err(file, rec.pos(key), f"'{key}' must be a text value, not "
                     f"{_kind(value)}", "field-type")
            return None
        return value

    def dates(self, file: str, rec: YMap) -> dict[str, str | None]:
        if rec.keys().isdisjoint(DATE_FIELDS):
            return {"date": None, "start": None, "end": None}
        out: dict[str, str | None] = {}
        for key in DATE_FIELDS:
            if key not in rec or rec[key] is None:
                out[key] = None
                continue
            iso = check_date(rec[key])
            if iso is None:
                self.err(file, rec.pos(key), f"'{key}': {rec[key]!r} is not an ISO date "
                         "(use YYYY, YYYY-MM or YYYY-MM-DD)", "bad-date")
            out[key] = iso
        if out["start"] and out["end"] and _date_key(out["start"]) > _date_key(out["end"],
                                                                              upper=True):
            self.err(file, rec.pos("end"), f"'end' ({out['end']}) is before 'start' "
                     f"({out['start']})", "date-order")
        if out["date"] and (out["start"] or out["end"]):
            self.err(file, rec.pos("date"), "give either 'date' or 'start'/'end', not both",
                     "date-fields")
        return out

    def inferred(self, file: str, rec: YMap) -> dict[str, str]:
        value = rec.get("inferred")
        if value is None:
            return {}
        if not isinstance(value, YMap):
            self.err(file, rec.pos("inferred"), "'inferred' must map each inferred field to "
                     "why it was inferred, e.g. 'date: implied by the article's date'",
                     "field-type")
            return {}
        out: dict[str, str] = {}
        for key, why in value.items():
            if key not in rec or key == "inferred":
                self.err(file, value.pos(key, value=False), f"'inferred' names '{key}', "
                         "which this record does not have", "inferred-field")
            if not isinstance(why, str) or not why.strip():
                self.err(file, value.pos(key), f"say why '{key}' was inferred (a text value)",
                         "inferred-field")
                continue
            out[key] = why
        return out

    def evidence(self, file: str, rec: YMap, what: str) -> list[Evidence]:
        if "evidence" not in rec:  # the common case, quickly: one source and its quote
            source, quote = rec.get("source"), rec.get("quote")
            if type(source) is str and type(quote) is str and source and quote.strip():
                line, col = rec.pos("quote")
                one = Evidence(source, quote, file, line, col)
                self.all_evidence.append(one)
                return [one]
        items: list[tuple[YMap, str]] = []
        if "source" in rec or "quote" in rec:
            items.append((rec, what))
        extra = rec.get("evidence")
        if extra is not None:
            if not isinstance(extra, YList):
                self.err(file, rec.pos("evidence"), "'evidence' must be a list of "
                         "{source, quote} mappings", "field-type")
            else:
                for i, item in enumerate(extra):
                    if not isinstance(item, YMap):
                        self.err(file, extra.pos(i), "each evidence item must be a mapping "
                                 "with 'source' and 'quote'", "field-type")
                        continue
                    self.fields(file, item, EVIDENCE_FIELDS, "evidence")
                    items.append((item, "evidence item"))
        if not items:
            self.err(file, rec.pos(), f"{what} has no evidence: add 'source' (a source id) "
                     "and 'quote' (its words, verbatim)", "missing-evidence")
            return []
        out: list[Evidence] = []
        for item, label in items:
            source = self.text(file, item, "source")
            quote = self.text(file, item, "quote")
            if not source:
                self.err(file, item.pos("source") if "source" in item else item.pos(),
                         f"{label} has a quote but no 'source'", "missing-source")
            if not quote or not quote.strip():
                self.err(file, item.pos("quote") if "quote" in item else item.pos(),
                         f"{label} names a source but has no 'quote'", "missing-quote")
            if source and quote and quote.strip():
                line, col = item.pos("quote")
                out.append(Evidence(source, quote, file, line, col))
        self.all_evidence.extend(out)
        return out

    def attributes(self, file: str, rec: YMap, declared: dict[str, str],
                   core: set[str]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if not declared or declared.keys().isdisjoint(rec):
            return out
        for key, vtype in declared.items():
            if key not in rec or key in core or rec[key] is None:
                continue
            value = rec[key]
            if not _FITS[vtype](value):
                self.err(file, rec.pos(key), f"'{key}' must be {_article(vtype)} {vtype}, not "
                         f"{_kind(value)} {value!r}", "field-type")
                continue
            out[key] = list(value) if isinstance(value, list) else value
        return out

    def record(self, file: str, rec: YMap, what: str, declared: dict[str, str],
               fields: set[str], core: tuple[str, ...]
               ) -> tuple[dict[str, str | None], dict[str, str], list[Evidence], dict[str, Any],
                          str, tuple[str, ...]]:
        """What every record (of ``what``: entity or relation) may have: its dates,
        inferred fields, evidence, declared attributes (``fields``: the record's own) and
        claim (the entities its claim is attributed to kept for the references' check)."""
        dates = self.dates(file, rec)
        inferred = self.inferred(file, rec)
        evidence = self.evidence(file, rec, what)
        attrs = self.attributes(file, rec, declared, fields)
        claim, attributed_to, refs = read_claim(file, rec, inferred, core, self.err)
        if refs:
            self.refs.extend((file, ref, pos, "'attributed_to'") for ref, pos in refs)
        return dates, inferred, evidence, attrs, claim, attributed_to

    def one_line(self, file: str, pos: tuple[int, int], text: str, what: str) -> None:
        """A name shown in terminals, pages and drawings has no control characters."""
        if text.isprintable():  # (what _CONTROL finds never is: quicker to ask first)
            return
        found = _CONTROL.search(text)
        if found:
            self.err(file, pos, f"{what} contains an invisible control character, "
                     f"U+{ord(found.group()):04X} (character {found.start() + 1}): "
                     "remove it: names are printed in terminals and drawn in pictures",
                     "control-character")

    def check_id(self, file: str, rec: YMap, key: str = "id") -> str | None:
        value = rec.get(key)
        if value is None:
            return None
        if not isinstance(value, str) or not _ID.match(value):
            quote = f" (an id is text: write '{value}')" if isinstance(value, (int, float)) \
                and not isinstance(value, bool) else ""
            self.err(file, rec.pos(key), f"bad id {value!r}: use letters, digits, '-', '_', "
                     "'.' or ':' (no spaces), starting with a letter or digit" + quote,
                     "bad-id")
            return None
        return value


def check(files: list[LoadedFile], default_schema: list[LoadedFile] | None = None,
          sources_dir: Path | None = None, consume: bool = False) -> Dataset:
    """Check parsed files and turn them into a Dataset (problems included, never raises).
    ``consume``: let each relation record go once checked (the files' values are gone
    afterwards: for a large dataset, less memory)."""
    return finish(begin(files, default_schema), files, sources_dir, consume=consume)


class Begun:
    """A check under way: the schema, sources and entities of some files checked (see
    :func:`begin`), their relations and those of more files to come (:func:`finish`)."""

    def __init__(self, c: _Checker, ds: Dataset, files: list[LoadedFile]) -> None:
        self.c, self.ds = c, ds
        self.files = {id(f) for f in files}
        # what the first part found, to tell a second part's own (see finish's `half`)
        self.counts = (len(c.problems), len(c.refs), len(c.all_evidence))


def begin(files: list[LoadedFile], default_schema: list[LoadedFile] | None = None) -> Begun:
    """Check the schema, sources and entities of ``files`` (and their problems as files);
    their relations wait for :func:`finish`."""
    c = _Checker()
    for loaded in files:
        c.collect(loaded, relations=False)
    if default_schema and (not c.has_schema or c.extends):
        for loaded in default_schema:
            c.collect(loaded, base=True)
    schema = c.schema_builder.build()
    c.problems.extend(c.schema_builder.problems)
    ds = Dataset(schema=schema)
    _sources(c, ds)
    _entities(c, ds, schema)
    c.raw_sources, c.raw_entities = [], []  # (checked: the records may go)
    return Begun(c, ds, files)


def finish(begun: Begun, files: list[LoadedFile], sources_dir: Path | None = None,
           half: int = 0, consume: bool = False) -> Dataset:
    """Check the relations of ``files`` (in order: those given to :func:`begin` and more
    files that hold nothing but relations), then what concerns the whole dataset.

    ``half``: 0 for a whole dataset; 1 or 2 for one half of a dataset checked in two
    processes (the first holding every file given to :func:`begin`, the second its own
    files only), where the modelling rules are left to the whole, and the second half
    reports only what it found itself. ``consume``: as for :func:`check`. Raises
    ValueError when a file not given to :func:`begin` holds more than relations."""
    c, ds = begun.c, begun.ds
    for loaded in files:
        if id(loaded) in begun.files:
            c.collect(loaded, relations=True)
        else:
            before = (len(c.raw_sources), len(c.raw_entities), c.has_schema, c.extends)
            c.collect(loaded)
            if before != (len(c.raw_sources), len(c.raw_entities), c.has_schema, c.extends):
                raise ValueError(f"{loaded.path} holds more than relations")
        if consume:  # (the records are the checker's now: each goes once checked)
            loaded.root = None
    ds.files = [f.path for f in files]
    check_relations(c, ds, ds.schema)
    problems, refs, evidence = begun.counts if half == 2 else (0, 0, 0)
    _references(c, ds, c.refs[refs:])
    if not half and not any(p.severity == "error" for p in c.problems):  # (data to model, first)
        c.problems.extend(modelling_problems(facts_of(ds.relations), ds.entities.values()))
    _evidence_sources(c, ds, c.all_evidence[evidence:])
    if sources_dir is not None:
        from kgraph.sourcecheck import check_quotes

        check_quotes(c, ds, sources_dir)
    ds.problems = sorted(set(c.problems[problems:]), key=_ORDER)
    ds.evidence = c.all_evidence
    return ds


def _sources(c: _Checker, ds: Dataset) -> None:
    for file, rec in c.raw_sources:
        c.fields(file, rec, SOURCE_FIELDS, "a source")
        if not c.required(file, rec, ("id", "title"), "source"):
            continue
        sid = c.check_id(file, rec)
        if sid is None:
            continue
        if sid in ds.sources:
            first = ds.sources[sid].where
            c.err(file, rec.pos("id"), f"duplicate source id '{sid}' (first at "
                  f"{first[0]}:{first[1]})", "duplicate-id")
            continue
        dates = c.dates(file, rec)
        extra = {k: rec[k] for k in ("author", "notes", "language", "checksum")
                 if rec.get(k) is not None}
        ds.sources[sid] = Source(id=sid, title=c.text(file, rec, "title") or sid,
                                 publisher=c.text(file, rec, "publisher"),
                                 date=dates.get("date"), file=c.text(file, rec, "file"),
                                 url=c.text(file, rec, "url"), extra=extra,
                                 where=(file, *rec.pos()))


def _entities(c: _Checker, ds: Dataset, schema: Schema) -> None:
    ids_by_case: dict[str, tuple[str, str, int]] = {}
    names: dict[str, tuple[str, str, int, int]] = {}  # folded name -> (entity id, file, pos)
    pending_aliases: list[tuple[str, str, str, tuple[int, int]]] = []
    per_type: dict[str, tuple[dict[str, str], set[str]]] = {}  # type -> attributes, fields
    for file, rec in c.raw_entities:
        etype = rec.get("type")
        if isinstance(etype, str):
            if etype not in per_type:
                attributes = schema.attributes_for(etype)
                per_type[etype] = (attributes, ENTITY_FIELDS | set(attributes))
            declared, allowed = per_type[etype]
        else:
            declared, allowed = {}, ENTITY_FIELDS
        c.fields(file, rec, allowed, "an entity"
                 + (f" of type '{etype}'" if isinstance(etype, str) else ""))
        ok = c.required(file, rec, ("id", "type", "name"), "entity")
        eid = c.check_id(file, rec)
        if isinstance(etype, str) and etype not in schema.entity_types:
            c.err(file, rec.pos("type"), f"unknown entity type '{etype}'"
                  + schema.entity_type_hint(etype), "unknown-entity-type")
        elif etype is not None and not isinstance(etype, str):
            c.err(file, rec.pos("type"), "'type' must be a type name", "field-type")
        name = c.text(file, rec, "name")
        if name:
            c.one_line(file, rec.pos("name"), name, "the name")
        description = c.text(file, rec, "description") or ""
        dates, inferred, evidence, attrs, claim, attributed_to = c.record(
            file, rec, "entity", declared, ENTITY_FIELDS, ENTITY_CORE)
        figs = figures.read(c, file, rec, schema, c.refs) if "figures" in rec else ()
        aliases: list[str] = []
        raw_aliases = rec.get("aliases")
        if raw_aliases is not None:
            if isinstance(raw_aliases, str):
                raw_aliases = [raw_aliases]
            if not isinstance(raw_aliases, list):
                c.err(file, rec.pos("aliases"), "'aliases' must be a list of names",
                      "field-type")
            else:
                for i, alias in enumerate(raw_aliases):
                    pos = raw_aliases.pos(i) if isinstance(raw_aliases, YList) else rec.pos(
                        "aliases")
                    if not isinstance(alias, (str, int)) or isinstance(alias, bool) or \
                            not str(alias).strip():
                        c.err(file, pos, "each alias must be a non-empty name", "field-type")
                        continue
                    c.one_line(file, pos, str(alias), "the alias")
                    aliases.append(str(alias))
                    if eid:
                        pending_aliases.append((eid, str(alias), file, pos))
        if not ok or eid is None or not isinstance(etype, str) or name is None:
            if eid is not None:
                c.rejected_ids.add(eid)
            continue
        if eid in ds.entities:
            first = ds.entities[eid].where
            c.err(file, rec.pos("id"), f"duplicate entity id '{eid}' (first at "
                  f"{first[0]}:{first[1]}:{first[2]}); ids must be unique across all files",
                  "duplicate-id")
            continue
        folded_id = eid.casefold()
        if folded_id not in ids_by_case:
            ids_by_case[folded_id] = (eid, file, rec.pos("id")[0])
        elif ids_by_case[folded_id][0] != eid:
            other_id, where = ids_by_case[folded_id][0], ids_by_case[folded_id][1:]
            c.err(file, rec.pos("id"), f"id '{eid}' differs from '{other_id}' ({where[0]}:"
                  f"{where[1]}) only by case; the two are easy to mix up in commands and "
                  "exports (some tools fold case): rename one", "case-only-id", "warning")
        key = fold(name)
        if key not in names:
            names[key] = (eid, file, *rec.pos("name"))
        elif names[key][0] != eid:
            other = names[key]
            c.err(file, rec.pos("name"), f"'{name}' is also the name of '{other[0]}' "
                  f"({other[1]}:{other[2]}); give one of them a distinguishing name",
                  "duplicate-name", "warning")
        ds.entities[eid] = Entity(
            id=eid, type=etype, name=name, aliases=aliases, description=description,
            date=dates["date"], start=dates["start"], end=dates["end"], inferred=inferred,
            attributes=attrs, evidence=evidence, notes=c.text(file, rec, "notes"),
            where=(file, *rec.pos()), claim=claim, attributed_to=attributed_to, figures=figs)
    seen_alias: dict[str, tuple[str, str, int, int]] = {}
    for eid, alias, file, pos in pending_aliases:
        key = fold(alias)
        if not key:
            continue
        owner = names.get(key) or seen_alias.get(key)
        if owner and owner[0] != eid:
            c.err(file, pos, f"alias '{alias}' of '{eid}' is already a name or alias of "
                  f"'{owner[0]}' ({owner[1]}:{owner[2]}); an alias must point to one entity",
                  "alias-collision")
            continue
        seen_alias.setdefault(key, (eid, file, *pos))


def _references(c: _Checker, ds: Dataset, refs: list[figures.Ref]) -> None:
    """The entity ids that claims and figures name exist."""
    for file, ref, pos, what in refs:
        if ref not in ds.entities and ref not in c.rejected_ids:
            c.err(file, pos, f"{what} refers to unknown entity '{ref}'"
                  + did_you_mean(ref, ds.entities), "dangling-reference")


def _evidence_sources(c: _Checker, ds: Dataset, evidence: list[Evidence]) -> None:
    for ev in evidence:
        if ev.source not in ds.sources:
            c.err(ev.file, (ev.line, ev.col), f"evidence names unknown source '{ev.source}'"
                  + did_you_mean(ev.source, ds.sources), "unknown-source")


def load(paths: list[Path], default_schema: list[Path] | None = None,
         sources_dir: Path | None = None) -> Dataset:
    """Load and check the YAML files named by ``paths`` (files already discovered)."""
    files = [load_file(p, _display(p)) for p in paths]
    schema_files = [load_file(p, _display(p)) for p in default_schema or []]
    return check(files, schema_files, sources_dir)


def _display(path: Path) -> str:
    from kgraph.project import display_name

    return display_name(path)
