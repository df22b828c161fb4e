"""Decap CMS form fields generated from a JSON Schema.

Every property becomes a field whose label is the schema ``title`` and whose
hint is its ``description``; nothing here names a case field. What the form
can enforce it does: ``required``, ``pattern`` (combined with ``minLength``/
``maxLength`` into one regular expression, Decap's only text check),
``minimum``/``maximum``, ``minItems``/``maxItems``. ``enum`` values become
select lists labelled from the description (``ongoing（仍在实施）``), and the
fields whose values come from a vocabulary or name another case get their
options through ``choices`` (see ``config.choices``). What the form cannot
check (uniqueness, cross-references, ``minProperties``) ``make validate``
reports with file and line after saving, as for a hand-written file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ...load import schemas

TEXTAREA_OVER = 120  # strings allowed to be longer than this may hold paragraphs: a text area
PROSE_MIN = 10  # so may unbounded strings that must be at least this long


@dataclass
class Choice:
    """Options for one schema location: a fixed list or another collection's entries."""

    options: list[dict] = field(default_factory=list)  # [{label, value}]
    collection: str | None = None  # a relation widget to this collection instead
    value_field: str = "id"
    display_fields: list[str] = field(default_factory=lambda: ["{{title}}（{{id}}）"])
    search_fields: list[str] = field(default_factory=lambda: ["title", "id"])


def enum_labels(schema: dict) -> list[dict]:
    """Options for an enum: the label a description gives each value as ``value（label）``."""
    text = schema.get("description", "")
    out = []
    for value in schema["enum"]:
        found = re.search(re.escape(str(value)) + r"（([^）]+)）", text)
        out.append({"label": f"{found.group(1)}（{value}）" if found else str(value), "value": value})
    return out


def form_pattern(pattern: str) -> str:
    """A schema pattern as Decap runs it: ``RegExp(pattern)`` without the ``u``
    flag, where ``\\u{...}`` means nothing. Code points past U+FFFF (rare
    format characters) are left out; ``make validate`` still refuses them."""
    def code(match: re.Match) -> str:
        value = int(match.group(1), 16)
        return "" if value > 0xFFFF else f"\\u{value:04x}"

    pattern = re.sub(r"\\u\{([0-9a-fA-F]{5,6})\}-\\u\{([0-9a-fA-F]+)\}", "", pattern)
    return re.sub(r"\\u\{([0-9a-fA-F]+)\}", code, pattern)


def length_pattern(schema: dict) -> list[str] | None:
    """One regular expression for pattern + minLength + maxLength, with a Chinese message."""
    pattern = schema.get("pattern")
    low, high = schema.get("minLength"), schema.get("maxLength")
    if pattern is None and low is None and high is None:
        return None
    parts, says = [], []
    if low is not None or high is not None:
        parts.append(f"(?=^[\\s\\S]{{{low or 0},{'' if high is None else high}}}$)")
        if low is not None and high is not None:
            says.append(f"长度 {low}–{high} 个字")
        elif low is not None:
            says.append(f"至少 {low} 个字")
        else:
            says.append(f"不超过 {high} 个字")
    if pattern is not None:
        pattern = form_pattern(pattern)
        parts.append(pattern if pattern.startswith("^") else f"[\\s\\S]*?(?:{pattern})")
        examples = schema.get("examples")
        says.append("格式不对" + (f"，例如 {examples[0]}" if examples and isinstance(examples[0], str) else ""))
    # Decap shows it after "“标题”不满足模式".
    return ["".join(parts), "：" + "；".join(says)]


class FieldMaker:
    """Turns schema properties into Decap field definitions.

    ``choices`` maps a schema location (JSON pointer such as
    ``/properties/themes/items``) to its options.
    """

    def __init__(self, choices: dict[str, Choice], defs: dict[str, dict] | None = None):
        self.choices = choices
        self.defs = defs or {}  # the schema's $defs: shared rules fields refer to
        # Required fields the schema lets be empty ("" or []): the form accepts
        # them blank and the file writer writes the empty value. Pointer -> value.
        self.empty_ok: dict[str, Any] = {}

    def object_fields(self, schema: dict, where: str) -> list[dict]:
        required = set(schema.get("required", []))
        return [
            self.field(name, sub, f"{where}/properties/{name}", name in required)
            for name, sub in schema.get("properties", {}).items()
        ]

    def resolved(self, schema: dict) -> dict:
        """A field with the shared rule it refers to (``$ref``) folded in; the
        field's own keys (its title, a stricter length) win."""
        if "$ref" not in schema:
            return schema
        shared = {k: v for k, v in schemas.shared_rule(schema, self.defs).items() if k not in ("title", "description")}
        return {**shared, **{k: v for k, v in schema.items() if k != "$ref"}}

    def field(self, name: str, schema: dict, where: str, required: bool) -> dict:
        schema = self.resolved(schema)
        out: dict[str, Any] = {"name": name, "label": schema.get("title", name), "required": required}
        if schema.get("description"):
            out["hint"] = schema["description"]
        out.update(self.widget(schema, where, required))
        return out

    def widget(self, schema: dict, where: str, required: bool) -> dict:
        schema = self.resolved(schema)
        kind = schema.get("type")
        choice = self.choices.get(where)
        if choice is not None:
            return self.select(choice, {})  # (a list of choices is handled by array())
        if "enum" in schema:
            return {"widget": "select", "options": enum_labels(schema)}
        if kind == "object":
            return {"widget": "object", "collapsed": False, "fields": self.object_fields(schema, where)}
        if kind == "array":
            return self.array(schema, where, required)
        if kind in ("integer", "number"):
            out: dict[str, Any] = {"widget": "number", "value_type": "int" if kind == "integer" else "float"}
            if kind == "integer":
                out["step"] = 1
            for key, decap in (("minimum", "min"), ("maximum", "max")):
                if key in schema:
                    out[decap] = schema[key]
            return out
        out = {"widget": "text" if self._long(schema) else "string"}
        pattern = length_pattern(schema)
        if pattern:
            out["pattern"] = pattern
        if required and not schema.get("minLength") and schemas.ecma_pattern(schema.get("pattern", "")).search(""):
            # The schema allows "" (a unit-less figure): the form must accept an
            # empty box, and the file writer writes the key as "". (No Decap
            # default: one would make every new list start with an item.)
            out["required"] = False
            self.empty_ok[where] = ""
        return out

    @staticmethod
    def _long(schema: dict) -> bool:
        """A text area for prose: allowed past TEXTAREA_OVER characters, or
        unbounded and at least a sentence long (background, outcomes). A
        pattern that refuses a line break (ids, dates, one-line text) means one line."""
        if "pattern" in schema and not schemas.ecma_pattern(schema["pattern"]).search("一\n二"):
            return False
        if "maxLength" in schema:
            return schema["maxLength"] > TEXTAREA_OVER
        return schema.get("minLength", 0) >= PROSE_MIN

    def select(self, choice: Choice, extra: dict) -> dict:
        if choice.collection:
            return {
                "widget": "relation", "collection": choice.collection, "value_field": choice.value_field,
                "search_fields": choice.search_fields, "display_fields": choice.display_fields, **extra,
            }
        return {"widget": "select", "options": choice.options, **extra}

    def array(self, schema: dict, where: str, required: bool) -> dict:
        items = schema.get("items", {})
        limits = {decap: schema[key] for key, decap in (("minItems", "min"), ("maxItems", "max")) if key in schema}
        if required and not schema.get("minItems"):
            limits["required"] = False  # an empty list is a valid answer ("none")
            self.empty_ok[where] = []
        choice = self.choices.get(f"{where}/items")
        if choice is not None or "enum" in items:
            # A list of values from a vocabulary: one multiple select.
            extra = {"multiple": True, **limits}
            if choice is None:
                return {"widget": "select", "options": enum_labels(items), **extra}
            return self.select(choice, extra)
        out: dict[str, Any] = {"widget": "list", "collapsed": False, **limits}
        if items.get("type") == "object":
            out["fields"] = self.object_fields(items, f"{where}/items")
            first = next((f["name"] for f in out["fields"] if f.get("widget") in ("string", "text", "relation")), None)
            if first:
                out["summary"] = "{{fields.%s}}" % first
            return out
        out["field"] = {"name": "item", "label": schema.get("title", "item")}
        out["field"].update(self.widget(items, f"{where}/items", True))
        return out
