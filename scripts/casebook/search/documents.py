"""The searchable documents: one per case page, with weighted fields.

A result is a case page; practices are sections of it (their anchors are the
practice ids). The index scores a case by where a word occurs, so its
practices need no postings of their own: the browser picks the matching
practice from the document's text when it shows the result.

``payload`` is what the browser downloads for a result (title, practices,
snippet text); it is written per document, never for all documents at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..common.urls import SiteUrls, case_src, theme_src
from ..load.project import Case, Project

# Field weights: a word in the title counts twelve times a word in the body.
WEIGHTS = {
    "title": 12.0,  # case title
    "term": 8.0,  # glossary terms the case uses, with their aliases
    "name": 6.0,  # practice names
    "place": 5.0,  # region, organisation
    "summary": 3.0,
    "facet": 2.0,  # theme names, level
    "body": 1.0,  # everything else shown on the page
}
THEME_TOKEN = "#t:"  # pseudo-token: the case is filed under this theme


@dataclass
class Document:
    case_id: str
    url: str  # site-root-relative
    fields: dict[str, list[str]]  # field name -> texts
    themes: list[str]
    payload: dict = field(default_factory=dict)


def _paragraphs(text: str) -> list[str]:
    out = []
    for block in text.strip().split("\n\n"):
        joined = "".join(line.strip() for line in block.splitlines())
        if joined:
            out.append(joined)
    return out


def case_document(case: Case, project: Project, urls: SiteUrls) -> Document:
    d = case.data
    vocab = project.vocab
    glossary = [vocab.glossary[t] for t in d["terms"] if t in vocab.glossary]
    region = d["region"]
    places = [region[k] for k in ("province", "city", "county") if region.get(k)]
    level = vocab.levels.get(d["level"], {}).get("name", "")
    themes = [vocab.themes[t]["name"] for t in d["themes"] if t in vocab.themes]

    term_texts = []
    term_body = []
    for entry in glossary:
        term_texts += [entry["term"], *entry.get("aliases", [])]
        if entry.get("expansion"):
            term_body.append("、".join(entry["expansion"]))
        term_body.append(entry["meaning"])

    body: list[str] = []
    body += _paragraphs(d["background"])
    for p in d["practices"]:
        body += _paragraphs(p["description"])
    body += _paragraphs(d["outcomes"])
    body += list(d["insights"])
    for f in d["figures"]:
        body += [f["label"], f["counts"], f["source_phrase"]]
    body += term_body
    if d["period"].get("note"):
        body.append(d["period"]["note"])
    for s in d["sources"]:
        body += [s["title"], *s.get("authors", []), s.get("publisher", ""), s.get("outlet", ""), s.get("note", "")]
    body = [t for t in body if t]

    fields = {
        "title": [d["title"]],
        "term": term_texts,
        "name": [p["name"] for p in d["practices"]],
        "place": [*places, case.region_name, d["organisation"]],
        "summary": [d["summary"]],
        "facet": [*themes, level],
        "body": body,
    }

    # What the browser shows and re-checks for a result. Body text is what
    # the page shows outside the practices, in page order.
    rest = _paragraphs(d["background"]) + _paragraphs(d["outcomes"]) + list(d["insights"])
    rest += [f["source_phrase"] for f in d["figures"]]
    rest += [f"{e['term']}：{'、'.join(e['expansion']) + '。' if e.get('expansion') else ''}{e['meaning']}" for e in glossary]
    rest += ["，".join(x for x in (s["title"], "、".join(s.get("authors", [])), s.get("publisher", ""), s.get("outlet", "")) if x) for s in d["sources"]]
    rest += [s["note"] for s in d["sources"] if s.get("note")]
    payload = {
        "t": d["title"],
        "r": case.region_name,
        "y": case.year,
        "o": d["organisation"],
        "g": [e["term"] for e in glossary],
        "p": [[p["id"], p["name"], " ".join(_paragraphs(p["description"]))] for p in d["practices"]],
        "s": d["summary"],
        "b": rest,
    }
    url = urls.url(case_src(case.id)) if urls.directory_urls else urls.file_url(case_src(case.id))
    payload["u"] = url
    return Document(case_id=case.id, url=url, fields=fields, themes=list(d["themes"]), payload=payload)


def theme_url(theme_id: str, urls: SiteUrls) -> str:
    src = theme_src(theme_id)
    return urls.url(src) if urls.directory_urls else urls.file_url(src)


def build_documents(project: Project, urls: SiteUrls) -> list[Document]:
    """Documents in case-id order; a document's number is its position."""
    return [case_document(case, project, urls) for case in sorted(project.cases, key=lambda c: c.id)]
