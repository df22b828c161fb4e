"""make edit in a real headless Chromium: the form writes ordinary, canonical case files.

The editor runs on a throwaway git copy of the repository (never on the real
cases/), with decap-server and the page on random loopback ports. Every
request the page makes is recorded; any host but 127.0.0.1 fails the test.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from casebook.authoring import fmt
from casebook.authoring.cms.edit import open_draft, running
from casebook.load import load_project
from conftest import ARTIFACTS, REPO, assert_clean_build, checked_page, run_mkdocs

NEW_ID = "ceshi-xian-ganbu-yefang"
EDITED = "wujin-nianqing-ganbu-chaiqian-anzhi-duanlian"


def _git(root: Path, *args: str) -> str:
    out = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=True)
    return out.stdout


@pytest.fixture(scope="module")
def checkout(tmp_path_factory) -> Path:
    """A git repository holding a copy of the casebook (content and site skeleton)."""
    root = tmp_path_factory.mktemp("checkout") / "casebook"
    root.mkdir()
    for name in ("cases", "modules", "docs", "overrides", "mkdocs.yml"):
        src = REPO / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, root / name)
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "-c", "user.name=测试", "-c", "user.email=test@example.invalid", "commit", "-qm", "start")
    return root


@pytest.fixture(scope="module")
def editor(checkout, tmp_path_factory):
    with running(checkout, tmp_path_factory.mktemp("cms")) as ed:
        yield ed


class Hosts:
    """Every host the page asks for; requests to any other host are blocked."""

    def __init__(self, context):
        self.seen: set[str] = set()
        self.foreign: list[str] = []
        context.route("**/*", self._route)

    def _route(self, route):
        url = route.request.url
        host = urlsplit(url).hostname or ""
        self.seen.add(host or url.split(":", 1)[0])
        if url.startswith(("data:", "blob:")) or host == "127.0.0.1":
            route.continue_()
        else:
            self.foreign.append(url)
            route.abort()


@pytest.fixture(scope="module")
def session(browser, editor):
    """One signed-in page for the whole module (loading Decap takes seconds)."""
    with checked_page(browser, Hosts) as (page, hosts):
        page.goto(editor.url + "#/collections/cases")
        page.get_by_role("button", name="登录").click()
        page.wait_for_selector("text=案例")
        yield page, hosts


@pytest.fixture
def form(session, editor):
    page, hosts = session
    page.goto(editor.url + "#/collections/cases")
    page.wait_for_selector("text=培训专题")
    yield page
    assert not hosts.foreign, f"requests to other hosts: {hosts.foreign}"
    assert hosts.seen <= {"127.0.0.1", "data", "blob"}, hosts.seen


def field(page, name: str, n: int = 0):
    """The n-th input of schema field ``name`` (Decap's ids are <name>-field-<counter>)."""
    return page.locator(f'[id^="{name}-field-"]').nth(n)


def choose(page, name: str, text: str, n: int = 0) -> None:
    """Pick the option labelled ``text…`` in a select list, as a person types it."""
    field(page, name, n).fill(text)
    page.keyboard.press("Enter")


def publish(page, path: Path, before: str | None) -> str:
    """Save through the publish menu; returns the file's new text."""
    page.get_by_role("button", name="发布").first.click()
    page.get_by_text("立即发布").click()
    try:
        page.wait_for_selector("text=修改已保存", timeout=60_000)  # the CI machine may be busy
    except Exception:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "cms-save-failed.png"), full_page=True)
        errors = page.locator("[class*=ControlErrorsList] li, ul li[class*=error]").all_inner_texts()
        raise AssertionError(f"表单没有保存：{errors}（截图 test-artifacts/cms-save-failed.png）")
    for _ in range(100):
        if path.exists() and path.read_text(encoding="utf-8") != before:
            break
        page.wait_for_timeout(100)
    return path.read_text(encoding="utf-8") if path.exists() else ""


def test_chinese_form_opens(form, editor):
    assert form.locator("html").get_attribute("lang") == "zh-CN"
    assert form.title().startswith("实践案例库")
    for text in ("案例", "培训专题", "词表"):
        assert form.get_by_text(text, exact=True).first.is_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    form.screenshot(path=str(ARTIFACTS / "cms-list.png"))


def fill_new_case(form, case_id: str) -> None:
    """Fill the required fields of a new case, two practices and one figure, as a person would."""
    field(form, "id").fill(case_id)
    field(form, "title").fill("测试县建立干部夜访制度")
    field(form, "summary").fill("测试县组织机关干部利用晚上时间走访群众，收集诉求并限期答复。")
    field(form, "organisation").fill("中共测试县委组织部")
    choose(form, "province", "江苏省")
    field(form, "city").fill("常州市")
    choose(form, "level", "县级")
    field(form, "start").fill("2023")
    choose(form, "themes", "联系服务群众")
    choose(form, "status", "仍在实施")
    field(form, "background").fill("白天群众外出务工，干部上门常常扑空。\n\n县里决定把走访时间改到晚上。")
    for i, (pid, name, text) in enumerate([
        ("yefang-zhidu", "建立夜访制度", "机关干部每周两个晚上到联系村入户走访，听取群众意见。"),
        ("xianqi-dafu", "限期答复", "走访收集的诉求登记在册，一般事项七天内答复，复杂事项一个月内答复。"),
    ]):
        form.get_by_role("button", name="新增主要做法").click()
        field(form, "id", 1 + i).fill(pid)
        field(form, "name", i).fill(name)
        field(form, "description", i).fill(text)
    field(form, "outcomes").fill("一年来走访农户三千余户，收集的诉求都已答复。")
    form.get_by_role("button", name="新增经验启示").click()
    field(form, "item").fill("把走访安排在群众在家的时候，才能真正听到意见。")
    form.get_by_role("button", name="新增关键数据").click()
    field(form, "label").fill("走访农户")
    field(form, "value").fill("3000")
    choose(form, "qualifier", "余、多")
    field(form, "unit").fill("户")
    field(form, "counts").fill("一年来机关干部夜访的农户户数")
    field(form, "practice").fill("yefang-zhidu")
    field(form, "source_phrase").fill("走访农户3000余户")
    form.get_by_role("button", name="新增来源").click()
    field(form, "title", 1).fill("测试县推行干部夜访制度")
    choose(form, "kind", "媒体报道")
    field(form, "added").fill("2026-12-04")


def test_new_case_through_the_form_validates_and_builds(form, editor, checkout, tmp_path):
    form.goto(editor.url + "#/collections/cases/new")
    fill_new_case(form, NEW_ID)
    path = checkout / "cases" / f"{NEW_ID}.yaml"
    text = publish(form, path, None)
    # Canonical: exactly what make fmt writes.
    result = fmt.format_text(text.encode("utf-8"), f"cases/{NEW_ID}.yaml", fmt.CASE)
    assert result.canonical == text, text
    assert text.startswith("# yaml-language-server: $schema=../scripts/casebook/schema/case.schema.json\nid: ceshi-xian-ganbu-yefang\n")
    assert "    value: 3000\n    qualifier: more-than\n    unit: 户\n" in text
    assert "background: |-\n  白天群众外出务工，干部上门常常扑空。\n\n  县里决定把走访时间改到晚上。\n" in text
    # The number is checked against its source phrase: the file passes make validate.
    project = load_project(checkout)
    assert not project.problems, "\n".join(map(str, project.problems))
    case = project.case(NEW_ID)
    assert [p["id"] for p in case["practices"]] == ["yefang-zhidu", "xianqi-dafu"]
    assert case["region"] == {"province": "江苏省", "city": "常州市"} and case["period"] == {"start": 2023}
    # ... and its page builds, strictly.
    site = tmp_path / "site"
    assert_clean_build(run_mkdocs(checkout, site))
    page_html = (site / "cases" / NEW_ID / "index.html").read_text(encoding="utf-8")
    assert "建立夜访制度" in page_html and "限期答复" in page_html


def test_editing_one_practice_changes_only_that_line(form, editor, checkout):
    rel = f"cases/{EDITED}.yaml"
    before = (checkout / rel).read_text(encoding="utf-8")
    form.goto(editor.url + f"#/collections/cases/entries/{EDITED}")
    name = field(form, "name", 1)
    assert name.input_value() == "抓组织发动"
    name.fill("抓组织发动和摸底")
    publish(form, checkout / rel, before)
    diff = _git(checkout, "diff", "-U0", "--", rel)
    changed = [ln for ln in diff.splitlines() if ln[:1] in "+-" and not ln.startswith(("+++", "---"))]
    assert changed == ["-    name: 抓组织发动", "+    name: 抓组织发动和摸底"], diff
    assert (checkout / rel).read_text(encoding="utf-8") == before.replace("name: 抓组织发动\n", "name: 抓组织发动和摸底\n")
    _git(checkout, "checkout", "--", rel)  # the later tests start from the committed file


def _differences(a, b, where=()) -> list[tuple]:
    if isinstance(a, dict) and isinstance(b, dict) and a.keys() == b.keys():
        return [d for k in a for d in _differences(a[k], b[k], where + (k,))]
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return [d for i, (x, y) in enumerate(zip(a, b)) for d in _differences(x, y, where + (i,))]
    return [] if fmt.same(a, b) else [(where, a, b)]


@pytest.mark.parametrize("rel", sorted(p.relative_to(REPO).as_posix() for p in fmt.project_files(REPO)))
def test_saving_changes_nothing_else(form, editor, checkout, rel):
    """Every case, module and vocabulary file: change one text box in the form and
    save; the file differs from before by that one value on that one line."""
    if rel.startswith("cases/vocab/"):
        url = f"#/collections/vocab/entries/{Path(rel).stem}"
    else:
        folder, name = rel.split("/")
        url = f"#/collections/{folder}/entries/{Path(name).stem}"
    path = checkout / rel
    before = path.read_text(encoding="utf-8")
    form.goto(editor.url + url)
    # a free-text box: the title, or in a vocabulary the first name or term (not an id)
    free = ':is(input[type=text], textarea)[id*="-field-"]:not([id^="id-field-"]):not([id^="slug-field-"])'
    box = form.locator('input[type=text][id^="title-field-"]' if "vocab" not in rel else free).first
    box.wait_for()
    form.wait_for_function("el => el.value !== ''", arg=box.element_handle())
    old = box.input_value()
    box.press("End")
    box.type("改")
    after = publish(form, path, before)
    changes = _differences(yaml.safe_load(before), yaml.safe_load(after))
    assert [(old_value, new) for _where, old_value, new in changes] == [(old, old + "改")], changes
    diff = _git(checkout, "diff", "-U0", "--", rel)
    lines = [ln for ln in diff.splitlines() if ln[:1] in "+-" and not ln.startswith(("+++", "---"))]
    assert len(lines) == 2 and lines[0].startswith("-") and lines[1].startswith("+"), diff
    _git(checkout, "checkout", "--", rel)


def test_editorial_workflow_saves_a_branch_that_would_pass_ci(browser, tmp_path_factory, tmp_path):
    """make edit WORKFLOW=1: the path a deployed editor takes, on one machine. Saving
    a draft makes the branch a pull request would come from; the main branch is
    untouched; the file on the branch is canonical and validates."""
    root = tmp_path_factory.mktemp("workflow") / "casebook"
    root.mkdir()
    shutil.copytree(REPO / "cases", root / "cases")
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "-c", "user.name=测试", "-c", "user.email=test@example.invalid", "commit", "-qm", "start")
    with running(root, tmp_path_factory.mktemp("cms-workflow"), workflow=True) as ed, checked_page(browser, Hosts) as (page, hosts):
        page.goto(ed.url + "#/collections/cases/new")
        page.get_by_role("button", name="登录").click()
        page.wait_for_selector('[id^="id-field-"]')
        fill_new_case(page, NEW_ID)
        page.get_by_role("button", name="保存").first.click()
        branch = f"cms/cases/{NEW_ID}"
        # decap-server checks the branch out, commits, and checks main out again: wait for all of it.
        for _ in range(600):
            head = _git(root, "rev-parse", "--abbrev-ref", "HEAD").strip()
            listed = _git(root, "ls-tree", "--name-only", branch, "cases/") if _git(root, "branch", "--list", branch) else ""
            if head == "main" and f"cases/{NEW_ID}.yaml" in listed and not (root / "cases" / f"{NEW_ID}.yaml").exists():
                break
            page.wait_for_timeout(100)
        else:
            pytest.fail(f"decap-server did not leave main checked out without the new file and the branch with it: HEAD {head}, branch {listed!r}")
        assert not hosts.foreign, hosts.foreign
    assert not (root / "cases" / f"{NEW_ID}.yaml").exists()  # main is untouched
    assert _git(root, "rev-parse", "--abbrev-ref", "HEAD").strip() == "main"
    text = _git(root, "show", f"{branch}:cases/{NEW_ID}.yaml")
    result = fmt.format_text(text.encode("utf-8"), f"cases/{NEW_ID}.yaml", fmt.CASE)
    assert result.canonical == text
    _git(root, "checkout", "-q", branch)
    project = load_project(root)
    assert not project.problems, "\n".join(map(str, project.problems))
    assert _git(root, "diff", "--name-only", "main", branch).split() == [f"cases/{NEW_ID}.yaml"]


def test_importer_draft_opens_in_the_form(form, editor, checkout, tmp_path):
    """make edit DRAFT=...: the importer's draft goes into cases/ without its
    comments and opens in the form; the draft file keeps its comments."""
    out = subprocess.run(
        [sys.executable, "-m", "casebook.cli", "--root", str(checkout), "import",
         str(REPO / "tests" / "fixtures" / "articles" / "portal.txt"), "--out", str(tmp_path)],
        capture_output=True, text=True,
    )
    assert out.returncode == 0, out.stderr
    draft = next(tmp_path.glob("*.case.yaml"))
    draft_text = draft.read_text(encoding="utf-8")
    case_id, message = open_draft(checkout, draft)
    assert case_id and str(draft) in message
    assert draft.read_text(encoding="utf-8") == draft_text  # hints kept where they were
    copied = checkout / "cases" / f"{case_id}.yaml"
    try:
        assert fmt.same(yaml.safe_load(copied.read_text(encoding="utf-8")), yaml.safe_load(draft_text))
        form.goto(editor.url + f"#/collections/cases/entries/{case_id}")
        title = field(form, "title")
        title.wait_for()
        assert title.input_value() == yaml.safe_load(draft_text)["title"]
        assert field(form, "publisher").input_value() == yaml.safe_load(draft_text)["sources"][0]["publisher"]
    finally:
        copied.unlink()
