"""Text helpers for the render stage: escaping for Markdown and HTML, localised numbers."""

from __future__ import annotations

import html
import math
import re
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from markupsafe import escape

MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+!|~^])")
SAFE_LINK = re.compile(r"^(https?:|mailto:|#|/|\.{0,2}/|[A-Za-z0-9_.-]+(/|$|\.))", re.I)
MD_LINK = re.compile(r"(!?)\[([^\]]*)\]\(([^)\s]*)([^)]*)\)")
AUTOLINK = re.compile(r"&lt;((?:https?|mailto):[^\s&]+)&gt;")

NARROW_NBSP = "\u202f"
# Code points HTML forbids and XML cannot hold (vl-convert aborts the process on them): C0
# controls but tab, line feed and carriage return show as their Control Pictures (U+2400…),
# DEL as U+2421; C1 controls and noncharacters as U+FFFD.
UNPRINTABLE = {
    **{c: 0x2400 + c for c in range(0x20) if c not in (0x09, 0x0A, 0x0D)},
    0x7F: 0x2421,
    **{c: 0xFFFD for c in range(0x80, 0xA0)},
    **{c: 0xFFFD for c in range(0xFDD0, 0xFDF0)},
    **{c: 0xFFFD for c in (*range(0xD800, 0xE000), *(p * 0x10000 + 0xFFFE + i
                                                      for p in range(17) for i in (0, 1)))},
}
# The same code points below U+10000, for a quick look before translating: a regular
# expression scans ten times faster than str.translate copies (translate only what holds one).
_UNPRINTABLE_BMP = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef"
                              "\ud800-\udfff\ufffe\uffff]")


def md_text(value: Any) -> str:
    """Plain text safe inside Markdown: HTML escaped and Markdown syntax neutralised."""
    text = "" if value is None else str(value)
    text = html.escape(text, quote=False)  # quotes are harmless here, and &#39; shows in the TOC
    text = MARKDOWN_SPECIALS.sub(r"\\\1", text)
    return " ".join(text.split())


def printable(value: Any) -> str:
    """Text without the code points HTML forbids and XML cannot hold (see UNPRINTABLE)."""
    text = "" if value is None else str(value)
    # isprintable: none of the C0, C1, surrogate or noncharacter code points (all "Other");
    # else the BMP ones by pattern, and the other planes' noncharacters only if text has any
    # code point beyond the BMP (it then takes two UTF-16 units)
    if text.isprintable() or (_UNPRINTABLE_BMP.search(text) is None and (
            text.isascii() or len(text.encode("utf-16-le", "surrogatepass")) == 2 * len(text))):
        return text
    return text.translate(UNPRINTABLE)


def chart_label(value: Any) -> str:
    """An axis title for a Vega-Lite spec. Vega-Lite copies axis titles into its tooltip
    expressions escaping quotes but not backslashes: a title ending in `\\` breaks the
    chart, so backslashes become the look-alike U+29F5 (the data table keeps the original)."""
    return printable(value).replace("\\", "\u29f5")


def safe_markdown(value: Any) -> str:
    """User Markdown with raw HTML escaped and only safe link targets kept."""
    text = str(escape("" if value is None else str(value)))

    def link(match: re.Match[str]) -> str:
        bang, label, target, rest = match.groups()
        if bang or not SAFE_LINK.match(target) or target.lower().startswith("javascript"):
            return label
        return f"[{label}]({target}{rest})"

    text = MD_LINK.sub(link, text)
    text = AUTOLINK.sub(r"<\1>", text)
    lines = []
    for line in text.splitlines():
        # headings in a description would break the page outline: keep them as bold text
        heading = re.match(r"^\s{0,3}#{1,6}\s+(.*)$", line)
        lines.append(f"**{heading.group(1)}**" if heading else line)
    return "\n".join(lines)


def format_number(value: Any, lang: str, decimals: int | None = None) -> str:
    """1 234,5 in French, 1,234.5 in English; integers without decimals."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool):
        return format_bool(value, lang)
    if isinstance(value, (int, Decimal)) and decimals is None and value == int(value):
        text = f"{int(value):,}"
    else:
        number = float(value)
        if math.isinf(number):
            return "∞" if number > 0 else "−∞"
        if decimals is None:
            text = f"{number:,.6f}".rstrip("0").rstrip(".")
        else:
            text = f"{number:,.{decimals}f}"
    if lang == "fr":
        text = text.replace(",", NARROW_NBSP).replace(".", ",")
    return text.replace("-", "−")


def format_percent(value: Any, lang: str, decimals: int = 1, signed: bool = False) -> str:
    """A percentage (value already in %): 12,3 % in French, 12.3% in English."""
    if value is None:
        return ""
    text = format_number(abs(value) if signed else value, lang, decimals)
    if signed:
        text = ("+" if value > 0 else "−" if value < 0 else "") + text
    return f"{text}{NARROW_NBSP}%" if lang == "fr" else f"{text}%"


def format_bool(value: bool, lang: str) -> str:
    """oui/non, yes/no."""
    return {"fr": ("non", "oui"), "en": ("no", "yes")}[lang][bool(value)]


def format_date(value: Any, lang: str) -> str:
    """31/12/2024 in French, 2024-12-31 in English (ISO, unambiguous)."""
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M") if lang == "fr" else value.isoformat(" ")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y") if lang == "fr" else value.isoformat()
    return "" if value is None else str(value)


def format_cell(value: Any, lang: str) -> str:
    """Any typed cell as display text."""
    if value is None:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    if isinstance(value, bool):
        return format_bool(value, lang)
    if isinstance(value, (int, float, Decimal)):
        return format_number(value, lang)
    if isinstance(value, (date, datetime)):
        return format_date(value, lang)
    if isinstance(value, (list, dict)):
        import json

        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def format_bytes(size: int, lang: str) -> str:
    """A file size in o/ko/Mo (French) or B/kB/MB (English)."""
    units = ("o", "ko", "Mo", "Go") if lang == "fr" else ("B", "kB", "MB", "GB")
    value = float(size)
    for unit in units:
        if value < 1000 or unit == units[-1]:
            decimals = 0 if unit == units[0] else 1
            return f"{format_number(value, lang, decimals)}{NARROW_NBSP}{unit}"
        value /= 1000
    return str(size)
