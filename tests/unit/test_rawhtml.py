"""Blocks carried past Markdown come back byte for byte, whatever they hold."""

from __future__ import annotations

import markdown
import pytest

from generator.render.rawhtml import carried, restore, restore_indexed, set_aside

BLOCKS = [
    '<div class="v" data-search-exclude><svg role="img"><title>a &amp; b</title></svg></div>',
    "<details><summary>Données</summary><table><tr><td>--&gt; -->  --!> <!-- x --></td></tr>"
    "</table></details>",
    "tdh-raw--> &a; &d; &l; &amp;a; <!--tdh-raw nested tdh-raw--> é 😀 \u2028",
    "",
]


@pytest.mark.parametrize("block", BLOCKS)
def test_a_block_round_trips(block: str) -> None:
    comment = carried(block)
    assert comment.count("-->") == 1 and comment.endswith("-->")
    assert comment.count("<!--") == 1 and "--!>" not in comment
    assert restore(f"<p>before</p>{comment}<p>after</p>") == f"<p>before</p>{block}<p>after</p>"


def test_markdown_passes_blocks_through_unparsed() -> None:
    page = (
        "# Titre\n\n"
        '<figure class="tdh-chart">\n<figcaption>Légende *pas en italique*</figcaption>\n'
        + carried(BLOCKS[0]) + "\n" + carried(BLOCKS[1]) + "\n</figure>\n\nFin *du* texte.\n"
    )
    html = restore(markdown.markdown(page, extensions=["md_in_html", "attr_list", "toc"]))
    assert BLOCKS[0] in html and BLOCKS[1] in html
    assert "<em>du</em>" in html
    assert "tdh-raw" not in html


def test_pages_without_blocks_are_returned_as_they_are() -> None:
    page = "<p>nothing carried</p>"
    assert restore(page) is page


def test_blocks_set_aside_leave_a_short_reference_and_come_back() -> None:
    page = ("# Titre\n\n<figure>\n" + carried(BLOCKS[0]) + "\n" + carried(BLOCKS[1])
            + "\n" + carried(BLOCKS[0]) + "\n</figure>\n\nFin *du* texte.\n")
    blocks: dict[str, str] = {}
    short = set_aside(page, blocks)
    assert len(blocks) == 2 and "tdh-raw" not in short and "svg" not in short
    assert short.count("<!--tdh-ref ") == 3 and len(short) < 250
    html = restore(markdown.markdown(short, extensions=["md_in_html", "attr_list", "toc"]),
                   blocks)
    assert html.count(BLOCKS[0]) == 2 and BLOCKS[1] in html
    assert "<em>du</em>" in html and "tdh-" not in html
    assert set_aside(page, {}) == short  # references follow the content only


def test_a_reference_to_a_block_not_set_aside_is_an_error() -> None:
    short = set_aside(carried(BLOCKS[0]), {})
    with pytest.raises(KeyError):
        restore(short, {})


@pytest.mark.parametrize("block", BLOCKS)
def test_an_indexed_block_round_trips(block: str) -> None:
    comment = carried(block, indexed=True)
    assert comment.count("-->") == 1 and comment.count("<!--") == 1
    assert restore(f"<p>a</p>{comment}") == f"<p>a</p>{block}"
    assert restore_indexed(f"<p>a</p>{comment}") == f"<p>a</p>{block}"


def test_indexed_blocks_come_back_before_search_and_the_others_after() -> None:
    dictionary = '<div class="tdh-table-wrap">\n<table><tr><td>*champ*</td></tr></table>\n</div>\n'
    page = ("# Titre\n\n" + carried(dictionary, indexed=True) + "\n\n" + carried(BLOCKS[0])
            + "\n\n<!--tdh-rawx not ours-->\n\nFin *du* texte.\n")
    blocks: dict[str, str] = {}
    short = set_aside(page, blocks)
    assert len(blocks) == 2 and "table" not in short and "<!--tdh-rawx not ours-->" in short
    converted = markdown.markdown(short, extensions=["md_in_html", "attr_list", "toc"])
    indexed = restore_indexed(converted, blocks)  # what search then parses: its stand-in
    assert dictionary not in indexed and "<table>" not in indexed
    assert "*champ*" in indexed and "<em>champ</em>" not in indexed
    assert BLOCKS[0] not in indexed and indexed.count("<!--tdh-ref ") == 1
    html = restore(indexed, blocks)
    assert dictionary in html and BLOCKS[0] in html and "tdh-ref" not in html
    assert "<!--tdh-rawx not ours-->" in html and "<em>du</em>" in html
    assert "tdh-search" not in html and html.count("*champ*") == 1


def test_an_indexed_block_without_a_stand_in_comes_back_whole_before_search() -> None:
    excluded = '<div data-search-exclude><p>x</p></div>'  # search skips it: no shortcut
    blocks: dict[str, str] = {}
    short = set_aside(carried(excluded, indexed=True), blocks)
    assert restore_indexed(short, blocks) == excluded
    assert restore(restore_indexed(short, blocks), blocks) == excluded
