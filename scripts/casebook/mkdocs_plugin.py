"""Thin MkDocs adapter: feeds the core's generated pages to MkDocs.

Event order in a build: on_config (load + validate, fail fast) -> on_files
(add virtual pages; nothing is written into docs/) -> on_page_markdown (home
page fragments) -> on_page_context (edit link to the YAML file) ->
on_post_build (files that are not pages: search index, data exports, schema).
All real work happens in the ``casebook`` package, which knows nothing of MkDocs.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from . import postbuild, urls
from .extensions import load_extensions
from .problems import format_problems
from .project import Project, load_project
from .render import render_site
from .render.pages import Renderer

log = logging.getLogger("mkdocs.plugins.casebook")


class CasebookConfig(base.Config):
    root = c.Type(str, default=".")  # repository root, relative to mkdocs.yml
    edit_url_base = c.Type(str, default="")  # e.g. https://github.com/o/r/edit/main/


class CasebookPlugin(BasePlugin[CasebookConfig]):
    supports_multiple_instances = False

    def on_config(self, config):
        root = (Path(config.config_file_path).parent / self.config.root).resolve()
        project = load_project(root)
        load_extensions(project)
        if project.problems:
            raise PluginError("案例校验未通过：\n" + format_problems(project.problems))
        self.project: Project = project
        self.site_urls = urls.SiteUrls(config.use_directory_urls)
        return config

    def on_files(self, files: Files, config) -> Files:
        for src, markdown in render_site(self.project, self.site_urls).items():
            if files.get_file_from_path(src) is not None:
                raise PluginError(f"docs/{src} 与自动生成的页面同名。请删除或改名 docs/{src}。")
            files.append(File.generated(config, src, content=markdown))
        return files

    def on_page_markdown(self, markdown: str, page, config, files) -> str:
        if page.file.src_uri == urls.HOME:
            return Renderer(self.project, self.site_urls).fill_home(markdown)
        return markdown

    def on_page_context(self, context, page, config, nav):
        src = page.file.src_uri
        base_url = self.config.edit_url_base
        if src.startswith("cases/") and src != urls.CASE_INDEX:
            case = self.project.case(Path(src).stem)
            page.edit_url = f"{base_url}{case.rel}" if base_url and case else None
        elif page.file.generated_by:
            page.edit_url = None  # generated listing pages have no single source file
        return context

    def on_post_build(self, config) -> None:
        postbuild.run(self.project, Path(config.site_dir), self.site_urls)

    def on_serve(self, server, config, builder):
        # Editing a case, a vocabulary or a template rebuilds and reloads the page.
        for path in (self.project.root / "cases", Path(__file__).parent / "templates"):
            server.watch(str(path))
        return server
