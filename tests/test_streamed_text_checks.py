"""`tdh validate` makes the text-cell checks while streaming: same findings as on tables."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.load import load_packages
from generator.validate import _validate_package, validate_packages
from tests.conftest import corpus_cases

TEXT_CSV = (
    "id,label,source,is_estimate\n"
    "1,=SUM(A1:A3),Insee,false\n"
    "2,-12.5,,true\n"
    "3,+33 1 23 45 67 89,,false\n"
    "4,@mention,  ,\n"
    "5,plain,,false\n"
    "6,,Insee,false\n"
    '7,"-,2",,\n'
)
TEXT_DESCRIPTOR = {
    "name": "texts", "title": "Textes", "description": "Cellules de texte.",
    "licenses": [{"name": "etalab-2.0", "title": "Licence Ouverte 2.0"}],
    "resources": [{"name": "data", "path": "data.csv", "schema": {"fields": [
        {"name": "id", "type": "integer"}, {"name": "label", "type": "string"},
        {"name": "source", "type": "string"}, {"name": "is_estimate", "type": "boolean"}]}}],
}


def both_ways(folder: Path) -> tuple[list[dict], list[dict]]:
    source = load_packages([folder])[0]
    on_tables = _validate_package(source, 2 * 1024**3, 1_000_000, keep_tables=True)[0]
    streamed = _validate_package(source, 2 * 1024**3, 1_000_000, keep_tables=False)[0]
    return ([i.to_dict() for i in on_tables.issues], [i.to_dict() for i in streamed.issues])


def test_formula_and_unflagged_findings_are_the_same(make_package) -> None:
    folder = make_package(TEXT_DESCRIPTOR, {"data.csv": TEXT_CSV}, name="texts")
    on_tables, streamed = both_ways(folder)
    assert streamed == on_tables
    found = [(i["code"], i["row"], i["field"]) for i in streamed]
    assert ("formula-cell", 2, "label") in found and ("formula-cell", 5, "label") in found
    assert ("formula-cell", 3, "label") not in found  # -12.5 is a number
    assert ("unflagged-value", 4, "source") in found


@pytest.mark.parametrize("folder", corpus_cases("real") + corpus_cases("invalid"),
                         ids=lambda p: p.name)
def test_corpus_findings_are_the_same(folder: Path) -> None:
    on_tables, streamed = both_ways(folder)
    assert streamed == on_tables


def test_validate_without_tables_builds_no_dataframe(make_package, monkeypatch) -> None:
    folder = make_package(TEXT_DESCRIPTOR, {"data.csv": TEXT_CSV}, name="texts")

    def no_tables(*args, **kwargs):
        raise AssertionError("read_tables called")

    monkeypatch.setattr("generator.load.read_tables", no_tables)
    report = validate_packages(load_packages([folder])).report
    assert report.warning_count >= 3
