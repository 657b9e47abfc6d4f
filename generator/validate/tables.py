"""Table validation: frictionless-py's findings, from the fast engine where it applies.

frictionless-py is the reference for what "valid" means: the fast engine (generator.validate.fast)
gives the same findings and hands any resource it cannot judge exactly back to frictionless-py.
Findings keep their codes, rows and fields; this module only adds where the file is and which fix
applies (decimal comma, delimiter, encoding) so staff can act on it.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.model import ERROR, Issue, PackageSource, make_issue

CONSTRAINT_NOTE = re.compile(r'constraint "(?P<name>[^"]+)" is "(?P<value>.*)"', re.S)
TYPE_NOTE = re.compile(r'type is "(?P<type>[^/"]+)/(?P<format>[^"]*)"')
DECIMAL_COMMA = re.compile(r"^\s*[-+]?\d+,\d+\s*$")
THOUSANDS = re.compile(r"^\s*[-+]?\d{1,3}([ ,.\u00a0\u202f]\d{3})+([.,]\d+)?\s*$")
LABEL_CODES = {"missing-label", "incorrect-label", "extra-label", "blank-label", "field-count"}
# A package this small keeps its typed columns for `read_tables`, which then need not read the
# files again; a larger one is streamed, so that memory stays flat.
KEEP_TYPED_BYTES = 64 * 1024**2


@dataclass
class TablesResult:
    """Table findings of one package, and the resources frictionless-py had to validate."""

    issues: list[Issue] = field(default_factory=list)
    fallbacks: list[tuple[str, str]] = field(default_factory=list)
    typed: dict[str, Any] | None = None
    """The fast engine's typed columns of a small valid package, for `load.read_tables`."""
    text: dict[str, Any] | None = None
    """Resource -> formula-like cells and unflagged rows (fast/textscan.py), when asked for
    and every resource was streamed by the fast engine."""
    package: Any = None
    """The frictionless Package read from the descriptor (for `load.read_tables`)."""


def check_tables(source: PackageSource, limit_errors: int, scan_text: bool = False
                 ) -> TablesResult:
    """Fast engine per resource; frictionless-py for the resources it leaves (with the reason).

    `scan_text`: also gather the text-cell checks while streaming (`TablesResult.text`).
    """
    from frictionless import Package, system

    from generator.validate.fast import validate_package_fast

    descriptor = source.descriptor
    package_name = source.name
    result = TablesResult()
    with system.use_context(trusted=False):
        try:
            package = Package.from_descriptor(descriptor, basepath=str(source.folder))
            package.to_descriptor(validate=True)
        except Exception:  # noqa: BLE001 - frictionless raises on descriptors it cannot read
            result.fallbacks.append(("*", "package metadata"))
            result.issues = _frictionless_issues(source, limit_errors)
            return result
        result.package = package
        keep = _data_bytes(source) <= KEEP_TYPED_BYTES
        outcomes = validate_package_fast(package, limit_errors, collect="valid" if keep else None,
                                         scan_text=scan_text, metadata_valid=True)
        from generator.validate import resource_files

        files = resource_files(source)
        for resource in package.resources:
            outcome = outcomes[resource.name]
            errors = outcome.errors
            if errors is None:
                result.fallbacks.append((resource.name, outcome.reason or ""))
                errors = resource.validate(limit_errors=limit_errors).tasks[0].errors
            file_path = files.get(resource.name, source.display_path)
            result.issues += [_table_issue(error, package_name, resource.name, file_path, source,
                                           descriptor) for error in errors]
    if keep and not result.issues:
        result.typed = outcomes
    if scan_text and not result.issues and not result.fallbacks:
        texts = {name: o.text for name, o in outcomes.items() if o.fields is not None}
        if all(text is not None for text in texts.values()):
            result.text = texts
    return result


def _data_bytes(source: PackageSource) -> int:
    """Bytes of the files the package's resources point to."""
    total = 0
    for resource in source.descriptor.get("resources", []):
        paths = resource.get("path") if isinstance(resource, dict) else None
        for path in paths if isinstance(paths, list) else [paths]:
            if isinstance(path, str) and (source.folder / path).is_file():
                total += (source.folder / path).stat().st_size
    return total


def _frictionless_issues(source: PackageSource, limit_errors: int) -> list[Issue]:
    """Run frictionless-py alone on the whole package."""
    from frictionless import Package, system

    descriptor = source.descriptor
    package_name = source.name
    with system.use_context(trusted=False):
        try:
            package = Package.from_descriptor(descriptor, basepath=str(source.folder))
            report = package.validate(limit_errors=limit_errors)
        except Exception as error:  # frictionless raises on descriptors it cannot read
            return [_metadata_issue(error, package_name, source.display_path)]
    from generator.validate import resource_files

    files = resource_files(source)
    issues = [
        _metadata_issue_from_error(error, package_name, source.display_path)
        for error in report.errors
    ]
    for task in report.tasks:
        file_path = files.get(task.name, source.display_path)
        for error in task.errors:
            issues.append(_table_issue(error, package_name, task.name, file_path, source,
                                       descriptor))
    return issues


def _metadata_issue(error: Exception, package: str, where: str) -> Issue:
    inner = getattr(error, "error", None)
    reasons = [r.note for r in getattr(error, "reasons", []) or [] if getattr(r, "note", "")]
    if inner is not None:
        issue = _metadata_issue_from_error(inner, package, where)
        if reasons and issue.param("note") in ("descriptor is not valid", ""):
            # "descriptor is not valid" says nothing: the reasons name the property at fault
            return make_issue(issue.code, ERROR, package, path=where, note="; ".join(reasons))
        return issue
    return make_issue("general-error", ERROR, package, path=where, note=str(error))


def _metadata_issue_from_error(error: Any, package: str, where: str) -> Issue:
    code = error.type if error.type in _known_codes() else "package-error"
    return make_issue(code, ERROR, package, path=where, note=error.note or error.message)


def _known_codes() -> set[str]:
    from generator.messages import MESSAGES

    return set(MESSAGES)


def _table_issue(
    error: Any, package: str, resource: str, file_path: str, source: PackageSource,
    descriptor: dict[str, Any],
) -> Issue:
    code = error.type
    row = getattr(error, "row_number", None)
    field = getattr(error, "field_name", None)
    params: dict[str, Any] = {"note": getattr(error, "note", "")}
    value: Any = getattr(error, "cell", None)
    if hasattr(error, "field_number"):
        params["field_number"] = error.field_number
    if code in ("primary-key", "foreign-key"):
        field = None
        params.update(_key_params(error, descriptor, resource))
        value = params.pop("key_value")
    elif code in ("duplicate-label", "incorrect-label", "extra-label", "blank-label"):
        value = getattr(error, "label", None)
        params["detail"] = error.note.replace("at position", "").strip(' "') if error.note else ""
    elif code == "type-error":
        params.update(_type_params(error.note, value))
    elif code == "constraint-error":
        match = CONSTRAINT_NOTE.search(error.note or "")
        params["constraint"] = (
            f"{match['name']} = {match['value']}" if match else (error.note or "")
        )
    if code in LABEL_CODES or code == "encoding-error":
        hint = _file_hint(source.folder / Path(file_path).relative_to(
            Path(source.display_path).parent), code)
        if hint:
            params.update(hint)
    return make_issue(code, ERROR, package, path=file_path, resource=resource, row=row,
                      field=field, value=value, **params)


def _key_params(error: Any, descriptor: dict[str, Any], resource: str) -> dict[str, Any]:
    if error.type == "foreign-key":
        fields = list(getattr(error, "field_names", []) or [])
        cells = list(getattr(error, "field_cells", []) or [])
        reference = getattr(error, "reference_name", "") or resource
        return {"fields": ", ".join(fields), "key_value": ", ".join(map(str, cells)),
                "reference": reference}
    schema = _schema_of(descriptor, resource)
    key = schema.get("primaryKey") or []
    key = [key] if isinstance(key, str) else list(key)
    names = [f.get("name") for f in schema.get("fields", []) if isinstance(f, dict)]
    cells = list(getattr(error, "cells", []) or [])
    values = [cells[names.index(k)] if k in names and names.index(k) < len(cells) else ""
              for k in key]
    return {"fields": ", ".join(key), "key_value": ", ".join(map(str, values))}


def _schema_of(descriptor: dict[str, Any], resource: str) -> dict[str, Any]:
    for item in descriptor.get("resources", []):
        if isinstance(item, dict) and item.get("name") == resource:
            schema = item.get("schema")
            return schema if isinstance(schema, dict) else {}
    return {}


def _type_params(note: str, value: Any) -> dict[str, Any]:
    match = TYPE_NOTE.search(note or "")
    field_type = match["type"] if match else "?"
    field_format = match["format"] if match else ""
    text = "" if value is None else str(value)
    if field_type in ("number", "integer") and DECIMAL_COMMA.match(text):
        hint = "decimal-comma"
    elif field_type in ("number", "integer") and THOUSANDS.match(text):
        hint = "thousands-separator"
    elif field_type in ("number", "integer", "date", "datetime", "boolean", "year"):
        hint = field_type
    else:
        hint = "generic"
    return {"type": field_type, "format": field_format, "hint": hint}


@functools.lru_cache(maxsize=16)
def _file_head(path: Path, mtime_ns: int, size: int) -> bytes:
    """The first 64 KiB, read once per file version (a wide header can give thousands of
    label errors, each asking for a hint)."""
    with path.open("rb") as handle:
        return handle.read(65536)


def _file_hint(path: Path, code: str) -> dict[str, Any]:
    """Guess the fix for a header or encoding problem from the file's first bytes."""
    try:
        stat = path.stat()
        head = _file_head(path, stat.st_mtime_ns, stat.st_size)
    except OSError:
        return {}
    if code == "encoding-error":
        try:
            head.decode("utf-8")
        except UnicodeDecodeError:
            return {"hint": "windows-1252"}
        return {}
    first_line = head.split(b"\n", 1)[0].decode("utf-8", "replace")
    for delimiter in (";", "\t", "|"):
        if first_line.count(delimiter) >= 1 and first_line.count(",") == 0:
            return {"hint": "delimiter", "delimiter": "\\t" if delimiter == "\t" else delimiter}
    return {}
