"""Checks that span files: ids, vocabulary references, links between cases."""

from __future__ import annotations

import difflib
import math
import re
from pathlib import Path

from ..common.numbers import format_value, occurs_in
from ..common.problems import Problem
from .addresses import site_addresses
from .project import Case, Project

# Section anchors on a case page; a practice id must not shadow them.
RESERVED_ANCHORS = frozenset({
    "background", "practices", "figures", "outcomes", "insights", "terms",
    "related", "sources", "cite", "modules", "facts", "summary",
})


def reserved_anchor(anchor: str) -> bool:
    """A section anchor, or an id of the citation block (cite-page, cite-source-2-label…)."""
    return anchor in RESERVED_ANCHORS or anchor.startswith("cite-")


def _suggest(value: str, options: list[str]) -> str:
    close = difflib.get_close_matches(value, options, n=1, cutoff=0.5)
    return f"是不是想写 {close[0]}？" if close else ""


def check_project(project: Project) -> list[Problem]:
    problems: list[Problem] = []
    addresses = site_addresses(project)
    project.extra["addresses"] = addresses  # training modules claim theirs too
    problems += addresses.problems
    known = project.file_ids | {c.id for c in project.cases}  # once: per case it made loading quadratic
    for case in project.cases:
        problems += check_case(case, project, known)
        project.warnings += prose_warnings(case)
    return problems


# Unicode Cf: zero-width and bidi controls, soft hyphens, BOM, tags. Refused in
# single-line fields by the schema; in paragraphs (a ZWJ can belong to an
# emoji) only pointed out.
_INVISIBLE = re.compile("[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e"
                        "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f"
                        "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]")


def prose_warnings(case: Case) -> list[Problem]:
    """Invisible characters in the paragraphs of a case (background, practice descriptions, outcomes)."""
    from .schemas import character_name

    fields = [(("background",), case["background"]), (("outcomes",), case["outcomes"])]
    fields += [(("practices", i, "description"), p["description"]) for i, p in enumerate(case["practices"])]
    out = []
    for path, text in fields:
        found = _INVISIBLE.search(text)
        if found:
            line, col = case.loaded.where(path)
            out.append(Problem(case.rel, line, col, f"提醒：第 {found.start() + 1} 个字{character_name(found.group())}，页面上看不见，"
                                                    "常是从网页复制来的。除非有意保留，请删除。"))
    return out


def id_file_mismatch(item_id: str, rel: str) -> str | None:
    """The message when a file's id is not its file name (cases and training modules alike)."""
    stem = Path(rel).stem
    if item_id == stem:
        return None
    return f"id “{item_id}” 与文件名 {stem}.yaml 不一致。请把 id 改成 {stem}，或把文件改名为 {item_id}.yaml。"


def check_case(case: Case, project: Project, known: set[str] | None = None) -> list[Problem]:
    out: list[Problem] = []
    data, vocab = case.data, project.vocab

    def at(path: tuple, msg: str) -> None:
        line, col = case.loaded.where(path)
        out.append(Problem(case.rel, line, col, msg))

    mismatch = id_file_mismatch(case.id, case.rel)
    if mismatch:
        at(("id",), mismatch)
    if case.id in data.get("aliases", []):
        at(("aliases",), "aliases 里不能包含案例自己的 id。")

    province = data["region"]["province"]
    if "provinces" not in vocab.broken and province not in vocab.provinces:
        at(("region", "province"), f"省级名称“{province}”不在 cases/vocab/provinces.yaml 中。请写全称（如“江苏省”“北京市”），全国性案例写“全国”。{_suggest(province, list(vocab.provinces))}")
    if "levels" not in vocab.broken and data["level"] not in vocab.levels:
        options = "、".join(f"{k}（{v['name']}）" for k, v in vocab.levels.items())
        at(("level",), f"层级“{data['level']}”不在 cases/vocab/levels.yaml 中。可选：{options}。")
    for i, theme in enumerate(data["themes"]):
        if "themes" not in vocab.broken and theme not in vocab.themes:
            options = "、".join(f"{k}（{v['name']}）" for k, v in vocab.themes.items())
            at(("themes", i), f"主题“{theme}”不在 cases/vocab/themes.yaml 中。{_suggest(theme, list(vocab.themes))}可选：{options}。")
    aliases_to_term = {a: t for t, e in vocab.glossary.items() for a in e.get("aliases", [])}
    for i, term in enumerate(data["terms"]):
        if "glossary" not in vocab.broken and term not in vocab.glossary:
            if term in aliases_to_term:
                hint = f"它是词条“{aliases_to_term[term]}”的别称，请改写为“{aliases_to_term[term]}”。"
            else:
                hint = "请先在 cases/vocab/glossary.yaml 中增加这个词条（写明含义和来源原文），或改用已有词条。" + _suggest(term, list(vocab.glossary))
            at(("terms", i), f"提法“{term}”不在提法词典中。{hint}")

    period = data["period"]
    if "start" in period and "end" in period and period["end"] < period["start"]:
        at(("period", "end"), f"截止年份 {period['end']} 早于起始年份 {period['start']}。请检查是否写反。")

    practice_ids: dict[str, int] = {}
    for i, practice in enumerate(data["practices"]):
        pid = practice["id"]
        if pid in practice_ids:
            at(("practices", i, "id"), f"做法编号“{pid}”与第 {practice_ids[pid] + 1} 条做法重复。每条做法的编号必须不同。")
        elif reserved_anchor(pid):
            at(("practices", i, "id"), f"做法编号“{pid}”是页面保留锚点。请换一个编号，例如 {pid}-1 或用做法名称的拼音。")
        practice_ids.setdefault(pid, i)

    for i, fig in enumerate(data["figures"]):
        value = fig["value"]
        if isinstance(value, float) and not math.isfinite(value):
            at(("figures", i, "value"), "数值必须是有限的数字。")
            continue
        if not occurs_in(value, fig["source_phrase"]):
            at(("figures", i, "value"), f"数值 {format_value(value)} 没有出现在来源原文“{fig['source_phrase']}”中。请对照来源核对数值，或把包含这个数字的原文短语照抄到 source_phrase。")
        if "practice" in fig and fig["practice"] not in practice_ids:
            at(("figures", i, "practice"), f"做法编号“{fig['practice']}”在本案例的 practices 中不存在。{_suggest(fig['practice'], list(practice_ids))}")

    if known is None:
        known = project.file_ids | {c.id for c in project.cases}
    for i, rel in enumerate(data["related"]):
        target = rel["case"]
        if target == case.id:
            at(("related", i, "case"), "相关案例不能指向自己。")
        elif target not in known:
            at(("related", i, "case"), f"相关案例“{target}”不存在（cases/ 中没有 {target}.yaml）。{_suggest(target, sorted(known))}")
    return out
