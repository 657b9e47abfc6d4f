"""The `changements/` page, `api/changes.json` and `feed.xml` (what changed since a release)."""

from __future__ import annotations

import re
from typing import Any

from generator.render.changes_text import display_date, resource_lines, s
from markupsafe import Markup

from generator.render.text import NARROW_NBSP as NNBSP
from generator.render.text import format_number, md_text

API_LIMIT = 1000
"""Rows listed per resource and kind of change in api/changes.json (counts are always exact)."""
PAGE_LIMIT = 50
"""Change sentences shown per resource on the page."""


def compare(validated: Any, history: Any, limit: int | None = API_LIMIT) -> Any:
    """The diff between the previous release and the data being built (None without one)."""
    from generator.release.diff import diff_snapshots
    from generator.release.previous import diff_with_release
    from generator.release.snapshot import WORKING_TREE, load_ref_snapshot, snapshot_from_validated

    if history is None or history.release is None:
        return None
    release, current = history.release, history.current or WORKING_TREE
    if release.by_folder:
        return diff_with_release(validated, release, current, limit)
    whole = load_ref_snapshot(release.repo, release.commit, release.relative, **release.limits)
    whole = type(whole)(ref=release.ref, packages=whole.packages)
    return diff_snapshots(whole, snapshot_from_validated(validated, current), limit=limit)


def render_changes(settings: Any, validated: Any, history: Any, langs: tuple[str, ...]
                   ) -> tuple[dict[str, str], dict[str, bytes]]:
    """Pages and files describing the data changes since the previous release."""
    from generator.release.feed import render_feed
    from generator.release.history import History
    from generator.render import api_json, page_path, render_template

    if history is None:
        history = History(current=None, date=None)
    history.date = history.date or fallback_date(validated)
    diff = compare(validated, history)
    pages = {}
    for lang in langs:
        pages[page_path("changements", lang)] = render_template(
            "changements.md.j2", lang, **page_context(history, diff, lang))
    files = {"api/changes.json": api_json(changes_json(history, diff)),
             "feed.xml": render_feed(settings, history, diff)}
    return pages, files


def fallback_date(validated: Any) -> str:
    """Without git or SOURCE_DATE_EPOCH: the newest `modified`/`created` date of the data."""
    dates = []
    for source in getattr(validated, "sources", {}).values():
        for key in ("modified", "created"):
            value = source.descriptor.get(key)
            if isinstance(value, str) and len(value) >= 10 and value[:4].isdigit():
                dates.append(value[:10])
    return (max(dates) if dates else "1970-01-01") + "T00:00:00Z"


def _release_json(release: Any) -> dict[str, Any] | None:
    if release is None:
        return None
    return {"tag": release.tag, "commit": release.commit, "date": release.date,
            "message": release.message}


def changes_json(history: Any, diff: Any) -> dict[str, Any]:
    """The content of api/changes.json."""
    empty = {"packages_added": [], "packages_removed": [], "packages_modified": [],
             "rows_added": 0, "rows_removed": 0, "rows_changed": 0}
    return {
        "release": history.current,
        "date": history.date,
        "first_release": history.previous is None,
        "previous": _release_json(history.previous),
        "from": history.previous.tag if history.previous else None,
        "to": diff.to_ref if diff else history.current,
        "summary": diff.summary() if diff else empty,
        "packages": [p.to_dict() for p in diff.changed] if diff else [],
        "listed_rows_limit": API_LIMIT,
        "releases": [_release_json(r) for r in history.releases],
    }


def intro(history: Any, lang: str) -> str:
    """The first sentence: which release, compared with which."""
    date = display_date(history.date, lang)
    previous = history.previous
    if previous is None:
        return s("first", lang)
    values = {"version": history.current, "date": date, "previous": previous.tag,
              "previous_date": display_date(previous.date, lang)}
    return s("release_vs" if history.current else "preview_vs", lang, **values)


def summary(diff: Any, lang: str) -> str:
    """Counts of changed datasets and rows."""
    data = diff.summary()
    return s("summary", lang, modified=len(data["packages_modified"]),
             added=len(data["packages_added"]), removed=len(data["packages_removed"]),
             **{k: format_number(data[k], lang)
                for k in ("rows_added", "rows_removed", "rows_changed")})


def md_keep(value: Any) -> Markup:
    """Text safe inside Markdown, keeping the narrow no-break spaces of formatted numbers."""
    return Markup(NNBSP.join(md_text(part) for part in str(value).split(NNBSP)))


def page_context(history: Any, diff: Any, lang: str) -> dict[str, Any]:
    """Everything the changements template shows, already worded in `lang`."""
    packages = []
    for package in (diff.changed if diff else []):
        resources = []
        for resource in package.resources:
            if resource.has_changes:
                title = (resource.meta.get("title") or {}).get(lang) or resource.name
                resources.append({"name": resource.name, "title": title,
                                  "lines": resource_lines(resource, lang, PAGE_LIMIT)})
        status = {"added": s("package_added", lang), "removed": s("package_removed", lang)}
        packages.append({"name": package.name, "anchor": anchor(package.name),
                         "title": package.title.get(lang) or package.name,
                         "status": status.get(package.status, ""), "resources": resources})
    releases = [{"tag": r.tag, "date": display_date(r.date, lang), "message": r.message}
                for r in history.releases]
    nothing = bool(diff) and not diff.changed
    return {
        "s": lambda key, **values: s(key, lang, **values),
        "md": md_keep,
        "intro": intro(history, lang),
        "current": (s("release_first", lang, version=history.current,
                      date=display_date(history.date, lang))
                    if history.current and history.previous is None else ""),
        "summary": summary(diff, lang) if diff and diff.changed else "",
        "nothing": s("nothing", lang, previous=history.previous.tag) if nothing else "",
        "packages": packages,
        "releases": releases,
    }


def anchor(name: str) -> str:
    """An HTML id for a package's section (the feed links to it)."""
    return "pkg-" + re.sub(r"[^a-z0-9_-]+", "-", name.lower()).strip("-")
