"""The article's own structure: its sections, the practices it lists, and the passages the draft quotes.

Case material is written to a pattern: a background, the practices (主要做法),
the outcomes (主要成效), the lessons (经验启示). The article says which is
which in its headings; where it does not, position and the words a
paragraph opens with do (实践证明 opens a lesson, 通过…/截至… an outcome).

Practices are proposed from the article's own wording, in three tiers:

1. its numbered or short headings in a section of practices (一、… （一）… a
   short line before a paragraph) and its enumerations (一是…二是…,
   一抓…二抓…, 第一，…第二，…) and lists announced with a count
   (严把三关：严格人岗“出口关”，…。严格匹配“过程关”，…);
2. the opening clause of each sentence of a section of practices whose
   subject has been dropped (注重从基层一线考录公务员，……) or of each part of
   a sentence cut by semicolons (高新区工委实行蹲点管理模式，……；湖塘镇党委……);
   these are proposed too, after the first tier;
3. nothing else: the draft lists no practice the article does not name.

Every practice carries the passage it comes from, so the maintainer can
write the description in their own words next to it, and the lines it
covers, so the figures inside it can name it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .lines import cjk_count

CN_NUM = "一二三四五六七八九十"
ROLE_WORDS = {
    "background": re.compile(r"基本情况|背景|起因|缘起|问题的提出|问题提出|引言|前言|现状|概况|基本做法前"),
    "practices": re.compile(r"做法|举措|措施|实践|探索|路径|经过|对策|办法|机制|抓手"),
    "outcomes": re.compile(r"成效|效果|成果|成绩|反响|变化|收获"),
    "insights": re.compile(r"启示|体会|启发|思考|认识|经验|评论|探讨|借鉴|结语|结论"),
    "problems": re.compile(r"问题|不足|困难|短板|挑战"),
    "plans": re.compile(r"下一步|打算|计划|展望|努力方向"),
}
HEADING_1 = re.compile(rf"^(?:[{CN_NUM}]+\s*[、.．]|第[{CN_NUM}]+[章节部分]\s*)\s*")
HEADING_2 = re.compile(rf"^[（(][{CN_NUM}]+[）)]\s*")
HEADING_3 = re.compile(r"^\d{1,2}\s*[、.．]\s*(?=\D)")
# 一是… 二是…; 一抓… 二抓…; 第一，… 第二，…
ENUM = re.compile(rf"(?:(?<=^)|(?<=[。；;！？\s：:，,]))(?P<mark>(?P<n>[{CN_NUM}])(?P<verb>是|抓|要|看|靠|讲|重|求|强|建)|第(?P<n2>[{CN_NUM}])[，,、:：])")
COUNTED = re.compile(rf"[{CN_NUM}两]\s*(?:个|项|条|关|大|类|种|方面|环节|步|招|化|心|字|维|联|访|带|查|定|评)[^：:，,。]{{0,8}}[”」]?[：:]")
OUTCOME_OPEN = re.compile(r"^(?:通过|截至|截止|目前|至今|.{0,8}以来[，,]?(?:全|共|累计|已)|推行(?:以来|[一二三四五六七八九十两\d]+年)|实施(?:以来|[一二三四五六七八九十两\d]+年)|[一二三四五六七八九十两\d]+年来)")
INSIGHT_OPEN = re.compile(r"^(?:实践证明|实践表明|实践告诉|事实证明|经验表明|启示|总之|综上|由此可见|可见)")
# What a sentence may open with before its action: a time, a purpose, a setting, whom it is about, who acts
OPENERS = [
    re.compile(r"^每逢[^，,。；;]{2,20}[，,]\s*"),
    re.compile(r"^(?:去年|今年|前年|近年来|近几年来|近几年|近两年来|近两年|近些年来|今年以来|去年以来|年初以来|目前|同时|此外|另外|其中|并且|在此基础上)[，,]?\s*"),
    re.compile(r"^(?:从|自)?(?:19|20)\d{2}\s*年(?:\d{1,2}月)?(?:以来|起|初|底|开始)?[，,]?\s*"),
    re.compile(r"^为了?[^，,。；;]{2,24}[，,]\s*"),
    re.compile(r"^在[^，,。；;]{2,16}(?:中|上|下|时|后|前|里|内|方面|基础上)[，,]\s*"),
    re.compile(r"^(?:对|针对|对于)[^，,。；;]{2,16}[，,]\s*"),
    re.compile(r"^(?:我们|我区|我县|我市|我镇|我局|我部|该县|该区|该市|全县|全区|全市|各地|各级|村、社区|村|社区|(?:[\u4e00-\u9fff]{1,10}?(?:组织部|党委|党组|党工委|县委|区委|市委|省委|机关|政府|办公室|工委|局|厅)(?:[和与及、])?){1,3})\s*"),
    re.compile(r"^(?:还|也|又|都|均|已|已经|先后|积极|主动|进一步|着力|大力|切实|始终|逐步|不断|普遍|每(?:年|月|周|季度|半年))+\s*"),
]
ACTION = re.compile(
    r"^(?:注重|加大|拓宽|建立|健全|完善|推行|实行|实施|坚持|强化|加强|创新|开展|组织|组成|选派|选拔|抽调|设立|制定|出台|下发|印发|落实|推动|推进|探索|搭建|构建|打造|"
    r"把|将|以|通过|要求|提出|明确提出|树立|采取|采用|利用|依托|整合|明确|规范|严格|突出|深化|用好|抓好|做好|配齐|配强|畅通|拓展|设置|成立|组建|召开|举办)"
)
NOT_AN_ACTION = re.compile(r"[%％?？]|满意度|是否|有没有|(?:努力|锻炼|实践|学习|了解)$")


@dataclass
class Passage:
    line: int
    text: str


@dataclass
class Practice:
    name: str  # the article's own words (simplified)
    source: str  # the passage it comes from
    line: int
    regions: list[tuple[int, int, int]] = field(default_factory=list)  # (line, start, end) in the clean lines
    how: str = ""  # how it was found, for the draft's comment
    tier: int = 1
    parent: int | None = None  # index of the practice it belongs to


@dataclass
class Outline:
    practices: list[Practice] = field(default_factory=list)
    background: list[Passage] = field(default_factory=list)
    outcomes: list[Passage] = field(default_factory=list)
    insights: list[Passage] = field(default_factory=list)
    sections: list[tuple[str, str]] = field(default_factory=list)  # (role, heading) in order


def _heading_level(text: str) -> int:
    if HEADING_1.match(text):
        return 1
    if HEADING_2.match(text):
        return 2
    if HEADING_3.match(text):
        return 3
    return 0


def _strip_number(text: str) -> str:
    return HEADING_3.sub("", HEADING_2.sub("", HEADING_1.sub("", text))).strip()


def _short_heading(text: str) -> bool:
    """A heading without a number: a short line without a full stop (强化顶层设计 明确“谁该交流”)."""
    return 4 <= cjk_count(text) <= 50 and not re.search(r"[。！？!?]", text) and not text.endswith(("：", ":", "，", ","))


def _role(heading: str) -> str | None:
    """The part of the article a heading names (主要做法, 存在的问题), or None when it names a practice.

    A practice heading is longer, has a comma or opens with an action
    (建立清单，让问题有着落 is a practice although it says 问题).
    """
    name = _strip_number(heading)
    if len(name) > 14 or re.search("[，,；;]", name) or ACTION.match(name):
        return None
    for role, pattern in ROLE_WORDS.items():
        if pattern.search(name):
            return role
    return None


def name_of(text: str, limit: int = 40) -> str:
    """A practice's name from the words that open its passage: up to the first full stop, or comma if long."""
    text = _strip_number(text).strip()
    first = re.split(r"[。；;！？!?]", text, 1)[0].strip()
    if len(first) > limit:
        first = re.split(r"[，,：:]", first, 1)[0].strip()
    return _balanced(first.strip(" ，,：:"))


def _balanced(text: str) -> str:
    """Quotes cut off at either end go; a quotation the name contains stays whole."""
    while text and text[0] in "”\"'" or text.startswith("“") and text.count("“") > text.count("”"):
        text = text[1:]
    while text and text[-1] in "“\"'" or text.endswith("”") and text.count("”") > text.count("“"):
        text = text[:-1]
    if text.count("“") > text.count("”"):
        text += "”"
    return text.strip()


def _sentences(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for part in re.split(r"(?<=[。！？!?])", text):
        if part.strip():
            out.append((pos, part))
        pos += len(part)
    return out


def build(lines: list[tuple[int, str]]) -> Outline:
    """The outline of the article body: ``lines`` are (line number, simplified text) of the body."""
    out = Outline()
    # 1. blocks and their headings
    blocks = []
    for i, (no, text) in enumerate(lines):
        level = _heading_level(text)
        following = lines[i + 1][1] if i + 1 < len(lines) else ""
        is_heading = False
        if level and (_short_heading(text) or len(text) <= 30):
            is_heading = True
        elif not level and _short_heading(text) and cjk_count(following) >= 30 and _heading_level(following) == 0:
            is_heading = True
            level = 1 if not any(_heading_level(t) == 1 for _, t in lines) else 2
        blocks.append((no, text, level, is_heading))

    # 2. sections: a role per top-level heading
    top = min((lvl for _, _, lvl, h in blocks if h and lvl), default=1)
    role = "background"
    roles = []
    seen_practice = False
    for no, text, level, is_heading in blocks:
        if is_heading and level == top:
            named = _role(text)
            role = named or "practices"
            out.sections.append((role, _strip_number(text)))
            seen_practice |= role == "practices"
        roles.append(role)

    # 3. practices from headings and enumerations
    current_heading: int | None = None
    open_headings: list[tuple[int, int]] = []  # (level, practice index) of the headings around the current block
    for i, ((no, text, level, is_heading), role) in enumerate(zip(blocks, roles)):
        if role not in ("practices",) and not (role == "background" and ENUM.search(text)):
            continue
        if is_heading:
            open_headings = [(lvl, k) for lvl, k in open_headings if lvl < level]
            if level == top and _role(text):
                current_heading = None
                continue  # 二、主要做法: a part of the article, not a practice
            end = _next_heading(blocks, i, level)
            source = "\n".join(t for _, t, _, _ in blocks[i + 1: end])
            parent = open_headings[-1][1] if open_headings else None
            out.practices.append(Practice(name_of(text, 24), source or text, no, [(no, 0, len(text))] + [
                (n, 0, len(t)) for n, t, _, _ in blocks[i + 1: end]
            ], "标题", 1, parent))
            current_heading = len(out.practices) - 1
            open_headings.append((level, current_heading))
            continue
        if level:  # （一）网格设支部。全县…: a numbered paragraph, its first sentence is the name
            out.practices.append(Practice(name_of(text, 25), text, no, [(no, 0, len(text))], "编号段落", 1, current_heading))
        _enumerations(no, text, out, current_heading)
        _counted_list(no, text, out, current_heading)
    found = {p.name for p in out.practices}
    # 4. second tier: the opening clauses of sentences in sections of practices
    for (no, text, level, is_heading), role in zip(blocks, roles):
        if role != "practices" or is_heading:
            continue
        for name, start, end in _opening_clauses(text):
            if name not in found and not any(name in f or f in name for f in found):
                found.add(name)
                out.practices.append(Practice(name, text[start:end], no, [(no, start, end)], "句首", 2, _parent_of(out, no)))

    # 5. passages for background, outcomes and insights
    for (no, text, level, is_heading), role in zip(blocks, roles):
        if is_heading and _role(text):
            continue
        if role == "background" and not ENUM.search(text):
            out.background.append(Passage(no, text))
        elif role == "outcomes" or role in ("practices", "background") and OUTCOME_OPEN.match(text) and re.search(r"\d", text):
            out.outcomes.append(Passage(no, text))
        elif role == "insights" or INSIGHT_OPEN.match(text):
            out.insights.append(Passage(no, text))
    if not seen_practice and not out.practices:
        out.sections.append(("practices", ""))
    return out


def _next_heading(blocks, i: int, level: int) -> int:
    for j in range(i + 1, len(blocks)):
        if blocks[j][3] and blocks[j][2] and blocks[j][2] <= level:
            return j
    return len(blocks)


def _parent_of(out: Outline, no: int) -> int | None:
    best = None
    for k, p in enumerate(out.practices):
        if p.tier == 1 and any(line == no for line, _, _ in p.regions):
            best = k
    return best


def _enumerations(no: int, text: str, out: Outline, parent: int | None) -> None:
    """一是…二是… inside a paragraph: each item from its mark to the next one."""
    marks = list(ENUM.finditer(text))
    if len(marks) < 2 and not (marks and marks[0].group("n") == "一" and marks[0].start() == 0 and len(out.practices) and out.practices[-1].how == "列举"):
        # one mark only: continue a list begun in an earlier paragraph (一抓… on its own line)
        if not marks or not _continues(out, marks[0]):
            return
    kinds = {m.group("verb") or "第" for m in marks}
    if len(kinds) > 1:
        return
    for k, m in enumerate(marks):
        end = marks[k + 1].start() if k + 1 < len(marks) else len(text)
        item = text[m.end(): end].strip()
        verb = m.group("verb") or ""
        name = name_of(item, 30)
        if verb and verb != "是":
            name = verb + name  # 一抓组织发动 -> 抓组织发动
        if cjk_count(name) >= 2:
            out.practices.append(Practice(name, text[m.start(): end].strip(), no, [(no, m.start(), end)], "列举", 1, parent))


def _continues(out: Outline, m: re.Match) -> bool:
    """二抓组织领导 opening a paragraph after 一抓组织发动 opened the one before."""
    if not out.practices or out.practices[-1].how != "列举":
        return m.group("n") in ("一",) and m.start() == 0
    return m.start() == 0


def _counted_list(no: int, text: str, out: Outline, parent: int | None) -> None:
    """严把三关：严格人岗“出口关”，……。严格匹配“过程关”，……: sentences after a counted colon."""
    m = COUNTED.search(text)
    if not m or ENUM.search(text, m.end()):
        return
    rest = text[m.end():]
    pos = m.end()
    for start, sentence in _sentences(rest):
        first = re.split(r"[，,；;：:]", sentence, 1)[0].strip()
        if 3 <= cjk_count(first) <= 20:
            a = pos + start
            out.practices.append(Practice(_balanced(first), sentence.strip(), no, [(no, a, a + len(sentence))], "列举", 1, parent))


def _opening_clauses(text: str) -> list[tuple[str, int, int]]:
    """注重从基层一线考录公务员，…… : the action a sentence (or a part of it between semicolons) opens with.

    The time, purpose, setting and subject it may open with are skipped
    (去年，区委组织部和区人事局下发了……); the name is the whole sentence when
    it is short, else its first clause, a long quotation in it cut out.
    """
    out = []
    pos = 0
    for part in re.split(r"(?<=[。；;！？!?])", text):
        start = pos
        pos += len(part)
        lead = part.strip().rstrip("。；;！？!?")
        for _ in range(4):
            before = lead
            for opener in OPENERS:
                rest = opener.sub("", lead, count=1)
                if len(rest) >= 6:
                    lead = rest
            if lead == before:
                break
        if not ACTION.match(lead):
            continue
        name = re.split(r"[，,；;：:]", lead, 1)[0].strip()
        if cjk_count(name) > 24:
            name = re.sub(r"“[^”]{10,}”", "", name)
        if 4 <= cjk_count(name) <= 40 and not NOT_AN_ACTION.search(name):
            out.append((_balanced(name), start, pos))
    return out
