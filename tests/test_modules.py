"""Training modules (培训专题): validation with file:line:col, pages, print handout."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from casebook.load import schemas
from casebook.load.extensions import load_extensions
from casebook.modules import modules_of
from casebook.load import load_project
from conftest import FIXTURES, REPO, make_project_copy, run_mkdocs

VALID = """\
# yaml-language-server: $schema=../scripts/casebook/schema/module.schema.json
id: {id}
title: 示例专题：干部定期走访群众
summary: 用两个示例案例比较干部定期走访群众的两种制度。
audience: 示例培训班学员
objectives:
  - 了解夜访和结对走访两种做法的区别。
cases:
  - case: {case}
    practices:
      - wenti-qingdan
      - {practice}
    note: 问题清单把走访中收集的问题逐条登记、限期办结。
    alternatives:
      - case: {alternative}
questions:
  - 两个案例的走访频次不同，各自的理由是什么？
"""


def project_with_module(tmp_path: Path, text: str, name: str = "ceshi-zhuanti.yaml"):
    """The fixture casebook plus one module file; loaded and checked like `casebook validate`."""
    root = tmp_path / "book"
    shutil.copytree(FIXTURES / "project", root)
    (root / "modules" / name).write_text(text, encoding="utf-8")
    project = load_project(root)
    load_extensions(project)
    return project


def problems_in(project, path: str) -> list[str]:
    return [str(p) for p in project.problems if p.path == path]


def module_text(**changes) -> str:
    values = dict(id="ceshi-zhuanti", case="shili-xian-liangxiang-zhidu", practice="ganbu-yefang", alternative="shili-shi-sifang-huodong")
    values.update(changes)
    return VALID.format(**values)


def test_fixture_and_real_modules_are_valid():
    for root, at_least in ((FIXTURES / "project", 1), (REPO, 2)):
        project = load_project(root)
        load_extensions(project)
        assert project.problems == []
        assert len(modules_of(project)) >= at_least
        for module in modules_of(project):
            assert Path(module.rel).stem == module.id
            assert module.data["questions"], f"{module.rel} has no discussion questions"


def test_a_valid_module_has_no_problems(tmp_path):
    project = project_with_module(tmp_path, module_text())
    assert project.problems == []
    assert [m.id for m in modules_of(project)] == ["ceshi-zhuanti", "shili-zhuanti"]


def test_unknown_case_is_reported_at_its_line_with_a_suggestion(tmp_path):
    project = project_with_module(tmp_path, module_text(case="shili-xian-liangxiang-zhidou"))
    found = problems_in(project, "modules/ceshi-zhuanti.yaml")
    assert found == ["modules/ceshi-zhuanti.yaml:9:11: 案例“shili-xian-liangxiang-zhidou”不存在（cases/ 中没有 shili-xian-liangxiang-zhidou.yaml）。"
                     "是不是想写 shili-xian-liangxiang-zhidu？"]
    assert modules_of(project) == [m for m in modules_of(project) if m.id != "ceshi-zhuanti"]


def test_unknown_practice_is_reported_at_its_line(tmp_path):
    project = project_with_module(tmp_path, module_text(practice="ganbu-yefang2"))
    found = problems_in(project, "modules/ceshi-zhuanti.yaml")
    assert len(found) == 1
    assert found[0].startswith("modules/ceshi-zhuanti.yaml:12:9: 案例“shili-xian-liangxiang-zhidu”中没有编号为“ganbu-yefang2”的做法。是不是想写 ganbu-yefang？")
    assert "可选：ganbu-yefang、wenti-qingdan。" in found[0]


def test_unknown_alternative_and_self_alternative(tmp_path):
    project = project_with_module(tmp_path, module_text(alternative="meiyou-zhege"))
    assert problems_in(project, "modules/ceshi-zhuanti.yaml") == [
        "modules/ceshi-zhuanti.yaml:15:15: 案例“meiyou-zhege”不存在（cases/ 中没有 meiyou-zhege.yaml）。"]
    project = project_with_module(tmp_path / "2", module_text(alternative="shili-xian-liangxiang-zhidu"))
    assert problems_in(project, "modules/ceshi-zhuanti.yaml") == ["modules/ceshi-zhuanti.yaml:15:15: 备选案例不能是这条案例自己。"]


def test_old_case_id_gets_a_hint_to_the_new_one(tmp_path):
    root = tmp_path / "book"
    shutil.copytree(FIXTURES / "project", root)
    case = root / "cases" / "shili-shi-sifang-huodong.yaml"
    case.write_text(case.read_text(encoding="utf-8").replace("\ntitle: 示例市", "\naliases: [shili-sifang]\ntitle: 示例市", 1), encoding="utf-8")
    (root / "modules" / "ceshi-zhuanti.yaml").write_text(module_text(alternative="shili-sifang"), encoding="utf-8")
    project = load_project(root)
    load_extensions(project)
    assert problems_in(project, "modules/ceshi-zhuanti.yaml") == [
        "modules/ceshi-zhuanti.yaml:15:15: 案例编号“shili-sifang”是旧编号，这个案例已改为“shili-shi-sifang-huodong”。请改写为 shili-shi-sifang-huodong。"]


def test_id_must_match_the_file_name_and_not_be_reserved(tmp_path):
    project = project_with_module(tmp_path, module_text(id="lingyige"))
    assert problems_in(project, "modules/ceshi-zhuanti.yaml") == [
        "modules/ceshi-zhuanti.yaml:2:5: id “lingyige” 与文件名 ceshi-zhuanti.yaml 不一致。请把 id 改成 ceshi-zhuanti，或把文件改名为 lingyige.yaml。"]
    project = project_with_module(tmp_path / "2", module_text(id="index"), name="index.yaml")
    assert problems_in(project, "modules/index.yaml") == [
        "modules/index.yaml:2:5: 网址 modules/ 是培训专题列表页，不能用作专题编号“index”。请换一个。"]


def test_schema_problems_use_the_shared_messages(tmp_path):
    text = module_text().replace("audience: 示例培训班学员\n", "").replace("questions:\n  - 两个", "qestions:\n  - 两个")
    project = project_with_module(tmp_path, text + "objectives: 不是列表\n")
    found = problems_in(project, "modules/ceshi-zhuanti.yaml")
    assert any(p.startswith("modules/ceshi-zhuanti.yaml:17:1: 字段 objectives 重复出现") for p in found), found
    text = module_text().replace("audience: 示例培训班学员\n", "").replace("questions:\n  - 两个", "qestions:\n  - 两个")
    project = project_with_module(tmp_path / "2", text)
    found = problems_in(project, "modules/ceshi-zhuanti.yaml")
    assert "modules/ceshi-zhuanti.yaml:2:1: 文件顶层 缺少必填字段 audience（培训对象）。这个专题面向哪些学员。例如：audience: \"组织部门干部科室工作人员、机关年轻干部培训班学员\"" in found
    assert "modules/ceshi-zhuanti.yaml:15:1: 未知字段 qestions：文件顶层 中没有这个字段。是不是想写 questions？" in found


def test_duplicate_case_and_stray_file(tmp_path):
    text = module_text().replace("questions:\n", "  - case: shili-xian-liangxiang-zhidu\n    note: 同一个案例又写了一遍，应当报错。\nquestions:\n")
    project = project_with_module(tmp_path, text)
    (found,) = problems_in(project, "modules/ceshi-zhuanti.yaml")
    assert found.startswith("modules/ceshi-zhuanti.yaml:16:11: 案例“shili-xian-liangxiang-zhidu”在本专题中重复出现（第 1 条已经用过）")
    root = tmp_path / "book"
    (root / "modules" / "other.yml").write_text("id: other\n", encoding="utf-8")
    project = load_project(root)
    load_extensions(project)
    assert "modules/other.yml:1:1: 这个文件不会被读取。请把扩展名改为 .yaml。" in [str(p) for p in project.problems]


def test_cli_validate_reports_module_problems(tmp_path):
    root = tmp_path / "book"
    shutil.copytree(FIXTURES / "project", root)
    (root / "modules" / "ceshi-zhuanti.yaml").write_text(module_text(practice="nope"), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "casebook.cli", "--root", str(root), "validate"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "modules/ceshi-zhuanti.yaml:12:9: 案例“shili-xian-liangxiang-zhidu”中没有编号为“nope”的做法。" in result.stderr


def test_build_fails_on_a_bad_module_with_file_line_col(tmp_path):
    root = make_project_copy(tmp_path, FIXTURES / "project" / "cases")
    (root / "modules" / "ceshi-zhuanti.yaml").write_text(module_text(case="nope-case"), encoding="utf-8")
    result = run_mkdocs(root, root / "site")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "modules/ceshi-zhuanti.yaml:9:11: 案例“nope-case”不存在" in output
    assert "Traceback" not in output


def test_module_schema_documents_every_field():
    assert schemas.SCHEMA_FILES["module"] == "module.schema.json"
    schema = schemas.load_schema("module")

    def walk(node, path):
        if node.get("type") == "object":
            assert node.get("additionalProperties") is False, path
            for name, sub in node["properties"].items():
                for key in ("title", "description", "examples"):
                    assert sub.get(key), f"{path}.{name} has no {key}"
                walk(sub, f"{path}.{name}")
        if node.get("type") == "array" and isinstance(node.get("items"), dict):
            walk(node["items"], path + "[]")

    walk(schema, "module")
    for path in sorted((REPO / "modules").glob("*.yaml")):
        assert path.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=../scripts/casebook/schema/module.schema.json\n")


# ------------------------------------------------------------------ pages


def test_module_page_shows_cards_objectives_and_questions(fixture_site):
    page = (fixture_site / "modules" / "shili-zhuanti" / "index.html").read_text(encoding="utf-8")
    assert "了解夜访和结对走访两种做法的区别。" in page
    assert "两个案例的走访频次不同，各自的理由是什么？" in page
    assert 'id="objectives"' in page and 'id="questions"' in page
    card = page.split('id="c-shili-xian-liangxiang-zhidu"', 1)[1].split('id="c-shili-shi-sifang-huodong"', 1)[0]
    assert "示例县要求乡镇干部夜间入户走访" in card  # summary
    assert "江苏省示例市示例县" in card and "2020 年起" in card and "县级" in card
    assert "12.5万户次" in card and "走访农户" in card  # the figure of a chosen practice
    assert "96.8%" not in card  # attached to no chosen practice
    assert 'href="../../cases/shili-xian-liangxiang-zhidu/#wenti-qingdan"' in card  # straight to the chosen practice
    assert "问题清单为什么要在村务公开栏公示？" in card
    assert "学员来自市级机关时改用" in card
    assert 'cb-print-only">案例网址：<span data-cb-href="../../cases/shili-xian-liangxiang-zhidu/">cases/shili-xian-liangxiang-zhidu/</span>' in card
    listing = (fixture_site / "modules" / "index.html").read_text(encoding="utf-8")
    assert 'href="shili-zhuanti/"' in listing and "2 个案例" in listing


def test_module_card_figures_follow_the_chosen_practices():
    from casebook.modules import key_figures

    project = load_project(FIXTURES / "project")
    case = project.case("shili-xian-liangxiang-zhidu")
    assert [f["label"] for f in key_figures(case, ["ganbu-yefang"])] == ["走访农户"]
    assert [f["label"] for f in key_figures(case, [])] == ["走访农户", "问题办结率", "参与乡镇"]
    assert [f["label"] for f in key_figures(case, ["wenti-qingdan"])] == ["走访农户", "问题办结率", "参与乡镇"]  # none attached: all


def test_case_page_lists_the_modules_that_use_it(fixture_site):
    page = (fixture_site / "cases" / "shili-xian-liangxiang-zhidu" / "index.html").read_text(encoding="utf-8")
    section = page.split('id="modules"', 1)[1].split("</ul>", 1)[0]
    assert 'href="../../modules/shili-zhuanti/#c-shili-xian-liangxiang-zhidu"' in section
    assert "示例专题：干部定期走访群众" in section
    assert '<a href="#wenti-qingdan">问题清单</a>' in section


def test_real_module_links_reach_existing_anchors(built_site):
    for module_page in sorted((built_site / "modules").glob("*/index.html")):
        html = module_page.read_text(encoding="utf-8")
        links = re.findall(r'href="\.\./\.\./cases/([a-z0-9-]+)/(?:#([a-z0-9-]+))?"', html)
        assert links, module_page
        for case_id, anchor in links:
            target = (built_site / "cases" / case_id / "index.html").read_text(encoding="utf-8")
            if anchor:
                assert f'id="{anchor}"' in target, f"{module_page}: #{anchor} not on {case_id}"


def test_print_rules_are_scoped_to_module_classes():
    css = (REPO / "docs" / "assets" / "stylesheets" / "casebook-ui.css").read_text(encoding="utf-8")
    block = re.sub(r"/\*.*?\*/", "", css.split("@media print", 1)[1], flags=re.S)  # comments are not selectors
    selectors = [s for s in re.findall(r"([^{}]+)\{", block) if s.strip()]
    assert selectors
    for group in selectors:
        for selector in group.split(","):
            assert re.search(r"\.cb-(module|mcard)", selector), f"print rule not scoped to modules: {selector.strip()}"
    assert "@page cb-handout" in css and "size: A4" in css


def test_module_prints_as_a_clean_a4_handout(page, site_server, tmp_path):
    page.goto(site_server + "modules/nianqing-ganbu-jiceng-duanlian/")
    assert page.locator("button.cb-print").is_visible()
    assert not page.locator(".cb-mcard__address").first.is_visible()
    page.emulate_media(media="print")
    assert not page.locator("button.cb-print").is_visible()
    assert not page.locator(".md-sidebar--primary").is_visible()
    addresses = page.locator(".cb-mcard__address")
    assert addresses.count() == 4
    first = addresses.first.inner_text()
    assert first.startswith("案例网址：" + site_server + "cases/"), first
    assert page.locator(".cb-module__address").inner_text().startswith("本讲义网址：" + site_server + "modules/")
    for text in ("学习目标", "讨论题", "127名", "选用理由"):
        assert text in page.locator("article").inner_text()
    pdf = tmp_path / "handout.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True)
    sizes = set(re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf.read_bytes()))
    assert sizes and all(abs(float(w) - 595.9) < 2 and abs(float(h) - 842.9) < 2 for w, h in sizes), sizes  # A4 in points
