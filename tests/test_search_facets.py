"""Facet codes for the filterable case list (issue #17): compact, exact, one column per facet."""

from __future__ import annotations

from pathlib import Path

from casebook.load import load_project
from casebook.search.facets import decode, encode, facet_data

REPO = Path(__file__).resolve().parents[1]


def test_codes_roundtrip_in_a_fixed_width():
    for numbers in ([0], [0, 1, 63], [64, 0, 4095], [5000, 1, 300000]):
        w, codes = encode(numbers)
        assert len(codes) == w * len(numbers)
        assert decode(codes, w) == numbers
    assert encode([63])[0] == 1 and encode([64])[0] == 2


def test_every_case_is_coded_as_it_is_filed():
    project = load_project(REPO)
    ids = [c.id for c in project.cases]
    data = facet_data(project, ids)
    assert data["docs"] == len(ids)
    facets = {f["key"]: f for f in data["facets"]}
    assert list(facets) == ["theme", "province", "level", "status", "kind"]
    for number, case in enumerate(project.cases):
        for key, f in facets.items():
            code = decode(f["codes"], f["width"])[number]
            values = [v for v, _ in f["values"]]
            if f["multi"]:
                mine = {values[k] for k in range(len(values)) if code >> k & 1}
                want = set(case["themes"]) if key == "theme" else {s["kind"] for s in case["sources"]}
            else:
                mine = {values[code]}
                want = {case["region"]["province"] if key == "province" else case[key]}
            assert mine == want, (case.id, key)
        year = decode(data["year"]["codes"], data["year"]["width"])[number]
        assert year == (case.year - data["year"]["first"] + 1 if case.year else 0)
    # Only values some case has are offered; a facet every case agrees on is marked.
    assert [v for v, _ in facets["status"]["values"]] == ["unknown"] and facets["status"]["uniform"]
    assert not facets["theme"]["uniform"] and not facets["province"]["uniform"]
    assert "上海市" not in [v for v, _ in facets["province"]["values"]]
    assert facets["level"]["values"][0] == ["central", "中央和国家机关"]
