"""Parts of the climate-budget page: the status and its rule, shares, the measures table."""

from __future__ import annotations

from typing import Any

from generator.compute import coerce
from generator.render.section_common import (
    MISSING,
    euros,
    label,
    number,
    share,
    tonnes,
    yes_no,
)

ACTORS: dict[str, dict[str, str]] = {
    "menages": {"fr": "Ménages", "en": "Households"},
    "entreprises": {"fr": "Entreprises", "en": "Businesses"},
    "collectivites": {"fr": "Collectivités", "en": "Public bodies"},
}
LEADS: dict[str, dict[str, str]] = {
    "ville": {"fr": "Ville", "en": "City"},
    "gpso": {"fr": "GPSO (territoire)", "en": "GPSO (inter-municipal body)"},
    "etat": {"fr": "État", "en": "State"},
    "region": {"fr": "Région", "en": "Region"},
    "menages": {"fr": "Ménages", "en": "Households"},
    "entreprises": {"fr": "Entreprises", "en": "Businesses"},
}
MEASURE_STATUS: dict[str, dict[str, str]] = {
    "planned": {"fr": "prévue", "en": "planned"},
    "ongoing": {"fr": "en cours", "en": "ongoing"},
    "done": {"fr": "réalisée", "en": "done"},
}
BUDGET_SECTIONS: dict[str, dict[str, str]] = {
    "investissement": {"fr": "investissement", "en": "investment"},
    "fonctionnement": {"fr": "fonctionnement", "en": "operating"},
}
REDUCTION_KEYS = ("est_reduction_tco2e", "estimated_reduction_tco2e", "reduction_tco2e")


def signed_tonnes(value: Any, lang: str) -> str:
    """Tonnes with an explicit sign: +2 487, −1 206."""
    if value is None:
        return MISSING
    text = tonnes(abs(value), lang)
    return ("+" if round(value) > 0 else "−" if round(value) < 0 else "") + text


def status_view(data: dict[str, Any], words: dict[str, dict[str, str]],
                lang: str) -> dict[str, Any]:
    """The status in words and every value of its rule, formatted."""
    detail = data.get("status_detail") or {}
    rule = data.get("status_rule") or {}
    path = rule.get("reference_path") or {}
    ok = {k: detail.get(k) for k in ("annual_ok", "near_limit", "cumulative_ok", "pace_ok")}
    return {
        "code": data.get("status") or "no-data",
        "word": label(words, data.get("status") or "no-data", lang),
        "words": {code: label(words, code, lang) for code in words},
        "limit": tonnes(detail.get("limit_tco2e"), lang),
        "limit_basis": detail.get("limit_basis"),
        "gap": signed_tonnes(detail.get("gap_tco2e"), lang),
        "tolerance": share(rule.get("at_risk_tolerance"), lang, 0),
        "path_from": path.get("from_year"),
        "path_to": path.get("to_year"),
        "cumulative_actual": tonnes(detail.get("cumulative_actual_tco2e"), lang),
        "cumulative_path": tonnes(detail.get("cumulative_path_tco2e"), lang),
        "voted_rate": share(detail.get("voted_rate"), lang, 1),
        "voted_year": detail.get("voted_rate_year"),
        "required_rate": share(detail.get("required_rate"), lang, 2),
        **{key: yes_no(value, lang) for key, value in ok.items()},
        "known": {key: value is not None for key, value in ok.items()},
    }


def _share_rows(values: dict[str, float], shares: dict[str, float | None],
                labels: dict[str, dict[str, str]], lang: str) -> list[dict[str, str]]:
    """Rows (label, tonnes, share), largest first."""
    order = sorted(values, key=lambda k: (-values[k], k))
    return [{"label": label(labels, k, lang), "tco2e": tonnes(values[k], lang),
             "share": share(shares.get(k), lang)} for k in order]


def shares_view(latest: dict[str, Any] | None, sectors: dict[str, dict[str, str]],
                lang: str) -> dict[str, Any] | None:
    """Shares by sector and, when given, by actor, of the latest year."""
    if latest is None:
        return None
    actors = latest.get("actors")
    actor_sum = sum((latest.get("actor_shares") or {}).values() or [0]) if actors else None
    return {
        "year": latest["year"],
        "sectors": _share_rows(latest["sectors"], latest.get("sector_shares") or {}, sectors,
                               lang),
        "actors": _share_rows(actors, latest.get("actor_shares") or {}, ACTORS, lang)
        if actors else [],
        "actors_partial": actor_sum is not None and actor_sum < 0.999,
        "actors_total": share(actor_sum, lang),
    }


def _title(item: dict[str, Any], lang: str) -> str:
    """The measure's title in `lang` (`title_en` in English when present)."""
    if lang == "en" and item.get("title_en"):
        return str(item["title_en"])
    return str(item.get("title") or item.get("measure_id") or "")


def _measure_row(item: dict[str, Any], sectors: dict[str, dict[str, str]],
                 lang: str) -> dict[str, Any]:
    """One measure, formatted."""
    reduction = next((item[k] for k in REDUCTION_KEYS if k in item), None)
    start = coerce.number(item.get("start_year"))
    return {
        "id": str(item.get("measure_id") or ""),
        "title": _title(item, lang),
        "sector": label(sectors, item.get("sector"), lang) if item.get("sector") else MISSING,
        "lead": label(LEADS, item.get("lead_actor"), lang) if item.get("lead_actor")
        else MISSING,
        "status": label(MEASURE_STATUS, item.get("status"), lang) if item.get("status")
        else MISSING,
        "start": str(int(start)) if start is not None else MISSING,
        "reduction": tonnes(coerce.number(reduction), lang),
        "cost": euros(coerce.number(item.get("cost_eur")), lang),
        "section": label(BUDGET_SECTIONS, item.get("budget_section"), lang)
        if item.get("budget_section") else MISSING,
        "estimate": item.get("is_estimate") is True,
    }


def measures_view(measures: dict[str, Any] | None, sectors: dict[str, dict[str, str]],
                  lang: str) -> dict[str, Any] | None:
    """The Oslo-style measures table and its totals."""
    if not measures:
        return None
    rows = [_measure_row(item, sectors, lang) for item in measures.get("items") or []]
    return {
        "rows": rows,
        "count": number(measures.get("count", len(rows)), lang, 0),
        "total_reduction": tonnes(measures.get("total_reduction_tco2e"), lang),
        "total_cost": euros(measures.get("total_cost_eur"), lang),
        "any_estimate": any(r["estimate"] for r in rows),
    }


__all__ = ["measures_view", "shares_view", "signed_tonnes", "status_view"]
