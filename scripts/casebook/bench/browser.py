"""First-search download size and query latency, in headless Chromium.

The site is served from a local web server that behaves like a production
one: HTTP/1.1 with persistent connections (Nagle off, as nginx and Apache
set it), text responses gzipped (level 6), the files a query fetches
compressed before the first query (as ``gzip_static`` or a CDN serves them;
compressing a large index file in Python on its first request took
milliseconds of the query's time on the two cores the browser needs). It
records the bytes it sends for every request.
A fresh browser opens the home page; everything the page then fetches that
its HTML does not reference itself (search workers, index shards, JSON),
plus everything fetched while the first query is answered, counts as the
first search's download. Latency is measured inside the page, from the
moment the query is typed to the moment result links are on screen.

The filtered case list (cases/, issue #17) is measured the same way in a
fresh browser: its first view is an address with conditions in it, and its
download is the page itself and everything it fetches but the stylesheets,
scripts and images every page shares; then conditions are ticked and
unticked and queries typed as a reader would, each timed from the click to
the results on screen.
"""

from __future__ import annotations

import gzip
import http.server
import mimetypes
import os
import socket
import statistics
import threading
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"]
COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".txt", ".xml", ".map")
RESULT = "a.md-search-result__link"
INPUT = ".md-search input"

# Types a query and resolves with the milliseconds until result links show.
_QUERY_JS = """
async ([q, resultSel, inputSel, timeout]) => {
  const input = document.querySelector(inputSel);
  const fire = () => {
    input.dispatchEvent(new Event('input', {bubbles: true}));
    input.dispatchEvent(new KeyboardEvent('keyup', {bubbles: true, key: q.slice(-1) || 'Backspace'}));
  };
  const waitFor = (ok) => new Promise((resolve) => {
    if (ok()) return resolve(true);
    const obs = new MutationObserver(() => { if (ok()) { obs.disconnect(); clearTimeout(t); resolve(true); } });
    obs.observe(document.body, {childList: true, subtree: true, characterData: true, attributes: true});
    const t = setTimeout(() => { obs.disconnect(); resolve(false); }, timeout);
  });
  input.focus();
  input.value = ''; fire();
  await waitFor(() => !document.querySelector(resultSel));
  await new Promise((r) => setTimeout(r, 30));
  const t0 = performance.now();
  input.value = q; fire();
  const found = await waitFor(() => !!document.querySelector(resultSel));
  return found ? performance.now() - t0 : null;
}
"""


class _Handler(http.server.SimpleHTTPRequestHandler):
    server: "RecordingServer"
    protocol_version = "HTTP/1.1"  # persistent connections, as a production server keeps them

    def setup(self) -> None:
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # no delayed-ACK stalls between small responses

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        path = unquote(urlsplit(self.path).path)
        fs = Path(self.directory) / path.lstrip("/")
        if fs.is_dir():
            if not path.endswith("/"):
                self.send_response(301)
                self.send_header("Location", path + "/")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            fs = fs / "index.html"
        if not fs.is_file():
            self.send_error(404)
            self.server.record(path, 0)
            return
        body = fs.read_bytes()
        ctype = mimetypes.guess_type(fs.name)[0] or "application/octet-stream"
        gz = fs.suffix in COMPRESSIBLE and "gzip" in self.headers.get("Accept-Encoding", "")
        if gz:
            body = self.server.gzipped(fs, body)
        self.send_response(200)
        self.send_header("Content-Type", ctype + ("; charset=utf-8" if ctype.startswith("text/") or fs.suffix in (".js", ".json") else ""))
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-cache")
        if gz:
            self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        self.wfile.write(body)
        self.server.record(path, len(body))


class RecordingServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, directory: Path):
        super().__init__(("127.0.0.1", 0), lambda *a, **kw: _Handler(*a, directory=str(directory), **kw))
        self.log: list[tuple[str, int]] = []
        self._gz: dict[Path, bytes] = {}
        self._lock = threading.Lock()

    def precompress(self, folder: Path) -> None:
        """Gzip every compressible file under ``folder`` now, not on its first request."""
        for path in sorted(folder.rglob("*")):
            if path.suffix in COMPRESSIBLE and path.is_file():
                self.gzipped(path, path.read_bytes())

    def gzipped(self, path: Path, body: bytes) -> bytes:
        if path not in self._gz:
            self._gz[path] = gzip.compress(body, compresslevel=6, mtime=0)
        return self._gz[path]

    def record(self, path: str, sent: int) -> None:
        with self._lock:
            self.log.append((path, sent))

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/"


def serve(directory: Path) -> RecordingServer:
    server = RecordingServer(directory)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def measure_search(site: Path, queries: list[str], timeout_ms: int = 10_000, first_view: str | None = None) -> dict:
    """``search_index_kb_first_query`` and ``query_ms_median`` for a built site;
    with ``first_view`` (the query string of a filtered case list), the case
    list's figures too (``measure_filters``)."""
    from playwright.sync_api import sync_playwright

    server = serve(site)
    server.precompress(site / "search")  # everything a query fetches: casebook's index and Material's
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                record = _measure(browser, server, queries, timeout_ms)
                if first_view is not None and (site / "search" / "facets.js").is_file():
                    record.update(measure_filters(browser, server, first_view, queries, timeout_ms))
                return record
            finally:
                browser.close()
    finally:
        server.shutdown()
        server.server_close()


# One change to the case list, as a reader makes it; resolves with the
# milliseconds until the list shows its results (null: nothing to change).
_FILTER_JS = """
async ([action, timeout]) => {
  const root = document.querySelector('[data-casebook-filters]');
  let el = null;
  if (action.q !== undefined) {
    el = root.querySelector('input[name=q]');
  } else if (action.select) {
    el = root.querySelector('select[name=' + action.select + ']');
    const options = [...el.options].filter((o) => o.value && !o.disabled);
    if (!options.length) return null;
    action.value = options[Math.min(action.nth, options.length - 1)].value;
  } else {
    const boxes = [...root.querySelectorAll('input[name=' + action.facet + ']')]
      .filter((b) => (action.off ? b.checked : !b.checked && !b.disabled));
    el = boxes[Math.min(action.nth, boxes.length - 1)];
  }
  if (!el) return null;
  const t0 = performance.now();
  if (action.q !== undefined) { el.value = action.q; el.form.requestSubmit(); }
  else if (action.select) { el.value = action.value; el.dispatchEvent(new Event('change', {bubbles: true})); }
  else el.click();
  const done = await new Promise((resolve) => {
    if (root.dataset.state === 'done') return resolve(false);
    const obs = new MutationObserver(() => { if (root.dataset.state === 'done') { obs.disconnect(); clearTimeout(t); resolve(true); } });
    obs.observe(root, {attributes: true});
    const t = setTimeout(() => { obs.disconnect(); resolve(false); }, timeout);
  });
  return done ? performance.now() - t0 : null;
}
"""


def filter_actions(queries: list[str]) -> list[dict]:
    """What a reader does on the list: tick conditions, add a query, untick, clear."""
    return [
        {"facet": "province", "nth": 0}, {"facet": "level", "nth": 0}, {"facet": "theme", "nth": 1},
        {"facet": "kind", "nth": 0}, {"select": "from", "nth": 8}, {"q": queries[0]}, {"facet": "level", "off": True, "nth": 0},
        {"facet": "province", "nth": 1}, {"q": queries[1 % len(queries)]}, {"facet": "theme", "off": True, "nth": 0},
        {"select": "to", "nth": 2}, {"q": ""}, {"facet": "kind", "off": True, "nth": 0}, {"facet": "level", "nth": 2},
        {"q": queries[2 % len(queries)]}, {"facet": "province", "off": True, "nth": 0}, {"facet": "theme", "nth": 3},
        {"q": ""}, {"facet": "province", "off": True, "nth": 0}, {"facet": "level", "nth": 1},
    ]


def measure_filters(browser, server: RecordingServer, first_view: str, queries: list[str], timeout_ms: int) -> dict:
    """``filter_first_view_kb`` and ``filter_ms_median`` (see the module's docstring)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    try:
        with server._lock:
            server.log.clear()
        started = time.perf_counter()
        page.goto(server.url + "cases/" + first_view)
        try:
            page.wait_for_selector("[data-casebook-filters][data-state=done]", timeout=timeout_ms)
        except Exception:  # noqa: BLE001 - reported as a figure, not raised
            return {"filter_first_view_kb": None, "filter_ms_median": None, "filter_error": "筛选列表没有显示结果"}
        first_ms = (time.perf_counter() - started) * 1000
        page.wait_for_load_state("networkidle")
        time.sleep(0.3)
        shared = set(page.evaluate(
            "() => [...document.querySelectorAll('link[href],script[src],img[src]')]"
            ".map(e => new URL(e.href || e.src, location.href).pathname)"
            ".filter(p => !p.includes('/search/'))"))
        with server._lock:
            first_bytes = sum(sent for path, sent in server.log if path not in shared)
            fetched = sorted({path for path, _ in server.log if path not in shared})
        results = page.locator("[data-filters-list] a[data-search-result]").count()
        times = []
        for action in filter_actions(queries):
            ms = page.evaluate(_FILTER_JS, [action, timeout_ms])
            if ms is not None:
                times.append(ms)
        return {
            "filter_first_view_kb": round(first_bytes / 1024, 1),
            "filter_first_view_ms": round(first_ms, 1),
            "filter_first_view_files": len(fetched),
            "filter_first_view_results": results,
            "filter_ms_median": round(statistics.median(times), 1) if times else None,
            "filter_changes_answered": f"{len(times)}/{len(filter_actions(queries))}",
        }
    finally:
        context.close()


def _measure(browser, server: RecordingServer, queries: list[str], timeout_ms: int) -> dict:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    try:
        page.goto(server.url, wait_until="networkidle")
        static = set(page.evaluate(
            "() => [location.pathname, ...[...document.querySelectorAll('link[href],script[src],img[src]')]"
            ".map(e => new URL(e.href || e.src, location.href).pathname)]"))
        if not page.query_selector("label[for=__search]") or not page.query_selector(INPUT):
            return {"search_index_kb_first_query": None, "query_ms_median": None, "search_error": "页面上没有搜索框"}
        box = page.locator(INPUT).first
        # Wide screens show the box in the header; narrow ones a magnifier toggle.
        (box if box.is_visible() else page.locator("label[for=__search]:visible").first).click()
        first = page.evaluate(_QUERY_JS, [queries[0], RESULT, INPUT, timeout_ms])
        page.wait_for_load_state("networkidle")
        time.sleep(0.3)
        with server._lock:
            first_bytes = sum(sent for path, sent in server.log if path not in static)
            fetched = sorted({path for path, _ in server.log if path not in static})
        times = []
        for q in queries[1:]:
            ms = page.evaluate(_QUERY_JS, [q, RESULT, INPUT, timeout_ms])
            if ms is not None:
                times.append(ms)
        return {
            "search_index_kb_first_query": round(first_bytes / 1024, 1),
            "first_query_ms": round(first, 1) if first is not None else None,
            "query_ms_median": round(statistics.median(times), 1) if times else None,
            "queries_answered": f"{len(times)}/{len(queries) - 1}",
            "search_files_first_query": len(fetched),
        }
    finally:
        context.close()
