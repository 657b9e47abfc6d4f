"""Read-only git helpers for releases: refs, tags, dates, and a ref's files (never the worktree)."""

from __future__ import annotations

import io
import os
import re
import subprocess
import tarfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from generator.errors import GeneratorError

VERSION_TAG = re.compile(r"^v?\d+(\.\d+)*([-+.]?[0-9A-Za-z][0-9A-Za-z.+-]*)?$")


class GitError(GeneratorError):
    """A git command failed (not a repository, unknown ref, …)."""


@dataclass(frozen=True)
class Tag:
    """A release tag: its name, the commit it points at, its date (UTC, RFC 3339), message."""

    name: str
    commit: str
    date: str
    message: str


def git_env() -> dict[str, str]:
    """The environment for git subprocesses: no prompts, stable messages."""
    env = dict(os.environ)
    env.update({"GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C", "LANG": "C"})
    return env


def run_git(cwd: Path, *args: str, data: bytes | None = None, check: bool = True) -> bytes:
    """Run git in `cwd` and return its standard output."""
    process = subprocess.run(["git", *args], cwd=cwd, input=data, capture_output=True,
                             env=git_env(), check=False)
    if check and process.returncode != 0:
        detail = process.stderr.decode("utf-8", "replace").strip()
        raise GitError(f"git {' '.join(args)} a échoué : {detail}",
                       f"git {' '.join(args)} failed: {detail}")
    return process.stdout


def git_text(cwd: Path, *args: str, check: bool = True) -> str:
    """Run git and return its output as stripped text."""
    return run_git(cwd, *args, check=check).decode("utf-8", "replace").strip()


def toplevel(path: Path) -> Path | None:
    """The root of the git work tree holding `path`, or None outside a repository."""
    if not path.is_dir():
        return None
    try:
        text = git_text(path, "rev-parse", "--show-toplevel")
    except (GitError, OSError):
        return None
    return Path(text) if text else None


def resolve(cwd: Path, ref: str) -> str | None:
    """The commit id a ref names, or None when it names no commit."""
    text = git_text(cwd, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}", check=False)
    return text or None


def exists(cwd: Path, ref: str, path: str = "") -> bool:
    """True when `ref:path` names an object."""
    spec = f"{ref}:{path}" if path else ref
    return bool(git_text(cwd, "rev-parse", "--verify", "--quiet", spec, check=False))


def is_ancestor(cwd: Path, ancestor: str, commit: str) -> bool:
    """True when `ancestor` is `commit` or one of its ancestors."""
    process = subprocess.run(["git", "merge-base", "--is-ancestor", ancestor, commit], cwd=cwd,
                             capture_output=True, env=git_env(), check=False)
    return process.returncode == 0


def show(cwd: Path, ref: str, path: str) -> bytes | None:
    """The bytes of `ref:path`, or None when absent."""
    if not exists(cwd, ref, path):
        return None
    return run_git(cwd, "show", f"{ref}:{path}")


def rfc3339(timestamp: int | float) -> str:
    """A POSIX time as an RFC 3339 UTC string."""
    moment = datetime.fromtimestamp(int(timestamp), tz=timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def commit_date(cwd: Path, ref: str = "HEAD") -> str | None:
    """The committer date of a commit (RFC 3339, UTC), or None."""
    text = git_text(cwd, "log", "-1", "--format=%ct", ref, "--", check=False)
    return rfc3339(int(text)) if text.isdigit() else None


def version_key(name: str) -> tuple:
    """Sort key of a version name: numeric parts compared as numbers."""
    from packaging.version import InvalidVersion, Version

    try:
        return (1, Version(name.lstrip("vV")), ())
    except InvalidVersion:
        parts = re.split(r"(\d+)", name.lstrip("vV"))
        return (0, None, tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts if p))


def release_tags(cwd: Path, merged: str | None = "HEAD") -> list[Tag]:
    """Version-like tags (reachable from `merged` when given), newest version first."""
    fmt = "%(refname:short)%00%(objectname)%00%(*objectname)%00%(creatordate:unix)%00" \
          "%(contents:subject)"
    args = ["for-each-ref", f"--format={fmt}"]
    if merged:
        args.append(f"--merged={merged}")
    text = git_text(cwd, *args, "refs/tags", check=False)
    tags = []
    for line in text.splitlines():
        name, obj, peeled, unix, subject = (line.split("\0") + [""] * 5)[:5]
        if not VERSION_TAG.match(name) or not unix.isdigit():
            continue
        tags.append(Tag(name=name, commit=peeled or obj, date=rfc3339(int(unix)),
                        message=subject.strip()))
    return sorted(tags, key=lambda tag: (version_key(tag.name), tag.date), reverse=True)


def tree_entries(cwd: Path, ref: str, path: str) -> dict[str, str]:
    """Sub-folders of `ref:path` mapped to their tree ids (cheap change detection)."""
    if not exists(cwd, ref, path):
        return {}
    spec = f"{ref}:{path}" if path else f"{ref}^{{tree}}"
    entries = {}
    for line in git_text(cwd, "ls-tree", spec).splitlines():
        meta, _, name = line.partition("\t")
        mode, kind, obj = meta.split()
        if kind == "tree":
            entries[name] = obj
    return entries


def changed_folders(cwd: Path, ref: str, path: str) -> set[str] | None:
    """The sub-folders of `path` whose files in the work tree differ from `ref`'s (changed,
    added, deleted, or not tracked, ignored ones included; '' for a file of `path` itself);
    None when git cannot tell."""
    prefix = f"{path}/" if path else ""
    try:
        listed = run_git(cwd, "-c", "core.quotePath=false", "diff", "--name-only", "-z",
                         "--no-renames", ref, "--", f":(literal){path or '.'}")
        listed += run_git(cwd, "-c", "core.quotePath=false", "ls-files", "--others", "-z",
                          "--", f":(literal){path or '.'}")
    except GitError:
        return None
    folders = set()
    for name in listed.decode("utf-8", "surrogateescape").split("\0"):
        if name.startswith(prefix) and "/" in name[len(prefix):]:
            folders.add(name[len(prefix):].split("/", 1)[0])
        elif name:
            folders.add("")  # a file of `path` itself
    return folders


def extract(cwd: Path, ref: str, path: str | list[str], target: Path) -> bool:
    """Extract `ref:path` (a folder, or several) into `target` with git archive; False when
    it is absent (several: each must be there)."""
    if isinstance(path, list):
        paths = [f":(literal){p}" for p in path]  # names as they are: no pattern
    elif exists(cwd, ref, path):
        paths = [path or "."]
    else:
        return False
    data = run_git(cwd, "archive", "--format=tar", ref, "--", *paths)
    with tarfile.open(fileobj=io.BytesIO(data)) as archive:
        archive.extractall(target, filter="data")
    return True
