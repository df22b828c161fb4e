"""``casebook new``: write a new case file generated from the case schema.

The field list, the comments and the placeholders all come from
``schema/case.schema.json``; nothing here names a case field. The importer's
draft writer (``importer/draft.py``) uses :func:`render_case` too, so a new
field added to the schema shows up in both without touching this module.

Placeholder rules, all derived from schema keywords:

* a required field gets a live placeholder (``""``, ``null``, ``{}`` or one
  placeholder item); where the schema forbids an empty value the file fails
  ``casebook validate`` at that line until the maintainer fills it in;
* an optional field is written commented out, ready to be un-commented;
* an object with ``minProperties`` but no required properties (``period``)
  gets its first properties as live placeholders;
* an array of objects with ``minItems`` gets one placeholder item that shows
  its structure; any other array gets ``[]`` (failing ``minItems`` where the
  schema sets it), and an array of objects that may be empty is followed by a
  commented-out item template.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import functools
import json
import logging
import re
import sys
from pathlib import Path
from typing import Any

from ..load import schemas

SCHEMA_LINE = "# yaml-language-server: $schema=../scripts/casebook/schema/case.schema.json"
MAX_ID_SYLLABLES = 6
INDENT = "  "

Lines = list[str]


# --------------------------------------------------------------------------- rendering


def case_schema() -> dict:
    return schemas.load_schema("case")


def render_case(
    values: dict | None = None,
    notes: dict[str, list[str]] | None = None,
    after: dict[str, list[str]] | None = None,
    item_notes: dict[str, list[list[str]]] | None = None,
    flow_items: frozenset[str] = frozenset(),
) -> str:
    """The text of a case file: every schema field, each after its comment.

    ``values`` fills fields (nested dicts and lists allowed); everything else
    gets a placeholder. ``notes`` maps a top-level field name to extra comment
    lines (without ``#``) written just before that field, after its schema
    comment; ``after`` to comment lines written after the field. The importer
    uses them for its proposals. ``item_notes`` maps a top-level list field to
    comment lines for each of its items (the importer quotes the source of
    each proposed practice and figure there). Items of the list fields named
    in ``flow_items`` are written one per line (``- {label: "", value: 12}``).
    """
    schema = case_schema()
    lines = [
        SCHEMA_LINE,
        f"# {schema['title']}：{schema['description']}",
        "# 每个字段上方的注释说明怎么填；标着“必填”的字段填好之前，make validate 会指出它所在的行。",
        "# 选填字段以注释形式列出：需要时去掉行首的“# ”再填写，不需要就保持原样或删掉。",
    ]
    lines += _object_body(schema, values or {}, 0, notes or {}, after or {}, item_notes or {}, flow_items)
    return "\n".join(lines).rstrip("\n") + "\n"


def field_comment(name: str, sub: dict, required: bool) -> Lines:
    """Comment lines for one field: title, required or not, description, example."""
    need = "必填" if required else "选填"
    if required and sub.get("type") == "array" and not sub.get("minItems"):
        need = "必填，没有就写 []"
    out = [f"# {sub.get('title', name)}（{name}，{need}）：{sub.get('description', '')}".rstrip("：")]
    examples = sub.get("examples")
    if examples:
        out.append(f"#   例如：{_inline(examples[0])}")
    return out


def _inline(value: Any) -> str:
    """A value as it would be written on one line of YAML (JSON is valid YAML)."""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def scalar(value: Any) -> str:
    """One YAML scalar, quoted so that it always reads back as the same value."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return json.dumps(value)
    return json.dumps(str(value), ensure_ascii=False)


def _object_body(
    schema: dict, values: dict, depth: int, notes: dict[str, list[str]], after: dict[str, list[str]] | None = None,
    item_notes: dict[str, list[list[str]]] | None = None, flow_items: frozenset[str] = frozenset(),
) -> Lines:
    pad = INDENT * depth
    props = schema.get("properties", {})
    required = set(schema.get("required", []))
    live = set(required)
    # minProperties without required properties: keep that many live placeholders
    missing_live = schema.get("minProperties", 0) - len(required)
    for name in props:
        if missing_live <= 0:
            break
        if name not in live:
            live.add(name)
            missing_live -= 1
    out: Lines = []
    for name, sub in props.items():
        comment = field_comment(name, sub, name in required)
        if depth == 0:
            out.append("")
        out += [pad + c for c in comment]
        out += [pad + "# " + n if n else pad + "#" for n in notes.get(name, [])]
        if name in values:
            out += _field(name, sub, values[name], depth, has_value=True, item_notes=(item_notes or {}).get(name), flow_items=name in flow_items)
        elif name in live:
            out += _field(name, sub, None, depth, has_value=False)
        else:
            out += [_comment_out(line, pad) for line in _field(name, sub, None, depth, has_value=False, optional=True)]
        out += [pad + "# " + n if n else pad + "#" for n in (after or {}).get(name, [])]
    return out


def _comment_out(line: str, pad: str) -> str:
    body = line[len(pad):] if line.startswith(pad) else line.lstrip()
    return f"{pad}# {body}"


def _field(
    name: str, sub: dict, value: Any, depth: int, *, has_value: bool, optional: bool = False,
    item_notes: list[list[str]] | None = None, flow_items: bool = False,
) -> Lines:
    pad = INDENT * depth
    kind = sub.get("type")
    if kind == "object":
        body = _object_body(sub, value if isinstance(value, dict) else {}, depth + 1, {})
        if optional and not has_value:
            return [f"{pad}{name}: {{}}"]
        return [f"{pad}{name}:"] + body
    if kind == "array":
        return _array(name, sub, value, depth, has_value=has_value, optional=optional, item_notes=item_notes, flow_items=flow_items)
    if not has_value:
        value = placeholder(sub)
    return _scalar_field(name, value, depth)


def _scalar_field(name: str, value: Any, depth: int) -> Lines:
    pad = INDENT * depth
    if isinstance(value, str) and "\n" in value.strip("\n"):
        block = [f"{pad}{name}: |"]
        block += [(pad + INDENT + ln) if ln else "" for ln in value.strip("\n").split("\n")]
        return block
    return [f"{pad}{name}: {scalar(value)}"]


def placeholder(sub: dict) -> Any:
    """The empty value for a field: fails validation wherever empty is not allowed."""
    kind = sub.get("type")
    if kind == "string":
        return ""
    if kind in ("integer", "number"):
        return None
    if kind == "array":
        return []
    if kind == "object":
        return {}
    return None


def _array(
    name: str, sub: dict, value: Any, depth: int, *, has_value: bool, optional: bool,
    item_notes: list[list[str]] | None = None, flow_items: bool = False,
) -> Lines:
    pad = INDENT * depth
    items = sub.get("items", {})
    if has_value:
        if not value:
            return [f"{pad}{name}: []"]
        out = [f"{pad}{name}:"]
        for i, item in enumerate(value):
            notes = item_notes[i] if item_notes and i < len(item_notes) else []
            out += [f"{pad}{INDENT}# {n}" if n else f"{pad}{INDENT}#" for n in notes]
            out += [f"{pad}{INDENT}- {flow(item)}"] if flow_items and isinstance(item, dict) else render_item(items, item, depth + 1)
        return out
    if optional:
        return [f"{pad}{name}: []"]
    if sub.get("minItems", 0) > 0 and items.get("type") == "object":
        # one placeholder item shows the structure and fails until filled in
        return [f"{pad}{name}:"] + render_item(items, None, depth + 1)
    out = [f"{pad}{name}: []"]
    if items.get("type") == "object":
        out.append(f"{pad}# 每一项的格式如下：需要时把上面的 [] 删掉，再把下面各行行首的“# ”去掉后填写。")
        out += [_comment_out(line, pad) for line in render_item(items, None, depth)]
    return out


def flow(value: dict) -> str:
    """A mapping on one line, in YAML flow style: {label: "", value: 127}."""
    return "{" + ", ".join(f"{k}: {scalar(v)}" for k, v in value.items()) + "}"


def render_item(items: dict, value: Any, depth: int) -> Lines:
    """One list item (``- ...``) at ``depth``; ``value`` None gives the placeholder item."""
    pad = INDENT * depth
    if items.get("type") == "object":
        body = _object_body(items, value or {}, depth + 1, {})
        # the first line of the item carries the dash: "- # comment" is valid YAML
        first = body[0][len(pad + INDENT):]
        return [f"{pad}- {first}"] + body[1:]
    if value is None:
        value = placeholder(items)
    return [f"{pad}- {scalar(value)}"]


# --------------------------------------------------------------------------- ids


def id_pattern() -> re.Pattern[str]:
    return re.compile(case_schema()["properties"]["id"]["pattern"])


# Words that say what was done in general, not which case this is: dropped
# first when the id must be cut (建立干部夜访制度 keeps 夜访, not 建立).
GENERIC_WORDS = frozenset(
    """建立 建设 开展 推进 推动 推行 推广 实施 实行 加强 强化 探索 创新 完善 健全 深化 构建 打造 提升 提高 做好 抓好 落实
    坚持 着力 全面 扎实 积极 持续 不断 进一步 大力 切实 深入 广泛 有效 认真 努力 注重 聚焦 围绕 创建 开创 狠抓 用好 做实
    如何 关于 浅谈 浅析 试论 探析 初探 研究 分析 思考 对策 实践 做法 经验 启示 体会 举措 路径 新 好 大 多
    凸显 彰显 显现 示范 效应 成效 成果 亮点 特色 取得 明显 显著 初见成效 见实效 新路 新篇章 新局面
    的 地 得 在 和 与 及 以 为 对 把 将 让 使 中 等 了 着 之 其 从 向 于 由 是 有 并 又 也 上 下 里""".split()
)
WEAK_WORDS = frozenset("工作 机制 制度 体系 模式 活动 工程 行动 方式 方法 措施 问题 方面 情况 水平 能力 作用".split())
PLACE_SUFFIXES = "省市县区州盟旗镇乡村"


def suggest_id(title: str, max_syllables: int = MAX_ID_SYLLABLES, tokenizer=None) -> str:
    """An ASCII kebab-case id from a Chinese title: one pinyin word per jieba word.

    When the title is longer than ``max_syllables`` syllables, the words that
    tell the case apart are kept: generic verbs and particles (建立, 开展, 的)
    go first, then generic nouns (制度, 工作), then the words most common in
    jieba's IDF table; the words kept stay in the title's order, and a word is
    never split unless it alone is longer. 某某县建立干部夜访制度 ->
    moumou-xian-yefang. ``tokenizer`` is a ``jieba.Tokenizer``; by default a
    private one, so the global ``jieba.dt`` is never touched.
    """
    from pypinyin import Style, lazy_pinyin

    idf, median = _idf()
    units: list[tuple[list[str], int, float]] = []  # (pinyin words, syllables, how distinctive)
    for token in (tokenizer or _tokenizer()).lcut(title):
        syllables = []
        for part in lazy_pinyin(token, style=Style.NORMAL, errors=lambda s: re.findall(r"[A-Za-z0-9]+", s)):
            part = re.sub(r"[^a-z0-9]", "", part.lower().replace("ü", "v"))
            if part:
                syllables.append(part)
        if not syllables:
            continue
        word = "".join(syllables)
        if token in PLACE_SUFFIXES and units and units[-1][2] > 0:
            # 某某/县: the suffix goes with the place name before it
            words, n, score = units[-1]
            units[-1] = (words + [word], n + 1, score)
            continue
        if token in GENERIC_WORDS or len(token) == 1 and re.match("[\u3400-\u9fff]", token):
            score = 0.0  # single characters (党, 一) say little on their own
        elif not re.search("[\u3400-\u9fff]", token):
            score = median  # letters and digits: 2024, ABC
        else:
            score = idf.get(token, median) / (3 if token in WEAK_WORDS else 1)
        units.append(([word], len(syllables), score))
    chosen: list[int] = []
    used = 0
    for i in sorted(range(len(units)), key=lambda i: (-units[i][2], i)):
        if units[i][2] > 0 and used + units[i][1] <= max_syllables:
            chosen.append(i)
            used += units[i][1]
    if not chosen and units:  # only generic words, or one word longer than the limit
        words, n, _ = units[0]
        parts = words if n <= max_syllables else ["".join(words)[: 6 * max_syllables]]
    else:
        parts = [w for i in sorted(chosen) for w in units[i][0]]
    case_id = "-".join(parts)[:80].strip("-")
    return case_id if id_pattern().fullmatch(case_id or "-") else ""


def _idf() -> tuple[dict[str, float], float]:
    """jieba's IDF table (word -> idf) and its median, loaded once."""
    global _IDF
    if _IDF is None:
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ResourceWarning)  # jieba.analyse leaves its IDF file open
            import jieba.analyse
        table = jieba.analyse.default_tfidf
        _IDF = (table.idf_freq, table.median_idf)
    return _IDF


_IDF: tuple[dict[str, float], float] | None = None


@functools.lru_cache(maxsize=1)
def _tokenizer():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba.Tokenizer()


def claimed_ids(root: Path) -> dict[str, str]:
    """Every address already taken in ``cases/``: id, alias or file name -> file."""
    from ..load.project import case_files
    from ..load.yamlload import load_yaml_file

    taken: dict[str, str] = {}
    cases_dir = root / "cases"
    if not cases_dir.is_dir():
        return taken
    for path in case_files(cases_dir):
        rel = f"cases/{path.name}"
        taken.setdefault(path.stem, rel)
        data = load_yaml_file(path, rel).data
        if not isinstance(data, dict):
            continue
        if isinstance(data.get("id"), str):
            taken.setdefault(data["id"], rel)
        for alias in data.get("aliases") or []:
            if isinstance(alias, str):
                taken.setdefault(alias, f"{rel}（aliases）")
    return taken


def free_variant(case_id: str, taken: dict[str, str]) -> str:
    n = 2
    while f"{case_id}-{n}" in taken:
        n += 1
    return f"{case_id}-{n}"


# --------------------------------------------------------------------------- command


def _err(msg: str) -> int:
    print(f"错误：{msg}", file=sys.stderr)
    return 1


def main(args: argparse.Namespace) -> int:
    root = Path(getattr(args, "root", None) or ".")
    title = (args.title or "").strip()
    title_schema = case_schema()["properties"]["title"]
    if not title:
        return _err('标题不能为空。用法：casebook new "案例标题"（或 make new TITLE="案例标题"）。')
    if not (root / "cases").is_dir():
        return _err(f"找不到 {root / 'cases'} 目录。请在案例库仓库的根目录运行，或用 --root 指定仓库根目录。")

    case_id = (args.case_id or "").strip()
    if case_id:
        if not id_pattern().fullmatch(case_id) or len(case_id) > 80:
            return _err(f"编号“{case_id}”格式不对：只能用小写英文字母、数字和连字符（可用拼音），例如 chongqing-sanxiang-zhidu。请换一个 --id。")
    else:
        case_id = suggest_id(title)
        if not case_id:
            return _err(f"无法从标题“{title}”生成编号（标题里没有汉字或字母数字）。请用 --id 指定，例如 --id my-case。")

    target = root / "cases" / f"{case_id}.yaml"
    rel = f"cases/{case_id}.yaml"
    if target.exists():
        return _err(f"{rel} 已经存在，不会覆盖。要修改它请直接编辑该文件；要新建另一个案例，请用 --id 换一个编号，例如 --id {free_variant(case_id, claimed_ids(root))}。")
    taken = claimed_ids(root)
    if case_id in taken:
        return _err(f"编号“{case_id}”已被 {taken[case_id]} 使用（编号或旧编号），两个案例不能共用一个网址。请用 --id 换一个编号，例如 --id {free_variant(case_id, taken)}。")

    values = {"id": case_id, "title": title, "added": _dt.date.today().isoformat()}
    target.write_text(render_case(values), encoding="utf-8")

    print(f"已创建 {rel}（编号 {case_id}）。")
    n = len(title)
    if n < title_schema.get("minLength", 0) or n > title_schema.get("maxLength", 10_000):
        print(f"注意：标题现在 {n} 个字，应为 {title_schema['minLength']}–{title_schema['maxLength']} 个字，make validate 会报错，请修改 title。")
    print("下一步：按文件中的注释填写各字段（必填字段留空时校验会报错），然后运行 make validate 检查，make serve 预览。")
    return 0
