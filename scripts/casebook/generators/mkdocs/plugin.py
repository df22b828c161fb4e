"""Thin MkDocs adapter: feeds the core's generated pages to MkDocs.

Event order in a build: on_config (load + validate, fail fast; start the
search index in a worker) -> on_files (add virtual pages, nothing is written
into docs/; the site folder is clean now, the worker may write) -> on_env ->
on_page_markdown (home page fragments) -> on_page_context (edit link to the
YAML file) -> on_post_page (keep the shell pages' HTML) -> on_post_build
(case and listing pages from the shells, then files that are not pages:
search index, data exports, schema). The work itself is the generator-neutral
steps of ``casebook.build`` (load, render, finish), which ``casebook render``
and ``casebook finish`` run around other generators; ``shell``,
``fastpage`` and ``serve`` only make MkDocs write the same pages faster
and keep ``mkdocs serve`` quick.
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from ... import build
from ...common import forking, urls
from ...common.problems import format_problems
from ...load.project import Project
from ...outputs import postbuild
from . import fastpage, shell
from .serve import ServeState

log = logging.getLogger("mkdocs.plugins.casebook")
FASTPAGE = os.environ.get("CASEBOOK_FASTPAGE", "1") != "0"  # 0: every page through MkDocs and Markdown (tests compare)


class CasebookConfig(base.Config):
    root = c.Type(str, default=".")  # repository root, relative to mkdocs.yml
    edit_url_base = c.Type(str, default="")  # e.g. https://github.com/o/r/edit/main/


class CasebookPlugin(BasePlugin[CasebookConfig]):
    supports_multiple_instances = False

    _serving: ServeState | None = None  # mkdocs serve only
    _background: postbuild.Started | None = None
    _rebuilding = False  # mkdocs serve, after the first build

    def on_startup(self, *, command, dirty) -> None:
        # Defining on_startup keeps this object across `mkdocs serve` rebuilds.
        self._serving = ServeState(dirty) if command == "serve" else None
        if command in ("build", "gh-deploy"):
            forking.stop_quietly_on_interrupt("构建已中断（Ctrl-C）：site/ 可能只写了一部分，请重新运行 make build。")

    def on_config(self, config):
        if self._serving is not None:  # a rebuild started before the last one's background work was done
            self._serving.cancel()
            forking.thaw()
        else:
            forking.batch_gc()  # mkdocs build: one run, then the process ends
        root = (Path(config.config_file_path).parent / self.config.root).resolve()
        started = time.monotonic()
        project = build.load(root, config.site_url or "")
        log.info(f"读入并校验 {len(project.cases)} 个案例：{time.monotonic() - started:.1f} s")
        for warning in sorted(project.warnings):  # not a build warning: --strict must not fail on them
            log.info(str(warning))
        if project.problems and self._serving is not None:
            # serve: keep serving the last good site, the problems on every page (serve.py)
            log.error("案例校验未通过，网站仍显示上一次通过校验的内容：\n" + format_problems(project.problems))
            project = self._serving.servable(project)
        elif project.problems:
            raise PluginError("案例校验未通过：\n" + format_problems(project.problems))
        elif self._serving is not None:
            self._serving.servable(project)
        self.project: Project = project
        self.site_urls = urls.SiteUrls(config.use_directory_urls)
        self._stashed: dict[str, list[str]] = {}
        # The search index needs only the project: segmenting starts now, on the
        # other core; its worker writes once on_files says the site folder is
        # clean. A serve rebuild starts every download only after the edited
        # page is written (on_post_build), so that page shows first.
        self._rebuilding = self._serving is not None and self._serving.rebuilding
        self._background = None if self._rebuilding else postbuild.start(project, Path(config.site_dir), self.site_urls)
        return config

    def on_files(self, files: Files, config) -> Files:
        # Case and listing pages (thousands) skip MkDocs' page pipeline: they are
        # written from a shell page after the build (casebook.generators.mkdocs.shellpage).
        self._shells = shell.ShellPages(edit=bool(self.config.edit_url_base)) if FASTPAGE else None
        self._shell_pages: dict = {}
        for src, markdown in build.render(self.project, self.site_urls, lazy=FASTPAGE).items():
            if files.get_file_from_path(src) is not None:
                raise PluginError(f"docs/{src} 与自动生成的页面同名。请删除或改名 docs/{src}。")
            if self._shells is not None and shell.eligible(src, markdown):
                self._shell_pages[src] = markdown
                continue
            markdown = markdown() if callable(markdown) else markdown
            if self._serving is not None and self._serving.dirty:
                files.append(File.generated(config, src, abs_src_path=self._serving.page_file(self.project.root, src, markdown)))
            else:
                files.append(File.generated(config, src, content=markdown))
        if self._shells is not None:
            for file in self._shells.files(config):
                files.append(file)
        if self._background is not None:
            self._background.site_ready()  # MkDocs cleaned the site folder before on_files
        return files

    def on_page_markdown(self, markdown: str, page, config, files) -> str:
        if page.file.src_uri == urls.HOME:
            return build.fill_home(self.project, self.site_urls, markdown)
        if page.file.generated_by and self._serving is None:
            page.file.content_string = ""  # read already; 10,000 pages of Markdown stay out of memory
        if page.file.generated_by and FASTPAGE:
            # Raw HTML blocks skip Markdown's HTML parsing; put back in on_page_content.
            stashed = fastpage.stash(markdown)
            if stashed is not None:
                markdown, self._stashed[page.file.src_uri] = stashed
        return markdown

    def on_page_content(self, html: str, page, config, files) -> str:
        blocks = self._stashed.pop(page.file.src_uri, None)
        if blocks is None:
            return html
        page.present_anchor_ids = (page.present_anchor_ids or set()) | fastpage.anchor_ids(blocks)
        return fastpage.restore(html, blocks)

    def on_env(self, env, config, files):
        # MkDocs makes the environment afresh for every build, so templates need
        # no up-to-date check (a stat) each time a page includes one.
        env.auto_reload = False
        self._env = env
        return env

    def _edit_url(self, src: str) -> str | None:
        """The YAML file a generated page comes from, on the forge; None for listing pages."""
        base_url = self.config.edit_url_base
        if src.startswith("cases/") and src != urls.CASE_INDEX:
            case = self.project.case(Path(src).stem)
            return f"{base_url}{case.rel}" if base_url and case else None
        if src.startswith("modules/") and src != "modules/index.md":
            module = next((m for m in self.project.extra.get("modules", []) if m.id == Path(src).stem), None)
            return f"{base_url}{module.rel}" if base_url and module else None
        return None  # generated listing pages have no single source file

    def on_page_context(self, context, page, config, nav):
        src = page.file.src_uri
        if self._shells is not None and src in self._shells.srcs:
            page.edit_url = self._shells.edit_url(src)
        elif page.file.generated_by or src.startswith(("cases/", "modules/")):
            page.edit_url = self._edit_url(src)
        return context

    def on_post_page(self, output: str, page, config) -> str:
        if self._serving is not None:
            output = output.replace("</body>", self._serving.script_tag(page.url) + "</body>", 1)
        if self._shells is not None:
            self._shells.capture(page, output)
        if page.file.generated_by:
            # Written to disk after this; at 10,000 cases keeping every page's
            # Markdown and HTML in memory until the end would cost gigabytes.
            page.markdown = page.content = None
        return fastpage.finish_page(output)  # renders the same, about a tenth smaller

    def on_post_build(self, config) -> None:
        serving = self._serving
        if self._shells is not None:
            site_dir = Path(config.site_dir)
            shell_set = self._shells.shell_set(config, self._env, self.site_urls, self._edit_url)
            first = serving.first_pages(self.project, self._shell_pages) if serving is not None else None
            started = time.monotonic()
            # While the search worker segments on both cores, a second page writer would add memory, not speed.
            busy = self._background.running if self._background is not None else (lambda: False)
            later = self._shells.write(shell_set, self._shell_pages, site_dir, first, busy=busy)
            if serving is not None:
                serving.background.append(later)
            shell.add_to_sitemap(site_dir, config, list(self._shell_pages), self.site_urls)
            log.info(f"{len(self._shell_pages)} 个案例页和列表页由模板页写出（casebook.generators.mkdocs.shellpage）：{time.monotonic() - started:.1f} s")
        if self._rebuilding:
            self._background = postbuild.start(self.project, Path(config.site_dir), self.site_urls, everything=True)
            self._background.site_ready()
        background, self._background = self._background, None
        # serve: show the pages now; the search index and downloads follow when their worker is done.
        if serving is not None:
            serving.background.append(background)
        started = time.monotonic()
        try:
            build.finish(self.project, Path(config.site_dir), self.site_urls, background, wait=serving is None)
        except postbuild.StepError as error:
            raise PluginError(str(error)) from None
        log.info(f"搜索索引、数据下载等：再用 {time.monotonic() - started:.1f} s")
        if serving is not None:
            serving.write_problems(Path(config.site_dir))
            serving.warm_up(self.project)

    def on_build_error(self, error) -> None:
        background, self._background = self._background, None
        if background is not None:
            background.cancel()

    def on_serve(self, server, config, builder):
        # Editing a case, a vocabulary or a template rebuilds and reloads the page.
        for path in (self.project.root / "cases", self.project.root / "modules", Path(__file__).parents[2] / "templates"):
            if path.exists():
                server.watch(str(path))
        return server
