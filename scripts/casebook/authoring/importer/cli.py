"""``casebook import ARTICLE [--out DIR]``: run the import steps and write the two outputs."""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

from .. import scaffold
from . import clean as clean_step
from . import draft, figures, meta, mojibake, report, script, source, suggest
from .clean import ROLE_REMOVED


def _load_project(root: Path):
    if not (root / "cases").is_dir():
        return None
    from ...load import load_project

    return load_project(root)


def _note(run_meta: meta.Meta, conv: script.Conversion, pinyin: script.ScriptResult, moj: list[mojibake.Finding], clean: clean_step.CleanResult) -> str:
    """A first version of sources[].note, from what the page says and what the import did."""
    parts = ["网页抓取稿"]
    m = run_meta
    if m.poster:
        parts.append(f"论坛用户“{m.poster}”{m.date or ''}发帖转载")
    if m.anonymous:
        parts.append("网友上传稿，无署名，页面注明来源于网友上传")
    if m.outlet:
        parts.append(f"页面注明来源为{m.outlet}")
    if not m.publisher:
        parts.append("抓取网站未具名")
    if m.editor:
        parts.append(f"编辑{m.editor}")
    if m.signature:
        parts.append(f"署名原文作“{m.signature}”")
    if conv.traditional:
        parts.append("原文为繁体字")
    if pinyin.removed_pinyin:
        parts.append(f"夹注拼音{pinyin.removed_pinyin}处（如“{pinyin.pinyin_examples[0]}”）")
    if clean.truncated:
        parts.append("网页只显示了部分正文（页面注明付费或未完）")
    if any(n.message.endswith("网页模板残留") for n in clean.inline):
        parts.append("有网页模板残留")
    lines = sorted({f.line for f in moj if not f.repaired} | {n.line for n in pinyin.broken})
    if lines:
        parts.append("第" + "、".join(str(n) for n in lines) + "行有乱码，未能还原")
    return "，".join(parts) + "。"


@dataclass
class Analysis:
    """Everything the import steps found in one article, before anything is written."""

    article: source.Article
    mojibake: list[mojibake.Finding]
    script: script.ScriptResult
    clean: clean_step.CleanResult
    conversion: script.Conversion
    meta: meta.Meta
    figures: figures.FigureScan
    original_phrases: dict[int, str]
    clean_text: str
    title_simplified: str | None


def analyse(article_path: Path) -> Analysis:
    """Steps 1-6: read, repair, strip annotations, sort the lines, find the metadata and figures."""
    article = source.read_article(article_path)
    lines, moj = mojibake.repair(article.lines)
    pinyin = script.strip_pinyin(source.plain_spaces(lines))
    garbled = {f.line for f in moj if not f.repaired}
    classified = clean_step.classify(pinyin.lines, title_hint=article.html_meta.get("h1"), garbled=garbled)
    found = meta.extract(classified, article.html_meta)

    kept = [item for item in classified.items if item.role != ROLE_REMOVED]
    conv = script.to_simplified_lines([item.line for item in kept])
    simple_by_no = {line.no: line.text for line in conv.lines}
    original_by_no = {item.line.no: item.line.text for item in kept}
    body = [line for item, line in zip(kept, conv.lines) if item.role == clean_step.ROLE_BODY]
    scan = figures.scan(body)
    original_phrases = {}
    for i, fig in enumerate(scan.figures):
        orig, simple = original_by_no.get(fig.line, ""), simple_by_no.get(fig.line, "")
        if len(orig) == len(simple) and orig != simple:
            original_phrases[i] = orig[fig.span[0]: fig.span[1]]
    return Analysis(
        article=article, mojibake=moj, script=pinyin, clean=classified, conversion=conv, meta=found, figures=scan,
        original_phrases=original_phrases, clean_text="\n\n".join(line.text for line in conv.lines) + "\n",
        title_simplified=script.to_simplified(found.title) if found.title else None,
    )


def run_import(article_path: Path, out_dir: Path | None, root: Path) -> report.Run:
    a = analyse(article_path)
    found, conv, pinyin, moj, classified = a.meta, a.conversion, a.script, a.mojibake, a.clean
    clean_text, title_simple = a.clean_text, a.title_simplified
    project = _load_project(root)
    hints = suggest.suggest(clean_text, project, title=title_simple) if project is not None else suggest.Suggestions()

    warnings: list[str] = []
    # ids from jieba's own dictionary: the casebook's terms added to the importer's tokenizer would glue 书记接待
    case_id = scaffold.suggest_id(title_simple or "") or "xin-anli"
    id_note = ""
    if project is not None:
        taken = scaffold.claimed_ids(root)
        if case_id in taken:
            new_id = scaffold.free_variant(case_id, taken)
            id_note = f"由标题生成的编号 {case_id} 已被 {taken[case_id]} 使用，暂改为 {new_id}；请换一个更贴切的编号。"
            warnings.append(id_note)
            case_id = new_id

    out_dir = out_dir or article_path.parent
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = article_path.stem
    clean_path = out_dir / f"{stem}.clean.txt"
    draft_path = out_dir / f"{stem}.case.yaml"
    if draft_path.exists():
        kept_draft = draft_path
        draft_path = out_dir / f"{stem}.case.new.yaml"
        warnings.append(f"{kept_draft} 已经存在（可能已经改过），没有覆盖；新草稿写在 {draft_path}。")

    from .proposals import propose

    found_proposals = propose(a, project.vocab.provinces if project is not None else {})
    draft_in = draft.DraftInput(
        meta=found,
        title_simplified=title_simple,
        traditional=conv.traditional,
        source_note=_note(found, conv, pinyin, moj, classified),
        figures=a.figures.figures,
        original_phrases=a.original_phrases,
        suggestions=hints,
        case_id=case_id,
        id_note=id_note,
        proposals=found_proposals,
        levels=project.vocab.levels if project is not None else None,
    )
    clean_path.write_text(clean_text, encoding="utf-8")
    draft_path.write_text(draft.render(draft_in), encoding="utf-8")
    return report.Run(
        article=a.article, mojibake=moj, script=pinyin, clean=classified, conversion=conv, meta=found,
        figures=a.figures, suggestions=hints, case_id=case_id, clean_path=clean_path, draft_path=draft_path,
        project_loaded=project is not None, warnings=warnings,
    )


def main(args: argparse.Namespace) -> int:
    root = Path(getattr(args, "root", None) or ".")
    try:
        run = run_import(Path(args.article), args.out, root)
    except source.ImportError_ as e:
        print(f"错误：{e}", file=sys.stderr)
        return 1
    except OSError as e:
        print(f"错误：无法读写文件（{e.strerror}：{e.filename}）。请检查路径和权限；--out 指定的目录必须可写。", file=sys.stderr)
        return 1
    print(report.render(run))
    return 0
