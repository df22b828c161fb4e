"""Helpers for the browser tests of issue #7 (offline, intranet, print, phone, a11y).

Plain functions, no fixtures: conftest.py owns those.
"""

from __future__ import annotations

import http.server
import threading
from pathlib import Path
from urllib.parse import urlsplit


def pages_of(site: Path) -> list[str]:
    """Site-relative URL of every page of a build with directory URLs ('' is home)."""
    urls = []
    for path in sorted(site.rglob("index.html")):
        rel = path.parent.relative_to(site).as_posix()
        urls.append("" if rel == "." else rel + "/")
    return urls


def first_page(site: Path, folder: str) -> str | None:
    """``folder/<first id>/`` of a build with directory URLs, or None."""
    found = sorted(p.parent.name for p in (site / folder).glob("*/index.html"))
    return f"{folder}/{found[0]}/" if found else None


def module_page(site: Path) -> str | None:
    """A training module's page (modules/<id>/), once modules exist."""
    return first_page(site, "modules")


class Requests:
    """Every request a browser context makes; requests to other hosts are recorded and aborted."""

    def __init__(self, context, origin: str):
        self.origin = origin
        self.all: list[str] = []
        self.outside: list[str] = []
        self.failed: list[str] = []
        context.on("request", lambda r: self.all.append(r.url))
        context.on("requestfailed", lambda r: self.failed.append(f"{r.url} ({r.failure})"))
        context.route(lambda url: not self._inside(url), self._block)

    def _inside(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob", "about"):
            return True
        if self.origin.startswith("file:"):
            return parts.scheme == "file"
        return url.startswith(self.origin)

    def _block(self, route) -> None:
        self.outside.append(route.request.url)
        route.abort()

    @property
    def broken(self) -> list[str]:
        """Failed loads, but for ERR_ABORTED: a load cut short by the next
        navigation (or a theme script replacing the page icon), not a missing file."""
        return [f for f in self.failed if "ERR_ABORTED" not in f]

    def outside_requests(self) -> list[str]:
        return sorted(set(self.outside + [u for u in self.all if not self._inside(u)]))


def search(page, query: str, timeout: float = 15_000) -> list[tuple[str, str]]:
    """Type ``query`` into the header search box; return (title, href) of the case results."""
    box = page.locator("[data-casebook-search-input]")
    if not box.is_visible():  # phones: the box opens from the magnifier in the header
        page.locator('label.md-header__button[for="__search"]').click()
    box.fill(query)
    page.wait_for_function(
        """q => { const r = document.querySelector("[data-casebook-search-result]");
                  return r && r.dataset.query === q && r.dataset.state === "done"; }""",
        arg=query, timeout=timeout)
    return [tuple(x) for x in page.eval_on_selector_all(
        "[data-casebook-search-result] .md-search-result__item > a.md-search-result__link:first-child",
        "links => links.map(a => [a.querySelector('h1').textContent, a.href])")]


class _PrefixHandler(http.server.SimpleHTTPRequestHandler):
    prefix = "/casebook/"

    def log_message(self, *args) -> None:
        pass

    def translate_path(self, path: str) -> str:
        # Only /casebook/... exists: anything that escapes the prefix is a 404.
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / "__outside_the_prefix__")
        return super().translate_path("/" + path[len(self.prefix):])


def serve_under_prefix(site: Path, prefix: str = "/casebook/"):
    """Serve ``site`` at http://127.0.0.1:PORT/casebook/ only, as an intranet server might."""
    handler = type("Handler", (_PrefixHandler,), {"prefix": prefix})

    def make(*args, **kwargs):
        return handler(*args, directory=str(site), **kwargs)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), make)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}{prefix}"
