"""Progress bars (rich, on stderr) for the steps of a build that take more than a second.

Only on a terminal: in CI logs, pipes and tests the output stays exactly the report. A step
becomes visible one second after it started, so quick steps never flicker on screen. The
pipeline reports through `step(...)`, which does nothing unless a command turned bars on
(`showing`), as the build cache is made active for a build.
"""

from __future__ import annotations

import contextlib
import contextvars
import sys
import threading
import time
from typing import Any, Callable, Iterator

SHOW_AFTER_SECONDS = 1.0
LABELS = {
    "validate": {"fr": "Validation des jeux de données", "en": "Validating the packages"},
    "validate-render": {"fr": "Validation et rendu des jeux de données",
                        "en": "Validating and rendering the packages"},
    "compute": {"fr": "Calcul des indicateurs", "en": "Computing the figures"},
    "render": {"fr": "Rendu des pages et des fichiers", "en": "Rendering pages and files"},
    "site": {"fr": "Chapitres, catalogue et API", "en": "Chapters, catalogue and API"},
    "release": {"fr": "Lecture de la version publiée précédente",
                "en": "Reading the previous release"},
    "mkdocs": {"fr": "Construction MkDocs (pages)", "en": "MkDocs build (pages)"},
    "checks": {"fr": "Vérifications du site construit", "en": "Checking the built site"},
}

_ACTIVE: contextvars.ContextVar[Any] = contextvars.ContextVar("tdh_progress", default=None)
_TIMES: contextvars.ContextVar[list[tuple[str, float]] | None] = contextvars.ContextVar(
    "tdh_step_times", default=None)
_INNER: contextvars.ContextVar[list[float] | None] = contextvars.ContextVar(
    "tdh_inner_seconds", default=None)
"""Seconds spent in the steps inside the running step (left out of its own time)."""


def _nothing(advance: int = 1) -> None:
    return None


@contextlib.contextmanager
def step(name: str, total: int | None = None, absorb: bool = False
         ) -> Iterator[Callable[[int], None]]:
    """A step of the build (a key of LABELS); yields `advance(n=1)` to call as parts end.

    A step inside another counts on its own, not in the other's time; with `absorb`, the
    steps inside this one are part of it (no bar, no time of their own).
    """
    start = time.perf_counter()
    outer, inner = _INNER.get(), _INNER.set([0.0])
    try:
        with _bar(name, total) as advance:
            if absorb:
                hidden = (_ACTIVE.set(None), _TIMES.set(None), _INNER.set(None))
                try:
                    yield advance
                finally:
                    _INNER.reset(hidden[2])
                    _TIMES.reset(hidden[1])
                    _ACTIVE.reset(hidden[0])
            else:
                yield advance
    finally:
        seconds = time.perf_counter() - start
        nested = (_INNER.get() or [0.0])[0]
        _INNER.reset(inner)
        if outer is not None:
            outer[0] += seconds
        times = _TIMES.get()
        if times is not None:
            times.append((name, seconds - nested))


@contextlib.contextmanager
def _bar(name: str, total: int | None) -> Iterator[Callable[[int], None]]:
    active = _ACTIVE.get()
    if active is None:
        yield _nothing
        return
    progress, lang = active
    task = progress.add_task(LABELS[name][lang], total=total, visible=False)
    timer = threading.Timer(SHOW_AFTER_SECONDS, progress.update, (task,), {"visible": True})
    timer.daemon = True
    timer.start()
    try:
        yield lambda advance=1: progress.advance(task, advance)
    finally:
        timer.cancel()
        progress.remove_task(task)


@contextlib.contextmanager
def timing() -> Iterator[list[tuple[str, float]]]:
    """Record how long each step run inside the block takes: (step, seconds), in order."""
    times: list[tuple[str, float]] = []
    token = _TIMES.set(times)
    try:
        yield times
    finally:
        _TIMES.reset(token)


def timings_text(times: list[tuple[str, float]], total: float, lang: str) -> str:
    """The steps' durations as lines for the terminal ("Validation …  12.3 s")."""
    width = max(len(LABELS[name][lang]) for name in LABELS)
    lines = [f"{LABELS[name][lang]:<{width}}  {seconds:7.1f} s" for name, seconds in times]
    other = "Autres étapes" if lang == "fr" else "Other steps"
    lines.append(f"{other:<{width}}  {total - sum(s for _, s in times):7.1f} s")
    lines.append(f"{'Total':<{width}}  {total:7.1f} s")
    return "\n".join(lines)


@contextlib.contextmanager
def showing(lang: str, enabled: bool | None = None) -> Iterator[None]:
    """Show the steps run inside the block as progress bars (default: if stderr is a TTY)."""
    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled:
        yield
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                        MofNCompleteColumn(), TimeElapsedColumn(),
                        console=Console(stderr=True), transient=True)
    token = _ACTIVE.set((progress, lang))
    try:
        with progress:
            yield
    finally:
        _ACTIVE.reset(token)
