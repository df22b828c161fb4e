"""The search index: field weights, shards, determinism, compact files (issue #4)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from casebook.load import load_project
from casebook.search.dictionary import domain_words
from casebook.search.documents import THEME_TOKEN, build_documents
from casebook.search.index import MAX_DOCUMENTS, MAX_SCORE, SCORE_BITS, build_postings, decode, encode, fnv1a32, pack, pairs, shard, shard_count
from casebook.search.tokenize import Segmenter
from casebook.search.write import build_files, write_index
from casebook.common.urls import SiteUrls

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "tests" / "fixtures" / "search_project"


@pytest.fixture(scope="module")
def project():
    p = load_project(FIXTURE)
    assert not p.problems
    return p


@pytest.fixture(scope="module")
def postings(project):
    docs = build_documents(project, SiteUrls(True))
    return docs, build_postings(docs, Segmenter(domain_words(project)))


def _score(postings, docs, token, case_id):
    number = [d.case_id for d in docs].index(case_id)
    return dict(pairs(postings[token])).get(number, 0)


def test_fnv1a_reference_values():
    # Published FNV-1a 32-bit test vectors; the browser repeats this function.
    assert fnv1a32("") == 0x811C9DC5
    assert fnv1a32("a") == 0xE40C292C
    assert fnv1a32("foobar") == 0xBF9CF968
    assert fnv1a32("三项制度") == fnv1a32("三项制度") != fnv1a32("三项活动")


def test_postings_roundtrip():
    flat = pack([(0, 5), (3, 40), (4, 1), (120, 7)])
    assert encode(flat) == [0, 5, 3, 40, 1, 1, 116, 7]
    assert decode(encode(flat)) == pairs(flat) == [(0, 5), (3, 40), (4, 1), (120, 7)]
    last = pack([(MAX_DOCUMENTS - 1, MAX_SCORE)])
    assert pairs(last) == [(MAX_DOCUMENTS - 1, MAX_SCORE)]  # the extremes survive packing
    assert MAX_DOCUMENTS >= 1_000_000 and SCORE_BITS <= 12


def test_scores_never_exceed_the_packed_width(postings):
    docs, post = postings
    top = max(score for flat in post.values() for _, score in pairs(flat))
    assert 0 < top <= MAX_SCORE < 1 << SCORE_BITS


def test_title_outweighs_body(postings):
    docs, post = postings
    # 夜访制度: in one case's title and terms, in another's summary only.
    title = _score(post, docs, "夜访制度", "shili-xian-yefang-zhidu")
    mention = _score(post, docs, "夜访制度", "shili-qu-ganbu-lungang")
    assert title > 3 * mention > 0


def test_practice_name_outweighs_description(postings):
    docs, post = postings
    name = _score(post, docs, "联户帮富", "shili-shi-sanlian-sanbang")
    assert name > _score(post, docs, "农户", "shili-shi-sanlian-sanbang")


def test_theme_pseudo_tokens(postings):
    docs, post = postings
    numbers = [n for n, _ in pairs(post[THEME_TOKEN + "grassroots-training"])]
    assert [docs[n].case_id for n in numbers] == ["shili-zhen-jieqin-lianxin"]


def test_traditional_source_is_indexed_simplified(postings):
    docs, post = postings
    assert _score(post, docs, "纪实", "shili-qu-ganbu-lungang") > 0
    assert "紀實" not in post


def test_shard_count_grows_in_powers_of_two():
    assert shard_count(0) == 1
    assert shard_count(12_000) == 1
    assert shard_count(12_001) == 2
    assert shard_count(1_000_000) == 128
    postings = {f"词{i}": pack([(i, 1)]) for i in range(2000)}
    shards = shard(postings, target=1000)
    assert len(shards) & (len(shards) - 1) == 0 and len(shards) > 8
    for k, data in enumerate(shards):
        assert all(fnv1a32(t) % len(shards) == k for t in data)


def test_index_files_are_deterministic_and_compact(project, tmp_path):
    a = build_files(project, SiteUrls(True))
    b = build_files(load_project(FIXTURE), SiteUrls(True))
    assert a == b
    for name, text in a.items():
        assert "\\u" not in text, name  # Chinese as UTF-8, never \\uXXXX
        assert text.startswith('casebookSearchData("') and text.endswith(");\n")
    stats = write_index(project, tmp_path, SiteUrls(True))
    assert stats["docs"] == len(project.cases) == len(list((tmp_path / "search" / "d").glob("*.js")))
    assert stats["shards"] == len(list((tmp_path / "search" / "s").glob("*.js")))
    assert stats["bytes_total"] == sum(p.stat().st_size for p in (tmp_path / "search").rglob("*.js"))
    measured = write_index(project, tmp_path, SiteUrls(True), measure_gzip=True)
    assert 0 < measured["bytes_total_gzip"] < measured["bytes_total"] == stats["bytes_total"]


@pytest.mark.parametrize("parallel_min", [0, 10**9])
def test_written_index_is_the_built_one_in_one_process_or_two(project, tmp_path, monkeypatch, parallel_min):
    """issue #8: with many documents, segmenting and scoring, and writing, each
    take a second process (here forced on the fixture); the files are those one process writes."""
    from casebook.search import index, write

    monkeypatch.setenv("CASEBOOK_WORKERS", "0")
    monkeypatch.setenv("CASEBOOK_CACHE_DIR", str(tmp_path / "cache-alone"))
    alone = build_files(project, SiteUrls(True))
    monkeypatch.delenv("CASEBOOK_WORKERS")
    monkeypatch.setenv("CASEBOOK_CACHE_DIR", str(tmp_path / "cache"))  # cold: the segmenting workers run
    for module in (write, index):
        monkeypatch.setattr(module, "PARALLEL_MIN", parallel_min)
    monkeypatch.setattr(index, "SEGMENT_PARALLEL_MIN", parallel_min)
    stats = write_index(project, tmp_path, SiteUrls(True), measure_gzip=True)
    written = {p.relative_to(tmp_path / "search").as_posix(): p.read_text(encoding="utf-8") for p in (tmp_path / "search").rglob("*.js")}
    assert written == alone
    assert stats["docs"] == len(project.cases) and stats["doc_gzip_max"] > 0  # the worker's sizes came back


def _data(text: str):
    return json.loads(text[text.index(",", text.index(",") + 1) + 1 : text.rindex(")")])


def test_manifest_is_small_and_lists_no_documents(project):
    files = build_files(project, SiteUrls(True))
    manifest = _data(files["manifest.js"])
    assert manifest["docs"] == len(project.cases)
    assert set(manifest) == {"format", "version", "docs", "shards", "t2s", "synonyms", "expansions", "glossary", "glossary_url", "themes", "themes_url",
                             "cases_url", "pinyin"}
    assert manifest["cases_url"] == "cases/" and manifest["pinyin"]["shards"] >= 1
    table = dict(zip(manifest["t2s"][0::2], manifest["t2s"][1::2]))
    assert table["幹"] == "干" and table["區"] == "区"
    assert ["示例市总工会", "示总"] in manifest["synonyms"]
    assert ["结亲连心", "结亲连心活动"] in manifest["synonyms"]  # glossary aliases
    assert ["三联三帮", ["联户帮富", "联企帮难", "联村帮建"]] in manifest["expansions"]


def test_document_payload_links_practices_and_pages(project):
    files = build_files(project, SiteUrls(True))
    ids = sorted(c.id for c in project.cases)
    doc = _data(files[f"d/{ids.index('shili-shi-sanlian-sanbang')}.js"])
    assert doc["u"] == "cases/shili-shi-sanlian-sanbang/"
    assert doc["p"][0][:2] == ["lianhu-bangfu", "联户帮富"]
    offline = _data(build_files(project, SiteUrls(False))[f"d/{ids.index('shili-shi-sanlian-sanbang')}.js"])
    assert offline["u"] == "cases/shili-shi-sanlian-sanbang.html"


def _new_word(case, words) -> str:
    """Four characters of a case's background that are not yet a dictionary word."""
    return next(run[:4] for run in re.findall(r"[\u4e00-\u9fff]{6,}", case["background"]) if run[:4] not in words)


def test_segmentation_cache_gives_the_fresh_index_and_follows_dictionary_changes(tmp_path, monkeypatch):
    """issue #8: warm builds reuse segmentations; a new dictionary word
    re-segments exactly what it can change, and the index is what a build
    without any cache writes."""
    project = load_project(FIXTURE)
    urls = SiteUrls(True)

    def index(cache: bool) -> dict:
        if cache:
            monkeypatch.setenv("CASEBOOK_CACHE_DIR", str(tmp_path))
            monkeypatch.delenv("CASEBOOK_CACHE", raising=False)
        else:
            monkeypatch.setenv("CASEBOOK_CACHE", "0")
        return build_files(project, urls)

    fresh = index(cache=False)
    assert index(cache=True) == fresh  # cold cache
    entries = sorted(p.name for p in tmp_path.rglob("*") if p.is_file() and len(p.name) == 64)
    assert index(cache=True) == fresh  # warm
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file() and len(p.name) == 64) == entries

    # A new glossary term made of text one case already has, not yet a word.
    case = project.cases[0]
    word = _new_word(case, domain_words(project))
    project.vocab.glossary[word] = {"term": word, "id": "new-term", "meaning": "测试用的新词。"}
    changed_fresh = index(cache=False)
    assert changed_fresh != fresh
    assert index(cache=True) == changed_fresh


def test_a_rebuild_into_the_same_folder_keeps_the_index_the_worker_started_early(tmp_path):
    """issue #8: the search worker starts segmenting as soon as the cases are
    loaded, before MkDocs cleans the site folder; it writes only after the
    clean, so a rebuild's index is there, and it is the new one."""
    from conftest import assert_clean_build, make_project_copy, run_mkdocs

    root = make_project_copy(tmp_path, FIXTURE / "cases")
    site = root / "site"
    assert_clean_build(run_mkdocs(root, site))
    before = (site / "search" / "manifest.js").read_text(encoding="utf-8")
    case = sorted((root / "cases").glob("*.yaml"))[0]
    case.write_text(case.read_text(encoding="utf-8").replace("summary: ", "summary: 独一无二测试词。", 1), encoding="utf-8")
    assert_clean_build(run_mkdocs(root, site))
    after = (site / "search" / "manifest.js").read_text(encoding="utf-8")
    assert after != before  # a new version: the documents changed
    texts = "".join(p.read_text(encoding="utf-8") for p in (site / "search" / "d").glob("*.js"))
    assert "独一无二测试词" in texts


def test_documents_cut_in_two_shares_of_equal_work():
    """issue #8: the worker takes the documents after the cut; one still to segment weighs SEGMENT_COST."""
    from casebook.search.index import SEGMENT_COST, _halfway

    assert _halfway(10, set()) == 5
    assert _halfway(10, set(range(10))) == 5
    # Only the last two need segmenting: they are most of the work, so the cut comes late.
    cut = _halfway(100, {98, 99})
    work = lambda numbers: sum(SEGMENT_COST if n in {98, 99} else 1 for n in numbers)  # noqa: E731
    assert abs(work(range(cut)) - work(range(cut, 100))) <= SEGMENT_COST
    assert _halfway(0, set()) == 0


def test_a_build_stopped_before_resegmenting_leaves_the_entry_missing(tmp_path):
    """issue #8: index.json records the new dictionary before a changed
    document is segmented again; the stale entry is removed first, so a build
    that stops in between cannot hand the old counts to the next one."""
    from casebook.search.cache import SegmentCache

    project = load_project(FIXTURE)
    docs = build_documents(project, SiteUrls(True))
    words = domain_words(project)
    cache = SegmentCache(tmp_path)
    assert cache.prepare(docs, Segmenter(words)) == set(range(len(docs)))
    for number in range(len(docs)):
        cache.counts(number)
    new_word = _new_word(project.cases[0], words)
    changed = SegmentCache(tmp_path).prepare(docs, Segmenter([*words, new_word]))
    assert 0 in changed  # the first case contains the new word ... and the build stops here
    assert 0 in SegmentCache(tmp_path).prepare(docs, Segmenter([*words, new_word]))
