"""Postings with field-weighted scores, sharded by a hash the browser repeats.

A posting list is ``[gap, score, gap, score, ...]``: document numbers as gaps
from the previous one (the first gap counts from 0), scores as integers in
quarter units. The browser computes idf from the list length and the
document count. While the index is built, a posting is one packed integer,
``number << SCORE_BITS | score`` (half the memory of two).

Tokens go to shard ``fnv1a32(utf8(token)) % shards``; the shard count is a
power of two chosen from the total size so a shard stays small however many
cases there are.
"""

from __future__ import annotations

import math
import operator
from array import array
from collections import defaultdict, deque
from functools import partial
from itertools import repeat
from typing import TYPE_CHECKING

from ..common import forking
from .documents import THEME_TOKEN, WEIGHTS, Document
from .tokenize import Segmenter, field_counts

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


def body_length(doc: Document) -> int:
    """BM25's document length: characters of the body as written. Known
    before anything is segmented, so each document is scored as soon as it is."""
    return sum(map(len, doc.fields.get("body", [])))


def _short_field(tf: int) -> float:
    return 1.0 if tf == 1 else min(1 + math.log(tf), SHORT_FIELD_CAP)


def score_tokens(counts: dict[str, dict[str, int]], body_len: int, avg_body_len: float) -> dict[str, int]:
    """token -> score in quarter units (at least 1): the weighted short
    fields in field order, then the body's BM25 term.

    Issue #8: the body holds most of a document's tokens, and its term
    depends only on the count, so body-only tokens are scored through a
    table of the few counts the document has, in C (``dict(zip(map))``)."""
    body = counts.get("body", {})
    norm = 1 - BM25_B + BM25_B * (body_len / avg_body_len if avg_body_len else 1)
    k1_norm, k1_plus, weight = BM25_K1 * norm, BM25_K1 + 1, WEIGHTS["body"]
    body_term = {tf: weight * (tf * k1_plus / (tf + k1_norm)) for tf in set(body.values())}
    quantized = {tf: max(1, round(s * SCORE_SCALE)) for tf, s in body_term.items()}
    result = dict(zip(body, map(quantized.__getitem__, body.values())))
    short: dict[str, float] = {}
    get = short.get
    for name, field in counts.items():
        if name != "body":
            weight = WEIGHTS[name]
            for token, tf in field.items():
                short[token] = get(token, 0.0) + weight * _short_field(tf)
    for token, s in short.items():
        tf = body.get(token)
        result[token] = max(1, round((s if tf is None else s + body_term[tf]) * SCORE_SCALE))
    return result


# The largest score: every short field at its cap, the body's term at its limit.
MAX_SCORE = math.ceil(SCORE_SCALE * (sum(w * SHORT_FIELD_CAP for f, w in WEIGHTS.items() if f != "body") + WEIGHTS["body"] * (BM25_K1 + 1)))
SCORE_BITS = max(MAX_SCORE, THEME_SCORE).bit_length()
SCORE_MASK = (1 << SCORE_BITS) - 1
MAX_DOCUMENTS = 1 << (32 - SCORE_BITS)  # a packed posting is an unsigned 32-bit integer
POSTINGS_TYPE = "I"


def pack(pairs) -> array:
    """Packed postings of [(document number, score)]."""
    return array(POSTINGS_TYPE, [number << SCORE_BITS | score for number, score in pairs])


PARALLEL_MIN = 400  # documents to score; fewer are scored faster than a fork
SEGMENT_COST = 10  # segmenting a document takes about as long as scoring ten
SEGMENT_PARALLEL_MIN = 50  # documents to segment; fewer are done faster than a fork


def _score_range(docs, lengths, avg, counts_of, start: int, stop: int) -> dict[str, array]:
    """Packed postings of documents ``start``..``stop``-1, in document order.

    A document's postings are appended in C (``map`` over ``array.append``):
    at 10,000 cases there are 15 million, and a Python loop over them was a
    fifth of the index's time."""
    postings: defaultdict[str, array] = defaultdict(partial(array, POSTINGS_TYPE))
    append, add_token = array.append, postings.__getitem__
    for number in range(start, stop):
        scores = score_tokens(counts_of(number), lengths[number], avg)
        packed = number << SCORE_BITS
        deque(map(append, map(add_token, scores), map(packed.__or__, scores.values())), maxlen=0)
        for theme in sorted(docs[number].themes):
            postings[THEME_TOKEN + theme].append(packed | THEME_SCORE)
    return dict(postings)


def _score_share(segmenter: Segmenter, *args) -> dict[str, array]:
    """``_score_range(*args)``, then the segmenter's memory freed: in the
    worker, before its postings are pickled; here, before they are merged."""
    postings = _score_range(*args)
    segmenter.forget()
    return postings


def _halfway(count: int, missing: set[int]) -> int:
    """Where to cut ``count`` documents in two shares of equal work, a document
    still to segment weighing SEGMENT_COST."""
    total = count + (SEGMENT_COST - 1) * len(missing)
    work = 0
    for number in range(count):
        work += SEGMENT_COST if number in missing else 1
        if 2 * work >= total:
            return number + 1
    return count


def build_postings(docs: list[Document], segmenter: Segmenter, cache: SegmentCache | None = None) -> dict[str, array]:
    """token -> ``array`` of packed postings (see ``pack``) in document order.

    Integer arrays, not lists of tuples: at 10,000 cases there are fifteen
    million postings.

    With a ``cache`` (issue #8), field counts come from the segmentation
    cache, and documents it lacks are segmented where they are scored: with
    enough work, the documents are cut in two shares of equal work, the
    second scored in a forked worker. The result is the same.
    """
    if len(docs) > MAX_DOCUMENTS:
        raise ValueError(f"搜索索引最多容纳 {MAX_DOCUMENTS} 个文档，现有 {len(docs)} 个：请调大 index.POSTINGS_TYPE 的整数宽度")
    lengths = [body_length(d) for d in docs]
    avg = sum(lengths) / len(lengths) if lengths else 0.0
    if cache is not None:
        missing = cache.prepare(docs, segmenter)
        counts_of = cache.counts
    else:  # without a cache, counts are made when scored: all of them at once would take gigabytes
        missing = set(range(len(docs)))
        counts_of = lambda number: field_counts(docs[number], segmenter)  # noqa: E731
    parallel = cache is not None and forking.available() and (len(docs) >= PARALLEL_MIN or len(missing) >= SEGMENT_PARALLEL_MIN)
    half = _halfway(len(docs), missing) if parallel else len(docs)
    if missing and half < len(docs):
        segmenter.fast()  # jieba and its automaton loaded once, before the fork: shared pages
    worker = forking.Forked(_score_share, segmenter, docs, lengths, avg, counts_of, half, len(docs)) if half < len(docs) else None
    postings = _score_share(segmenter, docs, lengths, avg, counts_of, 0, half)
    if worker is not None:
        theirs = worker.wait()
        while theirs:  # popped, so each of their lists is freed once appended
            token, part = theirs.popitem()
            flat = postings.get(token)
            if flat is None:
                postings[token] = part
            else:
                flat.extend(part)  # later document numbers: appending keeps document order
    return dict(sorted(postings.items()))


def pairs(flat) -> list[tuple[int, int]]:
    """[(document number, score)] of packed postings."""
    return list(zip(_numbers(flat), map(SCORE_MASK.__and__, flat)))


def _numbers(flat) -> list[int]:
    return list(map(operator.rshift, flat, repeat(SCORE_BITS)))


def encode(flat) -> list[int]:
    """packed postings -> [gap, score, gap, score, ...]."""
    docs = _numbers(flat)
    out = [0] * (2 * len(docs))
    out[0::2] = docs
    out[2::2] = list(map(operator.sub, docs[1:], docs))
    out[1::2] = map(SCORE_MASK.__and__, flat)
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


BYTES_PER_NUMBER = 3  # a gap or a score with its comma, in a shard's JSON (2.8 at 10,000 cases)


def shard_plan(postings: dict[str, array], target: int = SHARD_TARGET_BYTES) -> list[list[str]]:
    """The tokens of each shard, in token order; nothing is encoded yet (issue
    #8: at 10,000 cases the encoded postings of every shard at once took half
    a gigabyte). The shard count comes from an estimate of the index's size:
    measuring it exactly meant writing every list out, 4 s at 10,000 cases."""
    total = sum(len(token.encode("utf-8")) + 4 + 2 * BYTES_PER_NUMBER * len(flat) for token, flat in postings.items())
    n = shard_count(total, target)
    plan: list[list[str]] = [[] for _ in range(n)]
    for token in sorted(postings):
        plan[fnv1a32(token) % n].append(token)
    return plan


def shard_data(postings: dict[str, array], tokens: list[str]) -> dict[str, list[int]]:
    return {token: encode(postings[token]) for token in tokens}


def shard(postings: dict[str, array], target: int = SHARD_TARGET_BYTES) -> list[dict[str, list[int]]]:
    return [shard_data(postings, tokens) for tokens in shard_plan(postings, target)]
