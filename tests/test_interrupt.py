"""Ctrl-C during `make build` (issue #20): one line, no traceback from any
worker process, no worker left running."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time

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


@pytest.mark.parametrize("delay, whole_group", [(0.0, True), (1.5, True), (4.0, True), (1.5, False)],
                         ids=["search started", "pages", "late", "build process only"])
def test_ctrl_c_stops_the_build_quietly(big_book, tmp_path, delay, whole_group):
    """``delay``: seconds after the cases are loaded and the search worker
    started (MkDocs' own start-up, before any casebook code runs, is MkDocs' business)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", CASEBOOK_CACHE_DIR=str(tmp_path / "cache"))
    build = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "--site-dir", str(tmp_path / "site")],
        cwd=big_book, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )
    lines: list[str] = []
    started = threading.Event()

    def read() -> None:
        for line in build.stderr:
            lines.append(line)
            if "读入并校验" in line:
                started.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    assert started.wait(120), "".join(lines)
    time.sleep(delay)
    if build.poll() is None:
        # A terminal sends Ctrl-C to every process of the foreground group; `kill -INT` to one.
        (os.killpg if whole_group else os.kill)(build.pid, signal.SIGINT)
    with build:  # closes both pipes
        out = build.stdout.read()
        build.wait(timeout=120)
        reader.join(10)
    err = "".join(lines)
    assert "Traceback" not in out + err, err[-3000:]
    assert _gone(build.pid), "a worker process is still running after the build stopped"
    if build.returncode == 0:
        pytest.fail(f"the build ended before Ctrl-C at {delay} s: make the corpus bigger")
    assert build.returncode == 130, err[-2000:]
    assert err.count(STOPPED) == 1, err[-2000:]
    after = err.split(STOPPED, 1)[1]
    assert after.strip().splitlines()[1:] == [], after  # the line is the last thing printed
