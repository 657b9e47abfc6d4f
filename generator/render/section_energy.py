"""Energy section: `energie/` (portfolio, ranking, anomalies, data quality, method) and one page
per building."""

from __future__ import annotations

from typing import Any

from generator.render import page_path, render_template
from generator.render.metadata import demo_notice
from generator.render.section_common import (
    cell,
    flag,
    heading,
    is_number,
    meta_text,
    month_label,
    number,
    share,
    unique_slugs,
    with_unit,
)
from generator.render.section_energy_charts import (
    SECTION,
    gain_chart,
    monthly_chart,
    portfolio_chart,
    ranking_chart,
)
from generator.render.section_energy_text import (
    CORRECTIONS,
    ENERGIES,
    PROBLEMS,
    REASONS,
    RULES,
    SEVERITIES,
    USES,
    anomaly_figures,
    kwh,
    quality_detail,
    s,
    strings,
    word,
)
from generator.render.sections import SectionContext, SectionOutput


def render(result: Any, context: SectionContext) -> SectionOutput:
    """Index page, building pages, chart files and headlines, in every language."""
    data = result.data
    buildings = list(data.get("buildings") or [])
    slugs = unique_slugs(b["building_id"] for b in buildings)
    year = complete_year(buildings)
    out = SectionOutput()
    for lang in context.langs:
        demo = demo_notice(context.descriptor, lang)
        anomalies = [_anomaly_row(a, buildings, slugs, lang) for a in data.get("anomalies") or []]
        quality = [_quality_row(q, buildings, slugs, lang) for q in data.get("data_quality") or []]
        ranking = _ranking(buildings, year, slugs, anomalies, quality, lang)
        out.pages[page_path(SECTION, lang)] = render_template(
            "energie.md.j2", lang, h=heading, m=meta_text, s=strings(lang), demo=demo, year=year,
            summary=_summary(data.get("portfolio") or {}, buildings, year, lang),
            years=_portfolio_years(data.get("portfolio") or {}, buildings, lang),
            uses=_uses(data.get("portfolio") or {}, year, lang), ranking=ranking,
            anomalies=anomalies, quality=quality,
            method=_method(data.get("method") or {}, context.tables, lang),
            chart_portfolio=portfolio_chart(out.files, data.get("portfolio") or {}, lang),
            chart_ranking=ranking_chart(out.files, ranking, year, lang))
        for building in buildings:
            bid = building["building_id"]
            slug = slugs[str(bid)]
            own = [a for a in data.get("anomalies") or [] if a["building_id"] == bid]
            out.pages[page_path(f"{SECTION}/{slug}", lang)] = render_template(
                "energie-batiment.md.j2", lang, h=heading, m=meta_text, s=strings(lang), demo=demo,
                b=_facts(building, lang), years=_years(building, lang),
                anomalies=[r for r in anomalies if r["building_id"] == bid],
                quality=[r for r in quality if r["building_id"] == bid],
                model=_model(building.get("model") or {}, lang),
                chart_monthly=monthly_chart(out.files, slug, building, own, lang),
                chart_gain=gain_chart(out.files, slug, building, lang))
        out.headlines[lang] = _headlines(data, year, lang)
    return out


def complete_year(buildings: list[dict[str, Any]]) -> int | None:
    """The latest year in which every building with readings has all 12 months."""
    months: dict[int, list[int]] = {}
    for b in buildings:
        for y in b.get("years") or []:
            months.setdefault(int(y["year"]), []).append(int(y.get("months_with_data") or 0))
    complete = [year for year, counts in months.items() if min(counts) >= 12]
    return max(complete) if complete else (max(months) if months else None)


def _name(bid: Any, buildings: list[dict[str, Any]]) -> str:
    """Display name of a building id."""
    for b in buildings:
        if b["building_id"] == bid:
            return str(b.get("name") or bid)
    return str(bid)


def _year_of(building: dict[str, Any], year: int | None) -> dict[str, Any]:
    """One year's figures of a building ({} when absent)."""
    return next((y for y in building.get("years") or [] if y["year"] == year), {})


def _anomaly_row(a: dict[str, Any], buildings: list[dict[str, Any]], slugs: dict[str, str],
                 lang: str) -> dict[str, Any]:
    """One anomaly for the tables: building, period, rule and severity in words, evidence."""
    return {"building_id": a["building_id"], "name": _name(a["building_id"], buildings),
            "slug": slugs.get(str(a["building_id"]), ""), "period": str(a["period"]),
            "period_label": month_label(a["period"], lang), "rule": a["rule"],
            "rule_label": word(RULES, a["rule"], lang), "severity": a.get("severity"),
            "severity_label": word(SEVERITIES, a.get("severity"), lang),
            **anomaly_figures(a, lang)}


def _quality_row(q: dict[str, Any], buildings: list[dict[str, Any]], slugs: dict[str, str],
                 lang: str) -> dict[str, Any]:
    """One data-quality problem for the tables."""
    return {"building_id": q["building_id"], "name": _name(q["building_id"], buildings),
            "slug": slugs.get(str(q["building_id"]), ""), "period": str(q["period"]),
            "period_label": month_label(q["period"], lang), "problem": q["problem"],
            "problem_label": word(PROBLEMS, q["problem"], lang),
            "detail": quality_detail(q, lang)}


def _ranking(buildings: list[dict[str, Any]], year: int | None, slugs: dict[str, str],
             anomalies: list[dict[str, Any]], quality: list[dict[str, Any]],
             lang: str) -> list[dict[str, Any]]:
    """Buildings by kWh/m² of `year`, highest first; buildings without a value last."""
    rows = []
    for b in buildings:
        y = _year_of(b, year)
        if not y:
            continue
        bid = b["building_id"]
        rows.append({"building_id": bid, "name": str(b.get("name") or bid), "slug": slugs[str(bid)],
                     "kwh_per_m2": y.get("kwh_per_m2"), "m2": number(y.get("kwh_per_m2"), lang, 1),
                     "gain": share(y.get("gain"), lang),
                     "flags": sum(a["building_id"] == bid for a in anomalies),
                     "problems": sum(q["building_id"] == bid for q in quality)})
    rows.sort(key=lambda r: (not is_number(r["kwh_per_m2"]), -(r["kwh_per_m2"] or 0), r["name"]))
    for rank, row in enumerate(rows, 1):
        row["rank"] = rank if is_number(row["kwh_per_m2"]) else "—"
    return rows


def _area(buildings: list[dict[str, Any]], year: int | None) -> float:
    """Floor area of the buildings with readings in `year`."""
    return sum(float(b["floor_area_m2"]) for b in buildings
               if _year_of(b, year) and is_number(b.get("floor_area_m2")))


def _summary(portfolio: dict[str, Any], buildings: list[dict[str, Any]], year: int | None,
             lang: str) -> str:
    """The portfolio sentence for the latest complete year."""
    total = next((y for y in portfolio.get("years") or [] if y["year"] == year), None)
    if not total:
        return ""
    return s("summary_text", lang, year=year, n=total["buildings"], kwh=kwh(total["kwh"], lang),
             kg=kwh(total.get("kgco2e"), lang, "kgCO2e"))


def _portfolio_years(portfolio: dict[str, Any], buildings: list[dict[str, Any]],
                     lang: str) -> list[dict[str, str]]:
    """Totals per year for the table."""
    rows = []
    for y in portfolio.get("years") or []:
        area = _area(buildings, y["year"])
        rows.append({"year": str(y["year"]), "buildings": number(y["buildings"], lang),
                     "kwh": number(y["kwh"], lang, 0),
                     "corr": number(y.get("kwh_climate_corrected"), lang, 0),
                     "m2": number(y["kwh"] / area, lang, 1) if area else "—",
                     "kg": number(y.get("kgco2e"), lang, 0)
                     + ("" if y.get("kgco2e_complete", True) else " *")})
    return rows


def _uses(portfolio: dict[str, Any], year: int | None, lang: str) -> list[dict[str, str]]:
    """Totals by use for the latest complete year."""
    total = next((y for y in portfolio.get("years") or [] if y["year"] == year), None)
    if not total:
        return []
    return [{"use": word(USES, u.get("use"), lang), "buildings": number(u["buildings"], lang),
             "kwh": number(u["kwh"], lang, 0), "share": share(u["kwh"] / total["kwh"], lang)
             if total["kwh"] else "—", "kg": number(u.get("kgco2e"), lang, 0)}
            for u in total.get("by_use") or []]


def _method(method: dict[str, Any], tables: dict[str, Any], lang: str) -> dict[str, Any]:
    """Settings of the computation and the emission factors with their sources."""
    model = method.get("model") or {}
    normal = method.get("dju_normal") or {}
    rules = method.get("anomalies") or {}
    factors = []
    frame = tables.get("emission_factors")
    if frame is not None:
        for row in frame.to_dict("records"):
            factors.append({"energy": word(ENERGIES, cell(row, "energy"), lang),
                            "year": "" if cell(row, "year") is None else str(cell(row, "year")),
                            "factor": number(cell(row, "kgco2e_per_kwh"), lang),
                            "source": str(cell(row, "source") or ""),
                            "estimate": flag(cell(row, "is_estimate"))})
    return {"cv": share(model.get("cv_rmse_max"), lang, 0), "nmbe": share(model.get("nmbe_max"),
            lang, 0), "min_months": number(model.get("min_fit_months"), lang),
            "first": normal.get("first_year") or "—", "last": normal.get("last_year") or "—",
            "z_warn": number(rules.get("residual_warning_z"), lang),
            "z_alert": number(rules.get("residual_alert_z"), lang),
            "cusum": share(rules.get("cusum_drift"), lang, 0),
            "summer": number(rules.get("summer_dju"), lang),
            "summer_factor": number(rules.get("summer_base_factor"), lang),
            "yoy": share(rules.get("year_on_year"), lang, 0),
            "flat": number(rules.get("flat_line_min"), lang), "factors": factors}


def _facts(b: dict[str, Any], lang: str) -> dict[str, Any]:
    """Identity of a building for its page."""
    energy = word(ENERGIES, b.get("heating_energy"), lang)
    if b.get("heating_energy_inferred"):
        energy += f" ({s('inferred', lang)})"
    decret = b.get("decret_tertiaire")
    return {"id": str(b["building_id"]), "name": str(b.get("name") or b["building_id"]),
            "use": word(USES, b.get("use"), lang),
            "area": with_unit(number(b.get("floor_area_m2"), lang, 0), "m²", lang),
            "decret": "—" if decret is None else s("yes" if decret else "no", lang),
            "reference_year": str(b.get("reference_year") or "—"), "heating": energy}


def _years(b: dict[str, Any], lang: str) -> list[dict[str, str]]:
    """Yearly figures of a building for its table."""
    return [{"year": str(y["year"]), "kwh": number(y.get("kwh"), lang, 0),
             "m2": number(y.get("kwh_per_m2"), lang, 1), "kg": number(y.get("kgco2e"), lang, 0),
             "corr": number(y.get("kwh_climate_corrected"), lang, 0),
             "gain": share(y.get("gain"), lang), "expected": share(y.get("expected_gain"), lang),
             "months": number(y.get("months_with_data"), lang),
             "correction": word(CORRECTIONS, y.get("correction"), lang)}
            for y in b.get("years") or []]


def _model(m: dict[str, Any], lang: str) -> dict[str, str]:
    """Fit figures of the degree-day model."""
    accepted = s("yes" if m.get("accepted") else "no", lang)
    if m.get("reason"):
        accepted += f" ({word(REASONS, m['reason'], lang)})"
    return {"energy": word(ENERGIES, m.get("energy"), lang),
            "year": str(m.get("reference_year") or "—"), "a": number(m.get("a"), lang, 1),
            "b": number(m.get("b"), lang, 1), "months": number(m.get("months"), lang),
            "cv": share(m.get("cv_rmse"), lang, 1), "nmbe": share(m.get("nmbe"), lang, 2),
            "sigma": kwh(m.get("sigma"), lang), "accepted": accepted}


def _headlines(data: dict[str, Any], year: int | None, lang: str) -> list[dict[str, str]]:
    """Home-page figures: kWh of the latest complete year, number of anomaly flags."""
    total = next((y for y in (data.get("portfolio") or {}).get("years") or []
                  if y["year"] == year), None)
    items = []
    if total:
        items.append({"value": with_unit(number(total["kwh"] / 1e6, lang, 2), "GWh", lang),
                      "label": s("headline_kwh", lang, year=year), "href": f"{SECTION}/"})
    items.append({"value": number(len(data.get("anomalies") or []), lang),
                  "label": s("headline_flags", lang), "href": f"{SECTION}/#anomalies"})
    return items
