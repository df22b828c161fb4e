"""``casebook import-eval``: how well the cleaner does on captured pages whose answers are known.

A golden set is a folder with one folder per article:

* ``page.txt`` or ``page.html``: the capture, as a maintainer would save it;
* ``expected.yaml``: the kind of site, the true title, date, authors, outlet
  (and publisher) of the source, and ``removed``: the lines of the capture
  that are page furniture (line numbers of a .txt; the text a removed block of
  an .html starts with);
* ``clean.txt``: the clean text the importer is known to give; the golden
  test fails when it changes. ``--update`` rewrites it after a change was
  checked by hand.

Removed lines are scored like a retrieval task: precision is the share of
the lines the importer removed that are furniture, recall the share of the
furniture it removed. Metadata fields count as right only when equal to the
expected value (an expected ``null`` is right when nothing was found).
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .clean import ROLE_REMOVED

FIELDS = ("title", "date", "authors", "outlet", "publisher")
LABELS = {"title": "标题", "date": "日期", "authors": "作者", "outlet": "原载", "publisher": "发布方"}


@dataclass
class Golden:
    folder: Path
    page: Path
    expected: dict
    clean: str | None  # the accepted clean text, None before the first --update


@dataclass
class Outcome:
    golden: Golden
    clean_text: str
    predicted: set[int]  # units the importer removed
    furniture: set[int]  # units that are furniture
    units: dict[int, str]  # unit -> its text
    found: dict[str, object]  # field -> value the importer found
    wrong: list[str] = field(default_factory=list)  # metadata fields that differ from expected

    @property
    def lost(self) -> list[str]:
        """Article lines the importer removed."""
        return [self.units[u] for u in sorted(self.predicted - self.furniture)]

    @property
    def left(self) -> list[str]:
        """Furniture the importer kept."""
        return [self.units[u] for u in sorted(self.furniture - self.predicted)]


def load_set(folder: Path) -> list[Golden]:
    out = []
    for sub in sorted(p for p in folder.iterdir() if p.is_dir()):
        pages = [p for p in sub.iterdir() if p.stem == "page"]
        if len(pages) != 1 or not (sub / "expected.yaml").is_file():
            raise ValueError(f"{sub}：应有一个 page.txt 或 page.html 和一个 expected.yaml。")
        clean = sub / "clean.txt"
        expected = yaml.safe_load((sub / "expected.yaml").read_text(encoding="utf-8"))
        out.append(Golden(sub, pages[0], expected, clean.read_text(encoding="utf-8") if clean.is_file() else None))
    return out


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _gold_units(golden: Golden, units: dict[int, str], numbers: dict[int, int]) -> set[int]:
    marked = golden.expected.get("removed") or []
    out: set[int] = set()
    for mark in marked:
        if isinstance(mark, int):
            hits = {u for u, no in numbers.items() if no == mark}
        else:
            want = _norm(str(mark))
            hits = {u for u, text in units.items() if _norm(text).startswith(want)}
        if not hits:
            raise ValueError(f"{golden.folder}/expected.yaml：removed 中的 {mark!r} 对不上任何一行。")
        out |= hits
    return out


def evaluate(golden: Golden) -> Outcome:
    from .cli import analyse

    a = analyse(golden.page)
    # units: every non-empty line the reader produced, then every block the HTML reader left out
    units: dict[int, str] = {}
    numbers: dict[int, int] = {}
    for i, line in enumerate(a.article.lines):
        if line.text.strip():
            units[i], numbers[i] = line.text, line.no
    predicted = {item.index for item in a.clean.items if item.role == ROLE_REMOVED}
    offset = len(a.article.lines)
    for j, (line, _) in enumerate(a.article.dropped):
        units[offset + j], numbers[offset + j] = line.text, line.no
        predicted.add(offset + j)
    found = {
        "title": a.meta.title, "date": a.meta.date, "authors": a.meta.authors or [],
        "outlet": a.meta.outlet, "publisher": a.meta.publisher,
    }
    outcome = Outcome(golden, a.clean_text, predicted, _gold_units(golden, units, numbers), units, found)
    for name in FIELDS:
        if name not in golden.expected:
            continue
        want = golden.expected[name]
        got = found[name]
        if name == "authors":
            want = want or []
        elif name == "date" and want is not None:
            want = str(want)
        if (_norm(got) if isinstance(got, str) else got) != (_norm(want) if isinstance(want, str) else want):
            outcome.wrong.append(name)
    return outcome


@dataclass
class Summary:
    articles: int
    precision: float
    recall: float
    removed: int
    furniture: int
    lost: int  # article lines removed
    accuracy: dict[str, tuple[int, int]]  # field -> (right, checked)
    exact: int  # articles whose removed lines and metadata are all right


def summarise(outcomes: list[Outcome]) -> Summary:
    tp = sum(len(o.predicted & o.furniture) for o in outcomes)
    pred = sum(len(o.predicted) for o in outcomes)
    gold = sum(len(o.furniture) for o in outcomes)
    accuracy = {}
    for name in FIELDS:
        checked = [o for o in outcomes if name in o.golden.expected]
        accuracy[name] = (sum(name not in o.wrong for o in checked), len(checked))
    exact = sum(not o.wrong and o.predicted == o.furniture for o in outcomes)
    return Summary(len(outcomes), tp / pred if pred else 1.0, tp / gold if gold else 1.0, pred, gold,
                   sum(len(o.lost) for o in outcomes), accuracy, exact)


def render(name: str, outcomes: list[Outcome], verbose: bool = False) -> str:
    s = summarise(outcomes)
    out = [f"{name}：{s.articles} 篇"]
    out.append(f"  删除的行：精确率 {s.precision:.1%}（删除 {s.removed} 行，其中 {s.removed - s.lost} 行是网页杂项），"
               f"召回率 {s.recall:.1%}（网页杂项 {s.furniture} 行）；误删正文 {s.lost} 行")
    out.append("  元数据准确率：" + "，".join(
        f"{LABELS[k]} {right}/{n}（{right / n:.0%}）" for k, (right, n) in s.accuracy.items() if n))
    out.append(f"  完全正确（删除的行和元数据都对）：{s.exact}/{s.articles} 篇")
    for o in outcomes:
        problems = []
        if o.wrong:
            problems.append("；".join(f"{LABELS[k]}应为 {o.golden.expected[k]!r}，得到 {o.found[k]!r}" for k in o.wrong))
        if o.lost:
            problems.append("误删：" + " / ".join(t[:30] for t in o.lost))
        if o.left and verbose:
            problems.append("漏删：" + " / ".join(t[:30] for t in o.left))
        elif o.left:
            problems.append(f"漏删 {len(o.left)} 行")
        if problems:
            out.append(f"    {o.golden.folder.name}（{o.golden.expected.get('site', '')}）：" + "；".join(problems))
    return "\n".join(out)


# --- drafts against finished cases --------------------------------------------------------------
def _bigrams(text: str) -> set[str]:
    from .chars import to_simplified

    t = re.sub(r"[\s\W_]+", "", to_simplified(text))
    return {t[i: i + 2] for i in range(len(t) - 1)} or ({t} if t else set())


def same_practice(a: str, b: str) -> bool:
    """Two practice names say the same: character pairs overlap by Dice >= 0.5, or one name holds 70 % of the other's."""
    x, y = _bigrams(a), _bigrams(b)
    if not x or not y:
        return False
    common = len(x & y)
    return 2 * common / (len(x) + len(y)) >= 0.5 or (min(len(x), len(y)) >= 3 and common / min(len(x), len(y)) >= 0.7)


def measure_drafts(folder: Path, root: Path, verbose: bool = False) -> str:
    """Share of the practices and figures of finished cases that the drafts of their source articles propose.

    A case is matched to an article by the title of one of its sources. A
    figure counts as proposed when a pre-filled figure of the draft has the
    same value and unit; a practice when a proposed practice names it
    (``same_practice``).
    """
    from ...load import load_project
    from .cli import analyse
    from .proposals import propose

    project = load_project(root)
    cases_by_title: dict[str, list] = {}
    for case in project.cases:
        for src in case.get("sources", []):
            cases_by_title.setdefault(_norm(src.get("title", "")), []).append(case)
    out = []
    totals = Counter()
    for page in sorted(p for p in folder.iterdir() if p.suffix in (".txt", ".html", ".htm")):
        a = analyse(page)
        cases = cases_by_title.get(_norm(a.meta.title or ""), [])
        if not cases:
            out.append(f"  {page.name}：cases/ 中没有以“{a.meta.title}”为来源的案例，跳过")
            continue
        p = propose(a, project.vocab.provinces)
        live = [x for x in p.practices if x.tier == 1]
        proposed = {(f.figure.value, f.figure.unit) for f in p.figures}
        n_fig = n_fig_ok = n_pr = n_pr_live = n_pr_all = 0
        misses = []
        for case in cases:
            for fig in case["figures"]:
                n_fig += 1
                if (fig["value"], fig["unit"]) in proposed:
                    n_fig_ok += 1
                elif verbose:
                    misses.append(f"数据 {fig['value']}{fig['unit']}（{fig['source_phrase']}）")
            for pr in case["practices"]:
                n_pr += 1
                n_pr_live += any(same_practice(pr["name"], x.name) for x in live)
                hit = any(same_practice(pr["name"], x.name) for x in p.practices)
                n_pr_all += hit
                if not hit and verbose:
                    misses.append(f"做法“{pr['name']}”")
        totals.update(figures=n_fig, figures_ok=n_fig_ok, practices=n_pr, practices_live=n_pr_live, practices_all=n_pr_all,
                      proposed_practices=len(p.practices), proposed_figures=len(p.figures))
        out.append(f"  {page.name} → {len(cases)} 个案例：数据 {n_fig_ok}/{n_fig}，做法 {n_pr_all}/{n_pr}（其中第一层 {n_pr_live}）；"
                   f"草稿提出做法 {len(p.practices)} 条、数据 {len(p.figures)} 个")
        out += [f"      未提出：{m}" for m in misses]
    t = totals
    head = [f"草稿对照已完成的案例（{folder}）："]
    if t["figures"] and t["practices"]:
        head.append(f"  数据（数值和单位都对）：{t['figures_ok']}/{t['figures']}（{t['figures_ok'] / t['figures']:.0%}），草稿共预填 {t['proposed_figures']} 个")
        head.append(f"  做法：{t['practices_all']}/{t['practices']}（{t['practices_all'] / t['practices']:.0%}），"
                    f"其中由标题和列举提出的 {t['practices_live']}/{t['practices']}（{t['practices_live'] / t['practices']:.0%}）；草稿共提出 {t['proposed_practices']} 条")
    return "\n".join(head + out)


def main(args: argparse.Namespace) -> int:
    if args.drafts:
        print(measure_drafts(Path(args.drafts), Path(getattr(args, "root", None) or "."), verbose=args.verbose))
        return 0
    folders = [Path(f) for f in args.folders] or [Path("tests/fixtures/import_golden/dev"), Path("tests/fixtures/import_golden/holdout")]
    everything: list[Outcome] = []
    for folder in folders:
        if not folder.is_dir():
            print(f"错误：找不到目录 {folder}。")
            return 1
        outcomes = [evaluate(g) for g in load_set(folder)]
        everything += outcomes
        print(render(str(folder), outcomes, verbose=args.verbose))
        if args.update:
            for o in outcomes:
                (o.golden.folder / "clean.txt").write_text(o.clean_text, encoding="utf-8")
    if len(folders) > 1:
        print(render("合计", everything))
    return 0
