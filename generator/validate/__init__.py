"""Validate stage: a report of every issue in every package (a value, never an exception)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from generator.model import (
    ERROR,
    PackageReport,
    PackageSource,
    Report,
    Tables,
    make_issue,
    pack_tables,
)
from generator.validate.descriptor import (
    check_descriptor,
    check_file_formats,
    check_metadata,
    display_folder,
)
from generator.validate.domain import (
    check_flagged_values,
    check_formula_cells,
    check_green_budget,
    check_kind_codes,
    check_kind_numbers,
    check_kind_structure,
    streamed_text_issues,
)

IN_CACHE = "stored in the build cache"
"""Returned by a worker in place of packed tables it wrote to the build cache itself (a build's
tables, megabytes a package, then cross no pipe and take none of the main process' time)."""
DEFAULT_MAX_FILE_BYTES = 2 * 1024**3
DEFAULT_LIMIT_ERRORS = 1_000_000


@dataclass
class Validated:
    """The report, plus the typed tables of every valid package (kept for the compute stage)."""

    report: Report
    tables: Tables = field(default_factory=Tables)
    sources: dict[str, PackageSource] = field(default_factory=dict)
    # package -> [(resource, why the fast engine left it to frictionless-py)]
    fallbacks: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    # package -> hash of its descriptor and files (the key of its cached outputs)
    fingerprints: dict[str, str] = field(default_factory=dict)
    # package -> what `then` made of it (validated in this run, and valid: see validate_packages)
    then: dict[str, Any] = field(default_factory=dict)


def validate_packages(
    sources: list[PackageSource],
    *,
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES,
    limit_errors: int = DEFAULT_LIMIT_ERRORS,
    keep_tables: bool = False,
    then: Callable[[PackageSource, dict[str, Any]], Any] | None = None,
) -> Validated:
    """Validate every package; with `keep_tables`, also return their typed tables.

    With a build cache active (`generator.cache.using`), a package whose descriptor and files
    are unchanged since an earlier build is not validated again: its report and typed tables
    come from the cache.

    `then(source, tables)` (picklable) works on each package validated now and found valid,
    in the process that validated it, while its tables are in memory: the build renders the
    package there rather than sending its tables to another worker. Its results are in
    `Validated.then`; a package that came from the cache is not in it.
    """
    from generator.cache import active, hash_parts
    from generator.load import package_fingerprint
    from generator.parallel import in_workers, run_all
    from generator.progress import step

    result = Validated(report=Report())
    cache = active()
    # only a cached build hashes the files (`tdh validate` reads each file once)
    cacheable = cache is not None and keep_tables
    fingerprints = [package_fingerprint(s) if cacheable else None for s in sources]
    keys = [hash_parts("validate", f, max_file_bytes, limit_errors) if cacheable else ""
            for f in fingerprints]
    # cached: (report, whether the package has tables, fallbacks); the tables on their own
    outcomes = [cache.get("validate", key) if cacheable else None for key in keys]
    missing = [i for i, outcome in enumerate(outcomes) if outcome is None]
    made_tables: dict[int, bytes | None] = {}  # packed: see _validate_packed
    # workers store the tables in the cache themselves; in this process they stay at hand
    store = cacheable and in_workers(len(missing))
    with step("validate" if then is None else "validate-render", len(sources)) as advance:
        advance(len(sources) - len(missing))  # the ones the cache had
        made = run_all(_validate_packed, [
            (sources[i], max_file_bytes, limit_errors, keep_tables, then,
             (cache.folder, keys[i]) if store else None) for i in missing], advance)
    for i, (package_report, tables, fallbacks, then_made) in zip(missing, made):
        outcomes[i] = (package_report, tables is not None, fallbacks)
        if tables != IN_CACHE:
            made_tables[i] = tables
        if then_made is not None:
            result.then[sources[i].name] = then_made
        if cacheable:
            if tables is not None and tables != IN_CACHE:
                cache.put("tables", keys[i], tables)
            cache.put("validate", keys[i], outcomes[i])
    for i, (source, fingerprint, outcome) in enumerate(zip(sources, fingerprints, outcomes)):
        package_report, has_tables, fallbacks = outcome
        if fingerprint is not None:
            result.fingerprints[source.name] = fingerprint
        result.report.packages.append(package_report)
        if fallbacks:
            result.fallbacks[package_report.name] = fallbacks
        if has_tables and package_report.valid:
            result.sources[source.name] = source
            if i in made_tables:
                if keep_tables:
                    result.tables.set_packed(source.name, made_tables[i])
            else:
                result.tables.set_packed(source.name, partial(
                    _cached_tables, cache, keys[i], source, max_file_bytes, limit_errors))
    _check_duplicate_names(sources, result.report)
    return result


def _cached_tables(cache: Any, key: str, source: PackageSource, max_file_bytes: int,
                   limit_errors: int) -> bytes:
    """A package's packed tables from the build cache; validated again if the entry went
    missing."""
    tables = cache.get("tables", key)
    if tables is None:
        tables = _validate_packed(source, max_file_bytes, limit_errors, True)[1] \
            or pack_tables({})
        cache.put("tables", key, tables)
    return tables


def _validate_packed(source: PackageSource, max_file_bytes: int, limit_errors: int,
                     keep_tables: bool, then: Callable[..., Any] | None = None,
                     store: tuple[Path, str] | None = None
                     ) -> tuple[PackageReport, bytes | str | None, list[tuple[str, str]], Any]:
    """`_validate_package` with the tables packed (pickled once, in the worker): the build's
    main process reads them only if it needs them. Without `keep_tables`, an empty packing
    only says the package has tables. With `store` (the build cache's folder and this
    package's key), tables kept are written to the cache here and IN_CACHE comes back in
    their place. Last: what `then` made of a valid package (see validate_packages), or None.
    """
    report, tables, fallbacks = _validate_package(source, max_file_bytes, limit_errors,
                                                  keep_tables)
    if tables is None:
        return report, None, fallbacks, None
    packed: bytes | str = pack_tables(tables if keep_tables else {})
    if store is not None and keep_tables:
        from generator.cache import BuildCache

        BuildCache(store[0]).put("tables", store[1], packed)
        packed = IN_CACHE
    made = then(source, tables) if then is not None and report.valid else None
    return report, packed, fallbacks, made


def _validate_package(
    source: PackageSource, max_file_bytes: int, limit_errors: int, keep_tables: bool = True
) -> tuple[PackageReport, dict[str, Any] | None, list[tuple[str, str]]]:
    report = PackageReport(name=source.name, path=display_folder(source))
    report.issues = check_descriptor(source, max_file_bytes)
    if not report.valid:
        return report, None, []
    from generator.validate.tables import check_tables

    # Without a data kind and without tables to keep, the text-cell checks are made while the
    # files stream through the fast engine: `tdh validate` then never loads a whole table.
    from generator.kinds import KINDS

    tdh = source.descriptor.get("tdh")
    kind = tdh.get("kind") if isinstance(tdh, dict) else None
    streamed = not keep_tables and kind not in KINDS
    checked = check_tables(source, limit_errors, scan_text=streamed)
    report.issues += checked.issues
    descriptor = source.descriptor
    report.issues += check_metadata(descriptor, source.name, source.display_path)
    report.issues += check_file_formats(source)
    if not report.valid:
        return report, None, checked.fallbacks
    files = resource_files(source)
    if checked.text is not None:
        report.issues += streamed_text_issues(checked.text, source.name, files)
        return report, {}, checked.fallbacks
    from generator.load import read_tables

    tables = read_tables(source, checked.typed, checked.package)
    name = source.name
    report.issues += check_kind_structure(descriptor, tables, name, files, source.display_path)
    if report.valid:
        report.issues += check_kind_codes(descriptor, tables, name, files)
        report.issues += check_kind_numbers(descriptor, tables, name, files)
        report.issues += check_green_budget(descriptor, tables, name, files)
    report.issues += check_formula_cells(tables, name, files)
    report.issues += check_flagged_values(tables, name, files)
    return report, tables, checked.fallbacks


def resource_files(source: PackageSource) -> dict[str, str]:
    """Resource name -> the display path of its (first) data file."""
    folder = Path(source.display_path).parent
    files = {}
    for resource in source.descriptor.get("resources", []):
        path = resource.get("path")
        first = path[0] if isinstance(path, list) and path else path
        if isinstance(first, str) and isinstance(resource.get("name"), str):
            files[resource["name"]] = str(folder / first)
        elif isinstance(resource.get("name"), str):
            files[resource["name"]] = source.display_path
    return files


def _check_duplicate_names(sources: list[PackageSource], report: Report) -> None:
    by_name: dict[str, list[int]] = defaultdict(list)
    for index, source in enumerate(sources):
        if isinstance(source.descriptor, dict) and isinstance(source.descriptor.get("name"), str):
            by_name[source.descriptor["name"]].append(index)
    for name, indexes in by_name.items():
        if len(indexes) < 2:
            continue
        for index in indexes:
            others = [display_folder(sources[i]) for i in indexes if i != index]
            report.packages[index].issues.insert(
                0,
                make_issue("package-name-duplicate", ERROR, name,
                           path=sources[index].display_path, value=name, field="name",
                           other=", ".join(others)),
            )
