"""Refusals of `tdh publish`, all read-only: they run before anything is written."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from generator.errors import ConfigError, GeneratorError
from generator.release.git import exists, git_text, is_ancestor, resolve, run_git, show
from generator.release.publish_text import message

NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._+-]*$")


class PublishError(GeneratorError):
    """A release was refused or failed; nothing was published (exit code 1)."""


def refusal(key: str, error: type[GeneratorError] = PublishError, **values: Any
            ) -> GeneratorError:
    """The bilingual error of one message key."""
    return error(message(key, "fr", **values), message(key, "en", **values))


def mike_options(settings: Any) -> dict[str, Any]:
    """Branch, remote and alias settings from mkdocs.yml (the `mike` plugin's options)."""
    from generator.settings import read_mkdocs_config

    config = read_mkdocs_config(settings.config_file) if settings.config_file.is_file() else {}
    plugin: dict[str, Any] = {}
    for entry in config.get("plugins") or []:
        if isinstance(entry, dict) and "mike" in entry:
            plugin = entry["mike"] or {}
    return {"branch": str(config.get("remote_branch") or "gh-pages"),
            "remote": str(config.get("remote_name") or "origin"),
            "alias_type": str(plugin.get("alias_type") or "redirect"),
            "template": plugin.get("redirect_template"),
            "prefix": str(plugin.get("deploy_prefix") or "").strip("/"),
            "use_directory_urls": bool(config.get("use_directory_urls", True))}


def next_version(version: str) -> str:
    """A suggestion for a new version name: the last number plus one."""
    match = re.search(r"(\d+)(?!.*\d)", version)
    if not match:
        return f"{version}.1"
    return f"{version[:match.start()]}{int(match.group(1)) + 1}{version[match.end():]}"


def published_names(repo: Path, ref: str, prefix: str) -> tuple[set[str], set[str]]:
    """Versions and aliases listed in `ref`'s versions.json (empty when absent)."""
    import json

    path = f"{prefix}/versions.json" if prefix else "versions.json"
    text = show(repo, ref, path) if resolve(repo, ref) else None
    versions, aliases = set(), set()
    for item in json.loads(text or b"[]"):
        versions.add(str(item.get("version")))
        aliases.update(str(a) for a in item.get("aliases") or [])
    return versions, aliases


def check_new(repo: Path, version: str, aliases: list[str], options: dict[str, Any]) -> None:
    """Refuse a version that exists (locally or on the remote) or an alias naming a version."""
    for name in [version, *aliases]:
        if not NAME.match(name) or name in (".", ".."):
            raise refusal("bad-name", ConfigError, name=name)
    if version in aliases:
        raise refusal("bad-name", ConfigError, name=version)
    prefix, branch = options["prefix"], options["branch"]
    for ref in (branch, f"refs/remotes/{options['remote']}/{branch}"):
        versions, taken = published_names(repo, ref, prefix)
        folder = f"{prefix}/{version}" if prefix else version
        if version in versions or (resolve(repo, ref) and exists(repo, ref, folder)):
            raise refusal("exists", version=version, branch=branch,
                         suggestion=next_version(version))
        if version in taken:
            raise refusal("is-alias", version=version, branch=branch)
        clash = sorted(set(aliases) & versions)
        if clash:
            raise refusal("alias-is-version", alias=clash[0])


def check_source(repo: Path, settings: Any, version: str) -> str:
    """The commit to publish: HEAD, with committed data and no tag `version` elsewhere."""
    head = resolve(repo, "HEAD")
    if head is None:
        raise refusal("no-commit")
    paths = [p for p in (settings.datapackages, settings.docs_dir, settings.config_file)
             if p.exists()]
    status = run_git(repo, "status", "--porcelain", "--untracked-files=all", "--",
                     *[str(p) for p in paths]).decode("utf-8", "replace").splitlines()
    if status:
        raise refusal("dirty", files=status[0][3:])
    tag = resolve(repo, f"refs/tags/{version}")
    if tag is not None and tag != head:
        raise refusal("tag-elsewhere", version=version, commit=tag[:12])
    if not git_text(repo, "var", "GIT_COMMITTER_IDENT", check=False):
        raise refusal("no-identity")
    return head


def check_remote(repo: Path, options: dict[str, Any], push: bool) -> None:
    """Fetch the published branch (with --push); refuse when it diverged from ours."""
    remote, branch = options["remote"], options["branch"]
    if push:
        if not git_text(repo, "remote", "get-url", remote, check=False):
            raise refusal("no-remote", remote=remote)
        run_git(repo, "fetch", "--quiet", remote,
                f"+refs/heads/{branch}:refs/remotes/{remote}/{branch}", check=False)
    local, upstream = resolve(repo, branch), resolve(repo, f"refs/remotes/{remote}/{branch}")
    if local and upstream and not (is_ancestor(repo, local, upstream)
                                   or is_ancestor(repo, upstream, local)):
        raise refusal("diverged", branch=branch, remote=remote)
