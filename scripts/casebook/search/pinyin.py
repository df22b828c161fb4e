"""Pinyin readings of the index's words, for queries typed in pinyin (issue #17).

Readers type ``jieqiongqin``, ``jie qiong qin``, ``jqq`` or ``三jin三tong``
with the input method off. The browser turns such a query back into the
Chinese words it spells and searches those. It needs, for every word the
index knows, the word's reading:

* the lexicon: the search dictionary's words (glossary terms, practice
  names, places, organisations, themes, quoted slogans) and the words the
  segmenter found in the cases (湖塘镇, 干部, 考核...): indexed Han tokens of
  three characters or more, and two-character tokens that are words of
  jieba's dictionary or the search dictionary (not a bigram across two
  words), each with how many documents contain it;
* readings from pypinyin (its phrase dictionary decides polyphones: 重庆
  chong, 银行 hang), computed once per pypinyin segment of a word;
* readings the maintainers wrote: ids and slugs are pinyin of the names
  they belong to (``chongqing`` for 重庆市, ``jie-qiongqin`` for 结穷亲).
  ``id_readings`` aligns each id with its name; where the id reads a
  phrase otherwise than pypinyin does (a place such as 长治, which pypinyin
  reads zhang zhi), the id's reading is loaded into pypinyin's phrase
  dictionary (``load_phrases_dict``) before any word is read.

Written under ``search/p/``: the lexicon in shards keyed by the first letters
of a word's first two syllables (what an initials query like ``jqq`` and a
full one like ``jieqiong`` share), and ``chars.js``, every common character's
readings, loaded only for mixed queries and for "did you mean" by sound.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..load.project import Project
from .index import fnv1a32, shard_count
from .normalize import normalize

HAN_WORD = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")
ID_GROUP = re.compile(r"[a-z]{2,}")
SHARD_TARGET_BYTES = 8_000  # a lexicon shard's JSON: one or two of them per pinyin query word
KEY_LETTERS = 2  # shard key: first letters of the first two syllables


@lru_cache(maxsize=1)
def _pypinyin():
    import pypinyin
    from pypinyin.core import Pinyin

    return pypinyin, Pinyin()


def toneless(syllable: str) -> str:
    """A pypinyin NORMAL-style syllable as readers type it: ü as v."""
    return syllable.replace("ü", "v")


@lru_cache(maxsize=None)
def char_readings(ch: str) -> tuple[str, ...]:
    """Every toneless reading pypinyin has for one character, most common first."""
    pypinyin, _ = _pypinyin()
    found = pypinyin.pinyin(ch, style=pypinyin.Style.NORMAL, heteronym=True, errors=lambda x: [[]])
    return tuple(dict.fromkeys(toneless(r) for r in found[0])) if found and found[0] else ()


_TONES = str.maketrans({c: b for b, cs in {"a": "āáǎà", "e": "ēéěè", "i": "īíǐì", "o": "ōóǒò", "u": "ūúǔù", "v": "ǖǘǚǜü", "m": "ḿ", "n": "ńňǹ"}.items() for c in cs})


@lru_cache(maxsize=None)
def _tone_marked(ch: str) -> dict[str, str]:
    """toneless reading -> pypinyin's tone-marked spelling, for load_phrases_dict."""
    pypinyin, _ = _pypinyin()
    out: dict[str, str] = {}
    for marked in pypinyin.pinyin(ch, style=pypinyin.Style.TONE, heteronym=True)[0]:
        out.setdefault(marked.translate(_TONES), marked)
    return out


# ---------------------------------------------------------------- ids as readings


@dataclass(frozen=True)
class IdReading:
    text: str  # a phrase of the name (normalized)
    syllables: tuple[str, ...]  # how the id spells it
    source: str  # e.g. "cases/x.yaml: id"


def named_ids(project: Project) -> list[tuple[str, str, str]]:
    """(name, id, where) for every id or slug written for a name."""
    out = []
    for case in project.cases:
        out.append((case["title"], case.id, f"{case.rel}: id"))
        for p in case["practices"]:
            out.append((p["name"], p["id"], f"{case.rel}: practices/{p['id']}"))
    vocab = project.vocab
    for entry in vocab.glossary.values():
        out.append((entry["term"], entry["id"], f"glossary: {entry['id']}"))
    for name, entry in vocab.provinces.items():
        out.append((name, entry["slug"], f"provinces: {entry['slug']}"))
    return out


def align(name: str, ident: str) -> list[tuple[str, tuple[str, ...]]]:
    """The phrases of ``name`` that the groups of ``ident`` spell.

    Each hyphen-separated group of letters is matched on its own against
    runs of consecutive characters, the first run whose readings spell it
    exactly (ids abbreviate and reorder: ``sanxiang-jiaoyu`` for
    抓好“三项教育”, ``zhicheng-pingshen-gaige`` for 改革职称评审制度). A
    group no run spells (English, a typo, another name's word) gives nothing.
    """
    groups = [part for part in ident.split("-") if ID_GROUP.fullmatch(part) and fewest_syllables(part) >= 2]
    if not groups:  # one syllable spells no phrase (most synthetic ids: yi-diao-00785)
        return []
    chars = "".join(HAN_WORD.findall(normalize(name)))
    # (as an id may spell it, the reading): ü may be written v (lv) or u (lu)
    readings = [_spellings(c) for c in chars]

    def spell(letters: str, at: int, pos: int) -> tuple[str, ...] | None:
        if pos == len(letters):
            return ()
        for spelled, r in readings[at] if at < len(chars) else ():
            if letters.startswith(spelled, pos):
                rest = spell(letters, at + 1, pos + len(spelled))
                if rest is not None:
                    return (r,) + rest
        return None

    out = []
    for part in groups:
        for start in range(len(chars)):
            found = spell(part, start, 0)
            # as many characters as the fewest syllables the letters make:
            # "mian" is one syllable, never 摩安 read mi an
            if found is not None and len(found) == fewest_syllables(part):
                out.append((chars[start : start + len(found)], found))
                break
    return out


@lru_cache(maxsize=None)
def _spellings(ch: str) -> list[tuple[str, str]]:
    """(as an id may write it, the reading) for each reading of a character."""
    return [(r, r) for r in char_readings(ch)] + [(r.replace("v", "u"), r) for r in char_readings(ch) if "v" in r]


@lru_cache(maxsize=1)
def syllable_inventory() -> frozenset[str]:
    """Every toneless syllable of the common characters."""
    return frozenset(r for ch in _common_chars() for r in char_readings(ch))


@lru_cache(maxsize=4096)
def fewest_syllables(letters: str) -> int:
    """The fewest syllables ``letters`` split into (0 when they do not)."""
    inventory = syllable_inventory()
    best = [0] + [len(letters) + 1] * len(letters)
    for end in range(1, len(letters) + 1):
        for start in range(max(0, end - 6), end):
            if best[start] <= len(letters) and letters[start:end] in inventory:
                best[end] = min(best[end], best[start] + 1)
    return best[-1] if best[-1] <= len(letters) else 0


def id_readings(project: Project) -> list[IdReading]:
    """Phrases of two characters or more with the reading their id gives them."""
    out = []
    for name, ident, where in named_ids(project):
        for text, syllables in align(name, ident):
            if len(text) >= 2:
                out.append(IdReading(text, syllables, where))
    return out


def corrections(project: Project) -> dict[str, list[list[str]]]:
    """Phrases whose id reads them otherwise than pypinyin: {phrase: [[tone-marked], ...]}.

    pypinyin reads a phrase from its phrase dictionary when it has it and
    character by character when not; only the second can get a polyphone
    wrong for a name it does not know (长治 read zhang zhi, 单县 dan xian).
    So an id overrules pypinyin only for a phrase the dictionary lacks, or
    by one of the readings the dictionary itself lists for it (朝阳: zhao or
    chao): an id's typo on a known word (抽查 spelled chouzha) changes
    nothing. An id spelling a character with a reading it does not have
    never aligns at all (``align``). When two ids disagree on a phrase the
    first (file order) is kept.
    """
    from pypinyin.constants import PHRASES_DICT

    out: dict[str, list[list[str]]] = {}
    for found in id_readings(project):
        if found.text in out or tuple(pypinyin_reading(found.text)) == found.syllables:
            continue
        known = PHRASES_DICT.get(found.text)
        if known and not all(syl in {m.translate(_TONES) for m in alts} for syl, alts in zip(found.syllables, known)):
            continue
        marked = []
        for ch, syl in zip(found.text, found.syllables):
            tones = _tone_marked(ch)
            marked.append([tones.get(syl) or tones.get(syl.replace("u", "v")) or syl])
        out[found.text] = marked
    return out


def pypinyin_reading(text: str) -> list[str]:
    pypinyin, _ = _pypinyin()
    return [toneless(s) for s in pypinyin.lazy_pinyin(text)]


def load_corrections(project: Project) -> dict[str, list[list[str]]]:
    """Load the ids' readings into pypinyin's phrase dictionary; returns what was loaded."""
    fixes = corrections(project)
    if fixes:
        pypinyin, _ = _pypinyin()
        pypinyin.load_phrases_dict(fixes)
    return fixes


class Readings:
    """Readings of words, memoized per pypinyin segment (words share their
    segments: reading 4,690 words one by one took 2.1 s, this 0.55 s, with
    identical results). Make one after ``load_corrections``."""

    def __init__(self) -> None:
        _, self._pinyin = _pypinyin()
        self._memo: dict[str, tuple[str, ...]] = {}

    def __call__(self, word: str) -> tuple[str, ...]:
        out: list[str] = []
        for seg in self._pinyin.seg(word):
            r = self._memo.get(seg)
            if r is None:
                r = self._memo[seg] = tuple(toneless(s) for s in self._pinyin.lazy_pinyin(seg))
            out += r
        return tuple(out)


# ---------------------------------------------------------------- the lexicon


@dataclass(frozen=True)
class Entry:
    word: str
    syllables: tuple[str, ...]
    df: int  # documents containing the word
    domain: bool  # a search-dictionary word (ranks first among equal matches)

    @property
    def key(self) -> str:
        return shard_key(self.syllables)


def shard_key(syllables) -> str:
    return "".join(s[0] for s in syllables[:KEY_LETTERS])


@lru_cache(maxsize=1)
def _two_character_words() -> frozenset[str]:
    """The two-character words of jieba's dictionary (the segmenter's own),
    read from its file: a warm build never loads the tokenizer itself."""
    import jieba

    with jieba.get_dict_file() as f:
        return frozenset(w for w in (line.split(b" ", 1)[0].decode("utf-8") for line in f) if len(w) == 2)


def lexicon_words(postings, domain: dict[str, str]) -> dict[str, bool]:
    """{word: is a dictionary word}: every all-Han word the index has, of two
    characters or more; a two-character token only when it is a word (of the
    search dictionary or of jieba's), not a bigram across two words."""
    two = _two_character_words()
    out: dict[str, bool] = {}
    for token in postings:
        if len(token) >= 2 and HAN_WORD.fullmatch(token) and (len(token) > 2 or token in two or token in domain):
            out[token] = token in domain
    for word in domain:
        if HAN_WORD.fullmatch(word):
            out[word] = True
    return out


def build_lexicon(project: Project, postings, domain: dict[str, str]) -> tuple[list[Entry], dict]:
    """The lexicon (domain words unused by every case left out) and figures for the build log."""
    fixes = load_corrections(project)
    read = Readings()
    entries = []
    for word, is_domain in sorted(lexicon_words(postings, domain).items()):
        df = len(postings.get(word, ()))
        if not df:
            continue
        syllables = read(word)
        if len(syllables) != len(word) or not all(s.isalpha() and s.isascii() for s in syllables):
            continue  # a character pypinyin has no reading for
        entries.append(Entry(word, syllables, df, is_domain))
    return entries, {"words": len(entries), "corrections": len(fixes)}


def shards(entries: list[Entry]) -> list[dict[str, list]]:
    """Shard k: {key: [[word, "jie qiong qin", df, 1 if a dictionary word else 0], ...]}."""
    # an entry's JSON: the word in UTF-8, its syllables, the numbers and punctuation
    n = shard_count(sum(3 * len(e.word) + 2 * len(e.syllables) + len("".join(e.syllables)) + 12 for e in entries), SHARD_TARGET_BYTES)
    out: list[dict[str, list]] = [{} for _ in range(n)]
    for e in entries:
        out[fnv1a32(e.key) % n].setdefault(e.key, []).append([e.word, " ".join(e.syllables), e.df, int(e.domain)])
    return out


@lru_cache(maxsize=1)
def _common_chars() -> tuple[str, ...]:
    """The 6,763 characters of GB 2312: what a pinyin input method types."""
    out = []
    for cp in range(0x4E00, 0xA000):
        try:
            chr(cp).encode("gb2312")
        except UnicodeEncodeError:
            continue
        out.append(chr(cp))
    return tuple(out)


def char_data(entries: list[Entry]) -> dict[str, str]:
    """{reading: characters}: every reading of the common characters and of
    the lexicon's characters (a query's wrong character is usually common)."""
    chars = set(_common_chars())
    for e in entries:
        chars.update(e.word)
    by_reading: dict[str, list[str]] = {}
    for ch in sorted(chars):
        for r in char_readings(ch):
            if r.isascii() and r.isalpha():
                by_reading.setdefault(r, []).append(ch)
    return {r: "".join(cs) for r, cs in sorted(by_reading.items())}


def manifest_part(n_shards: int, chars: dict[str, str]) -> dict:
    """What the browser needs before it loads anything: the shard count and
    the syllables (to split a latin query into syllables and initials)."""
    return {"shards": n_shards, "syllables": " ".join(sorted(chars))}
