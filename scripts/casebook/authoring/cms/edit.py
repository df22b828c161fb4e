"""``casebook edit`` (``make edit``): the browser form on the local checkout.

Two loopback-only servers: decap-server (Decap's own local backend, from
``tools/cms``) reads and writes the files of the checkout, and a static file
server hands the browser the editor written by ``admin.write``. Saving a
case writes ``cases/<id>.yaml`` in the canonical layout; ``make serve``,
running beside it, shows the change. With ``--workflow`` decap-server runs
in git mode: each saved draft is a local branch ``cms/cases/<id>``, the same
editorial workflow a deployed editor runs with pull requests.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
import webbrowser
from dataclasses import dataclass
from pathlib import Path

from ...load import schemas
from ...load.yamlload import load_yaml_file
from ..fmt import CASE, schema_line
from ..yamlwrite import dump
from . import admin
from . import config as cms_config

HOST = "127.0.0.1"
STARTUP_SECONDS = 30


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")  # a new run's config must win
        super().end_headers()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def _branch(root: Path) -> str:
    try:
        out = subprocess.run(["git", "-C", str(root), "rev-parse", "--abbrev-ref", "HEAD"], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return "main"
    name = out.stdout.strip()
    return name if out.returncode == 0 and name and name != "HEAD" else "main"


def _wait_for(url: str, proc: subprocess.Popen) -> None:
    body = json.dumps({"action": "info"}).encode()
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"decap-server 启动失败（退出码 {proc.returncode}）：{proc.stderr.read() if proc.stderr else ''}")
        try:
            req = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
            with urllib.request.urlopen(req, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"decap-server 在 {STARTUP_SECONDS} 秒内没有响应。")


@dataclass
class Editor:
    url: str  # the editor page
    api: str  # decap-server's endpoint
    root: Path


@contextlib.contextmanager
def running(root: Path, workdir: Path, workflow: bool = False):
    """Start both servers for the checkout at ``root``; yields an Editor."""
    root = root.resolve()
    node = shutil.which("node")
    if node is None:
        raise RuntimeError("找不到 node。表单编辑需要 Node.js 20 或更新版本：sudo apt-get install -y nodejs npm。")
    site = workdir / "admin"
    handler = functools.partial(_Quiet, directory=str(site))
    httpd = http.server.ThreadingHTTPServer((HOST, 0), handler)
    origin = f"http://{HOST}:{httpd.server_address[1]}"
    port = _free_port()
    env = dict(
        os.environ, PORT=str(port), BIND_HOST=HOST, ORIGIN=origin, MODE="git" if workflow else "fs",
        GIT_REPO_DIRECTORY=str(root), LOG_LEVEL="warn",
    )
    server = admin.MODULES / "decap-server" / "dist" / "index.js"
    # cwd: decap-server reads a .env file from its working directory; not the user's.
    workdir.mkdir(parents=True, exist_ok=True)
    proc = subprocess.Popen([node, str(server)], cwd=workdir, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    serving = None
    try:
        api = f"http://{HOST}:{port}/api/v1"
        _wait_for(api, proc)
        backend = cms_config.Backend(name="proxy", proxy_url=api, branch=_branch(root), workflow=workflow)
        admin.write(site, cms_config.build(root, backend), root)
        serving = threading.Thread(target=httpd.serve_forever, daemon=True)
        serving.start()
        yield Editor(url=origin + "/", api=api, root=root)
    finally:
        if serving is not None:
            httpd.shutdown()
        httpd.server_close()
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if proc.stderr:
            proc.stderr.close()


def open_draft(root: Path, draft: Path) -> tuple[str | None, str]:
    """Copy an importer draft into cases/ (canonical, without its comments).

    The draft file itself is left as it is: its comments (the importer's
    proposals and quoted passages) stay there to read while filling the form.
    Returns (case id or None, message).
    """
    loaded = load_yaml_file(draft, str(draft))
    if loaded.problems or not isinstance(loaded.data, dict):
        return None, "\n".join(map(str, loaded.problems)) or f"{draft} 不是案例草稿。"
    case_id = loaded.data.get("id")
    if not isinstance(case_id, str) or not case_id:
        return None, f"{draft} 没有 id，无法确定案例文件名。请先在草稿中填写 id。"
    target = root / "cases" / f"{case_id}.yaml"
    if target.exists():
        return case_id, f"cases/{case_id}.yaml 已经存在，直接打开它（草稿没有复制）。"
    text = dump(loaded.data, schemas.load_schema("case"), [schema_line(f"cases/{case_id}.yaml", CASE)])
    target.write_text(text, encoding="utf-8")
    return case_id, (f"已把草稿的内容复制到 cases/{case_id}.yaml（表单不能显示注释）。"
                     f"导入工具的提示和候选数据仍在 {draft} 的注释里，填写时可以对照。")


def main(args: argparse.Namespace) -> int:
    problem = admin.missing_modules()
    if problem:
        print(f"错误：{problem}", file=sys.stderr)
        return 1
    root = Path(args.root).resolve()
    if not (root / "cases").is_dir():
        print(f"错误：找不到 {root / 'cases'}。请在案例库仓库的根目录运行 make edit。", file=sys.stderr)
        return 1
    page = "#/collections/cases"
    if args.draft:
        case_id, message = open_draft(root, Path(args.draft))
        print(message)
        if case_id is None:
            return 1
        page = f"#/collections/cases/entries/{case_id}"
    workdir = root / ".cache" / "cms"
    try:
        with running(root, workdir, workflow=args.workflow) as editor:
            url = editor.url + page
            print(f"表单编辑已启动：{url}")
            print("保存后文件直接写入 cases/（规范格式）；在另一个终端运行 make serve 可以立即预览，make validate 检查。按 Ctrl+C 结束。")
            if args.open:
                webbrowser.open(url)
            while True:
                time.sleep(3600)
    except RuntimeError as e:
        print(f"错误：{e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\n表单编辑已结束。")
    return 0
