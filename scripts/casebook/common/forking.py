"""Work in forked processes (issue #8): the build machine has two cores.

Fork hands a worker the loaded project as it is, without pickling 10,000
cases; where fork is missing, or ``CASEBOOK_WORKERS=0``, everything runs in
this process instead. What a worker's function returns comes back pickled
through a pipe (``Forked.wait``); its exception comes back as its traceback
and is raised here, so a failure in a worker fails the build with the reason.
A result is pickled straight into the pipe and unpickled straight out of it:
neither process holds the whole message (at 10,000 cases, tens of megabytes
at the build's peak).
"""

from __future__ import annotations

import gc
import os
import pickle
import signal
import sys
import traceback
from typing import Callable, Sequence

WORKERS = 2  # the build machine has two cores
RESULT, FAILED = b"R", b"E"  # a worker's message: its pickled result, or its traceback
_LIVE: set = set()  # this process's workers not yet waited for
_STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def available() -> bool:
    return hasattr(os, "fork") and os.environ.get("CASEBOOK_WORKERS") != "0"


class WorkerError(RuntimeError):
    pass


class Forked:
    """One forked process running ``fn(*args)``; ``wait`` returns its result.

    Plain ``os.fork``, not ``multiprocessing``: a worker may fork workers of
    its own (the search index scores on both cores), which multiprocessing
    forbids its daemon processes.
    """

    def __init__(self, fn: Callable, *args) -> None:
        read, write = os.pipe()
        sys.stdout.flush()
        sys.stderr.flush()
        # Objects that exist now are left out of later garbage collections, in
        # both processes: a collection writes to every object it scans, which
        # would copy the pages the worker shares with this process (at 10,000
        # cases, hundreds of megabytes).
        gc.freeze()
        # Ctrl-C reaches every process of the build at once: until the worker
        # has its own quiet handler, the signal waits.
        signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
        try:
            self.pid: int | None = os.fork()
            if self.pid == 0:  # the worker
                _LIVE.clear()
                for signum in _STOP_SIGNALS:
                    signal.signal(signum, _stop_worker)
        finally:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)
        if self.pid == 0:
            os.close(read)
            code = 1
            try:
                with os.fdopen(write, "wb") as out:
                    try:
                        result = fn(*args)
                    except BaseException:  # noqa: BLE001 - reported to the parent, which raises
                        out.write(FAILED + traceback.format_exc().encode("utf-8", "replace"))
                    else:
                        out.write(RESULT)
                        pickle.dump(result, out, protocol=pickle.HIGHEST_PROTOCOL)
                        code = 0
            except BrokenPipeError:
                code = 130  # the parent is gone (interrupted): nothing to report to anyone
            except BaseException:  # noqa: BLE001 - a result that cannot be pickled
                traceback.print_exc()
            finally:
                try:
                    sys.stdout.flush()
                    sys.stderr.flush()
                finally:
                    os._exit(code)  # never run the parent's exit handlers or finally blocks
        os.close(write)
        self._read = read
        self._status: int | None = None  # set once done() saw the worker end
        _LIVE.add(self)

    def done(self) -> bool:
        """Whether the worker has ended, without waiting (``wait`` still reports how)."""
        if self.pid is None or self._status is not None:
            return True
        pid, status = os.waitpid(self.pid, os.WNOHANG)
        if pid:
            self._status = status
        return bool(pid)

    def wait(self):
        """The worker's result (None once waited for)."""
        if self.pid is None:
            return None
        result, failure = None, b""
        with os.fdopen(self._read, "rb") as fh:  # read to the end first: the worker ends only once it has written
            kind = fh.read(1)
            if kind == RESULT:
                try:
                    result = pickle.load(fh)
                except Exception as exc:  # noqa: BLE001 - the worker failed while pickling: its exit code says so
                    failure = f"结果无法传回（{type(exc).__name__}: {exc}），原因见上面工作进程打印的错误。".encode()
            else:
                failure = fh.read()
            fh.read()
        status = self._status if self._status is not None else os.waitpid(self.pid, 0)[1]
        self.pid = None
        _LIVE.discard(self)
        code = os.waitstatus_to_exitcode(status)
        if code in (130, 143, -signal.SIGINT, -signal.SIGTERM) and kind != RESULT:
            # The worker was stopped (Ctrl-C reaches the whole build): so is this process.
            signal.raise_signal(signal.SIGINT)
        if code or kind != RESULT:
            raise WorkerError(f"后台构建步骤失败（退出码 {code}）：\n{failure.decode('utf-8', 'replace')}")
        return result

    def cancel(self) -> None:
        if self.pid is None:
            return
        if self._status is None:
            try:
                os.kill(self.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            os.waitpid(self.pid, 0)
        os.close(self._read)
        self.pid = None
        _LIVE.discard(self)


def _stop_workers() -> None:
    """End this process's workers and wait for them (from a signal handler:
    their pipes are left to the code the signal interrupted)."""
    for worker in list(_LIVE):
        try:
            os.kill(worker.pid, signal.SIGTERM)
            os.waitpid(worker.pid, 0)
        except (OSError, TypeError):  # already ended, or already waited for
            pass


def _stop_worker(signum, frame) -> None:
    """A worker told to stop ends at once and without a word, its own workers with it."""
    _stop_workers()
    os._exit(128 + signum)


def stop_quietly_on_interrupt(message: str) -> None:
    """Ctrl-C in a one-off build: one line, the workers stopped, exit code 130, no traceback."""

    def stop(signum, frame) -> None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C changes nothing
        _stop_workers()
        print(message, file=sys.stderr, flush=True)
        raise SystemExit(130)

    signal.signal(signal.SIGINT, stop)


class Gate:
    """A one-time "go on" from this process to a worker forked after it was
    made: the worker computes what it can, then waits here before it writes."""

    def __init__(self) -> None:
        self._read, self._write = os.pipe()

    def open(self) -> None:
        if self._write is not None:
            os.write(self._write, b"1")
        self.close()

    def close(self) -> None:
        """This process's ends of the pipe (a long ``mkdocs serve`` makes one gate per rebuild)."""
        for fd in (self._read, self._write):
            if fd is not None:
                os.close(fd)
        self._read = self._write = None

    def wait(self) -> None:
        """In the worker. End of file instead means the parent ended without opening it."""
        if self._write is not None:
            os.close(self._write)  # the worker's copy
            self._write = None
        if os.read(self._read, 1) != b"1":
            raise WorkerError("构建进程已经结束，后台步骤不再写出文件。")


BATCH_GC_THRESHOLD = (50_000, 50, 1000)


def batch_gc() -> None:
    """Collect garbage cycles less often, for a one-off build: it makes
    millions of short-lived objects that hold no cycles (token lists, page
    strings), and with Python's default (a young collection every 700
    allocations) collecting took 10.1 CPU-s of a cold 10,000-case build,
    1.8 s with these thresholds (timed with ``gc.callbacks``; peak memory of
    such builds 1,760 to 1,932 MB). Workers forked later inherit the setting."""
    gc.set_threshold(*BATCH_GC_THRESHOLD)


def thaw() -> None:
    """Let the collector see objects frozen by earlier forks again (a long
    ``mkdocs serve`` session forks on every rebuild; frozen cycles would never be freed)."""
    gc.unfreeze()


def split(fn: Callable[[Sequence], object], items: Sequence, workers: int = WORKERS) -> list:
    """``fn`` over ``items`` cut into ``workers`` interleaved shares: all but
    the first in forked processes, the first in this one. Returns the result
    of each share."""
    if workers <= 1 or len(items) < 2 or not available():
        return [fn(items)]
    forked = [Forked(fn, items[k::workers]) for k in range(1, workers)]
    try:
        first = fn(items[0::workers])
    except BaseException:
        for f in forked:
            f.cancel()
        raise
    return [first, *(f.wait() for f in forked)]


STEP = 100  # items between two looks at whether the other core is free


def split_when_free(fn: Callable[[Sequence], None], items: Sequence, busy: Callable[[], bool]) -> None:
    """``fn`` over ``items`` here; once ``busy()`` is false (the second core is
    free, say because a background worker has ended), a forked worker takes
    every other item of what is left. With both cores taken, a second process
    would only add its memory, not speed."""
    done = 0
    while done < len(items) and busy():
        fn(items[done : done + STEP])
        done += STEP
    split(fn, items[done:])
