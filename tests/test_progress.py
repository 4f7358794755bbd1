"""Progress bars: shown on a terminal (a real pseudo-terminal) for a large cold compile and
a large export; nothing extra when the output is piped, JSON, or the export itself."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """15 MB of YAML, 10,000 entities: above the sizes that earn a bar (and quick)."""
    from generate import generate

    out = tmp_path_factory.mktemp("big")
    generate(10_000, 50_000, out, seed=3)
    return out


def environment(cache: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("NO_COLOR", "FORCE_COLOR", "TERM", "COLUMNS", "LINES", "CI")}
    env.update(KGRAPH_CACHE_DIR=str(cache), TERM="xterm-256color", COLUMNS="100", LINES="30")
    return env


def on_terminal(args: list[str], env: dict[str, str], cwd: Path) -> tuple[int, str]:
    """Run kgraph with stdin, stdout and stderr on a pseudo-terminal; what it drew."""
    leader, follower = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "kgraph", *args], stdin=follower,
                            stdout=follower, stderr=follower, env=env, cwd=cwd,
                            close_fds=True)
    os.close(follower)
    screen = b""
    while True:
        try:
            chunk = os.read(leader, 1 << 16)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        screen += chunk
    os.close(leader)
    return proc.wait(timeout=300), screen.decode("utf-8", "replace")


def piped(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kgraph", *args], capture_output=True,
                          text=True, env=env, cwd=cwd, timeout=300, check=False)


def test_a_cold_compile_draws_a_bar_on_a_terminal_only(big: Path, tmp_path: Path) -> None:
    code, screen = on_terminal(["validate", "--data", str(big)],
                               environment(tmp_path / "c1"), tmp_path)
    assert code == 0, screen
    assert "Reading YAML" in screen and "%" in screen
    assert "50000 relations" in screen.replace(",", "")

    done = piped(["validate", "--data", str(big)], environment(tmp_path / "c2"), tmp_path)
    assert done.returncode == 0
    assert "Reading YAML" not in done.stdout + done.stderr
    assert "\x1b" not in done.stdout + done.stderr  # no terminal codes at all

    as_json = piped(["validate", "--json", "--data", str(big)],
                    environment(tmp_path / "c3"), tmp_path)
    assert as_json.returncode == 0 and as_json.stderr == ""
    assert as_json.stdout.lstrip().startswith("{")


def test_a_big_export_draws_a_bar_on_a_terminal_only(big: Path, tmp_path: Path) -> None:
    env = environment(tmp_path / "cache")
    assert piped(["validate", "--data", str(big)], env, tmp_path).returncode == 0  # warm

    code, screen = on_terminal(["export", "graphml", "-o", "g.graphml", "--data", str(big)],
                               env, tmp_path)
    assert code == 0, screen
    assert "Reading the graph" in screen and "Writing graphml" in screen
    assert "kgraph: wrote 10000 entities" in screen.replace(",", "")

    code, screen = on_terminal(["export", "csv", "-o", "g.zip", "--data", str(big)],
                               env, tmp_path)
    assert code == 0, screen
    assert "Writing csv" in screen and "Compressing" in screen

    done = piped(["export", "graphml", "-o", "p.graphml", "--data", str(big)], env, tmp_path)
    assert done.returncode == 0
    assert done.stderr.startswith("kgraph: wrote 10000 entities"), done.stderr
    assert done.stderr.count("\n") == 1
    assert (tmp_path / "p.graphml").read_bytes() == (tmp_path / "g.graphml").read_bytes()


def test_no_bar_over_an_export_to_the_terminal_itself(big: Path, tmp_path: Path) -> None:
    env = environment(tmp_path / "cache")
    assert piped(["validate", "--data", str(big)], env, tmp_path).returncode == 0
    code, screen = on_terminal(["export", "json", "-o", "-", "--around", "Colombia",
                                "--data", str(big)], env, tmp_path)
    assert code == 0, screen[-2000:]
    assert "Writing json" not in screen and "Reading the graph" not in screen
    assert '"nodes"' in screen
