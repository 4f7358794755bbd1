"""The README's "start your own investigation" transcript is what the commands print
today (scripts/update_readme_project.py runs it in a new folder, as a user types it)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_the_investigation_transcript_is_current() -> None:
    spec = importlib.util.spec_from_file_location(
        "update_readme_project", ROOT / "scripts" / "update_readme_project.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "```shell-session\n$ kgraph init port-inquiry\n" in readme
    current = module.updated(readme)
    if current != readme:
        import difflib

        diff = "\n".join(difflib.unified_diff(readme.splitlines(), current.splitlines(),
                                              lineterm="", n=1))
        pytest.fail("the README's investigation transcript is out of date; run "
                    "'python scripts/update_readme_project.py':\n" + diff[:3000])
    assert "project 'port-inquiry': 4 file(s), 2 entities, 1 relations, 1 sources: 0 error(s)" \
        in readme
