"""JSON Schema validation with Chinese messages placed at the offending line.

The schema files in ``casebook/schema/`` are the single source of truth for
the file formats: this module, the editor integration and the contributor
guide all read them.
"""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema

from ..common.problems import Problem
from .yamlload import LoadedYaml

SCHEMA_DIR = Path(__file__).parents[1] / "schema"  # at the package root: case files and editors point there
SCHEMA_FILES = {
    "case": "case.schema.json",
    "themes": "themes.schema.json",
    "levels": "levels.schema.json",
    "provinces": "provinces.schema.json",
    "glossary": "glossary.schema.json",
    "synonyms": "synonyms.schema.json",
    "module": "module.schema.json",
}

_TYPE_NAMES = {
    "string": "文字",
    "integer": "整数",
    "number": "数字",
    "object": "“字段: 值”映射",
    "array": "列表",
    "boolean": "是/否",
    "null": "空值",
}


@lru_cache(maxsize=None)
def load_schema(name: str) -> dict:
    return json.loads((SCHEMA_DIR / SCHEMA_FILES[name]).read_text(encoding="utf-8"))


def shared_rule(field: dict, defs: dict) -> dict:
    """The shared rule (``$defs``) a field refers to with ``$ref``, or {}."""
    ref = field.get("$ref", "")
    return defs.get(ref.rsplit("/", 1)[-1], {}) if ref.startswith("#/$defs/") else {}


@lru_cache(maxsize=None)
def ecma_pattern(pattern: str) -> re.Pattern:
    """A JSON Schema pattern (ECMA-262, as jsonschema-rs and editors read it)
    as a Python regular expression: ``$`` is the end of the text (Python's
    also matches before a final line break, so "abc\\n" passed ``^[a-z]+$``
    here while jsonschema-rs refused it), ``\\u{1F600}`` a code point beyond
    the first 65,536."""
    out, i, in_class = [], 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            astral = re.match(r"\\u\{([0-9A-Fa-f]+)\}", pattern[i:])
            out.append(f"\\U{int(astral.group(1), 16):08X}" if astral else pattern[i : i + 2])
            i += astral.end() if astral else 2
            continue
        if c == "[":
            in_class = True
        elif c == "]":
            in_class = False
        elif c == "$" and not in_class:
            c = r"\Z"
        out.append(c)
        i += 1
    return re.compile("".join(out))


def _pattern(validator, pattern, instance, schema):
    if validator.is_type(instance, "string") and not ecma_pattern(pattern).search(instance):
        yield jsonschema.ValidationError(f"{instance!r} does not match {pattern!r}")


_Validator = jsonschema.validators.extend(jsonschema.Draft202012Validator, {"pattern": _pattern})


@lru_cache(maxsize=None)
def _validator(name: str) -> jsonschema.Draft202012Validator:
    return _Validator(load_schema(name))


@lru_cache(maxsize=None)
def _fast_validator(name: str):
    """jsonschema-rs (compiled) for the yes/no answer, about 40 times faster
    than jsonschema: at 10,000 cases that is 10 s of a build (issue #8). None
    where it is not installed; jsonschema then does all the work."""
    try:
        import jsonschema_rs
    except ImportError:  # pragma: no cover - pinned in requirements.txt
        return None
    return jsonschema_rs.validator_for(load_schema(name))


def is_valid(name: str, data: Any) -> bool | None:
    """True or False from jsonschema-rs; None when it cannot say (not
    installed, or a value it cannot convert, such as a number beyond 64 bits)."""
    fast = _fast_validator(name)
    if fast is None:
        return None
    try:
        return fast.is_valid(data)
    except (ValueError, TypeError, OverflowError):
        return None


def schema_version() -> str:
    return load_schema("case")["x-schema-version"]


def check(name: str, loaded: LoadedYaml, rel: str) -> list[Problem]:
    """Every schema problem of one loaded file, one Problem each."""
    if is_valid(name, loaded.data):
        return []  # nearly every file; jsonschema explains the others
    # A value the loader already refused (and left out) is not reported twice.
    errors = [e for e in _validator(name).iter_errors(loaded.data) if not _dropped(tuple(e.absolute_path), loaded.dropped)]
    # A misspelt field (titel) is one mistake: report the unknown key with its
    # suggestion and don't also report the required field it was meant to be.
    typos = set()
    for err in errors:
        if err.validator == "additionalProperties" and isinstance(err.schema, dict):
            allowed = list(err.schema.get("properties", {}))
            for extra in set(err.instance) - set(allowed):
                typos.update((tuple(err.absolute_path), m) for m in difflib.get_close_matches(extra, allowed, n=1, cutoff=0.6))
    problems = []
    for err in errors:
        problems.extend(_describe(err, loaded, rel, typos, load_schema(name)))
    if not problems and not loaded.dropped:
        # jsonschema-rs refused what jsonschema accepts: never let such a file through unexplained.
        problems.append(Problem(rel, 1, 1, "文件不符合格式要求，但校验程序没能指出具体位置。请对照 make new 生成的模板检查各字段，并把这个文件报告给维护者。"))
    return problems


def _dropped(path: tuple, dropped: set[tuple]) -> bool:
    return bool(dropped) and any(path[:k] in dropped for k in range(len(path) + 1))


def field_label(path: tuple) -> str:
    """("practices", 2, "id") -> practices[3].id (1-based for humans)."""
    out = ""
    for part in path:
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "文件顶层"


def _titled(schema: dict, path: tuple) -> str:
    label = field_label(path)
    title = schema.get("title")
    return f"{label}（{title}）" if title and path else label


def _actual(value: Any) -> str:
    if isinstance(value, bool):
        return f"是/否值 {str(value).lower()}"
    for py, name in ((dict, "映射"), (list, "列表"), (str, "文字"), (int, "整数"), (float, "数字")):
        if isinstance(value, py):
            if py is str:
                return f"文字“{_short(value)}”"
            return name if py in (dict, list) else f"{name} {value}"
    return "空值" if value is None else type(value).__name__


def _short(text: str, limit: int = 20) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def _first_sentence(text: str) -> str:
    return text.split("。")[0] + "。" if text else ""


_REFUSED_CLASS = re.compile(r"\[\^([^\]]+)\][*+]\$$")


def _first_refused(pattern: str, text: str) -> tuple[int, str] | None:
    """For a pattern ending in ``[^…]*$`` (text without certain characters):
    the first character it refuses, by index, so the message can name it."""
    m = _REFUSED_CLASS.search(pattern)
    found = ecma_pattern("[" + m.group(1) + "]").search(text) if m else None
    return (len(text[: found.start()]), found.group()) if found else None


_CHAR_NAMES = {"\n": "换行", "\r": "回车符", "\t": "制表符（Tab）", "\u2028": "行分隔符", "\u2029": "段分隔符"}


def character_name(char: str) -> str:
    """是换行 / 是看不见的字符 U+200D（ZERO WIDTH JOINER）: how a message names a character."""
    if char in _CHAR_NAMES:
        return f"是{_CHAR_NAMES[char]}"
    kind = "控制字符" if unicodedata.category(char) == "Cc" else "看不见的字符"
    name = unicodedata.name(char, "")
    return f"是{kind} U+{ord(char):04X}" + (f"（{name}）" if name else "")


def _owner(root: dict, err: jsonschema.ValidationError) -> dict:
    """The field's own schema (its title), also when the rule came through ``$ref``."""
    node = root
    for part in list(err.schema_path)[:-1]:
        if part == "$ref" or not isinstance(node, (dict, list)):
            break
        node = node[part]
    return node if isinstance(node, dict) and "$ref" in node else (err.schema if isinstance(err.schema, dict) else {})


def _describe(err: jsonschema.ValidationError, loaded: LoadedYaml, rel: str, typos: set, root: dict) -> list[Problem]:
    path = tuple(err.absolute_path)
    schema = err.schema if isinstance(err.schema, dict) else {}
    kind = err.validator
    line, col = loaded.where(path)

    def at(msg: str, p: tuple = path, key: bool = False) -> Problem:
        ln, cl = loaded.where(p, key=key)
        return Problem(rel, ln, cl, msg)

    if kind == "required":
        missing = [k for k in err.validator_value if k not in (err.instance or {}) and (path, k) not in typos]
        out = []
        for name in missing:
            sub = schema.get("properties", {}).get(name, {})
            example = sub.get("examples", [None])[0]
            hint = f"例如：{name}: {json.dumps(example, ensure_ascii=False)}" if example is not None else ""
            out.append(at(f"{field_label(path)} 缺少必填字段 {name}（{sub.get('title', name)}）。{_first_sentence(sub.get('description', ''))}{hint}"))
        return out
    if kind == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        out = []
        for extra in sorted(set(err.instance) - set(allowed)):
            close = difflib.get_close_matches(extra, allowed, n=1, cutoff=0.6)
            hint = f"是不是想写 {close[0]}？" if close else f"这里允许的字段有：{'、'.join(allowed)}。"
            out.append(at(f"未知字段 {extra}：{field_label(path)} 中没有这个字段。{hint}", path + (extra,), key=True))
        return out
    if kind == "type":
        want = err.validator_value if isinstance(err.validator_value, list) else [err.validator_value]
        names = "或".join(_TYPE_NAMES.get(t, t) for t in want)
        hint = ""
        if "number" in want or "integer" in want:
            hint = "数字后面不要带单位或文字（单位写在 unit 字段）。"
        elif "array" in want:
            hint = "列表的每一项单独一行，以“- ”开头，或写成 [a, b]。"
        elif "string" in want:
            hint = "如果值本身是数字或 yes/no 之类的词，请给它加上引号。"
        if isinstance(err.instance, str) and ("number" in want or "integer" in want):
            half = unicodedata.normalize("NFKC", err.instance).strip()
            if half != err.instance and re.fullmatch(r"[-+]?[0-9]+(\.[0-9]+)?", half):
                hint = f"这是全角数字，请改成半角数字 {half}。"
        return [at(f"{_titled(schema, path)} 应该是{names}，现在是{_actual(err.instance)}。{hint}")]
    if kind == "enum":
        options = "、".join(str(v) for v in err.validator_value)
        close = difflib.get_close_matches(str(err.instance), [str(v) for v in err.validator_value], n=1, cutoff=0.5)
        hint = f"是不是想写 {close[0]}？" if close else ""
        return [at(f"{_titled(schema, path)} 的值“{err.instance}”不在可选范围内。可选：{options}。{hint}")]
    if kind == "pattern":
        owner = _owner(root, err)
        label = _titled(owner, path)
        bad = _first_refused(err.validator_value, err.instance)
        if bad is not None:
            at_char, char = bad
            return [at(f"{label} 第 {at_char + 1} 个字{character_name(char)}，不能出现在这里。{schema.get('patternErrorMessage', '')}")]
        hint = schema.get("patternErrorMessage") or _first_sentence(owner.get("description", ""))
        return [at(f"{label} 的值“{_short(str(err.instance), 40)}”格式不对。{hint}")]
    if kind in ("minLength", "maxLength"):
        n = len(err.instance)
        bound = err.validator_value
        word = "太短" if kind == "minLength" else "太长"
        limit = f"至少 {bound} 个字" if kind == "minLength" else f"最多 {bound} 个字"
        return [at(f"{_titled(schema, path)} {word}：现在 {n} 个字，{limit}。")]
    if kind in ("minItems", "maxItems"):
        n = len(err.instance)
        limit = f"至少 {err.validator_value} 项" if kind == "minItems" else f"最多 {err.validator_value} 项"
        return [at(f"{_titled(schema, path)} 现在有 {n} 项，应{limit}。")]
    if kind == "uniqueItems":
        seen, dups = set(), []
        for item in err.instance:
            key = json.dumps(item, ensure_ascii=False, sort_keys=True)
            if key in seen:
                dups.append(key.strip('"'))
            seen.add(key)
        return [at(f"{_titled(schema, path)} 中有重复项：{'、'.join(dups)}。请删除重复的一项。")]
    if kind in ("minimum", "maximum"):
        bound = err.validator_value
        word = "不能小于" if kind == "minimum" else "不能大于"
        return [at(f"{_titled(schema, path)} 的值 {err.instance} {word} {bound}。")]
    if kind == "minProperties":
        return [at(f"{_titled(schema, path)} 不能是空的，至少填写一个字段：{'、'.join(sorted(schema.get('properties', {})))}。")]
    return [Problem(rel, line, col, f"{_titled(schema, path)} 不符合格式要求：{err.message}")]
