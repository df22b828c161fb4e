"""Files written after the pages: anything a reader downloads that is not a page.

Each step is ``(project, site_dir, site_urls) -> None``; later phases (search
index, data exports) append theirs to STEPS. Each writes only its own folder
of the site, so their order does not matter.

A step in BACKGROUND reads only the project and writes only its own folder of
the site, so it can start as soon as the project is loaded (``start``) and
run in a forked worker on the second core while MkDocs renders the pages;
``run`` runs the other steps, then waits for it. The worker writes nothing
before ``Started.site_ready`` (MkDocs cleans the site folder after loading):
a step in COMPUTE_FIRST takes a ``ready`` callable and computes until it must
write; any other step waits before it starts.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from ..common import forking
from ..common.urls import SiteUrls
from ..load.project import Project
from ..load.schemas import SCHEMA_DIR


class StepError(RuntimeError):
    """A step cannot run for a reason the reader can fix; its message says how.
    Adapters show the message alone, without a traceback."""


def publish_schemas(project: Project, site_dir: Path, site_urls: SiteUrls) -> None:
    """The JSON Schemas are part of the published site, for editors and data users."""
    out = site_dir / "schema"
    out.mkdir(parents=True, exist_ok=True)
    for path in sorted(SCHEMA_DIR.glob("*.json")):
        shutil.copyfile(path, out / path.name)


def write_search_index(project: Project, site_dir: Path, site_urls: SiteUrls, ready=None) -> None:
    """search (issue #4): the header search box's index, see casebook/search/README.md."""
    from ..search.write import write_index  # jieba/OpenCC load only when building

    write_index(project, site_dir, site_urls, ready=ready)


STEPS = [publish_schemas, write_search_index]  # write_search_index: added by the search work (issue #4)
BACKGROUND = [write_search_index]  # issue #8: the search index is built while the pages are
COMPUTE_FIRST = [write_search_index]  # segmenting needs no site folder: it starts before MkDocs cleans it


@dataclass
class Started:
    """BACKGROUND steps running in a forked worker (``forking.Forked``)."""

    steps: list = field(default_factory=list)
    worker: forking.Forked | None = None
    gate: forking.Gate | None = None

    def running(self) -> bool:
        return self.worker is not None and not self.worker.done()

    def site_ready(self) -> None:
        """MkDocs has cleaned the site folder: the worker may write."""
        if self.gate is not None:
            self.gate.open()

    def wait(self) -> None:
        if self.worker is not None:
            worker, self.worker = self.worker, None
            worker.wait()

    def cancel(self) -> None:
        if self.worker is not None:
            worker, self.worker = self.worker, None
            worker.cancel()
        if self.gate is not None:
            self.gate.close()


def _steps(steps, project, site_dir, site_urls, gate: forking.Gate | None = None) -> None:
    waited = False

    def ready() -> None:
        nonlocal waited
        if gate is not None and not waited:
            gate.wait()
            waited = True

    for step in steps:
        if step in COMPUTE_FIRST:
            step(project, site_dir, site_urls, ready=ready)
        else:
            ready()
            step(project, site_dir, site_urls)


def start(project: Project, site_dir: Path, site_urls: SiteUrls, everything: bool = False) -> Started:
    """Start the BACKGROUND steps (``everything``: all steps, for ``mkdocs
    serve``, where pages show before the downloads are rewritten) in a forked
    worker, which writes once ``site_ready`` is called; where fork is missing
    they run in ``run``."""
    from ..load.extensions import register_features

    register_features()
    steps = [s for s in STEPS if everything or s in BACKGROUND]
    if not steps or not forking.available():
        return Started()
    gate = forking.Gate()
    return Started(steps, forking.Forked(_steps, steps, project, Path(site_dir), site_urls, gate), gate)


def run(project: Project, site_dir: Path, site_urls: SiteUrls, started: Started | None = None, wait: bool = True) -> None:
    """Run the STEPS not started in the background, in order, then wait for the
    background ones (``wait=False``, for ``mkdocs serve``: left to finish on
    their own). Every step writes only its own folder, so the steps here need
    not wait: at 10,000 cases they take seconds the worker still needs."""
    from ..load.extensions import register_features  # feature modules append their steps

    register_features()
    started = started or Started()
    for step in STEPS:
        if step not in started.steps:
            step(project, site_dir, site_urls)
    if wait:
        started.wait()  # its output is in place from here on
