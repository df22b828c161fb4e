"""``casebook build --generator zensical``: the casebook built by Zensical.

Zensical, the successor of Material for MkDocs, reads ``mkdocs.yml`` and the
Material theme's overrides but runs no MkDocs plugin: it builds the tree
``casebook render`` writes (``generators.tree``), then ``casebook finish``
adds the search index, downloads and the rest. What Zensical cannot do yet
is listed in the contributor guide (部署 → 用 Zensical 构建).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from ..load.project import Project
from . import tree

TREE_DIR = Path("build") / "zensical"  # under the repository; build/ is not committed
_ROOTED_CANONICAL = re.compile(rb'\s*<link rel="canonical" href="/[^"]*">')


def drop_rooted_canonical(site_dir: Path) -> int:
    """Without a site_url Zensical still writes ``<link rel="canonical"
    href="/page/">``, an address from the root of whatever server or disk the
    copy lands on (MkDocs writes none). Remove it; the number of pages changed."""
    changed = 0
    for page in site_dir.rglob("*.html"):
        html = page.read_bytes()
        cleaned = _ROOTED_CANONICAL.sub(b"", html, count=1)
        if cleaned != html:
            page.write_bytes(cleaned)
            changed += 1
    return changed


def build_site(config: dict, project: Project, config_dir: Path, site_dir: Path | None = None, tree_dir: Path | None = None,
               log=lambda line: print(line, flush=True)) -> int:
    """render -> zensical build --strict -> finish, for a checked project; the exit status."""
    started = time.monotonic()
    site_dir = Path(site_dir) if site_dir is not None else config_dir / config.get("site_dir", "site")
    tree_dir = Path(tree_dir) if tree_dir is not None else project.root / TREE_DIR
    written = tree.render_tree(project, config, config_dir, tree_dir)  # Zensical builds into tree_dir/site
    log(f"写出 {written.pages} 个页面的 Markdown（{tree_dir}）：{time.monotonic() - started:.1f} s")

    step = time.monotonic()
    # In a process group of its own: Ctrl-C is this process's to report (casebook.common.forking),
    # which then stops Zensical, instead of Zensical's own "Aborted!" and traceback.
    result = subprocess.run([sys.executable, "-m", "zensical", "build", "--strict", "--config-file", str(written.config.resolve())],
                            cwd=tree_dir, process_group=0)
    if result.returncode != 0:
        print("Zensical 构建失败（见上方输出）。", file=sys.stderr)
        return result.returncode
    log(f"Zensical 生成页面：{time.monotonic() - step:.1f} s")

    built = tree_dir / "site"
    if not config.get("site_url"):
        drop_rooted_canonical(built)
    if site_dir.is_dir():  # replaced whole, as `mkdocs build --clean` does
        shutil.rmtree(site_dir)
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(built, site_dir)

    step = time.monotonic()
    tree.finish_site(project, config, site_dir)
    log(f"搜索索引、数据下载等：{time.monotonic() - step:.1f} s；共 {time.monotonic() - started:.1f} s")
    return 0
