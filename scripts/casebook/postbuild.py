"""Files written after the pages: anything a reader downloads that is not a page.

Each step is ``(project, site_dir, site_urls) -> None``; later phases (search
index, data exports) append theirs to STEPS. Steps run in list order.
"""

from __future__ import annotations

import shutil
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


STEPS = [publish_schemas]


def run(project: Project, site_dir: Path, site_urls: SiteUrls) -> None:
    for step in STEPS:
        step(project, site_dir, site_urls)
