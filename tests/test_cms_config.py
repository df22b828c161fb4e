"""The browser form's configuration and file writer, without a browser.

The configuration must cover every schema field (a field added to a schema
and missing from the form fails here), and the JavaScript writer the form
saves with must give exactly the text ``casebook fmt`` gives.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from casebook.authoring import fmt, yamlwrite
from casebook.load import schemas
from casebook.authoring.cms import admin, config
from casebook.load.project import VOCAB_FILES, load_vocab

from test_fmt import TRICKY

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def generated() -> dict:
    return config.build(REPO, config.Backend(name="proxy", proxy_url="http://127.0.0.1:1/api/v1", workflow=False))


def _collection_fields(generated: dict) -> dict[str, list[dict]]:
    """schema name -> the form's top-level fields for files of that schema."""
    out = {}
    for coll in generated["collections"]:
        if "files" in coll:
            for f in coll["files"]:
                out[f["name"]] = f["fields"]
        else:
            out[{"cases": "case", "modules": "module"}[coll["name"]]] = coll["fields"]
    return out


def _children(field: dict) -> list[dict]:
    if "fields" in field:
        return field["fields"]
    if "field" in field:
        return _children(field["field"])
    return []


DEFS = {name: rule for kind in schemas.SCHEMA_FILES for name, rule in schemas.load_schema(kind).get("$defs", {}).items()}


def _walk(schema: dict, fields: list[dict], where: str, seen: list[str]) -> None:
    """Every property of ``schema`` has a field with its title, description and required flag."""
    by_name = {f["name"]: f for f in fields}
    required = set(schema.get("required", []))
    for name, sub in schema.get("properties", {}).items():
        path = f"{where}.{name}" if where else name
        assert name in by_name, f"字段 {path} 不在生成的表单配置中"
        f = by_name[name]
        seen.append(path)
        assert f["label"] == sub["title"], path
        assert f["hint"] == sub["description"], path
        pattern = sub.get("pattern") or DEFS.get(sub.get("$ref", "").rsplit("/", 1)[-1], {}).get("pattern", "")
        allows_empty = (f.get("widget") in ("string", "text") and not sub.get("minLength") and schemas.ecma_pattern(pattern).search("")
                        and "enum" not in sub) or (
            sub.get("type") == "array" and not sub.get("minItems"))
        assert f["required"] is (name in required and not allows_empty), path
        target = sub
        if sub.get("type") == "array":
            target = sub.get("items", {})
            if target.get("type") == "object":
                assert f["widget"] == "list", path
            if "minItems" in sub:
                assert f["min"] == sub["minItems"], path
            if "maxItems" in sub:
                assert f["max"] == sub["maxItems"], path
        if target.get("type") == "object":
            _walk(target, _children(f), path, seen)
        elif target.get("type") == "array":  # a list of lists (synonym groups)
            assert f["widget"] == "list" and f["field"]["widget"] == "list", path


@pytest.mark.parametrize("schema_name", ["case", "module", *VOCAB_FILES])
def test_every_schema_field_is_in_the_form(generated, schema_name):
    fields = _collection_fields(generated)[schema_name]
    seen: list[str] = []
    _walk(schemas.load_schema(schema_name), fields, "", seen)
    assert len(seen) >= len(schemas.load_schema(schema_name)["properties"])


def test_a_missing_field_is_caught(generated):
    """The walk above fails when the form lacks a field (here: one removed by hand)."""
    fields = json.loads(json.dumps(_collection_fields(generated)["case"]))
    practices = next(f for f in fields if f["name"] == "practices")
    practices["fields"] = [f for f in practices["fields"] if f["name"] != "description"]
    with pytest.raises(AssertionError, match="practices.description"):
        _walk(schemas.load_schema("case"), fields, "", [])


def _find(fields: list[dict], path: str) -> dict:
    name, _, rest = path.partition(".")
    f = next(f for f in fields if f["name"] == name)
    return _find(_children(f), rest) if rest else f


def test_vocabularies_and_enums_are_select_lists(generated):
    fields = _collection_fields(generated)["case"]
    vocab = load_vocab(REPO, [])
    themes = _find(fields, "themes")
    assert themes["widget"] == "select" and themes["multiple"] and (themes["min"], themes["max"]) == (1, 4)
    assert [o["value"] for o in themes["options"]] == list(vocab.themes)
    assert themes["options"][0]["label"] == f"{vocab.themes[next(iter(vocab.themes))]['name']}（{next(iter(vocab.themes))}）"
    assert [o["value"] for o in _find(fields, "level")["options"]] == list(vocab.levels)
    assert [o["value"] for o in _find(fields, "region.province")["options"]] == list(vocab.provinces)
    assert [o["value"] for o in _find(fields, "terms")["options"]] == list(vocab.glossary)
    for path in ("status", "figures.qualifier", "related.type", "sources.kind", "sources.script"):
        f = _find(fields, path)
        assert f["widget"] == "select", path
        # every enum value has the Chinese name its description gives it
        assert all(re.fullmatch(r"[^（]+（[a-z-]+）", o["label"]) for o in f["options"]), (path, f["options"])
    related = _find(fields, "related.case")
    assert related["widget"] == "relation" and related["collection"] == "cases" and related["value_field"] == "id"
    module = _collection_fields(generated)["module"]
    assert _find(module, "cases.case")["widget"] == "relation"
    assert _find(module, "cases.alternatives.case")["widget"] == "relation"
    # a vocabulary's own fields are not turned into references to itself
    assert _find(_collection_fields(generated)["themes"], "themes.id")["widget"] == "string"


def test_form_settings(generated):
    assert generated["locale"] == "zh_Hans"
    assert generated["load_config_file"] is False
    cases = generated["collections"][0]
    assert (cases["folder"], cases["extension"], cases["format"]) == ("cases", "yaml", "casebook-case")
    assert "publish_mode" not in generated  # make edit writes the checkout directly
    deployed = config.build(REPO, config.Backend(name="forgejo", repo="org/casebook", base_url="https://git.example.cn/", app_id="abc"))
    assert deployed["publish_mode"] == "editorial_workflow"
    assert deployed["backend"] == {
        "name": "forgejo", "repo": "org/casebook", "branch": "main", "base_url": "https://git.example.cn",
        "api_root": "https://git.example.cn/api/v1", "app_id": "abc", "auth_type": "pkce",
        "squash_merges": True,
    }


# ---------------------------------------------------------------------------- JavaScript twin


@pytest.fixture(scope="module")
def admin_dir(tmp_path_factory, generated) -> Path:
    assert admin.missing_modules() is None, admin.missing_modules()
    out = tmp_path_factory.mktemp("admin")
    admin.write(out, generated, REPO)
    return out


NODE_SCRIPT = """
import { readFileSync } from "node:fs";
import { read, vocabLayout, write } from "%(dir)s/casebook-format.js";
import { dump, prune } from "%(dir)s/casebook-yaml.js";
const job = JSON.parse(readFileSync(0, "utf8"));
const layouts = JSON.parse(readFileSync("%(dir)s/layouts.json", "utf8"));
const out = {};
for (const [key, item] of Object.entries(job.files)) {
  try {
    const data = read(item.text);
    out[key] = write(data, item.format === "casebook-vocab" ? vocabLayout(layouts, data) : layouts[item.format]);
  } catch (e) { out[key] = "ERROR " + e.message; }
}
out.dumps = job.dumps.map(([data, flow]) => dump(data, {}, ["# h"], flow));
out.pruned = job.prune.map(([data, schema, emptyOk]) => prune(data, schema, emptyOk));
out.patterns = job.patterns.map(([re, text]) => new RegExp(re).test(text));
process.stdout.write(JSON.stringify(out));
"""


def _node(admin_dir: Path, job: dict) -> dict:
    script = NODE_SCRIPT % {"dir": admin_dir.as_posix()}
    out = subprocess.run(["node", "--input-type=module", "-e", script], input=json.dumps(job), capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def _format_of(rel: str) -> str:
    """The format the form saves the file with (the vocabulary files share one)."""
    if rel.startswith("cases/vocab/"):
        return config.VOCAB_FORMAT
    return f"casebook-{fmt.kind_of(rel).schema}"


def test_javascript_writer_equals_fmt(admin_dir, tmp_path):
    files = {}
    for path in fmt.project_files(REPO):
        rel = path.relative_to(REPO).as_posix()
        files[rel] = {"text": path.read_text(encoding="utf-8"), "format": _format_of(rel)}
    # a non-canonical file: keys shuffled, extra header line, needless quotes
    messy = files["cases/wujin-nianqing-ganbu-chaiqian-anzhi-duanlian.yaml"]["text"]
    body = messy.split("\n", 1)[1].replace("level: county", 'level: "county"')
    files["messy"] = {"text": "# 说明\n" + body.replace("status: unknown\n", "") + "status: unknown\n", "format": "casebook-case"}
    dumps = [({"a": v, "l": [v, {"k": v, "m": "x"}], "n": [[v, "y"]]}, flow) for v in TRICKY for flow in (False, True)]
    dumps += [({"i": 127, "f": 476.6, "w": 127.0, "s": 1.5e20, "t": 1e-5, "b": True, "z": None, "e": [], "o": {}}, False)]
    result = _node(admin_dir, {"files": files, "dumps": dumps, "prune": [], "patterns": []})
    for rel, item in files.items():
        assert not result[rel].startswith("ERROR"), (rel, result[rel])
        kind = fmt.kind_of(rel) if rel != "messy" else fmt.CASE
        expected = fmt.format_text(item["text"].encode("utf-8"), rel if rel != "messy" else "cases/messy.yaml", kind)
        assert result[rel] == expected.canonical, rel
    assert result["messy"].startswith("# yaml-language-server: $schema=../scripts/casebook/schema/case.schema.json\n# 说明\nid: ")
    for (data, flow), text in zip(dumps, result["dumps"]):
        assert text == yamlwrite.dump(data, {}, ["# h"], flow), (data, flow)


def test_javascript_refuses_inner_comments(admin_dir):
    text = (REPO / "cases" / "chongqing-sanwan-jihua.yaml").read_text(encoding="utf-8")
    lines = text.split("\n")
    lines.insert(3, "# 维护者的说明")
    result = _node(admin_dir, {"files": {"c": {"text": "\n".join(lines), "format": "casebook-case"}}, "dumps": [], "prune": [], "patterns": []})
    assert result["c"].startswith("ERROR 第 4 行有注释")


def test_prune_drops_only_what_the_form_left_empty(admin_dir):
    schema = schemas.load_schema("case")
    figure = {"label": "人数", "value": 3, "qualifier": "", "unit": None, "counts": "某某", "year": "", "source_phrase": "3人"}
    unitless = {"label": "次数", "value": 2, "counts": "某某", "source_phrase": "两次"}
    data = {"id": "x", "aliases": [], "period": {"start": "", "note": ""}, "figures": [figure, unitless], "related": [],
            "sources": [{"title": "t", "kind": "media-report", "url": "", "authors": []}], "terms": []}
    empty_ok = config.layouts(REPO)["casebook-case"]["empty_ok"]
    assert empty_ok == {"/properties/terms": [], "/properties/figures": [], "/properties/related": [],
                        "/properties/figures/items/properties/unit": ""}
    result = _node(admin_dir, {"files": {}, "dumps": [], "prune": [[data, schema, empty_ok]], "patterns": []})
    assert result["pruned"] == [{
        "id": "x", "period": {}, "related": [], "terms": [],
        "figures": [{"label": "人数", "value": 3, "unit": "", "counts": "某某", "source_phrase": "3人"},
                    {"label": "次数", "value": 2, "counts": "某某", "source_phrase": "两次", "unit": ""}],
        "sources": [{"title": "t", "kind": "media-report"}],
    }]


def test_form_patterns_enforce_schema_patterns_and_lengths(admin_dir, generated):
    fields = _collection_fields(generated)["case"]
    checks = []
    expect = []
    for path, good, bad in [
        ("id", "chongqing-sanxiang-zhidu", "Chongqing_1"),
        ("id", "a" * 80, "a" * 81),
        ("title", "四个字啊", "三个字"),
        ("title", "字" * 60, "字" * 61),
        ("sources.date", "2024-05", "2024/05"),
        ("sources.url", "https://example.cn/a", "example.cn"),
        ("added", "2026-11-22", "2026-11"),
        ("practices.description", "这一条做法说明有十个字", "太短"),
    ]:
        pattern = _find(fields, path)["pattern"][0]
        checks += [[pattern, good], [pattern, bad]]
        expect += [True, False]
    result = _node(admin_dir, {"files": {}, "dumps": [], "prune": [], "patterns": checks})
    assert result["patterns"] == expect


def test_guide_explains_the_form_with_pictures_that_exist():
    for guide, base in ((REPO / "docs" / "contributing.md", REPO / "docs"), (REPO / "CONTRIBUTING.md", REPO)):
        text = guide.read_text(encoding="utf-8")
        for needle in ("make edit", "make edit DRAFT=", "make fmt", "make fmt-check", "make admin", "Forgejo", "PKCE", "Sveltia"):
            assert needle in text, (guide.name, needle)
        images = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", text)
        assert len(images) >= 3
        for image in images:
            assert (base / image).is_file(), (guide.name, image)
