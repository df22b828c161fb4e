"""Raw HTML blocks bypass Markdown (casebook.fastpage): same HTML, same anchors."""

from __future__ import annotations

import filecmp
import os
from pathlib import Path

import markdown
import pytest

from casebook import fastpage

from conftest import FIXTURES, assert_clean_build, make_project_copy, run_mkdocs

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


def test_site_is_identical_with_and_without_fastpage(tmp_path):
    root = make_project_copy(tmp_path, FIXTURES / "project" / "cases")
    sites = {}
    for flag in ("0", "1"):
        os.environ["CASEBOOK_FASTPAGE"] = flag
        try:
            result = run_mkdocs(root, root / f"site-{flag}")
        finally:
            del os.environ["CASEBOOK_FASTPAGE"]
        assert_clean_build(result)
        sites[flag] = root / f"site-{flag}"
    pages = sorted(p.relative_to(sites["0"]) for p in sites["0"].rglob("*.html"))
    assert pages
    _, mismatch, errors = filecmp.cmpfiles(sites["0"], sites["1"], [str(p) for p in pages], shallow=False)
    assert not mismatch and not errors, mismatch[:5] + errors[:5]
