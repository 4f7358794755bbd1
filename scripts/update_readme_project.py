"""Re-run the README's "start your own investigation" transcript (its ```shell-session
block) in a new folder, as a user types it, and write the real output under each command.

    python scripts/update_readme_project.py          # rewrite README.md
    python scripts/update_readme_project.py --check  # exit 1 if README.md is out of date

The session starts in an empty folder whose ``~/Downloads`` holds
docs/examples/harbour-ruling.txt; ``cd`` changes the folder of the next commands; every
other line runs with ``sh -c`` (kgraph as ``python -m kgraph``), its standard output and
error together, as a terminal shows them (100 columns, piped: plain text).
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
BLOCK = re.compile(r"(```shell-session\n)(.*?)(```)", re.DOTALL)
DOCUMENT = ROOT / "docs" / "examples" / "harbour-ruling.txt"


def transcript(commands: list[str]) -> str:
    """Each command followed by what it printed."""
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "home"
        (home / "Downloads").mkdir(parents=True)
        shutil.copy(DOCUMENT, home / "Downloads" / DOCUMENT.name)
        cwd = home / "work"
        cwd.mkdir()
        env = {**os.environ, "HOME": str(home), "COLUMNS": "100",
               "KGRAPH_CACHE_DIR": str(Path(tmp) / "cache"),
               "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
        env.pop("KGRAPH_DATA", None)
        out: list[str] = []
        for command in commands:
            out.append(f"$ {command}")
            if command.startswith("cd "):
                cwd = cwd / shlex.split(command)[1]
                continue
            line = re.sub(r"^kgraph\b", shlex.quote(sys.executable) + " -m kgraph", command)
            done = subprocess.run(["sh", "-c", line + " 2>&1"], cwd=cwd, env=env,
                                  capture_output=True, text=True, timeout=120, check=False)
            out.extend(x.rstrip() for x in done.stdout.rstrip("\n").splitlines())
        return "\n".join(out) + "\n"


def updated(text: str) -> str:
    def render(m: re.Match[str]) -> str:
        commands = [line[2:] for line in m.group(2).splitlines() if line.startswith("$ ")]
        return m.group(1) + transcript(commands) + m.group(3)

    return BLOCK.sub(render, text)


def main() -> None:
    text = README.read_text(encoding="utf-8")
    new = updated(text)
    if "--check" in sys.argv:
        sys.exit(0 if new == text else 1)
    README.write_text(new, encoding="utf-8")


if __name__ == "__main__":
    main()
