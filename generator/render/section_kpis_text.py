"""Wording of the indicator pages (fr, en): status words, themes and the status explanation."""

from __future__ import annotations

from typing import Any

from generator.render.section_common import number, share, with_unit
from generator.render.strings import phrase, phrases

STATUS_ORDER = ("achieved", "on-track", "at-risk", "off-track", "no-data")
# Material admonition types: coloured border, title bar and icon (the word says the same thing).
STATUS_STYLE = {"achieved": "success", "on-track": "info", "at-risk": "warning",
                "off-track": "danger", "no-data": "quote"}
STATUS_COLOUR = {"achieved": "#00873C", "on-track": "#0072B2", "at-risk": "#B35900",
                 "off-track": "#C62828", "no-data": "#737373"}

STRINGS: dict[str, dict[str, str]] = {
    "achieved": {"fr": "atteint", "en": "achieved"},
    "on-track": {"fr": "en bonne voie", "en": "on track"},
    "at-risk": {"fr": "à risque", "en": "at risk"},
    "off-track": {"fr": "en retard", "en": "off track"},
    "no-data": {"fr": "pas de donnée", "en": "no data"},
    "title": {"fr": "Indicateurs", "en": "Indicators"},
    "description": {"fr": "Indicateurs de suivi : dernière valeur, cible, progression et statut.",
                    "en": "Key performance indicators: latest value, target, progress and "
                          "status."},
    "intro": {"fr": "Chaque indicateur compare sa dernière valeur à sa valeur de départ et à sa "
                    "cible. Une page par indicateur détaille son historique et le calcul.",
              "en": "Each indicator compares its latest value with its baseline and its target. "
                    "Each indicator has a page with its history and the calculation."},
    "rule_title": {"fr": "Comment le statut est calculé", "en": "How the status is computed"},
    "rule": {"fr": "La progression est (dernière valeur − valeur de départ) ÷ (cible − valeur "
                   "de départ) ; la progression attendue est la part du temps écoulé entre "
                   "l'année de départ et l'année cible. Un indicateur est « atteint » quand sa "
                   "progression atteint 100 %, « en bonne voie » quand progression ÷ attendu "
                   "≥ {on}, « à risque » quand ce rapport est ≥ {risk}, « en retard » en "
                   "dessous, et « pas de donnée » sans observation.",
             "en": "Progress is (latest value − baseline) ÷ (target − baseline); expected "
                   "progress is the share of time elapsed between the baseline year and the "
                   "target year. An indicator is \"achieved\" when its progress reaches 100%, "
                   "\"on track\" when progress ÷ expected ≥ {on}, \"at risk\" when that ratio "
                   "is ≥ {risk}, \"off track\" below, and \"no data\" without an observation."},
    "summary": {"fr": "Répartition des {n} indicateurs par statut", "en": "The {n} indicators "
                "by status"},
    "other_theme": {"fr": "Autres indicateurs", "en": "Other indicators"},
    "latest": {"fr": "Dernière valeur", "en": "Latest value"},
    "in_period": {"fr": "en {period}", "en": "in {period}"},
    "target": {"fr": "Cible", "en": "Target"},
    "baseline": {"fr": "Valeur de départ", "en": "Baseline"},
    "progress": {"fr": "Progression", "en": "Progress"},
    "expected": {"fr": "Attendu", "en": "Expected"},
    "ratio": {"fr": "Rapport progression ÷ attendu", "en": "Progress ÷ expected ratio"},
    "status": {"fr": "Statut", "en": "Status"},
    "count": {"fr": "Indicateurs", "en": "Indicators"},
    "direction": {"fr": "Sens souhaité", "en": "Desired direction"},
    "increase": {"fr": "hausse", "en": "increase"},
    "decrease": {"fr": "baisse", "en": "decrease"},
    "maintain": {"fr": "maintien", "en": "maintain"},
    "tolerance": {"fr": "Tolérance", "en": "Tolerance"},
    "source": {"fr": "Source", "en": "Source"},
    "source_title": {"fr": "Source et responsable", "en": "Source and owner"},
    "owner": {"fr": "Responsable", "en": "Owner"},
    "unit": {"fr": "Unité", "en": "Unit"},
    "estimate": {"fr": "estimation", "en": "estimate"},
    "estimate_col": {"fr": "Estimation", "en": "Estimate"},
    "details": {"fr": "Détail et historique", "en": "Details and history"},
    "history": {"fr": "Historique", "en": "History"},
    "observations": {"fr": "Observations", "en": "Observations"},
    "period": {"fr": "Période", "en": "Period"},
    "value": {"fr": "Valeur", "en": "Value"},
    "note": {"fr": "Note", "en": "Note"},
    "calculation": {"fr": "Calcul du statut", "en": "How this status was computed"},
    "key_figures": {"fr": "Chiffres clés", "en": "Key figures"},
    "back": {"fr": "Tous les indicateurs", "en": "All indicators"},
    "estimate_note": {"fr": "Cet indicateur est signalé comme estimé ou de démonstration dans "
                            "les données.",
                      "en": "This indicator is flagged as estimated or demonstration data."},
    "estimate_periods": {"fr": "Valeurs estimées : {periods}.",
                         "en": "Estimated values: {periods}."},
    "observed": {"fr": "Valeur observée", "en": "Observed value"},
    "path": {"fr": "Trajectoire vers la cible", "en": "Path to the target"},
    "latest_point": {"fr": "Dernière valeur", "en": "Latest value"},
    "year": {"fr": "Année", "en": "Year"},
    "series": {"fr": "Série", "en": "Series"},
    "chart_title": {"fr": "Historique et trajectoire vers la cible",
                    "en": "History and path to the target"},
    "chart_desc": {"fr": "{label} : {n} observation(s) ; dernière valeur {latest} ; trajectoire "
                         "de référence de {base} ({by}) à {target} ({ty}), en pointillés.",
                   "en": "{label}: {n} observation(s); latest value {latest}; reference path "
                         "from {base} ({by}) to {target} ({ty}), dashed."},
    "chart_desc_path": {"fr": "{label} : aucune observation ; trajectoire de référence de {base} "
                              "({by}) à {target} ({ty}), en pointillés.",
                        "en": "{label}: no observation; reference path from {base} ({by}) to "
                              "{target} ({ty}), dashed."},
    "spark_label": {"fr": "Historique : {points}. Cible : {target}.",
                    "en": "History: {points}. Target: {target}."},
    "headline_ok": {"fr": "indicateurs atteints ou en bonne voie",
                    "en": "indicators achieved or on track"},
    "headline_late": {"fr": "indicateurs à risque ou en retard",
                      "en": "indicators at risk or off track"},
    "no_history": {"fr": "Aucune observation publiée pour cet indicateur.",
                   "en": "No observation published for this indicator."},
}

THEMES = {
    "donnees": {"fr": "Données", "en": "Data"},
    "climat": {"fr": "Climat", "en": "Climate"},
    "energie": {"fr": "Énergie", "en": "Energy"},
    "participation": {"fr": "Participation", "en": "Participation"},
    "mobilite": {"fr": "Mobilité", "en": "Mobility"},
    "budget": {"fr": "Budget", "en": "Budget"},
}

STEPS: dict[str, dict[str, str]] = {
    "no_data": {"fr": "Aucune observation (ou pas de valeur de départ ou de cible) : le statut "
                      "est « pas de donnée ».",
                "en": "No observation (or no baseline or target): the status is \"no data\"."},
    "progress": {"fr": "Progression = (v − b) ÷ (g − b) = ({v} − {b}) ÷ ({g} − {b}) = {p}",
                 "en": "Progress = (v − b) ÷ (g − b) = ({v} − {b}) ÷ ({g} − {b}) = {p}"},
    "expected": {"fr": "Attendu = (t − t₀) ÷ (t₁ − t₀), borné entre 0 et 1 = ({t} − {tb}) ÷ "
                       "({tg} − {tb}) → {e}",
                 "en": "Expected = (t − t₀) ÷ (t₁ − t₀), clamped to 0…1 = ({t} − {tb}) ÷ "
                       "({tg} − {tb}) → {e}"},
    "ratio": {"fr": "Rapport = progression ÷ attendu = {p} ÷ {e} = {r}",
              "en": "Ratio = progress ÷ expected = {p} ÷ {e} = {r}"},
    "achieved": {"fr": "La progression atteint 100 % : « atteint ».",
                 "en": "Progress reaches 100%: \"achieved\"."},
    "band": {"fr": "Rapport {r} : {rule} → « {word} ».", "en": "Ratio {r}: {rule} → \"{word}\"."},
    "not_due": {"fr": "Rien n'était encore attendu à cette date : « {word} » (progression "
                      "{sign} 0).",
                "en": "Nothing was due yet at that date: \"{word}\" (progress {sign} 0)."},
    "maintain": {"fr": "Indicateur à maintenir : en bonne voie si |v − g| ≤ tolérance, ici "
                       "|{v} − {g}| = {d} et tolérance {tol} → « {word} ».",
                 "en": "Indicator to maintain: on track when |v − g| ≤ tolerance, here "
                       "|{v} − {g}| = {d} and tolerance {tol} → \"{word}\"."},
    "threshold": {"fr": "Cible égale à la valeur de départ : atteint quand v {op} g ({v} {op} "
                        "{g}) → « {word} ».",
                  "en": "Target equal to the baseline: achieved when v {op} g ({v} {op} {g}) "
                        "→ \"{word}\"."},
    "legend": {"fr": "v = dernière valeur, b = valeur de départ, g = cible, t = période de la "
                     "dernière valeur, t₀ = année de départ, t₁ = année cible.",
               "en": "v = latest value, b = baseline, g = target, t = period of the latest "
                     "value, t₀ = baseline year, t₁ = target year."},
}


def s(key: str, lang: str, **values: Any) -> str:
    """One string of the indicator pages, with `{placeholders}` filled."""
    return phrase(STRINGS, key, lang, **values)


def strings(lang: str) -> dict[str, str]:
    """Every string of the indicator pages in one language (for the templates)."""
    return phrases(STRINGS, lang)


def theme_label(theme: str | None, lang: str) -> str:
    """Display name of a theme code (the code itself when unknown)."""
    if not theme:
        return s("other_theme", lang)
    return THEMES.get(theme, {}).get(lang) or theme


def status_rule(thresholds: dict[str, float], lang: str) -> str:
    """The status rule, stated once on the index page."""
    return s("rule", lang, on=number(thresholds["on_track"], lang),
             risk=number(thresholds["at_risk"], lang))


def _step(key: str, lang: str, **values: Any) -> str:
    return STEPS[key][lang].format(**values)


def explain(ind: dict[str, Any], thresholds: dict[str, float], lang: str) -> list[str]:
    """The status calculation of one indicator, step by step with its numbers."""
    status = ind["status"]
    word = s(status, lang)
    v, b, g = ind.get("latest_value"), ind.get("baseline_value"), ind.get("target_value")
    if status == "no-data":
        return [_step("no_data", lang)]

    def f(value: Any) -> str:
        return number(value, lang)

    if ind.get("direction") == "maintain":
        tol = with_unit(f(ind.get("tolerance") or 0), ind.get("unit"), lang)
        return [_step("maintain", lang, v=f(v), g=f(g), d=f(abs(v - g)), tol=tol, word=word)]
    if b == g:
        op = "≤" if ind.get("direction") == "decrease" else "≥"
        return [_step("threshold", lang, v=f(v), g=f(g), op=op, word=word)]
    steps = [_step("legend", lang),
             _step("progress", lang, v=f(v), b=f(b), g=f(g), p=share(ind.get("progress"), lang))]
    expected = ind.get("expected")
    if expected is not None:
        steps.append(_step("expected", lang, t=ind.get("latest_period"),
                           tb=ind.get("baseline_year"), tg=ind.get("target_year"),
                           e=share(expected, lang)))
    if status == "achieved":
        return steps + [_step("achieved", lang)]
    ratio = ind.get("ratio")
    if ratio is None:
        sign = "≥" if status == "on-track" else "<"
        return steps + [_step("not_due", lang, word=word, sign=sign)]
    r = number(ratio, lang, 2)
    steps.append(_step("ratio", lang, p=share(ind.get("progress"), lang), e=share(expected, lang),
                       r=r))
    on, risk = number(thresholds["on_track"], lang), number(thresholds["at_risk"], lang)
    rule = {"on-track": f"≥ {on}", "at-risk": f"≥ {risk} {'et' if lang == 'fr' else 'and'} < {on}",
            "off-track": f"< {risk}"}.get(status, "")
    return steps + [_step("band", lang, r=r, rule=rule, word=word)]
