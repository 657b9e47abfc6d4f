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
from typing import Any, Callable, Iterator

SHOW_AFTER_SECONDS = 1.0
LABELS = {
    "validate": {"fr": "Validation des jeux de données", "en": "Validating the packages"},
    "compute": {"fr": "Calcul des indicateurs", "en": "Computing the figures"},
    "render": {"fr": "Rendu des pages et des fichiers", "en": "Rendering pages and files"},
    "mkdocs": {"fr": "Construction MkDocs (pages)", "en": "MkDocs build (pages)"},
    "checks": {"fr": "Vérifications du site construit", "en": "Checking the built site"},
}

_ACTIVE: contextvars.ContextVar[Any] = contextvars.ContextVar("tdh_progress", default=None)


def _nothing(advance: int = 1) -> None:
    return None


@contextlib.contextmanager
def step(name: str, total: int | None = None) -> Iterator[Callable[[int], None]]:
    """A step of the build (a key of LABELS); yields `advance(n=1)` to call as parts end."""
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
