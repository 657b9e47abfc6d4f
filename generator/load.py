"""Load stage: find data packages and read their descriptors. Reads, never judges."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.model import PackageSource

if TYPE_CHECKING:
    import frictionless
    import pandas

DESCRIPTOR = "datapackage.json"
MAX_JSON_DEPTH = 64
HEAD_BYTES = 65536
"""How much of a data file the encoding checks read (frictionless guesses from its start)."""


def display_path(path: Path) -> str:
    """A path as the user should see it: relative to the working folder when inside it."""
    try:
        relative = os.path.relpath(path.absolute(), Path.cwd())
    except ValueError:
        return str(path.absolute())
    return str(path.absolute()) if relative.startswith("..") else relative


def discover_packages(paths: list[Path]) -> list[PackageSource]:
    """Package folders named by `paths`: a folder, a datapackage.json, or a folder of packages."""
    found: list[PackageSource] = []
    for path in paths:
        if path.is_file():
            found.append(_source(path.parent, path))
        elif (path / DESCRIPTOR).is_file() or any(
                (path / name).is_file() for name in ("datapackage.yaml", "datapackage.yml")):
            found.append(_source(path, path / DESCRIPTOR))  # YAML only: reported, not read
        else:
            for child in sorted(p for p in path.iterdir() if _is_package_folder(p)):
                found.append(_source(child, child / DESCRIPTOR))
    return found


def _is_package_folder(path: Path) -> bool:
    return path.is_dir() and not path.name.startswith((".", "_"))


def _source(folder: Path, descriptor_path: Path) -> PackageSource:
    return PackageSource(
        folder=folder, descriptor_path=descriptor_path, display_path=display_path(descriptor_path)
    )


def read_descriptor(source: PackageSource) -> PackageSource:
    """Read and parse the descriptor; a parse problem is recorded, not raised."""
    if not source.descriptor_path.is_file():
        source.parse_error = "missing"
        return source
    try:
        source.text = source.descriptor_path.read_bytes()
    except OSError as error:
        source.parse_error = f"unreadable: {error.strerror or error}"
        return source
    try:
        source.descriptor = json.loads(source.text.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        source.parse_error = f"not UTF-8 ({error.reason} at byte {error.start})"
        source.parse_line = 1
    except RecursionError:
        source.parse_error = "too-deep"
    except json.JSONDecodeError as error:
        source.parse_error = error.msg
        source.parse_line = error.lineno
        source.parse_column = error.colno
    else:
        if _depth(source.descriptor) > MAX_JSON_DEPTH:
            source.descriptor = None
            source.parse_error = "too-deep"
    return source


def _depth(value: object) -> int:
    """How deeply a JSON value nests (iterative, so hostile input cannot overflow the stack)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        deepest = max(deepest, depth)
        if depth > MAX_JSON_DEPTH:
            break
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
    return deepest


def resource_paths(resource: dict[str, Any]) -> list[str]:
    """The data file paths of a resource (a string or a list of strings)."""
    path = resource.get("path")
    items = path if isinstance(path, list) else [path]
    return [p for p in items if isinstance(p, str)]


def referenced_files(descriptor: dict[str, Any]) -> list[str]:
    """Every local file the descriptor points to: data, schemas, dialects."""
    files: list[str] = []
    for resource in descriptor.get("resources", []):
        files += resource_paths(resource)
        for key in ("schema", "dialect"):
            if isinstance(resource.get(key), str):
                files.append(resource[key])
    return sorted(dict.fromkeys(files))


def not_utf8(head: bytes) -> bool:
    """The bytes are not UTF-8 (a multi-byte character cut at the end of `head` aside)."""
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        return error.start < len(head) - 4
    return False


def windows_1252_files(source: PackageSource) -> set[str]:
    """Resources read as windows-1252 for the site: their encoding is not declared and their
    data is not UTF-8 but reads as windows-1252 (what Excel writes on a French computer).

    Validation keeps frictionless' guess of the encoding (its findings stay frictionless'),
    and warns (`encoding-undeclared`); the guess, from a few accented letters, is often a DOS
    or Cyrillic code page, which would show "café" as "cafΘ" on the site.
    """
    names = set()
    for resource in source.descriptor.get("resources", []):
        if not isinstance(resource, dict) or "encoding" in resource:
            continue
        paths = resource_paths(resource)
        if not paths or not all(p.lower().endswith((".csv", ".tsv", ".txt")) for p in paths):
            continue
        try:
            heads = []
            for rel in paths:
                with (source.folder / rel).open("rb") as handle:
                    heads.append(handle.read(HEAD_BYTES))
        except OSError:
            continue
        if not not_utf8(heads[0]) or any(b"\0" in head for head in heads):
            continue  # UTF-8, or UTF-16/32 (frictionless reads those right)
        try:
            for head in heads:
                head.decode("cp1252")
        except UnicodeDecodeError:
            continue  # bytes windows-1252 leaves undefined: not an Excel export
        if isinstance(resource.get("name"), str):
            names.add(resource["name"])
    return names


def package_fingerprint(source: PackageSource) -> str:
    """Hash of what a package's outputs depend on: its descriptor and every file it names."""
    from generator.cache import hash_files

    files = [source.descriptor_path]
    try:
        files += [source.folder / rel for rel in referenced_files(source.descriptor)]
    except (AttributeError, TypeError):
        pass  # a malformed descriptor: its own bytes are the whole input
    return hash_files(files) + source.display_path


def load_packages(paths: list[Path]) -> list[PackageSource]:
    """Discover the packages under `paths` and read each descriptor."""
    return [read_descriptor(source) for source in discover_packages(paths)]


def read_tables(source: PackageSource, typed: dict[str, Any] | None = None,
                package: frictionless.Package | None = None) -> dict[str, pandas.DataFrame]:
    """Every tabular resource as a typed DataFrame with a `_row` column (physical row number).

    Only call this on a package that validated. The fast engine types the cells (or has just
    typed them while validating); a resource it cannot read exactly as frictionless-py does is
    read by frictionless-py's row stream. `typed`: columns the validation already typed
    (`TablesResult.typed`), so that a small package is not read twice; `package`: the
    frictionless Package the validation read from the descriptor.
    """
    from frictionless import Package, system

    from generator.validate.fast.frame import fast_frames

    tables = {}
    with system.use_context(trusted=False):
        if package is None:
            package = Package.from_descriptor(source.descriptor, basepath=str(source.folder))
        frames = fast_frames(package, typed)
        excel = windows_1252_files(source)
        if excel:
            descriptor = json.loads(json.dumps(source.descriptor))
            for resource in descriptor["resources"]:
                if isinstance(resource, dict) and resource.get("name") in excel:
                    resource["encoding"] = "windows-1252"
            package = Package.from_descriptor(descriptor, basepath=str(source.folder))
            frames.update({name: frame for name, frame in fast_frames(package).items()
                           if name in excel})
        for resource in package.resources:
            if resource.tabular:
                frame = frames.get(resource.name)
                tables[resource.name] = frame if frame is not None else _row_stream_frame(resource)
    return tables


def _row_stream_frame(resource: frictionless.Resource) -> pandas.DataFrame:
    """A resource typed by frictionless-py's row stream (slow: one Python row at a time)."""
    import pandas as pd

    with resource:
        names = resource.schema.field_names
        records = [[row.row_number, *(row[name] for name in names)] for row in resource.row_stream]
    frame = pd.DataFrame(records, columns=["_row", *names])
    for field in resource.schema.fields:
        if field.type == "number":
            frame[field.name] = pd.to_numeric(frame[field.name], errors="coerce").astype("float64")
        elif field.type == "integer" and frame[field.name].isna().any():
            frame[field.name] = frame[field.name].astype("Int64")
    return frame
