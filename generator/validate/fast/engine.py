"""Validate the resources of a package with the fast engine, resource by resource."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa

from generator.validate.fast.cast import ARROW_TYPES
from generator.validate.fast.errors import CELL, PRIMARY, UNIQUE, Unsupported
from generator.validate.fast.integrity import key_findings, null_column
from generator.validate.fast.plan import ResourcePlan, build_plan
from generator.validate.fast.reader import Batch, Ragged, read_batches
from generator.validate.fast.rows import check_batch
from generator.validate.fast.textscan import TextFindings, scan_batch

TEXT = ("string", "any")


@dataclass
class Outcome:
    """The findings of one resource, or why frictionless-py has to validate it."""

    errors: list[Any] | None = None
    reason: str | None = None
    table: pa.Table | None = None
    fields: list[Any] | None = None
    text: TextFindings | None = None
    """Formula-like cells and unflagged rows, when the text scan was asked for."""


class ResourceRun:
    """Findings and key columns gathered while the batches of one resource stream by."""

    def __init__(self, plan: ResourcePlan, needs: set[str], collect: str | None,
                 scan_text: bool = False) -> None:
        self.plan = plan
        self.text = TextFindings() if scan_text else None
        names = {s.name for s in plan.fields}
        keyed = set(plan.primary_key) | {s.name for s in plan.fields if s.unique}
        keyed |= {n for fk in plan.foreign_keys for n in fk.fields}
        self.keyed = (keyed | needs) & names
        self.shown = {n for n in self.keyed if plan.spec(n).type not in TEXT}
        self.found: list[tuple] = []
        self.row_count = 0
        self._rows: list[np.ndarray] = []
        self._typed: dict[str, list[pa.Array]] = {n: [] for n in self.keyed}
        self._raw: dict[str, list[pa.Array]] = {n: [] for n in self.shown}
        self._cells: dict[int, list[pa.Array]] = {c: [] for c in plan.pk_columns}
        self._lengths: dict[int, int] = {}
        self._collected: list[tuple[np.ndarray, list[pa.Array]]] | None = [] if collect else None
        self._while_valid = collect == "valid"
        if self._while_valid and plan.header_errors:
            self._collected = None
        self._order: np.ndarray | None = None
        self._track_rows = bool(self.keyed or plan.pk_columns or needs)
        self._columns: dict[object, pa.ChunkedArray] = {}
        self._sorted: np.ndarray | None = None

    def add(self, batch: Batch, found: list[tuple], typed: list[pa.Array]) -> None:
        """Keep what the keys and the typed tables need from one batch."""
        self.found += found
        self.row_count += len(batch.rows)
        if self.text is not None and not found:
            scan_batch(self.plan.fields, batch.rows, typed, self.text)
        index = {s.name: i for i, s in enumerate(self.plan.fields)}
        if self._track_rows:
            self._rows.append(batch.rows)
        for name in self.keyed:
            self._typed[name].append(typed[index[name]])
        for name in self.shown:
            self._raw[name].append(batch.columns[index[name]])
        for column in self.plan.pk_columns:
            self._cells[column].append(batch.columns[column])
        if batch.lengths is not None:
            self._lengths.update(zip(batch.rows.tolist(), batch.lengths.tolist()))
        if self._collected is not None and self._while_valid and found:
            self._collected = None  # an invalid table is never typed: stop holding it
        if self._collected is not None:
            self._collected.append((batch.rows, typed))

    def sorted_rows(self) -> np.ndarray:
        """Row numbers of the kept key columns, in file order."""
        if self._sorted is None:
            rows = np.concatenate(self._rows) if self._rows else np.zeros(0, dtype=np.int64)
            if len(rows) and (np.diff(rows) < 0).any():  # ragged rows come in batches of their own
                self._order = np.argsort(rows, kind="stable")
                rows = rows[self._order]
            self._sorted = rows
        return self._sorted

    def column(self, name: str, like: pa.ChunkedArray | None = None) -> pa.ChunkedArray:
        """A typed key column in file order (missing values for a field the file lacks)."""
        if name not in self._columns:
            if name not in self._typed:
                assert like is not None
                return null_column(len(self.sorted_rows()), like)
            kind = ARROW_TYPES[self.plan.spec(name).type]
            self._columns[name] = self._ordered(self._typed[name], kind)
        return self._columns[name]

    def raw_column(self, name: str) -> pa.ChunkedArray:
        """The raw strings of a key column, in file order."""
        if ("raw", name) not in self._columns:
            self._columns[("raw", name)] = self._ordered(self._raw[name], pa.string())
        return self._columns[("raw", name)]

    def type_of(self, name: str) -> str | None:
        """The type of a field, None when the file has no such column."""
        return next((s.type for s in self.plan.fields if s.name == name), None)

    def display(self, name: str, indexes: list[int]) -> list[str | None]:
        """`str()` of the values frictionless holds for key cells (None when missing)."""
        where = pa.array(indexes, pa.int64())
        values = self.column(name).take(where).to_pylist()
        spec = self.plan.spec(name)
        if spec.type in TEXT:
            return values
        raws = self.raw_column(name).take(where).to_pylist()
        return [None if v is None else str(spec.reader(r)) for v, r in zip(values, raws)]

    def row_cells(self, indexes: list[int]) -> list[list[str]]:
        """The raw cells of rows as far as the primary-key finding reads them."""
        rows = self.sorted_rows()[indexes].tolist() if indexes else []
        where = pa.array(indexes, pa.int64())
        picked = {}
        for column, parts in self._cells.items():
            if ("cells", column) not in self._columns:
                self._columns[("cells", column)] = self._ordered(parts, pa.string())
            picked[column] = self._columns[("cells", column)].take(where).to_pylist()
        found = []
        for position, row in enumerate(rows):
            length = self._lengths.get(row, len(self.plan.fields))
            cells = [""] * length
            for column, values in picked.items():
                if column < length:
                    cells[column] = values[position]
            found.append(cells)
        return found

    def table(self) -> pa.Table | None:
        """Every typed column with a `_row` column, in file order (None if not collected)."""
        if self._collected is None:
            return None
        names = [s.name for s in self.plan.fields]
        rows = [r for r, _ in self._collected]
        columns = list(zip(*[t for _, t in self._collected])) if self._collected else []
        arrays = {"_row": pa.chunked_array([pa.array(r) for r in rows], pa.int64())}
        for name, parts in zip(names, columns):
            arrays[name] = pa.chunked_array(parts)
        table = pa.table(arrays) if columns else pa.table({"_row": pa.array([], pa.int64())})
        rows = table.column("_row").to_numpy()
        if len(rows) and (np.diff(rows) < 0).any():  # ragged rows were read apart
            return table.take(pa.array(np.argsort(rows, kind="stable")))
        return table

    def _ordered(self, parts: list[pa.Array], kind: pa.DataType) -> pa.ChunkedArray:
        self.sorted_rows()
        column = pa.chunked_array(parts, kind)
        return column.take(pa.array(self._order)) if self._order is not None else column


def validate_package_fast(package: Any, limit_errors: int, collect: str | None = None,
                          scan_text: bool = False, metadata_valid: bool = False
                          ) -> dict[str, Outcome]:
    """Findings per resource, in frictionless' order; a `reason` where frictionless must do it.

    `collect` keeps the typed columns: "all", or "valid" (only of resources without findings).
    `scan_text` also gathers formula-like cells and unflagged rows (fast/textscan.py).
    `metadata_valid`: the caller has validated the package's descriptor, which frictionless
    does resource by resource (each in its package's context): not again here.
    """
    outcomes: dict[str, Outcome] = {}
    plans: dict[str, ResourcePlan] = {}
    for resource in package.resources:
        try:
            if not metadata_valid:
                resource.to_descriptor(validate=True)
            if not resource.tabular:
                if resource.hash or resource.bytes:
                    raise Unsupported("declared hash or bytes")
                outcomes[resource.name] = Outcome(errors=[])
                continue
            plans[resource.name] = build_plan(resource, package)
        except Exception as error:  # noqa: BLE001 - anything odd goes to frictionless
            outcomes[resource.name] = Outcome(reason=_reason(error))
    _cascade(plans, outcomes)
    needs: dict[str, set[str]] = {}
    for plan in plans.values():
        for fk in plan.foreign_keys:
            needs.setdefault(fk.source or plan.name, set()).update(fk.source_fields)
    runs: dict[str, ResourceRun] = {}
    for name, plan in plans.items():
        try:
            runs[name] = _run(plan, needs.get(name, set()), collect, limit_errors, scan_text)
        except Exception as error:  # noqa: BLE001 - unreadable here: frictionless reports why
            outcomes[name] = Outcome(reason=_reason(error))
    _cascade(plans, outcomes)
    for name, run in runs.items():
        if name in outcomes:
            continue
        try:
            keyed = key_findings(run, runs)
            found = sorted(_reorder(run.plan, run.found, keyed) + keyed, key=lambda f: f[:4])
        except Exception as error:  # noqa: BLE001 - keys it cannot compare exactly
            outcomes[name] = Outcome(reason=_reason(error))
            continue
        errors = run.plan.header_errors + [f[4] for f in found]
        if limit_errors and len(errors) >= limit_errors and run.row_count:
            errors = errors[:limit_errors]
        keep = collect == "all" or (collect == "valid" and not errors)
        outcomes[name] = Outcome(errors=errors, table=run.table() if keep else None,
                                 fields=[s.field for s in run.plan.fields],
                                 text=run.text if not errors else None)
    return {r.name: outcomes[r.name] for r in package.resources}


def _reorder(plan: ResourcePlan, found: list[tuple], keyed: list[tuple]) -> list[tuple]:
    """Rank cell findings of the rows with a key finding in the order frictionless casts them."""
    if not keyed:
        return found
    by_row: dict[int, tuple[set[str], bool, set[int]]] = {}
    names = {s.number: s.name for s in plan.fields}
    for row, phase, position, _, _ in keyed:
        unique, primary, foreign = by_row.setdefault(row, (set(), False, set()))
        if phase == UNIQUE:
            unique.add(names[position])
        elif phase == PRIMARY:
            by_row[row] = (unique, True, foreign)
        else:
            foreign.add(position)
    cache: dict[tuple, dict[str, int]] = {}
    orders = {}
    for row, (unique, primary, foreign) in by_row.items():
        flags = (frozenset(unique), primary, frozenset(foreign))
        if flags not in cache:
            cache[flags] = plan.cell_order(*flags)
        orders[row] = cache[flags]
    return [(f[0], f[1], orders[f[0]][f[4].field_name], f[3], f[4])
            if f[1] == CELL and f[2] and f[0] in orders else f for f in found]


def _run(plan: ResourcePlan, needs: set[str], collect: str | None, limit: int,
         scan_text: bool = False) -> ResourceRun:
    """Stream the file, threaded first; again single-threaded if a row is ragged.

    Past the error limit, only the first findings are kept; like frictionless, the threaded read
    then stops, unless other rows still matter (a foreign key to this resource, typed tables).
    """
    budget = max(limit - len(plan.header_errors), 1)
    for threads in (True, False):
        run = ResourceRun(plan, needs, collect, scan_text)
        try:
            for batch in read_batches(plan, threads):
                found, typed = check_batch(plan, batch)
                run.add(batch, found, typed)
                if limit and len(run.found) > 2 * budget:
                    run.found = _first(run.found, budget)
                if limit and threads and not needs and collect != "all" \
                        and len(run.found) >= budget:
                    break
        except Ragged:
            continue
        return run
    raise Unsupported("ragged rows in a threaded read")  # pragma: no cover


def _first(found: list[tuple], count: int) -> list[tuple]:
    """The findings of the rows up to the one holding the `count`-th finding."""
    found.sort(key=lambda f: f[:4])
    last_row = found[count - 1][0]
    return [f for f in found if f[0] <= last_row]


def _cascade(plans: dict[str, ResourcePlan], outcomes: dict[str, Outcome]) -> None:
    """A foreign key to a resource frictionless validates needs frictionless' lookup too."""
    changed = True
    while changed:
        changed = False
        for name, plan in list(plans.items()):
            if name in outcomes:
                del plans[name]
                changed = True
                continue
            for fk in plan.foreign_keys:
                source = fk.source or name
                if source not in plans or source in outcomes:
                    outcomes[name] = Outcome(reason=f'foreign key to "{source}", '
                                                    "validated by frictionless-py")
                    changed = True
                    break


def _reason(error: Exception) -> str:
    if isinstance(error, Unsupported):
        return str(error)
    return f"{type(error).__name__}: {error}"
