"""Benchmark data, generated with pyarrow in chunks (nothing large is committed)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pv

CHUNK = 1_000_000
META = {"licenses": [{"name": "etalab-2.0", "title": "Licence Ouverte 2.0"}],
        "description": "Données générées pour le banc d'essai."}
CONSTRAINED = [
    {"name": "id", "type": "integer", "constraints": {"required": True, "unique": True}},
    {"name": "name", "type": "string", "constraints": {"maxLength": 20}},
    {"name": "value", "type": "number", "constraints": {"minimum": 0}},
    {"name": "day", "type": "date"},
]


def _descriptor(folder: Path, name: str, resources: list[dict[str, Any]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    descriptor = {"name": name, "title": name, **META, "resources": resources}
    (folder / "datapackage.json").write_text(json.dumps(descriptor, indent=1), encoding="utf-8")
    return folder


def _chunk(start: int, size: int, rng: np.random.Generator) -> pa.Table:
    ids = np.arange(start + 1, start + size + 1)
    names = pc.binary_join_element_wise("commune-", pc.cast(pa.array(ids % 5000), pa.string()), "")
    days = np.datetime64("2000-01-01") + rng.integers(0, 9000, size).astype("timedelta64[D]")
    return pa.table({"id": ids, "name": names, "value": np.round(rng.random(size) * 1000, 2),
                     "day": pa.array(days, pa.date32())})


def constrained_package(folder: Path, rows: int, unique: bool = True) -> Path:
    """One CSV of `rows` valid rows: id, name, value, day (the four constrained fields)."""
    if (folder / "data.csv").exists() and (folder / "rows.txt").exists() \
            and (folder / "rows.txt").read_text() == str(rows):
        return folder
    fields = json.loads(json.dumps(CONSTRAINED))
    if not unique:
        fields[0]["constraints"] = {"required": True}
    _descriptor(folder, folder.name, [{"name": "data", "path": "data.csv",
                                       "schema": {"fields": fields}}])
    rng = np.random.default_rng(1)
    options = pv.WriteOptions(quoting_style="needed")
    with pv.CSVWriter(folder / "data.csv", _chunk(0, 1, rng).schema, write_options=options) as out:
        for start in range(0, rows, CHUNK):
            out.write_table(_chunk(start, min(CHUNK, rows - start), rng))
    (folder / "rows.txt").write_text(str(rows))
    return folder


def _write(path: Path, columns: dict[str, Any], broken: dict[int, str] | None = None) -> None:
    """A CSV file; `broken` replaces whole lines (ragged or blank rows) by their text."""
    text = pv.WriteOptions(quoting_style="needed")
    pv.write_csv(pa.table(columns), path, write_options=text)
    if broken:
        lines = path.read_text(encoding="utf-8").split("\n")
        for line, replacement in broken.items():
            lines[line] = replacement
        path.write_text("\n".join(lines), encoding="utf-8")


def _spoil(rng: np.random.Generator, values: np.ndarray, share: float, bad: Any) -> np.ndarray:
    values = values.astype(str).astype(object)  # text, so that a bad value fits in
    values[rng.random(len(values)) < share] = bad
    return values


def budget_package(folder: Path, lines: int = 150_000, payments: int = 150_000) -> Path:
    """Communes, budget lines and payments, keyed by foreign keys, with many defects."""
    rng = np.random.default_rng(2)
    codes = np.array([f"{75000 + i:05d}" for i in range(2000)])
    regions = ["IDF", "ARA", "BFC", "BRE", "CVL", "COR", "GES", "HDF", "NOR", "NAQ", "OCC",
               "PDL", "PAC"]
    _descriptor(folder, "budgets-communes", [
        {"name": "communes", "path": "communes.csv", "schema": {"primaryKey": ["code"], "fields": [
            {"name": "code", "type": "string", "constraints": {"pattern": "[0-9]{5}"}},
            {"name": "name", "type": "string", "constraints": {"required": True}},
            {"name": "population", "type": "integer", "constraints": {"minimum": 0}},
            {"name": "region", "type": "string", "constraints": {"enum": regions}}]}},
        {"name": "lines", "path": "lines.csv", "schema": {
            "primaryKey": ["line_id"],
            "foreignKeys": [{"fields": ["commune"],
                             "reference": {"resource": "communes", "fields": ["code"]}}],
            "fields": [
                {"name": "line_id", "type": "string"},
                {"name": "commune", "type": "string", "constraints": {"required": True}},
                {"name": "year", "type": "integer",
                 "constraints": {"minimum": 2015, "maximum": 2025}},
                {"name": "section", "type": "string",
                 "constraints": {"enum": ["investissement", "fonctionnement"]}},
                {"name": "amount", "type": "number", "constraints": {"minimum": 0}},
                {"name": "voted_on", "type": "date"}]}},
        {"name": "payments", "path": "payments.csv", "schema": {
            "primaryKey": ["payment_id"],
            "foreignKeys": [{"fields": ["line_id"],
                             "reference": {"resource": "lines", "fields": ["line_id"]}}],
            "fields": [
                {"name": "payment_id", "type": "integer"},
                {"name": "line_id", "type": "string"},
                {"name": "paid_on", "type": "date", "constraints": {"required": True}},
                {"name": "amount", "type": "number", "constraints": {"minimum": 0}}]}},
    ])
    _write(folder / "communes.csv", {
        "code": codes, "name": [f"Commune {i}" for i in range(2000)],
        "population": _spoil(rng, rng.integers(100, 200_000, 2000), 0.01, "n/a"),
        "region": rng.choice(regions, 2000)})
    ids = np.array([f"L{i:07d}" for i in range(lines)])
    ids[rng.random(lines) < 0.002] = "L0000001"
    commune = _spoil(rng, rng.choice(codes, lines), 0.03, "99999")
    _write(folder / "lines.csv", {
        "line_id": ids, "commune": commune,
        "year": _spoil(rng, rng.integers(2015, 2026, lines), 0.01, "2031"),
        "section": _spoil(rng, rng.choice(["investissement", "fonctionnement"], lines), 0.01,
                          "autre"),
        "amount": _spoil(rng, np.round(rng.random(lines) * 1e5, 2), 0.02, "-12.5"),
        "voted_on": _spoil(rng, np.datetime_as_string(np.datetime64("2015-01-01") + rng.integers(
            0, 3650, lines).astype("timedelta64[D]")), 0.005, "31/12/2020")})
    line_ref = _spoil(rng, rng.choice(ids, payments), 0.05, "L9999999")
    _write(folder / "payments.csv", {
        "payment_id": np.arange(payments), "line_id": line_ref,
        "paid_on": _spoil(rng, np.datetime_as_string(np.datetime64("2016-01-01") + rng.integers(
            0, 3000, payments).astype("timedelta64[D]")), 0.02, "2021-02-30"),
        "amount": _spoil(rng, np.round(rng.random(payments) * 5e4, 2), 0.005, "12,50")},
        broken={1000 * k + 7: text for k, text in enumerate(["", "1,L0000002"] * 10, start=1)})
    return folder
