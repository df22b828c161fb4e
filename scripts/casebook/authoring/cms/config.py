"""The whole Decap CMS configuration, generated from the schemas and the vocabularies.

One collection per kind of file the project keeps (cases, modules, the
vocabulary files), each saved through its own file format (``casebook-case``
...) that writes the canonical layout of ``casebook fmt``. The backend part
is the only thing that differs between ``make edit`` (the local decap-server)
and a deployed editor (GitHub, GitLab, Gitea/Forgejo with the editorial
workflow: each save a branch and a pull request).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ...load import schemas
from ...load.project import VOCAB_DIR, VOCAB_FILES, VOCAB_KEYS, load_vocab
from ..fmt import CASE, MODULE, Kind, schema_line
from .fields import Choice, FieldMaker

LOCALE = "zh_Hans"
MEDIA_FOLDER = "docs/assets/images"  # Decap requires one; case files hold no media
_VOCAB_MENTION = re.compile(r"cases/vocab/([a-z]+)\.yaml")
CASE_REF = "case"
VOCAB_FORMAT = "casebook-vocab"  # a string property with this name holds the id of a case (both schemas)


@dataclass(frozen=True)
class Backend:
    """Where the form reads and saves. ``name`` is a Decap backend name."""

    name: str  # proxy (make edit), github, gitlab, gitea, forgejo
    repo: str = ""
    branch: str = "main"
    proxy_url: str = ""
    base_url: str = ""  # the server (GitLab, Gitea/Forgejo); for GitHub the OAuth client server
    app_id: str = ""  # OAuth application id, for PKCE login (GitLab, Gitea/Forgejo)
    workflow: bool = True  # editorial workflow: drafts as branches and pull requests
    open_authoring: bool = False

    def decap(self) -> dict:
        if self.name == "proxy":
            return {"name": "proxy", "proxy_url": self.proxy_url, "branch": self.branch}
        out: dict = {"name": self.name, "repo": self.repo, "branch": self.branch}
        if self.base_url and self.name == "github":
            # GitHub logs in through an OAuth client server that holds the secret.
            out["base_url"] = self.base_url.rstrip("/")
        elif self.base_url:  # a self-hosted GitLab, Gitea or Forgejo
            root = self.base_url.rstrip("/")
            out["base_url"] = root
            out["api_root"] = f"{root}/api/v4" if self.name == "gitlab" else f"{root}/api/v1"
        if self.app_id and self.name != "github":
            out["app_id"] = self.app_id
            out["auth_type"] = "pkce"
        if self.open_authoring:
            out["open_authoring"] = True
        out["squash_merges"] = True
        return out


def choices(root: Path, schema_name: str, schema: dict) -> dict[str, Choice]:
    """Option lists for every field whose description names a vocabulary file,
    and a case picker for every ``case`` field; keyed by JSON pointer."""
    vocab = load_vocab(root, [])
    files = {filename: name for name, (filename, _key) in VOCAB_FILES.items()}
    out: dict[str, Choice] = {}

    def walk(node: dict, where: str, name: str) -> None:
        mention = _VOCAB_MENTION.search(node.get("description", ""))
        vocab_name = files.get(f"{mention.group(1)}.yaml") if mention else None
        # A vocabulary file's own fields describe that file: they are not references.
        if vocab_name in VOCAB_KEYS and vocab_name != schema_name:
            key = VOCAB_KEYS[vocab_name]
            entries = getattr(vocab, vocab_name).values()
            options = [{"label": _label(e, key), "value": e[key]} for e in entries]
            target = f"{where}/items" if node.get("type") == "array" else where
            out[target] = Choice(options=options)
        elif name == CASE_REF and node.get("type") == "string":
            out[where] = Choice(collection="cases", search_fields=["title", "id"], display_fields=["title"])
        for prop, sub in node.get("properties", {}).items():
            walk(sub, f"{where}/properties/{prop}", prop)
        if isinstance(node.get("items"), dict):
            walk(node["items"], f"{where}/items", "")

    walk(schema, "", "")
    return out


def _label(entry: dict, key: str) -> str:
    name = entry.get("name")
    return f"{name}（{entry[key]}）" if name and name != entry[key] else str(entry[key])


def kinds() -> dict[str, tuple[Kind, str]]:
    """format name -> (kind, schema line for a new file)."""
    out = {"casebook-case": (CASE, schema_line("cases/x.yaml", CASE)),
           "casebook-module": (MODULE, schema_line("modules/x.yaml", MODULE))}
    for name, (filename, _key) in VOCAB_FILES.items():
        kind = Kind(name, True)
        out[f"casebook-{name}"] = (kind, schema_line(f"cases/{VOCAB_DIR}/{filename}", kind))
    return out


def layouts(root: Path) -> dict[str, dict]:
    """What the browser's file writer needs per format: the schema, flow style,
    header, and the required strings the form lets be empty (JSON pointers)."""
    out = {}
    for fmt, (kind, line) in kinds().items():
        schema = schemas.load_schema(kind.schema)
        maker = FieldMaker(choices(root, kind.schema, schema), schema.get("$defs"))
        maker.object_fields(schema, "")
        out[fmt] = {"schema": schema, "flow": kind.flow, "header": line, "empty_ok": maker.empty_ok}
    return out


def _folder_collection(root: Path, name: str, label: str, folder: str, kind: Kind, fmt: str) -> dict:
    schema = schemas.load_schema(kind.schema)
    maker = FieldMaker(choices(root, kind.schema, schema), schema.get("$defs"))
    return {
        "name": name, "label": label, "label_singular": schema["title"], "description": schema["description"],
        "folder": folder, "extension": "yaml", "format": fmt, "create": True,
        "identifier_field": "id", "slug": "{{slug}}", "summary": "{{title}}（{{id}}）",
        "sortable_fields": ["id", "title"], "editor": {"preview": False},
        "fields": maker.object_fields(schema, ""),
    }


def collections(root: Path) -> list[dict]:
    out = [
        _folder_collection(root, "cases", "案例", "cases", CASE, "casebook-case"),
        _folder_collection(root, "modules", "培训专题", "modules", MODULE, "casebook-module"),
    ]
    files = []
    for name, (filename, _key) in VOCAB_FILES.items():
        schema = schemas.load_schema(name)
        maker = FieldMaker(choices(root, name, schema), schema.get("$defs"))
        files.append({
            "name": name, "label": schema["title"], "file": f"cases/{VOCAB_DIR}/{filename}",
            "editor": {"preview": False}, "fields": maker.object_fields(schema, ""),
        })
    # Decap takes one format per collection: casebook-vocab writes each file
    # with the layout of the vocabulary whose top-level key it holds.
    out.append({"name": "vocab", "label": "词表", "description": "主题、层级、地区、提法词典和搜索同义词。修改会影响全部案例，请谨慎。",
                "format": VOCAB_FORMAT, "files": files, "editor": {"preview": False}})
    return out


def build(root: Path, backend: Backend, site_url: str = "") -> dict:
    config: dict = {
        "load_config_file": False,
        "locale": LOCALE,
        "backend": backend.decap(),
        "media_folder": MEDIA_FOLDER,
        "public_folder": "/assets/images",
        "show_preview_links": False,
        "collections": collections(root),
    }
    if backend.workflow:
        config["publish_mode"] = "editorial_workflow"
    if site_url:
        config["site_url"] = config["display_url"] = site_url
    return config
