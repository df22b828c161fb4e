"""`casebook new`: a case file generated from the schema, failing validation until filled in."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml

from casebook.cli import main
from casebook.load import load_project
from casebook.authoring.scaffold import render_case, suggest_id
from casebook.load.schemas import load_schema

SCHEMA_LINE = "# yaml-language-server: $schema=../scripts/casebook/schema/case.schema.json"


@pytest.fixture
def book(fixture_book) -> Path:
    return fixture_book


def new(root: Path, *args: str) -> int:
    return main(["--root", str(root), "new", *args])


def schema_fields(schema: dict, prefix: str = "") -> list[tuple[str, dict]]:
    """Every field of the schema with its dotted path: practices[].id, region.city ..."""
    out = []
    for name, sub in schema.get("properties", {}).items():
        path = f"{prefix}{name}"
        out.append((path, sub))
        if sub.get("type") == "object":
            out += schema_fields(sub, path + ".")
        items = sub.get("items", {})
        if sub.get("type") == "array" and items.get("type") == "object":
            out += schema_fields(items, path + "[].")
    return out


def test_creates_file_with_schema_line_title_and_today(book, capsys):
    assert new(book, "测试县建立干部夜访制度") == 0
    path = book / "cases" / "ceshi-xian-yefang.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == SCHEMA_LINE
    data = yaml.safe_load(text)
    assert data["id"] == "ceshi-xian-yefang"
    assert data["title"] == "测试县建立干部夜访制度"
    assert data["added"] == dt.date.today().isoformat()
    out = capsys.readouterr().out
    assert "已创建 cases/ceshi-xian-yefang.yaml" in out and "make validate" in out


def test_every_schema_field_is_present_after_its_comment():
    text = render_case({"id": "x", "title": "标题四个字", "added": "2026-01-01"})
    lines = text.splitlines()
    for path, sub in schema_fields(load_schema("case")):
        name = path.rsplit(".", 1)[-1]
        # the field line, live or commented out ("# city: ..."), or the item line "- # 做法编号（id，…）"
        comment = f"# {sub['title']}（{name}，"
        hits = [i for i, line in enumerate(lines) if comment in line]
        assert hits, f"{path}: no comment with its title"
        i = hits[0]
        assert sub["description"] in lines[i], f"{path}: description missing from its comment"
        rest = "\n".join(lines[i: i + 4])
        assert re.search(rf"(^|[\s#-]){re.escape(name)}:", rest, re.M), f"{path}: field line does not follow its comment"


def test_new_file_fails_validation_with_clear_messages(book):
    assert new(book, "测试县建立干部夜访制度") == 0
    rel = "cases/ceshi-xian-yefang.yaml"
    messages = [p.message for p in load_project(book).problems if p.path == rel]
    joined = "\n".join(messages)
    for needle in ("summary（一句话摘要）", "organisation（实施单位）", "themes（主题）", "status（实施状态）",
                   "background（基本情况）", "practices[1].id（做法编号）", "outcomes（工作成效）",
                   "insights（经验启示）", "sources[1].title（文章标题）", "sources[1].kind（来源性质）"):
        assert needle in joined, f"no message for {needle}:\n{joined}"


def test_filled_in_file_passes_validation(book):
    assert new(book, "测试县建立干部夜访制度", "--id", "ceshi-yefang") == 0
    path = book / "cases" / "ceshi-yefang.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.update(
        summary="测试县要求乡镇干部每周两个晚上入户走访群众，问题登记后限期办结。",
        organisation="中共测试县委组织部",
        region={"province": "江苏省"},
        level="county",
        period={"start": 2021},
        themes=["contact-service"],
        status="unknown",
        background="群众白天找干部难，干部白天进门难。",
        outcomes="全县干部累计夜访群众 4.6 万户次。",
        insights=["把联系群众的时间放到群众方便的时候。"],
    )
    data["practices"][0].update(id="yefang", name="干部夜访", description="乡镇干部每周两个晚上入户走访。")
    data["sources"][0].update(title="测试县干部夜访见闻", kind="media-report")
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    project = load_project(book)
    assert [str(p) for p in project.problems] == []
    assert project.case("ceshi-yefang") is not None


def test_refuses_to_overwrite(book, capsys):
    assert new(book, "测试县建立干部夜访制度") == 0
    path = book / "cases" / "ceshi-xian-yefang.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "# 我的修改\n", encoding="utf-8")
    capsys.readouterr()
    assert new(book, "测试县建立干部夜访制度") == 1
    err = capsys.readouterr().err
    assert "cases/ceshi-xian-yefang.yaml 已经存在，不会覆盖" in err and "--id" in err
    assert path.read_text(encoding="utf-8").endswith("# 我的修改\n")


def test_refuses_id_of_existing_case(book, capsys):
    assert new(book, "另一个示例案例", "--id", "shili-shi-sifang-huodong") == 1
    assert "已经存在" in capsys.readouterr().err


def test_refuses_id_taken_as_alias(book, capsys):
    case = book / "cases" / "shili-shi-sifang-huodong.yaml"
    case.write_text(case.read_text(encoding="utf-8").replace("title:", "aliases: [jiu-bianhao]\ntitle:", 1), encoding="utf-8")
    assert new(book, "另一个示例案例", "--id", "jiu-bianhao") == 1
    err = capsys.readouterr().err
    assert "jiu-bianhao" in err and "cases/shili-shi-sifang-huodong.yaml" in err and "旧编号" in err
    assert not (book / "cases" / "jiu-bianhao.yaml").exists()


@pytest.mark.parametrize("bad", ["Bad_ID", "has space", "-leading", "中文"])
def test_rejects_malformed_id(book, capsys, bad):
    assert new(book, "另一个示例案例", f"--id={bad}") == 1
    assert "格式不对" in capsys.readouterr().err


def test_outside_a_casebook(tmp_path, capsys):
    assert new(tmp_path, "测试县建立干部夜访制度") == 1
    assert "找不到" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        # generic verbs and particles go first, so the words that tell cases apart stay
        ("重庆市实施“三万计划”", "chongqingshi-sanwan"),
        ("示例县建立干部联系群众“两项制度”", "shili-xian-liangxiang"),
        ("某某县建立干部夜访制度", "moumou-xian-yefang"),
        ("科级公务员跨单位交流凸显示范效应", "keji-gongwuyuan"),
        ("示例县推行干部夜访制度 打通联系群众“最后一公里”", "shili-xian-yefang"),
        ("建立健全", "jianlijianquan"),  # nothing but generic words: kept as they are
        ("ABC 测试 2024", "abc-ceshi-2024"),
        ("！？……", ""),
    ],
)
def test_suggested_id(title, expected):
    assert suggest_id(title) == expected
