"""Write the search index into the built site as JSONP-style ``.js`` files.

``<site>/search/manifest.js``   small: counts, t2s table, synonyms, glossary, themes
``<site>/search/s/<k>.js``      posting shards, loaded for the tokens of a query
``<site>/search/d/<n>.js``      one per document, loaded only for shown results
``<site>/search/p/<k>.js``      pinyin lexicon shards (issue #17, ``pinyin.py``)
``<site>/search/chars.js``      every common character's readings (pinyin)
``<site>/search/facets.js``     facet codes of every document, for cases/ (``facets.py``)

Each file calls ``casebookSearchData(kind, key, data)``, so the browser loads
them with ``<script>`` tags: that works from a ``file://`` copy, where
fetch/XHR/workers do not. Output is byte-identical for the same input.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import shutil
from pathlib import Path

from ..common import forking
from ..common.urls import CASE_INDEX, GLOSSARY, THEME_INDEX, SiteUrls
from ..load.project import Project
from . import pinyin
from .cache import SegmentCache
from .dictionary import domain_words
from .documents import build_documents, theme_url
from .facets import facet_data
from .index import build_postings, shard_data, shard_plan
from .normalize import char_table, normalize
from .tokenize import Segmenter

OUT_DIR = "search"
FORMAT = 1
CALLBACK = "casebookSearchData"
DEFINITION_SPLIT = re.compile(r"[、，,；;。：:（）()]+")


def _json(data) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def _script(kind: str, key: int, data) -> str:
    return f"{CALLBACK}({_json(kind)},{key},{_json(data)});\n"


def _page_url(src: str, urls: SiteUrls) -> str:
    return urls.url(src) if urls.directory_urls else urls.file_url(src)


def synonym_groups(project: Project) -> list[list[str]]:
    """Words that stand for each other: synonyms.yaml groups, glossary term + aliases."""
    groups = []
    for group in project.vocab.synonyms:
        groups.append(sorted({normalize(w) for w in group}))
    for entry in project.vocab.glossary.values():
        if entry.get("aliases"):
            groups.append(sorted({normalize(entry["term"]), *(normalize(a) for a in entry["aliases"])}))
    return sorted(g for g in groups if len(g) > 1)


def theme_phrases(theme: dict) -> list[str]:
    """Words that point to a theme: its name, keywords and the short items of its definition."""
    words = {normalize(theme["name"]), *(normalize(k) for k in theme.get("keywords", []))}
    for part in DEFINITION_SPLIT.split(normalize(theme["definition"])):
        part = part.strip()
        if 2 <= len(part) <= 8:
            words.add(part)
    return sorted(words)


def manifest_data(project: Project, urls: SiteUrls, n_docs: int, n_shards: int, corpus_chars: set[str], version: str, extra: dict | None = None) -> dict:
    vocab = project.vocab
    table = char_table(corpus_chars)
    return {
        **(extra or {}),
        "format": FORMAT,
        "version": version,
        "docs": n_docs,
        "shards": n_shards,
        "t2s": "".join(a + b for a, b in sorted(table.items())),
        "synonyms": synonym_groups(project),
        "expansions": sorted(
            [normalize(e["term"]), [normalize(x) for x in e["expansion"]]] for e in vocab.glossary.values() if e.get("expansion")
        ),
        "glossary": sorted([e["term"], e["id"], e.get("aliases", []), e.get("expansion", [])] for e in vocab.glossary.values()),
        "glossary_url": _page_url(GLOSSARY, urls),
        "themes": [
            [t["id"], t["name"], theme_url(t["id"], urls), theme_phrases(t), sorted({normalize(w) for w in [t["name"], *t.get("keywords", [])]})]
            for t in vocab.themes.values()
        ],
        "themes_url": _page_url(THEME_INDEX, urls),
        "cases_url": _page_url(CASE_INDEX, urls),
    }


def _payload_chars(payload, out: set[str]) -> None:
    if isinstance(payload, str):
        out.update(payload)
    elif isinstance(payload, list):
        for item in payload:
            _payload_chars(item, out)
    elif isinstance(payload, dict):
        for item in payload.values():
            _payload_chars(item, out)


KINDS = ("d", "s")  # documents, posting shards
PARALLEL_MIN = 400  # documents; fewer are written faster than a fork


def _compute(project: Project, urls: SiteUrls):
    """Documents, postings, the shard plan and the small files: all the work before the first file."""
    domain = domain_words(project)
    segmenter = Segmenter(domain)
    docs = build_documents(project, urls)
    postings = build_postings(docs, segmenter, SegmentCache.for_root(project.root))  # issue #8: cached, 2 cores
    return docs, postings, shard_plan(postings), _small_files(project, docs, postings, domain)


def _small_files(project: Project, docs, postings, domain) -> dict:
    """{path: (kind, key, data)}: the pinyin lexicon and character readings
    (issue #17), the facet codes of cases/; and ``manifest`` for the manifest."""
    entries, _ = pinyin.build_lexicon(project, postings, domain)
    lexicon = pinyin.shards(entries)
    chars = pinyin.char_data(entries)
    files = {f"p/{k}.js": ("p", k, data) for k, data in enumerate(lexicon)}
    files["chars.js"] = ("c", 0, chars)
    files["facets.js"] = ("f", 0, facet_data(project, [d.case_id for d in docs]))
    return {"files": files, "manifest": {"pinyin": pinyin.manifest_part(len(lexicon), chars)}}


def _emit_small(small: dict, sink) -> dict[str, bytes]:
    digests = {}
    for path, (kind, key, data) in small["files"].items():
        text = _script(kind, key, data)
        digests[path] = hashlib.sha256(path.encode() + b"\0" + text.encode("utf-8")).digest()
        sink(path, text)
    return digests


def _emit(kind: str, docs, postings, plan, sink, numbers=None) -> dict[str, bytes]:
    """Hand the files of one kind (``numbers`` of them, default all) to
    ``sink(path, text)``, one at a time (at 10,000 cases the index is 126 MB
    of text); return each file's digest."""
    count = len(docs) if kind == "d" else len(plan)
    digests = {}
    for k in range(count) if numbers is None else numbers:
        path = f"{kind}/{k}.js"
        text = _script(kind, k, docs[k].payload if kind == "d" else shard_data(postings, plan[k]))
        digests[path] = hashlib.sha256(path.encode() + b"\0" + text.encode("utf-8")).digest()
        sink(path, text)
    return digests


def _manifest(project: Project, urls: SiteUrls, docs, postings, plan, small: dict, digests: dict[str, bytes]) -> str:
    corpus_chars: set[str] = set()
    for token in postings:
        corpus_chars.update(token)
    for doc in docs:
        _payload_chars(doc.payload, corpus_chars)
    version = hashlib.sha256(b"".join(digests[path] for path in sorted(digests))).hexdigest()[:12]
    return _script("m", 0, manifest_data(project, urls, len(docs), len(plan), corpus_chars, version, small["manifest"]))


def build_files(project: Project, urls: SiteUrls) -> dict[str, str]:
    """{path under search/: file text}: everything write_index writes."""
    files: dict[str, str] = {}
    docs, postings, plan, small = _compute(project, urls)
    digests = _emit_small(small, files.__setitem__)
    for kind in KINDS:
        digests.update(_emit(kind, docs, postings, plan, files.__setitem__))
    files["manifest.js"] = _manifest(project, urls, docs, postings, plan, small, digests)
    return dict(sorted(files.items()))


def write_index(project: Project, site_dir: Path, urls: SiteUrls, measure_gzip: bool = False, ready=None) -> dict:
    """Write ``<site_dir>/search/``; return sizes for reports and budgets.

    Compressed sizes cost a gzip of every file (seconds at 10,000 cases), so
    only with ``measure_gzip``. ``ready`` is called once the index is
    computed, before anything is written (a worker started before MkDocs
    cleaned the site folder waits there). With many documents, a forked
    worker writes the document files and every other shard while this
    process writes the other shards (shards are most of the work).
    """
    docs, postings, plan, small = _compute(project, urls)
    if ready is not None:
        ready()
    out = Path(site_dir) / OUT_DIR
    if out.exists():
        shutil.rmtree(out)
    for folder in (*KINDS, "p"):
        (out / folder).mkdir(parents=True)
    sizes: dict[str, tuple[int, int | None]] = {}

    def sink(rel: str, text: str) -> None:
        data = text.encode("utf-8")
        (out / rel).write_bytes(data)
        sizes[rel] = (len(data), len(gzip.compress(data, mtime=0)) if measure_gzip else None)

    def write_share(numbers) -> tuple[dict, dict]:  # in the worker: digests and sizes come back from wait()
        digests = _emit("d", docs, postings, plan, sink)
        digests.update(_emit("s", docs, postings, plan, sink, numbers))
        return digests, sizes

    digests: dict[str, bytes] = {}
    if len(docs) >= PARALLEL_MIN and forking.available():
        worker = forking.Forked(write_share, range(1, len(plan), 2))
        digests.update(_emit_small(small, sink))
        digests.update(_emit("s", docs, postings, plan, sink, range(0, len(plan), 2)))
        theirs, their_sizes = worker.wait()
        digests.update(theirs)
        sizes.update(their_sizes)
    else:
        digests.update(_emit_small(small, sink))
        for kind in KINDS:
            digests.update(_emit(kind, docs, postings, plan, sink))
    sink("manifest.js", _manifest(project, urls, docs, postings, plan, small, digests))
    return index_stats(sizes, measure_gzip)


def index_stats(sizes: dict[str, tuple[int, int | None]], measure_gzip: bool = True) -> dict:
    """Figures of an index from {path: (bytes, gzip bytes or None)}."""
    shard_names = [n for n in sizes if n.startswith("s/")]
    doc_names = [n for n in sizes if n.startswith("d/")]
    raw = {n: b for n, (b, _) in sizes.items()}
    stats = {
        "docs": len(doc_names),
        "shards": len(shard_names),
        "bytes_total": sum(raw.values()),
        "manifest_bytes": raw["manifest.js"],
        "shard_bytes_max": max((raw[n] for n in shard_names), default=0),
    }
    if measure_gzip:
        gz = {n: g for n, (_, g) in sizes.items()}
        s_gz = [gz[n] for n in shard_names]
        d_gz = [gz[n] for n in doc_names]
        stats.update({
            "bytes_total_gzip": sum(gz.values()),
            "manifest_gzip": gz["manifest.js"],
            "shard_gzip_max": max(s_gz, default=0),
            "shard_gzip_mean": round(sum(s_gz) / len(s_gz)) if s_gz else 0,
            "doc_gzip_max": max(d_gz, default=0),
            "doc_gzip_mean": round(sum(d_gz) / len(d_gz)) if d_gz else 0,
        })
    return stats
