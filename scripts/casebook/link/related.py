"""Computed related cases, each with the reason it is shown.

Explicit links written in the case files come first (render.pages); this
adds up to ``MAX_COMPUTED`` more per case from what two cases share:

* the same source article (同一来源),
* glossary terms (共同提法：结穷亲),
* themes (同属主题：交流轮岗),
* distinctive keywords of their title, summary and practice names, segmented
  with jieba (内容相近：拆迁安置、年轻干部).

Cost stays near linear in the number of cases: candidates come from an
inverted index over those features, and a feature shared by more than
``MAX_POSTINGS`` cases (a common theme, a frequent word) is only used to score
candidates found through rarer features, never to enumerate pairs; of the
candidates, the ``MAX_CANDIDATES`` sharing most features are scored. Each case
keeps its top ``MAX_KEYWORDS`` keywords. No full-text comparison of pairs.

Stable from build to build: every loop runs over sorted ids, scores are
rounded before they are compared, and ties are broken by case id.
"""

from __future__ import annotations

import hashlib
import heapq
import marshal
import math
import os
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..load.project import Case, Project
from ..render.pages import RELATED_PROVIDERS, RelatedLink

CACHE_VERSION = "1"  # bump when the segmentation below changes
MAX_COMPUTED = 5  # computed links shown per case, after the explicit ones
MAX_KEYWORDS = 12  # keywords kept per case
MAX_POSTINGS = 40  # a feature shared by more cases does not generate candidates
MAX_CANDIDATES = 40  # pairs scored per case, the candidates sharing most features
MIN_SCORE = 0.9  # below this a pair is not worth showing
FASTCUT_MIN = 2000  # texts to segment before the automaton (about a second to build) pays for itself
WEIGHTS = {"source": 3.0, "term": 1.5, "theme": 0.6, "keywords": 4.0}
HAN = re.compile(r"[\u3400-\u9fff]")
# Words too general to say two cases are alike (they are in nearly every case).
STOPWORDS = frozenset("""
干部 工作 群众 机关 组织 开展 实施 建立 推进 加强 进行 通过 作为 提高 坚持 实行 要求 做到 一批 一名
基层 服务 全市 全区 全县 我们 他们 这些 各级 有关 文章 来源 认为 情况 问题 方面 时间 方式 能力 做法
""".split())


@dataclass
class Features:
    themes: set[str] = field(default_factory=set)
    terms: set[str] = field(default_factory=set)
    sources: set[str] = field(default_factory=set)
    keywords: dict[str, float] = field(default_factory=dict)  # word -> weight, weights sum to 1


@dataclass(frozen=True)
class Scored:
    score: float
    case_id: str
    reason: str


class _Segmenter:
    """A private jieba tokenizer with the glossary terms and theme names as words."""

    def __init__(self, words: list[str]):
        from ..common.wordcut import private_tokenizer

        self._tk = private_tokenizer(words, 200_000)
        self._fast = None

    def speed_up(self) -> None:
        """Cut through casebook.common.wordcut from now on: the same words, its automaton
        takes about a second to build, worth it for hundreds of texts."""
        if self._fast is None:
            from ..common.wordcut import FastCut

            self._fast = FastCut(self._tk)

    def words(self, text: str) -> list[str]:
        cut = self._fast.cut(text, hmm=False) if self._fast is not None else self._tk.cut(text, HMM=False)
        return [w for w in cut if len(w) >= 2 and HAN.search(w) and w not in STOPWORDS]


@lru_cache(maxsize=2)
def segmenter(words: tuple[str, ...]) -> _Segmenter:
    """One tokenizer per dictionary and process: loading jieba takes most of a
    second, and ``mkdocs serve`` needs one again after every edit."""
    return _Segmenter(list(words))


def glossary_words(project: Project) -> tuple[str, ...]:
    glossary = project.vocab.glossary
    words = [t for e in glossary.values() for t in [e["term"], *e.get("aliases", [])]]
    words += [t["name"] for t in project.vocab.themes.values()]
    return tuple(sorted(set(words)))


def case_text(case: Case) -> str:
    """The densest text of a case: title, summary and practice names (a few hundred characters).

    Segmenting every case's full text would dominate the build at 10,000 cases.
    """
    d = case.data
    return "\n".join([d["title"], d["summary"], *(p["name"] for p in d["practices"])])


def source_keys(case: Case) -> set[str]:
    keys = set()
    for s in case["sources"]:
        keys.add("url:" + s["url"] if s.get("url") else f"title:{s['title']}|{s.get('date', '')}")
    return keys


def _cache_file(root: Path) -> Path | None:
    """Same switches as the search index's cache: CASEBOOK_CACHE=0 off, CASEBOOK_CACHE_DIR moves it."""
    if os.environ.get("CASEBOOK_CACHE") == "0":
        return None
    base = os.environ.get("CASEBOOK_CACHE_DIR")
    return (Path(base) if base else Path(root) / ".cache" / "casebook") / "related" / "words.marshal"


def segment_all(texts: dict[str, str], words: list[str], root: Path) -> dict[str, list[str]]:
    """Words of each text, memoized on disk by the text's hash.

    jieba is pure Python and the slowest part of this module; a build usually
    changes a few cases, so the words of unchanged texts come from the cache.
    The cache only stores what segmenting would give: output never depends on it.
    """
    import jieba

    fingerprint = hashlib.sha256("\n".join([CACHE_VERSION, jieba.__version__, *sorted(set(words))]).encode()).hexdigest()
    path = _cache_file(root)
    cached: dict = {}
    if path is not None:
        try:
            stored = marshal.loads(path.read_bytes())
            if isinstance(stored, dict) and stored.get("fingerprint") == fingerprint:
                cached = stored["texts"]
        except (OSError, ValueError, EOFError, TypeError, KeyError):
            cached = {}
    out, kept = {}, {}
    keys = {cid: hashlib.sha256(text.encode()).hexdigest()[:32] for cid, text in texts.items()}
    missing = sum(1 for key in keys.values() if key not in cached)
    seg = segmenter(tuple(sorted(set(words)))) if missing else None
    if seg is not None and missing >= FASTCUT_MIN:
        seg.speed_up()
    for cid, text in texts.items():
        key = keys[cid]
        found = cached.get(key)
        if found is None:
            found = seg.words(text)
        out[cid] = kept[key] = found
    if path is not None and kept.keys() != cached.keys():
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
            tmp.write_bytes(marshal.dumps({"fingerprint": fingerprint, "texts": kept}))
            os.replace(tmp, path)
        except OSError:
            pass  # a read-only checkout builds fine, only slower next time
    return out


def features(project: Project) -> dict[str, Features]:
    segmented = segment_all({c.id: case_text(c) for c in project.cases}, glossary_words(project), project.root)
    counts = {cid: Counter(w) for cid, w in segmented.items()}
    df = Counter(w for c in counts.values() for w in c)
    n = max(len(counts), 1)
    out = {}
    for case in project.cases:
        tfidf = {w: tf * math.log((n + 1) / (df[w] + 0.5)) for w, tf in counts[case.id].items()}
        top = sorted(tfidf.items(), key=lambda kv: (-round(kv[1], 9), kv[0]))[:MAX_KEYWORDS]
        total = sum(v for _, v in top if v > 0) or 1.0
        out[case.id] = Features(
            themes=set(case["themes"]),
            terms=set(case["terms"]),
            sources=source_keys(case),
            keywords={w: v / total for w, v in top if v > 0},
        )
    return out


class RelatedIndex:
    """Each case's computed related cases, best first (explicit targets
    excluded), scored when first asked for: ``mkdocs serve`` writes the
    edited case before the others, and needs only its links to reload
    (issue #8: scoring every case came to 0.4 s of a 1,000-case rebuild).

    ``stats``, when given, receives ``pairs_scored``: the number of pairs compared.
    """

    def __init__(self, project: Project, stats: dict | None = None):
        self.project, self.stats = project, stats
        self.feats = feats = features(project)
        self.ids = ids = sorted(feats)
        n = len(ids)
        keys = {cid: feature_keys(feats[cid]) for cid in ids}
        postings: dict[tuple[str, str], list[str]] = defaultdict(list)
        for cid in ids:
            for key in keys[cid]:
                postings[key].append(cid)
        self.postings = postings
        self.idf = idf = {key: math.log((n + 1) / len(members)) for key, members in postings.items()}
        self.weights = {cid: {k: _weight(k, idf) for k in keys[cid] if k[0] != "keyword"} for cid in ids}
        self.selective = {cid: [k for k in keys[cid] if len(postings[k]) <= MAX_POSTINGS] for cid in ids}
        self.theme_names = {tid: t["name"] for tid, t in project.vocab.themes.items()}
        self._scored: dict[str, list[Scored]] = {}

    def get(self, cid: str, default=None) -> list[Scored] | None:
        if cid not in self.feats:
            return default
        found = self._scored.get(cid)
        if found is None:
            found = self._scored[cid] = self._score(cid)
        return found

    def _score(self, cid: str) -> list[Scored]:
        feats, weights, postings = self.feats, self.weights, self.postings
        case, f, w = self.project.case(cid), feats[cid], weights[cid]
        # Candidates: cases sharing a selective feature, most shared first.
        hits: Counter = Counter()
        for key in self.selective[cid]:
            hits.update(postings[key])
        for skip in [cid, *(r["case"] for r in case["related"])]:
            hits.pop(skip, None)
        candidates = heapq.nsmallest(MAX_CANDIDATES, hits.items(), key=lambda kv: (-kv[1], kv[0]))
        if self.stats is not None:
            self.stats["pairs_scored"] = self.stats.get("pairs_scored", 0) + len(candidates)
        scores = []
        for other, _ in candidates:
            score = pair_score(w, weights[other], f.keywords, feats[other].keywords)
            if score >= MIN_SCORE:
                scores.append((-score, other))
        scores.sort()
        return [Scored(-neg, other, explain(f, feats[other], self.idf, self.theme_names)) for neg, other in scores[:MAX_COMPUTED]]


def compute(project: Project, stats: dict | None = None) -> dict[str, list[Scored]]:
    """Case id -> its computed related cases, best first (explicit targets excluded)."""
    index = RelatedIndex(project, stats)
    return {cid: index.get(cid) for cid in index.ids}


def feature_keys(f: Features) -> list[tuple[str, str]]:
    keys = [("source", v) for v in f.sources] + [("term", v) for v in f.terms] + [("theme", v) for v in f.themes]
    return sorted(keys) + [("keyword", v) for v in sorted(f.keywords)]


def _weight(key: tuple[str, str], idf: dict) -> float:
    kind = key[0]
    return WEIGHTS["source"] if kind == "source" else WEIGHTS[kind] * idf[key]


def pair_score(wa: dict, wb: dict, ka: dict[str, float], kb: dict[str, float]) -> float:
    """Shared sources, terms and themes (idf-weighted) plus keyword overlap.

    math.fsum is exact, so the result does not depend on the (hash-seeded)
    order in which the shared keys come out of the set intersection.
    """
    parts = [wa[k] for k in wa.keys() & wb.keys()]
    parts += [WEIGHTS["keywords"] * min(ka[k], kb[k]) for k in ka.keys() & kb.keys()]
    return round(math.fsum(parts), 6)


def explain(a: Features, b: Features, idf: dict, theme_names: dict[str, str]) -> str:
    """The reason shown next to a link: its two largest contributions, named."""
    parts: list[tuple[float, int, str]] = []  # (contribution, fixed order, text)
    if a.sources & b.sources:
        parts.append((WEIGHTS["source"], 0, "同一来源"))
    terms = sorted(a.terms & b.terms, key=lambda t: (-idf[("term", t)], t))
    if terms:
        contribution = math.fsum(WEIGHTS["term"] * idf[("term", t)] for t in terms)
        parts.append((contribution, 1, "共同提法：" + "、".join(terms[:3])))
    themes = sorted(a.themes & b.themes, key=lambda t: (-idf[("theme", t)], t))
    if themes:
        contribution = math.fsum(WEIGHTS["theme"] * idf[("theme", t)] for t in themes)
        parts.append((contribution, 2, "同属主题：" + "、".join(theme_names.get(t, t) for t in themes[:2])))
    shared = sorted(a.keywords.keys() & b.keywords.keys(), key=lambda w: (-round(a.keywords[w] + b.keywords[w], 9), w))
    if shared:
        contribution = WEIGHTS["keywords"] * math.fsum(min(a.keywords[w], b.keywords[w]) for w in shared)
        parts.append((contribution, 3, "内容相近：" + "、".join(shared[:3])))
    parts.sort(key=lambda p: (-round(p[0], 9), p[1]))
    return "；".join(text for _, _, text in parts[:2])


def related_index(project: Project) -> RelatedIndex:
    """Made once per project and kept on it: every case page asks."""
    index = project.extra.get("_related")
    if index is None:
        index = project.extra["_related"] = RelatedIndex(project)
    return index


def computed_related(case: Case, project: Project) -> list[RelatedLink]:
    out = []
    for s in related_index(project).get(case.id, []):
        target = project.case(s.case_id)
        if target is not None:
            out.append(RelatedLink(target, s.reason, computed=True))
    return out


RELATED_PROVIDERS.append(computed_related)
