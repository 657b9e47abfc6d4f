"""render.text.printable: its quick paths change nothing that str.translate would change."""

import sys

from generator.render.text import UNPRINTABLE, printable


def test_printable_equals_translate_for_every_code_point() -> None:
    # every BMP code point; beyond it, every noncharacter and a spread of the others
    astral = {*range(0x10000, sys.maxunicode + 1, 97),
              *(plane * 0x10000 + 0xFFFE + i for plane in range(1, 17) for i in (0, 1))}
    for code in [*range(0x10000), *sorted(astral)]:
        char = chr(code)
        for text in (char, f"a\n{char}é", f"{char}\U0001f600"):
            assert printable(text) == text.translate(UNPRINTABLE), hex(code)


def test_printable_keeps_text_and_replaces_forbidden_code_points() -> None:
    assert printable(None) == ""
    assert printable(12.5) == "12.5"
    assert printable("Fort d'Issy\n\tÉté") == "Fort d'Issy\n\tÉté"
    assert printable("a\x00b\x7fc\x85d") == "a\u2400b\u2421c\ufffdd"
    assert printable("\U0001fffe \U0001f600") == "\ufffd \U0001f600"
