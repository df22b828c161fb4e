"""Computed related cases: reasons, stable from build to build, bounded work."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

from casebook.link import related
from casebook.load import load_project
from casebook.load.project import Case, Project, Vocab
from casebook.render.pages import RELATED_PROVIDERS
from casebook.load.yamlload import LoadedYaml
from conftest import REPO

DUMP = """
import json, sys
from casebook.load import load_project
from casebook.link import related
project = load_project(sys.argv[1])
project.cases.reverse()  # input order must not matter either
print(json.dumps({k: [[s.case_id, s.score, s.reason] for s in v] for k, v in related.compute(project).items()}, ensure_ascii=False, sort_keys=True))
"""


def run_dump(seed: str, tmp_path) -> dict:
    env = dict(os.environ, PYTHONHASHSEED=seed, CASEBOOK_CACHE_DIR=str(tmp_path / f"cache-{seed}"))
    out = subprocess.run([sys.executable, "-c", DUMP, str(REPO)], env=env, capture_output=True, text=True, timeout=300, check=True)
    return json.loads(out.stdout)


def test_related_links_are_identical_from_run_to_run(tmp_path):
    """Two processes with different hash seeds (set order differs) give the same links."""
    first, second = run_dump("1", tmp_path), run_dump("2", tmp_path)
    assert first == second
    assert any(first.values()), "the seed cases should have some computed links"


def test_cached_and_fresh_segmentation_agree(tmp_path, monkeypatch):
    monkeypatch.setenv("CASEBOOK_CACHE_DIR", str(tmp_path))
    fresh = related.compute(load_project(REPO))
    assert (tmp_path / "related" / "words.marshal").is_file()
    cached = related.compute(load_project(REPO))
    assert cached == fresh
    monkeypatch.setenv("CASEBOOK_CACHE", "0")
    assert related.compute(load_project(REPO)) == fresh


def test_seed_links_carry_reasons_and_skip_explicit_ones():
    project = load_project(REPO)
    computed = related.compute(project)
    for case in project.cases:
        explicit = {r["case"] for r in case["related"]}
        links = computed[case.id]
        assert len(links) <= related.MAX_COMPUTED
        assert case.id not in {s.case_id for s in links}
        assert not explicit & {s.case_id for s in links}, "an explicit link is not repeated"
        assert [s.score for s in links] == sorted((s.score for s in links), reverse=True)
        for s in links:
            assert s.reason and all(p.split("：")[0] in {"同一来源", "共同提法", "同属主题", "内容相近"} for p in s.reason.split("；"))
    # A known pair: both about recruiting civil servants and serving the public.
    pairs = {(k, s.case_id): s.reason for k, v in computed.items() for s in v}
    assert pairs[("quanzong-jiguan-gongwuyuan-jiceng-xuanlu", "chongqing-sanwan-jihua")] == "同属主题：招录选拔、联系服务群众"


def fake_project(n: int, *, shared_theme: bool = True) -> Project:
    """n cases with unique titles; every case has one common theme and a rare term shared with its neighbour."""
    vocab = Vocab(themes={"t": {"id": "t", "name": "主题"}, "u": {"id": "u", "name": "另一主题"}})
    cases = []
    for i in range(n):
        data = {
            "id": f"c{i:05d}", "title": f"案例{i:05d}", "summary": "一句话摘要", "practices": [{"id": "p", "name": "做法"}],
            "themes": ["t"] if shared_theme else ["u"], "terms": [f"提法{i // 2}"], "related": [],
            "sources": [{"title": f"来源{i}", "kind": "media-report"}],
        }
        cases.append(Case(id=data["id"], data=data, rel=f"cases/{data['id']}.yaml", loaded=LoadedYaml()))
    return Project(root=REPO / "no-such-dir", cases=cases, vocab=vocab, problems=[])


def test_work_stays_linear_when_every_case_shares_a_theme(monkeypatch):
    monkeypatch.setenv("CASEBOOK_CACHE", "0")
    stats: dict = {}
    n = 3000
    started = time.perf_counter()
    links = related.compute(fake_project(n), stats)
    elapsed = time.perf_counter() - started
    # The common theme (in all n cases) never enumerates pairs: only the rare term does.
    assert stats["pairs_scored"] <= n * related.MAX_CANDIDATES
    assert stats["pairs_scored"] == n  # each case meets exactly its term partner
    assert links["c00000"][0].case_id == "c00001"
    assert links["c00000"][0].reason.startswith("共同提法：提法0")
    assert elapsed < 60, f"{elapsed:.1f}s for {n} cases"


def test_ties_are_broken_by_id():
    project = fake_project(6)
    for case in project.cases:  # everyone shares one term: all scores tie
        case.data["terms"] = ["同一个提法"]
    links = related.compute(project)
    assert [s.case_id for s in links["c00003"]] == ["c00000", "c00001", "c00002", "c00004", "c00005"]


def test_provider_is_registered_and_page_shows_the_reason(built_site):
    assert related.computed_related in RELATED_PROVIDERS
    html = (built_site / "cases" / "quanzong-jiguan-gongwuyuan-jiceng-xuanlu" / "index.html").read_text(encoding="utf-8")
    section, after = html.split('id="related"', 1)[1].split("</ul>", 1)
    assert '<li class="cb-related--auto"><a href="../chongqing-sanwan-jihua/">' in section
    assert '<span class="cb-auto">自动推荐</span>同属主题：招录选拔、联系服务群众' in section
    # what "自动推荐" means is said once under the list, readable on a phone (no hover title)
    assert after.lstrip().startswith('<p class="cb-related__hint">标有“自动推荐”的，是根据共同的来源、提法、主题和关键词自动选出的。</p>')
    # explicit links come first
    assert section.index("同一来源") < section.index("自动推荐")


def test_an_unwritable_cache_is_not_an_error(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory", encoding="utf-8")
    monkeypatch.setenv("CASEBOOK_CACHE_DIR", str(blocker / "sub"))  # mkdir fails even for root
    assert related.compute(load_project(REPO))


def test_related_words_are_the_same_through_the_automaton(monkeypatch):
    """issue #8: past FASTCUT_MIN texts the words come from casebook.common.wordcut; they must not change."""
    monkeypatch.setenv("CASEBOOK_CACHE", "0")
    project = load_project(REPO)
    texts = {c.id: related.case_text(c) for c in project.cases}
    words = list(related.glossary_words(project))
    monkeypatch.setattr(related, "FASTCUT_MIN", 10**9)
    related.segmenter.cache_clear()
    plain = related.segment_all(texts, words, project.root)
    monkeypatch.setattr(related, "FASTCUT_MIN", 1)
    related.segmenter.cache_clear()
    assert related.segment_all(texts, words, project.root) == plain
    related.segmenter.cache_clear()
