"""Property tests (Hypothesis): broken data never gets a traceback, only a clear answer.

Datasets are made by mutating a slice of the bundled data (its text lines: deleted,
duplicated, moved, garbled, retyped, re-indented, truncated, re-encoded; and its parsed
structure, re-dumped: fields dropped, retyped, renamed and garbled, records duplicated,
deleted and moved), by generating small datasets with hostile strings, and by writing
random YAML documents and bytes. Each is written to a temporary directory and run through
``kgraph validate`` and one command drawn from every query, export, ``view`` and
``render``, in-process through the CLI. For every case:

* no traceback, and no exception but the exit; exit codes 0, 1 or 2 only;
* ``validate`` exits 0 exactly when it reports no error, and its every problem line is
  ``file[:line:col]: severity: message [rule]`` naming a file of the dataset (the JSON
  report likewise); data known to be broken is never passed;
* on data ``validate`` refused, every other command exits 1 naming a file of the dataset on
  stderr, prints nothing on stdout and leaves a previous export as it was, with no
  temporary file behind;
* on data ``validate`` passed, every export succeeds and its output parses (XML with
  lxml, RDF with rdflib, JSON, CSV, zip).

Cases are fixed (``derandomize``), so a failure reproduces; the examples a test prints on
failure are the smallest Hypothesis found. Environment knobs for exploring beyond CI:
``KGRAPH_PROPERTY_SCALE=10`` runs ten times the cases, ``KGRAPH_PROPERTY_RANDOM=1`` draws
new ones on each run.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import os
import re
import tempfile
import traceback
import zipfile
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import typer
import typer.testing
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from hypothesis.control import currently_in_test_context
from typer.testing import CliRunner, Result

from kgraph.cli import app, console
from kgraph.errors import Problem
from kgraph.project import bundled_data_dir

SCALE = float(os.environ.get("KGRAPH_PROPERTY_SCALE", "1"))


def examples(n: int) -> settings:
    return settings(max_examples=max(1, int(n * SCALE)), deadline=None, database=None,
                    derandomize=not os.environ.get("KGRAPH_PROPERTY_RANDOM"),
                    print_blob=True, suppress_health_check=list(HealthCheck))


# ---------------------------------------------------------------------------------------
# the slice of the bundled data that the mutations start from

BUNDLED = bundled_data_dir()
SECTION = {"entities.yaml": "entities", "relations.yaml": "relations",
           "sources.yaml": "sources", "schema.yaml": "entity_types"}


def records(text: str, section: str) -> tuple[str, list[str]]:
    """The text before the records of ``section``, and each record's lines (from its
    ``  - `` line to the next; comments between records stay with the one before)."""
    lines = text.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith(section + ":"))
    head, chunks = lines[:start + 1], []
    for line in lines[start + 1:]:
        if line.startswith("  - "):
            chunks.append([line])
        elif chunks:
            chunks[-1].append(line)
        else:
            head.append(line)
    return "".join(head), ["".join(c) for c in chunks]


def bundled_slice(relations: int = 12) -> dict[str, str]:
    """The first ``relations`` relations of the bundled data with the entities they
    connect and every source, as the original text (comments, styles and all)."""
    rhead, rels = records((BUNDLED / "relations.yaml").read_text(encoding="utf-8"),
                          "relations")
    ehead, ents = records((BUNDLED / "entities.yaml").read_text(encoding="utf-8"),
                          "entities")
    kept = rels[:relations]
    ends = {end for r in kept for rec in yaml.safe_load(r) for end in (rec["from"], rec["to"])}
    return {
        "entities.yaml": ehead + "".join(e for e in ents if yaml.safe_load(e)[0]["id"] in ends),
        "relations.yaml": rhead + "".join(kept),
        "sources.yaml": (BUNDLED / "sources.yaml").read_text(encoding="utf-8"),
    }


SLICE = bundled_slice()
SCHEMA_TEXT = (BUNDLED / "schema.yaml").read_text(encoding="utf-8")
PARSED = {name: yaml.safe_load(text) for name, text in SLICE.items()}
IDS = sorted(e["id"] for e in PARSED["entities.yaml"]["entities"])
NAMES = sorted(e["name"] for e in PARSED["entities.yaml"]["entities"])
SOURCE_IDS = sorted(s["id"] for s in PARSED["sources.yaml"]["sources"])
ENTITY_TYPES = sorted(yaml.safe_load(SCHEMA_TEXT)["entity_types"])
RELATION_TYPES = sorted(yaml.safe_load(SCHEMA_TEXT)["relation_types"])
REQUIRED = {"entities": ("id", "type", "name"), "relations": ("from", "type", "to"),
            "sources": ("id", "title")}
FIELDS = sorted({"id", "type", "name", "aliases", "description", "date", "start", "end",
                 "inferred", "source", "quote", "evidence", "notes", "url", "from", "to",
                 "title", "publisher", "file", "role", "nationality", "charged"})


# ---------------------------------------------------------------------------------------
# values and text

AWKWARD = ['"', "'", "<", ">", "&", "&amp;", "]]>", "<script>alert(1)</script>", "😀",
           "שלום", "\u202e", "\x00", "\x01", "\x08", "\x0b", "\x1b", "\x7f", "\x85", "\r",
           "\r\n", "\n", "\t", " ", "\ufeff", "\ufffe", "\uffff", "\\", "%", ";", "|", ",",
           "\u2028", "e\u0301", "{", "}", "#", ":", "- ", "=cmd|' /C calc'!A0", "@", "+",
           "-", "../../etc/passwd", "/etc/passwd", "${x}", "{{x}}", "\U0010ffff"]

text = st.lists(st.one_of(st.characters(codec="utf-8", exclude_categories=("Cs",)),
                          st.sampled_from(AWKWARD)), max_size=6).map("".join)
# text with something visible in it, which does not start with '-' (an option)
word = st.tuples(st.sampled_from(list("aZé名😀0<&'\"=@+")), text).map("".join)
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(-10, 3000),
    st.floats(), text, st.dates().map(str), st.dates(),
    st.sampled_from([*IDS, *SOURCE_IDS, *ENTITY_TYPES, *RELATION_TYPES, "2017", "2017-12",
                     "2017-13", "2017-02-30", "", " "]))
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=3),
    st.dictionaries(st.one_of(st.sampled_from(FIELDS), text), inner, max_size=3)),
    max_leaves=6)

# what a field's value may be replaced with, as YAML text
YAML_VALUES = [
    "", "123", "-7", "1.5", "1e3", "0x1F", "0o17", ".inf", "-.inf", ".nan", "true", "no",
    "on", "null", "~", "''", '""', "[]", "{}", "[a, b]", "{a: 1}", "[[[]]]", "2017-13-45",
    "2017-02-30", "2017-12", "1999-12-31T23:59:59Z", "99999999999999999999999",
    "!!python/object/apply:os.getcwd []", "!!python/name:os.getcwd", "!!binary aGVsbG8=",
    "!!set {a, b}", "!!omap [a: 1]", "!!int x", "!!str 12", "!!float 1", "!custom x",
    "*undefined", "&anchor value", "|", ">-", "|\n  block\n  text", "'unclosed",
    '"unclosed', '"\\x00 \\x1b \\u2028 \\ud800"', '"\\t\\r\\n"', "x: y", "@reserved",
    "`reserved", "%TAG ! tag:x,2000:", "? complex", "<<: *a", "- item", "a #comment",
    "'=HYPERLINK(\"http://x\")'", "<script>alert(1)</script>", "]]>", "'../../etc/passwd'",
    "/etc/passwd", *IDS[:6], *SOURCE_IDS[:2], "person", "event", "grew_out_of",
]
GARBAGE = st.text(alphabet=st.sampled_from(
    list(":-[]{}&*!|>'\"%@`,?#\\ \t\x00\x07\x1b\x85\u2028\ufeff\ufffe😀é\r\nab01")),
    max_size=6)
KEY_VALUE = re.compile(r"(\s*(?:- )?[A-Za-z_]+:)(?: .*)?\n?\Z")


# ---------------------------------------------------------------------------------------
# mutations of text lines


@st.composite
def mutate_lines(draw: Any, content: str) -> str:
    lines = content.splitlines(keepends=True) or [""]
    for _ in range(draw(st.integers(1, 4))):
        if not lines:
            lines = [""]
        op = draw(st.sampled_from(["delete", "duplicate", "move", "garble", "garble",
                                   "retype", "retype", "indent", "tab", "insert",
                                   "truncate", "swap-values"]))
        i = draw(st.integers(0, len(lines) - 1))
        line = lines[i]
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, line)
        elif op == "move":
            lines.insert(draw(st.integers(0, len(lines) - 1)), lines.pop(i))
        elif op == "garble":
            a = draw(st.integers(0, len(line)))
            b = draw(st.integers(a, min(len(line), a + 4)))
            lines[i] = line[:a] + draw(GARBAGE) + line[b:]
        elif op == "retype":
            m = KEY_VALUE.match(line)
            if m:
                lines[i] = f"{m.group(1)} {draw(st.sampled_from(YAML_VALUES))}\n"
        elif op == "indent":
            k = draw(st.integers(-4, 4))
            lines[i] = " " * k + line if k > 0 else line[min(-k, len(line) - len(
                line.lstrip(" "))):]
        elif op == "tab":
            lines[i] = line.replace("  ", "\t", 1)
        elif op == "insert":
            lines.insert(i, draw(st.one_of(GARBAGE, st.sampled_from(YAML_VALUES))) + "\n")
        elif op == "truncate":
            lines = [*lines[:i], line[:draw(st.integers(0, len(line)))]]
        elif op == "swap-values":
            j = draw(st.integers(0, len(lines) - 1))
            a, b = KEY_VALUE.match(line), KEY_VALUE.match(lines[j])
            if a and b:
                lines[i] = a.group(1) + lines[j][len(b.group(1)):]
                lines[j] = b.group(1) + line[len(a.group(1)):]
    return "".join(lines)


@st.composite
def encode(draw: Any, content: str) -> bytes:
    """The file's bytes: mostly UTF-8, sometimes with a BOM, other line ends, another
    encoding, an invalid or NUL byte, or cut at any byte."""
    how = draw(st.sampled_from(["utf-8"] * 8 + ["bom", "crlf", "cr", "utf-16", "latin-1",
                                                "bad-byte", "nul", "cut"]))
    data = content.encode("utf-8")
    if how == "bom":
        return b"\xef\xbb\xbf" + data
    if how == "crlf":
        return data.replace(b"\n", b"\r\n")
    if how == "cr":
        return data.replace(b"\n", b"\r")
    if how == "utf-16":
        return content.encode("utf-16")
    if how == "latin-1":
        return content.encode("latin-1", "replace")
    at = draw(st.integers(0, len(data)))
    if how == "bad-byte":
        return data[:at] + draw(st.sampled_from([b"\xff", b"\xc3", b"\xed\xa0\x80",
                                                 b"\xf4\x90\x80\x80"])) + data[at:]
    if how == "nul":
        return data[:at] + b"\x00" + data[at:]
    return data[:at]


@st.composite
def line_mutated(draw: Any) -> dict[str, bytes]:
    """The slice, with one or two of its files (or a copy of the schema) mutated."""
    texts = dict(SLICE)
    for name in draw(st.lists(st.sampled_from([*SLICE, "schema.yaml"]), min_size=1,
                              max_size=2, unique=True)):
        texts[name] = draw(mutate_lines(texts.get(name, SCHEMA_TEXT)))
    files = {name: t.encode("utf-8") for name, t in texts.items()}
    name = draw(st.sampled_from(sorted(files)))
    files[name] = draw(encode(texts[name]))
    return files


# ---------------------------------------------------------------------------------------
# mutations of the parsed structure


@dataclass
class Dataset:
    files: dict[str, bytes]
    broken: str = ""  # why the data is certainly invalid ("" when it may be valid)
    names: list[str] = field(default_factory=lambda: [*IDS, *NAMES])  # for the commands


def dump(draw: Any, doc: Any) -> bytes:
    return yaml.safe_dump(doc, allow_unicode=draw(st.booleans()), sort_keys=False,
                          default_flow_style=draw(st.sampled_from([False, None, True])),
                          width=draw(st.sampled_from([80, 2**20]))).encode("utf-8")


def pick(draw: Any, docs: dict[str, Any]) -> tuple[str, list[Any]] | None:
    """A file and its list of records, if it still has one."""
    name = draw(st.sampled_from(sorted(docs)))
    doc = docs[name]
    recs = doc.get(SECTION[name]) if isinstance(doc, dict) else None
    return (name, recs) if isinstance(recs, list) else None


def garble(draw: Any, value: str) -> str:
    at = draw(st.integers(0, len(value)))
    return value[:at] + draw(text) + value[at:]


@st.composite
def structure_mutated(draw: Any) -> Dataset:
    docs = copy.deepcopy(PARSED)
    for _ in range(draw(st.integers(0, 3))):
        picked = pick(draw, docs)
        if picked is None or not picked[1]:
            continue
        _, recs = picked
        i = draw(st.integers(0, len(recs) - 1))
        rec = recs[i]
        op = draw(st.sampled_from(["drop-field", "set-field", "set-field", "add-field",
                                   "rename-field", "garble", "garble", "garble",
                                   "delete-record", "duplicate-record", "move-record",
                                   "re-point", "shuffle"]))
        keys = sorted(rec, key=str) if isinstance(rec, dict) else []
        if op == "drop-field" and keys:
            del rec[draw(st.sampled_from(keys))]
        elif op == "set-field" and keys:
            rec[draw(st.sampled_from(keys))] = draw(values)
        elif op == "add-field" and isinstance(rec, dict):
            rec[draw(st.one_of(st.sampled_from(FIELDS), text))] = draw(values)
        elif op == "rename-field" and keys:
            rec[draw(st.one_of(st.sampled_from(FIELDS), text))] = rec.pop(
                draw(st.sampled_from(keys)))
        elif op == "garble" and keys:
            key = draw(st.sampled_from(keys))
            if isinstance(rec[key], str):
                rec[key] = garble(draw, rec[key])
        elif op == "delete-record":
            del recs[i]
        elif op == "duplicate-record":
            recs.insert(draw(st.integers(0, len(recs))), copy.deepcopy(rec))
        elif op == "move-record":
            other = pick(draw, docs)
            if other is not None:
                other[1].append(recs.pop(i))
        elif op == "re-point" and isinstance(rec, dict):
            key = draw(st.sampled_from(["from", "to", "source", "type", "id"]))
            rec[key] = draw(st.sampled_from([*IDS, *SOURCE_IDS, *ENTITY_TYPES,
                                             *RELATION_TYPES]))
        elif op == "shuffle":
            recs[:] = draw(st.permutations(recs))
    broken = ""
    if draw(st.booleans()):  # end with a change that certainly breaks the data
        broken = draw(break_for_sure(docs))
    return Dataset({name: dump(draw, doc) for name, doc in docs.items()}, broken)


@st.composite
def break_for_sure(draw: Any, docs: dict[str, Any]) -> str:
    """Break ``docs`` in a way ``validate`` must report (says how, or "" if it could
    not: no records left)."""
    name = draw(st.sampled_from(sorted(docs)))
    section = SECTION[name]
    how = draw(st.sampled_from(["drop-required", "bad-required", "unknown-type",
                                "duplicate-id", "section-not-a-list", "unknown-section"]))
    if how == "section-not-a-list":
        docs[name] = {section: draw(st.one_of(st.integers(), word,
                                              st.dictionaries(text, scalars, min_size=1)))}
        return how
    if how == "unknown-section":
        docs[name] = {"x" + draw(text): docs[name]}
        return how
    recs = docs[name].get(section) if isinstance(docs[name], dict) else None
    recs = [r for r in recs or [] if isinstance(r, dict)]
    if not recs:
        return ""
    rec = draw(st.sampled_from(recs))
    if how == "drop-required":
        rec.pop(draw(st.sampled_from(REQUIRED[section])), None)
    elif how == "bad-required":
        key = draw(st.sampled_from(["id", "type"] if section == "entities" else
                                   ["from", "to", "type"] if section == "relations" else
                                   ["id"]))
        rec[key] = draw(st.one_of(st.integers(), st.booleans(), st.floats(),
                                  st.lists(scalars, max_size=2),
                                  st.dictionaries(text, scalars, max_size=2)))
    elif how == "unknown-type" and section in ("entities", "relations"):
        rec["type"] = "no_such_type_" + draw(st.from_regex(r"[a-z]{0,5}", fullmatch=True))
    elif how == "duplicate-id" and section in ("entities", "sources"):
        copied = copy.deepcopy(rec)
        docs[name][section].append(copied)
        if not isinstance(copied.get("id"), str):
            copied["id"] = rec["id"] = "same-id"
    else:
        rec.pop(REQUIRED[section][0], None)
        how = "drop-required"
    return how


# ---------------------------------------------------------------------------------------
# generated datasets with hostile strings, and random documents

TRIPLES = [("met_with", "person", "person"), ("attended", "person", "event"),
           ("heads", "person", "agency"), ("part_of", "agency", "agency"),
           ("held_in", "event", "country"), ("cooperates_with", "country", "agency")]


@st.composite
def generated(draw: Any) -> Dataset:
    """A small dataset in the real format whose strings are hostile (markup, control
    characters, formulas, paths, bidi...): valid more often than not, so that exports run
    on it."""
    nice = st.one_of(word, st.sampled_from(NAMES))
    sources = [{"id": "s1", "title": draw(nice), "file": draw(st.sampled_from(
        ["s1.txt", "../../etc/passwd", "/etc/passwd", "a/../../b.txt"]))}]
    if draw(st.booleans()):
        sources.append({"id": "s-2", "title": draw(nice), "date": draw(st.sampled_from(
            ["2017", "2017-12", "2017-12-06"])), "url": draw(st.sampled_from(
                ["https://example.org/x?a=1&b=<2>", "javascript:alert(1)", "=1+1"]))})
    ids = draw(st.lists(st.from_regex(r"[a-z0-9][a-z0-9._:-]{0,8}", fullmatch=True),
                        min_size=1, max_size=6, unique=True))
    types = {i: draw(st.sampled_from(["person", "agency", "event", "country"])) for i in ids}
    entities = []
    for i in ids:
        rec: dict[str, Any] = {"id": i, "type": types[i], "name": draw(nice),
                               "source": "s1", "quote": draw(nice)}
        if draw(st.booleans()):
            rec["aliases"] = draw(st.lists(nice, max_size=3))
        if draw(st.booleans()):
            rec["description"] = draw(text)
        if draw(st.booleans()):
            rec["date"] = draw(st.sampled_from(["2017", "2018-08", "2019-06-12", "1999"]))
        if types[i] == "person" and draw(st.booleans()):
            rec["role"] = draw(text)
        if draw(st.booleans()):
            rec["notes"] = draw(text)
        entities.append(rec)
    relations = []
    for _ in range(draw(st.integers(0, 8))):
        rtype, a, b = draw(st.sampled_from(TRIPLES))
        froms, tos = [i for i in ids if types[i] == a], [i for i in ids if types[i] == b]
        src, dst = draw(st.sampled_from(froms or ["?"])), draw(st.sampled_from(tos or ["?"]))
        if "?" in (src, dst) or src == dst:
            continue
        rel: dict[str, Any] = {"from": src, "type": rtype, "to": dst, "source": "s1",
                               "quote": draw(nice)}
        if draw(st.booleans()):
            rel["date"] = draw(st.sampled_from(["2017", "2017-12-06", "2018-08"]))
        if draw(st.booleans()):
            rel["description"] = draw(text)
        relations.append(rel)
    docs = {"sources.yaml": {"sources": sources}, "entities.yaml": {"entities": entities},
            "relations.yaml": {"relations": relations}}
    return Dataset({name: dump(draw, doc) for name, doc in docs.items()},
                   names=[*ids, *(e["name"] for e in entities)])


YAML_TEXT = st.lists(st.sampled_from([
    *"abcxyz019 :-[]{}&*!|>'\"%@`,?#\\\t\n\r\x00\x85\ufeff\u2028é😀",
    "entities:", "relations:", "sources:", "entity_types:", "- id: ", "  type: ", "\n  - ",
    "\n    ", "!!python/object:os.system", "&a ", "*a", "<<: ", "---\n", "...\n",
    "%YAML 1.2\n"]), max_size=40).map("".join)


@st.composite
def random_documents(draw: Any) -> Dataset:
    """One random YAML document (or random text or bytes), alone or next to the slice."""
    how = draw(st.sampled_from(["dump", "dump", "sections", "text", "text", "bytes"]))
    if how == "dump":
        blob = dump(draw, draw(values))
    elif how == "sections":
        blob = dump(draw, draw(st.dictionaries(
            st.one_of(st.sampled_from([*SECTION.values(), "relation_types"]), text),
            st.one_of(values, st.lists(st.dictionaries(st.sampled_from(FIELDS), scalars,
                                                       max_size=5), max_size=3)),
            max_size=3)))
    elif how == "text":
        blob = draw(YAML_TEXT).encode("utf-8")
    else:
        blob = draw(st.binary(max_size=60))
    files = dict({n: t.encode("utf-8") for n, t in SLICE.items()} if draw(st.booleans())
                 else {})
    files[draw(st.sampled_from(["random.yaml", "entities.yaml", "z.yml"]))] = blob
    return Dataset(files)


# ---------------------------------------------------------------------------------------
# the commands


@dataclass
class Command:
    args: list[str]
    target: str | None = None  # an export's output, in the output directory
    export: bool = False

    def argv(self, out: Path) -> list[str]:
        return [str(out / a[4:]) if a.startswith("OUT/") else a for a in self.args]


json_flag = st.sampled_from([[], ["--json"]])
EXPORTS = [("graphml", "g.graphml"), ("gexf", "g.gexf"), ("json", "g.json"),
           ("csv", "csv"), ("csv", "c.zip"), ("neo4j", "neo4j"), ("neo4j", "n.zip"),
           ("rdf", "g.ttl"), ("nt", "g.nt"), ("json", "-"), ("graphml", "-")]


QUERIES = ["search", "show", "neighbours", "path", "lineage", "timeline", "stats", "ask",
           "view", "render"]


@st.composite
def commands(draw: Any, names: list[str], exports: int = 6) -> Command:
    """A command line, its entities drawn from ``names`` or made up; ``exports``: how much
    more often than each query an export is drawn."""
    entity_arg = st.one_of(st.sampled_from(names), word)
    what = draw(st.sampled_from([*QUERIES, *(["export"] * exports)]))
    if what == "export":
        fmt, name = draw(st.sampled_from(EXPORTS))
        if name == "-":
            return Command(["export", fmt, "-o", "-"], None, True)
        return Command(["export", fmt, "-o", f"OUT/{name}"], name, True)
    if what == "search":
        return Command(["search", draw(entity_arg), *draw(json_flag)])
    if what in ("show", "lineage"):
        return Command([what, draw(entity_arg), *draw(json_flag)])
    if what == "neighbours":
        return Command(["neighbours", draw(entity_arg), "--depth",
                        str(draw(st.integers(1, 3))), *draw(json_flag)])
    if what == "path":
        return Command(["path", draw(entity_arg), draw(entity_arg),
                        *draw(st.sampled_from([[], ["--all"]])), *draw(json_flag)])
    if what == "timeline":
        return Command(["timeline", *draw(json_flag)])
    if what == "stats":
        return Command(["stats", *draw(json_flag)])
    if what == "ask":
        question = draw(st.one_of(
            st.builds(lambda f, e: f.format(e), st.sampled_from(
                ["who is {}?", "what grew out of {}?", "what did {} attend",
                 "how is {} connected to Colombia?", "{}"]), entity_arg),
            word))
        return Command(["ask", question, *draw(json_flag)])
    if what == "view":
        return Command(["view", "-o", "OUT/graph.html"], "graph.html")
    return Command(["render", draw(entity_arg), "-o", "OUT/n.svg"], "n.svg")


# ---------------------------------------------------------------------------------------
# running and checking


@cache
def _command() -> Any:
    return typer.main.get_command(app)


@pytest.fixture(scope="module", autouse=True)
def _built_once() -> Any:
    """Build the click command once for the module: typer rebuilds it on every invoke
    (about 30 ms, more than validating a small dataset)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(typer.testing, "_get_command", lambda _app: _command())
        yield


RUNNER = CliRunner()
PROBLEM = re.compile(r"(?P<file>.+?)(?::(?P<line>\d+):(?P<col>\d+))?: "
                     r"(?P<severity>error|warning): (?P<message>.*) \[(?P<rule>[a-z]+(?:-[a-z]+)*)\]")
SUMMARY = re.compile(r"(?:.+: )?\d+ file\(s\), \d+ entities, \d+ relations, \d+ sources: "
                     r"(?P<errors>\d+) error\(s\), (?P<warnings>\d+) warning\(s\)"
                     r"( \(quotes not checked: pass --sources DIR\))?")


def invoke(args: list[str], env: dict[str, str | None]) -> Result:
    console.reset()
    result = RUNNER.invoke(app, args, env=env)
    console.reset()
    exc = result.exception
    detail = "".join(traceback.format_exception(exc)) if exc is not None else ""
    assert exc is None or isinstance(exc, SystemExit), f"{args}: {detail}"
    assert "Traceback" not in result.stdout + result.stderr, (args, result.output)
    assert result.exit_code in (0, 1, 2), (args, result.exit_code, result.output)
    return result


def listing(directory: Path) -> dict[str, bytes]:
    return {str(p.relative_to(directory)): p.read_bytes()
            for p in sorted(directory.rglob("*")) if p.is_file()}


def check_report(result: Result, files: set[str], as_json: bool) -> bool:
    """``validate``'s report is well-formed and names only the dataset's files; returns
    whether the data passed."""
    if as_json:
        report = json.loads(result.stdout)
        problems = report["problems"]
        errors = [p for p in problems if p["severity"] == "error"]
        assert report["ok"] is (result.exit_code == 0) is (not errors)
        assert (report["errors"], report["warnings"]) == (len(errors),
                                                          len(problems) - len(errors))
        for p in problems:
            assert p["file"] in files, p
            assert p["rule"] and p["message"], p
        return bool(report["ok"])
    assert result.stderr == "", result.stderr
    *lines, summary = result.stdout.split("\n")[:-1]
    m = SUMMARY.fullmatch(summary)
    assert m, result.stdout
    n_errors = 0
    for line in lines:
        p = PROBLEM.fullmatch(line)
        assert p, f"not 'file:line:col: severity: message [rule]': {line!r}"
        assert p["file"] in files, line
        n_errors += p["severity"] == "error"
    assert int(m["errors"]) == n_errors
    assert (result.exit_code == 0) is (n_errors == 0), result.stdout
    return result.exit_code == 0


def parse_export(fmt: str, path: Path | None, stdout: str) -> None:
    """The export's output is readable by an independent parser."""
    from lxml import etree

    if fmt in ("graphml", "gexf"):
        blob = path.read_bytes() if path else stdout.encode("utf-8")
        etree.fromstring(blob, etree.XMLParser(huge_tree=True))
    elif fmt == "json":
        json.loads(path.read_text(encoding="utf-8") if path else stdout)
    elif fmt in ("rdf", "nt"):
        import rdflib

        assert path is not None
        rdflib.Graph().parse(path, format="nt" if fmt == "nt" else "turtle")
    elif path is not None and path.suffix == ".zip":
        with zipfile.ZipFile(path) as z:
            assert z.testzip() is None
    elif path is not None:  # csv / neo4j directory
        for f in path.glob("*.csv"):
            rows = list(csv.reader(io.StringIO(f.read_bytes().decode("utf-8"), newline="")))
            assert rows and all(len(r) == len(rows[0]) for r in rows), f


# what a terminal would act on: C0 controls but tab and newline, DEL, C1, bidi overrides
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def tally(what: str) -> None:
    """Count outcomes: ``pytest --hypothesis-show-statistics`` shows them."""
    if currently_in_test_context():
        event(what)


# in memory where there is such a place: every export and cache write is fsync'ed
SCRATCH = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None


def check(dataset: Dataset, command: Command, validate_json: bool) -> None:
    with tempfile.TemporaryDirectory(prefix="kgraph-prop-", dir=SCRATCH) as tmp:
        root = Path(tmp)
        data, out = root / "data", root / "out"
        data.mkdir()
        out.mkdir()
        for name, blob in dataset.files.items():
            (data / name).write_bytes(blob)
        files = {str(data / name) for name in dataset.files}
        env: dict[str, str | None] = {"KGRAPH_CACHE_DIR": str(root / "cache"),
                                      "KGRAPH_DATA": None, "COLUMNS": "120"}

        result = invoke(["validate", "--data", str(data),
                         *(["--json"] if validate_json else [])], env)
        valid = check_report(result, files, validate_json)
        tally("valid data" if valid else "invalid data")
        assert not (valid and dataset.broken), f"passed, but broken by {dataset.broken}"

        if command.target in ("csv", "neo4j"):  # an earlier export into a directory
            (out / command.target).mkdir()
            (out / command.target / "nodes.csv").write_bytes(b"previous")
        elif command.target:
            (out / command.target).write_bytes(b"previous")
        before = listing(out)

        result = invoke([*command.argv(out), "--data", str(data)], env)
        tally(f"{'valid' if valid else 'invalid'}: {command.args[0]} exit {result.exit_code}")
        # never a write into the data; never a raw control or bidi character shown to people
        assert {n: (data / n).read_bytes() for n in dataset.files} == dataset.files, \
            "the data changed"
        assert sorted(p.name for p in data.iterdir()) == sorted(dataset.files), \
            "a file appeared in the data"
        if "--json" not in command.args and not command.export:
            shown = result.stdout + result.stderr
            assert not UNSAFE.search(shown), (command.args, UNSAFE.search(shown))
        if not valid:
            assert result.exit_code == 1, (command.args, result.output)
            assert result.stdout == "", (command.args, result.stdout)
            *problems, last = result.stderr.splitlines()
            assert last.startswith("kgraph: the data has errors"), result.stderr
            if problems and problems[-1].startswith("... and "):
                problems.pop()
            assert problems, result.stderr
            for line in problems:  # one problem a line, naming a file of the dataset
                p = PROBLEM.fullmatch(line)
                assert p and p["file"] in files, line
            assert listing(out) == before, "a failed command changed its output"
            return
        if command.export:
            assert result.exit_code == 0, (command.args, result.output)
            fmt = command.args[1]
            target = out / command.target if command.target else None
            parse_export(fmt, target, result.stdout)
        if "--json" in command.args:  # JSON and nothing else on stdout (none on usage errors)
            if result.exit_code == 2:
                assert result.stdout == "", result.stdout
            else:
                json.loads(result.stdout)
        if result.exit_code != 0:  # nothing found (exit 1) or a usage error (2), said
            assert result.output.strip(), (command.args, "failed without a word")
            assert listing(out) == before, "a failed command changed its output"
        assert not [p for p in out.rglob("*.tmp")], "a temporary file was left behind"


# ---------------------------------------------------------------------------------------
# the tests


def test_a_problem_stays_on_one_line() -> None:
    problem = Problem("a.yaml", 1, 3, "unknown section '\r\n\x1b[2J\u2028\x85é\t'",
                      "top-level")
    assert problem.format() == (
        "a.yaml:1:3: error: unknown section '\\r\\n\\x1b[2J\\u2028\\x85é\\t' [top-level]")


def test_the_slice_and_its_re_dump_are_valid() -> None:
    """The mutations start from valid data, in its own text and re-dumped."""
    check(Dataset({n: t.encode("utf-8") for n, t in SLICE.items()}),
          Command(["stats"]), False)
    redumped = {n: yaml.safe_dump(d, allow_unicode=True, sort_keys=False).encode("utf-8")
                for n, d in PARSED.items()}
    check(Dataset(redumped), Command(["export", "json", "-o", "OUT/g.json"], "g.json", True),
          True)
    assert len(IDS) >= 10


@examples(900)
@given(line_mutated(), commands([*IDS, *NAMES]), st.booleans())
def test_line_mutations_of_the_bundled_data(files: dict[str, bytes], command: Command,
                                            validate_json: bool) -> None:
    check(Dataset(files), command, validate_json)


@examples(650)
@given(structure_mutated(), commands([*IDS, *NAMES]), st.booleans())
def test_structure_mutations_of_the_bundled_data(dataset: Dataset, command: Command,
                                                 validate_json: bool) -> None:
    check(dataset, command, validate_json)


@examples(450)
@given(generated(), st.data(), st.booleans())
def test_generated_datasets_with_hostile_strings(dataset: Dataset, data: st.DataObject,
                                                 validate_json: bool) -> None:
    """Mostly valid, so mostly exports: every format must write and parse back."""
    check(dataset, data.draw(commands(dataset.names, exports=20)), validate_json)


@examples(450)
@given(random_documents(), commands([*IDS, *NAMES]), st.booleans())
def test_random_yaml_documents(dataset: Dataset, command: Command,
                               validate_json: bool) -> None:
    check(dataset, command, validate_json)

