"""`feed.xml`: an Atom feed (RFC 4287) with an entry per release and per changed dataset."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from generator.render.changes_text import display_date, resource_lines, s

ATOM = "http://www.w3.org/2005/Atom"
XHTML = "http://www.w3.org/1999/xhtml"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
LANGS = ("fr", "en")
DATASET_LINES = 5


def _site(settings: Any) -> dict[str, str]:
    """site_url (with a final slash), site_name and site_author from mkdocs.yml."""
    from generator.settings import read_mkdocs_config

    config: dict[str, Any] = {}
    config_file = getattr(settings, "config_file", None)
    if config_file is not None and config_file.is_file():
        config = read_mkdocs_config(config_file)
    url = str(getattr(settings, "site_url", "") or config.get("site_url") or "")
    url = url if url.endswith("/") else url + "/"
    name = str(config.get("site_name") or "Territorial Data Hub")
    return {"url": url, "name": name, "author": str(config.get("site_author") or name)}


def _text(parent: ET.Element, tag: str, text: str, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    element.text = text
    return element


def _content(entry: ET.Element, paragraphs: dict[str, list[str]]) -> None:
    """An xhtml content block with the text in both languages."""
    content = ET.SubElement(entry, "content", {"type": "xhtml"})
    div = ET.SubElement(content, "div", {"xmlns": XHTML})
    for lang in LANGS:
        section = ET.SubElement(div, "div", {XML_LANG: lang})
        lines = paragraphs[lang]
        _text(section, "p", lines[0])
        if len(lines) > 1:
            items = ET.SubElement(section, "ul")
            for line in lines[1:]:
                _text(items, "li", line)


def _entry(feed: ET.Element, entry_id: str, title: str, date: str, link: str,
           paragraphs: dict[str, list[str]]) -> None:
    entry = ET.SubElement(feed, "entry")
    _text(entry, "id", entry_id)
    _text(entry, "title", title)
    _text(entry, "updated", date)
    ET.SubElement(entry, "link", {"rel": "alternate", "type": "text/html", "href": link})
    _text(entry, "summary", paragraphs["fr"][0])
    _content(entry, paragraphs)


def _release_entry(feed: ET.Element, base: str, version: str, date: str,
                   changed: list[dict[str, Any]], message: str = "", first: bool = False
                   ) -> None:
    paragraphs = {}
    for lang in LANGS:
        names = ", ".join(c["title"].get(lang) or c["name"] for c in changed)
        changes = (s("first", lang) if first else s("feed_changed", lang, names=names)
                   if changed else s("feed_unchanged", lang))
        lines = [s("feed_release_summary", lang, version=version,
                   date=display_date(date, lang), changes=changes)]
        paragraphs[lang] = lines + ([message] if message else [])
    _entry(feed, f"{base}changements/", s("feed_release", "fr", version=version), date,
           f"{base}changements/", paragraphs)


def _dataset_entry(feed: ET.Element, base: str, version: str, date: str,
                   package: dict[str, Any], lines: dict[str, list[str]]) -> None:
    from generator.render.changes import anchor

    status = {lang: s(f"status_{package['status']}", lang) for lang in LANGS}
    title = package["title"].get("fr") or package["name"]
    paragraphs = {lang: [f"{package['title'].get(lang) or package['name']} : {status[lang]}"
                         if lang == "fr" else
                         f"{package['title'].get(lang) or package['name']}: {status[lang]}",
                         *lines.get(lang, [])] for lang in LANGS}
    link = f"{base}changements/#{anchor(package['name'])}"
    _entry(feed, link, s("feed_dataset", "fr", version=version, title=title), date, link,
           paragraphs)


def _current_packages(diff: Any) -> list[tuple[dict[str, Any], dict[str, list[str]]]]:
    """Changed packages of the diff with a few plain-language lines each."""
    items = []
    for package in diff.changed if diff else []:
        lines: dict[str, list[str]] = {}
        for lang in LANGS:
            found = [line for r in package.resources if r.has_changes
                     for line in resource_lines(r, lang, DATASET_LINES)]
            lines[lang] = found[:DATASET_LINES * 2]
        items.append(({"name": package.name, "status": package.status,
                       "title": package.title}, lines))
    return items


def render_feed(settings: Any, history: Any, diff: Any) -> bytes:
    """The Atom feed of this build: its release, its changed datasets, the earlier releases."""
    site = _site(settings)
    date = history.date or "1970-01-01T00:00:00Z"
    label = history.current or s("feed_preview", "fr")
    base = f"{site['url']}{history.current}/" if history.current else site["url"]
    feed = ET.Element("feed", {"xmlns": ATOM, XML_LANG: "fr"})
    _text(feed, "id", f"{site['url']}feed.xml")
    _text(feed, "title", s("feed_title", "fr", site=site["name"]))
    _text(feed, "subtitle", s("feed_title", "en", site=site["name"]), **{XML_LANG: "en"})
    _text(feed, "updated", date)
    author = ET.SubElement(feed, "author")
    _text(author, "name", site["author"])
    # publish copies the newest release's feed to the site root: the address subscribers keep
    ET.SubElement(feed, "link", {"rel": "self", "type": "application/atom+xml",
                                 "href": f"{site['url']}feed.xml"})
    ET.SubElement(feed, "link", {"rel": "alternate", "type": "text/html",
                                 "href": f"{base}changements/"})
    _text(feed, "generator", "Territorial Data Hub")
    current = _current_packages(diff)
    if history.current:
        _release_entry(feed, base, label, date, [p for p, _ in current],
                       first=history.previous is None)
    for package, lines in current:
        _dataset_entry(feed, base, label, date, package, lines)
    for release in history.releases:
        release_base = f"{site['url']}{release.tag}/"
        _release_entry(feed, release_base, release.tag, release.date, list(release.changed),
                       release.message, release.first)
        for package in release.changed:
            _dataset_entry(feed, release_base, release.tag, release.date, package, {})
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"
