"""Every figure in the seed cases matches the checked list of source phrases."""

from pathlib import Path

import yaml

from casebook.common.numbers import occurs_in
from casebook.load import load_project
from conftest import REPO

CHECKED = Path(__file__).parent / "data" / "figure_sources.yaml"


def _key(case_id, fig):
    return (case_id, fig["label"], fig["source_phrase"])


def test_case_figures_match_the_checked_list():
    checked = yaml.safe_load(CHECKED.read_text(encoding="utf-8"))
    project = load_project(REPO)
    assert project.problems == []
    in_cases = {_key(c.id, f): f for c in project.cases for f in c["figures"]}
    in_list = {_key(e["case"], e): e for e in checked}
    assert sorted(in_cases) == sorted(in_list), "a figure was added, removed or re-worded without updating tests/data/figure_sources.yaml"
    for key, fig in in_cases.items():
        entry = in_list[key]
        assert (fig["value"], fig["unit"]) == (entry["value"], entry["unit"]), key
        assert occurs_in(fig["value"], fig["source_phrase"]), key


def test_checked_list_is_not_trivially_small():
    checked = yaml.safe_load(CHECKED.read_text(encoding="utf-8"))
    project = load_project(REPO)
    assert len(checked) == sum(len(c["figures"]) for c in project.cases) > 50
