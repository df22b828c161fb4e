"""casebook fmt: one canonical layout that never changes a value."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from casebook.authoring import fmt, yamlwrite
from casebook.load.yamlload import load_yaml_bytes

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "tests" / "fixtures" / "project"

# Strings a careless writer would get wrong: YAML keywords, numbers, dates,
# indicators, escapes, invisible characters, line breaks of every kind.
TRICKY = [
    "", " ", "yes", "No", "ON", "off", "y", "n", "~", "null", "Null", "true", "False", "=", "<<",
    "127", "-3", "+1", "0x1F", "0o17", "017", "1_000", "1:20", "1:20.5", "3.14", ".5", "1e3", "1E+3",
    ".inf", "-.Inf", ".NaN", "2024-05-11", "2024-5-1", "2001-12-14t21:59:43.10-05:00", "2001-12-14 21:59:43",
    "- item", "? key", ": x", "#tag", "&anchor", "*alias", "!tag", "|block", ">fold", "'q", '"q', "%dir",
    "@at", "`tick", "a: b", "a #b", "a#b", "ends:", "a, b", "[x]", "{x}", "x]", "tab\there", "back\\slash",
    "trailing ", " leading", "nbsp\u00a0inside", "zero\u200bwidth", "bom\ufeffin", "ctrl\x07", "del\x7f",
    "line\u2028sep", "3年来提拔重用183人", "89.1%具有基层工作经历", "“三项制度”", "重庆市", "　全角空格开头",
    "one\ntwo", "one\ntwo\n", "one\ntwo\n\n", "one\n\ntwo\n", "\nleading break", "  indented\nsecond",
    "first\n  indented second\n", "trailing space \nline", "tab\tin\nblock", "only\n", "\n", "\n\n",
    "cr\r\nlf", "# looks like a comment\nsecond line", "- looks like a list\n", "a\u0085b",
]


def _reload(text: str):
    loaded = load_yaml_bytes(text.encode("utf-8"), "t.yaml")
    assert not loaded.problems, (text, loaded.problems)
    return loaded.data


@pytest.mark.parametrize("flow", [False, True])
def test_tricky_strings_read_back_unchanged(flow):
    schema = {"properties": {"a": {}, "items": {"items": {}}}}
    for value in TRICKY:
        data = {"a": value, "items": [value, "x"], "nested": {"b": [{"c": value, "d": "e"}]}}
        text = yamlwrite.dump(data, schema, ["# header"], flow)
        assert fmt.same(_reload(text), data), (value, text)
        # PyYAML's own reader (YAML 1.1 resolvers, timestamps included) agrees.
        assert yaml.safe_load(text) == data, (value, text)


def test_numbers_and_plain_values():
    data = {"i": 127, "f": 476.6, "whole": 127.0, "neg": -0.5, "big": 1.5e20, "t": True, "nothing": None, "e": [], "m": {}}
    text = yamlwrite.dump(data, {}, [])
    assert text.splitlines() == ["i: 127", "f: 476.6", "whole: 127", "neg: -0.5", "big: 1.5e+20", "t: true", "nothing: null", "e: []", "m: {}"]
    assert fmt.same(_reload(text), data)
    assert not fmt.same(True, 1) and not fmt.same("1", 1) and fmt.same(127, 127.0)


def _all_files(root: Path) -> list[Path]:
    return fmt.project_files(root)


@pytest.mark.parametrize("root", [REPO, FIXTURE], ids=["repo", "fixture"])
def test_every_file_round_trips_and_is_idempotent(root):
    files = _all_files(root)
    assert len(files) >= 5
    for path in files:
        rel = path.relative_to(root).as_posix()
        kind = fmt.kind_of(rel)
        assert kind is not None, rel
        result = fmt.format_text(path.read_bytes(), rel, kind)
        assert not result.problems, result.problems
        assert fmt.same(_reload(result.canonical), _reload(path.read_text(encoding="utf-8"))), rel
        again = fmt.format_text(result.canonical.encode("utf-8"), rel, kind)
        assert again.canonical == result.canonical, rel


def test_repository_files_are_canonical():
    """The CI check: make fmt-check (casebook fmt --check) passes on the repository."""
    results, problems = fmt.run(REPO, None, check=True)
    assert not problems, "\n".join(map(str, problems))
    assert {r.rel for r in results} >= {"cases/vocab/themes.yaml", "modules/ganbu-kaohe-yu-jiaoliu.yaml"}


def test_layout_follows_schema_order_and_header(tmp_path):
    root = tmp_path / "book"
    shutil.copytree(FIXTURE, root)
    case = sorted((root / "cases").glob("*.yaml"))[0]
    data = _reload(case.read_text(encoding="utf-8"))
    # Reverse the key order and drop the schema line: fmt restores both.
    messy = "# 维护者写的说明\n" + yaml.safe_dump(dict(reversed(list(data.items()))), allow_unicode=True, width=1000)
    case.write_text(messy, encoding="utf-8")
    _, problems = fmt.run(root, [case], check=False)
    assert not problems
    text = case.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == "# yaml-language-server: $schema=../scripts/casebook/schema/case.schema.json"
    assert lines[1] == "# 维护者写的说明"
    assert lines[2].startswith("id: ")
    assert fmt.same(_reload(text), data)


def test_comments_inside_are_refused_with_their_line(tmp_path):
    root = tmp_path / "book"
    shutil.copytree(FIXTURE, root)
    case = sorted((root / "cases").glob("*.yaml"))[0]
    lines = case.read_text(encoding="utf-8").splitlines()
    lines.insert(4, "# 一条写在中间的说明")
    lines[6] = lines[6] + "  # 行尾注释"
    text = "\n".join(lines) + "\n"
    case.write_text(text, encoding="utf-8")
    _, problems = fmt.run(root, [case], check=False)
    assert [(p.line, p.column) for p in problems] == [(5, 1), (7, len(lines[6]) - len("# 行尾注释") + 1)]
    assert all("注释" in p.message and p.path.startswith("cases/") for p in problems)
    assert case.read_text(encoding="utf-8") == text  # left alone


def test_hash_inside_strings_is_not_a_comment():
    text = 'a: "x # y"\nb: |\n  line\n  # not a comment\nc: x#y\n'
    assert fmt.comment_lines(text, 0) == []
    assert fmt.comment_lines(text + "d: 1 # yes\n", 0) == [(6, 6)]


def test_check_reports_file_and_line_and_exit_code(tmp_path):
    root = tmp_path / "book"
    shutil.copytree(FIXTURE, root)
    case = sorted((root / "cases").glob("*.yaml"))[0]
    fmt.run(root, [case], check=False)
    text = case.read_text(encoding="utf-8")
    first_key = next(i for i, ln in enumerate(text.splitlines(), 1) if ln.startswith("title:"))
    case.write_text(text.replace("\ntitle: ", "\ntitle:    ", 1), encoding="utf-8")
    cmd = [sys.executable, "-m", "casebook.cli", "--root", str(root), "fmt", "--check"]
    out = subprocess.run(cmd, capture_output=True, text=True)
    assert out.returncode == 1
    rel = f"cases/{case.name}"
    assert f"{rel}:{first_key}:1: 不是规范格式" in out.stderr
    assert case.read_text(encoding="utf-8") != text  # --check wrote nothing
    fixed = subprocess.run(cmd[:-1], capture_output=True, text=True)
    assert fixed.returncode == 0, fixed.stderr
    assert case.read_text(encoding="utf-8") == text
    assert subprocess.run(cmd + [str(case)], capture_output=True, text=True).returncode == 0


def test_unknown_and_broken_files_get_messages(tmp_path):
    root = tmp_path / "book"
    shutil.copytree(FIXTURE, root)
    bad = root / "cases" / "broken.yaml"
    bad.write_text("id: [unclosed\n", encoding="utf-8")
    other = root / "notes.yaml"
    other.write_text("a: 1\n", encoding="utf-8")
    _, problems = fmt.run(root, [bad, other], check=False)
    messages = {p.path: p.message for p in problems}
    assert "YAML" in messages["cases/broken.yaml"]
    assert "fmt 只整理" in messages["notes.yaml"]
    assert bad.read_text(encoding="utf-8") == "id: [unclosed\n"


def test_many_comments_are_summed_up():
    """An importer draft carries a hundred comments: the first few by line, then a count."""
    lines = ["# yaml-language-server: $schema=../scripts/casebook/schema/case.schema.json", "id: x"]
    for i in range(12):
        lines += [f"# 提示 {i}", f"k{i}: v"]
    result = fmt.format_text("\n".join(lines).encode("utf-8"), "cases/x.yaml", fmt.CASE)
    assert result.canonical is None
    assert [p.line for p in result.problems] == [3, 5, 7, 9, 11, 13]
    assert "还有 7 条注释（共 12 条）" in result.problems[-1].message
