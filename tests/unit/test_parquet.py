"""Parquet downloads keep each column's own type; only columns Arrow cannot type become text."""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from generator.render.dataset import table_parquet


def test_columns_keep_their_types() -> None:
    table = pd.DataFrame({
        "_row": [2, 3, 4],
        "day": pd.Series([dt.date(2024, 1, 31), None, dt.date(2023, 12, 1)], dtype=object),
        "amount": [1.5, None, 3.0],
        "count": pd.array([1, None, 3], dtype="Int64"),
        "label": ["a", None, "c"],
        "mixed": pd.Series([1, "two", 3.5], dtype=object),
        "huge": pd.Series([2**70, 1, None], dtype=object),
    })
    read = pq.read_table(io.BytesIO(table_parquet(table)))
    types = {field.name: field.type for field in read.schema}
    assert "_row" not in types
    assert types["day"] == pa.date32() and read["day"].to_pylist() == [
        dt.date(2024, 1, 31), None, dt.date(2023, 12, 1)]
    assert types["amount"] == pa.float64() and types["count"] == pa.int64()
    assert types["label"] in (pa.string(), pa.large_string())
    assert read["mixed"].to_pylist() == ["1", "two", "3.5"]  # several kinds: text
    assert read["huge"].to_pylist() == [str(2**70), "1", None]  # beyond int64: exact, as text
    assert read.schema.metadata is None  # nothing varying between builds


def test_one_kind_reads_missing_values_as_dropna_does() -> None:
    from generator.render.dataset import _one_kind

    day, moment = dt.date(2024, 1, 31), dt.datetime(2024, 1, 31, 8)
    columns = [[day, None, day], [day, moment], [day, float("nan")], [1, 2.5], [None, None],
               [float("nan"), 2.5], [pd.NaT, day], [pd.NA, "a"], ["a", 1], [moment, None]]
    for values in columns:
        series = pd.Series(values, dtype=object)
        assert _one_kind(series) is (len(set(map(type, series.dropna()))) <= 1), values
