"""What one line of a page looks like: the evidence the cleaner decides by.

Every function here reads a single line in simplified characters and measures
something about it: is it prose, is it made of labels and their values
(metadata), of buttons and links (furniture), of link text injected by spam
networks, of people's names, of a date. None of them decides what happens to
the line: ``clean.py`` weighs them together with the line's position and its
repetition on the page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import vocab
from .lines import CJK, cjk_count

SENTENCE_END = "。！？!?；;…"

# --- dates ---------------------------------------------------------------------------------------
# 2019-03-14, 2019/3/14, 2019.03.14, 2019年3月14日, 2012年02月22日; never 2019年4期
DATE = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d{2})\s*(?:(?P<sep>[-/.])\s*(?P<m1>\d{1,2})(?:\s*(?P=sep)\s*(?P<d1>\d{1,2}))?(?![\d.])"
    r"|年\s*(?P<m2>\d{1,2})\s*月(?:\s*(?P<d2>\d{1,2})\s*[日号]?)?)"
)
TIME = re.compile(r"(?<!\d)\d{1,2}:\d{2}(?::\d{2})?(?!\d)")
WEEKDAY = re.compile(r"星期[一二三四五六日天]|周[一二三四五六日]")
EDITION = re.compile(r"第\s*[A-Z]?\d{1,3}\s*版\s*(?:[:：]\s*[\u4e00-\u9fff]{0,8})?")  # 第A03版：要闻, an e-paper's page
ISSUE = re.compile(r"(?P<year>(?:19|20)\d{2})\s*年\s*(?:第\s*)?(?P<no>\d{1,3})\s*期")


def find_date(text: str) -> tuple[str, re.Match] | None:
    """The first plausible date in ``text``: (YYYY-MM-DD or YYYY-MM, match)."""
    for m in DATE.finditer(text):
        year = int(m.group("y"))
        month = m.group("m1") or m.group("m2")
        day = m.group("d1") or m.group("d2")
        if not month or not 1 <= int(month) <= 12:
            continue
        if day and 1 <= int(day) <= 31:
            return f"{year:04d}-{int(month):02d}-{int(day):02d}", m
        return f"{year:04d}-{int(month):02d}", m
    return None


# --- prose ---------------------------------------------------------------------------------------
def is_prose(s: str) -> bool:
    n = cjk_count(s)
    return n >= 80 or (n >= 30 and ("。" in s or s.count("，") + s.count(",") >= 2))


def sentence(s: str) -> bool:
    """Ends like a sentence: 。！？ (after closing quotes or brackets)."""
    return bool(re.search(f"[{SENTENCE_END}][”’」』）)】]*$", s.strip()))


# --- labels ---------------------------------------------------------------------------------------
_LABEL_NAMES = "(?i:posted)|" + vocab.alternation([w for w in vocab.META_LABELS if w not in vocab.SHORT_COUNTERS and w != "posted"] + ["发表于", "发布于", "更新于", "上传于", "编辑于", "回答于", "写于", "创建于"])
LABEL = re.compile(
    rf"(?:^|(?<=[\s|｜/,，;；【\[〔(（]))(?P<label>{_LABEL_NAMES}|(?:{vocab.alternation(vocab.SHORT_COUNTERS)})(?=\s*[:：]\s*\d))"
    rf"\s*(?:[:：]|\s*｜|(?<=于)\s*(?=\d)|(?<=posted)\s*@\s*)"  # 作者｜张晴 (WeChat), posted @ 2020-03-01 (blogs)
)
_SPACED_LABELS = "|".join(r"\s*".join(map(re.escape, w)) for w in sorted(vocab.META_LABELS, key=len, reverse=True))
BRACKETED = re.compile(rf"[〔\[【]\s*(?P<label>{_SPACED_LABELS})\s*[〕\]】]\s*[:：]?")
COUNT_VALUE = re.compile(r"\s*[(（]?\s*\d[\d,.]*\s*[)）]?\s*(?:人次|次|人|个|条|篇|万)?")  # used with .match


@dataclass
class Piece:
    label: str  # "" for text before the first label
    value: str
    start: int  # span of the whole piece (label and value) in the line
    end: int


def pieces(s: str) -> list[Piece]:
    """The line cut at each known label: [Piece(label, value, start, end), ...]."""
    matches = list(LABEL.finditer(s))
    out = []
    if not matches or matches[0].start() > 0:
        end = matches[0].start() if matches else len(s)
        if s[:end].strip():
            out.append(Piece("", s[:end].strip(), 0, end))
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(s)
        out.append(Piece(m.group("label"), s[m.end(): end].strip(), m.start(), end))
    return out


# What a label says, checked in this order (原载 is an outlet before it is a source)
_LABEL_KINDS = (
    ("counter", vocab.COUNTER_LABELS), ("site", vocab.SITE_INFO_LABELS), ("editor", vocab.EDITOR_LABELS),
    ("outlet", vocab.OUTLET_LABELS), ("source", vocab.SOURCE_LABELS), ("author", vocab.AUTHOR_LABELS),
    ("keyword", vocab.KEYWORD_LABELS),
)


def label_kind(label: str) -> str:
    if label in vocab.DATE_LABELS or label.endswith("于"):
        return "date"
    return next((kind for kind, words in _LABEL_KINDS if label in words), "other")


# --- names ---------------------------------------------------------------------------------------
_NAME = re.compile(f"^[{CJK}]{{2,4}}$|^[{CJK}]{{1,6}}·[{CJK}]{{1,8}}$")
_LONG_ROLES = [r for r in vocab.BYLINE_ROLES if len(r) >= 2 and "/" not in r]
_ROLES = re.compile(
    # 记者郑思远: a role of two or more characters may touch the name; 文 or 图 must be set apart (文◎陈超)
    f"(?:^|(?<=[\\s、，,]))(?:(?:{vocab.alternation(_LONG_ROLES)})(?:\\s*[:：◎/／|｜·]\\s*|\\s*)"
    f"|(?:{vocab.alternation(vocab.BYLINE_ROLES)})(?:\\s*[:：◎/／|｜·]\\s*|\\s+))"
)


def is_name(token: str) -> bool:
    if not _NAME.match(token) or token in vocab.NOT_NAMES:
        return False
    if "·" in token:
        return True
    return token[0] in vocab.SURNAMES or token[:2] in vocab.COMPOUND_SURNAMES


def _split_glued(token: str) -> list[str] | None:
    """徐明强许汉泽 -> [徐明强, 许汉泽]: names printed without a space, cut where every part is a name."""
    best = None
    for sizes in ((3, 3), (2, 3), (3, 2), (2, 2), (3, 3, 3), (2, 3, 3), (3, 2, 3), (3, 3, 2), (2, 2, 3), (2, 3, 2), (3, 2, 2), (2, 2, 2)):
        if sum(sizes) != len(token):
            continue
        parts, pos = [], 0
        for size in sizes:
            parts.append(token[pos: pos + size])
            pos += size
        if all(is_name(p) for p in parts):
            best = best or parts
    return best


def names(text: str, *, roles: bool = True, glued: bool = False) -> list[str] | None:
    """People's names making up the whole of ``text`` (兰 奎,王洪辉 -> [兰奎, 王洪辉]), else None.

    A one-character given name is often set apart by a space (刘 婷); byline
    roles (本报记者, 通讯员) between the names are dropped when ``roles``;
    names printed without a space are cut apart when ``glued`` (only where
    the context says names follow, such as right after a date).
    """
    text = text.strip(" 　()（）【】[]")
    if roles:
        text = _ROLES.sub(" ", text)
    tokens = [t for t in re.split(r"[\s、，,;；/|]+", text) if t]
    merged: list[str] = []
    for t in tokens:
        if merged and len(t) == 1 and len(merged[-1]) == 1 and merged[-1] in vocab.SURNAMES:
            merged[-1] += t
        else:
            merged.append(t)
    if merged and all(is_name(t) for t in merged):
        return merged
    if glued and len(merged) == 1 and len(merged[0]) >= 4:
        return _split_glued(merged[0])
    return None


# --- furniture, boilerplate, spam ------------------------------------------------------------------
_BUTTON = re.compile(
    r"(?:【[^】]{0,8}】|\[[^\]]{0,8}\]|\d{1,2}:\d{2}/\d{1,2}:\d{2}|[(（]\s*\d*\s*[)）]|\d+\s*楼|#\d+|"
    r"\d[\d,.]*\s*[万千kKwW]?\s*(?:个回答|条评论|条回复|人赞同了该回答|人赞同|人关注|人收藏|次浏览|次阅读|人阅读)|"
    + vocab.alternation(vocab.BUTTONS + vocab.COUNTER_LABELS) + ")"
)
_WIDGET = re.compile(vocab.alternation(vocab.WIDGET_PHRASES + vocab.NOTICE_PHRASES), re.I)
_NOTICE = re.compile(vocab.alternation(vocab.NOTICE_PHRASES), re.I)
_FOOTER = re.compile(vocab.alternation(vocab.FOOTER_PHRASES), re.I)
_SELF = re.compile(vocab.alternation(vocab.SITE_SELF), re.I)
_SPAM_STRONG = re.compile(vocab.alternation(vocab.SPAM_STRONG))
_SPAM_WEAK = re.compile(vocab.alternation(vocab.SPAM_WEAK))


def only_buttons(s: str) -> bool:
    """Nothing but buttons, counters and separators: 打印 | 关闭, 阅读(123) ┊ 评论 (0)."""
    rest = re.sub(r"[\s|｜/·•\-–—>›»<‹«:：,，、;；_┊┆▼▲◆■□●○★☆→←↑↓]+|\d[\d,.]*[万千亿kKwW]?", "", _BUTTON.sub("", s))
    return bool(_BUTTON.search(s)) and not rest


def widget(s: str) -> str | None:
    """A widget or notice phrase in the line (扫描二维码, 阅读原文, 版权所有 ...)."""
    m = _WIDGET.search(s)
    return m.group() if m else None


def notice(s: str) -> str | None:
    """A notice of the site about itself (版权说明, 网友上传, 全文共…当前显示 ...)."""
    m = _NOTICE.search(s)
    return m.group() if m else None


def footer_phrase(s: str) -> str | None:
    """A phrase that starts what follows an article (上一篇, 相关阅读, 版权所有 ...), near the start of a short line."""
    m = _FOOTER.search(s)
    return m.group() if m and m.start() <= 6 else None


def self_reference(s: str) -> int:
    """How many words by which a site speaks of itself (本站, 下载, 会员 ...) the line has."""
    return len(set(m.group().lower() for m in _SELF.finditer(s)))


def spam_score(s: str) -> int:
    """Strong spam words count 2, weak ones 1 (distinct words)."""
    strong = {m.group().lower() for m in _SPAM_STRONG.finditer(s)}
    weak = {m.group() for m in _SPAM_WEAK.finditer(s)} - strong
    return 2 * len(strong) + len(weak)


def segments(s: str) -> list[str]:
    """The line cut at separators that link lists use (| _ · > and wide spaces)."""
    return [p for p in re.split(r"\s*[|｜_·•>›»]+\s*|\s{2,}|\s*>>\s*", s) if p.strip()]


def link_like(s: str) -> bool:
    """Three or more short pieces without a sentence among them: a menu, breadcrumb or link list."""
    parts = segments(s)
    return len(parts) >= 3 and all(len(p) <= 16 for p in parts) and not re.search("[。；;！？]", s)


def breadcrumb(s: str) -> bool:
    """您当前位置：首页 > 新闻 > 正文, or 东南在线>>党建频道>>地方动态."""
    if re.match(r"^(?:您|你)?(?:当前|现在|所在)?的?(?:位置|所在位置)\s*[:：]", s):
        return True
    parts = [p for p in re.split(r"\s*(?:>>?|›|»|→|/)\s*", s) if p.strip()]
    return len(parts) >= 3 and sum(1 for p in parts if cjk_count(p)) >= 3 and all(len(p) <= 30 for p in parts) and not sentence(s)


# --- a whole-line view ---------------------------------------------------------------------------
@dataclass
class Meta:
    """What a metadata line says, piece by piece."""

    pieces: list[Piece] = field(default_factory=list)
    date: str | None = None
    informative: bool = False  # states a date, source, author or keywords (kept in the clean text)
    exact: bool = True  # piece positions are positions in the line (no bracketed label was rewritten)


AUTHOR_NOTE = re.compile(r"[（(]\s*(作者(?:系|是|为|单位\s*[:：]?))\s*([^）)]{2,60})[）)]")
FILE_NAME = re.compile(r"\.(?:docx?|pdf|pptx?|xlsx?|txt|wps|caj)$", re.I)


def affiliation(s: str) -> bool:
    """(1.清华大学 社会科学学院,北京 100084;2.……) or 作者单位 in brackets."""
    return bool(re.match(r"^[(（].*(?:大学|学院|党校|研究院|研究所|研究中心|委员会|学校).*[)）]$", s)) and not sentence(s.strip("()（）"))


CLIENT = re.compile(r"\s*来自\s*\S+(?:\s+[A-Za-z0-9.]+)?\s*$")
_UNKNOWN_LABEL = re.compile(r"^([\u4e00-\u9fff]{2,6})\s*[:：]\s*")
SITE_FIRST = re.compile(f"^[{CJK}A-Za-z]{{2,12}}(?:网|在线|日报|晚报|报|频道|客户端)(?:\\s+|$)")
_INFORMATIVE = {"date", "source", "outlet", "author", "keyword"}
_ORIGINAL = re.compile(r"^原创")  # a WeChat byline: 原创 作者 公众号 2023-05-06 08:00


def _explained_lead(lead: str) -> bool:
    """Can the text before the first label be part of a metadata line?"""
    if not lead:
        return True
    rest = lead
    found = find_date(rest)
    if found:
        rest = rest.replace(found[1].group(), " ")
    rest = WEEKDAY.sub(" ", TIME.sub(" ", rest))
    rest = _BUTTON.sub(" ", rest)
    rest = re.sub(r"[\s|｜/·•\-–—()（）【】\[\]:：,，]+", " ", rest).strip()
    if not rest:
        return True
    if names(rest):
        return True
    # a short name: 老刘头 发表于 ..., 人民网-党建频道 2021年06月18日
    return len(rest) <= 20 and not re.search(f"[{SENTENCE_END}，,]", rest) and len(rest.split()) <= 3


def metadata(s: str) -> Meta | None:
    """The metadata a line is made of, or None when it is something else.

    A metadata line is explained, all of it, by known labels with short values
    (来源：某某日报 作者：某某 浏览：0次), dates and times, people's names, a
    journal and its issue (党政研究 2019年4期), a WeChat byline, and buttons.
    """
    s = s.strip()
    if not s or len(s) > 200:
        return None
    # 〔关键词〕, [摘 要], 【作者】 are labels too
    original = s
    s = BRACKETED.sub(lambda m: m.group("label").replace(" ", "").replace("\u3000", "") + "：", s)
    exact = s == original
    found = find_date(s)
    date = found[0] if found else None
    ps = pieces(s)
    labelled = [p for p in ps if p.label]
    if len(labelled) >= 2 and ps[0].label == "" and _UNKNOWN_LABEL.match(ps[0].value):
        # 文档名称：…… 格式：doc 大小：28KB: a label the vocabulary lacks, in a line made of labels
        m = _UNKNOWN_LABEL.match(ps[0].value)
        ps[0] = Piece(m.group(1), ps[0].value[m.end():].strip(), ps[0].start, ps[0].end)
        labelled = [p for p in ps if p.label]
    if labelled:
        lead = ps[0].value if not ps[0].label else ""
        if not _explained_lead(lead):
            return None
        told = 1 if lead and (date or names(_BUTTON.sub(" ", DATE.sub(" ", TIME.sub(" ", lead))))) else 0
        site = 0
        for p in labelled:
            kind = label_kind(p.label)
            value = p.value
            if kind == "keyword" and cjk_count(value) >= 30 and p.label not in ("关键词", "关键字", "主题词"):
                return None  # 摘要：…… a paragraph of the article
            if p.label in ("关键词", "关键字") and cjk_count(value) >= 6 and not re.search(r"[\s;；,，、|/]", value):
                site += 2  # 关键词:夜校干部乡镇 — words glued together by the site, not the author's list
                continue
            if len(value) > 80 and kind not in ("keyword",):
                return None
            if kind == "source" and re.search("[>›»]", value):
                site += 1  # 来自：山里人家 > 《党建资料》 — a collector's folder, not a source
            elif kind in _INFORMATIVE and value and not only_buttons(value):
                told += 1
            elif p.label in vocab.RECORD_LABELS:
                site += 2 if p.label in ("提问者", "回答者") else 1  # counters and categories are noise, not records
        # 上传人 文档编号 上传时间 格式 页数: the site's record of a file, not the article's
        return Meta(ps, date, told > 0 and told >= site, exact)
    rest = s
    if found:
        rest = rest.replace(found[1].group(), " ")
    rest = EDITION.sub(" ", WEEKDAY.sub(" ", TIME.sub(" ", rest)))
    bare = re.sub(r"[\s|｜/·•\-–—()（）【】\[\]〔〕:：,，]+", " ", _BUTTON.sub(" ", rest)).strip()
    bare = SITE_FIRST.sub("", bare)  # 2023-07-19 16:05:21 石门新闻网 记者 吴思敏
    if found and (not bare or names(bare, glued=True) or not _WIDGET.sub("", bare).strip()):
        return Meta(ps, date, True, exact)
    bare = CLIENT.sub("", bare).strip()  # 2020-5-6 11:26 来自 微博 weibo.com
    if found and (not bare or len(s) <= 40 and re.fullmatch(r"[\u4e00-\u9fffA-Za-z0-9]{2,12}(?: [\u4e00-\u9fff]{2,3})?", bare)):
        # 南湖发布 2021-07-01 18:00, 青禾融媒 2022-04-18 17:05 广东: the publisher (and where it posted from) under a title
        return Meta(ps, date, True, exact)
    if found and (_ORIGINAL.match(s) or re.search(r"发表于[\u4e00-\u9fff]{2,8}$", s)):
        return Meta(ps, date, True, exact)  # WeChat: 公众号 2022-11-03 17:30 发表于浙江
    issue = ISSUE.search(s)
    if issue:
        name = s[: issue.start()].strip(" 《》<>")
        if name and len(name) <= 20 and not re.search(f"[{SENTENCE_END}，,>|｜/›»]", name) and not s[issue.end():].strip(" ）)"):
            return Meta(ps, date, True, exact)
    if names(s) and _ROLES.search(s):
        return Meta(ps, date, True, exact)  # 本报记者 赵文海 通讯员 孙晴
    return None
