"""``kgraph init``: the files of a new investigation — a project file, a schema that
extends the bundled one, empty entity, relation and source files with commented
examples, a folder for the source documents, a ``.gitignore`` and a README to fill in.

Nothing existing is overwritten: if any of the files is there already, nothing is written.
"""

from __future__ import annotations

import re
from contextlib import suppress
from pathlib import Path

from kgraph.errors import UsageError
from kgraph.project import PROJECT_FILE

PROJECT_TOML = '''\
# A kgraph project. Every kgraph command run in this folder or below it uses this
# investigation's data (as git finds its repository); --data and KGRAPH_DATA still win.
[project]
name = {name}
# folders (or single files) of YAML: entities, relations, sources, and the schema
data = ["data"]
# the source documents; `kgraph validate` checks every quote against them
sources = "sources"
'''

SCHEMA = '''\
# The types of this investigation. `extends: bundled` keeps every entity and relation
# type of kgraph's own schema (list them with `kgraph schema`) and adds the ones declared
# here; a type declared here with the name of a bundled type replaces it.
extends: bundled

# Your own types: replace {} with declarations like the commented ones.
entity_types: {}
#  vessel:
#    label: Vessel
#    plural: vessels
#    attributes: {flag: string, imo: string}

relation_types: {}
#  owned:
#    source: [person, organization, criminal_organization]
#    target: [vessel]
#    reading: owned
#    inverse_reading: was owned by
#    synonyms: [owns, owner of]
'''

ENTITIES = '''\
# The people, organisations, places, events and documents of this investigation, each
# with the source that names it and its words, verbatim. Add one with
#   kgraph add entity person "Jane Doe" --source SOURCE-ID --quote "the words"
# or by hand, like this:
#
#  - id: jane-doe                    # unique; letters, digits and '-'
#    type: person                    # a type of the schema (kgraph schema)
#    name: Jane Doe
#    aliases: [J. Doe]
#    description: Prosecutor in the case.
#    source: SOURCE-ID               # a source of sources.yaml ...
#    quote: "Jane Doe, the prosecutor"   # ... and its words, verbatim
entities: []
'''

RELATIONS = '''\
# Who did what: typed links between entities, each with its evidence. Add one with
#   kgraph add relation "Jane Doe" "met with" "John Roe" --source SOURCE-ID --quote "..."
# or by hand, like this:
#
#  - from: jane-doe
#    type: met_with                  # a relation type of the schema (kgraph schema)
#    to: john-roe
#    date: "2024-03"                 # optional: YYYY, YYYY-MM or YYYY-MM-DD
#    source: SOURCE-ID
#    quote: "Jane Doe met John Roe in March"
relations: []
'''

SOURCES = '''\
# The documents this investigation rests on, each described once; the files themselves
# live in the sources folder. Register one with
#   kgraph sources add path/to/document.txt
# which copies it into the sources folder and records its title, date and checksum.
#
#  - id: court-ruling-2024
#    title: Ruling of the district court
#    publisher: District Court
#    date: "2024-03-01"
#    file: court-ruling-2024.txt     # in the sources folder
sources: []
'''

SOURCES_README = '''\
The source documents of this investigation (plain text or Markdown). Register each one
with `kgraph sources add FILE`; `kgraph validate` checks every quote against them.
'''

GITIGNORE = '''\
# kgraph: the previous version of a data file, kept by kgraph add / sources add / fmt
*.yaml.bak
*.yml.bak
# exports and views written inside the project
/out/
'''

README = '''\
# {title}

A kgraph investigation: entities, relations and their sources, each relation backed by
the words of a document.

| where | what |
| --- | --- |
| `kgraph.toml` | the project: where the data and the documents are |
| `data/schema.yaml` | the types: kgraph's own, plus this investigation's |
| `data/sources.yaml` | the documents, each described once |
| `data/entities.yaml` | who and what |
| `data/relations.yaml` | who did what, with the words of a source |
| `sources/` | the documents themselves |

Working on it (from this folder or any folder below it):

```console
kgraph sources add ~/Downloads/report.txt       # register a document
kgraph suggest sources/report.txt               # what it mentions: entities and relations to review
kgraph quote find report "the words i remember" # the document's exact words
kgraph add entity person "Jane Doe" --source report --quote "Jane Doe"
kgraph add relation "Jane Doe" "met with" "John Roe" --source report --quote "..."
kgraph validate                                 # every problem, quotes checked against sources/
kgraph diff HEAD                                # what changed since the last commit
```
'''


def files_for(name: str) -> dict[str, str]:
    """The files of a new project, by path relative to its folder."""
    return {
        PROJECT_FILE: PROJECT_TOML.format(name=_toml_string(name)),
        "data/schema.yaml": SCHEMA,
        "data/sources.yaml": SOURCES,
        "data/entities.yaml": ENTITIES,
        "data/relations.yaml": RELATIONS,
        "sources/README.md": SOURCES_README,
        ".gitignore": GITIGNORE,
        "README.md": README.format(title=name),
    }


def _toml_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + re.sub(r"[\x00-\x1f\x7f]", " ", escaped) + '"'


def init_project(folder: Path, name: str | None = None) -> list[Path]:
    """Create a project in ``folder`` (made if missing); return the files written."""
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"'{folder}' exists and is not a folder")
    title = name or folder.resolve().name or "investigation"
    files = files_for(title)
    existing = [rel for rel in files if (folder / rel).exists()]
    if existing:
        raise UsageError(f"'{folder}' has {', '.join(existing)} already; nothing was written "
                         "(kgraph init never overwrites a file)")
    from kgraph.atomic import atomic_write
    from kgraph.errors import OutputError

    made_dirs: list[Path] = []
    written: list[Path] = []
    try:
        for rel, text in files.items():
            path = folder / rel
            for parent in reversed(path.parents):
                if not parent.exists():
                    try:
                        parent.mkdir()
                    except OSError as exc:
                        raise OutputError(f"cannot create folder '{parent}': "
                                          f"{exc.strerror}") from None
                    made_dirs.append(parent)
            with atomic_write(path) as fh:
                fh.write(text)
            written.append(path)
    except BaseException:
        for path in written:
            with suppress(OSError):
                path.unlink()
        for parent in reversed(made_dirs):
            with suppress(OSError):
                parent.rmdir()
        raise
    return written
