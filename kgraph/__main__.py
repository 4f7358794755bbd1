"""``python -m kgraph`` and the ``kgraph`` command.

The command line's libraries take a moment to load: a Ctrl-C then ends as quietly as
one while a command runs (exit 130), not with a traceback.
"""

from __future__ import annotations

import sys


def main() -> None:
    try:
        from kgraph.cli import main as run
    except KeyboardInterrupt:
        sys.stderr.write("\nkgraph: interrupted\n")
        sys.exit(130)
    run()


if __name__ == "__main__":
    main()
