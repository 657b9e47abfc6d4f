"""Hostile input through the real CLI: exit code, codes, bilingual messages, nothing written.

Every case of tests/hostile/cases.py goes through `tdh validate` (JSON and text); a
representative subset also through `tdh build` next to a site that must stay byte-identical.
The valid hostile cases are published once, and the built files are checked for escaping.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import shutil
import socket
import time
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner, Result

from generator.cli import cli
from generator.load import load_packages
from generator.validate import validate_packages
from tests.conftest import make_project
from tests.hostile.cases import BY_NAME, CASES, SCRIPT, XSS_CELLS, Case

SECONDS_PER_RUN = 20
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")
RAW_MARKUP = ("<script>alert", "<img src=x onerror", "<svg onload", "<b>gras</b>",
              "<b>Titre</b>", 'href="javascript:', 'src="javascript:')


def invoke(*args: str) -> Result:
    """Run `tdh …` in-process, as a user would (exceptions are caught by Click)."""
    return CliRunner().invoke(cli, list(args))


def assert_no_traceback(result: Result) -> None:
    """The command ended by sys.exit, not by an exception, and printed no traceback."""
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        repr(result.exception))
    assert "Traceback" not in result.output


def write_config(folder: Path, max_file_bytes: int | None) -> Path:
    """A minimal mkdocs.yml with the tdh plugin's limits (all `tdh validate` reads of it)."""
    folder.mkdir(parents=True, exist_ok=True)
    options = f"\n      max_file_bytes: {max_file_bytes}" if max_file_bytes else " {}"
    config = folder / "mkdocs.yml"
    config.write_text(f"site_name: hostile\nplugins:\n  - tdh:{options}\n", encoding="utf-8")
    return config


def tree_digest(folder: Path) -> dict[str, str]:
    """Relative path -> SHA-256 of every file under `folder`."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def leftovers(project: Path) -> list[str]:
    """Temporary build or swap folders left beside the site."""
    return [p.name for p in project.iterdir() if p.name.startswith(".site.")]


def all_issues(report: dict[str, Any]) -> list[dict[str, Any]]:
    return [issue for package in report["packages"] for issue in package["issues"]]


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Every attempt to resolve or reach a host (the build must read nothing remote)."""
    attempts: list[Any] = []

    def refuse(*args: Any, **kwargs: Any) -> Any:
        attempts.append(args[1:] if args and isinstance(args[0], socket.socket) else args)
        raise OSError("network disabled by the hostile tests")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return attempts


def test_the_network_guard_sees_attempts(no_network: list[Any]) -> None:
    """The guard used on every case records (and blocks) a connection attempt."""
    with pytest.raises(OSError):
        socket.create_connection(("example.org", 443), timeout=1)
    assert no_network


def check_messages(case: Case, issues: list[dict[str, Any]]) -> None:
    """Both languages present, different, and naming the package folder and the file."""
    for issue in issues:
        path = issue["path"]
        assert path, issue
        assert any(part.startswith(case.name) for part in Path(path).parts), path
        for lang in ("fr", "en"):
            assert issue["message"][lang].strip(), issue
            assert path in issue["message"][lang], (lang, issue)
        assert issue["message"]["fr"] != issue["message"]["en"]
        if case.file and issue["severity"] == "error":
            assert Path(path).name == case.file, issue
    if case.says:
        fr, en = case.says
        assert any(fr in i["message"]["fr"] and en in i["message"]["en"] for i in issues), (
            case.says, [i["message"] for i in issues])


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_validate_outcome(case: Case, tmp_path: Path, no_network: list[Any]) -> None:
    """Exit code, exactly the expected errors, bilingual messages naming the files."""
    parent = tmp_path / "datapackages"
    parent.mkdir()
    try:
        target = case.make(parent)
        config = str(write_config(tmp_path / "config", case.max_file_bytes))
        start = time.perf_counter()
        result = invoke("validate", "--format", "json", "--config-file", config, str(target))
        elapsed = time.perf_counter() - start
        assert_no_traceback(result)
        assert result.exit_code == case.exit_code, result.output[-3000:]
        report = json.loads(result.stdout)
        issues = all_issues(report)
        assert {i["code"] for i in issues if i["severity"] == "error"} == case.errors
        assert case.warnings <= {i["code"] for i in issues if i["severity"] == "warning"}
        assert report["valid"] is (not case.errors)
        check_messages(case, issues)

        text = invoke("validate", "--lang", "en", "--config-file", config, str(target))
        assert_no_traceback(text)
        assert text.exit_code == case.exit_code
        for code in case.errors | case.warnings:
            assert f"[{code}]" in text.output
        assert not RAW_CONTROL.search(text.output), "a control character reached the terminal"
        assert elapsed < SECONDS_PER_RUN, f"{case.name}: tdh validate took {elapsed:.1f} s"
        assert no_network == []
    finally:
        if case.big:
            shutil.rmtree(parent, ignore_errors=True)


def test_the_corpus_covers_issue_10() -> None:
    """At least 25 cases, every item of the issue's list covered."""
    assert len(CASES) >= 25
    covered = {case.covers for case in CASES}
    for item in ("descriptor not JSON", "a YAML descriptor", "no resources",
                 "duplicate package names", "a resource path with ../", "an absolute path",
                 "a symlink pointing outside the package", "a URL path (no network read)",
                 "a URL schema (no network read)", "a missing file", "an empty file",
                 "a binary file declared as CSV", "a wrong declared encoding",
                 "undeclared windows-1252", "a BOM", "; and decimal commas without a dialect",
                 "CRLF", "a 100 MB single line", "a header with a million columns",
                 "a zip bomb as a zipped resource", "deeply nested JSON",
                 "a kind missing a required resource", "formula-like cells",
                 "huge numbers, NaN and Infinity", "dates out of range"):
        assert item in covered, item
    assert any(case.covers.startswith("HTML and <script>") for case in CASES)
    assert sum(case.build_check for case in CASES) >= 6


KIND_CHART_SCRIPT = r"""
import csv, io, shutil, sys
from pathlib import Path
from generator.build import prepare_site
from generator.settings import load_settings
from tests.conftest import ROOT, make_project
project = make_project(Path(sys.argv[1]))
folder = project / "datapackages" / "energy"
shutil.copytree(ROOT / "datapackages" / "issy-energie-batiments", folder)
path = folder / "buildings.csv"
rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
column = rows[0].index("name")
for row in rows[1:]:
    row[column] += "\x1b[31m"
out = io.StringIO()
csv.writer(out, lineterminator="\n").writerows(rows)
path.write_text(out.getvalue(), encoding="utf-8")
prepared = prepare_site(load_settings(project / "mkdocs.yml"))
assert prepared.report.valid and prepared.pages
"""


def test_control_characters_in_a_kind_chart_do_not_abort(tmp_path: Path) -> None:
    """In a subprocess (an abort would kill pytest): a valid kind package with ESC renders."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", KIND_CHART_SCRIPT, str(tmp_path / "project")],
                          cwd=Path(__file__).resolve().parents[2], capture_output=True,
                          text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-2000:]


def test_archives_are_never_expanded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The zip guard reads the directory only; the gzip guard stops at the size limit."""
    opened: list[str] = []
    read = {"bytes": 0}
    original_read = gzip.GzipFile.read

    def no_open(self: zipfile.ZipFile, name: Any, *args: Any, **kwargs: Any) -> Any:
        opened.append(str(name))
        raise AssertionError("a zip member was opened")

    def counting_read(self: gzip.GzipFile, size: int = -1) -> bytes:
        data = original_read(self, size)
        read["bytes"] += len(data)
        return data

    names = ("zip-bomb", "zip-declared-huge", "gzip-bomb")
    folders = [BY_NAME[name].make(tmp_path / "datapackages") for name in names]
    monkeypatch.setattr(zipfile.ZipFile, "open", no_open)
    monkeypatch.setattr(gzip.GzipFile, "read", counting_read)
    limit = 8 * 1024**2
    for name, folder in zip(names, folders):
        report = validate_packages(load_packages([folder]), max_file_bytes=limit).report
        assert [i.code for i in report.issues] == ["resource-archive-too-large"], name
    assert opened == []
    assert read["bytes"] <= limit + 2 * 1024**2


# The shared hostile site: every valid hostile case, published once.

@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A project with every `published` case, built by `tdh build`; (project, output)."""
    project = make_project(tmp_path_factory.mktemp("hostile") / "project")
    for case in CASES:
        if case.published:
            case.make(project / "datapackages")
    result = invoke("build", "--config-file", str(project / "mkdocs.yml"))
    assert_no_traceback(result)
    assert result.exit_code == 0, result.output[-5000:]
    return project, result.output


BUILD_CASES = [case for case in CASES if case.build_check]


@pytest.mark.slow
@pytest.mark.parametrize("case", BUILD_CASES, ids=[case.name for case in BUILD_CASES])
def test_build_refuses_and_keeps_the_site(case: Case, hostile_site: tuple[Path, str],
                                          tmp_path: Path) -> None:
    """`tdh build` exits 1 with the codes; the site and docs stay byte-identical."""
    project = tmp_path / "project"
    shutil.copytree(hostile_site[0], project, symlinks=True)
    site_before, docs_before = tree_digest(project / "site"), tree_digest(project / "docs")
    case.make(project / "datapackages")
    result = invoke("build", "--config-file", str(project / "mkdocs.yml"))
    assert_no_traceback(result)
    assert result.exit_code == 1, result.output[-3000:]
    for code in case.errors:
        assert f"[{code}]" in result.output
    assert "le site existant" in result.output
    assert tree_digest(project / "site") == site_before
    assert tree_digest(project / "docs") == docs_before
    assert leftovers(project) == []


class MarkupAudit(HTMLParser):
    """Elements a hostile text could have smuggled in: handlers, javascript: links, scripts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…>")
            if name in ("href", "src", "xlink:href") and (value or "").strip().lower(
                    ).startswith("javascript:"):
                self.problems.append(f"<{tag} {name}={value}>")
        kind = dict(attrs).get("type")
        self.in_script = tag == "script" and kind != "application/ld+json"

    def handle_endtag(self, tag: str) -> None:
        self.in_script = False

    def handle_data(self, data: str) -> None:
        if self.in_script and "alert(" in data:
            self.problems.append(f"script running {data[:60]!r}")


def audit_markup(text: str) -> list[str]:
    """Problems MarkupAudit finds in an HTML or SVG text."""
    audit = MarkupAudit()
    audit.feed(text)
    audit.close()
    return audit.problems


def test_the_markup_audit_sees_injections() -> None:
    """The audit used on the built pages finds what it must, and not escaped text."""
    assert audit_markup('<p><img src=x onerror="alert(1)"></p>')
    assert audit_markup('<a href=" JavaScript:alert(1)">x</a>')
    assert audit_markup("<script>alert(1)</script>")
    assert audit_markup('<p title="&lt;img src=x onerror=alert(1)&gt;">&lt;script&gt;alert(1)'
                        "&lt;/script&gt;</p>") == []


def pages(site: Path, package: str) -> list[BeautifulSoup]:
    """The French and English dataset pages of a package, parsed."""
    return [BeautifulSoup((site / prefix / "donnees" / package / "index.html").read_text(
        encoding="utf-8"), "html.parser") for prefix in ("", "en")]


def strict_json(text: str) -> Any:
    """json.loads that refuses NaN and Infinity (not JSON)."""

    def refuse(constant: str) -> Any:
        raise ValueError(f"{constant} is not JSON")

    return json.loads(text, parse_constant=refuse)


def strings_in(value: Any) -> list[str]:
    """Every string (keys included) inside a JSON value."""
    found: list[str] = []
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            found.append(item)
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


@pytest.mark.slow
def test_no_markup_injected_in_any_page(hostile_site: tuple[Path, str]) -> None:
    """No hostile markup raw in any HTML page; no event handler or javascript: link."""
    site = hostile_site[0] / "site"
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for raw in RAW_MARKUP:
            assert raw not in text, (page, raw)
        assert audit_markup(text) == [], page
        assert not RAW_CONTROL.search(text), page
    search = strict_json((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    for doc in search["docs"]:  # Material shows these as HTML
        for raw in RAW_MARKUP:
            assert raw not in doc.get("title", "") and raw not in doc.get("text", ""), raw


@pytest.mark.slow
def test_hostile_text_is_shown_as_text(hostile_site: tuple[Path, str]) -> None:
    """Titles, descriptions, field descriptions, cells: escaped, yet shown exactly."""
    site = hostile_site[0] / "site"
    french, english = pages(site, "html-script")
    assert french.find("h1").get_text(strip=True) == SCRIPT.format("title") + " & <b>Titre</b>"
    assert english.find("h1").get_text(strip=True) == SCRIPT.format("title-en")
    for soup in (french, english):
        text = soup.get_text()
        for fragment in ("rdesc", "fdesc", "fdesc2", "source", "contributor", "licence",
                         "version", "demo"):
            assert SCRIPT.format(fragment) in text, fragment
        preview = [td.get_text() for td in soup.select("table.tdh-preview td")]
        for cell in XSS_CELLS:
            assert cell in preview
        chart = soup.select_one("figure.tdh-chart")
        assert chart is not None and chart.find("svg") is not None
        labels = [t.get_text() for t in chart.find("svg").find_all("text")]
        assert SCRIPT.format("cell") in labels
        assert chart.find("script") is None
        scripts = [s for s in soup.find_all("script") if not s.get("src")]
        for script in scripts:
            assert "alert(" not in (script.string or "") or script.get(
                "type") == "application/ld+json"
    assert not any(a["href"].lower().startswith("javascript") for a in french.find_all(
        "a", href=True))


@pytest.mark.slow
def test_json_ld_block_parses_and_keeps_the_text(hostile_site: tuple[Path, str]) -> None:
    """The page's JSON-LD is valid JSON, with `<` escaped and the title intact."""
    site = hostile_site[0] / "site"
    for soup, title in zip(pages(site, "html-script"), (SCRIPT.format("title") + " & <b>Titre</b>",
                                                         SCRIPT.format("title-en"))):
        blocks = soup.find_all("script", type="application/ld+json")
        assert len(blocks) == 1
        raw = blocks[0].string
        assert "<" not in raw and ">" not in raw
        data = strict_json(raw)
        assert data["name"] == title
        assert SCRIPT.format("keyword") in data["keywords"]


@pytest.mark.slow
def test_every_json_output_is_strict_json(hostile_site: tuple[Path, str]) -> None:
    """API, catalogue, descriptors, schemas, chart specs: JSON without NaN or Infinity."""
    site = hostile_site[0] / "site"
    files = [p for p in site.rglob("*") if p.suffix in (".json", ".jsonld") and p.is_file()]
    assert any(p.name.endswith(".vg.json") for p in files)
    for path in files:
        strict_json(path.read_text(encoding="utf-8"))
    api = " ".join(p.read_text(encoding="utf-8") for p in (site / "api").glob("*.json"))
    assert "kind-nan" in api


@pytest.mark.slow
def test_turtle_catalogue_keeps_the_text(hostile_site: tuple[Path, str]) -> None:
    """catalogue.ttl parses, with the hostile title and description as plain literals."""
    from rdflib import Graph

    graph = Graph().parse(hostile_site[0] / "site" / "catalogue.ttl", format="turtle")
    literals = {str(o) for _, _, o in graph}
    assert SCRIPT.format("title") + " & <b>Titre</b>" in literals
    assert any(text.endswith('</script> \\""" end') for text in literals), (
        "the description lost its quotes or backslash")


@pytest.mark.slow
def test_chart_specs_hold_text_as_data(hostile_site: tuple[Path, str]) -> None:
    """The Vega specs carry the hostile labels as strings, and Vega draws them as text."""
    import vl_convert as vlc

    charts = hostile_site[0] / "site" / "donnees" / "html-script" / "charts"
    specs = sorted(charts.glob("*.vg.json"))
    assert len(specs) == 2
    for path in specs:
        spec = strict_json(path.read_text(encoding="utf-8"))
        strings = strings_in(spec)
        for cell in XSS_CELLS:
            assert cell in strings, cell
        svg = vlc.vega_to_svg(spec)
        assert "<script" not in svg and "<b>" not in svg
        assert audit_markup(svg) == []
        assert "&lt;script&gt;" in svg


@pytest.mark.slow
def test_originals_stay_byte_identical(hostile_site: tuple[Path, str]) -> None:
    """Formula cells warn, and every original (BOM, CRLF, windows-1252…) is published as is."""
    project, output = hostile_site
    assert "formula-cell" in output
    assert not RAW_CONTROL.search(output)
    for case in CASES:
        if not case.published or case.name == "kind-nan":
            continue
        source = project / "datapackages" / case.name / "data.csv"
        published = project / "site" / "donnees" / case.name
        assert (published / "data.csv").read_bytes() == source.read_bytes(), case.name
        with zipfile.ZipFile(published / f"{case.name}.zip") as archive:
            assert archive.read(f"{case.name}/data.csv") == source.read_bytes()


@pytest.mark.slow
def test_undeclared_windows_1252_is_shown_decoded(hostile_site: tuple[Path, str]) -> None:
    """The warning says the file looks windows-1252: the site shows it decoded that way."""
    import pyarrow.parquet as pq

    site = hostile_site[0] / "site"
    french, _ = pages(site, "windows-1252")
    assert "café €" in [td.get_text() for td in french.select("table.tdh-preview td")]
    table = pq.read_table(site / "donnees" / "windows-1252" / "data.parquet").to_pydict()
    assert table["label"] == ["café €", "b"]


@pytest.mark.slow
def test_nothing_lost_in_encodings_and_numbers(hostile_site: tuple[Path, str]) -> None:
    """BOM not in the header, huge integers exact in Parquet, infinity shown."""
    import pyarrow.parquet as pq

    site = hostile_site[0] / "site"
    french, _ = pages(site, "bom")
    assert [th.get_text() for th in french.select("table.tdh-preview th")] == [
        "id", "label", "value"]
    table = pq.read_table(site / "donnees" / "numbers" / "data.parquet").to_pydict()
    assert "123456789012345678901234567890" in table["big"]
    french, _ = pages(site, "numbers")
    assert "∞" in [td.get_text() for td in french.select("table.tdh-preview td")]
    french, _ = pages(site, "control-chars")
    cells = [td.get_text() for td in french.select("table.tdh-preview td")]
    assert {"c␛[31md", "e␋f␡", "g\ufffdh", "\ufffd"} <= set(cells)
