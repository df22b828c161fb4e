"""The comparison page (compare/): two to four cases side by side.

It must work from a file:// copy, where fetch() is not allowed, so its data
comes as plain scripts: ``assets/compare/index.js`` (every case's id, title,
region and year, for the picker, plus old ids) and one small
``assets/compare/cases/<id>.js`` per case with the compared fields, loaded by
a <script> tag only when that case is picked. The page itself stays small at
any number of cases. Selection lives in the address (``?ids=a,b,c``), so a
comparison can be shared by URL.

The handout page and the Word files (casebook.outputs.handout) read the same
per-case scripts: they also carry each practice's text, each figure's source
phrase and the case's GB/T 7714 citations.
"""

from __future__ import annotations

import json
import posixpath
from pathlib import Path

from ..common import urls
from ..common.numbers import format_value
from ..common.urls import SiteUrls
from ..link.citation import cite_page_head, cite_source, page_address
from ..load.project import STATUS_NAMES, Case, Project
from ..render.pages import CASE_CONTEXT_PROVIDERS, EXTRA_PAGES, Renderer, period_text
from ..render.text import figure_value, paragraph_texts
from .postbuild import STEPS

COMPARE_SRC = "compare/index.md"
DATA_DIR = "assets/compare"  # under the site root
MIN_CASES, MAX_CASES = 2, 4
FORMAT_VERSION = 2  # of the data files; bump when their shape changes


def compare_page(project: Project, renderer: Renderer) -> dict[str, str]:
    page_dir = posixpath.dirname(renderer.urls.file_url(COMPARE_SRC)) or "."
    return {COMPARE_SRC: renderer.render(
        "compare.md.j2",
        src=COMPARE_SRC,
        data_base=posixpath.relpath(DATA_DIR, page_dir) + "/",
        site_root=(posixpath.relpath(".", page_dir) + "/"),
        total=len(project.cases),
        min_cases=MIN_CASES,
        max_cases=MAX_CASES,
    )}


def case_record(case: Case, project: Project, site_urls: SiteUrls) -> dict:
    """The compared fields of one case, display-ready (names, not ids), and
    what a handout prints: practice texts, source phrases, citations."""
    vocab = project.vocab
    d = case.data
    practice_names = {p["id"]: p["name"] for p in d["practices"]}
    src = urls.case_src(case.id)
    return {
        "id": case.id,
        "title": d["title"],
        "url": site_urls.url(src),
        "address": page_address(project, site_urls, src),  # absolute when the site has a site_url
        "cite": cite_page_head(d["title"], d["added"], d["added"]),  # + address: the page's GB/T 7714 entry
        "sources": [cite_source(s, d["added"]) for s in d["sources"]],
        "summary": d["summary"],
        "organisation": d["organisation"],
        "region": case.region_name,
        "level": vocab.levels.get(d["level"], {}).get("name", d["level"]),
        "period": period_text(d["period"]),
        "year": case.year,
        "status": STATUS_NAMES[d["status"]],
        "themes": [vocab.themes.get(t, {}).get("name", t) for t in d["themes"]],
        "practices": [{"id": p["id"], "name": p["name"], "text": paragraph_texts(p["description"])} for p in d["practices"]],
        "figures": [
            {"label": f["label"], "value": figure_value(f), "number": format_value(f["value"]),
             "practice": practice_names.get(f.get("practice", ""), ""), "practice_id": f.get("practice", ""),
             "counts": f["counts"], "year": f.get("year"), "source": f["source_phrase"]}
            for f in d["figures"]
        ],
        "terms": list(d["terms"]),
    }


def _js(call: str, value) -> str:
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    # U+2028/2029 end a line in older JavaScript engines; escape them.
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f"{call}({text});\n"


def write_data(project: Project, site_dir: Path, site_urls: SiteUrls) -> None:
    """Post-build step: the picker index and one data script per case."""
    out = site_dir / DATA_DIR
    (out / "cases").mkdir(parents=True, exist_ok=True)
    index = {
        "version": FORMAT_VERSION,
        "cases": [[c.id, c.title, c.region_name, c.year] for c in project.cases],
        "aliases": {a: c.id for c in project.cases for a in c.get("aliases", [])},
    }
    (out / "index.js").write_text(_js("window.cbCompareIndex", index), encoding="utf-8")
    for case in project.cases:
        record = case_record(case, project, site_urls)
        (out / "cases" / f"{case.id}.js").write_text(_js("window.cbCompareCase", record), encoding="utf-8")


def compare_context(case: Case, project: Project, renderer: Renderer) -> dict:
    return {"compare_src": COMPARE_SRC}


EXTRA_PAGES.append(compare_page)
STEPS.append(write_data)
CASE_CONTEXT_PROVIDERS.append(compare_context)
