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


def check_site(site_dir: Path) -> list[str]:
    """Problems found in the built site (an empty list when it passes)."""
    problems = []
    for path in sorted(site_dir.rglob("*")):
        if path.suffix not in (".html", ".css") or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        match = EXTERNAL_LOAD.search(text)
        if match:
            relative = path.relative_to(site_dir)
            problems.append(f"{relative}: {match.group(0)[:120]}")
    return problems
