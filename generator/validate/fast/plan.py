"""What to check in one resource: fields per column, keys, header findings, or why not."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.validate.fast.dialect import Layout, read_layout
from generator.validate.fast.errors import Unsupported
from generator.validate.fast.structure import expected_fields, label_errors

TYPES = {"string", "any", "integer", "number", "boolean", "date", "datetime", "time", "year",
         "yearmonth"}
KEY_TYPES = {"string", "any", "integer", "number", "boolean", "date", "year", "yearmonth"}
BOUNDS = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")
NUMBER_OPTIONS = {"group_char", "decimal_char", "bare_number"}


@dataclass
class FieldSpec:
    """One column as frictionless reads it: the field, its missing values and checks."""

    field: Any
    number: int
    missing: list[str]
    checks: list[tuple[str, Any]]
    unique: bool
    reader: Callable[[Any], Any]
    processed: bool = False

    @property
    def name(self) -> str:
        """The field name, as findings report it."""
        return self.field.name

    @property
    def type(self) -> str:
        """The Table Schema type."""
        return self.field.type

    @property
    def format(self) -> str:
        """The Table Schema format."""
        return self.field.format


@dataclass
class ForeignKey:
    """One foreign key whose fields are all among the columns."""

    fields: list[str]
    source: str
    source_fields: list[str]


@dataclass
class ResourcePlan:
    """Everything the row checks need, fixed before the first data row."""

    name: str
    path: Path
    layout: Layout
    fields: list[FieldSpec]
    header_errors: list[Any]
    primary_key: list[str] = field(default_factory=list)
    pk_columns: list[int] = field(default_factory=list)
    foreign_keys: list[ForeignKey] = field(default_factory=list)
    schema: Any = None
    ranks: dict[str, int] = field(default_factory=dict)
    _by_name: dict[str, FieldSpec] = field(default_factory=dict, repr=False)

    def spec(self, name: str) -> FieldSpec:
        """The column spec of a field name."""
        if len(self._by_name) != len(self.fields):
            self._by_name = {s.name: s for s in reversed(self.fields)}
        return self._by_name[name]

    def cell_order(self, unique_errors: set[str] = frozenset(), primary_error: bool = False,
                   foreign_errors: set[int] = frozenset()) -> dict[str, int]:
        """Rank of each field among a row's cell findings.

        Frictionless casts a row's cells lazily: the key checks read the unique, primary-key and
        foreign-key cells first, and the first key finding makes it cast the rest in field order.
        """
        seen: list[str] = []
        for name in (s.name for s in self.fields if s.unique):
            seen.append(name)
            if name in unique_errors:
                break
        else:
            seen += self.primary_key
            if not primary_error:
                for index, fk in enumerate(self.foreign_keys):
                    seen += fk.fields
                    if index in foreign_errors:
                        break
        order = list(dict.fromkeys(seen + [s.name for s in self.fields]))
        return {name: rank for rank, name in enumerate(order, start=1)}


def build_plan(resource: Any, package: Any) -> ResourcePlan:
    """The plan for one tabular resource, or Unsupported when frictionless must do it."""
    _check_resource(resource)
    path = Path(resource.normpath)
    layout = read_layout(resource, path)
    schema = _schema(resource, layout)
    if schema.has_defined("fields_match") and schema.fields_match != "exact":
        raise Unsupported(f'fieldsMatch "{schema.fields_match}"')
    if not resource.dialect.header_case:
        raise Unsupported("headerCase false")
    columns = expected_fields(layout.labels, schema.fields)
    specs = [_spec(f, number) for number, f in enumerate(columns, start=1)]
    names = [s.name for s in specs]
    plan = ResourcePlan(name=resource.name, path=path, layout=layout, fields=specs,
                        header_errors=label_errors(layout.labels, schema.fields), schema=schema)
    key = list(schema.primary_key)
    if key and set(key) <= set(names):
        plan.primary_key = key
        positions = {schema.field_names.index(k) for k in key if k in schema.field_names}
        plan.pk_columns = sorted(p for p in positions if p < len(names))
    for fk in schema.foreign_keys:
        source = fk["reference"]["resource"]
        if source and source != resource.name and not package.has_resource(source):
            raise Unsupported(f'foreign key to a missing resource "{source}"')
        if set(fk["fields"]) <= set(names):
            plan.foreign_keys.append(ForeignKey(list(fk["fields"]), source,
                                                list(fk["reference"]["fields"])))
    plan.ranks = plan.cell_order()
    keyed = set(plan.primary_key) | {s.name for s in specs if s.unique}
    keyed |= {n for fk in plan.foreign_keys for n in fk.fields}
    for name in keyed:
        if plan.spec(name).type not in KEY_TYPES:
            raise Unsupported(f'key field "{name}" of type {plan.spec(name).type}')
    return plan


def _check_resource(resource: Any) -> None:
    if resource.data is not None or not resource.path:
        raise Unsupported("inline data")
    if resource.extrapaths:
        raise Unsupported("multipart path")
    if resource.scheme != "file" or resource.compression or resource.innerpath:
        raise Unsupported("remote, compressed or archived file")
    if resource.format not in ("csv", "tsv"):
        raise Unsupported(f"format {resource.format}")
    if resource.hash or resource.bytes or resource.fields or resource.rows:
        raise Unsupported("declared hash, bytes, fields or rows")


def _schema(resource: Any, layout: Layout) -> Any:
    """The declared schema, else the one frictionless infers from the sample."""
    if resource.schema:
        return resource.schema
    from frictionless import system

    return resource.detector.detect_schema(
        layout.fragment, labels=layout.labels, schema=resource.schema,
        field_candidates=system.detect_field_candidates(),
    )


def _spec(field: Any, number: int) -> FieldSpec:
    if field.type not in TYPES:
        raise Unsupported(f'field "{field.name}" of type {field.type}')
    if field.type == "string" and field.format != "default":
        raise Unsupported(f'string format "{field.format}"')
    checks = [(name, field.constraints[name]) for name in field.supported_constraints
              if field.constraints.get(name) is not None]
    if field.type in ("datetime", "time") and any(n in BOUNDS or n == "enum" for n, _ in checks):
        raise Unsupported(f'bounds or enum on {field.type} field "{field.name}"')
    missing = field.missing_values
    if not field.has_defined("missing_values") and field.schema:
        missing = field.schema.missing_values
    processed = field.type == "number" and bool(NUMBER_OPTIONS & set(field.list_defined()))
    return FieldSpec(field=field, number=number, missing=list(missing), checks=checks,
                     unique=bool(field.constraints.get("unique")),
                     reader=field.create_value_reader(), processed=processed)
