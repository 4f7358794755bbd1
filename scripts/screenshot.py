"""Make docs/view.png, the picture of `kgraph view` in the README and docs/view.md: the
bundled graph at 1400x900 in headless Chromium (Playwright), the Cartagena summit found
by the search box and opened, its neighbours labelled and its card on the right.

    python scripts/screenshot.py                     # rewrite docs/view.png
    python scripts/screenshot.py -o /tmp/view.png    # somewhere else
    python scripts/screenshot.py --chromium PATH     # another Chromium than Debian's

The page is built by this checkout's code from its data/, whatever kgraph is installed.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
WIDTH, HEIGHT = 1400, 900
QUERY = "cartagena summit"


def build_page(directory: Path) -> Path:
    from kgraph.api import load_graph
    from kgraph.view.html import build_view

    page = directory / "bundled.html"
    page.write_text(build_view(load_graph([ROOT / "data"])), encoding="utf-8")
    return page


def settle(page: Any) -> None:
    """Wait until the zoom to the opened entity has finished (it is animated)."""
    last = None
    for _ in range(50):
        page.wait_for_timeout(100)
        now = page.evaluate("kgraphView.zoom()")
        if now == last:
            break
        last = now
    page.wait_for_timeout(300)  # the labels are placed once the view stands still


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", type=Path, default=ROOT / "docs" / "view.png")
    parser.add_argument("--chromium", default=CHROMIUM)
    args = parser.parse_args(argv)

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        html = build_page(Path(tmp))
        browser = pw.chromium.launch(executable_path=args.chromium, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT})
            page.goto(html.as_uri())
            page.wait_for_function("window.kgraphView && kgraphView.isReady()")
            wanted = page.evaluate(f"kgraphView.search({QUERY!r})[0]")
            page.keyboard.press("/")
            page.keyboard.type(QUERY)
            page.keyboard.press("Enter")
            page.wait_for_function(f"kgraphView.selected() === {wanted!r}")
            page.mouse.move(WIDTH - 5, HEIGHT - 5)  # no hover on anything
            settle(page)
            page.screenshot(path=str(args.output))
        finally:
            browser.close()
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
