"""Open data: data/cases.json, cases.csv, figures.csv parse and match the case files."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from casebook import export, schemas
from casebook.numbers import format_value
from casebook.project import load_project
from casebook.urls import SiteUrls
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
