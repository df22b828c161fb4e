"""Link the first mention of each glossary term in a case's text to its entry.

The case page's ``paragraphs`` filter takes a ``linker``: a callable from
plain text to safe HTML. The linker is made fresh for each page and
remembers which entries it has linked, so only the FIRST mention of a term
(or of any of its aliases) on the page is linked; later ones stay text.
Matching is longest-first at each position (三项制度 wins over 三项), left to
right, never overlapping. It only ever sees plain paragraph text, never
headings, links or code, so it cannot put a link inside them.

Each link carries the term's expansion and meaning in ``data-tip``;
casebook-ui.js shows it as a tooltip on hover, keyboard focus and tap.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup, escape

from ..common import urls
from ..load.project import Case, Project
from ..render.pages import CASE_CONTEXT_PROVIDERS, Renderer


@dataclass(frozen=True)
class Surface:
    text: str  # the words as they appear in running text: the term or one alias
    entry_id: str
    tip: str


class TermIndex:
    """Every glossary term and alias, longest first."""

    def __init__(self, glossary: dict[str, dict]):
        surfaces = []
        for term in sorted(glossary):
            entry = glossary[term]
            tip = tip_text(entry)
            surfaces += [Surface(text, entry["id"], tip) for text in [entry["term"], *entry.get("aliases", [])] if len(text) >= 2]
        # Longest first; a text two entries share keeps glossary order (the sort is stable).
        self.surfaces = sorted(surfaces, key=lambda s: (-len(s.text), s.text))
        self._surface = {s.text: s for s in reversed(self.surfaces)}  # a shared text: the first in order
        # One alternation, longest first: at each position the regex engine
        # takes the first alternative that matches, in C (issue #8: a Python
        # scan went through every character of 10,000 pages).
        self._pattern = re.compile("|".join(re.escape(s.text) for s in self.surfaces)) if surfaces else None

    def matches(self, text: str) -> list[tuple[int, Surface]]:
        """(position, surface) of every non-overlapping, longest-first match, left to right."""
        if self._pattern is None:
            return []
        surface = self._surface
        return [(m.start(), surface[m.group()]) for m in self._pattern.finditer(text)]


def tip_text(entry: dict) -> str:
    expansion = entry.get("expansion")
    lead = f"{entry['term']}：包括{'、'.join(expansion)}。" if expansion else f"{entry['term']}："
    return lead + entry["meaning"]


class TermLinker:
    """Per page: links the first mention of each entry, escapes everything else."""

    def __init__(self, index: TermIndex, glossary_href: str):
        self.index = index
        self.glossary_href = glossary_href  # the glossary page, relative to this page
        self.linked: set[str] = set()

    def __call__(self, text: str) -> Markup:
        parts, last = [], 0
        for pos, surface in self.index.matches(text):
            if surface.entry_id in self.linked:
                continue
            self.linked.add(surface.entry_id)
            parts.append(escape(text[last:pos]))
            parts.append(Markup('<a class="cb-term-link" href="{}" data-tip="{}">{}</a>').format(
                f"{self.glossary_href}#{surface.entry_id}", surface.tip, surface.text))
            last = pos + len(surface.text)
        parts.append(escape(text[last:]))
        return Markup("").join(parts)


def term_index(project: Project) -> TermIndex:
    """Built once per project (the glossary does not change during a build)."""
    index = project.extra.get("_term_index")
    if index is None:
        index = project.extra["_term_index"] = TermIndex(project.vocab.glossary)
    return index


def make_linker(project: Project, renderer: Renderer, page_src: str) -> TermLinker:
    return TermLinker(term_index(project), renderer.urls.rel(page_src, urls.GLOSSARY))


def linker_context(case: Case, project: Project, renderer: Renderer) -> dict:
    return {"term_linker": make_linker(project, renderer, urls.case_src(case.id))}


CASE_CONTEXT_PROVIDERS.append(linker_context)
