"""Turning YAML text into safe HTML/Markdown fragments.

Everything from YAML is escaped here or by Jinja's autoescape: text that looks
like HTML, Markdown or Jinja shows literally.
"""

from __future__ import annotations

import html
import json
import re

from markupsafe import Markup, escape

from ..common.numbers import format_value

# ASCII punctuation that Markdown (with the extensions we enable) may act on.
_MD_SPECIAL = re.compile(r"[\\`*_{}\[\]()#+\-.!|<>&~^=:\"'$%]")


def md_escape(text: object) -> Markup:
    """Escape for a Markdown context (headings): every risky ASCII mark becomes an entity."""
    return Markup(_MD_SPECIAL.sub(lambda m: f"&#{ord(m.group())};", str(text)))


def yaml_string(text: object) -> Markup:
    """A value for the page's YAML front matter (JSON is valid YAML).

    Material prints ``page.meta.title`` and ``description`` into <title>, the
    header and a meta attribute without escaping, so the value is HTML-escaped
    here, before it reaches the theme.
    """
    return Markup(json.dumps(html.escape(str(text), quote=True), ensure_ascii=False))


def paragraph_texts(text: str) -> list[str]:
    """Blank-line separated paragraphs as plain strings; single newlines join."""
    out = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = [ln.strip() for ln in block.splitlines() if ln.strip()]
        if not lines:
            continue
        # Chinese lines join without a space; keep one between Latin words.
        joined = lines[0]
        for ln in lines[1:]:
            sep = " " if joined[-1:].isascii() and joined[-1:].isalnum() and ln[:1].isascii() and ln[:1].isalnum() else ""
            joined += sep + ln
        out.append(joined)
    return out


def paragraphs(text: str, linker=None) -> Markup:
    """Blank-line separated paragraphs -> <p> elements."""
    return Markup("").join(
        Markup("<p>") + (linker(joined) if linker else escape(joined)) + Markup("</p>") for joined in paragraph_texts(text)
    )


def script_json(value) -> Markup:
    """``value`` as JSON for a ``<script type="application/json">`` element: no
    "</script>", "<!--" or "&" can end or change the element; Chinese stays as written."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    for char in "<>&\u2028\u2029":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return Markup(text)


QUALIFIERS = {"about": ("约", ""), "more-than": ("", "余"), "at-least": ("", "以上"), "less-than": ("不到", "")}


def figure_value(fig: dict) -> str:
    """127 名 / 约 89.3% / 100余名 / 不到 5 个 — the number exactly as stored."""
    before, after = QUALIFIERS.get(fig.get("qualifier", ""), ("", ""))
    number = format_value(fig["value"])
    if after == "余":
        unit = fig["unit"]
        # 157万余平米, not 157余万平米: 余 follows the magnitude character.
        if unit[:1] in "万亿千百":
            return f"{before}{number}{unit[0]}余{unit[1:]}"
        return f"{before}{number}余{unit}"
    return f"{before}{number}{fig['unit']}{after}"
