"""Find the numbers written in a phrase, in Arabic or Chinese numerals.

Used to check that a figure's value really occurs in its source phrase, so a
typo in either is caught by the validator.
"""

from __future__ import annotations

import re
import unicodedata

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5,
           "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_BIG = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}
_CN_RUN = re.compile("[" + "".join(_DIGITS) + "".join(_UNITS) + "".join(_BIG) + "]+")
_ARABIC = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")


def parse_chinese_numeral(text: str) -> int | None:
    """二十三 -> 23, 一百二十七 -> 127, 百 -> 100, 十 -> 10; None if not a numeral."""
    if not text or all(ch in _BIG for ch in text):
        return None
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in _DIGITS:
            if digit is not None:  # digit-by-digit style: 二〇二二
                digit = digit * 10 + _DIGITS[ch]
            else:
                digit = _DIGITS[ch]
        elif ch in _UNITS:
            section += (1 if digit is None else digit) * _UNITS[ch]
            digit = None
        else:  # 万 / 亿
            section += digit or 0
            total += (section or 1) * _BIG[ch]
            section, digit = 0, None
    return total + section + (digit or 0)


def numbers_in(phrase: str) -> list[float]:
    """Every number in ``phrase``; Arabic runs are read before Chinese ones."""
    text = unicodedata.normalize("NFKC", phrase)
    found = [float(m.group().replace(",", "")) for m in _ARABIC.finditer(text)]
    rest = _ARABIC.sub(" ", text)
    for m in _CN_RUN.finditer(rest):
        run = m.group()
        value = parse_chinese_numeral(run)
        if value is not None:
            found.append(float(value))
        # 一二三 inside words (一是, 三进三同) also count as single digits
        found.extend(float(_DIGITS[ch]) for ch in run if ch in _DIGITS)
    return found


def occurs_in(value: float, phrase: str) -> bool:
    return any(abs(n - value) < 1e-9 for n in numbers_in(phrase))


def format_value(value: float) -> str:
    """127 -> '127', 476.6 -> '476.6', 12000 -> '12000' (no rounding, no grouping)."""
    if isinstance(value, bool):
        return str(value)
    if float(value).is_integer():
        return str(int(value))
    return repr(float(value))
