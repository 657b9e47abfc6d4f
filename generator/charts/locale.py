"""Number and date locales (d3-format / d3-time-format) for French and English charts."""

from __future__ import annotations

import copy
from typing import Any

NNBSP = "\u202f"  # narrow no-break space: French thousands separator
NBSP = "\u00a0"
MINUS = "\u2212"  # d3-format's default minus sign, reused by format_number

_NUMBER: dict[str, dict[str, Any]] = {
    "fr": {
        "decimal": ",",
        "thousands": NNBSP,
        "grouping": [3],
        "currency": ["", NBSP + "€"],
        "percent": NNBSP + "%",
        "minus": MINUS,
    },
    "en": {
        "decimal": ".",
        "thousands": ",",
        "grouping": [3],
        "currency": ["€", ""],
        "minus": MINUS,
    },
}

_TIME: dict[str, dict[str, Any]] = {
    "fr": {
        "dateTime": "%A %e %B %Y à %X",
        "date": "%d/%m/%Y",
        "time": "%H:%M:%S",
        "periods": ["AM", "PM"],
        "days": ["dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"],
        "shortDays": ["dim.", "lun.", "mar.", "mer.", "jeu.", "ven.", "sam."],
        "months": [
            "janvier", "février", "mars", "avril", "mai", "juin",
            "juillet", "août", "septembre", "octobre", "novembre", "décembre",
        ],
        "shortMonths": [
            "janv.", "févr.", "mars", "avr.", "mai", "juin",
            "juil.", "août", "sept.", "oct.", "nov.", "déc.",
        ],
    },
    "en": {
        "dateTime": "%a %e %b %X %Y",
        "date": "%d/%m/%Y",
        "time": "%H:%M:%S",
        "periods": ["AM", "PM"],
        "days": ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"],
        "shortDays": ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"],
        "months": [
            "January", "February", "March", "April", "May", "June",
            "July", "August", "September", "October", "November", "December",
        ],
        "shortMonths": [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ],
    },
}

LANGS = ("fr", "en")


def check_lang(lang: str) -> str:
    """Return lang if it is a supported page language, else raise ValueError."""
    if lang not in LANGS:
        raise ValueError(f"unsupported chart language {lang!r} (expected one of {LANGS})")
    return lang


def number_locale(lang: str) -> dict[str, Any]:
    """d3-format locale for a page language (fr-FR or en-GB conventions, euros)."""
    return copy.deepcopy(_NUMBER[check_lang(lang)])


def decimal_mark(lang: str) -> str:
    """The decimal separator of a page language (no copy: called once per table cell)."""
    return str(_NUMBER[check_lang(lang)]["decimal"])


def short_months(lang: str) -> list[str]:
    """The abbreviated month names of a page language (a list of its own, without time_locale's
    deep copy of the whole locale: called once per axis label)."""
    return list(_TIME[check_lang(lang)]["shortMonths"])


def time_locale(lang: str) -> dict[str, Any]:
    """d3-time-format locale for a page language."""
    return copy.deepcopy(_TIME[check_lang(lang)])


def vega_locale(lang: str) -> dict[str, Any]:
    """Vega `config.locale` object, read by vl-convert and by the browser runtime alike."""
    return {"number": number_locale(lang), "time": time_locale(lang)}
