"""A fast parse path for the YAML that kgraph files are written in.

PyYAML's C loader needs about a minute for 100 MB of YAML, most of it building node
objects we then convert. kgraph data uses a small part of YAML: block mappings and lists,
one-line flow ``[...]`` / ``{...}``, plain and quoted one-line scalars, ``|`` / ``>``
block scalars and comments. This module parses exactly that subset, line by line (and
runs of flat records a record at a time, :mod:`kgraph.fastrecords`), straight into the
values :func:`kgraph.loader.parse_text` produces, with the same 1-based ``line:col`` for
every key, value and item.

Anything outside the subset, or anything it is not sure of (tabs, control characters, a
plain scalar continued on the next line, a duplicate key, anchors, tags, ``---``, ``?``
keys, an unknown escape, ...), makes :func:`parse` return ``None``: the caller then
parses the whole file with PyYAML, which reports every problem with its exact position.
So the fast path never reports problems; it only gives the same answer faster
(``tests/test_fastyaml.py``: the bundled data, the fixtures, generated documents)."""

from __future__ import annotations

import re
from typing import Any

from kgraph import yamlvalues
from kgraph.fastrecords import simply_quoted, take_run
from kgraph.yamlvalues import MAYBE_NOT_TEXT, LazyMap, LoadedFile, YList, YMap, resolve_plain


class Fallback(Exception):
    """The text is outside the fast subset: parse it with PyYAML instead."""


# -- the characters: what YAML forbids or treats specially makes us fall back ---------------

# bytes of printable ASCII (plus line feed and carriage return) and every byte of a
# multi-byte UTF-8 sequence; anything else (tabs, control characters) means "fall back"
_ALLOWED = bytes([0x0A, 0x0D]) + bytes(range(0x20, 0x7F)) + bytes(range(0x80, 0x100))
# multi-byte characters YAML forbids or treats as line breaks: C1 controls (NEL among
# them), U+2028/U+2029, a byte-order mark inside the text, U+FFFE/U+FFFF
_BAD_MULTIBYTE = (re.compile(rb"\xc2[\x80-\x9f]"), re.compile(rb"\xe2\x80[\xa8\xa9]"),
                  re.compile(rb"\xef(?:\xbb\xbf|\xbf[\xbe\xbf])"))


def _plain_characters(text: str) -> bool:
    """True when ``text`` holds only characters the fast path handles (no tab, no control
    character, no Unicode line separator, no byte-order mark)."""
    raw = text.encode("utf-8", "surrogatepass")
    if raw.translate(None, _ALLOWED):
        return False
    if not text.isascii():
        for rx in _BAD_MULTIBYTE:
            if rx.search(raw):
                return False
        if re.search(rb"[\xed]", raw):  # surrogates (only from str, never from a file)
            return False
    return True


# -- scalars --------------------------------------------------------------------------------

_MAYBE_NOT_TEXT = MAYBE_NOT_TEXT
# first characters of a block-context value that need more than the plain-scalar path
_SPECIAL_START = frozenset("-?:,[]{}#&*!|>'\"%@`")
_SPECIAL_OR_SPACE = _SPECIAL_START | {" "}
# what cannot start a key: the mapping has ended, or the line needs a closer look
_NOT_KEY_START = frozenset(" #-?:,[]{}&*!|>'\"%@`") | {""}

# a mapping key: plain words joined by single spaces, then ':' and a space or the end
_KEY = re.compile(r"(\w[\w.\-/]*(?: [\w.\-/]+)*):(?: +|$)")
_FLOW_KEY = re.compile(r"(\w[\w.\-/]*(?: [\w.\-/]+)*): +")
_DQ = re.compile(r'"((?:[^"\\]|\\.)*)"')
_SQ = re.compile(r"'((?:[^']|'')*)'")
_ESCAPE = re.compile(r"\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)")
_ESCAPES = {"0": "\0", "a": "\a", "b": "\b", "t": "\t", "n": "\n", "v": "\v", "f": "\f",
            "r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85",
            "_": "\xa0", "L": "\u2028", "P": "\u2029"}
# after a quoted scalar or a flow collection: nothing, or spaces and a comment
_TAIL = re.compile(r"(?: +(?:#.*)?)?\Z")
# a plain scalar in a flow collection (stops at , [ ] { } : #)
_FLOW_PLAIN = re.compile(r"""(?:[^\s,\[\]{}#&*!|>'"%@`?:\-]|-(?=[^\s,\[\]{}]))[^,\[\]{}:#]*""")
_BLOCK_HEADER = re.compile(r"([|>])([-+]?)(?: +(?:#.*)?)?\Z")


def _plain(text: str) -> Any:
    """A plain scalar's value, as :func:`kgraph.loader.resolve_plain` gives it."""
    if text[0] in _MAYBE_NOT_TEXT:
        return resolve_plain(text)
    return text


def _key(text: str) -> str:
    """A plain key as the loader keeps it: as written; null keys and '<<' fall back."""
    if text[0] in _MAYBE_NOT_TEXT and resolve_plain(text) is None:
        raise Fallback("null key")
    return text


def _unescape(body: str) -> str:
    def one(m: re.Match[str]) -> str:
        code = m.group(1)
        if len(code) > 1:
            point = int(code[1:], 16)
            if 0xD800 <= point <= 0xDFFF or point > 0x10FFFF:
                raise Fallback("escape")
            return chr(point)
        try:
            return _ESCAPES[code]
        except KeyError:
            raise Fallback("unknown escape") from None

    return _ESCAPE.sub(one, body)


def _double(line: str, p: int) -> tuple[str, int]:
    m = _DQ.match(line, p)
    if m is None:
        raise Fallback("double-quoted scalar continues on the next line")
    body = m.group(1)
    return (_unescape(body) if "\\" in body else body), m.end()


def _single(line: str, p: int) -> tuple[str, int]:
    m = _SQ.match(line, p)
    if m is None:
        raise Fallback("single-quoted scalar continues on the next line")
    return m.group(1).replace("''", "'"), m.end()


# -- the parser -----------------------------------------------------------------------------


def _flow_next(line: str, p: int, closer: str) -> tuple[int, bool]:
    """After an item of a flow collection: the start of the next item, or (``True``) the
    position after ``closer``, which ends the collection."""
    size = len(line)
    while p < size and line[p] == " ":
        p += 1
    c = line[p] if p < size else ""
    if c == closer:
        return p + 1, True
    if c != ",":
        raise Fallback("flow sequence" if closer == "]" else "flow mapping")
    p += 1
    while p < size and line[p] == " ":
        p += 1
    if p >= size or line[p] in "," + closer:
        raise Fallback("empty flow item")
    return p, False


def _is_item(st: str) -> bool:
    """Whether a stripped line is a block list item ('- ...' or a lone '-')."""
    return st[0] == "-" and (len(st) == 1 or st[1] == " ")


class _Parser:
    def __init__(self, text: str) -> None:
        self.lines = text.split("\n")
        self.n = len(self.lines)
        self.nodes = 0
        # the loader's limits, read now (tests lower them): beyond them, PyYAML reports
        self.max_depth = yamlvalues.MAX_DEPTH - 8
        self.max_nodes = yamlvalues.MAX_NODES
        self.max_scalar = yamlvalues.MAX_SCALAR
        if len(text) > self.max_scalar and max(map(len, self.lines)) > self.max_scalar:
            raise Fallback("a line longer than the longest value allowed")
        self.keys_ok: dict[str, str] = {}  # keys already checked against _KEY (to themselves)
        self.text = text
        self.at = (0, 0)  # a line and its offset in the text (kgraph.fastrecords)

    def next_content(self, i: int) -> int:
        """The index of the first line from ``i`` on that is neither blank nor a comment."""
        lines, n = self.lines, self.n
        while i < n:
            s = lines[i].lstrip(" ")
            if s and s[0] != "#":
                return i
            i += 1
        return n

    def after_scalar(self, j: int, parent: int) -> int:
        """The next content line from ``j`` on, after a one-line scalar in a block whose
        indentation is ``parent``: more indented text would continue the scalar."""
        lines, n = self.lines, self.n
        while j < n:
            s = lines[j]
            st = s.lstrip(" ")
            if st and st[0] != "#":
                if len(s) - len(st) > parent:
                    raise Fallback("a value continued on the next line")
                return j
            j += 1
        return n

    def document(self) -> Any:
        i = self.next_content(0)
        if i >= self.n:
            return None
        line = self.lines[i]
        col = len(line) - len(line.lstrip(" "))
        if not (_is_item(line[col:]) or _KEY.match(line, col)):
            raise Fallback("the document is not a mapping or a list")
        root, j = self.block_node(i, col, -1, 0)
        if j < self.n:
            raise Fallback("text after the document")
        if self.nodes > self.max_nodes:
            raise Fallback("too many values")
        return root

    def block_node(self, i: int, col: int, parent: int, depth: int) -> tuple[Any, int]:
        """The node that starts on line ``i`` at ``col`` (> ``parent``, its parent's
        indentation, or = for a list under a key), alone on its line; return it and the
        next content line."""
        line = self.lines[i]
        if _is_item(line[col:]):
            return self.block_seq(i, col, depth)
        if _KEY.match(line, col):
            return self.block_map(i, col, depth)
        return self.inline_value(i, col, parent, depth)

    def inline_value(self, i: int, p: int, parent: int, depth: int) -> tuple[Any, int]:
        """A scalar or flow collection starting at ``line[p]`` (not blank, not a comment)
        on line ``i``, or a block scalar whose header is there. Returns the value and the
        next content line, which must not be indented more than ``parent``."""
        line = self.lines[i]
        c = line[p]
        self.nodes += 1
        value: Any
        if c not in _SPECIAL_START or (c == "-" and p + 1 < len(line) and line[p + 1] != " "):
            text = line[p:]
            cut = text.find(" #")
            if cut >= 0:
                text = text[:cut]
            text = text.rstrip(" ")
            if ": " in text or text[-1] == ":":
                raise Fallback("': ' in a plain scalar")
            value = _plain(text)
        elif c == '"' or c == "'":
            value, end = (_double if c == '"' else _single)(line, p)
            if not _TAIL.match(line, end):
                raise Fallback("text after a quoted scalar")
        elif c == "[" or c == "{":
            self.nodes -= 1
            value, end = self.flow(line, p, i + 1, depth)
            if not _TAIL.match(line, end):
                raise Fallback("text after a flow collection")
        elif c == "|" or c == ">":
            return self.block_scalar(i, p, parent)
        else:
            raise Fallback(f"a value starting with {c!r}")
        return value, self.after_scalar(i + 1, parent)

    def flow_value(self, i: int, p: int, depth: int) -> Any:
        """The flow collection that starts at ``p`` on line ``i`` and ends the line."""
        line = self.lines[i]
        value, end = self.flow(line, p, i + 1, depth)
        if not _TAIL.match(line, end):
            raise Fallback("text after a flow collection")
        return value

    def block_map(self, i: int, col: int, depth: int) -> tuple[YMap, int]:
        """The block mapping whose first key is on line ``i`` at ``col``."""
        if depth > self.max_depth:
            raise Fallback("deep")
        lines, n = self.lines, self.n
        out = LazyMap(i + 1, col + 1)
        keys_ok = self.keys_ok
        indent = " " * col
        first = i
        packed: list[int] | None = None  # see LazyMap; None while the layout is regular
        nodes = 1
        while True:
            line = lines[i]
            # the common case first: 'key: value' on one line, plain or simply quoted,
            # then the next key on the next line
            k = line.find(": ", col)
            key = keys_ok.get(line[col:k]) if k > col else None  # (one object a key)
            if key is not None:
                value: Any = line[k + 2:]
                c = value[:1]
                if not c:
                    value = None  # nothing after 'key: ': a closer look below
                elif c not in _SPECIAL_OR_SPACE:
                    if value[-1] in " :" or ": " in value or " #" in value:
                        value = None  # a closer look below
                    elif c in _MAYBE_NOT_TEXT:
                        value = _plain(value)
                elif c == '"' or c == "'":
                    value = simply_quoted(value)  # (None: a closer look below)
                else:
                    value = None
                if value is not None:
                    if key in out:
                        raise Fallback("duplicate key")
                    out[key] = value
                    nodes += 2
                    if packed is None:
                        if i - first != len(out) - 1:
                            packed = self.unpack(out, key)
                            packed += (i - first, i - first, k + 3)
                    else:
                        packed += (i - first, i - first, k + 3)
                    j = i + 1
                    if j < n:
                        s = lines[j]
                        if s.startswith(indent) and s[col:col + 1] not in _NOT_KEY_START:
                            i = j  # the next key of this mapping
                            continue
                    j = self.after_scalar(j, col)
                    if j >= n:
                        break
                    s = lines[j]
                    ind = len(s) - len(s.lstrip(" "))
                    if ind < col:
                        break
                    if ind > col:
                        raise Fallback("unexpected indentation")
                    i = j
                    continue
            # everything else: check the key, then the value
            km = _KEY.match(line, col)
            if km is None:
                raise Fallback("not a 'key: value' line")
            key = km.group(1)
            _key(key)
            if len(key) < 40:
                keys_ok[key] = key
            if key in out:
                raise Fallback("duplicate key")
            p = km.end()
            nodes += 1
            if p < len(line) and line[p] != "#":
                vline, vcol = i, p + 1
                value, j = self.inline_value(i, p, col, depth + 1)
            else:  # nothing after the key: a nested block, or an empty value
                j = self.next_content(i + 1)
                ind = -1
                if j < n:
                    s = lines[j]
                    st = s.lstrip(" ")
                    ind = len(s) - len(st)
                    if ind == col and not _is_item(st):
                        ind = -1
                if ind >= col:
                    vline, vcol = j, ind + 1
                    value, j = self.block_node(j, ind, col, depth + 1)
                else:
                    vline, vcol = i, km.end(1) + 2
                    value = None
                    nodes += 1
            out[key] = value
            if packed is None:
                packed = self.unpack(out, key)
            packed += (i - first, vline - first, vcol)
            if j >= n:
                break
            s = lines[j]
            ind = len(s) - len(s.lstrip(" "))
            if ind < col:
                break
            if ind > col:
                raise Fallback("unexpected indentation")
            i = j
        self.nodes += nodes
        if packed is not None:
            out._packed = tuple(packed)
        return out, j

    @staticmethod
    def unpack(out: LazyMap, last: str) -> list[int]:  # (a regular mapping's, before `last`)
        packed: list[int] = []
        for n, key in enumerate(out):
            if key == last:
                break
            packed += (n, n, out.col + len(key) + 2)
        return packed

    def block_seq(self, i: int, col: int, depth: int) -> tuple[YList, int]:
        """The block sequence whose first '-' is on line ``i`` at ``col``."""
        if depth > self.max_depth:
            raise Fallback("deep")
        lines, n = self.lines, self.n
        out = YList(i + 1, col + 1)
        keys_ok = self.keys_ok
        item = " " * col + "- "
        p = col + 2
        self.nodes += 1
        while True:
            line = lines[i]
            # the common case first: '- key: value', the first line of a mapping, and
            # more items like it (a list's first item is taken alone: most lists nested
            # in a record are short)
            k = line.find(": ", p)
            if k > p and out and line[p - 1] == " " and line[p:k] in keys_ok and \
                    depth < self.max_depth:
                j = take_run(self, i, col, depth, out)
            else:
                value, j = self.item(i, col, depth, out.itempos)
                out.append(value)
            if j >= n:
                return out, j
            s = lines[j]
            if s.startswith(item):
                i = j  # the next item
                continue
            st = s.lstrip(" ")
            ind = len(s) - len(st)
            if ind < col:
                return out, j
            if ind > col:
                raise Fallback("unexpected indentation")
            if not _is_item(st):
                return out, j  # the mapping this list is the value of goes on
            i = j

    def item(self, i: int, col: int, depth: int, itempos: list[tuple[int, int]]
             ) -> tuple[Any, int]:
        """The item of a block sequence at ``col`` whose '-' is on line ``i`` (its position
        added to ``itempos``), and the next content line."""
        line = self.lines[i]
        size = len(line)
        q = col + 1
        while q < size and line[q] == " ":
            q += 1
        if q >= size or line[q] == "#":  # '-' alone: a nested block or nothing
            j = self.next_content(i + 1)
            ind = -1
            if j < self.n:
                s = self.lines[j]
                ind = len(s) - len(s.lstrip(" "))
            if ind > col:
                itempos.append((j + 1, ind + 1))
                return self.block_node(j, ind, col, depth + 1)
            itempos.append((i + 1, col + 2))
            self.nodes += 1
            return None, j
        itempos.append((i + 1, q + 1))
        if _KEY.match(line, q):
            return self.block_map(i, q, depth + 1)
        if _is_item(line[q:]):
            raise Fallback("a list inside a list item on one line")
        return self.inline_value(i, q, col, depth + 1)

    def block_scalar(self, i: int, p: int, parent: int) -> tuple[str, int]:
        line = self.lines[i]
        hm = _BLOCK_HEADER.match(line, p)
        if hm is None:
            raise Fallback("block scalar header")
        style, chomp = hm.group(1), hm.group(2)
        lines, n = self.lines, self.n
        j = i + 1
        leading: list[int] = []  # lengths of the blank lines before the first text line
        while j < n and not lines[j].strip(" "):
            leading.append(len(lines[j]))
            j += 1
        if j >= n:
            raise Fallback("block scalar without text")
        first = lines[j]
        indent = len(first) - len(first.lstrip(" "))
        if indent <= parent or any(size > indent for size in leading):
            raise Fallback("block scalar indentation")
        texts = [""] * len(leading)
        trailing = 0
        while j < n:
            s = lines[j]
            st = s.lstrip(" ")
            if not st:
                if len(s) > indent:
                    raise Fallback("spaces beyond the indentation of a block scalar")
                texts.append("")
                trailing += 1
            elif len(s) - len(st) >= indent:
                texts.append(s[indent:])
                trailing = 0
            else:
                break
            j += 1
        if j >= n and not self.lines[-1] == "" and trailing == 0:
            raise Fallback("block scalar at the end of a file without a final line break")
        body = texts[:len(texts) - trailing]
        if style == "|":
            value = "\n".join(body)
        else:
            parts: list[str] = []
            empty = 0
            started = False
            for t in body:
                if not t:
                    empty += 1
                    continue
                if t[0] == " ":
                    raise Fallback("more-indented line in a folded scalar")
                if started:
                    parts.append("\n" * empty if empty else " ")
                else:
                    parts.append("\n" * empty)
                    started = True
                parts.append(t)
                empty = 0
            value = "".join(parts)
        if chomp == "":
            value += "\n"
        elif chomp == "+":
            # (a blank last line of the file, spaces or none, ends without a line break)
            value += "\n" + "\n" * (trailing - (1 if j >= n and not lines[-1].strip(" ")
                                                  else 0))
        if len(value) > self.max_scalar:
            raise Fallback("long value")
        j = self.next_content(j)
        if j < n:
            nxt = lines[j]
            if len(nxt) - len(nxt.lstrip(" ")) > parent:
                raise Fallback("unexpected indentation after a block scalar")
        return value, j

    # -- flow collections on one line -----------------------------------------------------

    def flow(self, line: str, p: int, ln: int, depth: int) -> tuple[Any, int]:
        if depth > self.max_depth:
            raise Fallback("deep")
        self.nodes += 1
        size = len(line)
        if line[p] == "[":
            seq = YList(ln, p + 1)
            p += 1
            while p < size and line[p] == " ":
                p += 1
            if p < size and line[p] == "]":
                return seq, p + 1
            while True:
                seq.itempos.append((ln, p + 1))
                value, p = self.flow_item(line, p, ln, depth + 1)
                seq.append(value)
                p, closed = _flow_next(line, p, "]")
                if closed:
                    return seq, p
        mapping = YMap(ln, p + 1)
        p += 1
        while p < size and line[p] == " ":
            p += 1
        if p < size and line[p] == "}":
            return mapping, p + 1
        while True:
            km = _FLOW_KEY.match(line, p)
            if km is None:
                raise Fallback("flow mapping key")
            key = _key(km.group(1))
            if key in mapping:
                raise Fallback("duplicate key")
            self.nodes += 1
            mapping.keypos[key] = (ln, p + 1)
            p = km.end()
            if p >= size or line[p] in ",}":
                raise Fallback("empty flow value")
            mapping.valpos[key] = (ln, p + 1)
            mapping[key], p = self.flow_item(line, p, ln, depth + 1)
            p, closed = _flow_next(line, p, "}")
            if closed:
                return mapping, p

    def flow_item(self, line: str, p: int, ln: int, depth: int) -> tuple[Any, int]:
        if p >= len(line):
            raise Fallback("a flow collection continued on the next line")
        c = line[p]
        if c == "[" or c == "{":
            return self.flow(line, p, ln, depth)
        self.nodes += 1
        if c == '"':
            return _double(line, p)
        if c == "'":
            return _single(line, p)
        m = _FLOW_PLAIN.match(line, p)
        if m is None:
            raise Fallback("flow scalar")
        end = m.end()
        if end < len(line) and line[end] in ":#":
            raise Fallback("':' or '#' in a flow scalar")
        return _plain(m.group().rstrip(" ")), end


def parse_strict(text: str) -> Any:
    """The document's value; raise :class:`Fallback` when it is outside the fast subset
    (for tests: :func:`parse` is what the loader uses)."""
    if not _plain_characters(text):
        raise Fallback("characters")
    if "\r" in text:
        if text.count("\r") != text.count("\r\n"):
            raise Fallback("a carriage return without a line feed")
        text = text.replace("\r\n", "\n")
    return _Parser(text).document()


def parse(path: str, text: str) -> LoadedFile | None:
    """``text`` parsed as :func:`kgraph.loader.parse_text` would, or ``None`` when it is
    outside the fast subset (then the caller parses it with PyYAML)."""
    try:
        root = parse_strict(text)
    except (Fallback, RecursionError):
        return None
    except (IndexError, KeyError, ValueError, TypeError):  # pragma: no cover - a bug here
        return None  # must never cost a user their answer: PyYAML will do it right
    return LoadedFile(path, root)
