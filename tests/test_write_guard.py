"""kgraph never writes into its data: no export, page or picture goes into a data file or
a data directory (whatever name or link leads there), a project's kgraph.toml or its
documents folder. And a read-only target file is not replaced: "permission denied"."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_export_support import FIXTURE
from typer.testing import CliRunner, Result

from kgraph.cli import app, console
from kgraph.project import bundled_data_dir

ENV = {"COLUMNS": "200", "KGRAPH_DATA": None}


def run(*args: str, env: dict[str, str | None] | None = None) -> Result:
    console.reset()
    result = CliRunner().invoke(app, list(args), env={**ENV, **(env or {})})
    console.reset()
    assert "Traceback" not in result.stdout + result.stderr
    return result


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "case"
    shutil.copytree(FIXTURE / "data", root / "data")
    (root / "data" / "more").mkdir()
    (root / "data" / "more" / "extra.yaml").write_text("entities: []\n", encoding="utf-8")
    (root / "sources").mkdir()
    (root / "sources" / "memo.txt").write_text("Ana López", encoding="utf-8")
    (root / "kgraph.toml").write_text('[project]\nname = "Case"\n', encoding="utf-8")
    return root


def commands(target: str) -> list[list[str]]:
    """Every writer with ``target`` as its output; the page and the picture (whose names
    must end in .html and .svg) where the target is inside a protected folder."""
    out = [["export", fmt, "-o", target]
           for fmt in ("graphml", "gexf", "json", "rdf", "csv", "neo4j")]
    inside = "/" in target.rstrip("/")
    if inside:
        out += [["view", "-o", target.rstrip("/") + ".html"],
                ["render", "-o", target.rstrip("/") + ".svg"]]
    return out


@pytest.mark.parametrize("target", [
    "data/entities.yaml",        # a data file itself
    "data",                      # the data directory
    "data/",                     # ... spelt with a slash
    "data/x.graphml",            # a new file in it: the next load would parse it
    "data/more",                 # a directory inside it
    "data/more/out.json",
    "data/new-dir",              # a directory export would create it inside
    "data/out.zip",
    "kgraph.toml",               # the project file
    "sources/out.json",          # the project's documents
    "./data/../data/relations.yaml",
])
def test_no_writer_writes_into_the_data(project: Path, monkeypatch: pytest.MonkeyPatch,
                                        target: str) -> None:
    monkeypatch.chdir(project)
    before = snapshot(project)
    for args in commands(target):
        result = run(*args)
        assert result.exit_code == 2, (args, result.stdout, result.stderr)
        assert result.stderr.startswith("kgraph: refusing to write"), result.stderr
        assert "editing commands" in result.stderr
    assert snapshot(project) == before  # not a byte changed, nothing added
    assert not list(project.rglob(".*.tmp"))


def test_links_and_other_names_lead_nowhere_near_the_data(project: Path, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    monkeypatch.chdir(tmp_path)
    before = snapshot(project)
    data = str(project / "data")
    links = tmp_path / "links"
    links.mkdir()
    (links / "to-file.json").symlink_to(project / "data" / "entities.yaml")
    (links / "to-dir").symlink_to(project / "data", target_is_directory=True)
    (links / "dangling-into-data.json").symlink_to(project / "data" / "new.json")
    for target, fmt in ((links / "to-file.json", "json"), (links / "to-dir", "csv"),
                        (links / "to-dir" / "x.json", "json"),
                        (links / "dangling-into-data.json", "json")):
        result = run("export", fmt, "-o", str(target), "--data", data)
        assert result.exit_code == 2, (target, result.stderr)
        assert "refusing to write" in result.stderr
    # the data given as one file: that file is protected; KGRAPH_DATA too
    one = str(project / "data" / "entities.yaml")
    assert run("export", "json", "-o", one, "--data", one,
               "--data", str(project / "data" / "relations.yaml"),
               "--data", str(project / "data" / "schema.yaml"),
               "--data", str(project / "data" / "sources.yaml")).exit_code == 2
    result = run("export", "graphml", "-o", str(project / "data" / "g.graphml"),
                 env={"KGRAPH_DATA": data})
    assert result.exit_code == 2 and "refusing to write" in result.stderr
    assert snapshot(project) == before


def test_the_bundled_data_is_protected_too(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # no project here: the bundled dataset
    bundled = bundled_data_dir()
    before = snapshot(bundled)
    for args in (["export", "json", "-o", str(bundled / "entities.yaml")],
                 ["export", "csv", "-o", str(bundled)],
                 ["view", "-o", str(bundled / "page.html")]):
        result = run(*args)
        assert result.exit_code == 2 and "refusing to write" in result.stderr, args
    assert snapshot(bundled) == before


def test_next_to_the_data_is_fine(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project)
    for args in (["export", "csv", "-o", "exports"], ["export", "json", "-o", "g.json"],
                 ["view", "-o", "page.html"], ["render", "-o", "all.svg"]):
        result = run(*args)
        assert result.exit_code == 0, (args, result.stderr)
    assert (project / "exports" / "nodes.csv").is_file()


# ---------------------------------------------------------------------------------------
# read-only targets


@pytest.fixture
def shared_dir() -> Iterator[Path]:
    """A folder an unprivileged user may write in (pytest's own tmp_path is private)."""
    d = Path(tempfile.mkdtemp(prefix="kgraph-readonly-"))
    os.chmod(d, 0o777)
    yield d
    shutil.rmtree(d, ignore_errors=True)


def as_user(args: list[str]) -> subprocess.CompletedProcess[str]:
    """Run kgraph as an unprivileged user: the user running the tests or, when that is root
    (for whom every file is writable), root without its capabilities (setpriv): file
    permissions then apply, and the checkout and its virtualenv stay readable wherever
    they are (another user could not enter a private temporary folder holding them)."""
    cmd = [sys.executable, "-m", "kgraph", *args, "--no-cache"]
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        assert setpriv, "setpriv (util-linux) is needed to run without root's capabilities"
        cmd = [setpriv, "--bounding-set=-all", "--inh-caps=-all", *cmd]
    env = {**os.environ, "HOME": "/nonexistent", "COLUMNS": "200"}
    env.pop("KGRAPH_DATA", None)
    return subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120,
                          check=False)


@pytest.mark.parametrize("args,name", [
    (["export", "json"], "g.json"), (["export", "graphml"], "g.graphml"),
    (["export", "csv"], "csv/nodes.csv"), (["export", "csv"], "c.zip"),
    (["export", "neo4j"], "n/import.sh"), (["view"], "p.html"), (["render"], "p.svg"),
])
def test_a_read_only_target_is_permission_denied(shared_dir: Path, args: list[str],
                                                 name: str) -> None:
    target = shared_dir / name
    target.parent.mkdir(exist_ok=True)
    os.chmod(target.parent, 0o777)
    target.write_text("keep me\n", encoding="utf-8")
    os.chmod(target, stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)  # 0444
    out = target.parent if name.startswith(("csv/", "n/")) else target
    done = as_user([*args, "-o", str(out), "--data", str(FIXTURE / "data")])
    assert done.returncode == 1, done.stdout + done.stderr
    assert "permission denied" in done.stderr and "Traceback" not in done.stderr
    assert target.read_text(encoding="utf-8") == "keep me\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o444
    assert not list(shared_dir.rglob(".*.tmp"))
