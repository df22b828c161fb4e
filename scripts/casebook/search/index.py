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
import operator
from array import array
from collections import Counter
from typing import TYPE_CHECKING

from .. import forking
from .documents import THEME_TOKEN, WEIGHTS, Document
from .normalize import normalize
from .tokenize import Segmenter

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
            counts.update(segmenter.tokens(text))
        out[name] = counts
    return out


def body_length(doc: Document) -> int:
    return sum(len(normalize(t)) for t in doc.fields.get("body", []))


def score_tokens(counts: dict[str, dict[str, int]], body_len: int, avg_body_len: float) -> dict[str, int]:
    scores: dict[str, float] = {}
    get = scores.get
    norm = 1 - BM25_B + BM25_B * (body_len / avg_body_len if avg_body_len else 1)
    k1_norm, k1_plus = BM25_K1 * norm, BM25_K1 + 1
    for name, field in counts.items():
        weight = WEIGHTS[name]
        if name == "body":
            for token, tf in field.items():
                scores[token] = get(token, 0.0) + weight * (tf * k1_plus / (tf + k1_norm))
        else:
            for token, tf in field.items():
                scores[token] = get(token, 0.0) + weight * (1.0 if tf == 1 else min(1 + math.log(tf), SHORT_FIELD_CAP))
    return {t: max(1, round(s * SCORE_SCALE)) for t, s in scores.items()}


PARALLEL_MIN = 400  # documents; fewer are scored faster than a fork


def _score_range(docs, lengths, avg, counts_of, start: int, stop: int) -> dict[str, array]:
    """Postings of documents ``start``..``stop``-1, in document order."""
    postings: dict[str, array] = {}
    for number in range(start, stop):
        for token, score in score_tokens(counts_of(number), lengths[number], avg).items():
            flat = postings.get(token)
            if flat is None:
                flat = postings[token] = array("i")
            flat.append(number)
            flat.append(score)
        for theme in sorted(docs[number].themes):
            postings.setdefault(THEME_TOKEN + theme, array("i")).extend((number, THEME_SCORE))
    return postings


def build_postings(docs: list[Document], segmenter: Segmenter, cache: SegmentCache | None = None) -> dict[str, array]:
    """token -> flat ``array("i")`` [document number, score, ...] in document order.

    Flat integer arrays, not lists of tuples: at 10,000 cases there are tens
    of millions of postings.

    With a ``cache`` (issue #8), field counts come from the segmentation cache,
    which segments what it lacks on both cores, and the second half of the
    documents is scored in a forked worker; the result is the same.
    """
    if cache is not None:
        lengths = cache.prepare(docs, segmenter)
        counts_of = cache.counts
    else:
        lengths = [body_length(d) for d in docs]
        counts_of = lambda number: field_counts(docs[number], segmenter)  # noqa: E731
    avg = sum(lengths) / len(lengths) if lengths else 0.0
    half = len(docs) // 2 if cache is not None and len(docs) >= PARALLEL_MIN and forking.available() else len(docs)
    worker = forking.Forked(_score_range, docs, lengths, avg, counts_of, half, len(docs)) if half < len(docs) else None
    postings = _score_range(docs, lengths, avg, counts_of, 0, half)
    if worker is not None:
        for token, part in worker.wait().items():  # later document numbers: appending keeps document order
            flat = postings.get(token)
            if flat is None:
                postings[token] = part
            else:
                flat.extend(part)
    return dict(sorted(postings.items()))


def pairs(flat) -> list[tuple[int, int]]:
    """[(document number, score)] of a flat posting list."""
    return list(zip(flat[0::2], flat[1::2]))


def encode(flat) -> list[int]:
    """[doc, score, doc, score, ...] -> [gap, score, gap, score, ...]."""
    out = list(flat)
    docs = out[0::2]
    out[2::2] = list(map(operator.sub, docs[1:], docs))
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
    """Bytes of ``"token":[1,2,3],`` in a shard; str() of a list writes ", " between items."""
    return len(token.encode("utf-8")) + 4 + (len(str(flat)) - 2 - (len(flat) - 1) + 1 if flat else 0)


def shard_plan(postings: dict[str, array], target: int = SHARD_TARGET_BYTES) -> list[list[str]]:
    """The tokens of each shard, in token order; nothing is encoded yet (issue
    #8: at 10,000 cases the encoded postings of every shard at once took half
    a gigabyte)."""
    total = sum(_entry_bytes(t, encode(f)) for t, f in postings.items())
    n = shard_count(total, target)
    plan: list[list[str]] = [[] for _ in range(n)]
    for token in sorted(postings):
        plan[fnv1a32(token) % n].append(token)
    return plan


def shard_data(postings: dict[str, array], tokens: list[str]) -> dict[str, list[int]]:
    return {token: encode(postings[token]) for token in tokens}


def shard(postings: dict[str, array], target: int = SHARD_TARGET_BYTES) -> list[dict[str, list[int]]]:
    return [shard_data(postings, tokens) for tokens in shard_plan(postings, target)]
