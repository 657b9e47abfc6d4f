"""The previous release's packages, read from git only when needed, and the diff against them.

Every build compares the data with the previous release (the changes page, `api/changes.json`,
the feed). Reading the whole release back from git, validating it and comparing every table
took minutes for a few hundred packages, on every build, though an edit changes one package.

A package's diff depends only on its content at the release and its content now. Git already
names the first (the tree id of the package's folder) and the build names the second (its
fingerprint), so each package's diff is cached under both. A folder git finds unchanged
since the release is compared with itself (no row can differ), and the other folders of the
release are extracted and read only when a diff that needs them is not in the cache.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.release.diff import DataDiff, PackageSnapshot, diff_package
from generator.release.git import changed_folders, exists, extract, tree_entries

NAMES = "release-package-name"
DIFFS = "package-diff"


@dataclass
class ReleaseData:
    """The packages of a release (a commit), read folder by folder."""

    repo: Path
    commit: str
    ref: str
    """The release's name (its tag)."""
    relative: str
    """The datapackages folder, relative to the repository root ('' for the root)."""
    limits: dict[str, Any] = field(default_factory=dict)
    """validate_packages' limits (max_file_bytes, limit_errors)."""
    folders: dict[str, str] = field(init=False)
    """Package folder -> its git tree id at the release."""
    read: dict[str, PackageSnapshot | None] = field(init=False, default_factory=dict)
    """The folders read so far (None: no package that can be compared)."""

    def __post_init__(self) -> None:
        self.folders = {folder: tree for folder, tree in
                        tree_entries(self.repo, self.commit, self.relative).items()
                        if not folder.startswith((".", "_"))}  # as load.discover_packages

    @property
    def by_folder(self) -> bool:
        """False when the datapackages folder is itself one package: read it whole."""
        descriptor = f"{self.relative}/datapackage.json" if self.relative else "datapackage.json"
        return not exists(self.repo, self.commit, descriptor)

    def unchanged_folders(self) -> set[str]:
        """The release's folders whose files are the same in the work tree now."""
        changed = changed_folders(self.repo, self.commit, self.relative)
        return set() if changed is None else set(self.folders) - changed

    def name_key(self, folder: str) -> tuple[Any, ...]:
        return (self.folders[folder], folder, self.limits)

    def read_folders(self, folders: set[str]) -> None:
        """Extract and read `folders` (those not read yet), validating them together."""
        from generator.cache import using
        from generator.progress import step
        from generator.release.snapshot import read_packages

        wanted = sorted(folders - set(self.read))
        if not wanted:
            return
        with step("release", absorb=True), tempfile.TemporaryDirectory(prefix="tdh-ref-") as tmp:
            extract(self.repo, self.commit,  # the folders are in the release's tree
                    [f"{self.relative}/{folder}" if self.relative else folder
                     for folder in wanted], Path(tmp))
            with using(None):  # keyed by a temporary path, its entries would never be used
                packages = read_packages(Path(tmp) / self.relative, **self.limits)
        for folder in wanted:
            self.read[folder] = packages.get(folder)


def diff_with_release(validated: Any, release: ReleaseData, current_ref: str,
                      limit: int | None) -> DataDiff:
    """What changed between the release and the validated data, package by package: the same
    as diff_snapshots(the release's snapshot, snapshot_from_validated(validated))."""
    from generator.cache import active, hash_parts
    from generator.release.snapshot import package_snapshot

    cache = active()

    def lookup(namespace: str, parts: tuple[Any, ...]) -> Any:
        return cache.get(namespace, hash_parts(*parts)) if cache is not None else None

    def store(namespace: str, parts: tuple[Any, ...], value: Any) -> None:
        if cache is not None:
            cache.put(namespace, hash_parts(*parts), value)

    unchanged = release.unchanged_folders()
    here: dict[str, str] = {}  # folder -> the package built from it, in the release's folder
    root = (release.repo / release.relative).resolve()
    for name in sorted(validated.sources):
        folder = validated.sources[name].folder
        if folder.parent.resolve() == root:
            here.setdefault(folder.name, name)
    names = {folder: here[folder] if folder in unchanged and folder in here  # same descriptor
             else lookup(NAMES, release.name_key(folder)) for folder in release.folders}
    release.read_folders({folder for folder, name in names.items() if name is None})
    for folder, name in names.items():
        if name is None:
            package = release.read[folder]
            names[folder] = package.name if package is not None else ""
            store(NAMES, release.name_key(folder), names[folder])
    at_release: dict[str, str] = {}  # package name -> its folder at the release
    for folder in sorted(release.folders):
        if names[folder]:
            at_release.setdefault(names[folder], folder)

    keys, diffs = {}, {}
    for name in sorted(set(at_release) | set(validated.sources)):
        folder, now = at_release.get(name), validated.sources.get(name)
        fingerprint = validated.fingerprints.get(name) if now is not None else None
        if now is None or fingerprint is not None:  # its content has a name: cacheable
            keys[name] = (release.folders.get(folder) if folder else None, folder, fingerprint,
                          name, limit, release.limits)
            diffs[name] = lookup(DIFFS, keys[name])

    def same(name: str) -> bool:
        """True when the package's folder has the same files as at the release."""
        folder = at_release.get(name)
        return folder in unchanged and here.get(folder) == name

    release.read_folders({at_release[name] for name in at_release
                          if diffs.get(name) is None and not same(name)})
    result = DataDiff(from_ref=release.ref, to_ref=current_ref)
    for name in sorted(set(at_release) | set(validated.sources)):
        diff = diffs.get(name)
        if diff is None:
            folder, now = at_release.get(name), validated.sources.get(name)
            new = package_snapshot(now, _tables(validated, name)) if now else None
            old = new if same(name) else release.read[folder] if folder is not None else None
            diff = diff_package(old, new, limit)
            if name in keys:
                store(DIFFS, keys[name], diff)
        result.packages.append(diff)
    return result


def _tables(validated: Any, name: str) -> dict[str, Any]:
    """A package's typed tables, not kept unpacked afterwards (a diff needs them once)."""
    from generator.model import unpack_tables

    return unpack_tables(validated.tables.packed(name)) if name in validated.tables else {}
