"""Unique, primary-key and foreign-key findings of one resource, once all its rows are read."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa

from generator.validate.fast.errors import FOREIGN, PRIMARY, UNIQUE, cell_error, row_error
from generator.validate.fast.keys import (
    align,
    all_null,
    check_float_key,
    codes,
    missing_references,
    previous_same,
)

if TYPE_CHECKING:
    from generator.validate.fast.engine import ResourceRun

SAME = "the same as in the row at position %s"
ALL_NONE = 'cells composing the primary keys are all "None"'
NOT_FOUND = 'for "%s": values "%s" not found in the lookup table "%s" as "%s"'


def key_findings(run: ResourceRun, runs: dict[str, ResourceRun]) -> list[tuple]:
    """Findings of the unique constraints, the primary key and the foreign keys, row-ordered."""
    plan, rows = run.plan, run.sorted_rows()
    found: list[tuple] = []
    for spec in plan.fields:
        if not spec.unique:
            continue
        column = run.column(spec.name)
        if spec.type == "number":
            check_float_key(run.raw_column(spec.name), column, spec.name)
        previous = previous_same(codes([column]), rows, all_null([column]))
        where = np.flatnonzero(previous).tolist()
        for index, cell in zip(where, run.display(spec.name, where)):
            row = int(rows[index])
            found.append((row, UNIQUE, spec.number, 0, cell_error(
                "unique-error", row, str(cell), spec.name, spec.number,
                SAME % int(previous[index]))))
    if plan.primary_key:
        found += _primary(run, rows)
    for order, fk in enumerate(plan.foreign_keys):
        source = runs.get(fk.source or plan.name)
        if source is None:
            continue
        target = [run.column(name) for name in fk.fields]
        lookup = [source.column(name, like=t) for name, t in zip(fk.source_fields, target)]
        pairs = []
        for name, source_name, t, s in zip(fk.fields, fk.source_fields, target, lookup):
            source_type = source.type_of(source_name) or plan.spec(name).type
            if "number" in (plan.spec(name).type, source_type):
                check_float_key(run.raw_column(name), t, name)
                if source.type_of(source_name):
                    check_float_key(source.raw_column(source_name), s, source_name)
            pairs.append(align(t, s, plan.spec(name).type, source_type))
        broken = missing_references([p[0] for p in pairs], [p[1] for p in pairs])
        where = np.flatnonzero(broken).tolist()
        shown = list(zip(*[run.display(name, where) for name in fk.fields]))
        for index, values in zip(where, shown):
            row = int(rows[index])
            note = NOT_FOUND % (", ".join(fk.fields), ", ".join(str(v) for v in values),
                                fk.source, ", ".join(fk.source_fields))
            found.append((row, FOREIGN, order, 0, row_error(
                "foreign-key", row, note, field_names=list(fk.fields),
                field_cells=["" if v is None else str(v) for v in values],
                reference_name=fk.source, reference_field_names=list(fk.source_fields))))
    return found


def _primary(run: ResourceRun, rows: np.ndarray) -> list[tuple]:
    columns = [run.column(name) for name in run.plan.primary_key]
    for name, column in zip(run.plan.primary_key, columns):
        if run.plan.spec(name).type == "number":
            check_float_key(run.raw_column(name), column, name)
    empty = all_null(columns)
    previous = previous_same(codes(columns), rows, empty)
    found = []
    where = np.flatnonzero(empty | (previous > 0)).tolist()
    for index, cells in zip(where, run.row_cells(where)):
        row = int(rows[index])
        note = ALL_NONE if empty[index] else SAME % int(previous[index])
        found.append((row, PRIMARY, 0, 0, row_error("primary-key", row, note, cells=cells)))
    return found


def null_column(size: int, like: pa.ChunkedArray) -> pa.ChunkedArray:
    """A column of missing values, for a key field the source resource lacks."""
    return pa.chunked_array([pa.nulls(size, like.type)], like.type)
