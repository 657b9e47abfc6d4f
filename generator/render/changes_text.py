"""Plain-language wording of data changes, in French and English (pages, feed, CLI)."""

from __future__ import annotations

import re
from typing import Any

from generator.render.strings import phrase
from generator.render.text import format_cell, format_date, format_number, format_percent

STRINGS: dict[str, dict[str, str]] = {
    "title": {"fr": "Changements", "en": "Changes"},
    "heading": {"fr": "Changements dans les données", "en": "Changes in the data"},
    "first": {"fr": "Première publication : aucune donnée antérieure à comparer.",
              "en": "First release, no earlier data to compare."},
    "release_vs": {"fr": "Version {version} du {date}, comparée à la version {previous} du "
                         "{previous_date}.",
                   "en": "Version {version} of {date}, compared with version {previous} of "
                         "{previous_date}."},
    "preview_vs": {"fr": "Données en cours de préparation, comparées à la version {previous} "
                         "du {previous_date}.",
                   "en": "Data being prepared, compared with version {previous} of "
                         "{previous_date}."},
    "release_first": {"fr": "Version {version} du {date}.", "en": "Version {version} of {date}."},
    "nothing": {"fr": "Aucun changement dans les données depuis la version {previous}.",
                "en": "No change in the data since version {previous}."},
    "summary": {"fr": "Jeux de données : {modified} modifié(s), {added} ajouté(s), {removed} "
                      "supprimé(s). Lignes : {rows_added} ajoutée(s), {rows_removed} "
                      "supprimée(s), {rows_changed} modifiée(s).",
                "en": "Datasets: {modified} changed, {added} added, {removed} removed. "
                      "Rows: {rows_added} added, {rows_removed} removed, {rows_changed} "
                      "changed."},
    "package_added": {"fr": "Nouveau jeu de données.", "en": "New dataset."},
    "package_removed": {"fr": "Jeu de données retiré.", "en": "Dataset removed."},
    "resource_added": {"fr": "Nouvelle table ({rows} lignes).", "en": "New table ({rows} rows)."},
    "resource_removed": {"fr": "Table retirée ({rows} lignes).",
                         "en": "Table removed ({rows} rows)."},
    "rows": {"fr": "{added} ligne(s) ajoutée(s), {removed} supprimée(s), {changed} modifiée(s).",
             "en": "{added} row(s) added, {removed} removed, {changed} changed."},
    "no-primary-key": {"fr": "Cette table n'a pas de clé primaire : les lignes sont comparées "
                             "entières (empreintes), une ligne modifiée compte comme une ligne "
                             "supprimée et une ligne ajoutée.",
                       "en": "This table has no primary key: whole rows are compared (hashes), "
                             "so a changed row counts as one row removed and one added."},
    "primary-key-changed": {"fr": "La clé primaire a changé : les lignes sont comparées "
                                  "entières (empreintes).",
                            "en": "The primary key changed: whole rows are compared (hashes)."},
    "duplicate-keys": {"fr": "La clé primaire a des doublons : les lignes sont comparées "
                             "entières (empreintes).",
                       "en": "The primary key has duplicates: whole rows are compared "
                             "(hashes)."},
    "field_added": {"fr": "Champ ajouté : « {name} » ({type}).",
                    "en": "Field added: \"{name}\" ({type})."},
    "field_removed": {"fr": "Champ retiré : « {name} » ({type}).",
                      "en": "Field removed: \"{name}\" ({type})."},
    "field_retyped": {"fr": "Type du champ « {name} » : {old} → {new}.",
                      "en": "Type of field \"{name}\": {old} → {new}."},
    "change": {"fr": "{label} : {values}", "en": "{label}: {values}"},
    "added": {"fr": "Ajout : {label}", "en": "Added: {label}"},
    "removed": {"fr": "Retrait : {label}", "en": "Removed: {label}"},
    "more": {"fr": "… et {count} autre(s) : la liste complète est dans l'API ({path}).",
             "en": "… and {count} more: the full list is in the API ({path})."},
    "more_cli": {"fr": "… et {count} autre(s) : --format json donne la liste complète.",
                 "en": "… and {count} more: --format json gives the full list."},
    "earlier": {"fr": "Versions précédentes", "en": "Earlier releases"},
    "version": {"fr": "Version", "en": "Version"},
    "date": {"fr": "Date", "en": "Date"},
    "message": {"fr": "Message", "en": "Message"},
    "datasets": {"fr": "Jeux de données modifiés", "en": "Datasets changed"},
    "feed_title": {"fr": "{site} — changements des données", "en": "{site} — data changes"},
    "feed_release": {"fr": "Version {version}", "en": "Version {version}"},
    "feed_release_summary": {"fr": "Version {version} publiée le {date}. {changes}",
                             "en": "Version {version} released on {date}. {changes}"},
    "feed_changed": {"fr": "Jeux de données modifiés : {names}.",
                     "en": "Datasets changed: {names}."},
    "feed_unchanged": {"fr": "Aucun jeu de données modifié.", "en": "No dataset changed."},
    "feed_dataset": {"fr": "{version} — {title}", "en": "{version} — {title}"},
    "feed_preview": {"fr": "en préparation", "en": "in preparation"},
    "status_added": {"fr": "ajouté", "en": "added"},
    "status_removed": {"fr": "retiré", "en": "removed"},
    "status_modified": {"fr": "modifié", "en": "changed"},
}

TIME_NAMES = re.compile(r"^(year|annee|année|period|periode|période|date|month|mois|day|jour)"
                        r"(_|$)", re.I)
TIME_TYPES = {"year", "date", "datetime", "yearmonth"}


def s(key: str, lang: str, /, **values: Any) -> str:
    """One sentence of the changes' wording."""
    return phrase(STRINGS, key, lang, **values)


def display_date(value: str | None, lang: str) -> str:
    """An RFC 3339 date shown as a day (31/12/2024 or 2024-12-31)."""
    from datetime import date

    if not value:
        return ""
    try:
        return format_date(date.fromisoformat(value[:10]), lang)
    except ValueError:
        return value


def display_value(value: Any, lang: str, grouped: bool = True) -> str:
    """A JSON cell value for people (`grouped`: 68 000; identifiers and years are not)."""
    if isinstance(value, bool) or value is None:
        return format_cell(value, lang)
    if isinstance(value, int) and not grouped:
        return str(value).replace("-", "−")
    if isinstance(value, (int, float)):
        return format_number(value, lang)
    return format_cell(value, lang)


def _is_time(resource: Any, name: str) -> bool:
    return _field_meta(resource, name).get("type") in TIME_TYPES or bool(TIME_NAMES.match(name))


def _field_meta(resource: Any, name: str) -> dict[str, Any]:
    return (resource.meta.get("fields") or {}).get(name) or {}


def _field_title(resource: Any, name: str, lang: str) -> str:
    title = (_field_meta(resource, name).get("title") or {}).get(lang) or name
    return title


def key_label(resource: Any, key: dict[str, Any], lang: str) -> str:
    """'2023, secteur residentiel': time values alone, other values after their field title."""
    parts = []
    for name, value in key.items():
        text = display_value(value, lang, grouped=False)
        if _is_time(resource, name):
            parts.append(text)
        else:
            title = _field_title(resource, name, lang)
            parts.append(f"{title[:1].lower()}{title[1:]} {text}")
    return ", ".join(parts)


def _value_change(resource: Any, name: str, change: dict[str, Any], lang: str) -> str:
    old, new = change.get("old"), change.get("new")
    unit = _field_meta(resource, name).get("unit")
    text = f"{display_value(old, lang)} → {display_value(new, lang)}"
    if unit:
        text += f" {unit}"
    numbers = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (old, new))
    if numbers and old:
        text += f" ({format_percent((new - old) / abs(old) * 100, lang, 1, signed=True)})"
    return text


def row_change(resource: Any, record: dict[str, Any], lang: str) -> str:
    """« Émissions 2023, secteur résidentiel : 68 000 → 67 500 tCO2e (−0,7 %) »."""
    changes = record["changes"]
    where = key_label(resource, record["key"], lang)
    if len(changes) == 1:
        (name, change), = changes.items()
        label = f"{_field_title(resource, name, lang)} {where}".strip()
        return s("change", lang, label=label, values=_value_change(resource, name, change, lang))
    title = (resource.meta.get("title") or {}).get(lang) or resource.name
    values = " ; " if lang == "fr" else "; "
    values = values.join(f"{_field_title(resource, name, lang)} "
                         f"{_value_change(resource, name, change, lang)}"
                         for name, change in changes.items())
    return s("change", lang, label=f"{title} {where}".strip(), values=values)


def row_label(resource: Any, row: dict[str, Any], lang: str) -> str:
    """An added or removed row: its key, or its first values without a key."""
    if resource.primary_key:
        return key_label(resource, {k: row.get(k) for k in resource.primary_key}, lang)
    shown = list(row.items())[:4]
    return ", ".join(f"{_field_title(resource, k, lang)} "
                     f"{display_value(v, lang, grouped=not _is_time(resource, k))}"
                     for k, v in shown)


def resource_lines(resource: Any, lang: str, limit: int, more: str = "more") -> list[str]:
    """The bullet points describing one resource's changes (`more`: what to say past `limit`)."""
    if resource.status in ("added", "removed"):
        rows = resource.rows_added or resource.rows_removed
        return [s(f"resource_{resource.status}", lang, rows=format_number(rows, lang))]
    lines = [s("field_added", lang, **f) for f in resource.fields_added]
    lines += [s("field_removed", lang, **f) for f in resource.fields_removed]
    lines += [s("field_retyped", lang, **f) for f in resource.fields_retyped]
    if resource.rows_added or resource.rows_removed or resource.rows_changed:
        lines.append(s("rows", lang, added=format_number(resource.rows_added, lang),
                       removed=format_number(resource.rows_removed, lang),
                       changed=format_number(resource.rows_changed, lang)))
    if resource.fallback:
        lines.append(s(resource.fallback, lang))
    details = [row_change(resource, r, lang) for r in resource.changed]
    details += [s("added", lang, label=row_label(resource, r, lang)) for r in resource.added]
    details += [s("removed", lang, label=row_label(resource, r, lang)) for r in resource.removed]
    total = resource.rows_added + resource.rows_removed + resource.rows_changed
    lines += details[:limit]
    if total > min(limit, len(details)):
        count = format_number(total - min(limit, len(details)), lang)
        lines.append(s(more, lang, count=count, path="api/changes.json"))
    return lines
