"""`tdh publish`: build a release with our pipeline, then commit it to gh-pages with mike.

The site is built by `build_site` (validation, post-build checks, `SHA256SUMS`); mike's own deploy
(`mike.commands.deploy`) commits that folder as the version, writes `versions.json` and the alias
redirects; with an alias, the release's `feed.xml` is also copied to the branch root (a feed
address that never moves). Every refusal happens before anything is written; a failure after
mike's commit rolls the branch (and the new tag) back.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.integrity import SUMS, sums_text
from generator.release.git import git_text, resolve, run_git, show, toplevel
from generator.release.publish_checks import (
    PublishError,
    refusal,
    check_new,
    check_remote,
    check_source,
    mike_options,
)
from generator.release.publish_text import message

__all__ = ["PublishError", "Published", "publish_release"]

FEED = "feed.xml"
KEEP = {"versions.json", ".nojekyll", "index.html", FEED}


@dataclass
class Published:
    """What `tdh publish` did."""

    version: str
    aliases: list[str]
    branch: str
    commit: str
    source: str
    tag_created: bool
    remote: str = "origin"
    zip_path: Path | None = None
    pushed: bool = False


@contextmanager
def environment(**values: str | None) -> Iterator[None]:
    """Set (or, with None, leave) environment variables for the duration of a block."""
    saved = {k: os.environ.get(k) for k in values}
    try:
        for key, value in values.items():
            if value is not None:
                os.environ[key] = value
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@contextmanager
def working_directory(path: Path) -> Iterator[None]:
    """mike's git helpers work in the current folder: run them from the repository."""
    old = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(old)


def write_sums(site: Path) -> str:
    """Write `SHA256SUMS` (sha256sum format, sorted paths) for every file of the version."""
    text = sums_text(site)
    (site / SUMS).write_text(text, encoding="utf-8")
    return text


def build_release(settings: Any, version: str, head_time: str, site: Path) -> Any:
    """Build the version's site with our pipeline (the version is known to the render stage).

    MIKE_DOCS_VERSION is not set: mike would move site_url under /latest/, and the home page's
    root-absolute language links would then fail the post-build link check.
    """
    from generator.build import build_site

    epoch = None if os.environ.get("SOURCE_DATE_EPOCH") else head_time
    with environment(TDH_RELEASE=version, SOURCE_DATE_EPOCH=epoch, TDH_VERSION_PROVIDER="mike"):
        result = build_site(settings, site_dir=site)
    if not result.ok:
        error = refusal("build-failed")
        error.report = result.report  # type: ignore[attr-defined]
        raise error
    return result


def sync_branch(repo: Path, options: dict[str, Any]) -> None:
    """Bring the local branch up to the remote one (fast-forward) before adding to it."""
    from mike import git_utils

    with working_directory(repo), _mike_errors():
        git_utils.update_from_upstream(options["remote"], options["branch"])


def deploy(repo: Path, site: Path, version: str, aliases: list[str], options: dict[str, Any],
           source: str) -> None:
    """Commit the built folder as `version` with mike (versions.json, redirects, root page)."""
    from mike import commands

    cfg = {"site_dir": str(site), "use_directory_urls": options["use_directory_urls"]}
    branch, prefix = options["branch"], options["prefix"]
    alias_type = commands.AliasType[options["alias_type"]]
    with working_directory(repo), _mike_errors():
        with commands.deploy(cfg, version, aliases=aliases, update_aliases=True,
                             alias_type=alias_type, template=options["template"], branch=branch,
                             message=f"Release {version} ({source[:12]})", deploy_prefix=prefix,
                             set_props=[("commit", source)]):
            pass
        target = aliases[0] if aliases else version
        root = f"{prefix}/index.html" if prefix else "index.html"
        page = commands._redirect_template(options["template"]).render(href=target + "/")
        current = show(repo, branch, root)
        if current is None or (aliases and current != page.encode("utf-8")):
            commands.set_default(target, options["template"], branch=branch,
                                 deploy_prefix=prefix)
        if aliases and (site / FEED).is_file():
            stable_feed(site / FEED, branch, f"{prefix}/{FEED}" if prefix else FEED, version)


def stable_feed(feed: Path, branch: str, path: str, version: str) -> None:
    """The newest release's feed at the branch root too: a feed address that never moves."""
    from mike import git_utils

    try:
        with git_utils.Commit(branch, f"Feed of release {version}") as commit:
            commit.add_file(git_utils.FileInfo(path, feed.read_bytes()))
    except git_utils.GitEmptyCommit:
        pass


@contextmanager
def _mike_errors() -> Iterator[None]:
    """mike reports problems as ValueError or GitError: turn them into a clear refusal."""
    from mike.git_utils import GitError as MikeGitError

    try:
        yield
    except (ValueError, MikeGitError) as error:
        raise refusal("mike-failed", detail=str(error)) from error


def check_untouched(repo: Path, before: str | None, branch: str, prefix: str,
                    mine: set[str]) -> None:
    """Every folder of the branch except this version and its aliases is byte-identical."""
    if before is None:
        return
    base = f"{prefix}/" if prefix else ""
    listing = git_text(repo, "ls-tree", f"{before}:{prefix}" if prefix else before)
    for line in listing.splitlines():
        name = line.partition("\t")[2]
        if name in mine or name in KEEP:
            continue
        old = git_text(repo, "rev-parse", f"{before}:{base}{name}")
        new = git_text(repo, "rev-parse", "--verify", "--quiet", f"{branch}:{base}{name}",
                       check=False)
        if old != new:
            raise refusal("touched", name=name)


def rollback(repo: Path, branch: str, before: str | None, tag: str | None) -> None:
    """Put the branch back where it was and remove a tag this run created."""
    if before is None:
        run_git(repo, "update-ref", "-d", f"refs/heads/{branch}", check=False)
    else:
        run_git(repo, "update-ref", f"refs/heads/{branch}", before, check=False)
    if tag:
        run_git(repo, "tag", "-d", tag, check=False)


def write_zip(repo: Path, branch: str, prefix: str, version: str, target: Path) -> Path:
    """A zip of exactly what was published: the version folder of the branch's commit."""
    folder = f"{prefix}/{version}" if prefix else version
    target.parent.mkdir(parents=True, exist_ok=True)
    run_git(repo, "archive", "--format=zip", f"--output={target.absolute()}", branch, "--",
            folder)
    return target


def publish_release(settings: Any, version: str, aliases: list[str] | None = None, *,
                    push: bool = False, zip_path: Path | None = None,
                    echo: Callable[[str], None] = print, lang: str = "fr") -> Published:
    """Build, check and deploy one release; refuse an existing version before writing."""
    aliases = list(dict.fromkeys(aliases or []))
    repo = toplevel(settings.root)
    if repo is None:
        raise refusal("no-repo", root=settings.root)
    options = mike_options(settings)
    branch = options["branch"]
    check_remote(repo, options, push)
    check_new(repo, version, aliases, options)
    source = check_source(repo, settings, version)
    head_time = git_text(repo, "log", "-1", "--format=%ct", source)
    echo(message("building", lang, version=version, commit=source[:12]))
    with tempfile.TemporaryDirectory(prefix="tdh-release-") as tmp:
        site = Path(tmp) / "site"
        build_release(settings, version, head_time, site)
        if not (site / SUMS).is_file():
            write_sums(site)
        sync_branch(repo, options)
        before = resolve(repo, branch)
        created = None
        try:
            deploy(repo, site, version, aliases, options, source)
            check_untouched(repo, before, branch, options["prefix"], {version, *aliases})
            if resolve(repo, f"refs/tags/{version}") is None:
                run_git(repo, "tag", "-a", version, "-m", f"Release {version}", source)
                created = version
            if push:
                refs = [f"refs/heads/{branch}"] + ([f"refs/tags/{version}"] if created else [])
                run_git(repo, "push", "--atomic", options["remote"], *refs)
        except BaseException:
            rollback(repo, branch, before, created)
            raise
    commit = resolve(repo, branch) or ""
    result = Published(version=version, aliases=aliases, branch=branch, commit=commit,
                       source=source, tag_created=created is not None, pushed=push,
                       remote=options["remote"])
    if zip_path is not None:
        result.zip_path = write_zip(repo, branch, options["prefix"], version, zip_path)
    return result
