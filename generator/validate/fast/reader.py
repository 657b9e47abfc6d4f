"""Stream a CSV file as record batches of raw strings, with frictionless' row numbers.

Row numbers are record numbers (a quoted multi-line cell counts once), header = row 1. pyarrow
rejects rows with too few or too many cells: they are set aside and parsed again with Python's
csv module. Only the single-threaded reader tells where they were, so a file is read with threads
first and read again without them if it turns out to have such rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pv

from generator.validate.fast.errors import Unsupported
from generator.validate.fast.structure import parse_record

BLOCK_SIZE = 512 << 10  # small blocks: pyarrow reads ahead many of them


class Ragged(Exception):
    """The threaded read met a row whose cell count differs from the header's."""


@dataclass
class Batch:
    """Raw cells of consecutive rows; ragged rows also say which cells do not exist."""

    rows: np.ndarray
    columns: list[pa.Array]
    absent: list[np.ndarray] | None = None
    extra: list[list[str]] | None = None
    lengths: np.ndarray | None = None


def read_batches(plan: Any, threads: bool) -> Iterator[Batch]:
    """Batches of data rows in file order, ragged rows in batches of their own."""
    layout, width = plan.layout, len(plan.fields)
    names = [f"c{i}" for i in range(width)]
    set_aside: list[tuple[int | None, str]] = []

    def handler(row: Any) -> str:
        set_aside.append((row.number, row.text))
        return "skip"

    reader = pv.open_csv(
        plan.path,
        read_options=pv.ReadOptions(column_names=names, use_threads=threads,
                                    block_size=BLOCK_SIZE, encoding=layout.arrow_encoding),
        parse_options=pv.ParseOptions(delimiter=layout.dialect.delimiter,
                                      quote_char=layout.dialect.quotechar, double_quote=True,
                                      newlines_in_values=True, ignore_empty_lines=False,
                                      invalid_row_handler=handler),
        convert_options=pv.ConvertOptions(column_types={n: pa.string() for n in names},
                                          strings_can_be_null=False,
                                          quoted_strings_can_be_null=False),
    )
    seen, done, last = 0, 0, (0, "")
    for record_batch in reader:
        if set_aside and threads:
            raise Ragged()
        size = record_batch.num_rows
        rows = _record_numbers(np.arange(seen, seen + size), set_aside)
        seen += size
        keep = rows > layout.header_row
        columns = [record_batch.column(i) for i in range(width)]
        if size and width:
            last = max(last, (int(rows[-1]), columns[-1][size - 1].as_py()))
        if keep.any():
            if not keep.all():
                mask = pa.array(keep)
                columns = [c.filter(mask) for c in columns]
            _check_newlines(layout, columns)
            yield Batch(rows=rows[keep], columns=_initial_spaces(layout, columns))
        if len(set_aside) > done:
            batch, last = _ragged(set_aside[done:], plan, last)
            done = len(set_aside)
            if batch is not None:
                yield batch
    if set_aside and threads:
        raise Ragged()
    _check_tail(plan.path, layout, last[1])


def _record_numbers(valid: np.ndarray, set_aside: list[tuple[int | None, str]]) -> np.ndarray:
    """Record numbers of the valid rows: the integers left once set-aside records are taken."""
    if not set_aside:
        return valid + 1
    taken = np.array(sorted(n for n, _ in set_aside), dtype=np.int64)
    shifted = taken - np.arange(len(taken))
    return valid + 1 + np.searchsorted(shifted, valid + 1, side="right")


def _ragged(rows: list[tuple[int | None, str]], plan: Any,
            last: tuple[int, str]) -> tuple[Batch | None, tuple[int, str]]:
    """A batch of set-aside rows, cut to the header's width, with their extra cells."""
    width = len(plan.fields)
    numbers, records = [], []
    for number, text in rows:
        if number is None:
            raise Unsupported("row numbers unknown")
        cells = parse_record(text, plan.layout.dialect)
        last = max(last, (number, cells[-1] if cells else ""))
        if number > plan.layout.header_row:
            numbers.append(number)
            records.append(cells)
    if not records:
        return None, last
    columns = [pa.array([r[i] if i < len(r) else "" for r in records], pa.string())
               for i in range(width)]
    absent = [np.array([i >= len(r) for r in records]) for i in range(width)]
    _check_newlines(plan.layout, columns)
    batch = Batch(rows=np.array(numbers, dtype=np.int64), columns=columns, absent=absent,
                  extra=[r[width:] for r in records],
                  lengths=np.array([len(r) for r in records], dtype=np.int64))
    return batch, last


def _initial_spaces(layout: Any, columns: list[pa.Array]) -> list[pa.Array]:
    """Python's csv module drops spaces after a delimiter, but not inside quotes: pyarrow no longer
    tells which cells were quoted, so a cell starting with a space is left to frictionless."""
    if layout.dialect.skipinitialspace:
        for column in columns:
            if pc.any(pc.starts_with(column, " ")).as_py():
                raise Unsupported("a cell starting with a space under skipInitialSpace")
    return columns


def _check_newlines(layout: Any, columns: list[pa.Array]) -> None:
    """Non-CSV formats read text with universal newlines: a quoted CR would change."""
    if layout.translate_newlines:
        for column in columns:
            if pc.any(pc.match_substring(column, "\r")).as_py():
                raise Unsupported("carriage return inside a quoted TSV cell")


def _check_tail(path: Path, layout: Any, last_cell: str) -> None:
    """A quote left open at the end of the file keeps the final line break in Python only."""
    quote = layout.dialect.quotechar
    escaped = quote + last_cell.replace(quote, quote * 2)
    try:
        pattern = escaped.encode("utf-8" if layout.encoding == "utf-8-sig" else layout.encoding)
    except UnicodeEncodeError as error:
        raise Unsupported("last cell does not encode back") from error
    with path.open("rb") as handle:
        handle.seek(0, 2)
        size = handle.tell()
        handle.seek(max(0, size - len(pattern) - 2))
        tail = handle.read()
    for ending in (b"\r\n", b"\n", b"\r"):
        if tail.endswith(ending):
            if tail.endswith(pattern + ending):
                raise Unsupported("quote left open at the end of the file")
            return

