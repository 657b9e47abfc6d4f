"""Load stage for releases: what the previous release published (read from git).

Releases are git tags named like versions (`1.2.0`, `v1.2.0`, `2024.1`). The previous release is
the highest version tag reachable from HEAD; when building a release (`TDH_RELEASE` is set by
`tdh publish`, or `MIKE_DOCS_VERSION` by a plain `mike deploy`), tags on HEAD itself and the tag
named like that release are skipped, since they are the release being built. Data is read with
`git archive` into a temporary folder: the working tree is never touched.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.release.git import Tag, commit_date, release_tags, resolve, rfc3339, show
from generator.release.git import toplevel, tree_entries
from generator.release.previous import ReleaseData

RELEASE_ENV = ("TDH_RELEASE", "MIKE_DOCS_VERSION")
FEED_RELEASES = 20
_RELEASES: dict[tuple[str, str, str], ReleaseData] = {}


@dataclass(frozen=True)
class Release:
    """An earlier release: its tag, commit, date, message and the datasets it changed."""

    tag: str
    commit: str
    date: str
    message: str
    changed: tuple[dict[str, Any], ...] = ()
    first: bool = False


@dataclass
class History:
    """What the render stage needs about releases: the current one, the earlier ones."""

    current: str | None
    """The version being built (None for a preview build)."""
    date: str | None
    """The build date (SOURCE_DATE_EPOCH, else the HEAD commit's date), RFC 3339."""
    previous: Release | None = None
    releases: list[Release] = field(default_factory=list)
    """Earlier releases, newest first."""
    release: ReleaseData | None = None
    """The previous release's data."""
    repository: bool = False


def build_date(root: Path | None) -> str | None:
    """SOURCE_DATE_EPOCH, else the HEAD commit date; never the clock."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return rfc3339(int(epoch))
    return commit_date(root) if root is not None else None


def datapackages_path(settings: Any, repo: Path) -> str | None:
    """The configured datapackages folder relative to the repository root (posix), or None."""
    try:
        relative = settings.datapackages.resolve().relative_to(repo.resolve())
    except ValueError:
        return None
    return relative.as_posix() if str(relative) != "." else ""


def previous_tag(repo: Path, current: str | None) -> tuple[Tag | None, list[Tag]]:
    """The previous release tag and every earlier release tag (newest first)."""
    tags = release_tags(repo)
    if current:
        head = resolve(repo, "HEAD")
        tags = [t for t in tags if t.commit != head and t.name != current]
    return (tags[0] if tags else None), tags


def load_history(settings: Any) -> History:
    """Earlier releases of the data (an empty history outside a git repository)."""
    current = next((os.environ[k] for k in RELEASE_ENV if os.environ.get(k)), None)
    repo = toplevel(settings.root)
    if repo is None or resolve(repo, "HEAD") is None:
        return History(current=current, date=build_date(None))
    history = History(current=current, date=build_date(repo), repository=True)
    relative = datapackages_path(settings, repo)
    if relative is None:
        return history
    previous, tags = previous_tag(repo, current)
    if previous is None:
        return history

    history.releases = releases_with_changes(repo, tags[:FEED_RELEASES + 1], relative)
    history.previous = history.releases[0]
    key = (str(repo), previous.commit, relative)
    if key not in _RELEASES:  # a commit's data never changes: `tdh serve` keeps what it read
        _RELEASES.clear()
        _RELEASES[key] = ReleaseData(repo, previous.commit, previous.name, relative,
                                     {"max_file_bytes": settings.max_file_bytes,
                                      "limit_errors": settings.limit_errors})
    history.release = _RELEASES[key]
    return history


def releases_with_changes(repo: Path, tags: list[Tag], relative: str) -> list[Release]:
    """Each release with the package folders it changed since the one before (tree ids)."""
    trees = [tree_entries(repo, tag.name, relative) for tag in tags]
    releases = []
    for index, tag in enumerate(tags[:FEED_RELEASES]):
        changed: list[dict[str, Any]] = []
        if index + 1 < len(tags):
            before, after = trees[index + 1], trees[index]
            for folder in sorted(set(before) | set(after)):
                if before.get(folder) != after.get(folder):
                    status = ("added" if folder not in before else
                              "removed" if folder not in after else "modified")
                    ref = tag.name if folder in after else tags[index + 1].name
                    changed.append(_package_label(repo, ref, relative, folder, status))
        releases.append(Release(tag=tag.name, commit=tag.commit, date=tag.date,
                                message=tag.message, changed=tuple(changed),
                                first=index + 1 == len(tags)))
    return releases


def _package_label(repo: Path, ref: str, relative: str, folder: str, status: str
                   ) -> dict[str, Any]:
    from generator.render.metadata import title_of

    path = f"{relative}/{folder}/datapackage.json" if relative else f"{folder}/datapackage.json"
    try:
        descriptor = json.loads((show(repo, ref, path) or b"{}").decode("utf-8-sig"))
    except ValueError:
        descriptor = {}
    if not isinstance(descriptor, dict):
        descriptor = {}
    name = descriptor.get("name") if isinstance(descriptor.get("name"), str) else folder
    descriptor.setdefault("name", name)
    return {"name": name, "status": status,
            "title": {lang: title_of(descriptor, lang) for lang in ("fr", "en")}}


def diff_refs(settings: Any, from_ref: str | None, to_ref: str | None,
              limit: int | None = None) -> tuple[Any, str | None]:
    """The data diff between two git refs (default: last release tag → working tree)."""
    from generator.errors import ConfigError
    from generator.release.diff import Snapshot, diff_snapshots
    from generator.release.publish_text import message
    from generator.release.snapshot import WORKING_TREE, load_ref_snapshot, load_snapshot

    def error(key: str, **values: Any) -> ConfigError:
        return ConfigError(message(key, "fr", **values), message(key, "en", **values))

    repo = toplevel(settings.root)
    if repo is None:
        raise error("no-repo", root=settings.root)
    relative = datapackages_path(settings, repo)
    if relative is None:
        raise error("outside-repo", path=settings.datapackages)
    for ref in (from_ref, to_ref):
        if ref is not None and resolve(repo, ref) is None:
            raise error("unknown-ref", ref=ref)
    limits = {"max_file_bytes": settings.max_file_bytes, "limit_errors": settings.limit_errors}
    note = None
    if from_ref is None:
        tags = release_tags(repo) if resolve(repo, "HEAD") else []
        from_ref = tags[0].name if tags else None
        note = None if tags else "no-release"
    old = (load_ref_snapshot(repo, from_ref, relative, **limits) if from_ref
           else Snapshot(ref="", packages={}))
    new = (load_ref_snapshot(repo, to_ref, relative, **limits) if to_ref
           else load_snapshot(settings.datapackages, WORKING_TREE, **limits))
    return diff_snapshots(old, new, limit=limit), note
