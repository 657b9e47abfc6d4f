"""The Nu HTML Checker (npm vnu-jar) as a local service that checks pages while MkDocs writes them.

The checker reads about a megabyte of HTML per second and per core. Run after MkDocs, it
doubled the build of a large site; run as its own HTTP service, it takes each page as soon as
MkDocs has rendered it, on the core MkDocs leaves idle. The service is one JVM bound to
127.0.0.1 on a free port; a few threads post pages to it, one request per page. It starts at
the first page that needs checking, so a rebuild whose pages were all checked before starts none.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import threading
import time
import urllib.request
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

START_TIMEOUT = 180.0
START_ATTEMPTS = 3
"""The service is started again on another port when it stops before answering: another
program may have taken the port between our probe and the JVM's bind."""
CHECK_TIMEOUT = 600.0


def checker_jar(root: Path) -> Path | None:
    """npm's vnu-jar under `root`, or None when it or Java is missing."""
    jar = root / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
    return jar if shutil.which("java") is not None and jar.is_file() else None


def service_command(jar: Path, port: int) -> list[str]:
    """The checker's HTTP service on 127.0.0.1:`port`.

    The serial collector keeps the JVM's own work on the cores it checks with, and so does
    the quick compiler alone: the optimising one cost more than it saved (checking 38 MB of
    benchmark pages took 43 CPU-seconds with C1 only, 52 with both; 16 and 27 for 9.5 MB).
    Language detection only gives warnings (dropped: errors only) and is switched off. The
    service refuses documents over 2 MB unless told otherwise. No performance-data file: the
    service is killed at the end (see NuService.close), which would leave one in the
    temporary folder each time.
    """
    return [shutil.which("java") or "java", "-Xss4m", "-XX:+UseSerialGC", "-XX:-UsePerfData",
            "-XX:TieredStopAtLevel=1",
            "-Dnu.validator.checker.enableLangDetection=0",
            "-Dnu.validator.servlet.bind-address=127.0.0.1",
            "-Dnu.validator.servlet.max-file-size=2000000000",
            "-cp", str(jar), "nu.validator.servlet.Main", str(port)]


class CheckerFailed(RuntimeError):
    """The service did not start, stopped, or answered something unreadable."""


class NuService:
    """One checker JVM and the threads that post pages to it."""

    def __init__(self, jar: Path, threads: int | None = None) -> None:
        self.jar = jar
        self._launching = threading.Lock()  # a start on another port, or the close
        self._closed = False
        self._launch()
        self.pool = ThreadPoolExecutor(threads or max(1, os.cpu_count() or 1),
                                       thread_name_prefix="nu-checker")
        self._ready = threading.Event()
        self._starting = threading.Lock()

    def _launch(self) -> None:
        self.port = _free_port()
        self.process = subprocess.Popen([*_launcher(), *service_command(self.jar, self.port)],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def submit(self, body: bytes) -> Future[list[dict[str, Any]]]:
        """The checker's error messages for one HTML document, when they come."""
        return self.pool.submit(self.check, body)

    def check(self, body: bytes) -> list[dict[str, Any]]:
        """The error messages for one HTML document (this thread waits for the answer)."""
        self._wait_until_started()
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}/?out=json&level=error", data=body, method="POST",
            headers={"Content-Type": "text/html; charset=utf-8"})
        try:
            with urllib.request.urlopen(request, timeout=CHECK_TIMEOUT) as answer:
                messages = json.loads(answer.read()).get("messages", [])
        except (OSError, ValueError) as error:
            raise CheckerFailed(f"no readable answer ({error})") from error
        for message in messages:
            if message.get("type") == "non-document-error":
                raise CheckerFailed(str(message.get("message", "unknown error")))
        return messages

    def close(self) -> None:
        """Stop the service; pages not checked yet are dropped."""
        self.pool.shutdown(wait=False, cancel_futures=True)
        with self._launching:  # no start on another port after this
            self._closed = True
            process = self.process
        if process.poll() is None:
            # killed, not asked to stop: it holds nothing to save, and a JVM's orderly exit
            # takes about 0.4 s. Before waiting for the threads: a request in flight, or a
            # wait for the start, then ends at once.
            process.kill()
            process.wait()
        self.pool.shutdown(wait=True)

    def _wait_until_started(self) -> None:
        if self._ready.is_set():
            return
        with self._starting:  # one thread polls, the others wait for it
            deadline = time.monotonic() + START_TIMEOUT
            attempts = 1
            while not self._ready.is_set():
                if self.process.poll() is not None:
                    with self._launching:
                        if attempts < START_ATTEMPTS and not self._closed:
                            attempts += 1
                            self._launch()
                            continue
                    raise CheckerFailed(f"the service stopped (exit {self.process.returncode})")
                if time.monotonic() > deadline:
                    raise CheckerFailed(f"the service did not start in {START_TIMEOUT:.0f} s")
                try:
                    with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                        self._ready.set()
                except OSError:
                    time.sleep(0.1)


def _launcher() -> list[str]:
    """How the service is started: niced (it starts while the build prepares its data and must
    not slow that down) and, with util-linux's setpriv (Linux), stopped when the thread that
    started it ends, so that a killed build leaves no checker running. Both programs exec the
    next one: the service keeps the process the build started, and its exit status."""
    launcher = []
    setpriv = shutil.which("setpriv")
    if setpriv is not None:
        launcher += [setpriv, "--pdeathsig", "TERM"]
    nice = shutil.which("nice")
    if nice is not None:
        launcher += [nice, "-n", "10"]
    return launcher


def _free_port() -> int:
    """A port free now (another program could take it before the JVM does: see
    START_ATTEMPTS)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
