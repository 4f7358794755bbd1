"""Nothing is lost when a run is cut short: real ``python -m kgraph`` processes are sent
SIGINT (Ctrl-C) or SIGTERM while an export of a large generated dataset is being written,
run out of disk space half-way, or have their standard output closed; an in-process full
disk covers every format. Each time the previous output is intact to the byte, no
temporary file is left behind, the exit code says what happened and no traceback shows.
"""

from __future__ import annotations

import errno
import os
import random
import resource
import select
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO, Any, Self

import pytest
from typer.testing import CliRunner

from kgraph.cli import console
from kgraph.cli import app

REPO = Path(__file__).resolve().parent.parent
PEOPLE, MEETINGS = 12_000, 36_000  # large enough that writing an export takes a while
TIMEOUT = 120


def generate(root: Path, people: int, meetings: int) -> None:
    """A valid dataset of ``people`` persons and ``meetings`` dated met_with relations."""
    rng = random.Random(8)
    root.mkdir(parents=True)
    (root / "sources.yaml").write_text("sources:\n  - {id: memo, title: A memo}\n")
    with open(root / "entities.yaml", "w", encoding="utf-8") as fh:
        fh.write("entities:\n")
        fh.writelines(f"  - {{id: p{i}, type: person, name: Person {i}, description: 'Person "
                      f"number {i}, who met many others.', source: memo, quote: Person {i}}}\n"
                      for i in range(people))
    with open(root / "relations.yaml", "w", encoding="utf-8") as fh:
        fh.write("relations:\n")
        for i in range(meetings):
            a = rng.randrange(people)
            b = rng.randrange(people - 1)
            b += b >= a
            fh.write(f"  - {{from: p{a}, type: met_with, to: p{b}, date: {2000 + i % 20}-"
                     f"0{1 + i % 9}, source: memo, quote: p{a} met p{b} ({i})}}\n")


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The environment of the subprocesses: the large dataset, already compiled into a
    cache of this module's own (so that each process gets to writing quickly)."""
    root = tmp_path_factory.mktemp("large")
    generate(root / "data", PEOPLE, MEETINGS)
    environ = {**os.environ, "KGRAPH_DATA": str(root / "data"),
               "KGRAPH_CACHE_DIR": str(root / "cache"), "COLUMNS": "120"}
    proc = subprocess.run([sys.executable, "-m", "kgraph", "stats", "--json"], env=environ,
                          capture_output=True, cwd=REPO, timeout=TIMEOUT, check=False)
    assert proc.returncode == 0, proc.stderr.decode()
    assert b'"entities": 12000' in proc.stdout or b"12000" in proc.stdout
    return environ


def kgraph(args: list[str], env: dict[str, str], **kwargs: Any) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "kgraph", *args], env=env, cwd=REPO,
                            stdout=kwargs.pop("stdout", subprocess.PIPE),
                            stderr=subprocess.PIPE, **kwargs)


def temporaries(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".tmp"))


def wait_until_writing(proc: subprocess.Popen[bytes], directory: Path) -> None:
    """Wait for the export's temporary file to appear in ``directory``: the process is
    then past its start-up and writing the output."""
    deadline = time.monotonic() + TIMEOUT
    while not temporaries(directory):
        if proc.poll() is not None:
            err = proc.communicate()[1]
            pytest.fail(f"kgraph ended (exit {proc.returncode}) before it was interrupted; "
                        f"make the dataset larger\n{err.decode()}")
        assert time.monotonic() < deadline, "no temporary file appeared"
        time.sleep(0.002)


def snapshot(target: Path) -> dict[str, bytes]:
    """Every file at ``target`` (a file, or a directory's files) with its bytes."""
    if target.is_dir():
        return {p.name: p.read_bytes() for p in sorted(target.iterdir())}
    return {target.name: target.read_bytes()}


def quiet(stderr: bytes) -> str:
    text = stderr.decode("utf-8", "replace")
    assert "Traceback" not in text and "Error" not in text, text
    return text


# -- signals while an export is written ------------------------------------------------------

CASES = [
    # (signal, format, target name, exit code)
    (signal.SIGINT, "graphml", "graph.graphml", 130),
    (signal.SIGTERM, "graphml", "graph.graphml", 143),
    (signal.SIGINT, "csv", "csv", 130),
    (signal.SIGTERM, "neo4j", "neo4j", 143),
    (signal.SIGTERM, "json", "graph.json", 143),
    (signal.SIGINT, "csv", "csv.zip", 130),
]


@pytest.mark.parametrize("sig,fmt,name,code", CASES,
                         ids=[f"{signal.Signals(c[0]).name}-{c[2]}" for c in CASES])
def test_a_signal_during_an_export_keeps_the_previous_output(
        sig: int, fmt: str, name: str, code: int, env: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    target = out / name
    if name.endswith(".zip") or "." in name:
        target.write_bytes(b"the previous export\n")
    else:  # a directory format: previous files in the directory, and one of the user's
        target.mkdir()
        (target / "nodes.csv").write_bytes(b"id\nprevious\n")
        (target / "notes.txt").write_bytes(b"not kgraph's\n")
    before = snapshot(target)
    proc = kgraph(["export", fmt, "-o", str(target)], env)
    wait_until_writing(proc, target if target.is_dir() else out)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=TIMEOUT)
    text = quiet(err)
    assert proc.returncode == code, text
    if sig == signal.SIGTERM:
        assert text == "kgraph: terminated\n"
    else:
        assert text in ("", "\nkgraph: interrupted\n")
    assert snapshot(target) == before
    assert temporaries(out) == [] and sorted(p.name for p in out.iterdir()) == [name]


def test_a_second_sigterm_does_not_cut_the_clean_up_short(env: dict[str, str],
                                                           tmp_path: Path) -> None:
    target = tmp_path / "graph.graphml"
    target.write_bytes(b"previous")
    proc = kgraph(["export", "graphml", "-o", str(target)], env)
    wait_until_writing(proc, tmp_path)
    proc.send_signal(signal.SIGTERM)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=TIMEOUT)
    assert proc.returncode == 143, quiet(err)
    assert target.read_bytes() == b"previous" and temporaries(tmp_path) == []


def test_sigterm_ignored_by_the_parent_stays_ignored(env: dict[str, str],
                                                     tmp_path: Path) -> None:
    """Started with SIGTERM ignored (as by nohup-like launchers), kgraph does not take it
    back: the export finishes."""
    target = tmp_path / "graph.json"

    def ignore_sigterm() -> None:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)

    proc = kgraph(["export", "json", "-o", str(target)], env, preexec_fn=ignore_sigterm)
    wait_until_writing(proc, tmp_path)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=TIMEOUT)
    assert proc.returncode == 0, err.decode()
    assert target.read_bytes().startswith(b"{")


# -- Ctrl-C and SIGTERM during a query -------------------------------------------------------


def wait_until_printing(proc: subprocess.Popen[bytes]) -> None:
    """Wait until the query starts printing its answer (more than a pipe holds, so the
    process is then blocked writing the rest, or still computing it)."""
    assert proc.stdout is not None
    ready, _, _ = select.select([proc.stdout], [], [], TIMEOUT)
    assert ready, "the query printed nothing"


@pytest.mark.parametrize("sig,code", [(signal.SIGINT, 130), (signal.SIGTERM, 143)],
                         ids=["SIGINT", "SIGTERM"])
@pytest.mark.parametrize("args", [["search", "person", "-n", "100000", "--json"],
                                  ["neighbours", "p1", "--depth", "5", "--no-evidence"]],
                         ids=["search-json", "neighbours"])
def test_a_signal_during_a_query_ends_quietly(sig: int, code: int, args: list[str],
                                              env: dict[str, str]) -> None:
    proc = kgraph(args, env)
    wait_until_printing(proc)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=TIMEOUT)
    text = quiet(err)
    assert proc.returncode == code, text
    assert text in ("", "\nkgraph: interrupted\n", "kgraph: terminated\n")


# -- closed pipes ----------------------------------------------------------------------------


@pytest.mark.parametrize("args", [["export", "json", "-o", "-"],
                                  ["export", "graphml", "-o", "-"],
                                  ["search", "person", "-n", "100000", "--json"],
                                  ["neighbours", "p1", "--depth", "5", "--no-evidence"]],
                         ids=["export-json", "export-graphml", "search-json", "neighbours"])
def test_a_closed_pipe_ends_quietly(args: list[str], env: dict[str, str]) -> None:
    """``kgraph ... | head -c 10``: megabytes of output into a pipe that closes."""
    producer = kgraph(args, env)
    assert producer.stdout is not None
    head = subprocess.Popen(["head", "-c", "10"], stdin=producer.stdout,
                            stdout=subprocess.PIPE)
    producer.stdout.close()  # only head reads it now
    first, _ = head.communicate(timeout=TIMEOUT)
    err = producer.communicate(timeout=TIMEOUT)[1]
    assert len(first) == 10
    assert err == b"", err.decode()
    assert producer.returncode in (-signal.SIGPIPE, 128 + signal.SIGPIPE)


# -- a full disk -----------------------------------------------------------------------------


def test_a_disk_that_fills_up_half_way_keeps_the_previous_file(env: dict[str, str],
                                                               tmp_path: Path) -> None:
    """A real process that may not write more than 1 MB (RLIMIT_FSIZE: writes beyond fail
    with EFBIG, as they would with ENOSPC on a full disk)."""
    target = tmp_path / "graph.graphml"
    target.write_bytes(b"the previous export\n")

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (2**20, 2**20))

    proc = kgraph(["export", "graphml", "-o", str(target)], env, preexec_fn=limit)
    _, err = proc.communicate(timeout=TIMEOUT)
    text = quiet(err)
    assert proc.returncode == 1
    assert text == f"kgraph: cannot write '{target}': file too large\n"
    assert target.read_bytes() == b"the previous export\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.graphml"]


class FillingFile:
    """A file object whose writes fail with ENOSPC once ``room`` bytes are written."""

    def __init__(self, fh: IO[Any], room: int) -> None:
        self._fh, self._room = fh, room

    def write(self, data: Any) -> int:
        self._room -= len(data)
        if self._room < 0:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return int(self._fh.write(data))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._fh, name)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self._fh.close()

    def __iter__(self) -> Any:
        return iter(self._fh)


@pytest.mark.parametrize("fmt,name", [("graphml", "g.graphml"), ("gexf", "g.gexf"),
                                      ("json", "g.json"), ("rdf", "g.ttl"), ("csv", "csv"),
                                      ("csv", "c.zip"), ("neo4j", "neo4j"),
                                      ("neo4j", "n.zip")])
def test_no_space_left_half_way_through_any_format(fmt: str, name: str, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """In-process: every file kgraph opens for writing fills up after 2 kB."""
    data = REPO / "tests" / "fixtures" / "export" / "data"
    target = tmp_path / name
    runner = CliRunner()
    console.reset()
    first = runner.invoke(app, ["export", fmt, "-o", str(target), "--data", str(data)])
    assert first.exit_code == 0, first.output
    before = snapshot(target)
    real_fdopen = os.fdopen

    def filling_fdopen(fd: int, *args: Any, **kwargs: Any) -> Any:
        return FillingFile(real_fdopen(fd, *args, **kwargs), 2048)

    monkeypatch.setattr(os, "fdopen", filling_fdopen)
    console.reset()
    result = runner.invoke(app, ["export", fmt, "-o", str(target), "--data", str(data),
                                 "--no-cache"])
    console.reset()
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert result.stderr.startswith(f"kgraph: cannot write '{target}"), result.stderr
    assert result.stderr.rstrip().endswith("no space left on device"), result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert snapshot(target) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]
    if target.is_dir():
        assert temporaries(target) == []


# -- an interrupt at the worst moment, in-process --------------------------------------------


def interrupt_after(monkeypatch: pytest.MonkeyPatch, owner: Any, name: str,
                    nth: int = 1) -> None:
    """Make ``owner.name`` deliver a real SIGINT to this process right after its
    ``nth`` call has done its work: the moment a temporary file exists but is not yet
    known to the code that would remove it."""
    real = getattr(owner, name)
    calls = [0]

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        result = real(*args, **kwargs)
        calls[0] += 1
        if calls[0] == nth:
            # to the main thread: in a parallel test worker other threads run (which do
            # not hold signals back), where the kgraph command has only this one
            signal.pthread_kill(threading.main_thread().ident, signal.SIGINT)
        return result

    monkeypatch.setattr(owner, name, wrapper)


@pytest.mark.parametrize("fmt,name,nth", [("graphml", "g.graphml", 1), ("csv", "csv", 1),
                                          ("csv", "csv", 3), ("neo4j", "n.zip", 1)])
def test_ctrl_c_just_after_a_temporary_file_is_created(
        fmt: str, name: str, nth: int, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    from kgraph.api import load_graph
    from kgraph.exporters import export

    kg = load_graph([REPO / "tests" / "fixtures" / "export" / "data"])
    target = tmp_path / name
    export(kg, fmt, target)
    before = snapshot(target)
    interrupt_after(monkeypatch, tempfile, "mkstemp", nth)
    with pytest.raises(KeyboardInterrupt):
        export(kg, fmt, target)
    assert snapshot(target) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]
    if target.is_dir():
        assert temporaries(target) == []


def test_ctrl_c_just_after_a_cache_file_is_created(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """The compiled cache (its graph, parse and derived files) leaves no temporary file
    behind, whichever file the interrupt comes after."""
    import tempfile

    from kgraph import cache, resolve

    data = REPO / "tests" / "fixtures" / "export" / "data"

    def compile_and_index() -> None:
        resolve.index(cache.load_cached([data]))  # the name index is stored on first use

    created = []
    real = tempfile.mkstemp
    with monkeypatch.context() as m:
        m.setenv("KGRAPH_CACHE_DIR", str(tmp_path / "count"))
        m.setattr(tempfile, "mkstemp", lambda *a, **k: created.append(1) or real(*a, **k))
        compile_and_index()
    assert len(created) >= 2  # the graph and the name index at least
    for nth in range(1, len(created) + 1):
        where = tmp_path / f"cache-{nth}"
        with monkeypatch.context() as m:
            m.setenv("KGRAPH_CACHE_DIR", str(where))
            interrupt_after(m, tempfile, "mkstemp", nth)
            with pytest.raises(KeyboardInterrupt):
                compile_and_index()
        assert [p.name for p in where.rglob("*") if p.name.endswith(".tmp")] == [], nth


@pytest.mark.parametrize("fmt,nth", [("csv", 1), ("csv", 2), ("neo4j", 1), ("neo4j", 3)])
def test_ctrl_c_between_the_renames_of_a_directory_export(
        fmt: str, nth: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Old and new files of a directory export never mix: an interrupt after the first
    file is renamed into place waits until the last one is."""
    from kgraph.api import load_graph
    from kgraph.exporters import export
    from kgraph.select import Selection, select

    kg = load_graph([REPO / "tests" / "fixtures" / "export" / "data"])
    target = tmp_path / "out"
    export(select(kg, Selection(relations=["attended"])).kg, fmt, target)
    old = snapshot(target)
    export(kg, fmt, tmp_path / "expected")
    new = snapshot(tmp_path / "expected")
    assert old != new
    interrupt_after(monkeypatch, os, "replace", nth)
    with pytest.raises(KeyboardInterrupt):
        export(kg, fmt, target)
    assert snapshot(target) == new
    assert temporaries(target) == []


def test_ctrl_c_just_after_a_zip_member_is_opened(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Not a ValueError ("Can't close the ZIP file while there is an open writing
    handle"): the interrupt itself, and the previous zip intact."""
    import zipfile

    from kgraph.api import load_graph
    from kgraph.exporters import export

    kg = load_graph([REPO / "tests" / "fixtures" / "export" / "data"])
    target = tmp_path / "csv.zip"
    export(kg, "csv", target)
    before = target.read_bytes()
    interrupt_after(monkeypatch, zipfile.ZipFile, "open", 2)
    with pytest.raises(KeyboardInterrupt):
        export(kg, "csv", target)
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["csv.zip"]


INTERRUPTED_IMPORT = """
import sys

class Interrupt:  # Ctrl-C arrives while typer (the first library the CLI needs) loads
    def find_spec(self, name, path=None, target=None):
        if name == "typer":
            raise KeyboardInterrupt
        return None

sys.meta_path.insert(0, Interrupt())
sys.argv = ["kgraph", "--help"]
from kgraph.__main__ import main
main()
"""


def test_ctrl_c_while_the_command_line_loads_ends_quietly() -> None:
    done = subprocess.run([sys.executable, "-c", INTERRUPTED_IMPORT], capture_output=True,
                          text=True, timeout=60, check=False)
    assert done.returncode == 130
    assert done.stderr == "\nkgraph: interrupted\n"
    assert done.stdout == ""


def test_the_command_is_the_quiet_entry_point() -> None:
    from importlib.metadata import entry_points

    (script,) = [e for e in entry_points(group="console_scripts") if e.name == "kgraph"]
    assert script.value == "kgraph.__main__:main"
