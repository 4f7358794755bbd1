"""The fast parse path (``kgraph.fastyaml``) gives exactly what the PyYAML path gives.

For every document it accepts, the values (types included) and the 1-based positions of
every mapping, key, value, list and item equal those of ``loader.parse_text(...,
fast=False)``; anything else falls back (``parse`` returns None), and then PyYAML reports
the problems. Checked on the bundled data, every fixture, generated benchmark data and
Hypothesis-generated documents written in many styles (some of them broken on purpose).
"""

from __future__ import annotations

import math
import pickle
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kgraph import fastyaml, loader, yamlvalues
from kgraph.loader import YList, YMap

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))


def same(fast: Any, slow: Any, path: str = "$") -> None:
    """Equal values of the same types, with the same positions everywhere."""
    if isinstance(slow, YMap):
        assert isinstance(fast, YMap), (path, fast)
        assert (fast.line, fast.col) == (slow.line, slow.col), path
        assert list(fast) == list(slow), path
        assert fast.keypos == slow.keypos, (path, fast.keypos, slow.keypos)
        assert fast.valpos == slow.valpos, (path, fast.valpos, slow.valpos)
        for key in slow:
            same(fast[key], slow[key], f"{path}.{key}")
    elif isinstance(slow, YList):
        assert isinstance(fast, YList), (path, fast)
        assert (fast.line, fast.col) == (slow.line, slow.col), path
        assert fast.itempos == slow.itempos, (path, fast.itempos, slow.itempos)
        assert len(fast) == len(slow), path
        for i, (a, b) in enumerate(zip(fast, slow)):
            same(a, b, f"{path}[{i}]")
    else:
        assert type(fast) is type(slow), (path, fast, slow)
        assert fast == slow or (isinstance(slow, float) and math.isnan(slow)
                                and math.isnan(fast)), (path, fast, slow)


def check(text: str, accept: bool | None = None) -> Any:
    """Compare the two paths on ``text``; ``accept``: whether the fast path must take it
    (True) or leave it to PyYAML (False)."""
    try:  # not parse(): it would hide a bug (an IndexError...) behind the fallback
        fast = loader.LoadedFile("doc.yaml", fastyaml.parse_strict(text))
    except fastyaml.Fallback:
        fast = None
    slow = loader.parse_text("doc.yaml", text, fast=False)
    if accept is not None:
        assert (fast is not None) == accept, (text, slow.problems)
    if fast is None:
        # the loader's default path (fast first) then gives PyYAML's answer exactly
        again = loader.parse_text("doc.yaml", text)
        assert again.problems == slow.problems
        if not slow.problems:
            same(again.root, slow.root)
        return None
    assert slow.problems == [], (text, slow.problems)
    assert fast.problems == []
    same(fast.root, slow.root)
    return fast.root


# -- real files ---------------------------------------------------------------------------

def _yaml_files() -> list[Path]:
    files = sorted((ROOT / "data").glob("*.yaml"))
    files += sorted((ROOT / "tests" / "fixtures").rglob("*.yaml"))
    return files


@pytest.mark.parametrize("path", _yaml_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_bundled_data_and_fixtures(path: Path) -> None:
    raw = path.read_bytes()
    text, _ = loader._decode(str(path), raw)
    if text is None:
        return  # not UTF-8: never reaches a parser
    check(text)


def test_the_bundled_data_takes_the_fast_path() -> None:
    for name in ("entities.yaml", "sources.yaml", "schema.yaml"):
        assert fastyaml.parse(name, (ROOT / "data" / name).read_text(encoding="utf-8"))


def test_generated_benchmark_data(tmp_path: Path) -> None:
    from generate import generate

    generate(120, 600, tmp_path, seed=3, entities_per_file=50, relations_per_file=250)
    files = sorted(tmp_path.glob("*.yaml"))
    assert len(files) >= 6
    for path in files:
        check(path.read_text(encoding="utf-8"), accept=True)


# -- what the fast path takes, and what it leaves to PyYAML -------------------------------

ACCEPTED = [
    "a: 1\nb: two\n",
    "entities:\n  - id: x\n    name: Néstor Martínez 😀\n    aliases: [A, 'B''s', \"C, D\"]\n",
    "k:\n- a\n- b\nj: c\n",
    "k: |\n  line one\n   indented\n\n  after blank\nnext: 1\n",
    "k: >-\n  folded\n  text\n\n  para\n",
    "k: |+\n  kept\n\n\nz: 1\n",
    "k: |+\n   kept\n\n  ",  # (a last line of spaces ends with no line break to keep)
    "k: |+\n   kept\n  ",
    "k: \"esc \\t \\u00e9 \\x41 \\\\ \\\" \\/ \\N\"\n",
    "a:\n  b:\n    c: [1, 2.5, -3, 0x1F, 0o17, 1e3, .inf, -.inf, .nan, ~, null, true, no, on]\n",
    "empty:\n# comment\nnext:   spaced   # trailing comment\nlast:\n",
    "- {a: b, c: [d, {e: f}]}\n- []\n- {}\n-\n- last\n",
    "url: http://example.org/a#b\nsay: 'it''s'\nweird: a#b\n",
    "date: 2017-12-06\nyear: 2017\nver: 1.0\n",
    "a: b\n   # an indented comment after a value\nc: d\n",
    "k: v\r\nj: w\r\n",
    "top:\n    - deep: 1\n      deeper:\n        - x\n",
    "1: int key\ntrue: bool key\n1.5: float key\n",
    "# only comments\n\n# here\n",
    "",
]

REFUSED = [
    "a: &x 1\nb: *x\n",  # anchors and aliases
    "a: !!str 1\n",  # tags
    "a:\n\tb: 1\n",  # a tab
    "a: one\n  continued\n",  # a plain scalar on two lines
    "a: \"two\n  lines\"\n",
    "a: 1\na: 2\n",  # a duplicate key
    "---\na: 1\n",
    "a: 1\n---\nb: 2\n",
    "? a\n: b\n",
    "a: b\rc: d\n",  # a lone carriage return
    "a: \x07\n",  # a control character
    "a: \u2028\n",
    "a: \"\\q\"\n",  # an unknown escape
    "a: [1,\n 2]\n",  # flow over two lines
    "a: [1, , 2]\n",
    "a: b: c\n",
    "a: - b\n",
    "just a scalar\n",
    "<<: {a: 1}\n",
    "~: x\n",
    "k: |2\n   indented\n",
    "k: >\n  a\n    more indented\n  b\n",
    "a:\n  - b\n   - c\n",
    "k: 'unterminated\n",
    "%YAML 1.2\n---\na: 1\n",
    "\ufeffa: 1\n",
    "- - a\n",  # a list in a list item, on one line
]


@pytest.mark.parametrize("text", ACCEPTED)
def test_accepted(text: str) -> None:
    check(text, accept=True)


@pytest.mark.parametrize("text", REFUSED)
def test_refused_falls_back_to_pyyaml(text: str) -> None:
    check(text, accept=False)


def test_the_loader_limits_still_apply(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlvalues, "MAX_NODES", 5)
    check("a: [1, 2, 3, 4, 5, 6]\n", accept=False)
    monkeypatch.setattr(yamlvalues, "MAX_NODES", 2_000_000)
    monkeypatch.setattr(yamlvalues, "MAX_DEPTH", 3)
    check("a:\n  b:\n    c:\n      d:\n        e: 1\n", accept=False)


# -- generated documents --------------------------------------------------------------------

ALPHABET = "abcXYZ09 -_:#,.'\"[]{}&*!|>%@`?/\\éü😀\t"
WORDS = st.sampled_from(["id", "name", "type", "from", "to", "quote", "a b", "x1",
                         "1", "true", "null", "no", "<<", "k-2", "é", "2017"])
SCALARS = st.one_of(
    st.text(alphabet=ALPHABET, max_size=12),
    st.sampled_from(["", "~", "null", "yes", "no", "on", "12", "-3", "0x1f", "0o17", "1e3",
                     "1.5", ".inf", "-.nan", "2017-12-06", "true", "False", "a: b", "a #b",
                     "- x", "http://a/b", "it's", 'say "hi"', "é", "line\nbreak"]),
    st.integers(-1000, 1000).map(str),
)


def trees(depth: int = 3) -> st.SearchStrategy[Any]:
    if depth == 0:
        return SCALARS
    children = trees(depth - 1)
    return st.one_of(
        SCALARS,
        st.lists(children, max_size=4),
        st.lists(st.tuples(WORDS, children), max_size=4).map(list),
    )


@st.composite
def documents(draw: st.DrawFn) -> str:
    """YAML text for a random tree, each node written in a randomly chosen style
    (which may well be invalid or change the value: both parsers must then agree)."""
    step = draw(st.sampled_from([2, 4]))
    lines: list[str] = []

    def scalar(text: str) -> str:
        style = draw(st.sampled_from(["plain", "plain", "double", "single", "escaped"]))
        if style == "plain":
            return text.replace("\n", " ")
        if style == "single":
            return "'" + text.replace("'", "''").replace("\n", " ") + "'"
        body = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
        if style == "escaped":
            body = "".join(f"\\x{ord(c):02x}" if c in "ab" else c for c in body)
        return '"' + body + '"'

    def flow(node: Any) -> str:
        if isinstance(node, list) and node and isinstance(node[0], tuple):
            return "{" + ", ".join(f"{k}: {flow(v)}" for k, v in node) + "}"
        if isinstance(node, list):
            return "[" + ", ".join(flow(v) for v in node) + "]"
        return scalar(node)

    def extras(indent: int) -> None:
        if draw(st.booleans()) and draw(st.booleans()):
            lines.append(" " * draw(st.integers(0, indent + 4)) + "# note")
        if draw(st.booleans()) and draw(st.booleans()):
            lines.append("")

    def tail() -> str:
        return draw(st.sampled_from(["", "", "", "  # c", " #c"]))

    def block(node: Any, indent: int, prefix: str) -> None:
        """``prefix``: what goes before the node on its first line ('key:' or '-')."""
        if isinstance(node, list) and node and isinstance(node[0], tuple):
            if prefix and draw(st.booleans()):
                lines.append(" " * indent + prefix + " " + flow(node) + tail())
                return
            if prefix:
                lines.append(" " * indent + prefix + tail())
                indent += step
            for k, v in node:
                extras(indent)
                block(v, indent, f"{k}:")
            return
        if isinstance(node, list):
            if not node or (prefix and draw(st.booleans())):
                lines.append(" " * indent + (prefix + " " if prefix else "") + flow(node))
                return
            if prefix:
                lines.append(" " * indent + prefix + tail())
                if prefix != "-" and draw(st.booleans()):
                    indent -= step  # '- ' items at the key's own indentation
                indent += step
            for v in node:
                extras(indent)
                block(v, indent, "-")
            return
        text = node
        if prefix and "\n" in text and draw(st.booleans()):
            style = draw(st.sampled_from(["|", ">", "|-", ">-", "|+"]))
            lines.append(" " * indent + f"{prefix} {style}")
            for part in text.split("\n"):
                lines.append(" " * (indent + step) + part if part else "")
            return
        lines.append(" " * indent + (prefix + " " if prefix else "") + scalar(text) + tail())

    root = draw(st.one_of(st.lists(st.tuples(WORDS, trees()), min_size=1, max_size=4),
                          st.lists(trees(), min_size=1, max_size=4)))
    block(root, 0, "")
    return "\n".join(lines) + draw(st.sampled_from(["\n", "", "\n\n"]))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_generated_documents(text: str) -> None:
    check(text)


@settings(max_examples=200, deadline=None)
@given(documents(), st.integers(0, 10_000), st.sampled_from(
    [" ", "-", ":", "#", "'", '"', "[", "]", "{", "}", "\n", "\n  ", "|", "&", "*", "!", "\t",
     ": ", " #", "\r\n", "é"]))
def test_damaged_documents(text: str, at: int, insert: str) -> None:
    """A character inserted anywhere: the fast path agrees with PyYAML or falls back."""
    at = at % (len(text) + 1)
    check(text[:at] + insert + text[at:])


# -- the values themselves ------------------------------------------------------------------

@given(st.text(min_size=1).filter(lambda t: t[0] not in fastyaml._MAYBE_NOT_TEXT))
def test_plain_text_needs_no_resolving_unless_it_may_be_special(text: str) -> None:
    assert loader.resolve_plain(text) == text


def test_lazy_positions_equal_the_eager_ones() -> None:
    text = (ROOT / "data" / "entities.yaml").read_text(encoding="utf-8")
    root = fastyaml.parse("e.yaml", text).root
    record = root["entities"][3]
    assert isinstance(record, fastyaml.LazyMap)
    asked = {k: (record.pos(k), record.pos(k, value=False)) for k in record}
    assert not record._done  # pos() did not need the tables
    eager = loader.parse_text("e.yaml", text, fast=False).root["entities"][3]
    assert record.keypos == eager.keypos and record.valpos == eager.valpos
    assert asked == {k: (eager.pos(k), eager.pos(k, value=False)) for k in eager}
    copied = pickle.loads(pickle.dumps(record))
    assert type(copied) is YMap
    same(copied, eager)


def test_encode_decode_round_trip() -> None:
    import marshal

    for name in ("entities.yaml", "relations.yaml", "schema.yaml"):
        text = (ROOT / "data" / name).read_text(encoding="utf-8")
        parsed = loader.parse_text(name, text)  # relations.yaml: PyYAML (anchors)
        back = yamlvalues.decode(marshal.loads(marshal.dumps(yamlvalues.encode(parsed.root))))
        same(back, parsed.root)
