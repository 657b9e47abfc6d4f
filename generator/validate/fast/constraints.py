"""Vectorised field constraints with frictionless' semantics (and its check order)."""

from __future__ import annotations

import operator
import re
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from generator.validate.fast.cast import ARROW_TYPES, python_value
from generator.validate.fast.errors import Unsupported

if TYPE_CHECKING:
    from generator.validate.fast.plan import FieldSpec

BOUNDS = {"minimum": ("greater_equal", operator.ge), "maximum": ("less_equal", operator.le),
          "exclusiveMinimum": ("greater", operator.gt),
          "exclusiveMaximum": ("less", operator.lt)}
# RE2 and Python agree on printable ASCII text for patterns built from these pieces only.
RE2_SAFE = re.compile(r"^(?:[^\\(\[{]|\\[dDwWsSbBtnrfv]|\\[^A-Za-z0-9]|\((?!\?)|\(\?:"
                      r"|\{\d|\[(?!:))*$")
PRINTABLE = r"^[ -~]*$"


def violations(spec: FieldSpec, raw: pa.Array, values: pa.Array, missing: np.ndarray,
               invalid: np.ndarray) -> list[tuple[str, np.ndarray]]:
    """(constraint, rows breaking it) in frictionless' order; type errors are not checked."""
    found = []
    present = ~missing & ~invalid
    for name, constraint in spec.checks:
        if name == "required":
            broken = missing.copy() if constraint else np.zeros(len(raw), dtype=bool)
        elif name in ("minLength", "maxLength"):
            length = pc.utf8_length(values)
            compare = pc.greater_equal if name == "minLength" else pc.less_equal
            broken = present & ~_bool(compare(length, constraint))
        elif name == "pattern":
            broken = present & ~_pattern(values, constraint, present)
        elif name == "enum":
            broken = present & ~_enum(spec, raw, values, constraint, present)
        else:
            broken = present & ~_bound(spec, raw, values, name, constraint, present)
        found.append((name, broken))
    return found


def _bool(array: Any) -> np.ndarray:
    return pc.fill_null(array, False).to_numpy(zero_copy_only=False)


def _pattern(values: pa.Array, pattern: str, present: np.ndarray) -> np.ndarray:
    try:
        compiled = re.compile(f"^{pattern}$")
    except re.error as error:
        raise Unsupported(f"pattern {pattern!r} does not compile") from error
    ok = np.zeros(len(values), dtype=bool)
    todo = present.copy()
    if RE2_SAFE.match(pattern):
        try:
            fast = _bool(pc.match_substring_regex(values, f"^(?:^{pattern}$)"))
        except pa.ArrowInvalid:
            fast = None
        if fast is not None:
            printable = _bool(pc.match_substring_regex(values, PRINTABLE))
            ok[printable] = fast[printable]
            todo &= ~printable
    if todo.any():
        ok |= _per_distinct(values, todo, lambda text: bool(compiled.match(text)))
    return ok


def _per_distinct(values: pa.Array, todo: np.ndarray, check: Any) -> np.ndarray:
    """A Python check run once per distinct value of the rows in `todo`."""
    subset = values.filter(pa.array(todo))
    distinct = pc.unique(subset)
    results = np.array([check(v) for v in distinct.to_pylist()], dtype=bool)
    ok = np.zeros(len(values), dtype=bool)
    ok[todo] = results[pc.index_in(subset, distinct).to_numpy(zero_copy_only=False)]
    return ok


def _enum(spec: FieldSpec, raw: pa.Array, values: pa.Array, constraint: Any,
          present: np.ndarray) -> np.ndarray:
    members = [spec.reader(item) for item in constraint]
    if spec.type == "number":
        return _per_distinct(raw, present, lambda text: python_value(spec, text) in members)
    if spec.type == "yearmonth":
        members = [m[0] * 12 + m[1] - 1 if m is not None else None for m in members]
    elif spec.type in ("string", "any"):
        members = [m for m in members if isinstance(m, str)]
    elif spec.type == "boolean":
        members = [m for m in members if isinstance(m, bool)]
    elif spec.type in ("integer", "year"):
        members = [m for m in members if isinstance(m, int) and not isinstance(m, bool)]
    members = [m for m in members if m is not None]
    try:
        value_set = pa.array(members, type=ARROW_TYPES[spec.type])
    except (pa.ArrowInvalid, OverflowError, TypeError) as error:
        raise Unsupported(f'enum of field "{spec.name}"') from error
    return _bool(pc.is_in(values, value_set=value_set))


def _bound(spec: FieldSpec, raw: pa.Array, values: pa.Array, name: str, constraint: Any,
           present: np.ndarray) -> np.ndarray:
    bound = spec.reader(constraint)
    if bound is None:
        raise Unsupported(f'constraint {name} of field "{spec.name}" does not cast')
    function, python_op = BOUNDS[name]
    if spec.type == "yearmonth":
        scalar = pa.scalar(bound[0] * 12 + bound[1] - 1, pa.int64())
    elif spec.type == "number":
        scalar = pa.scalar(float(bound), pa.float64())
    else:
        try:
            scalar = pa.scalar(bound, ARROW_TYPES[spec.type])
        except (pa.ArrowInvalid, OverflowError, TypeError) as error:
            raise Unsupported(f'constraint {name} of field "{spec.name}"') from error
    ok = _bool(getattr(pc, function)(values, scalar))
    if spec.type == "number":
        # Floats round: where a value equals the bound as a float, compare the exact decimals.
        tie = present & _bool(pc.equal(values, scalar))
        if tie.any():
            exact = _per_distinct(raw, tie, lambda t: _exact(python_value(spec, t), bound,
                                                             python_op))
            ok[tie] = exact[tie]
    return ok


def _exact(value: Any, bound: Any, python_op: Any) -> bool:
    if isinstance(value, Decimal) and value.is_nan():
        return False
    return bool(python_op(value, bound))
