"""The ``kgraph`` command line: a thin layer over the library that parses options, calls
one library function and renders what it returns (:mod:`kgraph.cli.commands` holds the app).

Only this package prints or exits; nothing in the library imports it.
"""

from __future__ import annotations

from kgraph.cli.commands import app, main

__all__ = ["app", "main"]
