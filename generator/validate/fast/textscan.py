"""Text-cell checks done while the batches stream by, so `tdh validate` never needs a table.

The same findings as `validate.domain.check_formula_cells` and `check_flagged_values` make on
the typed pandas tables, gathered batch by batch from the typed Arrow columns:
- formula-like text: a string cell starting with = + - @ that is not a plain number;
- unflagged values: a row whose `source` is empty while `is_estimate` is not true.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from generator.validate.domain import FORMULA_CHARS, NUMERIC

TEXT_TYPES = ("string", "any")


@dataclass
class TextFindings:
    """Formula-like cells as (field position, row, field, value); unflagged rows."""

    formulas: list[tuple[int, int, str, str]] = field(default_factory=list)
    unflagged: list[int] = field(default_factory=list)

    def sorted_formulas(self) -> list[tuple[int, str, str]]:
        """(row, field, value) by field (schema order), then row: the pandas check's order."""
        return [(row, name, value) for _, row, name, value in sorted(self.formulas)]


def _is_text(array: pa.Array) -> bool:
    return pa.types.is_string(array.type) or pa.types.is_large_string(array.type)


def scan_batch(specs: list[Any], rows: np.ndarray, typed: list[pa.Array],
               found: TextFindings) -> None:
    """Add one batch's formula-like cells and unflagged rows to `found`."""
    for position, spec in enumerate(specs):
        array = typed[position]
        if spec.type not in TEXT_TYPES or not _is_text(array):
            continue
        first = pc.utf8_slice_codeunits(array, 0, 1)
        mask = pc.fill_null(pc.is_in(first, value_set=pa.array(FORMULA_CHARS)), False)
        if not pc.any(mask).as_py():
            continue
        values = array.filter(mask)
        plain = pc.fill_null(pc.match_substring_regex(values, NUMERIC), False)
        risky = pc.invert(plain)
        kept_rows = rows[np.asarray(mask)][np.asarray(risky)]
        kept_values = values.filter(risky).to_pylist()
        found.formulas += [(position, int(row), spec.name, value)
                           for row, value in zip(kept_rows, kept_values)]
    names = [spec.name for spec in specs]
    if "source" not in names:
        return
    source = typed[names.index("source")]
    if _is_text(source):
        empty = pc.fill_null(pc.equal(pc.utf8_trim_whitespace(source), ""), True)
    else:
        empty = pc.is_null(source)
    if "is_estimate" in names:
        estimate = typed[names.index("is_estimate")]
        if pa.types.is_boolean(estimate.type):
            empty = pc.and_(empty, pc.invert(pc.fill_null(estimate, False)))
    found.unflagged += rows[np.asarray(empty)].tolist()
