"""Work in forked processes (issue #8): the build machine has two cores.

Fork hands a worker the loaded project as it is, without pickling 10,000
cases; where fork is missing, or ``CASEBOOK_WORKERS=0``, everything runs in
this process instead. A worker's exception comes back as its traceback and is
raised here, so a failure in a worker fails the build with the reason.
"""

from __future__ import annotations

import multiprocessing
import os
import traceback
from typing import Callable, Sequence

WORKERS = 2  # the build machine has two cores


def available() -> bool:
    return "fork" in multiprocessing.get_all_start_methods() and os.environ.get("CASEBOOK_WORKERS") != "0"


class WorkerError(RuntimeError):
    pass


class Forked:
    """One forked process running ``fn(*args)``."""

    def __init__(self, fn: Callable, *args) -> None:
        ctx = multiprocessing.get_context("fork")
        self._errors, send = ctx.Pipe(duplex=False)
        self.process = ctx.Process(target=_run, args=(fn, args, send), daemon=True)
        self.process.start()
        send.close()

    def wait(self) -> None:
        if self.process is None:
            return
        try:
            message = self._errors.recv()
        except EOFError:  # the worker died without a word (killed)
            message = ""
        self.process.join()
        code, self.process = self.process.exitcode, None
        if code:
            raise WorkerError(f"后台构建步骤失败（退出码 {code}）：\n{message}")

    def cancel(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.join()
            self.process = None


def _run(fn: Callable, args: tuple, conn) -> None:
    try:
        fn(*args)
    except BaseException:  # noqa: BLE001 - reported to the parent, which raises
        conn.send(traceback.format_exc())
        conn.close()
        os._exit(1)
    conn.send("")
    conn.close()


def split(fn: Callable[[Sequence], None], items: Sequence, workers: int = WORKERS) -> None:
    """``fn`` over ``items`` cut into ``workers`` interleaved shares: all but
    the first in forked processes, the first in this one."""
    if workers <= 1 or len(items) < 2 or not available():
        fn(items)
        return
    forked = [Forked(fn, items[k::workers]) for k in range(1, workers)]
    try:
        fn(items[0::workers])
    except BaseException:
        for f in forked:
            f.cancel()
        raise
    for f in forked:
        f.wait()
