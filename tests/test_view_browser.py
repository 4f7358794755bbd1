"""`kgraph view` in a real browser: Debian's headless Chromium, driven by Playwright.

One browser per module; each test opens the generated file from disk in a fresh page and
records console errors, uncaught exceptions, network requests and dialogs. The tests use
the page as a person would (typing, clicking on the canvas, ticking boxes, the keyboard)
and read its state through the small read-only ``window.kgraphView`` object.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from kgraph.api import load_graph
from kgraph.view.html import build_view

FIXTURE = Path(__file__).parent / "fixtures" / "view"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
HOSTILE = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} is missing: run scripts/test-deps.sh "
                    "(apt-get install chromium) to run the browser tests")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("the 'playwright' Python package is missing: pip install -e '.[test]'")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def kg():
    return load_graph([FIXTURE])


@pytest.fixture(scope="module")
def pages(tmp_path_factory, kg) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("view")
    out = {}
    for name, page in (("fixture", build_view(kg)),
                       ("hostile", build_view(kg, "hostile", 3)),
                       ("bundled", build_view(load_graph()))):
        path = d / f"{name}.html"
        path.write_text(page, encoding="utf-8")
        out[name] = path
    return out


@dataclass
class Log:
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


def opener(browser, width: int, height: int):
    """A fixture body: open generated pages at this size, recording console errors,
    uncaught exceptions, requests and dialogs; close them all at the end."""
    opened = []

    def _open(path: Path) -> tuple[Any, Log]:
        page = browser.new_page(viewport={"width": width, "height": height})
        page.set_default_timeout(5000)
        opened.append(page)
        log = Log()
        page.on("console", lambda m: log.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: log.errors.append(f"uncaught: {e}"))
        page.on("request", lambda r: log.requests.append(r.url))

        def on_dialog(d):
            log.dialogs.append(d.message)
            d.dismiss()

        page.on("dialog", on_dialog)
        page.goto(path.as_uri())
        page.wait_for_function("window.kgraphView && window.kgraphView.isReady()",
                               timeout=20000)
        return page, log

    yield _open
    for page in opened:
        page.close()


@pytest.fixture
def open_page(browser):
    yield from opener(browser, 1280, 800)


def api(page, call: str) -> Any:
    return page.evaluate(f"window.kgraphView.{call}")


def click_node(page, node_id: str, shift: bool = False) -> None:
    point = api(page, f"pagePoint({node_id!r})")
    assert point is not None, node_id
    if shift:
        page.keyboard.down("Shift")
    page.mouse.click(point["x"], point["y"])
    if shift:
        page.keyboard.up("Shift")


def card_text(page) -> str:
    return page.locator("#card").inner_text()


# ---------------------------------------------------------------------------------------


def test_bundled_graph_loads_offline_with_every_entity(open_page, pages):
    page, log = open_page(pages["bundled"])
    g = load_graph().graph
    assert api(page, "nodeCount()") == g.number_of_nodes()
    assert api(page, "edgeCount()") == g.number_of_edges()
    assert api(page, "visibleNodeCount()") == g.number_of_nodes()
    assert log.errors == []
    assert log.requests == [pages["bundled"].as_uri()]
    assert page.locator("#counts").inner_text().startswith(f"{g.number_of_nodes()} entities")
    # the legend lists each type present, with its count
    legend = page.locator("#legend li")
    assert legend.count() == len({a["type"] for _, a in g.nodes(data=True)})


def test_search_by_alias_without_accents_then_card_shows_evidence(open_page, pages, kg):
    page, log = open_page(pages["fixture"])
    # every entity and relation is drawn (ids of entities and relations never clash)
    assert api(page, "nodeCount()") == kg.graph.number_of_nodes()
    assert api(page, "edgeCount()") == kg.graph.number_of_edges()
    page.keyboard.press("/")  # focuses the search box
    page.keyboard.type("martinez")
    first = page.locator("#results li").first
    assert first.locator(".r-name").inner_text() == "Néstor Humberto Martínez Neira"
    page.keyboard.press("Enter")
    assert api(page, "selected()") == "nestor"
    assert page.locator("#card h2").inner_text() == "Néstor Humberto Martínez Neira"
    text = card_text(page)
    # the entity's own evidence, emphasis shown as bold (the ** are not printed)
    assert "the Attorney General of Colombia, Néstor Humberto Martínez Neira" in text
    assert page.locator("#card blockquote strong").first.inner_text() == \
        "Néstor Humberto Martínez Neira"
    # each relation, with its source's title and quote
    assert "Martínez Neira attended the summit" in text
    assert "Leaders meet at the Trilateral Summit" in text
    assert "Attorney General of Colombia" in page.locator("#card dl").inner_text()
    assert log.errors == []


def test_clicking_a_node_shows_its_card(open_page, pages):
    page, log = open_page(pages["fixture"])
    click_node(page, "ms13")
    assert api(page, "selected()") == "ms13"
    assert page.locator("#card h2").inner_text() == "MS-13"
    assert "ms13" in api(page, "labelledIds()")  # the chosen entity's name is drawn
    text = card_text(page)
    assert "MS-13, also known as Mara Salvatrucha" in text
    assert "Mara Salvatrucha" in page.locator("#card .aka").inner_text()
    assert "10000" in page.locator("#card dl").inner_text()
    assert "the operation targeted MS-13" in text
    # clicking a related entity on the card moves to it
    page.locator("#card button.entity-link", has_text="Operation Regional Shield").click()
    assert page.locator("#card h2").inner_text() == "Operation Regional Shield"
    assert "2019-03" in page.locator("#card .dates").inner_text()
    # a click on the background clears the card (after fitting: the corner is empty then,
    # and no zoom is under way)
    page.keyboard.press("f")
    box = page.locator("#cy").bounding_box()
    page.mouse.click(box["x"] + 3, box["y"] + box["height"] - 3)
    assert api(page, "selected()") is None
    # laying out again and fitting keep every entity on the canvas
    page.locator("#relayout").click()
    page.keyboard.press("f")
    for node in ("ms13", "usa", "hostile"):
        point = api(page, f"pagePoint({node!r})")
        assert box["x"] <= point["x"] <= box["x"] + box["width"]
        assert box["y"] <= point["y"] <= box["y"] + box["height"]
    assert log.errors == []


def test_hovering_an_edge_shows_its_reading(open_page, pages, kg):
    page, _ = open_page(pages["fixture"])
    edge_id = page.evaluate("""() => {
        const d = JSON.parse(document.getElementById('kgraph-data').textContent);
        return d.edges.find(e => e.source === 'operation-shield' && e.target === 'ms13').id;
    }""")
    point = api(page, f"pagePoint({edge_id!r})")
    page.mouse.move(point["x"], point["y"])
    tooltip = page.locator("#tooltip")
    tooltip.wait_for(state="visible")
    reading = kg.schema.relation_types["targeted"].reading
    assert tooltip.inner_text().startswith(f"Operation Regional Shield {reading} MS-13")


def test_type_and_relation_filters_hide_elements(open_page, pages, kg):
    page, log = open_page(pages["fixture"])
    g = kg.graph
    countries = {n for n, a in g.nodes(data=True) if a["type"] == "country"}
    page.locator("#legend li[data-type=country] input").click()
    assert api(page, "visibleNodeCount()") == g.number_of_nodes() - len(countries)
    for node in countries:
        assert api(page, f"isVisible({node!r})") is False
    kept = [e for e in g.edges if e[0] not in countries and e[1] not in countries]
    assert api(page, "visibleEdgeCount()") == len(kept)
    assert "of" in page.locator("#counts").inner_text()
    page.locator("#legend li[data-type=country] input").click()
    assert api(page, "visibleNodeCount()") == g.number_of_nodes()

    attended = sum(1 for *_, a in g.edges(data=True) if a["type"] == "attended")
    page.locator("#relations li[data-relation=attended] input").click()
    assert api(page, "visibleEdgeCount()") == g.number_of_edges() - attended
    assert api(page, "visibleNodeCount()") == g.number_of_nodes()
    page.locator("#types-none").click()
    assert api(page, "visibleNodeCount()") == 0
    assert page.locator("#empty").is_visible()
    page.locator("#types-all").click()
    assert api(page, "visibleNodeCount()") == g.number_of_nodes()
    assert log.errors == []


def test_time_slider_hides_what_is_dated_later(open_page, pages, kg):
    page, log = open_page(pages["fixture"])
    g = kg.graph

    def key(attrs):
        return attrs.get("date") or attrs.get("start")

    stops = sorted({key(a) for _, a in g.nodes(data=True) if key(a)}
                   | {key(a) for *_, a in g.edges(data=True) if key(a)})
    assert api(page, "timeStops()") == stops
    slider = page.locator("#time")
    slider.focus()
    page.keyboard.press("Home")  # the earliest date
    assert api(page, "timeIndex()") == 0
    assert page.locator("#time-value").inner_text() == f"up to {stops[0]}"
    later = {n for n, a in g.nodes(data=True) if key(a) and key(a) > stops[0]}
    assert later == {"tco-wg", "operation-shield"}
    expected = sorted(set(g.nodes) - later)
    assert api(page, "visibleNodeIds()") == expected  # the undated ones stay
    page.keyboard.press("ArrowRight")
    assert api(page, "isVisible('tco-wg')") is True
    assert api(page, "isVisible('operation-shield')") is False
    page.keyboard.press("End")
    assert api(page, "visibleNodeCount()") == g.number_of_nodes()
    assert log.errors == []


def test_path_between_two_entities_is_highlighted(open_page, pages, kg):
    page, log = open_page(pages["fixture"])
    undirected = nx.Graph(kg.graph.to_undirected())

    def check(a: str, b: str) -> list[str]:
        path = api(page, "path()")
        assert path[0] == a and path[-1] == b
        assert len(path) == nx.shortest_path_length(undirected, a, b) + 1
        for x, y in itertools.pairwise(path):
            assert undirected.has_edge(x, y)
        assert len(api(page, "pathEdges()")) == len(path) - 1
        steps = page.locator("#path-result li")
        assert steps.count() == len(path)
        assert steps.last.locator("button").inner_text() == kg.graph.nodes[b]["name"]
        return path

    page.locator("#path-from").select_option("nestor")
    page.locator("#path-to").select_option("ms13")
    check("nestor", "ms13")

    page.locator("#path-clear").click()
    assert api(page, "path()") == []
    click_node(page, "colombia", shift=True)
    click_node(page, "money-laundering", shift=True)
    check("colombia", "money-laundering")

    # the path follows what is visible: hiding the middle of it changes or breaks it
    page.locator("#legend li[data-type=programme] input").click()
    assert api(page, "path()") == []
    assert "No path" in page.locator("#path-result").inner_text()
    page.keyboard.press("Escape")
    assert api(page, "path()") == []
    assert log.errors == []


def test_hostile_names_render_as_text_and_run_nothing(open_page, pages):
    page, log = open_page(pages["hostile"])
    # the neighbourhood page opens on its centre's card
    assert api(page, "selected()") == "hostile"
    assert page.locator("#card h2").inner_text() == HOSTILE
    assert page.locator("#card h2").is_visible()
    assert page.locator("#title").inner_text().startswith(HOSTILE)
    assert page.title().startswith(HOSTILE)
    text = card_text(page)
    assert "\"Quoted\" O'Brien </script>" in text
    assert "<img src=x onerror=alert(2)> is not markup here." in text
    assert "</script><script>alert(3)</script>" in text
    assert "</script><script>alert(4)</script>" in text
    assert "</script><script>alert(\"source\")</script>" in text
    # nothing from the data became an element
    assert page.evaluate("document.querySelectorAll('script').length") == 3
    assert page.evaluate("document.querySelectorAll('img, b, iframe').length") == 0
    # a javascript: URL is never made a link
    hrefs = page.evaluate("[...document.querySelectorAll('a')].map(a => a.href)")
    assert all(h.startswith(("http://", "https://")) for h in hrefs)

    page.locator("#search").fill("smith sons")
    quotey = "Smith & \"Sons\" 'Ltd' &lt; \\N </script><b>bold</b>"
    result = page.locator("#results li .r-name").first
    assert result.inner_text() == quotey
    result.click()
    assert api(page, "selected()") == "quotey"
    assert page.locator("#card h2").inner_text() == quotey
    # the hostile option in the path selects is text too
    options = page.locator("#path-from option").all_inner_texts()
    assert f"{HOSTILE} (Person)" in options
    assert log.dialogs == []
    assert log.errors == []
    assert log.requests == [pages["hostile"].as_uri()]


# ---------------------------------------------------------------------------------------
# a clearer view (at the size of a laptop screen)


def overlapping(boxes: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [(a["id"], b["id"]) for a, b in itertools.combinations(boxes, 2)
            if not (a["x2"] < b["x1"] or a["x1"] > b["x2"] or a["y2"] < b["y1"]
                    or a["y1"] > b["y2"])]


@pytest.fixture
def laptop(browser):
    """Pages at 1400x900, as people see them on a laptop."""
    yield from opener(browser, 1400, 900)


def neighbours_of(node: str) -> set[str]:
    g = load_graph().graph
    return (set(g.successors(node)) | set(g.predecessors(node))) - {node}


def test_names_never_overlap_and_the_centre_is_no_hairball(laptop, pages):
    page, log = laptop(pages["bundled"])
    boxes = api(page, "labelBoxes()")
    assert overlapping(boxes) == []
    assert len(boxes) >= 40  # the layout leaves room for many names at once
    assert log.errors == []


@pytest.mark.parametrize("node", ["trilateral-summit-2017", "united-states", "opdat"])
def test_clicking_an_entity_zooms_to_it_and_names_every_neighbour(laptop, pages, node):
    page, log = laptop(pages["bundled"])
    before = api(page, "zoom()")
    click_node(page, node)
    page.wait_for_timeout(500)  # the zoom is animated
    assert api(page, "selected()") == node
    assert api(page, "zoom()") > before * 1.2
    labelled = set(api(page, "labelledIds()"))
    assert neighbours_of(node) | {node} <= labelled  # every neighbour has its name
    boxes = api(page, "labelBoxes()")
    assert overlapping(boxes) == []  # and no name covers another
    box = page.locator("#cy").bounding_box()
    for other in neighbours_of(node) | {node}:  # all of them on screen
        point = api(page, f"pagePoint({other!r})")
        assert box["x"] <= point["x"] <= box["x"] + box["width"], other
        assert box["y"] <= point["y"] <= box["y"] + box["height"], other
    assert log.errors == []


def test_type_colours_and_shapes_tell_every_type_apart(laptop, pages):
    page, _ = laptop(pages["bundled"])
    looks = page.evaluate("""() => [...document.querySelectorAll('#legend li')].map(li => {
        const s = li.querySelector('svg.swatch > *');
        return [li.dataset.type, s.getAttribute('fill'), s.tagName,
                s.getAttribute('points') || s.getAttribute('rx') || ''];
    })""")
    pairs = [(fill, tag, detail) for _, fill, tag, detail in looks]
    assert len(set(pairs)) == len(pairs) == len(looks)
    from kgraph.view.palette import COLOURS, SHARED

    assert {fill for fill, _, _ in pairs} <= {*COLOURS, SHARED}
    # the bundled data's rarest families share the grey
    assert SHARED in {fill for fill, _, _ in pairs}


def test_card_lists_who_attended_before_topics(laptop, pages):
    page, _ = laptop(pages["bundled"])
    page.keyboard.press("/")
    page.keyboard.type("Cartagena summit")
    page.keyboard.press("Enter")
    groups = page.locator("#card .rel-group").all_inner_texts()
    readings = [g.rsplit(" (", 1)[0] for g in groups]
    schema = load_graph().schema
    attended = schema.relation_types["attended"].inverse_reading
    focused = schema.relation_types["focused_on"].reading
    assert attended in readings and focused in readings
    assert readings.index(attended) < readings.index(focused)
    # groups follow the schema's order of relation types
    order = {rt.reading: i for i, rt in enumerate(schema.relation_types.values())}
    order.update({rt.inverse_reading: i for i, rt in enumerate(schema.relation_types.values())})
    ranks = [order[r] for r in readings]
    assert ranks == sorted(ranks)


def test_long_inferred_notes_are_folded(laptop, pages):
    page, _ = laptop(pages["bundled"])
    g = load_graph().graph
    node = next(n for n, a in sorted(g.nodes(data=True))
                if any(len(str(v)) > 90 for v in (a.get("inferred") or {}).values()))
    page.evaluate("document.getElementById('search').value = ''")
    click_node(page, node)
    folded = page.locator("#card details.inferred-more").first
    assert folded.count() == 1 and folded.get_attribute("open") is None
    reason = next(str(v) for v in g.nodes[node]["inferred"].values() if len(str(v)) > 90)
    summary = folded.locator("summary").inner_text()
    assert len(summary) < len(reason) and summary.endswith("\u2026")
    folded.locator("summary").click()
    assert folded.get_attribute("open") is not None
    assert reason in folded.inner_text()


def test_time_slider_and_path_tools_are_above_the_fold(laptop, pages):
    page, _ = laptop(pages["bundled"])
    for selector in ("#search", "#time", "#time-value", "#path-from", "#path-to",
                     "#path-clear"):
        box = page.locator(selector).bounding_box()
        assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 900, selector
    assert page.evaluate("document.getElementById('side').scrollTop") == 0
