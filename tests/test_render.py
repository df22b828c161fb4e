"""Rendered pages: nothing dropped, everything escaped, output reproducible."""

import hashlib
import html
import os
import re
import shutil
from pathlib import Path

import pytest

from casebook.common.numbers import format_value
from casebook.load import load_project
from casebook.load.project import RELATION_NAMES, SOURCE_KIND_NAMES, STATUS_NAMES
from casebook.render import render_site
from casebook.render.text import QUALIFIERS, figure_value
from conftest import FIXTURES, REPO, assert_clean_build, build_fixture_site, make_project_copy, run_build, run_mkdocs

GOLDEN = Path(__file__).parent / "golden"


def squash(text: str) -> str:
    return re.sub(r"\s+", "", html.unescape(text))


def leaves(value, path=()):
    if isinstance(value, dict):
        for k, v in value.items():
            yield from leaves(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from leaves(v, path + (i,))
    else:
        yield path, value


def shown_as(path: tuple, value, project) -> list[str]:
    """What a leaf value looks like on the page (enums show their Chinese names)."""
    vocab = project.vocab
    field = [p for p in path if isinstance(p, str)]
    if field == ["status"]:
        return [STATUS_NAMES[value]]
    if field == ["level"]:
        return [vocab.levels[value]["name"]]
    if field == ["themes"]:
        return [vocab.themes[value]["name"]]
    if field == ["related", "type"]:
        return [RELATION_NAMES[value]]
    if field == ["sources", "kind"]:
        return [SOURCE_KIND_NAMES[value]]
    if field == ["sources", "script"]:
        return ["原文为" + {"traditional": "繁体", "simplified": "简体"}[value]]
    if field == ["figures", "qualifier"]:
        return [x for x in QUALIFIERS[value] if x]
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return [format_value(value)]
    return [str(value)]


def test_every_leaf_value_of_every_case_is_on_its_page(built_site):
    project = load_project(REPO)
    assert project.cases, "the repository has no cases"
    for case in project.cases:
        raw = (built_site / "cases" / case.id / "index.html").read_text(encoding="utf-8")
        markup = squash(raw)  # ids appear in anchors and links
        text = squash(re.sub(r"<[^>]+>", "", raw))  # prose spans several elements
        for path, value in leaves(case.data):
            if path[0] == "figures" and path[2] in ("value", "unit", "qualifier"):
                # A figure's number, unit and qualifier show as one phrase (157万余平米).
                forms = [figure_value(case["figures"][path[1]])]
            else:
                forms = shown_as(path, value, project)
            for form in forms:
                assert squash(form) in text or squash(form) in markup, f"{case.rel}: {path} = {value!r} is not on the page"


def test_hostile_text_is_shown_literally_and_never_runs(tmp_path, page):
    site = build_fixture_site(tmp_path, FIXTURES / "hostile" / "cases")
    raw = (site / "cases" / "shili-xian-liangxiang-zhidu" / "index.html").read_text(encoding="utf-8")
    for injected in ("<script>alert", "<img src=x", "<iframe", "<b>夜访", "<strong>粗", "<em>斜体", 'href="http://e.x"', "<blockquote>"):
        assert injected not in raw
    assert "49" not in re.sub(r"<[^>]+>", "", raw.split("<h1", 1)[1].split("</h1>", 1)[0])  # {{ 7*7 }} not evaluated
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto((site / "cases" / "shili-xian-liangxiang-zhidu" / "index.html").as_uri())
    text = page.inner_text("article")
    for literal in ("<script>alert(1)</script>[链接](http://e.x){{ 7*7 }}**粗**", "<img src=x onerror=alert(2)>", "<b>夜访</b> {#fake} [x](y) *星*",
                    '<iframe src="http://evil.example"></iframe>', "{{ config }}", "</li></ol><script>alert(3)</script>", "示例日报</span><script>alert(4)</script>"):
        assert literal in text, literal
    assert dialogs == []


@pytest.mark.parametrize(
    "fig, shown",
    [
        ({"value": 127, "unit": "名"}, "127名"),
        ({"value": 476.6, "unit": "万人次"}, "476.6万人次"),
        ({"value": 100, "unit": "名", "qualifier": "more-than"}, "100余名"),
        ({"value": 157, "unit": "万平米", "qualifier": "more-than"}, "157万余平米"),
        ({"value": 200, "unit": "个", "qualifier": "about"}, "约200个"),
        ({"value": 45, "unit": "岁", "qualifier": "at-least"}, "45岁以上"),
        ({"value": 5, "unit": "%", "qualifier": "less-than"}, "不到5%"),
    ],
)
def test_figure_values_keep_the_source_precision(fig, shown):
    assert figure_value(fig) == shown


def render_fixture_pages() -> dict[str, str]:
    project = load_project(FIXTURES / "project")
    assert project.problems == []
    return render_site(project)


def test_generated_markdown_matches_golden_files():
    """Golden files: set UPDATE_GOLDEN=1 to rewrite them after an intended change."""
    pages = render_fixture_pages()
    golden_dir = GOLDEN / "fixture-project"
    if os.environ.get("UPDATE_GOLDEN"):
        shutil.rmtree(golden_dir, ignore_errors=True)
        for src, text in pages.items():
            (golden_dir / src).parent.mkdir(parents=True, exist_ok=True)
            (golden_dir / src).write_text(text, encoding="utf-8")
    expected = {p.relative_to(golden_dir).as_posix(): p.read_text(encoding="utf-8") for p in golden_dir.rglob("*.md")}
    assert sorted(pages) == sorted(expected)
    for src, text in pages.items():
        assert text == expected[src], f"{src} differs from tests/golden (UPDATE_GOLDEN=1 to accept)"


def test_anchors_come_from_ids_not_titles():
    pages = render_fixture_pages()
    case_md = pages["cases/shili-xian-liangxiang-zhidu.md"]
    assert "### 干部夜访 {#ganbu-yefang}" in case_md
    assert "## 基本情况 {#background}" in case_md


def tree_digest(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(site.rglob("*")) if p.is_file()}


def test_two_builds_are_byte_identical(built_site, generator, tmp_path):
    again = tmp_path / "again"
    assert_clean_build(run_build(generator, REPO, again))
    first, second = tree_digest(built_site), tree_digest(again)
    assert sorted(first) == sorted(second)
    differing = [k for k in first if first[k] != second[k]]
    assert differing == []


def test_build_fails_with_the_validation_messages(tmp_path):
    root = make_project_copy(tmp_path, FIXTURES / "project" / "cases")
    case = root / "cases" / "shili-shi-sifang-huodong.yaml"
    case.write_text(case.read_text(encoding="utf-8").replace("level: city", "level: town"), encoding="utf-8")
    result = run_mkdocs(root, root / "site")
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "cases/shili-shi-sifang-huodong.yaml:7:8: 层级“town”不在 cases/vocab/levels.yaml 中" in output
    assert "Traceback" not in output


def test_case_pages_do_not_list_every_case(built_site):
    """Page size stays flat: the navigation links section pages, not all cases."""
    project = load_project(REPO)
    case = project.cases[0]
    page = (built_site / "cases" / case.id / "index.html").read_text(encoding="utf-8")
    nav = page.split('class="md-tabs"', 1)[1].split("</nav>", 1)[0]
    assert not any(f"/{c.id}/" in nav for c in project.cases)


def test_dict_lookups_in_templates_mean_what_jinja_means():
    """The renderer's shortcut for ``x.name`` on a dict gives Jinja's own answers."""
    from jinja2 import Environment

    from casebook.render.pages import Renderer, _OptionalUndefined

    ours = Renderer(load_project(FIXTURES / "project")).env
    plain = Environment(undefined=_OptionalUndefined)
    source = "{{ d.title }}|{{ d['items'] }}|{{ d.items() | list | length }}|{{ d.missing is defined }}|{% if d.none %}x{% endif %}"
    data = {"d": {"title": "标题", "items": "键", "none": None}}
    assert ours.from_string(source).render(data) == plain.from_string(source).render(data) == "标题|键|3|False|"
