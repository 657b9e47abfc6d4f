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

A block carried with `indexed=True` (a data dictionary) skips Markdown only: the tdh plugin
puts it back as soon as Markdown has made the page's HTML (`restore_indexed`), before search
indexes the page, which therefore indexes it as it did when Markdown parsed it. A set-aside
block comes back there as its search stand-in (render.searchtext: the same text for search,
with almost none of the tags it would parse) when it has one, and the block itself replaces
the stand-in in the finished page (`restore`).
"""

from __future__ import annotations

import hashlib
import re

_OPEN, _CLOSE = "<!--tdh-raw ", " tdh-raw-->"
_INDEXED_OPEN = "<!--tdh-raw-indexed "
_RAW = re.compile("<!--tdh-raw(?:-indexed)? " r"(.*?)" + re.escape(_CLOSE), re.DOTALL)
_RAW_INDEXED = re.compile(re.escape(_INDEXED_OPEN) + r"(.*?)" + re.escape(_CLOSE), re.DOTALL)
_REF_OPEN, _INDEXED_REF_OPEN = "<!--tdh-ref ", "<!--tdh-iref "
_REF = re.compile(r"<!--tdh-i?ref ([0-9a-f]{40})-->")
_INDEXED_REF = re.compile(re.escape(_INDEXED_REF_OPEN) + r"([0-9a-f]{40})-->")
_STAND_IN_OPEN, _STAND_IN_CLOSE = "<!--tdh-search ", "<!--/tdh-search-->"
_STAND_IN = re.compile(re.escape(_STAND_IN_OPEN) + r"([0-9a-f]{40})-->.*?"
                       + re.escape(_STAND_IN_CLOSE), re.DOTALL)
# "&" first on the way in and last on the way out; without "-" and "<" the text can hold
# neither the end of a comment ("-->", "--!>") nor the start of another ("<!--").
_ESCAPES = (("&", "&a;"), ("-", "&d;"), ("<", "&l;"))


def carried(html: str, indexed: bool = False) -> str:
    """`html` as a comment that Markdown passes through untouched (`indexed`: that search
    indexes all the same, see the module's text)."""
    for raw, escaped in _ESCAPES:
        html = html.replace(raw, escaped)
    return (_INDEXED_OPEN if indexed else _OPEN) + html + _CLOSE


def _unescape(text: str) -> str:
    for raw, escaped in reversed(_ESCAPES):
        text = text.replace(escaped, raw)
    return text


def set_aside(markdown: str, blocks: dict[str, str]) -> str:
    """`markdown` with each carried block replaced by a reference to it, kept in `blocks`."""
    parts, end = [], 0
    while (start := markdown.find("<!--tdh-raw", end)) >= 0:  # str.find: a lazy regex was
        indexed = markdown.startswith(_INDEXED_OPEN, start)  # seconds
        if not indexed and not markdown.startswith(_OPEN, start):
            parts += [markdown[end:start + 1]]
            end = start + 1
            continue
        opening = len(_INDEXED_OPEN if indexed else _OPEN)
        stop = markdown.find(_CLOSE, start + opening)
        if stop < 0:
            break
        block = markdown[start + opening:stop]
        key = hashlib.sha1(block.encode("utf-8")).hexdigest()
        blocks[key] = block
        parts += [markdown[end:start], _INDEXED_REF_OPEN if indexed else _REF_OPEN, key, "-->"]
        end = stop + len(_CLOSE)
    return "".join(parts) + markdown[end:] if parts else markdown


def restore_indexed(html: str, blocks: dict[str, str] | None = None) -> str:
    """`html` with the blocks carried with `indexed=True` put back, and only those. A block
    set aside in `blocks` comes back as its search stand-in (render.searchtext), between
    markers that `restore` replaces with the block, when it has one."""
    if _INDEXED_OPEN in html:
        html = _RAW_INDEXED.sub(lambda match: _unescape(match.group(1)), html)
    if _INDEXED_REF_OPEN in html:
        html = _INDEXED_REF.sub(lambda match: _for_search(match.group(1), blocks or {}), html)
    return html


def _for_search(key: str, blocks: dict[str, str]) -> str:
    from generator.render.searchtext import stand_in

    block = _unescape(blocks[key])
    text = stand_in(block)
    return block if text is None else f"{_STAND_IN_OPEN}{key}-->{text}{_STAND_IN_CLOSE}"


def restore(page_html: str, blocks: dict[str, str] | None = None) -> str:
    """The finished page with every carried block put back as HTML, those set aside in
    `blocks` included (a reference to a block not there is a KeyError: a bug, not data)."""
    if "<!--tdh-raw" in page_html:
        page_html = _RAW.sub(lambda match: _unescape(match.group(1)), page_html)
    if _REF_OPEN in page_html or _INDEXED_REF_OPEN in page_html:
        page_html = _REF.sub(lambda match: _unescape((blocks or {})[match.group(1)]), page_html)
    if _STAND_IN_OPEN in page_html:
        page_html = _STAND_IN.sub(lambda match: _unescape((blocks or {})[match.group(1)]),
                                  page_html)
    return page_html
