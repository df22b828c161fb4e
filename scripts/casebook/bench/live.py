"""Live editing: how long after saving a case does ``mkdocs serve`` show it."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from .measure import mkdocs_env

SERVE_ARGS = ["serve", "--dirty"]  # what `make serve` runs, less the address


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as resp:
            return resp.read().decode("utf-8", "replace")
    except (urllib.error.URLError, OSError):
        return None


def measure_live_edit(project: Path, case_file: Path, timeout: float = 900) -> dict:
    """Start ``mkdocs serve``, edit ``case_file``'s summary, poll its page until the edit shows."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}/cases/{case_file.stem}/"
    log = project / ".bench-serve.log"
    original = case_file.read_bytes()
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "mkdocs", *SERVE_ARGS, "--dev-addr", f"127.0.0.1:{port}"],
                                cwd=project, env=mkdocs_env(), stdout=out, stderr=subprocess.STDOUT)
    try:
        start = time.monotonic()
        while _get(url) is None:
            if proc.poll() is not None or time.monotonic() - start > timeout:
                return {"live_edit_s": None, "live_edit_error": log.read_text(encoding="utf-8", errors="replace")[-2000:]}
            time.sleep(0.2)
        serve_start = time.monotonic() - start
        time.sleep(1.0)  # let the watcher settle after the first build
        marker = f"实时编辑检查{int(time.time()) % 100000}"
        text = original.decode("utf-8")
        lines = text.splitlines(keepends=True)
        for i, line in enumerate(lines):
            if line.startswith("summary: "):
                lines[i] = f"summary: {marker}。{line[len('summary: '):].lstrip()}"
                break
        t0 = time.monotonic()
        case_file.write_text("".join(lines), encoding="utf-8")
        while True:
            page = _get(url)
            if page and marker in page:
                return {"live_edit_s": round(time.monotonic() - t0, 2), "serve_first_build_s": round(serve_start, 1)}
            if time.monotonic() - t0 > 120 or proc.poll() is not None:
                return {"live_edit_s": None, "live_edit_error": log.read_text(encoding="utf-8", errors="replace")[-2000:]}
            time.sleep(0.05)
    finally:
        case_file.write_bytes(original)
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
