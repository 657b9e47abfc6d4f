"""Green budget (kind ``green-budget``): budget lines rated per environmental axis.

Inputs are the ``budget`` (SCDL fields plus ``line_id``) and ``ratings`` tables; column names
are matched case-insensitively (``BGT_ANNEE`` or ``bgt_annee``). The result is the
``api/green-budget.json`` object of DESIGN.md (shares are fractions, money in euros, nothing
rounded); ``reconcile_green_budget`` lists the data problems behind the figures.

Counted lines
  * text is compared after Unicode NFC, trimming, collapsing spaces and lower-casing, accents
    kept: ``BGT_CODRD`` must be ``dépense`` and ``BGT_OPBUDG`` ``réel``;
  * amount = ``BGT_MTREAL`` for ``compte administratif`` / ``compte financier unique``, else
    ``BGT_MTPREV``. When a year holds both executed accounts and voted budgets, only the
    executed lines count (summing a BP and the CA of one year would count it twice); the year's
    ``basis`` is ``executed`` or ``voted`` and ``documents`` lists the ``BGT_NATDEC`` used;
  * a line without an amount is not counted (reconciliation: ``missing-amount``);
  * ``line_id`` is the join key, compared as text (``12``, ``12.0`` and ``"12"`` match).

Ratings: axis and rating codes are slugged (accents dropped, spaces and ``_`` become ``-``), so
``Très favorable`` = ``tres-favorable``; unknown codes are ignored (``unknown-category``); a
missing weight is 1. Weights are used as given (a line over 1 is only reported, not rescaled).

Per axis and section (``investissement``, ``fonctionnement``, ``total``; a line with another
section only counts in ``total``): ``ratings[r].eur`` = sum of amount x weight, every rating
present (0 when absent); the part of a counted line not rated on the axis (1 - sum of its
weights, or all of it without a rating) is counted as ``non-cote`` and also reported on its own
as ``unrated_eur``, so shares sum to 1 and ``coverage`` shows it. Shares divide by the section's
``total_eur``; a zero total gives null shares. Extra keys: ``green_eur``, ``brown_eur``,
``unrated_eur``. Axes shown: attenuation, plus every axis rated on a counted line that year, in
the fixed order of ``AXES``.

``legal_annex`` (loi 2023-1322 art. 191): counted ``investissement`` lines whose chapter is not
16 (the chapter is ``BGT_NATURE``, or ``BGT_CONTNAT`` when NATURE is blank; a code starting
with ``16`` is chapter 16 or one of its accounts). ``required_axes``: none before 2024,
attenuation in 2024, + biodiversite in 2025-2026, all six from 2027; the axes shown are exactly
those, with the same section figures (``investissement`` only). Also ``required``, ``lines``
and ``total_eur``. The 2024 restriction to a list of accounts is not applied.

Per year extras: ``basis``, ``documents``; ``lines``: every counted line (``line_id``,
``section``, ``nature``, ``fonction``, ``contnat``, ``label``, ``amount_eur``, ``legal_annex``
and ``ratings`` = {axis: [{rating, weight, rationale}]} in the fixed orders), by amount
descending then ``line_id``; ``change``: ``previous_year`` (year - 1 when present) and per
axis/section ``green_share_change_pp`` / ``brown_share_change_pp`` = 100 x difference, null
without a previous year, without that axis the previous year, or with a null share.

``reconcile_green_budget`` returns findings ``{code, year, line_ids, axis, detail}``:
``unknown-line`` (rating for a line_id absent from the budget), ``unknown-category`` (axis or
rating outside the lists), ``weights-not-one`` (a line and axis whose weights differ from 1 by
more than 1e-9), ``missing-amount``, ``unrated-line`` (counted line without an attenuation
rating) and ``rated-total-mismatch`` (per year and shown axis, rated euros differ from the
counted total by more than half a cent; ``line_ids`` = the lines not fully rated).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from generator.compute import coerce

AXES = ("attenuation", "adaptation", "eau", "economie-circulaire", "pollutions", "biodiversite")
RATINGS = ("tres-favorable", "plutot-favorable", "neutre", "defavorable", "indefini", "non-cote")
GREEN = ("tres-favorable", "plutot-favorable")
BROWN = ("defavorable",)
UNCOVERED = ("indefini", "non-cote")
UNRATED = "non-cote"
SECTIONS = ("investissement", "fonctionnement", "total")
INVESTMENT = "investissement"
EXECUTED = ("compte administratif", "compte financier unique")
EXPENSE, REAL = "dépense", "réel"
DEBT_CHAPTER = "16"
LEGAL_FIRST_YEAR = 2024
WEIGHT_TOLERANCE = 1e-9
MONEY_TOLERANCE_EUR = 0.005
BUDGET_FIELDS = {
    "line_id": "LINE_ID", "year": "BGT_ANNEE", "natdec": "BGT_NATDEC", "section": "BGT_SECTION",
    "opbudg": "BGT_OPBUDG", "codrd": "BGT_CODRD", "nature": "BGT_NATURE",
    "fonction": "BGT_FONCTION", "contnat": "BGT_CONTNAT", "label": "BGT_CONTNAT_LABEL",
    "mtprev": "BGT_MTPREV", "mtreal": "BGT_MTREAL",
}
LINE_COLUMNS = ["row", "line_id", "year", "natdec", "section", "nature", "fonction", "contnat",
                "label", "amount", "executed", "counted", "candidate", "chapter16"]


# ---------------------------------------------------------------- coercion helpers
# shared ones are in generator.compute.coerce; these are only used here.


def _ratio(part: float, total: float) -> float | None:
    """part / total, None when the total is zero."""
    return coerce.number(part / total) if total else None


def _column(df: pd.DataFrame, name: str) -> pd.Series:
    """A column matched case-insensitively, or an all-missing column."""
    matches = {str(c).strip().upper(): c for c in df.columns}
    key = matches.get(name.upper())
    return df[key] if key is not None else pd.Series(pd.NA, index=df.index, dtype="object")


def _distinct(series: pd.Series, transform: Callable[[pd.Series], pd.Series]) -> pd.Series:
    """Apply a text transform to the distinct values only (columns repeat a few codes)."""
    codes, uniques = pd.factorize(series.astype("string"), use_na_sentinel=True)
    done = transform(pd.Series(uniques, dtype="string")).array
    return pd.Series(done.take(codes, allow_fill=True), index=series.index, dtype="string")


def _codes(series: pd.Series) -> pd.Series:
    """Codes as trimmed text; integral numbers lose their ``.0`` (16.0 -> '16')."""
    if pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
        num = coerce.numbers(series)
        if (num.dropna() % 1 == 0).all():
            return num.astype("Int64").astype("string")
        return num.astype("string")
    return _distinct(series, _clean_code)


def _clean_code(text: pd.Series) -> pd.Series:
    """Trimmed code text, ``12.0`` as ``12``, blank as missing."""
    text = text.str.strip().str.replace(r"^(-?\d+)\.0+$", r"\1", regex=True)
    return text.mask(text == "")


def _norm(series: pd.Series) -> pd.Series:
    """Text for comparisons: NFC, trimmed, single spaces, lower case (accents kept)."""
    return _distinct(series, lambda text: text.str.normalize("NFC").str.strip().str.lower()
                     .str.replace(r"\s+", " ", regex=True))


def _slug(series: pd.Series) -> pd.Series:
    """Category codes: accents dropped, lower case, spaces and underscores as hyphens."""
    return _distinct(series, lambda text: text.str.normalize("NFKD")
                     .str.replace(r"[\u0300-\u036f]", "", regex=True).str.strip().str.lower()
                     .str.replace(r"[\s_]+", "-", regex=True))


def _text_or_none(value: Any) -> str | None:
    """A cell as text, None when missing."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    return str(value)


# ---------------------------------------------------------------- inputs


def _prepare_budget(df: pd.DataFrame | None) -> pd.DataFrame:
    """One row per budget line with normalised fields, its amount and whether it counts."""
    df = pd.DataFrame() if df is None else df.reset_index(drop=True)
    raw = {key: _column(df, name) for key, name in BUDGET_FIELDS.items()}
    out = pd.DataFrame({
        "row": np.arange(len(df)),
        "line_id": _codes(raw["line_id"]),
        "year": coerce.years(raw["year"]),
        "natdec": _norm(raw["natdec"]),
        "section": _norm(raw["section"]),
        "nature": _codes(raw["nature"]),
        "fonction": _codes(raw["fonction"]),
        "contnat": _codes(raw["contnat"]),
        "label": raw["label"].astype("string").str.strip(),
    })
    out["executed"] = out["natdec"].isin(EXECUTED).astype(bool)
    out["amount"] = coerce.numbers(raw["mtreal"]).where(out["executed"],
                                                        coerce.numbers(raw["mtprev"]))
    expense = (_norm(raw["codrd"]) == EXPENSE) & (_norm(raw["opbudg"]) == REAL)
    out = out[out["year"].notna()].copy()
    out["year"] = out["year"].astype(int)
    out["candidate"] = expense[out.index].fillna(False).astype(bool)
    out["candidate"] = out["candidate"] & _chosen_document(out)
    out["counted"] = out["candidate"] & out["amount"].notna()
    chapter = out["nature"].fillna(out["contnat"]).fillna("")
    out["chapter16"] = chapter.str.startswith(DEBT_CHAPTER).astype(bool)
    return out[LINE_COLUMNS].reset_index(drop=True)


def _chosen_document(lines: pd.DataFrame) -> pd.Series:
    """Mask of lines from the year's chosen document: executed accounts win over budgets."""
    executed = lines["executed"] & lines["candidate"]
    year_has_executed = executed.groupby(lines["year"]).transform("any").astype(bool)
    return lines["executed"] | ~year_has_executed


def _prepare_ratings(df: pd.DataFrame | None) -> pd.DataFrame:
    """Ratings with slugged axis/rating, float weight (1 when missing) and ``known`` flag."""
    columns = ["line_id", "axis", "rating", "weight", "rationale", "known"]
    df = pd.DataFrame() if df is None else df.reset_index(drop=True)
    out = pd.DataFrame({
        "line_id": _codes(_column(df, "line_id")),
        "axis": _slug(_column(df, "axis")),
        "rating": _slug(_column(df, "rating")),
        "weight": coerce.numbers(_column(df, "weight")).fillna(1.0),
        "rationale": _column(df, "rationale").astype("string"),
    })
    out["known"] = (out["axis"].isin(AXES) & out["rating"].isin(RATINGS)).astype(bool)
    return out[columns]


def _rated(lines: pd.DataFrame, ratings: pd.DataFrame) -> pd.DataFrame:
    """Known ratings joined to counted lines, with ``eur`` = amount x weight."""
    # merge would pair missing keys with each other
    known = ratings[ratings["known"] & ratings["line_id"].notna()].drop(columns="known")
    keys = lines.loc[lines["counted"] & lines["line_id"].notna(),
                     ["row", "line_id", "year", "section", "amount"]]
    rated = known.merge(keys, on="line_id", how="inner")
    rated["eur"] = rated["amount"] * rated["weight"]
    return rated


def _inputs(tables: dict[str, pd.DataFrame]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Prepared budget and ratings tables."""
    tables = tables or {}
    return _prepare_budget(tables.get("budget")), _prepare_ratings(tables.get("ratings"))


# ---------------------------------------------------------------- figures


def required_axes(year: int) -> list[str]:
    """Axes the legal annex requires for an exercice (DOMAIN.md section 1.4)."""
    if year < LEGAL_FIRST_YEAR:
        return []
    if year == LEGAL_FIRST_YEAR:
        return ["attenuation"]
    if year <= 2026:
        return ["attenuation", "biodiversite"]
    return list(AXES)


def _section(name: str, lines: pd.DataFrame, rated: pd.DataFrame,
             unrated: pd.Series) -> dict[str, Any]:
    """Figures of one axis on one section (lines, rated rows and unrated amounts pre-filtered)."""
    total = float(lines["amount"].sum())
    eur = rated.groupby("rating")["eur"].sum().reindex(RATINGS, fill_value=0.0).astype(float)
    unrated_eur = float(unrated.sum())
    eur[UNRATED] += unrated_eur
    green, brown = float(eur[list(GREEN)].sum()), float(eur[list(BROWN)].sum())
    uncovered = _ratio(float(eur[list(UNCOVERED)].sum()), total)
    return {
        "section": name,
        "total_eur": total,
        "ratings": {r: {"eur": float(eur[r]), "share": _ratio(float(eur[r]), total)}
                    for r in RATINGS},
        "green_share": _ratio(green, total),
        "brown_share": _ratio(brown, total),
        "coverage": None if uncovered is None else 1 - uncovered,
        "green_eur": green,
        "brown_eur": brown,
        "unrated_eur": unrated_eur,
    }


def _axis(axis: str, lines: pd.DataFrame, rated: pd.DataFrame,
          sections: tuple[str, ...]) -> dict[str, Any]:
    """Section figures of one axis for a set of counted lines."""
    on_axis = rated[(rated["axis"] == axis) & rated["row"].isin(lines["row"])]
    weights = on_axis.groupby("row")["weight"].sum()
    rated_part = lines["row"].map(weights).fillna(0.0).astype(float)
    unrated = lines["amount"] * (1.0 - rated_part).clip(lower=0.0)
    result = []
    for name in sections:
        in_lines = lines["section"] == name if name != "total" else lines["amount"].notna()
        in_rated = on_axis["section"] == name if name != "total" else on_axis["eur"].notna()
        result.append(_section(name, lines[in_lines], on_axis[in_rated], unrated[in_lines]))
    return {"axis": axis, "sections": result}


def _shown_axes(rated: pd.DataFrame) -> list[str]:
    """Attenuation plus every axis rated that year, in the fixed order."""
    present = set(rated["axis"])
    return [a for a in AXES if a == "attenuation" or a in present]


def _legal_annex(year: int, lines: pd.DataFrame, rated: pd.DataFrame) -> dict[str, Any]:
    """The legal annex view: investment lines outside chapter 16, on the required axes."""
    annex = lines[(lines["section"] == INVESTMENT) & ~lines["chapter16"]]
    axes = required_axes(year)
    return {
        "required": year >= LEGAL_FIRST_YEAR,
        "required_axes": axes,
        "lines": int(len(annex)),
        "total_eur": float(annex["amount"].sum()),
        "axes": [_axis(a, annex, rated, (INVESTMENT,)) for a in axes],
    }


def _tuples(frame: pd.DataFrame, columns: list[str]) -> zip:
    """Rows as tuples of plain Python values (missing text as None)."""
    return zip(*(frame[c].astype(object).where(frame[c].notna(), None).tolist()
                 for c in columns))


def _line_records(lines: pd.DataFrame, rated: pd.DataFrame) -> list[dict[str, Any]]:
    """Every counted line with its ratings per axis, by amount descending then line_id."""
    order = rated.assign(
        _axis=rated["axis"].map({a: i for i, a in enumerate(AXES)}),
        _rating=rated["rating"].map({r: i for i, r in enumerate(RATINGS)}),
    ).sort_values(["row", "_axis", "_rating"], kind="stable")
    by_row: dict[int, dict[str, list[dict[str, Any]]]] = {}
    # building the nested JSON is inherently one step per rating row
    for row, axis, rating, weight, rationale in _tuples(
            order, ["row", "axis", "rating", "weight", "rationale"]):
        by_row.setdefault(int(row), {}).setdefault(axis, []).append(
            {"rating": rating, "weight": float(weight), "rationale": _text_or_none(rationale)})
    ordered = lines.assign(_id=lines["line_id"].fillna("")).sort_values(
        ["amount", "_id"], ascending=[False, True], kind="stable")
    fields = ["row", "line_id", "section", "nature", "fonction", "contnat", "label", "amount",
              "chapter16"]
    return [
        {"line_id": _text_or_none(line_id), "section": _text_or_none(section),
         "nature": _text_or_none(nature), "fonction": _text_or_none(fonction),
         "contnat": _text_or_none(contnat), "label": _text_or_none(label),
         "amount_eur": float(amount),
         "legal_annex": bool(section == INVESTMENT and not chapter16),
         "ratings": by_row.get(int(row), {})}
        for row, line_id, section, nature, fonction, contnat, label, amount, chapter16
        in _tuples(ordered, fields)
    ]


def _year(year: int, budget: pd.DataFrame, rated: pd.DataFrame) -> dict[str, Any]:
    """Every figure of one budget year."""
    lines = budget[(budget["year"] == year) & budget["counted"]]
    rated = rated[rated["year"] == year]
    executed = bool(lines["executed"].any())
    return {
        "year": year,
        "basis": None if lines.empty else ("executed" if executed else "voted"),
        "documents": sorted(str(d) for d in lines["natdec"].dropna().unique()),
        "axes": [_axis(a, lines, rated, SECTIONS) for a in _shown_axes(rated)],
        "legal_annex": _legal_annex(year, lines, rated),
        "lines": _line_records(lines, rated),
    }


def _shares(year: dict[str, Any]) -> dict[tuple[str, str], tuple[Any, Any]]:
    """(axis, section) -> (green_share, brown_share) of a computed year."""
    return {(a["axis"], s["section"]): (s["green_share"], s["brown_share"])
            for a in year["axes"] for s in a["sections"]}


def _pp(now: float | None, before: float | None) -> float | None:
    """Difference of two shares in percentage points."""
    return None if now is None or before is None else (now - before) * 100


def _change(year: dict[str, Any], previous: dict[str, Any] | None) -> dict[str, Any]:
    """Year-on-year change of green and brown shares, per axis and section."""
    before = _shares(previous) if previous else {}
    axes = []
    for axis in year["axes"]:
        sections = []
        for s in axis["sections"]:
            green, brown = before.get((axis["axis"], s["section"]), (None, None))
            sections.append({"section": s["section"],
                             "green_share_change_pp": _pp(s["green_share"], green),
                             "brown_share_change_pp": _pp(s["brown_share"], brown)})
        axes.append({"axis": axis["axis"], "sections": sections})
    return {"previous_year": previous["year"] if previous else None, "axes": axes}


def compute_green_budget(tables: dict[str, pd.DataFrame], config: dict) -> dict:
    """Compute the ``api/green-budget.json`` object from the budget and ratings tables."""
    budget, ratings = _inputs(tables)
    rated = _rated(budget, ratings)
    years = [_year(int(y), budget, rated) for y in sorted(budget["year"].unique())]
    by_year = {y["year"]: y for y in years}
    for year in years:
        year["change"] = _change(year, by_year.get(year["year"] - 1))
    return {"years": years}


# ---------------------------------------------------------------- reconciliation


def _finding(code: str, line_ids: list[str], detail: str, axis: str | None = None,
             year: int | None = None, **figures: float) -> dict[str, Any]:
    """One reconciliation finding (`figures` carry the numbers behind `detail`)."""
    return {"code": code, "year": year, "line_ids": line_ids, "axis": axis, "detail": detail,
            **figures}


def _unknown_lines(budget: pd.DataFrame, ratings: pd.DataFrame) -> list[dict[str, Any]]:
    """Ratings whose line_id is not in the budget."""
    unknown = ratings.loc[~ratings["line_id"].isin(budget["line_id"].dropna()), "line_id"]
    return [_finding("unknown-line", [i] if i else [],
                     "rating refers to a line_id absent from the budget")
            for i in sorted(unknown.fillna("").unique())]


def _unknown_categories(ratings: pd.DataFrame) -> list[dict[str, Any]]:
    """Ratings with an axis or rating outside the fixed lists."""
    bad = ratings[~ratings["known"]].fillna({"axis": "", "rating": ""})
    pairs = bad[["line_id", "axis", "rating"]].drop_duplicates().itertuples(index=False)
    return [_finding("unknown-category", [_text_or_none(i) or ""],
                     f"unknown axis or rating: {axis!r} / {rating!r}", axis=axis or None)
            for i, axis, rating in sorted(pairs, key=lambda t: tuple(str(v) for v in t))]


def _line_years(budget: pd.DataFrame) -> dict[str, int]:
    """line_id -> fiscal year."""
    return dict(zip(budget["line_id"].dropna(), budget.loc[budget["line_id"].notna(), "year"]))


def _weights_not_one(budget: pd.DataFrame, ratings: pd.DataFrame) -> list[dict[str, Any]]:
    """Line and axis whose weights do not sum to 1."""
    known = ratings[ratings["axis"].isin(AXES) & ratings["line_id"].notna()]
    sums = known.groupby(["line_id", "axis"])["weight"].sum()
    off = sums[(sums - 1).abs() > WEIGHT_TOLERANCE]
    years = _line_years(budget)
    return [_finding("weights-not-one", [line_id], f"weights sum to {total!r}, not 1",
                     axis=axis, year=_int_or_none(years.get(line_id)), total=float(total))
            for (line_id, axis), total in off.items()]


def _int_or_none(value: Any) -> int | None:
    """An int, or None."""
    return None if value is None else int(value)


def _missing_amounts(budget: pd.DataFrame) -> list[dict[str, Any]]:
    """Expense lines of the chosen document without the amount the rule picks."""
    missing = budget[budget["candidate"] & budget["amount"].isna()]
    return [_finding("missing-amount", [_text_or_none(i) or ""],
                     "no BGT_MTREAL (executed accounts) or BGT_MTPREV (budget) amount",
                     year=int(y))
            for i, y in missing[["line_id", "year"]].itertuples(index=False)]


def _unrated_lines(budget: pd.DataFrame, rated: pd.DataFrame) -> list[dict[str, Any]]:
    """Counted lines without a rating on attenuation."""
    on_attenuation = rated.loc[rated["axis"] == "attenuation", "row"]
    lines = budget[budget["counted"] & ~budget["row"].isin(on_attenuation)]
    return [_finding("unrated-line", [_text_or_none(i) or ""],
                     "counted line without a rating on attenuation", axis="attenuation",
                     year=int(y), amount=float(a))
            for i, y, a in lines[["line_id", "year", "amount"]].itertuples(index=False)]


def _total_mismatches(budget: pd.DataFrame, rated: pd.DataFrame) -> list[dict[str, Any]]:
    """Year and axis whose rated euros differ from the counted budget total."""
    findings = []
    counted = budget[budget["counted"]]
    for year in sorted(counted["year"].unique()):
        lines = counted[counted["year"] == year]
        rated_year = rated[rated["year"] == year]
        total = float(lines["amount"].sum())
        for axis in _shown_axes(rated_year):
            on_axis = rated_year[rated_year["axis"] == axis]
            rated_eur = float(on_axis["eur"].sum())
            if math.isclose(rated_eur, total, rel_tol=1e-9, abs_tol=MONEY_TOLERANCE_EUR):
                continue
            weights = lines["row"].map(on_axis.groupby("row")["weight"].sum()).fillna(0.0)
            off = lines.loc[(weights - 1).abs() > WEIGHT_TOLERANCE, "line_id"]
            findings.append(_finding(
                "rated-total-mismatch", sorted(off.fillna("").astype(str)),
                f"rated {rated_eur!r} EUR vs counted budget {total!r} EUR", axis=axis,
                year=int(year), rated=rated_eur, total=total))
    return findings


def reconcile_green_budget(tables: dict[str, pd.DataFrame]) -> list[dict]:
    """Data problems behind the green-budget figures, as findings (never raises on bad data)."""
    budget, ratings = _inputs(tables)
    rated = _rated(budget, ratings)
    return (_unknown_lines(budget, ratings) + _unknown_categories(ratings)
            + _weights_not_one(budget, ratings) + _missing_amounts(budget)
            + _unrated_lines(budget, rated) + _total_mismatches(budget, rated))
