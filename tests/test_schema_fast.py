"""jsonschema-rs answers "valid?" for every file; jsonschema explains the rest.

The two must agree, or a file one of them rejects would slip through: every
case, module and vocabulary file of the repository, and thousands of broken
variants of a case and a module, are judged by both.
"""

import copy
from pathlib import Path

import pytest

from casebook.load import schemas
from casebook.load.project import VOCAB_FILES
from casebook.load.yamlload import load_yaml_file

REPO = Path(__file__).resolve().parents[1]
BAD_VALUES = [None, 0, -1, 1.5, 10**30, float("inf"), True, "", "x", "x" * 3000, "2024-13-40", [], ["a", "a"], {}, {"zz": 1},
              # issue #20: a final line break (Python's "$" matched before it), line breaks, invisible characters, false dates
              "abc\n", "名称\n第二行", "三项\u200d制度", "\u202e名称", "2024-02-30", "2100-02-29", "2000-02-29", "https://e.org/\u200b"]


def _load(path: Path):
    loaded = load_yaml_file(path, path.name)
    assert loaded.problems == [], loaded.problems
    return loaded.data


def _nodes(value, path=()):
    """(path, value) of every node of a loaded file, the top first."""
    yield path, value
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _nodes(child, path + (key,))
    elif isinstance(value, list):
        for i, child in enumerate(value):
            yield from _nodes(child, path + (i,))


def _variants(data):
    """The file with one thing broken: each value replaced, each key removed, an unknown key added."""
    for path, _value in _nodes(data):
        if not path:
            continue
        *parents, last = path
        for bad in BAD_VALUES:
            broken = copy.deepcopy(data)
            target = broken
            for part in parents:
                target = target[part]
            target[last] = copy.deepcopy(bad)
            yield broken
        if isinstance(last, str):
            broken = copy.deepcopy(data)
            target = broken
            for part in parents:
                target = target[part]
            del target[last]
            yield broken
            target["zz_unknown"] = "x"
            yield broken


def _slow_valid(name, data) -> bool:
    return next(schemas._validator(name).iter_errors(data), None) is None


def test_fast_validator_is_installed():
    assert schemas.is_valid("case", {}) is False


@pytest.mark.parametrize("name, path", [
    *[("case", p) for p in sorted((REPO / "cases").glob("*.yaml"))],
    *[("module", p) for p in sorted((REPO / "modules").glob("*.yaml"))],
    *[(name, REPO / "cases" / "vocab" / filename) for name, (filename, _key) in VOCAB_FILES.items()],
], ids=lambda x: x if isinstance(x, str) else x.name)
def test_repository_files_judged_alike(name, path):
    data = _load(path)
    assert schemas.is_valid(name, data) is _slow_valid(name, data) is True


@pytest.mark.parametrize("name, rel", [("case", "cases/chongqing-sanxiang-zhidu.yaml"), ("module", "modules/ganbu-kaohe-yu-jiaoliu.yaml")])
def test_broken_variants_judged_alike(name, rel):
    data = _load(REPO / rel)
    variants, invalid, differ = 0, 0, []
    for broken in _variants(data):
        fast = schemas.is_valid(name, broken)
        slow = _slow_valid(name, broken)
        variants += 1
        invalid += not slow
        # None: jsonschema-rs cannot convert a value, jsonschema decides alone.
        if fast is not None and fast is not slow:
            differ.append(broken)
    assert variants > 500 and invalid > variants // 2
    # Only a "valid" from jsonschema-rs is taken on trust; where it says
    # "invalid", jsonschema looks again. It says so, and jsonschema does not,
    # only for an infinite number (YAML .inf), which JSON cannot hold.
    assert all(fast_rejects_infinity(b) for b in differ)


def fast_rejects_infinity(data) -> bool:
    return any(isinstance(v, float) and v in (float("inf"), float("-inf")) for _path, v in _nodes(data))


def test_unconvertible_value_left_to_jsonschema():
    assert schemas.is_valid("case", {"id": 2**70}) in (None, False)


def test_patterns_are_read_as_ecma_262():
    """JSON Schema patterns are ECMA-262, as jsonschema-rs and editors read them."""
    assert schemas.ecma_pattern("^[a-z]+$").search("abc\n") is None
    assert schemas.ecma_pattern("^[a-z]+$").search("abc")
    assert schemas.ecma_pattern("^[^\\u{e0001}]*$").search("a\U000e0001") is None
    assert schemas.ecma_pattern("^[$]$").search("$")


def _defs():
    return {name: schemas.load_schema(name).get("$defs", {}) for name in schemas.SCHEMA_FILES}


def test_shared_rules_are_the_same_in_every_schema():
    """Each schema file stands alone (editors read one file); its $defs are copies of the case schema's."""
    case = _defs()["case"]
    for name, defs in _defs().items():
        for key, rule in defs.items():
            assert rule == case[key], f"{name}.schema.json $defs.{key} differs from case.schema.json"


def _refused(pattern: str) -> set[int]:
    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    inner = pattern[len("^[^") : -len("]*$")]
    return {ord(c) for c in schemas.ecma_pattern("[" + inner + "]").findall(every)}


def test_a_line_refuses_line_breaks_controls_and_every_format_character():
    import unicodedata

    hidden = {c for c in range(0x110000) if unicodedata.category(chr(c)) in ("Cc", "Cf", "Zl", "Zp")}
    newer = set(range(0x13439, 0x13440))  # Egyptian format controls of Unicode 15, newer than this Python's tables
    assert _refused(_defs()["case"]["line"]["pattern"]) == hidden | newer
    text = _refused(_defs()["case"]["text"]["pattern"])
    assert 0x0A not in text and 0x09 not in text and {0x00, 0x0D, 0x1B, 0x7F, 0x85} <= text


def test_dates_must_be_on_the_calendar_and_in_range():
    import datetime as dt

    full = schemas.ecma_pattern(_defs()["case"]["date"]["pattern"])
    partial = schemas.ecma_pattern(_defs()["case"]["partial-date"]["pattern"])
    for year in range(1890, 2111):
        for month in range(0, 14):
            for day in range(0, 33):
                text = f"{year:04d}-{month:02d}-{day:02d}"
                try:
                    real = 1900 <= dt.date(year, month, day).year <= 2100
                except ValueError:
                    real = False
                assert bool(full.search(text)) is real is bool(partial.search(text)), text
            assert bool(partial.search(f"{year:04d}-{month:02d}")) is (1900 <= year <= 2100 and 1 <= month <= 12)
        assert bool(partial.search(f"{year:04d}")) is (1900 <= year <= 2100)
    for text in ("0000-01-01", "2024-2-3", "２０２４-０５-１１", "2024-05-11\n", "2024-05-11T00:00", " 2024"):
        assert not full.search(text) and not partial.search(text), text
