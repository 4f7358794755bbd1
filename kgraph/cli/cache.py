"""``kgraph cache``: where the compiled cache lives, and emptying it."""

from __future__ import annotations

import sys

import typer

from kgraph.cli import console

cache_app = typer.Typer(help="The compiled cache.", no_args_is_help=True)


@cache_app.command("clear")
def cache_clear() -> None:
    """Delete the compiled cache."""
    from kgraph.cache import cache_dir, clear

    n = clear()
    console.out().print(console.safe(f"removed {n} cache file(s) from {cache_dir()}"),
                        markup=False)


@cache_app.command("path")
def cache_path() -> None:
    """Print where the compiled cache lives."""
    from kgraph.cache import cache_dir

    sys.stdout.write(str(cache_dir()) + "\n")
