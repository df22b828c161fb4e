"""Segmentation cache: a document's token counts, kept between builds.

Segmenting is most of the index's cost (jieba is pure Python), and a build
usually changes a handful of cases, so each document's field counts are
stored under ``.cache/casebook/search/`` (git-ignored) by a hash of
everything they depend on:

* the document's field texts;
* the domain-dictionary words that occur in those texts. jieba's choice for
  a text depends only on dictionary words that are substrings of it (the
  word graph has an edge only where a substring is a word, and the total
  frequency is held fixed), so a new practice name in one case does not
  invalidate every other case;
* the tokenizer's code and the jieba and OpenCC versions.

The result is the same as computing afresh; ``CASEBOOK_CACHE_DIR`` moves the
cache, ``CASEBOOK_CACHE=0`` turns it off. Documents missing from the cache
are segmented in two processes where fork is available
(``CASEBOOK_WORKERS=0``: one).
"""

from __future__ import annotations

import hashlib
import inspect
import json
import marshal
import os
import zlib
from collections import Counter
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from types import SimpleNamespace

from .normalize import normalize
from .tokenize import Segmenter

CACHE_SUBDIR = "search"
FORMAT = 1  # of a stored entry: bump when _compute's result changes shape
WORKERS = 2  # the build machine has two cores


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Changes whenever the tokenizer, the normalizer or the libraries behind them change."""
    from .index import field_counts

    h = hashlib.sha256(f"format {FORMAT}\n".encode())
    here = Path(__file__).parent
    for name in ("tokenize.py", "normalize.py"):
        h.update((here / name).read_bytes())
    h.update(inspect.getsource(field_counts).encode())  # not all of index.py: its other code does not change counts
    for dist in ("jieba", "OpenCC"):
        try:
            h.update(f"{dist}={version(dist)}".encode())
        except PackageNotFoundError:
            h.update(dist.encode())
    return h.hexdigest()


def cache_dir(root: Path) -> Path | None:
    if os.environ.get("CASEBOOK_CACHE") == "0":
        return None
    base = os.environ.get("CASEBOOK_CACHE_DIR")
    return Path(base) / CACHE_SUBDIR if base else Path(root) / ".cache" / "casebook" / CACHE_SUBDIR


class DomainWordIndex:
    """Which dictionary words occur in a set of texts.

    At every position whose two characters start some word, only the word
    lengths that occur for that start are looked up (a set lookup each):
    linear in the text, whatever the size of the dictionary.
    """

    def __init__(self, words):
        self.words = frozenset(words)
        lengths: dict[str, set[int]] = {}
        for w in self.words:
            lengths.setdefault(w[:2], set()).add(len(w))
        self.lengths = {head: tuple(sorted(ls)) for head, ls in lengths.items()}

    def occurring(self, norm_texts: list[str]) -> list[str]:
        words, lengths = self.words, self.lengths
        found: set[str] = set()
        for text in norm_texts:  # a word never spans two texts: words have no line breaks
            for i in range(len(text) - 1):
                sizes = lengths.get(text[i : i + 2])
                if sizes:
                    for n in sizes:
                        if text[i : i + n] in words:
                            found.add(text[i : i + n])
        return sorted(found)


def doc_key(fields: dict[str, list[str]], words: list[str]) -> str:
    h = hashlib.sha256(code_fingerprint().encode())
    h.update(json.dumps([fields, words], ensure_ascii=False, sort_keys=True).encode("utf-8"))
    return h.hexdigest()


def _compute(fields: dict[str, list[str]], segmenter: Segmenter) -> dict[str, dict[str, int]]:
    from .index import field_counts

    return {k: dict(v) for k, v in field_counts(SimpleNamespace(fields=fields), segmenter).items()}


class SegmentCache:
    """Field counts of documents, by content hash, on disk."""

    def __init__(self, directory: Path):
        self.dir = directory
        self.keys: list[str] = []
        self._docs: list = []
        self._segmenter: Segmenter | None = None

    @classmethod
    def for_root(cls, root: Path) -> "SegmentCache | None":
        directory = cache_dir(root)
        return cls(directory) if directory is not None else None

    def _path(self, key: str) -> Path:
        return self.dir / key[:2] / key

    def _load(self, key: str):
        try:
            return marshal.loads(zlib.decompress(self._path(key).read_bytes()))
        except (OSError, ValueError, EOFError, TypeError, zlib.error):
            return None

    def _store(self, key: str, value) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{key}.{os.getpid()}.tmp")
        tmp.write_bytes(zlib.compress(marshal.dumps(value), 1))
        os.replace(tmp, path)

    def prepare(self, docs, segmenter: Segmenter) -> list[int]:
        """Key every document, segment the ones not cached yet; return body lengths."""
        index = DomainWordIndex(segmenter.words)
        self._docs, self._segmenter, self.keys = docs, segmenter, []
        lengths = []
        for doc in docs:
            norm = {k: [normalize(t) for t in texts] for k, texts in doc.fields.items()}
            lengths.append(sum(len(t) for t in norm.get("body", [])))
            self.keys.append(doc_key(doc.fields, index.occurring([t for texts in norm.values() for t in texts])))
        missing = [i for i, key in enumerate(self.keys) if not self._path(key).exists()]
        self._fill(missing)
        return lengths

    def _fill(self, missing: list[int]) -> None:
        """Segment and store ``missing`` documents, split over WORKERS processes."""
        workers = WORKERS if len(missing) >= 50 and hasattr(os, "fork") and os.environ.get("CASEBOOK_WORKERS") != "0" else 1
        children = []
        for w in range(1, workers):
            pid = os.fork()
            if pid == 0:  # a worker: store its share, leave without running the parent's cleanup
                code = 0
                try:
                    for i in missing[w::workers]:
                        self._store(self.keys[i], _compute(self._docs[i].fields, self._segmenter))
                except BaseException:  # noqa: BLE001 - the parent recomputes what is missing
                    code = 1
                os._exit(code)
            children.append(pid)
        try:
            for i in missing[0::workers]:
                self._store(self.keys[i], _compute(self._docs[i].fields, self._segmenter))
        finally:
            for pid in children:
                os.waitpid(pid, 0)

    def counts(self, number: int) -> dict[str, Counter]:
        """Field counts of document ``number`` (after ``prepare``)."""
        value = self._load(self.keys[number])
        if value is None:  # a worker failed or the disk is full: compute here
            value = _compute(self._docs[number].fields, self._segmenter)
        return {k: Counter(v) for k, v in value.items()}
