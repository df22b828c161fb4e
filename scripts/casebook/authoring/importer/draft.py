"""The draft case file: what the import found and proposes, written into the scaffold.

The fields, their comments and the placeholders come from the schema through
``casebook.authoring.scaffold.render_case``; this module decides the values the article
itself states or names (title, the source's metadata, glossary terms found
verbatim, region and level from its place and organisation names, the
practices it lists with their names in its own words, the key figures with
their source phrases) and writes the evidence next to each: the passage a
practice comes from, the sentence a figure stands in, the paragraphs to
summarise for background, outcomes and insights.

Whatever a person must still do stays a placeholder that fails
``make validate``: the summary, every practice's description (written in
one's own words from the quoted passage), every figure's label and counts,
the background, outcomes and insights, themes and status. Proposed values a
person should check (region, level, organisation) say so in their comment.
"""

from __future__ import annotations

import datetime as _dt
import re
import textwrap
from dataclasses import dataclass

from ...common.numbers import format_value
from .. import scaffold
from .figures import QUALIFIER_NAMES, Figure
from .meta import Meta
from .proposals import Proposals
from .suggest import Suggestions

MAX_CANDIDATES = 120  # figure candidates listed in the draft
QUOTE_WIDTH = 60  # characters per comment line of a quoted passage
MAX_QUOTE = 600  # characters of a passage quoted under a field


@dataclass
class DraftInput:
    meta: Meta
    title_simplified: str | None
    traditional: bool
    source_note: str
    figures: list[Figure]
    original_phrases: dict[int, str]  # index in figures -> phrase in the source's own characters
    suggestions: Suggestions
    case_id: str
    id_note: str = ""
    proposals: Proposals | None = None
    levels: dict[str, dict] | None = None  # cases/vocab/levels.yaml, for the level's name


def quote(text: str, lead: str = "原文：") -> list[str]:
    """A passage as comment lines: “…” wrapped, cut at MAX_QUOTE characters."""
    text = re.sub(r"\s+", " ", text.strip())
    if len(text) > MAX_QUOTE:
        text = text[:MAX_QUOTE] + "……（下略）"
    lines = textwrap.wrap(f"{lead}“{text}”", QUOTE_WIDTH, break_long_words=True, break_on_hyphens=False)
    return lines or [lead]


def source_entry(d: DraftInput) -> dict:
    m = d.meta
    # Schema field order; a field the article did not yield is left out.
    entry: dict = {k: getattr(m, k) for k in ("title", "authors", "publisher", "outlet", "date", "url", "kind") if getattr(m, k)}
    entry["script"] = "traditional" if d.traditional else "simplified"
    if d.source_note:
        entry["note"] = d.source_note
    return entry


def render(d: DraftInput, today: _dt.date | None = None) -> str:
    title_schema = scaffold.case_schema()["properties"]["title"]
    values: dict = {"id": d.case_id, "sources": [source_entry(d)], "added": (today or _dt.date.today()).isoformat()}
    notes: dict[str, list[str]] = {}
    after: dict[str, list[str]] = {}
    item_notes: dict[str, list[list[str]]] = {}

    notes["id"] = ["导入工具由标题拼音生成的编号；定稿后把本文件改名为 cases/<编号>.yaml。"] + ([d.id_note] if d.id_note else [])
    t = d.title_simplified or ""
    if title_schema["minLength"] <= len(t) <= title_schema["maxLength"]:
        values["title"] = t
        notes["title"] = ["↓ 暂填了文章标题（简体）。请改写成“谁 + 做了什么”。"]
    elif t:
        notes["title"] = [f"文章标题是“{t}”（{len(t)} 字），超出 {title_schema['minLength']}–{title_schema['maxLength']} 字，请改写后填在下面。"]
    else:
        notes["title"] = ["没有找到文章标题，请对照原文填写。"]

    s = d.suggestions
    if s.themes:
        notes["themes"] = ["导入工具按关键词建议（从高到低，挑 1 到 4 个填进下面的列表）："] + [
            f"  - {p.id}   # {p.name}；命中：{'、'.join(p.matched[:6])}" for p in s.themes
        ]
    else:
        notes["themes"] = ["导入工具没有找到匹配的主题，请从 cases/vocab/themes.yaml 中挑选。"]
    if s.terms:
        values["terms"] = s.terms
        notes["terms"] = ["↓ 文中原样出现的提法词典词条，按关键词权重排序；删掉与本案例无关的。"]
    if s.new_terms:
        notes["terms"] = notes.get("terms", []) + [
            "文中还有这些数字式提法，提法词典里没有：" + "、".join(f"“{t}”" for t in s.new_terms[:12]),
            "要引用它们，先在 cases/vocab/glossary.yaml 中增加词条（写明含义和来源原文）。",
        ]
    if s.duplicates:
        notes["related"] = ["注意：这些已有案例与本文相似，先确认不是重复收录；是同一来源的，可以按下面的格式写进 related："] + [
            f"  - {{case: {dup.case_id}, type: same-source}}   # {dup.title}（{'来源标题相同' if dup.same_source else f'相似度 {dup.containment:.0%}'}）"
            for dup in s.duplicates
        ]
    if d.proposals is not None:
        _place(d, values, notes)
        _passages(d, notes)
        _practices(d, values, notes, item_notes)
        _figures(d, values, notes, item_notes)
        after["figures"] = figure_comments(d, d.proposals.other_figures, "其余")
    else:
        after["figures"] = figure_comments(d, d.figures)
    return scaffold.render_case(values, notes, after, item_notes, flow_items=frozenset({"figures"}))


def _place(d: DraftInput, values: dict, notes: dict[str, list[str]]) -> None:
    """Region, level and organisation: filled where the article names them, with the evidence."""
    where = d.proposals.place
    if where.organisation:
        values["organisation"] = where.organisation
        notes["organisation"] = [f"↓ 导入工具按{where.evidence['organisation']}推测，请核对并写出单位全称。"]
    region = {k: v for k, v in (("province", where.province), ("city", where.city), ("county", where.county)) if v}
    if where.province:
        values["region"] = region
        why = "；".join(where.evidence[k] for k in ("province", "city", "county") if k in where.evidence)
        notes["region"] = [f"↓ 导入工具推测（{why}），请核对；市、县不对或不知道就删掉那一行。"]
    else:
        notes["region"] = ["导入工具没有找到省级地名，请对照原文填写（province 必须是 cases/vocab/provinces.yaml 中的名称）。"]
        if region:
            notes["region"].append("文中出现的地名：" + "、".join(region.values()))
    if where.seen:
        notes["region"].append("文中还出现这些地名：" + "、".join(where.seen))
    if where.level:
        values["level"] = where.level
        name = (d.levels or {}).get(where.level, {}).get("name", where.level)
        notes["level"] = [f"↓ 导入工具按{where.evidence['level']}推测为{name}，请核对。"]


def _passages(d: DraftInput, notes: dict[str, list[str]]) -> None:
    """The article's own paragraphs for background, outcomes and insights, to summarise in one's own words."""
    o = d.proposals.outline
    for field, passages, what in (("background", o.background, "背景和要解决的问题"), ("outcomes", o.outcomes, "成效"),
                                  ("insights", o.insights, "经验启示")):
        if not passages:
            notes[field] = [f"导入工具没有在文中找到专门写{what}的段落，请通读原文后概括。"]
            continue
        lines = [f"原文中写{what}的段落如下（引自 clean.txt，请用自己的话概括后填在下面，不要照抄）："]
        for p in passages[:4]:
            lines += quote(p.text, f"第 {p.line} 行：")
        if len(passages) > 4:
            lines.append(f"……另有 {len(passages) - 4} 段，见 clean.txt。")
        notes[field] = lines


def _practices(d: DraftInput, values: dict, notes: dict[str, list[str]], item_notes: dict[str, list[list[str]]]) -> None:
    found = d.proposals.practices
    if not found:
        notes["practices"] = ["导入工具没有在文中找到分条列出的做法（一是……、（一）……、小标题），请通读原文后逐条填写。"]
        return
    live = sum(1 for p in found if p.tier == 1)
    notes["practices"] = [
        f"↓ 导入工具按文章的结构提出 {len(found)} 条做法：{live} 条来自小标题和“一是……”式的列举，"
        f"{len(found) - live} 条来自段落中句首的做法（标着“句首”，可能只是一项具体措施）。",
        "  名称照原文；逐条对照下面引的原文，用自己的话写 description，不需要的整条删掉，需要的补上；",
        "  编号由名称的拼音生成，可以改短，发布后不要再改。",
    ]
    values["practices"] = [{"id": p.id, "name": _fit(p.name, 40), "description": ""} for p in found]
    item_notes["practices"] = []
    for k, p in enumerate(found, 1):
        how = {"标题": "小标题", "列举": "列举", "编号段落": "编号段落", "句首": "句首"}.get(p.how, p.how)
        head = f"做法 {k}（{how}，原文第 {p.line} 行）" + (f"，属于 {p.parent}" if p.parent else "")
        item_notes["practices"].append([head] + quote(p.source))


def _fit(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _figures(d: DraftInput, values: dict, notes: dict[str, list[str]], item_notes: dict[str, list[list[str]]]) -> None:
    figs = d.proposals.figures
    if not figs:
        return
    notes["figures"] = [
        f"↓ 导入工具预填了文中 {len(figs)} 个带单位的数字（一次、一名这样的说法和排名已跳过，见下方“其余”）。",
        "  逐个对照原句：是关键数据就填好 label（名称）和 counts（统计对象），不是就整条删掉；",
        "  数值、单位、约数说明和 source_phrase 照原文，不要改。practice 是它所在的做法，做法删了就删掉它。",
        "  每项的字段：" + "，".join(f"{k} {v['title']}" for k, v in scaffold.case_schema()["properties"]["figures"]["items"]["properties"].items()) + "。",
    ]
    values["figures"] = []
    item_notes["figures"] = []
    for f in figs:
        fig = f.figure
        value = int(fig.value) if float(fig.value).is_integer() else fig.value
        item = {"label": "", "value": value}
        if fig.qualifier:
            item["qualifier"] = fig.qualifier
        item.update(unit=fig.unit, counts="")
        if f.practice:
            item["practice"] = f.practice
        item["source_phrase"] = f.phrase[:120]
        values["figures"].append(item)
        item_notes["figures"].append(quote(fig.sentence, f"原文第 {fig.line} 行：")[:3])


def figure_comments(d: DraftInput, figs: list[Figure], which: str = "") -> list[str]:
    if not figs:
        return ["导入工具在文中没有找到数字。"] if not which else []
    shown = figs[:MAX_CANDIDATES]
    out = [
        f"↓ 导入工具在文中找到的{which}数字 {len(figs)} 个（年份、日期已跳过）。要用哪一个，就把对应的一行复制到上面的 figures 下",
        "  （去掉行首的“# ”），填好 label 和 counts，并对照原文核对数值、单位和约数说明。",
    ]
    index = {id(f): i for i, f in enumerate(d.figures)}
    for fig in shown:
        value = int(fig.value) if float(fig.value).is_integer() else fig.value
        item = {"label": "", "value": value, "unit": fig.unit}
        if fig.qualifier:
            item["qualifier"] = fig.qualifier
        item["counts"] = ""
        item["source_phrase"] = d.original_phrases.get(index.get(id(fig), -1), fig.phrase)
        qual = f"，约数：{QUALIFIER_NAMES[fig.qualifier]}" if fig.qualifier else ""
        out.append(f"[原文第 {fig.line} 行] {fig.text}（数值 {format_value(fig.value)}，单位 {fig.unit or '无'}{qual}）原句：{fig.sentence}")
        out.append("- " + scaffold.flow(item))
    if len(figs) > len(shown):
        out.append(f"……另有 {len(figs) - len(shown)} 个数字没有列出，见导入报告。")
    return out
