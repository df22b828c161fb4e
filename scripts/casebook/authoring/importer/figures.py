"""Every number in the article with its unit and the sentence it sits in.

The maintainer picks the key figures from these candidates; each comes with a
short phrase around it that can be copied to ``source_phrase`` as is (the
validator checks that the number occurs in it). Following the schema, the
value is written as printed and a multiplier stays in the unit: 476.6万人次 ->
value 476.6, unit 万人次.

Arabic numbers are all taken, with or without a unit. Chinese numerals are
taken only before a measure word (三批, 两遍, 百余名), and not inside quotes
(“三项制度” names a practice) or after 第. Years, months and days of dates
are left out and counted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...common.numbers import occurs_in, parse_chinese_numeral
from .lines import Line

UNITS = sorted(
    """人次 户次 件次 个百分点 百分点 平方公里 平方米 平米 公里 千米 米 个月 小时 分钟 名 人 个 位 户 家 所 项 件 次 场 期 批 条 篇 册 本 份 遍 天 日 周 月 年 岁 倍 处 座 村 镇 乡 类 种 套 支 届 轮
    组 队 亩 吨 台 辆 间 栋 张 枚 元 票 分 级 层 部 门 节 课 章 句 字 % ％ ‰""".split(),
    key=len,
    reverse=True,
)
_UNIT = "|".join(re.escape(u) for u in UNITS)
_NUM = r"\d+(?:,\d{3})*(?:\.\d+)?"
_PRE = r"(?P<pre>将近|大约|超过|不到|不足|近|约|逾)?"
_POST = rf"(?P<more>余|多)?(?P<mult>万|亿)?(?P<more2>余|多)?(?P<unit>{_UNIT})?(?P<more3>余|多)?(?P<after>以上|以下|左右|之多)?"
ARABIC = re.compile(rf"{_PRE}(?P<num>(?<![\d.]){_NUM})(?:\s*[—–\-~～至到]\s*{_NUM})?{_POST}")
CN_DIGITS = "零〇一二两三四五六七八九十百千万亿"
CN_PERCENT = re.compile(rf"(?P<pre>将近|大约|超过|不到|不足|近|约|逾)?(?P<mult>百分之|千分之)(?P<num>[{CN_DIGITS}点]+)(?P<more>多)?(?P<after>以上|以下|左右)?")
CHINESE = re.compile(rf"{_PRE}(?<!第)(?P<num>[{CN_DIGITS}]+)(?P<more>余|多)?(?P<unit>{_UNIT})(?P<after>以上|以下|左右)?")
_RANGE_TAIL = re.compile(rf"\s*[—–\-~～至到]\s*({_NUM})")
SENTENCE_END = re.compile(r"(?<=[。！？!?；;])")
CLAUSE_SEP = re.compile(r"[，,：:；;。！？!?]")
QUALIFIERS = {
    "余": "more-than", "多": "more-than", "超过": "more-than", "逾": "more-than", "以上": "at-least",
    "近": "about", "约": "about", "大约": "about", "将近": "about", "左右": "about",
    "不到": "less-than", "不足": "less-than", "以下": "less-than",
}
QUALIFIER_NAMES = {"about": "约数", "more-than": "余、多", "at-least": "以上", "less-than": "不到"}
MAX_PHRASE = 120


@dataclass
class Figure:
    line: int
    value: float
    unit: str
    qualifier: str | None
    text: str  # as printed: 476.6万人次
    sentence: str
    phrase: str  # the clause around it, usable as source_phrase
    span: tuple[int, int]  # where ``phrase`` is in the line's text


@dataclass
class FigureScan:
    figures: list[Figure]
    skipped_dates: int


def _sentences(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for part in SENTENCE_END.split(text):
        if part:
            out.append((pos, part))
        pos += len(part)
    return out


def _phrase(sentence: str, start: int, end: int) -> tuple[int, int]:
    """(start, end) of the clause of ``sentence`` around [start, end), widened if very short."""
    cuts = [0] + [m.end() for m in CLAUSE_SEP.finditer(sentence)] + [len(sentence)]
    left = max(c for c in cuts if c <= start)
    right = min(c for c in cuts if c >= end)
    if right - left < 8:  # "3年来," alone says little: add the clause before (or after)
        if left > 0:
            left = max([c for c in cuts if c < left - 1] or [0])
        else:
            right = min([c for c in cuts if c > right + 1] or [len(sentence)])
    while left < right and (sentence[left].isspace() or sentence[left] in "”’」』）)"):
        left += 1
    while right > left and (sentence[right - 1].isspace() or sentence[right - 1] in "，,：:；;。！？!?"):
        right -= 1
    if right - left > MAX_PHRASE:
        left = max(left, start - 40)
        right = min(right, left + MAX_PHRASE)
    return left, right


def _is_date_part(text: str, m: re.Match, value: float) -> bool:
    unit = m.groupdict().get("unit") or ""
    before = text[max(0, m.start("num") - 1): m.start("num")]
    if unit == "年" and 1900 <= value <= 2100 and not m.groupdict().get("more"):
        return True
    if unit == "月" and 1 <= value <= 12:
        return True
    if unit in ("日", "号") and 1 <= value <= 31 and before in ("月",):
        return True
    return False


def _inside_quotes(text: str, pos: int) -> bool:
    return text.count("“", 0, pos) > text.count("”", 0, pos)


_DIGIT_VALUES = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def _chinese_decimal(text: str) -> float | None:
    """八十九点五 -> 89.5 (the part after 点 is read digit by digit)."""
    whole, _, frac = text.partition("点")
    value = parse_chinese_numeral(whole)
    if value is None or any(ch not in _DIGIT_VALUES for ch in frac):
        return None
    return float(f"{value}.{''.join(str(_DIGIT_VALUES[ch]) for ch in frac)}") if frac else float(value)


def _loose_numeral(text: str, m: re.Match) -> bool:
    """一项项, 一家一户, 七八年: figures of speech and rough ranges, not figures."""
    num, unit = m.group("num"), m.group("unit")
    if text.startswith(("百分", "千分"), m.start("num")):  # 百分点, 百分之, 千分之
        return True
    after = text[m.end(): m.end() + 2]
    if num == "一" and (after.startswith(unit) or after.startswith("一") or text[max(0, m.start() - 2): m.start()][:1] == "一"):
        return True
    digits = [ch for ch in num if ch in "一二三四五六七八九"]
    return len(num) == 2 and len(digits) == 2


def scan(lines: list[Line]) -> FigureScan:
    figures: list[Figure] = []
    seen: set[tuple] = set()
    skipped = 0
    for line in lines:
        for offset, sentence in _sentences(line.text):
            found = []
            for m in ARABIC.finditer(sentence):
                value = float(m.group("num").replace(",", ""))
                found.append((m, value, m.group("num")))
                tail = _RANGE_TAIL.match(sentence, m.end("num"))
                if tail:  # 1—2年: both ends of the range, with the unit after it
                    found.append((m, float(tail.group(1).replace(",", "")), tail.group(1)))
            for m in CN_PERCENT.finditer(sentence):
                value = _chinese_decimal(m.group("num"))
                if value is not None:
                    found.append((m, value, m.group("num")))
            for m in CHINESE.finditer(sentence):
                if any(p.start() <= m.start("num") < p.end() for p in CN_PERCENT.finditer(sentence)):
                    continue
                value = parse_chinese_numeral(m.group("num"))
                if value is None or _inside_quotes(sentence, m.start()) or _loose_numeral(sentence, m):
                    continue
                found.append((m, float(value), m.group("num")))
            for m, value, number in sorted(found, key=lambda f: f[0].start()):
                if _is_date_part(sentence, m, value):
                    skipped += 1
                    continue
                mult = m.groupdict().get("mult") or ""
                unit = {"百分之": "%", "千分之": "‰"}.get(mult, mult + (m.groupdict().get("unit") or ""))
                words = [m.groupdict().get(k) for k in ("pre", "more", "more2", "more3", "after")]
                words = [w for w in words if w]
                qualifier = next((QUALIFIERS[w] for w in words if w in QUALIFIERS), None)
                a, b = _phrase(sentence, m.start(), m.end())
                if not occurs_in(value, sentence[a:b]) and occurs_in(value, sentence[:MAX_PHRASE]):
                    a, b = 0, min(len(sentence), MAX_PHRASE)
                phrase = sentence[a:b]
                key = (value, unit, phrase)
                if key in seen:
                    continue
                seen.add(key)
                figures.append(Figure(line.no, value, unit, qualifier, m.group().strip(), sentence.strip(), phrase, (offset + a, offset + b)))
    return FigureScan(figures, skipped)
