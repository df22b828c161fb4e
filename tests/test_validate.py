"""Validation of a whole casebook: every problem, one precise Chinese message each."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from casebook.load import load_project

CASE = "cases/shili-xian-liangxiang-zhidu.yaml"


@pytest.fixture
def project_dir(fixture_book) -> Path:
    return fixture_book


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text not found: {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(root: Path, rel: str, needle: str) -> int:
    """The last line containing ``needle`` (the edited copy when it repeats)."""
    lines = (root / rel).read_text(encoding="utf-8").splitlines()
    return max(i for i, line in enumerate(lines, 1) if needle in line)


def problems(root: Path) -> list[str]:
    return [str(p) for p in load_project(root).problems]


def test_fixture_project_is_valid(project_dir):
    assert problems(project_dir) == []


@pytest.mark.parametrize(
    "old, new, needle, message",
    [
        ("title: 示例县", "titel: 示例县", "titel:", "未知字段 titel：文件顶层 中没有这个字段。是不是想写 title？"),
        ("    value: 12.5\n", "    value: 12.5万\n", "value: 12.5万", "figures[1].value（数值） 应该是数字，现在是文字“12.5万”。数字后面不要带单位或文字"),
        ("status: ongoing", "status: going", "status: going", "status（实施状态） 的值“going”不在可选范围内。可选：ongoing、ended、unknown。是不是想写 ongoing？"),
        ("themes: [contact-service, supervision]", "themes: [contact-servise, supervision]", "themes:", "主题“contact-servise”不在 cases/vocab/themes.yaml 中。是不是想写 contact-service？"),
        ("terms: [两项制度]", "terms: [三项制度]", "terms:", "提法“三项制度”不在提法词典中。"),
        ("  - {case: shili-shi-sifang-huodong,", "  - {case: shili-shi-sifang-hudong,", "shili-shi-sifang-hudong", "相关案例“shili-shi-sifang-hudong”不存在"),
        ("    value: 96.8\n", "    value: 96.3\n", "value: 96.3", "数值 96.3 没有出现在来源原文“问题办结率达96.8%”中"),
        ("region: {province: 江苏省,", "region: {province: 江苏,", "region:", "省级名称“江苏”不在 cases/vocab/provinces.yaml 中。请写全称"),
        ("  - id: wenti-qingdan", "  - id: ganbu-yefang", "  - id: ganbu-yefang", "做法编号“ganbu-yefang”与第 1 条做法重复"),
        ("  - id: wenti-qingdan", "  - id: background", "  - id: background", "做法编号“background”是页面保留锚点"),
        ("period: {start: 2020, end: 2022}", "period: {start: 2022, end: 2020}", "period:", "截止年份 2020 早于起始年份 2022"),
        ("level: county", "level: xian", "level: xian", "层级“xian”不在 cases/vocab/levels.yaml 中。可选：central（中央和国家机关）"),
        ("    date: 2022-06-01", "    date: 2022年6月1日", "date: 2022年", "sources[1].date（发布日期） 的值“2022年6月1日”格式不对"),
        # issue #20: single-line fields, real dates, invisible characters, ECMA "$"
        ("title: 示例县建立干部联系群众“两项制度”", 'title: "示例县建立干部\\n联系群众“两项制度”"', 'title: "示例县', "title（标题） 第 8 个字是换行，不能出现在这里。这里只能写一行文字"),
        ("    name: 干部夜访", "    name: |-\n      干部\n      夜访", "    name: |-", "practices[1].name（做法名称） 第 3 个字是换行，不能出现在这里。"),
        ("    name: 问题清单", '    name: "问题\\u200b清单"', 'name: "问题', "practices[2].name（做法名称） 第 3 个字是看不见的字符 U+200B（ZERO WIDTH SPACE），不能出现在这里。"),
        ("    name: 问题清单", '    name: "问题清单\\u202e"', 'name: "问题', "第 5 个字是看不见的字符 U+202E（RIGHT-TO-LEFT OVERRIDE）"),
        ("  - id: wenti-qingdan", '  - id: "wenti-qingdan\\n"', '  - id: "wenti', "practices[2].id（做法编号） 的值“wenti-qingdan\\n”格式不对"),
        ("    date: 2022-06-01", "    date: 2022-02-30", "date: 2022-02-30", "sources[1].date（发布日期） 的值“2022-02-30”格式不对。请写成 YYYY、YYYY-MM 或 YYYY-MM-DD 形式的真实日期"),
        ("    date: 2022-06-01", '    date: "2023-02-29"', "date: \"2023", "的值“2023-02-29”格式不对"),
        ("    date: 2022-06-01", "    date: 2022-13", "date: 2022-13", "的值“2022-13”格式不对"),
        ("added: 2026-11-20", "added: 0000-01-01", "added:", "added（收录日期） 的值“0000-01-01”格式不对。请写成 YYYY-MM-DD 形式的真实日期"),
        ("added: 2026-11-20", 'added: "2026-04-31"', "added:", "added（收录日期） 的值“2026-04-31”格式不对"),
        ("    date: 2022-06-01", '    date: 2022-06-01\n    url: "https://example.org/\\u202egpj.exe"', "url:", "sources[1].url（网址） 第 21 个字是看不见的字符 U+202E"),
        ("outcomes: 三年共走访农户 12.5 万户次，问题办结率 96.8%。", 'outcomes: "\\x1b[2J三年共走访农户 12.5 万户次，问题办结率 96.8%。"', "outcomes:", "outcomes（工作成效） 第 1 个字是控制字符 U+001B，不能出现在这里。"),
        ("period: {start: 2020, end: 2022}", "period: {start: ２０２０, end: 2022}", "period:", "period.start（起始年份） 应该是整数，现在是文字“２０２０”。这是全角数字，请改成半角数字 2020。"),
    ],
)
def test_each_mistake_gets_one_message_at_its_line(project_dir, old, new, needle, message):
    edit(project_dir, CASE, old, new)
    found = problems(project_dir)
    assert len(found) == 1, found
    line = line_of(project_dir, CASE, needle)
    assert found[0].startswith(f"{CASE}:{line}:"), found
    assert message in found[0]


def test_missing_required_field_names_the_field_and_gives_an_example(project_dir):
    edit(project_dir, CASE, "organisation: 中共示例县委组织部\n", "")
    (found,) = problems(project_dir)
    assert found.startswith(f"{CASE}:2:1: 文件顶层 缺少必填字段 organisation（实施单位）")
    assert "例如：organisation:" in found


def test_id_must_equal_file_name(project_dir):
    edit(project_dir, CASE, "id: shili-xian-liangxiang-zhidu", "id: shili-xian-lxzd")
    found = problems(project_dir)
    assert any("与文件名 shili-xian-liangxiang-zhidu.yaml 不一致" in p and p.startswith(f"{CASE}:2:5:") for p in found), found


def test_all_problems_in_all_files_are_reported_sorted(project_dir):
    edit(project_dir, CASE, "title: 示例县", "titel: 示例县")
    edit(project_dir, CASE, "status: ongoing", "status: going")
    other = "cases/shili-shi-sifang-huodong.yaml"
    edit(project_dir, other, "level: city", "level: town")
    (project_dir / "cases/bad.yaml").write_bytes("id: bad\ntitle: 错误\n".encode("gbk"))
    (project_dir / "cases/empty.yaml").write_text("", encoding="utf-8")
    found = load_project(project_dir).problems
    assert found == sorted(found)
    files = {p.path for p in found}
    assert files == {CASE, other, "cases/bad.yaml", "cases/empty.yaml"}
    assert len(found) == 5


def test_files_that_would_be_ignored_are_reported(project_dir):
    shutil.copy(project_dir / CASE, project_dir / "cases/new-case.yml")
    found = problems(project_dir)
    assert found == ["cases/new-case.yml:1:1: 这个文件不会被读取。请把扩展名改为 .yaml。"]


def test_two_cases_cannot_claim_the_same_address(project_dir):
    edit(project_dir, CASE, "id: shili-xian-liangxiang-zhidu\n", "id: shili-xian-liangxiang-zhidu\naliases: [shili-shi-sifang-huodong]\n")
    found = problems(project_dir)
    assert found == [f"{CASE}:3:11: 网址 cases/shili-shi-sifang-huodong/ 已被 cases/shili-shi-sifang-huodong.yaml:2:5 的编号“shili-shi-sifang-huodong”占用，"
                     "不能再用作旧编号（aliases）“shili-shi-sifang-huodong”。请换一个。"], found


def test_broken_vocabulary_is_reported_once_not_per_case(project_dir):
    (project_dir / "cases/vocab/glossary.yaml").write_text("terms:\n", encoding="utf-8")
    found = problems(project_dir)
    assert found == ["cases/vocab/glossary.yaml:1:7: terms（词条列表） 应该是列表，现在是空值。列表的每一项单独一行，以“- ”开头，或写成 [a, b]。"]


def test_duplicate_glossary_term(project_dir):
    path = project_dir / "cases/vocab/glossary.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "  - id: liangxiang-2\n    term: 两项制度\n    meaning: 重复的词条。\n    source_phrase: 两项制度\n", encoding="utf-8")
    found = problems(project_dir)
    assert len(found) == 1 and "term “两项制度” 与第 4 行的“两项制度”重复" in found[0] and found[0].startswith("cases/vocab/glossary.yaml:")


def test_cli_exit_code_and_output_have_no_traceback(project_dir):
    edit(project_dir, CASE, "title: 示例县", "titel: 示例县")
    (project_dir / "cases/worse.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "casebook.cli", "--root", str(project_dir), "validate"], capture_output=True, text=True)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.strip().splitlines()
    assert re.match(r"^cases/shili-xian-liangxiang-zhidu\.yaml:\d+:\d+: 未知字段 titel", lines[0])
    assert re.match(r"^cases/worse\.yaml:\d+:\d+: YAML 语法错误", lines[1])
    assert lines[-1].startswith("共发现 2 个问题，涉及 2 个文件")


def test_cli_success_message(project_dir):
    result = subprocess.run([sys.executable, "-m", "casebook.cli", "--root", str(project_dir), "validate"], capture_output=True, text=True)
    assert result.returncode == 0 and "校验通过：2 个案例" in result.stdout


def test_files_in_subfolders_are_refused_never_ignored(project_dir):
    """issue #20: cases/drafts/x.yaml was silently skipped; a maintainer would think it published."""
    (project_dir / "cases" / "drafts" / "deeper").mkdir(parents=True)
    shutil.copy(project_dir / CASE, project_dir / "cases" / "drafts" / "new-case.yaml")
    (project_dir / "cases" / "drafts" / "deeper" / "notes.txt").write_text("x", encoding="utf-8")
    (project_dir / "cases" / "vocab" / "extra.yaml").write_text("terms: []\n", encoding="utf-8")
    (project_dir / "modules" / "old").mkdir()
    (project_dir / "modules" / "old" / "m.yaml").write_text("id: m\n", encoding="utf-8")
    found = [str(p) for p in _validated(project_dir)]
    assert [p.split(":", 1)[0] for p in found] == ["cases/drafts/deeper/notes.txt", "cases/drafts/new-case.yaml", "cases/vocab/extra.yaml", "modules/old/m.yaml"], found
    assert "子目录中的文件不会被读取：案例文件必须直接放在 cases/ 下" in found[1]
    assert "cases/vocab/ 中只有这些词表文件" in found[2]
    assert "专题文件必须直接放在 modules/ 下" in found[3]


def _validated(root: Path):
    from casebook.load.extensions import load_extensions

    project = load_project(root)
    load_extensions(project)
    return project.problems


def test_links_out_of_the_repository_are_refused(project_dir, tmp_path):
    """issue #20: a case file linking to a YAML file elsewhere was read and published."""
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    shutil.copy(project_dir / CASE, outside / "secret.yaml")
    (project_dir / "cases" / "secret.yaml").symlink_to(outside / "secret.yaml")
    (project_dir / "cases" / "passwd.yaml").symlink_to("/etc/passwd")
    glossary = project_dir / "cases" / "vocab" / "glossary.yaml"
    shutil.move(glossary, outside / "glossary.yaml")
    glossary.symlink_to(outside / "glossary.yaml")
    (project_dir / "cases" / "more").symlink_to(outside, target_is_directory=True)
    found = problems(project_dir)
    for rel in ("cases/passwd.yaml", "cases/secret.yaml", "cases/vocab/glossary.yaml"):
        assert any(p.startswith(f"{rel}:1:1: {rel} 指向仓库以外的文件") for p in found), (rel, found)
    assert any(p.startswith("cases/more:1:1: cases/more 指向仓库以外") for p in found), found
    assert not any("secret" in p and "指向" not in p for p in found), found  # never read


def test_a_link_inside_the_repository_is_read_under_its_own_name(project_dir):
    shared = project_dir / "shared"
    shared.mkdir()
    shutil.move(project_dir / CASE, shared / "case.yaml")
    (project_dir / CASE).symlink_to(Path("..") / "shared" / "case.yaml")
    project = load_project(project_dir)
    assert project.problems == [] and project.case("shili-xian-liangxiang-zhidu").rel == CASE


def test_pipes_and_other_non_files_are_refused(project_dir):
    import os

    os.mkfifo(project_dir / "cases" / "pipe.yaml")
    found = problems(project_dir)
    assert found == ["cases/pipe.yaml:1:1: cases/pipe.yaml 不是普通文件（是管道、设备或套接字），不会被读取。请删除它。"]


GLOSSARY = "cases/vocab/glossary.yaml"


@pytest.mark.parametrize("rel, old, new, needle, message", [
    # issue #20: a vocabulary id or slug takes a page address; the allocator refuses collisions and reserved names
    ("cases/vocab/themes.yaml", "id: supervision", "id: index", "id: index", "网址 themes/ 是主题索引页，不能用作主题编号“index”。请换一个。"),
    ("cases/vocab/themes.yaml", "id: supervision", "id: cbshellpage-e", "id: cbshellpage-e", "网址 themes/cbshellpage-e/ 是生成页面时使用的模板页，不能用作主题编号“cbshellpage-e”。"),
    ("cases/vocab/themes.yaml", "id: supervision", "id: con", "id: con", "网址 themes/con/ 用了 Windows 保留的名称“con”"),
    ("cases/vocab/provinces.yaml", "slug: beijing", "slug: jiangsu", "{name: 江苏省", "网址 regions/jiangsu/ 已被 cases/vocab/provinces.yaml:5:23 的地区网址编号“jiangsu”占用，不能再用作地区网址编号“jiangsu”。"),
    ("cases/vocab/provinces.yaml", "slug: jiangsu", "slug: index", "{name: 江苏省", "网址 regions/ 是地区索引页，不能用作地区网址编号“index”。"),
    ("cases/vocab/levels.yaml", "id: village", "id: county", "id: county, name: 村", "网址 levels/county/ 已被 cases/vocab/levels.yaml:7:10 的层级编号“county”占用"),
    (GLOSSARY, "id: sixiang-huodong", "id: liangxiang-zhidu", "id: liangxiang-zhidu", "网址 glossary/#liangxiang-zhidu 已被 cases/vocab/glossary.yaml:3:9 的词条编号“liangxiang-zhidu”占用"),
    ("cases/vocab/themes.yaml", "name: 监督管理", "name: 联系服务群众", "name: 联系服务群众", "name “联系服务群众” 与第"),
    (GLOSSARY, "aliases: [四访]", "aliases: [两项制度]", "aliases: [两项制度]", "aliases “两项制度” 与第 4 行的“两项制度”重复"),
    (GLOSSARY, "term: 四访活动", "term: 两项制度　", "term: 两项制度", "term “两项制度　” 与第 4 行的“两项制度”重复（比较时不分全角半角、不计空格和看不见的字符）"),
    (GLOSSARY, "term: 四访活动", "term: ＡＢ制度", "term: ＡＢ", None),
])
def test_vocabulary_addresses_and_names_are_unique(project_dir, rel, old, new, needle, message):
    edit(project_dir, rel, old, new)
    if message is None:  # nothing to collide with: accepted (cases referring to the old term aside)
        assert not [p for p in problems(project_dir) if p.startswith(rel)]
        return
    found = [p for p in problems(project_dir) if p.startswith(rel)]
    assert len(found) == 1, found
    assert found[0].startswith(f"{rel}:{line_of(project_dir, rel, needle)}:") and message in found[0], found


def test_two_full_width_spellings_are_one_term(project_dir):
    edit(project_dir, GLOSSARY, "term: 四访活动", "term: ＡＢ制度")
    path = project_dir / GLOSSARY
    path.write_text(path.read_text(encoding="utf-8") + "  - id: ab-2\n    term: AB制度\n    meaning: 重复的词条。\n    source_phrase: AB制度\n", encoding="utf-8")
    found = [p for p in problems(project_dir) if p.startswith(GLOSSARY)]
    assert len(found) == 1 and "term “AB制度” 与第 9 行的“ＡＢ制度”重复（比较时不分全角半角" in found[0], found


def test_case_page_anchors_never_shadow_the_pages_own(project_dir):
    """Every id a case page's template writes (cite-page, cite-source-1, facts…) is reserved for practices."""
    from casebook.load.crossref import reserved_anchor
    from casebook.render import render_site

    pages = render_site(load_project(project_dir))
    case = load_project(project_dir).case("shili-xian-liangxiang-zhidu")
    practice_ids = {p["id"] for p in case["practices"]}
    page = pages["cases/shili-xian-liangxiang-zhidu.md"]
    own = set(re.findall(r' id="([^"]+)"', page)) | set(re.findall(r"\{#([^}]+)\}", page))
    assert own - practice_ids and all(reserved_anchor(a) for a in own - practice_ids), sorted(own - practice_ids)
    for pid in ("cite-page", "cite-source-2", "cite-page-label", "facts"):
        edit(project_dir, CASE, "  - id: wenti-qingdan", f"  - id: {pid}")
        found = problems(project_dir)
        assert len(found) == 1 and f"做法编号“{pid}”是页面保留锚点" in found[0], found
        edit(project_dir, CASE, f"  - id: {pid}", "  - id: wenti-qingdan")


def test_invisible_characters_in_paragraphs_are_pointed_out_not_refused(project_dir):
    """issue #20: refused in names, only a reminder in paragraphs (where a ZWJ may belong to an emoji)."""
    edit(project_dir, CASE, "outcomes: 三年共走访农户 12.5 万户次，问题办结率 96.8%。", 'outcomes: "三年\\u200b共走访农户 12.5 万户次，问题办结率 96.8%。"')
    project = load_project(project_dir)
    assert project.problems == []
    assert [str(w) for w in project.warnings] == [
        f"{CASE}:{line_of(project_dir, CASE, 'outcomes:')}:11: 提醒：第 3 个字是看不见的字符 U+200B（ZERO WIDTH SPACE），页面上看不见，常是从网页复制来的。除非有意保留，请删除。"]
    result = subprocess.run([sys.executable, "-m", "casebook.cli", "--root", str(project_dir), "validate"], capture_output=True, text=True)
    assert result.returncode == 0 and "提醒：第 3 个字是看不见的字符 U+200B" in result.stderr
