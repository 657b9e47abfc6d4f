"""`tdh validate` finds exactly what frictionless-py finds on the public corpus."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from generator.load import load_packages
from generator.model import ERROR
from generator.validate import validate_packages
from tests.conftest import corpus_cases


def findings(folder: Path) -> list[tuple]:
    report = validate_packages(load_packages([folder])).report
    return [(i.code, i.row, i.field, i.resource) for i in report.issues if i.severity == ERROR]


def expected_findings(folder: Path) -> list[tuple]:
    expected = json.loads((folder / "expected.json").read_text())
    return [(e["code"], e["row"], e["field"], e.get("resource")) for e in expected["errors"]]


INVALID = corpus_cases("invalid") + corpus_cases("real-invalid")


@pytest.mark.parametrize("folder", INVALID, ids=[p.name for p in INVALID])
def test_same_findings_as_frictionless(folder: Path) -> None:
    expected = expected_findings(folder)
    found = findings(folder)
    with_resource = all(e[3] is not None for e in expected)
    if not with_resource:
        found = [f[:3] + (None,) for f in found]
    assert Counter(found) == Counter(expected)


REAL = corpus_cases("real")


@pytest.mark.parametrize("folder", REAL, ids=[p.name for p in REAL])
def test_real_packages_are_valid(folder: Path) -> None:
    assert findings(folder) == []


def test_corpus_is_present() -> None:
    assert len(INVALID) >= 16 and len(REAL) >= 13


def test_co2_ppm_reports_every_extra_cell() -> None:
    folder = next(p for p in INVALID if p.name == "co2-ppm")
    codes = Counter(f[0] for f in findings(folder))
    assert codes["extra-cell"] == 820
