"""Descriptor checks that must pass before any data file is opened.

They keep the build offline and inside the package folder: a URL, an absolute path, a `..`
or a symbolic link out of the folder is refused before frictionless could follow it.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

from generator.kinds import KINDS
from generator.load import HEAD_BYTES, not_utf8
from generator.model import ERROR, WARNING, Issue, PackageSource, make_issue

NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
URL_PATTERN = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")
OFFICIAL_PROFILE_PREFIXES = (
    "https://datapackage.org/profiles/",
    "https://specs.frictionlessdata.io/schemas/",
)
YAML_DESCRIPTORS = ("datapackage.yaml", "datapackage.yml")
COMPRESSIONS = ("zip", "gz", "bz2", "xz")  # what frictionless-py decompresses
MAX_LINE_BYTES = 16 * 1024**2
"""Longest line of a CSV file: longer is a file without line breaks, or not a CSV."""
MAX_COLUMNS = 16_384
"""Most columns in a CSV header (the column limit of Excel and LibreOffice Calc)."""
CHUNK_BYTES = 1024**2


def suggest_name(text: str) -> str:
    """A valid package name close to `text`."""
    slug = re.sub(r"[^a-z0-9._-]+", "-", text.lower()).strip("-._")
    return slug or "mon-jeu-de-donnees"


def check_descriptor(source: PackageSource, max_file_bytes: int) -> list[Issue]:
    """Issues with the descriptor itself and with the files it points to."""
    package, where = source.name, source.display_path
    if source.parse_error == "missing":
        yaml = [source.folder / n for n in YAML_DESCRIPTORS if (source.folder / n).is_file()]
        if yaml:
            return [make_issue("descriptor-yaml", ERROR, package,
                               path=str(Path(display_folder(source)) / yaml[0].name))]
        return [make_issue("descriptor-missing", ERROR, package, path=display_folder(source))]
    if source.parse_error and source.parse_error.startswith("unreadable: "):
        return [make_issue("descriptor-unreadable", ERROR, package, path=where,
                           detail=source.parse_error.removeprefix("unreadable: "))]
    if source.parse_error == "too-deep":
        return [make_issue("descriptor-too-deep", ERROR, package, path=where, limit=64)]
    if source.parse_error:
        return [
            make_issue(
                "descriptor-not-json", ERROR, package, path=where, row=source.parse_line,
                line=source.parse_line, column=source.parse_column or 1, detail=source.parse_error,
            )
        ]
    descriptor = source.descriptor
    if not isinstance(descriptor, dict):
        kind = type(descriptor).__name__.replace("NoneType", "null")
        return [make_issue("descriptor-not-object", ERROR, package, path=where, detail=kind)]
    issues = _check_name(descriptor, source)
    issues += _check_remote_profiles(descriptor, package, where)
    resources = descriptor.get("resources")
    if not isinstance(resources, list) or not resources:
        return issues + [make_issue("resources-missing", ERROR, package, path=where)]
    seen: set[str] = set()
    for index, resource in enumerate(resources, start=1):
        if not isinstance(resource, dict):
            issues.append(make_issue("resource-invalid", ERROR, package, path=where, index=index))
            continue
        name = resource.get("name")
        if isinstance(name, str):
            if name in seen:
                issues.append(
                    make_issue("resource-name-duplicate", ERROR, package, path=where, value=name)
                )
            seen.add(name)
        issues += _check_resource(resource, index, source, max_file_bytes)
    issues += _check_kind(descriptor, package, where)
    return issues


def display_folder(source: PackageSource) -> str:
    """The package folder as shown to the user."""
    return str(Path(source.display_path).parent)


def _check_name(descriptor: dict[str, Any], source: PackageSource) -> list[Issue]:
    name = descriptor.get("name")
    where = source.display_path
    if not isinstance(name, str) or not name.strip():
        suggestion = suggest_name(source.folder.name)
        return [make_issue("package-name-missing", ERROR, source.name, path=where,
                           suggestion=suggestion)]
    if not NAME_PATTERN.match(name):
        return [make_issue("package-name-invalid", ERROR, source.folder.name, path=where,
                           value=name, suggestion=suggest_name(name))]
    return []


def _check_remote_profiles(descriptor: dict[str, Any], package: str, where: str) -> list[Issue]:
    issues = []
    for key in ("profile", "$schema"):
        value = descriptor.get(key)
        if isinstance(value, str) and URL_PATTERN.match(value) and not value.startswith(
            OFFICIAL_PROFILE_PREFIXES
        ):
            issues.append(make_issue("resource-path-url", ERROR, package, path=where, value=value,
                                     field=key))
    return issues


def _check_resource(
    resource: dict[str, Any], index: int, source: PackageSource, max_file_bytes: int
) -> list[Issue]:
    package, where = source.name, source.display_path
    name = resource.get("name") if isinstance(resource.get("name"), str) else f"#{index}"
    issues = _check_remote_profiles(resource, package, where)
    for key in ("schema", "dialect"):
        ref = resource.get(key)
        if isinstance(ref, str):
            issues += _check_path(ref, source, name, field=key, check_size=0)
    path = resource.get("path")
    if path is None:
        if "data" not in resource:
            issues.append(make_issue("resource-path-missing", ERROR, package, path=where,
                                     resource=name))
        return issues
    paths = path if isinstance(path, list) else [path]
    for item in paths:
        if not isinstance(item, str) or not item:
            issues.append(make_issue("resource-invalid", ERROR, package, path=where, index=index,
                                     resource=name))
            continue
        found = _check_path(item, source, name, field="path", check_size=max_file_bytes)
        issues += found or _check_content(resource, item, source, name, max_file_bytes)
    return issues


def _check_content(
    resource: dict[str, Any], ref: str, source: PackageSource, name: str, max_file_bytes: int
) -> list[Issue]:
    """Before any reader opens it: an archive must not expand past the size limit, and a CSV
    must have lines and a header of a sane size (a reader would take minutes or gigabytes)."""
    target = source.folder / ref
    file_where = str(Path(source.display_path).parent / ref)
    common = {"path": file_where, "resource": name}
    suffix = Path(ref).suffix.lower().lstrip(".")
    compression = str(resource.get("compression") or "").lower() or (
        suffix if suffix in COMPRESSIONS else "")
    if compression:
        expanded = _expanded_size(target, compression, max_file_bytes)
        if expanded == 0:
            return [make_issue("resource-file-empty", ERROR, source.name, **common)]
        if expanded is not None and expanded > max_file_bytes:
            return [make_issue("resource-archive-too-large", ERROR, source.name, size=expanded,
                               limit=max_file_bytes, **common)]
        return []
    fmt = str(resource.get("format") or "").lower()
    if fmt not in ("csv", "tsv") and not (fmt == "" and suffix in ("csv", "tsv", "txt")):
        return []
    try:
        header, long_line = _scan_lines(target)
    except OSError as error:
        return [make_issue("resource-file-unreadable", ERROR, source.name,
                           detail=error.strerror or str(error), **common)]
    if long_line is not None:
        return [make_issue("resource-line-too-long", ERROR, source.name, row=long_line,
                           limit=MAX_LINE_BYTES, **common)]
    columns = _header_columns(header, resource)
    if columns > MAX_COLUMNS:
        return [make_issue("resource-too-many-columns", ERROR, source.name, count=columns,
                           limit=MAX_COLUMNS, **common)]
    return []


def _expanded_size(target: Path, compression: str, limit: int) -> int | None:
    """The archive's size once expanded, read from the zip directory or counted up to `limit`
    (None: unreadable, frictionless-py reports it). Nothing is written, nothing kept."""
    if compression == "zip":
        try:
            with zipfile.ZipFile(target) as archive:
                return sum(info.file_size for info in archive.infolist())
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            return None
    import bz2
    import gzip
    import lzma

    openers = {"gz": gzip.open, "bz2": bz2.open, "xz": lzma.open}
    if compression not in openers:
        return None
    total = 0
    try:
        with openers[compression](target, "rb") as stream:
            while total <= limit and (chunk := stream.read(CHUNK_BYTES)):
                total += len(chunk)
    except (OSError, EOFError, ValueError, lzma.LZMAError):
        return None if total <= limit else total
    return total


def _scan_lines(target: Path) -> tuple[bytes, int | None]:
    """The first line (up to MAX_LINE_BYTES) and the number of the first line longer than
    MAX_LINE_BYTES, if any; reads the file in chunks, never a whole line into memory."""
    header = b""
    header_done = False
    run = 0  # bytes since the last line break
    line = 1
    with target.open("rb") as handle:
        while chunk := handle.read(CHUNK_BYTES):
            first = min((i for i in (chunk.find(b"\n"), chunk.find(b"\r")) if i >= 0),
                        default=-1)
            if not header_done:
                header += chunk if first < 0 else chunk[:first]
                header_done = first >= 0 or len(header) > MAX_LINE_BYTES
            if first < 0:
                run += len(chunk)
            elif run + first > MAX_LINE_BYTES:
                return header[:MAX_LINE_BYTES], line
            else:
                line += chunk.count(b"\n")
                last = max(chunk.rfind(b"\n"), chunk.rfind(b"\r"))
                run = len(chunk) - last - 1
            if run > MAX_LINE_BYTES:
                return header[:MAX_LINE_BYTES], line
    return header, None


def _header_columns(header: bytes, resource: dict[str, Any]) -> int:
    """How many columns the header line has, with the declared delimiter or the likeliest."""
    dialect = resource.get("dialect")
    delimiter = None
    if isinstance(dialect, dict):
        csv = dialect.get("csv") if isinstance(dialect.get("csv"), dict) else dialect
        delimiter = csv.get("delimiter")
    if isinstance(delimiter, str) and len(delimiter) == 1:
        return header.count(delimiter.encode("utf-8")) + 1
    return max(header.count(d) for d in (b",", b";", b"\t", b"|")) + 1


def _check_path(
    ref: str, source: PackageSource, resource: str, *, field: str, check_size: int
) -> list[Issue]:
    """A referenced file must be a relative path to an existing file inside the folder."""
    package, where = source.name, source.display_path
    common = {"path": where, "resource": resource, "field": field, "value": ref}
    if URL_PATTERN.match(ref):
        return [make_issue("resource-path-url", ERROR, package, **common)]
    if ref.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:[\\/]", ref):
        return [make_issue("resource-path-absolute", ERROR, package, **common)]
    folder = source.folder.resolve()
    target = source.folder / ref
    if ".." in Path(ref).parts or not _inside(target, folder):
        return [make_issue("resource-path-outside", ERROR, package, **common)]
    if not target.is_file():
        return [make_issue("resource-file-missing", ERROR, package, **common)]
    file_where = str(Path(where).parent / ref)
    size = target.stat().st_size
    if check_size and size == 0:
        return [make_issue("resource-file-empty", ERROR, package, path=file_where,
                           resource=resource)]
    if check_size and size > check_size:
        return [make_issue("resource-file-too-large", ERROR, package, path=file_where,
                           resource=resource, size=size, limit=check_size)]
    return []


def _inside(target: Path, folder: Path) -> bool:
    try:
        target.resolve().relative_to(folder)
    except (ValueError, OSError, RuntimeError):
        return False
    return True


def _check_kind(descriptor: dict[str, Any], package: str, where: str) -> list[Issue]:
    tdh = descriptor.get("tdh")
    if not isinstance(tdh, dict) or "kind" not in tdh:
        return []
    kind = tdh.get("kind")
    if kind not in KINDS:
        return [make_issue("unknown-kind", ERROR, package, path=where, field="tdh.kind",
                           value=kind, allowed=", ".join(sorted(KINDS)))]
    return []


def check_metadata(descriptor: dict[str, Any], package: str, where: str) -> list[Issue]:
    """Warnings about what makes a package hard to reuse: no licence, no description."""
    issues = []
    if not descriptor.get("licenses"):
        issues.append(make_issue("license-missing", WARNING, package, path=where))
    if not str(descriptor.get("description") or "").strip():
        issues.append(make_issue("description-missing", WARNING, package, path=where))
    return issues


def check_file_formats(source: PackageSource) -> list[Issue]:
    """Warn when a CSV's encoding or delimiter was guessed: other tools may guess otherwise."""
    issues = []
    folder = Path(source.display_path).parent
    for resource in source.descriptor.get("resources", []):
        paths = resource.get("path")
        paths = paths if isinstance(paths, list) else [paths]
        fmt = str(resource.get("format") or "").lower()
        for rel in (p for p in paths if isinstance(p, str)):
            if fmt not in ("", "csv", "tsv") or not rel.lower().endswith((".csv", ".tsv", ".txt")):
                continue
            try:
                with (source.folder / rel).open("rb") as handle:
                    head = handle.read(HEAD_BYTES)
            except OSError:
                continue  # reported by the table checks
            common = {"path": str(folder / rel), "resource": resource.get("name")}
            if "encoding" not in resource and not_utf8(head):
                issues.append(make_issue("encoding-undeclared", WARNING, source.name,
                                         hint="windows-1252", **common))
            first = head.split(b"\n", 1)[0].decode("utf-8", "replace")
            dialect = resource.get("dialect")
            if dialect is None and rel.lower().endswith(".csv") and "," not in first:
                for delimiter in (";", "\t", "|"):
                    if delimiter in first:
                        shown = "\\t" if delimiter == "\t" else delimiter
                        issues.append(make_issue("dialect-undeclared", WARNING, source.name,
                                                 delimiter=shown, **common))
                        break
    return issues
