"""Live editing: how long after saving a case does ``mkdocs serve`` show it."""

from __future__ import annotations

import socket
import statistics
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


EDITS = 3  # saves measured; the median is reported


def _running(pid: int) -> bool:
    """Alive and not a zombie (a finished worker not yet reaped)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            stat = fh.read()
    except OSError:
        return False
    return stat[stat.rfind(b")") + 2 : stat.rfind(b")") + 3] != b"Z"


def _wait_idle(pid: int, timeout: float = 120) -> None:
    """Until ``pid`` has had no running child process (background worker) for a second."""
    from .measure import _children

    deadline = time.monotonic() + timeout
    quiet_since = None
    while time.monotonic() < deadline:
        if any(_running(child) for child in _children().get(pid, [])):
            quiet_since = None
        elif quiet_since is None:
            quiet_since = time.monotonic()
        elif time.monotonic() - quiet_since >= 1.0:
            return
        time.sleep(0.1)


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
        times = []
        text = original.decode("utf-8")
        for n in range(EDITS):
            # Save when the server is idle: the last build's background work
            # (search index, other pages) done, as when someone edits a file.
            _wait_idle(proc.pid)
            marker = f"实时编辑检查{n}-{int(time.time()) % 100000}"
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
                    times.append(time.monotonic() - t0)
                    break
                if time.monotonic() - t0 > 120 or proc.poll() is not None:
                    return {"live_edit_s": None, "live_edit_error": log.read_text(encoding="utf-8", errors="replace")[-2000:]}
                time.sleep(0.05)
        return {"live_edit_s": round(statistics.median(times), 2), "live_edit_max_s": round(max(times), 2),
                "serve_first_build_s": round(serve_start, 1)}
    finally:
        case_file.write_bytes(original)
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
