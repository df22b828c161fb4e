"""The field reference of the contributor guide, generated from the JSON Schemas.

``render_field_reference()`` walks the case schema and the vocabulary schemas
and returns Markdown tables: every field with its dotted path (``region.city``,
``practices[].id``), title, whether it is required, type and limits,
description and example. ``docs/contributing.md`` embeds the output between
``<!-- schema-fields:start -->`` and ``<!-- schema-fields:end -->``;
``CONTRIBUTING.md`` is a short pointer followed by the same guide.
``casebook schemadoc --write`` regenerates both, ``--check`` fails when they
are out of date (a test runs the same check).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..load import schemas
from ..load.project import VOCAB_FILES

START = "<!-- schema-fields:start -->"
END = "<!-- schema-fields:end -->"
GUIDE = Path("docs/contributing.md")
POINTER = Path("CONTRIBUTING.md")
POINTER_HEADER = """\
<!-- 本文件由 casebook schemadoc --write 从 docs/contributing.md 生成，请修改 docs/contributing.md。 -->
> 这份贡献指南也发布在网站上（“贡献指南”页）；源文件是 `docs/contributing.md`，本文件由 `casebook schemadoc --write` 生成，请不要直接修改。

"""
TYPE_NAMES = {"string": "文字", "integer": "整数", "number": "数字", "array": "列表", "object": "映射", "boolean": "是/否"}


def fields(schema: dict, prefix: str = "") -> list[tuple[str, dict, bool]]:
    """(path, schema, required) of every field, depth first, in schema order."""
    out = []
    required = set(schema.get("required", []))
    for name, sub in schema.get("properties", {}).items():
        path = f"{prefix}{name}"
        out.append((path, sub, name in required))
        out += _children(path, sub)
    return out


def _children(path: str, sub: dict) -> list[tuple[str, dict, bool]]:
    if sub.get("type") == "object":
        return fields(sub, path + ".")
    items = sub.get("items")
    if sub.get("type") == "array" and isinstance(items, dict):
        if items.get("type") == "object":
            return fields(items, path + "[].")
        if items.get("type") == "array":  # a list of lists (synonym groups): describe one inner list
            inner = dict(items, title=items.get("title") or f"{sub.get('title', '')}中的一组")
            return [(path + "[]", inner, True)] + _children(path + "[]", inner)
    return []


def _range(lo: int | None, hi: int | None, unit: str) -> list[str]:
    """["2–40 字"], ["至少 1 项"], ["最多 60 字"] or []."""
    if lo and hi:
        return [f"{lo}–{hi} {unit}"]
    if lo:
        return [f"至少 {lo} {unit}"]
    return [f"最多 {hi} {unit}"] if hi else []


def _kind(sub: dict, defs: dict) -> str:
    """文字, 单行文字, 日期, 列表…: a shared rule's name, else the type's."""
    return schemas.shared_rule(sub, defs).get("title") or TYPE_NAMES.get(sub.get("type", ""), sub.get("type", ""))


def _limits(sub: dict, defs: dict) -> str:
    kind = sub.get("type")
    parts = []
    if kind == "string":
        parts += _range(sub.get("minLength"), sub.get("maxLength"), "字")
        if "patternErrorMessage" in sub:  # a long pattern, said in words
            parts.append(sub["patternErrorMessage"].rstrip("。"))
        elif "pattern" in sub and "enum" not in sub:
            parts.append(f"格式 `{sub['pattern']}`")
    if kind == "array":
        parts += _range(sub.get("minItems"), sub.get("maxItems"), "项")
        if sub.get("uniqueItems"):
            parts.append("不能重复")
        items = sub.get("items", {})
        if items.get("type") in ("string", "integer", "number"):
            inner = _limits(items, defs)
            parts.append(f"每项是{_kind(items, defs)}" + (f"（{inner}）" if inner else ""))
    if kind in ("integer", "number") and ("minimum" in sub or "maximum" in sub):
        parts.append(f"{sub.get('minimum', '')}–{sub.get('maximum', '')}")
    if kind == "object" and sub.get("minProperties"):
        parts.append(f"至少填写 {sub['minProperties']} 个字段")
    if "enum" in sub:
        parts.append("可选值：" + "、".join(f"`{v}`" for v in sub["enum"]))
    return "；".join(parts)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _prose(text: str) -> str:
    """Text outside code: escape what Markdown would read as HTML (cases/<id>.yaml)."""
    return _cell(text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))


def _example(sub: dict) -> str:
    examples = sub.get("examples")
    if not examples:
        return ""
    value = examples[0]
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return f"`{_cell(text)}`"


def _table(schema: dict) -> list[str]:
    rows = ["| 字段 | 名称 | 必填 | 类型和要求 | 说明 | 例子 |", "| --- | --- | --- | --- | --- | --- |"]
    defs = schema.get("$defs", {})
    for path, sub, required in fields(schema):
        title = sub.get("title") or "（每一项）"
        need = "每项" if path.endswith("[]") else ("必填" if required else "选填")
        kind = _kind(sub, defs)
        limits = _limits(sub, defs)
        rows.append(
            f"| `{path}` | {_prose(title)} | {need} | {_cell(kind + ('；' + limits if limits else ''))} "
            f"| {_prose(sub.get('description', ''))} | {_example(sub)} |"
        )
    return rows


def render_field_reference() -> str:
    case = schemas.load_schema("case")
    out = [
        "<!-- 本节由 casebook schemadoc --write 根据 scripts/casebook/schema/ 中的 JSON Schema 生成，请不要手工修改。 -->",
        "",
        "### 案例文件 `cases/<编号>.yaml`",
        "",
        _prose(case["description"]),
        "",
        "“必填”指所在的那一层必须写：例如 `practices[].id` 表示每一条做法都要有编号。"
        "列表类字段标着“必填”而没有项数要求的（如 `figures`、`terms`、`related`），没有内容时写 `[]`。",
        "",
        "“类型和要求”一栏中的几种文字（所有文件通用）：",
        "",
        *[f"- **{rule['title']}**：{_prose(rule['description'])}" for rule in case.get("$defs", {}).values()],
        "",
    ]
    out += _table(case)
    # other file formats (training modules ...), then the vocabularies; every schema is documented
    others = [name for name in schemas.SCHEMA_FILES if name != "case" and name not in VOCAB_FILES]
    for name in others + list(VOCAB_FILES):
        schema = schemas.load_schema(name)
        where = f" `cases/vocab/{VOCAB_FILES[name][0]}`" if name in VOCAB_FILES else ""
        out += ["", f"### {schema['title']}{where}", "", _prose(schema["description"]), ""]
        out += _table(schema)
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- embedding


def embed(document: str, generated: str) -> str:
    """``document`` with the text between the markers replaced by ``generated``."""
    if document.count(START) != 1 or document.count(END) != 1 or document.index(START) > document.index(END):
        raise ValueError(f"文档中必须各有一个 {START} 和 {END} 标记，且顺序正确。")
    head, rest = document.split(START, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{START}\n{generated}{END}{tail}"


def pointer_text(guide: str) -> str:
    # The copy sits at the repository root: images of the guide are under docs/.
    return POINTER_HEADER + guide.replace("](assets/", "](docs/assets/")


def expected_files(root: Path) -> dict[Path, str]:
    """The guide and its copy as they should read now."""
    guide_path = root / GUIDE
    guide = embed(guide_path.read_text(encoding="utf-8"), render_field_reference())
    return {guide_path: guide, root / POINTER: pointer_text(guide)}


def main(args: argparse.Namespace) -> int:
    root = Path(getattr(args, "root", None) or ".")
    if not args.write and not args.check:
        sys.stdout.write(render_field_reference())
        return 0
    if not (root / GUIDE).is_file():
        print(f"错误：找不到 {root / GUIDE}。请在案例库仓库根目录运行，或用 --root 指定仓库根目录。", file=sys.stderr)
        return 1
    try:
        wanted = expected_files(root)
    except ValueError as e:
        print(f"错误：{GUIDE}：{e}", file=sys.stderr)
        return 1
    stale = [p for p, text in wanted.items() if not p.is_file() or p.read_text(encoding="utf-8") != text]
    if args.check:
        if stale:
            names = "、".join(p.relative_to(root).as_posix() for p in stale)
            print(f"错误：{names} 与 JSON Schema 不一致（字段说明已过期）。请运行 casebook schemadoc --write 重新生成后提交。", file=sys.stderr)
            return 1
        print("贡献指南中的字段说明与 JSON Schema 一致。")
        return 0
    for path in stale:
        path.write_text(wanted[path], encoding="utf-8")
        print(f"已更新 {path.relative_to(root).as_posix()}")
    if not stale:
        print("贡献指南已是最新，无需更新。")
    return 0
