"""A deterministic synthetic corpus of N valid cases for the benchmark.

The text is stitched from the real cases' own sentences (a chunked Markov
chain over characters: copy a short run, jump to another place in the seed
text that continues the last two characters), so its vocabulary, sentence
length and punctuation look like the real thing while every case is
different. The shape of each case (how many practices and figures, how long
each field is) is borrowed from a real case picked at random. Themes,
regions, levels and glossary terms come from cases/vocab; every figure's
value is written into its source phrase, so the validator's number check
passes. The same N and the same seed cases always give the same files.
"""

from __future__ import annotations

import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..common.numbers import format_value, occurs_in
from ..load import load_project
from ..load.project import RELATION_NAMES, SOURCE_KIND_NAMES, STATUS_NAMES, Project

SCHEMA_LINE = "# yaml-language-server: $schema=../scripts/casebook/schema/case.schema.json\n"
UNITS = ["个", "名", "%", "户", "年", "人", "万名", "亿元", "万件", "人次", "项", "次", "家", "万元", "个月"]
HAN_SUFFIX_CITY, HAN_SUFFIX_COUNTY = "市", ("县", "区")
# Separators the chain may not copy into one-line fields.
_NO_NEWLINE = str.maketrans({"\n": "", "\r": ""})
_DOUBLE = re.compile(r"([。，、；：])[。，、；：]+")


@dataclass
class Seed:
    text: str  # all seed text, sentences joined by 。
    index: dict[str, list[int]]  # two characters -> positions right after them
    places: list[str]  # single Han characters to make place names from
    shapes: list[dict]  # per real case: counts and lengths of its fields


def _texts(project: Project) -> list[str]:
    out = []
    for case in project.cases:
        d = case.data
        out += [d["title"], d["summary"], d["background"], d["outcomes"], *d["insights"]]
        out += [p["name"] + "。" + p["description"] for p in d["practices"]]
        out += [f"{f['label']}，{f['counts']}，{f['source_phrase']}" for f in d["figures"]]
    for entry in project.vocab.glossary.values():
        out.append(entry["meaning"])
    return [t.replace("\n", "").strip() for t in out if t.strip()]


def _shape(case) -> dict:
    d = case.data
    return {
        "title": len(d["title"]),
        "summary": len(d["summary"]),
        "background": [len(p) for p in d["background"].split("\n\n") if p.strip()],
        "outcomes": [len(p) for p in d["outcomes"].split("\n\n") if p.strip()],
        "practices": [(len(p["name"]), len(p["description"])) for p in d["practices"]],
        "insights": [len(i) for i in d["insights"]],
        "figures": len(d["figures"]),
        "terms": len(d["terms"]),
        "related": len(d["related"]),
        "sources": len(d["sources"]),
    }


def load_seed(root: Path) -> Seed:
    project = load_project(root)
    if not project.cases:
        raise SystemExit(f"{root}/cases 中没有可用的案例，无法生成合成语料。")
    text = "。".join(_texts(project))
    index: dict[str, list[int]] = {}
    for i in range(len(text) - 2):
        index.setdefault(text[i : i + 2], []).append(i + 2)
    places = sorted({ch for ch in text if "\u4e00" <= ch <= "\u9fff"})
    return Seed(text=text, index=index, places=places, shapes=[_shape(c) for c in project.cases])


class Writer:
    """Chunked Markov text over the seed."""

    def __init__(self, seed: Seed, rng: random.Random):
        self.seed, self.rng = seed, rng

    def text(self, length: int) -> str:
        s, rng, out, n = self.seed.text, self.rng, [], 0
        pos = rng.randrange(len(s) - 40)
        while n < length:
            run = s[pos : pos + rng.randint(3, 14)]
            if not run:
                pos = rng.randrange(len(s) - 40)
                continue
            out.append(run)
            n += len(run)
            ctx = "".join(out)[-2:]
            nexts = self.seed.index.get(ctx)
            pos = rng.choice(nexts) if nexts and rng.random() < 0.9 else rng.randrange(len(s) - 40)
        body = _DOUBLE.sub(r"\1", "".join(out)[:length]).strip("。，、；：")
        return body.translate(_NO_NEWLINE) or "案例内容"

    def sentence(self, length: int) -> str:
        return self.text(max(2, length - 1)) + "。"

    def clause(self, lo: int, hi: int) -> str:
        """A short phrase without sentence punctuation (names, labels)."""
        t = self.text(self.rng.randint(lo, hi) + 4)
        for mark in "。，、；：！？（）“”":
            t = t.replace(mark, "")
        return t[:hi] if len(t) >= lo else (t + "工作制度")[:hi]

    def paragraphs(self, lengths: list[int]) -> str:
        return "\n\n".join(self.sentence(max(20, n)) for n in lengths) + "\n"

    def place(self, suffix: str) -> str:
        return "".join(self.rng.choice(self.seed.places) for _ in range(2)) + suffix


def _pinyin_id(text: str, limit: int = 3) -> str:
    from pypinyin import lazy_pinyin

    parts = [p for p in lazy_pinyin(text[: limit * 2]) if p.isascii() and p.isalpha()]
    return "-".join(p.lower() for p in parts[:limit]) or "x"


def _jitter(rng: random.Random, n: int, lo: int = 1) -> int:
    return max(lo, round(n * rng.uniform(0.7, 1.3)))


def _figure(w: Writer, rng: random.Random, practice_ids: list[str]) -> dict:
    unit = rng.choice(UNITS)
    if rng.random() < 0.25:
        value: float = round(rng.uniform(0.1, 99.9), 1)
        if value.is_integer():
            value = int(value)
    else:
        value = rng.choice([rng.randint(1, 99), rng.randint(100, 9999), rng.randint(10_000, 99_999)])
    for _ in range(5):
        phrase = f"{w.clause(4, 16)}{format_value(value)}{unit}"
        if occurs_in(value, phrase):
            break
    else:  # the chain wrote a number next to ours; say it plainly
        phrase = f"共{format_value(value)}{unit}"
    fig = {"label": w.clause(2, 14), "value": value}
    if rng.random() < 0.2:
        fig["qualifier"] = rng.choice(["about", "more-than", "at-least", "less-than"])
    fig.update(unit=unit, counts=w.clause(6, 30))
    if rng.random() < 0.3:
        fig["year"] = rng.randint(2005, 2025)
    if practice_ids and rng.random() < 0.7:
        fig["practice"] = rng.choice(practice_ids)
    fig["source_phrase"] = phrase
    return fig


def make_case(i: int, ids: list[str], seed: Seed, project_vocab, rng: random.Random) -> dict:
    w = Writer(seed, rng)
    shape = rng.choice(seed.shapes)
    vocab = project_vocab
    province = rng.choice(list(vocab.provinces))
    region = {"province": province}
    if province != "全国" and rng.random() < 0.7:
        region["city"] = w.place(HAN_SUFFIX_CITY)
        if rng.random() < 0.6:
            region["county"] = w.place(rng.choice(HAN_SUFFIX_COUNTY))
    title = w.clause(max(8, shape["title"] - 6), min(60, shape["title"] + 6))
    terms = rng.sample(sorted(vocab.glossary), min(len(vocab.glossary), _jitter(rng, shape["terms"], 0)))
    practices, used = [], set()
    for name_len, desc_len in shape["practices"]:
        name = w.clause(max(4, name_len - 4), min(40, name_len + 4))
        pid = _pinyin_id(name)
        while pid in used:
            pid = f"{pid}-{len(used) + 1}"
        used.add(pid)
        description = w.sentence(_jitter(rng, desc_len, 20))
        if terms and rng.random() < 0.5:  # cases mention their formulaic terms in the text
            description = f"推行“{rng.choice(terms)}”，" + description
        practices.append({"id": pid, "name": name, "description": description + "\n"})
    pids = [p["id"] for p in practices]
    start = rng.randint(1995, 2024)
    period: dict = {"start": start}
    if rng.random() < 0.4:
        period["end"] = rng.randint(start, 2025)
    if rng.random() < 0.3:
        period["note"] = w.clause(6, 30)
    picks = rng.sample(range(len(ids)), min(len(ids), _jitter(rng, shape["related"], 0) + 1))
    related = [
        {"case": ids[j], "type": rng.choice(sorted(RELATION_NAMES)), **({"note": w.clause(8, 40)} if rng.random() < 0.5 else {})}
        for j in picks[:-1] if j != i
    ]
    sources = []
    for _ in range(max(1, shape["sources"])):
        src = {"title": w.clause(10, 40), "kind": rng.choice(sorted(SOURCE_KIND_NAMES))}
        if rng.random() < 0.7:
            src["publisher"] = w.clause(3, 12)
        src["date"] = f"{rng.randint(max(start, 2000), 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        src["script"] = "traditional" if rng.random() < 0.1 else "simplified"
        sources.append(src)
    return {
        "id": ids[i],
        "title": title,
        "summary": w.sentence(min(118, _jitter(rng, shape["summary"], 20))),
        "organisation": w.clause(4, 20),
        "region": region,
        "level": rng.choice(list(vocab.levels)),
        "period": period,
        "themes": rng.sample(list(vocab.themes), rng.randint(1, min(3, len(vocab.themes)))),
        "status": rng.choice(sorted(STATUS_NAMES)),
        "background": w.paragraphs([_jitter(rng, n, 20) for n in shape["background"]]),
        "practices": practices,
        "outcomes": w.paragraphs([_jitter(rng, n, 20) for n in shape["outcomes"]]),
        "insights": [w.sentence(_jitter(rng, n, 8)) for n in shape["insights"]],
        "figures": [_figure(w, rng, pids) for _ in range(_jitter(rng, shape["figures"], 0))],
        "terms": terms,
        "related": related,
        "sources": sources,
        "added": f"20{rng.randint(24, 26)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
    }


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    pass


def _str(dumper: yaml.SafeDumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def case_ids(n: int, seed: Seed, rng: random.Random) -> list[str]:
    w = Writer(seed, rng)
    return [f"{_pinyin_id(w.clause(4, 8), 2)}-{i:05d}" for i in range(n)]


def generate(n: int, root: Path, out_cases: Path) -> list[Path]:
    """Write N synthetic cases plus the real vocabularies into ``out_cases``."""
    seed = load_seed(root)
    project = load_project(root)
    rng = random.Random(f"casebook-bench-{n}")
    if out_cases.exists():
        shutil.rmtree(out_cases)
    shutil.copytree(root / "cases" / "vocab", out_cases / "vocab")
    ids = case_ids(n, seed, rng)
    paths = []
    for i in range(n):
        data = make_case(i, ids, seed, project.vocab, rng)
        path = out_cases / f"{data['id']}.yaml"
        text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000)
        path.write_text(SCHEMA_LINE + text, encoding="utf-8")
        paths.append(path)
    return paths

