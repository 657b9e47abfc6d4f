"""Values passed between the pipeline stages: issues, reports, loaded packages."""

from __future__ import annotations

import pickle
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Issue:
    """One finding about the data: where it is, what is wrong, with message parameters."""

    code: str
    severity: str
    package: str
    path: str | None = None
    resource: str | None = None
    row: int | None = None
    field: str | None = None
    value: str | None = None
    params: tuple[tuple[str, Any], ...] = ()

    @property
    def message(self) -> dict[str, str]:
        """The message in French and English."""
        from generator.messages import render_message

        return {lang: render_message(self, lang) for lang in ("fr", "en")}

    def param(self, name: str, default: Any = None) -> Any:
        """A message parameter by name."""
        return dict(self.params).get(name, default)

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape fixed by DESIGN.md."""
        return {
            "code": self.code,
            "severity": self.severity,
            "package": self.package,
            "resource": self.resource,
            "path": self.path,
            "row": self.row,
            "field": self.field,
            "value": self.value,
            "message": self.message,
        }


def make_issue(code: str, severity: str, package: str, **kwargs: Any) -> Issue:
    """Build an Issue; keyword arguments that are not Issue fields become message params."""
    known = {"path", "resource", "row", "field", "value"}
    fields = {k: v for k, v in kwargs.items() if k in known}
    params = tuple(sorted((k, v) for k, v in kwargs.items() if k not in known))
    if fields.get("value") is not None:
        fields["value"] = str(fields["value"])
    return Issue(code=code, severity=severity, package=package, params=params, **fields)


@dataclass
class PackageReport:
    """The issues found in one package."""

    name: str
    path: str
    issues: list[Issue] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        """True when the package has no error (warnings allowed)."""
        return not any(i.severity == ERROR for i in self.issues)


@dataclass
class Report:
    """The result of validating a set of packages: a value, never an exception."""

    packages: list[PackageReport] = field(default_factory=list)

    @property
    def issues(self) -> list[Issue]:
        """Every issue of every package, in report order."""
        return [issue for package in self.packages for issue in package.issues]

    @property
    def error_count(self) -> int:
        """How many errors."""
        return sum(1 for i in self.issues if i.severity == ERROR)

    @property
    def warning_count(self) -> int:
        """How many warnings."""
        return sum(1 for i in self.issues if i.severity == WARNING)

    @property
    def valid(self) -> bool:
        """True when no package has an error."""
        return self.error_count == 0

    def flatten(self, keys: tuple[str, ...]) -> list[tuple[Any, ...]]:
        """Issues as tuples of the named attributes (for tests and tools)."""
        return [tuple(getattr(issue, key) for key in keys) for issue in self.issues]


@dataclass
class PackageSource:
    """A data package as found on disk: its folder and descriptor, parsed or not."""

    folder: Path
    descriptor_path: Path
    display_path: str
    text: bytes | None = None
    descriptor: Any = None
    parse_error: str | None = None
    parse_line: int | None = None
    parse_column: int | None = None

    @property
    def name(self) -> str:
        """The declared name, or the folder name when there is none."""
        if isinstance(self.descriptor, dict) and isinstance(self.descriptor.get("name"), str):
            return self.descriptor["name"]
        return self.folder.name


def pack_tables(tables: dict[str, Any]) -> bytes:
    """A package's typed tables as bytes (see Tables)."""
    return pickle.dumps(tables, protocol=pickle.HIGHEST_PROTOCOL)


def unpack_tables(tables: bytes | dict[str, Any]) -> dict[str, Any]:
    """Tables from `pack_tables` (tables not packed are returned as they are)."""
    return pickle.loads(tables) if isinstance(tables, bytes) else tables


class Tables(Mapping[str, dict[str, Any]]):
    """Package name -> its typed tables (resource name -> DataFrame), unpacked on first use.

    The validation workers pack each package's tables (`pack_tables`): the main process
    hands the bytes on to the render workers and to the build cache without unpickling them
    (ten thousand dates a table, one Python object each, took seconds a hundred packages).
    Tables from the build cache are read only when used: a rebuild after one edit renders
    one package, and reading back every package's tables was most of such a rebuild's time.
    """

    def __init__(self) -> None:
        self._tables: dict[str, dict[str, Any]] = {}
        self._packed: dict[str, bytes | Callable[[], bytes]] = {}

    def __setitem__(self, name: str, tables: dict[str, Any]) -> None:
        self._packed.pop(name, None)
        self._tables[name] = tables

    def set_packed(self, name: str, packed: bytes | Callable[[], bytes]) -> None:
        """The packed tables of `name`, or a function that returns them."""
        self._tables.pop(name, None)
        self._packed[name] = packed

    def packed(self, name: str) -> bytes | dict[str, Any]:
        """The tables of `name` as they are held: packed unless already unpacked."""
        if name in self._tables:
            return self._tables[name]
        packed = self._packed[name]  # KeyError for an unknown name
        if callable(packed):
            packed = self._packed[name] = packed()
        return packed

    def __getitem__(self, name: str) -> dict[str, Any]:
        if name not in self._tables:
            self._tables[name] = unpack_tables(self.packed(name))
            del self._packed[name]
        return self._tables[name]

    def __iter__(self) -> Iterator[str]:
        return iter([*self._tables, *self._packed])

    def __len__(self) -> int:
        return len(self._tables) + len(self._packed)

    def __contains__(self, name: object) -> bool:
        return name in self._tables or name in self._packed
