"""The README's promises, run as a user would: its transcript commands, and a real
(non-editable) install that finds the bundled dataset from any directory."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
KGRAPH = [sys.executable, "-m", "kgraph"]


def transcript_commands() -> list[tuple[str, str]]:
    """(command line, expected first output line) for each `$ kgraph ...` in the README's
    console blocks."""
    out = []
    for block in re.findall(r"```console\n(.*?)```", README, flags=re.DOTALL):
        lines = block.splitlines()
        for i, line in enumerate(lines):
            if line.startswith("$ kgraph "):
                first = lines[i + 1] if i + 1 < len(lines) else ""
                out.append((line[2:], first))
    return out


def run(args: list[str], cwd: Path, env: dict[str, str] | None = None
        ) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, "COLUMNS": "100", **(env or {})}
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, env=full,
                          timeout=120, check=False)


@pytest.mark.parametrize(("command", "first_line"), transcript_commands())
def test_readme_transcript(command: str, first_line: str, tmp_path: Path) -> None:
    import shlex

    args = shlex.split(command)[1:]
    if "--sources" in args and not (ROOT.parent / "shared" / "seeds").is_dir():
        pytest.fail("the README validates against ../shared/seeds, which is missing")
    env = {"KGRAPH_CACHE_DIR": str(tmp_path / "cache")}
    if "|" in command:  # a pipeline, as a shell runs it
        line = shlex.quote(sys.executable) + " -m kgraph" + command[len("kgraph"):]
        result = run(["sh", "-c", line], cwd=ROOT, env=env)
    else:
        result = run([*KGRAPH, *args], cwd=ROOT, env=env)
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    assert output.splitlines()[0].rstrip() == first_line.rstrip(), output
    expected_exit = 2 if first_line.startswith("kgraph: unknown entity") else 0
    assert result.returncode == expected_exit, output


def test_readme_transcripts_are_current() -> None:
    """Every console block of the README is what the commands print today."""
    spec = importlib.util.spec_from_file_location("update_readme",
                                                  ROOT / "scripts" / "update_readme.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    current = module.updated(README)
    if current != README:
        import difflib

        diff = "\n".join(difflib.unified_diff(README.splitlines(), current.splitlines(),
                                              lineterm="", n=1))
        pytest.fail("README transcripts are out of date; run "
                    "'python scripts/update_readme.py':\n" + diff[:3000])


def test_readme_names_both_quick_start_commands() -> None:
    quick = README.split("## Quick start", 1)[1].split("##", 1)[0]
    assert "make demo" in quick and "make test" in quick
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^demo:", makefile, re.MULTILINE) and re.search(r"^test:", makefile, re.MULTILINE)
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make test" in ci


def test_help_is_plain_and_quick_to_reach() -> None:
    result = run([*KGRAPH, "--help"], cwd=ROOT)
    assert result.returncode == 0
    for command in ("validate", "ask", "path", "lineage", "timeline", "neighbours", "show"):
        assert command in result.stdout


def test_wheel_ships_the_bundled_data(tmp_path: Path) -> None:
    """`pip install .` (not editable) must carry data/ inside the package."""
    wheel_dir = tmp_path / "wheel"
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(wheel_dir),
         str(ROOT)], capture_output=True, text=True, timeout=300, check=False)
    assert build.returncode == 0, build.stderr
    wheel = next(wheel_dir.glob("kgraph-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for name in ("schema.yaml", "entities.yaml", "relations.yaml", "sources.yaml"):
        assert f"kgraph/_data/{name}" in names
    # run the installed copy from another directory, with the checkout out of the path
    target = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(target)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {"PYTHONPATH": str(target), "KGRAPH_CACHE_DIR": str(tmp_path / "cache")}
    result = run([sys.executable, "-c",
                  ("import kgraph, kgraph.project as p; print(kgraph.__file__); "
                   "print(p.bundled_data_dir())")], cwd=elsewhere, env=env)
    assert result.returncode == 0, result.stderr
    module_file, data_dir = result.stdout.split()
    assert module_file.startswith(str(target))
    assert data_dir == str(target / "kgraph" / "_data")
    result = run([sys.executable, "-m", "kgraph", "ask", "who attended the Cartagena summit?",
                  "--json"], cwd=elsewhere, env=env)
    assert result.returncode == 0, result.stderr
    assert "Jeff Sessions" in result.stdout
    # in a checkout (its kgraph.toml and data/), the installed copy works on data/: an
    # edit there is what validate checks and queries see (no trap after `make demo`)
    checkout = tmp_path / "checkout"
    shutil.copytree(ROOT / "data", checkout / "data")
    shutil.copy(ROOT / "kgraph.toml", checkout / "kgraph.toml")
    entities = checkout / "data" / "entities.yaml"
    entities.write_text(entities.read_text(encoding="utf-8").replace(
        "entities:\n", "entities:\n  - {id: new-one, type: person, name: Newly Added, "
        "source: doj-joint-declaration-2017-12-07, quote: Jeff Sessions}\n", 1),
        encoding="utf-8")
    before = run([sys.executable, "-m", "kgraph", "stats", "--json"], cwd=ROOT, env=env)
    count = json.loads(before.stdout)["entities"]
    result = run([sys.executable, "-m", "kgraph", "validate"], cwd=checkout / "data", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    # one entity more (linked to nothing yet: a warning, not an error)
    assert (f"project 'kgraph bundled dataset': 4 file(s), {count + 1} entities"
            in result.stdout), result.stdout
    result = run([sys.executable, "-m", "kgraph", "show", "newly added"], cwd=checkout, env=env)
    assert result.returncode == 0 and result.stdout.startswith("Newly Added [Person]"), (
        result.stdout + result.stderr)
    entities.write_text(entities.read_text(encoding="utf-8").replace("type: person, name: "
                                                                     "Newly", "type: persn, "
                                                                     "name: Newly"))
    result = run([sys.executable, "-m", "kgraph", "validate"], cwd=checkout, env=env)
    assert result.returncode == 1 and "unknown entity type 'persn'" in result.stdout
