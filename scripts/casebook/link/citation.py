"""引用本案例: the source articles and the case page in GB/T 7714—2015 format.

Builds must be byte-identical, so the citation date (引用日期) is the case's
``added`` date, never the build clock; the page says so and asks the reader
to put in the date they actually read it.

Rules followed (GB/T 7714—2015, 顺序编码制 entries without the number):

* newspaper article  ``作者. 题名[N]. 报纸名, YYYY-MM-DD.``
* journal article    ``作者. 题名[J]. 刊名, 年.`` (volume and issue are not recorded)
* web resource       ``作者. 题名[EB/OL]. 发布网站, YYYY-MM-DD[引用日期]. 网址.``;
  without a known website the date goes in parentheses: ``(YYYY-MM-DD)[引用日期]``
* anything else, known neither as printed in a newspaper or periodical nor as
  read online (e.g. a document on paper): ``作者. 题名[Z]. 发布方, 日期.``
* read online (a URL, a website as publisher, a forum or an upload): the carrier
  code ``/OL`` is added and the citation date follows the date, e.g. ``[N/OL]``
* unsigned sources start with the title; more than three authors end with ``等``
* the place of publication is not recorded for any source, so it is left out.
"""

from __future__ import annotations

from ..common import urls
from ..load.project import Case, Project
from ..render.pages import CASE_CONTEXT_PROVIDERS, Renderer

COMPILER = "实践案例库编写组"
ONLINE_KINDS = frozenset({"forum-repost", "anonymous-upload"})
NEWS_KINDS = frozenset({"official-article", "media-report"})
MAX_AUTHORS = 3


def site_url(project: Project) -> str:
    """The site's public address (mkdocs ``site_url``), '' when unknown (e.g. the offline copy)."""
    return (project.extra.get("site_url") or "").strip()


def page_address(project: Project, site_urls: urls.SiteUrls, src: str) -> str:
    """The address of a page as written out for readers: absolute when site_url is set, else site-relative."""
    base = site_url(project)
    path = site_urls.url(src)
    return f"{base.rstrip('/')}/{path}" if base else path


def is_newspaper(name: str) -> bool:
    """中国组织人事报, 人民日报, 光明日报 are newspapers; 学报 are journals."""
    return name.endswith("报") and not name.endswith("学报")


def is_website(name: str) -> bool:
    return name.endswith("网") or "网站" in name or "论坛" in name


def authors_text(authors: list[str]) -> str:
    if len(authors) > MAX_AUTHORS:
        return ", ".join(authors[:MAX_AUTHORS]) + ", 等"
    return ", ".join(authors)


def type_code(source: dict) -> tuple[str, bool]:
    """(document type code, read online?) for one source."""
    kind = source["kind"]
    outlet, publisher = source.get("outlet", ""), source.get("publisher", "")
    online = bool(source.get("url")) or is_website(publisher) or kind in ONLINE_KINDS
    if kind == "journal-article":
        return "J", online
    if kind in NEWS_KINDS and (is_newspaper(outlet) or (not outlet and is_newspaper(publisher))):
        return "N", online
    if kind in NEWS_KINDS and outlet:  # first printed in a periodical that is not a newspaper
        return "J", online
    return ("EB", True) if online else ("Z", False)


def cite_source(source: dict, cited: str) -> str:
    """One source article in GB/T 7714—2015 format; ``cited`` is the 引用日期 (YYYY-MM-DD)."""
    code, online = type_code(source)
    authors = authors_text(source.get("authors", []))
    head = f"{authors}. " if authors else ""
    head += f"{source['title']}[{code}/OL]" if online else f"{source['title']}[{code}]"
    date = source.get("date", "")
    cited_part = f"[{cited}]" if online else ""
    outlet, publisher = source.get("outlet", ""), source.get("publisher", "")
    if code == "N":
        paper = outlet if is_newspaper(outlet) else publisher
        body = f"{paper}, {date}{cited_part}" if date else f"{paper}{cited_part}"
    elif code == "J":
        journal = outlet or publisher
        year = date[:4]
        body = f"{journal}, {year}{cited_part}" if year else f"{journal}{cited_part}"
    elif publisher:  # EB/OL or Z with a known publisher (website)
        body = f"{publisher}, {date}{cited_part}" if date else f"{publisher}{cited_part}"
    elif online:  # an electronic resource without a known publisher: the date is its update date
        body = (f"({date})" if date else "") + cited_part
    else:
        body = date
    text = f"{head}. {body}." if body else f"{head}."
    if source.get("url"):
        text += f" {source['url']}."
    return text


def cite_page_head(title: str, added: str, cited: str) -> str:
    return f"{COMPILER}. {title}[EB/OL]. ({added})[{cited}]."


def cite_page(title: str, added: str, cited: str, address: str) -> str:
    """The case page itself as an electronic resource."""
    return f"{cite_page_head(title, added, cited)} {address}."


def citation_context(case: Case, project: Project, renderer: Renderer) -> dict:
    src = urls.case_src(case.id)
    cited = case["added"]
    address = page_address(project, renderer.urls, src)
    return {
        "citations": {
            "sources": [cite_source(s, cited) for s in case["sources"]],
            "page": cite_page(case.title, case["added"], cited, address),
            "page_head": cite_page_head(case.title, case["added"], cited),
            "address": address,
            "absolute": bool(site_url(project)),
            "cited": cited,
        }
    }


CASE_CONTEXT_PROVIDERS.append(citation_context)
