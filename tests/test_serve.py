"""`tdh serve`: an edit under datapackages/ reaches the preview; a bad edit is reported
(file, row, field) and the preview keeps the last good site until the data is fixed."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import simple_descriptor

pytestmark = pytest.mark.slow
TDH = Path(sys.executable).with_name("tdh")
CSV = "id,label,value\n1,premier libellé,1.5\n2,second,2.5\n"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(condition, timeout: float = 90) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


@pytest.fixture
def preview(project: Path, make_package):
    make_package(simple_descriptor("essai"), {"data.csv": CSV}, name="essai",
                 parent=project / "datapackages")
    port = free_port()
    process = subprocess.Popen([str(TDH), "serve", "--dev-addr", f"127.0.0.1:{port}"],
                               cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True, env={**os.environ, "NO_COLOR": "1"})
    log: list[str] = []
    threading.Thread(target=lambda: log.extend(process.stdout), daemon=True).start()
    url = f"http://127.0.0.1:{port}/donnees/essai/"
    try:
        assert wait_for(lambda: "premier libellé" in fetch(url)), "".join(log)
        yield project, url, log
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_an_edit_reaches_the_preview(preview) -> None:
    project, url, log = preview
    csv = project / "datapackages" / "essai" / "data.csv"
    csv.write_text(CSV.replace("premier libellé", "libellé corrigé"), encoding="utf-8")
    assert wait_for(lambda: "libellé corrigé" in fetch(url)), "".join(log)
    assert (project / ".tdh-cache").is_dir()


def test_a_bad_edit_is_reported_and_the_preview_keeps_the_last_good_site(preview) -> None:
    project, url, log = preview
    csv = project / "datapackages" / "essai" / "data.csv"
    csv.write_text(CSV.replace("2.5", "deux") .replace("premier libellé", "cassé"),
                   encoding="utf-8")
    assert wait_for(lambda: "[type-error]" in "".join(log)), "".join(log)
    text = "".join(log)
    assert "datapackages/essai/data.csv, ligne 3" in text and "value" in text
    assert "dernière version valide" in text and "last valid data" in text
    assert "premier libellé" in fetch(url)
    csv.write_text(CSV.replace("premier libellé", "réparé"), encoding="utf-8")
    assert wait_for(lambda: "réparé" in fetch(url)), "".join(log)
