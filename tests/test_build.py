"""`tdh build`: published files, both languages, atomic failure, every real package."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from generator.build import build_site
from generator.cli import cli
from generator.settings import load_settings
from tests.conftest import CORPUS, ROOT, copy_project, corpus_cases, make_project

pytestmark = pytest.mark.slow


def tree_digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def add_corpus(project: Path, *names: str) -> None:
    for name in names:
        source = CORPUS / "real" / name
        shutil.copytree(source, project / "datapackages" / name)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """One build shared by the read-only tests of this module."""
    project = make_project(tmp_path_factory.mktemp("built") / "project")
    add_corpus(project, "gdp", "doacoes-covid-19-cp1252", "language-codes")
    result = build_site(load_settings(project / "mkdocs.yml"))
    assert result.ok, result.report and result.report.issues
    return project


@pytest.fixture
def built_copy(built: Path, tmp_path: Path) -> Path:
    """A private copy of the built project, for tests that break it."""
    return copy_project(built, tmp_path / "project")


def test_the_checker_finds_the_same_on_built_pages_given_whole_or_cut_down(built: Path) -> None:
    """The pages whose tables postbuild gives the Nu checker cut down (checker_input)."""
    from generator.checker_input import for_checker
    from generator.nuchecker import NuService, checker_jar

    pages = [p.read_bytes() for p in sorted((built / "site").rglob("*.html"))]
    changed = [page for page in pages if for_checker(page) != page]
    assert len(changed) >= 6  # the three dataset pages, in French and English
    service = NuService(checker_jar(ROOT))

    def messages(page: bytes) -> list[tuple[Any, Any]]:
        return [(m.get("lastLine"), m.get("message")) for m in service.check(page)]

    try:
        for page in changed:
            assert messages(for_checker(page)) == messages(page)
    finally:
        service.close()


def test_originals_byte_identical_with_checksums(built: Path) -> None:
    site = built / "site"
    for name in ("gdp", "doacoes-covid-19-cp1252", "language-codes"):
        source = built / "datapackages" / name
        published = json.loads((site / "donnees" / name / "datapackage.json").read_text())
        for resource in published["resources"]:
            original = (source / resource["path"]).read_bytes()
            copy = (site / "donnees" / name / resource["path"]).read_bytes()
            assert copy == original
            assert resource["bytes"] == len(original)
            assert resource["hash"] == "sha256:" + hashlib.sha256(original).hexdigest()


def test_parquet_and_zip(built: Path) -> None:
    folder = built / "site" / "donnees" / "gdp"
    table = pq.read_table(folder / "gdp.parquet")
    lines = (built / "datapackages" / "gdp" / "data" / "gdp.csv").read_text().splitlines()
    assert table.num_rows == len(lines) - 1
    with zipfile.ZipFile(folder / "gdp.zip") as archive:
        names = sorted(archive.namelist())
        assert "gdp/datapackage.json" in names and "gdp/data/gdp.csv" in names
        assert archive.read("gdp/data/gdp.csv") == (
            built / "datapackages" / "gdp" / "data" / "gdp.csv").read_bytes()
        assert archive.read("gdp/datapackage.json") == (
            built / "datapackages" / "gdp" / "datapackage.json").read_bytes()


def test_dataset_page_structure_in_both_languages(built: Path) -> None:
    for prefix, lang_word in (("", "Téléchargements"), ("en/", "Downloads")):
        page = built / "site" / prefix / "donnees" / "gdp" / "index.html"
        soup = BeautifulSoup(page.read_text(), "html.parser")
        assert soup.find("h1").get_text(strip=True).startswith("Country, Regional and World GDP")
        assert soup.find(id="downloads").get_text(strip=True) == lang_word
        rows = soup.select("table.tdh-downloads tbody tr")
        links = [row.find("a")["href"] for row in rows]
        assert any(link.endswith("gdp.zip") for link in links)
        assert any(link.endswith("data/gdp.csv") for link in links)
        hashes = [row.find("code").get_text() for row in rows]
        target = (page.parent / links[-1]).resolve()
        assert hashlib.sha256(target.read_bytes()).hexdigest() == hashes[-1]
        dictionary = soup.select("table.tdh-dictionary")
        assert dictionary and dictionary[0].find("caption")
        # GDP of countries, regions and the world by year: too many series that must not be
        # added up, so no automatic chart (and no empty box)
        assert not soup.select("figure.tdh-chart")
        page = built / "site" / prefix / "donnees" / "doacoes-covid-19-cp1252" / "index.html"
        soup = BeautifulSoup(page.read_text(), "html.parser")
        assert soup.select("figure.tdh-chart svg")
        assert soup.select("figure.tdh-chart details table")
        spec = page.parent / soup.select_one("[data-tdh-vega]")["data-tdh-vega"]
        assert json.loads(spec.read_text())["$schema"].startswith("https://vega.github.io/schema/vega/")


def test_french_number_formatting_in_preview(built: Path) -> None:
    page = built / "site" / "donnees" / "gdp" / "index.html"
    cells = [td.get_text() for td in BeautifulSoup(page.read_text(), "html.parser")
             .select("table.tdh-preview td.tdh-num")]
    assert any("\u202f" in c and "," in c for c in cells)
    english = built / "site" / "en" / "donnees" / "gdp" / "index.html"
    cells = [td.get_text() for td in BeautifulSoup(english.read_text(), "html.parser")
             .select("table.tdh-preview td.tdh-num")]
    assert any("," in c and "." in c for c in cells)


def test_catalogue_lists_every_package(built: Path) -> None:
    for prefix in ("", "en/"):
        soup = BeautifulSoup((built / "site" / prefix / "donnees" / "index.html").read_text(),
                             "html.parser")
        cards = soup.select("li.tdh-card")
        assert len(cards) == 3
        assert all(card.get("data-search") for card in cards)


def test_invalid_data_leaves_the_previous_site_untouched(built_copy: Path) -> None:
    built = built_copy
    before = tree_digest(built / "site")
    csv = built / "datapackages" / "gdp" / "data" / "gdp.csv"
    csv.write_text(csv.read_text() + "Nowhere,XXX,not-a-year,12\n")
    old = Path.cwd()
    os.chdir(built)
    try:
        result = CliRunner().invoke(cli, ["build"])
    finally:
        os.chdir(old)
    assert result.exit_code == 1
    assert "type-error" in result.output
    assert "le site existant" in result.output
    assert tree_digest(built / "site") == before
    assert not [p for p in built.iterdir() if p.name.startswith(".site.")]


def test_timings_name_each_step_that_ran(built_copy: Path) -> None:
    csv = built_copy / "datapackages" / "gdp" / "data" / "gdp.csv"
    csv.write_text(csv.read_text() + "Nowhere,XXX,not-a-year,12\n")  # refused after validation
    old = Path.cwd()
    os.chdir(built_copy)
    try:
        result = CliRunner().invoke(cli, ["build", "--timings", "--lang", "en"])
    finally:
        os.chdir(old)
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.endswith(" s")]
    assert [line.split("  ")[0] for line in lines] == [
        "Validating and rendering the packages", "Other steps", "Total"]


def test_failure_inside_mkdocs_leaves_the_previous_site_untouched(built_copy: Path) -> None:
    built = built_copy
    before = tree_digest(built / "site")
    config = built / "mkdocs.yml"
    config.write_text(config.read_text().replace("theme:\n  name: material",
                                                 "theme:\n  name: no-such-theme"))
    with pytest.raises(Exception):
        build_site(load_settings(config))
    assert tree_digest(built / "site") == before
    assert not [p for p in built.iterdir() if p.name.startswith(".site.")]


def test_duplicate_package_names_name_both_folders(project: Path) -> None:
    add_corpus(project, "frictionless-r-v1", "frictionless-r-v2")
    result = build_site(load_settings(project / "mkdocs.yml"))
    assert not result.ok
    messages = [i.message["fr"] for i in result.report.issues
                if i.code == "package-name-duplicate"]
    assert len(messages) == 2
    assert "frictionless-r-v2" in messages[0] and "frictionless-r-v1" in messages[1]
    assert not (project / "site").exists()


REAL = [p.name for p in corpus_cases("real") if p.name != "frictionless-r-v2"]


def test_every_real_package_is_published(project: Path) -> None:
    add_corpus(project, *REAL)
    result = build_site(load_settings(project / "mkdocs.yml"))
    assert result.ok
    for name in REAL:
        descriptor = json.loads((project / "datapackages" / name / "datapackage.json").read_text())
        package = descriptor["name"]
        for prefix in ("", "en/"):
            assert (project / "site" / prefix / "donnees" / package / "index.html").is_file()
        assert (project / "site" / "donnees" / package / f"{package}.zip").is_file()


def test_sha256sums_takes_the_downloads_digests_from_the_write(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch
                                                               ) -> None:
    """`tdh build` hands SHA256SUMS the digests made as the downloads were written: it reads
    again only MkDocs' files (pages, assets), never an original, a Parquet file or a zip,
    and every line is still the file's true digest."""
    from generator import integrity

    project = make_project(tmp_path / "project")
    add_corpus(project, "gdp")
    read_again: list[str] = []
    real = integrity.file_sha256s

    def recording(paths: list[Path]) -> list[str]:
        read_again.extend(p.as_posix() for p in paths)
        return real(paths)

    monkeypatch.setattr(integrity, "file_sha256s", recording)
    assert build_site(load_settings(project / "mkdocs.yml")).ok
    site = project / "site"
    downloads = [p.relative_to(site).as_posix() for p in (site / "donnees" / "gdp").rglob("*")
                 if p.suffix in (".csv", ".parquet", ".zip")]
    assert {Path(d).suffix for d in downloads} == {".csv", ".parquet", ".zip"}
    assert any(path.endswith(".html") for path in read_again)  # MkDocs' pages: read
    assert not [path for path in read_again if path.endswith(tuple(f"/{d}" for d in downloads))]
    sums = {relative: digest for digest, relative in
            (line.split("  ", 1) for line in
             (site / "SHA256SUMS").read_text(encoding="utf-8").splitlines())}
    assert sums == {k: v for k, v in tree_digest(site).items() if k != "SHA256SUMS"}
