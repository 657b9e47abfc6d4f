"""Typed pandas tables from the engine's arrow columns, with the dtypes frictionless rows give."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

OBJECT_TYPES = ("datetime", "time", "yearmonth")


def fast_frames(package: Any, typed: dict[str, Any] | None = None) -> dict[str, Any]:
    """Tables of the tabular resources the fast engine reads (None for the others).

    `typed` holds the outcomes of a validation that kept its typed columns: no second read.
    """
    from generator.validate.fast.engine import validate_package_fast

    outcomes = typed if typed is not None else validate_package_fast(package, 0, collect="all")
    frames: dict[str, pd.DataFrame | None] = {}
    for resource in package.resources:
        if not resource.tabular:
            continue
        outcome = outcomes[resource.name]
        declared = resource.schema.field_names if resource.schema else None
        fields = outcome.fields or []
        if outcome.table is None or declared not in (None, [f.name for f in fields]):
            frames[resource.name] = None
            continue
        frames[resource.name] = to_frame(outcome.table, fields)
    return frames


def to_frame(table: pa.Table, fields: list[Any]) -> pd.DataFrame:
    """One DataFrame: `_row` then one column per field, typed as `read_tables` always did."""
    names = [f.name for f in fields]
    if table.num_rows == 0:
        frame = pd.DataFrame([], columns=["_row", *names])
        for field in fields:
            if field.type == "number":
                frame[field.name] = pd.to_numeric(frame[field.name]).astype("float64")
        return frame
    columns = {"_row": table.column("_row").to_numpy()}
    for field in fields:
        columns[field.name] = _column(table.column(field.name), field)
    return pd.DataFrame(columns)


def _column(column: pa.ChunkedArray, field: Any) -> Any:
    kind = field.type
    if column.null_count == len(column) and kind != "number":
        values = pd.Series([None] * len(column), dtype=object)
        return values.astype("Int64") if kind in ("integer", "year") else values
    if kind in ("integer", "year"):
        return column.to_pandas(types_mapper={pa.int64(): pd.Int64Dtype()}.get) \
            if column.null_count else column.to_numpy()
    if kind == "number":
        return pc.fill_null(column, float("nan")).to_numpy()
    if kind == "date":
        return column.to_pandas(date_as_object=True)
    if kind in OBJECT_TYPES:
        return pd.DataFrame({"v": _objects(column, field)})["v"]
    return column.to_pandas()


def _objects(column: pa.ChunkedArray, field: Any) -> list[Any]:
    """Python values for the types pandas keeps as objects (or infers from them)."""
    if field.type == "yearmonth":
        from frictionless.fields.yearmonth import yearmonth

        return [None if v is None else yearmonth(v // 12, v % 12 + 1)
                for v in column.to_pylist()]
    reader = field.create_value_reader()
    texts = column.to_pylist()
    cache = {text: reader(text) for text in set(texts) if text is not None}
    return [None if text is None else cache[text] for text in texts]
