"""JSON and JSON Lines for listings that may be large, written as they are made.

A listing's result may hold iterators (see ``stream=True`` in :mod:`kgraph.queries`):
they are written item by item and never held whole, so ``--json --limit 0`` around a hub
of 70,000 entities runs in bounded memory. The layout: one key of the top-level object
per line, and each item of a list on a line of its own (items that hold lists of their
own, such as a tree's children, are opened the same way). Items made as JSON text
already (:class:`kgraph.jsontext.Text`, see ``encoded=True``) are written as they are.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from types import GeneratorType
from typing import IO, Any

from kgraph import collector
from kgraph.jsontext import Text, encode

_encode = encode
_keys: dict[str, str] = {}  # a key -> its text and ": " (a result has few keys)


def _key(key: Any) -> str:
    found = _keys.get(key) if type(key) is str else None
    if found is None:
        found = _encode(str(key)) + ": "
        if type(key) is str and len(_keys) < 1000:
            _keys[key] = found
    return found


def _holds(value: dict[str, Any]) -> type | None:
    """``GeneratorType`` when ``value`` must be written piece by piece (it holds an
    iterator: the queries put iterators only in dicts and lists), else ``Text`` when it
    holds text made already, else None."""
    found = None
    for v in value.values():
        kind = type(v)
        if kind is GeneratorType:
            return kind
        if kind is Text:
            found = Text
    return found


def _materialised(value: Any) -> Any:
    if type(value) is dict:
        return {k: _materialised(v) for k, v in value.items()}
    if type(value) in (list, GeneratorType):
        return [_materialised(v) for v in value]
    return value


class _Batched:
    """``out``, written to in pieces of a few hundred items: standard output without a
    buffer of its own (``PYTHONUNBUFFERED``, ``python -u``) would make a system call of
    each item (a second and more of a hub's 800,000)."""

    __slots__ = ("out", "parts")

    def __init__(self, out: IO[str]) -> None:
        self.out = out
        self.parts: list[str] = []

    def write(self, text: str) -> None:
        parts = self.parts
        parts.append(text)
        if len(parts) >= 500:
            self.out.write("".join(parts))
            parts.clear()

    def flush(self) -> None:
        if self.parts:
            self.out.write("".join(self.parts))
            self.parts.clear()
        self.out.flush()


def write_json(result: dict[str, Any], out: IO[str] | None = None) -> None:
    """``result`` as JSON on ``out`` (stdout): every list one item per line."""
    batched = _Batched(out or sys.stdout)
    with collector.paused(keep=True):
        _object(result, batched, "", top=True)
    batched.write("\n")
    batched.flush()


def _object(obj: dict[str, Any], out: _Batched, indent: str, top: bool = False) -> None:
    inner = indent + "  "
    opened = "{\n" + inner
    for key, value in obj.items():
        out.write(opened + _key(key))
        opened = ",\n" + inner
        _value(value, out, inner, top)
    out.write("\n" + indent + "}" if opened[0] == "," else "{}")


def _value(value: Any, out: _Batched, indent: str, top: bool = False) -> None:
    kind = type(value)
    if kind is Text:
        out.write(value)
    elif kind is GeneratorType or (top and kind is list):
        _list(value, out, indent)
    elif kind is dict:
        holds = _holds(value)
        if holds is GeneratorType:
            _object(value, out, indent)
        elif holds is Text:  # (on one line, as the encoder would write it)
            out.write("{" + ", ".join([_key(k) + (v if type(v) is Text else _encode(v))
                                       for k, v in value.items()]) + "}")
        else:
            out.write(_encode(value))
    else:
        out.write(_encode(value))


def _list(items: Iterable[Any], out: _Batched, indent: str) -> None:
    inner = indent + "  "
    opened = "[\n" + inner
    write = out.write
    for item in items:
        if type(item) is Text:  # (most items of a large result)
            write(opened + item)
        else:
            write(opened)
            _value(item, out, inner)
        opened = ",\n" + inner
    write("\n" + indent + "]" if opened[0] == "," else "[]")


def write_jsonl(records: Iterable[Any], out: IO[str] | None = None) -> None:
    """Each record as one line of JSON (JSON Lines), as it comes."""
    batched = _Batched(out or sys.stdout)
    with collector.paused(keep=True):
        for record in records:
            if type(record) is Text:
                batched.write(record + "\n")
            else:
                batched.write(_encode(_materialised(record) if _holds_iterator(record)
                                      else record) + "\n")
    batched.flush()


def _holds_iterator(value: Any) -> bool:
    kind = type(value)
    if kind is dict:
        return _holds(value) is GeneratorType
    return kind is GeneratorType
