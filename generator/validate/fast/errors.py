"""Findings shaped like frictionless-py's errors, so `_table_issue` maps both the same way."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

# Position of each finding inside its row, as frictionless appends them: cells in field order
# (type error, then constraints), extra cells, missing cells, then unique, primary and foreign keys.
CELL, EXTRA, MISSING, UNIQUE, PRIMARY, FOREIGN = range(6)


class Unsupported(Exception):
    """The fast engine cannot promise frictionless' exact findings here: fall back."""


def label_error(code: str, label: str, field_name: str, field_number: int,
                note: str = "") -> SimpleNamespace:
    """A header finding (extra, missing, blank, duplicate or incorrect label)."""
    return SimpleNamespace(type=code, note=note, label=label, field_name=field_name,
                           field_number=field_number, row_numbers=[1])


def cell_error(code: str, row: int, cell: str, field_name: str, field_number: int,
               note: str = "") -> SimpleNamespace:
    """A finding about one cell (type, constraint, unique, extra or missing cell)."""
    return SimpleNamespace(type=code, note=note, row_number=row, cell=cell,
                           field_name=field_name, field_number=field_number)


def row_error(code: str, row: int, note: str = "", **extra: Any) -> SimpleNamespace:
    """A finding about a whole row (blank row, primary key, foreign key)."""
    return SimpleNamespace(type=code, note=note, row_number=row, **extra)


def type_note(field_type: str, field_format: str) -> str:
    """The note frictionless gives a cell that does not cast."""
    return f'type is "{field_type}/{field_format}"'


def constraint_note(name: str, value: Any) -> str:
    """The note frictionless gives a cell that breaks a constraint."""
    return f'constraint "{name}" is "{value}"'
