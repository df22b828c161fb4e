"""``casebook render`` and ``casebook finish``: the casebook for any generator.

``render`` writes a plain input tree that an MkDocs-compatible generator
builds without a plugin (issue #19)::

    OUT/mkdocs.yml     the project's configuration, INHERIT and !ENV resolved,
                       the casebook plugin taken out, generated pages kept
                       out of the navigation
    OUT/docs/          the hand-written docs/ (home page lists filled in)
                       plus every generated page as Markdown
    OUT/overrides/     the theme overrides

With directory URLs a generated page ``cases/x.md`` is written as
``cases/x/index.md``: the folder of the file is then the folder of its
address, so the relative links the core writes in raw HTML (relative to the
page's address, as a browser reads them) are also right relative to the file.
MkDocs leaves links in raw HTML alone; Zensical resolves them against the
file, as it does Markdown links. Both give the same, correct, addresses.

``finish`` runs after the generator: it writes the files that are not pages
(search index, data, schema, compare data) into the built site, reading the
same configuration to know the site's address style.
"""

from __future__ import annotations

import os
import posixpath
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml
from yaml_env_tag import construct_env_tag

from .. import build
from ..common import urls
from ..load.project import Project
from ..outputs import postbuild

# Material's search box styles, which the casebook's own search box borrows
# and Zensical's theme no longer has (its search has other markup).
SEARCH_STYLES = Path(__file__).parent / "assets" / "material-search.css"
SEARCH_STYLES_URL = "assets/stylesheets/casebook-material-search.css"
MARKER = ".casebook-tree"  # a folder render may empty: one it made itself
CONFIG_NAME = "mkdocs.yml"


class TreeError(Exception):
    """A reason the tree cannot be written or the site finished, in Chinese."""


class _ConfigLoader(yaml.SafeLoader):
    """MkDocs' configuration syntax: YAML plus ``!ENV`` (pyyaml-env-tag, as MkDocs reads it)."""


_ConfigLoader.add_constructor("!ENV", construct_env_tag)


class _ConfigDumper(yaml.SafeDumper):
    """Multi-line strings (``not_in_nav``) as literal blocks, as a person writes them."""


_ConfigDumper.add_representer(
    str, lambda dumper, text: dumper.represent_scalar("tag:yaml.org,2002:str", text, style="|" if "\n" in text else None)
)


def _merge(parent: dict, child: dict) -> dict:
    """INHERIT as MkDocs does it (mergedeep): mappings merged key by key, anything else replaced."""
    out = dict(parent)
    for key, value in child.items():
        out[key] = _merge(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def load(config_path: Path, root: Path) -> tuple[dict, Project]:
    """The configuration and the checked project it describes (``site_url`` from the configuration)."""
    config = read_config(config_path)
    return config, build.load(root, config.get("site_url") or "")


def read_config(path: Path) -> dict:
    """The site configuration as MkDocs reads it: ``INHERIT`` and ``!ENV`` resolved."""
    try:
        with open(path, encoding="utf-8") as fh:
            config = yaml.load(fh, Loader=_ConfigLoader) or {}
    except OSError as exc:
        raise TreeError(f"读不到网站配置 {path}：{exc.strerror}。") from exc
    except yaml.YAMLError as exc:
        raise TreeError(f"网站配置 {path} 不是有效的 YAML：{exc}") from exc
    parent = config.pop("INHERIT", None)
    if parent:
        config = _merge(read_config(path.parent / parent), config)
    return config


def site_urls_of(config: dict) -> urls.SiteUrls:
    return urls.SiteUrls(config.get("use_directory_urls", True))


def tree_path(src: str, site_urls: urls.SiteUrls) -> str:
    """Where a generated page's Markdown goes in the tree: in the folder of its address."""
    if not site_urls.directory_urls or posixpath.basename(src) == "index.md":
        return src
    return site_urls.url(src) + "index.md"


def _plugin_free(config: dict, out: Path, site_dir: Path, nav_free: list[str]) -> dict:
    """The configuration a generator reads in the tree."""
    tree = {k: v for k, v in config.items() if k not in ("plugins", "docs_dir", "site_dir", "hooks")}
    tree["docs_dir"] = "docs"
    tree["site_dir"] = os.path.relpath(site_dir, out)
    # The casebook plugin's work is done; the casebook has its own search.
    tree["plugins"] = [{"search": {"enabled": False}}]
    theme = dict(config.get("theme") or {})
    if theme.get("custom_dir"):
        theme["custom_dir"] = "overrides"
    # The casebook's styles build on Material's look, which Zensical calls
    # "classic" (its default is "modern"); MkDocs ignores the key.
    theme.setdefault("variant", "classic")
    tree["theme"] = theme
    tree["extra_css"] = [SEARCH_STYLES_URL, *config.get("extra_css", [])]
    patterns = [line for line in str(config.get("not_in_nav") or "").splitlines() if line.strip()]
    tree["not_in_nav"] = "\n".join(dict.fromkeys(patterns + nav_free)) + "\n"
    return tree


@dataclass
class Tree:
    out: Path
    config: Path  # the generated configuration
    pages: int  # generated pages written


def empty(folder: Path, keep=lambda name: False) -> None:
    """Remove what is in ``folder``, but the entries whose name ``keep`` accepts."""
    for child in folder.iterdir():
        if not keep(child.name):
            shutil.rmtree(child) if child.is_dir() and not child.is_symlink() else child.unlink()


def _prepare(out: Path, root: Path) -> None:
    """Empty ``out`` if render made it; refuse any other folder that is not empty."""
    out = out.resolve()
    if out == root.resolve() or root.resolve().is_relative_to(out):
        raise TreeError(f"输出目录 {out} 包含案例库本身。请换一个空目录，例如 build/tree。")
    if out.exists():
        if not out.is_dir():
            raise TreeError(f"{out} 是一个文件，不是目录。请换一个输出目录。")
        if any(out.iterdir()) and not (out / MARKER).exists():
            raise TreeError(f"输出目录 {out} 不是空的，也不是 casebook render 生成的。为免误删，请换一个空目录。")
        # The marker stays, so that a run stopped half way leaves a folder the next run may empty;
        # a generator's own cache is kept between builds.
        empty(out, keep=lambda name: name in (MARKER, ".cache"))
    out.mkdir(parents=True, exist_ok=True)
    (out / MARKER).write_text("casebook render\n", encoding="utf-8")


def render_tree(project: Project, config: dict, config_dir: Path, out: Path, site_dir: Path | None = None) -> Tree:
    """Write the input tree of ``project`` into ``out`` (see the module docstring);
    ``config`` is the project's configuration (``read_config``), read from ``config_dir``."""
    site_urls = site_urls_of(config)
    _prepare(out, project.root)
    site_dir = out / "site" if site_dir is None else Path(site_dir)  # Zensical wants it inside the tree

    docs_src = config_dir / config.get("docs_dir", "docs")
    docs = out / "docs"
    shutil.copytree(docs_src, docs)
    shutil.copyfile(SEARCH_STYLES, docs / SEARCH_STYLES_URL)
    custom_dir = (config.get("theme") or {}).get("custom_dir")
    if custom_dir:
        shutil.copytree(config_dir / custom_dir, out / "overrides")

    pages = build.render(project, site_urls)
    folders = set()
    for src, markdown in pages.items():
        path = tree_path(src, site_urls)
        for taken in dict.fromkeys((src, path)):
            if (docs_src / taken).exists():
                raise TreeError(f"docs/{taken} 与自动生成的页面同名。请删除或改名 docs/{taken}。")
        if path != src:  # out of the navigation like the page it stands for
            folders.add(f"/{posixpath.dirname(src)}/*/index.md" if "/" in src else f"/{path}")
        target = docs / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(markdown, encoding="utf-8")
    home = docs / urls.HOME
    if home.exists():
        home.write_text(build.fill_home(project, site_urls, home.read_text(encoding="utf-8")), encoding="utf-8")

    tree_config = _plugin_free(config, out.resolve(), site_dir.resolve(), sorted(folders))
    config_out = out / CONFIG_NAME
    config_out.write_text(
        "# Written by `casebook render`: every page is a file here, no plugin needed.\n"
        + yaml.dump(tree_config, Dumper=_ConfigDumper, allow_unicode=True, sort_keys=False),
        encoding="utf-8",
    )
    return Tree(out, config_out, len(pages))


def finish_site(project: Project, config: dict, site_dir: Path) -> None:
    """Add the files that are not pages to a site a generator built from the tree
    (``config``: the project's configuration the tree was rendered with)."""
    site_urls = site_urls_of(config)
    site_dir = Path(site_dir)
    if not (site_dir / "index.html").is_file():
        raise TreeError(f"{site_dir} 里没有 index.html：请先用网站生成器构建 casebook render 生成的目录。")
    probe = project.cases[0].id if project.cases else None
    if probe and not (site_dir / site_urls.file_url(urls.case_src(probe))).is_file():
        other = "use_directory_urls: true" if not site_urls.directory_urls else "use_directory_urls: false"
        raise TreeError(f"{site_dir} 中找不到案例 {probe} 的页面：网站像是按 {other} 构建的，与网站配置不一致。请用同一份配置运行 casebook render 和 casebook finish。")
    try:
        build.finish(project, site_dir, site_urls)
    except postbuild.StepError as exc:  # e.g. the Word library not installed
        raise TreeError(str(exc)) from None
