"""What the Nu HTML Checker is given of a page: the page, its long runs of plain markup shortened.

A dataset page holds tables of hundreds of rows and charts of hundreds of SVG elements, made
by one function each (charts.figure._table, the page template's previews, charts.autosvg):
checking them took the checker half its time on such pages, and the rows and elements after
the first few can only repeat what those show. So:

- a table body whose rows are all plain is given with its first KEPT_ROWS rows. Plain rows:
  `<td>` cells (with the `tdh-num` class or none) of plain text, each row as many cells as
  the first. Any other table body is given whole.
- in an automatic chart's SVG (`class="tdh-autochart"`), a plain element is left out once
  KEPT_ELEMENTS elements of its kind (its tag and attribute names) were given. Plain
  elements: lines, circles, rectangles, paths and texts whose attributes are numbers,
  colours, keywords, a rotation or path data made of numbers, with plain text, and no id.
  A plain path that is given keeps the first two points of its data (a line of a chart has
  hundreds: their syntax is the syntax of the first two).

Plain text: character references as markupsafe writes them, no markup and no code point HTML
forbids. So a cell, label or attribute that holds anything else is checked wherever it is.
The line breaks of what is left out stay: findings keep the page's line numbers.
tests/test_checker_input.py checks what is cut and what is given whole, and that the checker
finds the same in a chart figure given whole or cut down; tests/test_build.py does the same
with built dataset pages.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from generator.render.text import printable

KEPT_ROWS = 3
KEPT_ELEMENTS = 3

_CELL_TEXT = r"[^<&]*(?:&(?:amp|lt|gt|quot|#39|#34);[^<&]*)*"
_ROW = re.compile(r'[ \t\r\n]*<tr>((?:<td(?: class="tdh-num")?>' + _CELL_TEXT + r"</td>)+)</tr>")

_SVG_OPEN = '<svg xmlns="http://www.w3.org/2000/svg" class="tdh-autochart" '
_NUMBER = r"-?(?:\d+(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?"
_PLAIN_VALUE = re.compile(
    rf"{_NUMBER}|#[0-9A-Fa-f]{{3,8}}|[a-z]+(?:-[a-z]+)*|rotate\({_NUMBER} {_NUMBER} {_NUMBER}\)"
    rf"|M{_NUMBER},{_NUMBER}(?:L{_NUMBER},{_NUMBER})*Z?")
# an element, and whether all its attribute values are plain (the group "plain" matched: the
# engine tries the plain values first, then any values, in one call)
_ELEMENT = re.compile(
    r"<(?P<tag>line|circle|rect|path|text)(?P<attributes>(?P<plain>(?: [a-z][a-z0-9-]*=\"(?:"
    + _PLAIN_VALUE.pattern + r')")*)(?=/>|>)|(?: [a-z][a-z0-9-]*="[^"]*")*)'
    r"(?:/>|>" + _CELL_TEXT + r"</text>)")
_LONG_PATH_DATA = re.compile(
    rf' d="(M{_NUMBER},{_NUMBER}L{_NUMBER},{_NUMBER})(?:L{_NUMBER},{_NUMBER})+(Z?)"')


def for_checker(page: bytes) -> bytes:
    """`page` with its plain table bodies and chart elements cut down (see the module)."""
    if b"<tbody>" not in page and _SVG_OPEN.encode() not in page:
        return page
    text = page.decode("utf-8", errors="surrogateescape")
    shortened = _each(_each(text, "<tbody>", "</tbody>", _shortened_rows),
                      _SVG_OPEN, "</svg>", _shortened_svg, in_tag=True)
    return page if shortened == text else shortened.encode("utf-8", errors="surrogateescape")


def _each(text: str, opening: str, closing: str, shorten: Callable[[str], str],
          in_tag: bool = False) -> str:
    """`text` with the inside of each `opening`…`closing` passed through `shorten` (found
    with str.find: a regular expression took milliseconds a page to find them). `in_tag`:
    `opening` is the start of a tag, whose inside begins after the tag's `>`."""
    parts, last = [], 0
    start = text.find(opening)
    while start >= 0:
        inside = text.find(">", start) + 1 if in_tag else start + len(opening)
        end = text.find(closing, inside)
        if inside == 0 or end < 0:
            break
        parts += [text[last:inside], shorten(text[inside:end])]
        last = end
        start = text.find(opening, end)
    return "".join(parts) + text[last:] if parts else text


def _shortened_rows(rows: str) -> str:
    """A table body's rows, the first KEPT_ROWS only if all are plain and as wide."""
    if rows.count("<tr>") <= KEPT_ROWS or printable(rows) != rows:
        return rows
    first = _ROW.match(rows)
    if first is None or not _rows_as_wide_as(first.group(1).count("<td")).fullmatch(rows):
        return rows
    cut = first.end()
    for _ in range(KEPT_ROWS - 1):
        cut = rows.index("</tr>", cut) + len("</tr>")
    return rows[:cut] + "\n" * rows.count("\n", cut)


@functools.lru_cache(maxsize=64)
def _rows_as_wide_as(width: int) -> re.Pattern[str]:
    """Plain rows of `width` cells each, then blanks: one match for the whole body."""
    return re.compile(r"(?:[ \t\r\n]*<tr>(?:<td(?: class=\"tdh-num\")?>" + _CELL_TEXT
                      + r"</td>){" + str(width) + r"}</tr>)+[ \t\r\n]*")


def _shortened_svg(inside: str) -> str:
    """An automatic chart's elements, each kind's plain ones past KEPT_ELEMENTS left out, and
    the data of the plain paths given cut to their first two points."""
    if printable(inside) != inside:
        return inside
    given: dict[tuple[str, ...], int] = {}
    parts, last = [], 0
    for element in _ELEMENT.finditer(inside):
        # its tag and attribute names (' x1=', …): the values hold no '"'
        kind = (element.group("tag"), *element.group("attributes").split('"')[::2])
        seen = given[kind] = given.get(kind, 0) + 1
        if element.group("plain") is None or " id=" in kind:
            continue
        if seen > KEPT_ELEMENTS:
            parts += [inside[last:element.start()], "\n" * element.group(0).count("\n")]
            last = element.end()
        elif element.group("tag") == "path":
            shorter = _LONG_PATH_DATA.sub(r' d="\1\2"', element.group(0), count=1)
            parts += [inside[last:element.start()], shorter]
            last = element.end()
    return "".join(parts) + inside[last:] if parts else inside
