"""`tdh new`: scaffold a data package from CSV files, with an inferred Table Schema."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

from generator.errors import ConfigError

NAME = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


def infer_resource(csv: Path) -> dict[str, Any]:
    """A resource descriptor for one CSV file, its schema inferred as frictionless does."""
    from frictionless import Resource

    resource = Resource(path=csv.name, basepath=str(csv.parent))
    resource.infer(stats=False)
    described = resource.to_descriptor()
    name = re.sub(r"[^a-z0-9_-]+", "-", csv.stem.lower()).strip("-") or "data"
    fields = []
    sample = _sample(csv, described)
    for field in described.get("schema", {}).get("fields", []):
        if field.get("type") == "geopoint" and _decimal_commas(sample.get(field["name"], [])):
            # "1,5" looks like a point "lon,lat" to frictionless; in French data it is 1.5
            field = {**field, "type": "number", "decimalChar": ","}
        fields.append({
            "name": field["name"],
            "type": field.get("type", "string"),
            **({"format": field["format"]} if field.get("format") not in (None, "default")
               else {}),
            **({"decimalChar": field["decimalChar"]} if "decimalChar" in field else {}),
            "title": field["name"],
            "description": "À compléter : ce que contient la colonne, son unité.",
        })
    resource_descriptor = {
        "name": name,
        "path": csv.name,
        "title": csv.stem,
        "description": "À compléter : ce que contient ce fichier.",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": described.get("encoding", "utf-8"),
        "schema": {"fields": fields},
    }
    dialect = described.get("dialect") or {}
    csv_dialect = dialect.get("csv", dialect) if isinstance(dialect, dict) else {}
    delimiter = csv_dialect.get("delimiter") if isinstance(csv_dialect, dict) else None
    if delimiter and delimiter != ",":
        resource_descriptor["dialect"] = {"delimiter": delimiter}
    return resource_descriptor


def _sample(csv: Path, described: dict[str, Any]) -> dict[str, list[str]]:
    """The first rows of each column as text."""
    import csv as csv_module

    dialect = described.get("dialect") or {}
    delimiter = (dialect.get("csv") or dialect).get("delimiter", ",") if dialect else ","
    encoding = described.get("encoding", "utf-8")
    with csv.open(encoding=encoding, newline="") as handle:
        rows = list(zip(*[row for _, row in zip(range(101), csv_module.reader(handle,
                                                                            delimiter=delimiter))]))
    return {column[0]: list(column[1:]) for column in rows if column}


def _decimal_commas(values: list[str]) -> bool:
    """True when every non-empty value is a number written with a decimal comma."""
    filled = [v.strip() for v in values if v.strip()]
    return bool(filled) and all(re.fullmatch(r"[-+]?\d+,\d+", v) for v in filled)


def scaffold_package(root: Path, name: str, csvs: list[Path], created: str) -> Path:
    """Create root/name with copies of the CSV files and a datapackage.json to complete."""
    if not NAME.match(name):
        raise ConfigError(
            f"« {name} » n'est pas un nom de jeu valide : minuscules, chiffres, « - », « _ », « . ».",
            f"\"{name}\" is not a valid package name: lower case, digits, \"-\", \"_\", \".\".",
        )
    folder = root / name
    if folder.exists():
        raise ConfigError(f"Le dossier {folder} existe déjà : choisissez un autre nom.",
                          f"The folder {folder} already exists: choose another name.")
    resources = [infer_resource(csv) for csv in csvs]
    descriptor = {
        "name": name,
        "title": "À compléter : le titre du jeu de données",
        "description": "À compléter : ce que contiennent les données, d'où elles viennent, "
        "leurs limites.",
        "version": "1.0.0",
        "created": created,
        "licenses": [{"name": "etalab-2.0", "title": "Licence Ouverte 2.0",
                      "path": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"}],
        "sources": [],
        "keywords": [],
        "tdh": {"en": {"title": "To complete: the dataset's title in English"}},
        "resources": resources,
    }
    folder.mkdir(parents=True)
    for csv in csvs:
        shutil.copyfile(csv, folder / csv.name)
    (folder / "datapackage.json").write_text(
        json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return folder
