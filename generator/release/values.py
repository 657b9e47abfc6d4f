"""Cell values for the diff: comparable columns, vectorised comparison, JSON-ready records."""

from __future__ import annotations

import math
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd
from pandas.api.types import is_bool_dtype, is_numeric_dtype


def _numeric(series: pd.Series) -> bool:
    return is_numeric_dtype(series.dtype) and not is_bool_dtype(series.dtype)


def _as_text(series: pd.Series) -> pd.Series:
    """Display text of every non-null cell (nulls stay null), for columns whose type changed."""
    text = series.map(plain, na_action="ignore").map(str, na_action="ignore")
    return text.astype(object).where(series.notna(), None)


def normalise_pair(old: pd.Series, new: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Two versions of a column made comparable: same dtype, or numbers, or text."""
    if old.dtype == new.dtype:
        return old, new
    if _numeric(old) and _numeric(new):
        return old.astype("float64"), new.astype("float64")
    return _as_text(old), _as_text(new)


def values_differ(old: pd.Series, new: pd.Series) -> pd.Series:
    """Element-wise: True where two aligned columns hold different values (null equals null)."""
    old, new = normalise_pair(old, new)
    both_null = old.isna().to_numpy() & new.isna().to_numpy()
    try:
        equal = (old == new).to_numpy(dtype=bool)
    except (TypeError, ValueError):
        equal = (_as_text(old) == _as_text(new)).to_numpy(dtype=bool)
    return pd.Series(~(equal | both_null), index=old.index)


def plain(value: Any) -> Any:
    """A cell as a JSON value: numbers, text, booleans, ISO dates, null."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, Decimal):
        return float(value) if value.is_finite() else None
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    return str(value)


def json_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as JSON-ready dicts (call it on the rows to list, not on a whole large table)."""
    if frame.empty:
        return []
    objects = frame.astype(object).where(frame.notna(), None)
    return [{str(k): plain(v) for k, v in row.items()} for row in objects.to_dict("records")]
