"""Checks the data kinds add on top of frictionless: codes, rows and fields."""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path

import pytest

from generator.load import load_packages
from generator.validate import validate_packages
from tests.conftest import ROOT, simple_descriptor


def flat(folder: Path) -> list[tuple]:
    report = validate_packages(load_packages([folder])).report
    return [(i.code, i.severity, i.resource, i.row, i.field) for i in report.issues]


def copy_demo(name: str, tmp_path: Path) -> Path:
    target = tmp_path / name
    shutil.copytree(ROOT / "datapackages" / name, target)
    return target


def edit_descriptor(folder: Path, change) -> None:
    path = folder / "datapackage.json"
    descriptor = json.loads(path.read_text())
    change(descriptor)
    path.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2))


def test_demo_packages_are_valid() -> None:
    report = validate_packages(load_packages([ROOT / "datapackages"])).report
    assert report.error_count == 0
    assert {p.name for p in report.packages} >= {
        "issy-budget-climat", "issy-budget-vert", "issy-indicateurs", "issy-energie-batiments",
        "issy-participation"}


def test_kind_resource_missing(tmp_path: Path) -> None:
    folder = copy_demo("issy-budget-climat", tmp_path)
    edit_descriptor(folder, lambda d: d.update(
        resources=[r for r in d["resources"] if r["name"] != "targets"]))
    assert ("kind-resource-missing", "error", None, None, None) in flat(folder)


def test_kind_field_missing(tmp_path: Path) -> None:
    folder = copy_demo("issy-participation", tmp_path)
    csv = folder / "areas.csv"
    lines = csv.read_text().splitlines()
    header = lines[0].split(",")
    index = header.index("population")
    rows = [",".join(c for i, c in enumerate(line.split(",")) if i != index) for line in lines]
    csv.write_text("\n".join(rows) + "\n")
    edit_descriptor(folder, lambda d: [
        r["schema"].update(fields=[f for f in r["schema"]["fields"] if f["name"] != "population"])
        for r in d["resources"] if r["name"] == "areas"])
    assert ("kind-field-missing", "error", "areas", None, None) in flat(folder)


def test_unknown_rating_code_names_row_and_field(tmp_path: Path) -> None:
    folder = copy_demo("issy-budget-vert", tmp_path)
    edit_descriptor(folder, lambda d: [
        f.get("constraints", {}).pop("enum", None)
        for r in d["resources"] for f in r["schema"]["fields"] if f["name"] == "axis"])
    csv = folder / "ratings.csv"
    lines = csv.read_text().splitlines()
    lines[3] = lines[3].replace(",attenuation,", ",climat,", 1)
    csv.write_text("\n".join(lines) + "\n")
    found = flat(folder)
    assert ("unknown-code", "error", "ratings", 4, "axis") in found


def test_weights_not_one_and_unrated_line(tmp_path: Path) -> None:
    folder = copy_demo("issy-budget-vert", tmp_path)
    csv = folder / "ratings.csv"
    lines = csv.read_text().splitlines()
    header = lines[0].split(",")
    weight = header.index("weight")
    first = lines[1].split(",")
    line_id = first[header.index("line_id")]
    first[weight] = "0.5"
    lines[1] = ",".join(first)
    csv.write_text("\n".join(lines) + "\n")
    report = validate_packages(load_packages([folder])).report
    weights = [i for i in report.issues if i.code == "weights-not-one"]
    assert len(weights) == 1 and weights[0].param("line_id") == line_id
    assert line_id in weights[0].message["fr"] and "0,5" in weights[0].message["fr"]
    # remove every rating of that line: it becomes an unrated counted line
    lines = [line for line in csv.read_text().splitlines()
             if line.split(",")[header.index("line_id")] != line_id]
    csv.write_text("\n".join(lines) + "\n")
    report = validate_packages(load_packages([folder])).report
    unrated = [i for i in report.issues if i.code == "unrated-line"]
    assert [i.param("line_id") for i in unrated] == [line_id]
    assert "atténuation" in unrated[0].message["fr"]


def test_formula_cells_and_unflagged_values_warn(make_package) -> None:
    descriptor = simple_descriptor()
    descriptor["resources"][0]["schema"]["fields"] += [
        {"name": "source", "type": "string"}, {"name": "is_estimate", "type": "boolean"}]
    csv = ("id,label,value,source,is_estimate\n"
           "1,=HYPERLINK(\"http://x\"),1,INSEE,false\n"
           "2,-12,2,,true\n"
           "3,@user,3,,false\n"
           "4,+33 1 40,4,mairie,false\n")
    folder = make_package(descriptor, {"data.csv": csv})
    found = [f for f in flat(folder) if f[1] == "warning"]
    assert found == [
        ("formula-cell", "warning", "data", 2, "label"),
        ("formula-cell", "warning", "data", 4, "label"),
        ("formula-cell", "warning", "data", 5, "label"),
        ("unflagged-value", "warning", "data", 4, "source"),
    ]


@pytest.mark.parametrize("kind", ["climate-budget", "green-budget", "kpis", "building-energy",
                                  "participation"])
def test_every_kind_requires_its_resources(make_package, kind: str) -> None:
    descriptor = copy.deepcopy(simple_descriptor(tdh={"kind": kind}))
    folder = make_package(descriptor, {"data.csv": "id,label,value\n1,a,1\n"})
    codes = {f[0] for f in flat(folder)}
    assert codes == {"kind-resource-missing"}
