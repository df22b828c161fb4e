"""The source's title, date, authors, publisher, outlet and kind, from the sorted lines.

What each page calls these varies; the rules below read what the page states
and never invent: a field stays empty (and the report says so) when the page
does not state it. Metadata lines the cleaner removed (counters, upload
records, label/value tables, a Q&A answer's byline) are read too.

* date: a labelled publication date first (发布时间, 发表于 ...), then a bare
  date on a metadata line (2019-03-14 18:04:08 来源：…, 2019-08-03黄俊尧,
  2012年02月22日), then a labelled update or upload time; a journal issue
  (2018年第6期) gives the year only when nothing else does;
* authors: "作者："; a byline (文◎陈超 马展, 本报记者 赵文海 通讯员 孙晴); a line of
  names under the title (兰 奎,王洪辉); a date with a name glued to it; a WeChat
  byline (原创 作者 公众号); a line under the title naming an organisation; a
  signature with a post (中共某县委常委、组织部长 邓某); "来源：" naming an
  organisation; "（作者系……）" at the end; "作者简介：某某（1980-）"; names are
  given in simplified characters, the signature as printed goes to the note;
* publisher (发布方) is the site or paper the article was captured from: the
  site name next to page buttons, the name heading the page or its
  breadcrumb, the copyright line, ``og:site_name``, a WeChat account; failing
  those, a "来源:" naming a website;
* outlet (原载) is the original publication the page names: "原载", "转自",
  a "来源:"/"出处:" naming a paper or magazine (《政治学研究》2018年第6期 ->
  政治学研究), a journal and issue line (党政研究 2019年4期);
* kind follows from what the page says: "来源于网友上传" -> anonymous-upload,
  forum furniture or a forum/Q&A poster -> forum-repost, an official or
  organisation author -> official-article, else from the outlet (报 ->
  media-report, else journal-article).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import evidence as ev
from .chars import to_simplified
from .clean import BYLINE, FORUM_POST, ORG_LINE, REPLY_REASON, ROLE_META, ROLE_REMOVED, CleanResult, Item
from .lines import CJK, cjk_count

ROLE = re.compile(r"(书记|部长|主任|常委|局长|处长|厅长|县长|市长|区长|省长|委员|主席|科长|调研员|巡视员|校长|院长|党组|组长|同志)")
ORG_WORDS = re.compile(r"(部|委|厅|局|办|院|会|中心|处|室|党委|党组|政府|组织|机关)$")
SITE_LIKE = re.compile(r"(网|网站|在线|论坛|贴吧|频道|客户端|门户|博客|文库|知道|\.com|\.cn|\.net|\.org)$", re.I)
# 新华社兰城5月28日电（记者郑思远、韩雪）, 本报讯（记者 某某 通讯员 某某）: a news dateline
DATELINE = re.compile(r"^.{0,30}?(?:电|讯|消息)\s*[（(]\s*(?P<who>(?:本报|本刊|特约)?(?:记者|通讯员)[^）)]{2,40})[）)]")

ANONYMOUS = re.compile(r"网友上传|网友投稿|来源于网络|来自网络|来源于互联网|网络转载|会员分享|用户上传|由用户提供")
NOT_A_SOURCE = {"网友上传", "网友投稿", "网络", "互联网", "本站", "原创", "本站原创", "本网", "网络整理", "综合"}
NOBODY = {"佚名", "匿名", "未知", "不详", "admin", "管理员", "小编", "本站", "本网", "网友", "匿名用户", "网友投稿", "网友上传", "投稿", "原创"}
AUTHOR_NOTE = ev.AUTHOR_NOTE
PROFILE = re.compile(rf"作者简介\s*[:：]?\s*(?P<name>[{CJK}·]{{2,6}}?)\s*[（(，,]")
COPYRIGHT = [
    re.compile(f"(?:Copyright|版权所有|©)[\\s©\\d\\-–—()（）:：cC]*([{CJK}A-Za-z]{{2,20}}?(?:网|网站|在线|论坛|社区|日报|报社|杂志社|出版社|报|博客|文库))"),
    re.compile(f"([{CJK}A-Za-z]{{2,20}}?(?:网|网站|在线|日报|报|论坛|博客|文库))\\s*(?:社)?\\s*版权所有"),
    re.compile(f"^\\s*([{CJK}A-Za-z0-9]{{2,12}})\\s+版权所有"),
]
DATE_PRIORITY = {
    "发布时间": 3, "发布日期": 3, "发表时间": 3, "发表日期": 3, "发稿时间": 3, "发文日期": 3, "成文日期": 3, "刊发日期": 3,
    "见报日期": 3, "出版日期": 3, "发布于": 3, "发表于": 3, "时间": 2, "日期": 2, "回答者": 2.5, "回答时间": 2.5,
    "编辑于": 2.5, "回答于": 2.5, "写于": 2.5, "更新时间": 1, "更新日期": 1, "更新于": 1, "上传时间": 1, "上传日期": 1, "上传于": 1, "创建时间": 1, "提问者": 0.5, "提问时间": 0.5,
}
_ISSUE_TAIL = re.compile(r"\s*(?:(?:19|20)\d{2}\s*年\s*(?:第\s*)?\d{1,3}\s*期|第\s*\d+\s*[版期]|[Pp]\s*\d+\s*[-–]\s*\d+|[（(]?\d{4}[)）]?).*$")


@dataclass
class Meta:
    title: str | None = None  # as printed (traditional stays traditional)
    date: str | None = None  # YYYY-MM-DD, YYYY-MM or YYYY
    authors: list[str] = field(default_factory=list)  # simplified
    signature: str | None = None  # the byline as printed, when it says more than the names
    publisher: str | None = None
    outlet: str | None = None
    editor: str | None = None
    poster: str | None = None  # forum or Q&A user who posted the article
    url: str | None = None
    kind: str | None = None
    kind_reason: str = ""
    anonymous: bool = False
    found: dict[str, str] = field(default_factory=dict)  # field -> where it was found, for the report

    def missing(self) -> list[str]:
        names = {"title": "标题", "date": "发布日期", "authors": "作者", "publisher": "发布方"}
        return [label for key, label in names.items() if not getattr(self, key)]


def parse_date(text: str) -> str | None:
    found = ev.find_date(text)
    return found[0] if found else None


def signature_authors(text: str) -> list[str]:
    """Names in a signature: "中共某县委常委、组织部长 邓某" -> [邓某]; "陈超 马展" -> both."""
    text = text.strip()
    tokens = text.split()
    if len(tokens) >= 2 and ev.names(tokens[-1]) and ROLE.search(" ".join(tokens[:-1])):
        return [tokens[-1]]
    found = ev.names(text)
    if found:
        return found
    return [text] if text and len(text) <= 40 else []


def clean_value(value: str) -> str:
    """A source or outlet as written: 《政治学研究》2018年第6期 -> 政治学研究; 东南在线-党建频道 stays."""
    value = re.sub(r"^[\s《〈“\"'「]+", "", value)
    value = re.split(r"\s{2,}|\s+(?=[\u4e00-\u9fff]{1,4}\s*[:：])", value.strip())[0]
    value = re.sub(r"[》〉”\"'」]", "", value)
    value = _ISSUE_TAIL.sub("", value)
    value = re.split(r"\s+(?:本报|本刊|特约)?(?:记者|通讯员|作者|编辑)|\s+(?:19|20)\d{2}[-/.年]", value)[0]  # 湖西日报 记者 周凯
    return value.strip(" 　:：,，。;；|-【】[]()（）")


class _Best:
    """The value with the highest priority seen so far (the first one on ties)."""

    def __init__(self) -> None:
        self.value = None
        self.priority = float("-inf")
        self.where = ""

    def offer(self, value, priority: float, where: str) -> None:
        if value and priority > self.priority:
            self.value, self.priority, self.where = value, priority, where


def extract(clean: CleanResult, html_meta: dict[str, str] | None = None) -> Meta:
    meta = Meta()
    html_meta = html_meta or {}
    date, authors, outlet, publisher = _Best(), _Best(), _Best(), _Best()
    sources: list[tuple[str, str, int]] = []

    if clean.title:
        meta.title = clean.title.line.text
        meta.found["title"] = f"第 {clean.title.line.no} 行"
    title_pos = clean.items.index(clean.title) if clean.title else 0

    for pos, item in enumerate(clean.items):
        no = item.line.no
        s = to_simplified(item.line.text)
        if pos < title_pos + 12 and ANONYMOUS.search(s):
            meta.anonymous = True
            meta.found.setdefault("anonymous", f"第 {no} 行")
        if item.role == ROLE_META and item.kind == "names":
            authors.offer(ev.names(s), 3, f"第 {no} 行（标题下的署名）")
            continue
        if item.role == ROLE_META and item.reason == "署名（单位）":
            authors.offer([s], 2.5, f"第 {no} 行（标题下的单位署名）")
            continue
        if item.meta is None or item.reason == REPLY_REASON:
            continue  # a reply's byline is not the article's
        _read_pieces(item, s, meta, date, authors, outlet, publisher, sources)

    _author_note(clean, meta, authors)
    _header_date(clean, date)
    _crumb_issue(clean, date, outlet)
    _signature(clean, authors)
    for key, value, no in sources:
        _source(key, value, no, meta, authors, outlet, publisher)
    _publisher(clean, html_meta, publisher)
    meta.date, meta.found["date"] = date.value, date.where
    if authors.value:
        meta.authors, meta.found["authors"] = authors.value, authors.where
    meta.outlet, meta.found["outlet"] = outlet.value, outlet.where
    if publisher.value:
        meta.publisher, meta.found["publisher"] = to_simplified(publisher.value.strip()), publisher.where
    meta.found = {k: v for k, v in meta.found.items() if v}
    _from_html(meta, html_meta)
    _kind(clean, meta)
    return meta


def _read_pieces(item: Item, s: str, meta: Meta, date: _Best, authors: _Best, outlet: _Best, publisher: _Best, sources: list) -> None:
    no = item.line.no
    post = FORUM_POST.match(s)
    if post:  # 龙岩老秘 发表于 2011-6-20: a forum user, not an author
        meta.poster = meta.poster or post.group("poster").strip()
        date.offer(parse_date(post.group("date")), 3, f"第 {no} 行")
        return
    for piece in item.meta.pieces:
        label, value = piece.label, piece.value
        if not label:
            same = len(item.line.text) == len(s) and item.meta.exact
            printed = item.line.text[piece.start: piece.end].strip() if same else None
            # 2016-11-01 19:05 提问者：…: the date of a question, not of the answer
            weight = next((DATE_PRIORITY[p.label] for p in item.meta.pieces if p.label in ("提问者", "回答者")), 2)
            _read_lead(value, no, meta, date, authors, outlet, publisher, printed, weight)
            continue
        kind = ev.label_kind(label)
        where = f"第 {no} 行“{label}”"
        if kind == "date" or label in DATE_PRIORITY:
            found = ev.find_date(value)
            if found:
                date.offer(found[0], DATE_PRIORITY.get(label, 2), where)
                rest = ev.TIME.sub(" ", value.replace(found[1].group(), " ")).strip()
                if label in ("回答者", "提问者", "发表于"):
                    rest = ""
                if rest and cjk_count(rest) and not ev.only_buttons(rest):
                    _read_lead(rest, no, meta, date, authors, outlet, publisher)
            if label in ("回答者",) and value:
                meta.poster = meta.poster or re.split(r"[\s|｜]+", value)[0]
        elif kind == "source":
            if value:
                sources.append((label, value, no))
                issue = ev.ISSUE.search(value)
                if issue:
                    date.offer(issue.group("year"), 0.1, f"{where}（期号中的年份）")
        elif kind == "outlet":
            outlet.offer(clean_value(value), 3, where)
            issue = ev.ISSUE.search(value)
            if issue:
                date.offer(issue.group("year"), 0.1, f"{where}（期号中的年份）")
        elif kind == "author":
            value = re.sub(r"\s*[【\[]\s*[】\]]\s*", " ", value).strip()
            if not value or value in NOBODY:
                continue
            found = ev.names(value) or (signature_authors(clean_value(value)) if not ev.only_buttons(value) else [])
            found = [a for a in found if a not in NOBODY]
            if found:
                priority = 3 if label in ("作者", "作者姓名", "撰稿", "撰文", "撰稿人", "文", "记者", "通讯员") else 2
                authors.offer(found, priority, where)
                if value != " ".join(found) and not ev.names(value):
                    meta.signature = meta.signature or value
        elif kind == "editor":
            if label in ("责任编辑", "责编", "编辑") and value:
                meta.editor = meta.editor or clean_value(value).strip("）)】] ")
        elif kind == "counter":
            # 访问次数: 中共福建省大田县委常委、组织部长 邓善存 — text after an empty counter
            count = ev.COUNT_VALUE.match(value)
            rest = value[count.end():].strip() if count and re.search(r"\d", count.group()) else value.strip()
            if cjk_count(rest):
                _read_lead(rest, no, meta, date, authors, outlet, publisher)


def _read_lead(
    text: str, no: int, meta: Meta, date: _Best, authors: _Best, outlet: _Best, publisher: _Best,
    printed: str | None = None, weight: float = 2,
) -> None:
    """Text on a metadata line outside any label: a date, names, a byline, a journal issue.

    ``printed`` is the same text in the page's own characters, for the signature.
    """
    where = f"第 {no} 行"
    post = FORUM_POST.match(text)
    if post:
        meta.poster = post.group("poster").strip()
        date.offer(parse_date(post.group("date")), 3, where)
        return
    byline = BYLINE.match(text)
    if byline:
        found = signature_authors(byline.group(2))
        authors.offer(found, 3, where)
        if found and text != " ".join(found):
            meta.signature = meta.signature or printed or text
        return
    found = ev.find_date(text)
    rest = text
    if found:
        date.offer(found[0], weight, where)
        rest = text.replace(found[1].group(), " ")
    rest = ev.EDITION.sub(" ", ev.WEEKDAY.sub(" ", ev.TIME.sub(" ", rest)))
    rest = " ".join(re.sub(r"[()（）【】\[\]|｜]+", " ", rest).split())
    if rest.startswith("原创") or found and re.search(r"发表于[\u4e00-\u9fff]{2,8}$", rest):
        # WeChat: 原创 作者 公众号 2023-05-06 08:00 发表于浙江, or 公众号 2022-11-03 17:30 发表于浙江; 原创2021-09-10·青禾组工
        tokens = list(dict.fromkeys(re.sub(r"^原创|发表于\S*|[·•]", " ", rest).split()))
        if len(tokens) >= 2 and ev.names(tokens[0]):
            authors.offer([tokens[0]], 3, f"{where}（微信公众号署名）")
            publisher.offer(tokens[1], 2, f"{where}（微信公众号）")
        elif tokens:
            publisher.offer(tokens[-1], 2, f"{where}（微信公众号）")
        return
    issue = ev.ISSUE.search(rest)
    if issue and not rest[issue.end():].strip(" ）)"):
        name = rest[: issue.start()].strip(" 《》<>")
        if name:
            outlet.offer(name, 2.5, f"{where}（期刊和期号）")
        date.offer(issue.group("year"), 0.1, f"{where}（期号中的年份）")
        return
    site = ev.SITE_FIRST.match(rest)
    if site and rest[site.end():].strip() and found:
        publisher.offer(site.group().strip(), 1, where)
        rest = rest[site.end():].strip()
    if not rest:
        return
    people = ev.names(rest, glued=bool(found))
    if people:
        authors.offer(people, 2 if found else 2.5, where)
        return
    rest = ev.CLIENT.sub("", rest).strip()
    account = re.fullmatch(r"([\u4e00-\u9fffA-Za-z0-9]{2,12})(?: [\u4e00-\u9fff]{2,3})?", rest)
    if found and account:
        publisher.offer(account.group(1), 1.5, f"{where}（标题下与日期并列的发布者）")  # 南湖发布 2021-07-01 18:00
        return
    if ROLE.search(rest) or ORG_WORDS.search(rest):
        names = signature_authors(rest)
        if names:
            authors.offer(names, 2.5, f"{where}（未标注“作者”的署名）")
            if rest != " ".join(names):
                meta.signature = meta.signature or (printed if printed and to_simplified(printed) == rest else rest)


def _crumb_issue(clean: CleanResult, date: _Best, outlet: _Best) -> None:
    """期刊 > 地方治理研究 > 2022年02期: a journal and its issue at the end of a breadcrumb."""
    for item in clean.removed[:12]:
        s = to_simplified(item.line.text)
        parts = [p.strip() for p in re.split(r"\s*(?:>>?|›|»)\s*", s) if p.strip()]
        if len(parts) >= 2 and ev.ISSUE.fullmatch(parts[-1]):
            name = parts[-2].strip("《》")
            if 2 <= len(name) <= 20:
                outlet.offer(name, 0.5, f"第 {item.line.no} 行（面包屑导航中的期刊和期号）")
                date.offer(ev.ISSUE.fullmatch(parts[-1]).group("year"), 0.1, f"第 {item.line.no} 行（期号中的年份）")
                return


def _signature(clean: CleanResult, authors: _Best) -> None:
    """中共某县委组织部 / 2021年8月5日 closing a document: the organisation that signed it."""
    kept = [i for i in clean.items if i.role != ROLE_REMOVED]
    for a, b in zip(kept[-6:], kept[-5:]):
        s = to_simplified(a.line.text).strip()
        if ORG_LINE.match(s) and ev.find_date(b.line.text) and len(b.line.text.strip()) <= 16:
            authors.offer([s], 1.5, f"第 {a.line.no} 行（文末落款）")
            return


def _header_date(clean: CleanResult, date: _Best) -> None:
    """Failing all else, a date in the furniture above the text (文档 2021-12-28 上传 5页)."""
    for item in clean.items:
        if item.kind == "prose":
            break
        if item.role == ROLE_REMOVED and item.kind == "furniture":
            found = ev.find_date(to_simplified(item.line.text))
            if found:
                date.offer(found[0], 0.05, f"第 {item.line.no} 行（页面头部的日期，请核对）")
                return


def _author_note(clean: CleanResult, meta: Meta, authors: _Best) -> None:
    """"（作者系中共某市委常委、组织部长）" at the end of the text; "作者简介：某某（1980-）"; a news dateline."""
    body = [i for i in clean.items if i.role != ROLE_REMOVED]
    first = next((i for i in body if i.kind == "prose"), None)
    if first:
        m = DATELINE.match(to_simplified(first.line.text))
        found = ev.names(m.group("who")) if m else None
        if found:
            authors.offer(found, 2, f"第 {first.line.no} 行（电头中的记者署名）")
    for item in body:
        m = PROFILE.search(to_simplified(item.line.text))
        if m and ev.names(m.group("name")):
            authors.offer([m.group("name")], 1, f"第 {item.line.no} 行（作者简介）")
            break
    for item in reversed(body[-4:]):
        m = AUTHOR_NOTE.search(to_simplified(item.line.text))
        if m:
            authors.offer(signature_authors(m.group(2)), 1, f"第 {item.line.no} 行（文末“{m.group(1)}……”）")
            meta.signature = meta.signature or m.group(0).strip("（）()")
            return


def _source(key: str, value: str, no: int, meta: Meta, authors: _Best, outlet: _Best, publisher: _Best) -> None:
    if re.search("[>›»]", value):
        return  # 来自：某某 > 《党建资料》: a folder on the site, not a source
    name = clean_value(value)
    where = f"第 {no} 行“{key}”"
    if not name or name in NOT_A_SOURCE:
        if ANONYMOUS.search(value):
            meta.anonymous = True
        return
    site = re.split(r"\s*[-－—–_|]\s*", name)[0]
    if "《" not in value and (SITE_LIKE.search(site) or SITE_LIKE.search(name)):
        if not publisher.value:
            publisher.offer(site, 0.5, where)
        elif to_simplified(site) != to_simplified(publisher.value):
            outlet.offer(site, 1, where)
        return
    if ORG_LINE.match(name):
        # "来源：某某区委组织部" names the body that wrote it, not a publication
        authors.offer([name], 1.5, f"{where}（来源是一个单位）")
        return
    outlet.offer(name, 2, where)


def _publisher(clean: CleanResult, html_meta: dict[str, str], publisher: _Best) -> None:
    site = html_meta.get("og:site_name") or html_meta.get("application-name") or html_meta.get("sitename")
    if site:
        publisher.offer(site, 10, "网页 og:site_name")
    if clean.site_names:
        publisher.offer(clean.site_names[0], 9, "页面按钮旁的网站名称")
    head = _page_head_name(clean)
    if head:
        publisher.offer(head[0], 8, head[1])
    for item in clean.removed:
        s = to_simplified(item.line.text)
        for pattern in COPYRIGHT:
            m = pattern.search(s)
            if m:
                publisher.offer(m.group(1), 7, f"第 {item.line.no} 行的版权信息")
                break
    title = html_meta.get("title")
    if title:
        parts = [p.strip() for p in re.split(r"\s*[_|｜]\s*|\s+[-–—]\s+", title) if p.strip()]
        if len(parts) >= 2 and SITE_LIKE.search(parts[-1]):
            publisher.offer(parts[-1], 1, "网页标题 <title>")


def _page_head_name(clean: CleanResult) -> tuple[str, str] | None:
    """The site's name heading the page or its breadcrumb: 华声报 | 要闻 | …, 您当前位置：中国论文网 > …"""
    title_pos = clean.items.index(clean.title) if clean.title else len(clean.items)
    for item in clean.items[: max(title_pos, 1)][:8]:
        if item.role != ROLE_REMOVED:
            continue
        s = to_simplified(item.line.text).strip()
        s = re.sub(r"^(?:您|你)?(?:当前|现在|所在)?的?位置\s*[:：]\s*", "", s)
        first = re.split(r"\s*(?:[|｜>›»·•]+|>>|\s+[-–—]\s+)\s*|\s+", s)[0].strip()
        first = re.sub(r"(首页|数字报|电子版|手机版)$", "", first) if len(first) > 4 else first
        if re.search("(简报|快报|专报|通报|情况|参考|动态)$", first):
            continue  # a bulletin's name heading a document, not a site
        if 2 <= len(first) <= 20 and (SITE_LIKE.search(first) or re.search("(日报|晚报|报|人民政府|政府网|文档|资源网)$", first)):
            return first, f"第 {item.line.no} 行（页面顶部的网站名称）"
    return None


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
        meta.kind, meta.kind_reason = "forum-repost", "页面是论坛帖子或问答（有“发表于”“[复制链接]”“回答者”等）"
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
