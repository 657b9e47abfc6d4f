"""Green-budget charts: stacked horizontal bars of rating shares, dark green to brown."""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd

from generator.charts.figure import Chart, Column, build_chart
from generator.charts.spec import bar_layer, layered
from generator.render.strings import phrase

RATING_ORDER = ("tres-favorable", "plutot-favorable", "neutre", "defavorable", "indefini",
                "non-cote")
# Dark green -> beige -> brown (ColorBrewer BrBG, colour-blind safe), grey for "undetermined"
# and outlined white for "not rated"; the rating name is always in the legend, the tooltip
# and the tables, so colour never carries the meaning alone.
RATING_COLOURS = {
    "tres-favorable": "#01665E",
    "plutot-favorable": "#5AB4AC",
    "neutre": "#E6D5A8",
    "defavorable": "#8C510A",
    "indefini": "#969696",
    "non-cote": "#FFFFFF",
}
TEXT: dict[str, dict[str, str]] = {
    "share": {"fr": "Part des dépenses (%)", "en": "Share of expenditure (%)"},
    "eur": {"fr": "Montant (€)", "en": "Amount (€)"},
    "rating": {"fr": "Cotation", "en": "Rating"},
    "section": {"fr": "Section", "en": "Section"},
    "axis": {"fr": "Axe", "en": "Axis"},
    "attenuation_title": {"fr": "Atténuation : cotations {year}",
                          "en": "Mitigation: {year} ratings"},
    "attenuation_desc": {
        "fr": "Répartition des dépenses réelles {year} par cotation climat (atténuation), pour "
              "l'investissement, le fonctionnement et le total.",
        "en": "Split of the {year} real expenditure by climate rating (mitigation), for "
              "investment, operating and the total.",
    },
    "axes_title": {"fr": "Cotations {year} par axe", "en": "{year} ratings by axis"},
    "axes_desc": {
        "fr": "Répartition des dépenses réelles {year} (investissement et fonctionnement) par "
              "cotation, pour chaque axe environnemental coté.",
        "en": "Split of the {year} real expenditure (investment and operating) by rating, for "
              "each rated environmental axis.",
    },
}


def _text(key: str, lang: str, **values: Any) -> str:
    """A chart text in `lang`."""
    return phrase(TEXT, key, lang, **values)


def _frame(rows: list[tuple[str, str, str, float | None, float]],
           ratings: dict[str, dict[str, str]], lang: str) -> pd.DataFrame:
    """Category, rating code and label, share in %, euros."""
    data = [(category, ratings[code][lang], RATING_ORDER.index(code),
             0.0 if value is None else value * 100, eur)
            for category, _, code, value, eur in rows]
    return pd.DataFrame(data, columns=["category", "rating", "rank", "pct", "eur"])


def _spec(frame: pd.DataFrame, category_title: str, ratings: dict[str, dict[str, str]],
          lang: str, title: str, description: str) -> dict[str, Any]:
    """A stacked horizontal bar chart coloured by rating in the fixed order."""
    labels = [ratings[code][lang] for code in RATING_ORDER]
    bars = bar_layer(frame, "category", "pct", x_title=category_title,
                     y_title=_text("share", lang), color="rating",
                     color_title=_text("rating", lang), horizontal=True, x_type="nominal",
                     y_format=".1f")
    bars = bars.encode(
        color=alt.Color("rating", type="nominal", title=_text("rating", lang),
                        sort=labels, scale=alt.Scale(
                            domain=labels, range=[RATING_COLOURS[c] for c in RATING_ORDER]),
                        legend=alt.Legend(columns=2, symbolStrokeColor="#4D4D4D",
                                          symbolStrokeWidth=1)),
        order=alt.Order("rank", type="quantitative", sort="ascending"),
    )
    bars.mark = alt.MarkDef(type="bar", stroke="#4D4D4D", strokeWidth=0.5)
    height = max(120, 40 * int(frame["category"].nunique()))
    spec = layered(bars, title=title, description=description, lang=lang, height=height)
    spec["layer"][0]["encoding"]["x"]["scale"] = {"domain": [0, 100]}
    return spec


def _chart(chart_id: str, rows: list[tuple[str, str, str, float | None, float]],
           category_title: str, ratings: dict[str, dict[str, str]], lang: str, title: str,
           description: str) -> Chart:
    """Build one rating chart with its data table (category, rating, share, euros)."""
    frame = _frame(rows, ratings, lang)
    spec = _spec(frame, category_title, ratings, lang, title, description)
    table = [(category, ratings[code][lang], None if value is None else value * 100, eur)
             for category, _, code, value, eur in rows]
    return build_chart(
        chart_id, spec, lang=lang, description=description,
        table_columns=[Column(category_title, "text"), Column(_text("rating", lang), "text"),
                       Column(_text("share", lang), "number", 1),
                       Column(_text("eur", lang), "number", 0)],
        table_rows=table,
    )


def _rows(items: list[tuple[str, dict[str, Any]]]) -> list[tuple[str, str, str, Any, float]]:
    """(category label, key, rating, share, eur) of every rating of every category."""
    return [(name, section["section"], code, section["ratings"][code]["share"],
             section["ratings"][code]["eur"])
            for name, section in items for code in RATING_ORDER]


def attenuation_chart(year: dict[str, Any], sections: dict[str, dict[str, str]],
                      ratings: dict[str, dict[str, str]], lang: str) -> Chart | None:
    """Attenuation ratings for investment, operating and total of one year."""
    axis = next((a for a in year["axes"] if a["axis"] == "attenuation"), None)
    if axis is None or not any(s["total_eur"] for s in axis["sections"]):
        return None
    items = [(sections[s["section"]][lang], s) for s in axis["sections"]]
    return _chart(f"budget-vert-{year['year']}-attenuation", _rows(items),
                  _text("section", lang), ratings, lang,
                  _text("attenuation_title", lang, year=year["year"]),
                  _text("attenuation_desc", lang, year=year["year"]))


def axes_chart(year: dict[str, Any], axes: dict[str, dict[str, str]],
               ratings: dict[str, dict[str, str]], lang: str) -> Chart | None:
    """Total-section ratings of every axis shown for one year (None with a single axis)."""
    items = [(axes[a["axis"]][lang], s) for a in year["axes"] for s in a["sections"]
             if s["section"] == "total" and s["total_eur"]]
    if len(items) < 2:
        return None
    return _chart(f"budget-vert-{year['year']}-axes", _rows(items), _text("axis", lang),
                  ratings, lang, _text("axes_title", lang, year=year["year"]),
                  _text("axes_desc", lang, year=year["year"]))
