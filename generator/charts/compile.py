"""Build-time compilation with vl-convert: Vega-Lite to Vega, and safe inline SVG fallbacks."""

from __future__ import annotations

import copy
import html
import re
from typing import Any

import vl_convert as vlc

from generator.charts.locale import number_locale, time_locale
from generator.render.text import chart_label, printable

SVG_WIDTH = 640
_SCHEMA_VERSION = re.compile(r"/vega-lite/v(\d+)\.(\d+)(?:\.\d+)?\.json$")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>\s*")
_DOCTYPE = re.compile(r"<!DOCTYPE[^>]*>\s*", re.IGNORECASE)
_SVG_OPEN = re.compile(r"<svg\b[^>]*>")
_ID_ATTR = re.compile(r'\bid="([^"]+)"')
_EXTERNAL_HREF = re.compile(r'\s(?:xlink:)?href="(?!#|data:image/)[^"]*"')
_SCRIPTISH = re.compile(r"<(script|foreignObject)\b.*?</\1>", re.IGNORECASE | re.DOTALL)
_EVENT_ATTR = re.compile(r'\son[a-z]+="[^"]*"', re.IGNORECASE)


def _vl_version(vl_spec: dict[str, Any]) -> str | None:
    """The bundled Vega-Lite version matching the spec's `$schema`, if vl-convert has it."""
    match = _SCHEMA_VERSION.search(str(vl_spec.get("$schema", "")))
    if not match:
        return None
    wanted = f"{match.group(1)}.{match.group(2)}"
    return wanted if wanted in vlc.get_vegalite_versions() else None


def printable_spec(value: Any) -> Any:
    """The spec with every string made printable: vl-convert aborts the process on control
    characters, and Vega-Lite breaks on a backslash at the end of a title."""
    if isinstance(value, dict):
        return {k: printable_spec(v) for k, v in value.items()}
    if isinstance(value, list):
        return [printable_spec(v) for v in value]
    if isinstance(value, str):
        return spec_text(value)
    return value


def spec_text(text: str) -> str:
    """A string of a spec as printable_spec makes it."""
    return chart_label(text) if text.endswith("\\") else printable(text)


def to_vega(vl_spec: dict[str, Any]) -> dict[str, Any]:
    """Compile a Vega-Lite spec to a Vega spec (what the browser runtime parses with ast=true)."""
    vl_spec = printable_spec(vl_spec)
    return vlc.vegalite_to_vega(vl_spec, vl_version=_vl_version(vl_spec))


def _fixed_width(vl_spec: dict[str, Any], width: int) -> dict[str, Any]:
    """Copy of the spec with a fixed overall width instead of the browser container's."""
    spec = copy.deepcopy(vl_spec)
    if spec.get("width") == "container" or "width" not in spec:
        spec["width"] = width
    spec["autosize"] = {"type": "fit-x", "contains": "padding"}
    return spec


def _prefix_ids(svg: str, prefix: str) -> str:
    """Make the SVG's ids (clip paths, gradients) unique within a page holding many charts."""
    for old in sorted(set(_ID_ATTR.findall(svg)), key=len, reverse=True):
        new = f"{prefix}-{old}"
        svg = svg.replace(f'id="{old}"', f'id="{new}"')
        svg = svg.replace(f"url(#{old})", f"url(#{new})")
        svg = svg.replace(f'href="#{old}"', f'href="#{new}"')
    return svg


def safe_svg(svg: str, *, label: str, id_prefix: str | None = None) -> str:
    """Make vl-convert's SVG safe to inline: no prolog, scripts or external refs; role=img."""
    svg = _DOCTYPE.sub("", _XML_DECL.sub("", svg)).strip()
    svg = _SCRIPTISH.sub("", svg)
    svg = _EVENT_ATTR.sub("", svg)
    svg = _EXTERNAL_HREF.sub("", svg)
    if id_prefix:
        svg = _prefix_ids(svg, id_prefix)
    opening = _SVG_OPEN.search(svg)
    if opening is None:
        raise ValueError("vl-convert returned no <svg> element")
    attrs = re.sub(r'\s(?:role|aria-[a-z]+|focusable)="[^"]*"', "", opening.group(0)[4:-1])
    text = html.escape(label, quote=True)
    new_open = f'<svg{attrs} role="img" aria-label="{text}" focusable="false">'
    return new_open + f"<title>{text}</title>" + svg[opening.end():]


def to_svg(
    vl_spec: dict[str, Any],
    lang: str,
    *,
    width: int = SVG_WIDTH,
    id_prefix: str | None = None,
) -> str:
    """Render the static SVG fallback at a fixed width, localised, ready to inline in HTML."""
    vl_spec = printable_spec(vl_spec)
    svg = vlc.vegalite_to_svg(
        _fixed_width(vl_spec, width),
        vl_version=_vl_version(vl_spec),
        format_locale=number_locale(lang),
        time_format_locale=time_locale(lang),
    )
    label = str(vl_spec.get("description") or _title_text(vl_spec) or "")
    return safe_svg(svg, label=label, id_prefix=id_prefix)


def _title_text(vl_spec: dict[str, Any]) -> str:
    """The spec's title as plain text (titles may be strings, lists or objects)."""
    title = vl_spec.get("title")
    if isinstance(title, dict):
        title = title.get("text")
    if isinstance(title, list):
        return " ".join(str(part) for part in title)
    return str(title or "")
