"""Ctrl-C during `make build` (issue #20): one line, no traceback from any
worker process, no worker left running."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from casebook.bench import corpus
from conftest import REPO, make_project_copy

STOPPED = "构建已中断（Ctrl-C）"


@pytest.fixture(scope="module")
def big_book(tmp_path_factory):
    """300 cases: loading forks a reader, the search index and the pages fork writers."""
    tmp = tmp_path_factory.mktemp("interrupt")
    corpus.generate(300, REPO, tmp / "cases")
    return make_project_copy(tmp / "copy", tmp / "cases")


def _gone(group: int, timeout: float = 10) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.1)
    return False


def _interrupted(command: list[str], cwd, env: dict, marker: str, delay: float, whole_group: bool = True) -> tuple[int, str, int]:
    """Run ``command``, Ctrl-C it ``delay`` s after it printed ``marker``:
    (exit status, everything it printed, its process group)."""
    build = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                             start_new_session=True)
    lines: list[str] = []
    started = threading.Event()

    def read() -> None:
        for line in build.stdout:
            lines.append(line)
            if marker in line:
                started.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    assert started.wait(300), "".join(lines)
    time.sleep(delay)
    if build.poll() is None:
        # A terminal sends Ctrl-C to every process of the foreground group; `kill -INT` to one.
        (os.killpg if whole_group else os.kill)(build.pid, signal.SIGINT)
    with build:
        build.wait(timeout=120)
        reader.join(10)
    return build.returncode, "".join(lines), build.pid


def _stopped_quietly(returncode: int, output: str, group: int, message: str = STOPPED) -> None:
    assert "Traceback" not in output, output[-3000:]
    assert _gone(group), "a worker process is still running after the build stopped"
    if returncode == 0:
        pytest.fail("the build ended before Ctrl-C: make the corpus bigger")
    assert returncode == 130, output[-2000:]
    assert output.count(message) == 1, output[-2000:]
    after = output.split(message, 1)[1]
    assert after.strip().splitlines()[1:] == [], after  # the line is the last thing printed


@pytest.mark.parametrize("delay, whole_group", [(0.0, True), (1.5, True), (4.0, True), (1.5, False)],
                         ids=["search started", "pages", "late", "build process only"])
def test_ctrl_c_stops_the_build_quietly(big_book, tmp_path, delay, whole_group):
    """``delay``: seconds after the cases are loaded and the search worker
    started (MkDocs' own start-up, before any casebook code runs, is MkDocs' business)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", CASEBOOK_CACHE_DIR=str(tmp_path / "cache"))
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "--site-dir", str(tmp_path / "site")]
    _stopped_quietly(*_interrupted(command, big_book, env, "读入并校验", delay, whole_group))


@pytest.mark.parametrize("generator, marker", [
    ("mkdocs", "读入并校验"),  # casebook build runs mkdocs: the plugin reports, casebook stays silent
    ("zensical", "写出"),  # Zensical is building the tree
    ("zensical", "Zensical 生成页面"),  # casebook finish: the search index's worker
], ids=["mkdocs", "zensical building", "zensical finishing"])
def test_ctrl_c_stops_make_build_quietly(big_book, tmp_path, generator, marker):
    """`make build [GENERATOR=zensical]`, which is `casebook build`."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", CASEBOOK_CACHE_DIR=str(tmp_path / "cache"))
    tree = tmp_path / "tree"
    command = [sys.executable, "-m", "casebook.cli", "build", "--generator", generator,
               "--site-dir", str(tmp_path / "site"), "--tree-dir", str(tree)]
    message = STOPPED if generator == "mkdocs" else "构建已中断（Ctrl-C）"
    _stopped_quietly(*_interrupted(command, big_book, env, marker, 0.5), message)
    # Zensical runs in a process group of its own: stopped too.
    deadline = time.monotonic() + 10
    while any(str(tree) in _cmdline(pid) for pid in os.listdir("/proc") if pid.isdigit()):
        assert time.monotonic() < deadline, "Zensical is still running after the build stopped"
        time.sleep(0.2)


def _cmdline(pid: str) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
    except OSError:
        return ""
