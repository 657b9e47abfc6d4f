"""Findings of one batch of rows: cells (type, constraints), row shape and blank rows."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from generator.validate.fast.cast import cast_field
from generator.validate.fast.constraints import violations
from generator.validate.fast.errors import (
    CELL,
    EXTRA,
    MISSING,
    Unsupported,
    cell_error,
    constraint_note,
    row_error,
    type_note,
)

if TYPE_CHECKING:
    from generator.validate.fast.plan import ResourcePlan
    from generator.validate.fast.reader import Batch

Found = tuple[int, int, int, int, Any]  # (row, phase, field or cell position, order, error)


def check_batch(plan: ResourcePlan, batch: Batch) -> tuple[list[Found], list[pa.Array]]:
    """Findings in frictionless' order keys, and the typed value of every cell."""
    blank = np.ones(len(batch.rows), dtype=bool)
    typed, per_field = [], []
    for index in range(len(plan.fields)):
        spec, raw, absent, missing, values, invalid, broken = _check_column(plan, batch, index)
        blank &= missing
        typed.append(values)
        per_field.append((spec, raw, absent, invalid, broken))
    found: list[Found] = []
    rows = batch.rows
    for spec, raw, absent, invalid, broken in per_field:
        note = type_note(spec.type, spec.format)
        _cells(found, plan, rows, raw, absent, invalid & ~blank, spec, "type-error", 0, note)
        for order, (name, mask) in enumerate(broken, start=1):
            note = constraint_note(name, dict(spec.checks)[name])
            _cells(found, plan, rows, raw, absent, mask & ~blank, spec, "constraint-error", order,
                   note)
    if batch.extra is None and not all(("" in s.missing) for s in plan.fields):
        _check_empty_lines(batch)
    if batch.extra is not None:
        _shape(found, plan, batch, blank)
    for row in rows[blank].tolist():
        found.append((row, CELL, 0, 0, row_error("blank-row", row)))
    return found, typed


def _check_column(plan: ResourcePlan, batch: Batch, index: int) -> tuple:
    """Missing values, cast and constraints of one column."""
    spec, raw = plan.fields[index], batch.columns[index]
    missing = missing_mask(raw, spec.missing)
    absent = batch.absent[index] if batch.absent is not None else None
    if absent is not None:
        missing = missing | absent
    values, invalid = cast_field(raw, missing, spec)
    return spec, raw, absent, missing, values, invalid, violations(spec, raw, values, missing,
                                                                   invalid)


def _check_empty_lines(batch: Batch) -> None:
    """pyarrow reads an empty line as empty cells, Python's csv module as no cell at all."""
    empty = np.ones(len(batch.rows), dtype=bool)
    for raw in batch.columns:
        empty &= pc.equal(pc.binary_length(raw), 0).to_numpy(zero_copy_only=False)
    if empty.any():
        raise Unsupported('an empty row where "" is not a missing value')


def missing_mask(raw: pa.Array, values: list[str]) -> np.ndarray:
    """Cells equal to one of the missing values (equality beats `is_in` on a short list)."""
    mask = np.zeros(len(raw), dtype=bool)
    for value in values:
        mask |= pc.equal(raw, value).to_numpy(zero_copy_only=False)
    return mask


def _cells(found: list[Found], plan: ResourcePlan, rows: np.ndarray, raw: pa.Array,
           absent: np.ndarray | None, mask: np.ndarray, spec: Any, code: str, order: int,
           note: str) -> None:
    where = np.flatnonzero(mask)
    if not len(where):
        return
    rank = plan.ranks[spec.name]
    cells = raw.take(pa.array(where)).to_pylist()
    gone = absent[where] if absent is not None else np.zeros(len(where), dtype=bool)
    for row, cell, is_gone in zip(rows[where].tolist(), cells, gone.tolist()):
        text = "None" if is_gone else cell
        found.append((row, CELL, rank, order,
                      cell_error(code, row, text, spec.name, spec.number, note)))


def _shape(found: list[Found], plan: ResourcePlan, batch: Batch, blank: np.ndarray) -> None:
    """Extra and missing cells of the rows pyarrow set aside (a blank row hides them)."""
    width = len(plan.fields)
    for index, row in enumerate(batch.rows.tolist()):
        if blank[index]:
            continue
        extra = batch.extra[index]
        for position, cell in enumerate(extra, start=width + 1):
            found.append((row, EXTRA, position, 0,
                          cell_error("extra-cell", row, str(cell), "", position)))
        length = int(batch.lengths[index])
        for spec in plan.fields[length:]:
            found.append((row, MISSING, spec.number, 0,
                          cell_error("missing-cell", row, "", spec.name, spec.number)))
