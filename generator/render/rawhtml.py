"""Large HTML blocks carried past Markdown: chart drawings and chart data tables.

Python-Markdown parses every raw HTML block of a page tag by tag, and Material's search plugin
parses the page again; a chart's SVG and its data table were most of a dataset page's HTML and
most of MkDocs' time. Such a block is written in the page as one HTML comment holding the
block, escaped so that it cannot end the comment; Markdown and search step over a comment
without parsing it, and the tdh MkDocs plugin puts the block back in the finished page
(`restore`). The blocks are left out of the search index, as their data-search-exclude said.
"""

from __future__ import annotations

import re

_OPEN, _CLOSE = "<!--tdh-raw ", " tdh-raw-->"
_RAW = re.compile(re.escape(_OPEN) + r"(.*?)" + re.escape(_CLOSE), re.DOTALL)
# "&" first on the way in and last on the way out; without "-" and "<" the text can hold
# neither the end of a comment ("-->", "--!>") nor the start of another ("<!--").
_ESCAPES = (("&", "&a;"), ("-", "&d;"), ("<", "&l;"))


def carried(html: str) -> str:
    """`html` as a comment that Markdown passes through untouched."""
    for raw, escaped in _ESCAPES:
        html = html.replace(raw, escaped)
    return _OPEN + html + _CLOSE


def _unescape(match: re.Match[str]) -> str:
    text = match.group(1)
    for raw, escaped in reversed(_ESCAPES):
        text = text.replace(escaped, raw)
    return text


def restore(page_html: str) -> str:
    """The finished page with every carried block put back as HTML."""
    return _RAW.sub(_unescape, page_html) if _OPEN in page_html else page_html
