"""`casebook bench` end to end on a tiny corpus (issue #8).

Proves the pipeline works and prints every figure; it asserts no timings:
performance is measured by `make bench`, not by timed tests.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from casebook.bench import corpus
from casebook.load import load_project

REPO = Path(__file__).resolve().parents[1]
OURS = {"site", "cases", "cores", "build_s", "build_cpu_s", "build_warm_s", "peak_rss_mb", "site_mb",
        "case_page_kb_median", "search_index_kb_first_query", "query_ms_median", "live_edit_s",
        "filter_first_view_kb", "filter_ms_median"}
BASELINE = {"site", "cases", "cores", "build_s", "peak_rss_mb", "site_mb", "case_page_kb_median",
            "search_index_kb_first_query", "query_ms_median"}


def test_corpus_is_valid_and_deterministic(tmp_path):
    corpus.generate(30, REPO, tmp_path / "a" / "cases")
    corpus.generate(30, REPO, tmp_path / "b" / "cases")
    a = sorted((tmp_path / "a" / "cases").glob("*.yaml"))
    assert len(a) == 30
    assert [p.read_bytes() for p in a] == [p.read_bytes() for p in sorted((tmp_path / "b" / "cases").glob("*.yaml"))]
    project = load_project(tmp_path / "a")
    assert not project.problems, project.problems[:5]
    assert len(project.cases) == 30
    assert any(c["figures"] for c in project.cases) and any(c["terms"] for c in project.cases)


@pytest.mark.browser
def test_bench_pipeline_emits_every_figure(tmp_path):
    # A process of its own, as `make bench` runs it (and Playwright's sync API
    # cannot start inside a test session that already drives a browser).
    result = subprocess.run(
        [sys.executable, "-m", "casebook.cli", "--root", str(REPO), "bench", "--cases", "30", "--out", str(tmp_path),
         "--baseline", "--baseline-nav-max", "30", "--zensical"],
        capture_output=True, text=True, timeout=1200, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
    )
    assert result.returncode == 0, result.stderr[-3000:]
    lines = [json.loads(ln) for ln in result.stdout.splitlines() if ln.startswith("{")]
    ours = [r for r in lines if r.get("site") == "casebook"]
    assert len(ours) == 1 and OURS <= ours[0].keys(), ours
    assert ours[0]["cases"] == 30 and ours[0]["case_page_kb_median"] > 0
    assert ours[0]["search_index_kb_first_query"] is not None, ours[0]
    assert ours[0]["filter_first_view_kb"] and ours[0]["filter_ms_median"] is not None, ours[0]  # issue #17
    assert ours[0]["live_edit_s"] is not None, ours[0]
    for layout in ("casebook-zensical", "material-nav", "material-flat"):
        base = [r for r in lines if r.get("site") == layout]
        assert len(base) == 1 and BASELINE <= base[0].keys(), base
    targets = lines[-1]
    assert {"all_met_cold", "all_met_warm", "build_s", "build_warm_s", "live_edit_s"} <= targets.keys(), targets
