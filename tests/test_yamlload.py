"""The YAML loader: positions, duplicate keys, encodings and hostile input."""

import time
from pathlib import Path

from casebook.load.yamlload import MAX_BYTES, load_yaml_bytes, load_yaml_file


REPO = Path(__file__).resolve().parents[1]


def load(text: str | bytes):
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return load_yaml_bytes(raw, "cases/x.yaml")


def only_problem(loaded):
    assert len(loaded.problems) == 1, loaded.problems
    return loaded.problems[0]


def test_values_and_positions_are_recorded():
    loaded = load("id: a\npractices:\n  - id: p1\n    name: 名称\n")
    assert loaded.problems == []
    assert loaded.data == {"id": "a", "practices": [{"id": "p1", "name": "名称"}]}
    assert loaded.where(("practices", 0, "name")) == (4, 11)
    assert loaded.where(("practices", 0, "name"), key=True) == (4, 5)
    # A path that does not exist falls back to its nearest parent.
    assert loaded.where(("practices", 0, "missing")) == (3, 5)


def test_dates_stay_strings_and_numbers_keep_precision():
    loaded = load("date: 2011-06-20\nvalue: 476.6\ncount: 127\n")
    assert loaded.data == {"date": "2011-06-20", "value": 476.6, "count": 127}


def test_duplicate_key_is_reported_at_the_second_occurrence():
    p = only_problem(load("id: a\ntitle: 一\ntitle: 二\n"))
    assert (p.line, p.column) == (3, 1)
    assert "title 重复出现（第一次在第 2 行）" in p.message


def test_every_duplicate_in_a_file_is_reported():
    loaded = load("a: 1\na: 2\nb:\n  c: 1\n  c: 2\n")
    assert [(p.line, p.column) for p in loaded.problems] == [(2, 1), (5, 3)]


def test_not_utf8_names_the_line():
    raw = "id: a\ntitle: 组织工作\n".encode("gbk")
    p = only_problem(load(raw))
    assert p.line == 2 and "UTF-8" in p.message and "另存为" in p.message


def test_utf8_bom_is_accepted():
    assert load("\ufeffid: a\n".encode("utf-8")).data == {"id": "a"}


def test_empty_and_comment_only_files():
    for text in ("", "   \n", "# 只有注释\n"):
        assert "文件是空的" in only_problem(load(text)).message


def test_top_level_must_be_a_mapping():
    p = only_problem(load("- a\n- b\n"))
    assert "映射" in p.message and p.line == 1


def test_syntax_error_has_line_and_hint():
    p = only_problem(load("id: a\ntitle: \"未闭合\nsummary: x\n"))
    assert p.line >= 2 and "YAML 语法错误" in p.message and "引号未闭合" in p.message


def test_unclosed_quote_is_reported_where_it_opens():
    """PyYAML notices an unclosed quote only at the end of the file; the report points at the quote."""
    text = "id: a\nsummary: x\nbackground: x\ntitle: \"未闭合的标题\n" + "".join(f"k{i}: v\n" for i in range(170))
    p = only_problem(load(text))
    assert (p.line, p.column) == (4, 8)
    assert "从第 4 行第 8 列开始" in p.message and "引号未闭合" in p.message
    assert "第 175 行" in p.message  # where the parser gave up is named too


def test_unclosed_bracket_is_reported_where_it_opens():
    p = only_problem(load("id: a\nterms: [三项制度, 书记接待\nsummary: x\ntitle: y\n"))
    assert (p.line, p.column) == (2, 8) and "方括号未闭合" in p.message and "第 3 行" in p.message


def test_bad_indentation_names_the_line_and_the_block():
    p = only_problem(load("id: a\npractices:\n  - id: x\n    name: y\n   description: z\n"))
    assert p.line == 5 and "从第 3 行第 3 列开始" in p.message and "缩进不一致" in p.message


def test_tab_indentation_says_so():
    p = only_problem(load("id: a\n\ttitle: b\n"))
    assert p.line == 2 and "Tab" in p.message


def test_multiple_documents_are_a_syntax_error():
    p = only_problem(load("id: a\n---\nid: b\n"))
    assert "多个文档" in p.message


def test_alias_bomb_is_rejected_quickly():
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 9):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]")
    start = time.perf_counter()
    loaded = load("\n".join(lines) + "\n")
    assert time.perf_counter() - start < 5
    assert loaded.problems and all("锚点和别名" in p.message for p in loaded.problems)


def test_python_tags_are_refused():
    p = only_problem(load("id: !!python/object/apply:os.system ['echo hi']\n"))
    assert "不支持的 YAML 标签" in p.message


def test_merge_keys_are_refused():
    loaded = load("base: &b {x: 1}\nother:\n  <<: *b\n")
    assert any("合并键" in p.message for p in loaded.problems)


def test_huge_file_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_bytes(b"a: " + b"x" * (MAX_BYTES + 10) + b"\n")
    p = only_problem(load_yaml_file(path, "cases/big.yaml"))
    assert "文件太大" in p.message


def test_nul_bytes_are_refused():
    assert "空字符" in only_problem(load(b"id: a\x00\n")).message


def test_positions_of_a_clean_case_are_read_again_when_needed(tmp_path):
    """issue #8: a valid case keeps no positions in memory (60 % of a large
    project's), yet a later cross-reference problem still names its line."""
    from casebook.load.project import load_case

    src = REPO / "tests" / "fixtures" / "project" / "cases"
    path = sorted(src.glob("*.yaml"))[0]
    case, problems = load_case(path, src.parent)
    assert case is not None and not problems
    assert case.loaded.value_pos == {}
    line = next(n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text.startswith("themes:"))
    assert case.loaded.where(("themes",), key=True) == (line, 1)


def test_cases_read_by_a_worker_equal_those_read_here(tmp_path, monkeypatch):
    """issue #8: with many new files a forked worker reads half and hands them back."""
    from casebook.load import load_project, project

    root = REPO / "tests" / "fixtures" / "search_project"
    monkeypatch.setenv("CASEBOOK_CACHE", "0")
    alone = load_project(root)
    monkeypatch.delenv("CASEBOOK_CACHE")
    monkeypatch.setenv("CASEBOOK_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(project, "PARALLEL_MIN", 2)
    shared = load_project(root)
    assert [(c.id, c.data, c.rel) for c in shared.cases] == [(c.id, c.data, c.rel) for c in alone.cases]
    assert shared.problems == alone.problems
    assert len(list(tmp_path.rglob("*"))) > len(alone.cases)  # both processes stored what they read


def test_the_load_cache_gives_what_a_fresh_read_gives_and_follows_edits(tmp_path, monkeypatch):
    """Cold (two processes), warm, and after an edit, a cached load is a fresh one."""
    import shutil

    from casebook.load import load_project, project

    root = tmp_path / "p"
    shutil.copytree(REPO / "tests" / "fixtures" / "search_project", root)
    monkeypatch.setenv("CASEBOOK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(project, "PARALLEL_MIN", 2)

    def cases():
        return [(c.id, c.data, c.rel) for c in load_project(root).cases]

    cold = cases()
    assert cases() == cold  # warm
    path = sorted((root / "cases").glob("*.yaml"))[0]
    path.write_text(path.read_text(encoding="utf-8").replace("title: ", "title: 改过的", 1), encoding="utf-8")
    edited = cases()
    assert edited != cold and any(data["title"].startswith("改过的") for _, data, _ in edited)
    monkeypatch.setenv("CASEBOOK_CACHE", "0")
    assert cases() == edited


def test_deep_nesting_is_a_message_not_a_crash():
    """issue #20: 500 levels raised RecursionError; 100,000 nested brackets
    (200 KB) crashed the process inside libyaml's composer."""
    from casebook.load.yamlload import MAX_DEPTH

    flow = lambda n: "id: a\nx: " + "[" * n + "]" * n + "\n"  # noqa: E731
    block = "id: a\nx:\n" + "".join(" " * (2 * i) + "-\n" for i in range(600))
    compact = "id: a\nx:\n" + "- " * 600 + "z\n"
    for text, line in ((flow(MAX_DEPTH + 1), 2), (flow(500), 2), (flow(100_000), 2), (block, 2 + MAX_DEPTH), (compact, 3)):
        start = time.perf_counter()
        p = only_problem(load(text))
        assert time.perf_counter() - start < 5
        assert "嵌套太深" in p.message and p.line == line, (p, text[:40])
    assert load(flow(MAX_DEPTH - 2)).problems == []


def test_numbers_yaml_would_change_are_refused():
    """YAML 1.1 reads 1:20 as 80, 0100 as 64, 0x1F as 31; editors (YAML 1.2) read them otherwise."""
    for written in ("1:20", "0100", "0x1F", "1_000", "190:20:30.15"):
        p = only_problem(load(f"id: a\nvalue: {written}\n"))
        assert (p.line, p.column) == (2, 8) and f"“{written}”会被 YAML 读成别的数" in p.message and "加上引号" in p.message
    assert load('id: a\nvalue: "1:20"\n').data["value"] == "1:20"
    for plain, value in (("127", 127), ("-3", -3), ("0", 0), ("476.6", 476.6), ("1.5e+3", 1500.0), ("0.5", 0.5)):
        assert load(f"value: {plain}\n").data == {"value": value}


def test_a_number_too_long_is_one_message():
    loaded = load("id: a\nvalue: " + "9" * 5000 + "\n")
    assert "数字太长（5000 位）" in only_problem(loaded).message
    assert ("value",) in loaded.dropped
