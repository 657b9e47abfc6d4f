"""The smallest and largest values present in a column."""

from __future__ import annotations

from typing import Any

import pandas as pd


def present_bounds(values: pd.Series) -> tuple[Any, Any] | None:
    """`(values.dropna().min(), values.dropna().max())`, None when no value is present.

    A column of Python objects (dates) is masked once and compared by Python's own min and
    max: pandas masks it again for each. Raises TypeError for values that do not compare.
    """
    if values.dtype == object:
        array = values.to_numpy()
        present = array[pd.notna(array)]
        return (min(present), max(present)) if len(present) else None
    present = values.dropna()
    return (present.min(), present.max()) if len(present) else None
