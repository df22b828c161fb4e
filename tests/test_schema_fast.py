"""jsonschema-rs answers "valid?" for every file; jsonschema explains the rest.

The two must agree, or a file one of them rejects would slip through: every
case, module and vocabulary file of the repository, and thousands of broken
variants of a case and a module, are judged by both.
"""

import copy
from pathlib import Path

import pytest

from casebook import schemas
from casebook.project import VOCAB_FILES
from casebook.yamlload import load_yaml_file

REPO = Path(__file__).resolve().parents[1]
BAD_VALUES = [None, 0, -1, 1.5, 10**30, float("inf"), True, "", "x", "x" * 3000, "2024-13-40", [], ["a", "a"], {}, {"zz": 1}]


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
