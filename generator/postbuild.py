"""Post-build checks on the built site: nothing loaded from another host."""

from __future__ import annotations

import re
from pathlib import Path

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


def check_html_validity(site_dir: Path, root: Path) -> list[str] | None:
    """HTML errors found by the Nu HTML Checker, minus documented exceptions (None: not run)."""
    import json
    import subprocess

    command = vnu_command(root)
    if command is None:
        return None
    done = subprocess.run([*command, str(site_dir)], capture_output=True, text=True)
    try:
        messages = json.loads(done.stderr or "{}").get("messages", [])
    except json.JSONDecodeError:
        return [f"Nu HTML Checker failed: {done.stderr[:300]}"]
    problems = []
    for message in messages:
        text = message.get("message", "")
        if any(text.startswith(prefix) for prefix, _ in VNU_EXCEPTIONS):
            continue
        url = message.get("url", "")
        relative = url.split(str(site_dir), 1)[-1].lstrip("/")
        problems.append(f"{relative}:{message.get('lastLine', '?')}: HTML: {text}")
    return problems


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

    pages = {p: p.read_text(encoding="utf-8", errors="replace")
             for p in sorted(site_dir.rglob("*.html"))}
    ids_cache: dict[Path, set[str]] = {}

    def ids_of(page: Path) -> set[str]:
        if page not in ids_cache:
            ids_cache[page] = set(ID.findall(pages.get(page) or page.read_text(errors="replace")))
        return ids_cache[page]

    problems = []
    for page, text in pages.items():
        if page.name == "404.html":
            continue  # its links are relative to wherever the server shows it
        for target, fragment in LINK.findall(text):
            target = html_lib.unescape(target)
            if target.startswith(SKIP):
                continue
            base = site_dir if target.startswith("/") else page.parent
            path = (base / unquote(target).lstrip("/")).resolve() if target else page
            if path.is_dir():
                path = path / "index.html"
            relative = page.relative_to(site_dir)
            if not path.exists():
                problems.append(f"{relative}: broken link to {target}")
            elif fragment and len(fragment) > 1 and path.suffix == ".html":
                anchor = html_lib.unescape(unquote(fragment[1:]))
                if anchor not in ids_of(path):
                    problems.append(f"{relative}: broken anchor {target}{fragment}")
    return problems
