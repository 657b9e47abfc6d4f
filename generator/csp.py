"""Content-Security-Policy as a meta tag (static hosts may not set headers).

Scripts: only files served by the site, plus the theme's few inline scripts listed by hash
in mkdocs.yml; styles allow inline attributes (the theme and Vega tooltips use them).
"""

from __future__ import annotations

import base64
import hashlib
import re

INLINE_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S | re.I)
NON_EXECUTABLE = re.compile(r"""type\s*=\s*["']?(application/(ld\+)?json|text/template)""", re.I)


def policy(script_hashes: list[str]) -> str:
    """The policy string."""
    hashes = " ".join(f"'{h}'" for h in sorted(set(script_hashes)))
    return "; ".join([
        "default-src 'self'",
        f"script-src 'self' {hashes}".strip(),
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ])


def add_csp_meta(html: str, script_hashes: list[str]) -> str:
    """Insert the CSP meta tag first in <head>, before any script."""
    if 'http-equiv="Content-Security-Policy"' in html:
        return html
    tag = f'<meta http-equiv="Content-Security-Policy" content="{policy(script_hashes)}">'
    return re.sub(r"(<head[^>]*>)", lambda m: m.group(1) + "\n    " + tag, html, count=1)


def inline_script_hashes(html: str) -> list[str]:
    """'sha256-…' of every executable inline script of a page."""
    found = []
    for match in INLINE_SCRIPT.finditer(html):
        attrs = match.group("attrs")
        if re.search(r"\bsrc\s*=", attrs) or NON_EXECUTABLE.search(attrs):
            continue
        digest = hashlib.sha256(match.group("body").encode("utf-8")).digest()
        found.append("sha256-" + base64.b64encode(digest).decode("ascii"))
    return found
