"""Index tokens of a text: jieba words (with the domain dictionary) + Han bigrams.

Three kinds of token share one key space:

* jieba ``cut_for_search`` words of the normalized text, so a whole formulaic
  term (三项制度, 结穷亲) is one token and ranks as a word;
* every bigram of every run of Han characters, the CJK search engines'
  fallback: any query of two or more characters that occurs in the text shares
  all its bigrams with the text, whatever either dictionary thinks;
* runs of ASCII letters and digits (2008, 96.5).

Segmentation is a pure function of (text, dictionary): no global jieba state
is touched, so results can be cached by content hash.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

from ..common.wordcut import RE_HAN, FastCut, private_tokenizer
from .normalize import HAN_CLASS, char_normalize, char_table, normalize, t2s, translation

if TYPE_CHECKING:
    from .documents import Document

HAN_RUN = re.compile(f"[{HAN_CLASS}]+")
ALNUM_RUN = re.compile(r"[0-9a-z]+(?:\.[0-9]+)?")
TOKEN_RE = re.compile(f"[{HAN_CLASS}0-9a-z]")  # a token must contain one of these
HAN_PAIR = re.compile(f"[{HAN_CLASS}]{{2}}")  # the shape of a bigram
# Probability mass of a domain word: about that of a common word. The total is
# restored afterwards, so adding thousands of domain words does not shift the
# probability of every ordinary word.
DOMAIN_FREQ = 200_000
BLOCK_MEMO = 60_000  # runs remembered per process and generation (tens of MB in all)


class Memo:
    """Two generations of at most BLOCK_MEMO entries: a key found in the
    older one moves to the recent one, so keys that keep recurring outlive
    each turnover (bench corpus, 5,000 cases a process: 336,460 runs
    segmented, against 370,822 with one memo of 100,000 emptied when full)."""

    def __init__(self) -> None:
        self.size = BLOCK_MEMO
        self.recent: dict = {}
        self.older: dict = {}

    def get(self, key):
        value = self.recent.get(key)
        if value is None:
            value = self.older.get(key)
            if value is not None:
                self.put(key, value)
        return value

    def put(self, key, value) -> None:
        if len(self.recent) >= self.size:
            self.older, self.recent = self.recent, {}
        self.recent[key] = value


class Segmenter:
    """A private jieba.Tokenizer: jieba's own dictionary plus the domain words."""

    def __init__(self, words: Iterable[str] = ()):
        self.words = tuple(sorted(set(words)))
        self._tokenizer = None  # loaded on the first cut: a build whose segmentations are all cached needs none
        self._fast: FastCut | None = None
        self._words = Memo()  # run jieba segments -> its words (word_tokens)

    @property
    def _tk(self):
        if self._tokenizer is None:
            self._tokenizer = private_tokenizer(self.words, DOMAIN_FREQ)
        return self._tokenizer

    def forget(self) -> None:
        """Drop the memo of segmented runs and the automaton (tens of megabytes
        each at 10,000 cases) once segmenting is over; both come back if needed."""
        self._words = Memo()
        self._fast = None

    def fast(self) -> FastCut:
        """jieba's cut from an automaton over its dictionary (casebook.common.wordcut): same words, twice as fast."""
        if self._fast is None:
            self._fast = FastCut(self._tk)
        return self._fast

    def _block_words(self, block: str) -> list[str]:
        """``cut_for_search`` words of one run jieba segments on its own: each
        word, after the dictionary words inside it (shortest first, then by place)."""
        spans: list[tuple[int, int]] = []
        inside: dict[int, list[int]] = {}
        out: list[str] = []
        x = 0
        for word in self.fast().cut_block(block, spans=spans):
            y = x + len(word)
            if TOKEN_RE.search(word):
                if y - x > 2:
                    if not inside:
                        for first, last in spans:
                            inside.setdefault(first, []).append(last)
                    parts = sorted(
                        (last - first, first)
                        for first in range(x, y - 1)
                        for last in inside.get(first, ())
                        if last < y - 1 or (first > x and last == y - 1)  # inside the word, not the word itself
                    )
                    out += [block[first : first + size + 1] for size, first in parts]
                out.append(word)
            x = y
        return out

    def cut(self, norm_text: str) -> list[str]:
        """jieba words of an already normalized text (punctuation dropped)."""
        fast = self.fast()
        return [w for block in _blocks(norm_text) for w in (fast.cut_block(block) if RE_HAN.match(block) else block) if TOKEN_RE.search(w)]

    def cut_for_search(self, norm_text: str) -> list[str]:
        """Words, and every dictionary word inside a longer word.

        jieba's own search mode adds only the 2- and 3-character words inside
        a long word; a domain term inside a longer one (大学生村官 in
        万名大学生村官计划) must be a token too. jieba cuts each run of Han
        characters (between punctuation) on its own.
        """
        out: list[str] = []
        for block in _blocks(norm_text):
            out += self._block_words(block) if RE_HAN.match(block) else TOKEN_RE.findall(block)  # jieba yields these one character at a time
        return out

    def word_tokens(self, norm_text: str) -> list[str]:
        """``cut_for_search`` without the two-character Han words, which are
        bigrams of the text as well (see ``field_tokens``). Runs are
        remembered (``Memo``): the same clauses recur across thousands of cases."""
        memo = self._words
        out: list[str] = []
        for block in _blocks(norm_text):
            if not RE_HAN.match(block):
                out += TOKEN_RE.findall(block)  # single characters: never a bigram
                continue
            words = memo.get(block)
            if words is None:
                words = [w for w in self._block_words(block) if not (len(w) == 2 and HAN_PAIR.match(w))]
                memo.put(block, words)
            out += words
        return out


def _blocks(text: str) -> list[str]:
    """jieba's split of a text: runs it segments, and the text between them."""
    return [b for b in RE_HAN.split(text) if b]


def han_bigrams(norm_text: str) -> list[str]:
    out = []
    for run in HAN_RUN.findall(norm_text):
        out.extend(run[i : i + 2] for i in range(len(run) - 1))
    return out


@lru_cache(maxsize=1)
def _full_table() -> dict[str, str]:
    return char_table()


@lru_cache(maxsize=1)
def _table_char() -> re.Pattern:
    """Any character the per-character table may convert. Characters outside
    the BMP as one range: the regex engine tests a class of BMP characters
    against a bitmap, but a class with others in it character by character
    (1.6 s instead of 0.02 s on 30,000 texts)."""
    bmp = "".join(re.escape(c) for c in sorted(_full_table()) if ord(c) <= 0xFFFF)
    return re.compile(f"[{bmp}]|[\U00010000-\U0010ffff]")


def index_tokens(text: str, segmenter: Segmenter) -> Counter:
    """Token -> count for one field's text.

    A two-character word is also a bigram; its count is the larger of the two
    views, never their sum.
    """
    norm = normalize(text)
    out = Counter(han_bigrams(norm))
    # The browser converts a query character by character; where that spelling
    # differs from OpenCC's phrase conversion, index its bigrams too.
    per_char = char_normalize(text, _full_table())
    if per_char != norm:
        for gram in han_bigrams(per_char):
            if gram not in out:
                out[gram] = 1
    words = Counter(segmenter.cut_for_search(norm))
    for run in ALNUM_RUN.findall(norm):
        if run not in words:
            words[run] = 1
    get = out.get
    for word, n in words.items():
        if n > get(word, 0):
            out[word] = n
    return out


def field_tokens(texts: Iterable[str], segmenter: Segmenter) -> Counter:
    """``sum(index_tokens(t) for t in texts)``, counted in one C-level pass
    (issue #8: adding up a Counter per text was a tenth of the index's
    segmenting time).

    The larger-of-two-views rule of ``index_tokens`` needs no comparison here:
    a two-character Han word occurs in the text as a bigram at least as often
    as jieba gives it, so its count is its bigram count, and every other
    token is either a bigram or not one. So each text adds its bigrams, its
    other words, and once each the extra tokens ``index_tokens`` adds with
    count 1. ``test_field_tokens_add_up_index_tokens`` checks the identity.
    """
    per_char_map = translation(_full_table())
    table_char = _table_char().search
    tokens: list[str] = []
    for text in texts:
        nfkc = unicodedata.normalize("NFKC", text)
        simplified = t2s(nfkc)
        norm = simplified.lower()  # = normalize(text)
        grams = han_bigrams(norm)
        words = segmenter.word_tokens(norm)
        tokens += grams
        tokens += words
        # The per-character spelling can differ only where OpenCC changed the
        # text or the table has a character of it; most texts are neither.
        if simplified != nfkc or table_char(nfkc):
            per_char = nfkc.translate(per_char_map).lower()  # = char_normalize(text, table)
            if per_char != norm:
                seen = set(grams)
                tokens += [g for g in dict.fromkeys(han_bigrams(per_char)) if g not in seen]
        runs = ALNUM_RUN.findall(norm)
        if runs:
            seen = set(words)
            tokens += [r for r in dict.fromkeys(runs) if r not in seen]
    return Counter(tokens)


def field_counts(doc: Document, segmenter: Segmenter) -> dict[str, Counter]:
    """Each field's token counts, as the index scores them (and the cache stores them)."""
    return {name: field_tokens(texts, segmenter) for name, texts in doc.fields.items()}
