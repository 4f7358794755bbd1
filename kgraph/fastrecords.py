"""Runs of flat records in a block list, parsed a record at a time (for
:mod:`kgraph.fastyaml`).

Most of a large dataset is list items that are mappings of one-line ``key: value``
fields, one after the other::

      - from: paraguay
        type: spearheaded
        to: mount-coma-valley-dialogue-2019

The line-by-line parser takes every line in turn in Python. Here a run of such items is
cut into records, and each record into its fields, by ``str`` methods (in C); a
record's values are looked at one by one only when one of them may be something other
than plain text (a number, ``true``, a quoted value...). A record holding anything else (a
nested block, a comment, a value the fast subset leaves to PyYAML, a key not met
before, ...) is handed to the line-by-line parser, so the values and their positions are
exactly the ones it gives (``tests/test_fastrecords.py`` compares both with PyYAML's).
"""

from __future__ import annotations

import re
from itertools import repeat
from typing import Any, Protocol

from kgraph.yamlvalues import MAYBE_NOT_TEXT, LazyMap, YList, resolve_plain

# the first characters of a value that ask for a closer look: a quote, a character that
# plain text cannot start with in block context (these records go to the line-by-line
# parser), one a number or ~ starts with, or a whole value null, true or false
_LOOK = re.compile(r""": (?:[~.+\-0-9"'?:,\[\]{}#&*!|>%@` ]|"""
                   r"""(?:null|Null|NULL|true|True|TRUE|false|False|FALSE)$)""", re.MULTILINE)
_NUMERIC = MAYBE_NOT_TEXT - {"-"}  # ('-' as in '- x' is a closer look's)
FIRST_WINDOW, LAST_WINDOW = 1024, 1 << 20  # characters cut into items at a time


class Lines(Protocol):
    """What a run needs of the line-by-line parser (:class:`kgraph.fastyaml._Parser`)."""

    text: str
    lines: list[str]
    nodes: int
    keys_ok: dict[str, str]  # keys met and found good, each to itself
    at: tuple[int, int]  # a line and its offset in the text

    def item(self, i: int, col: int, depth: int, itempos: list[tuple[int, int]]
             ) -> tuple[Any, int]: ...

    def flow_value(self, i: int, p: int, depth: int) -> Any: ...

    def after_scalar(self, j: int, parent: int) -> int: ...


class Slow(Exception):
    """A record for the line-by-line parser."""


def take_run(p: Lines, i: int, col: int, depth: int, out: YList) -> int:
    """Parse the items of a block list at ``col`` (at ``depth``) from line ``i`` on into
    ``out``, as long as they go on; return the next content line after them, as the
    line-by-line parser would.

    The text is cut into items at each line that starts an item at ``col``; an item whose
    lines are all fields at ``col + 2`` (and blank lines after them) is taken here, any
    other by the line-by-line parser, which also finds where the list ends."""
    text = p.text
    size = len(text)
    item = "\n" + " " * col + "- "
    sep = "\n" + " " * (col + 2)
    itempos = out.itempos
    append = out.append
    canon = p.keys_ok.__getitem__
    at = col + 3
    pos = _offset(p, i) + col + 2  # (after the first item's '- ')
    line = i  # the item's first line (0-based)
    window = FIRST_WINDOW
    nodes = 0
    while True:
        # the items that start in the next `window` characters (the last one may go on
        # beyond: it is the first of the next round, unless the text ends there)
        final = pos + window >= size
        chunks = text[pos:pos + window].split(item)
        if not final:
            chunks.pop()
        if not chunks:  # an item longer than the window
            value, j = p.item(line, col, depth, itempos)
            append(value)
            if j >= len(p.lines) or not p.lines[j].startswith(item[1:]):
                p.nodes += nodes
                return j  # the list, or the text, ends with it
            line, pos = j, _offset(p, j) + col + 2
            continue
        end = pos + sum(map(len, chunks)) + (len(chunks) - 1) * len(item)
        # where a comment is, or a line ends in a space or a colon (an empty or a nested
        # value): the items they are in are the line-by-line parser's
        odd = iter(_odd(text, pos, min(end + 1, size)))
        next_odd = next(odd)
        last = len(chunks) - 1
        for n, chunk in enumerate(chunks):
            breaks = chunk.count("\n")
            body = chunk.rstrip("\n")
            fields = body.split(sep)
            counted = p.nodes
            cut = pos + len(chunk)
            try:
                if next_odd < cut:
                    while next_odd < cut:
                        next_odd = next(odd)
                    raise Slow
                if body.count(": ") != len(fields) or \
                        len(fields) + len(chunk) - len(body) != breaks + 1 or \
                        (final and n == last and body[-1] in " :"):
                    raise Slow
                # (a field without ': ' raises ValueError, a key not met before KeyError)
                pairs = dict(map(str.split, fields, repeat(": "), repeat(1)))
                rec = LazyMap(line + 1, at)
                dict.update(rec, zip(map(canon, pairs), pairs.values()))
                if len(rec) != len(fields):
                    raise Slow  # a key given twice
                nodes += 1 + 2 * len(fields)
                if _LOOK.search(body) is not None:
                    nodes -= _look(p, rec, line, col + 2, depth + 2)
            except (Slow, ValueError, KeyError):
                p.nodes = counted  # (what a flow collection counted is counted again)
                value, j = p.item(line, col, depth, itempos)
                append(value)
                line += breaks + 1
                pos = cut + len(item)
                if j != line or (final and n == last):
                    p.nodes += nodes
                    return j  # the list, or the text, ends with it
                continue
            itempos.append((line + 1, at))
            append(rec)
            line += breaks + 1
            pos = cut + len(item)
        if final:
            p.nodes += nodes
            return p.after_scalar(line, col + 2)
        window = min(2 * window, LAST_WINDOW)


def simply_quoted(value: str) -> str | None:
    """The text of a quoted value that is the rest of its line and holds no quote mark of
    its kind and (double-quoted) no escape; else None (a closer look is needed)."""
    q = value[0]
    if value[-1] != q or len(value) < 2 or value.count(q) != 2 or (q == '"' and "\\" in value):
        return None
    return value[1:-1]


def _offset(p: Lines, i: int) -> int:
    """The offset of line ``i`` in the text (counted on from the last line asked for:
    the parse goes forward)."""
    line, at = p.at
    if i < line:
        line, at = 0, 0
    at += sum(map(len, p.lines[line:i])) + i - line
    p.at = (i, at)
    return at


def _odd(text: str, start: int, end: int) -> list[int]:
    """Where in ``text[start:end]`` a comment begins or a line ends in a space or a colon,
    in order, then ``end``."""
    found = [end]
    for what in (" #", " \n", ":\n"):
        at = text.find(what, start, end)
        while at >= 0:
            found.append(at)
            at = text.find(what, at + 1, end)
    return sorted(found)


def _look(p: Lines, rec: LazyMap, line: int, col: int, depth: int) -> int:
    """Resolve the values of ``rec`` (whose first line is ``line``, its keys at ``col``, at
    ``depth``) that may be other than plain text, as the line-by-line parser does; raise
    :class:`Slow` for one it leaves to its closer look. Returns how many values it
    counted less than two a field (a flow collection counts its own)."""
    less = 0
    for n, (key, value) in enumerate(rec.items()):
        c = value[0]
        if c == '"' or c == "'":
            text = simply_quoted(value)
            if text is None:
                raise Slow
            rec[key] = text
        elif c in _NUMERIC:
            rec[key] = resolve_plain(value)
        elif c == "[" or c == "{":
            rec[key] = p.flow_value(line + n, col + len(key) + 2, depth)
            less += 1  # (its nodes are counted by the flow parser)
        elif c in "-?:,]}#&*!|>%@` ":
            raise Slow
    return less
