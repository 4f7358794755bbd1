"""Safe writing (kgraph.atomic) and failed exports: all or nothing, never a clobbered or
partial file, never a temporary file left behind, clear errors for bad targets."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest
from test_export_support import get_graph

from kgraph.atomic import FileSet, atomic_write
from kgraph.errors import OutputError
from kgraph.exporters import export
from kgraph.exporters.graphml import GraphMLExporter
from kgraph.exporters.neo4j import Neo4jExporter


def listing(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir())


class Boom(RuntimeError):
    pass


def test_success_writes_the_file_with_the_usual_mode(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    with atomic_write(target) as fh:
        fh.write("hello\n")
    assert target.read_text() == "hello\n"
    assert listing(tmp_path) == ["out.txt"]
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask


def test_replacing_keeps_the_mode_of_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old")
    target.chmod(0o600)
    with atomic_write(target) as fh:
        fh.write("new")
    assert target.read_text() == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_exception_mid_write_keeps_the_previous_file(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("previous")
    with pytest.raises(Boom), atomic_write(target) as fh:
        fh.write("partial" * 10_000)
        raise Boom
    assert target.read_text() == "previous"
    assert listing(tmp_path) == ["out.txt"]


def test_exception_mid_write_leaves_no_file_when_there_was_none(tmp_path: Path) -> None:
    with pytest.raises(Boom), atomic_write(tmp_path / "new.txt") as fh:
        fh.write("partial")
        raise Boom
    assert listing(tmp_path) == []


def test_failing_export_keeps_the_previous_export(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    kg = get_graph("fixture")
    target = tmp_path / "graph.graphml"
    export(kg, "graphml", target)
    before = target.read_bytes()

    def fail(self: GraphMLExporter, *args: object) -> None:
        raise Boom("exporter failed half-way")

    monkeypatch.setattr(GraphMLExporter, "write_edges", fail)
    with pytest.raises(Boom):
        export(kg, "graphml", target)
    assert target.read_bytes() == before
    assert listing(tmp_path) == ["graph.graphml"]


def test_failing_multi_file_export_keeps_every_previous_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    kg = get_graph("fixture")
    out = tmp_path / "neo4j"
    export(kg, "neo4j", out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def fail(self: Neo4jExporter) -> None:
        raise Boom("failed while finishing")

    monkeypatch.setattr(Neo4jExporter, "finalize", fail)
    with pytest.raises(Boom):
        export(kg, "neo4j", out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    with pytest.raises(Boom):
        export(kg, "neo4j", tmp_path / "fresh")
    assert not (tmp_path / "fresh").exists(), "a directory it created is removed again"
    with pytest.raises(Boom):
        export(kg, "neo4j", tmp_path / "out.zip")
    assert listing(tmp_path) == ["neo4j"]


def test_full_disk_is_reported_and_cleaned_up(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "graph.graphml"
    target.write_text("previous")

    def no_space(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", no_space)
    with pytest.raises(OutputError, match="no space left on device") as info:
        export(get_graph("fixture"), "graphml", target)
    assert str(target) in str(info.value)
    assert target.read_text() == "previous"
    assert listing(tmp_path) == ["graph.graphml"]


def test_permission_denied_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(tempfile, "mkstemp", denied)
    with pytest.raises(OutputError, match="permission denied"):
        export(get_graph("fixture"), "graphml", tmp_path / "x.graphml")
    assert listing(tmp_path) == []


def test_refuses_a_directory(tmp_path: Path) -> None:
    (tmp_path / "d.graphml").mkdir()
    with pytest.raises(OutputError, match="is a directory"):
        export(get_graph("fixture"), "graphml", tmp_path / "d.graphml")
    assert (tmp_path / "d.graphml").is_dir()


def test_refuses_a_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(OutputError, match="not a regular file"):
        export(get_graph("fixture"), "json", fifo)
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert listing(tmp_path) == ["pipe"]


def test_refuses_a_device() -> None:
    with pytest.raises(OutputError, match="not a regular file"), atomic_write("/dev/null") as fh:
        fh.write("x")


def test_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="does not exist"):
        export(get_graph("fixture"), "gexf", tmp_path / "nope" / "x.gexf")


def test_a_symlink_is_followed(tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    export(get_graph("fixture"), "json", link)
    assert link.is_symlink() and real.read_text().startswith('{"directed"')


def test_fileset_is_all_or_nothing(tmp_path: Path) -> None:
    out = tmp_path / "set"
    with FileSet(out) as files:
        files.open("a.txt").write("a1")
        files.open("b.txt").write("b1")
    assert listing(out) == ["a.txt", "b.txt"]
    with pytest.raises(Boom), FileSet(out) as files:
        files.open("a.txt").write("a2")
        files.open("b.txt").write("b2")
        raise Boom
    assert (out / "a.txt").read_text() == "a1" and (out / "b.txt").read_text() == "b1"
    assert listing(out) == ["a.txt", "b.txt"]


def test_fileset_refuses_a_file_as_directory(tmp_path: Path) -> None:
    (tmp_path / "f").write_text("x")
    with pytest.raises(OutputError, match="not a directory"), FileSet(tmp_path / "f"):
        pass
