"""Inline pinyin annotations out, traditional characters to simplified (OpenCC t2s).

Some sites print a pinyin reading after characters they think readers may not
know: 關(guān)鍵字, 個(ge) 人, 特(te)(te)色(se). A parenthesised run of latin
syllables is removed only when pypinyin says each syllable is a reading of
the character before it (any of its readings, so polyphones such as 為(wei)
or 的(de) are recognised; tone marks and tone numbers may be there or not).
Anything else in brackets stays: 公务员(civil servant), 方案(A). Syllables
that look like pinyin but are not the character's reading, and fragments of
annotations that lost their parenthesis or character (``?yōu)``), cannot be
removed safely and are flagged instead.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from .chars import to_simplified
from .lines import CJK, Line, Note, cjk_count, short

TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜǹńňḿ"
_LETTERS = f"a-zA-Zü{TONED}ɑɡ"
# one or more bracketed runs of syllables right after a Chinese character: 特(te)(te)
ANNOTATION = re.compile(f"(?<=[{CJK}])(?:\\s?[(（]\\s*[{_LETTERS}]+[1-5]?(?:[\\s'’]+[{_LETTERS}]+[1-5]?){{0,3}}\\s*[)）])+")
_RUN = re.compile(f"[(（]\\s*([^()（）]*?)\\s*[)）]")
BROKEN_NOTE = re.compile(f"[?？(（]?[a-zɑɡ]*[{TONED}][a-zü{TONED}ɑɡ]*[)）]?")
TRADITIONAL_SHARE = 0.02  # share of characters changed by t2s above which a text counts as traditional
_BASE = str.maketrans({"ɑ": "a", "ɡ": "g", "ü": "v"})


def _plain(syllable: str) -> str:
    """guān -> guan, lǜ -> lv, guan1 -> guan: the letters without tone."""
    decomposed = unicodedata.normalize("NFD", syllable.lower().rstrip("12345")).replace("u\u0308", "v")
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).translate(_BASE)


@lru_cache(maxsize=8192)
def readings(char: str) -> frozenset[str]:
    """Every reading pypinyin knows for ``char`` (toneless), or of its simplified form."""
    from pypinyin import Style, pinyin

    for ch in dict.fromkeys((char, to_simplified(char))):
        found = pinyin(ch, heteronym=True, style=Style.NORMAL, errors="ignore")
        if found and found[0]:
            return frozenset(_plain(r) for r in found[0])
    return frozenset()


@lru_cache(maxsize=1)
def syllables() -> frozenset[str]:
    """Every toneless syllable of Mandarin, from pypinyin's dictionary."""
    from pypinyin.pinyin_dict import pinyin_dict

    return frozenset(_plain(r) for value in pinyin_dict.values() for r in value.split(","))


def is_reading(chars: str, run: str) -> bool:
    """Is ``run`` (one syllable per character) a reading of ``chars``?"""
    parts = [p for p in re.split(r"[\s'’]+", run.strip()) if p]
    if not parts or len(parts) > len(chars):
        return False
    tail = chars[len(chars) - len(parts):]
    return all(_plain(p) in readings(ch) for ch, p in zip(tail, parts))


def looks_like_pinyin(run: str) -> bool:
    parts = [p for p in re.split(r"[\s'’]+", run.strip()) if p]
    return bool(parts) and all(_plain(p) in syllables() for p in parts) and any(p.islower() for p in parts)


@dataclass
class ScriptResult:
    lines: list[Line]
    removed_pinyin: int = 0
    pinyin_examples: list[str] = field(default_factory=list)
    broken: list[Note] = field(default_factory=list)


def _spaced(lines: list[Line]) -> bool:
    """Does this page put a space after every annotation (個(ge) 人)? Then the space goes too.

    Decided for the whole page: where only a few annotations are followed by a
    space, the space is the text's own (強化考察把關(guān) 推動).
    """
    followed = total = 0
    for line in lines:
        for m in ANNOTATION.finditer(line.text):
            total += 1
            followed += line.text[m.end(): m.end() + 1] == " "
    return total >= 3 and followed >= 0.6 * total


def _strip_line(text: str, no: int, result: ScriptResult, eat_space: bool) -> str:
    out, pos = [], 0
    for m in ANNOTATION.finditer(text):
        before = text[: m.start()]
        han = re.search(f"[{CJK}]{{1,4}}$", before).group()
        kept_runs, removed = [], 0
        for run in _RUN.finditer(m.group()):
            if is_reading(han, run.group(1)):
                removed += 1
            else:
                kept_runs.append(run)
        if not removed:
            continue
        if kept_runs:  # a mixed group: keep it whole and ask
            result.broken.append(Note(no, short(text[max(0, m.start() - 4): m.end() + 4]), f"“{m.group().strip()}”只有一部分是前面的字的读音，没有删除。请对照原网页改正。"))
            continue
        after = text[m.end(): m.end() + 1]
        end = m.end()
        # 個(ge) 人: the space after the annotation was part of it
        if eat_space and after == " " and re.match(f"[{CJK}，。、；：！？“”]", text[m.end() + 1: m.end() + 2]):
            end += 1
        out.append(text[pos: m.start()])
        pos = end
        result.removed_pinyin += removed
        example = han[-1] + m.group().strip()
        if example not in result.pinyin_examples and len(result.pinyin_examples) < 5:
            result.pinyin_examples.append(example)
    out.append(text[pos:])
    return "".join(out)


def strip_pinyin(lines: list[Line]) -> ScriptResult:
    result = ScriptResult(lines=[])
    eat_space = _spaced(lines)
    for line in lines:
        text = _strip_line(line.text, line.no, result, eat_space)
        for m in ANNOTATION.finditer(text):
            run = " ".join(r.group(1) for r in _RUN.finditer(m.group()))
            if looks_like_pinyin(run):
                ch = text[m.start() - 1]
                result.broken.append(Note(line.no, short(text[max(0, m.start() - 4): m.end() + 4]), f"“{m.group().strip()}”像是拼音夹注，但不是前面的字“{ch}”的读音，没有删除。请对照原网页改正。"))
        for m in BROKEN_NOTE.finditer(text):
            frag = m.group()
            before, after = text[max(0, m.start() - 1): m.start()], text[m.end(): m.end() + 1]
            if cjk_count(before + after) and not re.search("[A-Za-z]", before + after) and not ANNOTATION.match(text, m.start()):
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
