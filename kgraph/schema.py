"""Entity and relation types, read from schema YAML (the schema is data).

Loaded in two phases: every file's ``entity_types`` / ``relation_types`` / ``measures``
are collected first, then cross-references (parents, allowed source/target types) are
resolved and checked.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from kgraph.errors import Problem
from kgraph.text import did_you_mean, fold
from kgraph.yamlvalues import YList, YMap

VALUE_TYPES = ("string", "integer", "number", "boolean", "date", "list")

# An attribute name is an identifier: it becomes a column, a property key, an IRI and a
# CSV header (where ':' or ';' would change what neo4j-admin imports).
ATTRIBUTE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
# names kgraph gives a record's own fields (and ``where``, its position): an attribute
# called so would be shadowed by them and vanish
RESERVED_ATTRIBUTES = frozenset({
    "id", "type", "name", "label", "where", "aliases", "description", "date", "start",
    "end", "inferred", "source", "quote", "evidence", "notes", "url", "from", "to", "key",
    "claim", "attributed_to", "figures",
})

ENTITY_TYPE_FIELDS = {"label", "plural", "color", "description", "parent", "attributes",
                      "synonyms"}
RELATION_TYPE_FIELDS = {
    "source", "target", "reading", "inverse_reading", "synonyms", "inverse_synonyms",
    "source_nouns", "target_nouns",
    "lineage", "transitive", "origin", "composition", "symmetric", "temporal", "description", "attributes", "label",
    "through_parts", "shared_target", "usual_source", "usual_target", "acts_as_target",
    "implies", "by_way_of",
}
MEASURE_FIELDS = {"reading", "synonyms", "description"}
SCHEMA_SECTIONS = ("entity_types", "relation_types", "measures")


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
    # its source acts as its target as the source of other relations: the holder of an
    # office is ambassador to what the office is ambassador to (holds_office)
    acts_as_target: bool = False
    # the relation types a relation of this type entails between the same two entities
    # (spoke_at implies attended: who spoke at a meeting took part in it)
    implies: list[str] = field(default_factory=list)
    # two relation types whose chain, through an entity between, entails this one between
    # its ends (made_statements_on by way of [said, about]: who said a statement about X
    # made statements on X)
    by_way_of: list[str] = field(default_factory=list)
    description: str = ""
    attributes: dict[str, str] = field(default_factory=dict)
    # the entity types an end usually has (of those allowed); others get a warning
    usual_source: list[str] = field(default_factory=list)
    usual_target: list[str] = field(default_factory=list)


@dataclass
class Measure:
    """What a figure counts or measures: ``charged`` in "3,800 members were charged"."""

    name: str
    reading: str  # the verb as a sentence uses it: "were charged"
    synonyms: list[str] = field(default_factory=list)  # other words for it in questions
    description: str = ""


@dataclass
class Schema:
    entity_types: dict[str, EntityType] = field(default_factory=dict)
    relation_types: dict[str, RelationType] = field(default_factory=dict)
    measures: dict[str, Measure] = field(default_factory=dict)

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

    def implying(self, rtype: str) -> list[str]:
        """The relation types that imply ``rtype`` (``implies``), directly or through a
        chain of them, in declaration order: who spoke at a meeting attended it."""
        found: list[str] = []
        todo = [rtype]
        while todo:
            one = todo.pop(0)
            for name, rt in self.relation_types.items():
                if one in rt.implies and name != rtype and name not in found:
                    found.append(name)
                    todo.append(name)
        return found

    def lineage_types(self) -> list[str]:
        return [r.name for r in self.relation_types.values() if r.lineage]

    def color(self, type_name: str) -> str:
        for t in self.ancestors(type_name):
            et = self.entity_types.get(t)
            if et and et.color:
                return et.color
        return "#999999"

    def entity_type_named(self, word: str) -> str | None:
        """The entity type ``word`` names: its id, label or plural, in any case."""
        if word in self.entity_types:
            return word
        return _type_words(self)[0].get(fold(word))

    def relation_type_named(self, word: str) -> tuple[str, bool] | None:
        """The relation type ``word`` names (its id, reading or a synonym) and whether it
        names it backwards (an inverse reading: 'was attended by' for ``attended``)."""
        if word in self.relation_types:
            return word, False
        return _type_words(self)[1].get(fold(word))

    def entity_type_hint(self, word: str) -> str:
        """`` (did you mean 'person'?)`` for an unknown entity type, from ids, labels and
        plurals; empty when nothing is close."""
        if not isinstance(word, str):
            return ""
        known = self.entity_type_named(word)
        if known is not None:
            return f" (did you mean '{known}'? use the type's id)"
        words = _type_words(self)[0]
        return _closest(word, {**{t: t for t in self.entity_types}, **words})

    def relation_type_hint(self, word: str) -> str:
        """`` (did you mean 'met_with'?)`` for an unknown relation type, from ids, readings
        and synonyms ('met' is a synonym of ``met_with``); empty when nothing is close."""
        if not isinstance(word, str):
            return ""
        named = self.relation_type_named(word)
        if named is not None:
            name, backwards = named
            if backwards:
                return (f" (did you mean '{name}', with 'from' and 'to' swapped? "
                        f"'{word}' reads it backwards)")
            return f" (did you mean '{name}'? '{word}' is how it reads; use the type's id)"
        words = _type_words(self)[1]
        return _closest(word, {**{k: v[0] for k, v in words.items()},
                               **{t: t for t in self.relation_types}})

    def to_dict(self) -> dict[str, Any]:
        from dataclasses import asdict

        return {
            "entity_types": {k: asdict(v) for k, v in self.entity_types.items()},
            "relation_types": {k: asdict(v) for k, v in self.relation_types.items()},
            "measures": {k: asdict(v) for k, v in self.measures.items()},
        }


class SchemaBuilder:
    """Collects type declarations from several files, then checks and resolves them."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self._entity: dict[str, tuple[str, YMap, Any]] = {}
        self._relation: dict[str, tuple[str, YMap, Any]] = {}
        self._measure: dict[str, tuple[str, YMap, Any]] = {}

    def _err(self, file: str, pos: tuple[int, int], message: str, rule: str) -> None:
        self.problems.append(Problem(file, pos[0], pos[1], message, rule))

    def add(self, file: str, section: str, value: Any, parent: YMap, base: bool = False) -> None:
        """Collect one file's ``entity_types``, ``relation_types`` or ``measures``. ``base``:
        the schema a project's schema extends (``extends: bundled``): a type the project
        declares itself replaces the base's type of that name."""
        table = {"entity_types": self._entity, "relation_types": self._relation,
                 "measures": self._measure}[section]
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
                if base:
                    continue
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
                acts_as_target=self._bool(file, decl, "acts_as_target"),
                implies=self._strs(file, decl, "implies"),
                by_way_of=self._strs(file, decl, "by_way_of"),
                description=self._str(file, decl, "description", default=""),
                attributes=self._attributes(file, decl),
                usual_source=self._types(file, decl, "usual_source", schema),
                usual_target=self._types(file, decl, "usual_target", schema),
            )
            schema.relation_types[name] = rt
        for name, (file, decl, pos) in self._relation.items():
            self._implied(file, decl, schema.relation_types[name], schema)
            self._chained(file, decl, schema.relation_types[name], schema)
        for name, (file, decl, pos) in self._measure.items():
            self._check_fields(file, decl, MEASURE_FIELDS, f"measure '{name}'")
            schema.measures[name] = Measure(
                name=name, reading=self._str(file, decl, "reading", default=name.replace("_", " ")),
                synonyms=self._strs(file, decl, "synonyms"),
                description=self._str(file, decl, "description", default=""))
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

    def _others(self, file: str, decl: YMap, rt: RelationType, schema: Schema, key: str,
                says: str) -> Iterator[tuple[Any, str, RelationType]]:
        """Each relation type ``rt`` names in ``key`` that is declared and not ``rt``
        itself, with its position (the others are errors: "``rt`` {says} unknown relation
        type ...")."""
        value = decl.get(key)
        for i, other in enumerate(getattr(rt, key)):
            pos = value.pos(i) if isinstance(value, YList) else decl.pos(key)
            target = schema.relation_types.get(other)
            if target is None:
                self._err(file, pos, f"relation type '{rt.name}' {says} unknown relation "
                          f"type '{other}'" + did_you_mean(other, schema.relation_types),
                          "unknown-relation-type")
            elif other == rt.name:
                self._err(file, pos, f"relation type '{rt.name}' {says} itself: leave it "
                          f"out of '{key}'", "schema")
            else:
                yield pos, other, target

    def _implied(self, file: str, decl: YMap, rt: RelationType, schema: Schema) -> None:
        """Check the relation types ``rt`` implies: declared, other than itself, and
        allowing ``rt``'s ends (what is implied must be a relation the data could hold)."""
        for pos, other, target in self._others(file, decl, rt, schema, "implies", "implies"):
            for end, mine, theirs in (("source", rt.source, target.source),
                                      ("target", rt.target, target.target)):
                wrong = [t for t in mine if t in schema.entity_types and not any(
                    schema.is_a(t, u) for u in theirs)]
                if wrong:
                    self._err(file, pos, f"relation type '{rt.name}' implies '{other}', "
                              f"whose {end} may not be {', '.join(wrong)}: allow "
                              f"{'it' if len(wrong) == 1 else 'them'} in '{other}' or "
                              "leave it out of 'implies'", "schema")

    def _chained(self, file: str, decl: YMap, rt: RelationType, schema: Schema) -> None:
        """Check ``by_way_of``: two declared relation types, other than ``rt``."""
        if rt.by_way_of and len(rt.by_way_of) != 2:
            self._err(file, decl.pos("by_way_of"), f"relation type '{rt.name}': 'by_way_of' "
                      "takes two relation types, the first from the source to an entity "
                      "between and the second from it to the target (for example "
                      "[said, about])", "schema")
        elif rt.by_way_of:
            list(self._others(file, decl, rt, schema, "by_way_of", "is by way of"))

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
            if not isinstance(name, str) or not ATTRIBUTE_NAME.match(name):
                suggestion = re.sub(r"\W+", "_", str(name)).strip("_")
                if not suggestion or suggestion[0].isdigit():
                    suggestion = "attr_" + suggestion
                self._err(file, value.pos(name, value=False),
                          f"attribute name {str(name)!r} is not an identifier: use letters, "
                          f"digits and '_', starting with a letter (e.g. '{suggestion}')",
                          "schema")
                continue
            if name in RESERVED_ATTRIBUTES:
                self._err(file, value.pos(name, value=False),
                          f"attribute name '{name}' is reserved: kgraph uses it for every "
                          f"record; choose another name (e.g. '{name}_value')", "schema")
                continue
            if vtype not in VALUE_TYPES:
                self._err(file, value.pos(name),
                          f"attribute '{name}': unknown value type {vtype!r} "
                          f"(use one of {', '.join(VALUE_TYPES)})", "schema")
                continue
            out[name] = vtype
        return out


def _closest(word: str, names: dict[str, str]) -> str:
    """`` (did you mean 'x'?)`` for the types whose words (``names``: word -> type) are
    closest to ``word``: the closest, and any nearly as close; empty when none is close."""
    import difflib

    key = fold(word)
    scored = sorted(((difflib.SequenceMatcher(None, key, k).ratio(), k) for k in names),
                    reverse=True)
    best = scored[0][0] if scored else 0.0
    found: list[str] = []
    for ratio, k in scored:
        if ratio < max(0.6, best - 0.15):
            break
        if names[k] not in found:
            found.append(names[k])
    if not found:
        return ""
    return " (did you mean " + ", ".join(f"'{n}'" for n in found[:3]) + "?)"


def _type_words(schema: Schema) -> tuple[dict[str, str], dict[str, tuple[str, bool]]]:
    """Folded words for types: entity type labels and plurals -> type; relation type
    readings and synonyms -> (type, backwards?). The first type to claim a word keeps it."""
    memo = schema.__dict__.get("_type_words")  # (hints for a million problems: build once)
    if memo is not None and memo[0] == (len(schema.entity_types), len(schema.relation_types)):
        return memo[1]  # type: ignore[no-any-return]
    entity: dict[str, str] = {}
    for name, et in schema.entity_types.items():
        for word in (name, name.replace("_", " "), et.label, et.plural):
            entity.setdefault(fold(word), name)
    relation: dict[str, tuple[str, bool]] = {}
    for name, rt in schema.relation_types.items():
        for word in (name, name.replace("_", " "), rt.reading, *rt.synonyms):
            relation.setdefault(fold(word), (name, False))
    for name, rt in schema.relation_types.items():
        for word in (rt.inverse_reading, *rt.inverse_synonyms):
            relation.setdefault(fold(word), (name, not rt.symmetric))
    schema.__dict__["_type_words"] = ((len(schema.entity_types), len(schema.relation_types)),
                                      (entity, relation))
    return entity, relation


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value
