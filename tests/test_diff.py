"""`tdh diff` and the diff engine: rows by primary key, row-hash fallback, schema and packages."""

from __future__ import annotations

import json
import os
import subprocess
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.release.diff import (
    PackageSnapshot,
    ResourceSnapshot,
    Snapshot,
    diff_package,
    diff_resource,
    diff_snapshots,
)
from generator.render.changes_text import row_change

NNBSP = "\u202f"
META = {
    "title": {"fr": "Émissions territoriales", "en": "Territorial emissions"},
    "fields": {
        "year": {"title": {"fr": "Année", "en": "Year"}, "type": "integer"},
        "sector": {"title": {"fr": "Secteur", "en": "Sector"}, "type": "string"},
        "tco2e": {"title": {"fr": "Émissions", "en": "Emissions"}, "unit": "tCO2e",
                  "type": "number"},
    },
}
FIELDS = {"year": "integer", "sector": "string", "tco2e": "number"}


def resource(rows: list[tuple], fields: dict[str, str] | None = None,
             key: tuple[str, ...] = ("year", "sector"), name: str = "emissions"
             ) -> ResourceSnapshot:
    fields = fields or FIELDS
    table = pd.DataFrame(rows, columns=list(fields))
    table.insert(0, "_row", range(2, len(table) + 2))
    return ResourceSnapshot(name=name, meta=META, fields=fields, primary_key=key, table=table)


OLD = [(2022, "résidentiel", 70000.0), (2023, "résidentiel", 68000.0),
       (2023, "tertiaire", 30000.0)]
NEW = [(2023, "résidentiel", 67500.0), (2023, "tertiaire", 30000.0),
       (2024, "résidentiel", 66000.0)]


def test_rows_added_removed_and_changed_by_primary_key() -> None:
    diff = diff_resource(resource(OLD), resource(NEW))
    assert (diff.status, diff.method, diff.fallback) == ("modified", "primary-key", None)
    assert (diff.rows_added, diff.rows_removed, diff.rows_changed) == (1, 1, 1)
    assert diff.added == [{"year": 2024, "sector": "résidentiel", "tco2e": 66000.0}]
    assert diff.removed == [{"year": 2022, "sector": "résidentiel", "tco2e": 70000.0}]
    assert diff.changed == [{"key": {"year": 2023, "sector": "résidentiel"},
                             "changes": {"tco2e": {"old": 68000.0, "new": 67500.0}}}]


def test_change_in_plain_language_both_languages() -> None:
    diff = diff_resource(resource(OLD), resource(NEW))
    assert row_change(diff, diff.changed[0], "fr") == (
        f"Émissions 2023, secteur résidentiel : 68{NNBSP}000 → 67{NNBSP}500 tCO2e "
        f"(−0,7{NNBSP}%)")
    assert row_change(diff, diff.changed[0], "en") == (
        "Emissions 2023, sector résidentiel: 68,000 → 67,500 tCO2e (−0.7%)")


def test_unchanged_rows_nulls_and_order_are_not_changes() -> None:
    rows = [(2023, "a", None), (2022, "b", 1.0)]
    diff = diff_resource(resource(rows), resource(list(reversed(rows))))
    assert diff.status == "unchanged"
    assert (diff.rows_added, diff.rows_removed, diff.rows_changed) == (0, 0, 0)
    filled = diff_resource(resource(rows), resource([(2023, "a", 5.0), (2022, "b", 1.0)]))
    assert filled.changed == [{"key": {"year": 2023, "sector": "a"},
                               "changes": {"tco2e": {"old": None, "new": 5.0}}}]


def test_several_fields_changed_in_one_row() -> None:
    fields = {**FIELDS, "source": "string"}
    old = resource([(2023, "a", 1.0, "x")], fields)
    new = resource([(2023, "a", 2.0, "y")], fields)
    diff = diff_resource(old, new)
    assert diff.changed[0]["changes"] == {"tco2e": {"old": 1.0, "new": 2.0},
                                          "source": {"old": "x", "new": "y"}}
    assert row_change(diff, diff.changed[0], "en") == (
        "Territorial emissions 2023, sector a: Emissions 1 → 2 tCO2e (+100.0%); source x → y")


def test_without_primary_key_rows_are_compared_by_hash_and_it_says_so() -> None:
    old = resource(OLD + [OLD[0]], key=())
    new = resource(NEW + [OLD[0]], key=())
    diff = diff_resource(old, new)
    assert (diff.method, diff.fallback) == ("row-hash", "no-primary-key")
    # a duplicated row removed once is one removal (multisets, not sets)
    assert (diff.rows_added, diff.rows_removed, diff.rows_changed) == (2, 2, 0)
    assert {r["tco2e"] for r in diff.added} == {67500.0, 66000.0}
    assert {r["tco2e"] for r in diff.removed} == {70000.0, 68000.0}
    assert diff.changed == []


def test_changed_primary_key_falls_back_to_row_hashes() -> None:
    diff = diff_resource(resource(OLD), resource(OLD, key=("year", "sector", "tco2e")))
    assert (diff.method, diff.fallback, diff.status) == ("row-hash", "primary-key-changed",
                                                         "unchanged")


def test_fields_added_removed_and_retyped() -> None:
    old_fields = {"year": "integer", "sector": "string", "tco2e": "integer", "note": "string"}
    new_fields = {"year": "integer", "sector": "string", "tco2e": "number", "actor": "string"}
    old = resource([(2023, "a", 68000, "n")], old_fields)
    new = resource([(2023, "a", 68000.0, "menages")], new_fields)
    diff = diff_resource(old, new)
    assert diff.status == "modified"
    assert diff.fields_added == [{"name": "actor", "type": "string"}]
    assert diff.fields_removed == [{"name": "note", "type": "string"}]
    assert diff.fields_retyped == [{"name": "tco2e", "old": "integer", "new": "number"}]
    # 68000 and 68000.0 are the same value: a new type alone does not change rows
    assert (diff.rows_added, diff.rows_removed, diff.rows_changed) == (0, 0, 0)


def test_retyped_to_text_compares_displayed_values() -> None:
    old = resource([(2023, "a", 7.5)])
    new = resource([(2023, "a", "7.5")], {**FIELDS, "tco2e": "string"})
    diff = diff_resource(old, new)
    assert diff.fields_retyped == [{"name": "tco2e", "old": "number", "new": "string"}]
    assert diff.rows_changed == 0


def package(name: str, *resources: ResourceSnapshot) -> PackageSnapshot:
    return PackageSnapshot(name=name, descriptor={"name": name, "title": name.title()},
                           resources={r.name: r for r in resources})


def test_packages_and_resources_added_and_removed() -> None:
    old = Snapshot("1.0.0", {"kept": package("kept", resource(OLD), resource(OLD, name="gone")),
                             "dropped": package("dropped", resource(OLD))})
    new = Snapshot("1.1.0", {"kept": package("kept", resource(OLD), resource(NEW, name="new")),
                             "fresh": package("fresh", resource(NEW))})
    diff = diff_snapshots(old, new)
    assert diff.summary()["packages_added"] == ["fresh"]
    assert diff.summary()["packages_removed"] == ["dropped"]
    assert diff.summary()["packages_modified"] == ["kept"]
    kept = next(p for p in diff.packages if p.name == "kept")
    assert [(r.name, r.status) for r in kept.resources] == [
        ("emissions", "unchanged"), ("new", "added"), ("gone", "removed")]
    assert json.loads(json.dumps(diff.to_dict()))["to"] == "1.1.0"


def test_large_tables_are_compared_vectorised_and_listing_is_capped() -> None:
    size = 300_000
    years = np.arange(size)
    old = resource(list(zip(years, ["s"] * size, np.ones(size))))
    values = np.ones(size)
    values[::1000] = 2.0
    new = resource(list(zip(years, ["s"] * size, values)))
    start = time.perf_counter()
    diff = diff_resource(old, new, limit=10)
    assert time.perf_counter() - start < 20
    assert diff.rows_changed == size // 1000
    assert len(diff.changed) == 10 and diff.truncated


# --- `tdh diff` on a real git repository -------------------------------------------------------

GIT_ENV = {"GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
           "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org",
           "GIT_AUTHOR_DATE": "2025-01-01T00:00:00+00:00",
           "GIT_COMMITTER_DATE": "2025-01-01T00:00:00+00:00"}

DESCRIPTOR = {
    "name": "emissions", "title": "Émissions", "description": "Test.",
    "licenses": [{"name": "etalab-2.0", "title": "Licence Ouverte 2.0"}],
    "resources": [{"name": "emissions", "path": "emissions.csv", "title": "Émissions",
                   "schema": {"fields": [
                       {"name": "year", "type": "integer", "title": "Année"},
                       {"name": "sector", "type": "string", "title": "Secteur"},
                       {"name": "tco2e", "type": "number", "title": "Émissions",
                        "unit": "tCO2e"}],
                       "primaryKey": ["year", "sector"]}}],
}


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True,
                          env={**os.environ, **GIT_ENV})
    return done.stdout


def write_package(repo: Path, name: str, csv: str, descriptor: dict | None = None) -> None:
    folder = repo / "datapackages" / name
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "datapackage.json").write_text(
        json.dumps({**(descriptor or DESCRIPTOR), "name": name}, ensure_ascii=False))
    (folder / "emissions.csv").write_text(csv)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository with one package, committed and tagged 1.0.0."""
    root = tmp_path / "repo"
    root.mkdir()
    (root / "mkdocs.yml").write_text("site_name: Test\nplugins:\n  - tdh:\n"
                                     "      datapackages: datapackages\n")
    write_package(root, "emissions", "year,sector,tco2e\n2022,residentiel,70000\n"
                                     "2023,residentiel,68000\n2023,tertiaire,30000\n")
    write_package(root, "old-one", "year,sector,tco2e\n2020,a,1\n")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Data")
    git(root, "tag", "-a", "1.0.0", "-m", "Release 1.0.0")
    return root


def tdh_diff(repo: Path, *args: str):
    return CliRunner().invoke(cli, ["diff", "--config-file", str(repo / "mkdocs.yml"), *args])


def change_data(repo: Path) -> None:
    write_package(repo, "emissions", "year,sector,tco2e\n2023,residentiel,67500\n"
                                     "2023,tertiaire,30000\n2024,residentiel,66000\n")
    (repo / "datapackages" / "old-one" / "emissions.csv").unlink()
    (repo / "datapackages" / "old-one" / "datapackage.json").unlink()
    write_package(repo, "new-one", "year,sector,tco2e\n2025,b,2\n")


def test_tdh_diff_text_from_last_release_to_working_tree(repo: Path) -> None:
    change_data(repo)
    result = tdh_diff(repo)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == "Changements de données : 1.0.0 → copie de travail"
    assert "emissions : modifié" in result.output
    assert "new-one : ajouté" in result.output
    assert "old-one : retiré" in result.output
    assert (f"Émissions 2023, secteur residentiel : 68{NNBSP}000 → 67{NNBSP}500 tCO2e "
            f"(−0,7{NNBSP}%)") in result.output
    assert "Ajout : 2024, secteur residentiel" in result.output
    assert "Retrait : 2022, secteur residentiel" in result.output
    english = tdh_diff(repo, "--lang", "en")
    assert english.output.splitlines()[0] == "Data changes: 1.0.0 → working tree"
    assert "emissions (primary key: year, sector)" in english.output


def test_tdh_diff_json_between_two_refs(repo: Path) -> None:
    change_data(repo)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "Data 2024")
    result = tdh_diff(repo, "--from", "1.0.0", "--to", "HEAD", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert (data["from"], data["to"]) == ("1.0.0", "HEAD")
    assert data["summary"] == {"packages_added": ["new-one"], "packages_removed": ["old-one"],
                               "packages_modified": ["emissions"], "rows_added": 2,
                               "rows_removed": 2, "rows_changed": 1}
    emissions = next(p for p in data["packages"] if p["name"] == "emissions")
    table = emissions["resources"][0]
    assert table["method"] == "primary-key"
    assert table["changed"] == [{"key": {"year": 2023, "sector": "residentiel"},
                                 "changes": {"tco2e": {"old": 68000.0, "new": 67500.0}}}]
    assert table["added"] == [{"year": 2024, "sector": "residentiel", "tco2e": 66000.0}]


def test_tdh_diff_schema_change_and_no_primary_key(repo: Path) -> None:
    descriptor = json.loads(json.dumps(DESCRIPTOR))
    schema = descriptor["resources"][0]["schema"]
    del schema["primaryKey"]
    schema["fields"].append({"name": "note", "type": "string"})
    write_package(repo, "emissions", "year,sector,tco2e,note\n2022,residentiel,70000,x\n"
                                     "2023,residentiel,68000,\n2023,tertiaire,30500,\n",
                  descriptor)
    data = json.loads(tdh_diff(repo, "--format", "json").output)
    table = next(p for p in data["packages"] if p["name"] == "emissions")["resources"][0]
    assert table["fields_added"] == [{"name": "note", "type": "string"}]
    assert (table["method"], table["fallback"]) == ("row-hash", "no-primary-key")
    assert (table["rows_added"], table["rows_removed"], table["rows_changed"]) == (1, 1, 0)
    text = tdh_diff(repo).output
    assert "Champ ajouté : « note » (string)." in text
    assert "Cette table n'a pas de clé primaire" in text


def test_tdh_diff_without_release_and_bad_ref(repo: Path) -> None:
    git(repo, "tag", "-d", "1.0.0")
    result = tdh_diff(repo, "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["note"] == "no-release"
    assert sorted(data["summary"]["packages_added"]) == ["emissions", "old-one"]
    bad = tdh_diff(repo, "--from", "no-such-ref")
    assert bad.exit_code == 2
    assert "« no-such-ref » ne désigne aucun commit" in bad.output


def test_changes_exist_without_history() -> None:
    from generator.render.changes import render_changes
    from generator.validate import Validated
    from generator.model import Report

    pages, files = render_changes(None, Validated(report=Report()), None, ("fr", "en"))
    assert "Première publication : aucune donnée antérieure à comparer." in \
        pages["changements/index.md"]
    assert "First release, no earlier data to compare." in pages["changements/index.en.md"]
    data = json.loads(files["api/changes.json"])
    assert data["first_release"] is True and data["packages"] == []
    root = ET.fromstring(files["feed.xml"])
    assert root.tag == "{http://www.w3.org/2005/Atom}feed"


def test_the_build_compares_package_by_package_and_caches_each_diff(repo: Path,
                                                                     tmp_path: Path) -> None:
    """The build's diff (release folders read only when needed, each package's diff cached
    under its content at the release and now) is `tdh diff`'s, which reads everything."""
    from generator.cache import BuildCache, using
    from generator.load import load_packages
    from generator.release import history as release_history
    from generator.release.history import diff_refs, load_history
    from generator.render.changes import compare
    from generator.settings import load_settings
    from generator.validate import validate_packages

    write_package(repo, "steady", "year,sector,tco2e\n2020,a,1\n2021,a,2\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "Data 1.1.0")
    git(repo, "tag", "-a", "1.1.0", "-m", "Release 1.1.0")
    change_data(repo)
    (repo / "datapackages" / "emissions").rename(repo / "datapackages" / "emissions-2024")
    settings = load_settings(repo / "mkdocs.yml")
    cache = BuildCache(tmp_path / "cache")

    def build_diff() -> tuple[dict, set[str]]:
        release_history._RELEASES.clear()  # as in a new process: only the cache is kept
        with using(cache):
            validated = validate_packages(load_packages([settings.datapackages]),
                                          keep_tables=True)
            history = load_history(settings)
            diff = compare(validated, history, limit=None)
        return diff.to_dict(), set(history.release.read)

    first, read = build_diff()
    assert first == diff_refs(settings, None, None)[0].to_dict()
    assert read == {"emissions", "old-one"}  # not steady: git says its files did not change
    assert first["summary"]["packages_modified"] == ["emissions"]  # moved, the same package
    steady = next(p for p in first["packages"] if p["name"] == "steady")
    assert steady["status"] == "unchanged" and steady["resources"][0]["method"] == "primary-key"
    again, read = build_diff()
    assert again == first and read == set()  # nothing read back from git
    assert cache.stats["package-diff:hit"] == 4 and cache.stats["release-package-name:hit"] == 2
    write_package(repo, "new-one", "year,sector,tco2e\n2025,b,3\n")
    edited, read = build_diff()
    assert read == set()  # new-one was not in the release: nothing to read for it either
    assert edited == diff_refs(settings, None, None)[0].to_dict()
    (repo / "datapackages" / "emissions-2024" / "emissions.csv").write_text(
        "year,sector,tco2e\n2023,residentiel,1\n")
    edited, read = build_diff()
    assert read == {"emissions"}  # only the edited package's release folder
    assert edited == diff_refs(settings, None, None)[0].to_dict()


def test_a_package_compared_with_itself_is_what_a_copy_of_it_gives() -> None:
    import copy

    for rows, key in ((OLD, ("year", "sector")), (OLD + OLD[:1], ("year", "sector")),
                      (OLD, ())):
        same = package("p", resource(rows, key=key))
        assert diff_package(same, same) == diff_package(same, copy.deepcopy(same))


def test_folders_changed_since_a_release_include_untracked_and_ignored_files(repo: Path
                                                                            ) -> None:
    from generator.release.git import changed_folders

    assert changed_folders(repo, "1.0.0", "datapackages") == set()
    (repo / ".gitignore").write_text("*.tmp\n")
    (repo / "datapackages" / "emissions" / "notes.tmp").write_text("ignored by git")
    (repo / "datapackages" / "old-one" / "new.csv").write_text("a\n1\n")  # not tracked
    assert changed_folders(repo, "1.0.0", "datapackages") == {"emissions", "old-one"}
    change_data(repo)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "Data 2024")  # committed since the release: still changed
    assert changed_folders(repo, "1.0.0", "datapackages") == {"emissions", "old-one",
                                                               "new-one"}
    assert changed_folders(repo, "1.0.0", "") == {"datapackages", ""}  # .gitignore: a file
