"""Open data: data/cases.json, cases.csv, figures.csv parse and match the case files."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from casebook.outputs import export
from casebook.load import schemas
from casebook.common.numbers import format_value
from casebook.load import load_project
from casebook.common.urls import SiteUrls
from conftest import REPO


def read_csv(path) -> list[dict]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), f"{path.name} has no UTF-8 byte-order mark (Excel would garble it)"
    assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b""), "CRLF line ends only"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_cases_json_matches_the_case_files(built_site):
    project = load_project(REPO)
    data = json.loads((built_site / "data" / "cases.json").read_text(encoding="utf-8"))
    assert data["schema_version"] == schemas.schema_version()
    assert data["count"] == len(project.cases) == len(data["cases"])
    for case, exported in zip(project.cases, data["cases"]):
        url = exported.pop("url")
        assert exported == case.data
        assert url == f"cases/{case.id}/"
        assert (built_site / url / "index.html").is_file()


def test_cases_csv_has_one_row_per_case(built_site):
    project = load_project(REPO)
    rows = read_csv(built_site / "data" / "cases.csv")
    assert list(rows[0]) == [c[0] for c in export.CASE_COLUMNS]
    assert [r["id"] for r in rows] == [c.id for c in project.cases]
    for row, case in zip(rows, project.cases):
        d = case.data
        assert row["title"] == d["title"] and row["summary"] == d["summary"]
        assert row["province"] == d["region"]["province"] and row["county"] == d["region"].get("county", "")
        assert row["themes"].split("；") == d["themes"]
        assert row["practice_ids"].split("；") == [p["id"] for p in d["practices"]]
        assert row["terms"] == "；".join(d["terms"])
        assert int(row["figure_count"]) == len(d["figures"])
        assert row["period_start"] == str(d["period"].get("start", ""))
        assert row["source_title"] == d["sources"][0]["title"]
        assert row["added"] == d["added"]


def test_figures_csv_has_one_row_per_figure(built_site):
    project = load_project(REPO)
    rows = read_csv(built_site / "data" / "figures.csv")
    expected = [(c.id, i, f) for c in project.cases for i, f in enumerate(c["figures"], start=1)]
    assert len(rows) == len(expected) > 50
    for row, (case_id, position, fig) in zip(rows, expected):
        assert (row["case_id"], int(row["position"])) == (case_id, position)
        assert float(row["value"]) == fig["value"] and row["value"] == format_value(fig["value"])
        assert row["unit"] == fig["unit"] and row["label"] == fig["label"]
        assert row["source_phrase"] == fig["source_phrase"]
        assert row["qualifier"] == fig.get("qualifier", "")
        assert row["practice_id"] == fig.get("practice", "")


def test_datapackage_describes_every_column(built_site):
    package = json.loads((built_site / "data" / "datapackage.json").read_text(encoding="utf-8"))
    assert package["version"] == schemas.schema_version()
    by_name = {r["name"]: r for r in package["resources"]}
    assert [f["name"] for f in by_name["cases"]["schema"]["fields"]] == [c[0] for c in export.CASE_COLUMNS]
    assert [f["name"] for f in by_name["figures"]["schema"]["fields"]] == [c[0] for c in export.FIGURE_COLUMNS]
    for resource in package["resources"]:
        assert (built_site / "data" / resource["path"]).is_file()


def test_exports_are_deterministic(tmp_path):
    project = load_project(REPO)
    first, second = tmp_path / "a", tmp_path / "b"
    export.write_exports(project, first, SiteUrls())
    export.write_exports(load_project(REPO), second, SiteUrls())
    for name in ("cases.json", "cases.csv", "figures.csv", "datapackage.json"):
        assert (first / "data" / name).read_bytes() == (second / "data" / name).read_bytes(), name


def test_offline_layout_exports_file_addresses(tmp_path):
    project = load_project(REPO)
    export.write_exports(project, tmp_path, SiteUrls(directory_urls=False))
    data = json.loads((tmp_path / "data" / "cases.json").read_text(encoding="utf-8"))
    assert all(c["url"] == f"cases/{c['id']}.html" for c in data["cases"])


def test_data_page_documents_every_column_and_the_version(built_site):
    page = (REPO / "docs" / "data" / "index.md").read_text(encoding="utf-8")
    assert f"数据格式版本：<strong>{schemas.schema_version()}</strong>" in page
    for name, _, _ in export.CASE_COLUMNS + export.FIGURE_COLUMNS:
        assert f"| `{name}` |" in page, f"column {name} is not described on docs/data/index.md"
    html = (built_site / "data" / "index.html").read_text(encoding="utf-8")
    for target in re.findall(r'<a href="([a-z]+\.(?:json|csv))" download>', html):
        assert (built_site / "data" / target).is_file()
    assert len(re.findall(r'<a href="[a-z]+\.(?:json|csv)" download>', html)) == 4
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert re.search(r'href="(\./)?data/"', home), "开放数据 is linked from the site navigation"


@pytest.mark.parametrize("keep", [None, 1, 0])
def test_cases_json_written_a_case_at_a_time_is_the_whole_dump(tmp_path, keep):
    """issue #8: cases.json is streamed; the text is exactly json.dumps(indent=2) of the whole."""
    project = load_project(REPO)
    if keep is not None:
        project.cases = project.cases[:keep]
    path = tmp_path / "cases.json"
    export.write_cases_json(path, project, SiteUrls())
    expected = json.dumps(export.cases_json(project, SiteUrls()), ensure_ascii=False, indent=2) + "\n"
    assert path.read_bytes() == expected.encode("utf-8")


FORMULA_START = re.compile(r"^[ \u00a0\u3000]*[=+\-@\t\r\n＝＋－＠]")


def test_no_csv_cell_starts_a_formula_and_the_json_keeps_the_values(fixture_book, tmp_path):
    """issue #20 (OWASP CSV injection): cadres open these files in Excel or WPS."""
    path = fixture_book / "cases" / "shili-xian-liangxiang-zhidu.yaml"
    hostile = {  # the line's start -> the whole new line
        "title: ": 'title: "=HYPERLINK(\\"http://e.x\\",\\"点此\\")示例县"',
        "summary: ": "summary: '@SUM(1+1)*cmd|示例县要求乡镇干部夜间入户走访'",
        "  - label: 走访农户": "  - label: '+走访农户'",
        "    counts: 登记问题中按时办结的比例": "    counts: ＝登记问题中按时办结的比例",
        "    unit: 名": "    unit: '-名'",
        "organisation: ": "organisation: '　-中共示例县委组织部'",
    }
    lines = path.read_text(encoding="utf-8").splitlines()
    for start, new in hostile.items():
        at = next(i for i, line in enumerate(lines) if line.startswith(start))
        lines[at] = new
    text = "\n".join(lines) + "\n"
    path.write_text(text, encoding="utf-8")
    project = load_project(fixture_book)
    assert project.problems == []
    export.write_exports(project, tmp_path, SiteUrls())
    for name in ("cases.csv", "figures.csv"):
        for row in read_csv(tmp_path / "data" / name):
            for column, cell in row.items():
                if column in ("value",) and re.fullmatch(r"-?[0-9.]+", cell):
                    continue  # numbers stay numbers
                assert not FORMULA_START.match(cell), (name, column, cell)
    rows = {r["id"]: r for r in read_csv(tmp_path / "data" / "cases.csv")}
    case = rows["shili-xian-liangxiang-zhidu"]
    assert case["title"] == "'" + project.case("shili-xian-liangxiang-zhidu")["title"]
    exported = json.loads((tmp_path / "data" / "cases.json").read_text(encoding="utf-8"))["cases"]
    by_id = {c["id"]: c for c in exported}
    assert by_id["shili-xian-liangxiang-zhidu"]["title"].startswith("=HYPERLINK(")
    assert by_id["shili-xian-liangxiang-zhidu"]["figures"][0]["label"] == "+走访农户"


@pytest.mark.parametrize("value, numeric, cell", [
    ("=1+1", False, "'=1+1"), ("+86 10", False, "'+86 10"), ("-3", False, "'-3"), ("-3", True, "-3"), ("-3.5", True, "-3.5"),
    ("-3 名", True, "'-3 名"), ("@A1", False, "'@A1"), ("\tx", False, "'\tx"), ("\r=x", False, "'\r=x"), ("＝１", False, "'＝１"),
    ("　=x", False, "'　=x"), ("示例=1", False, "示例=1"), ("", False, ""), (12, True, 12), ("'=x", False, "'=x"),
])
def test_spreadsheet_cell(value, numeric, cell):
    assert export.spreadsheet_cell(value, numeric) == cell
