"""How common a Chinese character is, from the frequencies in jieba's dictionary.

Text decoded with the wrong encoding is full of characters that ordinary
prose almost never uses (鍙 浠 鐨 锛 銆 ...). Ranking every character by its
total frequency in jieba's word list (traditional characters are ranked as
their simplified form, see ``nlp.char_ranks``) gives a cheap measure of that.
"""

from __future__ import annotations

from functools import lru_cache

import opencc

COMMON_RANK = 2000  # characters ranked beyond this count as rare


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    return _t2s().convert(text)


def ranks() -> dict[str, int]:
    from .nlp import char_ranks

    return char_ranks()


def simplified_chars(text: str) -> str:
    """``text`` in simplified characters, one character for each input character."""
    out = to_simplified(text)
    if len(out) == len(text):
        return out
    return "".join(to_simplified(ch)[:1] or ch for ch in text)


def is_letter(ch: str) -> bool:
    """A character that carries meaning in Chinese text (ideograph, kana, bopomofo, hangul)."""
    o = ord(ch)
    return (
        0x3400 <= o <= 0x4DBF or 0x4E00 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0x20000 <= o <= 0x3134F
        or 0x3040 <= o <= 0x30FF or 0x3100 <= o <= 0x312F or 0x31A0 <= o <= 0x31BF or 0xAC00 <= o <= 0xD7AF
    )


def rarity(text: str) -> list[bool]:
    """For each character: is it a rare letter (True) or not (False)."""
    table = ranks()
    simple = simplified_chars(text)
    return [is_letter(ch) and table.get(s, 10**9) > COMMON_RANK for ch, s in zip(text, simple)]


def rare_share(text: str) -> float:
    """Share of rare characters among the letters of ``text`` (0 when there are none)."""
    flags = rarity(text)
    letters = sum(1 for ch in text if is_letter(ch))
    return sum(flags) / letters if letters else 0.0
