"""Build a benchmark project and measure it: wall time, peak memory, sizes.

Peak memory is the largest sum of memory over the build process and all of
its descendants (worker processes count; pages a forked worker still shares
with its parent count once, via PSS), polled from /proc every 2 s: reading
a large process's smaps_rollup walks its page tables under its memory lock,
stalling the page faults of a freshly forked worker. Back to back, the same
cold 10,000-case build took 191 s polled every 0.5 s and 149 s every 2 s
(every 50 ms had slowed a warm build by half); the peak differed by 6 MB,
because memory rises and falls over tens of seconds. The kernel's ``ru_maxrss`` is no
use here: it keeps the high-water mark of the bench process the child was
forked from.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

REPO_PARTS = ("mkdocs.yml", "docs", "overrides")  # what a project copy needs besides cases/
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
POLL_S = 2.0  # memory changes over tens of seconds; each poll costs the build time (see above)


@dataclass
class BuildResult:
    seconds: float
    cpu_seconds: float  # user + system time of the build and its children: steadier than wall time on a busy machine
    peak_rss_mb: float
    returncode: int
    output: str


def make_project(repo: Path, dest: Path) -> Path:
    """A copy of the real site skeleton (config, docs, overrides) at ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in REPO_PARTS:
        src, dst = repo / name, dest / name
        if dst.is_dir():
            shutil.rmtree(dst)
        (shutil.copytree if src.is_dir() else shutil.copy)(src, dst)
    return dest


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        ppid = int(stat[stat.rfind(b")") + 2 :].split()[1])
        tree.setdefault(ppid, []).append(int(entry.name))
    return tree


def _memory(pid: int) -> int:
    """Proportional set size (shared copy-on-write pages of forked workers
    counted once across the tree), else resident size."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as fh:
            for line in fh:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    try:
        with open(f"/proc/{pid}/statm", "rb") as fh:
            return int(fh.read().split()[1]) * PAGE_SIZE
    except OSError:
        return 0


def tree_rss(pid: int) -> int:
    """Memory of ``pid`` and all of its descendants (see ``_memory``)."""
    tree, total, todo = _children(), 0, [pid]
    while todo:
        p = todo.pop()
        total += _memory(p)
        todo.extend(tree.get(p, []))
    return total


def run_measured(cmd: list[str], cwd: Path, env: dict[str, str] | None = None, timeout: float = 3600) -> BuildResult:
    log = cwd / ".bench-build.log"
    start = time.monotonic()
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        peak = 0
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            peak = max(peak, tree_rss(proc.pid))
            if time.monotonic() - start > timeout:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(POLL_S)
    seconds = time.monotonic() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    # ru_maxrss only when polling saw nothing (a very short build): it also
    # counts the bench's own pages the child had before exec.
    peak = peak or usage.ru_maxrss * 1024
    cpu = usage.ru_utime + usage.ru_stime
    return BuildResult(round(seconds, 2), round(cpu, 2), round(peak / 2**20, 1), proc.returncode, log.read_text(encoding="utf-8", errors="replace"))


def mkdocs_env() -> dict[str, str]:
    return dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH=os.environ.get("SOURCE_DATE_EPOCH", "1700000000"))


def build(project: Path, site: Path, config: str = "mkdocs.yml", timeout: float = 3600) -> BuildResult:
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "-f", config, "--site-dir", str(site)]
    return run_measured(cmd, project, mkdocs_env(), timeout)


def build_zensical(project: Path, site: Path, timeout: float = 3600) -> BuildResult:
    """``make build GENERATOR=zensical``: casebook render, zensical build, casebook finish."""
    cmd = [sys.executable, "-m", "casebook.cli", "build", "--generator", "zensical",
           "--site-dir", str(site), "--tree-dir", str(site.parent / f"{site.name}-tree")]
    return run_measured(cmd, project, mkdocs_env(), timeout)


def dir_bytes(path: Path) -> int:
    total = 0
    for root, _dirs, files in os.walk(path):
        for name in files:
            total += os.path.getsize(os.path.join(root, name))
    return total


def case_page_sizes(site: Path) -> list[int]:
    """HTML bytes of every case page (cases/<id>/index.html), the index excluded."""
    return [p.stat().st_size for p in (site / "cases").glob("*/index.html")]


def site_figures(site: Path) -> dict:
    sizes = case_page_sizes(site)
    return {
        "site_mb": round(dir_bytes(site) / 2**20, 1),
        "case_page_kb_median": round(statistics.median(sizes) / 1024, 1) if sizes else None,
    }
