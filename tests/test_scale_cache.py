"""The compiled cache at scale: the per-file parse cache, the lazy compiled graph, the
two-process compile, the stored name index; and that all of them give exactly what a
plain build gives. (tests/test_cache.py covers hits, invalidation, damage and races.)"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kgraph import ask, cache, compiler, inputs, queries, resolve
from kgraph.api import load_graph
from kgraph.ask import lexicon
from kgraph.graph import KnowledgeGraph

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    where = tmp_path / "cache"
    monkeypatch.setenv("KGRAPH_CACHE_DIR", str(where))
    return where


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated dataset in several files (4 of entities, 6 of relations), with some
    relations of the first relation file repeated (other quotes) in the last one, so
    that edges from different files merge."""
    from generate import generate

    out = tmp_path_factory.mktemp("data")
    generate(400, 2400, out, seed=5, entities_per_file=100, relations_per_file=400)
    first = (out / "relations-0001.yaml").read_text(encoding="utf-8")
    records = first.split("\n  - from:")[1:30]
    last = out / "relations-0006.yaml"
    last.write_text(last.read_text(encoding="utf-8").rstrip("\n")
                    + "".join("\n  - from:" + r.rstrip("\n") for r in records) + "\n",
                    encoding="utf-8")
    return out


def graphs_equal(a: nx.MultiDiGraph, b: nx.MultiDiGraph) -> None:
    """Same nodes, edges, keys and attributes, in the same order, both directions."""
    assert list(a.nodes(data=True)) == list(b.nodes(data=True))
    assert list(a.edges(keys=True, data=True)) == list(b.edges(keys=True, data=True))
    assert list(a.in_edges(keys=True, data=True)) == list(b.in_edges(keys=True, data=True))
    for n in a:
        assert list(a.succ[n]) == list(b.succ[n]) and list(a.pred[n]) == list(b.pred[n])
        assert a.degree(n) == b.degree(n)
    assert a.graph["sources"] == b.graph["sources"]
    assert a.number_of_edges() == b.number_of_edges()


# -- the per-file parse cache ---------------------------------------------------------------

def test_editing_one_file_parses_only_that_file(dataset: Path, tmp_path: Path,
                                                cache_dir: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    data = Path(shutil.copytree(dataset, tmp_path / "data"))
    monkeypatch.setattr(compiler, "PARSE_CACHE_MIN_BYTES", 0)
    monkeypatch.setenv("KGRAPH_JOBS", "1")
    parsed: list[str] = []
    real = compiler.parse_bytes

    def counting(name: str, raw: bytes):  # type: ignore[no-untyped-def]
        parsed.append(Path(name).name)
        return real(name, raw)

    monkeypatch.setattr(compiler, "parse_bytes", counting)
    first = cache.load_cached([data])
    assert len(parsed) == 12  # 11 data files and the bundled schema
    edited = data / "relations-0003.yaml"
    edited.write_text(edited.read_text(encoding="utf-8") + "# a curator's note\n",
                      encoding="utf-8")
    parsed.clear()
    second = cache.load_cached([data])
    assert parsed == ["relations-0003.yaml"]
    graphs_equal(first.graph, second.graph)
    # a damaged parse cache file is not trusted: that file is parsed again
    (item,) = [i for i in cache.inputs([data]).files if i.path.name == "entities-0002.yaml"]
    victim = cache_dir / "files" / f"{compiler.parse_key(item)}.kgp"
    victim.write_bytes(victim.read_bytes()[:100])
    edited.write_text(edited.read_text(encoding="utf-8") + "# another\n", encoding="utf-8")
    parsed.clear()
    third = cache.load_cached([data])
    assert sorted(parsed) == ["entities-0002.yaml", "relations-0003.yaml"]
    graphs_equal(first.graph, third.graph)


# -- the compiled graph ---------------------------------------------------------------------

def test_the_compiled_graph_equals_the_built_one(dataset: Path, cache_dir: Path) -> None:
    built = load_graph([dataset])  # no cache at all
    cache.load_cached([dataset])
    loaded = cache.load_cached([dataset])
    assert loaded.dataset is None and loaded.graph.__class__ is nx.MultiDiGraph
    graphs_equal(built.graph, loaded.graph)
    assert loaded.sources == built.sources
    assert loaded.schema == built.schema


def test_the_compiled_graph_behaves_like_a_networkx_graph(dataset: Path,
                                                          cache_dir: Path) -> None:
    built = load_graph([dataset]).graph
    cache.load_cached([dataset])
    g = cache.load_cached([dataset]).graph
    some = list(g)[:40]
    assert "nobody" not in g and some[0] in g and len(g) == len(built)
    assert g.subgraph(some).number_of_edges() == built.subgraph(some).number_of_edges()
    view = nx.subgraph_view(g, filter_node=lambda n: n in set(some))
    assert sorted(view.edges(keys=True)) == sorted(built.subgraph(some).edges(keys=True))
    graphs_equal(g.copy(), built.copy())  # (a copy orders predecessors its own way)
    graphs_equal(pickle.loads(pickle.dumps(g)), built)
    u, v, k = next(iter(g.edges(keys=True)))
    assert g.edges[u, v, k] == built.edges[u, v, k] and g.has_edge(u, v)
    assert dict(g.adj[u]) == dict(built.adj[u])
    g.add_edge(u, "new-node", key="x", type="x")  # writing makes the touched maps plain
    assert g.has_edge(u, "new-node") and "new-node" in g
    assert g.number_of_edges() == built.number_of_edges() + 1


def stats_by_networkx(kg: KnowledgeGraph) -> dict[str, object]:
    """What ``queries.stats`` counts, from networkx's own views."""
    from collections import Counter

    g = kg.graph
    return {
        "entities": g.number_of_nodes(), "relations": g.number_of_edges(),
        "evidence": sum(len(a.get("evidence", [])) for _, _, a in g.edges(data=True)),
        "entity_types": Counter(a.get("type", "") for _, a in g.nodes(data=True)),
        "relation_types": Counter(a.get("type", k) for *_, k, a in g.edges(keys=True,
                                                                          data=True)),
        "most_connected": sorted(((-d, n) for n, d in g.degree()))[:10],
    }


def stats_counted(kg: KnowledgeGraph) -> dict[str, object]:
    from collections import Counter

    found = queries.stats(kg)
    return {
        "entities": found["entities"], "relations": found["relations"],
        "evidence": found["evidence"], "entity_types": Counter(found["entity_types"]),
        "relation_types": Counter(found["relation_types"]),
        "most_connected": [(-m["degree"], m["id"]) for m in found["most_connected"]],
    }


def test_stats_of_a_compiled_graph_count_what_networkx_counts(dataset: Path,
                                                              cache_dir: Path) -> None:
    cache.load_cached([dataset])
    kg = cache.load_cached([dataset])
    g = kg.graph
    assert g._succ._c.census() is not None  # counted from the arrays
    assert stats_counted(kg) == stats_by_networkx(load_graph([dataset]))
    u, v, k = next(iter(g.edges(keys=True)))
    g.edges[u, v, k]["evidence"].append({"source": "s", "quote": "one more"})  # in place
    g.add_edge(u, v, key="parallel", type="parallel")  # a pair already there
    assert stats_counted(kg) == stats_by_networkx(kg)
    g.add_edge(u, "new-node", key="x", type="x")  # a new pair and node: not in the arrays
    g.remove_node(v)
    assert g._succ._c.census() is None  # counted by walking the graph
    assert stats_counted(kg) == stats_by_networkx(kg)


def test_queries_give_the_same_answers_on_the_compiled_graph(cache_dir: Path) -> None:
    built = load_graph()
    cache.load_cached()
    loaded = cache.load_cached()
    for kg in (built, loaded):
        kg.__dict__["answers"] = [
            queries.paths(kg, "jeff-sessions", "ms-13", max_hops=4),
            queries.paths(kg, "jeff-sessions", "ms-13", max_hops=3, all_paths=True),
            queries.neighbours(kg, "opdat", depth=2),
            queries.lineage(kg, "trilateral-summit-2017"),
            queries.stats(kg),
            queries.timeline(kg, "2017", "2018"),
            ask.answer(kg, "what grew out of the Cartagena summit?"),
            ask.answer(kg, "who attended the Cartagena summit?"),
            [m.as_dict() for m in resolve.search(kg, "attorney general")],
        ]
    assert built.__dict__["answers"] == loaded.__dict__["answers"]


def test_two_processes_compile_what_one_does(dataset: Path, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(compiler, "PARALLEL_ABOVE", 10_000)
    made = {}
    for jobs in ("1", "2"):
        where = tmp_path / f"cache-{jobs}"
        monkeypatch.setenv("KGRAPH_CACHE_DIR", str(where))
        monkeypatch.setenv("KGRAPH_JOBS", jobs)
        if jobs == "2":
            assert compiler.plan(cache.inputs([dataset]).reread()) is not None
        checked = cache.compile_data([dataset])
        (path,) = where.glob("graph-*")
        made[jobs] = (checked, path.read_bytes())
    one, two = made["1"], made["2"]
    assert one[1] == two[1]  # the same bytes
    assert (one[0].files, one[0].entities, one[0].relations, one[0].problems) == (
        two[0].files, two[0].entities, two[0].relations, two[0].problems)
    assert one[0].relations == 2429
    graphs_equal(one[0].kg.graph, two[0].kg.graph)


def test_validate_writes_the_cache_a_query_writes(dataset: Path, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """``kgraph validate`` needs no graph back, so it lets each record go once encoded;
    the file is the same as when the graph is wanted, with one process or two."""
    monkeypatch.setattr(compiler, "PARALLEL_ABOVE", 10_000)
    made = set()
    for jobs in ("1", "2"):
        for need_graph in (True, False):
            where = tmp_path / f"cache-{jobs}-{need_graph}"
            monkeypatch.setenv("KGRAPH_CACHE_DIR", str(where))
            monkeypatch.setenv("KGRAPH_JOBS", jobs)
            checked = cache.compile_data([dataset], need_graph=need_graph)
            assert (checked.kg is not None) == need_graph
            (path,) = where.glob("graph-*")
            made.add(path.read_bytes())
    assert len(made) == 1


def test_two_processes_report_the_problems_one_does(dataset: Path, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    data = Path(shutil.copytree(dataset, tmp_path / "data"))
    for name, broken in (("relations-0002.yaml", "nobody-at-all"),
                         ("relations-0006.yaml", "no-one-either")):
        path = data / name
        text = path.read_text(encoding="utf-8")
        at = text.index("  - from: ") + len("  - from: ")
        path.write_text(text[:at] + broken + "\n" + text[at:].split("\n", 1)[1],
                        encoding="utf-8")
    monkeypatch.setattr(compiler, "PARALLEL_ABOVE", 10_000)
    results = []
    for jobs in ("1", "2"):
        monkeypatch.setenv("KGRAPH_CACHE_DIR", str(tmp_path / f"cache-{jobs}"))
        monkeypatch.setenv("KGRAPH_JOBS", jobs)
        results.append(cache.compile_data([data]))
    one, two = results
    assert one.errors and one.kg is None and two.kg is None
    assert [p.format() for p in one.problems] == [p.format() for p in two.problems]
    assert {p.rule for p in one.errors} == {"dangling-reference"}
    assert list((tmp_path / "cache-2").glob("graph-*")) == []


def _append(path: Path, records: list[str]) -> None:
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n")
                    + "".join("\n  - from:" + r.rstrip("\n") for r in records) + "\n",
                    encoding="utf-8")


@pytest.mark.parametrize("broken", [False, True])
def test_two_processes_apply_the_modelling_rules_to_the_whole(
        dataset: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, broken: bool) -> None:
    """The rules about the whole dataset see both halves: one fact recorded with two types
    in files of different halves is found (and no warning is made up from a half); with
    an error in either half, neither half's data is modelled."""
    import re
    import shutil

    data = Path(shutil.copytree(dataset, tmp_path / "data"))
    records = (data / "relations-0001.yaml").read_text(encoding="utf-8").split(
        "\n  - from:")[1:]
    plain = [r for r in records if "type: attended\n" in r and "evidence:" not in r
             and "inferred:" not in r][:3]
    # the first: again as 'organised' (the other half); the second: again as 'organised'
    # in the other half, then as 'attended' there too (first in that half, not in all)
    _append(data / "relations-0006.yaml", [
        plain[0].replace("type: attended", "type: organised"),
        plain[1].replace("type: attended", "type: organised"),
        plain[1]])
    if broken:  # an error in the first half, the rules' cases in the second
        _append(data / "relations-0002.yaml", [re.sub(r"^ \S+", " nobody-at-all", plain[2])])
    monkeypatch.setattr(compiler, "PARALLEL_ABOVE", 10_000)
    results = []
    for jobs in ("1", "2"):
        monkeypatch.setenv("KGRAPH_CACHE_DIR", str(tmp_path / f"cache-{jobs}"))
        monkeypatch.setenv("KGRAPH_JOBS", jobs)
        if jobs == "2":
            assert compiler.plan(cache.inputs([data]).reread()) is not None
        results.append(cache.compile_data([data], need_graph=False))
    one, two = results
    assert [p.format() for p in one.problems] == [p.format() for p in two.problems]
    twice = [p for p in one.problems if p.rule == "two-types-one-quote"]
    if broken:
        assert not twice and one.errors
    else:
        assert not one.errors
        assert len(twice) == 2
        for p in twice:
            assert Path(p.file).name == "relations-0006.yaml"
            assert "already linked by 'attended'" in p.message
            assert "drop 'organised'" in p.message


# -- the name index and the question vocabulary ---------------------------------------------

def test_every_table_a_question_builds_is_kept_in_the_compiled_cache(
        dataset: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # a table that cannot be stored is built again, over every node, on every run
    from kgraph import derived

    unstored: list[str] = []
    real = derived._encode_derived

    def encode(obj, kg, build):  # type: ignore[no-untyped-def]
        chunks = real(obj, kg, build)
        if chunks is None:
            unstored.append(getattr(build, "__qualname__", repr(build)))
        return chunks

    monkeypatch.setattr(derived, "_encode_derived", encode)
    cache.compile_data([dataset], need_graph=False)
    kg = cache.load_cached([dataset])
    for question in ("Which Mexican agencies attended meetings in 2016?",
                     "Who attended meetings held in the Colombian government's city?",
                     "What grew out of the QXZV working session?",
                     "How many members were arrested?"):
        try:
            ask.answer(kg, question)
        except (ask.NotUnderstood, ask.NotFound):
            pass  # (what matters is what was built on the way)
    assert unstored == []


def test_name_index_and_vocabulary_are_stored_and_equal_fresh_ones(
        dataset: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(compiler, "PARALLEL_ABOVE", 10_000)  # the worker builds them
    cache.compile_data([dataset], need_graph=False,
                       prebuilt=lambda: [resolve.index, lexicon.lexicon])
    stored = sorted(p.name.split("-")[2] for p in cache_dir.glob("derived-*"))
    assert stored == ["ask_lexicon", "ask_words", "name_index"]
    kg = cache.load_cached([dataset])
    built: list[int] = []
    real = resolve.Index.__init__

    def counting(self, graph):  # type: ignore[no-untyped-def]
        built.append(1)
        real(self, graph)

    monkeypatch.setattr(resolve.Index, "__init__", counting)
    index = resolve.index(kg)
    lex = lexicon.lexicon(kg)
    assert built == []  # loaded, not built
    fresh = KnowledgeGraph(kg.graph, kg.schema, kg.sources)
    monkeypatch.setattr(resolve.Index, "__init__", real)
    assert dict(index.keys.items()) == resolve.Index(fresh).keys
    assert list(index.keys) == list(resolve.Index(fresh).keys)
    assert dict(index.label.items()) == resolve.Index(fresh).label
    assert index.sorted_keys == resolve.Index(fresh).sorted_keys
    tables, words = lexicon.Tables.build(fresh), lexicon.Words.build(fresh)
    for name in ("relations", "ends", "types", "attributes", "forms"):
        assert dict(getattr(lex, name).items()) == getattr(tables, name), name
    for name in ("index", "fields", "roles"):
        assert dict(getattr(lex, name).items()) == getattr(words, name), name


# -- inputs, races, the command line --------------------------------------------------------

def test_an_edit_that_keeps_size_and_mtime_is_seen(dataset: Path, tmp_path: Path,
                                                    cache_dir: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    data = Path(shutil.copytree(dataset, tmp_path / "data"))
    monkeypatch.setattr(inputs, "STAT_CACHE_ABOVE", 0)
    monkeypatch.setattr(inputs, "SETTLED_NS", 0)
    key = cache.inputs([data]).key
    assert (cache_dir / "stat.kgs").exists()
    assert cache.inputs([data]).key == key  # from the stat cache
    path = data / "entities-0002.yaml"
    stat = path.stat()
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("type: person", "type: persom", 1), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert path.stat().st_size == stat.st_size
    assert cache.inputs([data]).key != key


RACER = """
import sys, time
start = float(sys.argv[2])
while time.time() < start:
    time.sleep(0.001)
from kgraph import cache, compiler
compiler.PARALLEL_ABOVE = 10_000
kg = cache.load_cached([sys.argv[1]])
print(kg.graph.number_of_nodes(), kg.graph.number_of_edges())
"""


def test_two_cold_processes_with_workers_both_succeed(dataset: Path, tmp_path: Path) -> None:
    import time

    where = tmp_path / "racecache"
    env = {**os.environ, "KGRAPH_CACHE_DIR": str(where)}
    start = time.time() + 1.5
    procs = [subprocess.Popen([sys.executable, "-c", RACER, str(dataset), str(start)],
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True) for _ in range(2)]
    results = [p.communicate(timeout=120) for p in procs]
    for proc, (out, err) in zip(procs, results):
        assert proc.returncode == 0, err
        assert err == ""
    assert results[0][0] == results[1][0] == "400 2400\n"
    (graph,) = where.glob("graph-*")
    assert cache._read(graph) is not None
    assert list(where.rglob("*.tmp")) == []


def test_no_progress_bar_when_piped_or_json(monkeypatch: pytest.MonkeyPatch) -> None:
    from kgraph import progress
    from kgraph.cli.progress import for_terminal

    class Tty:
        def isatty(self) -> bool:
            return True

    assert type(for_terminal()) is progress.Progress  # pytest captures: no tty
    monkeypatch.setattr(sys, "stdout", Tty())
    monkeypatch.setattr(sys, "stderr", Tty())
    assert type(for_terminal(as_json=True)) is progress.Progress
    assert type(for_terminal()) is not progress.Progress


def test_validate_compiles_and_answers_from_the_cache(dataset: Path, cache_dir: Path) -> None:
    from typer.testing import CliRunner

    from kgraph.cli import app, console

    console.reset()
    first = CliRunner().invoke(app, ["validate", "--data", str(dataset), "--json"])
    assert first.exit_code == 0, first.output
    assert len(list(cache_dir.glob("graph-*"))) == 1
    second = CliRunner().invoke(app, ["validate", "--data", str(dataset), "--json"])
    assert second.stdout == first.stdout
    third = CliRunner().invoke(app, ["validate", "--data", str(dataset), "--no-cache"])
    assert third.exit_code == 0 and "400 entities, 2429 relations" in third.stdout
    console.reset()


# -- which files the worker may take ------------------------------------------------------

def _relation_only_by_lines(raw: bytes) -> bool:
    """What ``compiler.relation_only`` decides, line by line: every line at the left margin
    is blank, a comment, a list item or the key ``relations:`` (which must be there)."""
    if b"relations:" not in raw:
        return False
    for line in raw.split(b"\n"):
        bare = line[:-1] if line.endswith(b"\r") else line
        if (not line or line[:1] in (b" ", b"#", b"\r") or bare == b"-"
                or line.startswith(b"- ")):
            continue
        if bare.startswith(b"relations:"):
            rest = bare[len(b"relations:"):].lstrip(b" \t")
            if not rest or rest.startswith(b"#"):
                continue
        return False
    return True


_LINES = [b"relations:", b"relations: # the rest", b"relations:x", b"relations: []",
          b"entities:", b"- from: a", b"-", b"-x", b"  - from: a", b"    type: held_in",
          b"# comment", b"", b"\r", b"x: 1", b"relations:\t", b"---", b"\t- a"]


@settings(max_examples=3000, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(_LINES), max_size=6), st.sampled_from([b"\n", b"\r\n"]),
       st.sampled_from([b"", b"\n", b"\r\n"]))
def test_relation_only_files_are_recognised(lines: list[bytes], newline: bytes,
                                            end: bytes) -> None:
    raw = newline.join(lines) + end
    assert compiler.relation_only(raw) == _relation_only_by_lines(raw)


def test_an_export_prepared_from_the_compiled_graph_equals_one_from_a_built_graph(
        dataset: Path, cache_dir: Path) -> None:
    from kgraph.exporters.base import prepare

    cache.load_cached([dataset])
    compiled = cache.load_cached([dataset])  # read back: a compiled graph
    from kgraph.graph import compiled as arrays_of

    assert arrays_of(compiled.graph) is not None
    built = load_graph([dataset])
    assert arrays_of(built.graph) is None
    one, two = prepare(compiled), prepare(built)
    assert one.nodes == two.nodes
    assert one.edges == two.edges
    assert (one.node_columns, one.edge_columns, one.degree) == (
        two.node_columns, two.edge_columns, two.degree)
