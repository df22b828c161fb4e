"""The one canonical layout of a casebook YAML file, written from its data.

``casebook fmt`` and the browser form (``cms/static/casebook-yaml.js``, the
same rules in JavaScript; a test compares the two on every file) both write
it, so a file saved from the form differs from a hand-written one only where
a value differs. The layout:

* the header: the ``# yaml-language-server: $schema=...`` line first, then
  any other comment lines the file starts with;
* keys in the order of the schema's ``properties`` (keys the schema does not
  know follow, in their own order), two spaces of indentation, lists indented
  under their key;
* a string is plain unless a YAML reader could take it for something else
  (a number, a date, ``yes``/``no``, an indicator character), then it is
  double-quoted with JSON-style escapes; a string with line breaks is a
  literal block (``|``, ``|-`` or ``|+`` for one, no or several final line
  breaks) unless its lines would not survive one, then it is quoted;
* numbers as written by the shortest repr, integral floats as integers
  (JavaScript cannot tell 127.0 from 127);
* in vocabulary files (``flow=True``) lists of plain values below the top
  level are written on one line (``[a, b]``), and so is a list item whose
  values are all plain if that line is at most ``FLOW_WIDTH`` characters.
"""

from __future__ import annotations

import math
import re
from typing import Any

INDENT = "  "
FLOW_WIDTH = 100
SCHEMA_COMMENT = "# yaml-language-server: $schema="

# Characters that never appear raw in the file: C0/C1 controls, DEL, the
# YAML 1.1 line separators, non-characters, and the invisible ones a reader
# could not tell from a space or from nothing (no-break and zero-width
# spaces, direction marks, BOM) -- they are written as \uXXXX.
_ESCAPE = re.compile("[\x00-\x1f\x7f-\xa0\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\ufeff\ufffe\uffff\ud800-\udfff]")
_INDICATORS = set("-?:,[]{}#&*!|>'\"%@`")
_FLOW_CHARS = set(",[]{}")
_SPECIAL_WORDS = {"", "~", "null", "true", "false", "yes", "no", "on", "off", "y", "n", "=", "<<"}
# Anything a YAML 1.1 or 1.2 reader might take for a number or a date: a
# superset of their int, float and timestamp patterns.
_NUMBER_LIKE = re.compile(r"^[-+]?(\.?[0-9][0-9a-z_.:+-]*|\.(inf|nan))$|^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([t ]|$)", re.IGNORECASE | re.ASCII)
_SHORT_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"}


def needs_quotes(text: str, flow: bool = False) -> bool:
    """True when ``text`` written plain would not read back as the same string."""
    if not text or text[0] in " \t" or text[-1] in " \t":
        return True
    if text.lower() in _SPECIAL_WORDS or _NUMBER_LIKE.match(text):
        return True
    if text[0] in _INDICATORS or ": " in text or " #" in text or text.endswith(":"):
        return True
    if "\t" in text or _ESCAPE.search(text.replace("\n", "")):
        return True
    if flow and ("\n" in text or ":" in text or any(c in _FLOW_CHARS for c in text)):
        return True
    return False


def quoted(text: str) -> str:
    out = []
    for ch in text:
        if ch in _SHORT_ESCAPES:
            out.append(_SHORT_ESCAPES[ch])
        elif _ESCAPE.match(ch):
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def block_ok(text: str) -> bool:
    """Whether a multi-line string reads back unchanged from a literal block."""
    if text.startswith("\n") or not text.strip("\n") or "\t" in text or _ESCAPE.search(text.replace("\n", "")):
        return False
    lines = text.rstrip("\n").split("\n")
    if lines[0][:1] in (" ", "\t"):
        return False  # the first line would set the block's indentation
    return all(not ln or ln[-1] not in " \t" for ln in lines)


def number(value: int | float) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if math.isnan(value):
        return ".nan"
    if math.isinf(value):
        return ".inf" if value > 0 else "-.inf"
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def scalar(value: Any, flow: bool = False) -> str:
    """One value on one line (a multi-line string is quoted here)."""
    if value is None:
        return "null"
    if isinstance(value, (bool, int, float)):
        return number(value)
    text = str(value)
    if "\n" in text or needs_quotes(text, flow):
        return quoted(text)
    return text


def _is_scalar(value: Any) -> bool:
    return not isinstance(value, (dict, list))


def ordered_keys(value: dict, schema: dict) -> list:
    props = schema.get("properties", {})
    return [k for k in props if k in value] + [k for k in value if k not in props]


def _flow_map(value: dict, schema: dict) -> str:
    return "{" + ", ".join(f"{scalar(k, True)}: {scalar(value[k], True)}" for k in ordered_keys(value, schema)) + "}"


def _flow_seq(value: list) -> str:
    return "[" + ", ".join(scalar(v, True) for v in value) + "]"


class _Writer:
    def __init__(self, flow: bool):
        self.flow = flow

    def mapping(self, value: dict, schema: dict, depth: int) -> list[str]:
        props = schema.get("properties", {})
        out: list[str] = []
        for key in ordered_keys(value, schema):
            out += self.entry(f"{scalar(key)}:", value[key], props.get(key, {}), depth)
        return out

    def sequence(self, value: list, schema: dict, depth: int) -> list[str]:
        items = schema.get("items", {}) if isinstance(schema.get("items"), dict) else {}
        out: list[str] = []
        for item in value:
            out += self.item(item, items, depth)
        return out

    def item(self, value: Any, schema: dict, depth: int) -> list[str]:
        pad = INDENT * depth
        if isinstance(value, (dict, list)) and value:
            if self.flow and all(_is_scalar(v) for v in (value.values() if isinstance(value, dict) else value)):
                text = _flow_map(value, schema) if isinstance(value, dict) else _flow_seq(value)
                if isinstance(value, list) or len(pad) + 2 + len(text) <= FLOW_WIDTH:
                    return [f"{pad}- {text}"]
            body = self.mapping(value, schema, depth + 1) if isinstance(value, dict) else self.sequence(value, schema, depth + 1)
            return [pad + "- " + body[0][len(pad) + len(INDENT):]] + body[1:]
        return self.entry("-", value, schema, depth)

    def entry(self, prefix: str, value: Any, schema: dict, depth: int) -> list[str]:
        """``prefix`` is ``key:`` or ``-``; the value follows on the line or below it."""
        pad = INDENT * depth
        if isinstance(value, dict):
            if not value:
                return [f"{pad}{prefix} {{}}"]
            return [pad + prefix] + self.mapping(value, schema, depth + 1)
        if isinstance(value, list):
            if not value:
                return [f"{pad}{prefix} []"]
            if self.flow and depth > 0 and all(_is_scalar(v) for v in value):
                return [f"{pad}{prefix} {_flow_seq(value)}"]
            return [pad + prefix] + self.sequence(value, schema, depth + 1)
        if isinstance(value, str) and "\n" in value and block_ok(value):
            return self.block(prefix, value, depth)
        return [f"{pad}{prefix} {scalar(value)}"]

    def block(self, prefix: str, value: str, depth: int) -> list[str]:
        pad = INDENT * depth
        trailing = len(value) - len(value.rstrip("\n"))
        chomp = {0: "-", 1: ""}.get(trailing, "+")
        lines = value[: len(value) - trailing].split("\n") + [""] * max(0, trailing - 1)
        inner = INDENT * (depth + 1)
        return [f"{pad}{prefix} |{chomp}"] + [inner + ln if ln else "" for ln in lines]


def dump(data: dict, schema: dict, header: list[str], flow: bool = False) -> str:
    """The canonical text of a file whose top level is the mapping ``data``."""
    lines = list(header) + _Writer(flow).mapping(data, schema, 0)
    return "\n".join(lines) + "\n"
