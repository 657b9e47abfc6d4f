"""Build cache: outputs stored under the hash of everything they were made from.

A key hashes the inputs (file bytes, settings, spec dicts) together with a fingerprint of the
generator's own code and the versions of the libraries that shape its outputs, so a code
upgrade never serves stale results. Entries live in `<project>/.tdh-cache/<namespace>/`,
are written atomically and pickled (the cache is local to the project and written only by
tdh: it is not a trust boundary). A cache that cannot be read or written is skipped, never
an error: the build then just does the work.

The build makes one cache active for the duration of a build (`using`); code deep in the
render stage (charts) asks `active()` rather than having a cache threaded through every call.
"""

from __future__ import annotations

import contextlib
import contextvars
import hashlib
import json
import os
import pickle
import tempfile
import time
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterator, TypeVar

T = TypeVar("T")
FOLDER = ".tdh-cache"
KEEP_DAYS = 30
_LIBRARIES = ("vl-convert-python", "altair", "pandas", "pyarrow", "frictionless", "jinja2")


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Hash of the generator's sources and templates and of the output-shaping libraries."""
    from importlib.metadata import PackageNotFoundError, version

    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*")):
        if path.suffix in {".py", ".j2", ".json", ".js", ".css"} and path.is_file():
            digest.update(str(path.relative_to(package)).encode())
            digest.update(path.read_bytes())
    for name in _LIBRARIES:
        try:
            digest.update(f"{name}={version(name)}".encode())
        except PackageNotFoundError:
            digest.update(f"{name}=-".encode())
    return digest.hexdigest()


def _default(value: Any) -> Any:
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=repr)
    if isinstance(value, Path):
        return str(value)
    if hasattr(value, "__dataclass_fields__"):
        return {k: getattr(value, k) for k in value.__dataclass_fields__}
    return repr(value)


def hash_parts(*parts: Any) -> str:
    """sha256 of the code fingerprint and the parts (bytes as is, anything else as JSON)."""
    digest = hashlib.sha256(code_fingerprint().encode())
    for part in parts:
        if isinstance(part, (bytes, bytearray, memoryview)):
            digest.update(b"b%d:" % len(part))
            digest.update(part)
        else:
            text = json.dumps(part, sort_keys=True, default=_default, ensure_ascii=False)
            digest.update(b"j%d:" % len(text))
            digest.update(text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


RACY_NS = 2_000_000_000
"""A file changed this close to when its digest was taken may have changed again within the
filesystem's timestamp granularity without its size or times changing: hashed again."""


def hash_files(paths: list[Path]) -> str:
    """sha256 over the names and contents of files (a missing file hashes as missing)."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(str(path).encode("utf-8", "surrogateescape") + b"\0")
        digest.update((file_digest(path) or "<missing>").encode() + b"\0")
    return digest.hexdigest()


def file_digest(path: Path) -> str | None:
    """The sha256 of a regular file's bytes (None: missing, or not a regular file).

    With a build cache active, the digest is kept under the file's path, size, inode and
    times, and taken again only when one of them changed (as git does for its index): a
    rebuild does not read every data file again to find the one that was edited.
    """
    import stat

    try:
        info = path.stat()
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode):  # never read a device or a FIFO named by a descriptor
        return None
    cache = active()
    key = hash_parts("file-digest", str(path.absolute()), info.st_size, info.st_ino,
                     info.st_mtime_ns, info.st_ctime_ns) if cache is not None else ""
    if cache is not None:
        known = cache.get("file-digest", key)
        if known is not None and max(info.st_mtime_ns, info.st_ctime_ns) < known[1] - RACY_NS:
            return known[0]
    from generator.integrity import file_sha256

    taken_at = time.time_ns()
    try:
        digest = file_sha256(path)
    except OSError:
        return None
    if cache is not None:
        cache.put("file-digest", key, (digest, taken_at))
    return digest


class BuildCache:
    """A folder of pickled outputs by namespace and key; `stats` counts hits and misses."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.stats: Counter[str] = Counter()

    def _path(self, namespace: str, key: str) -> Path:
        return self.folder / namespace / key[:2] / f"{key}.pickle"

    def get(self, namespace: str, key: str) -> Any | None:
        path = self._path(namespace, key)
        try:
            if not path.is_file():  # never read a device or a FIFO named by a descriptor
                raise FileNotFoundError(path)
            with path.open("rb") as handle:
                value = pickle.load(handle)
            os.utime(path)  # recently used entries survive pruning
        except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, ValueError):
            self.stats[f"{namespace}:miss"] += 1
            return None
        self.stats[f"{namespace}:hit"] += 1
        return value

    def put(self, namespace: str, key: str, value: Any) -> None:
        path = self._path(namespace, key)
        tmp = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            with os.fdopen(fd, "wb") as handle:
                pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except (OSError, pickle.PickleError, TypeError, AttributeError):
            if tmp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)

    def get_or_make(self, namespace: str, key: str, make: Callable[[], T]) -> T:
        """The cached value, or `make()` stored under `key`."""
        value = self.get(namespace, key)
        if value is None:
            value = make()
            self.put(namespace, key, value)
        return value

    def prune(self, keep_days: int = KEEP_DAYS) -> int:
        """Remove entries unused for `keep_days`; returns how many went."""
        limit = time.time() - keep_days * 86400
        removed = 0
        if not self.folder.is_dir():
            return 0
        for path in self.folder.rglob("*.pickle"):
            with contextlib.suppress(OSError):
                if path.stat().st_mtime < limit:
                    path.unlink()
                    removed += 1
        return removed


_ACTIVE: contextvars.ContextVar[BuildCache | None] = contextvars.ContextVar("tdh_cache",
                                                                           default=None)


def active() -> BuildCache | None:
    """The cache of the build in progress, if any."""
    return _ACTIVE.get()


@contextlib.contextmanager
def using(cache: BuildCache | None) -> Iterator[BuildCache | None]:
    """Make `cache` the active one for the duration of the block."""
    token = _ACTIVE.set(cache)
    try:
        yield cache
    finally:
        _ACTIVE.reset(token)


def cached(namespace: str, key_parts: tuple[Any, ...], make: Callable[[], T],
           known: bool = True) -> T:
    """`make()` through the active cache (no cache active, or inputs not `known`: `make()`)."""
    cache = active()
    if cache is None or not known:
        return make()
    return cache.get_or_make(namespace, hash_parts(*key_parts), make)
