"""One spelling for every text the search sees: NFKC, simplified, lower case.

The index side converts with OpenCC's phrase-aware t2s converter. The browser
cannot run OpenCC, so it gets a per-character table (``char_table``) derived
from the same OpenCC data, limited to the characters that matter for this
corpus. Per-character and phrase conversion disagree on a handful of
characters (乾隆 stays 乾隆 as a phrase, 乾 alone becomes 干); the tokenizer
therefore also indexes the bigrams of the per-character spelling when it
differs, so a query converted by the table still meets the text.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Han ideographs: Extension A, URO, compatibility ideographs, Extensions B-F.
HAN_RANGES = (
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0x20000, 0x2EBEF),
)
HAN_CLASS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef〇"
HAN_RE = re.compile(f"[{HAN_CLASS}]")


def is_han(ch: str) -> bool:
    return bool(HAN_RE.fullmatch(ch))


@lru_cache(maxsize=1)
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


def t2s(text: str) -> str:
    """OpenCC traditional -> simplified (phrase aware)."""
    return _converter().convert(text) if text else text


def normalize(text: str) -> str:
    """The index spelling of a text: NFKC, OpenCC t2s, lower case."""
    return t2s(unicodedata.normalize("NFKC", text)).lower()


@lru_cache(maxsize=1)
def _all_char_pairs() -> tuple[tuple[str, str], ...]:
    """Every Han character OpenCC's t2s converts on its own, with its result."""
    chars = [chr(cp) for lo, hi in HAN_RANGES for cp in range(lo, hi + 1)]
    # One call; the newline keeps OpenCC from matching phrases across characters.
    converted = _converter().convert("\n".join(chars)).split("\n")
    if len(converted) != len(chars):  # pragma: no cover - OpenCC contract
        raise RuntimeError("OpenCC changed the number of characters")
    return tuple((a, b) for a, b in zip(chars, converted) if a != b and len(b) == 1)


def char_table(corpus_chars: set[str] | None = None) -> dict[str, str]:
    """Traditional -> simplified per character, from OpenCC's t2s data.

    With ``corpus_chars`` (characters of the normalized corpus and of the raw
    texts the browser highlights), only the pairs whose source or target
    occurs in it: a traditional character whose simplified form is not in the
    index cannot help a query find anything.
    """
    pairs = _all_char_pairs()
    if corpus_chars is None:
        return dict(pairs)
    return {a: b for a, b in pairs if b in corpus_chars or a in corpus_chars}


_TRANSLATIONS: dict[int, tuple[dict[str, str], dict[int, str]]] = {}


def translation(table: dict[str, str]) -> dict[int, str]:
    """``str.maketrans(table)``, made once per table."""
    cached = _TRANSLATIONS.get(id(table))
    if cached is None or cached[0] is not table:
        cached = _TRANSLATIONS[id(table)] = (table, str.maketrans(table))
    return cached[1]


def char_normalize(text: str, table: dict[str, str]) -> str:
    """What the browser does to a query: NFKC, the per-character table, lower case."""
    return unicodedata.normalize("NFKC", text).translate(translation(table)).lower()
