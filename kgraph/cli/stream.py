"""JSON and JSON Lines for listings that may be large, written as they are made.

A listing's result may hold iterators (see ``stream=True`` in :mod:`kgraph.queries`):
they are written item by item and never held whole, so ``--json --limit 0`` around a hub
of 70,000 entities runs in bounded memory. The layout: one key of the top-level object
per line, and each item of a list on a line of its own (items that hold lists of their
own, such as a tree's children, are opened the same way).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from types import GeneratorType
from typing import IO, Any

_encode = json.JSONEncoder(ensure_ascii=False, default=str).encode


def _streams(value: Any) -> bool:
    """Whether ``value`` must be written piece by piece: an iterator, or a dict that holds
    one (the queries put iterators only there)."""
    kind = type(value)
    if kind is dict:
        return any(type(v) is GeneratorType for v in value.values())
    return kind is GeneratorType


def _materialised(value: Any) -> Any:
    if type(value) is dict:
        return {k: _materialised(v) for k, v in value.items()}
    if type(value) in (list, GeneratorType):
        return [_materialised(v) for v in value]
    return value


def write_json(result: dict[str, Any], out: IO[str] | None = None) -> None:
    """``result`` as JSON on ``out`` (stdout): every list one item per line."""
    out = out or sys.stdout
    _object(result, out, "", top=True)
    out.write("\n")
    out.flush()


def _object(obj: dict[str, Any], out: IO[str], indent: str, top: bool = False) -> None:
    inner = indent + "  "
    out.write("{")
    first = True
    for key, value in obj.items():
        out.write(("\n" if first else ",\n") + inner + _encode(str(key)) + ": ")
        first = False
        _value(value, out, inner, top)
    out.write(("\n" + indent if not first else "") + "}")


def _value(value: Any, out: IO[str], indent: str, top: bool = False) -> None:
    kind = type(value)
    if kind is GeneratorType or (top and kind is list):
        _list(value, out, indent)
    elif kind is dict and _streams(value):
        _object(value, out, indent)
    else:
        out.write(_encode(value))


def _list(items: Iterable[Any], out: IO[str], indent: str) -> None:
    inner = indent + "  "
    out.write("[")
    first = True
    for item in items:
        out.write(("\n" if first else ",\n") + inner)
        first = False
        _value(item, out, inner)
    out.write(("\n" + indent if not first else "") + "]")


def write_jsonl(records: Iterable[Any], out: IO[str] | None = None) -> None:
    """Each record as one line of JSON (JSON Lines), as it comes."""
    out = out or sys.stdout
    for record in records:
        out.write(_encode(_materialised(record) if _streams(record) else record) + "\n")
    out.flush()
