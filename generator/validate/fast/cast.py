"""Vectorised casts of raw CSV strings to Table Schema types, exactly as frictionless-py casts.

Each type has a fast path that only accepts strings whose arrow cast is known to equal
frictionless' value (a pattern, or a strict arrow cast that the fuzz tests hold to Python's).
Whatever it leaves (rare: odd spellings, errors) goes through frictionless' own value reader,
once per distinct string, so the result is the same by design.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from generator.validate.fast.errors import Unsupported

if TYPE_CHECKING:
    from generator.validate.fast.plan import FieldSpec

INT64 = (-(2**63), 2**63 - 1)
MIN_DAY = -719162  # 0001-01-01 in days since the epoch: Python dates start there
INTEGER = r"^-?[0-9]{1,18}$"
YEAR = r"^[0-9]{4}$"
NUMBER = r"^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]{1,2})?$"
NUMBER_UNSIGNED_EDGES = r"^-?[0-9].*[0-9]$|^[0-9]$"  # the non-bare pattern leaves these alone
YEARMONTH = r"^[0-9]{4}-(0[1-9]|1[0-2])$"
ISO_DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
ISO_DATETIME = (r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}"
                r"(Z|[+-](0[0-9]|1[0-9]|2[0-3]):[0-5][0-9])?$")
SAFE_DIRECTIVES = {"%Y", "%m", "%d", "%H", "%M", "%S"}
ARROW_TYPES = {"integer": pa.int64(), "year": pa.int64(), "yearmonth": pa.int64(),
               "number": pa.float64(), "boolean": pa.bool_(), "date": pa.date32(),
               "string": pa.string(), "any": pa.string(), "datetime": pa.string(),
               "time": pa.string()}


def cast_field(raw: pa.Array, missing: np.ndarray, spec: FieldSpec) -> tuple[pa.Array, np.ndarray]:
    """Typed values (null where missing or not castable) and the type-error mask."""
    present = ~missing
    if spec.type in ("string", "any"):
        return _nulls(raw, missing), np.zeros(len(raw), dtype=bool)
    if spec.type == "boolean":
        return _boolean(raw, present, spec)
    fast, values = _fast(raw, spec, present)
    todo = present & ~fast
    invalid = np.zeros(len(raw), dtype=bool)
    if todo.any():
        values, invalid = _residual(raw, values, todo, spec)
    return _nulls(values, missing | invalid), invalid


def python_value(spec: FieldSpec, text: str) -> Any:
    """Frictionless' own cast of one string (None when it does not cast)."""
    return spec.reader(text)


def _nulls(values: pa.Array, mask: np.ndarray) -> pa.Array:
    if not mask.any():
        return values
    return pc.if_else(pa.array(mask), pa.nulls(len(values), values.type), values)


def _matches(raw: pa.Array, pattern: str) -> np.ndarray:
    return pc.match_substring_regex(raw, pattern).to_numpy(zero_copy_only=False)


def _fast(raw: pa.Array, spec: FieldSpec, present: np.ndarray) -> tuple[np.ndarray, pa.Array]:
    """Strings the vectorised cast handles exactly, and their values."""
    kind, target = spec.type, ARROW_TYPES[spec.type]
    if kind in ("integer", "year"):
        digits = _bool(pc.ascii_is_decimal(raw))
        length = pc.binary_length(raw).to_numpy(zero_copy_only=False)
        fast = digits & ((length <= 18) if kind == "integer" else (length == 4))
        if kind == "integer":
            fast |= _refine(raw, present & ~fast, INTEGER)
        return fast, pc.cast(_keep(raw, fast), target)
    if kind == "number":
        return _fast_number(raw, spec, present)
    if kind == "yearmonth":
        fast = _matches(raw, YEARMONTH)
        kept = _keep(raw, fast)
        year = pc.cast(pc.utf8_slice_codeunits(kept, 0, 4), pa.int64())
        month = pc.cast(pc.utf8_slice_codeunits(kept, 5, 7), pa.int64())
        return fast, pc.add(pc.multiply(year, 12), pc.subtract(month, 1))
    if kind in ("date", "datetime"):
        return _fast_temporal(raw, spec, present)
    return np.zeros(len(raw), dtype=bool), pa.nulls(len(raw), target)


def _refine(raw: pa.Array, candidates: np.ndarray, pattern: str) -> np.ndarray:
    """The pattern, matched on the candidate rows only."""
    found = np.zeros(len(raw), dtype=bool)
    if candidates.any():
        found[candidates] = _matches(raw.filter(pa.array(candidates)), pattern)
    return found


def _keep(raw: pa.Array, mask: np.ndarray) -> pa.Array:
    return pc.if_else(pa.array(mask), raw, pa.nulls(len(raw), raw.type))


def _fast_number(raw: pa.Array, spec: FieldSpec,
                 present: np.ndarray) -> tuple[np.ndarray, pa.Array]:
    field = spec.field
    if not spec.processed:
        # Every string arrow casts to a float, Decimal reads as the same number (fuzz-tested):
        # when the whole batch casts, no pattern is needed.
        try:
            return present, pc.cast(_keep(raw, present), pa.float64())
        except pa.ArrowInvalid:
            pass
    text = raw
    fast = present.copy()
    if spec.processed:
        if field.group_char:
            text = pc.replace_substring(text, field.group_char, "")
        if field.decimal_char != ".":
            fast &= ~_bool(pc.match_substring(text, "."))
            text = pc.replace_substring(text, field.decimal_char, ".")
        if not field.bare_number:
            fast &= _matches(raw, NUMBER_UNSIGNED_EDGES)
    fast &= _refine(text, fast, NUMBER)
    return fast, pc.cast(_keep(text, fast), pa.float64())


def _fast_temporal(raw: pa.Array, spec: FieldSpec,
                   present: np.ndarray) -> tuple[np.ndarray, pa.Array]:
    """ISO dates and datetimes by arrow's strict cast; other plain formats by a round trip."""
    fmt, is_date = spec.format, spec.type == "date"
    if fmt == "default":
        target = pa.date32() if is_date else pa.timestamp("s")
        stamp = None
        if is_date:
            # Arrow casts a 10-character string to a date only if it is YYYY-MM-DD and a real
            # day (fuzz-tested): when the whole batch casts, no pattern is needed.
            fast = present & (pc.binary_length(raw).to_numpy(zero_copy_only=False) == 10)
            head = _keep(raw, fast)
            try:
                stamp = pc.cast(head, target)
            except pa.ArrowInvalid:
                pass
        if stamp is None:
            fast = _refine(raw, present, ISO_DATE if is_date else ISO_DATETIME)
            head = _keep(raw if is_date else pc.utf8_slice_codeunits(raw, 0, 19), fast)
            try:
                stamp = pc.cast(head, target)
            except pa.ArrowInvalid:  # an impossible date somewhere: check the parts one by one
                fast &= _valid_parts(head, fast, is_date)
                stamp = pc.cast(_keep(head, fast), target)
    elif set(re.findall(r"%.", fmt)) <= SAFE_DIRECTIVES and "%Y" in fmt:
        fast = np.ones(len(raw), dtype=bool)
        stamp = pc.strptime(raw, format=fmt, unit="s", error_is_null=True)
        fast &= _bool(pc.equal(pc.strftime(stamp, format=fmt), raw))
    else:
        return np.zeros(len(raw), dtype=bool), pa.nulls(len(raw), ARROW_TYPES[spec.type])
    days = pc.cast(stamp, pa.date32())
    fast &= _bool(pc.greater_equal(pc.cast(days, pa.int32()), MIN_DAY))
    if not is_date:
        return fast, _keep(raw, fast)
    return fast, pc.if_else(pa.array(fast), days, pa.nulls(len(raw), pa.date32()))


def _valid_parts(head: pa.Array, fast: np.ndarray, is_date: bool) -> np.ndarray:
    """Which ISO strings name a real date (and time): month length, hours, minutes, seconds."""
    def part(start: int, stop: int) -> np.ndarray:
        text = pc.utf8_slice_codeunits(head, start, stop)
        return pc.fill_null(pc.cast(text, pa.int64()), 1).to_numpy()

    year, month, day = part(0, 4), part(5, 7), part(8, 10)
    ok = fast & (year >= 1) & (month >= 1) & (month <= 12) & (day >= 1)
    start = ((np.where(ok, year, 2000) - 1970) * 12 + np.where(ok, month, 1) - 1)
    start = start.astype("datetime64[M]")
    length = ((start + 1).astype("datetime64[D]") - start.astype("datetime64[D]")).astype(int)
    ok &= day <= length
    if not is_date:
        ok &= (part(11, 13) <= 23) & (part(14, 16) <= 59) & (part(17, 19) <= 59)
    return ok


def _bool(array: Any) -> np.ndarray:
    return pc.fill_null(array, False).to_numpy(zero_copy_only=False)


def _boolean(raw: pa.Array, present: np.ndarray, spec: FieldSpec) -> tuple[pa.Array, np.ndarray]:
    field = spec.field
    false = pc.is_in(raw, pa.array(field.false_values, pa.string()))
    true = pc.is_in(raw, pa.array(field.true_values, pa.string()))
    known = pc.or_(false, true).to_numpy(zero_copy_only=False)
    true_or_null = pc.if_else(true, pa.scalar(True), pa.scalar(None, pa.bool_()))
    values = pc.if_else(false, pa.scalar(False), true_or_null)
    invalid = present & ~known
    return _nulls(values, ~present | invalid), invalid


def _residual(raw: pa.Array, values: pa.Array, todo: np.ndarray,
              spec: FieldSpec) -> tuple[pa.Array, np.ndarray]:
    """Cast what the fast path left with frictionless' reader, once per distinct string."""
    subset = raw.filter(pa.array(todo))
    distinct = pc.unique(subset)
    convert = _converter(spec)
    results = [convert(spec.reader(text), text) for text in distinct.to_pylist()]
    failed = np.array([value is None for value in results], dtype=bool)
    where = pc.index_in(subset, distinct).to_numpy(zero_copy_only=False)
    invalid = np.zeros(len(raw), dtype=bool)
    invalid[todo] = failed[where]
    typed = pa.array(results, type=values.type).take(pa.array(where))
    merged = pc.replace_with_mask(values, pa.array(todo), typed)
    return merged, invalid


def _converter(spec: FieldSpec) -> Callable[[Any, str], Any]:
    """How one frictionless value is stored in our arrow column."""
    kind = spec.type

    def convert(value: Any, text: str) -> Any:
        if value is None:
            return None
        if kind in ("integer", "year"):
            if not INT64[0] <= value <= INT64[1]:
                raise Unsupported(f"integer beyond 64 bits in field {spec.name}")
            return int(value)
        if kind == "number":
            try:
                return float(value)
            except ValueError as error:
                raise Unsupported(f"signalling NaN in field {spec.name}") from error
        if kind == "yearmonth":
            encoded = value[0] * 12 + value[1] - 1
            if not INT64[0] <= encoded <= INT64[1]:
                raise Unsupported(f"yearmonth beyond 64 bits in field {spec.name}")
            return encoded
        if kind == "date":
            return value
        return text  # datetime and time keep their text; frames cast it again when needed

    return convert
