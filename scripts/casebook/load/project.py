"""Load every case and vocabulary file of a casebook into one Project.

Loading never raises on bad input: problems are collected in
``Project.problems`` so that one run reports everything. ``validate()``
raises ProblemsFound when there are any.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..common.problems import Problem, ProblemsFound
from . import inputs, schemas
from .yamlload import LoadedYaml, load_yaml_file

VOCAB_DIR = "vocab"
VOCAB_FILES = {  # schema name -> (file name, top-level list key)
    "themes": ("themes.yaml", "themes"),
    "levels": ("levels.yaml", "levels"),
    "provinces": ("provinces.yaml", "provinces"),
    "glossary": ("glossary.yaml", "terms"),
    "synonyms": ("synonyms.yaml", "groups"),
}
# The key other files use to name an entry of each vocabulary (a case's themes
# list theme ids, its region a province name, its terms glossary terms).
VOCAB_KEYS = {"themes": "id", "levels": "id", "provinces": "name", "glossary": "term"}
STATUS_NAMES = {"ongoing": "仍在实施", "ended": "已结束", "unknown": "不详"}
RELATION_NAMES = {
    "same-series": "同一系列",
    "same-source": "同一来源",
    "similar-practice": "做法相近",
    "contrast": "可作对照",
    "follow-up": "后续发展",
}
SOURCE_KIND_NAMES = {
    "official-document": "正式文件",
    "official-article": "机关署名文章",
    "media-report": "媒体报道",
    "journal-article": "期刊文章",
    "forum-repost": "论坛转帖",
    "anonymous-upload": "网友上传（无署名）",
}


@dataclass
class Case:
    id: str
    data: dict[str, Any]
    rel: str  # e.g. cases/chongqing-sanxiang-zhidu.yaml
    loaded: LoadedYaml

    def __getitem__(self, key: str) -> Any:
        return self.data[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)

    @property
    def title(self) -> str:
        return self.data["title"]

    @property
    def year(self) -> int | None:
        """The year a reader files the case under: start of the practice, else the source year."""
        start = self.data.get("period", {}).get("start")
        if start:
            return start
        for source in self.data.get("sources", []):
            if source.get("date"):
                return int(source["date"][:4])
        return None

    @property
    def region_name(self) -> str:
        region = self.data["region"]
        parts = [region.get(k) for k in ("province", "city", "county")]
        return "".join(p for p in parts if p)


@dataclass
class Vocab:
    themes: dict[str, dict] = field(default_factory=dict)  # id -> entry, file order
    levels: dict[str, dict] = field(default_factory=dict)  # id -> entry, high to low
    provinces: dict[str, dict] = field(default_factory=dict)  # name -> entry
    glossary: dict[str, dict] = field(default_factory=dict)  # term -> entry
    synonyms: list[list[str]] = field(default_factory=list)
    files: dict[str, LoadedYaml] = field(default_factory=dict)
    broken: set[str] = field(default_factory=set)  # vocabularies that failed to load

    def province_slug(self, name: str) -> str | None:
        entry = self.provinces.get(name)
        return entry["slug"] if entry else None


@dataclass
class Project:
    root: Path
    cases: list[Case]  # sorted by id
    vocab: Vocab
    problems: list[Problem]
    file_ids: set[str] = field(default_factory=set)  # stems of every case file, valid or not
    extra: dict[str, Any] = field(default_factory=dict)  # for later phases (modules, ...)
    warnings: list[Problem] = field(default_factory=list)  # shown, but do not fail validation

    def case(self, case_id: str) -> Case | None:
        return self._by_id.get(case_id)

    def __post_init__(self) -> None:
        self._by_id = {c.id: c for c in self.cases}

    def validate(self) -> None:
        if self.problems:
            raise ProblemsFound(self.problems)

    def watched_paths(self) -> list[Path]:
        return [self.root / "cases"]


def scan_cases(root: Path) -> tuple[list[Path], list[Problem]]:
    """The case files to read, and a problem for anything else in cases/ (inputs.scan)."""
    return inputs.scan(root / "cases", root, "cases", keep_dirs={VOCAB_DIR})


def case_files(cases_dir: Path) -> list[Path]:
    return scan_cases(cases_dir.parent)[0]


def _rel(root: Path, path: Path) -> str:
    """The path as the repository names it (a link by its own name, not its target's)."""
    for a, b in ((path.absolute(), root.absolute()), (path.resolve(), root.resolve())):
        try:
            return a.relative_to(b).as_posix()
        except ValueError:
            continue
    return path.as_posix()


def load_vocab(root: Path, problems: list[Problem]) -> Vocab:
    vocab = Vocab()
    vdir = root / "cases" / VOCAB_DIR
    readable, refused = inputs.scan(vdir, root, f"cases/{VOCAB_DIR}", what="词表")
    problems += refused
    known = {filename for filename, _key in VOCAB_FILES.values()}
    for path in readable:
        if path.name not in known:
            names = "、".join(sorted(known))
            problems.append(Problem(_rel(root, path), 1, 1, f"这个文件不会被读取：cases/{VOCAB_DIR}/ 中只有这些词表文件：{names}。案例请放在 cases/ 下。"))
    refused_paths = {p.path for p in refused}
    for name, (filename, key) in VOCAB_FILES.items():
        path = vdir / filename
        rel = _rel(root, path)
        if rel in refused_paths:
            vocab.broken.add(name)
            continue
        if not path.exists():
            problems.append(Problem(rel, 1, 1, f"缺少词表文件 {rel}。请从仓库中恢复它。"))
            vocab.broken.add(name)
            continue
        loaded = load_yaml_file(path, rel)
        problems.extend(loaded.problems)
        if loaded.data is None:
            vocab.broken.add(name)
            continue
        schema_problems = schemas.check(name, loaded, rel)
        problems.extend(schema_problems)
        vocab.files[name] = loaded
        items = loaded.data.get(key) if isinstance(loaded.data, dict) else None
        if not isinstance(items, list) or schema_problems or loaded.problems:
            vocab.broken.add(name)
            continue
        if name == "synonyms":
            vocab.synonyms = items
            continue
        index_key = VOCAB_KEYS[name]
        table = getattr(vocab, name)
        seen: dict[str, tuple[str, int]] = {}  # vocab_key -> (as written, line), per namespace
        for i, item in enumerate(items):
            duplicate = False
            for field, value, path in _names(name, item, (key, i)):
                k = (field if field != "aliases" else "term") + "\0" + vocab_key(value)
                if k in seen:
                    line, col = loaded.where(path)
                    first, first_line = seen[k]
                    same = "" if first == value else "（比较时不分全角半角、不计空格和看不见的字符）"
                    problems.append(Problem(rel, line, col, f"{field} “{value}” 与第 {first_line} 行的“{first}”重复{same}。每个词条只能写一次，请合并两处。"))
                    duplicate = True
                else:
                    seen[k] = (value, loaded.where(path)[0])
            if not duplicate:
                table.setdefault(item[index_key], item)
    return vocab


# Names that must differ within a vocabulary: a glossary term and the aliases
# of every term share one namespace (search and links read them as one word).
# Ids and slugs are addresses: casebook.load.addresses refuses a second one.
UNIQUE_NAMES = {"themes": ("name",), "levels": ("name",), "provinces": ("name",), "glossary": ("term", "aliases")}


def _names(vocab_name: str, item: dict, path: tuple):
    for field in UNIQUE_NAMES[vocab_name]:
        value = item.get(field)
        for j, v in enumerate(value) if isinstance(value, list) else ((None, value),):
            if v is not None:
                yield field, v, path + ((field, j) if j is not None else (field,))


def vocab_key(text: str) -> str:
    """How two vocabulary names are compared: full-width and half-width,
    compatibility ideographs and their unified forms (NFKC), spaces and
    invisible characters ignored, letters in any case."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(c for c in text if not c.isspace() and unicodedata.category(c) != "Cf").casefold()


def load_case(path: Path, root: Path) -> tuple[Case | None, list[Problem]]:
    rel = _rel(root, path)
    loaded = load_yaml_file(path, rel)
    problems = list(loaded.problems)
    if loaded.data is None:
        return None, problems
    schema_problems = schemas.check("case", loaded, rel)
    problems.extend(schema_problems)
    # Only a schema-valid case goes on to cross-checks and rendering: the
    # renderer may then rely on every required field being present and typed.
    if schema_problems or loaded.problems:
        return None, problems
    loaded.forget_positions()
    return Case(id=loaded.data["id"], data=loaded.data, rel=rel, loaded=loaded), problems


PARALLEL_MIN = 200  # fewer new files than this load faster than a fork


def _load_cached(paths: list[Path], root: Path, entries: dict, missing: set[Path]) -> list[tuple[Case | None, list[Problem]]]:
    from .loadcache import load_case_cached

    return [load_case_cached(path, root, load_case, entries[path], path not in missing) for path in paths]


def _load_cases(files: list[Path], root: Path) -> list[tuple[Case | None, list[Problem]]]:
    """Every file's (case, problems), in file order (issue #8: unchanged files
    come from .cache/; when many are new, a forked worker reads half of them,
    storing them in the cache and handing them back)."""
    from ..common import forking
    from .loadcache import entries as cache_entries

    entries = cache_entries(files, root)  # each file read and hashed once
    missing = [path for path, entry in entries.items() if entry is not None and not entry.exists()]
    theirs = missing[1::2] if len(missing) >= PARALLEL_MIN and forking.available() else []
    worker = forking.Forked(_load_cached, theirs, root, entries, set(missing)) if theirs else None
    skip = set(theirs)
    mine = [path for path in files if path not in skip]
    results = dict(zip(mine, _load_cached(mine, root, entries, set(missing))))
    if worker is not None:
        results.update(zip(theirs, worker.wait()))
    return [results[path] for path in files]


def read_project(root: Path | str = ".") -> Project:
    """The vocabularies and cases as read and checked one file at a time;
    ``casebook.load.load_project`` adds the checks across files."""
    root = Path(root)
    problems: list[Problem] = []
    cases_dir = root / "cases"
    if not cases_dir.is_dir():
        problems.append(Problem("cases", 1, 1, "找不到 cases/ 目录。请在案例库仓库的根目录运行命令。"))
    vocab = load_vocab(root, problems)
    cases: list[Case] = []
    files, refused = scan_cases(root) if cases_dir.is_dir() else ([], [])
    problems.extend(refused)
    for case, case_problems in _load_cases(files, root):
        problems.extend(case_problems)
        if case is not None:
            cases.append(case)
    cases.sort(key=lambda c: c.id)
    return Project(root=root, cases=cases, vocab=vocab, problems=problems, file_ids={p.stem for p in files})
