"""Checks that the data kinds add on top of frictionless (DESIGN.md, "Data kinds")."""

from __future__ import annotations

from typing import Any

import pandas as pd

from generator.kinds import KINDS
from generator.model import ERROR, WARNING, Issue, make_issue

FORMULA_CHARS = ("=", "+", "-", "@")
MAX_KIND_NUMBER = 10**15
"""Largest absolute value a kind computes with: sums of such numbers stay exact in float64."""
NUMERIC = r"^[-+]?(\d+([.,]\d*)?|[.,]\d+)([eE][-+]?\d+)?%?$"


def check_kind_structure(
    descriptor: dict[str, Any], tables: dict[str, pd.DataFrame], package: str, files: dict[str, str],
    where: str,
) -> list[Issue]:
    """Required resources and fields of the package's kind."""
    kind = KINDS.get((descriptor.get("tdh") or {}).get("kind"))
    if kind is None:
        return []
    issues = []
    for resource, fields in kind.required.items():
        if resource not in tables:
            issues.append(make_issue("kind-resource-missing", ERROR, package, path=where,
                                     value=resource, kind=kind.name))
            continue
        for name in fields:
            if name not in tables[resource].columns:
                issues.append(make_issue("kind-field-missing", ERROR, package,
                                         path=files.get(resource, where), resource=resource,
                                         value=name, kind=kind.name))
    if kind.name == "green-budget" and "budget" in tables:
        columns = tables["budget"].columns
        if "BGT_MTPREV" not in columns and "BGT_MTREAL" not in columns:
            issues.append(make_issue("kind-field-missing", ERROR, package,
                                     path=files.get("budget", where), resource="budget",
                                     value="BGT_MTPREV / BGT_MTREAL", kind=kind.name))
    return issues


def check_kind_codes(
    descriptor: dict[str, Any], tables: dict[str, pd.DataFrame], package: str, files: dict[str, str]
) -> list[Issue]:
    """Cells whose value must be one of the kind's codes (axes, ratings, directions)."""
    kind = KINDS.get((descriptor.get("tdh") or {}).get("kind"))
    if kind is None:
        return []
    issues = []
    for (resource, field), allowed in kind.codes.items():
        table = tables.get(resource)
        if table is None or field not in table.columns:
            continue
        bad = table[table[field].notna() & ~table[field].isin(allowed)]
        for row, value in zip(bad["_row"], bad[field]):
            issues.append(make_issue("unknown-code", ERROR, package, path=files.get(resource),
                                     resource=resource, row=int(row), field=field, value=value,
                                     allowed=", ".join(allowed)))
    return issues


def check_kind_numbers(
    descriptor: dict[str, Any], tables: dict[str, pd.DataFrame], package: str, files: dict[str, str]
) -> list[Issue]:
    """Numbers a kind computes with: finite (no INF) and within ±10^15 (sums stay exact)."""
    kind = KINDS.get((descriptor.get("tdh") or {}).get("kind"))
    if kind is None:
        return []
    issues = []
    for resource in descriptor.get("resources", []):
        table = tables.get(resource.get("name")) if isinstance(resource, dict) else None
        schema = resource.get("schema") if table is not None else None
        if not isinstance(schema, dict):
            continue
        for field in schema.get("fields", []):
            if not isinstance(field, dict) or field.get("type") not in ("number", "integer"):
                continue
            name = field.get("name")
            if name not in table.columns:
                continue
            numbers = pd.to_numeric(table[name], errors="coerce").astype("float64")
            for index in numbers.index[numbers.abs() > MAX_KIND_NUMBER]:
                value = table.at[index, name]
                infinite = numbers[index] in (float("inf"), float("-inf")) and not isinstance(
                    value, int)
                issues.append(make_issue(
                    "number-not-finite" if infinite else "number-too-large", ERROR, package,
                    path=files.get(resource["name"]), resource=resource["name"],
                    row=int(table.at[index, "_row"]), field=name, value=value, kind=kind.name,
                    limit="10^15"))
    return issues


def check_green_budget(
    descriptor: dict[str, Any], tables: dict[str, pd.DataFrame], package: str, files: dict[str, str]
) -> list[Issue]:
    """Reconciliation of ratings with budget lines: weights, unrated and unknown lines."""
    if (descriptor.get("tdh") or {}).get("kind") != "green-budget":
        return []
    from generator.compute.green_budget import reconcile_green_budget
    from generator.render.text import format_number

    issues = []
    frames = {k: v.drop(columns="_row") for k, v in tables.items()}
    for finding in reconcile_green_budget(frames):
        code = finding["code"]
        on_budget = code in ("unrated-line", "rated-total-mismatch", "missing-amount")
        resource = "budget" if on_budget else "ratings"
        if code == "rated-total-mismatch" and finding.get("axis") != "attenuation":
            continue  # other axes may be rated on part of the budget: shown as coverage
        line_ids = ", ".join(map(str, finding.get("line_ids") or []))
        figures = {k: format_number(finding[k], "fr", 2) for k in ("total", "rated", "amount")
                   if finding.get(k) is not None}
        issues.append(make_issue(
            code, ERROR, package, path=files.get(resource), resource=resource,
            field="line_id", value=finding.get("amount", line_ids) if code == "unrated-line"
            else line_ids, line_id=line_ids, line_ids=line_ids or "-",
            axis=finding.get("axis") or "", year=finding.get("year") or "", **figures,
        ))
    return issues


def check_formula_cells(
    tables: dict[str, pd.DataFrame], package: str, files: dict[str, str]
) -> list[Issue]:
    """Warn about text cells a spreadsheet would run as a formula."""
    issues = []
    for resource, table in tables.items():
        for field in table.columns:
            column = table[field]
            if field == "_row" or not pd.api.types.is_string_dtype(column):
                continue  # only text cells: typed numbers and dates are never formulas
            if isinstance(column.dtype, pd.StringDtype) and not column.str.startswith(
                    FORMULA_CHARS).any():
                continue  # the common case, answered by one vectorised pass
            text = column.dropna().astype(str)
            candidates = text[text.str[:1].isin(FORMULA_CHARS)]
            risky = candidates[~candidates.str.match(NUMERIC)]
            for index, value in risky.items():
                issues.append(make_issue("formula-cell", WARNING, package,
                                         path=files.get(resource), resource=resource,
                                         row=int(table.at[index, "_row"]), field=field,
                                         value=value, char=value[0]))
    return issues


def check_flagged_values(
    tables: dict[str, pd.DataFrame], package: str, files: dict[str, str]
) -> list[Issue]:
    """Warn about rows with neither a source nor an `is_estimate` flag."""
    issues = []
    for resource, table in tables.items():
        if "source" not in table.columns:
            continue
        no_source = table["source"].isna() | (table["source"].astype(str).str.strip() == "")
        if "is_estimate" in table.columns:
            no_source &= table["is_estimate"] != True  # noqa: E712
        unflagged = table[no_source]
        for row in unflagged["_row"]:
            issues.append(make_issue("unflagged-value", WARNING, package,
                                     path=files.get(resource), resource=resource, row=int(row),
                                     field="source"))
    return issues


def streamed_text_issues(text: dict[str, Any], package: str, files: dict[str, str]
                         ) -> list[Issue]:
    """The issues of `check_formula_cells` then `check_flagged_values`, from the fast engine's
    streamed findings (resource -> fast.textscan.TextFindings), in the same order."""
    issues = []
    for resource, found in text.items():
        for row, field, value in found.sorted_formulas():
            issues.append(make_issue("formula-cell", WARNING, package, path=files.get(resource),
                                     resource=resource, row=row, field=field, value=value,
                                     char=value[0]))
    for resource, found in text.items():
        for row in sorted(found.unflagged):
            issues.append(make_issue("unflagged-value", WARNING, package,
                                     path=files.get(resource), resource=resource, row=row,
                                     field="source"))
    return issues
