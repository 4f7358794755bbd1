"""Paths written in the data (a source's ``file:``) never make kgraph read or write outside
the directories the user named: ``--sources`` for reading source documents, ``-o`` for
writing, and the cache directory. Checked with an audit hook (``sys.addaudithook``) that
records every file kgraph opens, creates, renames or removes while the commands run."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from commandline import run_command as run

MARKER = "CANARY-7f3a-only-in-the-secret-file"
HOSTILE_FILES = {  # source id -> the file name the data gives
    "up": "../outside/secret.txt",
    "dots": "sub/../../outside/secret.txt",
    "absolute": "{root}/outside/secret.txt",
    "etc": "/etc/passwd",
    "home": "~/.ssh/id_rsa",
    "link": "link.txt",  # a symbolic link in the sources directory, to the secret file
    "out": "../out/graph.html",
}

# where kgraph's own files (the bundled schema, the viewer's scripts) and Python's modules are
KGRAPH_AND_PYTHON = (Path(__file__).resolve().parent.parent, Path(sys.prefix),
                     Path(sys.base_prefix))
# (what was done, path, written?) of every file event while recording
_events: list[tuple[str, str, bool]] | None = None
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
_PATH_EVENTS = {"os.remove": 0, "os.rmdir": 0, "os.mkdir": 0, "os.chmod": 0,
                "os.truncate": 0, "os.utime": 0, "shutil.rmtree": 0, "os.symlink": 1,
                "os.link": 1, "shutil.copyfile": 1, "shutil.move": 1}


def _hook(event: str, args: tuple[Any, ...]) -> None:
    if _events is None:
        return
    if event == "open":
        path, mode, flags = args
        if isinstance(path, (str, bytes, os.PathLike)):
            written = any(c in mode for c in "wax+") if isinstance(mode, str) else bool(
                (flags or 0) & _WRITE_FLAGS)
            _events.append((event, os.fsdecode(path), written))
    elif event in ("os.rename", "os.replace"):
        _events.append((event, os.fsdecode(args[0]), True))
        _events.append((event, os.fsdecode(args[1]), True))
    elif event in _PATH_EVENTS and isinstance(args[0], (str, bytes, os.PathLike)):
        _events.append((event, os.fsdecode(args[0]), True))
        if _PATH_EVENTS[event]:
            _events.append((event, os.fsdecode(args[1]), True))


sys.addaudithook(_hook)  # hooks cannot be removed: this one records only inside record()


@contextmanager
def record() -> Iterator[list[tuple[str, str, bool]]]:
    global _events
    _events = []
    try:
        yield _events
    finally:
        _events = None


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """data/ whose sources name files outside sources/, a secret file outside, and out/."""
    root = tmp_path.resolve()
    (root / "outside").mkdir()
    (root / "outside" / "secret.txt").write_text(f"Alice met Bob. {MARKER}\n")
    (root / "sources").mkdir()
    (root / "sources" / "ok.txt").write_text("Alice met Bob.\n")
    (root / "sources" / "link.txt").symlink_to(root / "outside" / "secret.txt")
    (root / "out").mkdir()
    data = root / "data"
    data.mkdir()
    lines = ["sources:", "  - {id: ok, title: OK, file: ok.txt}"]
    for sid, name in HOSTILE_FILES.items():
        lines.append(f"  - {{id: {sid}, title: {sid}, file: '{name.format(root=root)}'}}")
    (data / "sources.yaml").write_text("\n".join(lines) + "\n")
    evidence = ", ".join(f"{{source: {sid}, quote: Alice met Bob}}" for sid in HOSTILE_FILES)
    (data / "entities.yaml").write_text(
        "entities:\n"
        f"  - {{id: alice, type: person, name: Alice, source: ok, quote: Alice met Bob,"
        f" evidence: [{evidence}]}}\n"
        "  - {id: bob, type: person, name: Bob, source: up, quote: Alice met Bob}\n")
    (data / "relations.yaml").write_text(
        "relations:\n"
        f"  - {{from: alice, type: met_with, to: bob, source: ok, quote: Alice met Bob,"
        f" evidence: [{evidence}]}}\n")
    monkeypatch.setenv("KGRAPH_CACHE_DIR", str(root / "cache"))
    monkeypatch.chdir(root / "out")
    yield root


def outside(path: str, *allowed: Path) -> bool:
    p = Path(os.path.abspath(path))
    return not any(p == a or p.is_relative_to(a) for a in allowed)


def test_validate_refuses_source_files_outside_sources(project: Path) -> None:
    with record() as events:
        result = run("validate", "--data", str(project / "data"), "--sources",
                     str(project / "sources"))
    assert result.exit_code == 1
    refused = [line for line in result.stdout.splitlines() if "[source-path]" in line]
    assert len(refused) == len(HOSTILE_FILES) - 1  # "home" is a missing file, not outside
    assert "source 'home': cannot read '~/.ssh/id_rsa'" in result.stdout
    for sid in ("up", "dots", "absolute", "etc", "link", "out"):
        assert any(f"source '{sid}': file " in line for line in refused), sid
    read = [path for _, path, _ in events]
    assert str(project / "sources" / "ok.txt") in read
    assert not [p for p in read if outside(p, project / "data", project / "sources",
                                           project / "cache", *KGRAPH_AND_PYTHON)], read
    # the data is sound (only its documents are not): its graph is compiled into the cache,
    # and nothing is written anywhere else
    assert not [e for e in events if e[2] and outside(e[1], project / "cache")], \
        "validate wrote a file outside the cache"


COMMANDS = [
    ["view", "-o", "graph.html"], ["view", "alice", "-o", "alice.html"],
    ["render", "alice", "-o", "alice.svg"],
    ["export", "graphml", "-o", "g.graphml"], ["export", "gexf", "-o", "g.gexf"],
    ["export", "json", "-o", "g.json"], ["export", "csv", "-o", "csv"],
    ["export", "csv", "-o", "c.zip"], ["export", "neo4j", "-o", "neo4j"],
    ["export", "rdf", "-o", "g.ttl"], ["export", "nt", "-o", "g.nt"],
    ["show", "alice"], ["show", "bob", "--json"], ["neighbours", "alice"],
    ["path", "alice", "bob"], ["lineage", "alice"], ["timeline"], ["stats"],
    ["search", "alice"], ["ask", "who did Alice meet?"],
]


@pytest.mark.parametrize("args", COMMANDS, ids=[" ".join(c[:2]) for c in COMMANDS])
def test_no_command_uses_a_path_from_the_data(args: list[str], project: Path) -> None:
    """Without --sources the data is valid (file names are not checked), so every command
    runs with the hostile names in the graph: it reads only the data (and kgraph's own
    files) and writes only where -o says and to the cache."""
    with record() as events:
        result = run(*args, "--data", str(project / "data"))
    assert result.exit_code in (0, 1), result.output
    if args[0] in ("view", "render", "export"):
        assert result.exit_code == 0, result.output
    written = [path for _, path, w in events if w]
    assert not [p for p in written if outside(p, project / "out", project / "cache")], written
    read = [path for _, path, _ in events]
    assert not [p for p in read if outside(p, project / "data", project / "out",
                                           project / "cache", *KGRAPH_AND_PYTHON)], read
    # the secret's words never reach an output, and its file is as it was
    for path in (project / "out").rglob("*"):
        if path.is_file():
            assert MARKER.encode() not in path.read_bytes(), path
    assert MARKER not in result.output
    assert sorted(p.name for p in (project / "outside").iterdir()) == ["secret.txt"]
