"""Facet codes of every case, for the filterable case list (cases/, issue #17).

The list combines facets (theme, province, level, status, source kind,
years) with each other and with a query, and shows how many cases each
value would give. At 10,000 cases that must cost one small download, so
``search/facets.js`` holds no text of a case, only codes, one column per
facet, one fixed-width code per document (numbered as the search documents
are, so a query's results and a facet selection meet by number):

* a single-valued facet: the value's position, in base 64;
* a multi-valued facet (themes, source kinds): a bit set of positions;
* the year (``Case.year``): year - first year + 1, 0 when unknown;
* when the case was added, in days from the earliest: the list without a
  query is newest first, as the page's own list.

The browser counts everything else. A facet on which every case agrees
(all 11 seed cases say 实施状态 不详) is marked ``uniform``: it cannot narrow
anything, so the page does not offer it.
"""

from __future__ import annotations

import datetime

from ..load.project import SOURCE_KIND_NAMES, STATUS_NAMES, Case, Project

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"
BITS = 6  # per code character


def width(largest: int) -> int:
    """Characters needed for codes up to ``largest``."""
    w = 1
    while largest >= 1 << (BITS * w):
        w += 1
    return w


def encode(numbers: list[int]) -> tuple[int, str]:
    """(width, codes) with every number written in the same width."""
    w = width(max(numbers, default=0))
    out = []
    for n in numbers:
        out.append("".join(ALPHABET[(n >> (BITS * k)) & 63] for k in reversed(range(w))))
    return w, "".join(out)


def decode(codes: str, w: int) -> list[int]:
    """The numbers ``encode`` wrote (tests; the browser has its own)."""
    out = []
    for i in range(0, len(codes), w):
        n = 0
        for ch in codes[i : i + w]:
            n = n << BITS | ALPHABET.index(ch)
        out.append(n)
    return out


def _facet(key: str, label: str, values: list[tuple[str, str]], per_case: list[list[str]], multi: bool) -> dict:
    """Values that occur, in vocabulary order, and each document's code."""
    used = {v for vs in per_case for v in vs}
    values = [(v, name) for v, name in values if v in used]
    position = {v: i for i, (v, _) in enumerate(values)}
    if multi:
        numbers = [sum(1 << position[v] for v in set(vs)) for vs in per_case]
    else:
        numbers = [position[vs[0]] for vs in per_case]
    w, codes = encode(numbers)
    return {
        "key": key,
        "label": label,
        "multi": multi,
        "values": [list(v) for v in values],
        "width": w,
        "codes": codes,
        "uniform": len(set(numbers)) <= 1,
    }


def _days(case: Case) -> int:
    return datetime.date.fromisoformat(str(case["added"])).toordinal()


def facet_data(project: Project, case_ids: list[str]) -> dict:
    """Everything ``facets.js`` holds, for the documents ``case_ids`` in document order."""
    vocab = project.vocab
    cases = [project.case(cid) for cid in case_ids]
    facets = [
        _facet("theme", "主题", [(t, e["name"]) for t, e in vocab.themes.items()], [c["themes"] for c in cases], True),
        _facet("province", "地区", [(p, p) for p in vocab.provinces], [[c["region"]["province"]] for c in cases], False),
        _facet("level", "层级", [(lv, e["name"]) for lv, e in vocab.levels.items()], [[c["level"]] for c in cases], False),
        _facet("status", "实施状态", list(STATUS_NAMES.items()), [[c["status"]] for c in cases], False),
        _facet("kind", "来源类型", list(SOURCE_KIND_NAMES.items()), [[s["kind"] for s in c["sources"]] for c in cases], True),
    ]
    years = [c.year for c in cases]
    known = [y for y in years if y]
    first = min(known, default=0)
    year_w, year_codes = encode([y - first + 1 if y else 0 for y in years])
    days = [_days(c) for c in cases]
    earliest = min(days, default=0)
    added_w, added_codes = encode([d - earliest for d in days])
    return {
        "docs": len(cases),
        "facets": facets,
        "year": {"first": first, "width": year_w, "codes": year_codes, "uniform": len(set(years)) <= 1},
        "added": {"width": added_w, "codes": added_codes},
    }

