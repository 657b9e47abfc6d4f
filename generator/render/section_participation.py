"""Participation section: `participation/`, turnout and representation of each area."""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd

from generator.charts import Column, bar_layer, layered
from generator.charts.spec import INK
from generator.render import page_path, render_template
from generator.render.metadata import demo_notice
from generator.render.section_common import (
    cell,
    embed_spec,
    flag,
    heading,
    is_number,
    lookup_rows,
    meta_text,
    number,
    share,
    unique_slugs,
)
from generator.render.sections import SectionContext, SectionOutput
from generator.render.strings import phrase, phrases
from generator.write import SiteFile

SECTION = "participation"
STRINGS: dict[str, dict[str, str]] = {
    "title": {"fr": "Participation citoyenne", "en": "Citizen participation"},
    "description": {"fr": "Taux de participation et représentation de chaque quartier dans les "
                          "consultations.",
                    "en": "Turnout and representation of each area in the consultations."},
    "intro": {"fr": "Pour chaque consultation : combien d'habitants de chaque quartier ont "
                    "participé, et si chaque quartier pèse dans les réponses autant que dans la "
                    "population.",
              "en": "For each consultation: how many residents of each area took part, and "
                    "whether each area weighs as much in the answers as in the population."},
    "ratio_rule": {"fr": "Le ratio de représentation d'un quartier est sa part des participants "
                         "divisée par sa part de la population : 1 signifie une représentation "
                         "proportionnelle, au-dessus de 1 le quartier est sur-représenté, en "
                         "dessous il est sous-représenté.",
                   "en": "An area's representation ratio is its share of participants divided "
                         "by its share of the population: 1 means proportional representation, "
                         "above 1 the area is over-represented, below 1 under-represented."},
    "totals": {"fr": "{participants} participants pour {population} habitants : taux de "
                     "participation de {rate}.",
               "en": "{participants} participants out of {population} residents: a turnout of "
                     "{rate}."},
    "area": {"fr": "Quartier", "en": "Area"},
    "participants": {"fr": "Participants", "en": "Participants"},
    "population": {"fr": "Population", "en": "Population"},
    "rate": {"fr": "Taux de participation", "en": "Turnout"},
    "ratio": {"fr": "Ratio de représentation", "en": "Representation ratio"},
    "proportional": {"fr": "1 = représentation proportionnelle",
                     "en": "1 = proportional representation"},
    "chart_title": {"fr": "Représentation des quartiers", "en": "Representation of the areas"},
    "table_caption": {"fr": "Participation par quartier — {title}",
                      "en": "Participation by area — {title}"},
    "estimate": {"fr": "Chiffres estimés ou de démonstration.",
                 "en": "Estimated or demonstration figures."},
    "source": {"fr": "Source", "en": "Source"},
    "year": {"fr": "Année", "en": "Year"},
    "headline": {"fr": "de participation : {title}", "en": "turnout: {title}"},
}


def s(key: str, lang: str, **values: Any) -> str:
    """One string of the participation page."""
    return phrase(STRINGS, key, lang, **values)


def render(result: Any, context: SectionContext) -> SectionOutput:
    """The participation page and its charts, in every language."""
    consultations = list(result.data.get("consultations") or [])
    slugs = unique_slugs(c["consultation"] for c in consultations)
    info = lookup_rows(context.tables, "consultations", "consultation")
    out = SectionOutput()
    for lang in context.langs:
        items = [_consultation(c, info.get(str(c["consultation"])), slugs, out.files, lang)
                 for c in consultations]
        out.pages[page_path(SECTION, lang)] = render_template(
            "participation.md.j2", lang, h=heading, m=meta_text,
            s=phrases(STRINGS, lang),
            consultations=items, demo=demo_notice(context.descriptor, lang))
        out.headlines[lang] = _headlines(items, lang)
    return out


def _title(consultation: dict[str, Any], row: dict[str, Any] | None, lang: str) -> str:
    """The consultation's title in `lang` (French fallback, then its id)."""
    title = cell(row, "title_en") if lang == "en" else None
    return str(title or cell(row, "title") or consultation["consultation"])


def _consultation(c: dict[str, Any], row: dict[str, Any] | None, slugs: dict[str, str],
                  files: dict[str, SiteFile], lang: str) -> dict[str, Any]:
    """Everything shown for one consultation."""
    title = _title(c, row, lang)
    slug = slugs[str(c["consultation"])]
    areas = [{"area": str(a["area"]), "participants": number(a.get("participants"), lang),
              "population": number(a.get("population"), lang), "rate": share(a.get("rate"), lang),
              "ratio": number(a.get("representation_ratio"), lang, 2)}
             for a in c.get("areas") or []]
    year = cell(row, "year")
    return {"id": str(c["consultation"]), "anchor": f"consultation-{slug}", "title": title,
            "year": "" if year is None else str(year), "areas": areas,
            "rate_value": c.get("total_rate"),
            "totals": s("totals", lang, participants=number(c.get("total_participants"), lang),
                        population=number(c.get("population"), lang),
                        rate=share(c.get("total_rate"), lang)) if c.get("population") else "",
            "estimate": flag(cell(row, "is_estimate")),
            "source": str(cell(row, "source") or ""),
            "chart": _chart(files, slug, title, c, lang),
            "participants_value": c.get("total_participants") or 0}


def _chart(files: dict[str, SiteFile], slug: str, title: str, c: dict[str, Any],
           lang: str) -> str:
    """Horizontal bars of the representation ratio per area, with a rule at 1."""
    rows = [(str(a["area"]), a["representation_ratio"], a.get("rate"))
            for a in c.get("areas") or [] if is_number(a.get("representation_ratio"))]
    if not rows:
        return ""
    frame = pd.DataFrame([(area, ratio) for area, ratio, _ in rows], columns=["area", "ratio"])
    bars = bar_layer(frame, "area", "ratio", x_title=s("area", lang), y_title=s("ratio", lang),
                     horizontal=True, y_format=".2f")
    rule = alt.Chart(pd.DataFrame({"value": [1.0], "label": [s("proportional", lang)]}))
    line = rule.mark_rule(color=INK, strokeWidth=2).encode(
        x=alt.X("value", type="quantitative"),
        strokeDash=alt.StrokeDash("label", type="nominal", scale=alt.Scale(range=[[6, 4]]),
                                  legend=alt.Legend(title=None, symbolType="stroke", labelLimit=400,
                                                    symbolStrokeWidth=2, symbolSize=400)),
        tooltip=[alt.Tooltip("label", type="nominal", title=" ")])
    chart_title = s("chart_title", lang)
    description = (f"{chart_title} — {title} : " if lang == "fr" else
                   f"{chart_title} — {title}: ") + ", ".join(
        f"{area} {number(ratio, lang, 2)}" for area, ratio, _ in rows)
    spec = layered(bars, line, title=chart_title, description=description, lang=lang,
                   height=max(160, 36 * len(rows)))
    return embed_spec(files, SECTION, f"representation-{slug}", lang,
                      chart_id=f"participation-{slug}", spec=spec, description=description,
                      columns=[Column(s("area", lang), "text"),
                               Column(s("ratio", lang), "number", 2),
                               Column(s("rate", lang) + " (%)", "number", 1)],
                      rows=[(area, ratio, None if rate is None else rate * 100)
                            for area, ratio, rate in rows])


def _headlines(items: list[dict[str, Any]], lang: str) -> list[dict[str, str]]:
    """The turnout of the largest consultation."""
    ranked = [c for c in items if is_number(c["rate_value"])]
    if not ranked:
        return []
    top = max(ranked, key=lambda c: (c["participants_value"], c["id"]))
    return [{"value": share(top["rate_value"], lang), "label": s("headline", lang,
             title=top["title"]), "href": f"{SECTION}/#{top['anchor']}"}]
