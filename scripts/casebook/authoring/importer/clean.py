"""Sort the lines of a captured page into title, metadata, article and page furniture.

Each line is first described on its own (``evidence.py``): prose, metadata
(labels with short values, dates, names), furniture (buttons, menus,
breadcrumbs, widgets, the site's notices about itself), injected spam. Then
the page is read as three zones, and a line's fate depends on its zone:

* the header, before the first paragraph of prose: the title is chosen among
  the short lines (``_find_title``); lines before it are page header and go,
  unless they read like prose; lines between it and the prose are kept
  unless they are furniture, and flagged when they are neither metadata nor
  a byline;
* the article: every line is kept except lines that are furniture by strong
  evidence (a button row, a site notice, a page marker of a document site, a
  repeated title, spam);
* the footer, from the first line that starts what follows an article
  (上一篇, 相关阅读, 版权所有, 其他回答 ...) or from the first short line after the
  last paragraph: short lines go; anything that reads like prose is kept and
  flagged.

Metadata lines stay in the text with their counters, empty labels and buttons
cut out (each cut is listed); metadata lines that only carry the site's own
records (counters, document numbers, an editor's name) go, but the metadata
step still reads them. Lines are matched in simplified characters. Every
removal is returned with its reason; lines whose fate is uncertain are kept
and returned in ``unsure``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from . import evidence as ev
from .chars import to_simplified
from .lines import CJK, Line, Note, cjk_count, short

ROLE_TITLE, ROLE_META, ROLE_BODY, ROLE_REMOVED = "title", "meta", "body", "removed"

# --- whole lines by pattern --------------------------------------------------------------------
FURNITURE_LINES = [
    (re.compile(r"^\d+\s*(关注|粉丝|帖子|主题|积分|回帖|精华|好友|听众|收听|人气)$"), "论坛用户信息"),
    (re.compile(r"^(全国)?(服务|客服|咨询|联系|投诉|举报)?(热线|电话)\s*[:：]?\s*[\d\-\s]*$"), "联系方式"),
    (re.compile(r"^[\d\-\s()（）+]{7,}$"), "联系电话"),
    (re.compile(r"^(公司地址|联系地址|地址|运营中心|主办单位|主办|承办单位|承办|协办单位|协办|网站标识码|邮编|邮箱|E-?mail|Email)\s*[:：]", re.I), "网站联系信息"),
    (re.compile(r"^(关注我们|官方微信|官方微博|客服(热线|电话|微信|邮箱|QQ|个人微信)|扫码关注|扫描二维码|用微信扫描)"), "关注、客服栏"),
    (re.compile(r"^(微信扫一扫|扫一扫|分享到|收听本文|一键分享)"), "分享按钮"),
    (re.compile(r"(?:_第\s*\d+\s*页|^第\s*\d+\s*页\s*/\s*共\s*\d+\s*页|^共\s*\d+\s*页|^\d+\s*/\s*\d+\s*页)$"), "文档网站的分页标记"),
    (re.compile(r"^[^\w\u3400-\u9fff]*$"), "只有符号的行"),
    (re.compile(r"^[\d\s\W]{1,12}$"), "只有数字和符号的短行（按钮、计数）"),
]
# What a phrase found in a furniture line says the line is, for the report.
PHRASE_REASONS = [
    (re.compile(r"上一|下一|上篇|下篇|前一篇|后一篇"), "上一篇/下一篇链接"),
    (re.compile(r"ICP|公网安备|备案号|网站标识码"), "ICP 备案信息"),
    (re.compile(r"版权所有|Copyright|版权归", re.I), "版权信息"),
    (re.compile(r"评论|回复|留言"), "评论区"),
    (re.compile(r"登录|注册|游客"), "登录提示"),
    (re.compile(r"积分规则"), "论坛版面信息"),
    (re.compile(r"声明|侵权|观点|立场|仅供"), "声明"),
    (re.compile(r"扫一扫|扫描|扫码|二维码|分享|关注"), "分享按钮、二维码"),
    (re.compile(r"下载|阅读全文|免费阅读|预览|开通|会员|VIP|付费|全文共|当前显示|未完"), "下载、付费提示"),
    (re.compile(r"推荐|相关|阅读|延伸|热门|热点|猜你|往期|为您|可能|本版|更多|回答|问题"), "推荐链接"),
    (re.compile(r"技术支持|Powered|主办|承办|协办|运营"), "网站主办信息"),
    (re.compile(r"标签|搜索"), "标签、搜索"),
]
REPLY = re.compile(r"回复(?:日期|时间)|回帖时间|(?<!\d)(?:[2-9]|\d{2,})\s*楼(?!主)")  # the header of a reply below the post
REPLY_REASON = "回帖（楼主之后的回复）"
EDITOR_LINE = re.compile(r"^[（(【\[]\s*(责任编辑|责编|编辑)\s*[:：]")
FORUM_POST = re.compile(r"^(?P<poster>\S.*?)\s*发表于\s*(?P<date>\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2})")
BYLINE = re.compile(r"^(?:[-·•]\s*)?(文|作者|撰文|记者|通讯员|本报记者|本报通讯员|图/文|文/图|图文)\s*[◎/／|｜:：·]\s*(\S.*)$")
ORG_LINE = re.compile(
    f"^[{CJK}、（）()]{{2,30}}(部|委员会|委|厅|局|办公室|办|院|会|中心|处|室|所|站|组|队|团|社|校|学院|大学|协会|公司|集团|支部|党委|党组|政府)$"
)
SITE_NAME = re.compile(f"^[{CJK}A-Za-z0-9]{{2,20}}(网|网站|在线|论坛|频道|客户端|日报|晚报|报|博客|文库|知道|数字报)$")
REFERENCE = re.compile(r"^(?:\[\d+\]|［\d+］|〔\d+〕|\d+[.、]\s*\S.*\[[A-Z]\]|[①②③④⑤⑥⑦⑧⑨⑩])")
REFERENCES_HEAD = re.compile(r"^(参考文献|注释|注|参考资料)\s*[:：]?$")

# --- inline residue ----------------------------------------------------------------------------
INLINE = [
    (re.compile(r"\s*smarty:[^\u3400-\u9fff]*?\?>"), "网页模板残留"),
    (re.compile(r"\s*<\?[^\u3400-\u9fff]*?\?>"), "网页模板残留"),
    (re.compile(r"\s*\{[{%][^}]*[}%]\}"), "网页模板残留"),
    (re.compile(r"</?[a-zA-Z][a-zA-Z0-9]{0,10}(?:\s+[^<>\u3400-\u9fff]*?)?\s*/?>"), "残留的 HTML 标签"),
    (re.compile(r"^[?？]{2,}(?=\S)"), "段首缩进变成的问号"),
]
META_INLINE = [
    (re.compile(r"\s*\|?\s*(显示全部楼层|只看该作者|阅读模式|倒序浏览|电梯直达)\s*"), "论坛按钮"),
    (re.compile(r"\s*(上一主题|下一主题)"), "论坛按钮"),
    (re.compile(r"(\s+(打印|纠错|关闭|收藏|分享|【打印】|【关闭】|\[打印\]|\[关闭\]))+\s*$"), "页面按钮"),
    (re.compile(r"\s*【\s*】|\s*\[\s*\]"), "空的按钮"),
    (re.compile(r"\s*\|\s*$"), "分隔符"),
]


@dataclass
class Item:
    line: Line  # after inline clean-up, original characters
    role: str
    reason: str = ""
    unsure: bool = False
    index: int = -1  # position of the line in the input list
    merged: list[int] = field(default_factory=list)  # input lines joined to this one
    kind: str = ""  # what the line looked like on its own: meta, site, spam, furniture, names, prose, text
    meta: ev.Meta | None = None  # the pieces of a metadata line (kept or removed), for the metadata step


@dataclass
class CleanResult:
    items: list[Item]
    inline: list[Note] = field(default_factory=list)
    joined: list[Note] = field(default_factory=list)
    title: Item | None = None
    site_names: list[str] = field(default_factory=list)  # names left over in furniture lines
    forum: bool = False  # forum furniture seen (posting header, [复制链接] ...)
    truncated: list[str] = field(default_factory=list)  # the page's own words that the text is cut short

    @property
    def removed(self) -> list[Item]:
        return [i for i in self.items if i.role == ROLE_REMOVED]

    @property
    def spam(self) -> list[Item]:
        return [i for i in self.items if i.kind == "spam"]

    @property
    def unsure(self) -> list[Item]:
        return [i for i in self.items if i.unsure]

    @property
    def kept(self) -> list[Item]:
        return [i for i in self.items if i.role != ROLE_REMOVED]


is_prose = ev.is_prose


# --- one line on its own -------------------------------------------------------------------------
@dataclass
class View:
    kind: str  # blank spam meta site furniture prose names text
    reason: str = ""
    meta: ev.Meta | None = None
    footer: bool = False  # starts what follows the article
    strong: bool = False  # furniture even inside the article


def view(s: str) -> View:
    if not s:
        return View("blank")
    spam = ev.spam_score(s)
    if spam >= 4 and (ev.link_like(s) or not ev.sentence(s) or len(ev.segments(s)) >= 4) or spam >= 3 and len(s) <= 40 and not ev.sentence(s):
        return View("spam", "插入的垃圾链接（色情、赌博等广告文字）", strong=True)
    meta = ev.metadata(s)
    if meta is not None and not ev.notice(s):
        if meta.informative:
            return View("meta", "元数据", meta)
        reason = _record_reason(meta)
        # the editor's credit closes an article: what follows is the site's
        return View("site", reason, meta, footer=reason.startswith("编辑署名"), strong=True)
    if ev.affiliation(s):
        return View("meta", "作者单位")
    if ev.AUTHOR_NOTE.search(s) and len(s) <= 80 and not is_prose(ev.AUTHOR_NOTE.sub("", s)):
        return View("meta", "作者说明")  # （作者系中共某县委常委、组织部部长 某某）
    if BYLINE.match(s) and len(s) <= 60:
        return View("meta", "署名", ev.Meta([ev.Piece("", s, 0, len(s))], None, True))
    if EDITOR_LINE.match(s) and len(s) <= 40:
        return View("site", "编辑署名（已记入来源说明）", ev.metadata(s.strip("（）()【】[]")), strong=True)
    found = _furniture(s)
    if found:
        return found
    if is_prose(s):
        return View("prose")
    if ev.names(s):
        return View("names", "署名")
    return View("text")


def _record_reason(meta: ev.Meta) -> str:
    """Why a metadata line that only carries the site's own records goes."""
    kinds = {ev.label_kind(p.label) for p in meta.pieces if p.label}
    if any(p.label in ("关键词", "关键字") for p in meta.pieces):
        what = "网站拼接的关键词（文中另有作者列的关键词）"
    elif kinds <= {"counter"}:
        what = "访问计数"
    elif "editor" in kinds and kinds <= {"editor", "counter"}:
        what = "编辑署名（已记入来源说明）"
    elif any(p.label in ("上传人", "上传者", "上传用户", "文档编号", "页数", "大小", "格式") for p in meta.pieces):
        what = "文档网站的上传信息"
    elif any(p.label in ("提问者", "回答者", "采纳率") for p in meta.pieces):
        what = "问答网站的提问、回答者信息"
    elif not any(p.value for p in meta.pieces):
        what = "空的标签"
    else:
        what = "网站的编号、分类和计数"
    return what + ("，其中的日期已读取" if meta.date else "")


def _furniture(s: str) -> View | None:
    bare = re.sub(r"^[-·•]\s+", "", s)
    prose = is_prose(bare)
    notice = ev.notice(bare)
    if notice and (not prose or ev.self_reference(bare) >= 2):
        if re.search("全文共|当前显示|未完|付费|开通会员|登录后|购买后|预览已结束", bare):
            reason = "付费或截断提示：正文没有显示完整"
        else:
            reason = _phrase_reason(notice, "网站声明")
        return View("furniture", reason, footer=True, strong=True)  # the site's notices come at the end
    if prose or ev.sentence(bare) and cjk_count(bare) >= 6:
        return None  # a sentence is never furniture, unless it is the site's notice about itself
    footer = ev.footer_phrase(bare)
    if footer and len(bare) <= 60:
        return View("furniture", _phrase_reason(footer, "正文之后的链接、版权等"), footer=True, strong=True)
    if ev.FILE_NAME.search(bare) and len(bare) <= 80:
        return View("furniture", "文档网站显示的文件名", strong=True)
    widget = ev.widget(bare)
    if widget:
        return View("furniture", _phrase_reason(widget, "网页挂件"), strong=True)
    for pattern, reason in FURNITURE_LINES[:-2]:
        if pattern.search(bare):
            return View("furniture", reason, strong=reason in ("文档网站的分页标记", "分享按钮"))
    if ev.only_buttons(bare):
        # 回复 使用道具 举报, 回复(3): the end of a post, replies follow
        return View("furniture", "网页按钮、导航", footer=bool(re.search("回复|举报", bare)), strong=True)
    if _site_name(bare):
        return View("furniture", "网站名称和页面按钮", strong=True)
    if ev.breadcrumb(bare):
        return View("furniture", "面包屑导航")
    for pattern, reason in FURNITURE_LINES[-2:]:
        if pattern.search(bare):
            return View("furniture", reason, strong=True)  # — 2 —: a page number
    if ev.link_like(bare):
        return View("furniture", "导航栏、链接列表")
    return None


def _phrase_reason(phrase: str, default: str) -> str:
    return next((reason for pattern, reason in PHRASE_REASONS if pattern.search(phrase)), default) + f"（{phrase}）"


# --- the page ----------------------------------------------------------------------------------
def _strip_inline(line: Line, simple: str, spans: list[tuple[int, int, str]], notes: list[Note]) -> tuple[Line, str]:
    """Cut [start, end) spans (positions in ``simple``) out of the line, right to left."""
    text = line.text
    for start, end, reason in sorted(spans, reverse=True):
        if len(simple) != len(text):  # t2s changed the length: cannot map positions back
            break
        cut = simple[start:end]
        if not cut.strip():
            continue
        notes.append(Note(line.no, cut.strip(), f"删除了{reason}"))
        # keep words on both sides apart: "12:14:44 | 打印" -> "12:14:44 打印"
        gap = " " if start > 0 and end < len(text) and (cut[:1].isspace() or cut[-1:].isspace()) else ""
        if text[start - 1: start] == " " and (gap or text[end: end + 1] == " "):
            gap, end = "", end + (text[end: end + 1] == " " and not gap)  # "09:28:00 访问次数: 中共" -> "09:28:00 中共"
        text = text[:start] + gap + text[end:]
        simple = simple[:start] + gap + simple[end:]
    return Line(line.no, text.strip()), simple.strip()


def _pattern_spans(simple: str, patterns) -> list[tuple[int, int, str]]:
    spans = []
    for pattern, reason in patterns:
        spans += [(m.start(), m.end(), reason) for m in pattern.finditer(simple) if m.group().strip()]
    # overlapping matches: keep the first of each
    out: list[tuple[int, int, str]] = []
    for span in sorted(spans):
        if not out or span[0] >= out[-1][1]:
            out.append(span)
    return out


def _meta_spans(meta: ev.Meta | None, simple: str) -> list[tuple[int, int, str]]:
    """Counters, the site's own records and empty labels inside a metadata line."""
    spans: list[tuple[int, int, str]] = []
    if meta is None or not meta.exact:
        return spans
    for p in meta.pieces:
        if not p.label:
            continue
        kind = ev.label_kind(p.label)
        value = p.value
        if kind == "counter":
            # 访问次数: 中共某县委常委 某某 — only the label and its number go
            colon = re.compile("[:：]").search(simple, p.start, p.end)
            count = ev.COUNT_VALUE.match(simple, colon.end()) if colon else None
            if count and re.search(r"\d", count.group()):
                end = count.end()
            else:
                end = p.end if not p.value else simple.index(p.value, p.start)
            spans.append((p.start, end, "访问计数"))
        elif kind == "site":
            spans.append((p.start, p.end, "网站的编号和分类"))
        elif not value or ev.only_buttons(value):
            spans.append((p.start, p.end, "空的标签"))
    out: list[tuple[int, int, str]] = []
    for span in sorted(spans):
        if out and span[0] < out[-1][1]:
            continue
        out.append(span)
    return out


def _norm(s: str) -> str:
    return re.sub(r"[\s\W_]+", "", s)


def classify(lines: list[Line], title_hint: str | None = None, garbled: set[int] = frozenset()) -> CleanResult:
    """Sort ``lines``; ``garbled`` are the numbers of lines with mojibake that could not be repaired (always kept)."""
    result = CleanResult(items=[])
    cleaned: list[tuple[Line, str]] = []
    for line in lines:
        simple = to_simplified(line.text)
        line, simple = _strip_inline(line, simple, _pattern_spans(simple, INLINE), result.inline)
        cleaned.append((line, simple))
    views = [view(s) for _, s in cleaned]
    _label_then_value(cleaned, views)
    _user_names(cleaned, views)
    kinds = [v.kind for v in views]
    n = len(cleaned)
    if "prose" not in kinds:
        # an article of short sentences only (a Q&A answer): its sentences are its prose
        kinds = ["prose" if k == "text" and re.search(r"。[”’」』）)]*$", s) and cjk_count(s) >= 10 else k for k, (_, s) in zip(kinds, cleaned)]
    body_start = next((i for i, k in enumerate(kinds) if k == "prose"), n)
    last_prose = max((i for i, k in enumerate(kinds) if k == "prose"), default=n - 1)
    footer_start = next((i for i in range(body_start, n) if views[i].footer), n)
    # a second posting header after the text starts the replies
    posts = [i for i, (_, s) in enumerate(cleaned) if FORUM_POST.match(s)]
    replies = [i for i, (_, s) in enumerate(cleaned) if REPLY.search(s) and ev.find_date(s)]
    footer_start = min([footer_start] + [i for i in posts[1:] + replies if i > body_start])
    title_at = _find_title(cleaned, views, body_start, title_hint)
    title_norm = _norm(cleaned[title_at][1]) if title_at is not None else None
    norms = Counter(_norm(s) for _, s in cleaned if s)
    references = False

    for i, ((line, s), v) in enumerate(zip(cleaned, views)):
        if v.kind == "blank":
            continue
        if "发表于" in s or "[复制链接]" in s or "显示全部楼层" in s or "回帖" in s:
            result.forum = True
        item = Item(line, ROLE_BODY, index=i, kind=v.kind, meta=v.meta)
        result.items.append(item)
        if REFERENCES_HEAD.match(s):
            references = True
        if i == title_at:
            item.role, item.reason = ROLE_TITLE, "标题"
            result.title = item
            continue
        if line.no in garbled and v.kind not in ("prose", "meta"):
            item.unsure, item.reason = True, "有无法还原的乱码，看不出是不是正文，已保留"
            continue
        if v.kind == "spam" or v.kind == "site":
            item.role, item.reason = ROLE_REMOVED, v.reason
            continue
        if v.kind == "meta" and i >= footer_start and REPLY.search(s):
            item.role, item.reason = ROLE_REMOVED, REPLY_REASON
            continue
        if v.kind == "meta" and i >= footer_start and not _states_source(v.meta):
            item.role, item.reason = ROLE_REMOVED, "页脚区域的发布信息（回帖、推荐文章的日期等）"
            continue
        if v.kind == "meta":
            for pattern in META_INLINE:  # one after another: 打印 is last once 下一主题 is gone
                item.line, s = _strip_inline(item.line, s, _pattern_spans(s, [pattern]), result.inline)
            item.line, s = _strip_inline(item.line, s, _meta_spans(ev.metadata(s), s), result.inline)
            for pattern in META_INLINE[2:]:  # buttons and separators left at the end once counters are gone
                item.line, s = _strip_inline(item.line, s, _pattern_spans(s, [pattern]), result.inline)
            item.line = Line(item.line.no, re.sub(r"^[-·•]\s+", "", item.line.text))
            item.role, item.reason = ROLE_META, "元数据"
            continue
        if title_norm and i != title_at and _repeats_title(_norm(s), title_norm):
            if _norm(s) == title_norm and title_at < i < footer_start:
                item.unsure, item.reason = True, "与标题相同，可能是重复的标题，已保留"
            else:
                item.role, item.reason = ROLE_REMOVED, "重复出现的标题（网页标题、文件名、面包屑）"
            continue
        if v.kind == "furniture":
            if v.reason.startswith("付费"):
                result.truncated.append(line.text)
            if body_start <= i < footer_start and i <= last_prose and not v.strong:
                item.unsure, item.reason = True, f"位于正文中间，像是{v.reason}，已保留"
                continue
            site = _site_name(s)
            if site:
                result.site_names.append(site)
            item.role, item.reason = ROLE_REMOVED, v.reason
            continue
        if title_at is not None and i < title_at:
            if v.kind == "prose":
                item.unsure, item.reason = True, "位于标题之前，但看起来像正文"
            else:
                item.role, item.reason = ROLE_REMOVED, "标题之前的页面头部（导航、栏目、广告等）"
            continue
        if i < body_start:
            if v.kind == "names":
                item.role, item.reason = ROLE_META, "署名"
            elif ORG_LINE.match(s):
                item.role, item.reason = ROLE_META, "署名（单位）"
            else:
                item.unsure, item.reason = True, "位于标题和正文之间：可能是副标题或署名，也可能是广告"
            continue
        if i <= last_prose and i < footer_start:
            if v.kind == "text" and title_at is not None and any(_norm(t) == _norm(s) for _, t in cleaned[:title_at]):
                item.role, item.reason = ROLE_REMOVED, "每页重复的页眉（标题之前也有这一行）"
            continue  # the article
        # after the article: short lines are links and page footer, unless they are part of the text
        if v.kind == "prose":
            item.unsure, item.reason = True, "位于页脚区域（上一篇/下一篇、版权信息等之后），但看起来像正文"
        elif i < footer_start and (references and REFERENCE.match(s) or REFERENCES_HEAD.match(s) or ev.sentence(s) or ORG_LINE.match(s)):
            continue  # references, a closing sentence, the signing organisation
        elif i < footer_start and not _link_text(s, norms):
            item.unsure, item.reason = True, "位于正文之后的短行：可能是小标题或落款，也可能是推荐链接，已保留"
        else:
            item.role, item.reason = ROLE_REMOVED, "正文之后的链接列表（标题、日期）" if i < footer_start else "页脚区域的短行（联系方式、推荐链接等）"
    _join_broken_paragraphs(result)
    return result


_POSTER_MARK = re.compile(r"^(?:楼主|层主|作者|沙发|板凳|地板|\d+\s*楼|#\d+)$")


def _user_names(cleaned: list[tuple[Line, str]], views: list[View]) -> None:
    """A short line right above 楼主 / 2楼: the name of the user who posted."""
    for i, v in enumerate(views[:-1]):
        j = next((j for j in range(i + 1, min(i + 3, len(views))) if views[j].kind != "blank"), None)
        s = cleaned[i][1]
        if j is not None and v.kind in ("text", "names") and len(s) <= 16 and not ev.sentence(s) and _POSTER_MARK.match(cleaned[j][1].strip()):
            views[i] = View("furniture", "论坛用户名", strong=True)


def _label_then_value(cleaned: list[tuple[Line, str]], views: list[View]) -> None:
    """索引号：/ 11330000X-2022-001 / 发布日期：/ 2022-03-10: a label alone, its value on the next line.

    Such tables are the site's records: both lines go, and the metadata step
    reads them as one "label：value" piece.
    """
    for i, v in enumerate(views):
        labels = [p for p in v.meta.pieces if p.label] if v.meta else []
        if v.kind != "site" or not labels or any(p.value for p in v.meta.pieces):
            continue
        j = next((j for j in range(i + 1, min(i + 3, len(views))) if views[j].kind != "blank"), None)
        if j is None:
            continue
        value = cleaned[j][1].strip()
        if views[j].kind in ("site", "spam", "prose") or (views[j].meta and any(p.label for p in views[j].meta.pieces)) or len(value) > 40:
            continue
        found = ev.find_date(value)
        piece = ev.Piece(labels[-1].label, value, 0, len(value))
        views[i].reason = views[j].reason = "网站的信息公开表格（标签和值分在两行），已读取其中的日期和发布机构"
        views[j] = View("site", views[i].reason, ev.Meta([piece], found[0] if found else None, False, False), strong=True)


def _states_source(meta: ev.Meta | None) -> bool:
    """Does a metadata line name a source, an outlet or an author (来源：, 作者：)?"""
    return bool(meta) and any(p.value and ev.label_kind(p.label) in ("source", "outlet", "author") for p in meta.pieces)


def _link_text(s: str, norms: Counter) -> bool:
    """A line of a link list: a bullet, a bare date, a title with its date, or a line the page repeats."""
    return bool(
        re.match(r"^[·•●○■□◆◇▪▸►\-*]\s*\S", s) or ev.find_date(s) and len(s) <= 40
        or norms[_norm(s)] >= 2 or ev.link_like(s)
    )


def _repeats_title(norm: str, title: str) -> bool:
    """The title again: as a file name (.docx), an SEO title (_站名) or at the end of a breadcrumb."""
    if not norm or len(title) < 6:
        return False
    if norm == title:
        return True
    rest = norm.replace(title, "", 1) if title in norm else None
    return rest is not None and len(rest) <= 12 and re.fullmatch(r"(docx?|pdf|pptx?|txt|wps)?[\u4e00-\u9fffA-Za-z0-9]*", rest) is not None


def _site_name(s: str) -> str | None:
    """A site name left when the buttons of a furniture line are taken away: 共产党员网 打印 纠错."""
    rest = re.sub(r"[\s|｜/·•\-–—>›»:：,，]+", " ", ev._BUTTON.sub(" ", s)).strip()
    if rest and " " not in rest and SITE_NAME.match(rest) and rest != s.strip():
        return rest
    return None


# --- the title ---------------------------------------------------------------------------------
_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|第[一二三四五六七八九十]+[，,、]|\d+[、.．]\s*\D)")


def _find_title(cleaned: list[tuple[Line, str]], views: list[View], body_start: int, hint: str | None) -> int | None:
    """The article's title: the best short line of the header.

    A title is a line of 4 to 80 characters that is not a sentence, a heading
    of the text, metadata or furniture. Among them the one named by the
    page's <h1>/<title> wins; otherwise lines just above a byline or date line,
    lines whose text recurs on the page (in the breadcrumb, the page title,
    a file name) and lines of a title's usual length score higher.
    """
    norms = [_norm(s) for _, s in cleaned]
    if hint:
        want = _norm(to_simplified(hint))
        for i, (_, s) in enumerate(cleaned):
            if views[i].kind in ("text", "prose", "names") and norms[i] == want:
                return i
    limit = body_start if body_start < len(cleaned) else min(len(cleaned), 12)
    best, best_score = None, None
    for i in range(limit):
        s = cleaned[i][1]
        if views[i].kind != "text" or cjk_count(s) < 4 or len(s) > 80 or re.search("[。；;：:]$", s):
            continue
        if SITE_NAME.match(s) or ORG_LINE.match(s) or ev.self_reference(s) and cjk_count(s) <= 6:
            continue  # the site's name (百答知道, 长岭日报数字报) or a byline (全国总工会组织部)
        if _HEADING.match(s) or ev.self_reference(s) >= 2 or len(ev._BUTTON.findall(s)) >= 2:
            continue
        score = 0.0
        following = ["names" if ORG_LINE.match(cleaned[j][1]) else views[j].kind for j in range(i + 1, min(limit + 1, i + 4)) if views[j].kind != "blank"]
        if following and following[0] in ("meta", "names", "site"):
            score += 3
        elif any(k in ("meta", "names") for k in following):
            score += 1.5
        recur = sum(1 for j, t in enumerate(norms) if j != i and norms[i] and norms[i] in t)
        score += min(recur, 2)
        if 8 <= cjk_count(s) <= 40:
            score += 1
        elif cjk_count(s) < 6:
            score -= 2  # 青禾组工 V: an account's name above the date, not a headline
        if i + 1 == body_start or (following and following[0] == "prose"):
            score += 1
        score += i / 100  # later lines (closer to the text) win ties
        if best_score is None or score > best_score:
            best, best_score = i, score
    return best


def _join_broken_paragraphs(result: CleanResult) -> None:
    """A body line ending in 、 or ， continues on the next body line: join them."""
    items: list[Item] = []
    for item in result.items:
        prev = next((p for p in reversed(items) if p.role != ROLE_REMOVED), None)
        if (
            prev is not None and item.role == ROLE_BODY and prev.role == ROLE_BODY and not item.unsure
            and prev.line.text.endswith(("、", "，", ","))
            and items[-1] is prev
        ):
            result.joined.append(Note(item.line.no, short(prev.line.text[-10:] + item.line.text[:10], 24), f"第 {prev.line.no} 行以“{prev.line.text[-1]}”结尾，与下一行是同一段，已合并"))
            prev.line = Line(prev.line.no, prev.line.text + item.line.text)
            prev.merged.append(item.index)
            continue
        items.append(item)
    result.items = items
