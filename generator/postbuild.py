"""Post-build checks on the built site: nothing loaded from another host."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any, NamedTuple

from generator.checker_input import for_checker

EXTERNAL_LOAD = re.compile(
    r"""<(?:script|img|iframe|audio|video|source|embed|object)\b[^>]*\b(?:src|data)\s*=\s*["']?"""
    r"""(?:https?:)?//|<link\b[^>]*\brel\s*=\s*["']?(?:stylesheet|preload|modulepreload|icon)"""
    r"""[^>]*\bhref\s*=\s*["']?(?:https?:)?//|@import\s+(?:url\()?["']?(?:https?:)?//""",
    re.I,
)
LINK = re.compile(
    r"""<(?:a|link|script|img|source)\b[^>]*?\b(?:href|src)\s*=\s*["']([^"'#?]*)(#[^"']*)?["']""",
    re.I,
)
ID = re.compile(r"""id\s*=\s*["']([^"']+)["']""")
"""An id attribute, when a space or a quote comes before it (not data-id=): see page_ids."""
SKIP = ("http:", "https:", "mailto:", "data:", "javascript:", "tel:", "//")


class PageFacts(NamedTuple):
    """What the post-build checks read in one HTML page."""

    external: str | None
    """The first thing it loads from another host, if any."""
    scripts: tuple[str, ...]
    """'sha256-…' of its executable inline scripts."""
    csp: bool
    links: tuple[tuple[str, str], ...]
    """(target, #fragment) of each link to a file."""
    ids: frozenset[str]


def page_facts(body: bytes) -> PageFacts:
    """The facts of a page, through the active build cache (a rebuild reads a page's again
    only when its bytes changed: the regular expressions over 95 MB of pages took seconds)."""
    import hashlib

    from generator.cache import cached

    def read() -> PageFacts:
        from generator.csp import inline_script_hashes

        text = body.decode("utf-8", errors="replace")
        match = external_load(text)
        return PageFacts(match.group(0)[:120] if match else None,
                         tuple(inline_script_hashes(text)),
                         'http-equiv="Content-Security-Policy"' in text,
                         tuple(LINK.findall(text)), frozenset(page_ids(text)))

    return cached("page-facts", (hashlib.sha256(body).hexdigest(),), read)


def external_load(text: str) -> re.Match[str] | None:
    """EXTERNAL_LOAD.search(text), three times faster on a page: every load from another host
    ends in "//", and its match opens on the last "<" or "@" before it that no ">" follows
    (or on one before: each is tried, in order). The first "//" with such an opening gives
    the leftmost match, as search does."""
    at = text.find("//")
    while at >= 0:
        start = text.rfind(">", 0, at) + 1
        while openings := [p for p in (text.find("<", start, at), text.find("@", start, at))
                           if p >= 0]:
            start = min(openings)
            match = EXTERNAL_LOAD.match(text, start)
            if match:
                return match
            start += 1
        at = text.find("//", at + 1)
    return None


def page_ids(text: str) -> list[str]:
    """The values of the id attributes of a page: what findall of `[\\s"']` + ID gives, found
    eight times faster (a pattern that opens on a character class is tried at every
    position of the page; one that opens on "id" is looked for as text)."""
    found, start = [], 1
    while (match := ID.search(text, start)) is not None:
        at = match.start()
        if text[at - 1] in "\"'" or text[at - 1].isspace():
            found.append(match.group(1))
            start = match.end() + 1  # the character before the next one is not this one's
        else:
            start = at + 1
    return found


def site_pages(site_dir: Path) -> dict[Path, bytes]:
    """The bytes of every HTML page of a built site (read once for all the checks)."""
    return {page: page.read_bytes() for page in sorted(site_dir.rglob("*.html"))}


def site_facts(site_dir: Path, pages: dict[Path, bytes] | None = None
               ) -> dict[Path, PageFacts]:
    """The facts of every HTML page of a built site, by absolute normalised path; `pages`:
    the site's `site_pages`, when already read."""
    pages = pages if pages is not None else site_pages(site_dir)
    return {Path(os.path.normpath(page.absolute())): page_facts(body)
            for page, body in pages.items()}


def check_site(site_dir: Path, script_hashes: list[str] | None = None,
               facts: dict[Path, PageFacts] | None = None) -> list[str]:
    """Problems found in the built site (an empty list when it passes); `facts`: the site's
    `site_facts`, when already read."""
    allowed = set(script_hashes or [])
    problems = []
    site_dir = Path(os.path.normpath(site_dir.absolute()))
    pages = facts if facts is not None else site_facts(site_dir)
    for path in sorted(site_dir.rglob("*.css")):
        if not path.is_file():
            continue
        match = external_load(path.read_text(encoding="utf-8", errors="replace"))
        if match:
            problems.append(f"{path.relative_to(site_dir)}: loads from another host: "
                            f"{match.group(0)[:120]}")
    for path, page in pages.items():
        relative = path.relative_to(site_dir)
        if page.external:
            problems.append(f"{relative}: loads from another host: {page.external}")
        if script_hashes is None:
            continue
        for digest in page.scripts:
            if digest not in allowed:
                problems.append(
                    f"{relative}: inline script '{digest}' is not listed in mkdocs.yml "
                    "(tdh: csp_script_hashes); move it to a file or list its hash"
                )
        if not page.csp:
            problems.append(f"{relative}: no Content-Security-Policy meta tag")
    return sorted(problems, key=lambda problem: problem.split(":", 1)[0])


# Nu HTML Checker findings accepted on purpose, each with the reason. Anything else fails the
# build. All come from Material for MkDocs' own markup, which we do not control.
VNU_EXCEPTIONS: tuple[tuple[str, str], ...] = (
    ("Attribute “autocomplete” is only allowed when the input type is",
     "Material's drawer and search toggles are checkboxes with autocomplete=off"),
    ("The value of the “for” attribute of the “label” element must be the ID of a non-hidden",
     "Material's navigation labels point to its visually hidden toggle checkboxes"),
)


class HtmlChecks:
    """The Nu HTML Checker's findings per page, keyed by the page's bytes.

    `offer` takes a page as MkDocs renders it, so that the checker works while MkDocs goes on;
    `offer_site` then offers the built site's pages (the checker works on those not offered
    yet while the other checks run), and `findings` collects the messages. With a
    build cache, a page whose bytes were checked before is not checked again (a rebuild after
    one edit checks a handful of pages).
    """

    def __init__(self, root: Path, cache: Any = None) -> None:
        from generator.nuchecker import checker_jar

        self.jar = checker_jar(root)
        self.cache = cache
        self.service: Any = None
        self.pending: dict[str, Any] = {}  # page key: the future of its messages
        self.known: dict[str, list[str]] = {}  # page key: its findings, from the cache
        self.site_dir: Path | None = None  # the built site offered, and its pages' keys
        self.site_keys: dict[Path, str] = {}
        # a new checker version checks everything again (a change of what it is given too:
        # the cache keys hold the code's fingerprint)
        self.stamp = self.jar.stat().st_size if self.jar is not None else 0

    def key(self, body: bytes) -> str:
        import hashlib

        from generator.cache import hash_parts

        return hash_parts("vnu", self.stamp, hashlib.sha256(body).hexdigest())

    def start(self) -> None:
        """Start the checker now (it takes seconds), so it is ready when the first page comes."""
        if self.jar is not None and self.service is None:
            from generator.nuchecker import NuService

            self.service = NuService(self.jar)

    def offer(self, body: bytes) -> None:
        """Check this page unless it was checked before (in this build or in the cache)."""
        if self.jar is None:
            return
        key = self.key(body)
        if key in self.pending or key in self.known:
            return
        found = self.cache.get("vnu", key) if self.cache is not None else None
        if found is not None:
            self.known[key] = found
            return
        self.start()
        self.pending[key] = self.service.submit(for_checker(body))

    def offer_site(self, site_dir: Path, pages: dict[Path, bytes] | None = None) -> None:
        """Offer every page of the built site (those offered before are not checked again);
        the checker works on them while the caller does something else. `pages`: the site's
        `site_pages`, when already read."""
        if self.jar is None:
            return
        self.site_keys = {}
        for page, body in (pages if pages is not None else site_pages(site_dir)).items():
            self.site_keys[page] = self.key(body)
            self.offer(body)
        self.site_dir = site_dir

    def findings(self, site_dir: Path) -> list[str] | None:
        """"page:line: HTML: message" for every page of the site, documented exceptions left
        out (None: the checker is missing)."""
        from generator.nuchecker import CheckerFailed

        if self.jar is None:
            return None
        if self.site_dir != site_dir:
            self.offer_site(site_dir)
        keys = self.site_keys
        problems = []
        for page in keys:
            key = keys[page]
            if key in self.pending:
                try:
                    messages = _kept_messages(self.pending[key].result())
                except CheckerFailed as error:
                    return [f"Nu HTML Checker failed: {error}"]
                if self.cache is not None:
                    self.cache.put("vnu", key, messages)
            else:
                messages = self.known[key]
            relative = page.relative_to(site_dir).as_posix()
            problems += [f"{relative}:{message}" for message in messages]
        return problems

    def close(self) -> None:
        if self.service is not None:
            self.service.close()
            self.service = None


def check_html_validity(site_dir: Path, root: Path, cache: Any = None) -> list[str] | None:
    """HTML errors found by the Nu HTML Checker, minus documented exceptions (None: not run)."""
    checks = HtmlChecks(root, cache)
    try:
        return checks.findings(site_dir)
    finally:
        checks.close()


def _kept_messages(messages: list[dict[str, Any]]) -> list[str]:
    """"line: HTML: message" for each finding, documented exceptions left out."""
    kept = []
    for message in messages:
        text = message.get("message", "")
        if not any(text.startswith(prefix) for prefix, _ in VNU_EXCEPTIONS):
            kept.append(f"{message.get('lastLine', '?')}: HTML: {text}")
    return kept



def check_internal_links(site_dir: Path, facts: dict[Path, PageFacts] | None = None
                         ) -> list[str]:
    """Links and anchors between the site's own files that lead nowhere; `facts`: the site's
    `site_facts`, when already read."""
    import html as html_lib
    from urllib.parse import unquote

    site_dir = Path(os.path.normpath(site_dir.absolute()))
    pages = facts if facts is not None else site_facts(site_dir)

    def ids_of(page: Path) -> frozenset[str]:
        found = pages.get(page) or page_facts(page.read_bytes())
        return found.ids

    # one walk of the site, then every link is checked by name (no system call per link)
    files, folders = set(), set()
    for folder, _, names in os.walk(site_dir):
        folders.add(os.path.normpath(folder))
        files.update(os.path.normpath(os.path.join(folder, name)) for name in names)
    problems = []
    for page, found in pages.items():
        if page.name == "404.html":
            continue  # its links are relative to wherever the server shows it
        for target, fragment in found.links:
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
