"""A JSON Schema (draft-07) of the data files, generated from a dataset's schema, for
editors: with it, VS Code's YAML extension (and any JSON Schema validator) completes the
entity and relation types, the fields each type allows, and flags a missing name or
evidence while you type.

It checks what one file can show on its own: sections, fields, required fields, types
and relation types, ids, the shape of dates, attribute value types, evidence. What needs
the whole dataset — references to entities and sources in other files, duplicate ids,
which entity types a relation type allows at its ends, quotes against documents — is
``kgraph validate``'s.
"""

from __future__ import annotations

from typing import Any

from kgraph.relationcheck import EVIDENCE_FIELDS, RELATION_FIELDS
from kgraph.schema import (
    ENTITY_TYPE_FIELDS,
    MEASURE_FIELDS,
    RELATION_TYPE_FIELDS,
    VALUE_TYPES,
    Schema,
)
from kgraph.validate import (
    ENTITY_FIELDS,
    EXTENDABLE,
    EXTENDS,
    SOURCE_FIELDS,
)

DRAFT = "http://json-schema.org/draft-07/schema#"

_TEXT: dict[str, Any] = {"type": ["string", "number"]}  # numbers are read as their text
_NONEMPTY: dict[str, Any] = {"anyOf": [{"type": "string", "minLength": 1}, {"type": "number"}]}
_ID: dict[str, Any] = {"type": "string", "pattern": r"^[A-Za-z0-9][A-Za-z0-9._:-]*$",
                       "description": "letters, digits, '-', '_', '.' or ':', no spaces"}
_DATE: dict[str, Any] = {
    "anyOf": [
        {"type": "string",
         "pattern": r"^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$"},
        {"type": "integer", "minimum": 1, "maximum": 9999},
        {"type": "null"},
    ],
    "description": "an ISO date: YYYY, YYYY-MM or YYYY-MM-DD",
}
_VALUE: dict[str, dict[str, Any]] = {
    "string": {"type": "string"},
    "integer": {"type": "integer"},
    "number": {"type": "number"},
    "boolean": {"type": "boolean"},
    "date": {"$ref": "#/definitions/date"},
    "list": {"type": "array"},
}
assert set(_VALUE) == set(VALUE_TYPES)


def json_schema(schema: Schema, title: str = "kgraph data file") -> dict[str, Any]:
    """The JSON Schema of one data file under ``schema``."""
    entity_types = sorted(schema.entity_types)
    relation_types = sorted(schema.relation_types)
    return {
        "$schema": DRAFT,
        "title": title,
        "description": "A kgraph data file: any of the sections below (kgraph validate "
                       "checks the whole dataset).",
        "type": "object",
        "additionalProperties": False,
        "properties": {
            EXTENDS: {"enum": list(EXTENDABLE),
                      "description": "keep kgraph's own types and add this file's"},
            "entity_types": {"type": "object",
                             "additionalProperties": {"$ref": "#/definitions/entity_type"}},
            "relation_types": {"type": "object",
                               "additionalProperties": {"$ref": "#/definitions/relation_type"}},
            "measures": {"type": "object",
                         "additionalProperties": {"$ref": "#/definitions/measure"}},
            "sources": _list_of("source"),
            "entities": _list_of("entity"),
            "relations": _list_of("relation"),
        },
        "definitions": {
            "id": _ID,
            "date": _DATE,
            "text": _TEXT,
            "evidence": _evidence(),
            "source": _source(),
            "entity": _entity(schema, entity_types),
            "relation": _relation(schema, relation_types),
            "entity_type": _declaration(ENTITY_TYPE_FIELDS, []),
            "relation_type": _declaration(RELATION_TYPE_FIELDS, ["source", "target", "reading"]),
            "measure": _declaration(MEASURE_FIELDS, []),
        },
    }


def _list_of(name: str) -> dict[str, Any]:
    return {"type": ["array", "null"], "items": {"$ref": f"#/definitions/{name}"}}


def _evidence() -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["source", "quote"],
        "properties": {"source": _NONEMPTY, "quote": _quote(), "notes": _TEXT},
        "propertyNames": {"enum": sorted(EVIDENCE_FIELDS)},
    }


def _quote() -> dict[str, Any]:
    return {"anyOf": [{"type": "string", "pattern": r"\S"}, {"type": "number"}],
            "description": "the source's words, verbatim"}


def _evidenced() -> dict[str, Any]:
    """What a record needs for evidence: a source and its quote, or an evidence list."""
    return {
        "dependencies": {"source": ["quote"], "quote": ["source"]},
        "anyOf": [
            {"required": ["source"]},
            {"required": ["evidence"], "properties": {"evidence": {"minItems": 1}}},
        ],
    }


def _common() -> dict[str, Any]:
    return {
        "source": {**_NONEMPTY, "description": "the id of a source"},
        "quote": _quote(),
        "evidence": {"type": ["array", "null"], "items": {"$ref": "#/definitions/evidence"}},
        "date": {"$ref": "#/definitions/date"},
        "start": {"$ref": "#/definitions/date"},
        "end": {"$ref": "#/definitions/date"},
        "inferred": {"type": ["object", "null"],
                     "additionalProperties": {"type": "string", "pattern": r"\S"},
                     "description": "each inferred field, and why it was inferred"},
        "notes": {"type": ["string", "number", "null"]},
        "description": {"type": ["string", "number", "null"]},
    }


def _dates_apart() -> dict[str, Any]:
    return {"not": {"anyOf": [{"required": ["date", "start"]}, {"required": ["date", "end"]}]}}


def _source() -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["id", "title"],
        "properties": {
            "id": {"$ref": "#/definitions/id"},
            "title": _NONEMPTY,
            "date": {"$ref": "#/definitions/date"},
            "publisher": {"type": ["string", "number", "null"]},
            "file": {"type": ["string", "number", "null"],
                     "description": "the document's file, in the sources folder"},
            "url": {"type": ["string", "number", "null"]},
            "checksum": {"type": "string", "pattern": "^sha256:[0-9a-fA-F]+$"},
        },
        "propertyNames": {"enum": sorted(SOURCE_FIELDS)},
    }


def _entity(schema: Schema, types: list[str]) -> dict[str, Any]:
    properties = {
        "id": {"$ref": "#/definitions/id"},
        "type": {"enum": types, "enumDescriptions": [schema.label(t) for t in types]},
        "name": _NONEMPTY,
        "aliases": {"anyOf": [
            {"type": "string"}, {"type": "null"},
            {"type": "array", "items": {"anyOf": [{"type": "string", "pattern": r"\S"},
                                                  {"type": "integer"}]}}]},
        "url": {},
        **_common(),
    }
    per_type = [_fields_of(name, schema.attributes_for(name), ENTITY_FIELDS) for name in types]
    return {
        "type": "object",
        "required": ["id", "type", "name"],
        "properties": properties,
        "allOf": [_evidenced(), _dates_apart(), *per_type],
    }


def _relation(schema: Schema, types: list[str]) -> dict[str, Any]:
    descriptions = []
    for name in types:
        rt = schema.relation_types[name]
        descriptions.append(f"{rt.reading} ({', '.join(rt.source)} -> {', '.join(rt.target)})")
    per_type = [_fields_of(name, schema.relation_types[name].attributes, RELATION_FIELDS)
                for name in types]
    return {
        "type": "object",
        "required": ["from", "type", "to"],
        "properties": {
            "from": {"type": "string", "minLength": 1, "description": "an entity id"},
            "type": {"enum": types, "enumDescriptions": descriptions},
            "to": {"type": "string", "minLength": 1, "description": "an entity id"},
            **_common(),
        },
        "allOf": [_evidenced(), _dates_apart(), *per_type],
    }


def _fields_of(type_name: str, declared: dict[str, str], core: set[str]) -> dict[str, Any]:
    """A record of ``type_name``: its core fields and the attributes its type declares,
    each with its value type, and no other field."""
    return {
        "if": {"properties": {"type": {"const": type_name}}, "required": ["type"]},
        "then": {
            "properties": {k: _VALUE[v] for k, v in declared.items()},
            "propertyNames": {"enum": sorted(core | set(declared))},
        },
    }


def _declaration(fields: set[str], required: list[str]) -> dict[str, Any]:
    return {"type": "object", "required": required,
            "propertyNames": {"enum": sorted(fields)}}
