"""Inline pinyin annotations out, traditional characters to simplified (OpenCC t2s).

Some sites print a pinyin reading after characters they think readers may not
know: 關(guān)鍵字 -> 關鍵字. The annotation is a parenthesised syllable with a
tone mark right after a Chinese character. Fragments of annotations that lost
their parenthesis or character (``?yōu)``) cannot be removed safely and are
flagged instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .chars import to_simplified
from .lines import CJK, Line, Note, cjk_count, short

TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜǹńňḿ"
_SYLLABLE = f"[a-zü{TONED}ɑɡ]*[{TONED}ǖǘǚǜü][a-zü{TONED}ɑɡ]*"
PINYIN_NOTE = re.compile(f"(?<=[{CJK}])[(（]\\s*({_SYLLABLE})\\s*[)）]")
BROKEN_NOTE = re.compile(f"[?？(（]?[a-zɑɡ]*[{TONED}][a-zü{TONED}ɑɡ]*[)）]?")
TRADITIONAL_SHARE = 0.02  # share of characters changed by t2s above which a text counts as traditional


@dataclass
class ScriptResult:
    lines: list[Line]
    removed_pinyin: int = 0
    pinyin_examples: list[str] = field(default_factory=list)
    broken: list[Note] = field(default_factory=list)


def strip_pinyin(lines: list[Line]) -> ScriptResult:
    result = ScriptResult(lines=[])
    for line in lines:
        examples = [line.text[max(0, m.start() - 1): m.end()] for m in PINYIN_NOTE.finditer(line.text)]
        text, n = PINYIN_NOTE.subn("", line.text)
        result.removed_pinyin += n
        for ex in examples:
            if ex not in result.pinyin_examples and len(result.pinyin_examples) < 5:
                result.pinyin_examples.append(ex)
        for m in BROKEN_NOTE.finditer(text):
            frag = m.group()
            before, after = text[max(0, m.start() - 1): m.start()], text[m.end(): m.end() + 1]
            if cjk_count(before + after) and not re.search("[A-Za-z]", before + after):
                ctx = text[max(0, m.start() - 6): m.end() + 6]
                result.broken.append(Note(line.no, short(ctx), f"“{frag}”像是残缺的拼音夹注（或乱码），没有自动删除。请对照原网页改正这几个字。"))
        result.lines.append(Line(line.no, text))
    return result


@dataclass
class Conversion:
    lines: list[Line]
    changed_chars: int
    total_chars: int

    @property
    def traditional(self) -> bool:
        return self.total_chars > 0 and self.changed_chars / self.total_chars >= TRADITIONAL_SHARE


def to_simplified_lines(lines: list[Line]) -> Conversion:
    out, changed, total = [], 0, 0
    for line in lines:
        simple = to_simplified(line.text)
        total += cjk_count(line.text)
        changed += sum(1 for a, b in zip(line.text, simple) if a != b) if len(simple) == len(line.text) else abs(len(simple) - len(line.text)) + 1
        out.append(Line(line.no, simple))
    return Conversion(out, changed, total)
