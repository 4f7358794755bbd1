"""What changed between two versions of a dataset, record by record: entities, relations
and sources added, removed and changed (field by field, evidence included), and the types
of the schema — what a data reviewer reads instead of a YAML text diff.

Entities and sources are matched by id. Relations have no id: they are matched by their
ends and type, and among several with the same ends and type, identical ones first.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from kgraph.model import Dataset, Entity, Relation, Source

ENTITY_FIELDS = ("type", "name", "aliases", "description", "date", "start", "end",
                 "inferred", "attributes", "notes", "evidence")
RELATION_FIELDS = ("date", "start", "end", "inferred", "description", "attributes", "notes",
                   "evidence")
SOURCE_FIELDS = ("title", "publisher", "date", "file", "url", "extra")


def _evidence(items: list[Any]) -> list[dict[str, str]]:
    return [e.as_dict() for e in items]


def entity_fields(e: Entity) -> dict[str, Any]:
    return {f: _evidence(e.evidence) if f == "evidence" else getattr(e, f)
            for f in ENTITY_FIELDS}


def relation_fields(r: Relation) -> dict[str, Any]:
    return {f: _evidence(r.evidence) if f == "evidence" else getattr(r, f)
            for f in RELATION_FIELDS}


def source_fields(s: Source) -> dict[str, Any]:
    return {f: getattr(s, f) for f in SOURCE_FIELDS}


def _where(where: tuple[str, int, int]) -> str:
    return f"{where[0]}:{where[1]}" if where and where[0] else ""


def field_changes(old: dict[str, Any], new: dict[str, Any]) -> list[dict[str, Any]]:
    """Each field that differs: ``{field, old, new}``; lists (aliases, evidence) also say
    what was ``added`` and ``removed``."""
    out = []
    for key in old.keys() | new.keys():
        a, b = old.get(key), new.get(key)
        if a == b or (not a and not b):
            continue
        change: dict[str, Any] = {"field": key, "old": a, "new": b}
        if isinstance(a, list) or isinstance(b, list):
            a_list, b_list = list(a or []), list(b or [])
            change["added"] = [x for x in b_list if x not in a_list]
            change["removed"] = [x for x in a_list if x not in b_list]
        out.append(change)
    order = {f: i for i, f in enumerate((*ENTITY_FIELDS, *RELATION_FIELDS, *SOURCE_FIELDS))}
    return sorted(out, key=lambda c: order.get(c["field"], 99))


def _by_id(old: dict[str, Any], new: dict[str, Any], fields: Any, describe: Any
           ) -> dict[str, list[dict[str, Any]]]:
    added = [describe(new[k]) for k in sorted(new.keys() - old.keys())]
    removed = [describe(old[k]) for k in sorted(old.keys() - new.keys())]
    changed = []
    for k in sorted(old.keys() & new.keys()):
        changes = field_changes(fields(old[k]), fields(new[k]))
        if changes:
            changed.append({**describe(new[k]), "changes": changes})
    return {"added": added, "removed": removed, "changed": changed}


def _entity(e: Entity) -> dict[str, Any]:
    return {"id": e.id, "name": e.name, "type": e.type, "defined_at": _where(e.where),
            "evidence": _evidence(e.evidence)}


def _source(s: Source) -> dict[str, Any]:
    return {"id": s.id, "title": s.title, "defined_at": _where(s.where)}


def _relation(r: Relation) -> dict[str, Any]:
    out: dict[str, Any] = {"from": r.source, "type": r.type, "to": r.target,
                           "defined_at": _where(r.where), "evidence": _evidence(r.evidence)}
    for key in ("date", "start", "end"):
        if getattr(r, key):
            out[key] = getattr(r, key)
    return out


def _relations(old: list[Relation], new: list[Relation]) -> dict[str, list[dict[str, Any]]]:
    groups: dict[tuple[str, str, str], tuple[list[Relation], list[Relation]]] = defaultdict(
        lambda: ([], []))
    for r in old:
        groups[(r.source, r.type, r.target)][0].append(r)
    for r in new:
        groups[(r.source, r.type, r.target)][1].append(r)
    added: list[dict[str, Any]] = []
    removed: list[dict[str, Any]] = []
    changed: list[dict[str, Any]] = []
    for key in sorted(groups):
        before, after = groups[key]
        before, after = list(before), list(after)
        for r in list(after):  # identical ones first
            same = next((o for o in before if relation_fields(o) == relation_fields(r)), None)
            if same is not None:
                before.remove(same)
                after.remove(r)
        for o, r in zip(before, after):
            changed.append({**_relation(r),
                            "changes": field_changes(relation_fields(o), relation_fields(r))})
        removed.extend(_relation(o) for o in before[len(after):])
        added.extend(_relation(r) for r in after[len(before):])
    return {"added": added, "removed": removed, "changed": changed}


def _types(old: dict[str, Any], new: dict[str, Any]) -> dict[str, list[str]]:
    from dataclasses import asdict

    return {"added": sorted(new.keys() - old.keys()),
            "removed": sorted(old.keys() - new.keys()),
            "changed": sorted(k for k in old.keys() & new.keys()
                              if asdict(old[k]) != asdict(new[k]))}


def compare(old: Dataset, new: Dataset) -> dict[str, Any]:
    """Everything that differs from ``old`` to ``new`` (``identical`` when nothing does)."""
    out: dict[str, Any] = {
        "entities": _by_id(old.entities, new.entities, entity_fields, _entity),
        "relations": _relations(old.relations, new.relations),
        "sources": _by_id(old.sources, new.sources, source_fields, _source),
        "entity_types": _types(old.schema.entity_types, new.schema.entity_types),
        "relation_types": _types(old.schema.relation_types, new.schema.relation_types),
    }
    out["identical"] = not any(v for part in out.values() for v in part.values())
    out["counts"] = {part: {k: len(v) for k, v in out[part].items()}
                     for part in ("entities", "relations", "sources", "entity_types",
                                  "relation_types")}
    return out
