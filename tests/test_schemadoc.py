"""The contributor guide documents every schema field, and its field reference is up to date."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from casebook.cli import main
from casebook.authoring.schemadoc import END, START, embed, expected_files, render_field_reference
from casebook.load.schemas import SCHEMA_FILES, load_schema

REPO = Path(__file__).resolve().parents[1]
GUIDE = REPO / "docs" / "contributing.md"
POINTER = REPO / "CONTRIBUTING.md"


def field_paths(schema: dict, prefix: str = "") -> list[str]:
    """Every field path of a schema, nested ones included: region.city, practices[].id, groups[] ..."""
    out = []
    for name, sub in schema.get("properties", {}).items():
        out.append(prefix + name)
        out += _below(prefix + name, sub)
    return out


def _below(path: str, sub: dict) -> list[str]:
    if sub.get("type") == "object":
        return field_paths(sub, path + ".")
    items = sub.get("items") or {}
    if sub.get("type") == "array" and items.get("type") == "object":
        return field_paths(items, path + "[].")
    if sub.get("type") == "array" and items.get("type") == "array":
        return [path + "[]"] + _below(path + "[]", items)
    return []


def section(text: str) -> str:
    return text.split(START, 1)[1].split(END, 1)[0]


def test_embedded_reference_matches_the_generator():
    """Like `cog --check`: run `casebook schemadoc --write` when this fails."""
    assert section(GUIDE.read_text(encoding="utf-8")) == "\n" + render_field_reference()
    for path, text in expected_files(REPO).items():
        assert path.read_text(encoding="utf-8") == text, f"{path.name} 已过期：请运行 casebook schemadoc --write"


@pytest.mark.parametrize("name", sorted(SCHEMA_FILES))
def test_every_schema_field_is_documented(name):
    schema = load_schema(name)
    paths = field_paths(schema)
    assert paths
    for doc in (GUIDE, POINTER):
        text = section(doc.read_text(encoding="utf-8"))
        missing = [p for p in paths if f"| `{p}` |" not in text]
        assert not missing, f"{doc.name} 中没有这些字段的说明：{missing}"


def test_nested_fields_are_documented_with_their_schema_text():
    text = section(GUIDE.read_text(encoding="utf-8"))
    case = load_schema("case")
    qualifier = case["properties"]["figures"]["items"]["properties"]["qualifier"]
    row = next(line for line in text.splitlines() if line.startswith("| `figures[].qualifier` |"))
    assert qualifier["title"] in row and qualifier["description"] in row and "`more-than`" in row
    row = next(line for line in text.splitlines() if line.startswith("| `practices[].id` |"))
    assert "做法编号" in row and "| 必填 |" in row


def test_pointer_file_is_the_guide_with_a_header():
    guide = GUIDE.read_text(encoding="utf-8")
    pointer = POINTER.read_text(encoding="utf-8")
    assert pointer.endswith(guide.replace("](assets/", "](docs/assets/"))  # images resolve from the root
    assert "docs/contributing.md" in pointer[: len(pointer) - len(guide)]


def test_guide_covers_the_workflow():
    guide = GUIDE.read_text(encoding="utf-8")
    for needle in ("make new TITLE=", "make import ARTICLE=", "make validate", "make serve", "http://127.0.0.1:8000",
                   "编辑此页", "GitHub Pages", ".gitlab-ci.yml", "make offline", "site/", "casebook schemadoc --write"):
        assert needle in guide, needle


def test_check_and_write(tmp_path, capsys):
    root = tmp_path / "repo"
    (root / "docs").mkdir(parents=True)
    shutil.copy(GUIDE, root / "docs" / "contributing.md")
    shutil.copy(POINTER, root / "CONTRIBUTING.md")
    assert main(["--root", str(root), "schemadoc", "--check"]) == 0

    guide = root / "docs" / "contributing.md"
    guide.write_text(guide.read_text(encoding="utf-8").replace("| `figures[].qualifier` |", "| `figures[].qualifer` |"), encoding="utf-8")
    capsys.readouterr()
    assert main(["--root", str(root), "schemadoc", "--check"]) == 1
    assert "casebook schemadoc --write" in capsys.readouterr().err

    assert main(["--root", str(root), "schemadoc", "--write"]) == 0
    assert main(["--root", str(root), "schemadoc", "--check"]) == 0
    assert guide.read_text(encoding="utf-8") == GUIDE.read_text(encoding="utf-8")


def test_markers_are_required():
    with pytest.raises(ValueError):
        embed("没有标记的文档", "x")
    assert embed(f"a\n{START}\nold\n{END}\nb", "new\n") == f"a\n{START}\nnew\n{END}\nb"
