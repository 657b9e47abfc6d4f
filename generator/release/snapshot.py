"""Snapshots of the data: typed tables of every package, from the working tree or a git ref."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd
from pandas.api.types import is_bool_dtype, is_datetime64_any_dtype, is_float_dtype
from pandas.api.types import is_integer_dtype

from generator.release.diff import PackageSnapshot, ResourceSnapshot, Snapshot
from generator.release.git import extract

WORKING_TREE = "working-tree"


def load_snapshot(folder: Path, ref: str, *, max_file_bytes: int = 2 * 1024**3,
                  limit_errors: int = 1_000_000) -> Snapshot:
    """Every package under `folder`, read and typed as the build does (see read_packages);
    of two packages with one name, the first folder's."""
    packages: dict[str, PackageSnapshot] = {}
    for package in read_packages(folder, max_file_bytes=max_file_bytes,
                                 limit_errors=limit_errors).values():
        packages.setdefault(package.name, package)
    return Snapshot(ref=ref, packages=packages)


def read_packages(folder: Path, *, max_file_bytes: int = 2 * 1024**3,
                  limit_errors: int = 1_000_000) -> dict[str, PackageSnapshot]:
    """Every package under `folder` by the name of its folder, typed as the build types it.

    A package valid when it was published may fail today's stricter checks: it is still read
    (and compared); one whose data cannot be read at all is left out."""
    from generator.load import load_packages, read_tables
    from generator.validate import validate_packages

    sources = load_packages([folder]) if folder.is_dir() else []
    validated = validate_packages(sources, max_file_bytes=max_file_bytes,
                                  limit_errors=limit_errors, keep_tables=True)
    packages = {}
    for source in sources:
        if validated.sources.get(source.name) is source:
            tables = validated.tables.get(source.name, {})
        elif isinstance(source.descriptor, dict):
            try:
                tables = read_tables(source)
            except Exception:  # noqa: BLE001, S112 - unreadable data is left out of the comparison
                continue
        else:
            continue
        packages[source.folder.name] = package_snapshot(source, tables)
    return packages


def load_ref_snapshot(repo: Path, ref: str, datapackages: str, **limits: Any) -> Snapshot:
    """The packages of a git ref, extracted with git archive into a temporary folder."""
    with tempfile.TemporaryDirectory(prefix="tdh-ref-") as tmp:
        if not extract(repo, ref, datapackages, Path(tmp)):
            return Snapshot(ref=ref, packages={})
        return load_snapshot(Path(tmp) / datapackages, ref, **limits)


def snapshot_from_validated(validated: Any, ref: str) -> Snapshot:
    """A snapshot of the valid packages of a validation result (tables kept)."""
    packages = {}
    for name in sorted(validated.sources):
        source = validated.sources[name]
        packages[name] = package_snapshot(source, validated.tables.get(name, {}))
    return Snapshot(ref=ref, packages=packages)


def package_snapshot(source: Any, tables: dict[str, pd.DataFrame]) -> PackageSnapshot:
    """One package's descriptor and typed tables."""
    from generator.render.metadata import title_of

    resources = {}
    for resource in source.descriptor.get("resources") or []:
        if not isinstance(resource, dict) or resource.get("name") not in tables:
            continue
        table = tables[resource["name"]]
        schema = _schema(resource, Path(source.folder))
        fields = {f["name"]: str(f.get("type") or "string") for f in schema.get("fields", [])
                  if isinstance(f, dict) and isinstance(f.get("name"), str)}
        if not fields:
            fields = {str(c): _dtype_type(table[c]) for c in table.columns if c != "_row"}
        key = schema.get("primaryKey") or []
        key = (key,) if isinstance(key, str) else tuple(str(k) for k in key)
        meta = {
            "title": {lang: title_of(resource, lang) for lang in ("fr", "en")},
            "fields": {f["name"]: {"title": {lang: title_of(f, lang) for lang in ("fr", "en")},
                                   "unit": f.get("unit"), "type": fields.get(f["name"])}
                       for f in schema.get("fields", []) if isinstance(f, dict) and "name" in f},
        }
        resources[resource["name"]] = ResourceSnapshot(
            name=resource["name"], meta=meta, fields=fields, primary_key=key, table=table)
    return PackageSnapshot(name=source.name, descriptor=source.descriptor, resources=resources)


def _schema(resource: dict[str, Any], folder: Path) -> dict[str, Any]:
    schema = resource.get("schema")
    if isinstance(schema, str) and not schema.startswith(("http:", "https:")):
        try:
            schema = json.loads((folder / schema).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            schema = None
    return schema if isinstance(schema, dict) else {}


def _dtype_type(series: pd.Series) -> str:
    """A Table Schema type name for an inferred column."""
    if is_bool_dtype(series.dtype):
        return "boolean"
    if is_integer_dtype(series.dtype):
        return "integer"
    if is_float_dtype(series.dtype):
        return "number"
    if is_datetime64_any_dtype(series.dtype):
        return "datetime"
    return "string"
