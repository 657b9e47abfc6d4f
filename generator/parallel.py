"""Per-package work shared among worker processes, one per core, for large builds.

Python runs one thread at a time, so a build of many packages validates and renders them in
worker processes. Workers are spawned, not forked: vl-convert's JavaScript runtime runs
threads that a fork would copy in an unknown state. A worker costs about two seconds of
imports, so builds of fewer than MIN_ITEMS packages to do stay in this process. Results come
back in the order of the work, so the output is the same with or without workers.

TDH_WORKERS sets the number of workers (1: none).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
MIN_ITEMS = 8
MAX_WORKERS = 4


def workers() -> int:
    """How many worker processes a large build uses."""
    wanted = os.environ.get("TDH_WORKERS", "")
    if wanted.isdigit():
        return max(1, int(wanted))
    return max(1, min(os.cpu_count() or 1, MAX_WORKERS))


def in_workers(calls: int) -> bool:
    """Whether run_all makes this many calls in worker processes (else in this one)."""
    return min(workers(), calls) >= 2 and calls >= MIN_ITEMS


def run_all(function: Callable[..., T], calls: Sequence[tuple[Any, ...]],
            advance: Callable[[], Any] = lambda: None) -> list[T]:
    """[function(*args) for args in calls], in worker processes when there are enough calls;
    `advance()` after each one ends (in order). An exception in a call is raised here."""
    count = min(workers(), len(calls))
    if not in_workers(len(calls)):
        results = []
        for args in calls:
            results.append(function(*args))
            advance()
        return results
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    with ProcessPoolExecutor(count, mp_context=get_context("spawn")) as pool:
        futures = [pool.submit(function, *args) for args in calls]
        results = []
        try:
            for future in futures:
                results.append(future.result())
                advance()
        except BaseException:
            for future in futures:
                future.cancel()
            raise
    return results
