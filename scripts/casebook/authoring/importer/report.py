"""The Chinese report printed by ``casebook import``: what was done to the article and what to check."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ...common.numbers import format_value
from .clean import ROLE_BODY, ROLE_META, CleanResult
from .figures import FigureScan
from .lines import Note, short
from .meta import Meta
from .mojibake import Finding
from .script import Conversion, ScriptResult
from .source import Article
from .suggest import CONTAINMENT_WARN, Suggestions

SHOW_FIGURES = 10


@dataclass
class Run:
    article: Article
    mojibake: list[Finding]
    script: ScriptResult
    clean: CleanResult
    conversion: Conversion
    meta: Meta
    figures: FigureScan
    suggestions: Suggestions
    case_id: str
    clean_path: Path
    draft_path: Path
    project_loaded: bool
    warnings: list[str] = field(default_factory=list)


def _notes(notes: list[Note], indent: str = "    ") -> list[str]:
    return [f"{indent}第 {n.line} 行“{n.text}”—— {n.message}" for n in notes]


def render(run: Run) -> str:
    a, c, m = run.article, run.clean, run.meta
    out = [f"导入报告：{a.path}", ""]
    kind = "网页（HTML）" if a.is_html else "纯文本"
    out.append(f"读取：{kind}，{a.encoding} 编码，共 {len(a.lines)} 行文字。")
    out += [f"  {n}" for n in a.notes]
    if a.dropped:
        out.append(f"  网页结构中的导航栏、页眉、页脚、侧栏共 {len(a.dropped)} 段文字没有读入：")
        out += [f"    第 {line.no} 行“{short(line.text)}”—— {reason}" for line, reason in a.dropped]

    fixed = [f for f in run.mojibake if f.repaired]
    broken = [f for f in run.mojibake if not f.repaired]
    if run.mojibake:
        out.append("乱码：")
        if fixed:
            out.append(f"  已修复 {len(fixed)} 处：")
            out += [f"    第 {f.line} 行“{short(f.garbled, 24)}”→“{short(f.fixed or '', 24)}”（{f.how}）" for f in fixed]
        if broken:
            out.append(f"  无法自动还原 {len(broken)} 处，原样保留在 clean.txt 中，请对照原网页改正：")
            for f in broken:
                guess = f"，可能的原文：“{f.reading}”（{f.how}）" if f.reading else "，无法推断原文"
                out.append(f"    第 {f.line} 行“{short(f.garbled, 30)}”{guess}")
    else:
        out.append("乱码：没有发现。")

    conv = run.conversion
    if conv.traditional:
        out.append(f"字形：原文是繁体字，clean.txt 已转为简体（改动 {conv.changed_chars} 字）；草稿中的来源标题照录原文。")
    else:
        out.append("字形：原文是简体字。")
    if run.script.removed_pinyin:
        out.append(f"拼音夹注：删除 {run.script.removed_pinyin} 处，例如 {'、'.join(run.script.pinyin_examples)}。")
    if run.script.broken:
        out.append("  残缺的拼音夹注或乱码（没有删除，请改正）：")
        out += _notes(run.script.broken)

    removed = c.removed
    out.append(f"清理：删除 {len(removed)} 行网页杂项：" if removed else "清理：没有需要删除的整行。")
    out += [f"    第 {i.line.no} 行“{short(i.line.text)}”—— {i.reason}" for i in removed]
    if c.spam:
        out.append(f"  其中 {len(c.spam)} 行是网站被插入的垃圾链接（色情、赌博等广告文字），已删除，请勿转录：")
        out += [f"    第 {i.line.no} 行“{short(i.line.text, 30)}”" for i in c.spam]
    if c.truncated:
        out.append(f"  注意：页面注明正文没有显示完整（“{short(c.truncated[0], 30)}”），clean.txt 只有网页上显示的部分，请找到全文后再导入。")
    if c.inline:
        out.append(f"  删除行内杂项 {len(c.inline)} 处：")
        out += _notes(sorted(c.inline, key=lambda n: n.line))
    if c.joined:
        out.append(f"  合并被断开的段落 {len(c.joined)} 处：")
        out += _notes(c.joined)
    if c.unsure:
        out.append(f"需要人工确认（拿不准是不是正文，已保留在 clean.txt 中）：{len(c.unsure)} 行")
        out += [f"    第 {i.line.no} 行“{short(i.line.text)}”—— {i.reason}" for i in c.unsure]
    body = [i for i in c.items if i.role == ROLE_BODY]
    metas = [i for i in c.items if i.role == ROLE_META]
    chars = sum(len(i.line.text) for i in body)
    out.append(f"保留：标题 {1 if c.title else 0} 行、署名和发布信息 {len(metas)} 行、正文 {len(body)} 段（{chars} 字）。")

    out.append("元数据（写入草稿 sources）：")
    rows = [
        ("标题", m.title, "title"),
        ("发布日期", m.date, "date"),
        ("作者", "、".join(m.authors) if m.authors else None, "authors"),
        ("发布方", m.publisher, "publisher"),
        ("原载", m.outlet, "outlet"),
        ("网址", m.url, "url"),
    ]
    for label, value, key in rows:
        if value:
            where = m.found.get(key)
            out.append(f"  {label}：{value}" + (f"（{where}）" if where else ""))
    if m.signature:
        out.append(f"  署名原文：{m.signature}")
    if m.poster:
        out.append(f"  发帖人：{m.poster}（论坛用户，不是作者）")
    if m.editor:
        out.append(f"  编辑：{m.editor}")
    if m.kind:
        out.append(f"  来源性质：{m.kind}（{m.kind_reason}）")
    else:
        out.append("  来源性质：无法判断，草稿中留空，请按文章情况选择。")
    missing = m.missing()
    if missing:
        out.append(f"  未找到：{'、'.join(missing)}。草稿中这些字段留空；原文确实没有写明的就不填，不要推测。")

    fs = run.figures
    if fs.figures:
        out.append(f"数据：找到 {len(fs.figures)} 个数字（跳过年份、日期 {fs.skipped_dates} 个），已作为候选写入草稿 figures 下方的注释。前 {min(SHOW_FIGURES, len(fs.figures))} 个：")
        for f in fs.figures[:SHOW_FIGURES]:
            out.append(f"    第 {f.line} 行 {f.text}（数值 {format_value(f.value)}，单位 {f.unit or '无'}）：{short(f.phrase, 40)}")
    else:
        out.append("数据：文中没有找到数字。")

    s = run.suggestions
    if not run.project_loaded:
        out.append("主题、提法、相似案例：没有找到案例库（cases/ 目录），跳过。请在仓库根目录运行，或用 --root 指定。")
    else:
        if s.themes:
            out.append("主题建议：" + "、".join(f"{p.id}（{p.name}）" for p in s.themes) + "。写在草稿 themes 上方的注释里，请挑选后填入。")
        else:
            out.append("主题建议：没有匹配的主题。")
        out.append("提法：" + ("草稿 terms 已填入文中出现的词条：" + "、".join(s.terms) if s.terms else "文中没有出现提法词典中的词条。"))
        if s.new_terms:
            out.append("  词典中还没有的数字式提法：" + "、".join(s.new_terms))
        if s.duplicates:
            out.append("相似的已有案例（可能重复收录，请先核对）：")
            for d in s.duplicates:
                why = "来源标题相同" if d.same_source else f"该案例 {d.containment:.0%} 的词对出现在本文中"
                out.append(f"    {d.rel}（{d.title}）—— {why}")
        else:
            out.append(f"相似的已有案例：没有（判断标准：已有案例中至少 {CONTAINMENT_WARN:.0%} 的词对出现在本文中，或来源标题相同）。")

    out += [f"注意：{w}" for w in run.warnings]
    out += [
        "输出：",
        f"  清理后的文章：{run.clean_path}",
        f"  案例草稿：{run.draft_path}",
        "下一步：",
        "  1. 对照原网页检查清理后的文章，尤其是上面“需要人工确认”和“乱码”两项。",
        f"  2. 把草稿移到案例目录：mv {run.draft_path} cases/{run.case_id}.yaml，按注释填写各字段（数字要逐个对照原文）。",
        "  3. 运行 make validate 检查，make serve 预览（http://127.0.0.1:8000）。",
    ]
    return "\n".join(out)
