"""Thin MkDocs adapter: feeds the core's generated pages to MkDocs.

Event order in a build: on_config (load + validate, fail fast) -> on_files
(add virtual pages; nothing is written into docs/) -> on_page_markdown (home
page fragments) -> on_page_context (edit link to the YAML file) ->
on_post_build (files that are not pages: search index, data exports, schema).
All real work happens in the ``casebook`` package, which knows nothing of MkDocs.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from . import fastpage, mkdocs_shell, postbuild, related, urls
from .extensions import load_extensions
from .problems import format_problems
from .project import Project, load_project
from .render import render_site
from .render.pages import Renderer

log = logging.getLogger("mkdocs.plugins.casebook")
FASTPAGE = os.environ.get("CASEBOOK_FASTPAGE", "1") != "0"  # 0: every page through MkDocs and Markdown (tests compare)


class CasebookConfig(base.Config):
    root = c.Type(str, default=".")  # repository root, relative to mkdocs.yml
    edit_url_base = c.Type(str, default="")  # e.g. https://github.com/o/r/edit/main/


class CasebookPlugin(BasePlugin[CasebookConfig]):
    supports_multiple_instances = False

    def on_startup(self, *, command, dirty) -> None:
        # Defining on_startup keeps this object across `mkdocs serve` rebuilds.
        self._serve = command == "serve"
        self._dirty = dirty
        self._served_pages: dict[str, str] = {}  # serve --dirty: last markdown written per page
        self._served_cases: dict[str, str] | None = None  # serve: each case's content at the last build
        self._background = None
        self._later_pages = None  # serve: shell pages still being written after the last build

    def on_config(self, config):
        for started in (getattr(self, "_background", None), getattr(self, "_later_pages", None)):
            if started is not None:  # serve: a rebuild started before the last one's background work was done
                started.cancel()
        root = (Path(config.config_file_path).parent / self.config.root).resolve()
        project = load_project(root)
        project.extra["site_url"] = config.site_url or ""  # citations and handouts write out full addresses
        load_extensions(project)
        if project.problems:
            raise PluginError("案例校验未通过：\n" + format_problems(project.problems))
        for case in project.cases:  # positions serve only the error messages above; ~40 % of the project's memory
            case.loaded.value_pos, case.loaded.key_pos = {}, {}
        self.project: Project = project
        self.site_urls = urls.SiteUrls(config.use_directory_urls)
        self._stashed: dict[str, list[str]] = {}
        self._background: postbuild.Started | None = None
        return config

    def on_files(self, files: Files, config) -> Files:
        # Case and listing pages (thousands) skip MkDocs' page pipeline: they are
        # written from a shell page after the build (casebook.shellpage).
        self._shells = mkdocs_shell.ShellPages(edit=bool(self.config.edit_url_base)) if FASTPAGE else None
        self._shell_pages: dict = {}
        for src, markdown in render_site(self.project, self.site_urls, lazy=FASTPAGE).items():
            if files.get_file_from_path(src) is not None:
                raise PluginError(f"docs/{src} 与自动生成的页面同名。请删除或改名 docs/{src}。")
            if self._shells is not None and mkdocs_shell.eligible(src):
                self._shell_pages[src] = markdown
                continue
            markdown = markdown() if callable(markdown) else markdown
            if getattr(self, "_serve", False) and self._dirty:
                files.append(File.generated(config, src, abs_src_path=self._serve_page(src, markdown)))
            else:
                files.append(File.generated(config, src, content=markdown))
        if self._shells is not None:
            for file in self._shells.files(config):
                files.append(file)
        # The site folder is clean from here on: start the search index on the other core.
        serving_again = getattr(self, "_serve", False) and self._served_cases is not None
        self._background = postbuild.start(self.project, Path(config.site_dir), self.site_urls, everything=serving_again)
        return files

    def _serve_page(self, src: str, markdown: str) -> str:
        """serve --dirty: the page as a file that changes only when its text does,
        so MkDocs rebuilds just the pages an edit touched."""
        path = self.project.root / ".cache" / "casebook" / "serve-pages" / src
        if self._served_pages.get(src) != markdown or not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(markdown, encoding="utf-8")
            self._served_pages[src] = markdown
        return str(path)

    def on_page_markdown(self, markdown: str, page, config, files) -> str:
        if page.file.src_uri == urls.HOME:
            return Renderer(self.project, self.site_urls).fill_home(markdown)
        if page.file.generated_by and not getattr(self, "_serve", False):
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
        if self._shells is not None:
            self._shells.capture(page, output)
        if page.file.generated_by:
            # Written to disk after this; at 10,000 cases keeping every page's
            # Markdown and HTML in memory until the end would cost gigabytes.
            page.markdown = page.content = None
        return fastpage.finish_page(output)  # renders the same, about a tenth smaller

    def on_post_build(self, config) -> None:
        if self._shells is not None:
            site_dir = Path(config.site_dir)
            shell_set = self._shells.shell_set(config, self._env, self.site_urls, self._edit_url)
            self._later_pages = self._shells.write(shell_set, self._shell_pages, site_dir, self._serve_first())
            mkdocs_shell.add_to_sitemap(site_dir, config, list(self._shell_pages), self.site_urls)
            log.info(f"{len(self._shell_pages)} 个案例页和列表页由模板页写出（casebook.shellpage）")
        background = self._background
        # serve: show the pages now; the search index follows when its worker is done.
        serving = getattr(self, "_serve", False)
        if not serving:
            self._background = None
        postbuild.run(self.project, Path(config.site_dir), self.site_urls, background, wait=not serving)
        if serving and not getattr(self, "_warmed", False):  # load jieba for related links now, not after the first edit
            self._warmed = True
            threading.Thread(target=related.segmenter, args=(related.glossary_words(self.project),), daemon=True).start()

    def _serve_first(self) -> set[str] | None:
        """serve: the pages to show before the browser reloads: edited and new
        cases and the listing pages. The other cases follow in the background
        (their related links may change too). None: write everything now."""
        if not getattr(self, "_serve", False):
            return None
        digests = {c.id: hashlib.sha1(repr(c.data).encode("utf-8")).hexdigest() for c in self.project.cases}
        previous, self._served_cases = self._served_cases, digests
        if previous is None:
            # Load jieba for the related links now, not after the first edit.
            threading.Thread(target=related.segmenter, args=(related.glossary_words(self.project),), daemon=True).start()
            return None
        return {src for src in self._shell_pages if not src.startswith("cases/")} | {
            urls.case_src(i) for i, d in digests.items() if previous.get(i) != d}

    def on_build_error(self, error) -> None:
        background, self._background = getattr(self, "_background", None), None
        if background is not None:
            background.cancel()

    def on_serve(self, server, config, builder):
        # Editing a case, a vocabulary or a template rebuilds and reloads the page.
        for path in (self.project.root / "cases", self.project.root / "modules", Path(__file__).parent / "templates"):
            if path.exists():
                server.watch(str(path))
        return server
