"""The draft case file: what the import found, written into the scaffold.

The fields, their comments and the placeholders come from the schema through
``casebook.scaffold.render_case``; this module only decides the values that
the article itself states (title, the source's metadata, glossary terms found
verbatim) and the proposals written as comments next to their field (themes,
near-duplicate cases, candidate figures). Everything the maintainer must
write in their own words stays a placeholder, so the draft fails
``make validate`` until it has been read and completed.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from .. import scaffold
from ..numbers import format_value
from .figures import QUALIFIER_NAMES, Figure
from .meta import Meta
from .suggest import Suggestions

MAX_CANDIDATES = 120  # figure candidates listed in the draft


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
    after["figures"] = figure_comments(d)
    return scaffold.render_case(values, notes, after)


def figure_comments(d: DraftInput) -> list[str]:
    if not d.figures:
        return ["导入工具在文中没有找到数字。"]
    shown = d.figures[:MAX_CANDIDATES]
    out = [
        f"↓ 导入工具在文中找到 {len(d.figures)} 个数字（年份、日期已跳过）。挑出关键数据：把对应的一行复制到上面的 figures 下",
        "  （先把 [] 删掉，去掉行首的“# ”），填好 label 和 counts，并对照原文核对数值、单位和约数说明。",
    ]
    for i, fig in enumerate(shown):
        value = int(fig.value) if float(fig.value).is_integer() else fig.value
        item = {"label": "", "value": value, "unit": fig.unit}
        if fig.qualifier:
            item["qualifier"] = fig.qualifier
        item["counts"] = ""
        item["source_phrase"] = d.original_phrases.get(i, fig.phrase)
        qual = f"，约数：{QUALIFIER_NAMES[fig.qualifier]}" if fig.qualifier else ""
        out.append(f"[原文第 {fig.line} 行] {fig.text}（数值 {format_value(fig.value)}，单位 {fig.unit or '无'}{qual}）原句：{fig.sentence}")
        out.append("- " + scaffold.flow(item))
    if len(d.figures) > len(shown):
        out.append(f"……另有 {len(d.figures) - len(shown)} 个数字没有列出，见导入报告。")
    return out
