"""What Material's search takes from a data dictionary, given to it as a few runs of text.

Material's search plugin parses each page with Python's HTMLParser, tag by tag, and keeps the
text of each section, with a few tags (`<code>`, `<li>`, …) and collapsed whitespace. A
dataset page's data dictionaries are most of its tags: parsing them was most of the time
search took (about 14 of 17 ms a page). `stand_in` works out, with one regular expression and
a short loop, the text search keeps from a dictionary's HTML, and writes it as HTML that gives
search the very same text while holding almost no tags: the text runs, the kept tags, and an
empty comment where two runs must reach search apart (a run of whitespace alone, which search
keeps or drops after what precedes it). The tdh plugin hands search the stand-in and puts the
dictionary itself in the finished page (render.rawhtml).

The stand-in is only made for HTML whose indexing does not depend on the page around it: plain
tags with double-quoted attributes, text, nothing search skips or treats apart (headings,
`<pre>`, scripts, `data-search-exclude`) and no kept element without text (search removes
those, looking back through the section). Anything else gives None and the block is parsed
whole, as before. tests/unit/test_searchtext.py compares the index search makes from both.
"""

from __future__ import annotations

import functools
import html
import re

_TOKEN = re.compile(r'<(/?)([a-z][a-z0-9]*)((?: [a-z][a-z0-9-]*(?:="[^"<>]*")?)*)>|([^<]+)')
_ATTRIBUTE = re.compile(r' ([a-z][a-z0-9-]*)(?:="([^"]*)")?')
_APART = "<!-- -->"
_SPACE = " "


@functools.cache
def _rules() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """Material's void tags (ignored), kept tags and tags that stop a stand-in."""
    from material.plugins.search.plugin import Parser, void

    parser = Parser()
    stop = {*parser.skip, "pre", "h1", "h2", "h3", "h4", "h5", "h6"}
    return frozenset(void), frozenset(parser.keep - stop), frozenset(stop)


def stand_in(block: str) -> str | None:
    """HTML from which Material's search indexes exactly what it indexes from `block`,
    wherever `block` stands in a page's running content (not inside a heading or a `<pre>`,
    where search keeps every space); None if there is no such shortcut."""
    tokens, end = [], 0
    for token in _TOKEN.finditer(block):
        if token.start() != end:
            return None
        tokens.append(token)
        end = token.end()
    tags = [i for i, token in enumerate(tokens) if token.group(4) is None]
    if end != len(block):
        return None
    if not tags:
        return block
    # Text before the first tag and after the last one runs into the page's text around the
    # block: it is kept as it is, and the rest is kept apart from it.
    first, last = tokens[tags[0]], tokens[tags[-1]]
    inside = _inside(tokens[tags[0]:tags[-1] + 1])
    if inside is None:
        return None
    return block[:first.start()] + _APART + inside + _APART + block[last.end():]


def _inside(tokens: list[re.Match[str]]) -> str | None:
    """What search keeps from these tokens (a tag first and last), written as few runs."""
    void, keep, stop = _rules()
    items: list[str] = []  # what search appends, in order: text, " " or a kept tag
    open_tags: list[tuple[str, bool]] = []  # (tag, whether text was appended inside it)
    opened = False
    for token in tokens:
        closing, tag, attributes, text = token.groups()
        if text is not None:
            data = html.unescape(text)
            if data.isspace():
                if not items or items[-1] != _SPACE:
                    items.append(_SPACE)
            else:
                items.append(html.escape(data.replace("\n", " "), quote=False))
                open_tags = [(name, True) for name, _ in open_tags]
        elif tag in stop:
            return None
        elif closing:
            if not open_tags or open_tags[-1][0] != tag:
                return None
            _, has_text = open_tags.pop()
            if tag in keep:
                if not has_text:
                    return None
                items.append(f"</{tag}>")
        elif tag not in void:
            for name, value in _ATTRIBUTE.findall(attributes):
                if name == "data-search-exclude" or (
                        name == "class" and html.unescape(value) == "linenodiv"):
                    return None
            open_tags.append((tag, False))
            opened = True
            if tag in keep:
                items.append(f"<{tag}>")
    if open_tags:
        return None
    if not items:  # a tag may still open the page's first section, as search's own would
        return "<span></span>" if opened else ""
    return _written(items)


def _written(items: list[str]) -> str:
    """The items as HTML: a leading or trailing " " stands apart (search keeps it or not
    after the text around the block); the others run together."""
    lead = [_SPACE + _APART] if items[:1] == [_SPACE] else []
    trail = [_APART + _SPACE] if len(items) > len(lead) and items[-1] == _SPACE else []
    middle = items[len(lead):len(items) - len(trail)]
    return "".join(lead + middle + trail)
