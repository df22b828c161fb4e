"""The editor's folder: Decap CMS, its glue, and the generated configuration.

``make edit`` writes it under ``.cache/cms/`` and serves it on 127.0.0.1;
``casebook admin OUT`` writes the same folder for a deployed site (for
example ``site/admin/``), configured for GitHub, GitLab or Gitea/Forgejo.
Every file comes from this repository or from ``tools/cms/node_modules``
(installed from the npm registry with the lock file): the page asks no other
host for anything.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

from . import config as cms_config

STATIC = Path(__file__).parent / "static"
TOOLS = Path(__file__).resolve().parents[4] / "tools" / "cms"
MODULES = TOOLS / "node_modules"
DECAP_DIST = MODULES / "decap-cms" / "dist"
YAML_DIST = MODULES / "yaml" / "browser" / "dist"


def missing_modules() -> str | None:
    """A Chinese message when the npm packages are not installed, else None."""
    if (DECAP_DIST / "decap-cms.js").is_file() and YAML_DIST.is_dir() and (MODULES / "decap-server").is_dir():
        return None
    return f"表单编辑所需的 npm 包还没有安装（{MODULES}）。请运行 make edit-deps，或直接运行 make edit（会自动安装）。"


def write(out: Path, config: dict, root: Path) -> None:
    """Write the editor into ``out`` (created; files of an earlier run replaced)."""
    out.mkdir(parents=True, exist_ok=True)
    for src in STATIC.iterdir():
        shutil.copy2(src, out / src.name)
    # The bundle and the chunks it loads on demand (named N.decap-cms.js) and
    # its WebAssembly; source maps and the second bundle (cms.js) are not needed.
    for src in DECAP_DIST.iterdir():
        if src.name == "decap-cms.js" or src.name.endswith(".decap-cms.js") or src.suffix == ".wasm":
            shutil.copy2(src, out / src.name)
    shutil.copytree(YAML_DIST, out / "yaml", dirs_exist_ok=True)
    (out / "config.json").write_text(json.dumps(config, ensure_ascii=False, indent=1), encoding="utf-8")
    (out / "layouts.json").write_text(json.dumps(cms_config.layouts(root), ensure_ascii=False), encoding="utf-8")


def main(args: argparse.Namespace) -> int:
    """``casebook admin OUT``: the editor for a deployed site."""
    problem = missing_modules()
    if problem:
        print(f"错误：{problem}", file=sys.stderr)
        return 1
    if not args.repo:
        print("错误：请用 --repo 指定仓库，例如 --repo zuzhibu/casebook。", file=sys.stderr)
        return 2
    backend = cms_config.Backend(
        name=args.backend, repo=args.repo, branch=args.branch, base_url=args.base_url or "",
        app_id=args.app_id or "", open_authoring=args.open_authoring,
        # Decap's gitea backend has no editorial workflow (its forgejo backend has).
        workflow=args.backend != "gitea",
    )
    root = Path(args.root)
    write(Path(args.out), cms_config.build(root, backend, site_url=args.site_url or ""), root)
    print(f"已写入 {args.out}：把它作为网站的 admin/ 目录发布，打开 <网站地址>/admin/ 即可登录编辑。")
    return 0
