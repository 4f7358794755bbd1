"""The ``kgraph`` command line: the Typer app, its commands (one module per group, each
registered here in one line), signals and exit codes.

Heavy modules (networkx, yaml, the queries) are imported inside the commands so that
``kgraph --help`` stays fast.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable
from typing import Annotated

import typer

from kgraph.cli import ask, check, edit, export, project, query, review, view
from kgraph.cli.cache import cache_app


def _app() -> typer.Typer:
    return typer.Typer(
        name="kgraph",
        help="Build, validate, query and export evidence-backed knowledge graphs of "
        "who-did-what networks from hand-curated YAML.",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
        context_settings={"help_option_names": ["-h", "--help"]},
    )


def _version(value: bool) -> None:
    if value:
        from kgraph import __version__

        sys.stdout.write(f"kgraph {__version__}\n")
        raise typer.Exit(0)


def _main(
    version: Annotated[bool, typer.Option(
        "--version", "-V", help="Print kgraph's version and exit.", callback=_version,
        is_eager=True)] = False,
) -> None:
    """Build, validate, query and export evidence-backed knowledge graphs of who-did-what
    networks from hand-curated YAML."""


# name -> the command (and whether --help hides it), or a group of subcommands
COMMANDS: dict[str, tuple[Callable[..., None], bool] | typer.Typer] = {
    "validate": (check.validate, False),
    "stats": (check.stats, False),
    "search": (query.search, False),
    "show": (query.show, False),
    "neighbours": (query.neighbours, False),
    "neighbors": (query.neighbours, True),
    "path": (query.path, False),
    "lineage": (query.lineage, False),
    "timeline": (query.timeline, False),
    "ask": (ask.ask, False),
    "export": (export.export, False),
    "view": (view.view, False),
    "render": (view.render, False),
    "cache": cache_app,
    "init": (project.init, False),
    "schema": (project.schema, False),
    "add": edit.add_app,
    "sources": edit.sources_app,
    "quote": edit.quote_app,
    "fmt": (edit.fmt, False),
    "suggest": (review.suggest, False),
    "dedupe": (review.dedupe, False),
    "diff": (review.diff, False),
}


def build(only: str | None = None) -> typer.Typer:
    """The command line: every command, or only ``only`` (a command line that runs one
    command need not build the others' options: a fifth of `kgraph ask`'s start-up)."""
    app = _app()
    app.callback()(_main)
    for name, entry in COMMANDS.items():
        if only is not None and name != only:
            continue
        if isinstance(entry, typer.Typer):
            app.add_typer(entry, name=name)
        else:
            command, hidden = entry
            app.command(name, hidden=hidden)(command)
    return app


app = build()

class Terminated(BaseException):
    """SIGTERM, raised like Ctrl-C's KeyboardInterrupt so that the way out removes
    temporary files and leaves previous outputs as they were."""


def _terminate(signum: int, frame: object) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # a second one must not cut the clean-up
    raise Terminated


def _install_signal_handlers() -> None:
    if hasattr(signal, "SIGPIPE"):
        # a closed pipe (kgraph ... | head) ends the program quietly
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    # kill, docker stop, systemd: end as Ctrl-C does (clean up, exit 143), unless kgraph was
    # started with SIGTERM ignored
    if signal.getsignal(signal.SIGTERM) == signal.SIG_DFL:
        signal.signal(signal.SIGTERM, _terminate)


def _leave(code: int) -> None:
    """End the process with ``code``, its output flushed, without the interpreter's
    teardown: that frees the loaded graph object by object (a fifth of `kgraph ask`'s time
    on the bundled data, more on a large graph) for a process about to end anyway. Every
    file a command writes is complete before it returns (see :mod:`kgraph.atomic`)."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # (a closed pipe: nothing more to say)
            pass
    os._exit(code)


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point."""
    _install_signal_handlers()
    for stream in (sys.stdout, sys.stderr):  # an ASCII-only locale shows \\u escapes
        try:
            stream.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]
        except (AttributeError, ValueError):
            pass
    args = sys.argv[1:] if argv is None else argv
    first = args[0] if args else ""
    try:
        (build(first) if first in COMMANDS else app)(args=args, prog_name="kgraph")
    except SystemExit as ended:
        if argv is None and (ended.code is None or isinstance(ended.code, int)):
            _leave(ended.code or 0)  # (the command is done: no teardown to wait for)
        raise
    except KeyboardInterrupt:
        sys.stderr.write("\nkgraph: interrupted\n")
        sys.exit(130)
    except Terminated:
        sys.stderr.write("kgraph: terminated\n")
        sys.exit(143)
    except BrokenPipeError:
        # stdout was closed early; don't let Python complain at exit
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(0)
    except Exception as exc:  # a fault of kgraph's own: said in a line, not a traceback
        if os.environ.get("KGRAPH_TRACEBACK"):
            raise
        sys.stderr.write(f"kgraph: internal error: {type(exc).__name__}: {exc}\n"
                         "This is a fault in kgraph, not in your data or command. Please "
                         "report it with the command you ran (KGRAPH_TRACEBACK=1 shows where "
                         "it happened).\n")
        sys.exit(70)
