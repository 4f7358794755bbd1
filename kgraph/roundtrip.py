"""Changing YAML files people wrote by hand: a record appended to a top-level list, every
other byte of the file as it was; and the canonical layout ``kgraph fmt`` writes.

A new record is written by ruamel.yaml's round-trip emitter (quoting, escapes, flow lists)
in the layout of the list it joins (the column of its dashes, flow or block items, blank
lines between records, line endings), and spliced into the text after the list's last
item: comments, blank lines, quoting and order elsewhere stay byte for byte. The
positions come from PyYAML's composer, which knows where each node ends.

Nothing here reads or writes files: text in, text out (:mod:`kgraph.edit` does the rest).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import yaml

from kgraph.errors import UsageError

try:
    _Composer: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Composer = yaml.SafeLoader

# fields whose values are written double-quoted, as the bundled data writes them: quotes
# (their punctuation stays visible) and dates (which YAML 1.1 readers would turn into dates)
QUOTED_FIELDS = frozenset({"quote", "date", "start", "end"})
CANONICAL_INDENT = 2  # a mapping's keys, and a list's dashes under their key
_TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:", re.MULTILINE)


class YamlEditError(UsageError):
    """The file cannot be changed safely (not YAML, or the list is not where it should be)."""


@dataclass(frozen=True)
class Layout:
    """How the items of a list are written."""

    dash_col: int = CANONICAL_INDENT  # column of the items' dashes
    key_offset: int = 2  # from the dash to the item's first key
    blank_between: bool = True  # a blank line between two records
    flow_items: bool = False  # items written as {key: value, ...}
    newline: str = "\n"


def top_level_keys(text: str) -> list[str]:
    """The keys at the left margin (a quick look, without parsing)."""
    return _TOP_KEY.findall(text)


def append_record(text: str, section: str, record: dict[str, Any]) -> tuple[str, int]:
    """``text`` with ``record`` added at the end of its top-level ``section`` list
    (created when missing), and the offset where the record starts. Raises
    :class:`YamlEditError` when that cannot be done."""
    newline = "\r\n" if "\r\n" in text else "\n"
    root = _compose(text)
    if root is None:  # empty, or only comments
        return _with_section(text, section, record, newline)
    if not isinstance(root, yaml.MappingNode):
        raise YamlEditError("the file does not hold a mapping of sections at the top level "
                            f"(e.g. '{section}:'); add the record by hand or fix the file")
    lines = _LineIndex(text)
    for key, value in root.value:
        if not (isinstance(key, yaml.ScalarNode) and key.value == section):
            continue
        if isinstance(value, yaml.ScalarNode) and value.tag.endswith(":null"):
            # 'section:' with nothing under it: the record goes right under the key
            at = lines.end_of_line(lines.offset(key.end_mark))
            return _insert(text, at, "", render(record, Layout(newline=newline)), newline)
        if not isinstance(value, yaml.SequenceNode):
            raise YamlEditError(f"'{section}' does not hold a list; it must be a list of "
                                "records, each starting with '- '")
        if value.flow_style:
            if value.value:
                raise YamlEditError(f"'{section}' is written as a flow list ([...]); write it "
                                    "as a block list (one '- ' item per record) to add to it")
            return _fill_empty_flow(text, lines, value, record, newline)
        return _after_last_item(text, lines, value, record, newline)
    return _with_section(text, section, record, newline)


def render(record: dict[str, Any], layout: Layout) -> str:
    """One list item holding ``record``, as ruamel.yaml writes it, in ``layout``."""
    from ruamel.yaml.comments import CommentedSeq

    offset = CANONICAL_INDENT
    emitter = _emitter(layout.key_offset)
    out = io.StringIO()
    emitter.dump(CommentedSeq([_commented(record, layout.flow_items)]), out)
    lines = out.getvalue().splitlines()
    shift = layout.dash_col - offset
    shifted = [(" " * shift + line) if shift >= 0 else line[-shift:] for line in lines]
    return "".join(line + layout.newline for line in shifted)


@lru_cache(maxsize=8)
def _emitter(key_offset: int) -> Any:
    """A ruamel.yaml round-trip emitter for records whose keys stand ``key_offset`` after
    their dash (made once: making one costs more than writing a record)."""
    from ruamel.yaml import YAML

    emitter = YAML()
    emitter.width = 4096  # never fold a line (quotes are searched for verbatim)
    emitter.indent(mapping=key_offset, sequence=CANONICAL_INDENT + key_offset,
                   offset=CANONICAL_INDENT)
    return emitter


def _commented(value: Any, flow: bool = False, key: str | None = None) -> Any:
    """``value`` as ruamel's round-trip types, so that it is written as the data files are:
    lists of names in flow style, quotes and dates double-quoted."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    if isinstance(value, dict):
        out = CommentedMap()
        for k, v in value.items():
            out[k] = _commented(v, key=k)
        if flow:
            out.fa.set_flow_style()
        return out
    if isinstance(value, list):
        seq = CommentedSeq([_commented(v) for v in value])
        if all(not isinstance(v, (dict, list)) for v in value):
            seq.fa.set_flow_style()
        return seq
    if isinstance(value, str) and key in QUOTED_FIELDS:
        return DoubleQuotedScalarString(value)
    return value


def set_field(text: str, section: str, ident: str, key: str, value: Any) -> str:
    """``text`` with ``key: value`` set in the record of ``section`` whose id is ``ident``:
    the old value replaced where it was, or a new line after the record's last one."""
    root = _compose(text)
    lines = _LineIndex(text)
    newline = "\r\n" if "\r\n" in text else "\n"
    for item in _section_items(root, section):
        if not isinstance(item, yaml.MappingNode):
            continue
        fields = {k.value: v for k, v in item.value if isinstance(k, yaml.ScalarNode)}
        found = fields.get("id")
        if not (isinstance(found, yaml.ScalarNode) and found.value == ident):
            continue
        written = scalar_text(key, value)
        old = fields.get(key)
        if isinstance(old, yaml.ScalarNode) and old.style not in ("|", ">"):
            start, end = lines.offset(old.start_mark), lines.offset(old.end_mark)
            return text[:start] + written + text[end:]
        if item.flow_style or old is not None:
            raise YamlEditError(f"cannot set '{key}' of '{ident}' in place; edit it by hand")
        start = lines.offset(item.start_mark)
        indent = start - lines.starts[lines.line_of(start)]
        at = lines.end_of_line(max(_content_end(lines, item) - 1, start))
        return _insert(text, at, "", " " * indent + f"{key}: {written}{newline}", newline)[0]
    raise YamlEditError(f"no record with id '{ident}' under '{section}'")


def _section_items(root: Any, section: str) -> list[Any]:
    if isinstance(root, yaml.MappingNode):
        for k, v in root.value:
            if isinstance(k, yaml.ScalarNode) and k.value == section:
                return list(v.value) if isinstance(v, yaml.SequenceNode) else []
    return []


def scalar_text(key: str, value: Any) -> str:
    """``value`` written as ruamel.yaml writes it for ``key``."""
    from ruamel.yaml import YAML

    emitter = YAML()
    emitter.width = 4096
    out = io.StringIO()
    emitter.dump(_commented({key: value}), out)
    return out.getvalue().rstrip("\n")[len(key) + 2:]


# -- where a record goes --------------------------------------------------------------------


class _LineIndex:
    """Character offsets of line starts, to turn PyYAML's (line, column) into an offset."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0]
        for m in re.finditer("\n", text):
            self.starts.append(m.end())

    def offset(self, mark: Any) -> int:
        if mark.line >= len(self.starts):
            return len(self.text)
        return min(self.starts[mark.line] + mark.column, len(self.text))

    def end_of_line(self, at: int) -> int:
        """The offset just after the line break of the line holding ``at`` (or the end)."""
        nl = self.text.find("\n", at)
        return len(self.text) if nl < 0 else nl + 1

    def line_of(self, at: int) -> int:
        import bisect

        return bisect.bisect_right(self.starts, at) - 1

    def line_text(self, line: int) -> str:
        end = self.starts[line + 1] if line + 1 < len(self.starts) else len(self.text)
        return self.text[self.starts[line]:end]


def _compose(text: str) -> Any:
    try:
        return yaml.compose(text, Loader=_Composer)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        raise YamlEditError(f"{where}{exc.problem or exc} (the file is not valid YAML; run "
                            "'kgraph validate' and fix it first)") from None
    except yaml.YAMLError as exc:  # several documents in one file, a bad character
        raise YamlEditError(f"the file cannot be read as one YAML document: {exc}") from None


def _content_end(lines: _LineIndex, node: Any) -> int:
    """The offset where ``node``'s own text ends (not the blank lines or comments after a
    block scalar or a block collection, which PyYAML counts in)."""
    while isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and not node.flow_style:
        if not node.value:
            break
        last = node.value[-1]
        node = last[1] if isinstance(node, yaml.MappingNode) else last
    end = lines.offset(node.end_mark)
    if isinstance(node, yaml.ScalarNode) and node.style in ("|", ">"):
        while end > 0 and lines.text[end - 1] in " \t\r\n":
            end -= 1
    return end


def _after_last_item(text: str, lines: _LineIndex, seq: Any, record: dict[str, Any],
                     newline: str) -> tuple[str, int]:
    items = seq.value
    last = items[-1]
    start = lines.offset(last.start_mark)
    line = lines.line_text(lines.line_of(start))
    col = start - lines.starts[lines.line_of(start)]
    dash = line.rfind("-", 0, col)
    if dash < 0 or line[:dash].strip():
        raise YamlEditError("the list's items are not one per line starting with '- '; "
                            "add the record by hand")
    if len(items) >= 2:
        gap = text[_content_end(lines, items[-2]):lines.starts[lines.line_of(
            lines.offset(last.start_mark))]]
        blank = bool(re.search(r"\n[ \t]*\r?\n", gap))
    else:
        blank = lines.line_of(_content_end(lines, last)) > lines.line_of(start)
    layout = Layout(dash_col=dash, key_offset=max(col - dash, 2)
                    if isinstance(last, yaml.MappingNode) and not last.flow_style else 2,
                    blank_between=blank,
                    flow_items=isinstance(last, yaml.MappingNode) and bool(last.flow_style),
                    newline=newline)
    at = lines.end_of_line(max(_content_end(lines, last) - 1, start))
    at = _own_comments(lines, at, dash)
    return _insert(text, at, newline if layout.blank_between else "", render(record, layout),
                   newline)


def _own_comments(lines: _LineIndex, at: int, dash: int) -> int:
    """``at`` moved past the comment lines right after an item that are indented under it
    (they belong to it, and stay with it)."""
    while at < len(lines.text):
        line = lines.line_text(lines.line_of(at))
        stripped = line.lstrip(" ")
        if not stripped.startswith("#") or len(line) - len(stripped) <= dash:
            break
        at += len(line)
    return at


def _fill_empty_flow(text: str, lines: _LineIndex, seq: Any, record: dict[str, Any],
                     newline: str) -> tuple[str, int]:
    """``section: []`` becomes ``section:`` with the record under it (a comment after the
    brackets stays on the key's line)."""
    start, end = lines.offset(seq.start_mark), lines.offset(seq.end_mark)
    while start > 0 and text[start - 1] in " \t":
        start -= 1
    head = text[:start] + text[end:]
    at = head.find("\n", start)
    at = len(head) if at < 0 else at + 1
    return _insert(head, at, "", render(record, Layout(newline=newline)), newline)


def _with_section(text: str, section: str, record: dict[str, Any], newline: str
                  ) -> tuple[str, int]:
    """The section added at the end of the file, with the record in it."""
    prefix = text
    if prefix and not prefix.endswith("\n"):
        prefix += newline
    if prefix.strip():
        prefix += newline
    prefix += f"{section}:{newline}"
    return prefix + render(record, Layout(newline=newline)), len(prefix)


def _insert(text: str, at: int, gap: str, body: str, newline: str) -> tuple[str, int]:
    """``body`` inserted at ``at`` (after ``gap``), and where it starts."""
    head = text[:at] + _line_break(text, at, newline) + gap
    return head + body + text[at:], len(head)


def _line_break(text: str, at: int, newline: str) -> str:
    """A line break to put before new lines inserted at ``at`` when the text there does
    not end a line (a file without a final newline)."""
    return "" if at == 0 or text[at - 1] == "\n" else newline


# -- canonical layout -----------------------------------------------------------------------


def canonical(text: str) -> str:
    """``text`` in kgraph's canonical layout, as ruamel.yaml's round trip writes it: keys
    indented by two, list dashes two under their key, lines never folded, no trailing
    spaces, one final line break. Comments, key order, quoting, blank lines between
    records, a byte-order mark and Windows line endings are kept."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError as RuamelError

    rt = YAML()
    rt.preserve_quotes = True
    rt.width = 4096
    rt.indent(mapping=CANONICAL_INDENT, sequence=2 * CANONICAL_INDENT,
              offset=CANONICAL_INDENT)
    body = text.removeprefix("\ufeff")
    try:
        data = rt.load(body)
    except RuamelError as exc:
        raise YamlEditError(f"{exc} (the file is not valid YAML; run 'kgraph validate')"
                            ) from None
    if data is None:  # only comments, or empty
        out = body
    else:
        buffer = io.StringIO()
        rt.dump(data, buffer)
        out = buffer.getvalue()
    out = "\n".join(line.rstrip() for line in out.replace("\r\n", "\n").split("\n"))
    out = out.strip("\n") + "\n" if out.strip() else ""
    if "\r\n" in text:
        out = out.replace("\n", "\r\n")
    return ("\ufeff" + out) if text.startswith("\ufeff") else out
