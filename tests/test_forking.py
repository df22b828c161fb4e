"""Forked workers (issue #8): a gate holds back a worker's writes; a second
process joins a job only when the other core is free."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from casebook.common import forking


def test_a_worker_writes_only_after_the_gate_opens(tmp_path):
    gate = forking.Gate()
    out = tmp_path / "written"

    def work() -> None:
        computed = "result"  # the part that needs no site folder
        gate.wait()
        out.write_text(computed)

    worker = forking.Forked(work)
    time.sleep(0.3)
    assert not out.exists() and not worker.done()
    gate.open()
    worker.wait()
    assert out.read_text() == "result"


def test_results_come_back_from_workers():
    assert forking.Forked(lambda a, b: {"sum": a + b, "pid": os.getpid()}, 2, 3).wait()["sum"] == 5
    shares = forking.split(lambda share: [x * 10 for x in share], list(range(5)))
    assert shares == [[0, 20, 40], [10, 30]]


def test_a_large_result_streams_through_the_pipe():
    """The result is pickled into the pipe as the parent unpickles it: far
    more than a pipe holds comes back whole."""
    big = {f"词{i}": list(range(i % 50)) for i in range(50_000)}
    assert forking.Forked(lambda: big).wait() == big


def test_a_result_that_cannot_be_pickled_fails_the_wait(capfd):
    with pytest.raises(forking.WorkerError, match="结果无法传回"):
        forking.Forked(lambda: {"ok": 1, "bad": lambda: None}).wait()
    assert "pickle" in capfd.readouterr().err.lower()  # the worker's own traceback


def test_done_does_not_lose_the_workers_failure():
    worker = forking.Forked(lambda: 1 / 0)
    while not worker.done():
        time.sleep(0.01)
    with pytest.raises(forking.WorkerError, match="ZeroDivisionError"):
        worker.wait()


@pytest.mark.parametrize("busy", [True, False])
def test_split_when_free_does_every_item_once(tmp_path, busy):
    items = list(range(3 * forking.STEP + 7))

    def record(share) -> None:
        with open(tmp_path / str(os.getpid()), "a") as fh:
            fh.write("".join(f"{i}\n" for i in share))

    forking.split_when_free(record, items, lambda: busy)
    done = {p.name: [int(x) for x in p.read_text().split()] for p in tmp_path.iterdir()}
    assert sorted(i for share in done.values() for i in share) == items
    if busy:  # both cores taken: no second process, it would only add memory
        assert list(done) == [str(os.getpid())]
    else:
        assert len(done) == 2
