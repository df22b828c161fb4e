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
from typing import NamedTuple

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


class Run(NamedTuple):
    returncode: int
    output: str  # everything it printed
    group: int  # its process group
    seconds: float  # from the marker to the end


def _interrupted(command: list[str], cwd, env: dict, marker: str, delay: float | None, whole_group: bool = True) -> Run:
    """Run ``command``, Ctrl-C it ``delay`` s after it printed ``marker`` (never when ``delay`` is None)."""
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
    at = time.monotonic()
    if delay is not None:
        time.sleep(delay)
        if build.poll() is None:
            # A terminal sends Ctrl-C to every process of the foreground group; `kill -INT` to one.
            (os.killpg if whole_group else os.kill)(build.pid, signal.SIGINT)
    with build:
        build.wait(timeout=120)
        reader.join(10)
    return Run(build.returncode, "".join(lines), build.pid, time.monotonic() - at)


def _stopped_quietly(run: Run, message: str = STOPPED) -> None:
    returncode, output = run.returncode, run.output
    assert "Traceback" not in output, output[-3000:]
    assert _gone(run.group), "a worker process is still running after the build stopped"
    if returncode == 0:
        pytest.fail("the build ended before Ctrl-C: make the corpus bigger")
    assert returncode == 130, output[-2000:]
    assert output.count(message) == 1, output[-2000:]
    after = output.split(message, 1)[1]
    assert after.strip().splitlines()[1:] == [], after  # the line is the last thing printed


LOADED = "读入并校验"  # the plugin's line once the cases are loaded and the search worker started


def _cold(tmp_path) -> dict:
    """The environment of a build with a cache of its own, empty at first."""
    return dict(os.environ, NO_MKDOCS_2_WARNING="1", CASEBOOK_CACHE_DIR=str(tmp_path / "cache"))


def _mkdocs_build(tmp_path) -> list[str]:
    return [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "--site-dir", str(tmp_path / "site")]


@pytest.fixture(scope="module")
def after_loading(big_book, tmp_path_factory) -> float:
    """Seconds the build runs on this machine after the cases are loaded. The
    Ctrl-C delays are shares of it: a fixed 4 s outlasted the whole build on a
    machine three times as fast as the one it was chosen on."""
    tmp = tmp_path_factory.mktemp("uninterrupted")
    run = _interrupted(_mkdocs_build(tmp), big_book, _cold(tmp), LOADED, None)
    assert run.returncode == 0, run.output[-2000:]
    return run.seconds


@pytest.mark.parametrize("share, whole_group", [(0.0, True), (0.3, True), (0.8, True), (0.3, False)],
                         ids=["search started", "pages", "late", "build process only"])
def test_ctrl_c_stops_the_build_quietly(big_book, after_loading, tmp_path, share, whole_group):
    """Ctrl-C ``share`` of the way through what the build does after the cases
    are loaded and the search worker started (MkDocs' own start-up, before any
    casebook code runs, is MkDocs' business)."""
    _stopped_quietly(_interrupted(_mkdocs_build(tmp_path), big_book, _cold(tmp_path), LOADED, share * after_loading, whole_group))


@pytest.mark.parametrize("generator, marker", [
    ("mkdocs", LOADED),  # casebook build runs mkdocs: the plugin reports, casebook stays silent
    ("zensical", "写出"),  # Zensical is building the tree
    ("zensical", "Zensical 生成页面"),  # casebook finish: the search index's worker
], ids=["mkdocs", "zensical building", "zensical finishing"])
def test_ctrl_c_stops_make_build_quietly(big_book, tmp_path, generator, marker):
    """`make build [GENERATOR=zensical]`, which is `casebook build`."""
    tree = tmp_path / "tree"
    command = [sys.executable, "-m", "casebook.cli", "build", "--generator", generator,
               "--site-dir", str(tmp_path / "site"), "--tree-dir", str(tree)]
    message = STOPPED if generator == "mkdocs" else "构建已中断（Ctrl-C）"
    _stopped_quietly(_interrupted(command, big_book, _cold(tmp_path), marker, 0.5), message)
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
