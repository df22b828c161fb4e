"""Open data: every case as JSON and CSV, written into ``data/`` of the site.

* ``data/cases.json`` — the case files as they are (field names and values of
  the schema), one object per case, plus each page's address;
* ``data/cases.csv`` — one row per case, flat columns;
* ``data/figures.csv`` — one row per key figure;
* ``data/datapackage.json`` — a Frictionless Data Package describing the files
  and every CSV column.

All carry the schema version (``schemas.schema_version()``). The CSV files
are UTF-8 with a byte-order mark and CRLF line ends, so Excel opens the
Chinese text correctly, and every text cell goes through ``spreadsheet_cell``
(no cell starts a formula); the JSON keeps every value exactly. Output depends only on the case files: cases sorted
by id, no build time anywhere, so two builds are byte-identical.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..common import urls
from ..common.numbers import format_value
from ..common.urls import SiteUrls
from ..link.citation import page_address
from ..load.project import SOURCE_KIND_NAMES, STATUS_NAMES, Project
from ..load.schemas import schema_version
from ..render.text import figure_value
from .postbuild import STEPS

DATA_DIR = "data"
LIST_SEP = "；"  # between items of a list inside one CSV cell

# (column, type, description) — the description is published in datapackage.json
CASE_COLUMNS = [
    ("id", "string", "案例编号，也是案例网址的一部分"),
    ("title", "string", "标题"),
    ("summary", "string", "一句话摘要"),
    ("organisation", "string", "实施单位"),
    ("province", "string", "省级地区（全国性案例为“全国”）"),
    ("city", "string", "市级地区"),
    ("county", "string", "县级地区"),
    ("level", "string", "层级编号"),
    ("level_name", "string", "层级名称"),
    ("period_start", "integer", "起始年份"),
    ("period_end", "integer", "截止年份"),
    ("period_note", "string", "时间说明"),
    ("year", "integer", "归档年份：起始年份，不详时为来源发表年份"),
    ("status", "string", "实施状态编号：ongoing、ended、unknown"),
    ("status_name", "string", "实施状态名称"),
    ("themes", "string", "主题编号，多个用“；”分隔"),
    ("theme_names", "string", "主题名称，多个用“；”分隔"),
    ("practices", "string", "主要做法名称，按顺序，用“；”分隔"),
    ("practice_ids", "string", "主要做法编号，按顺序，用“；”分隔"),
    ("terms", "string", "提法，用“；”分隔"),
    ("figure_count", "integer", "关键数据条数（明细见 figures.csv）"),
    ("source_title", "string", "第一篇来源文章的标题"),
    ("source_authors", "string", "第一篇来源的作者，用“；”分隔"),
    ("source_publisher", "string", "第一篇来源的发布方"),
    ("source_outlet", "string", "第一篇来源的原载出处"),
    ("source_date", "string", "第一篇来源的发布日期"),
    ("source_kind", "string", "第一篇来源的性质编号"),
    ("source_kind_name", "string", "第一篇来源的性质名称"),
    ("source_url", "string", "第一篇来源的网址"),
    ("source_count", "integer", "来源文章篇数（全部来源见 cases.json）"),
    ("aliases", "string", "旧编号，用“；”分隔"),
    ("added", "date", "收录日期"),
    ("url", "string", "案例页面地址"),
]
FIGURE_COLUMNS = [
    ("case_id", "string", "所属案例编号"),
    ("case_title", "string", "所属案例标题"),
    ("position", "integer", "在案例中的序号（从 1 开始）"),
    ("label", "string", "名称"),
    ("value", "number", "数值，照来源的精度"),
    ("qualifier", "string", "约数说明编号：about、more-than、at-least、less-than；确数为空"),
    ("unit", "string", "单位"),
    ("value_text", "string", "页面上显示的写法，如“500余名”"),
    ("counts", "string", "统计对象"),
    ("year", "integer", "所指年份"),
    ("practice_id", "string", "所属做法编号"),
    ("practice_name", "string", "所属做法名称"),
    ("source_phrase", "string", "来源原文短语"),
]


def _join(items) -> str:
    return LIST_SEP.join(str(i) for i in items)


def case_rows(project: Project, site_urls: SiteUrls) -> Iterator[dict]:
    vocab = project.vocab
    for case in project.cases:
        d = case.data
        region, period = d["region"], d["period"]
        first = d["sources"][0]
        yield {
            "id": case.id,
            "title": d["title"],
            "summary": d["summary"],
            "organisation": d["organisation"],
            "province": region["province"],
            "city": region.get("city", ""),
            "county": region.get("county", ""),
            "level": d["level"],
            "level_name": vocab.levels.get(d["level"], {}).get("name", ""),
            "period_start": period.get("start", ""),
            "period_end": period.get("end", ""),
            "period_note": period.get("note", ""),
            "year": case.year or "",
            "status": d["status"],
            "status_name": STATUS_NAMES[d["status"]],
            "themes": _join(d["themes"]),
            "theme_names": _join(vocab.themes.get(t, {}).get("name", t) for t in d["themes"]),
            "practices": _join(p["name"] for p in d["practices"]),
            "practice_ids": _join(p["id"] for p in d["practices"]),
            "terms": _join(d["terms"]),
            "figure_count": len(d["figures"]),
            "source_title": first["title"],
            "source_authors": _join(first.get("authors", [])),
            "source_publisher": first.get("publisher", ""),
            "source_outlet": first.get("outlet", ""),
            "source_date": first.get("date", ""),
            "source_kind": first["kind"],
            "source_kind_name": SOURCE_KIND_NAMES.get(first["kind"], ""),
            "source_url": first.get("url", ""),
            "source_count": len(d["sources"]),
            "aliases": _join(d.get("aliases", [])),
            "added": d["added"],
            "url": page_address(project, site_urls, urls.case_src(case.id)),
        }


def figure_rows(project: Project) -> Iterator[dict]:
    for case in project.cases:
        names = {p["id"]: p["name"] for p in case["practices"]}
        for i, f in enumerate(case["figures"], start=1):
            yield {
                "case_id": case.id,
                "case_title": case.title,
                "position": i,
                "label": f["label"],
                "value": format_value(f["value"]),
                "qualifier": f.get("qualifier", ""),
                "unit": f["unit"],
                "value_text": figure_value(f),
                "counts": f["counts"],
                "year": f.get("year", ""),
                "practice_id": f.get("practice", ""),
                "practice_name": names.get(f.get("practice", ""), ""),
                "source_phrase": f["source_phrase"],
            }


# OWASP "CSV injection": Excel, WPS and LibreOffice run a cell starting with
# one of these as a formula (=HYPERLINK(...), +cmd|...). Full-width ＝＋－＠
# too: East Asian spreadsheets turn them into the ASCII signs as they read
# a cell. Leading spaces do not protect a cell, so they are looked through.
FORMULA_SIGNS = frozenset("=+-@\t\r\n＝＋－＠")
_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
_LEADING_SPACE = " \u00a0\u3000"


def spreadsheet_cell(value, numeric: bool = False):
    """A CSV cell that no spreadsheet runs as a formula: text whose first
    character (after spaces) is a formula sign gets a leading apostrophe, the
    usual neutraliser. A number in a numeric column (a negative -3) stays a number."""
    if not isinstance(value, str) or not value:
        return value
    if numeric and _NUMBER.fullmatch(value):
        return value
    first = value.lstrip(_LEADING_SPACE)[:1]
    return "'" + value if first and first in FORMULA_SIGNS else value


def write_csv(path: Path, columns: list[tuple[str, str, str]], rows: Iterable[dict]) -> None:
    """UTF-8 with a byte-order mark and CRLF line ends, a row at a time; every
    cell through ``spreadsheet_cell``."""
    numeric = {name for name, kind, _ in columns if kind in ("integer", "number")}
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=[c[0] for c in columns], lineterminator="\r\n")
        writer.writeheader()
        writer.writerows({k: spreadsheet_cell(v, k in numeric) for k, v in row.items()} for row in rows)


def _case_record(project: Project, site_urls: SiteUrls, case) -> dict:
    return {**case.data, "url": page_address(project, site_urls, urls.case_src(case.id))}


def _cases_head(project: Project) -> dict:
    return {"schema_version": schema_version(), "schema": "../schema/case.schema.json", "count": len(project.cases)}


def cases_json(project: Project, site_urls: SiteUrls) -> dict:
    return {**_cases_head(project), "cases": [_case_record(project, site_urls, case) for case in project.cases]}


def write_cases_json(path: Path, project: Project, site_urls: SiteUrls) -> None:
    """``_json_bytes(cases_json(...))``, written a case at a time: at 10,000
    cases the whole text at once took 250 MB (tested equal)."""
    head = json.dumps({**_cases_head(project), "cases": []}, ensure_ascii=False, indent=2)
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(head[: head.rindex("[]")] + "[")
        for i, case in enumerate(project.cases):
            item = json.dumps(_case_record(project, site_urls, case), ensure_ascii=False, indent=2)
            fh.write(("," if i else "") + "\n    " + item.replace("\n", "\n    "))  # JSON text has no raw line breaks in strings
        fh.write("\n  ]\n}\n" if project.cases else "]\n}\n")


def datapackage(project: Project) -> dict:
    def fields(columns):
        return [{"name": n, "type": t, "description": d} for n, t, d in columns]

    return {
        "name": "casebook",
        "title": "实践案例库",
        "version": schema_version(),
        "description": "实践案例库全部案例的结构化数据。字段含义见 ../schema/case.schema.json。"
                       "CSV 中以 = + - @（含全角）、制表符或换行开头的文字前加了一个英文单引号 '，"
                       "防止电子表格把它当作公式执行；cases.json 保留原值。",
        "resources": [
            {"name": "cases", "path": "cases.csv", "format": "csv", "encoding": "utf-8-sig", "mediatype": "text/csv",
             "schema": {"fields": fields(CASE_COLUMNS), "primaryKey": ["id"]}},
            {"name": "figures", "path": "figures.csv", "format": "csv", "encoding": "utf-8-sig", "mediatype": "text/csv",
             "schema": {"fields": fields(FIGURE_COLUMNS), "primaryKey": ["case_id", "position"],
                        "foreignKeys": [{"fields": ["case_id"], "reference": {"resource": "cases", "fields": ["id"]}}]}},
            {"name": "cases-json", "path": "cases.json", "format": "json", "encoding": "utf-8", "mediatype": "application/json"},
        ],
    }


def _json_bytes(value) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def write_exports(project: Project, site_dir: Path, site_urls: SiteUrls) -> None:
    """Post-build step."""
    out = site_dir / DATA_DIR
    out.mkdir(parents=True, exist_ok=True)
    write_cases_json(out / "cases.json", project, site_urls)
    write_csv(out / "cases.csv", CASE_COLUMNS, case_rows(project, site_urls))
    write_csv(out / "figures.csv", FIGURE_COLUMNS, figure_rows(project))
    (out / "datapackage.json").write_bytes(_json_bytes(datapackage(project)))


STEPS.append(write_exports)
