"""Later phases that read more files than cases/ (training modules, ...).

Each extension is a function ``(project) -> None`` that adds its own data to
``project.extra`` and its problems to ``project.problems``. Validation and the
site build both run them, so a bad module file fails ``make validate`` too.
"""

from __future__ import annotations

from .project import Project

EXTENSIONS: list = []  # filled in by the modules that define extensions


def load_extensions(project: Project) -> None:
    for extension in EXTENSIONS:
        extension(project)
    project.problems = sorted(set(project.problems))
