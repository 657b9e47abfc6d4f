"""Broken descriptors give a bilingual issue naming the file, exit 1, never a traceback."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.load import load_packages
from generator.validate import validate_packages
from tests.conftest import simple_descriptor

CSV = "id,label,value\n1,a,1.5\n2,b,2\n"


def codes(folder: Path) -> list[str]:
    return [i.code for i in validate_packages(load_packages([folder])).report.issues
            if i.severity == "error"]


def run_validate(*args: str):
    return CliRunner().invoke(cli, ["validate", *args])


def assert_clean_failure(result, code: str, path_fragment: str) -> None:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert f"[{code}]" in result.output
    assert path_fragment in result.output


def test_not_json(make_package) -> None:
    folder = make_package('{"name": "pkg",\n  "resources": [\n}', {"data.csv": CSV})
    assert codes(folder) == ["descriptor-not-json"]
    issue = validate_packages(load_packages([folder])).report.issues[0]
    assert issue.row == 3
    assert "ligne 3" in issue.message["fr"] and "line 3" in issue.message["en"]
    assert_clean_failure(run_validate(str(folder)), "descriptor-not-json", "datapackage.json")


def test_not_an_object(make_package) -> None:
    folder = make_package("[1, 2]", {})
    assert codes(folder) == ["descriptor-not-object"]


def test_no_name(make_package) -> None:
    descriptor = simple_descriptor()
    del descriptor["name"]
    folder = make_package(descriptor, {"data.csv": CSV}, name="Mon Jeu")
    assert codes(folder) == ["package-name-missing"]
    issue = validate_packages(load_packages([folder])).report.issues[0]
    assert '"name": "mon-jeu"' in issue.message["fr"]


def test_unknown_kind(make_package) -> None:
    folder = make_package(simple_descriptor(tdh={"kind": "budget"}), {"data.csv": CSV})
    assert codes(folder) == ["unknown-kind"]
    result = run_validate(str(folder), "--lang", "en")
    assert_clean_failure(result, "unknown-kind", "datapackage.json")
    assert "climate-budget" in result.output


def test_missing_file(make_package) -> None:
    folder = make_package(simple_descriptor(), {})
    assert codes(folder) == ["resource-file-missing"]
    assert_clean_failure(run_validate(str(folder)), "resource-file-missing", "data.csv")


def test_path_leaving_the_folder(make_package, tmp_path: Path) -> None:
    (tmp_path / "secret.csv").write_text(CSV)
    descriptor = simple_descriptor()
    descriptor["resources"][0]["path"] = "../../secret.csv"
    folder = make_package(descriptor, {})
    assert codes(folder) == ["resource-path-outside"]


def test_absolute_path(make_package, tmp_path: Path) -> None:
    (tmp_path / "secret.csv").write_text(CSV)
    descriptor = simple_descriptor()
    descriptor["resources"][0]["path"] = str(tmp_path / "secret.csv")
    folder = make_package(descriptor, {})
    assert codes(folder) == ["resource-path-absolute"]


def test_symlink_out_of_the_folder(make_package, tmp_path: Path) -> None:
    (tmp_path / "secret.csv").write_text(CSV)
    folder = make_package(simple_descriptor(), {})
    os.symlink(tmp_path / "secret.csv", folder / "data.csv")
    assert codes(folder) == ["resource-path-outside"]


@pytest.mark.parametrize("url", ["https://example.org/data.csv", "http://127.0.0.1:9/x.csv",
                                 "ftp://example.org/data.csv"])
def test_url_path(make_package, url: str) -> None:
    descriptor = simple_descriptor()
    descriptor["resources"][0]["path"] = url
    folder = make_package(descriptor, {})
    assert codes(folder) == ["resource-path-url"]
    issue = validate_packages(load_packages([folder])).report.issues[0]
    assert "réseau" in issue.message["fr"] and "network" in issue.message["en"]


def test_url_schema(make_package) -> None:
    descriptor = simple_descriptor()
    descriptor["resources"][0]["schema"] = "https://example.org/schema.json"
    folder = make_package(descriptor, {"data.csv": CSV})
    assert codes(folder) == ["resource-path-url"]


def test_no_resources(make_package) -> None:
    folder = make_package({"name": "pkg"}, {})
    assert codes(folder) == ["resources-missing"]


def test_empty_file(make_package) -> None:
    folder = make_package(simple_descriptor(), {"data.csv": ""})
    assert codes(folder) == ["resource-file-empty"]


def test_folder_without_descriptor(tmp_path: Path) -> None:
    (tmp_path / "datapackages" / "oops").mkdir(parents=True)
    (tmp_path / "datapackages" / "oops" / "data.csv").write_text(CSV)
    assert codes(tmp_path / "datapackages") == ["descriptor-missing"]


def test_duplicate_names_name_both_folders(make_package) -> None:
    first = make_package(simple_descriptor("same"), {"data.csv": CSV}, name="one")
    make_package(simple_descriptor("same"), {"data.csv": CSV}, name="two")
    report = validate_packages(load_packages([first.parent])).report
    duplicates = [i for i in report.issues if i.code == "package-name-duplicate"]
    assert len(duplicates) == 2
    assert "two" in duplicates[0].message["fr"] and "one" in duplicates[1].message["en"]


def test_json_report_shape(make_package) -> None:
    folder = make_package(simple_descriptor(), {})
    result = run_validate(str(folder), "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert set(data) == {"valid", "error_count", "warning_count", "packages"}
    issue = data["packages"][0]["issues"][0]
    assert set(issue) == {"code", "severity", "package", "resource", "path", "row", "field",
                          "value", "message"}
    assert set(issue["message"]) == {"fr", "en"}


def test_invalid_metadata_names_the_property(make_package) -> None:
    folder = make_package(simple_descriptor(created="29/11/2026"), {"data.csv": CSV})
    issues = validate_packages(load_packages([folder])).report.issues
    assert [i.code for i in issues] == ["package-error"]
    assert 'property "created" is not valid "datetime"' in issues[0].message["en"]
