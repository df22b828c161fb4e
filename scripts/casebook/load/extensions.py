"""Later phases that read more files than cases/ (training modules, ...).

Each extension is a function ``(project) -> None`` that adds its own data to
``project.extra`` and its problems to ``project.problems``. Validation and the
site build both run them, so a bad module file fails ``make validate`` too.
"""

from __future__ import annotations

import importlib

from .project import Project

EXTENSIONS: list = []  # filled in by the modules that define extensions

# Feature modules register their hooks (EXTENSIONS here, page providers in
# render.pages, post-build steps in postbuild) when imported. Importing them
# from one list, before any load or render, makes the registration order fixed
# and independent of which module a caller happened to import first.
FEATURE_MODULES = (
    "casebook.modules",  # training modules: modules/*.yaml, pages, "used in" on case pages
    "casebook.link.redirects",  # old case ids (aliases) keep their addresses
    "casebook.link.related",  # computed related cases
    "casebook.link.glossary_links",  # first mention of a glossary term links to its entry
    "casebook.link.citation",  # 引用本案例 block
    "casebook.outputs.compare",  # comparison page and its data files
    "casebook.outputs.handout",  # handout page (讲义) and the Word library
    "casebook.outputs.export",  # data/cases.json, cases.csv, figures.csv
)


def register_features() -> None:
    for name in FEATURE_MODULES:
        importlib.import_module(name)  # idempotent: a module registers once, on first import


def load_extensions(project: Project) -> None:
    register_features()
    for extension in EXTENSIONS:
        extension(project)
    project.problems = sorted(set(project.problems))
