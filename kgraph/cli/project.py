"""``kgraph init`` (a new investigation) and ``kgraph schema`` (its types, as a table, as
JSON, or as a JSON Schema for editors)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from kgraph.cli import console
from kgraph.cli.options import DataOpt, JsonOpt, fail, handled

if TYPE_CHECKING:
    from kgraph.schema import Schema


def init(
    folder: Annotated[Path, typer.Argument(metavar="[DIR]", help="Where (made if missing).",
                                           file_okay=False)] = Path("."),
    name: Annotated[Optional[str], typer.Option(  # noqa: UP045
        "--name", metavar="TEXT", help="The investigation's name. Default: the folder's.")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Start an investigation: a kgraph.toml, a schema extending kgraph's, empty entity,
    relation and source files with commented examples, a sources/ folder for the
    documents, a .gitignore and a README. Never overwrites a file.

    Example: kgraph init cartel-finances && cd cartel-finances && kgraph validate
    """
    import os

    from kgraph.scaffold import init_project

    with handled():
        written = init_project(folder, name)
    shown = [os.path.relpath(p, folder) for p in written]
    if as_json:
        console.print_json({"folder": str(folder), "files": shown})
        return
    for rel in shown:
        where = rel if str(folder) == "." else str(Path(folder, rel))
        sys.stdout.write(console.safe(f"created {where}") + "\n")
    here = "" if str(folder) == "." else f"cd {folder} && "
    console.err().print(console.safe(
        f"next: {here}kgraph sources add DOCUMENT, then kgraph suggest sources/DOCUMENT "
        "(see README.md)"), markup=False, soft_wrap=True)


def schema(
    data: DataOpt = None,
    json_schema: Annotated[bool, typer.Option(
        "--json-schema", help="Write a JSON Schema of the data files (for editors: VS "
        "Code's YAML extension completes and checks types and fields with it).")] = False,
    output: Annotated[Optional[str], typer.Option(  # noqa: UP045
        "--output", "-o", metavar="PATH", help="With --json-schema: where to write it "
        "('-' or nothing: standard output).")] = None,
    as_json: JsonOpt = False,
) -> None:
    """The entity and relation types the data may use (kgraph's own and the project's).

    Example: kgraph schema --json-schema -o kgraph.schema.json
    """
    import json

    from kgraph.api import open_dataset
    from kgraph.cli.options import note_dataset

    if output is not None and not json_schema:
        raise fail("--output goes with --json-schema")
    with handled():
        ds = open_dataset(data)
        note_dataset(data)
        if json_schema:
            from kgraph.json_schema import json_schema as generate

            text = json.dumps(generate(ds.schema), ensure_ascii=False, indent=2) + "\n"
            if output in (None, "-"):
                sys.stdout.write(text)
            else:
                from kgraph.atomic import atomic_write
                from kgraph.cli.export import protected_paths

                with atomic_write(output, protect=protected_paths(data)) as fh:
                    fh.write(text)
                console.err().print(console.safe(f"wrote {output}"), markup=False)
            return
    if as_json:
        console.print_json(ds.schema.to_dict())
        return
    _tables(ds.schema)


def _tables(types: Schema) -> None:
    """The entity types, then the relation types, as tables."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    def row(*cells: str) -> list[Text]:
        return [Text(console.safe(c)) for c in cells]

    style = box.ROUNDED if console.is_terminal() else box.ASCII2
    entities = Table("Entity type", "Label", "Parent", "Attributes", box=style)
    for name, et in types.entity_types.items():
        entities.add_row(*row(name, et.label, et.parent or "",
                              ", ".join(f"{k} ({v})" for k, v in et.attributes.items())))
    relations = Table("Relation type", "Reads", "From", "To", box=style)
    for name, rt in types.relation_types.items():
        relations.add_row(*row(name, rt.reading, ", ".join(rt.source), ", ".join(rt.target)))
    out = console.out()
    out.print(entities)
    out.print(relations)
