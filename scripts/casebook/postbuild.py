"""Files written after the pages: anything a reader downloads that is not a page.

Each step is ``(project, site_dir, site_urls) -> None``; later phases (search
index, data exports) append theirs to STEPS. Steps run in list order.

A step in BACKGROUND reads only the project and writes only its own folder of
the site, so it can start as soon as the pages are known (``start``, called
from on_files) and run in a forked worker on the second core while MkDocs
renders the pages; ``run`` then waits for it at its place in the list.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from .project import Project
from .schemas import SCHEMA_DIR
from .urls import SiteUrls


def publish_schemas(project: Project, site_dir: Path, site_urls: SiteUrls) -> None:
    """The JSON Schemas are part of the published site, for editors and data users."""
    out = site_dir / "schema"
    out.mkdir(parents=True, exist_ok=True)
    for path in sorted(SCHEMA_DIR.glob("*.json")):
        shutil.copyfile(path, out / path.name)


def write_search_index(project: Project, site_dir: Path, site_urls: SiteUrls) -> None:
    """search (issue #4): the header search box's index, see casebook/search/README.md."""
    from .search.write import write_index  # jieba/OpenCC load only when building

    write_index(project, site_dir, site_urls)


STEPS = [publish_schemas, write_search_index]  # write_search_index: added by the search work (issue #4)
BACKGROUND = [write_search_index]  # issue #8: the search index is built while the pages are


@dataclass
class Started:
    """Background steps running in a worker process."""

    steps: list = field(default_factory=list)
    process: multiprocessing.process.BaseProcess | None = None
    errors: object = None  # receiving end of a pipe: the worker's traceback, if any

    def wait(self) -> None:
        if self.process is None:
            return
        try:
            message = self.errors.recv()
        except EOFError:  # the worker died without a word (killed)
            message = ""
        self.process.join()
        code, self.process = self.process.exitcode, None
        if code:
            raise RuntimeError(f"后台构建步骤失败（退出码 {code}）：\n{message}")

    def cancel(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.join()
            self.process = None


def _worker(steps, project, site_dir, site_urls, conn) -> None:
    try:
        for step in steps:
            step(project, site_dir, site_urls)
    except BaseException:  # noqa: BLE001 - reported to the parent, which raises
        conn.send(traceback.format_exc())
        conn.close()
        os._exit(1)
    conn.send("")
    conn.close()


def start(project: Project, site_dir: Path, site_urls: SiteUrls) -> Started:
    """Start the BACKGROUND steps in a forked worker; where fork is missing they run in ``run``."""
    from .extensions import register_features

    register_features()
    steps = [s for s in STEPS if s in BACKGROUND]
    if not steps or "fork" not in multiprocessing.get_all_start_methods() or os.environ.get("CASEBOOK_WORKERS") == "0":
        return Started()
    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)
    process = ctx.Process(target=_worker, args=(steps, project, Path(site_dir), site_urls, send), daemon=True)
    process.start()
    send.close()
    return Started(steps, process, receive)


def run(project: Project, site_dir: Path, site_urls: SiteUrls, started: Started | None = None, wait: bool = True) -> None:
    """Run STEPS in order; a step already started in the background is waited for
    (``wait=False``, for ``mkdocs serve``: left to finish on its own)."""
    from .extensions import register_features  # feature modules append their steps

    register_features()
    started = started or Started()
    for step in STEPS:
        if step in started.steps:
            if wait:
                started.wait()  # it ran in the worker; its output is in place from here on
        else:
            step(project, site_dir, site_urls)
