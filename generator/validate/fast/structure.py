"""Header and row structure: label errors, fields expected per column, ragged rows."""

from __future__ import annotations

import csv
import io
from typing import Any

from generator.validate.fast.errors import Unsupported, label_error


def label_errors(labels: list[str], fields: list[Any]) -> list[Any]:
    """Frictionless' header findings when labels and fields are matched by position."""
    found = []
    for number, label in enumerate(labels[len(fields):], start=len(fields) + 1):
        found.append(label_error("extra-label", label, "", number))
    for offset, field in enumerate(fields[len(labels):]):
        found.append(label_error("missing-label", "", field.name, len(labels) + offset + 1))
    for number, (field, label) in enumerate(zip(fields, labels), start=1):
        if not label:
            found.append(label_error("blank-label", "", field.name, number))
            continue
        seen = [n for n, other in enumerate(labels[: number - 1], start=1) if other == label]
        if seen:
            note = 'at position "{}"'.format(", ".join(map(str, seen)))
            found.append(label_error("duplicate-label", label, field.name, number, note))
        elif label != field.name:
            found.append(label_error("incorrect-label", label, field.name, number))
    return found


def expected_fields(labels: list[str], fields: list[Any]) -> list[Any]:
    """One field per column: the schema field at that position, else an `any` field."""
    from frictionless import Field
    from frictionless.table.label_matching import deduplicate_names

    matched = [fields[n] if n < len(fields) else None for n in range(len(labels))]
    names = deduplicate_names([f.name if f is not None else label
                               for f, label in zip(matched, labels)])
    return [f if f is not None else Field.from_descriptor({"name": name, "type": "any"})
            for f, name in zip(matched, names)]


def parse_record(text: str, dialect: Any) -> list[str]:
    """The cells of one record that pyarrow set aside because it has too few or many cells."""
    records = list(csv.reader(io.StringIO(text, newline=""), dialect=dialect))
    if len(records) > 1:
        raise Unsupported("a ragged record that Python's csv module splits differently")
    return records[0] if records else []
