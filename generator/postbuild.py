"""Post-build checks on the built site: nothing loaded from another host."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

EXTERNAL_LOAD = re.compile(
    r"""<(?:script|img|iframe|audio|video|source|embed|object)\b[^>]*\b(?:src|data)\s*=\s*["']?"""
    r"""(?:https?:)?//|<link\b[^>]*\brel\s*=\s*["']?(?:stylesheet|preload|modulepreload|icon)"""
    r"""[^>]*\bhref\s*=\s*["']?(?:https?:)?//|@import\s+(?:url\()?["']?(?:https?:)?//""",
    re.I,
)


def check_site(site_dir: Path, script_hashes: list[str] | None = None) -> list[str]:
    """Problems found in the built site (an empty list when it passes)."""
    from generator.csp import inline_script_hashes

    allowed = set(script_hashes or [])
    problems = []
    for path in sorted(site_dir.rglob("*")):
        if path.suffix not in (".html", ".css") or not path.is_file():
            continue
        relative = path.relative_to(site_dir)
        text = path.read_text(encoding="utf-8", errors="replace")
        match = EXTERNAL_LOAD.search(text)
        if match:
            problems.append(f"{relative}: loads from another host: {match.group(0)[:120]}")
        if path.suffix != ".html" or script_hashes is None:
            continue
        for digest in inline_script_hashes(text):
            if digest not in allowed:
                problems.append(
                    f"{relative}: inline script '{digest}' is not listed in mkdocs.yml "
                    "(tdh: csp_script_hashes); move it to a file or list its hash"
                )
        if 'http-equiv="Content-Security-Policy"' not in text:
            problems.append(f"{relative}: no Content-Security-Policy meta tag")
    return problems


# Nu HTML Checker findings accepted on purpose, each with the reason. Anything else fails the
# build. All come from Material for MkDocs' own markup, which we do not control.
VNU_EXCEPTIONS: tuple[tuple[str, str], ...] = (
    ("Attribute “autocomplete” is only allowed when the input type is",
     "Material's drawer and search toggles are checkboxes with autocomplete=off"),
    ("The value of the “for” attribute of the “label” element must be the ID of a non-hidden",
     "Material's navigation labels point to its visually hidden toggle checkboxes"),
)


def vnu_command(root: Path) -> list[str] | None:
    """The Nu HTML Checker command (Java + npm's vnu-jar), or None when either is missing."""
    import shutil

    jar = root / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
    java = shutil.which("java")
    if java is None or not jar.is_file():
        return None
    return [java, "-Xss4m", "-jar", str(jar), "--errors-only", "--format", "json",
            "--skip-non-html"]


PAGES_PER_CHECKER = 40


def check_html_validity(site_dir: Path, root: Path, cache: Any = None) -> list[str] | None:
    """HTML errors found by the Nu HTML Checker, minus documented exceptions (None: not run).

    With a build cache, a page whose bytes were checked before is not checked again: only new
    or changed pages go to the checker (a rebuild after one edit checks a handful of pages).
    """
    import hashlib

    command = vnu_command(root)
    if command is None:
        return None
    from generator.cache import hash_parts

    pages = sorted(site_dir.rglob("*.html"))
    checker = Path(command[command.index("-jar") + 1]).stat().st_size  # a new checker: recheck
    keys = {page: hash_parts("vnu", checker, hashlib.sha256(page.read_bytes()).hexdigest())
            for page in pages}
    known: dict[Path, list[str]] = {}
    if cache is not None:
        for page in pages:
            found = cache.get("vnu", keys[page])
            if found is not None:
                known[page] = found
    unchecked = [page for page in pages if page not in known]
    found_now = _run_vnu(command, unchecked, site_dir) if unchecked else {}
    if found_now is None:
        return ["Nu HTML Checker failed: no readable report"]
    problems = []
    for page in pages:
        messages = known[page] if page in known else found_now.get(page, [])
        if cache is not None and page not in known:
            cache.put("vnu", keys[page], messages)
        relative = page.relative_to(site_dir).as_posix()
        problems += [f"{relative}:{message}" for message in messages]
    return problems


def _run_vnu(command: list[str], pages: list[Path], site_dir: Path
             ) -> dict[Path, list[str]] | None:
    """Findings per page ("line: HTML: message"), exceptions removed; None if unreadable.

    The checker takes about a second per megabyte of HTML: a large site's pages are shared
    among one checker per core (a checker each for at least PAGES_PER_CHECKER pages), the
    batches run at the same time, and no command line exceeds 500 pages.
    """
    import json
    import subprocess

    checkers = max(1, min(os.cpu_count() or 1, len(pages) // PAGES_PER_CHECKER))
    by_size = sorted(pages, key=lambda page: page.stat().st_size, reverse=True)
    shares = [by_size[i::checkers] for i in range(checkers)]  # about the same bytes each
    batches = [share[start:start + 500] for share in shares for start in range(0, len(share), 500)]
    found: dict[Path, list[str]] = {page: [] for page in pages}
    for wave in range(0, len(batches), checkers):
        running = [subprocess.Popen([*command, *map(str, batch)], stdout=subprocess.DEVNULL,
                                    stderr=subprocess.PIPE, text=True)
                   for batch in batches[wave:wave + checkers]]
        reports = [process.communicate()[1] for process in running]
        for report in reports:
            try:
                messages = json.loads(report or "{}").get("messages", [])
            except json.JSONDecodeError:
                return None
            for message in messages:
                text = message.get("message", "")
                if any(text.startswith(prefix) for prefix, _ in VNU_EXCEPTIONS):
                    continue
                page = _page_of(message.get("url", ""), site_dir)
                found.setdefault(page, []).append(
                    f"{message.get('lastLine', '?')}: HTML: {text}")
    return found


def _page_of(url: str, site_dir: Path) -> Path:
    from urllib.parse import unquote, urlsplit

    path = unquote(urlsplit(url).path) if url.startswith("file:") else url
    return Path(path) if Path(path).is_absolute() else site_dir / path


LINK = re.compile(
    r"""<(?:a|link|script|img|source)\b[^>]*?\b(?:href|src)\s*=\s*["']([^"'#?]*)(#[^"']*)?["']""",
    re.I,
)
ID = re.compile(r"""\bid\s*=\s*["']([^"']+)["']""")
SKIP = ("http:", "https:", "mailto:", "data:", "javascript:", "tel:", "//")


def check_internal_links(site_dir: Path) -> list[str]:
    """Links and anchors between the site's own files that lead nowhere."""
    import html as html_lib
    from urllib.parse import unquote

    site_dir = Path(os.path.normpath(site_dir.absolute()))
    pages = {p: p.read_text(encoding="utf-8", errors="replace")
             for p in sorted(site_dir.rglob("*.html"))}
    ids_cache: dict[Path, set[str]] = {}

    def ids_of(page: Path) -> set[str]:
        if page not in ids_cache:
            ids_cache[page] = set(ID.findall(pages.get(page) or page.read_text(errors="replace")))
        return ids_cache[page]

    # one walk of the site, then every link is checked by name (no system call per link)
    files, folders = set(), set()
    for folder, _, names in os.walk(site_dir):
        folders.add(os.path.normpath(folder))
        files.update(os.path.normpath(os.path.join(folder, name)) for name in names)
    problems = []
    for page, text in pages.items():
        if page.name == "404.html":
            continue  # its links are relative to wherever the server shows it
        for target, fragment in LINK.findall(text):
            target = html_lib.unescape(target)
            if target.startswith(SKIP):
                continue
            base = site_dir if target.startswith("/") else page.parent
            path = os.path.normpath(os.path.join(base, unquote(target).lstrip("/"))) \
                if target else str(page)
            if path in folders:
                path = os.path.join(path, "index.html")
            relative = page.relative_to(site_dir)
            if path not in files:
                problems.append(f"{relative}: broken link to {target}")
            elif fragment and len(fragment) > 1 and path.endswith(".html"):
                anchor = html_lib.unescape(unquote(fragment[1:]))
                if anchor not in ids_of(Path(path)):
                    problems.append(f"{relative}: broken anchor {target}{fragment}")
    return problems
