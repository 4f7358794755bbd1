"""Entities and relations as JSON text, made fast for large results.

A neighbourhood around a hub holds hundreds of thousands of relations, each with its
evidence; building each as a dict (:func:`kgraph.described.relation`) and encoding it
costs more than reading it. :class:`Encoder` writes the same text as
``json.dumps(relation(...), ensure_ascii=False)`` — byte for byte — from pieces made
once: an entity's summary and name once per entity, what depends on a relation type and
a direction once per type, a source's title and date once per source. A relation of a
shape it does not make itself (one with ``attributed_to`` or attributes besides the
shown ones) is encoded from :func:`~kgraph.described.relation`'s dict, so the two never
differ. The text comes as :class:`Text`, which a writer writes as it is.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from kgraph.claims import STATED
from kgraph.dates import dates_text
from kgraph.described import LEFT, SHOWN, evidence, reading, relation, summary

if TYPE_CHECKING:
    from kgraph.graph import KnowledgeGraph


class Text(str):
    """JSON text already made: written as it is, never encoded again."""

    __slots__ = ()


_ENCODER = json.JSONEncoder(ensure_ascii=False, default=str)
try:  # the C encoder made once, not once a value (what JSONEncoder.encode does)
    from _json import encode_basestring as _string
    from _json import make_encoder as _c_make_encoder

    _C_JSON = _c_make_encoder(None, _ENCODER.default, _string, None, ": ", ", ", False,
                              False, True)

    def encode(value: Any) -> str:
        """``value`` as JSON text (non-ASCII kept, ``", "`` and ``": "`` between items,
        anything else as its ``str``): what ``json.dumps(value, ensure_ascii=False,
        default=str)`` gives."""
        kind = type(value)
        if kind is str:
            return _string(value)  # type: ignore[no-any-return]
        if kind is dict or kind is list:
            return "".join(_C_JSON(value, 0))
        if kind is bool:
            return "true" if value else "false"
        if kind is int:
            return int.__repr__(value)
        return _ENCODER.encode(value)
except ImportError:  # pragma: no cover (a Python without the C accelerator)
    _string = _ENCODER.encode
    encode = _ENCODER.encode  # type: ignore[assignment]

_QUOTE = "\x00quote\x00"  # (stands for a quote while a source's pieces are made)


class Encoder:
    """JSON text of ``kg``'s entities and relations, from pieces kept per entity,
    relation type and source (see the module docstring)."""

    def __init__(self, kg: KnowledgeGraph) -> None:
        self.kg = kg
        # id -> (its name, its summary's text, its own text)
        self._entities: dict[str, tuple[Any, str, str]] = {}
        self._sources: dict[str, tuple[str, str]] = {}  # id -> text before, after a quote
        self._types: dict[tuple[str, str, bool], tuple[str, str]] = {}
        # a relation's fields -> those shown, and whether it has dates (None: not made here)
        self._shapes: dict[tuple[str, ...], tuple[tuple[str, ...], bool] | None] = {}
        self._claims: dict[str, str] = {}

    def _entity(self, node: str) -> tuple[Any, str, str]:
        found = self._entities.get(node)
        if found is None:
            made = summary(self.kg, node)
            found = self._entities[node] = (made["name"], encode(made), encode(node))
        return found

    def name(self, node: str) -> Any:
        """``node``'s name (its id when it has none)."""
        found = self._entities.get(node)
        return (found or self._entity(node))[0]

    def entity(self, node: str) -> Text:
        """``summary(kg, node)`` as JSON text."""
        return Text(self._entity(node)[1])

    def entity_at(self, node: str, distance: int) -> Text:
        """``dict(summary(kg, node), distance=distance)`` as JSON text."""
        return Text(f'{self._entity(node)[1][:-1]}, "distance": {distance:d}}}')

    def _source(self, source: str) -> tuple[str, str]:
        found = self._sources.get(source)
        if found is None:
            made = encode(evidence(self.kg, [{"source": source, "quote": _QUOTE}])[0])
            before, _, after = made.partition(_string(_QUOTE))
            found = self._sources[source] = (before, after)
        return found

    def _type(self, rtype: str, key: str, forward: bool) -> tuple[str, str]:
        """The text between ``"to"``'s value and the sentence, and the reading the
        sentence uses."""
        found = self._types.get((rtype, key, forward))
        if found is None:
            text = reading(self.kg, rtype, forward)
            made = (f', "relation": {encode(rtype)}, "key": {encode(key)}, '
                    f'"reading": {_string(reading(self.kg, rtype, True))}, '
                    f'"travel_reading": {_string(text)}, '
                    f'"direction": "{"forward" if forward else "backward"}", "sentence": ')
            found = self._types[(rtype, key, forward)] = (made, text)
        return found

    def _shape(self, shape: tuple[str, ...]) -> tuple[tuple[str, ...], bool] | None:
        """The shown fields of a relation of this shape and whether it may have dates,
        or None when it has more than this encoder makes itself (see the module
        docstring)."""
        if shape not in self._shapes:
            plain = all(f in SHOWN or f in LEFT for f in shape)
            self._shapes[shape] = ((tuple(f for f in shape if f in SHOWN),
                                    any(f in _DATES for f in shape)) if plain else None)
        return self._shapes[shape]

    def _claim(self, claim: str) -> str:
        found = self._claims.get(claim)
        if found is None:
            found = self._claims[claim] = f', "claim": {encode(claim)}}}'
        return found

    def relation(self, u: str, v: str, key: str, attrs: dict[str, Any],
                 travel_from: str | None = None) -> Text:
        """``relation(kg, u, v, key, attrs, travel_from)`` as JSON text."""
        return self._relation(u, v, key, attrs, travel_from, False)[0]

    def relation_both_ways(self, u: str, v: str, key: str, attrs: dict[str, Any]
                           ) -> tuple[Text, Text]:
        """The relation as JSON text read forward (as ``relation(kg, u, v, key, attrs)``)
        and read from ``v`` (``travel_from=v``; ``u`` and ``v`` differ), for the price of
        one and a little."""
        return self._relation(u, v, key, attrs, None, True)  # type: ignore[return-value]

    def _relation(self, u: str, v: str, key: str, attrs: dict[str, Any],
                  travel_from: str | None, back: bool) -> tuple[Text, Text | None]:
        shape = tuple(attrs)
        plan = self._shapes[shape] if shape in self._shapes else self._shape(shape)
        if plan is None or attrs.get("attributed_to"):
            kg = self.kg
            return (Text(encode(relation(kg, u, v, key, attrs, travel_from))),
                    Text(encode(relation(kg, u, v, key, attrs, v))) if back else None)
        shown, dated = plan
        entities = self._entities
        name_u, _, id_u = entities.get(u) or self._entity(u)
        name_v, _, id_v = entities.get(v) or self._entity(v)
        when = dates_text(attrs) if dated else ""
        if when:
            when = f" ({when})"
        rtype = attrs.get("type", key)
        sources, quote = self._sources, encode
        said = []
        for ev in attrs.get("evidence", ()):
            source = ev["source"]
            before, after = sources.get(source) or self._source(source)
            said.append(before + quote(ev["quote"]) + after)
        rest = f', "evidence": [{", ".join(said)}]'
        for field in shown:
            value = attrs[field]
            if value:
                rest += f', "{field}": {encode(value)}'
        claim = attrs.get("claim", STATED)
        rest += (self._claims.get(claim) or self._claim(claim) if type(claim) is str
                 else f', "claim": {encode(claim)}}}')
        ends = f'{{"from": {id_u}, "to": {id_v}'
        forward = travel_from is None or travel_from == u
        middle, text = self._type(rtype, key, forward)
        sentence = (f"{name_u} {text} {name_v}{when}" if forward
                    else f"{name_v} {text} {name_u}{when}")
        made = Text(f"{ends}{middle}{_string(sentence)}{rest}")
        if not back:
            return made, None
        middle, text = self._type(rtype, key, False)
        return made, Text(f"{ends}{middle}{_string(f'{name_v} {text} {name_u}{when}')}{rest}")


_DATES = frozenset(("date", "start", "end"))
