"""The fast engine alone, with no fallback, finds exactly what frictionless-py finds (run live)."""

from __future__ import annotations

import csv
import io
import json
import random
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from generator.load import _row_stream_frame, load_packages, read_tables
from generator.validate import resource_files, validate_packages
from generator.validate.fast import validate_package_fast
from generator.validate.tables import _table_issue
from tests.conftest import ROOT, corpus_cases

LIMIT = 10**9
CORPUS = corpus_cases("invalid") + corpus_cases("real-invalid") + corpus_cases("real")
# Inline data and multi-file paths are left to frictionless-py on purpose.
EXPECTED_FALLBACKS = {("camtrap-dp", "individuals"), ("frictionless-r-v1", "observations"),
                      ("frictionless-r-v1", "media"), ("frictionless-r-v2", "observations"),
                      ("frictionless-r-v2", "media")}


def both(folder: Path, limit: int = LIMIT) -> tuple[dict[str, Any], dict[str, list]]:
    """Fast outcomes and frictionless' issues per resource, both mapped to our Issues."""
    from frictionless import Package, system

    source = load_packages([folder])[0]
    with system.use_context(trusted=False):
        fast = validate_package_fast(Package.from_descriptor(
            source.descriptor, basepath=str(folder)), limit)
        report = Package.from_descriptor(source.descriptor, basepath=str(folder)).validate(
            limit_errors=limit)

    files = resource_files(source)

    def issues(errors: list, name: str) -> list:
        return [_table_issue(e, source.name, name, files.get(name, source.display_path), source,
                             source.descriptor) for e in errors]

    expected = {task.name: issues(task.errors, task.name) for task in report.tasks}
    outcomes = {name: o.reason if o.errors is None else issues(o.errors, name)
                for name, o in fast.items()}
    return outcomes, expected


def assert_same(folder: Path, limit: int = LIMIT) -> set[str]:
    """Assert equal findings where the engine applies; return the resources it left."""
    outcomes, expected = both(folder, limit)
    left = set()
    for name, found in outcomes.items():
        if isinstance(found, str):
            left.add(name)
            continue
        assert [(i.code, i.row, i.field) for i in found] == \
            [(i.code, i.row, i.field) for i in expected[name]], name
        assert found == expected[name], name
    return left


@pytest.mark.parametrize("folder", CORPUS, ids=[p.name for p in CORPUS])
def test_corpus_case(folder: Path) -> None:
    left = assert_same(folder)
    assert {(folder.name, name) for name in left} <= EXPECTED_FALLBACKS


def test_corpus_case_with_an_error_limit() -> None:
    folder = next(p for p in CORPUS if p.name == "co2-ppm")
    assert_same(folder, limit=7)


def _mutate(folder: Path, seed: int) -> None:
    """Break about 2% of the rows of every CSV file: bad cells, duplicates, blank and short rows."""
    rng = random.Random(seed)
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8-sig"))
    for resource in descriptor["resources"]:
        path = resource.get("path")
        if not isinstance(path, str) or not path.endswith(".csv"):
            continue
        encoding = resource.get("encoding", "utf-8-sig")
        text = (folder / path).read_bytes().decode(encoding)
        head = text.split("\n", 1)[0]
        delimiter = ";" if head.count(";") > head.count(",") else ","
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
        picked = rng.sample(range(1, len(rows)), min(40, len(rows) // 50))
        for index in sorted(picked, reverse=True):
            row, kind = rows[index], rng.random()
            if kind < 0.5 and row:
                row[rng.randrange(len(row))] = rng.choice(["x", "", "-1", "2020-13-45", "NA"])
            elif kind < 0.7:
                rows.insert(index, list(row))
            elif kind < 0.8:
                rows.insert(index, [])
            elif kind < 0.9:
                rows[index] = row[:-1]
            else:
                rows[index] = row + ["extra"]
        out = io.StringIO()
        csv.writer(out, delimiter=delimiter, lineterminator="\n").writerows(rows)
        (folder / path).write_bytes(out.getvalue().encode(encoding))


REAL = corpus_cases("real")


@pytest.mark.parametrize("folder", REAL, ids=[p.name for p in REAL])
def test_broken_real_package(folder: Path, tmp_path: Path) -> None:
    target = tmp_path / folder.name
    shutil.copytree(folder, target)
    _mutate(target, seed=len(folder.name))
    left = assert_same(target)
    assert {(folder.name, name) for name in left} <= EXPECTED_FALLBACKS


def test_many_batches_ragged_rows_and_quoted_line_breaks(tmp_path: Path, monkeypatch) -> None:
    from generator.validate.fast import reader

    monkeypatch.setattr(reader, "BLOCK_SIZE", 16 << 10)
    rng = random.Random(7)
    lines = ["id,name,value,day"]
    for i in range(6000):
        cells = [str(i if rng.random() > 0.002 else rng.randrange(i + 1)),
                 rng.choice(["a", '"two\nlines"', '"x,y"', "", "toolong"]),
                 rng.choice(["1.5", "-1", "x", ""]) if rng.random() < 0.02 else str(i / 7),
                 rng.choice(["2020-02-30", "2020-1-1", ""]) if rng.random() < 0.02
                 else f"2020-{i % 12 + 1:02d}-15"]
        kind = rng.random()
        lines.append("" if kind < 0.002 else ",".join(cells[:3] if kind < 0.004 else
                                                       cells + ["x"] if kind < 0.006 else cells))
    fields = [{"name": "id", "type": "integer", "constraints": {"required": True}},
              {"name": "name", "type": "string", "constraints": {"maxLength": 5}},
              {"name": "value", "type": "number", "constraints": {"minimum": 0}},
              {"name": "day", "type": "date"}]
    _write(tmp_path, "\n".join(lines) + "\n", {"fields": fields, "primaryKey": ["id"]})
    assert assert_same(tmp_path) == set()


def _write(folder: Path, text: str, schema: dict | None, extra: list | None = None) -> None:
    resource: dict[str, Any] = {"name": "data", "path": "data.csv"}
    if schema is not None:
        resource["schema"] = schema
    descriptor = {"name": "case", "resources": [resource, *(extra or [])]}
    (folder / "datapackage.json").write_text(json.dumps(descriptor))
    (folder / "data.csv").write_bytes(text.encode("utf-8"))


def test_demo_packages_never_fall_back() -> None:
    validated = validate_packages(load_packages([ROOT / "datapackages"]))
    assert validated.report.valid and validated.fallbacks == {}


@pytest.mark.parametrize("folder", REAL, ids=[p.name for p in REAL])
def test_typed_tables_match_frictionless_rows(folder: Path) -> None:
    from frictionless import Package, system

    source = load_packages([folder])[0]
    tables = read_tables(source)
    with system.use_context(trusted=False):
        package = Package.from_descriptor(source.descriptor, basepath=str(folder))
        for resource in (r for r in package.resources if r.tabular):
            expected = _row_stream_frame(resource)
            assert tables[resource.name].dtypes.tolist() == expected.dtypes.tolist()
            assert tables[resource.name].equals(expected)


VALUES = {
    "string": ["abc", "a", "", "NA", " x ", "été", "12", "ab\ncd", "a,b", 'q"q'],
    "integer": ["1", "2", "-3", "+4", " 5 ", "007", "1_000", "x", "", "NA", "1.0"],
    "number": ["1.5", "2", "-0", ".5", "1e3", "1,5", "NaN", "x", "", "NA", " 3.25 "],
    "boolean": ["true", "false", "True", "0", "1", "yes", "", "NA"],
    "date": ["2020-01-31", "2020-02-30", "2021-2-3", "2020-13-01", "x", "", "1999-12-31"],
    "datetime": ["2020-01-01T10:00:00", "2020-01-01T10:00:00Z", "2020-01-01T24:00:00",
                 "2020-01-01 10:00:00", "x", ""],
    "year": ["2020", "1999", "+123", "20201", "x", ""],
    "yearmonth": ["2020-01", "2020-13", "2020-1", "x", ""],
    "any": ["a", "1", "", "NA"],
}
CONSTRAINTS = {
    "string": [{"minLength": 2}, {"maxLength": 3}, {"pattern": "[a-z]+"}, {"pattern": "a|b"},
               {"enum": ["abc", "a", "12"]}],
    "integer": [{"minimum": 0}, {"maximum": 2}, {"enum": [1, 2, "3"]}],
    "number": [{"minimum": 0}, {"maximum": 2}, {"enum": [1.5, 2]}],
    "date": [{"minimum": "2000-01-01"}], "yearmonth": [{"maximum": "2020-06"}],
    "year": [{"minimum": 2000}], "boolean": [{"enum": [True]}], "any": [{"enum": ["a"]}],
    "datetime": [],
}


@st.composite
def packages(draw: Any) -> tuple[str, dict | None]:
    """A small CSV and its schema: types, constraints, keys, missing values, odd rows."""
    fields = []
    for index in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(sorted(VALUES)))
        constraints: dict[str, Any] = {}
        for extra in draw(st.lists(st.sampled_from(CONSTRAINTS[kind] + [{"required": True},
                                                                        {"unique": True}]),
                                   max_size=2)):
            constraints.update(extra)
        fields.append({"name": f"f{index}", "type": kind, "constraints": constraints})
    schema: dict[str, Any] = {"fields": fields}
    schema["missingValues"] = draw(st.sampled_from([[""], ["", "NA"], ["NA"]]))
    if draw(st.booleans()):
        schema["primaryKey"] = [fields[0]["name"]]
    labels = [f["name"] for f in fields] + draw(st.sampled_from([[], [], ["extra"]]))
    lines = [",".join(labels)]
    for _ in range(draw(st.integers(0, 8))):
        shape = draw(st.sampled_from(["row"] * 6 + ["blank", "short", "long"]))
        width = len(labels) + {"short": -1, "long": 1}.get(shape, 0)
        cells = [draw(st.sampled_from(VALUES[fields[i]["type"] if i < len(fields) else "any"]))
                 for i in range(width)] if shape != "blank" else []
        lines.append(",".join('"' + c.replace('"', '""') + '"' if set(c) & set(',"\n') else c
                              for c in cells))
    return "\n".join(lines) + "\n", None if draw(st.integers(0, 9)) == 0 else schema


@settings(max_examples=60, deadline=None, database=None)
@given(packages())
def test_random_tables_same_as_frictionless(case: tuple[str, dict | None]) -> None:
    text, schema = case
    with tempfile.TemporaryDirectory() as folder:
        _write(Path(folder), text, schema)
        outcomes, expected = both(Path(folder))
    found = outcomes["data"]
    if isinstance(found, str):
        event(f"fallback: {found.split(':')[0]}")
        return
    assert [(i.code, i.row, i.field) for i in found] == \
        [(i.code, i.row, i.field) for i in expected["data"]]
    assert found == expected["data"]


def test_verbose_names_the_resources_left_to_frictionless() -> None:
    from click.testing import CliRunner

    from generator.cli import cli

    folder = next(p for p in REAL if p.name == "frictionless-r-v1")
    result = CliRunner().invoke(cli, ["validate", "--verbose", "--lang", "en", str(folder)])
    assert "Validated by frictionless-py (slower): example_package / media — inline data" \
        in result.output
    quiet = CliRunner().invoke(cli, ["validate", "--lang", "en", str(folder)])
    assert "frictionless-py" not in quiet.output


def test_validate_stays_import_light() -> None:
    import subprocess
    import sys

    code = ("import sys; from click.testing import CliRunner; from generator.cli import cli; "
            "CliRunner().invoke(cli, ['validate', 'datapackages']); "
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'mkdocs', 'altair'}))")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip().splitlines()[-1] == "[]"
