"""For the tests of projects and curation: kgraph run in a folder as a user runs it, and
a new investigation (``kgraph init``) with a document of its own."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from kgraph.cli import app, console

runner = CliRunner()
ENV = {"COLUMNS": "200", "KGRAPH_DATA": None}

RULING = """\
Ruling of the District Court

Veracruz, March 1, 2024

The court heard that Jane Doe, the prosecutor, met John Roe at the port of Veracruz
in January 2024. John Roe is a member of the “Gulf Cartel”, the court said.

Operation Harbour Light, run by the Mexican Navy, seized 3 tonnes of cocaine.
"""


def kgraph(*args: Any, code: int | None = 0, env: dict[str, str] | None = None) -> Result:
    """``kgraph ARGS`` in the current directory: never a traceback, the exit code as
    expected (``code=None``: any)."""
    console.reset()
    result = runner.invoke(app, [str(a) for a in args], env={**ENV, **(env or {})})
    console.reset()
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        repr(result.exception))
    if code is not None:
        assert result.exit_code == code, output
    return result


def kgraph_json(*args: Any, code: int = 0) -> Any:
    return json.loads(kgraph(*args, "--json", code=code).stdout)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A new investigation made by ``kgraph init``, the current directory, with the
    ruling in ``~/ruling.txt`` (not yet registered)."""
    home = tmp_path / "home"
    home.mkdir()
    (home / "ruling.txt").write_text(RULING, encoding="utf-8")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(tmp_path)
    kgraph("init", "inquiry", "--name", "Port inquiry")
    monkeypatch.chdir(tmp_path / "inquiry")
    yield tmp_path / "inquiry"


def register(project: Path) -> None:
    """Register the ruling and add Jane Doe, John Roe and the Gulf Cartel."""
    kgraph("sources", "add", project.parent / "home" / "ruling.txt", "--id", "ruling")
    kgraph("add", "entity", "person", "Jane Doe", "--source", "ruling", "--quote",
           "Jane Doe, the prosecutor")
    kgraph("add", "entity", "person", "John Roe", "--source", "ruling", "--quote",
           "met John Roe at the port")
    kgraph("add", "entity", "criminal organisations", "Gulf Cartel", "--source", "ruling",
           "--quote", "a member of the \"Gulf Cartel\"")


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` and its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}
