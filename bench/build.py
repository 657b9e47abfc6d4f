"""Build measurements through the CLI only: `<repo>/.venv/bin/tdh build` run in a project folder.

Nothing here imports the generator: each build is a fresh `tdh build` process with
cwd = the project folder (it reads `mkdocs.yml` there), so its caches (`.tdh-cache/`) and its
peak memory are its own.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
TDH = ROOT / ".venv" / "bin" / "tdh"
TIME = Path("/usr/bin/time")
EPOCH = "1700000000"
TIMEOUT = 900
CACHE = ".tdh-cache"
GENERATED = {"donnees", "budget-climat", "budget-vert", "indicateurs", "energie", "participation",
             "qualite", "changements", "index.md", "index.en.md", "vendor"}


def make_project(target: Path) -> Path:
    """A fresh copy of the site configuration in `target` (emptied first), empty datapackages/.

    The same as tests/conftest.py `make_project`: mkdocs.yml, docs/ without the generated
    folders, node_modules symlinked.
    """
    if target.is_symlink() or target.is_file():
        target.unlink()
    elif target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    docs = ROOT / "docs"

    def ignore(folder: str, names: list[str]) -> set[str]:
        top_level = Path(folder) in (docs, docs / "assets")
        return {n for n in names if n in GENERATED} if top_level else set()

    shutil.copytree(docs, target / "docs", ignore=ignore)
    (target / "node_modules").symlink_to(ROOT / "node_modules")
    (target / "datapackages").mkdir()
    return target


@dataclass
class Build:
    """One `tdh build`: its status ("ok", "failed", "timeout"), wall time, peak RSS, output."""

    status: str
    seconds: float
    peak_mb: float | None
    output: str

    @property
    def steps(self) -> dict[str, float]:
        """Seconds per step, from `tdh build --timings` (English labels)."""
        found = {}
        for line in self.output.splitlines():
            match = re.fullmatch(r"(\S.*?)\s{2,}(\d+\.\d) s", line.strip())
            if match:
                found[match.group(1)] = float(match.group(2))
        return found

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    def tail(self, lines: int = 25) -> str:
        return "\n".join(self.output.rstrip().splitlines()[-lines:])


def _environment(project: Path) -> dict[str, str]:
    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH, NO_MKDOCS_2_WARNING="1")
    # The bench folders sit inside this repository: keep git (release history) from finding it,
    # as a project in a temporary folder would not.
    env["GIT_CEILING_DIRECTORIES"] = str(project.parent.resolve())
    env.pop("TDH_RELEASE", None)
    env.pop("MIKE_DOCS_VERSION", None)
    return env


def tdh_build(project: Path, label: str, timeout: float = TIMEOUT) -> Build:
    """Run `tdh build` in `project` in its own process group; time it and read its peak RSS.

    Peak RSS comes from GNU time (`/usr/bin/time -v`, the child's own maximum resident set)
    when present, else from getrusage(RUSAGE_CHILDREN), which is the largest of all children
    this process has waited for so far (an upper bound).
    """
    import resource

    log = project / f"tdh-build-{label}.log"
    with tempfile.NamedTemporaryFile("r", suffix=".time", delete=False) as handle:
        time_file = Path(handle.name)
    command = [str(TDH), "build", "--timings", "--lang", "en"]
    if TIME.is_file():
        command = [str(TIME), "-v", "-o", str(time_file), *command]
    start = time.perf_counter()
    killed_peak = None
    with open(log, "w+b") as out:
        child = subprocess.Popen(command, cwd=project, env=_environment(project), stdout=out,
                                 stderr=subprocess.STDOUT, start_new_session=True)
        try:
            code = child.wait(timeout=timeout)
            status = "ok" if code == 0 else "failed"
        except subprocess.TimeoutExpired:
            killed_peak = _group_peak_mb(child.pid)
            os.killpg(child.pid, signal.SIGKILL)  # the group we started: time, tdh and below
            child.wait()
            status = "timeout"
        seconds = time.perf_counter() - start
        out.seek(0)
        output = out.read().decode("utf-8", "replace")
    peak_mb = None
    if TIME.is_file():
        match = re.search(r"Maximum resident set size \(kbytes\): (\d+)",
                          time_file.read_text(errors="replace"))
        peak_mb = int(match.group(1)) / 1024 if match and status != "timeout" else None
    elif status != "timeout":
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    if status == "timeout":
        peak_mb = killed_peak  # so far: a lower bound of what the whole build would need
    time_file.unlink(missing_ok=True)
    return Build(status, seconds, peak_mb, output)


def _group_peak_mb(group: int) -> float | None:
    """The largest VmHWM (peak resident set) among the live processes of a process group."""
    peaks = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[2]) != group:  # after "pid (comm)": state, ppid, pgrp
                continue
            status = (stat.parent / "status").read_text()
        except (OSError, IndexError, ValueError):
            continue
        match = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
        if match:
            peaks.append(int(match.group(1)) / 1024)
    return max(peaks, default=None)


def code_state() -> str:
    """A hash of the generator's sources: tdh's cache keys include its code, so an edit of
    generator/ during a series of builds makes the later ones cache misses."""
    import hashlib

    digest = hashlib.sha256()
    for path in sorted((ROOT / "generator").rglob("*")):
        if path.suffix in {".py", ".j2", ".json", ".js", ".css"} and path.is_file():
            digest.update(str(path.relative_to(ROOT)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _flag_code_change(before: str, rows: list[dict[str, Any]]) -> None:
    if code_state() != before:
        note = "generator/ changed during these builds: the rebuilds may have missed the cache"
        print(f"\n*** warning: {note}\n", flush=True)
        for row in rows:
            row["warning"] = note
            row["case"] += " [code changed]"


def clear_cache(project: Path) -> None:
    shutil.rmtree(project / CACHE, ignore_errors=True)


def bump_number(path: Path, column: str, row: int = 1) -> tuple[str, str]:
    """Add 1 to the `column` cell of data row `row` of a CSV file; the file stays valid.

    Only that line is rewritten (with the csv module); returns the old and the new value.
    """
    raw = path.read_bytes().decode("utf-8")
    lines = raw.splitlines(keepends=True)
    header = next(csv.reader([lines[0]]))
    index = header.index(column)
    line = lines[row]
    ending = line[len(line.rstrip("\r\n")):]
    cells = next(csv.reader([line]))
    old = cells[index]
    new = str(int(old) + 1) if re.fullmatch(r"-?\d+", old) else repr(round(float(old) + 1, 6))
    cells[index] = new
    text = io.StringIO()
    csv.writer(text, lineterminator="").writerow(cells)
    lines[row] = text.getvalue() + ending
    path.write_bytes("".join(lines).encode("utf-8"))
    return old, new


# --- page weight ---------------------------------------------------------------------------

COMPRESSED = {".html", ".htm", ".css", ".js", ".mjs", ".json", ".svg", ".xml", ".txt", ".map",
              ".csv", ".ttf", ".otf", ".eot", ".ico"}
CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""")


class _References(HTMLParser):
    """Scripts, stylesheets, images (and icons) a page references, plus its inline CSS."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self.images: list[str] = []
        self.inline_css: list[str] = []
        self.specs: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        rel = a.get("rel", "").lower().split()
        if tag == "script" and a.get("src"):
            self.scripts.append(a["src"])
        elif tag == "link" and "stylesheet" in rel and a.get("href"):
            self.styles.append(a["href"])
        elif tag == "link" and ("modulepreload" in rel or (
                "preload" in rel and a.get("as") == "script")) and a.get("href"):
            self.scripts.append(a["href"])
        elif tag == "link" and "icon" in rel and a.get("href"):
            self.images.append(a["href"])
        elif tag == "img" and a.get("src"):
            self.images.append(a["src"])
        elif tag == "style":
            self._in_style = True
        if a.get("data-tdh-vega"):
            self.specs.append(a["data-tdh-vega"])
        if a.get("style"):
            self.inline_css.append(a["style"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.inline_css.append(data)


def _local(site: Path, base: Path, reference: str, host: str | None) -> Path | None:
    """The file of a same-site reference, relative to `base` (a folder), else None."""
    parts = urlsplit(reference)
    if parts.scheme in ("data", "blob", "javascript", "mailto"):
        return None
    if parts.scheme or parts.netloc:
        if parts.netloc != host:
            return None
        target = site / unquote(parts.path).lstrip("/")
    elif parts.path.startswith("/"):
        target = site / unquote(parts.path).lstrip("/")
    elif not parts.path:
        return None
    else:
        target = base / unquote(parts.path)
    target = Path(os.path.normpath(target))
    if target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None


def _gzip_size(path: Path, data: bytes) -> int:
    """What a web server sends: text gzipped at level 6; images and woff/woff2 as they are."""
    if path.suffix.lower() in COMPRESSED:
        return len(gzip.compress(data, compresslevel=6, mtime=0))
    return len(data)


def page_weight(site: Path, page: str, site_url: str | None = None) -> dict[str, Any]:
    """Transferred size of a page: its HTML and each same-site script, stylesheet, image and font.

    Fonts and images referenced by `url(...)` (and `@import`) in those stylesheets are
    followed. Each file is counted once; gzip is per file, level 6.
    """
    host = urlsplit(site_url).netloc if site_url else None
    html_path = site / page
    parser = _References()
    parser.feed(html_path.read_text(encoding="utf-8"))
    files: dict[Path, str] = {html_path: "html"}
    missing: list[str] = []
    for kind, references in (("script", parser.scripts), ("stylesheet", parser.styles),
                             ("image", parser.images)):
        for reference in references:
            target = _local(site, html_path.parent, reference, host)
            if target is not None:
                files.setdefault(target, kind)
            elif not urlsplit(reference).scheme:
                missing.append(reference)
    css_queue = [p for p, k in files.items() if k == "stylesheet"]
    inline = [(html_path.parent, text) for text in parser.inline_css]
    while css_queue or inline:
        if css_queue:
            sheet = css_queue.pop()
            base, text = sheet.parent, sheet.read_text(encoding="utf-8", errors="replace")
        else:
            base, text = inline.pop()
        for match in CSS_URL.finditer(text):
            reference = (match.group(2) or match.group(4) or "").strip()
            target = _local(site, base, reference, host)
            if target is None or target in files:
                continue
            kind = "stylesheet" if target.suffix == ".css" else (
                "font" if target.suffix.lower() in {".woff", ".woff2", ".ttf", ".otf", ".eot"}
                else "image")
            files[target] = kind
            if kind == "stylesheet":
                css_queue.append(target)
    raw = gz = 0
    for path in files:
        data = path.read_bytes()
        raw += len(data)
        gz += _gzip_size(path, data)
    vega = sorted(str(p.relative_to(site)) for p, kind in files.items()
                  if kind == "script" and "vega" in p.name.lower())
    # Not counted above: the Vega specs tdh-charts.js fetches for each [data-tdh-vega] chart.
    specs = {t for t in (_local(site, html_path.parent, r, host) for r in parser.specs) if t}
    spec_raw = sum(len(p.read_bytes()) for p in specs)
    spec_gz = sum(_gzip_size(p, p.read_bytes()) for p in specs)
    return {"page": page, "files": len(files), "raw_bytes": raw, "gzip_bytes": gz,
            "raw_kb": round(raw / 1024, 1), "gzip_kb": round(gz / 1024, 1),
            "vega_scripts": vega, "charts": len(parser.specs),
            "by_kind": {k: sum(1 for v in files.values() if v == k)
                        for k in sorted(set(files.values()))},
            "fetched_specs_raw_kb": round(spec_raw / 1024, 1),
            "fetched_specs_gzip_kb": round(spec_gz / 1024, 1), "unresolved": missing}


# --- the cases -------------------------------------------------------------------------------


def build_row(case: str, build: Build | None, target: str = "info", limit: float | None = None,
              ratio: float | None = None) -> dict[str, Any]:
    """A table row (the keys of run.py's rows) for one build; a failed build misses its target.

    `build` None: not run (an earlier build of the case failed or timed out).
    """
    if build is None:
        return {"case": case, "ours_s": "skipped", "frictionless_s": None, "ratio": None,
                "peak_mb": None, "target": target, "met": None, "status": "skipped"}
    row: dict[str, Any] = {
        "case": case, "ours_s": round(build.seconds, 2) if build.ok else build.status,
        "frictionless_s": None, "ratio": ratio if build.ok else None,
        "peak_mb": round(build.peak_mb) if build.peak_mb is not None else None,
        "target": target, "met": None, "status": build.status}
    if not build.ok:
        row["met"] = False
        if build.status == "timeout" and build.peak_mb is not None:
            row["peak_mb_note"] = "peak RSS when killed at the timeout (a lower bound)"
        row["error"] = build.tail()
        print(f"\n*** tdh build {build.status} ({case.strip()}) after {build.seconds:.0f} s:\n"
              f"{build.tail()}\n", flush=True)
    elif limit is not None:
        row["met"] = build.seconds < limit
    if build.ok and build.steps:
        row["steps"] = build.steps
    return row


def _speedup(reference: Build, build: Build) -> float | None:
    return round(reference.seconds / build.seconds, 1) if reference.ok and build.ok else None


def demo_project(out: Path) -> Path:
    """A fresh project folder holding a copy of the demo packages (datapackages/*)."""
    project = make_project(out / "build-demo")
    for source in sorted((ROOT / "datapackages").iterdir()):
        if (source / "datapackage.json").is_file():
            shutil.copytree(source, project / "datapackages" / source.name)
    return project


DEMO_EDIT = ("issy-indicateurs", "observations.csv", "value")


def demo_build(out: Path) -> tuple[list[dict[str, Any]], Path]:
    """(d) The demo site: cold build, warm rebuild, rebuild after editing one CSV value."""
    project = demo_project(out)
    clear_cache(project)
    before = code_state()
    cold = tdh_build(project, "cold")
    warm = tdh_build(project, "warm") if cold.ok else None
    package, name, column = DEMO_EDIT
    old, new = bump_number(project / "datapackages" / package / name, column)
    edited = tdh_build(project, "edit") if cold.ok else None
    rows = [build_row("demo site (5 packages): cold build, no .tdh-cache", cold),
            build_row("  the same, warm rebuild, nothing changed (ratio = cold / warm)", warm,
                      ratio=_speedup(cold, warm) if warm else None),
            build_row("  the same, after one CSV edit (ratio = cold / this)", edited,
                      ratio=_speedup(cold, edited) if edited else None)]
    rows[2]["edit"] = f"{package}/{name}: {column} {old} -> {new} (first data row)"
    _flag_code_change(before, rows)
    return rows, project


BUDGET_S = 60


def many_packages(out: Path, packages: int, resources: int, rows: int) -> list[dict[str, Any]]:
    """(e) A clean build of many generated packages, then a rebuild after one CSV edit."""
    from bench.data import generated_packages

    project = make_project(out / f"build-{packages}x{resources}x{rows}")
    start = time.perf_counter()
    folders = generated_packages(project / "datapackages", packages, resources, rows)
    generated = time.perf_counter() - start
    clear_cache(project)
    before = code_state()
    clean = tdh_build(project, "clean")
    label = f"{packages} packages x {resources} resources x {rows:,} rows"
    row = build_row(f"{label}: clean build (ratio = s / {BUDGET_S} s)", clean,
                    target=f"< {BUDGET_S} s", limit=BUDGET_S,
                    ratio=round(clean.seconds / BUDGET_S, 2))
    row["generation_s"] = round(generated, 1)
    edited = None
    if clean.ok:
        first = json_resources(folders[0])[0]
        bump_number(folders[0] / first, "valeur")
        edited = tdh_build(project, "edit")
    again = build_row("  the same, after one CSV edit (ratio = clean / this)", edited,
                      ratio=_speedup(clean, edited) if edited else None)
    result = [row, again]
    if edited is not None and edited.ok:
        result += _after_a_release(project, folders[1], clean)
    _flag_code_change(before, result)
    return result


def _after_a_release(project: Path, folder: Path, clean: Build) -> list[dict[str, Any]]:
    """The same project as a city's repository once it has published: committed, tagged
    1.0.0; a build (every package compared with the release for the changes page), then a
    rebuild after one CSV edit. The repository is removed afterwards."""
    git = [shutil.which("git") or "git", "-c", "user.name=bench", "-c", "user.email=bench@tdh"]
    (project / ".gitignore").write_text("site/\n.tdh-cache/\nnode_modules\n*.log\n")
    try:
        for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "Data"],
                     ["tag", "-a", "1.0.0", "-m", "Release 1.0.0"]):
            subprocess.run([*git, *args], cwd=project, env=_environment(project), check=True,
                           capture_output=True)
        tagged = tdh_build(project, "release")
        edited = None
        if tagged.ok:
            bump_number(folder / json_resources(folder)[0], "valeur")
            edited = tdh_build(project, "release-edit")
    finally:
        shutil.rmtree(project / ".git", ignore_errors=True)
        (project / ".gitignore").unlink(missing_ok=True)
    return [build_row("  the same with a release tag in git, first build (changes page)",
                      tagged, ratio=_speedup(clean, tagged)),
            build_row("  the same, after one CSV edit (ratio = clean / this)", edited,
                      ratio=_speedup(clean, edited) if edited else None)]


def json_resources(folder: Path) -> list[str]:
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    return [r["path"] for r in descriptor["resources"]]


CHART_PAGE = "budget-climat/index.html"
PLAIN_PAGES = ("qualite/index.html", "donnees/index.html")


def page_weights(project: Path) -> list[dict[str, Any]]:
    """(f) Transferred size of a chart page and of a page without charts, in the demo site."""
    site = project / "site"
    with open(project / "mkdocs.yml", encoding="utf-8") as handle:
        site_url = re.search(r"^site_url:\s*(\S+)", handle.read(), re.MULTILINE)
    url = site_url.group(1) if site_url else None
    chart = page_weight(site, CHART_PAGE, url)
    plain = next((w for w in (page_weight(site, p, url) for p in PLAIN_PAGES) if not w["charts"]),
                 None)
    rows = []
    for weight, what in ((chart, "chart page"), (plain, "page without charts")):
        if weight is None:
            rows.append({"case": f"page weight, {what}: none of {', '.join(PLAIN_PAGES)}",
                         "ours_s": None, "frictionless_s": None, "ratio": None, "peak_mb": None,
                         "target": "no vega script", "met": False})
            continue
        vega = "loads vega" if weight["vega_scripts"] else "no vega"
        case = (f"page weight, {what} {weight['page'].removesuffix('index.html')}: "
                f"{weight['raw_kb']} KB raw, {weight['gzip_kb']} KB gzip, {vega}")
        row = {"case": case, "ours_s": None, "frictionless_s": None, "ratio": None,
               "peak_mb": None, "target": "info" if what == "chart page" else "no vega script",
               "met": None if what == "chart page" else not weight["vega_scripts"], **weight}
        rows.append(row)
    return rows
