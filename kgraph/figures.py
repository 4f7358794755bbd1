"""Figures: the numbers a source gives (3,800 members of MS-13 charged; 13,000 kg of cocaine
seized in 2016), each with what it measures, its unit, scope, claim and quote.

An entity's ``figures`` is a list of records (docs/format.md, "Figures"):
``measure`` (a measure of the schema: the verb, e.g. ``charged``), ``value``, ``unit``
(what is counted), optionally ``of`` and ``where`` (entity ids), ``what``, ``scope``,
``qualifier``, a date, and evidence, claim and notes as for any record. In the graph a
figure is a plain mapping in the node's ``figures`` list, its evidence as
``[{source, quote}]``; a query gives it names and source titles (:func:`for_card`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from kgraph.claims import ENTITY_CORE, STATED, attrs_of, read_claim
from kgraph.dates import dates_text
from kgraph.text import did_you_mean, normalise_quote

if TYPE_CHECKING:
    from kgraph.graph import KnowledgeGraph
    from kgraph.loader import YMap
    from kgraph.model import Evidence
    from kgraph.schema import Schema

FIELDS = {"measure", "value", "unit", "of", "what", "where", "scope", "qualifier", "date",
          "start", "end", "source", "quote", "evidence", "claim", "attributed_to",
          "inferred", "notes"}
TEXT_FIELDS = ("unit", "what", "scope", "notes")
REFERENCES = ("of", "where")  # fields naming an entity
# how exact the value is, in the words the source uses for it ("around 10,000" -> about)
QUALIFIERS = ("about", "more than", "at least", "less than", "at most")
# the order of a figure's keys in the graph and in JSON
ORDER = ("measure", "value", "unit", "of", "what", "where", "scope", "qualifier", "date",
         "start", "end", "claim", "attributed_to", "inferred", "evidence", "notes")

Ref = tuple[str, str, tuple[int, int], str]  # (file, entity id, position, field)


class Checker(Protocol):
    """What reading a figure needs of the record checker (kgraph.validate)."""

    def err(self, file: str, pos: tuple[int, int], message: str, rule: str,
            severity: str = ...) -> None: ...

    def fields(self, file: str, rec: YMap, allowed: Any, what: str) -> None: ...

    def required(self, file: str, rec: YMap, names: Any, what: str) -> bool: ...

    def text(self, file: str, rec: YMap, key: str) -> str | None: ...

    def dates(self, file: str, rec: YMap) -> dict[str, str | None]: ...

    def inferred(self, file: str, rec: YMap) -> dict[str, str]: ...

    def evidence(self, file: str, rec: YMap, what: str) -> list[Evidence]: ...


def read(c: Checker, file: str, rec: YMap, schema: Schema,
         refs: list[Ref]) -> tuple[dict[str, Any], ...]:
    """The checked figures of entity record ``rec``; entity references go to ``refs``."""
    from kgraph.loader import YList, YMap

    raw = rec.get("figures")
    if raw is None:
        return ()
    if not isinstance(raw, YList):
        c.err(file, rec.pos("figures"), "'figures' must be a list of figure records "
              "(each item starting with '- ')", "field-type")
        return ()
    out = []
    for i, item in enumerate(raw):
        if not isinstance(item, YMap):
            c.err(file, raw.pos(i), "each figure must be a mapping with 'measure', 'value', "
                  "'unit', 'source' and 'quote'", "field-type")
            continue
        figure = _one(c, file, item, schema, refs)
        if figure is not None:
            out.append(figure)
    return tuple(out)


def _one(c: Checker, file: str, rec: YMap, schema: Schema,
         refs: list[Ref]) -> dict[str, Any] | None:
    c.fields(file, rec, FIELDS, "a figure")
    ok = c.required(file, rec, ("measure", "value", "unit"), "figure")
    measure, value = rec.get("measure"), rec.get("value")
    if isinstance(measure, str) and measure not in schema.measures:
        known = ", ".join(schema.measures) or "none: declare them under 'measures'"
        c.err(file, rec.pos("measure"), f"unknown measure '{measure}'"
              + (did_you_mean(measure, schema.measures) or f" (known: {known})"),
              "unknown-measure")
        ok = False
    elif measure is not None and not isinstance(measure, str):
        c.err(file, rec.pos("measure"), "'measure' must be a measure name", "field-type")
        ok = False
    if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))):
        c.err(file, rec.pos("value"), f"'value' must be a number (write 3800, not "
              f"{value!r}; the unit goes in 'unit')", "field-type")
        ok = False
    qualifier = rec.get("qualifier")
    if qualifier is not None and qualifier not in QUALIFIERS:
        c.err(file, rec.pos("qualifier"), f"'qualifier' must be one of "
              f"{', '.join(QUALIFIERS)}" + did_you_mean(str(qualifier), QUALIFIERS),
              "field-type")
    figure: dict[str, Any] = {"measure": measure, "value": value}
    for key in TEXT_FIELDS:
        text = c.text(file, rec, key)
        if text is not None:
            figure[key] = text
    for key in REFERENCES:
        ref = rec.get(key)
        if ref is None:
            continue
        if not isinstance(ref, str):
            c.err(file, rec.pos(key), f"'{key}' must be an entity id", "field-type")
            continue
        refs.append((file, ref, rec.pos(key), f"figure '{key}'"))
        figure[key] = ref
    if qualifier in QUALIFIERS:
        figure["qualifier"] = qualifier
    figure.update({k: v for k, v in c.dates(file, rec).items() if v})
    inferred = c.inferred(file, rec)
    claim, by, claim_refs = read_claim(file, rec, inferred, ENTITY_CORE, c.err)
    refs.extend((file, ref, pos, "figure 'attributed_to'") for ref, pos in claim_refs)
    if claim != STATED:  # (a figure's claim is stated unless it says otherwise)
        figure.update(attrs_of(claim, by))
    if inferred:
        figure["inferred"] = inferred
    evidence = c.evidence(file, rec, "figure")
    figure["evidence"] = [ev.as_dict() for ev in evidence]
    if not ok or not evidence:
        return None
    for ev in evidence:
        if isinstance(value, (int, float)) and not states(ev.quote, value):
            c.err(ev.file, (ev.line, ev.col), f"the quote does not give the figure's value "
                  f"{_plain_number(value)} (write the number as the quote does, or quote the "
                  "words that give it)", "figure-not-in-quote", "warning")
    return {k: figure[k] for k in ORDER if k in figure}


# ---------------------------------------------------------------------------------------
# the number as written

_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
          "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
          "eighteen", "nineteen", "twenty"]
_SCALES = ((10**12, "trillion"), (10**9, "billion"), (10**6, "million"), (10**3, "thousand"))


def _plain_number(value: float) -> str:
    """3,800; 1 billion; 2.5: a value as a sentence writes it."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, int):
        return repr(value)
    for scale, word in _SCALES[:3]:  # (trillion, billion, million: "13 thousand" reads oddly)
        if value and value % scale == 0:
            return f"{value // scale:,} {word}"
    return f"{value:,}"


def spellings(value: float) -> list[str]:
    """The ways a text may write ``value``: 3800 -> 3800, 3,800; 1e9 -> 1 billion;
    5 -> five."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, int):
        text = repr(value)
        return [text, text.rstrip("0").rstrip(".")]
    out = [str(value), f"{value:,}"]
    for scale, word in _SCALES:  # "1 billion", "1.5 billion", "13 thousand"
        if value >= scale and (value * 10) % scale == 0 and value // scale < 1000:
            out.append(f"{value / scale:.1f}".removesuffix(".0") + f" {word}")
    if 0 <= value < len(_WORDS):
        out.append(_WORDS[value])
    return out


def states(quote: str, value: Any) -> bool:
    """Whether ``quote`` gives ``value`` as a number (digits, with or without thousands
    separators, a scale word like "1 billion", or a small number in words)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return True  # (a wrong value is reported on its own)
    text = normalise_quote(quote).casefold()
    for form in spellings(value):
        if re.search(r"(?<![\w.,])" + re.escape(form.casefold()) + r"(?![\w]|[.,]\d)", text):
            return True
    return False


# ---------------------------------------------------------------------------------------
# in query results


def for_card(kg: KnowledgeGraph, figures: list[dict[str, Any]],
             evidence: Callable[[KnowledgeGraph, list[dict[str, str]]], list[dict[str, Any]]]
             ) -> list[dict[str, Any]]:
    """Figures as a query gives them: entity references with their names, the evidence as
    ``evidence`` gives it (with source titles), and a sentence ("3,800 members of MS-13
    charged")."""
    from kgraph.claims import describe

    nodes = kg.graph.nodes
    measures = kg.schema.measures
    out = []
    for f in figures:
        item = {k: v for k, v in f.items() if k not in ("evidence", "claim", "attributed_to")}
        for key in REFERENCES:
            if key in f:
                item[key] = {"id": f[key], "name": nodes[f[key]].get("name", f[key])
                             if f[key] in nodes else f[key]}
        item.update(describe(kg, f))
        measure = measures.get(f["measure"])
        item["reading"] = measure.reading if measure else str(f["measure"])
        item["sentence"] = sentence(item)
        item["evidence"] = evidence(kg, f.get("evidence", []))
        out.append(item)
    return out


def sentence(item: dict[str, Any]) -> str:
    """"more than 13,000 kg of cocaine seized (in Mexico, 2016)": a figure in words."""
    parts = [item["qualifier"]] if item.get("qualifier") else []
    parts.append(_plain_number(item["value"]))
    parts.append(str(item.get("unit", "")))
    if item.get("what"):
        parts.append(f"of {item['what']}")
    elif item.get("of"):
        parts.append(f"of {item['of']['name']}")
    reading = item.get("reading", item["measure"])
    if reading != item.get("unit"):  # ("10,000 members", not "10,000 members members")
        parts.append(reading)
    text = " ".join(p for p in parts if p)
    scope = [s for s in (item.get("scope"),
                         item["where"]["name"] if item.get("where") else None,
                         dates_text(item)) if s]
    return text + (f" ({'; '.join(scope)})" if scope else "")
