"""What Material's search takes from a data dictionary, given to it as a few runs of text.

Material's search plugin parses each page with Python's HTMLParser, tag by tag, and keeps the
text of each section, with a few tags (`<code>`, `<li>`, …) and collapsed whitespace. A
dataset page's data dictionaries are most of its tags: parsing them was most of the time
search took (about 10 of 17 ms a page). `stand_in` works out the text search keeps from a
dictionary's HTML with a few operations on the whole string, and writes it as HTML that gives
search the very same text while holding almost no tags: the text runs, the kept tags, and an
empty comment where two runs must reach search apart (a run of whitespace alone, which search
keeps or drops after what precedes it, and the text before the first tag and after the last,
which joins the page's text around the block). The tdh plugin hands search the stand-in and
puts the dictionary itself in the finished page (render.rawhtml).

The stand-in is only made for HTML whose indexing does not depend on the page around it: well
nested tags with double-quoted attributes, text, nothing search skips or treats apart
(headings, `<pre>`, scripts, `data-search-exclude`) and no kept element without text (search
removes those, looking back through the section). Anything else gives None and the block is
parsed whole, as before. tests/unit/test_searchtext.py compares what search indexes from both,
in several page contexts.
"""

from __future__ import annotations

import functools
import html
import re
from typing import NamedTuple

_NAME = r"[a-z][a-z0-9]*"
_TAG = rf'</?{_NAME}(?: [a-z][a-z0-9-]*(?:="[^"<>]*")?)*>'
_TOKENS = re.compile(rf"(?:{_TAG}|[^<]++)*+")  # possessive: no backtracking on a stray "<"
_SPLIT = re.compile(f"({_TAG})")
_PAIR = re.compile(rf"<({_NAME})(?: [^>]*)?>[^<]*</\1>")  # an innermost element
_SPACE_RUNS = re.compile("\x01+")  # \x01: a run of whitespace alone, as search sees it
_APART = "<!-- -->"


class _Rules(NamedTuple):
    """What Material's search parser does with tags, as patterns."""

    void: re.Pattern[str]  # a void tag, which search ignores
    stop: re.Pattern[str]  # what no stand-in is made for (headings, <pre>, scripts, exclusions)
    empty_kept: re.Pattern[str]  # a kept element without text
    keep: frozenset[str]  # the tags search keeps


@functools.cache
def _rules() -> _Rules:
    from material.plugins.search.plugin import Parser, void

    parser = Parser()
    stop = {*parser.skip, "pre", "h1", "h2", "h3", "h4", "h5", "h6"}
    keep = frozenset(parser.keep - stop)
    names = "|".join(sorted(void))
    return _Rules(re.compile(rf"<(?:{names})(?: [^>]*)?>"),
                  re.compile(rf"</?(?:{'|'.join(sorted(stop))}|{names})[ >]"
                             r"|data-search-exclude|linenodiv|\x01"),
                  re.compile(rf"<({'|'.join(sorted(keep))})>\x01?</\1>"), keep)


def stand_in(block: str) -> str | None:
    """HTML from which Material's search indexes exactly what it indexes from `block`,
    wherever `block` stands in a page's running content (not inside a heading, a `<pre>` or
    an element search excludes); None if there is no such shortcut."""
    rules = _rules()
    if "<" not in block:
        return block
    unvoided = rules.void.sub("", block)  # search ignores void tags (not an end tag of one)
    if rules.stop.search(unvoided) or not _TOKENS.fullmatch(block) \
            or "<" in _innermost_removed(unvoided):
        return None
    parts = _SPLIT.split(block)  # text, tag, text, …, text
    lead, trail = parts[0], parts[-1]
    parts[0] = parts[-1] = ""
    parts[0::2] = [_event(text) for text in parts[0::2]]
    parts[1::2] = [_marker(tag) for tag in parts[1::2]]
    items = _SPACE_RUNS.sub("\x01", "".join(parts))
    if rules.empty_kept.search(items):
        return None  # search would remove it, looking back through the section
    if not items:  # a tag may still open the page's first section, as search's own would
        opened = any(tag[1] != "/" and not rules.void.fullmatch(tag)
                     for tag in _SPLIT.findall(block))
        items = "<span></span>" if opened else ""
    if items.startswith("\x01"):
        items = " " + _APART + items[1:]
    if items.endswith("\x01"):
        items = items[:-1] + _APART + " "
    return lead + _APART + items.replace("\x01", " ") + _APART + trail


def _innermost_removed(block: str) -> str:
    """`block` with its elements removed from the inside out: no tag left if well nested."""
    while True:
        reduced = _PAIR.sub("", block)
        if reduced == block:
            return block
        block = reduced


def _event(text: str) -> str:
    """A text between two tags as search takes it: \x01 if whitespace alone, else the text
    (written so that search reads the same characters wherever it is joined)."""
    if "&" not in text:
        return "" if not text else "\x01" if text.isspace() else text
    data = html.unescape(text)
    return "\x01" if data.isspace() else html.escape(data, quote=False)


@functools.lru_cache(maxsize=256)
def _marker(tag: str) -> str:
    """What search appends for a tag: `<code>` for a kept one (without its attributes)."""
    name = tag[2:] if tag[1] == "/" else tag[1:]
    name = name.split(" ", 1)[0].rstrip(">")
    if name not in _rules().keep:
        return ""
    return f"</{name}>" if tag[1] == "/" else f"<{name}>"
