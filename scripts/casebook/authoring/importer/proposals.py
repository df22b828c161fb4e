"""What the draft proposes from the article: practices with ids, key figures, region, level, organisation.

Everything proposed here is the article's own wording or a name found in it;
the draft writes each proposal next to the evidence, and leaves for the
maintainer what must be written in their own words (descriptions, labels,
the summary), so the draft fails ``make validate`` until a person did that.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from .. import scaffold
from .figures import Figure
from .outline import Outline

MAX_PRACTICE_SYLLABLES = 6


@dataclass
class PracticeProposal:
    id: str
    name: str
    source: str
    line: int
    how: str
    tier: int
    parent: str | None  # id of the practice it belongs to


@dataclass
class FigureProposal:
    figure: Figure
    phrase: str  # the source phrase in the article's own characters
    practice: str | None


@dataclass
class Place:
    province: str | None = None
    city: str | None = None
    county: str | None = None
    level: str | None = None
    organisation: str | None = None
    evidence: dict[str, str] = field(default_factory=dict)  # field -> why, for the draft's comment
    seen: list[str] = field(default_factory=list)  # other county and city names the article uses


def practices(outline: Outline, tokenizer=None) -> list[PracticeProposal]:
    """The outline's practices with ids made from their names (unique within the case)."""
    out: list[PracticeProposal] = []
    taken: set[str] = set()
    ids: dict[int, str] = {}
    for k, p in enumerate(outline.practices):
        base = scaffold.suggest_id(p.name, MAX_PRACTICE_SYLLABLES, tokenizer=tokenizer) or f"zuofa-{k + 1}"
        pid, n = base, 2
        while pid in taken:
            pid, n = f"{base}-{n}", n + 1
        taken.add(pid)
        ids[k] = pid
        out.append(PracticeProposal(pid, p.name, p.source, p.line, p.how, p.tier, ids.get(p.parent) if p.parent is not None else None))
    return out


def practice_of(fig: Figure, outline: Outline, proposals: list[PracticeProposal]) -> str | None:
    """The innermost practice whose passage holds the figure."""
    best, size = None, None
    for k, p in enumerate(outline.practices):
        for line, start, end in p.regions:
            if line == fig.line and start <= fig.span[0] < end:
                if size is None or end - start < size:
                    best, size = proposals[k].id, end - start
    return best


# Numbers that are figures of speech or positions, not data: 一名, 第23位, 每一项
_ORDINAL_BEFORE = re.compile(r"第\s*$|每\s*$|前\s*$")


def key_figures(figs: list[Figure], phrases: dict[int, str], outline: Outline, proposals: list[PracticeProposal], lines: dict[int, str]) -> tuple[list[FigureProposal], list[Figure]]:
    """(figures worth a card, the rest): data with a unit; not 一名/一次 without 多 or 余, not 第N, not a bare number."""
    keep, rest = [], []
    for i, fig in enumerate(figs):
        text = lines.get(fig.line, "")
        start = text.find(fig.text, fig.span[0]) if fig.text else -1
        before = text[max(0, start - 2): start] if start >= 0 else ""
        trivial = (
            fig.value == 1 and not fig.qualifier and not re.match(r"\d", fig.text)
            or not fig.unit
            or _ORDINAL_BEFORE.search(before)
        )
        if trivial:
            rest.append(fig)
            continue
        keep.append(FigureProposal(fig, phrases.get(i, fig.phrase), practice_of(fig, outline, proposals)))
    return keep, rest


# --- where and who -----------------------------------------------------------------------------
_SHORT = re.compile(r"(?:省|市|自治区|壮族自治区|回族自治区|维吾尔自治区|特别行政区)$")
# A county or city name stands before the bodies that govern it (东城区委, 大田县人民政府) or after its province
_GOVERNED = "(?=委|人民政府|政府|党委|组织部|人大|政协|纪委)"
_COUNTY_CITY = r"(?:中共)?(?:{prefix})?([\u4e00-\u9fff]{{2,3}}?(?:{suffix}))" + _GOVERNED
_NOT_A_NAME = re.compile(r"^中共|^[和与及在到的全各本该我把从是了上报合条名门进推件工作县区市镇乡村共]|部|委|会|局|组|机关|^(?:城区|辖区|社区|园区|新区|高新区|开发区|山区|地区|市区|片区|郊区)$")
_ORG = re.compile(r"((?:中共)?[\u4e00-\u9fff]{0,10}?(?:省委|市委|县委|区委|州委|旗委)(?:组织部)?|全国总工会[\u4e00-\u9fff]{0,6}?部)")
_LEVEL_WORDS = [
    ("central", re.compile(r"^(?:中共中央|中央|全国|国家|国务院)")),
    ("province", re.compile(r"(?:省委|自治区党委|省人民政府|省政府)")),
    ("city", re.compile(r"(?:市委|州委|盟委|市人民政府|市政府)")),
    ("county", re.compile(r"(?:县委|区委|旗委|县人民政府|区人民政府|县政府|区政府)")),
    ("township", re.compile(r"(?:乡党委|镇党委|街道党工委|乡镇|街道)")),
    ("village", re.compile(r"(?:村党支部|村党组织|社区党组织|村委会|居委会)")),
]


def place(title: str, authors: list[str], signature: str | None, outlet: str | None, body: str, provinces: dict[str, dict]) -> Place:
    """Region, level and organisation from the names the article uses (title and bylines count most).

    A province counts when named in full (福建省), or by its short name where a
    place name is expected (重庆市委, 北京支部生活 as a byline or outlet);
    counties and cities only before the bodies that govern them (东城区委,
    大田县委): without a gazetteer, a bare 某某区 in running text is too
    often something else (高新区, 组织部和区).
    """
    out = Place()
    head = " ".join([title or "", *authors, signature or ""])
    text = head + "\n" + body
    stems = {}
    for name in provinces:
        if name != "全国":
            stem = _SHORT.sub("", name)
            stems[name] = re.compile(re.escape(name) + "|" + re.escape(stem) + "(?=市|省|委|人民政府|政府)" if len(stem) >= 2 else re.escape(name))
    bylines = [a for a in authors if re.search("(?:组织部|委员会|党委|党组|工委|总工会|人民政府|委)$", a)]
    if re.match(r"^(?:中共中央|中央|全国|国家)", " ".join(bylines)):
        out.province, out.level, out.organisation = "全国", "central", bylines[0]
        out.evidence["province"] = out.evidence["level"] = out.evidence["organisation"] = f"署名单位“{bylines[0]}”"
        return out
    scores: Counter = Counter()
    for part, weight in ((head, 3), (outlet or "", 2), (body, 1)):
        for name, pattern in stems.items():
            n = len(pattern.findall(part))
            if part is outlet and outlet and outlet.startswith(_SHORT.sub("", name)):
                n += 1  # 北京支部生活: a provincial journal
            if n:
                scores[name] += weight * n
    if scores:
        name, _ = scores.most_common(1)[0]
        out.province = name
        out.evidence["province"] = f"文中出现“{_SHORT.sub('', name)}”"
    # a province or city named before a county is not part of it: 福建省大田县委 -> 大田县
    prefix = "|".join(sorted((re.escape(n) for n in provinces if n != "全国"), key=len, reverse=True)) + r"|[\u4e00-\u9fff]{2,3}?市"
    county_re = re.compile(_COUNTY_CITY.format(prefix=prefix, suffix="县|区|旗"))
    city_re = re.compile(_COUNTY_CITY.format(prefix="|".join(re.escape(n) for n in provinces if n != "全国"), suffix="市|州|盟"))
    # a name the article uses once and not in its title or byline is more likely a slip of the pattern (名单上报区委)
    counties = Counter(c for c in county_re.findall(text) if not _NOT_A_NAME.search(c) and (text.count(c) >= 2 or c in head))
    cities = Counter(c for c in city_re.findall(text) if not _NOT_A_NAME.search(c) and c not in provinces and (text.count(c) >= 2 or c in head))
    if counties:
        out.county = counties.most_common(1)[0][0]
        out.evidence["county"] = f"文中出现“{out.county}” {counties[out.county]} 次"
    if cities:
        out.city = cities.most_common(1)[0][0]
        out.evidence["city"] = f"文中出现“{out.city}” {cities[out.city]} 次"
    out.seen = [c for c, _ in (counties + cities).most_common(7) if c not in (out.county, out.city)][:6]
    if out.province and out.province.endswith("市") and out.city == out.province:
        out.city = None  # 重庆市 is the province
    # the actor: the byline's organisation, else the party committee of a place the article names most
    places = [p for p in (out.county, out.city, out.province and _SHORT.sub("", out.province)) if p]
    orgs = Counter()
    for m in _ORG.finditer(text):
        org = m.group(1)
        for p in places:
            if p in org:
                orgs[org[org.index(p):]] += 1
                break
    for name in bylines + [o for o, _ in orgs.most_common()]:
        out.organisation = name if name.startswith(("中共", "中国共产党")) or not re.search("委", name) else "中共" + name
        out.evidence["organisation"] = f"署名或文中最常出现的单位“{name}”"
        break
    actor = out.organisation or " ".join(m.group(1) for m in _ORG.finditer(text)) or head
    for level, pattern in _LEVEL_WORDS:
        if pattern.search(actor):
            out.level = level
            out.evidence["level"] = f"实施单位“{actor.strip()}”"
            break
    if out.level in ("city", "county") and out.province and out.province.endswith("市") and _SHORT.sub("", out.province) in actor and "区委" not in actor and "县委" not in actor:
        out.level = "province"  # 重庆市委: a municipality is a province
    return out


@dataclass
class Proposals:
    outline: Outline
    practices: list[PracticeProposal]
    figures: list[FigureProposal]
    other_figures: list[Figure]  # numbers that are not proposed as cards
    place: Place


def propose(analysis, provinces: dict[str, dict] | None = None, tokenizer=None) -> Proposals:
    """Everything the draft proposes for one analysed article (``cli.Analysis``)."""
    from .clean import ROLE_BODY, ROLE_REMOVED
    from .outline import build

    kept = [item for item in analysis.clean.items if item.role != ROLE_REMOVED]
    simple = {line.no: line.text for line in analysis.conversion.lines}
    body = [(item.line.no, simple[item.line.no]) for item in kept if item.role == ROLE_BODY and not item.unsure]
    outline = build(body)
    found = practices(outline, tokenizer)
    figs, rest = key_figures(analysis.figures.figures, analysis.original_phrases, outline, found, simple)
    m = analysis.meta
    where = place(analysis.title_simplified or "", m.authors, m.signature, m.outlet, "\n".join(t for _, t in body), provinces or {})
    return Proposals(outline, found, figs, rest, where)
