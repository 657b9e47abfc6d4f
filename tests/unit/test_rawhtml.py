"""Blocks carried past Markdown come back byte for byte, whatever they hold."""

from __future__ import annotations

import markdown
import pytest

from generator.render.rawhtml import carried, restore

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
