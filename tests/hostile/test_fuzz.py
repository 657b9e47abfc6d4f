"""Fuzzing, bounded in time: random bytes, CSV-like text and JSON descriptors never crash the
validator's readers; they yield a Report (with issues when the input is broken).

Runs are derandomised (the same examples on every run) and small (the file takes < 60 s).
"""

from __future__ import annotations

import itertools
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.load import load_packages
from generator.model import Report
from generator.report import report_to_json, report_to_text
from generator.validate import validate_packages

FIELDS = [
    {"name": "id", "type": "integer"},
    {"name": "label", "type": "string"},
    {"name": "value", "type": "number"},
    {"name": "day", "type": "date"},
    {"name": "flag", "type": "boolean"},
]
NAMES = [field["name"] for field in FIELDS]
FUZZ = settings(max_examples=200, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
COUNTER = itertools.count()
pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")  # frictionless deprecations


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One folder for every example (each example writes its own package, then deletes it)."""
    return tmp_path_factory.mktemp("fuzz")


def check(workspace: Path, descriptor: Any, data: bytes | None) -> Report:
    """Write a package, validate it as `tdh validate` does, render the report both ways."""
    folder = workspace / f"pkg{next(COUNTER)}"
    folder.mkdir()
    try:
        text = descriptor if isinstance(descriptor, str) else json.dumps(descriptor)
        (folder / "datapackage.json").write_text(text, encoding="utf-8")
        if data is not None:
            (folder / "data.csv").write_bytes(data)
        report = validate_packages(load_packages([folder]), max_file_bytes=10**6,
                                   limit_errors=200).report
        assert isinstance(report, Report)
        for issue in report.issues:
            assert issue.message["fr"] and issue.message["en"]
        json.loads(report_to_json(report))
        report_to_text(report, "fr")
        return report
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def package(encoding: str | None = None, delimiter: str | None = None) -> dict[str, Any]:
    """A package of one CSV resource with a five-type schema."""
    resource: dict[str, Any] = {"name": "data", "path": "data.csv",
                                "schema": {"fields": FIELDS, "primaryKey": ["id"]}}
    if encoding:
        resource["encoding"] = encoding
    if delimiter:
        resource["dialect"] = {"delimiter": delimiter}
    return {"name": "fuzz", "title": "Fuzz", "description": "Fuzz.",
            "licenses": [{"name": "etalab-2.0"}], "resources": [resource]}


ENCODINGS = st.sampled_from([None, "utf-8", "windows-1252", "utf-16", "latin-1", "ascii"])
DELIMITERS = st.sampled_from([None, ",", ";", "\t", "|"])
TRICKY_CELLS = st.sampled_from([
    "", " ", '"', '""', '"a""b"', "1", "-0", "1e309", "-1e999", "NaN", "INF", "nan", "1,5",
    "1 234", "123456789012345678901234567890", "0000-01-01", "2024-02-30", "99999-01-01",
    "true", "FALSE", "=1+1", "@SUM(A1)", "<script>alert(1)</script>", "\u202e", "\x00",
    "\x1b[2J", "\ufeff", "é", "\U0001f600", "\r", "\n", "\r\n",
])
CELLS = st.one_of(TRICKY_CELLS, st.text(max_size=12))


@FUZZ
@given(data=st.binary(max_size=3000), encoding=ENCODINGS, delimiter=DELIMITERS)
def test_random_bytes_as_csv(workspace: Path, data: bytes, encoding: str | None,
                             delimiter: str | None) -> None:
    """Any bytes in a declared CSV give a Report, never an exception."""
    report = check(workspace, package(encoding, delimiter), data)
    if not data:
        assert [i.code for i in report.issues] == ["resource-file-empty"]


@st.composite
def csv_like(draw: st.DrawFn) -> tuple[bytes, str | None]:
    """CSV-like text: the schema's header or a random one, rows of tricky cells."""
    delimiter = draw(st.sampled_from([",", ";", "\t", "|"]))
    header = draw(st.one_of(st.just(NAMES), st.lists(CELLS, max_size=7)))
    rows = draw(st.lists(st.lists(CELLS, max_size=7), max_size=15))
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    quote = draw(st.booleans())

    def line(cells: list[str]) -> str:
        if quote:
            cells = ['"' + cell.replace('"', '""') + '"' for cell in cells]
        return delimiter.join(cells)

    text = newline.join(line(cells) for cells in [header, *rows])
    if draw(st.booleans()):
        text += newline
    prefix = "\ufeff" if draw(st.booleans()) else ""
    declared = draw(st.sampled_from([None, delimiter]))
    return (prefix + text).encode("utf-8", "surrogatepass"), declared


@FUZZ
@given(sample=csv_like())
def test_random_csv_like_text(workspace: Path, sample: tuple[bytes, str | None]) -> None:
    """Delimiters, quotes, newlines and unicode in any order give a Report."""
    data, delimiter = sample
    check(workspace, package(None, delimiter), data)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=10),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)
FIELD_TYPES = st.sampled_from(["string", "integer", "number", "date", "datetime", "boolean",
                               "year", "object", "array", "any", "geopoint", "duration", "x"])


@FUZZ
@given(value=JSON_VALUES)
def test_random_json_descriptor(workspace: Path, value: Any) -> None:
    """Any JSON value as datapackage.json gives a Report with an error."""
    report = check(workspace, value, b"id,label\n1,a\n")
    assert not report.valid


@st.composite
def near_valid_descriptor(draw: st.DrawFn) -> dict[str, Any]:
    """A descriptor of the right shape with random values where frictionless reads them."""
    fields = draw(st.lists(st.fixed_dictionaries(
        {"name": st.one_of(st.sampled_from(NAMES), st.text(max_size=6)), "type": FIELD_TYPES},
        optional={"format": st.one_of(st.sampled_from(["default", "any", "%d/%m/%Y"]),
                                      JSON_VALUES),
                  "constraints": st.one_of(JSON_VALUES, st.fixed_dictionaries({}, optional={
                      "required": JSON_VALUES, "minimum": JSON_VALUES,
                      "enum": JSON_VALUES, "pattern": st.text(max_size=6)}))}),
        max_size=5))
    schema = draw(st.one_of(st.just({"fields": fields}), JSON_VALUES,
                            st.just({"fields": fields, "primaryKey": draw(JSON_VALUES)})))
    resource = draw(st.fixed_dictionaries(
        {"name": st.one_of(st.just("data"), JSON_VALUES), "path": st.one_of(
            st.just("data.csv"), st.just(["data.csv", "data.csv"]), JSON_VALUES),
         "schema": st.just(schema)},
        optional={"dialect": JSON_VALUES, "encoding": st.one_of(ENCODINGS, JSON_VALUES),
                  "format": st.one_of(st.sampled_from(["csv", "json", "xlsx"]), JSON_VALUES),
                  "compression": st.sampled_from(["zip", "gz", "no"])}))
    return {"name": draw(st.one_of(st.just("fuzz"), JSON_VALUES)),
            "resources": draw(st.one_of(st.just([resource]), JSON_VALUES)),
            **draw(st.dictionaries(st.sampled_from(["tdh", "licenses", "profile", "title",
                                                    "keywords", "sources"]), JSON_VALUES,
                                   max_size=2))}


@FUZZ
@given(value=near_valid_descriptor())
def test_near_valid_descriptor(workspace: Path, value: dict[str, Any]) -> None:
    """Random values inside a descriptor of the right shape give a Report."""
    check(workspace, value, b"id,label,value,day,flag\n1,a,1.5,2024-01-01,true\n2,b,,,\n")
