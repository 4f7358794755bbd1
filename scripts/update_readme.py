"""Re-run every `$ kgraph ...` command in README.md's console blocks and write its real
output under it (plain text, 100 columns, as a pipe gets it).

    python scripts/update_readme.py          # rewrite README.md
    python scripts/update_readme.py --check  # exit 1 if README.md is out of date
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
BLOCK = re.compile(r"```console\n(.*?)```", re.DOTALL)


def run(command: str, cache: str) -> str:
    line = f"{sys.executable} -m kgraph" + command[len("kgraph"):]
    env = {**os.environ, "COLUMNS": "100", "KGRAPH_CACHE_DIR": cache}
    result = subprocess.run(["sh", "-c", line + " 2>&1"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120, check=False)
    return result.stdout


def render(block: str, cache: str) -> str:
    lines = block.splitlines()
    if not any(line.startswith("$ kgraph ") for line in lines):
        return block  # commands to copy, not a transcript
    out: list[str] = []
    for line in lines:
        if line.startswith("$ kgraph "):
            if out:
                out.append("")
            out.append(line)
            out.extend(x.rstrip() for x in run(line[2:], cache).rstrip("\n").splitlines())
    return "\n".join(out) + "\n"


def updated(text: str) -> str:
    with tempfile.TemporaryDirectory() as cache:
        return BLOCK.sub(lambda m: "```console\n" + render(m.group(1), cache) + "```", text)


def main() -> None:
    text = README.read_text(encoding="utf-8")
    new = updated(text)
    if "--check" in sys.argv:
        sys.exit(0 if new == text else 1)
    README.write_text(new, encoding="utf-8")


if __name__ == "__main__":
    main()
