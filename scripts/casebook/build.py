"""The build in generator-neutral steps (issue #19).

Any site generator that reads Markdown builds the casebook with these three
calls and nothing of its own:

1. ``load``: every case, vocabulary and extension file, checked; the caller
   stops when ``project.problems`` is not empty;
2. ``render``: every generated page as Markdown (raw HTML blocks inside),
   keyed by its source path, and ``fill_home`` for the hand-written home page;
3. ``finish``: after the generator has written the pages, everything a reader
   downloads that is not a page (search index, data, schema, compare and
   handout data), written into the built site.

The MkDocs plugin calls them from its events; ``casebook render`` and
``casebook finish`` call them around any other generator
(``casebook.generators``).
"""

from __future__ import annotations

from pathlib import Path

from .common.urls import SiteUrls
from .load import load_project
from .load.extensions import load_extensions
from .load.project import Project
from .outputs import postbuild
from .render import render_site
from .render.pages import Renderer


def load(root: Path, site_url: str = "") -> Project:
    """The checked project; its problems are the caller's to report."""
    project = load_project(root)
    project.extra["site_url"] = site_url  # citations and handouts write out full addresses
    load_extensions(project)
    return project


def render(project: Project, site_urls: SiteUrls, lazy: bool = False) -> dict:
    """{source path: Markdown} of every generated page (``lazy``: case pages
    as callables, rendered when the generator writes them)."""
    return render_site(project, site_urls, lazy=lazy)


def fill_home(project: Project, site_urls: SiteUrls, markdown: str) -> str:
    """The hand-written home page with its generated lists filled in."""
    return Renderer(project, site_urls).fill_home(markdown)


def finish(project: Project, site_dir: Path, site_urls: SiteUrls, started: postbuild.Started | None = None, wait: bool = True) -> None:
    """Write what is not a page into ``site_dir`` (``started``: the steps a
    generator adapter began early, in the background)."""
    postbuild.run(project, Path(site_dir), site_urls, started, wait=wait)
