"""SHA256SUMS of a built site, and checking a copy against it (`tdh verify`)."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from generator.write import Written

SUMS = "SHA256SUMS"


def file_sha256(path: Path) -> str:
    """Hex SHA-256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def file_sha256s(paths: list[Path]) -> list[str]:
    """file_sha256 of each path, in order, a few files at a time (hashlib and file reads let
    other threads run: hashing a large site takes half the time on two cores)."""
    with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
        return list(pool.map(file_sha256, paths))


def site_files(site_dir: Path) -> dict[str, Path]:
    """Every file of the site but SHA256SUMS, by sorted path relative to `site_dir`."""
    files = {path.relative_to(site_dir).as_posix(): path
             for path in sorted(p for p in site_dir.rglob("*") if p.is_file())}
    files.pop(SUMS, None)
    return files


def sums_text(site_dir: Path, written: Mapping[str, Written] | None = None) -> str:
    """`sha256sum` format: one `<hex>  <path>` line per file, sorted, SHA256SUMS excluded.

    `written`: files whose digest is known from when they were written (write_site_files,
    by path relative to `site_dir`); each is read again unless it is still that file."""
    files = site_files(site_dir)
    written = written or {}
    digests = {relative: written[relative].sha256 for relative, path in files.items()
               if relative in written and written[relative].still(path)}
    unknown = [relative for relative in files if relative not in digests]
    digests.update(zip(unknown, file_sha256s([files[relative] for relative in unknown])))
    return "".join(f"{digests[relative]}  {relative}\n" for relative in files)


@dataclass
class Verification:
    """What `tdh verify` found."""

    checked: int = 0
    changed: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    unlisted: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when every listed file is present and unchanged, and nothing was added."""
        return not (self.changed or self.missing or self.unlisted)


def verify_site(site_dir: Path) -> Verification:
    """Compare a site folder with its SHA256SUMS."""
    result = Verification()
    listed = {}
    for line in (site_dir / SUMS).read_text(encoding="utf-8").splitlines():
        if line.strip():
            digest, _, relative = line.partition("  ")
            listed[relative] = digest
    present = {relative: digest for relative, digest in sorted(listed.items())
               if (site_dir / relative).is_file()}
    result.missing = sorted(listed.keys() - present.keys())
    found = file_sha256s([site_dir / relative for relative in present])
    result.checked = len(present)
    result.changed = [relative for relative, actual in zip(present, found)
                      if actual != present[relative]]
    result.unlisted = [relative for relative in site_files(site_dir) if relative not in listed]
    return result
