"""Write stage: the only module that writes the site and the generated pages.

(The build cache, `.tdh-cache/`, is written by generator/cache.py: it holds no published file.)

Generated Markdown goes into docs_dir (only files whose content changed, so MkDocs' watcher
and caches see real changes only); site files go into a build folder that replaces the
published site in one rename once every check passed.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

GENERATED_ROOTS = (
    "donnees", "budget-climat", "budget-vert", "indicateurs", "energie", "participation",
    "qualite", "changements",
)
GENERATED_FILES = ("index.md", "index.en.md")

SiteFile = bytes | Path


@dataclass(frozen=True)
class Written:
    """A file as write_site_files left it: the SHA-256 of the bytes it wrote, and what says
    the file was not replaced or rewritten since (SHA256SUMS reuses the digest only then)."""

    sha256: str
    size: int
    mtime_ns: int
    inode: int

    @classmethod
    def of(cls, path: Path, sha256: str) -> Written:
        stat = path.stat()
        return cls(sha256, stat.st_size, stat.st_mtime_ns, stat.st_ino)

    def still(self, path: Path) -> bool:
        """Whether `path` is still the file written (same inode, size and modification time)."""
        try:
            stat = path.stat()
        except OSError:
            return False
        return (stat.st_ino, stat.st_size, stat.st_mtime_ns) == (
            self.inode, self.size, self.mtime_ns)


def generated_paths(docs_dir: Path) -> set[Path]:
    """The files and folders of docs_dir that the build writes (never edit them by hand)."""
    return ({docs_dir / root for root in GENERATED_ROOTS}
            | {docs_dir / name for name in GENERATED_FILES})


class _Targets:
    """Paths under `root` for relative names; a name leading out of root raises ValueError.

    Each folder is resolved once (a large site writes thousands of files into a few hundred
    folders, and resolving every file's path was seconds of system calls).
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self.resolved_root = root.resolve()
        self.folders: dict[Path, Path] = {}

    def __call__(self, relative: str) -> Path:
        path = self.root / relative
        if path.name in ("", ".", ".."):
            raise ValueError(f"not a file name: {relative!r}")
        folder = self.folders.get(path.parent)
        if folder is None:
            folder = path.parent.resolve()
            folder.relative_to(self.resolved_root)  # raises ValueError for a folder outside
            self.folders[path.parent] = folder
        target = folder / path.name
        if target.is_symlink():  # the one component not resolved above
            target.resolve().relative_to(self.resolved_root)
        return target


def write_bytes_if_changed(target: Path, data: bytes) -> bool:
    """Write atomically (temp file + rename) unless the file already holds `data`."""
    if target.is_file() and target.stat().st_size == len(data) and target.read_bytes() == data:
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.chmod(tmp, 0o644)
    os.replace(tmp, target)
    return True


def write_generated_pages(docs_dir: Path, pages: dict[str, str]) -> int:
    """Write generated pages into docs_dir and remove stale ones; returns how many changed."""
    changed = 0
    target = _Targets(docs_dir)
    for relative, text in sorted(pages.items()):
        changed += write_bytes_if_changed(target(relative), text.encode("utf-8"))
    wanted = {str(Path(p)) for p in pages}
    for root in GENERATED_ROOTS:
        base = docs_dir / root
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*"), reverse=True):
            relative = str(path.relative_to(docs_dir))
            if path.is_file() and relative not in wanted:
                path.unlink()
                changed += 1
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    for name in GENERATED_FILES:
        if name not in wanted and (docs_dir / name).is_file():
            (docs_dir / name).unlink()
    return changed


def write_site_files(site_dir: Path, files: dict[str, SiteFile], hashed: bool = False
                     ) -> dict[str, Written]:
    """Write data files into the built site; sources given as paths are copied byte for byte.

    `hashed`: each file is hashed as it is written (hashlib leaves the interpreter to other
    threads: a build hashes its downloads while MkDocs works), so that SHA256SUMS need not
    read them again; returns what was written, by relative path (else nothing)."""
    targets = _Targets(site_dir)
    written = {}
    for relative, content in sorted(files.items()):
        target = targets(relative)
        if isinstance(content, Path):
            target.parent.mkdir(parents=True, exist_ok=True)
            if not hashed:
                shutil.copyfile(content, target)
                continue
            digest = _copy_hashed(content, target)
        else:
            write_bytes_if_changed(target, content)  # a preview rebuild rewrites only changes
            if not hashed:
                continue
            digest = hashlib.sha256(content).hexdigest()
        written[relative] = Written.of(target, digest)
    return written


def _copy_hashed(source: Path, target: Path) -> str:
    """Copy `source` to `target` byte for byte; the SHA-256 of the bytes copied. As
    shutil.copyfile, refuses to copy a file onto itself (it would be emptied)."""
    if target.exists() and os.path.samefile(source, target):
        raise shutil.SameFileError(f"{source} and {target} are the same file")
    digest = hashlib.sha256()
    buffer = bytearray(1 << 20)
    view = memoryview(buffer)
    with source.open("rb") as reading, target.open("wb") as writing:
        while count := reading.readinto(buffer):
            digest.update(view[:count])
            writing.write(view[:count])
    return digest.hexdigest()


class BackgroundWrite:
    """`write_site_files` in a thread: a build writes its downloads while MkDocs renders the
    pages (most of the work is system calls, which leave the interpreter to MkDocs).

    `wait()` joins the thread and raises what the write raised; then `written` holds what
    write_site_files returned.
    """

    def __init__(self, site_dir: Path, files: dict[str, SiteFile], hashed: bool = False
                 ) -> None:
        self.error: BaseException | None = None
        self.written: dict[str, Written] = {}
        self.thread = threading.Thread(target=self._write, args=(site_dir, files, hashed),
                                       name="tdh-site-files", daemon=True)
        self.thread.start()

    def _write(self, site_dir: Path, files: dict[str, SiteFile], hashed: bool) -> None:
        try:
            self.written = write_site_files(site_dir, files, hashed)
        except BaseException as error:  # noqa: BLE001 - raised again by wait()
            self.error = error

    def wait(self) -> None:
        self.thread.join()
        if self.error is not None:
            error, self.error = self.error, None
            raise error


def new_build_dir(site_dir: Path) -> Path:
    """An empty folder beside the site, on the same filesystem so the final swap is a rename."""
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(dir=site_dir.parent, prefix=f".{site_dir.name}.build-"))


def swap_in(build_dir: Path, site_dir: Path) -> None:
    """Replace site_dir by build_dir: two renames, then the old copy is removed."""
    old = None
    if site_dir.exists():
        old = Path(tempfile.mkdtemp(dir=site_dir.parent, prefix=f".{site_dir.name}.old-"))
        os.rmdir(old)
        os.replace(site_dir, old)
    try:
        os.replace(build_dir, site_dir)
    except BaseException:
        if old is not None and not site_dir.exists():
            os.replace(old, site_dir)  # interrupted between the two renames: put it back
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def discard(build_dir: Path) -> None:
    """Remove an unfinished build folder."""
    shutil.rmtree(build_dir, ignore_errors=True)
