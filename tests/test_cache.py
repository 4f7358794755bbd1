"""The compiled cache: hits, invalidation, corruption, races, unwritable directories."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

import kgraph.validate
from kgraph import cache, store
from kgraph.cli import app, console
from kgraph.errors import DataError
from kgraph.graph import KnowledgeGraph


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the real loads (validate + build) that the cache did not spare."""
    calls: list[int] = []
    real = kgraph.validate.check

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(kgraph.validate, "check", counting)
    return calls


def cache_files(where: Path) -> list[Path]:
    return sorted(where.glob("graph-*"))


def test_second_load_comes_from_the_cache(data: Path, cache_dir: Path,
                                          builds: list[int]) -> None:
    first = cache.load_cached([data])
    assert builds == [1]
    (path,) = cache_files(cache_dir)
    assert path.name.endswith(cache.SUFFIX)
    second = cache.load_cached([data])
    assert builds == [1]
    assert second.dataset is None  # from the cache: graph, schema and sources only
    assert sorted(second.graph.nodes) == sorted(first.graph.nodes)
    assert sorted(second.graph.edges(keys=True)) == sorted(first.graph.edges(keys=True))
    assert second.sources == first.sources
    assert set(second.schema.relation_types) == set(first.schema.relation_types)


@pytest.mark.parametrize("edit", ["append", "same-size", "new-file", "remove-file"])
def test_any_edit_invalidates_the_cache(data: Path, cache_dir: Path, builds: list[int],
                                        edit: str) -> None:
    cache.load_cached([data])
    entities = data / "entities.yaml"
    if edit == "append":
        entities.write_text(entities.read_text() + "# a comment\n")
    elif edit == "same-size":  # same length, same mtime second: content decides
        text = entities.read_text()
        stat = entities.stat()
        entities.write_text(text.replace("Bob Brown", "Bob Bruwn"))
        os.utime(entities, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        assert entities.stat().st_size == stat.st_size
    elif edit == "new-file":
        (data / "more.yaml").write_text("entities: []\n")
    else:
        (data / "late.txt").unlink()  # not a data file: does not count
        (data / "relations.yaml").unlink()
    kg = cache.load_cached([data])
    assert builds == [1, 1]
    assert len(cache_files(cache_dir)) == 2
    if edit == "same-size":
        assert kg.graph.nodes["bob"]["name"] == "Bob Bruwn"


def test_the_cache_is_not_touched_by_no_cache(data: Path, cache_dir: Path,
                                              builds: list[int]) -> None:
    cache.load_cached([data], use_cache=False)
    cache.load_cached([data], use_cache=False)
    assert builds == [1, 1]
    assert cache_files(cache_dir) == []


def test_data_with_errors_is_never_cached(tmp_path: Path, cache_dir: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("entities:\n  - {id: a}\n")
    with pytest.raises(DataError):
        cache.load_cached([bad])
    assert cache_files(cache_dir) == []


def _valid_blob(body: bytes) -> bytes:
    """One section, its checksums right: only the content is wrong."""
    return b"".join(store.sections({"meta": body}, cache.MAGIC))


def _resectioned(good: bytes, **changed: bytes) -> bytes:
    """The cache file ``good`` with some sections replaced, every checksum right."""
    found = store.Sections(good, cache.MAGIC)
    names = list(store.marshal.loads(good[len(cache.MAGIC) + 8:]))
    parts = {name: bytes(found.bytes(name)) for name in names}
    parts.update(changed)
    return b"".join(store.sections(parts, cache.MAGIC))


class _Payload:
    """Unpickling this creates a file: what a cache must never do."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (Path.touch, (self.marker,))


@pytest.mark.parametrize("damage", [
    "truncated", "empty", "flipped-byte", "garbage", "old-magic", "not-marshal",
    "other-object", "bad-ids", "bad-schema", "pickled-code", "index-out-of-range",
])
def test_a_damaged_cache_file_is_rebuilt_never_trusted(data: Path, cache_dir: Path,
                                                       builds: list[int], damage: str) -> None:
    cache.load_cached([data])
    (path,) = cache_files(cache_dir)
    good = path.read_bytes()
    marker = cache_dir.parent / "code-ran"
    damaged = {
        "truncated": good[: len(good) // 2],
        "empty": b"",
        "flipped-byte": good[:-10] + bytes([good[-10] ^ 0xFF]) + good[-9:],
        "garbage": b"hello, I am not a cache file",
        "old-magic": b"KGRAPHC0" + good[len(cache.MAGIC):],
        "not-marshal": _valid_blob(b"this is not marshal data at all"),
        "other-object": _valid_blob(pickle.dumps({"graph": "a dict, not a KnowledgeGraph"})),
        "bad-ids": _resectioned(good, ids=b"\xff\x00 bad marshal data"),
        "bad-schema": _resectioned(good, schema=store.marshal.dumps({"entity_types": 3})),
        "pickled-code": _resectioned(good, schema=pickle.dumps(_Payload(marker))),
        "index-out-of-range": _resectioned(good, succ_nbr=b"\xff" * len(
            store.Sections(good, cache.MAGIC).bytes("succ_nbr"))),
    }[damage]
    path.write_bytes(damaged)
    assert cache._read(path) is None
    assert not marker.exists()  # nothing in a cache file is ever run
    kg = cache.load_cached([data])
    assert builds == [1, 1]
    assert isinstance(kg, KnowledgeGraph)
    assert kg.graph.number_of_nodes() == 12
    assert isinstance(cache._read(path), KnowledgeGraph)  # and the file was rewritten
    assert len(path.read_bytes()) == len(good)


def test_unwritable_cache_dir_only_costs_speed(data: Path, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch,
                                               builds: list[int]) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("KGRAPH_CACHE_DIR", str(blocker / "cache"))
    first = cache.load_cached([data])
    second = cache.load_cached([data])
    assert builds == [1, 1]
    assert first.graph.number_of_nodes() == second.graph.number_of_nodes() == 12
    assert blocker.read_text() == "not a directory"


def test_cache_dir_that_is_a_file_only_costs_speed(data: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "cache"
    blocker.write_text("in the way")
    monkeypatch.setenv("KGRAPH_CACHE_DIR", str(blocker))
    assert cache.load_cached([data]).graph.number_of_nodes() == 12
    assert cache.clear() == 0


def test_full_disk_leaves_the_previous_file_and_no_temporary(
        data: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache.load_cached([data])
    (path,) = cache_files(cache_dir)
    path.write_bytes(b"previous")  # damaged, so the next load rewrites it

    def full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store.os, "fsync", full)
    assert cache.load_cached([data]).graph.number_of_nodes() == 12
    assert path.read_bytes() == b"previous"
    assert [p.name for p in cache_dir.iterdir()] == [path.name]


def test_interrupted_write_leaves_the_previous_file_and_no_temporary(
        data: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache.load_cached([data])
    (path,) = cache_files(cache_dir)
    path.write_bytes(b"previous")

    def interrupted(src: str, dst: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(store.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        cache.load_cached([data])
    assert path.read_bytes() == b"previous"
    assert [p.name for p in cache_dir.iterdir()] == [path.name]


RACER = """
import sys, time
start = float(sys.argv[2])
while time.time() < start:
    time.sleep(0.001)
from kgraph.cache import load_cached
kg = load_cached([sys.argv[1]])
print(kg.graph.number_of_nodes(), kg.graph.number_of_edges())
"""


def test_two_processes_on_a_cold_cache_both_succeed(data: Path, tmp_path: Path) -> None:
    where = tmp_path / "racecache"
    env = {**os.environ, "KGRAPH_CACHE_DIR": str(where)}
    start = time.time() + 1.5  # both wait for the same moment (after their imports)
    procs = [subprocess.Popen([sys.executable, "-c", RACER, str(data), str(start)], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    results = [p.communicate(timeout=60) for p in procs]
    for proc, (out, err) in zip(procs, results):
        assert proc.returncode == 0, err
        assert err == ""
    assert results[0][0] == results[1][0] == "12 16\n"
    files = [p.name for p in where.iterdir()]
    assert len(files) == 1 and files[0].startswith("graph-") and files[0].endswith(cache.SUFFIX)
    assert isinstance(cache._read(where / files[0]), KnowledgeGraph)


# -- the CLI --------------------------------------------------------------------------------

runner = CliRunner()


def invoke(*args: str):
    console.reset()
    result = runner.invoke(app, list(args))
    console.reset()
    return result


def test_cache_clear_and_path(data: Path, cache_dir: Path) -> None:
    cache.load_cached([data])
    cache.load_cached([data / "entities.yaml", data / "sources.yaml"])
    (cache_dir / "unrelated.txt").write_text("not ours")
    assert len(cache_files(cache_dir)) == 2
    result = invoke("cache", "path")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{cache_dir}\n"
    result = invoke("cache", "clear")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"removed 2 cache file(s) from {cache_dir}\n"
    assert cache_files(cache_dir) == []
    assert (cache_dir / "unrelated.txt").exists()
    result = invoke("cache", "clear")
    assert result.stdout == f"removed 0 cache file(s) from {cache_dir}\n"


def test_query_commands_fill_the_cache_unless_no_cache(data: Path, cache_dir: Path) -> None:
    result = invoke("stats", "--data", str(data), "--no-cache", "--json")
    assert result.exit_code == 0, result.output
    assert cache_files(cache_dir) == []
    result = invoke("stats", "--data", str(data), "--json")
    assert result.exit_code == 0, result.output
    assert len(cache_files(cache_dir)) == 1
