"""Proposals from the existing vocabulary, and warnings about cases already in the casebook.

* Themes: jieba's TF-IDF keywords of the article (``jieba.analyse``), scored
  against each theme's name, keywords and definition in cases/vocab/themes.yaml.
* Glossary terms: terms and aliases of cases/vocab/glossary.yaml that occur in
  the article, ranked by their TF-IDF weight, plus quoted numeric formulas
  (“三项制度”) that the glossary does not have yet.
* Near duplicates: word-bigram shingles of jieba tokens. A case is reported
  when at least ``CONTAINMENT_WARN`` of its shingles occur in the article
  (containment, not Jaccard: a case summarises one part of an article and is
  much shorter), or when one of its sources has the same title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import nlp
from .chars import to_simplified
from .lines import CJK

CONTAINMENT_WARN = 0.3  # share of a case's word pairs found in the article; same-source cases score 0.37-0.61 on the seed articles, unrelated ones at most 0.02
TOP_KEYWORDS = 80
MAX_THEMES = 4
QUOTED_FORMULA = re.compile(r"“([一二三四五六七八九十两百千万]+[^“”，。、\s]{1,6})”")
_CONTENT = re.compile(f"[{CJK}0-9]")


@dataclass
class ThemeProposal:
    id: str
    name: str
    score: float
    matched: list[str]


@dataclass
class Duplicate:
    case_id: str
    rel: str
    title: str
    containment: float
    jaccard: float
    same_source: bool


@dataclass
class Suggestions:
    themes: list[ThemeProposal] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)
    new_terms: list[str] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)


def vocabulary_words(vocab) -> list[str]:
    words = []
    for theme in vocab.themes.values():
        words += [theme["name"], *theme.get("keywords", [])]
    for term, entry in vocab.glossary.items():
        words += [term, *entry.get("aliases", [])]
    for group in vocab.synonyms:
        words += group
    return words


def suggest(text: str, project, title: str | None = None) -> Suggestions:
    """Proposals for ``text`` (simplified) against ``project`` (a loaded casebook, or None)."""
    out = Suggestions()
    if project is None:
        return out
    vocab = project.vocab
    nlp.add_words(vocabulary_words(vocab))
    tokenizer = nlp.tokenizer()
    tags = dict(nlp.tfidf().extract_tags(text, topK=TOP_KEYWORDS, withWeight=True))
    out.keywords = list(tags)[:15]
    out.themes = _themes(text, tags, vocab, tokenizer)
    out.terms, out.new_terms = _terms(text, tags, vocab)
    out.duplicates = near_duplicates(text, project, tokenizer, title)
    return out


def _themes(text: str, tags: dict[str, float], vocab, tokenizer) -> list[ThemeProposal]:
    proposals = []
    for theme_id, theme in vocab.themes.items():
        profile: dict[str, float] = {}
        for word in tokenizer.lcut(theme.get("definition", "")):
            if len(word) >= 2 and _CONTENT.search(word):
                profile[word] = 0.5
        for word in [theme["name"], *theme.get("keywords", [])]:
            profile[word] = 1.0
            for part in tokenizer.lcut(word):
                if len(part) >= 2:
                    profile.setdefault(part, 0.5)
        score, matched = 0.0, []
        for word, weight in profile.items():
            if word in tags:
                score += tags[word] * weight
                matched.append(word)
            elif weight == 1.0 and word in text:
                score += 0.05 * min(text.count(word), 3)
                matched.append(word)
        if score > 0:
            proposals.append(ThemeProposal(theme_id, theme["name"], round(score, 3), matched))
    proposals.sort(key=lambda p: -p.score)
    if not proposals:
        return []
    top = proposals[0].score
    return [p for p in proposals if p.score >= 0.35 * top][:MAX_THEMES]


def _terms(text: str, tags: dict[str, float], vocab) -> tuple[list[str], list[str]]:
    found: dict[str, float] = {}
    for term, entry in vocab.glossary.items():
        for form in [term, *entry.get("aliases", [])]:
            if form in text:
                found[term] = max(found.get(term, 0.0), tags.get(form, 0.0) + 0.001 * text.count(form))
    terms = sorted(found, key=lambda t: -found[t])
    known = set(vocab.glossary) | {a for e in vocab.glossary.values() for a in e.get("aliases", [])}
    new = []
    for m in QUOTED_FORMULA.finditer(text):
        if m.group(1) not in known and m.group(1) not in new:
            new.append(m.group(1))
    return terms, new


def shingles(text: str, tokenizer) -> set[tuple[str, str]]:
    words = [w for w in tokenizer.lcut(to_simplified(text)) if len(w) >= 2 and _CONTENT.search(w)]
    return set(zip(words, words[1:]))


def case_text(case) -> str:
    d = case.data
    parts = [d.get("title", ""), d.get("summary", ""), d.get("background", ""), d.get("outcomes", "")]
    parts += [p.get("name", "") + "。" + p.get("description", "") for p in d.get("practices", [])]
    parts += d.get("insights", [])
    parts += [f.get("source_phrase", "") for f in d.get("figures", [])]
    return "\n".join(parts)


def _norm_title(title: str) -> str:
    return re.sub(r"[\s\W_]+", "", to_simplified(title or ""))


def near_duplicates(text: str, project, tokenizer, title: str | None = None) -> list[Duplicate]:
    article = shingles(text, tokenizer)
    first_line = title or text.split("\n", 1)[0]
    out = []
    for case in project.cases:
        case_sh = shingles(case_text(case), tokenizer)
        if not case_sh:
            continue
        common = len(article & case_sh)
        containment = common / len(case_sh)
        jaccard = common / len(article | case_sh)
        same = any(_norm_title(s.get("title", "")) == _norm_title(first_line) for s in case.get("sources", []))
        if same or containment >= CONTAINMENT_WARN:
            out.append(Duplicate(case.id, case.rel, case.title, round(containment, 2), round(jaccard, 2), same))
    out.sort(key=lambda d: (not d.same_source, -d.containment))
    return out
