"""The same corpus built with plain Material, for a side-by-side comparison.

Each case becomes an ordinary Markdown page (same sections, same text), the
site uses Material's own search plugin (which segments Chinese with jieba) and
no casebook plugin. Two layouts:

- ``nav``: every page in the navigation, as MkDocs does by default. Each page
  then carries the whole navigation, so time and size grow with N².
- ``flat``: case pages left out of the navigation (``not_in_nav``), the
  layout the casebook itself uses.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from ..common.numbers import format_value

CONFIG = """\
site_name: 实践案例库（原版 Material 对照）
theme:
  name: material
  language: zh
  font: false
  features: [navigation.tabs, navigation.top, toc.follow]
plugins:
  - search
markdown_extensions:
  - toc:
      permalink: "¶"
  - attr_list
  - admonition
  - tables
"""
FLAT = """\
not_in_nav: |
  /cases/*.md
nav:
  - 首页: index.md
"""
LAYOUTS = ("nav", "flat")


def _text(value: str) -> str:
    return value.strip()


def case_markdown(data: dict, titles: dict[str, str]) -> str:
    out = [f"# {data['title']}", "", data["summary"], ""]
    region = "".join(data["region"].get(k, "") for k in ("province", "city", "county"))
    out += [f"- 实施单位：{data['organisation']}", f"- 地区：{region}", f"- 层级：{data['level']}",
            f"- 主题：{'、'.join(data['themes'])}", "", "## 基本情况", "", _text(data["background"]), "", "## 主要做法", ""]
    for p in data["practices"]:
        out += [f"### {p['name']}", "", _text(p["description"]), ""]
    if data["figures"]:
        out += ["## 关键数据", "", "| 指标 | 数值 | 说明 | 来源原文 |", "| --- | --- | --- | --- |"]
        out += [f"| {f['label']} | {format_value(f['value'])}{f['unit']} | {f['counts']} | {f['source_phrase']} |" for f in data["figures"]]
        out.append("")
    out += ["## 工作成效", "", _text(data["outcomes"]), "", "## 经验启示", ""]
    out += [f"{i}. {item}" for i, item in enumerate(data["insights"], 1)] + [""]
    if data["terms"]:
        out += ["## 提法", "", "、".join(data["terms"]), ""]
    if data["related"]:
        out += ["## 相关案例", ""] + [f"- [{titles[r['case']]}]({r['case']}.md)" for r in data["related"] if r["case"] in titles] + [""]
    out += ["## 来源", ""] + [f"1. {s['title']}，{s.get('date', '')}" for s in data["sources"]] + [""]
    return "\n".join(out)


def make_baseline_project(cases_dir: Path, dest: Path, layout: str) -> Path:
    """Write docs/cases/<id>.md for every case YAML plus a plain Material config."""
    docs = dest / "docs" / "cases"
    docs.mkdir(parents=True, exist_ok=True)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    cases = [yaml.load(p.read_text(encoding="utf-8"), Loader=loader) for p in sorted(cases_dir.glob("*.yaml"))]
    titles = {c["id"]: c["title"] for c in cases}
    for data in cases:
        (docs / f"{data['id']}.md").write_text(case_markdown(data, titles), encoding="utf-8")
    (dest / "docs" / "index.md").write_text("# 实践案例库（对照）\n\n原版 Material 构建的同一批合成案例。\n", encoding="utf-8")
    (dest / "mkdocs.yml").write_text(CONFIG + (FLAT if layout == "flat" else ""), encoding="utf-8")
    return dest
