"""The diff engine, pure: two snapshots of the data in, a structured diff out.

Rows are matched on the primary key with one vectorised merge; a table without a usable primary
key falls back to comparing row hashes (as multisets), which can say that rows were added or
removed but not which ones changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from generator.release.values import json_records, normalise_pair, values_differ

PK = "primary-key"
ROW_HASH = "row-hash"


@dataclass(frozen=True)
class ResourceSnapshot:
    """One tabular resource: its metadata, field types, primary key and typed table."""

    name: str
    meta: dict[str, Any]
    fields: dict[str, str]
    primary_key: tuple[str, ...]
    table: pd.DataFrame


@dataclass(frozen=True)
class PackageSnapshot:
    """One data package: its descriptor and tabular resources."""

    name: str
    descriptor: dict[str, Any]
    resources: dict[str, ResourceSnapshot]


@dataclass(frozen=True)
class Snapshot:
    """The data at one git ref (or the working tree)."""

    ref: str
    packages: dict[str, PackageSnapshot]


@dataclass
class ResourceDiff:
    """How one resource changed: schema, then rows."""

    name: str
    status: str
    meta: dict[str, Any] = field(default_factory=dict, repr=False)
    method: str | None = None
    fallback: str | None = None
    primary_key: list[str] = field(default_factory=list)
    fields_added: list[dict[str, str]] = field(default_factory=list)
    fields_removed: list[dict[str, str]] = field(default_factory=list)
    fields_retyped: list[dict[str, str]] = field(default_factory=list)
    rows_added: int = 0
    rows_removed: int = 0
    rows_changed: int = 0
    added: list[dict[str, Any]] = field(default_factory=list)
    removed: list[dict[str, Any]] = field(default_factory=list)
    changed: list[dict[str, Any]] = field(default_factory=list)
    truncated: bool = False

    @property
    def has_changes(self) -> bool:
        """True when anything differs."""
        return self.status != "unchanged"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        data = {k: v for k, v in self.__dict__.items() if k != "meta"}
        data["title"] = self.meta.get("title", {})
        return data


@dataclass
class PackageDiff:
    """How one package changed."""

    name: str
    status: str
    title: dict[str, str] = field(default_factory=dict)
    resources: list[ResourceDiff] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"name": self.name, "status": self.status, "title": self.title,
                "resources": [r.to_dict() for r in self.resources]}


@dataclass
class DataDiff:
    """Every change between two snapshots."""

    from_ref: str
    to_ref: str
    packages: list[PackageDiff] = field(default_factory=list)

    @property
    def changed(self) -> list[PackageDiff]:
        """Packages that differ."""
        return [p for p in self.packages if p.status != "unchanged"]

    def summary(self) -> dict[str, Any]:
        """Counts and package names by status."""
        resources = [r for p in self.packages for r in p.resources]
        by_status = {s: [p.name for p in self.packages if p.status == s]
                     for s in ("added", "removed", "modified")}
        return {"packages_added": by_status["added"], "packages_removed": by_status["removed"],
                "packages_modified": by_status["modified"],
                "rows_added": sum(r.rows_added for r in resources),
                "rows_removed": sum(r.rows_removed for r in resources),
                "rows_changed": sum(r.rows_changed for r in resources)}

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"from": self.from_ref, "to": self.to_ref, "summary": self.summary(),
                "packages": [p.to_dict() for p in self.packages]}


def diff_snapshots(old: Snapshot, new: Snapshot, limit: int | None = None) -> DataDiff:
    """Compare every package of two snapshots; `limit` caps the rows listed per resource."""
    result = DataDiff(from_ref=old.ref, to_ref=new.ref)
    for name in sorted(set(old.packages) | set(new.packages)):
        before, after = old.packages.get(name), new.packages.get(name)
        result.packages.append(diff_package(before, after, limit))
    return result


def diff_package(old: PackageSnapshot | None, new: PackageSnapshot | None,
                 limit: int | None = None) -> PackageDiff:
    """Compare two versions of one package (either may be None: added or removed)."""
    package = new or old
    assert package is not None
    resources = []
    old_resources = old.resources if old else {}
    new_resources = new.resources if new else {}
    for name in _ordered(old_resources, new_resources):
        resources.append(diff_resource(old_resources.get(name), new_resources.get(name), limit))
    if old is None or new is None:
        status = "added" if old is None else "removed"
    else:
        status = "modified" if any(r.has_changes for r in resources) else "unchanged"
    return PackageDiff(name=package.name, status=status, resources=resources,
                       title=dict(_titles(package.descriptor)))


def diff_resource(old: ResourceSnapshot | None, new: ResourceSnapshot | None,
                  limit: int | None = None) -> ResourceDiff:
    """Compare two versions of one resource."""
    if old is None or new is None:
        present = new or old
        assert present is not None
        count = len(present.table)
        return ResourceDiff(name=present.name, meta=present.meta,
                            status="added" if old is None else "removed",
                            rows_added=count if old is None else 0,
                            rows_removed=count if new is None else 0)
    diff = ResourceDiff(name=new.name, meta=new.meta, status="unchanged")
    diff.fields_added = [{"name": n, "type": t} for n, t in new.fields.items()
                         if n not in old.fields]
    diff.fields_removed = [{"name": n, "type": t} for n, t in old.fields.items()
                           if n not in new.fields]
    diff.fields_retyped = [{"name": n, "old": old.fields[n], "new": t}
                           for n, t in new.fields.items() if n in old.fields and old.fields[n] != t]
    common = [n for n in new.fields if n in old.fields and n in old.table and n in new.table]
    reason = _key_problem(old, new, common)
    same = old is new  # a resource compared with itself: no row differs
    if reason is None:
        diff.method, diff.primary_key = PK, list(new.primary_key)
        if not same:
            _diff_by_key(old.table, new.table, list(new.primary_key), common, diff, limit)
    else:
        diff.method, diff.fallback = ROW_HASH, reason
        if not same:
            _diff_by_hash(old.table, new.table, common, diff, limit)
    schema_changed = diff.fields_added or diff.fields_removed or diff.fields_retyped
    if schema_changed or diff.rows_added or diff.rows_removed or diff.rows_changed:
        diff.status = "modified"
    return diff


def _ordered(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    return list(new) + [name for name in old if name not in new]


def _titles(descriptor: dict[str, Any]) -> dict[str, str]:
    from generator.render.metadata import title_of

    return {lang: title_of(descriptor, lang) for lang in ("fr", "en")}


def _key_problem(old: ResourceSnapshot, new: ResourceSnapshot, common: list[str]) -> str | None:
    """Why rows cannot be matched on the primary key (None when they can)."""
    if not old.primary_key or not new.primary_key:
        return "no-primary-key"
    if old.primary_key != new.primary_key or not set(new.primary_key) <= set(common):
        return "primary-key-changed"
    key = list(new.primary_key)
    if old.table.duplicated(key).any() or (new is not old and new.table.duplicated(key).any()):
        return "duplicate-keys"
    return None


def _diff_by_key(old: pd.DataFrame, new: pd.DataFrame, key: list[str], common: list[str],
                 diff: ResourceDiff, limit: int | None) -> None:
    values = [c for c in common if c not in key]
    left, right = old[key + values].copy(), new[key + values].copy()
    for column in key:
        left[column], right[column] = normalise_pair(left[column], right[column])
    matched = right[key].merge(left[key], on=key, how="outer", indicator=True)
    added_keys = matched.loc[matched["_merge"] == "left_only", key]
    removed_keys = matched.loc[matched["_merge"] == "right_only", key]
    added = new.loc[right[key].merge(added_keys, on=key, how="left", indicator=True)["_merge"]
                    .eq("both").to_numpy()]
    removed = old.loc[left[key].merge(removed_keys, on=key, how="left", indicator=True)["_merge"]
                      .eq("both").to_numpy()]
    diff.rows_added, diff.rows_removed = len(added), len(removed)
    diff.added = json_records(_visible(added).head(limit) if limit else _visible(added))
    diff.removed = json_records(_visible(removed).head(limit) if limit else _visible(removed))
    both = right.merge(left, on=key, how="inner", suffixes=("__new", "__old"))
    masks = pd.DataFrame({c: values_differ(both[f"{c}__old"], both[f"{c}__new"])
                          for c in values}, index=both.index)
    changed_rows = masks.any(axis=1) if values else pd.Series(False, index=both.index)
    diff.rows_changed = int(changed_rows.sum())
    subset = both.loc[changed_rows]
    if limit:
        subset = subset.head(limit)
    diff.changed = _changed_records(subset, masks.loc[subset.index], key, values)
    diff.truncated = bool(limit) and max(diff.rows_added, diff.rows_removed,
                                         diff.rows_changed) > limit


def _changed_records(subset: pd.DataFrame, masks: pd.DataFrame, key: list[str],
                     values: list[str]) -> list[dict[str, Any]]:
    """[{key: {…}, changes: {field: {old, new}}}] for the listed changed rows only."""
    if subset.empty:
        return []
    olds = json_records(subset[[f"{c}__old" for c in values]].set_axis(values, axis=1))
    news = json_records(subset[[f"{c}__new" for c in values]].set_axis(values, axis=1))
    flags = masks[values].to_numpy()
    return [
        {"key": k, "changes": {c: {"old": o[c], "new": n[c]}
                               for c, differs in zip(values, row) if differs}}
        for k, o, n, row in zip(json_records(subset[key]), olds, news, flags)
    ]


def _diff_by_hash(old: pd.DataFrame, new: pd.DataFrame, common: list[str],
                  diff: ResourceDiff, limit: int | None) -> None:
    left, right = old[common].copy(), new[common].copy()
    for column in common:
        left[column], right[column] = normalise_pair(left[column], right[column])
    old_hash = pd.util.hash_pandas_object(left, index=False).reset_index(drop=True)
    new_hash = pd.util.hash_pandas_object(right, index=False).reset_index(drop=True)
    added = _beyond(new_hash, old_hash)
    removed = _beyond(old_hash, new_hash)
    added_rows, removed_rows = new.loc[added.to_numpy()], old.loc[removed.to_numpy()]
    diff.rows_added, diff.rows_removed = len(added_rows), len(removed_rows)
    diff.added = json_records(_visible(added_rows).head(limit) if limit else _visible(added_rows))
    diff.removed = json_records(_visible(removed_rows).head(limit) if limit
                                else _visible(removed_rows))
    diff.truncated = bool(limit) and max(diff.rows_added, diff.rows_removed) > limit


def _beyond(hashes: pd.Series, other: pd.Series) -> pd.Series:
    """Rows whose hash occurs more often here than in `other` (multiset difference)."""
    occurrence = hashes.groupby(hashes).cumcount()
    available = hashes.map(other.value_counts()).fillna(0)
    return occurrence >= available


def _visible(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.drop(columns=[c for c in frame.columns if str(c).startswith("_")])
