"""Shared test set-up: every test writes the compiled cache to a temporary directory; a
private copy of the small dataset and a cache of its own for the tests that want them."""

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


SMALL = Path(__file__).parent / "fixtures" / "small"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A private copy of the small fixture dataset (so edits touch nothing shared)."""
    import shutil

    return Path(shutil.copytree(SMALL, tmp_path / "data"))


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache directory of the test's own (and no note left from before)."""
    from kgraph import store

    where = tmp_path / "cache"
    monkeypatch.setenv("KGRAPH_CACHE_DIR", str(where))
    store.notes()
    return where
