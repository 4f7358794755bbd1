"""The RDF export in a production triple store: Virtuoso Open-Source (Debian's
virtuoso-opensource-7-bin) started on localhost with a database of its own, the export
bulk-loaded as a user would (docs/exports.md), and kgraph's own questions asked over
SPARQL/HTTP with the queries docs/exports.md gives. The answers must be kgraph's.

* who attended X: the sources of ``attended`` relations into X;
* what grew out of X, transitively (``kgraph lineage X``);
* the entities within two hops of X (``kgraph neighbours X --depth 2``).
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_export_support import SETUP_HINT, bundled_kg, export_to

from kgraph import queries
from kgraph.api import KnowledgeGraph

BASE = "urn:kgraph:"
PREFIXES = f"""PREFIX rel: <{BASE}relation/>
PREFIX ent: <{BASE}entity/>
PREFIX kg: <{BASE}vocab/>
"""
GRAPHS = {"graph.nt": f"{BASE}graph/nt", "graph.ttl": f"{BASE}graph/ttl"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


INI = """[Database]
DatabaseFile = {db}/virtuoso.db
ErrorLogFile = {db}/virtuoso.log
LockFile = {db}/virtuoso.lck
TransactionFile = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql}
DirsAllowed = ., {data}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
CheckpointInterval = 0
ThreadsPerQuery = 2

[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerThreads = 4
MaxClientConnections = 4

[SPARQL]
ResultSetMaxRows = 100000
MaxQueryExecutionTime = 60
"""


class Virtuoso:
    def __init__(self, root: Path):
        self.exe = shutil.which("virtuoso-t")
        self.isql_exe = shutil.which("isql-vt") or shutil.which("isql-v")
        if not self.exe or not self.isql_exe:
            pytest.fail(f"Virtuoso (virtuoso-t, isql-vt) is not installed: {SETUP_HINT}",
                        pytrace=False)
        self.db = root / "db"
        self.data = root / "data"
        self.db.mkdir()
        self.data.mkdir()
        self.sql, self.http = free_port(), free_port()
        self.ini = root / "virtuoso.ini"
        self.ini.write_text(INI.format(db=self.db, data=self.data, sql=self.sql,
                                       http=self.http), encoding="utf-8")
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.proc = subprocess.Popen([self.exe, "-f", "-c", str(self.ini)],  # type: ignore[list-item]
                                     cwd=self.db, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                log = (self.db / "virtuoso.log").read_text(errors="replace")[-2000:]
                pytest.fail(f"virtuoso-t stopped (exit {self.proc.returncode}):\n{log}")
            try:
                self.select("ASK { ?s ?p ?o }")
                return
            except (urllib.error.URLError, ConnectionError, OSError):
                time.sleep(0.3)
        pytest.fail("Virtuoso did not answer on its SPARQL endpoint within 90 s")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def isql(self, *statements: str) -> str:
        done = subprocess.run([self.isql_exe, f"127.0.0.1:{self.sql}", "dba", "dba",  # type: ignore[list-item]
                               "exec=" + " ".join(statements)],
                              capture_output=True, text=True, timeout=300, check=False)
        assert done.returncode == 0 and "*** Error" not in done.stdout + done.stderr, (
            done.stdout + done.stderr)
        return done.stdout

    def select(self, query: str) -> Any:
        url = f"http://127.0.0.1:{self.http}/sparql?" + urllib.parse.urlencode(
            {"query": query})
        request = urllib.request.Request(
            url, headers={"Accept": "application/sparql-results+json"})
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return json.load(response)
        except urllib.error.HTTPError as exc:  # the server says what it did not like
            raise AssertionError(f"{exc}: {exc.read().decode(errors='replace')[:600]}\n"
                                 f"{query}") from None

    def rows(self, query: str) -> list[dict[str, str]]:
        data = self.select(PREFIXES + query)
        return [{k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]]


@pytest.fixture(scope="module")
def kg() -> KnowledgeGraph:
    return bundled_kg()


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory, kg: KnowledgeGraph
             ) -> Iterator[Virtuoso]:
    server = Virtuoso(tmp_path_factory.mktemp("virtuoso"))
    for name in GRAPHS:  # N-Triples and Turtle, each into a graph of its own
        export_to(kg, "rdf", server.data, name)
    server.start()
    try:
        # the bulk loader, as docs/exports.md says
        for name, graph in GRAPHS.items():
            server.isql(f"ld_dir('{server.data}', '{name}', '{graph}');")
        server.isql("rdf_loader_run();", "checkpoint;")
        out = server.isql("SELECT ll_file, ll_state, ll_error FROM DB.DBA.LOAD_LIST;")
        assert out.count("NULL") >= len(GRAPHS), out  # no load error
        yield server
    finally:
        server.stop()


def local(iri: str) -> str:
    assert iri.startswith(f"{BASE}entity/"), iri
    return urllib.parse.unquote(iri[len(f"{BASE}entity/"):])


def ent(node: str) -> str:
    return f"<{BASE}entity/{urllib.parse.quote(node, safe='-._~')}>"


def test_both_syntaxes_load_the_same_triples(virtuoso: Virtuoso, kg: KnowledgeGraph
                                             ) -> None:
    counts = {}
    for graph in GRAPHS.values():
        (row,) = virtuoso.rows(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> "
                               "{ ?s ?p ?o } }")
        counts[graph] = int(row["n"])
    assert len(set(counts.values())) == 1 and min(counts.values()) > 1000, counts
    for graph in GRAPHS.values():  # one rdf:Statement per relation
        (row,) = virtuoso.rows(
            f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s a "
            "<http://www.w3.org/1999/02/22-rdf-syntax-ns#Statement> } }")
        assert int(row["n"]) == kg.graph.number_of_edges(), graph


def who_attended(node: str) -> str:
    return f"SELECT DISTINCT ?who WHERE {{ ?who rel:attended {node} }}"


def lineage_query(kg: KnowledgeGraph, node: str) -> str:
    """What grew out of ``node``, transitively, as docs/exports.md writes it: one lineage
    step, then lineage steps or parts of what was reached (the lineage relation types
    and their direction come from the schema)."""
    steps = []
    for rt in kg.schema.relation_types.values():
        if rt.lineage:  # the origin end grew into the other one
            steps.append(f"rel:{rt.name}" if rt.origin == "source" else f"^rel:{rt.name}")
    step = "|".join(steps)
    parts = "|".join(f"^rel:{rt.name}" for rt in kg.schema.relation_types.values()
                     if rt.composition)
    return (f"SELECT DISTINCT ?d WHERE {{ {{ SELECT ?m WHERE {{ {node} ({step}) ?m }} }}\n"
            f"  ?m ({step}|{parts})* ?d }}")


TWO_HOPS = """SELECT DISTINCT ?e WHERE {{
  {{ {{ {node} ?p ?e }} UNION {{ ?e ?p {node} }}
     FILTER(STRSTARTS(STR(?p), STR(rel:))) }}
  UNION
  {{ {{ {node} ?p ?m }} UNION {{ ?m ?p {node} }}
     {{ ?m ?q ?e }} UNION {{ ?e ?q ?m }}
     FILTER(STRSTARTS(STR(?p), STR(rel:)) && STRSTARTS(STR(?q), STR(rel:))) }}
}}"""


def test_who_attended_agrees_with_kgraph(virtuoso: Virtuoso, kg: KnowledgeGraph) -> None:
    asked = 0
    for node in sorted(kg.graph.nodes):
        want = set(queries.neighbourhood(kg, node, 1, "in", ["attended"])) - {node}
        got = {local(r["who"]) for r in virtuoso.rows(who_attended(ent(node)))}
        assert got == want, node
        asked += bool(want)
    assert asked >= 5


def test_lineage_agrees_with_kgraph(virtuoso: Virtuoso, kg: KnowledgeGraph) -> None:
    asked = 0
    for node in sorted(kg.graph.nodes):
        want = {e["id"] for e in queries.lineage(kg, node, depth=10**6)["entities"]}
        got = {local(r["d"]) for r in virtuoso.rows(lineage_query(kg, ent(node))) if "d" in r}
        assert got == want, node
        asked += bool(want)
    assert asked >= 5
    # the Cartagena summit: the declaration, its action points and the TCO Working Group
    summit = "trilateral-summit-2017"
    if summit in kg.graph:
        got = {local(r["d"]) for r in virtuoso.rows(lineage_query(kg, ent(summit)))}
        assert {"tco-working-group", "joint-declaration-2017"} <= got


def test_two_hops_agree_with_kgraph(virtuoso: Virtuoso, kg: KnowledgeGraph) -> None:
    for node in sorted(kg.graph.nodes):
        want = set(queries.neighbourhood(kg, node, 2, "both")) - {node}
        got = {local(r["e"]) for r in virtuoso.rows(TWO_HOPS.format(node=ent(node)))
               if "e" in r} - {node}
        assert got == want, node
