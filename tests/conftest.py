"""Shared test set-up: every test writes the compiled cache to a temporary directory."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

# Parallel test workers (pytest-xdist) run with Ctrl-C ignored, and a child process inherits
# an ignored signal: the kgraph processes the interrupt tests start must see SIGINT as a
# user's terminal would send it.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)


@pytest.fixture(scope="session")
def kgraph_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One cache directory for the whole run (so the bundled graph is built once), never
    the user's own ``~/.cache/kgraph``."""
    return tmp_path_factory.mktemp("kgraph-cache")


@pytest.fixture(autouse=True)
def _isolated_cache(kgraph_cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KGRAPH_CACHE_DIR", str(kgraph_cache_dir))
