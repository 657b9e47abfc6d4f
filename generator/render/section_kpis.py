"""Indicator section: `indicateurs/` (tiles by theme) and one page per indicator."""

from __future__ import annotations

from typing import Any

from generator.cache import cached
from generator.compute.kpis import DEFAULT_THRESHOLDS
from generator.render import page_path, render_template
from generator.render.metadata import demo_notice
from generator.render.section_common import (
    cell,
    flag,
    heading,
    meta_text,
    number,
    share,
    slugify,
    unique_slugs,
    with_unit,
)
from generator.render.section_kpis_charts import history_chart, sparkline
from generator.render.section_kpis_text import (
    STATUS_ORDER,
    STATUS_STYLE,
    THEMES,
    explain,
    s,
    status_rule,
    strings,
    theme_label,
)
from generator.render.sections import SectionContext, SectionOutput
from generator.write import SiteFile

SECTION = "indicateurs"


def render(result: Any, context: SectionContext) -> SectionOutput:
    """Index page, indicator pages, chart files and headlines, in every language."""
    indicators = list(result.data.get("indicators") or [])
    slugs = unique_slugs(ind["kpi_id"] for ind in indicators)
    tdh = context.descriptor.get("tdh") or {}
    thresholds = {**DEFAULT_THRESHOLDS, **(tdh.get("thresholds") or {})}
    flags = _estimates(context.tables)
    out = SectionOutput()
    for lang in context.langs:
        tiles = []
        for ind in indicators:
            slug = slugs[str(ind["kpi_id"])]
            info = _facts(ind, flags, lang)
            tiles.append({**info, "href": f"{slug}/index.md", "anchor": f"kpi-{slug}",
                          "sparkline": sparkline(ind, lang)})
            out.pages[page_path(f"{SECTION}/{slug}", lang)] = _cached_detail_page(
                ind, info, slug, thresholds, context, out.files, flags, lang)
        out.pages[page_path(SECTION, lang)] = render_template(
            "indicateurs.md.j2", lang, h=heading, m=meta_text, s=strings(lang),
            groups=_groups(tiles, lang), counts=_counts(result.data, lang), total=len(indicators),
            rule=status_rule(thresholds, lang), demo=demo_notice(context.descriptor, lang))
        out.headlines[lang] = _headlines(result.data, lang)
    return out


def _estimates(tables: dict[str, Any]) -> dict[str, Any]:
    """Estimate flags: per indicator, and per (indicator, period) observation."""
    kpis: dict[str, bool] = {}
    frame = tables.get("indicators")
    if frame is not None and {"kpi_id", "is_estimate"} <= set(frame.columns):
        for kpi_id, value in zip(frame["kpi_id"], frame["is_estimate"]):
            kpis[str(kpi_id)] = flag(cell({"v": value}, "v"))
    periods: dict[tuple[str, str], bool] = {}
    frame = tables.get("observations")
    if frame is not None and {"kpi_id", "period", "is_estimate"} <= set(frame.columns):
        for kpi_id, period, value in zip(frame["kpi_id"], frame["period"], frame["is_estimate"]):
            periods[(str(kpi_id), _period_key(period))] = flag(cell({"v": value}, "v"))
    return {"kpis": kpis, "periods": periods}


def _period_key(period: Any) -> str:
    """A period as text, as the computation labels it (integral years without decimals)."""
    if isinstance(period, float) and period.is_integer():
        period = int(period)
    if hasattr(period, "isoformat"):
        return period.isoformat()[:10]
    return str(period).strip()


def _facts(ind: dict[str, Any], flags: dict[str, Any], lang: str) -> dict[str, Any]:
    """What a tile and a page show of one indicator, formatted for `lang`."""
    unit = ind.get("unit")
    label = (ind.get("label_en") if lang == "en" else None) or ind.get("label") or ind["kpi_id"]
    kpi_id = str(ind["kpi_id"])
    latest_estimate = flags["periods"].get((kpi_id, _period_key(ind.get("latest_period"))))
    return {
        "kpi_id": kpi_id,
        "label": label,
        "status": ind["status"],
        "status_word": s(ind["status"], lang),
        "style": STATUS_STYLE.get(ind["status"], "note"),
        "latest": with_unit(number(ind.get("latest_value"), lang), unit, lang),
        "period": "" if ind.get("latest_period") is None else str(ind["latest_period"]),
        "latest_estimate": bool(latest_estimate),
        "target": with_unit(number(ind.get("target_value"), lang), unit, lang),
        "target_year": "" if ind.get("target_year") is None else str(ind["target_year"]),
        "baseline": with_unit(number(ind.get("baseline_value"), lang), unit, lang),
        "baseline_year": "" if ind.get("baseline_year") is None else str(ind["baseline_year"]),
        "progress": share(ind.get("progress"), lang),
        "expected": share(ind.get("expected"), lang),
        "ratio": number(ind.get("ratio"), lang, 2),
        "theme": ind.get("theme"),
        "estimate": flags["kpis"].get(kpi_id, False),
    }


def _groups(tiles: list[dict[str, Any]], lang: str) -> list[dict[str, Any]]:
    """Tiles grouped by theme: known themes first (in their usual order), then the others."""
    order = list(THEMES)
    themes = sorted({t["theme"] for t in tiles}, key=lambda th: (
        th is None, order.index(th) if th in order else len(order), str(th)))
    anchors = unique_slugs(f"theme-{slugify(th or 'autres')}" for th in themes)
    return [{"title": theme_label(th, lang),
             "anchor": anchors[f"theme-{slugify(th or 'autres')}"],
             "tiles": [t for t in tiles if t["theme"] == th]} for th in themes]


def _counts(data: dict[str, Any], lang: str) -> list[dict[str, Any]]:
    """Number of indicators per status, in the order of the rule."""
    counts = data.get("status_counts") or {}
    return [{"status": st, "word": s(st, lang), "style": STATUS_STYLE[st],
             "count": number(counts.get(st, 0), lang)} for st in STATUS_ORDER]


def _cached_detail_page(ind: dict[str, Any], info: dict[str, Any], slug: str,
                        thresholds: dict[str, float], context: SectionContext,
                        files: dict[str, SiteFile], flags: dict[str, Any], lang: str) -> str:
    """The page of one indicator, from the build cache when its own inputs are unchanged
    (an edit to one indicator's observations redraws only that indicator's page)."""
    kpi_id = info["kpi_id"]
    notes = _notes(context.tables, kpi_id)
    estimates = sorted((period, value) for (kpi, period), value in flags["periods"].items()
                       if kpi == kpi_id)
    demo = demo_notice(context.descriptor, lang)

    def make() -> tuple[str, dict[str, SiteFile]]:
        page_files: dict[str, SiteFile] = {}
        page = _detail_page(ind, info, slug, thresholds, page_files, notes, dict(estimates),
                            demo, lang)
        return page, page_files

    page, page_files = cached("kpi-page", (ind, info, slug, thresholds, notes, estimates, demo,
                                           lang), make)
    files.update(page_files)
    return page


def _detail_page(ind: dict[str, Any], info: dict[str, Any], slug: str,
                 thresholds: dict[str, float], files: dict[str, SiteFile],
                 notes: dict[str, str], estimates: dict[str, bool], demo: str, lang: str) -> str:
    """The page of one indicator (its chart files go into `files`)."""
    chart = history_chart(files, f"{SECTION}/{slug}", ind, info["label"], lang)
    observations = []
    for h in ind.get("history") or []:
        key = _period_key(h["period"])
        observations.append({
            "period": str(h["period"]),
            "value": with_unit(number(h["value"], lang), ind.get("unit"), lang),
            "estimate": estimates.get(key, False),
            "note": notes.get(key, ""),
        })
    estimated = [o["period"] for o in observations if o["estimate"]]
    return render_template(
        "indicateurs-detail.md.j2", lang, h=heading, m=meta_text, s=strings(lang), ind=info,
        chart=chart, figures=_figures(ind, info, lang), steps=explain(ind, thresholds, lang),
        observations=observations, source=ind.get("source") or "", owner=ind.get("owner") or "",
        estimated=s("estimate_periods", lang, periods=", ".join(estimated)) if estimated else "",
        demo=demo,
        summary=f"{info['label']} — {s('status', lang)} : {info['status_word']}"
        if lang == "fr" else f"{info['label']} — {s('status', lang)}: {info['status_word']}")


def _notes(tables: dict[str, Any], kpi_id: str) -> dict[str, str]:
    """Observation notes of one indicator by period."""
    frame = tables.get("observations")
    if frame is None or not {"kpi_id", "period", "note"} <= set(frame.columns):
        return {}
    rows = frame[frame["kpi_id"].astype(str) == kpi_id]
    return {_period_key(p): str(n) for p, n in zip(rows["period"], rows["note"])
            if cell({"v": n}, "v") is not None}


def _figures(ind: dict[str, Any], info: dict[str, Any], lang: str) -> list[tuple[str, str]]:
    """Key figures of the indicator page as (label, value) pairs."""
    latest = info["latest"] + (f" ({info['period']})" if info["period"] else "")
    if info["latest_estimate"]:
        latest += f", {s('estimate', lang)}"
    rows = [
        (s("latest", lang), latest),
        (s("baseline", lang), f"{info['baseline']} ({info['baseline_year'] or '—'})"),
        (s("target", lang), f"{info['target']} ({info['target_year'] or '—'})"),
        (s("direction", lang), s(ind["direction"], lang)
         if ind.get("direction") in ("increase", "decrease", "maintain") else "—"),
        (s("progress", lang), info["progress"]),
        (s("expected", lang), info["expected"]),
        (s("ratio", lang), info["ratio"]),
    ]
    if ind.get("direction") == "maintain":
        rows.append((s("tolerance", lang),
                     with_unit(number(ind.get("tolerance"), lang), ind.get("unit"), lang)))
    return rows


def _headlines(data: dict[str, Any], lang: str) -> list[dict[str, str]]:
    """Two home-page figures: indicators doing well, indicators lagging."""
    counts = data.get("status_counts") or {}
    total = len(data.get("indicators") or [])
    if not total:
        return []
    good = counts.get("achieved", 0) + counts.get("on-track", 0)
    late = counts.get("at-risk", 0) + counts.get("off-track", 0)
    return [
        {"value": f"{number(good, lang)} / {number(total, lang)}",
         "label": s("headline_ok", lang), "href": f"{SECTION}/"},
        {"value": f"{number(late, lang)} / {number(total, lang)}",
         "label": s("headline_late", lang), "href": f"{SECTION}/"},
    ]
