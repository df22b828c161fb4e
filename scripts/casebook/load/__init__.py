"""Phase 1, loading and checking: YAML files in, a checked ``Project`` out.

``yamlload`` reads YAML with every value's line; ``schemas`` checks a file
against its JSON Schema (``schema/``) and words the problems in Chinese;
``inputs`` refuses files that are not what they claim; ``project`` reads the
vocabularies and cases (``loadcache`` keeps unchanged files' results);
``crossref`` checks across files, and ``addresses`` gives every page one
address; ``extensions`` loads what later phases add (training modules, ...).
"""

from __future__ import annotations

from pathlib import Path

from .crossref import check_project
from .project import Project, read_project


def load_project(root: Path | str = ".") -> Project:
    """Read every file, then check across them (unknown references, clashing addresses)."""
    project = read_project(root)
    project.problems.extend(check_project(project))
    project.problems = sorted(set(project.problems))
    return project
