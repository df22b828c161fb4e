"""Sort the lines of a captured page into title, metadata, article and page furniture.

The page is read as three zones:

* before the first paragraph of prose: site header, the title, the byline and
  date lines. Lines before the title are page header (navigation, banners);
  lines between the title and the first paragraph are kept unless they are
  clearly furniture, and flagged when they are neither metadata nor a byline;
* the article: every line is kept except lines made only of page furniture
  (share buttons, "打印 纠错" ...);
* after the first footer marker (上一篇/下一篇, login prompts, copyright,
  ICP numbers ...): short lines are footer and removed; anything that reads
  like prose is kept and flagged.

Patterns are matched on the simplified form of each line, so they are written
once, in simplified characters. Every removal is returned with its reason;
lines whose fate is uncertain are kept and returned in ``unsure``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .chars import to_simplified
from .lines import CJK, Line, Note, cjk_count, short

ROLE_TITLE, ROLE_META, ROLE_BODY, ROLE_REMOVED = "title", "meta", "body", "removed"

# --- page furniture ---------------------------------------------------------
_TOKENS = [
    "手机版", "电脑版", "网站首页", "返回首页", "首页", "关灯", "开灯", "开启左侧", "关闭左侧", "登录", "立即注册", "注册", "退出",
    "排行榜", "作者专栏", "网站地图", "联系我们", "设为首页", "加入收藏", "收藏本站", "收藏", "打印本页", "打印", "我要纠错", "纠错",
    "关闭窗口", "关闭", "返回顶部", "回到顶部", "返回列表", "返回", "顶部", "分享到", "分享", "转发", "点赞", "评论", "举报",
    "字号", "大", "中", "小", "默认", "繁体", "简体", "English", "无障碍", "站内搜索", "搜索", "[复制链接]", "复制链接",
    "显示全部楼层", "只看该作者", "阅读模式", "倒序浏览", "使用道具", "快速回复", "回复", "楼主", "沙发", "板凳", "地板",
    "微信扫一扫", "扫一扫", "微信", "微博", "QQ空间", "QQ", "朋友圈", "收听本文", "朗读", "播放", "暂停", "上一主题", "下一主题",
    "本版积分规则", "作者专栏", "订阅", "RSS", "×", "X",
]
_TOKEN_RE = re.compile(
    r"(?:【[^】]{1,6}】|\[[^\]]{1,6}\]|\d{1,2}:\d{2}/\d{1,2}:\d{2}|"
    + "|".join(re.escape(t) for t in sorted(set(_TOKENS), key=len, reverse=True))
    + r")"
)
_SEPARATORS = re.compile(r"[\s|｜/·•\-–—>›»<‹«:：,，、]+")

FURNITURE_LINES = [
    (re.compile(r"^\d+\s*(关注|粉丝|帖子|主题|积分|回帖|精华|好友|听众|收听|人气)$"), "论坛用户信息"),
    (re.compile(r"^(当前位置|您现在的位置|你现在的位置|您的位置|你的位置|所在位置)\s*[:：]"), "面包屑导航"),
    (re.compile(r"^首页\s*[>›»/]"), "面包屑导航"),
    (re.compile(r"^(全国)?(服务|客服|咨询|联系|投诉|举报)?(热线|电话)\s*[:：]?\s*[\d\-\s]*$"), "联系方式"),
    (re.compile(r"^[\d\-\s()（）+]{7,}$"), "联系电话"),
    (re.compile(r"^(公司地址|联系地址|地址|运营中心|主办单位|主办|承办单位|承办|协办单位|协办|网站标识码|邮编|邮箱|E-?mail|Email)\s*[:：]", re.I), "网站联系信息"),
    (re.compile(r"^(关注我们|官方微信|官方微博|客服(热线|电话|微信|邮箱|QQ|个人微信)|扫码关注|扫描二维码|用微信扫描)"), "关注、客服栏"),
    (re.compile(r"^(微信扫一扫|扫一扫|分享到|收听本文|一键分享)"), "分享按钮"),
    (re.compile(r"^[^\w\u3400-\u9fff]*$"), "只有符号的行"),
    (re.compile(r"^[\d\s\W]{1,12}$"), "只有数字和符号的短行（按钮、计数）"),
]
FOOTER_MARKERS = [
    (re.compile(r"您需要登录后才可以回帖|登录后才能|请先登录|登录\s*\|\s*立即注册|登录\s*\|\s*注册"), "登录提示"),
    (re.compile(r"^(上一篇|下一篇|上一条|下一条|上篇|下篇|上一页|下一页)\s*[:：]?"), "上一篇/下一篇链接"),
    (re.compile(r"本版积分规则"), "论坛版面信息"),
    (re.compile(r"ICP备|ICP证|公网安备|备案号"), "ICP 备案信息"),
    (re.compile(r"Copyright|版权所有|©|\(c\)\s*\d{4}|Powered\s+by|技术支持\s*[:：]", re.I), "版权信息"),
    (re.compile(r"^(相关阅读|相关文章|相关新闻|相关链接|推荐阅读|延伸阅读|热门文章|热点推荐|猜你喜欢|精彩推荐|最新文章|热门推荐)"), "推荐链接"),
    (re.compile(r"^(发表评论|网友评论|我要评论|评论列表|共有\d+条评论|发表回复)"), "评论区"),
    (re.compile(r"^(免责声明|版权声明)"), "声明"),
]

# --- metadata ---------------------------------------------------------------
META_KEYS = (
    "发布时间|发布日期|发表时间|发表日期|更新时间|时间|日期|信息来源|稿件来源|文章来源|新闻来源|来源|出处|原载|转载自|转自|"
    "作者|责任编辑|责编|编辑|审核|校对|访问次数|浏览次数|点击数|阅读数|浏览量|阅读量|点击量|关键字|关键词|标签|导语|摘要"
)
META_KEY_RE = re.compile(f"({META_KEYS})\\s*[:：]")
_META_START = re.compile(f"^(?:[-·•]\\s*)?({META_KEYS})\\s*[:：]")
BYLINE = re.compile(r"^(?:[-·•]\s*)?(文|作者|撰文|记者|通讯员|本报记者|本报通讯员|图/文|文/图|图文)\s*[◎/／|｜:：·]\s*(\S.*)$")
FORUM_POST = re.compile(r"^(?P<poster>\S.*?)\s*发表于\s*(?P<date>\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2})")
EDITOR_LINE = re.compile(r"^[（(]\s*(责任编辑|责编|编辑)\s*[:：]")
ORG_LINE = re.compile(
    f"^[{CJK}、（）()]{{2,30}}(部|委员会|委|厅|局|办公室|办|院|会|中心|处|室|所|站|组|队|团|社|校|学院|大学|协会|公司|集团|支部|党委|党组|政府)$"
)
SITE_NAME = re.compile(f"^[{CJK}A-Za-z0-9]{{2,20}}(网|网站|在线|论坛|频道|客户端|日报|晚报|报)$")

# --- inline residue -----------------------------------------------------------
INLINE = [
    (re.compile(r"\s*smarty:[^\u3400-\u9fff]*?\?>"), "网页模板残留"),
    (re.compile(r"\s*<\?[^\u3400-\u9fff]*?\?>"), "网页模板残留"),
    (re.compile(r"\s*\{[{%][^}]*[}%]\}"), "网页模板残留"),
    (re.compile(r"</?(p|br|div|span|strong|b|i|em|font)\b[^>\u3400-\u9fff]*>", re.I), "残留的 HTML 标签"),
]
META_INLINE = [
    (re.compile(r"\s*\|?\s*(显示全部楼层|只看该作者|阅读模式|倒序浏览)\s*"), "论坛按钮"),
    (re.compile(r"\s*(上一主题|下一主题)"), "论坛按钮"),
    (re.compile(r"\s*(访问次数|浏览次数|点击数|阅读数|浏览量|阅读量|点击量)\s*[:：]\s*\d*"), "访问计数"),
    (re.compile(r"(\s+(打印|纠错|关闭|收藏|分享|【打印】|【关闭】|\[打印\]|\[关闭\]))+\s*$"), "页面按钮"),
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


@dataclass
class CleanResult:
    items: list[Item]
    inline: list[Note] = field(default_factory=list)
    joined: list[Note] = field(default_factory=list)
    title: Item | None = None
    site_names: list[str] = field(default_factory=list)  # names left over in furniture lines
    forum: bool = False  # forum furniture seen (posting header, [复制链接] ...)

    @property
    def removed(self) -> list[Item]:
        return [i for i in self.items if i.role == ROLE_REMOVED]

    @property
    def unsure(self) -> list[Item]:
        return [i for i in self.items if i.unsure]

    @property
    def kept(self) -> list[Item]:
        return [i for i in self.items if i.role != ROLE_REMOVED]


def is_prose(s: str) -> bool:
    n = cjk_count(s)
    return n >= 80 or (n >= 30 and ("。" in s or s.count("，") + s.count(",") >= 2))


def is_meta(s: str) -> bool:
    if len(s) > 160:
        return False
    return bool(
        _META_START.match(s) or len(META_KEY_RE.findall(s)) >= 2 or FORUM_POST.match(s)
        or BYLINE.match(s) or EDITOR_LINE.match(s)
    )


def furniture(s: str) -> tuple[str, str | None] | None:
    """(reason, site name left over) when the whole line is page furniture."""
    bare = re.sub(r"^[-·•]\s+", "", s)
    for pattern, reason in FOOTER_MARKERS:
        if pattern.search(bare) and not is_prose(bare):
            return reason, None
    if bare.endswith("。") or is_prose(bare):
        return None  # a sentence is never furniture (footer markers above excepted)
    for pattern, reason in FURNITURE_LINES:
        if pattern.search(bare):
            return reason, None
    parts = [p for p in re.split(r"\s*[|｜]\s*|\s{2,}", bare) if p]
    if len(parts) >= 3 and all(len(p) <= 8 for p in parts) and not re.search("[。，,；;]", bare):
        return "导航栏", None
    tokens = _TOKEN_RE.findall(bare)
    rest = _SEPARATORS.sub(" ", _TOKEN_RE.sub(" ", bare)).strip()
    if tokens and not rest:
        return "网页按钮、导航", None
    if tokens and SITE_NAME.match(rest) and " " not in rest:
        return "网站名称和页面按钮", rest
    return None


def footer_marker(s: str) -> str | None:
    bare = re.sub(r"^[-·•]\s+", "", s)
    for pattern, reason in FOOTER_MARKERS:
        if pattern.search(bare) and not is_prose(bare):
            return reason
    return None


def _strip_inline(line: Line, simple: str, patterns: list, notes: list[Note]) -> tuple[Line, str]:
    text = line.text
    for pattern, reason in patterns:
        for m in reversed(list(pattern.finditer(simple))):
            if len(simple) != len(text):  # t2s changed the length: cannot map positions back
                break
            if not m.group().strip():
                continue
            notes.append(Note(line.no, m.group().strip(), f"删除了{reason}"))
            # keep words on both sides apart: "12:14:44 | 打印" -> "12:14:44 打印"
            gap = " " if m.start() > 0 and m.end() < len(text) and m.group()[:1].isspace() else ""
            text = text[: m.start()] + gap + text[m.end():]
            simple = simple[: m.start()] + gap + simple[m.end():]
    return Line(line.no, text.strip()), simple.strip()


def classify(lines: list[Line], title_hint: str | None = None) -> CleanResult:
    result = CleanResult(items=[])
    cleaned: list[tuple[Line, str]] = []
    for line in lines:
        simple = to_simplified(line.text)
        line, simple = _strip_inline(line, simple, INLINE, result.inline)
        cleaned.append((line, simple))

    kinds = []
    for _, s in cleaned:
        if not s:
            kinds.append("blank")
        elif is_meta(s):
            kinds.append("meta")
        elif furniture(s):
            kinds.append("furniture")
        elif is_prose(s):
            kinds.append("prose")
        else:
            kinds.append("text")
    n = len(cleaned)
    body_start = next((i for i, k in enumerate(kinds) if k == "prose"), n)
    footer_start = next((i for i in range(body_start, n) if kinds[i] == "furniture" and footer_marker(cleaned[i][1])), n)
    title_at = _find_title(cleaned, kinds, body_start, title_hint)

    for i, ((line, s), kind) in enumerate(zip(cleaned, kinds)):
        if kind == "blank":
            continue
        if "发表于" in s or "[复制链接]" in s or "显示全部楼层" in s or "回帖" in s:
            result.forum = True
        if kind == "furniture":
            reason, site = furniture(s)
            if site:
                result.site_names.append(site)
            result.items.append(Item(line, ROLE_REMOVED, reason))
            continue
        if kind == "meta":
            line, s = _strip_inline(line, s, META_INLINE, result.inline)
            line = Line(line.no, re.sub(r"^[-·•]\s+", "", line.text))
            result.items.append(Item(line, ROLE_META, "元数据"))
            continue
        if i == title_at:
            item = Item(line, ROLE_TITLE, "标题")
            result.title = item
            result.items.append(item)
        elif title_at is not None and i < title_at:
            if kind == "prose":
                result.items.append(Item(line, ROLE_BODY, "位于标题之前，但看起来像正文", unsure=True))
            else:
                result.items.append(Item(line, ROLE_REMOVED, "标题之前的页面头部（导航、栏目、广告等）"))
        elif i < body_start:
            if ORG_LINE.match(s):
                result.items.append(Item(line, ROLE_META, "署名（单位）"))
            else:
                result.items.append(Item(line, ROLE_BODY, "位于标题和正文之间：可能是副标题或署名，也可能是广告", unsure=True))
        elif i < footer_start:
            result.items.append(Item(line, ROLE_BODY))
        elif kind == "prose":
            result.items.append(Item(line, ROLE_BODY, "位于页脚区域（上一篇/下一篇、版权信息等之后），但看起来像正文", unsure=True))
        else:
            result.items.append(Item(line, ROLE_REMOVED, "页脚区域的短行（联系方式、推荐链接等）"))
    for item, i in zip(result.items, [i for i, k in enumerate(kinds) if k != "blank"]):
        item.index = i
    _join_broken_paragraphs(result)
    return result


def _find_title(cleaned: list[tuple[Line, str]], kinds: list[str], body_start: int, hint: str | None) -> int | None:
    if hint:
        want = re.sub(r"\s+", "", to_simplified(hint))
        for i, (_, s) in enumerate(cleaned):
            if kinds[i] in ("text", "prose") and re.sub(r"\s+", "", s) == want:
                return i
    def candidate(i: int) -> bool:
        s = cleaned[i][1]
        return kinds[i] == "text" and cjk_count(s) >= 4 and len(s) <= 80 and not s.endswith("。")

    anchor = next((i for i in range(body_start) if kinds[i] == "meta"), None)
    if anchor is not None:
        before = [i for i in range(anchor) if candidate(i)]
        if before:
            return before[-1]
    return next((i for i in range(body_start) if candidate(i)), None)


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
