"""`kgraph view`: the page as generated (structure, embedded data, escaping) and the CLI.

What the page does in a browser is tested in test_view_browser.py.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from kgraph.api import load_graph
from kgraph.cli import app, console
from kgraph.errors import UsageError
from kgraph.select import Selection, entity_types
from kgraph.select import select as choose
from kgraph.view.html import VENDOR_SCRIPTS, build_view, script_json, to_html, view_data

FIXTURE = Path(__file__).parent / "fixtures" / "view"
VENDOR = Path(__file__).parent.parent / "kgraph" / "view" / "vendor"
HOSTILE = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def kg():
    return load_graph([FIXTURE])


@pytest.fixture(scope="module")
def bundled():
    return load_graph()


class Page(HTMLParser):
    """The tags of a page, and the text of each script element."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._in_script: dict[str, str | None] | None = None
        self._buf: list[str] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._in_script = dict(attrs)
            self._buf = []

    def handle_data(self, data):
        if self._in_script is not None:
            self._buf.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._in_script is not None:
            self.scripts.append((self._in_script, "".join(self._buf)))
            self._in_script = None


def data_of(page_text: str) -> dict:
    page = Page(page_text)
    blocks = [text for attrs, text in page.scripts if attrs.get("type") == "application/json"]
    assert len(blocks) == 1
    return json.loads(blocks[0])


# ---------------------------------------------------------------------------------------
# the embedded data


def test_script_json_escapes_everything_that_could_end_the_block():
    value = {"a": "</script><!-- & \u2028 \u2029 <b>", "n": [1, 2.5, None, True]}
    text = script_json(value)
    for bad in ("<", ">", "&", "\u2028", "\u2029"):
        assert bad not in text
    assert json.loads(text) == value


def test_data_round_trips_and_matches_the_graph(kg):
    page = build_view(kg)
    data = data_of(page)
    assert data == json.loads(json.dumps(view_data(kg, kg.graph, title="Knowledge graph",
                                                   types=[])))
    g = kg.graph
    assert {n["id"] for n in data["nodes"]} == set(g.nodes)
    assert len(data["edges"]) == g.number_of_edges()
    assert sorted((e["source"], e["target"], e["type"]) for e in data["edges"]) == sorted(
        (u, v, a["type"]) for u, v, a in g.edges(data=True))
    by_id = {n["id"]: n for n in data["nodes"]}
    for node, attrs in g.nodes(data=True):
        rec = by_id[node]
        assert rec["name"] == attrs["name"]
        assert rec["aliases"] == attrs["aliases"]
        assert rec["degree"] == g.degree(node)
        assert rec["evidence"] == attrs["evidence"]
        for key in ("date", "start", "end"):
            assert rec.get(key) == attrs.get(key)
    # every cited source is there with its title; nothing else is
    cited = {ev["source"] for x in data["nodes"] + data["edges"] for ev in x["evidence"]}
    assert set(data["sources"]) == cited
    for sid, src in data["sources"].items():
        assert src["title"] == kg.sources[sid]["title"]
    # the legend's counts are the graph's
    counts = {t["name"]: t["count"] for t in data["entity_types"]}
    assert sum(counts.values()) == g.number_of_nodes()
    assert counts["summit"] == sum(1 for _, a in g.nodes(data=True) if a["type"] == "summit")
    # each type its own (colour, shape), colours from the colour-blind-safe palette
    from kgraph.view.palette import COLOURS, SHAPES, SHARED

    looks = [(t["color"], t["shape"]) for t in data["entity_types"]]
    assert len(set(looks)) == len(looks)
    assert all(c in (*COLOURS, SHARED) and s in SHAPES for c, s in looks)


def test_attributes_and_dates_reach_the_card_data(kg):
    data = view_data(kg)
    by_id = {n["id"]: n for n in data["nodes"]}
    # (every entity's claim status is an attribute the card shows)
    assert by_id["ms13"]["attributes"] == [["claim", "stated"], ["members_us", 10000]]
    assert by_id["nestor"]["attributes"] == [["claim", "stated"],
                                             ["role", "Attorney General of Colombia"]]
    assert by_id["tco-wg"]["date"] == "2018-06"
    assert "date" not in by_id["usa"]
    readings = {r["name"]: r["reading"] for r in data["relation_types"]}
    assert readings["attended"] == kg.schema.relation_types["attended"].reading


def test_bundled_data_is_all_there(bundled):
    data = data_of(build_view(bundled))
    assert len(data["nodes"]) == bundled.graph.number_of_nodes()
    assert len(data["edges"]) == bundled.graph.number_of_edges()
    assert data["meta"]["graph_entities"] == bundled.graph.number_of_nodes()


# ---------------------------------------------------------------------------------------
# the page


def test_page_is_one_self_contained_file(kg):
    text = build_view(kg)
    page = Page(text)
    assert text.startswith("<!DOCTYPE html>")
    # three scripts: the data, the vendored library, the page's own; none loaded from a URL
    kinds = [attrs.get("type") for attrs, _ in page.scripts]
    assert kinds == ["application/json", None, None]
    for tag, attrs in page.tags:
        assert "src" not in attrs, tag
        if tag == "link":
            pytest.fail(f"the page links to an outside resource: {attrs}")
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", text)
    assert "@import" not in text and "url(" not in text.split("<script", 1)[0]
    # every vendored library is inlined verbatim, with its copyright notice
    library = page.scripts[1][1]
    for name in VENDOR_SCRIPTS:
        assert (VENDOR / name).read_text(encoding="utf-8") in library


def test_content_security_policy_allows_only_the_inline_scripts(kg):
    text = build_view(kg)
    page = Page(text)
    metas = [a for t, a in page.tags if t == "meta" and a.get("http-equiv") ==
             "Content-Security-Policy"]
    assert len(metas) == 1
    csp = metas[0]["content"] or ""
    assert "default-src 'none'" in csp
    allowed = set(re.findall(r"'sha256-([A-Za-z0-9+/=]+)'", csp))
    executable = [body for attrs, body in page.scripts if attrs.get("type") is None]
    assert len(executable) == 2
    for body in executable:
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert digest in allowed
    assert "unsafe-inline" not in csp.split("script-src", 1)[1].split(";", 1)[0]
    assert "unsafe-eval" not in csp


def test_page_script_never_parses_data_as_markup():
    code = (Path(__file__).parent.parent / "kgraph" / "view" / "assets" / "view.js").read_text()
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(",
                 "new Function", "setAttribute('href"):
        assert sink not in code, sink
    assert "textContent" in code


def test_hostile_names_never_appear_raw(kg):
    for center in (None, "hostile", "quotey"):
        text = build_view(kg, center, 3)
        for raw in (HOSTILE, "</script><script>alert(3)</script>", "<img src=x",
                    "</script><b>bold</b>", 'alert("source")'):
            assert raw not in text, (center, raw)
        # ... but they are in the data, intact
        data = data_of(text)
        names = {n["name"] for n in data["nodes"]}
        assert HOSTILE in names
    page = Page(build_view(kg, "hostile", 1))
    title = [t for t, _ in page.tags if t == "title"]
    assert title == ["title"]
    assert "&lt;script&gt;" in build_view(kg, "hostile", 1).split("</title>")[0]


def test_a_vendored_file_that_could_end_its_script_element_is_refused(monkeypatch):
    from kgraph.view import html as view_html

    real = view_html._asset
    monkeypatch.setattr(view_html, "_asset", lambda name: "var x = '</SCRIPT>';"
                        if name.endswith("view.js") else real(name))
    with pytest.raises(ValueError, match="cannot be inlined"):
        to_html({"meta": {}})


def test_vendored_libraries_ship_with_their_licences():
    readme = (VENDOR / "README.md").read_text(encoding="utf-8")
    for name in VENDOR_SCRIPTS:
        assert (VENDOR / name).is_file()
        stem = name.removesuffix(".js").removesuffix(".min")
        licence = VENDOR / f"{stem}.LICENSE"
        assert "Permission is hereby granted, free of charge" in licence.read_text("utf-8")
        assert f"`{name}`" in readme
    for package, version in (("cytoscape", "3.34.4"), ("cytoscape-fcose", "2.2.0"),
                             ("cose-base", "2.2.0"), ("layout-base", "2.0.1")):
        assert re.search(rf"\| {re.escape(package)} \| {re.escape(version)} \| MIT \|", readme)


# ---------------------------------------------------------------------------------------
# what is selected


def select(kg, center=None, depth=None, types=()):
    return choose(kg, Selection(around=center, depth=depth, types=tuple(types))).kg.graph


def test_neighbourhood_is_every_entity_within_depth(kg):
    undirected = nx.Graph(kg.graph.to_undirected())
    for center in ("summit-2017", "ms13", "hostile"):
        for depth in (1, 2, 3):
            sub = select(kg, center, depth)
            lengths = nx.single_source_shortest_path_length(undirected, center, cutoff=depth)
            assert set(sub.nodes) == set(lengths)
            # every relation among them is kept
            assert sub.number_of_edges() == kg.graph.subgraph(lengths).number_of_edges()


def test_type_filter_includes_subtypes(kg):
    assert set(select(kg, types=["place"]).nodes) == {"washington"}  # a city is a place
    assert set(select(kg, types=entity_types(kg, ["countries", "Person"])).nodes) == {
        "usa", "colombia", "nestor", "hostile"}
    # with a centre, the walk goes through the given types only; the centre stays
    assert set(select(kg, "summit-2017", 3, ["person"]).nodes) == {
        "summit-2017", "nestor", "hostile"}


def test_bad_selections_are_usage_errors(kg):
    with pytest.raises(UsageError, match="did you mean 'person'"):
        entity_types(kg, ["persn"])
    with pytest.raises(UsageError):
        select(kg, "summit-2017", -1)
    with pytest.raises(UsageError, match="--depth needs --around"):
        select(kg, None, 2)
    with pytest.raises(UsageError):
        select(kg, "no-such-entity", 1)


# ---------------------------------------------------------------------------------------
# the command


def run(*args: str):
    console.reset()
    result = CliRunner().invoke(app, list(args))
    console.reset()
    return result


def test_view_command_writes_the_page(tmp_path, kg):
    out = tmp_path / "graph.html"
    result = run("view", "-d", str(FIXTURE), "-o", str(out))
    assert result.exit_code == 0, result.output
    data = data_of(out.read_text(encoding="utf-8"))
    assert len(data["nodes"]) == kg.graph.number_of_nodes()
    assert f"wrote {out}" in result.stderr
    assert result.stdout == ""


def test_view_command_resolves_names_accent_insensitively(tmp_path, kg):
    out = tmp_path / "n.html"
    result = run("view", "nestor humberto martinez neira", "--depth", "1", "-t", "summit",
                 "-d", str(FIXTURE), "-o", str(out))
    assert result.exit_code == 0, result.output
    data = data_of(out.read_text(encoding="utf-8"))
    assert data["meta"]["center"] == "nestor"
    assert data["meta"]["types"] == ["summit"]
    assert {n["id"] for n in data["nodes"]} == {"nestor", "summit-2017"}


@pytest.mark.parametrize(("args", "message"), [
    (["view", "nestr humberto", "-o", "x.html"], "unknown entity 'nestr humberto'"),
    (["view", "-o", "x.svg"], "must end in .html"),
    (["view", "--depth", "2", "-o", "x.html"], "--depth needs --around ENTITY"),
    (["view", "nestor", "-t", "persn", "-o", "x.html"], "did you mean 'person'"),
])
def test_view_usage_errors(tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    result = run(*args, "-d", str(FIXTURE))
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("kgraph: ")
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert not list(tmp_path.iterdir())


def test_view_into_a_missing_directory_is_a_clean_error(tmp_path):
    result = run("view", "-d", str(FIXTURE), "-o", str(tmp_path / "nope" / "g.html"))
    assert result.exit_code == 1, result.output
    assert "does not exist" in result.stderr
    assert "Traceback" not in result.output


def test_view_open_hands_the_file_to_the_browser(tmp_path, monkeypatch):
    opened: list[str] = []
    monkeypatch.setattr("webbrowser.open", lambda url, *a, **k: opened.append(url) or True)
    out = tmp_path / "g.html"
    result = run("view", "-d", str(FIXTURE), "-o", str(out), "--open")
    assert result.exit_code == 0, result.output
    assert opened == [out.resolve().as_uri()]


def test_palette_keeps_every_type_apart_and_families_together():
    """Under the common colour blindnesses thirteen colours at most stay apart: the
    thirteen largest families take one each, the rarer ones share a grey and differ by
    shape, and a family (summit < meeting < event) shares a colour."""
    from kgraph.view.palette import COLOURS, SHAPES, SHARED, family, looks

    bundled = load_graph()
    counts: dict[str, int] = {}
    for _, a in bundled.graph.nodes(data=True):
        counts[a["type"]] = counts.get(a["type"], 0) + 1
    palette = looks(bundled.schema, counts)
    pairs = [(look.colour, look.shape) for look in palette.values()]
    assert len(set(pairs)) == len(pairs) == len(counts)
    families: dict[str, set[str]] = {}
    for name, look in palette.items():
        families.setdefault(family(bundled.schema, name), set()).add(look.colour)
    assert all(len(colours) == 1 for colours in families.values())
    colour = {f: next(iter(colours)) for f, colours in families.items()}
    size = {f: sum(n for t, n in counts.items() if family(bundled.schema, t) == f)
            for f in families}
    ranked = sorted(families, key=lambda f: (-size[f], f))
    common, rare = ranked[:len(COLOURS)], ranked[len(COLOURS):]
    # the bundled data has more families than colours, so both rules below are exercised
    assert len(common) == len(COLOURS) and rare
    # the most common families each have a colour of their own, by colour alone ...
    assert len({colour[f] for f in common}) == len(common)
    assert SHARED not in {colour[f] for f in common}
    # ... and the rarer ones share only among themselves
    assert {colour[f] for f in rare} == {SHARED}
    assert sum(1 for t in counts if family(bundled.schema, t) in rare) <= len(SHAPES)
    # a common family's own type is its disc
    assert all(palette[f].shape == "ellipse" for f in common if f in palette)
    # the same input, the same look
    assert looks(bundled.schema, counts) == palette
    # unrelated common types that shared a colour are apart now
    for a, b in (("agency", "criminal_organization"), ("person", "operation"),
                 ("office", "programme"), ("topic", "legal_instrument"),
                 ("document", "organization"), ("event", "policy"),
                 ("operation", "place"), ("city", "commitment")):
        assert palette[a].colour != palette[b].colour, (a, b)


def test_palette_stays_apart_for_colour_blind_readers():
    """No two of the palette's colours (the grey included) come closer than CIEDE2000
    7.5, as seen normally and under simulated protanopia, deuteranopia and tritanopia
    (Machado, Oliveira & Fernandes 2009, severity 1): as far apart as the closest pair
    of Paul Tol's own "light" scheme."""
    from itertools import combinations

    from kgraph.view.palette import COLOURS, SHARED

    simulations = {
        "normal": ((1, 0, 0), (0, 1, 0), (0, 0, 1)),
        "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216),
                       (-0.003882, -0.048116, 1.051998)),
        "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413),
                         (-0.011820, 0.042940, 0.968881)),
        "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602),
                       (0.004733, 0.691367, 0.303900)),
    }
    closest = {kind: min((_ciede2000(_lab(a, m), _lab(b, m)), a, b)
                         for a, b in combinations((*COLOURS, SHARED), 2))
               for kind, m in simulations.items()}
    assert all(d >= 7.5 for d, _, _ in closest.values()), closest
    # the measure itself, on Sharma, Wu & Dalal's (2005) test pairs
    assert _ciede2000((50, 2.6772, -79.7751), (50, 0, -82.7485)) == pytest.approx(2.0425,
                                                                                 abs=1e-4)
    assert _ciede2000((50, 2.5, 0), (73, 25, -18)) == pytest.approx(27.1492, abs=1e-4)


def _lab(colour: str, matrix) -> tuple[float, float, float]:
    """CIELAB (D65) of the sRGB ``colour`` as seen through ``matrix`` (linear RGB)."""
    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    rgb = [linear(int(colour[i:i + 2], 16) / 255) for i in (1, 3, 5)]
    seen = [min(1.0, max(0.0, sum(m * c for m, c in zip(row, rgb, strict=True))))
            for row in matrix]
    xyz = [sum(m * c for m, c in zip(row, seen, strict=True))
           for row in ((0.4124, 0.3576, 0.1805), (0.2126, 0.7152, 0.0722),
                       (0.0193, 0.1192, 0.9505))]

    def f(t: float) -> float:
        return t ** (1 / 3) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29

    fx, fy, fz = (f(v / w) for v, w in zip(xyz, (0.95047, 1.0, 1.08883), strict=True))
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def _ciede2000(lab1: tuple[float, float, float], lab2: tuple[float, float, float]) -> float:
    """The CIEDE2000 colour difference (Sharma, Wu & Dalal 2005)."""
    from math import atan2, cos, degrees, exp, hypot, radians, sin, sqrt

    (l1, a1, b1), (l2, a2, b2) = lab1, lab2
    c_mean = (hypot(a1, b1) + hypot(a2, b2)) / 2
    g = 0.5 * (1 - sqrt(c_mean ** 7 / (c_mean ** 7 + 25 ** 7)))
    a1, a2 = (1 + g) * a1, (1 + g) * a2
    c1, c2 = hypot(a1, b1), hypot(a2, b2)
    h1, h2 = degrees(atan2(b1, a1)) % 360, degrees(atan2(b2, a2)) % 360
    dh = 0.0 if c1 * c2 == 0 else (h2 - h1 + 180) % 360 - 180
    d_l, d_c = l2 - l1, c2 - c1
    d_h = 2 * sqrt(c1 * c2) * sin(radians(dh / 2))
    l_mean, c_mean = (l1 + l2) / 2, (c1 + c2) / 2
    if c1 * c2 == 0:
        h_mean = h1 + h2
    elif abs(h1 - h2) <= 180:
        h_mean = (h1 + h2) / 2
    else:
        h_mean = (h1 + h2 + 360) / 2 if h1 + h2 < 360 else (h1 + h2 - 360) / 2
    t = (1 - 0.17 * cos(radians(h_mean - 30)) + 0.24 * cos(radians(2 * h_mean))
         + 0.32 * cos(radians(3 * h_mean + 6)) - 0.20 * cos(radians(4 * h_mean - 63)))
    s_l = 1 + 0.015 * (l_mean - 50) ** 2 / sqrt(20 + (l_mean - 50) ** 2)
    s_c, s_h = 1 + 0.045 * c_mean, 1 + 0.015 * c_mean * t
    r_t = (-sin(radians(60 * exp(-(((h_mean - 275) / 25) ** 2))))
           * 2 * sqrt(c_mean ** 7 / (c_mean ** 7 + 25 ** 7)))
    return sqrt((d_l / s_l) ** 2 + (d_c / s_c) ** 2 + (d_h / s_h) ** 2
                + r_t * (d_c / s_c) * (d_h / s_h))
