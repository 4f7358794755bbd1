"""How well ``kgraph dedupe`` finds an entity entered twice: recall and precision on the
bundled data with duplicates planted in it, to set its default threshold by.

    python benchmarks/dedupe_calibration.py            # the report
    python benchmarks/dedupe_calibration.py --top 30   # precision among the top 30 pairs

It copies the bundled data (data/) to a temporary folder and adds a file, planted.yaml,
with a second record for some of its entities, each under a name a colleague might have
written for it (PLANTED: a typo in one word, a middle initial, an abbreviation, a missing
word, a reordered name, an alias used as the name, accents dropped), of the same type and
with the same source; some carry one of the original's relations (a colleague's file records
some of the same facts), the others none. Then it runs ``find_duplicates`` and prints:

* each planted pair's score, its rank among all the pairs scored, and whether it is listed
  at the default threshold (recall);
* precision among the top N pairs (N: the number planted) and at the default threshold;
* the closest false pairs (every pair that is not a planted one is taken to be false: the
  bundled data has no entity twice);
* recall and precision at a range of thresholds.

PLANTED was written before the scoring was tuned against it, and is not to be changed to
suit a scoring: add new cases at its end instead.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# (original entity's id, the duplicate's name, the kind of variant, whether the duplicate
# carries one of the original's relations)
PLANTED: list[tuple[str, str, str, bool]] = [
    ("jeff-sessions", "Jeff Sesions", "typo", False),
    ("rex-tillerson", "Rex Tilerson", "typo", True),
    ("claudia-carrasquilla", "Claudia Carasquilla", "typo", False),
    ("philip-goldberg", "Phillip Goldberg", "typo", True),
    ("guatemala", "Guatamala", "typo (one-word name)", True),
    ("caribbean", "The Carribean", "typo", False),
    ("dea", "U.S. Drug Enforcment Administration", "typo", False),
    ("john-kelly", "John F. Kelly", "middle initial", False),
    ("jared-kushner", "Jared C. Kushner", "middle initial", True),
    ("us-department-of-homeland-security", "Dept. of Homeland Security", "abbreviation",
     False),
    ("us-department-of-justice", "U.S. Dept. of Justice", "abbreviation", True),
    ("attorney-general-of-the-united-states", "Attorney General of the U.S.", "abbreviation",
     False),
    ("usao-utah", "United States Attorney's Office for the District of Utah",
     "abbreviation spelt out", True),
    ("colombian-national-police", "Colombian Police", "missing word", False),
    ("inl", "Bureau of Narcotics and Law Enforcement Affairs", "missing word", True),
    ("alberto-elias-beltran", "Alberto Beltrán", "missing word", False),
    ("trilateral-summit-2017", "Trilateral Summit Against Organized Crime", "missing word",
     True),
    ("mexico-presidential-election-2018", "Mexican presidential election", "missing word",
     False),
    ("eo-13773", "Executive Order No. 13773", "extra word", False),
    ("nestor-humberto-martinez-neira", "Martínez, Néstor", "reordered", False),
    ("michele-sison", "Sison, Michele", "reordered", True),
    # (an alias as it stands cannot be another entity's name: kgraph validate refuses it)
    ("ms-13", "La Mara Salvatrucha", "alias as name", False),
    ("mexico-city", "Cuidad de México", "alias as name, typo", True),
    ("fgr", "Fiscalia General de la Republica", "accents dropped", True),
]


def planted_copy(folder: Path) -> tuple[Path, dict[tuple[str, str], tuple[str, str]]]:
    """The bundled data in ``folder``/data with PLANTED added; the planted pairs (sorted
    ids) with the variant's name and kind."""
    import yaml

    data = Path(shutil.copytree(ROOT / "data", folder / "data"))
    entities = {e["id"]: e for e in yaml.safe_load(
        (data / "entities.yaml").read_text(encoding="utf-8"))["entities"]}
    relations = yaml.safe_load((data / "relations.yaml").read_text(encoding="utf-8"))[
        "relations"]
    new_entities: list[dict[str, Any]] = []
    new_relations: list[dict[str, Any]] = []
    pairs = {}
    for n, (original, name, kind, shares) in enumerate(PLANTED, 1):
        e = entities[original]
        pid = f"planted-{n}-{original}"
        new_entities.append({"id": pid, "type": e["type"], "name": name,
                             "source": e["source"], "quote": e["quote"]})
        pairs[tuple(sorted((original, pid)))] = (name, kind)
        if shares:
            r = next(r for r in relations if original in (r["from"], r["to"]))
            keep = ("from", "type", "to", "source", "quote")
            copy = {k: r[k] for k in keep}
            copy["from" if r["from"] == original else "to"] = pid
            new_relations.append(copy)
    (data / "planted.yaml").write_text(
        yaml.safe_dump({"entities": new_entities, "relations": new_relations},
                       allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")
    return data, pairs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--top", type=int, default=len(PLANTED),
                        help="precision among this many top pairs (default: as many as "
                        "planted)")
    parser.add_argument("--false", type=int, default=12, help="closest false pairs shown")
    args = parser.parse_args()

    from kgraph.api import load_graph
    from kgraph.dedupe import MIN_SCORE, find_duplicates

    with tempfile.TemporaryDirectory(prefix="kgraph-dedupe-") as tmp:
        data, planted = planted_copy(Path(tmp))
        kg = load_graph([data])
        at_default = find_duplicates(kg)
        everything = find_duplicates(kg, min_score=0.0)

    rank = {(p.a, p.b): (i, p) for i, p in enumerate(everything, 1)}
    listed = {(p.a, p.b) for p in at_default}
    print(f"{len(planted)} planted duplicates; default threshold {MIN_SCORE}; "
          f"{len(everything)} pairs scored, {len(at_default)} listed at the default\n")
    print(f"{'score':>6} {'rank':>5}  found  {'kind':<24} planted name ~ original id")
    for (a, b), (name, kind) in sorted(planted.items(),
                                       key=lambda kv: rank.get(kv[0], (len(rank) + 1,))[0]):
        i, pair = rank.get((a, b), (0, _NONE))
        original = a if not a.startswith("planted-") else b
        print(f"{pair.score:6.3f} {i or '-':>5}  {'yes' if (a, b) in listed else 'NO ':<5}  "
              f"{kind:<24} {name} ~ {original}")
    found = len(listed & set(planted))
    print(f"\nrecall at the default threshold ({MIN_SCORE}): {found}/{len(planted)} "
          f"= {found / len(planted):.2f}")
    top = [(p.a, p.b) for p in everything[:args.top]]
    hits = sum(1 for k in top if k in planted)
    print(f"precision among the top {args.top}: {hits}/{len(top)} = "
          f"{hits / max(len(top), 1):.2f}")
    print(f"precision at the default threshold: {found}/{len(at_default)} = "
          f"{found / max(len(at_default), 1):.2f}")

    false = [p for p in everything if (p.a, p.b) not in planted]
    print(f"\nclosest false pairs ({len([p for p in false if p.score >= MIN_SCORE])} at the "
          "default threshold):")
    for p in false[:args.false]:
        names = next(e for e in p.evidence if e["kind"] == "name")
        print(f"{p.score:6.3f} {rank[(p.a, p.b)][0]:>5}  {p.a} ~ {p.b}  "
              f"('{names['a']}' ~ '{names['b']}': {names['how']})")

    print("\nthreshold  recall  precision  false pairs listed")
    for t in [x / 100 for x in range(50, 96, 5)]:
        above = [p for p in everything if p.score >= t]
        tp = sum(1 for p in above if (p.a, p.b) in planted)
        print(f"{t:9.2f}  {tp / len(planted):6.2f}  {tp / max(len(above), 1):9.2f}  "
              f"{len(above) - tp:18d}")


class _NoPair:
    score = 0.0


_NONE: Any = _NoPair()

if __name__ == "__main__":
    main()
