"""`make audit`: Lighthouse and axe-core on the home page, a case page and a module page.

Serves the built site on 127.0.0.1 the way an intranet web server would
(gzip for text files), runs Lighthouse (tools/audit/node_modules, pinned in
package-lock.json) for the mobile and the desktop profile, and axe-core in
Debian's Chromium through Playwright at 1280 px and 375 px. Prints a table,
writes the reports to test-artifacts/audit/, and exits 1 when a Lighthouse
category (median of three runs) is below the target or axe finds a serious
or critical violation.

Usage: python tools/audit/audit.py [SITE_DIR] [--min-score 95] [--runs 3] [--out DIR] [--no-gzip]
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
LIGHTHOUSE = HERE / "node_modules" / ".bin" / "lighthouse"
AXE_JS = HERE / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROME_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run"]
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
BLOCKING = ("serious", "critical")
GZIP_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/xml")


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzip-compressed when the browser asks for it, as nginx or IIS would."""

    def log_message(self, *args) -> None:
        pass

    def send_head(self):
        path = self.translate_path(self.path)
        ctype = self.guess_type(path)
        wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if os.path.isdir(path) or not wants_gzip or not ctype.startswith(GZIP_TYPES):
            return super().send_head()
        try:
            with open(path, "rb") as fh:
                body = gzip.compress(fh.read(), mtime=0)
        except OSError:
            return super().send_head()
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=3600")
        self.end_headers()
        return io.BytesIO(body)


class PlainHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def serve(site: Path, compress: bool = True):
    handler = functools.partial(GzipHandler if compress else PlainHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def pick_pages(site: Path) -> dict[str, str]:
    """Home, the first case page and the first module page (or the module index)."""
    pages = {"首页": ""}
    cases = sorted(p.parent.name for p in (site / "cases").glob("*/index.html"))
    if cases:
        pages["案例页"] = f"cases/{cases[0]}/"
    modules = sorted(p.parent.name for p in (site / "modules").glob("*/index.html"))
    if modules:
        pages["模块页"] = f"modules/{modules[0]}/"
    elif (site / "modules" / "index.html").is_file():
        pages["模块页"] = "modules/"
    return pages


def lighthouse(url: str, preset: str, out: Path, runs: int = 1) -> dict[str, int]:
    """Median score per category over ``runs`` runs (Lighthouse's own advice: one
    run is noisy, most of all total blocking time on a busy machine)."""
    results = [_lighthouse_once(url, preset, out.with_name(f"{out.stem}-run{i + 1}.json")) for i in range(runs)]
    middle = sorted(results, key=lambda r: r["performance"])[len(results) // 2]
    out.write_text(out.with_name(f"{out.stem}-run{results.index(middle) + 1}.json").read_text(encoding="utf-8"), encoding="utf-8")
    return {k: sorted(r[k] for r in results)[len(results) // 2] for k in CATEGORIES}


def _lighthouse_once(url: str, preset: str, out: Path) -> dict[str, int]:
    cmd = [str(LIGHTHOUSE), url, "--output=json", f"--output-path={out}", "--quiet",
           f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={' '.join(CHROME_FLAGS)}"]
    if preset == "desktop":
        cmd.append("--preset=desktop")
    subprocess.run(cmd, check=True, env=dict(os.environ, CHROME_PATH=CHROMIUM), timeout=300)
    report = json.loads(out.read_text(encoding="utf-8"))
    return {k: round(report["categories"][k]["score"] * 100) for k in CATEGORIES}


def lighthouse_failures(path: Path) -> list[str]:
    """The audits that cost points, for the console."""
    report = json.loads(path.read_text(encoding="utf-8"))
    lines = []
    for key, cat in report["categories"].items():
        for ref in cat["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref.get("weight") and audit.get("score") is not None and audit["score"] < 1:
                lines.append(f"{key}/{ref['id']}: {audit.get('displayValue') or audit['score']}")
    return lines


def axe(browser, url: str, width: int) -> list[dict]:
    phone = width < 800
    context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 900}, is_mobile=phone, has_touch=phone)
    page = context.new_page()
    page.goto(url)
    page.wait_for_load_state("networkidle")
    page.add_script_tag(content=AXE_JS.read_text(encoding="utf-8"))
    page.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')")
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    context.close()
    return result["violations"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", type=Path, default=REPO / "site")
    parser.add_argument("--min-score", type=int, default=95)
    parser.add_argument("--out", type=Path, default=REPO / "test-artifacts" / "audit")
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page and profile; the median counts")
    parser.add_argument("--no-gzip", action="store_true", help="serve files uncompressed (a web server without gzip)")
    args = parser.parse_args(argv)
    for need, hint in ((LIGHTHOUSE, "make audit-deps"), (AXE_JS, "make audit-deps"), (args.site / "index.html", "make build")):
        if not need.exists():
            print(f"缺少 {need}：请先运行 {hint}", file=sys.stderr)
            return 2
    args.out.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    server, base = serve(args.site, compress=not args.no_gzip)
    failures: list[str] = []
    summary: dict = {}
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROME_FLAGS[1:])
            for label, path in pick_pages(args.site).items():
                url = base + path
                entry = summary[path or "/"] = {"label": label}
                for preset in ("mobile", "desktop"):
                    report = args.out / f"lighthouse-{(path.strip('/') or 'home').replace('/', '-')}-{preset}.json"
                    scores = entry[f"lighthouse_{preset}"] = lighthouse(url, preset, report, args.runs)
                    low = {k: v for k, v in scores.items() if v < args.min_score}
                    print(f"{label} /{path} Lighthouse {preset}: " + "  ".join(f"{k} {v}" for k, v in scores.items()))
                    if low:
                        failures.append(f"{label} {preset}: {low}")
                        for line in lighthouse_failures(report):
                            print(f"    {line}")
                for width in (1280, 375):
                    violations = axe(browser, url, width)
                    entry[f"axe_{width}"] = {v["id"]: {"impact": v["impact"], "nodes": len(v["nodes"])} for v in violations}
                    counts = {impact: sum(1 for v in violations if v["impact"] == impact)
                              for impact in ("critical", "serious", "moderate", "minor")}
                    print(f"{label} /{path} axe {width}px: " + "  ".join(f"{k} {v}" for k, v in counts.items()))
                    for v in violations:
                        print(f"    [{v['impact']}] {v['id']}: {v['help']} ({len(v['nodes'])} 处) "
                              + "; ".join(str(n["target"][0]) for n in v["nodes"][:3]))
                        if v["impact"] in BLOCKING:
                            failures.append(f"{label} axe {width}px {v['impact']}: {v['id']}")
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    (args.out / "summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    if failures:
        print(f"未达标（Lighthouse 目标 ≥ {args.min_score}，axe 不得有 serious/critical）：", file=sys.stderr)
        for f in failures:
            print(f"  {f}", file=sys.stderr)
        return 1
    print(f"全部达标：Lighthouse 四项均 ≥ {args.min_score}，axe 无 serious/critical 问题。报告在 {args.out}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
