"""The one jieba tokenizer the importer uses, its TF-IDF keyword extractor, and character ranks.

jieba's dictionary takes a second or more to load, so the importer loads it
once per process, in a private ``jieba.Tokenizer`` (the global ``jieba.dt``
is left alone: other parts of the project tokenise with it). Character
frequencies for mojibake detection are summed from the same dictionary.
"""

from __future__ import annotations

import copy
import logging
import warnings
from collections import Counter
from functools import lru_cache


@lru_cache(maxsize=1)
def _jieba():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


@lru_cache(maxsize=1)
def tokenizer():
    tok = _jieba().Tokenizer()
    tok.check_initialized()
    return tok


@lru_cache(maxsize=1)
def char_ranks() -> dict[str, int]:
    """Character -> rank by total frequency of the dictionary words containing it (0 = most common)."""
    freq: Counter[str] = Counter()
    for word, count in tokenizer().FREQ.items():
        if count:
            for ch in word:
                freq[ch] += count
    return {ch: i for i, (ch, _) in enumerate(freq.most_common())}


_added: set[str] = set()


def add_words(words) -> None:
    """Make vocabulary terms single tokens (三项制度, 联系服务群众)."""
    char_ranks()  # rank characters on the plain dictionary first
    tok = tokenizer()
    for word in words:
        if len(word) >= 2 and word not in _added:
            tok.add_word(word, freq=2000)
            _added.add(word)


@lru_cache(maxsize=1)
def tfidf():
    """jieba.analyse's TF-IDF extractor, cutting with our tokenizer instead of the global one."""
    with warnings.catch_warnings():
        # jieba.analyse opens its IDF file without closing it
        warnings.simplefilter("ignore", ResourceWarning)
        import jieba.analyse
    extractor = copy.copy(jieba.analyse.default_tfidf)  # shares the loaded IDF table
    extractor.tokenizer = tokenizer()
    return extractor
