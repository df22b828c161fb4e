"""``casebook fmt``: put case, module and vocabulary files into the canonical layout.

The layout is ``yamlwrite``'s. A file is rewritten only when its data reads
back identical from the new text (checked every time, not assumed), and
never when that would drop something a person wrote: a comment anywhere but
in the header block at the top of the file stops the file with a message
naming its line (the browser form cannot keep such comments either, so a
finished case has none; the importer's drafts carry their hints there until
they are filled in).
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..common.problems import Problem, report
from ..load import schemas
from ..load.project import VOCAB_DIR, VOCAB_FILES, case_files
from ..load.yamlload import load_yaml_bytes
from . import yamlwrite

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]


SHOWN_COMMENTS = 5  # comments reported one by one per file


@dataclass(frozen=True)
class Kind:
    schema: str  # schema name in schema/
    flow: bool  # vocabulary files keep short lists on one line


CASE = Kind("case", False)
MODULE = Kind("module", False)


def kind_of(rel: str) -> Kind | None:
    """Which schema a file under the project root follows, from its place."""
    parts = rel.split("/")
    if len(parts) == 3 and parts[:2] == ["cases", VOCAB_DIR]:
        names = {filename: name for name, (filename, _key) in VOCAB_FILES.items()}
        return Kind(names[parts[2]], True) if parts[2] in names else None
    if len(parts) == 2 and parts[1].endswith(".yaml"):
        return {"cases": CASE, "modules": MODULE}.get(parts[0])
    return None


def project_files(root: Path) -> list[Path]:
    """Every file ``fmt`` looks after, in a stable order."""
    files = case_files(root / "cases")
    files += [root / "cases" / VOCAB_DIR / filename for filename, _key in VOCAB_FILES.values()]
    files += sorted((root / "modules").glob("*.yaml")) if (root / "modules").is_dir() else []
    return [p for p in files if p.is_file()]


def schema_line(rel: str, kind: Kind) -> str:
    depth = rel.count("/")
    return f"{yamlwrite.SCHEMA_COMMENT}{'../' * depth}scripts/casebook/schema/{kind.schema}.schema.json"


def split_header(text: str) -> tuple[list[str], int]:
    """The comment lines the file starts with (blank lines skipped) and how many lines they span."""
    header: list[str] = []
    lines = text.split("\n")
    n = 0
    for n, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith("#"):
            header.append(line.rstrip())
        elif stripped:
            return header, n
    return header, len(lines)


def comment_lines(text: str, skip: int) -> list[tuple[int, int]]:
    """(line, column) of every comment after the first ``skip`` lines.

    A ``#`` starts a comment where YAML says so: at the start of a line or after
    white space, outside every scalar (scalar ranges come from the parser, so a
    ``#`` inside a quoted or block string is never taken for one).
    """
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError:
        return []
    spans: list[tuple[int, int]] = []
    stack = [node] if node is not None else []
    while stack:
        n = stack.pop()
        if isinstance(n, yaml.ScalarNode):
            spans.append((n.start_mark.index, n.end_mark.index))
        elif isinstance(n, yaml.MappingNode):
            stack += [x for pair in n.value for x in pair]
        elif isinstance(n, yaml.SequenceNode):
            stack += n.value
    spans.sort()
    found = []
    offset = 0
    span_i = 0
    for lineno, line in enumerate(text.split("\n"), start=1):
        if lineno > skip:
            col = -1
            while True:
                col = line.find("#", col + 1)
                if col < 0:
                    break
                at = offset + col
                while span_i < len(spans) and spans[span_i][1] <= at:
                    span_i += 1
                inside = span_i < len(spans) and spans[span_i][0] <= at < spans[span_i][1]
                if not inside and (col == 0 or line[col - 1] in " \t"):
                    found.append((lineno, col + 1))
                    break
        offset += len(line) + 1
    return found


def same(a: Any, b: Any) -> bool:
    """Equal data, type for type (True is not 1; 127.0 is 127, as in JavaScript)."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b or (a != a and b != b)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return type(a) is type(b) and a == b


@dataclass
class Result:
    rel: str
    text: str  # current text
    canonical: str | None  # None when the file cannot be formatted
    problems: list[Problem]

    @property
    def changed(self) -> bool:
        return self.canonical is not None and self.canonical != self.text


def format_text(raw: bytes, rel: str, kind: Kind) -> Result:
    loaded = load_yaml_bytes(raw, rel)
    text = raw.decode("utf-8", "replace").removeprefix("\ufeff")
    if loaded.problems or not isinstance(loaded.data, dict):
        return Result(rel, text, None, loaded.problems or [Problem(rel, 1, 1, "文件顶层不是映射，无法整理格式。")])
    header, skip = split_header(text)
    comments = comment_lines(text, skip)
    problems = [
        Problem(rel, line, col, "这里有一条注释。规范格式只在文件开头保留注释（浏览器表单保存时也会丢掉其他位置的注释）："
                "需要保留的说明请写进相应字段（如来源的 note），导入草稿的提示处理完后删掉，然后再运行 make fmt。")
        for line, col in comments[:SHOWN_COMMENTS]
    ]
    if len(comments) > SHOWN_COMMENTS:  # an importer draft has hundreds: name the first few
        line, col = comments[SHOWN_COMMENTS]
        problems.append(Problem(rel, line, col, f"从这里起还有 {len(comments) - SHOWN_COMMENTS} 条注释（共 {len(comments)} 条），处理方法同上。"))
    if problems:
        return Result(rel, text, None, problems)
    rest = [h for h in header if not h.startswith(yamlwrite.SCHEMA_COMMENT)]
    # An existing schema line that names the right schema keeps its path (a
    # project may keep its schemas elsewhere); any other gets the default one.
    given = [h for h in header if h.startswith(yamlwrite.SCHEMA_COMMENT) and h.endswith(f"/{kind.schema}.schema.json")]
    wanted = given[0] if given else schema_line(rel, kind)
    canonical = yamlwrite.dump(loaded.data, schemas.load_schema(kind.schema), [wanted] + rest, kind.flow)
    again = load_yaml_bytes(canonical.encode("utf-8"), rel)
    if again.problems or not same(loaded.data, again.data):  # a bug in yamlwrite, never the user's fault
        return Result(rel, text, None, [Problem(rel, 1, 1, "整理格式后内容会改变，已放弃整理这个文件。请把这个文件附在问题报告中告诉维护者。")])
    return Result(rel, text, canonical, [])


def first_difference(a: str, b: str) -> tuple[int, str]:
    for i, (x, y) in enumerate(zip(a.split("\n"), b.split("\n")), start=1):
        if x != y:
            return i, y
    return min(a.count("\n"), b.count("\n")) + 1, ""


def run(root: Path, paths: list[Path] | None, check: bool) -> tuple[list[Result], list[Problem]]:
    problems: list[Problem] = []
    results = []
    targets = paths or project_files(root)
    for path in targets:
        try:
            rel = path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            rel = path.as_posix()
        kind = kind_of(rel)
        if kind is None:
            problems.append(Problem(rel, 1, 1, "fmt 只整理 cases/*.yaml、cases/vocab/ 中的词表和 modules/*.yaml。请检查路径。"))
            continue
        try:
            raw = path.read_bytes()
        except OSError as e:
            problems.append(Problem(rel, 1, 1, f"无法读取文件：{e.strerror}。"))
            continue
        result = format_text(raw, rel, kind)
        results.append(result)
        problems += result.problems
        if result.changed:
            if check:
                line, want = first_difference(result.text, result.canonical)
                shown = f"应为“{want.strip()}”" if want.strip() else "此处应有改动"
                problems.append(Problem(rel, line, 1, f"不是规范格式（第 {line} 行起，{shown}）。运行 make fmt 自动整理，内容不会改变。"))
            else:
                path.write_text(result.canonical, encoding="utf-8")
    return results, problems


def main(args: argparse.Namespace) -> int:
    root = Path(args.root)
    results, problems = run(root, [Path(p) for p in args.paths] or None, args.check)
    changed = [r.rel for r in results if r.changed]
    if problems:
        report(problems)
    if args.check:
        if not problems:
            print(f"格式检查通过：{len(results)} 个文件都是规范格式。")
        return 1 if problems else 0
    for rel in changed:
        print(f"已整理 {rel}")
    print(f"整理了 {len(changed)} 个文件，其余 {len(results) - len(changed)} 个已是规范格式。")
    return 1 if problems else 0
