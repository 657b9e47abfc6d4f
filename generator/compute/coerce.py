"""Coercion of table cells and columns shared by the compute modules (finite floats, years, ids).

The loader types columns already, but the computations coerce again so that their results never
depend on how a CSV happened to be read: unusable values become None (scalars) or NaN/None
(columns). Modules whose rules differ keep their own variant and say why.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd


def number(value: Any) -> float | None:
    """A finite Python float, or None for missing, NaN, infinite, boolean or non-numeric values."""
    if value is None or value is pd.NA or isinstance(value, bool):
        return None
    try:
        out = float(value)
    except (TypeError, ValueError):
        return None
    return out if math.isfinite(out) else None


def numbers(series: pd.Series) -> pd.Series:
    """A column as float64: NaN for anything missing, non-numeric or infinite."""
    num = pd.to_numeric(series, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    return pd.Series(np.where(np.isfinite(num), num, np.nan), index=series.index)


def years(series: pd.Series) -> pd.Series:
    """A year column (ints, floats, strings, dates) as float years; NaN when unusable."""
    if pd.api.types.is_datetime64_any_dtype(series):
        return series.dt.year.astype("float64")
    num = numbers(series)
    leftover = series.notna() & num.isna()
    if leftover.any():
        dates = pd.to_datetime(series[leftover].astype("string"), errors="coerce")
        num[leftover] = dates.dt.year.astype("float64")
    return num.where(num % 1 == 0)


def ids(series: pd.Series) -> pd.Series:
    """Identifiers as stripped text (integral floats lose their '.0'); blanks become None."""
    if pd.api.types.is_float_dtype(series) and bool((series.dropna() % 1 == 0).all()):
        series = series.astype("Int64")
    text = series.astype("string").str.strip().fillna("")
    return text.astype(object).where(text != "", None)


__all__ = ["ids", "number", "numbers", "years"]
