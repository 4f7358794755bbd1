"""Shared test set-up: every test writes the compiled cache to a temporary directory."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def kgraph_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One cache directory for the whole run (so the bundled graph is built once), never
    the user's own ``~/.cache/kgraph``."""
    return tmp_path_factory.mktemp("kgraph-cache")


@pytest.fixture(autouse=True)
def _isolated_cache(kgraph_cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KGRAPH_CACHE_DIR", str(kgraph_cache_dir))
