"""`tdh publish`: two releases of a temporary repository on gh-pages, immutable, with changes."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.release.history import previous_tag

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
NNBSP = "\u202f"
ATOM = "{http://www.w3.org/2005/Atom}"
GENERATED = {"donnees", "budget-climat", "budget-vert", "indicateurs", "energie", "participation",
             "qualite", "changements", "index.md", "index.en.md"}
JANUARY, FEBRUARY = 1735725600, 1738404000  # 2025-01-01 and 2025-02-01, 10:00 UTC
DESCRIPTOR = {
    "name": "emissions-test", "title": "Émissions de test", "description": "Un jeu de test.",
    "licenses": [{"name": "etalab-2.0", "title": "Licence Ouverte 2.0"}],
    "resources": [{
        "name": "emissions", "path": "emissions.csv", "title": "Émissions territoriales",
        "schema": {"fields": [
            {"name": "year", "type": "integer", "title": "Année"},
            {"name": "sector", "type": "string", "title": "Secteur"},
            {"name": "tco2e", "type": "number", "title": "Émissions", "unit": "tCO2e",
             "tdh": {"en": {"title": "Emissions"}}}],
            "primaryKey": ["year", "sector"]},
    }],
}
CSV = "year,sector,tco2e\n2022,residentiel,70000\n2023,residentiel,68000\n2023,tertiaire,30000\n"


def environment(epoch: int) -> dict[str, str]:
    """Deterministic dates and a known author for every git and build step."""
    stamp = f"{epoch} +0000"
    return {**os.environ, "SOURCE_DATE_EPOCH": str(epoch), "NO_MKDOCS_2_WARNING": "1",
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
            "GIT_AUTHOR_NAME": "Agent", "GIT_AUTHOR_EMAIL": "agent@example.org",
            "GIT_COMMITTER_NAME": "Agent", "GIT_COMMITTER_EMAIL": "agent@example.org",
            "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp, "TDH_LANG": "fr"}


def git(repo: Path, *args: str, epoch: int = JANUARY) -> str:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True,
                          env=environment(epoch)).stdout.strip()


def tdh(repo: Path, *args: str, epoch: int) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=repo,
                          capture_output=True, text=True, env=environment(epoch))


def make_repository(target: Path) -> Path:
    """The project's site configuration and one small data package, committed."""
    target.mkdir(parents=True)
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")

    def ignore(folder: str, names: list[str]) -> list[str]:
        if Path(folder) == ROOT / "docs":
            return [n for n in names if n in GENERATED]
        return ["vendor"] if Path(folder) == ROOT / "docs" / "assets" else []

    shutil.copytree(ROOT / "docs", target / "docs", ignore=ignore)
    (target / "node_modules").symlink_to(ROOT / "node_modules")
    (target / ".gitignore").write_text((ROOT / ".gitignore").read_text() + "node_modules\n")
    package = target / "datapackages" / "emissions-test"
    package.mkdir(parents=True)
    (package / "datapackage.json").write_text(json.dumps(DESCRIPTOR, ensure_ascii=False))
    (package / "emissions.csv").write_text(CSV)
    git(target, "init", "-q", "-b", "main")
    git(target, "add", "-A")
    git(target, "commit", "-qm", "Données 2023")
    return target


def show(repo: Path, spec: str) -> str:
    return git(repo, "show", spec)


def page_text(repo: Path, spec: str) -> str:
    text = BeautifulSoup(show(repo, spec), "html.parser").select_one("article").get_text(" ")
    return re.sub(r"[ \t\r\n]+", " ", text)  # keeps the narrow no-break spaces


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> dict:
    """Publish 1.0.0, change a value, publish 1.1.0 --alias latest --push; keep what we saw."""
    base = tmp_path_factory.mktemp("publish")
    remote = base / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    repo = make_repository(base / "repo")
    git(repo, "remote", "add", "origin", str(remote))
    first = tdh(repo, "publish", "1.0.0", "--zip", str(base / "1.0.0.zip"), epoch=JANUARY)
    assert first.returncode == 0, first.stdout + first.stderr
    tree_before = git(repo, "rev-parse", "gh-pages:1.0.0")
    csv = repo / "datapackages" / "emissions-test" / "emissions.csv"
    csv.write_text(CSV.replace("2023,residentiel,68000", "2023,residentiel,67500"))
    git(repo, "commit", "-qam", "Données 2023 corrigées", epoch=FEBRUARY)
    second = tdh(repo, "publish", "1.1.0", "--alias", "latest", "--push",
                 "--zip", str(base / "1.1.0.zip"), epoch=FEBRUARY)
    assert second.returncode == 0, second.stdout + second.stderr
    return {"repo": repo, "remote": remote, "base": base, "tree_before": tree_before,
            "first": first, "second": second}


def test_both_versions_on_gh_pages_with_versions_json(published: dict) -> None:
    repo = published["repo"]
    versions = json.loads(show(repo, "gh-pages:versions.json"))
    assert [(v["version"], v["aliases"]) for v in versions] == [("1.1.0", ["latest"]),
                                                                ("1.0.0", [])]
    assert versions[0]["properties"]["commit"] == git(repo, "rev-parse", "HEAD")
    top = git(repo, "ls-tree", "--name-only", "gh-pages").splitlines()
    assert {"1.0.0", "1.1.0", "latest", "versions.json", "index.html"} <= set(top)
    for version in ("1.0.0", "1.1.0"):
        assert "<html" in show(repo, f"gh-pages:{version}/index.html")
        assert show(repo, f"gh-pages:{version}/SHA256SUMS")
    assert "../1.1.0/" in show(repo, "gh-pages:latest/index.html")  # redirect, not a copy
    assert "latest/" in show(repo, "gh-pages:index.html")
    # the newest feed also sits at the root, the address feed readers keep
    assert show(repo, "gh-pages:feed.xml") == show(repo, "gh-pages:1.1.0/feed.xml")
    assert git(repo, "tag", "--list").splitlines() == ["1.0.0", "1.1.0"]


def test_first_release_unchanged_by_the_second(published: dict) -> None:
    repo = published["repo"]
    assert git(repo, "rev-parse", "gh-pages:1.0.0") == published["tree_before"]
    changes = json.loads(show(repo, "gh-pages:1.0.0/api/changes.json"))
    assert changes["first_release"] is True
    assert "Première publication : aucune donnée antérieure à comparer." in page_text(
        repo, "gh-pages:1.0.0/changements/index.html")


def test_publishing_an_existing_version_is_refused_before_writing(published: dict) -> None:
    repo = published["repo"]
    branch = git(repo, "rev-parse", "gh-pages")
    again = tdh(repo, "publish", "1.0.0", epoch=FEBRUARY)
    assert again.returncode == 1
    assert "La version 1.0.0 est déjà publiée" in again.stderr
    assert "tdh publish 1.0.1" in again.stderr
    assert "Construction" not in again.stdout  # refused before the build
    assert git(repo, "rev-parse", "gh-pages") == branch


def test_uncommitted_data_is_refused(published: dict) -> None:
    repo = published["repo"]
    csv = repo / "datapackages" / "emissions-test" / "emissions.csv"
    original = csv.read_text()
    csv.write_text(original + "2025,tertiaire,1\n")
    try:
        refused = tdh(repo, "publish", "1.2.0", "--lang", "en", epoch=FEBRUARY)
    finally:
        csv.write_text(original)
    assert refused.returncode == 1
    assert "git commit" in refused.stderr and "emissions.csv" in refused.stderr


def test_second_release_lists_the_change(published: dict) -> None:
    repo = published["repo"]
    french = page_text(repo, "gh-pages:1.1.0/changements/index.html")
    assert "Version 1.1.0 du 01/02/2025, comparée à la version 1.0.0 du 01/01/2025." in french
    assert (f"Émissions 2023, secteur residentiel : 68{NNBSP}000 → 67{NNBSP}500 tCO2e "
            f"(−0,7{NNBSP}%)") in french
    english = page_text(repo, "gh-pages:1.1.0/en/changements/index.html")
    assert "Emissions 2023, secteur residentiel: 68,000 → 67,500 tCO2e (−0.7%)" in english
    changes = json.loads(show(repo, "gh-pages:1.1.0/api/changes.json"))
    assert (changes["release"], changes["from"]) == ("1.1.0", "1.0.0")
    assert changes["summary"]["rows_changed"] == 1
    assert changes["packages"][0]["resources"][0]["changed"][0]["changes"] == {
        "tco2e": {"old": 68000.0, "new": 67500.0}}


def test_feed_of_the_second_release_is_atom_with_the_change(published: dict) -> None:
    feed = ET.fromstring(show(published["repo"], "gh-pages:1.1.0/feed.xml").encode())
    assert feed.tag == f"{ATOM}feed"
    for element in (feed, *feed.findall(f"{ATOM}entry")):
        for required in ("id", "title", "updated"):
            assert element.find(f"{ATOM}{required}") is not None, required
    entries = {e.findtext(f"{ATOM}title"): e for e in feed.findall(f"{ATOM}entry")}
    assert {"Version 1.1.0", "Version 1.0.0", "1.1.0 — Émissions de test"} <= set(entries)
    ids = [e.findtext(f"{ATOM}id") for e in feed.findall(f"{ATOM}entry")]
    assert len(ids) == len(set(ids))
    dataset = ET.tostring(entries["1.1.0 — Émissions de test"], encoding="unicode")
    assert f"68{NNBSP}000 → 67{NNBSP}500 tCO2e" in dataset
    assert entries["Version 1.1.0"].findtext(f"{ATOM}updated") == "2025-02-01T10:00:00Z"


def test_zip_and_sums_are_exactly_what_was_published(published: dict) -> None:
    repo, base = published["repo"], published["base"]
    listed = git(repo, "ls-tree", "-r", "--name-only", "gh-pages", "1.1.0").splitlines()
    with zipfile.ZipFile(base / "1.1.0.zip") as archive:
        files = {n: archive.read(n) for n in archive.namelist() if not n.endswith("/")}
    assert sorted(files) == sorted(listed)
    sums = files["1.1.0/SHA256SUMS"].decode()
    expected = {line.split("  ", 1)[1]: line.split("  ", 1)[0] for line in sums.splitlines()}
    actual = {name.removeprefix("1.1.0/"): hashlib.sha256(data).hexdigest()
              for name, data in files.items() if name != "1.1.0/SHA256SUMS"}
    assert expected == actual
    assert b"<!doctype html>" in files["1.1.0/index.html"][:64]


def test_push_sent_the_branch_and_the_new_tag(published: dict) -> None:
    remote = published["remote"]
    local = git(published["repo"], "rev-parse", "gh-pages")
    assert git(remote, "rev-parse", "gh-pages") == local
    assert git(remote, "tag", "--list").splitlines() == ["1.1.0"]


def test_previous_release_is_found_from_tags(published: dict) -> None:
    repo = published["repo"]
    assert previous_tag(repo, "1.1.0")[0].name == "1.0.0"  # building 1.1.0 at its own tag
    assert previous_tag(repo, None)[0].name == "1.1.0"  # a preview build after 1.1.0
