"""(g) `tdh serve` on the demo site: seconds from saving a CSV edit to the page showing it.

A real `tdh serve` subprocess in a fresh copy of the demo project; after its first build, one
value of issy-indicateurs/observations.csv is changed several times, and the indicator page
is polled over HTTP (without MkDocs' per-request live-reload script) until its content changes.
"""

from __future__ import annotations

import re
import socket
import statistics
import subprocess
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

from bench.build import ROOT, _environment, bump_number, demo_project

PAGE = "indicateurs/politiques-dataviz/"
EDITS = 5
TARGET_S = 2.0
LIVERELOAD = re.compile(r"livereload\([^)]*\)")


def _port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _page(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return LIVERELOAD.sub("", response.read().decode("utf-8"))
    except OSError:
        return ""


def _until_changed(url: str, before: str, timeout: float = 120) -> float | None:
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        now = _page(url)
        if now and now != before:
            return time.perf_counter() - start
        time.sleep(0.02)
    return None


def serve_rebuild(out: Path) -> list[dict[str, Any]]:
    """Median and worst edit-to-page time over EDITS edits (after a first, cold build)."""
    project = demo_project(out)
    port = _port()
    process = subprocess.Popen([str(ROOT / ".venv" / "bin" / "tdh"), "serve", "--dev-addr",
                                f"127.0.0.1:{port}"], cwd=project, env=_environment(project),
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    threading.Thread(target=lambda: list(process.stdout or ()), daemon=True).start()
    url = f"http://127.0.0.1:{port}/{PAGE}"
    timings: list[float | None] = []
    try:
        start = time.perf_counter()
        while not _page(url) and time.perf_counter() - start < 600:
            time.sleep(0.5)
        first = time.perf_counter() - start
        csv = project / "datapackages" / "issy-indicateurs" / "observations.csv"
        for _ in range(EDITS):
            time.sleep(3)  # let the watcher and the previous rebuild settle
            before = _page(url)
            bump_number(csv, "value")
            timings.append(_until_changed(url, before))
    finally:
        process.terminate()
        process.wait(timeout=30)
    done = [t for t in timings if t is not None]
    median = round(statistics.median(done), 2) if done else None
    return [
        {"case": f"tdh serve, demo site: first build {first:.1f} s, then {EDITS} edits "
                 f"(edit -> page shows it; median)", "ours_s": median,
         "frictionless_s": None, "ratio": None, "peak_mb": None,
         "target": f"< {TARGET_S} s", "met": median is not None and median < TARGET_S,
         "edits_s": [round(t, 2) if t is not None else "timeout" for t in timings]},
    ]
