"""Values as text in the syntaxes the exporters write: JSON, XML (attributes and
character data), backslash-escaped string literals (Turtle, Cypher) and CSV cells;
and :class:`Made`, the memo a writer keeps of what it made for values that recur.

Every function here runs for millions of values in an export at 500,000 relations: each
returns text that needs no change as it is, and does the rest with C-implemented string
methods (``str.replace``, compiled regular expressions, the C JSON encoder).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")

INT32 = 2**31
# characters XML 1.0 cannot carry at all (not even as character references)
_XML_INVALID = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_value_type(kind: str, values: list[Any], small_int: str) -> str:
    """The XML attribute type for a column of ``kind`` (GraphML calls a 32-bit integer
    ``int``, GEXF ``integer``; both widen to ``long`` when a value does not fit)."""
    if kind == "boolean":
        return "boolean"
    if kind == "integer":
        small = all(-INT32 <= v < INT32 for v in values if isinstance(v, int))
        return small_int if small else "long"
    if kind == "number":
        return "double"
    return "string"


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False)
try:  # the C encoder made once, not once a value (what JSONEncoder.encode does)
    from _json import encode_basestring as _c_string
    from _json import make_encoder as _c_make_encoder

    # (no check for circular references: exported values come from YAML and are trees)
    _C_JSON: Callable[[Any, int], list[str]] | None = _c_make_encoder(
        None, _ENCODER.default, _c_string, None, ":", ",", False, False, False)
except ImportError:  # pragma: no cover (a Python without the C accelerator)
    _C_JSON = None


def to_json(value: Any) -> str:
    """Compact JSON text, non-ASCII kept; non-finite floats become null."""
    try:
        if _C_JSON is not None and type(value) in (list, dict):
            return "".join(_C_JSON(value, 0))
        return _ENCODER.encode(value)
    except ValueError:  # (a NaN or an infinity somewhere: rare)
        return _ENCODER.encode(_finite(value))


def _finite(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, list):
        return [_finite(v) for v in value]
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    return value


def format_number(value: float) -> str:
    """Numbers as text that XML Schema, JavaScript and Python all read back exactly."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "INF" if value > 0 else "-INF"
    return repr(value)


def as_text(value: Any, kind: str) -> str:
    """The text of ``value`` in a column of ``kind`` (see the module docstring)."""
    if isinstance(value, str):
        return value
    if kind == "boolean" and isinstance(value, bool):
        return "true" if value else "false"
    if kind in ("integer", "number") and isinstance(value, (int, float)):
        return format_number(float(value) if kind == "number" else value)
    return to_json(value)


def backslash_escaper(quote: str, unicode_escaped: str, hex_digits: str = "{:04x}"
                      ) -> Callable[[str], str]:
    """A function that escapes text for a backslash-escaped string literal (Cypher,
    Turtle): backslash, ``quote``, newline, return and tab as ``\\x``; the characters of
    the regex class body ``unicode_escaped``, none of them printable, as ``\\uXXXX``
    (``hex_digits``: its format)."""
    short = {"\\": "\\\\", quote: "\\" + quote, "\n": "\\n", "\r": "\\r", "\t": "\\t"}
    special = re.compile("[" + re.escape("".join(short)) + unicode_escaped + "]").search
    rest = re.compile("[" + unicode_escaped + "]")  # (after the short ones are replaced)
    code = "\\u" + hex_digits

    def one(m: re.Match[str]) -> str:
        return code.format(ord(m.group()))

    def escape(text: str) -> str:
        # (printable text has nothing to escape but backslashes and quotes: isprintable
        # and "in" look at a character in a nanosecond or two, a regex class in ten)
        if text.isprintable() and "\\" not in text and quote not in text:
            return text
        if special(text) is None:
            return text
        for ch, escaped in short.items():  # (backslash first)
            if ch in text:
                text = text.replace(ch, escaped)
        return rest.sub(one, text)

    return escape


def xml_clean(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot represent (control characters other
    than tab, newline and carriage return; U+FFFE, U+FFFF)."""
    if text.isprintable():  # (none of them is)
        return text
    return _XML_INVALID.sub("", text) if _XML_INVALID.search(text) else text


# NEL and LINE SEPARATOR too: some parsers (xmldom, XML 1.1) turn them into newlines
_ATTR_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;",
                 "\t": "&#9;", "\n": "&#10;", "\r": "&#13;", "\x85": "&#133;",
                 "\u2028": "&#8232;"}
_TEXT_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;", "\x85": "&#133;",
                 "\u2028": "&#8232;"}
_ATTR_ORDER = tuple(_ATTR_ESCAPES)  # "&" first: what the others put in is not escaped again
_TEXT_ORDER = tuple(_TEXT_ESCAPES)


# anything xml_attr or xml_text might change: text without any goes out as it is
_XML_ANY = re.compile('[^\t\n\r\x20-\x84\x86-\u2027\u2029-\ud7ff\ue000-\ufffd'
                      '\U00010000-\U0010ffff]|[&<>"\t\n\r]')


def xml_attr(text: str) -> str:
    """Escaped for a double-quoted XML attribute; whitespace kept as character references
    (a parser would otherwise normalise tabs and newlines to spaces)."""
    # (printable text holds no white space to keep, nothing XML cannot carry, no NEL or
    # LINE SEPARATOR: only & < > " may need escaping; quotes alone are common, in JSON)
    if text.isprintable() and "&" not in text and "<" not in text and ">" not in text:
        return text.replace('"', "&quot;")
    if _XML_ANY.search(text) is None:
        return text
    text = xml_clean(text)
    for ch in _ATTR_ORDER:  # (str.replace: many times faster than a substitution)
        if ch in text:
            text = text.replace(ch, _ATTR_ESCAPES[ch])
    return text


_XML_TEXT_ANY = re.compile('[^\t\n\r\x20-\x84\x86-\u2027\u2029-\ud7ff\ue000-\ufffd'
                           '\U00010000-\U0010ffff]|[&<>\r]')


def xml_text(text: str) -> str:
    """Escaped for XML character data (carriage returns survive parsing)."""
    if text.isprintable() and "&" not in text and "<" not in text and ">" not in text:
        return text  # (see xml_attr)
    if _XML_TEXT_ANY.search(text) is None:
        return text
    text = xml_clean(text)
    for ch in _TEXT_ORDER:
        if ch in text:
            text = text.replace(ch, _TEXT_ESCAPES[ch])
    return text


MEMO_LIMIT = 100_000  # distinct values a column's writer keeps made at a time (see Made)


class Made(dict[Any, Any]):
    """A dictionary that makes a missing value with ``make(key)`` and keeps it; its
    ``__getitem__`` answers a known key without running any Python code."""

    __slots__ = ("make",)

    def __init__(self, make: Callable[[Any], Any]):
        super().__init__()
        self.make = make

    def __missing__(self, key: Any) -> Any:
        value = self[key] = self.make(key)
        return value


def memo(escape: Callable[[str], T]) -> Callable[[str], T]:
    """``escape`` done once per distinct text (for ids and names that recur across
    relations); the memory stays that of the distinct texts."""
    return Made(escape).__getitem__


def text_of(kind: str) -> Callable[[Any], str]:
    """:func:`as_text` for a column of ``kind``, as one function of the value."""
    def text(value: Any) -> str:
        t = type(value)
        if t is str:
            return value  # type: ignore[no-any-return]
        if t is list or t is dict:
            return to_json(value)
        return as_text(value, kind)

    return text


def display_label(text: Any, fallback: str) -> str:
    """A label that shows: ``text`` when it has something besides white space and
    characters XML cannot carry, else ``fallback`` (the id)."""
    if isinstance(text, str) and xml_clean(text).strip():
        return text
    return fallback


def hex_rgb(color: str) -> tuple[int, int, int]:
    """``#4e79a7`` (or ``#abc``) -> (78, 121, 167); anything else -> grey."""
    c = color.strip().lstrip("#")
    if len(c) == 3:
        c = "".join(ch * 2 for ch in c)
    try:
        if len(c) != 6:
            raise ValueError(c)
        return int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)
    except ValueError:
        return 153, 153, 153


def csv_cell(text: str) -> str:
    """``text`` as one cell of a CSV line, as :func:`csv.writer` writes it in its default
    dialect (RFC 4180): in quotes, its quotes doubled, when it holds a comma, a quote, a
    carriage return or a newline; else as it is."""
    if "," not in text and '"' not in text and "\n" not in text and "\r" not in text:
        return text  # ("in" is many times faster than a regex class)
    return '"' + text.replace('"', '""') + '"'


def csv_rows(columns: list[list[str]]) -> list[str]:
    """Rows given column by column, each cell made by :func:`csv_cell`, as lines of the
    csv module's default dialect (written with ``\r\n`` after each): a row of one empty
    cell is ``""``. The text of :meth:`csv.writer.writerows`, joined by C code without
    looking at each character again (the csv module's own loop looks at every character
    of every cell: 3 µs a row of relations)."""
    if len(columns) == 1:
        return [c or '""' for c in columns[0]]
    return list(map(",".join, zip(*columns)))
