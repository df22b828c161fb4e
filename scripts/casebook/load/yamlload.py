"""Safe YAML loading that remembers where every value came from.

PyYAML composes the node graph (C parser when available); we build plain
Python values ourselves so that we can reject duplicate keys, anchors and
aliases, and unsupported tags, and record the line and column of every key
and value for error messages. Dates stay strings: the schema decides formats.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..common.problems import Problem

try:  # the C parser is much faster on large trees; same behaviour
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_BYTES = 1_000_000  # a case is a few KB; anything this big is a mistake
MAX_DEPTH = 32  # lists and mappings inside one another; no schema goes deeper than 4
# libyaml's composer recurses in C: some 50,000 nested brackets (100 KB) crash
# the process, and time grows with the square of the depth before that. Each
# level needs one of these marks, so a file with few of them is composed as it
# is; others are first read event by event up to the first level too deep.
_NESTING_MARKS = "[{-?:"
COMPOSE_SAFE = 1000

_T = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_T + "str", _T + "int", _T + "float", _T + "bool", _T + "null", _T + "timestamp"}
_constructor = yaml.constructor.SafeConstructor()

Path_ = tuple  # a location inside the document: ("practices", 0, "id")


@dataclass
class LoadedYaml:
    data: Any = None
    value_pos: dict[tuple, tuple[int, int]] = field(default_factory=dict)
    key_pos: dict[tuple, tuple[int, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    dropped: set[tuple] = field(default_factory=set)  # values left out (None) after a problem, so not reported again
    path: Path | None = None  # the file, to read positions again after forget_positions()

    def forget_positions(self) -> None:
        """Drop the positions of a file that loaded cleanly: at 10,000 cases they
        are 60 % of the project's memory, and only a cross-reference problem
        needs one again (``where`` then reads the file once more)."""
        if self.path is not None:
            self.value_pos, self.key_pos = {}, {}

    def where(self, path: tuple, *, key: bool = False) -> tuple[int, int]:
        """Line and column of ``path``, falling back to the nearest parent."""
        if not self.value_pos and self.path is not None:
            again = load_yaml_file(self.path, "")
            self.value_pos, self.key_pos = again.value_pos, again.key_pos
        table = self.key_pos if key else self.value_pos
        p = tuple(path)
        while p:
            if p in table:
                return table[p]
            if p in self.value_pos:
                return self.value_pos[p]
            p = p[:-1]
        return self.value_pos.get((), (1, 1))


def load_yaml_file(path: Path, rel: str) -> LoadedYaml:
    """Load one YAML file; problems are collected, never raised."""
    out = LoadedYaml(path=path)

    def problem(line: int, col: int, msg: str) -> LoadedYaml:
        out.problems.append(Problem(rel, line, col, msg))
        return out

    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return problem(1, 1, f"文件太大（{size} 字节，上限 {MAX_BYTES} 字节）。一个案例文件通常只有几千字节，请检查是否误粘贴了整篇文章或二进制内容。")
        raw = path.read_bytes()
    except OSError as e:
        return problem(1, 1, f"无法读取文件：{e.strerror}。请检查文件是否存在、是否有读取权限。")
    return load_yaml_bytes(raw, rel, out)


def load_yaml_bytes(raw: bytes, rel: str, out: LoadedYaml | None = None) -> LoadedYaml:
    out = out or LoadedYaml()

    def problem(line: int, col: int, msg: str) -> LoadedYaml:
        out.problems.append(Problem(rel, line, col, msg))
        return out

    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        before = raw[: e.start]
        line = before.count(b"\n") + 1
        col = len(before.rsplit(b"\n", 1)[-1].decode("utf-8", "replace")) + 1
        return problem(line, col, "文件不是 UTF-8 编码（可能是 GBK）。请用编辑器把文件另存为 UTF-8 编码。")
    if "\x00" in text:
        return problem(1, 1, "文件含有空字符（\\0），不是文本文件。请检查文件是否损坏。")
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        return problem(1, 1, "文件是空的。请按 cases/ 中已有案例或 make new 生成的模板填写内容。")

    deep = _too_deep(text)
    if deep is not None:
        return problem(*deep, _DEPTH_MESSAGE)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as e:
        return problem(*syntax_error(e))
    except yaml.YAMLError as e:  # e.g. a reader error on a control character
        return problem(1, 1, f"YAML 无法解析（{e}）。请删除文件中的控制字符或不可见字符。")
    if node is None:
        return problem(1, 1, "文件是空的。请按 cases/ 中已有案例或 make new 生成的模板填写内容。")
    if not isinstance(node, yaml.MappingNode):
        return problem(node.start_mark.line + 1, node.start_mark.column + 1, "文件顶层必须是“字段: 值”形式的映射（例如以 id: 开头），现在不是。")

    seen: set[int] = set()
    out.data = _build(node, (), out, rel, seen)
    return out


# What was left open when the parser gave up, by the words of PyYAML's context.
_OPENED = (
    ("quoted scalar", "引号未闭合：从第 {line} 行第 {col} 列开始的带引号的文字缺少结尾的引号"
     "（文字中要用英文双引号时写成 \\\"，或改用中文引号“”）"),
    ("flow sequence", "方括号未闭合：从第 {line} 行第 {col} 列开始的 [ … ] 缺少结尾的 ]，或两项之间缺少逗号"),
    ("flow mapping", "花括号未闭合：从第 {line} 行第 {col} 列开始的 { … } 缺少结尾的 }，或两项之间缺少逗号"),
    ("block scalar", "从第 {line} 行第 {col} 列开始的多行文字（| 或 >）缩进不一致"),
)


def syntax_error(e: yaml.MarkedYAMLError) -> tuple[int, int, str]:
    """(line, column, message) of a syntax error.

    PyYAML gives up where the damage shows (an unclosed quote is only noticed
    at the end of the file), but its context mark says where the broken
    scalar or bracket began: that is where the mistake is, so it comes first,
    and the message names both places.
    """
    detail = " ".join(x for x in (e.context, e.problem) if x)
    start, fail = e.context_mark, e.problem_mark
    for words, what in _OPENED:
        if start and e.context and words in e.context:
            opened = what.format(line=start.line + 1, col=start.column + 1)
            where = f"解析器读到第 {fail.line + 1} 行第 {fail.column + 1} 列才发现出错" if fail else "解析器读到文件末尾才发现出错"
            return start.line + 1, start.column + 1, f"YAML 语法错误：{opened}；{where}（{detail}）。请在第 {start.line + 1} 行补上缺少的符号。"
    mark = fail or start
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    also = ""
    if start and fail and start.line != fail.line and "single document" not in (e.context or ""):
        also = f"出错的结构从第 {start.line + 1} 行第 {start.column + 1} 列开始；"
    if "tab" in (e.problem or "").lower() or "\\t" in (e.problem or ""):
        return line, col, f"YAML 语法错误（{detail}）。第 {line} 行用了 Tab 字符缩进，YAML 只能用空格缩进：请把 Tab 换成空格。"
    return line, col, f"YAML 语法错误（{detail}）。{also}常见原因：冒号后缺空格、缩进不一致、引号未闭合、一个文件里有多个文档（---）。"


_DEPTH_MESSAGE = f"列表和映射嵌套太深（超过 {MAX_DEPTH} 层）。案例文件最多嵌套 4 层，请检查是否多写了方括号 [ 或缩进错乱。"


def _too_deep(text: str) -> tuple[int, int] | None:
    """Line and column where nesting first goes past MAX_DEPTH, when the file
    could nest deeper than the composer can take (see COMPOSE_SAFE)."""
    if sum(text.count(mark) for mark in _NESTING_MARKS) <= COMPOSE_SAFE:
        return None  # _build reports anything deeper than MAX_DEPTH
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    return event.start_mark.line + 1, event.start_mark.column + 1
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return None  # compose reports it, at the same shallow place
    return None


def _pos(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


_STR = _T + "str"
_NUMBER_TAGS = {_T + "int", _T + "float"}
_PLAIN_NUMBER = re.compile(r"[-+]?(?:0|[1-9][0-9]*)(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?|[-+]?\.[0-9]+(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)")
MAX_DIGITS = 100


def _unusual_number(text: str) -> str | None:
    """Why a number written this way would not be read as written, or None.

    PyYAML reads YAML 1.1, where 1:20 is 80 (base 60), 0100 is 64 (octal),
    0x1F hexadecimal and 1_000 a thousand; editors read YAML 1.2, where most
    of these are text. Only plain decimal numbers mean the same to both."""
    if len(text) > MAX_DIGITS:
        return f"数字太长（{len(text)} 位）。请检查是否误粘贴了别的内容；确实要写这串数字时给它加上引号。"
    if _PLAIN_NUMBER.fullmatch(text):
        return None
    return (f"“{text}”会被 YAML 读成别的数（冒号按六十进制、0 开头按八进制、0x 按十六进制、下划线被忽略）。"
            "照来源写普通的十进制数字（如 80、1000、12.5）；要保留原样（如比例 1:20）就给它加上引号。")


_CONTAINER_TAGS = {yaml.MappingNode: _T + "map", yaml.SequenceNode: _T + "seq"}


def _build(node: yaml.Node, path: tuple, out: LoadedYaml, rel: str, seen: set[int]) -> Any:
    # Runs once per node of every case file (about 140 each): plain strings,
    # most of the nodes, take the shortest way through.
    mark = node.start_mark
    out.value_pos[path] = (mark.line + 1, mark.column + 1)
    if id(node) in seen:
        # The composer hands back the same node object for an alias; refusing
        # aliases outright also makes alias bombs impossible.
        line, col = _pos(node)
        out.problems.append(Problem(rel, line, col, "不支持 YAML 锚点和别名（& 与 *）。请把内容直接写出来。"))
        out.dropped.add(path)
        return None
    seen.add(id(node))
    tag = node.tag
    if tag == _STR and type(node) is yaml.ScalarNode:
        return node.value

    allowed = _CONTAINER_TAGS.get(type(node))
    if (allowed and tag != allowed) or (not allowed and tag not in _SCALAR_TAGS):
        line, col = _pos(node)
        out.problems.append(Problem(rel, line, col, f"不支持的 YAML 标签 {tag}。请删除以 ! 开头的标签，只写普通的值。"))
        out.dropped.add(path)
        return None
    if allowed and len(path) >= MAX_DEPTH:
        line, col = _pos(node)
        out.problems.append(Problem(rel, line, col, _DEPTH_MESSAGE))
        out.dropped.add(path)
        return None

    if allowed == _T + "map":
        result: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            line, col = _pos(key_node)
            if key_node.tag == _T + "merge":
                out.problems.append(Problem(rel, line, col, "不支持 YAML 合并键（<<）。请把字段直接写出来。"))
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                out.problems.append(Problem(rel, line, col, "字段名必须是简单的文字，不能是列表或映射。"))
                continue
            key = key_node.value
            if key in first_line:
                out.problems.append(Problem(rel, line, col, f"字段 {key} 重复出现（第一次在第 {first_line[key]} 行）。请删除或合并其中一处。"))
                continue
            first_line[key] = line
            out.key_pos[path + (key,)] = (line, col)
            result[key] = _build(value_node, path + (key,), out, rel, seen)
        return result
    if allowed:
        return [_build(child, path + (i,), out, rel, seen) for i, child in enumerate(node.value)]

    if tag == _T + "timestamp":
        return node.value  # keep dates as written; the schema checks the format
    if tag in _NUMBER_TAGS:
        unusual = _unusual_number(node.value)
        if unusual:
            line, col = _pos(node)
            out.problems.append(Problem(rel, line, col, unusual))
            out.dropped.add(path)
            return None
    try:
        return _constructor.construct_object(node)
    except (yaml.YAMLError, ValueError) as e:  # pragma: no cover - resolver guards most
        line, col = _pos(node)
        out.problems.append(Problem(rel, line, col, f"无法读取这个值（{e}）。"))
        out.dropped.add(path)
        return None
