"""Which files in a content folder (cases/, modules/) are read, and a
problem for every other entry there, so that nothing is ignored without a
word: a draft in a subfolder, a file named .yml, a link to a file outside the
repository (which would publish whatever it points to), a pipe or a folder
named like a case.

One pass over the folder (10,000 cases: one listing, no stat of regular files).
"""

from __future__ import annotations

import os
from pathlib import Path

from ..common.problems import Problem


def outside(path: Path, root: Path, rel: str) -> Problem | None:
    """A problem when ``path`` (a link, or in a linked folder) leads out of the repository."""
    try:
        path.resolve().relative_to(root.resolve())
        return None
    except ValueError:
        return Problem(rel, 1, 1, f"{rel} 指向仓库以外的文件（{path.resolve()}），不会被读取。请把文件本身放进仓库，不要用链接。")
    except OSError as e:  # a link loop
        return Problem(rel, 1, 1, f"{rel} 是无法打开的链接（{e.strerror}），不会被读取。请删除它或换成文件本身。")


def scan(folder: Path, root: Path, section: str, *, keep_dirs=frozenset(), keep_files=frozenset(),
         what: str = "案例") -> tuple[list[Path], list[Problem]]:
    """The ``*.yaml`` files directly in ``folder``, sorted, and the problems
    of everything else in it. ``keep_dirs`` and ``keep_files`` are read by
    someone else (cases/vocab/, modules/README.md)."""
    files: list[Path] = []
    problems: list[Problem] = []
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return files, problems
    for entry in entries:
        name, rel = entry.name, f"{section}/{entry.name}"
        if name.startswith("."):
            continue  # .gitkeep, editors' swap files
        path = Path(entry.path)
        if entry.is_symlink():
            bad = outside(path, root, rel)
            if bad is not None:
                problems.append(bad)
                continue
        if entry.is_dir():
            if name not in keep_dirs:
                problems += _subfolder(path, root, rel, section, what)
        elif not entry.is_file():
            problems.append(Problem(rel, 1, 1, f"{rel} 不是普通文件（是管道、设备或套接字），不会被读取。请删除它。"))
        elif name.endswith(".yaml"):
            files.append(path)
        elif name not in keep_files:
            ext = "请把扩展名改为 .yaml。" if name.endswith(".yml") else f"{what}文件必须以 .yaml 结尾；其他文件请移出 {section}/。"
            problems.append(Problem(rel, 1, 1, f"这个文件不会被读取。{ext}"))
    return files, problems


def _subfolder(folder: Path, root: Path, rel: str, section: str, what: str) -> list[Problem]:
    """Every file below a subfolder: each would be silently ignored."""
    hint = (f"子目录中的文件不会被读取：{what}文件必须直接放在 {section}/ 下，文件名就是编号（{section}/<编号>.yaml）。"
            f"要发布就把它移到 {section}/，草稿请放在 {section}/ 以外。")
    if folder.is_symlink():
        return [Problem(rel, 1, 1, f"{rel} 是指向目录的链接，其中的文件不会被读取。{hint}")]
    out = []
    for top, dirs, names in os.walk(folder):  # links to folders are not followed
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        below = Path(top).relative_to(folder).as_posix()
        for name in sorted(names):
            if not name.startswith("."):
                out.append(Problem(f"{rel}/{name}" if below == "." else f"{rel}/{below}/{name}", 1, 1, hint))
    return out  # an empty folder holds nothing to lose
