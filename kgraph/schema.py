"""Entity and relation types, read from schema YAML (the schema is data).

Loaded in two phases: every file's ``entity_types`` / ``relation_types`` are collected
first, then cross-references (parents, allowed source/target types) are resolved and
checked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kgraph.errors import Problem
from kgraph.text import did_you_mean
from kgraph.yamlvalues import YList, YMap

VALUE_TYPES = ("string", "integer", "number", "boolean", "date", "list")

ENTITY_TYPE_FIELDS = {"label", "plural", "color", "description", "parent", "attributes",
                      "synonyms"}
RELATION_TYPE_FIELDS = {
    "source", "target", "reading", "inverse_reading", "synonyms", "inverse_synonyms",
    "source_nouns", "target_nouns",
    "lineage", "transitive", "origin", "composition", "symmetric", "temporal", "description", "attributes", "label",
    "through_parts", "shared_target",
}


@dataclass
class EntityType:
    name: str
    label: str
    plural: str
    color: str
    description: str = ""
    parent: str | None = None
    attributes: dict[str, str] = field(default_factory=dict)
    synonyms: list[str] = field(default_factory=list)  # other words people use for it


@dataclass
class RelationType:
    name: str
    source: list[str]
    target: list[str]
    reading: str
    inverse_reading: str
    synonyms: list[str] = field(default_factory=list)
    inverse_synonyms: list[str] = field(default_factory=list)
    source_nouns: list[str] = field(default_factory=list)  # what the source end is called
    target_nouns: list[str] = field(default_factory=list)
    lineage: bool = False
    origin: str = "source"  # lineage: which end the other grew out of
    transitive: bool = False  # its words ask for the whole lineage family, transitively
    composition: bool = False  # source is a part of target
    symmetric: bool = False
    temporal: bool = False
    through_parts: bool = False  # true of a whole when true of one of its parts (attended)
    # also true of two entities that are both the source of this relation type to one
    # target: met_with, shared_target: attended ("they met" = they attended one meeting)
    shared_target: str = ""
    description: str = ""
    attributes: dict[str, str] = field(default_factory=dict)


@dataclass
class Schema:
    entity_types: dict[str, EntityType] = field(default_factory=dict)
    relation_types: dict[str, RelationType] = field(default_factory=dict)

    def ancestors(self, type_name: str) -> list[str]:
        """``type_name`` and its parents, nearest first (cycle-safe)."""
        out: list[str] = []
        current: str | None = type_name
        while current and current not in out:
            out.append(current)
            et = self.entity_types.get(current)
            current = et.parent if et else None
        return out

    def is_a(self, type_name: str, allowed: str) -> bool:
        return allowed in self.ancestors(type_name)

    def descendants(self, type_name: str) -> set[str]:
        return {t for t in self.entity_types if type_name in self.ancestors(t)}

    def attributes_for(self, type_name: str) -> dict[str, str]:
        attrs: dict[str, str] = {}
        for t in reversed(self.ancestors(type_name)):
            et = self.entity_types.get(t)
            if et:
                attrs.update(et.attributes)
        return attrs

    def label(self, type_name: str) -> str:
        """The entity type's label for people ("Government agency or office"), else its id."""
        et = self.entity_types.get(type_name)
        return et.label if et is not None else type_name

    def lineage_types(self) -> list[str]:
        return [r.name for r in self.relation_types.values() if r.lineage]

    def color(self, type_name: str) -> str:
        for t in self.ancestors(type_name):
            et = self.entity_types.get(t)
            if et and et.color:
                return et.color
        return "#999999"

    def to_dict(self) -> dict[str, Any]:
        from dataclasses import asdict

        return {
            "entity_types": {k: asdict(v) for k, v in self.entity_types.items()},
            "relation_types": {k: asdict(v) for k, v in self.relation_types.items()},
        }


class SchemaBuilder:
    """Collects type declarations from several files, then checks and resolves them."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self._entity: dict[str, tuple[str, YMap, Any]] = {}
        self._relation: dict[str, tuple[str, YMap, Any]] = {}

    def _err(self, file: str, pos: tuple[int, int], message: str, rule: str) -> None:
        self.problems.append(Problem(file, pos[0], pos[1], message, rule))

    def add(self, file: str, section: str, value: Any, parent: YMap) -> None:
        table = self._entity if section == "entity_types" else self._relation
        if not isinstance(value, YMap):
            self._err(file, parent.pos(section),
                      f"'{section}' must be a mapping of type name to its declaration", "top-level")
            return
        for name, decl in value.items():
            pos = value.pos(name, value=False)
            if not isinstance(decl, YMap):
                self._err(file, value.pos(name), f"type '{name}' must be a mapping", "schema")
                continue
            if name in table:
                other_file, other_decl, _ = table[name]
                if _plain(other_decl) != _plain(decl):
                    self._err(file, pos, f"type '{name}' is declared again, differently "
                              f"(first at {other_file}:{other_decl.line}); keep one declaration",
                              "duplicate-type")
                continue
            table[name] = (file, decl, pos)

    def build(self) -> Schema:
        schema = Schema()
        for name, (file, decl, pos) in self._entity.items():
            self._check_fields(file, decl, ENTITY_TYPE_FIELDS, f"entity type '{name}'")
            schema.entity_types[name] = EntityType(
                name=name,
                label=self._str(file, decl, "label", default=name.replace("_", " ").title()),
                plural=self._str(file, decl, "plural", default=name.replace("_", " ") + "s"),
                color=self._str(file, decl, "color", default=""),
                description=self._str(file, decl, "description", default=""),
                parent=self._str(file, decl, "parent", default="") or None,
                attributes=self._attributes(file, decl),
                synonyms=self._strs(file, decl, "synonyms"),
            )
        for name, (file, decl, pos) in self._entity.items():
            parent = schema.entity_types[name].parent
            if parent and parent not in schema.entity_types:
                self._err(file, decl.pos("parent"),
                          f"unknown parent type '{parent}'"
                          + did_you_mean(parent, schema.entity_types), "unknown-entity-type")
            elif parent and name in schema.ancestors(parent):
                self._err(file, decl.pos("parent"), f"type '{name}' is its own ancestor",
                          "schema")
        for name, (file, decl, pos) in self._relation.items():
            self._check_fields(file, decl, RELATION_TYPE_FIELDS, f"relation type '{name}'")
            for required in ("source", "target", "reading"):
                if required not in decl:
                    self._err(file, decl.pos(), f"relation type '{name}' has no '{required}'",
                              "missing-field")
            rt = RelationType(
                name=name,
                source=self._types(file, decl, "source", schema),
                target=self._types(file, decl, "target", schema),
                reading=self._str(file, decl, "reading", default=name.replace("_", " ")),
                inverse_reading=self._str(file, decl, "inverse_reading",
                                          default="is " + name.replace("_", " ") + " by"),
                synonyms=self._strs(file, decl, "synonyms"),
                inverse_synonyms=self._strs(file, decl, "inverse_synonyms"),
                source_nouns=self._strs(file, decl, "source_nouns"),
                target_nouns=self._strs(file, decl, "target_nouns"),
                lineage=self._bool(file, decl, "lineage"),
                origin=self._origin(file, decl),
                transitive=self._bool(file, decl, "transitive"),
                composition=self._bool(file, decl, "composition"),
                symmetric=self._bool(file, decl, "symmetric"),
                temporal=self._bool(file, decl, "temporal"),
                through_parts=self._bool(file, decl, "through_parts"),
                shared_target=self._str(file, decl, "shared_target", default=""),
                description=self._str(file, decl, "description", default=""),
                attributes=self._attributes(file, decl),
            )
            schema.relation_types[name] = rt
        return schema

    # -- field readers ---------------------------------------------------------------------

    def _check_fields(self, file: str, decl: YMap, allowed: set[str], what: str) -> None:
        for key in decl:
            if key not in allowed:
                self._err(file, decl.pos(key, value=False),
                          f"unknown field '{key}' in {what}" + did_you_mean(key, allowed),
                          "unknown-field")

    def _str(self, file: str, decl: YMap, key: str, default: str) -> str:
        value = decl.get(key)
        if value is None:
            return default
        if not isinstance(value, str):
            self._err(file, decl.pos(key), f"'{key}' must be text", "field-type")
            return default
        return value

    def _bool(self, file: str, decl: YMap, key: str) -> bool:
        value = decl.get(key, False)
        if not isinstance(value, bool):
            self._err(file, decl.pos(key), f"'{key}' must be true or false", "field-type")
            return False
        return value

    def _origin(self, file: str, decl: YMap) -> str:
        value = decl.get("origin", "source")
        if value not in ("source", "target"):
            self._err(file, decl.pos("origin"), "'origin' must be 'source' or 'target'",
                      "field-type")
            return "source"
        return str(value)

    def _strs(self, file: str, decl: YMap, key: str) -> list[str]:
        value = decl.get(key)
        if value is None:
            return []
        if isinstance(value, str):
            return [value]
        if not isinstance(value, YList) or not all(isinstance(v, str) for v in value):
            self._err(file, decl.pos(key), f"'{key}' must be a list of text values", "field-type")
            return []
        return list(value)

    def _types(self, file: str, decl: YMap, key: str, schema: Schema) -> list[str]:
        names = self._strs(file, decl, key)
        for i, name in enumerate(names):
            if name not in schema.entity_types:
                value = decl.get(key)
                pos = value.pos(i) if isinstance(value, YList) else decl.pos(key)
                self._err(file, pos, f"unknown entity type '{name}'"
                          + did_you_mean(name, schema.entity_types), "unknown-entity-type")
        return names

    def _attributes(self, file: str, decl: YMap) -> dict[str, str]:
        value = decl.get("attributes")
        if value is None:
            return {}
        if not isinstance(value, YMap):
            self._err(file, decl.pos("attributes"),
                      "'attributes' must map attribute names to value types", "field-type")
            return {}
        out: dict[str, str] = {}
        for name, vtype in value.items():
            if vtype not in VALUE_TYPES:
                self._err(file, value.pos(name),
                          f"attribute '{name}': unknown value type {vtype!r} "
                          f"(use one of {', '.join(VALUE_TYPES)})", "schema")
                continue
            out[name] = vtype
        return out


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value
