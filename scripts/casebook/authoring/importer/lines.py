"""The unit every importer step works on: one line of the article and where it came from."""

from __future__ import annotations

import re
from dataclasses import dataclass

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_RE = re.compile(f"[{CJK}]")


@dataclass
class Line:
    no: int  # 1-based line number in the article file (for HTML: the source line of the block)
    text: str


@dataclass(frozen=True)
class Note:
    """Something the report tells the maintainer about one line."""

    line: int
    text: str  # the text concerned, shortened for display
    message: str  # Chinese: what happened or what to check


def cjk_count(text: str) -> int:
    return len(CJK_RE.findall(text))


def short(text: str, limit: int = 40) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[:limit] + "…"
