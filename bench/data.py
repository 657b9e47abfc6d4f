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


# --- many generated packages, for the build benchmark ------------------------------------------

PLACES = ["Centre-ville", "Les Épinettes", "Val de Seine", "Corentin-Celton", "La Ferme",
          "Les Hauts d'Issy", "Fort d'Issy", "Bords de Seine", "Issy-Plaine", "Les Arches",
          "Jean-Jaurès", "Île Saint-Germain", "Mairie", "Chemin Vert", "Guynemer",
          "Hôpital Corentin", "Parc Henri-Barbusse", "Victor-Cresson", "République",
          "Les Moulineaux", "Gallieni", "Diderot", "Marceau", "Pasteur", "Vaugirard",
          "Bellevue", "Saint-Exupéry", "Jules-Ferry", "Molière", "Anatole-France",
          "Les Chartreux", "Pont d'Issy", "Rodin", "Renan", "Clos Montholon", "Hoche"]
THEMES = [("energie", "Consommation d'énergie", "Énergie consommée", "kWh"),
          ("dechets", "Collecte des déchets", "Tonnage collecté", "t"),
          ("eau", "Consommation d'eau", "Volume d'eau", "m³"),
          ("mobilite", "Comptages vélo", "Passages comptés", "passages"),
          ("budget", "Dépenses de fonctionnement", "Montant", "€"),
          ("air", "Qualité de l'air", "Concentration moyenne", "µg/m³")]


def _field(name: str, kind: str, title: str, description: str, **constraints: Any
           ) -> dict[str, Any]:
    field = {"name": name, "type": kind, "title": title, "description": description}
    if constraints:
        field["constraints"] = constraints
    return field


def _generated_resource(package: int, index: int, rows: int, rng: np.random.Generator
                        ) -> tuple[dict[str, Any], pa.Table]:
    """One resource: even indexes are dated (line chart), odd ones by category (bar chart)."""
    slug, title, measure, unit = THEMES[(package + index) % len(THEMES)]
    dated = index % 2 == 0
    name = f"{slug}-{index:02d}"
    # dated series come from 3 to 8 sites (a line each, as autochart draws up to 8 series);
    # a bar chart by quartier needs at most 25 categories
    places = PLACES[:3 + (package + index) % 6 if dated else 12 + (package + index) % 13]
    ids = np.arange(1, rows + 1, dtype=np.int64)
    columns: dict[str, Any] = {"id": ids}
    fields = [_field("id", "integer", "Identifiant", "Numéro de la mesure.", required=True,
                     unique=True)]
    if dated:
        start = np.datetime64("2019-01-01") + int(rng.integers(0, 365))
        days = start + np.sort(rng.integers(0, 5 * 365, rows)).astype("timedelta64[D]")
        columns["date"] = pa.array(days, pa.date32())
        fields.append(_field("date", "date", "Date", "Jour de la mesure.", required=True))
    columns["quartier"] = pa.array(np.array(places, dtype=object)[
        rng.integers(0, len(places), rows)], pa.string())
    fields.append(_field("quartier", "string", "Quartier", "Quartier de la mesure.",
                         required=True, enum=places))
    scale = float(10 ** rng.integers(1, 5))
    columns["valeur"] = np.round(rng.gamma(2.0, scale / 2, rows), 2)
    fields.append(_field("valeur", "number", f"{measure} ({unit})",
                         f"{measure}, en {unit}.", required=True, minimum=0))
    if (package + index) % 3 != 0:
        columns["nombre_releves"] = rng.integers(0, 500, rows)
        fields.append(_field("nombre_releves", "integer", "Nombre de relevés",
                             "Nombre de relevés agrégés dans la mesure.", minimum=0))
    if (package + index) % 4 == 1:
        spoiled = np.round(rng.random(rows) * 100, 1)
        columns["part_estimee"] = pa.array(spoiled, mask=rng.random(rows) < 0.05)
        fields.append(_field("part_estimee", "number", "Part estimée (%)",
                             "Part de la valeur estimée plutôt que mesurée ; vide si inconnue.",
                             minimum=0, maximum=100))
    descriptor = {
        "name": name, "path": f"data/{name}.csv", "title": f"{title} ({index + 1})",
        "description": f"{title} par {'jour' if dated else 'mesure'} et par quartier.",
        "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
        "schema": {"fields": fields, "primaryKey": ["id"]}}
    return descriptor, pa.table(columns)


def generated_packages(datapackages: Path, packages: int, resources: int = 10,
                       rows: int = 10_000, seed: int = 3) -> list[Path]:
    """`packages` package folders of `resources` CSV files of `rows` valid rows each.

    Realistic schemas: an integer `id` primary key, a `date` (even resources: a line per site,
    3 to 8 sites) or none (odd resources: bar charts by `quartier`, 12 to 24 values), one or
    two numbers with `minimum: 0`, sometimes a percentage with empty cells. Deterministic for
    a given seed.
    """
    options = pv.WriteOptions(quoting_style="needed")
    folders = []
    for package in range(packages):
        rng = np.random.default_rng([seed, package])
        folder = datapackages / f"bench-{package:03d}"
        (folder / "data").mkdir(parents=True, exist_ok=True)
        described = []
        for index in range(resources):
            descriptor, table = _generated_resource(package, index, rows, rng)
            pv.write_csv(table, folder / descriptor["path"], write_options=options)
            described.append(descriptor)
        descriptor = {"name": f"bench-{package:03d}",
                      "title": f"Jeu de données généré n° {package + 1}",
                      "description": META["description"] + " Mesures par quartier.",
                      "version": "1.0.0", "licenses": META["licenses"],
                      "keywords": ["banc d'essai", THEMES[package % len(THEMES)][0]],
                      "resources": described}
        (folder / "datapackage.json").write_text(json.dumps(descriptor, indent=1,
                                                            ensure_ascii=False), encoding="utf-8")
        folders.append(folder)
    return folders
