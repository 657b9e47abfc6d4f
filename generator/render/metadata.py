"""Read package metadata for display, with the English convention and French fallback.

Convention: any descriptor object (package, resource, field) may carry
`"tdh": {"en": {"title": …, "description": …}}` (packages also `keywords`); French is the
descriptor's own `title`/`description`, and is used whenever the English text is missing.
"""

from __future__ import annotations

from typing import Any


def localized(obj: dict[str, Any], key: str, lang: str, default: Any = None) -> Any:
    """obj[key] in `lang`: the English variant when asked and present, else the original."""
    if lang == "en":
        english = ((obj.get("tdh") or {}).get("en") or {}) if isinstance(obj, dict) else {}
        if isinstance(english, dict) and english.get(key):
            return english[key]
    value = obj.get(key) if isinstance(obj, dict) else None
    return default if value in (None, "", []) else value


def title_of(obj: dict[str, Any], lang: str) -> str:
    """A display title: the localised title, else the name."""
    return str(localized(obj, "title", lang) or obj.get("name") or "")


def demo_notice(descriptor: dict[str, Any], lang: str) -> str | None:
    """The package's demonstration-data notice in `lang` (French fallback), if any."""
    demo = (descriptor.get("tdh") or {}).get("demo")
    if isinstance(demo, dict):
        return demo.get(lang) or demo.get("fr") or demo.get("en")
    if isinstance(demo, str):
        return demo
    return None


def licences(descriptor: dict[str, Any]) -> list[dict[str, str]]:
    """Licences as {title, url}."""
    items = []
    for licence in descriptor.get("licenses") or []:
        if isinstance(licence, dict):
            url = licence.get("path") or ""
            items.append({"title": str(licence.get("title") or licence.get("name") or url),
                          "url": url if str(url).startswith(("http://", "https://")) else ""})
    return items


def sources(descriptor: dict[str, Any]) -> list[dict[str, str]]:
    """Sources as {title, url}."""
    items = []
    for source in descriptor.get("sources") or []:
        if isinstance(source, dict):
            url = str(source.get("path") or source.get("url") or "")
            items.append({"title": str(source.get("title") or url),
                          "url": url if url.startswith(("http://", "https://")) else ""})
    return items


def contributors(descriptor: dict[str, Any]) -> list[str]:
    """Contributor names (v1 `contributors`, v2 `contributors` with `title` or names)."""
    names = []
    for person in descriptor.get("contributors") or []:
        if isinstance(person, dict):
            name = person.get("title") or " ".join(
                str(person.get(k)) for k in ("givenName", "familyName") if person.get(k)
            ) or person.get("organization")
            if name:
                names.append(str(name))
    return names


def keywords(descriptor: dict[str, Any], lang: str) -> list[str]:
    """Keywords in `lang`."""
    words = localized(descriptor, "keywords", lang, [])
    return [str(w) for w in words] if isinstance(words, list) else []


def themes(descriptor: dict[str, Any]) -> list[str]:
    """Themes used by the catalogue filter: `tdh.themes`, else the kind's section."""
    tdh = descriptor.get("tdh") or {}
    if isinstance(tdh.get("themes"), list):
        return [str(x) for x in tdh["themes"]]
    return [str(tdh["kind"])] if tdh.get("kind") else []
