"""The build without the MkDocs plugin (issue #19): ``casebook render`` writes
a plain input tree, any MkDocs-compatible generator builds it, ``casebook
finish`` adds the rest. The pages must say what the plugin's pages say."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from casebook.generators import tree, zensical
from casebook.common.urls import SiteUrls

from conftest import FIXTURES, REPO, assert_clean_build, make_project_copy, run_build, run_mkdocs


def casebook(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "casebook.cli", *args], cwd=cwd, capture_output=True, text=True, timeout=600)


# ------------------------------------------------------------------ configuration


def test_config_is_read_as_mkdocs_reads_it(tmp_path, monkeypatch):
    (tmp_path / "base.yml").write_text(
        "site_name: 基础\nsite_url: !ENV [CB_TEST_URL, 'https://default.example/']\n"
        "theme: {name: material, language: zh-CN, features: [a, b]}\nextra_css: [x.css]\n", encoding="utf-8")
    (tmp_path / "child.yml").write_text(
        "INHERIT: base.yml\nuse_directory_urls: false\ntheme: {features: [c]}\nedit: !ENV CB_TEST_EDIT\n", encoding="utf-8")
    monkeypatch.delenv("CB_TEST_URL", raising=False)
    monkeypatch.setenv("CB_TEST_EDIT", "https://git.example/edit/")
    config = tree.read_config(tmp_path / "child.yml")
    assert config["site_url"] == "https://default.example/"  # the !ENV default
    assert config["edit"] == "https://git.example/edit/"
    assert config["theme"] == {"name": "material", "language": "zh-CN", "features": ["c"]}  # merged; lists replaced
    assert config["use_directory_urls"] is False and "INHERIT" not in config
    monkeypatch.setenv("CB_TEST_URL", "https://intranet/cb/")
    assert tree.read_config(tmp_path / "child.yml")["site_url"] == "https://intranet/cb/"


def test_broken_config_is_a_readable_error(tmp_path):
    (tmp_path / "mkdocs.yml").write_text("site_name: [unclosed\n", encoding="utf-8")
    with pytest.raises(tree.TreeError, match="不是有效的 YAML"):
        tree.read_config(tmp_path / "mkdocs.yml")
    with pytest.raises(tree.TreeError, match="读不到网站配置"):
        tree.read_config(tmp_path / "missing.yml")


@pytest.mark.parametrize("directory_urls, src, path", [
    (True, "cases/x.md", "cases/x/index.md"),  # the folder of the file is the folder of the address
    (True, "cases/index.md", "cases/index.md"),
    (True, "themes/x--2.md", "themes/x--2/index.md"),
    (False, "cases/x.md", "cases/x.md"),  # cases/x.html sits beside cases/x.md already
])
def test_tree_pages_live_in_the_folder_of_their_address(directory_urls, src, path):
    site_urls = SiteUrls(directory_urls)
    assert tree.tree_path(src, site_urls) == path
    if directory_urls and not src.endswith("index.md"):
        assert site_urls.url(src) == path[: -len("index.md")]


# ------------------------------------------------------------------ the tree


@pytest.fixture(scope="module")
def fixture_root(tmp_path_factory) -> Path:
    return make_project_copy(tmp_path_factory.mktemp("gen"), FIXTURES / "project" / "cases")


def test_render_writes_a_tree_without_the_plugin(fixture_root, tmp_path):
    out = tmp_path / "tree"
    result = casebook("render", "--out", str(out), cwd=fixture_root)
    assert result.returncode == 0, result.stderr
    config = yaml.safe_load((out / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["plugins"] == [{"search": {"enabled": False}}]  # no casebook plugin; the casebook's own search
    assert config["docs_dir"] == "docs" and config["site_dir"] == "site" and config["theme"]["custom_dir"] == "overrides"
    assert config["nav"] == tree.read_config(fixture_root / "mkdocs.yml")["nav"]
    case_ids = sorted(p.stem for p in (fixture_root / "cases").glob("*.yaml"))
    for case_id in case_ids:
        assert (out / "docs" / "cases" / case_id / "index.md").read_text(encoding="utf-8").startswith("---\ntitle: ")
    home = (out / "docs" / "index.md").read_text(encoding="utf-8")
    assert "<!-- casebook:" not in home and case_ids[0] in home  # the newest cases are filled in
    assert (out / "docs" / "contributing.md").is_file() and (out / "overrides" / "main.html").is_file()


def test_render_refuses_folders_it_did_not_make(fixture_root, tmp_path):
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("keep me", encoding="utf-8")
    result = casebook("render", "--out", str(foreign), cwd=fixture_root)
    assert result.returncode == 2 and "为免误删" in result.stderr
    assert (foreign / "notes.txt").read_text(encoding="utf-8") == "keep me"
    result = casebook("render", "--out", str(fixture_root), cwd=fixture_root)
    assert result.returncode == 2 and "包含案例库本身" in result.stderr
    # Its own earlier output is replaced, a generator's cache in it kept.
    out = tmp_path / "tree"
    assert casebook("render", "--out", str(out), cwd=fixture_root).returncode == 0
    (out / "docs" / "stale.md").write_text("# 旧", encoding="utf-8")
    (out / ".cache").mkdir()
    assert casebook("render", "--out", str(out), cwd=fixture_root).returncode == 0
    assert not (out / "docs" / "stale.md").exists() and (out / ".cache").is_dir()


def test_render_and_finish_report_bad_cases_with_file_and_line(fixture_root, tmp_path):
    root = tmp_path / "book"
    shutil.copytree(fixture_root, root)
    case = next((root / "cases").glob("*.yaml"))
    case.write_text(case.read_text(encoding="utf-8").replace("title:", "titel:", 1), encoding="utf-8")
    for args in (["render", "--out", str(tmp_path / "tree")], ["finish", str(tmp_path / "site")]):
        result = casebook(*args, cwd=root)
        assert result.returncode == 1
        assert re.search(rf"cases/{case.name}:\d+:\d+: ", result.stderr), result.stderr


class _Articles(HTMLParser):
    """The <article> of a page, its text and its links, as a reader gets them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.text: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "article":
            self.depth += 1
        elif self.depth:
            a = dict(attrs)
            if tag == "a" and a.get("href") and a.get("class") != "headerlink":
                self.links.append(a["href"])

    def handle_endtag(self, tag):
        if tag == "article":
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.text.append(data)

    @classmethod
    def of(cls, path: Path) -> tuple[str, list[str]]:
        parser = cls()
        parser.feed(path.read_text(encoding="utf-8"))
        return re.sub(r"\s+", " ", "".join(parser.text)).strip(), parser.links


def _pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html")}


@pytest.fixture(scope="module")
def plugin_site(fixture_root) -> Path:
    site = fixture_root / "site-plugin"
    assert_clean_build(run_mkdocs(fixture_root, site))
    return site


def _same_reading(expected: Path, actual: Path) -> None:
    generated = sorted(p for p in _pages(expected) if p.split("/")[0] in ("cases", "themes", "regions", "levels", "years", "status", "modules", "glossary", "compare"))
    assert len(generated) > 20
    assert set(generated) <= _pages(actual)
    for page in generated + ["index.html"]:
        assert _Articles.of(actual / page) == _Articles.of(expected / page), page
    # What `finish` writes is the plugin's post-build step itself: the same bytes.
    for folder in ("search", "data", "schema", "assets/compare"):
        files = sorted(p.relative_to(expected).as_posix() for p in (expected / folder).rglob("*") if p.is_file() and p.suffix != ".html")
        assert files and files == sorted(p.relative_to(actual).as_posix() for p in (actual / folder).rglob("*") if p.is_file() and p.suffix != ".html")
        for name in files:
            assert (actual / name).read_bytes() == (expected / name).read_bytes(), name


def test_plain_mkdocs_builds_the_tree_like_the_plugin(fixture_root, plugin_site, tmp_path):
    """Any MkDocs-compatible generator: MkDocs itself, with no plugin at all."""
    out = tmp_path / "tree"
    assert casebook("render", "--out", str(out), cwd=fixture_root).returncode == 0
    assert_clean_build(run_mkdocs(out, out / "site"))
    result = casebook("finish", str(out / "site"), cwd=fixture_root)
    assert result.returncode == 0, result.stderr
    _same_reading(plugin_site, out / "site")


def test_zensical_builds_the_casebook_like_the_plugin(fixture_root, plugin_site, tmp_path):
    site = tmp_path / "site"
    assert_clean_build(run_build("zensical", fixture_root, site))
    _same_reading(plugin_site, site)
    assert (site / "index.html").read_text(encoding="utf-8").count("<title>实践案例库</title>") == 1
    assert not list(site.rglob("*.md")), "Zensical copies no Markdown source into the site"


def test_finish_refuses_a_site_of_the_other_address_style(fixture_root, plugin_site, tmp_path):
    shutil.copy(REPO / "mkdocs.offline.yml", fixture_root / "mkdocs.offline.yml")
    result = casebook("finish", str(plugin_site), "--config", "mkdocs.offline.yml", cwd=fixture_root)
    assert result.returncode == 2 and "use_directory_urls: true" in result.stderr
    result = casebook("finish", str(tmp_path), cwd=fixture_root)
    assert result.returncode == 2 and "没有 index.html" in result.stderr


def test_rooted_canonical_links_are_dropped(tmp_path):
    page = tmp_path / "a" / "index.html"
    page.parent.mkdir()
    page.write_bytes(b'<head>\n  <link rel="canonical" href="/a/">\n  <link rel="canonical" href="https://x.org/a/">\n</head>')
    (tmp_path / "b.html").write_bytes(b"<head></head>")
    assert zensical.drop_rooted_canonical(tmp_path) == 1
    assert page.read_bytes() == b'<head>\n  <link rel="canonical" href="https://x.org/a/">\n</head>'
