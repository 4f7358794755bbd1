"""The ``kgraph`` command line: the Typer app, its commands (one module per group, each
registered here in one line), signals and exit codes.

Heavy modules (networkx, yaml, the queries) are imported inside the commands so that
``kgraph --help`` stays fast.
"""

from __future__ import annotations

import os
import signal
import sys
from typing import Annotated

import typer

from kgraph.cli import ask, check, edit, export, project, query, review, view
from kgraph.cli.cache import cache_app

app = typer.Typer(
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


@app.callback()
def _main(
    version: Annotated[bool, typer.Option(
        "--version", "-V", help="Print kgraph's version and exit.", callback=_version,
        is_eager=True)] = False,
) -> None:
    """Build, validate, query and export evidence-backed knowledge graphs of who-did-what
    networks from hand-curated YAML."""


app.command("validate")(check.validate)
app.command("stats")(check.stats)
app.command("search")(query.search)
app.command("show")(query.show)
app.command("neighbours")(query.neighbours)
app.command("neighbors", hidden=True)(query.neighbours)
app.command("path")(query.path)
app.command("lineage")(query.lineage)
app.command("timeline")(query.timeline)
app.command("ask")(ask.ask)
app.command("export")(export.export)
app.command("view")(view.view)
app.command("render")(view.render)
app.add_typer(cache_app, name="cache")
app.command("init")(project.init)
app.command("schema")(project.schema)
app.add_typer(edit.add_app, name="add")
app.add_typer(edit.sources_app, name="sources")
app.add_typer(edit.quote_app, name="quote")
app.command("fmt")(edit.fmt)
app.command("suggest")(review.suggest)
app.command("dedupe")(review.dedupe)
app.command("diff")(review.diff)
# @@register@@

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


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point."""
    _install_signal_handlers()
    for stream in (sys.stdout, sys.stderr):  # an ASCII-only locale shows \\u escapes
        try:
            stream.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]
        except (AttributeError, ValueError):
            pass
    try:
        app(args=argv, prog_name="kgraph")
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
