"""Load and check training modules: one ``modules/<id>.yaml`` per module.

Same machinery as case files: ``yamlload`` keeps positions, the JSON Schema
checks the shape, and every reference to a case or a practice is checked
against the loaded Project, each problem at its file:line:col.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..common.problems import Problem
from ..load import addresses, inputs, schemas
from ..load.crossref import id_file_mismatch
from ..load.project import Project, _rel
from ..load.yamlload import LoadedYaml, load_yaml_file

MODULES_DIR = "modules"


@dataclass
class Module:
    id: str
    data: dict[str, Any]
    rel: str  # e.g. modules/nianqing-ganbu-jiceng-duanlian.yaml
    loaded: LoadedYaml

    @property
    def title(self) -> str:
        return self.data["title"]

    def case_ids(self) -> list[str]:
        return [entry["case"] for entry in self.data["cases"]]


def modules_of(project: Project) -> list[Module]:
    """The valid modules, sorted by id; empty when none were loaded."""
    return project.extra.get("modules", [])


def scan_modules(root: Path) -> tuple[list[Path], list[Problem]]:
    """The module files to read, and a problem for anything else in modules/ (inputs.scan)."""
    mdir = root / MODULES_DIR
    return inputs.scan(mdir, root, MODULES_DIR, keep_files={"README.md"}, what="专题") if mdir.is_dir() else ([], [])


def module_files(root: Path) -> list[Path]:
    return scan_modules(root)[0]


def _suggest(value: str, options: list[str]) -> str:
    close = difflib.get_close_matches(value, options, n=1, cutoff=0.5)
    return f"是不是想写 {close[0]}？" if close else ""


def load_modules(project: Project) -> None:
    """Extension: put the valid modules in ``project.extra["modules"]``, problems in ``project.problems``."""
    root = project.root
    modules: list[Module] = []
    files, refused = scan_modules(root)
    project.problems.extend(refused)
    for path in files:
        rel = _rel(root, path)
        loaded = load_yaml_file(path, rel)
        problems = list(loaded.problems)
        if loaded.data is not None:
            schema_problems = schemas.check("module", loaded, rel)
            problems += schema_problems
            if not schema_problems and not loaded.problems:
                module = Module(id=loaded.data["id"], data=loaded.data, rel=rel, loaded=loaded)
                cross = check_module(module, project)
                problems += cross
                if not cross:
                    modules.append(module)
        project.problems.extend(problems)
    modules.sort(key=lambda m: m.id)
    project.extra["modules"] = modules


def check_module(module: Module, project: Project) -> list[Problem]:
    out: list[Problem] = []

    def at(path: tuple, msg: str) -> None:
        line, col = module.loaded.where(path)
        out.append(Problem(module.rel, line, col, msg))

    mismatch = id_file_mismatch(module.id, module.rel)
    if mismatch:
        at(("id",), mismatch)
    taken = addresses.of(project).claim(f"{MODULES_DIR}/{module.id}.md", addresses.Owner(module.rel, f"专题编号“{module.id}”", lambda: module.loaded.where(("id",))))
    if taken is not None:
        out.append(taken)

    alias_of = {a: c.id for c in project.cases for a in c.get("aliases", [])}
    ids = sorted(c.id for c in project.cases)

    def check_case_ref(path: tuple, case_id: str) -> bool:
        """True when the case exists and is valid; reports a problem otherwise."""
        if project.case(case_id) is not None:
            return True
        if case_id in alias_of:
            at(path, f"案例编号“{case_id}”是旧编号，这个案例已改为“{alias_of[case_id]}”。请改写为 {alias_of[case_id]}。")
        elif case_id in project.file_ids:
            pass  # the case file exists but has problems of its own, reported there
        else:
            at(path, f"案例“{case_id}”不存在（cases/ 中没有 {case_id}.yaml）。{_suggest(case_id, ids)}")
        return False

    seen: dict[str, int] = {}
    for i, entry in enumerate(module.data["cases"]):
        case_id = entry["case"]
        if case_id in seen:
            at(("cases", i, "case"), f"案例“{case_id}”在本专题中重复出现（第 {seen[case_id] + 1} 条已经用过）。请删除其中一条，需要讲多条做法时写在同一条的 practices 里。")
        seen.setdefault(case_id, i)
        if check_case_ref(("cases", i, "case"), case_id):
            practice_ids = [p["id"] for p in project.case(case_id)["practices"]]
            for j, pid in enumerate(entry.get("practices", [])):
                if pid not in practice_ids:
                    options = "、".join(practice_ids)
                    at(("cases", i, "practices", j), f"案例“{case_id}”中没有编号为“{pid}”的做法。{_suggest(pid, practice_ids)}可选：{options}。")
        for j, alt in enumerate(entry.get("alternatives", [])):
            if alt["case"] == case_id:
                at(("cases", i, "alternatives", j, "case"), "备选案例不能是这条案例自己。")
            else:
                check_case_ref(("cases", i, "alternatives", j, "case"), alt["case"])
    return out
