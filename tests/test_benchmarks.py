"""The benchmark's own measuring: the memory of a process tree (a cold compile forks)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

CHILD = """
import os, sys, time
parent = bytearray(150_000_000); parent[::4096] = b"1" * len(parent[::4096])
if os.fork() == 0:
    child = bytearray(100_000_000); child[::4096] = b"1" * len(child[::4096])
sys.stdout.write("ready\\n"); sys.stdout.flush()
time.sleep(3)
"""


@contextmanager
def forked_tree() -> Iterator[int]:
    """The pid of a process holding 150 MB, with a forked child holding 100 MB more."""
    proc = subprocess.Popen([sys.executable, "-c", CHILD], stdout=subprocess.PIPE,
                            start_new_session=True)
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline() == b"ready\n"
        assert proc.stdout.readline() == b"ready\n"
        time.sleep(0.1)
        yield proc.pid
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # the child too
        proc.wait()


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads Linux /proc")
def test_tree_memory_counts_forked_children() -> None:
    from run import _tree_rss

    with forked_tree() as pid:
        page = os.sysconf("SC_PAGE_SIZE")
        alone = int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * page
        tree = _tree_rss(pid)
        # the parent holds 150 MB; its child a copy-on-write share of that and 100 MB more
        assert alone > 150e6
        assert tree > alone + 100e6


@pytest.mark.skipif(not Path("/proc/self/smaps_rollup").exists(), reason="reads Linux /proc")
def test_tree_pss_counts_shared_pages_once() -> None:
    """The RSS of a forked child counts the pages it shares with its parent again; the
    PSS shares them out, so that the tree's sum is what the two take together."""
    from run import _tree_pss, _tree_rss

    with forked_tree() as pid:
        rss, pss = _tree_rss(pid), _tree_pss(pid)
        # 150 MB in the parent, shared with the child, and 100 MB in the child alone
        assert 240e6 < pss < 330e6
        assert rss > pss + 120e6


def test_the_peers_answer_what_kgraph_answers(tmp_path: Path) -> None:
    """benchmarks/peers.py asks each tool the benchmark's questions the same way; on the
    bundled data the do-it-yourself route (PyYAML + networkx, nothing to install) answers
    what kgraph answers, id for id. (benchmarks/run.py compares every peer's answers on
    every dataset it measures.)"""
    import json

    from peers import lineage_types

    peer = "diy"
    root = Path(__file__).resolve().parent.parent
    script = root / "benchmarks" / "peers.py"
    env = {**os.environ, "KGRAPH_CACHE_DIR": str(tmp_path / "cache"),
           "KGRAPH_LINEAGE": json.dumps(lineage_types(root / "data" / "schema.yaml"))}
    kgraph = [sys.executable, "-m", "kgraph"]
    csv_dir = tmp_path / "neo4j"
    subprocess.run([*kgraph, "export", "neo4j", "-o", str(csv_dir)], env=env, check=True,
                   capture_output=True)
    subprocess.run([sys.executable, str(script), "build", peer, str(tmp_path / "store"),
                    str(csv_dir), str(root / "data")], env=env, check=True,
                   capture_output=True)
    for task, args, mine in (
            ("neighbours", ["opdat", "2"], ["neighbours", "opdat", "--depth", "2"]),
            ("lineage", ["trilateral-summit-2017"], ["lineage", "trilateral-summit-2017"]),
            ("path", ["jeff-sessions", "ms-13"], ["path", "jeff-sessions", "ms-13"])):
        theirs = subprocess.run([sys.executable, str(script), "query", peer,
                                 str(tmp_path / "store"), task, *args], env=env, check=True,
                                capture_output=True, text=True).stdout.splitlines()
        ours = subprocess.run([*kgraph, *mine, "--ids", "--limit", "0"], env=env,
                              check=True, capture_output=True, text=True).stdout.splitlines()
        assert theirs and sorted(theirs) == sorted(ours), task


def test_ask_at_scale_asks_the_typical_question_and_the_hubs(tmp_path: Path) -> None:
    """benchmarks/ask_scale.py on a small generated graph: the dataset's own question and
    the two worst cases through its largest hub, each answered (not an error), with the
    ratio to the bare imports."""
    from generate import generate

    data = tmp_path / "data"
    generate(300, 1500, data, seed=7, entities_per_file=100, relations_per_file=500)
    out = subprocess.run([sys.executable, str(Path(__file__).resolve().parent.parent
                                              / "benchmarks" / "ask_scale.py"),
                          str(data), "--runs", "1"], capture_output=True, text=True,
                         check=True, timeout=600).stdout
    rows = [line for line in out.splitlines() if line.startswith(("typical", "largest"))]
    assert len(rows) == 3
    for row in rows:
        seconds, ratio, megabytes, answers = row[28:].split()[:4]
        assert float(seconds) > 0 and float(ratio) > 0 and float(megabytes) > 0
        assert answers != "?", row  # the answer was JSON
    assert all(row[28:].split()[3].isdigit() for row in rows[1:])  # the hub has answers
    assert "bare imports:" in out


def test_the_hub_benchmark_compares_two_revisions_byte_for_byte(tmp_path: Path) -> None:
    """benchmarks/hub_json.py runs the largest hub's JSON now and at a revision (here the
    same one), and says whether the two wrote the same bytes."""
    root = Path(__file__).resolve().parent.parent  # (a clone: the baseline comes from git)
    data = root / "tests" / "fixtures" / "graphs" / "plans"
    out = subprocess.run([sys.executable, str(root / "benchmarks" / "hub_json.py"),
                          "--data", str(data), "--baseline", "HEAD", "--runs", "1"],
                         check=False, capture_output=True, text=True, timeout=300,
                         env={**os.environ, "KGRAPH_CACHE_DIR": str(tmp_path / "cache")})
    assert out.returncode == 0, out.stderr
    row = out.stdout.splitlines()[-1].split()
    assert row[0] == "plans" and row[-1] == "yes"
