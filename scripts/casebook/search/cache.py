"""Segmentation cache: a document's token counts, kept between builds.

Segmenting is most of the index's cost (jieba is pure Python), and a build
usually changes a handful of cases, so each document's field counts are
stored under ``.cache/casebook/search/`` (git-ignored) by a hash of the
document's field texts and the tokenizer's code (``wordcut.py`` too, and
the jieba, OpenCC and pyahocorasick versions). The dictionary an entry was made with is checked separately (see
``SegmentCache``), so a new practice name in one case does not invalidate
every other case.

The result is the same as computing afresh; ``CASEBOOK_CACHE_DIR`` moves the
cache, ``CASEBOOK_CACHE=0`` turns it off. Documents missing from the cache
are segmented by the processes that score them (``index.build_postings``).
"""

from __future__ import annotations

import hashlib
import json
import marshal
import os
import zlib
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from types import SimpleNamespace

from .normalize import normalize
from .tokenize import Segmenter, field_counts

CACHE_SUBDIR = "search"
FORMAT = 2  # of a stored entry and index.json: bump when their shape changes


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Changes whenever the tokenizer, the normalizer or the libraries behind them change."""
    h = hashlib.sha256(f"format {FORMAT}\n".encode())
    here = Path(__file__).parent
    for name in ("tokenize.py", "normalize.py", "../common/wordcut.py"):  # wordcut: the jieba tokenizer and its cut
        h.update((here / name).read_bytes())
    for dist in ("jieba", "OpenCC", "pyahocorasick"):
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


def doc_key(fields: dict[str, list[str]]) -> str:
    h = hashlib.sha256(code_fingerprint().encode())
    h.update(json.dumps(fields, ensure_ascii=False, sort_keys=True).encode("utf-8"))
    return h.hexdigest()


def dictionary_version(words) -> str:
    return hashlib.sha256("\n".join(sorted(words)).encode("utf-8")).hexdigest()[:16]


def _compute(fields: dict[str, list[str]], segmenter: Segmenter) -> dict[str, dict[str, int]]:
    return {k: dict(v) for k, v in field_counts(SimpleNamespace(fields=fields), segmenter).items()}


class SegmentCache:
    """Field counts of documents, by content hash, on disk.

    ``index.json`` maps each entry to the dictionary it was segmented with;
    ``dict/<version>`` keeps each dictionary's words. An entry made with
    another dictionary still holds if none of the words the two dictionaries
    do not share occurs in the document (jieba's cut of a text depends only
    on the dictionary words that are substrings of it): a new practice name
    re-segments the few cases that contain it, not all of them. Warm builds
    normalize and segment nothing.

    ``prepare`` finds what is missing; ``counts`` segments and stores a
    missing document when it is asked for it, so the processes that score
    the documents (``index.build_postings``) segment them too.
    """

    def __init__(self, directory: Path):
        self.dir = directory
        self.keys: list[str] = []
        self.missing: set[int] = set()
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

    def _write(self, path: Path, data: bytes) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)

    def _read_json(self, path: Path, default):
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return default

    def _changed_words(self, old: str, words: frozenset) -> list[str] | None:
        """Words in one of two dictionaries only; None when the old one is unknown."""
        previous = self._read_json(self.dir / "dict" / f"{old}.json", None)
        return None if previous is None else sorted(words.symmetric_difference(previous))

    def prepare(self, docs, segmenter: Segmenter) -> set[int]:
        """Key every document; return the numbers of those not cached yet."""
        words = frozenset(segmenter.words)
        version = dictionary_version(words)
        dict_file = self.dir / "dict" / f"{version}.json"
        if not dict_file.exists():
            self._write(dict_file, json.dumps(sorted(words), ensure_ascii=False).encode("utf-8"))
        index: dict[str, str] = self._read_json(self.dir / "index.json", {})
        self._docs, self._segmenter = docs, segmenter
        self.keys = [doc_key(doc.fields) for doc in docs]
        changed: dict[str, list[str] | None] = {}
        self.missing = set()
        for i, (doc, key) in enumerate(zip(docs, self.keys)):
            made_with = index.get(key)
            if made_with is not None and made_with != version:
                if made_with not in changed:
                    changed[made_with] = self._changed_words(made_with, words)
                diff = changed[made_with]
                text = "\n".join(normalize(t) for texts in doc.fields.values() for t in texts)
                if diff is not None and not any(w in text for w in diff):
                    made_with = version  # still what this dictionary gives
            if made_with != version or not self._path(key).exists():
                self.missing.add(i)
                if made_with is not None:  # an entry of another dictionary: gone before it is made again
                    try:
                        self._path(key).unlink(missing_ok=True)
                    except OSError:
                        pass  # read-only: this build recomputes it, and so will the next
            # Recorded before the entry is written: should that fail (or the
            # build stop), the entry is missing next time, and made again.
            index[key] = version
        if len(index) > 2 * len(docs) + 1000:  # entries of long-edited cases: keep this build's
            index = {key: index[key] for key in self.keys}
        self._write(self.dir / "index.json", json.dumps(index, sort_keys=True).encode("utf-8"))
        return self.missing

    def counts(self, number: int) -> dict[str, dict[str, int]]:
        """Field counts of document ``number`` (after ``prepare``): stored, or
        segmented now and stored for the next build."""
        value = None if number in self.missing else self._load(self.keys[number])
        if value is None:
            value = _compute(self._docs[number].fields, self._segmenter)
            try:
                self._write(self._path(self.keys[number]), zlib.compress(marshal.dumps(value), 1))
            except OSError:
                pass  # disk full or read-only: made again next time
        return value
