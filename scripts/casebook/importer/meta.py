"""The source's title, date, authors, publisher, outlet and kind, from the cleaned lines.

What each page calls these varies; the rules below read what the page states
and never invent: a field stays empty (and the report says so) when the page
does not state it.

* publisher (发布方) is the site or paper the article was captured from: the
  site name next to the page buttons ("共产党员网 打印 纠错"), the copyright
  line, ``og:site_name``; failing those, a "来源:" naming a website;
* outlet (原载) is the original publication the page names: "原载", "转自",
  or a "来源:" naming a paper or magazine ("来源:中国组织人事报");
* authors come from bylines ("文◎陈超 马展"), "作者:", a line under the title
  that names an organisation, a signature ("中共某县委常委、组织部长 邓某"),
  or "（作者系……）" at the end of the text; names are given in simplified
  characters, the signature as printed goes to the note;
* kind follows from what the page says: "来源于网友上传" -> anonymous-upload,
  forum furniture -> forum-repost, an official or organisation author ->
  official-article, else from the outlet (报 -> media-report, else
  journal-article).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .chars import to_simplified
from .clean import BYLINE, EDITOR_LINE, FORUM_POST, META_KEY_RE, ORG_LINE, ROLE_BODY, ROLE_META, ROLE_REMOVED, CleanResult
from .lines import CJK, cjk_count

DATE = re.compile(r"(?<!\d)(\d{4})\s*[-/.年]\s*(\d{1,2})\s*(?:[-/.月]\s*(\d{1,2})\s*日?)?")
TIME = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?")
DATE_KEYS = {"发布时间", "发布日期", "发表时间", "发表日期", "更新时间", "时间", "日期"}
SOURCE_KEYS = {"信息来源", "稿件来源", "文章来源", "新闻来源", "来源", "出处"}
OUTLET_KEYS = {"原载", "转载自", "转自"}
EDITOR_KEYS = {"责任编辑", "责编", "编辑"}
COUNT_KEYS = {"访问次数", "浏览次数", "点击数", "阅读数", "浏览量", "阅读量", "点击量"}
ROLE = re.compile(r"(书记|部长|主任|常委|局长|处长|厅长|县长|市长|区长|省长|委员|主席|科长|调研员|巡视员|校长|院长|党组|组长|同志)")
ORG_WORDS = re.compile(r"(部|委|厅|局|办|院|会|中心|处|室|党委|党组|政府|组织|机关)$")
SITE_LIKE = re.compile(r"(网|网站|在线|论坛|频道|客户端|门户|\.com|\.cn|\.net|\.org)$", re.I)
ANONYMOUS = re.compile(r"网友上传|网友投稿|来源于网络|来自网络|来源于互联网|网络转载")
NOT_A_SOURCE = {"网友上传", "网友投稿", "网络", "互联网", "本站", "原创", "本站原创"}
AUTHOR_NOTE = re.compile(r"[（(]\s*(作者(?:系|是|为|单位\s*[:：]?))\s*([^）)]{2,60})[）)]")
COPYRIGHT = [
    re.compile(f"(?:Copyright|版权所有|©)[\\s©\\d\\-–—()（）:：cC]*([{CJK}A-Za-z]{{2,20}}?(?:网|网站|在线|论坛|社区|日报|报社|杂志社|出版社))"),
    re.compile(f"([{CJK}A-Za-z]{{2,20}}?(?:网|网站))\\s*版权所有"),
]
NAME = re.compile(f"^[{CJK}·]{{2,5}}$")


@dataclass
class Meta:
    title: str | None = None  # as printed (traditional stays traditional)
    date: str | None = None  # YYYY-MM-DD, YYYY-MM or YYYY
    authors: list[str] = field(default_factory=list)  # simplified
    signature: str | None = None  # the byline as printed, when it says more than the names
    publisher: str | None = None
    outlet: str | None = None
    editor: str | None = None
    poster: str | None = None  # forum user who posted the article
    url: str | None = None
    kind: str | None = None
    kind_reason: str = ""
    anonymous: bool = False
    found: dict[str, str] = field(default_factory=dict)  # field -> where it was found, for the report

    def missing(self) -> list[str]:
        names = {"title": "标题", "date": "发布日期", "authors": "作者", "publisher": "发布方"}
        return [label for key, label in names.items() if not getattr(self, key)]


def parse_date(text: str) -> str | None:
    m = DATE.search(text)
    if not m:
        return None
    year, month, day = int(m.group(1)), int(m.group(2)), m.group(3)
    if not (1949 <= year <= 2100 and 1 <= month <= 12):
        return None
    if day is None:
        return f"{year:04d}-{month:02d}"
    if not 1 <= int(day) <= 31:
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}-{month:02d}-{int(day):02d}"


def segments(text: str) -> tuple[str, list[tuple[str, str]]]:
    """("text before the first label", [(label, value), ...]) of a metadata line."""
    matches = list(META_KEY_RE.finditer(text))
    if not matches:
        return text.strip(), []
    lead = text[: matches[0].start()].strip()
    out = []
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        out.append((m.group(1), text[m.end(): end].strip()))
    return lead, out


def _clean_name(value: str) -> str:
    value = re.sub(r"[《》〈〉“”\"'「」]", "", value).strip(" 　:：,，。;；|-")
    return re.split(r"\s{2,}|\s+(?=[\u4e00-\u9fff]{1,4}\s*[:：])", value)[0].strip()


def signature_authors(text: str) -> list[str]:
    """Names in a signature: "中共某县委常委、组织部长 邓某" -> [邓某]; "陈超 马展" -> both."""
    text = text.strip()
    tokens = text.split()
    if len(tokens) >= 2 and NAME.match(tokens[-1]) and ROLE.search(" ".join(tokens[:-1])):
        return [tokens[-1]]
    if tokens and all(NAME.match(t) for t in tokens):
        return tokens
    parts = [p for p in re.split(r"[、，,\s]+", text) if p]
    if parts and all(NAME.match(p) for p in parts):
        return parts
    return [text] if text and len(text) <= 40 else []


def extract(clean: CleanResult, html_meta: dict[str, str] | None = None) -> Meta:
    meta = Meta()
    html_meta = html_meta or {}
    sources: list[tuple[str, str, int]] = []

    if clean.title:
        meta.title = clean.title.line.text
        meta.found["title"] = f"第 {clean.title.line.no} 行"

    def set_once(key: str, value, where: int) -> None:
        if value and not getattr(meta, key):
            setattr(meta, key, value)
            meta.found.setdefault(key, f"第 {where} 行")

    for item in clean.items:
        if item.role != ROLE_META:
            continue
        no = item.line.no
        s = to_simplified(item.line.text)
        if ANONYMOUS.search(s):
            meta.anonymous = True
            meta.found.setdefault("anonymous", f"第 {no} 行")
        post = FORUM_POST.match(s)
        if post:
            meta.poster = post.group("poster").strip()
            set_once("date", parse_date(post.group("date")), no)
            continue
        byline = BYLINE.match(s)
        if byline:
            names = signature_authors(byline.group(2))
            if names and not meta.authors:
                meta.authors = names
                meta.found["authors"] = f"第 {no} 行"
                if item.line.text != " ".join(names):
                    meta.signature = item.line.text
            continue
        if EDITOR_LINE.match(s):
            meta.editor = meta.editor or _clean_name(META_KEY_RE.split(s, 1)[-1].split("：")[-1].split(":")[-1]).strip("）) ")
            continue
        if item.reason == "署名（单位）":
            set_once("authors", [s], no)
            continue
        lead, pairs = segments(s)
        loose = [lead] if lead else []
        for key, value in pairs:
            if key in DATE_KEYS:
                set_once("date", parse_date(value), no)
                rest = TIME.sub(" ", DATE.sub(" ", value)).strip()
                if cjk_count(rest):
                    loose.append(rest)
            elif key in SOURCE_KEYS:
                if value:
                    sources.append((key, value, no))
            elif key in OUTLET_KEYS:
                set_once("outlet", _clean_name(value), no)
            elif key == "作者":
                if not meta.authors:
                    meta.authors = signature_authors(_clean_name(value))
                    meta.found["authors"] = f"第 {no} 行"
            elif key in EDITOR_KEYS:
                meta.editor = meta.editor or _clean_name(value) or None
            elif key in COUNT_KEYS:
                rest = re.sub(r"^\d+", "", value).strip()
                if cjk_count(rest):
                    loose.append(rest)
        for text in loose:
            names = signature_authors(text)
            if names and not meta.authors and (ROLE.search(text) or ORG_WORDS.search(text)):
                meta.authors = names
                meta.signature = text if text != " ".join(names) else None
                meta.found["authors"] = f"第 {no} 行（未标注“作者”的署名）"

    _author_note(clean, meta)
    _publisher_and_outlet(clean, meta, sources, html_meta)
    _from_html(meta, html_meta)
    for item in clean.items[:8]:
        if item.role != ROLE_REMOVED and ANONYMOUS.search(to_simplified(item.line.text)):
            meta.anonymous = True
    _kind(clean, meta)
    return meta


def _author_note(clean: CleanResult, meta: Meta) -> None:
    """"（作者系中共某市委常委、组织部长）" at the end of the text."""
    body = [i for i in clean.items if i.role in (ROLE_BODY, ROLE_META)]
    for item in reversed(body[-4:]):
        m = AUTHOR_NOTE.search(to_simplified(item.line.text))
        if m:
            if not meta.authors:
                meta.authors = signature_authors(m.group(2))
                meta.found["authors"] = f"第 {item.line.no} 行（文末“{m.group(1)}……”）"
            meta.signature = meta.signature or m.group(0).strip("（）()")
            return


def _publisher_and_outlet(clean: CleanResult, meta: Meta, sources: list[tuple[str, str, int]], html_meta: dict[str, str]) -> None:
    site = html_meta.get("og:site_name") or html_meta.get("application-name")
    where = "网页 og:site_name" if site else ""
    if not site and clean.site_names:
        site, where = clean.site_names[0], "页面按钮旁的网站名称"
    if not site:
        for item in clean.removed:
            s = to_simplified(item.line.text)
            for pattern in COPYRIGHT:
                m = pattern.search(s)
                if m:
                    site, where = m.group(1), f"第 {item.line.no} 行的版权信息"
                    break
            if site:
                break
    if not site and html_meta.get("title") and meta.title:
        parts = [p.strip() for p in re.split(r"\s*[_|｜]\s*|\s+[-–—]\s+", html_meta["title"]) if p.strip()]
        if len(parts) >= 2 and SITE_LIKE.search(parts[-1]):
            site, where = parts[-1], "网页标题 <title>"
    if site:
        meta.publisher = to_simplified(site.strip())
        meta.found["publisher"] = where
    for key, value, no in sources:
        name = _clean_name(value)
        if not name or name in NOT_A_SOURCE:
            if ANONYMOUS.search(value):
                meta.anonymous = True
            continue
        if ORG_LINE.match(name) and not SITE_LIKE.search(name):
            # "来源：某某区委组织部" names the body that wrote it, not a publication
            if not meta.authors:
                meta.authors = [name]
                meta.found["authors"] = f"第 {no} 行“{key}”（来源是一个单位）"
            continue
        if SITE_LIKE.search(name):
            if not meta.publisher:
                meta.publisher = name
                meta.found["publisher"] = f"第 {no} 行“{key}”"
            elif name != meta.publisher and not meta.outlet:
                meta.outlet = name
                meta.found["outlet"] = f"第 {no} 行“{key}”"
        elif not meta.outlet:
            meta.outlet = name
            meta.found["outlet"] = f"第 {no} 行“{key}”"


def _from_html(meta: Meta, html_meta: dict[str, str]) -> None:
    if not meta.title:
        title = html_meta.get("h1") or html_meta.get("og:title") or html_meta.get("title")
        if title:
            meta.title = title.strip()
            meta.found["title"] = "网页 <h1>/<title>"
    if not meta.date:
        for key in ("article:published_time", "publishdate", "pubdate", "publish_date", "date", "dc.date"):
            if html_meta.get(key) and parse_date(html_meta[key]):
                meta.date = parse_date(html_meta[key])
                meta.found["date"] = f"网页 <meta {key}>"
                break
    if not meta.authors:
        author = html_meta.get("author") or html_meta.get("article:author")
        if author and not author.startswith("http"):
            meta.authors = signature_authors(to_simplified(author))
            meta.found["authors"] = "网页 <meta author>"
    for key in ("canonical", "og:url"):
        url = html_meta.get(key, "")
        if re.match(r"^https?://\S+$", url):
            meta.url = url
            break


def _kind(clean: CleanResult, meta: Meta) -> None:
    if meta.anonymous:
        meta.kind, meta.kind_reason = "anonymous-upload", "页面注明来源于网友上传"
    elif clean.forum or meta.poster:
        meta.kind, meta.kind_reason = "forum-repost", "页面是论坛帖子（有“发表于”“[复制链接]”等论坛按钮）"
    elif meta.authors and any(ORG_WORDS.search(a) or ORG_LINE.match(a) for a in meta.authors):
        meta.kind, meta.kind_reason = "official-article", f"作者是单位（{meta.authors[0]}）"
    elif meta.signature and ROLE.search(meta.signature):
        meta.kind, meta.kind_reason = "official-article", f"作者署名带职务（{meta.signature}）"
    elif meta.outlet and meta.outlet.endswith("报"):
        meta.kind, meta.kind_reason = "media-report", f"原载于报纸（{meta.outlet}）"
    elif meta.outlet:
        meta.kind, meta.kind_reason = "journal-article", f"原载于{meta.outlet}，看起来是期刊，请核对"
    elif meta.publisher and meta.publisher.endswith("报"):
        meta.kind, meta.kind_reason = "media-report", f"发布方是报纸（{meta.publisher}）"
