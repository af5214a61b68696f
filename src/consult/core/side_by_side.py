"""A stage's independent parts (one per free-text question) run side by side on several cores.

The part with the most work runs in the calling process; each other part goes to a worker
process, spawned (a fresh interpreter, so safe inside a notebook's kernel) as soon as the pool
opens, so that it has started and imported what it needs while the caller is still busy. The
pool opens only with several parts, several cores, at least :data:`FROM` rows or answers and the
free memory for them; otherwise every part runs here, one after another. Results are the same
either way: the parts share nothing and every fit is seeded.
"""

from __future__ import annotations

import ctypes
import importlib
import math
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")

FROM = 20_000
"""Rows (clean) or answers (themes) from which the parts run side by side: below it, starting
the processes costs more than it saves."""


def free_memory() -> float:
    """Bytes of physical memory free now (infinite where the system does not say)."""
    try:
        return float(os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE"))
    except (ValueError, OSError, AttributeError):
        return math.inf


def cores() -> int:
    """The cores this process may use."""
    return os.cpu_count() or 1


@contextmanager
def pool(parts: int, size: int, bytes_per_unit: int, warm: str) -> Iterator[ProcessPoolExecutor | None]:
    """Worker processes for all but one of ``parts``, each importing module ``warm`` at once; ``None``
    when the parts should run here: one part or core, ``size`` under :data:`FROM`, or less free
    memory than ``size * bytes_per_unit``."""
    workers = min(parts, cores()) - 1
    if workers < 1 or size < FROM or size * bytes_per_unit > free_memory():
        yield None
        return
    executor = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"), initializer=_worker_start)
    try:
        for _ in range(workers):
            executor.submit(importlib.import_module, warm)
        yield executor
    except BaseException:  # interrupted or failed: stop the workers now rather than wait for their parts
        for process in list((getattr(executor, "_processes", None) or {}).values()):
            process.terminate()
        executor.shutdown(wait=False, cancel_futures=True)
        raise
    executor.shutdown(wait=True)


def _worker_start() -> None:
    """In each worker: leave Ctrl-C to the parent (which stops the workers, without a traceback from each), and
    on Linux die with the parent, so that a killed kernel leaves no worker behind."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
        except (OSError, AttributeError):
            pass  # without prctl the worker still ends when its parent's pipes close


_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def each(function: Callable[..., T], jobs: Sequence[tuple], sizes: Sequence[int],
         executor: ProcessPoolExecutor | None) -> list[T]:
    """``function(*job)`` for each job, in order: the largest (by ``sizes``) here, the others on
    ``executor`` meanwhile (all here, in order, when it is ``None``)."""
    if executor is None or len(jobs) < 2:
        return [function(*job) for job in jobs]
    here = max(range(len(jobs)), key=lambda i: (sizes[i], -i))
    away = {i: executor.submit(function, *job) for i, job in enumerate(jobs) if i != here}
    mine = function(*jobs[here])
    return [mine if i == here else away[i].result() for i in range(len(jobs))]
