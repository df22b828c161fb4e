"""Raw HTML blocks bypass Markdown (casebook.generators.mkdocs.fastpage): same HTML, same anchors."""

from __future__ import annotations

import filecmp
import re
import shutil

import markdown
import pytest

from casebook.generators.mkdocs import fastpage, shellpage

from conftest import FIXTURES, REPO, assert_clean_build, make_project_copy, run_mkdocs

EXTENSIONS = ["toc", "attr_list", "admonition", "tables"]


def convert(text: str) -> str:
    return markdown.markdown(text, extensions=EXTENSIONS)


@pytest.mark.parametrize("text", [
    "# T\n\n<p class=\"a\">x</p>\n\n## H {#h}\n\n<div>y</div>",
    "<p>a</p>\n<p>b</p>\n\n## H",
    "## H\n\n<ul>\n<li>a</li>\n</ul>\n<p id=\"end\">b</p>\n",
    "<div class=\"x\"><p>a</p><br><img src=\"i.png\"></div>\n\n\n<ol>\n<li>z</li>\n</ol>\n",
])
def test_stash_restore_equals_markdown(text):
    stashed = fastpage.stash(text)
    assert stashed is not None
    skeleton, blocks = stashed
    assert fastpage.restore(convert(skeleton), blocks) == convert(text)


@pytest.mark.parametrize("text", [
    "<div>\n\nMarkdown *inside*\n\n</div>",  # an element spanning blank lines
    "text before\n<div>x</div>",  # HTML inside a Markdown paragraph
    "<span>inline</span> start",  # not a block-level tag
    "```\n<div>code</div>\n```",  # fenced code
    "<div><p>unclosed</div>",
])
def test_uncertain_html_is_left_to_markdown(text):
    assert fastpage.stash(text) is None


def test_anchor_ids_like_mkdocs():
    blocks = ['<dl id="facts"><dt>a</dt></dl>\n', "<p><a name='n1'>x</a><span name=\"no\" id=\"s&amp;1\">y</span></p>"]
    assert fastpage.anchor_ids(blocks) == {"facts", "n1", "s&1"}


@pytest.mark.parametrize("fixture, config, env", [
    ("project", "mkdocs.yml", {}),
    # Titles with & < > " and quotes; an address and edit links: every slot of the shell.
    ("hostile", "mkdocs.yml", {"CASEBOOK_SITE_URL": "https://example.org/casebook/", "CASEBOOK_EDIT_URL": "https://git.example.org/edit/main/"}),
    ("project", "mkdocs.offline.yml", {}),  # page.html addresses
])
def test_site_is_identical_with_and_without_fastpage(tmp_path, monkeypatch, fixture, config, env):
    """Shell pages (casebook.generators.mkdocs.shellpage) and raw-HTML bypass give, byte for byte,
    the site MkDocs writes when every page goes through its own pipeline."""
    root = make_project_copy(tmp_path, FIXTURES / fixture / "cases")
    if config != "mkdocs.yml":
        shutil.copy(REPO / config, root / config)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    sites = {}
    for flag in ("0", "1"):
        monkeypatch.setenv("CASEBOOK_FASTPAGE", flag)
        result = run_mkdocs(root, root / f"site-{flag}", "--config-file", str(root / config))
        assert_clean_build(result)
        assert ("由模板页写出" in result.stderr) == (flag == "1")  # the fast route was taken
        sites[flag] = root / f"site-{flag}"
    files = sorted(str(p.relative_to(sites["0"])) for p in sites["0"].rglob("*") if p.is_file())
    assert any(f.startswith("cases/") and f.endswith(".html") for f in files)
    assert files == sorted(str(p.relative_to(sites["1"])) for p in sites["1"].rglob("*") if p.is_file())
    pages = [f for f in files if f.endswith(".html")]
    _, mismatch, errors = filecmp.cmpfiles(sites["0"], sites["1"], pages, shallow=False)
    assert not mismatch and not errors, mismatch[:5] + errors[:5]
    if env:
        sitemap = {s: (sites[s] / "sitemap.xml").read_text(encoding="utf-8") for s in sites}
        locs = {s: sorted(re.findall(r"<loc>(.*?)</loc>", sitemap[s])) for s in sites}
        assert locs["0"] == locs["1"] and any("/cases/" in loc for loc in locs["1"])
        assert "cbshell" not in sitemap["1"]


@pytest.mark.parametrize("text", [
    "# 标题\n\nCASEBOOKRAWHTML0X\n\n## 基本情况 {#background}\n\n### 做法一 {#p-1}\n\nCASEBOOKRAWHTML1X",
    "# 2008 年的案例\n\n## 无锡市 {#wuxi}\n\n## 2008 年的案例\n\n## 標題",  # slug from ASCII, duplicate ids
    "# 主题：联系服务群众\n\nCASEBOOKRAWHTML0X",
    "# 结对9&#46;3&#37;户 A&#38;B\n\n## 26&#46;1万人 {#p-1}\n\n## 26&#46;1万人",  # md_escape's entities
    "# 项目,为亲属 (a.b; c: d? 5%/6)\n\n## x,y. {#p-2}",  # punctuation Markdown leaves alone
])
def test_plain_headings_without_markdown_equal_markdown(text):
    md = markdown.Markdown(extensions=EXTENSIONS, extension_configs={"toc": {"permalink": "¶", "permalink_title": "本节链接"}})
    headings = shellpage.Headings.of(md)
    assert headings is not None
    fast = headings.convert(text)
    md.reset()
    assert fast == (md.convert(text), md.toc_tokens)


@pytest.mark.parametrize("text", ["# A & B", "# x *y*", "## 标题 {: .cls}", "# 标题\n\n段落文字", "# a  b", "# `code`"])
def test_headings_with_markup_are_left_to_markdown(text):
    md = markdown.Markdown(extensions=EXTENSIONS)
    assert shellpage.Headings.of(md).convert(text) is None
