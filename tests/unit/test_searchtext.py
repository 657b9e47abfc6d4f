"""Material's search indexes the same text from a data dictionary and from its stand-in."""

from __future__ import annotations

import random

import pytest
from material.plugins.search.plugin import Parser

from generator.load import load_packages
from generator.render import render_package
from generator.render.rawhtml import _INDEXED_REF, _unescape, set_aside
from generator.render.searchtext import stand_in
from generator.settings import load_settings
from generator.validate import _validate_package
from tests.conftest import CORPUS, ROOT

# what may stand before and after a block in a page's running content (search treats the inside
# of an element it excludes by tag names: a block's </div> there ends the exclusion)
BEFORE = ["", "<h2 id=\"d\">Dictionnaire</h2>\n", "<h2 id=\"d\">D</h2>\n<p>texte </p>\n ",
          "<h2 id=\"d\">D</h2><p>avec <code>code</code> puis</p>", "<p>a</p><ul><li>x</li>",
          "<div data-search-exclude><p>x</p></div>\n", "<h1>Titre</h1>\n\n<p>fin</p>", "mot",
          "<p>a</p><div>"]
AFTER = ["", "\n", " <p>après</p>", "</li></ul>\n<p>b <code></code></p>", "</div>",
         "<code> </code>\n<h3 id=\"n\">Suite</h3>"]


def indexed(content: str) -> list[tuple[str | None, str, str]]:
    """The sections Material's search makes of `content`, as it joins them into entries."""
    parser = Parser()
    parser.feed(content)
    parser.close()
    return [(section.id, "".join(section.title), "".join(section.text))
            for section in parser.data if not section.is_excluded()]


def assert_indexed_alike(block: str, text: str) -> None:
    for before in BEFORE:
        for after in AFTER:
            assert indexed(before + text + after) == indexed(before + block + after), \
                (before, after)


def dictionaries() -> list[str]:
    """The data dictionaries of the demo's and the real corpus' valid packages, as rendered."""
    found = []
    settings = load_settings(ROOT / "mkdocs.yml")
    for source in load_packages([ROOT / "datapackages", CORPUS / "real"]):
        _, tables, _ = _validate_package(source, 10**10, 1000)
        if not tables:
            continue
        pages, _, _ = render_package(settings, source, tables)
        blocks: dict[str, str] = {}
        for markdown in pages.values():
            found += [_unescape(blocks[key])
                      for key in _INDEXED_REF.findall(set_aside(markdown, blocks))]
    return found


def test_every_rendered_dictionary_has_a_stand_in_indexed_alike() -> None:
    blocks = dictionaries()
    assert len(blocks) >= 20
    for block in blocks:
        text = stand_in(block)
        assert text is not None, block[:300]
        assert text.count("<") < block.count("<") / 4  # the point: few tags left to parse
        assert_indexed_alike(block, text)


@pytest.mark.parametrize("block", [
    "<table><tr><td>a</td></tr></table>\n<h3 id=\"x\">titre</h3>",  # a heading: a section
    "<div data-search-exclude><p>x</p></div>",  # skipped by search
    "<table class=\"linenodiv\"><tr><td>1</td></tr></table>",
    "<pre>  a\n  b</pre>",  # spaces kept as they are
    "<p><code></code>x</p>",  # an empty kept element: search looks back through the section
    "<script>var a = '<td>';</script>",
    "<p>a < b</p>", "<p class='x'>a</p>", "<br/>", "<P>a</P>", "<p>a</div>", "<p>a",
    "<p>a<!-- c -->b</p>",
])
def test_blocks_search_reads_apart_have_no_stand_in(block: str) -> None:
    assert stand_in(block) is None


ELEMENTS = ["div class=\"w\"", "table", "tr", "td", "th scope=\"row\"", "code", "ul", "li", "sub",
            "span hidden", "p", "em"]
TEXTS = ["\n", " ", "  \n ", "\t", "Champ", "d&#39;Issy", "a &amp; b", "&lt;code&gt;", "é ; « x »",
         "ligne\nsuivante", "&nbsp;", "&amp", "1 000,5", "\u2028", "x\r\ny", " fin "]


def random_block(rng: random.Random, depth: int = 0) -> str:
    """Nested elements, void tags and text, as a generated page may hold them."""
    parts = []
    for _ in range(rng.randint(0, 4)):
        roll = rng.random()
        if roll < 0.45 and depth < 4:
            element = rng.choice(ELEMENTS)
            parts.append(f"<{element}>{random_block(rng, depth + 1)}</{element.split()[0]}>")
        elif roll < 0.55:
            parts.append("<br>")
        else:
            parts.append(rng.choice(TEXTS))
    return "".join(parts)


def test_random_blocks_are_indexed_alike_when_they_have_a_stand_in() -> None:
    rng = random.Random(11)
    made = 0
    for _ in range(1200):
        block = random_block(rng)
        text = stand_in(block)
        if text is not None:
            made += 1
            assert_indexed_alike(block, text)
    assert made > 500


def test_text_around_the_tags_is_kept_and_spaces_stay_apart() -> None:
    text = stand_in("\n<table>\n<tr><td>a</td><td>b</td></tr>\n</table>\n")
    assert text == "\n<!-- --> <!-- -->ab<!-- --> <!-- -->\n"


def test_the_demo_dictionary_loses_its_tags_but_keeps_its_code() -> None:
    block = ('<div class="tdh-table-wrap">\n<table class="tdh-dictionary">\n<caption>Champs</caption>'
             '\n<thead><tr><th scope="col">Champ</th><th scope="col">Type</th></tr></thead>\n<tbody>'
             '\n<tr><th scope="row"><code>id</code><br>Identifiant</th><td>integer</td></tr>\n'
             '</tbody>\n</table>\n</div>\n')
    assert stand_in(block) == ("<!-- --> <!-- -->Champs ChampType <code>id</code>Identifiantinteger"
                               "<!-- --> <!-- -->\n")


def test_a_stray_angle_bracket_after_long_text_is_refused_at_once() -> None:
    import signal

    def too_long(*_: object) -> None:
        raise TimeoutError("the token pattern backtracks")

    previous = signal.signal(signal.SIGALRM, too_long)
    signal.alarm(5)
    try:
        assert stand_in("<p>" + "mot " * 10_000 + "< b</p>") is None
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
