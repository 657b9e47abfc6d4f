"""Large HTML blocks carried past Markdown: chart drawings and chart data tables.

Python-Markdown parses every raw HTML block of a page tag by tag, and Material's search plugin
parses the page again; a chart's SVG and its data table were most of a dataset page's HTML and
most of MkDocs' time. Such a block is written in the page as one HTML comment holding the
block, escaped so that it cannot end the comment; Markdown and search step over a comment
without parsing it, and the tdh MkDocs plugin puts the block back in the finished page
(`restore`). The blocks are left out of the search index, as their data-search-exclude said.

Markdown and search still read through each comment, so the tdh plugin also sets the blocks
aside before MkDocs reads the pages (`set_aside`): a page then holds a short reference per
block, and MkDocs reads a dataset page of a few kilobytes instead of a few hundred.
"""

from __future__ import annotations

import hashlib
import re

_OPEN, _CLOSE = "<!--tdh-raw ", " tdh-raw-->"
_RAW = re.compile(re.escape(_OPEN) + r"(.*?)" + re.escape(_CLOSE), re.DOTALL)
_REF_OPEN = "<!--tdh-ref "
_REF = re.compile(re.escape(_REF_OPEN) + r"([0-9a-f]{40})-->")
# "&" first on the way in and last on the way out; without "-" and "<" the text can hold
# neither the end of a comment ("-->", "--!>") nor the start of another ("<!--").
_ESCAPES = (("&", "&a;"), ("-", "&d;"), ("<", "&l;"))


def carried(html: str) -> str:
    """`html` as a comment that Markdown passes through untouched."""
    for raw, escaped in _ESCAPES:
        html = html.replace(raw, escaped)
    return _OPEN + html + _CLOSE


def _unescape(text: str) -> str:
    for raw, escaped in reversed(_ESCAPES):
        text = text.replace(escaped, raw)
    return text


def set_aside(markdown: str, blocks: dict[str, str]) -> str:
    """`markdown` with each carried block replaced by a reference to it, kept in `blocks`."""
    parts, end = [], 0
    while (start := markdown.find(_OPEN, end)) >= 0:  # str.find: a lazy regex was seconds
        stop = markdown.find(_CLOSE, start + len(_OPEN))
        if stop < 0:
            break
        block = markdown[start + len(_OPEN):stop]
        key = hashlib.sha1(block.encode("utf-8")).hexdigest()
        blocks[key] = block
        parts += [markdown[end:start], _REF_OPEN, key, "-->"]
        end = stop + len(_CLOSE)
    return "".join(parts) + markdown[end:] if parts else markdown


def restore(page_html: str, blocks: dict[str, str] | None = None) -> str:
    """The finished page with every carried block put back as HTML, those set aside in
    `blocks` included (a reference to a block not there is a KeyError: a bug, not data)."""
    if _OPEN in page_html:
        page_html = _RAW.sub(lambda match: _unescape(match.group(1)), page_html)
    if _REF_OPEN in page_html:
        page_html = _REF.sub(lambda match: _unescape((blocks or {})[match.group(1)]), page_html)
    return page_html
