"""Postings with field-weighted scores, sharded by a hash the browser repeats.

A posting list is ``[gap, score, gap, score, ...]``: document numbers as gaps
from the previous one (the first gap counts from 0), scores as integers in
quarter units. The browser computes idf from the list length and the
document count.

Tokens go to shard ``fnv1a32(utf8(token)) % shards``; the shard count is a
power of two chosen from the total size so a shard stays small however many
cases there are.
"""

from __future__ import annotations

import math
from array import array
from collections import Counter, defaultdict
from typing import TYPE_CHECKING

from .documents import THEME_TOKEN, WEIGHTS, Document
from .normalize import normalize
from .tokenize import Segmenter, index_tokens

if TYPE_CHECKING:
    from .cache import SegmentCache

SCORE_SCALE = 4  # scores are stored as integers in quarter units
BM25_K1, BM25_B = 1.2, 0.6  # body field saturation and length normalization
SHORT_FIELD_CAP = 2.0  # a short field counts a repeated word at most twice
SHARD_TARGET_BYTES = 12_000  # aim: a shard's JSON about this size
THEME_SCORE = 4  # the theme pseudo-token: one body-word's worth


def fnv1a32(text: str) -> int:
    h = 0x811C9DC5
    for byte in text.encode("utf-8"):
        h ^= byte
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h


def field_counts(doc: Document, segmenter: Segmenter) -> dict[str, Counter]:
    out = {}
    for name, texts in doc.fields.items():
        counts: Counter = Counter()
        for text in texts:
            counts.update(index_tokens(text, segmenter))
        out[name] = counts
    return out


def body_length(doc: Document) -> int:
    return sum(len(normalize(t)) for t in doc.fields.get("body", []))


def score_tokens(counts: dict[str, Counter], body_len: int, avg_body_len: float) -> dict[str, int]:
    scores: dict[str, float] = defaultdict(float)
    norm = 1 - BM25_B + BM25_B * (body_len / avg_body_len if avg_body_len else 1)
    for name, field in counts.items():
        weight = WEIGHTS[name]
        for token, tf in field.items():
            if name == "body":
                g = tf * (BM25_K1 + 1) / (tf + BM25_K1 * norm)
            else:
                g = min(1 + math.log(tf), SHORT_FIELD_CAP)
            scores[token] += weight * g
    return {t: max(1, round(s * SCORE_SCALE)) for t, s in scores.items()}


def build_postings(docs: list[Document], segmenter: Segmenter, cache: SegmentCache | None = None) -> dict[str, array]:
    """token -> flat ``array("i")`` [document number, score, ...] in document order.

    Flat integer arrays, not lists of tuples: at 10,000 cases there are tens
    of millions of postings.

    With a ``cache`` (issue #8), field counts come from the segmentation cache,
    which segments what it lacks on both cores; the result is the same.
    """
    if cache is not None:
        lengths = cache.prepare(docs, segmenter)
        counts_of = cache.counts
    else:
        lengths = [body_length(d) for d in docs]
        counts_of = lambda number: field_counts(docs[number], segmenter)  # noqa: E731
    avg = sum(lengths) / len(lengths) if lengths else 0.0
    postings: dict[str, array] = defaultdict(lambda: array("i"))
    for number, (doc, length) in enumerate(zip(docs, lengths)):
        for token, score in sorted(score_tokens(counts_of(number), length, avg).items()):
            postings[token].extend((number, score))
        for theme in sorted(doc.themes):
            postings[THEME_TOKEN + theme].extend((number, THEME_SCORE))
    return dict(sorted(postings.items()))


def pairs(flat) -> list[tuple[int, int]]:
    """[(document number, score)] of a flat posting list."""
    return list(zip(flat[0::2], flat[1::2]))


def encode(flat) -> list[int]:
    """[doc, score, doc, score, ...] -> [gap, score, gap, score, ...]."""
    out = list(flat)
    for i in range(len(out) - 2, 0, -2):
        out[i] -= out[i - 2]
    return out


def decode(flat: list[int]) -> list[tuple[int, int]]:
    out, doc = [], 0
    for i in range(0, len(flat), 2):
        doc += flat[i]
        out.append((doc, flat[i + 1]))
    return out


def shard_count(total_bytes: int, target: int = SHARD_TARGET_BYTES) -> int:
    n = 1
    while n * target < total_bytes:
        n *= 2
    return n


def _entry_bytes(token: str, flat: list[int]) -> int:
    return len(token.encode("utf-8")) + 4 + sum(len(str(x)) + 1 for x in flat)


def shard(postings: dict[str, array], target: int = SHARD_TARGET_BYTES) -> list[dict[str, list[int]]]:
    encoded = {t: encode(p) for t, p in postings.items()}
    total = sum(_entry_bytes(t, f) for t, f in encoded.items())
    n = shard_count(total, target)
    shards: list[dict[str, list[int]]] = [{} for _ in range(n)]
    for token in sorted(encoded):
        shards[fnv1a32(token) % n][token] = encoded[token]
    return shards
