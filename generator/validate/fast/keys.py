"""Unique fields, primary and foreign keys: vectorised over integer codes of the key values.

Frictionless compares Python values (`1 == Decimal("1.0")`, `None == None` inside a tuple);
codes from one dictionary encoding of the values on both sides give the same equality.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from generator.validate.fast.errors import Unsupported

NUMERIC = {"integer", "year", "number"}
EXACT_FLOAT_DIGITS = 15


def key_class(field_type: str) -> str:
    """Types whose Python values can be equal to each other."""
    if field_type in NUMERIC:
        return "number"
    return "text" if field_type in ("string", "any") else field_type


def codes(columns: list[pa.ChunkedArray]) -> np.ndarray:
    """One integer per row, equal exactly when the key tuples are equal (nulls included)."""
    if len(columns) == 1 and _numeric(columns[0].type):
        # One column: rows with a missing value never take part, so any filler will do.
        column = _normal(columns[0]).combine_chunks()
        if pa.types.is_date32(column.type):
            column = pc.cast(column, pa.int32())
        elif pa.types.is_boolean(column.type):
            column = pc.cast(column, pa.int8())
        return pc.fill_null(column, 0).to_numpy(zero_copy_only=False)
    combined: np.ndarray | None = None
    for column in columns:
        encoded = pc.dictionary_encode(_normal(column).combine_chunks())
        part = pc.fill_null(encoded.indices, -1).to_numpy().astype(np.int64) + 1
        if combined is None:
            combined = part
            continue
        width = int(part.max(initial=0)) + 1
        combined = np.unique(combined * width + part, return_inverse=True)[1].astype(np.int64)
    return combined if combined is not None else np.zeros(0, dtype=np.int64)


def all_null(columns: list[pa.ChunkedArray]) -> np.ndarray:
    """Rows whose key cells are all missing."""
    mask = np.ones(len(columns[0]), dtype=bool)
    for column in columns:
        mask &= column.is_null().to_numpy(zero_copy_only=False)
    return mask


def previous_same(key: np.ndarray, rows: np.ndarray, skip: np.ndarray) -> np.ndarray:
    """For each row, the row before it with the same key (0 when none); `skip` rows take no part.

    `rows` must be sorted; keys only need to be equal exactly when the values are.
    """
    order = np.argsort(key, kind="stable")  # rows come sorted: ties keep file order
    order = order[~skip[order]]
    sorted_key, sorted_rows = key[order], rows[order]
    previous = np.zeros(len(rows), dtype=np.int64)
    same = np.zeros(len(order), dtype=bool)
    same[1:] = sorted_key[1:] == sorted_key[:-1]
    previous[order[same]] = sorted_rows[np.flatnonzero(same) - 1]
    return previous


def check_float_key(raw: pa.ChunkedArray, typed: pa.ChunkedArray, name: str) -> None:
    """Float codes equal Decimal equality only for short, finite numbers."""
    valid = raw.filter(typed.is_valid())
    if len(valid) and pc.max(pc.utf8_length(valid)).as_py() > EXACT_FLOAT_DIGITS:
        raise Unsupported(f'long decimal numbers in key field "{name}"')
    if pa.types.is_floating(typed.type) and pc.all(pc.is_finite(typed)).as_py() is False:
        raise Unsupported(f'NaN or infinity in key field "{name}"')


def align(target: pa.ChunkedArray, source: pa.ChunkedArray, target_type: str,
          source_type: str) -> tuple[pa.ChunkedArray, pa.ChunkedArray]:
    """Both sides of a foreign key field in one arrow type, or Unsupported."""
    if key_class(target_type) != key_class(source_type):
        raise Unsupported(f"foreign key between {target_type} and {source_type} fields")
    if target.type == source.type:
        return target, source
    for side in (target, source):
        if side.type == pa.int64() and (pc.max(pc.abs(side)).as_py() or 0) > 2**53:
            raise Unsupported("integers beyond 2**53 compared with numbers")
    return pc.cast(target, pa.float64()), pc.cast(source, pa.float64())


def missing_references(target: list[pa.ChunkedArray], source: list[pa.ChunkedArray]) -> np.ndarray:
    """Target rows (not all null) whose key tuple is not among the source's (not all null)."""
    size = len(target[0])
    joined = [pa.chunked_array(t.chunks + s.chunks, t.type) for t, s in zip(target, source)]
    key = codes(joined)
    target_key, source_key = key[:size], key[size:]
    known = source_key[~all_null(source)] if len(source[0]) else source_key[:0]
    return ~all_null(target) & ~np.isin(target_key, known)


def _numeric(kind: pa.DataType) -> bool:
    return (pa.types.is_integer(kind) or pa.types.is_floating(kind) or pa.types.is_boolean(kind)
            or pa.types.is_date32(kind))


def _normal(column: pa.ChunkedArray) -> pa.ChunkedArray:
    if pa.types.is_floating(column.type):
        return pc.add(column, 0.0)  # -0.0 and 0.0 are the same key, as for Decimal
    return column
