"""(g) `tdh serve` on the demo site: seconds from saving a CSV edit to the page showing it.

A real `tdh serve` subprocess in a fresh copy of the demo project; after its first build, one
value of issy-indicateurs/observations.csv is changed several times. Like a browser, the
harness waits on MkDocs' live-reload long poll (`/livereload/<epoch>/<id>`, answered when a
rebuild is visible), then fetches the indicator page once and checks that it changed. (Polling
the page itself many times a second would slow the server it measures.)
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


RELOAD_SCRIPT = re.compile(r"livereload\((\d+),\s*(\d+)\)")


def _epoch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            found = RELOAD_SCRIPT.search(response.read().decode("utf-8"))
    except OSError:
        return None
    return f"{found.group(1)}/{found.group(2)}" if found else None


def _until_changed(url: str, base: str, epoch: str, before: str, start: float,
                   timeout: float = 120) -> float | None:
    """Wait like the browser's live-reload script, then check the page once per reload."""
    while time.perf_counter() - start < timeout:
        try:
            with urllib.request.urlopen(f"{base}/livereload/{epoch}", timeout=70) as response:
                visible = response.read().decode().strip()
        except OSError:
            return None
        now = _page(url)
        if now and now != before:
            return time.perf_counter() - start
        epoch = f"{visible}/{epoch.split('/')[1]}"
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
        base = f"http://127.0.0.1:{port}"
        for _ in range(EDITS):
            time.sleep(3)  # let the watcher and the previous rebuild settle
            before, epoch = _page(url), _epoch(url)
            if epoch is None:
                timings.append(None)
                continue
            start = time.perf_counter()
            bump_number(csv, "value")
            timings.append(_until_changed(url, base, epoch, before, start))
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
