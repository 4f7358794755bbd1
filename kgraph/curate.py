"""The records ``kgraph add`` and ``kgraph sources add`` write, made from what the user
typed: types and entities named as people name them (did-you-mean otherwise), ids made
from names, dates and attributes checked, and a document's title, date and checksum.

Each function returns the record to append (a plain dict, keys in the order the data
files use); :mod:`kgraph.edit` checks the dataset with it and writes it.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kgraph.dates import check_date
from kgraph.errors import UsageError
from kgraph.model import Dataset
from kgraph.text import did_you_mean

if TYPE_CHECKING:
    from kgraph.graph import KnowledgeGraph

ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]*\Z")
MAX_ID_WORDS = 8


def slug(text: str, max_words: int = MAX_ID_WORDS) -> str:
    """An id made from a name: 'Néstor Humberto Martínez' -> 'nestor-humberto-martinez'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    return "-".join(words[:max_words])


def check_id(value: str, what: str = "id") -> str:
    if not ID_PATTERN.match(value):
        raise UsageError(f"bad {what} '{value}': use letters, digits, '-', '_', '.' or ':' "
                         "(no spaces), starting with a letter or digit")
    return value


def new_id(ds: Dataset, given: str | None, name: str, taken: dict[str, Any]) -> str:
    """``given`` (checked) or an id made from ``name``; never one that is ``taken``."""
    ident = check_id(given) if given else slug(name)
    if not ident:
        raise UsageError(f"cannot make an id from '{name}'; give one with --id")
    if ident in taken:
        other = taken[ident]
        label = getattr(other, "name", None) or getattr(other, "title", "")
        raise UsageError(f"the id '{ident}' is taken (by '{label}'); give another with --id")
    return ident


def date_value(value: str | None, option: str = "--date") -> str | None:
    if value is None:
        return None
    iso = check_date(value)
    if iso is None:
        raise UsageError(f"{option} {value!r} is not an ISO date (YYYY, YYYY-MM or "
                         "YYYY-MM-DD)")
    return iso


def entity_type(ds: Dataset, word: str) -> str:
    """The entity type ``word`` names (its id, label or plural); did-you-mean otherwise."""
    found = ds.schema.entity_type_named(word)
    if found is None:
        raise UsageError(f"unknown entity type '{word}'" + (
            ds.schema.entity_type_hint(word) or "; see 'kgraph schema' for the types"))
    return found


def attributes(ds: Dataset, etype: str, pairs: list[str]) -> dict[str, Any]:
    """``KEY=VALUE`` pairs as the type's declared attributes, with their value types."""
    declared = ds.schema.attributes_for(etype)
    out: dict[str, Any] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        key = key.strip()
        if not sep or not key:
            raise UsageError(f"--attribute '{pair}': write KEY=VALUE, e.g. role=Prosecutor")
        if key not in declared:
            known = ", ".join(sorted(declared)) or "none"
            raise UsageError(f"'{etype}' has no attribute '{key}'"
                             + did_you_mean(key, declared) + f" (its attributes: {known})")
        out[key] = _typed(value, declared[key], key)
    return out


def _typed(value: str, vtype: str, key: str) -> Any:
    if vtype == "integer":
        try:
            return int(value)
        except ValueError:
            raise UsageError(f"attribute '{key}' is an integer, not {value!r}") from None
    if vtype == "number":
        try:
            return float(value) if "." in value or "e" in value.lower() else int(value)
        except ValueError:
            raise UsageError(f"attribute '{key}' is a number, not {value!r}") from None
    if vtype == "boolean":
        if value.lower() not in ("true", "false"):
            raise UsageError(f"attribute '{key}' is true or false, not {value!r}")
        return value.lower() == "true"
    if vtype == "date":
        return date_value(value, f"attribute '{key}'")
    if vtype == "list":
        return [v.strip() for v in value.split(",") if v.strip()]
    return value


def evidence(source: str, quote: str) -> dict[str, str]:
    if not source.strip():
        raise UsageError("--source is empty: give the id of a registered source")
    if not quote.strip():
        raise UsageError("--quote is empty: give the source's words, verbatim")
    return {"source": source, "quote": quote}


def entity_record(ds: Dataset, type_word: str, name: str, source: str, quote: str,
                  ident: str | None = None, aliases: list[str] | None = None,
                  description: str | None = None, date: str | None = None,
                  attribute_pairs: list[str] | None = None) -> dict[str, Any]:
    """A new entity's record."""
    if not name.strip():
        raise UsageError("the entity's name is empty")
    etype = entity_type(ds, type_word)
    record: dict[str, Any] = {"id": new_id(ds, ident, name, ds.entities), "type": etype,
                              "name": name.strip()}
    if aliases:
        record["aliases"] = [a.strip() for a in aliases if a.strip()]
    record.update(attributes(ds, etype, attribute_pairs or []))
    if description:
        record["description"] = description
    if date:
        record["date"] = date_value(date)
    record.update(evidence(source, quote))
    return record


@dataclass
class Ends:
    """A relation's ends and type as resolved, with what was understood."""

    source: str
    type: str
    target: str
    notes: list[str] = field(default_factory=list)


def relation_ends(kg: KnowledgeGraph, ds: Dataset, from_text: str, type_word: str,
                  to_text: str) -> Ends:
    """Resolve ``FROM TYPE TO`` as typed: entities by id, name or alias (did-you-mean
    otherwise), the type by its id, reading or a synonym; a reading that goes backwards
    ('was attended by') swaps the ends."""
    from kgraph.resolve import resolve_entity

    notes: list[str] = []
    named = ds.schema.relation_type_named(type_word)
    if named is None:
        raise UsageError(f"unknown relation type '{type_word}'" + (
            ds.schema.relation_type_hint(type_word) or "; see 'kgraph schema' for the types"))
    rtype, backwards = named
    if type_word != rtype:
        notes.append(f"'{type_word}' is the relation type '{rtype}'"
                     + (", read backwards: 'from' and 'to' swapped" if backwards else ""))
    a, b = resolve_entity(kg, from_text), resolve_entity(kg, to_text)
    for text, ident in ((from_text, a), (to_text, b)):
        if text not in (ident, ds.entities[ident].name if ident in ds.entities else ident):
            notes.append(f"'{text}' is {ident} ({ds.entities[ident].name})"
                         if ident in ds.entities else f"'{text}' is {ident}")
    return Ends(b, rtype, a, notes) if backwards else Ends(a, rtype, b, notes)


def relation_record(ends: Ends, source: str, quote: str, date: str | None = None,
                    description: str | None = None) -> dict[str, Any]:
    record: dict[str, Any] = {"from": ends.source, "type": ends.type, "to": ends.target}
    if date:
        record["date"] = date_value(date)
    if description:
        record["description"] = description
    record.update(evidence(source, quote))
    return record


# -- documents ------------------------------------------------------------------------------


def checksum(raw: bytes) -> str:
    return "sha256:" + hashlib.sha256(raw).hexdigest()


def first_line_title(text: str, limit: int = 200) -> tuple[str, int] | None:
    """The document's first line of words (a headline), and its line number."""
    for number, line in enumerate(text.splitlines(), 1):
        words = line.strip().lstrip("#").strip().strip("*_").strip()
        if re.search(r"\w", words):
            return (words if len(words) <= limit else words[:limit - 1] + "…"), number
    return None


_MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], 1)}
_MONTH = r"(" + "|".join(m.title() for m in _MONTHS) + r")"
_DATES = [
    (re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"), lambda m: (m[1], m[2], m[3])),
    (re.compile(_MONTH + r"\s+(\d{1,2}),?\s+(\d{4})\b"), lambda m: (m[3], m[1], m[2])),
    (re.compile(r"\b(\d{1,2})\s+" + _MONTH + r",?\s+(\d{4})\b"), lambda m: (m[3], m[2], m[1])),
]
DATE_LINES = 15


def date_in(text: str) -> tuple[str, int] | None:
    """A date written near the top of a document (its first lines), as ISO, and the line:
    a guess for a person to confirm."""
    for number, line in enumerate(text.splitlines()[:DATE_LINES], 1):
        for pattern, parts in _DATES:
            m = pattern.search(line)
            if not m:
                continue
            year, month, day = parts(m)
            month_no = int(month) if month.isdigit() else _MONTHS[month.lower()]
            iso = check_date(f"{year}-{month_no:02d}-{int(day):02d}")
            if iso:
                return iso, number
    return None


@dataclass
class Registered:
    """A document about to be registered: its record and what was guessed."""

    record: dict[str, Any]
    guessed: dict[str, str] = field(default_factory=dict)  # field -> where it came from


def source_record(ds: Dataset, relative: str, raw: bytes, ident: str | None,
                  title: str | None, date: str | None, publisher: str | None,
                  url: str | None) -> Registered:
    """The record of a document stored as ``relative`` in the sources folder."""
    for src in ds.sources.values():
        if src.file == relative:
            raise UsageError(f"'{relative}' is registered already, as source '{src.id}'; "
                             "--update records its new checksum")
    text = raw.decode("utf-8", errors="replace")
    guessed: dict[str, str] = {}
    if not title:
        found = first_line_title(text)
        if found is None:
            raise UsageError(f"'{relative}' has no line of text to take a title from; give "
                             "one with --title")
        title, line = found
        guessed["title"] = f"line {line}"
    record: dict[str, Any] = {"id": new_id(ds, ident, Path(relative).stem, ds.sources),
                              "title": title}
    if publisher:
        record["publisher"] = publisher
    if date:
        record["date"] = date_value(date)
    else:
        found_date = date_in(text)
        if found_date is not None:
            record["date"], line = found_date
            guessed["date"] = f"date on line {line}"
    record["file"] = relative
    if url:
        record["url"] = url
    record["checksum"] = checksum(raw)
    return Registered(record, guessed)
