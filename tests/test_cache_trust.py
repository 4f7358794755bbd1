"""When the cache is trusted, and what happens when it is not: a shared or foreign
directory, one that cannot be entered, odd files where a cache file should be, and a
file whose checksums pass but whose content is not what kgraph wrote."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from commandline import run_command as run

from kgraph import cache, queries, store


def answers(kg: object) -> object:
    """Everything a few queries say about the small graph, to compare two loads."""
    card = queries.entity_card(kg, "alice")  # type: ignore[arg-type]
    around = queries.neighbours(kg, "alice", depth=2)  # type: ignore[arg-type]
    return card, around


# -- whose directory ------------------------------------------------------------------------


@pytest.mark.parametrize("how", ["others-can-write", "another-users", "home-of-another"])
def test_a_cache_directory_others_control_is_not_used(data: Path, cache_dir: Path,
                                                      tmp_path: Path, how: str,
                                                      monkeypatch: pytest.MonkeyPatch
                                                      ) -> None:
    run("validate", "--data", str(data))  # a good cache, then the directory turns foreign
    (graph,) = cache_dir.glob("graph-*")
    if how == "others-can-write":
        cache_dir.chmod(0o777)
    elif how == "another-users":
        os.chown(cache_dir, 65534, 65534)
    else:  # HOME pointing at another user's home: ~/.cache/kgraph is theirs
        monkeypatch.delenv("KGRAPH_CACHE_DIR")
        monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
        home = tmp_path / "home-of-nobody"
        shutil.copytree(cache_dir, home / ".cache" / "kgraph")
        for path in (home, *home.rglob("*")):
            os.chown(path, 65534, 65534)
        monkeypatch.setenv("HOME", str(home))
        cache_dir = home / ".cache" / "kgraph"
        (graph,) = cache_dir.glob("graph-*")
    planted = graph.read_bytes()
    graph.write_bytes(planted)  # as if someone else had written it
    before = sorted(p.name for p in cache_dir.rglob("*"))
    result = run("show", "alice", "--data", str(data))
    assert result.exit_code == 0  # type: ignore[attr-defined]
    assert "Alice" in result.stdout  # type: ignore[attr-defined]
    assert "kgraph: note: not using the cache in" in result.stderr  # type: ignore[attr-defined]
    assert "KGRAPH_CACHE_DIR" in result.stderr  # type: ignore[attr-defined]
    assert sorted(p.name for p in cache_dir.rglob("*")) == before  # nothing read or written
    assert cache._read(graph) is None  # nor would the library read it


def test_a_cache_directory_that_cannot_be_entered_means_no_cache_and_a_note(
        data: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # (the tests run as root, for whom no permission is ever denied: the system calls
    # answer here as they do for a user who cannot enter the directory)
    run("validate", "--data", str(data))
    real_stat, real_access = os.stat, os.access

    def stat(path: object, *args: object, **kwargs: object) -> os.stat_result:
        if Path(str(path)) == cache_dir:
            raise PermissionError(13, "Permission denied", str(path))
        return real_stat(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(store.os, "stat", stat)
    monkeypatch.setattr(store.os, "access", lambda p, m, **k: Path(str(p)) != cache_dir
                        and real_access(p, m))
    for args in (["show", "alice"], ["validate"], ["cache", "clear"]):
        result = run(*args, "--data", str(data)) if args[0] != "cache" else run(*args)
        assert result.exit_code == 0, args  # type: ignore[attr-defined]
    result = run("neighbours", "alice", "--data", str(data))
    assert "not using the cache in" in result.stderr  # type: ignore[attr-defined]
    assert "Permission denied" in result.stderr  # type: ignore[attr-defined]


# -- what lies where a cache file should be ------------------------------------------------

ODD = r"""
import os, sys
from kgraph.cache import load_cached
kg = load_cached([sys.argv[1]])
print(kg.graph.number_of_nodes())
"""


@pytest.mark.parametrize("odd", ["fifo", "link-to-dev-zero", "link-to-a-good-file",
                                 "directory"])
def test_only_regular_files_are_read_from_the_cache(data: Path, cache_dir: Path,
                                                    tmp_path: Path, odd: str) -> None:
    cache.load_cached([data])
    (graph,) = cache_dir.glob("graph-*")
    good = tmp_path / "elsewhere.kgc"
    shutil.copyfile(graph, good)
    graph.unlink()
    if odd == "fifo":
        os.mkfifo(graph)
    elif odd == "link-to-dev-zero":
        graph.symlink_to("/dev/zero")
    elif odd == "link-to-a-good-file":
        graph.symlink_to(good)  # the right bytes, but not where kgraph wrote them
    else:
        graph.mkdir()
    env = {**os.environ, "KGRAPH_CACHE_DIR": str(cache_dir)}
    proc = subprocess.run([sys.executable, "-c", ODD, str(data)], env=env, text=True,
                          capture_output=True, timeout=120, check=False)  # (a FIFO: forever)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "12\n"
    assert proc.stderr == ""


# -- checksums that pass over content that is not what was written -------------------------


@pytest.fixture
def lazily_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    """Check the blocks of every file as they are read, as for a large graph."""
    monkeypatch.setattr(store, "CHECK_WHOLE_BELOW", 0)
    monkeypatch.setattr(store, "BLOCK", 256)
    monkeypatch.setattr(store, "_SHIFT", 8)


def _damage_pair_blob(path: Path, keep_checksums: bool) -> None:
    """Overwrite the middle of the graph's edges: with garbage whose checksums are
    recomputed (the checks pass, the content is not marshal data), or in place."""
    good = path.read_bytes()
    found = store.Sections(good, cache.MAGIC)
    names = list(store.marshal.loads(good[len(cache.MAGIC) + 8:]))
    parts = {name: bytes(found.bytes(name)) for name in names}
    blob = bytearray(parts["pair_blob"])
    middle = len(blob) // 2
    blob[middle:middle + 64] = b"\xfe" * 64
    if keep_checksums:
        parts["pair_blob"] = bytes(blob)
        path.write_bytes(b"".join(store.sections(parts, cache.MAGIC)))
    else:
        start = good.index(bytes(parts["pair_blob"]))
        path.write_bytes(good[:start] + bytes(blob) + good[start + len(blob):])


@pytest.mark.parametrize("keep_checksums", [True, False])
def test_a_damaged_edge_read_by_a_query_is_rebuilt_with_the_same_answers(
        data: Path, cache_dir: Path, lazily_checked: None, keep_checksums: bool) -> None:
    fresh = answers(cache.load_cached([data], use_cache=False))
    cache.load_cached([data])
    (graph,) = cache_dir.glob("graph-*")
    _damage_pair_blob(graph, keep_checksums)
    kg = cache.load_cached([data])  # opens: the edges are read later, by the queries
    assert kg is not None
    assert answers(kg) == fresh  # the damaged edges were noticed, rebuilt, and read again
    assert cache._read(graph) is not None  # and the file was written again
    assert answers(cache.load_cached([data])) == fresh


def test_a_damaged_edge_in_a_command_is_rebuilt_not_a_traceback(
        data: Path, cache_dir: Path, lazily_checked: None) -> None:
    expected = run("neighbours", "alice", "--depth", "2", "--data", str(data), "--json",
                   "--no-cache").stdout  # type: ignore[attr-defined]
    run("validate", "--data", str(data))
    (graph,) = cache_dir.glob("graph-*")
    _damage_pair_blob(graph, keep_checksums=True)
    result = run("neighbours", "alice", "--depth", "2", "--data", str(data), "--json")
    assert result.exit_code == 0  # type: ignore[attr-defined]
    assert result.stdout == expected  # type: ignore[attr-defined]


@pytest.mark.parametrize("keep_checksums", [True, False])
def test_a_damaged_edge_in_an_export_is_rebuilt_not_a_traceback(
        data: Path, cache_dir: Path, tmp_path: Path, lazily_checked: None,
        keep_checksums: bool) -> None:
    run("export", "json", "--data", str(data), "-o", str(tmp_path / "fresh.json"),
        "--no-cache")
    run("validate", "--data", str(data))
    (graph,) = cache_dir.glob("graph-*")
    _damage_pair_blob(graph, keep_checksums)
    result = run("export", "json", "--data", str(data), "-o", str(tmp_path / "out.json"))
    assert result.exit_code == 0  # type: ignore[attr-defined]
    assert (tmp_path / "out.json").read_bytes() == (tmp_path / "fresh.json").read_bytes()
