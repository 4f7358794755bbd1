"""The position-aware YAML loader: values, positions, YAML 1.2 scalars and refusals."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from kgraph.loader import MAX_DEPTH, YList, YMap, load_file, parse_text


def parse(text: str):
    return parse_text("f.yaml", text)


def found(text: str) -> list[tuple[int, int, str]]:
    return [(p.line, p.col, p.rule) for p in parse(text).problems]


# -- positions ---------------------------------------------------------------------------


def test_block_style_positions_of_keys_values_and_items() -> None:
    root = parse("entities:\n  - id: a\n    name:   Alice\n  - id: b\n").root
    assert isinstance(root, YMap)
    assert root.pos() == (1, 1)
    assert root.pos("entities", value=False) == (1, 1)
    assert root.pos("entities") == (2, 3)  # the list starts at its first '-'
    items = root["entities"]
    assert isinstance(items, YList)
    assert items.itempos == [(2, 5), (4, 5)]
    first = items[0]
    assert first.pos() == (2, 5)
    assert first.pos("id", value=False) == (2, 5)
    assert first.pos("id") == (2, 9)
    assert first.pos("name", value=False) == (3, 5)
    assert first.pos("name") == (3, 13)  # after the three spaces
    assert first == {"id": "a", "name": "Alice"}


def test_flow_style_positions() -> None:
    root = parse("x: {a: 1, bb: [p, q]}\n").root
    inner = root["x"]
    assert root.pos("x") == (1, 4)
    assert inner.pos("a", value=False) == (1, 5)
    assert inner.pos("a") == (1, 8)
    assert inner.pos("bb", value=False) == (1, 11)
    assert inner.pos("bb") == (1, 15)
    assert inner["bb"].itempos == [(1, 16), (1, 19)]


def test_columns_count_characters_not_bytes() -> None:
    inner = parse("é😀: {ü: v}\n").root["é😀"]
    assert inner.pos("ü", value=False) == (1, 6)
    assert inner.pos("ü") == (1, 9)


def test_pos_of_a_missing_key_falls_back_to_the_mapping() -> None:
    rec = parse("- {id: a}\n").root[0]
    assert rec.pos("name") == (1, 3)
    assert rec.pos("name", value=False) == (1, 3)


def test_crlf_line_endings_are_accepted_with_right_positions() -> None:
    loaded = parse("a: 1\r\nb:\r\n  - x\r\n  - y\r\n")
    assert loaded.problems == []
    assert loaded.root == {"a": 1, "b": ["x", "y"]}
    assert loaded.root.pos("b", value=False) == (2, 1)
    assert loaded.root["b"].itempos == [(3, 5), (4, 5)]


def test_bom_is_accepted_and_does_not_shift_columns(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbfa: 1\r\nb: x\r\n")
    loaded = load_file(path, "bom.yaml")
    assert loaded.problems == []
    assert loaded.root == {"a": 1, "b": "x"}
    assert loaded.root.pos("a", value=False) == (1, 1)
    assert loaded.root.pos("b") == (2, 4)


# -- YAML 1.2 scalars --------------------------------------------------------------------


@pytest.mark.parametrize(("text", "value"), [
    # YAML 1.1 booleans and dates stay text
    ("no", "no"), ("on", "on"), ("off", "off"), ("yes", "yes"), ("y", "y"), ("N", "N"),
    ("2017-12-06", "2017-12-06"), ("2017-12-06T10:00:00Z", "2017-12-06T10:00:00Z"),
    ("12:30", "12:30"), ("1_000", "1_000"),
    # the core schema
    ("12", 12), ("-3", -3), ("+4", 4), ("012", 12), ("0o17", 15), ("0x1F", 31),
    ("1.5", 1.5), ("-0.25", -0.25), (".5", 0.5), ("1e3", 1000.0), ("1.5E-2", 0.015),
    ("null", None), ("~", None), ("", None), ("NULL", None),
    ("true", True), ("True", True), ("FALSE", False),
    # quoted and explicitly tagged scalars
    ("'12'", "12"), ('"true"', "true"), ("'null'", "null"), ("!!str 12", "12"),
    ("!!str true", "true"), ("!!int '12'", 12), ("!!float 1", 1.0), ("!!bool 'true'", True),
    ("!!null ''", None), ("!!timestamp 2017-12-06", "2017-12-06"),
    ("|\n  two\n  lines", "two\nlines\n"),  # clip chomping keeps the final line break
])
def test_scalars_resolve_by_the_yaml_1_2_core_schema(text: str, value: object) -> None:
    loaded = parse(f"v: {text}\n")
    assert loaded.problems == []
    got = loaded.root["v"]
    assert got == value
    assert type(got) is type(value)


def test_infinities_and_nan() -> None:
    root = parse("a: .inf\nb: -.Inf\nc: .nan\n").root
    assert root["a"] == math.inf
    assert root["b"] == -math.inf
    assert math.isnan(root["c"])


def test_explicit_tag_whose_text_does_not_fit_is_refused() -> None:
    assert found("a: !!int abc\nb: !!bool yes\n") == [(1, 4, "yaml-tag"), (2, 4, "yaml-tag")]


def test_keys_are_text_as_written() -> None:
    assert parse("1: a\ntrue: b\n1.50: c\nno: d\n").root == {"1": "a", "true": "b",
                                                         "1.50": "c", "no": "d"}


# -- duplicate keys ----------------------------------------------------------------------


def test_duplicate_key_is_reported_at_the_second_key() -> None:
    loaded = parse("a: 1\nb: 2\na: 3\n")
    assert [(p.line, p.col, p.rule) for p in loaded.problems] == [(3, 1, "duplicate-key")]
    assert "first given at line 1" in loaded.problems[0].message
    assert loaded.root == {"a": 1, "b": 2}  # the first one is kept


def test_duplicate_keys_nested_and_in_flow_style() -> None:
    assert found("x:\n  - id: a\n    name: A\n    id: b\n") == [(4, 5, "duplicate-key")]
    assert found("x: {a: 1, a: 2}\n") == [(1, 11, "duplicate-key")]
    # `1` and `'1'` are the same key once keys are text
    assert found("1: a\n'1': b\n") == [(2, 1, "duplicate-key")]


# -- tags that construct objects ---------------------------------------------------------


def test_python_object_tag_is_refused_and_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = f"a: !!python/object/apply:os.system ['touch {marker}']\n"
    loaded = parse(text)
    assert [(p.line, p.col, p.rule) for p in loaded.problems] == [(1, 4, "yaml-tag")]
    assert "python/object/apply:os.system" in loaded.problems[0].message
    assert not marker.exists()
    assert loaded.root == {"a": None}


@pytest.mark.parametrize("tag", ["!!python/name:os.system", "!!python/tuple", "!!binary",
                                 "!!set", "!!omap", "!foo", "!<tag:example.com:x>"])
def test_other_tags_are_refused(tag: str) -> None:
    value = "[]" if tag in ("!!python/tuple", "!!omap") else "{}" if tag == "!!set" else "x"
    assert found(f"a: 1\nb: {tag} {value}\n") == [(2, 4, "yaml-tag")]


def test_local_tag_message_names_it() -> None:
    (problem,) = parse("a: !foo bar\n").problems
    assert "'!foo'" in problem.message


def test_merge_key_is_refused_once() -> None:
    assert found("base: &b {x: 1}\nc:\n  <<: *b\n  y: 2\n") == [(3, 3, "yaml-key")]


def test_non_text_key_is_refused() -> None:
    assert found("? [a, b]\n: 1\n~: 2\n") == [(1, 3, "yaml-key"), (3, 1, "yaml-key")]


# -- documents, empty files, bad bytes ----------------------------------------------------


def test_more_than_one_document_is_refused_at_the_second() -> None:
    assert found("a: 1\n---\nb: 2\n") == [(3, 1, "top-level")]
    assert found("---\na: 1\n...\n") == []


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n", "---\n"])
def test_empty_file_has_no_root_and_no_problem(text: str) -> None:
    loaded = parse(text)
    assert loaded.root is None
    assert loaded.problems == []


def test_invalid_utf8_reports_line_and_character_column_of_the_bad_byte(
        tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    # 'Néstor' in UTF-8, then a Latin-1 'é' (0xe9): 13 characters precede it on line 2
    path.write_bytes(b"a: 1\nname: N\xc3\xa9stor \xe9\n")
    loaded = load_file(path, "latin1.yaml")
    assert [(p.line, p.col, p.rule) for p in loaded.problems] == [(2, 14, "encoding")]
    assert "0xe9" in loaded.problems[0].message
    assert loaded.root is None


def test_invalid_utf8_on_the_first_line_and_truncated_at_the_end(tmp_path: Path) -> None:
    first = tmp_path / "first.yaml"
    first.write_bytes(b"\xef\xbb\xbf\xff: 1\n")  # after a BOM, which is not a column
    assert [(p.line, p.col) for p in load_file(first).problems] == [(1, 1)]
    cut = tmp_path / "cut.yaml"
    cut.write_bytes(b"a: 1\r\nb: \xc3")
    assert [(p.line, p.col, p.rule) for p in load_file(cut).problems] == [(2, 4, "encoding")]


def test_utf16_file_is_named_as_such(tmp_path: Path) -> None:
    path = tmp_path / "notepad.yaml"
    path.write_bytes("entities: []\n".encode("utf-16"))
    (problem,) = load_file(path, "notepad.yaml").problems
    assert problem.format() == ("notepad.yaml:1:1: error: the file is UTF-16, not UTF-8; "
                                "save the file as UTF-8 [encoding]")


def test_control_character_is_one_line_message_at_its_character_column() -> None:
    (problem,) = parse("é: ab\x07c\n").problems
    assert (problem.line, problem.col, problem.rule) == (1, 6, "yaml-syntax")
    assert "U+0007" in problem.message
    assert "\n" not in problem.format()


def test_unreadable_file_is_a_problem(tmp_path: Path) -> None:
    loaded = load_file(tmp_path, "dir.yaml")  # a directory cannot be read as a file
    assert [(p.line, p.col, p.rule) for p in loaded.problems] == [(0, 0, "io")]


# -- tabs --------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "pos"), [
    ("a:\n\tb: 1\n", (2, 1)),
    ("a:\n  \tb: 1\n", (2, 3)),
    ("\ta: 1\n", (1, 1)),
    ("a:\n  - x\n\t- y\n", (3, 1)),
])
def test_tab_used_for_indentation(text: str, pos: tuple[int, int]) -> None:
    (problem,) = parse(text).problems
    assert (problem.line, problem.col, problem.rule) == (*pos, "yaml-syntax")
    assert "tab used for indentation" in problem.message


@pytest.mark.parametrize(("text", "value"), [
    ("a: |\n  one\n  \ttwo\n", "one\n\ttwo\n"),  # a tab inside a block scalar
    ('a: "one\n\ttwo"\n', "one two"),  # leading white space of a quoted continuation
    ("a: x\ty\n", "x\ty"),
    ("a:\tx\n", "x"),
])
def test_tabs_that_are_not_indentation_are_fine(text: str, value: str) -> None:
    loaded = parse(text)
    assert loaded.problems == []
    assert loaded.root["a"] == value


# -- syntax errors -----------------------------------------------------------------------


@pytest.mark.parametrize(("text", "pos", "words"), [
    ("a: [1, 2\nb: 3\n", (2, 2), "while parsing a flow sequence at line 1"),
    ("a:\n  b: 1\n c: 2\n", (3, 2), "did not find expected key"),
    ('a: "unterminated\n', (2, 1), "end of stream"),
    ("a: b: c\n", (1, 5), "mapping values are not allowed"),
    ("a: *nope\n", (1, 4), "undefined alias"),
    ("a: &x 1\nb: &x 2\n", (2, 4), "anchor is defined twice (first at line 1)"),
    ("- a\nb: c\n", (2, 1), "expected '-' indicator"),
    ("a: @x\n", (1, 4), "cannot start any token"),
    ("sources:\n  - id: s\n  oops\n", (3, 3), "could not find expected ':'"),  # at the key
])
def test_syntax_errors_have_positions(text: str, pos: tuple[int, int], words: str) -> None:
    loaded = parse(text)
    assert loaded.root is None
    (problem,) = loaded.problems
    assert (problem.line, problem.col, problem.rule) == (*pos, "yaml-syntax")
    assert words in problem.message


# -- depth -------------------------------------------------------------------------------


def test_nesting_up_to_the_limit_loads_and_one_more_is_refused() -> None:
    ok = parse("a: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "\n")
    assert ok.problems == []
    too_deep = "a: " + "[" * MAX_DEPTH + "]" * MAX_DEPTH + "\n"
    # the root mapping is level 1; the 64th '[' is level 65, at column 3 + 64
    assert found(too_deep) == [(1, 3 + MAX_DEPTH, "yaml-depth")]


def test_nesting_through_aliases_is_bounded_too() -> None:
    half = MAX_DEPTH // 2 + 4
    text = ("a: &x " + "[" * half + "]" * half + "\n"
            + "b: " + "[" * half + "*x" + "]" * half + "\n")
    assert [rule for _, _, rule in found(text)] == ["yaml-depth"]
