"""Pages of the training modules, and the "used in modules" list on case pages."""

from __future__ import annotations

from dataclasses import dataclass

from ..common import urls
from ..link.citation import page_address, site_url
from ..load.project import Case, Project
from ..render.pages import Renderer
from ..render.text import script_json
from .load import Module, modules_of

MODULE_INDEX = "modules/index.md"
MAX_CARD_FIGURES = 6


def module_src(module_id: str) -> str:
    return f"modules/{module_id}.md"


def case_anchor(case_id: str) -> str:
    """Anchor of a case's card on a module page (prefixed: never clashes with section anchors)."""
    return f"c-{case_id}"


@dataclass
class CardPractice:
    id: str
    name: str


@dataclass
class Card:
    """One case of a module, as shown on the module page."""

    number: int
    case: Case
    entry: dict  # the module file's entry: note, questions, ...
    practices: list[CardPractice]  # the chosen practices, in the module's order
    figures: list[dict]
    address: str  # written out for the printed handout
    alternatives: list[tuple[Case, str]]


def key_figures(case: Case, practice_ids: list[str], limit: int = MAX_CARD_FIGURES) -> list[dict]:
    """The figures of the chosen practices (all figures when none chosen), in case-file order."""
    figures = case["figures"]
    if practice_ids:
        chosen = [f for f in figures if f.get("practice") in practice_ids]
        figures = chosen or figures
    return figures[:limit]


def cards(module: Module, project: Project, renderer: Renderer) -> list[Card]:
    out = []
    for number, entry in enumerate(module.data["cases"], start=1):
        case = project.case(entry["case"])
        names = {p["id"]: p["name"] for p in case["practices"]}
        chosen = entry.get("practices", [])
        alternatives = [(project.case(a["case"]), a.get("note", "")) for a in entry.get("alternatives", [])]
        out.append(Card(
            number=number,
            case=case,
            entry=entry,
            practices=[CardPractice(pid, names[pid]) for pid in chosen],
            figures=key_figures(case, chosen),
            address=page_address(project, renderer.urls, urls.case_src(case.id)),
            alternatives=[(c, note) for c, note in alternatives if c is not None],
        ))
    return out


def module_pack(module: Module, module_cards: list[Card], address: str) -> dict:
    """The module as the Word download sees it (casebook-word.js): the same shape
    as a handout pack, plus what only a module has (audience, objectives, notes)."""
    d = module.data
    meta = [["培训对象", d["audience"]]] + [[label, d[key]] for label, key in (("建议课时", "duration"), ("更新日期", "updated")) if d.get(key)]
    return {
        "kind": "module",
        "id": module.id,
        "title": module.title,
        "summary": d["summary"],
        "meta": meta,
        "objectives": list(d["objectives"]),
        "items": [{
            "case": card.case.id,
            "practices": [p.id for p in card.practices],
            "note": card.entry["note"],
            "questions": list(card.entry.get("questions", [])),
            "alternatives": [{"title": alt.title, "note": note} for alt, note in card.alternatives],
        } for card in module_cards],
        "questions": list(d["questions"]),
        "address": address,
    }


def module_pages(project: Project, renderer: Renderer) -> dict[str, str]:
    modules = modules_of(project)
    pages = {}
    for module in modules:
        src = module_src(module.id)
        module_cards = cards(module, project, renderer)
        address = page_address(project, renderer.urls, src)
        pages[src] = renderer.render(
            "module.md.j2",
            src=src,
            module=module,
            cards=module_cards,
            pack=script_json(module_pack(module, module_cards, address)),
            address=address,
            absolute=bool(site_url(project)),
            case_anchor=case_anchor,
            module_index_src=MODULE_INDEX,
        )
    listing = [(m, module_src(m.id), len(m.data["cases"])) for m in modules]
    pages[MODULE_INDEX] = renderer.render("module_index.md.j2", src=MODULE_INDEX, modules=listing, handout_src=urls.HANDOUT)
    return pages


def _usage(project: Project) -> dict[str, list[tuple[Module, dict]]]:
    """Case id -> [(module, its entry for the case)], built once per project."""
    usage = project.extra.get("_module_usage")
    if usage is None:
        usage = {}
        for module in modules_of(project):
            for entry in module.data["cases"]:
                usage.setdefault(entry["case"], []).append((module, entry))
        project.extra["_module_usage"] = usage
    return usage


def modules_using(case: Case, project: Project, renderer: Renderer) -> dict:
    """Case-page context: the modules that use this case, with the practices they focus on."""
    names = {p["id"]: p["name"] for p in case["practices"]}
    used = [{
        "module": module,
        "src": module_src(module.id),
        "anchor": case_anchor(case.id),
        "practices": [CardPractice(pid, names[pid]) for pid in entry.get("practices", [])],
    } for module, entry in _usage(project).get(case.id, [])]
    return {"modules": used, "module_index_src": MODULE_INDEX}
