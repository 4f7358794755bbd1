"""``.pre-commit-hooks.yaml``, as pre-commit itself reads and runs it: its manifest
loader, then ``pre-commit try-repo`` on a project in a git repository (which installs
kgraph from this checkout into pre-commit's own environment and runs the hook)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from pre_commit.clientlib import load_manifest
from projectkit import kgraph

REPO = Path(__file__).resolve().parent.parent


def test_the_manifest_is_one_pre_commit_loads() -> None:
    hooks = {h["id"]: h for h in load_manifest(str(REPO / ".pre-commit-hooks.yaml"))}
    assert set(hooks) == {"kgraph-validate", "kgraph-fmt"}
    assert hooks["kgraph-validate"]["entry"] == "kgraph validate"
    assert hooks["kgraph-fmt"]["entry"] == "kgraph fmt --check"
    for hook in hooks.values():
        assert hook["language"] == "python" and hook["pass_filenames"] is False


def test_pre_commit_runs_the_hooks_on_a_project(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    kgraph("init", "inquiry")
    project = tmp_path / "inquiry"
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit"),
           "KGRAPH_CACHE_DIR": str(tmp_path / "cache"), "GIT_CONFIG_GLOBAL": os.devnull,
           "GIT_AUTHOR_NAME": "A", "GIT_AUTHOR_EMAIL": "a@example.org",
           "GIT_COMMITTER_NAME": "A", "GIT_COMMITTER_EMAIL": "a@example.org"}
    env.pop("KGRAPH_DATA", None)
    env.pop("VIRTUAL_ENV", None)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(list(args), cwd=project, env=env, capture_output=True,
                              text=True, timeout=600, check=False)

    for args in (["git", "init", "-q"], ["git", "add", "."], ["git", "commit", "-qm", "x"]):
        assert run(*args).returncode == 0
    # one run of both hooks (pre-commit installs kgraph once per run): the data has an
    # error, which validate reports; the layout is canonical, which fmt --check accepts
    entities = project / "data" / "entities.yaml"
    entities.write_text(entities.read_text().replace(
        "entities: []", "entities:\n  - {id: x, type: persn, name: X, source: s, quote: q}"))
    done = run(sys.executable, "-m", "pre_commit", "try-repo", str(REPO), "--all-files")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "unknown entity type 'persn' (did you mean 'person'?)" in done.stdout
    results = {line.split(".")[0]: line.rsplit(".", 1)[1] for line in done.stdout.splitlines()
               if line.startswith(("kgraph validate.", "kgraph fmt --check."))}
    assert results == {"kgraph validate": "Failed", "kgraph fmt --check": "Passed"}, done.stdout
