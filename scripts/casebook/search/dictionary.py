"""The domain dictionary: formulaic terms jieba must keep as single words.

Generated from the case data, never hand-written: glossary terms with their
aliases and expansions, synonym groups, theme names and keywords, practice
names, quoted phrases (“三进三同”), organisations and place names. Every
word is normalized (simplified, lower case) because segmentation runs on
normalized text.

``casebook search-dict`` writes it in jieba's user-dictionary format so a
person can read what the segmenter was told.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from ..load.project import Project
from .normalize import HAN_CLASS, normalize

MIN_LEN, MAX_LEN = 2, 10  # characters; longer "words" are sentences, not terms
QUOTED_MAX = 8
# A dictionary word: Han characters, optionally with ASCII letters/digits (12345热线).
WORD_RE = re.compile(f"[{HAN_CLASS}0-9a-z]+")
HAS_HAN = re.compile(f"[{HAN_CLASS}]")
QUOTE_RE = re.compile(r"[“「『\"]([^”」』\"]{1,40})[”」』\"]")
CLAUSE_SPLIT = re.compile(r"[、，,；;：:。.！!？?/（）()\s]+")
PLACE_SUFFIXES = ("特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州", "自治县", "省", "市", "区", "县", "镇", "乡", "街道")

# Kinds, strongest first; a word found by several sources keeps the first.
KINDS = ("glossary", "synonym", "theme", "practice", "quoted", "organisation", "place")


def is_word(text: str, max_len: int = MAX_LEN) -> bool:
    return MIN_LEN <= len(text) <= max_len and bool(WORD_RE.fullmatch(text)) and bool(HAS_HAN.search(text))


def _strip_quotes(text: str) -> str:
    return re.sub(r"[“”「」『』\"]", "", text)


@lru_cache(maxsize=1)
def _opening_quotes() -> re.Pattern:
    """Every character that is an opening quote once normalized (＂, ｢, ﹁, …)."""
    opening = "“「『\""
    chars = [chr(c) for c in range(0x10000) if any(q in unicodedata.normalize("NFKC", chr(c)) for q in opening)]
    return re.compile("[" + re.escape("".join(chars)) + "]")


def quoted_phrases(text: str) -> list[str]:
    """Items inside Chinese quotes, split at enumeration marks: “定人、定时、定点” -> 3 words."""
    out: list[str] = []
    if not _opening_quotes().search(text):  # most texts: no need to normalize them (10,000 cases: seconds)
        return out
    for m in QUOTE_RE.finditer(normalize(text)):
        for part in CLAUSE_SPLIT.split(m.group(1)):
            if is_word(part, QUOTED_MAX):
                out.append(part)
    return out


def place_forms(name: str) -> list[str]:
    """武进区 -> [武进区, 武进]; the short form only when two or more characters remain."""
    name = normalize(name)
    forms = [name]
    for suffix in PLACE_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            forms.append(name[: -len(suffix)])
            break
    return [f for f in forms if is_word(f)]


def _case_texts(case) -> list[str]:
    d = case.data
    texts = [d["title"], d["summary"], d["background"], d["outcomes"], *d["insights"]]
    for p in d["practices"]:
        texts += [p["name"], p["description"]]
    return texts


def domain_words(project: Project) -> dict[str, str]:
    """{normalized word: kind}, sorted by word."""
    found: dict[str, set[str]] = {}
    normalized: dict[str, str] = {}  # places, organisations and themes recur in thousands of cases
    forms_of = lru_cache(maxsize=None)(place_forms)

    def add(word: str, kind: str) -> None:
        norm = normalized.get(word)
        if norm is None:
            norm = normalized[word] = normalize(word).strip()
        if is_word(norm):
            found.setdefault(norm, set()).add(kind)

    vocab = project.vocab
    for entry in vocab.glossary.values():
        add(entry["term"], "glossary")
        for alias in entry.get("aliases", []):
            add(alias, "glossary")
        for item in entry.get("expansion", []):
            add(item, "glossary")
    for group in vocab.synonyms:
        for word in group:
            add(word, "synonym")
    for theme in vocab.themes.values():
        add(theme["name"], "theme")
        for word in theme.get("keywords", []):
            add(word, "theme")
    for case in project.cases:
        for p in case["practices"]:
            add(_strip_quotes(p["name"]), "practice")
        for text in _case_texts(case):
            for word in quoted_phrases(text):
                add(word, "quoted")
        add(case["organisation"], "organisation")
        region = case["region"]
        for key in ("province", "city", "county"):
            if region.get(key):
                for form in forms_of(region[key]):
                    add(form, "place")
    return {w: next(k for k in KINDS if k in kinds) for w, kinds in sorted(found.items())}


def write_dictionary(words: dict[str, str], path: Path, freq: int) -> None:
    """jieba user-dictionary format: ``word freq tag`` per line, sorted."""
    lines = [f"{w} {freq} {kind}\n" for w, kind in sorted(words.items())]
    path.write_text("".join(lines), encoding="utf-8")
