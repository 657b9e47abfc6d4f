"""Every message code has French and English text with the same placeholders."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from generator.messages import HINTS, MESSAGES, UI

ROOT = Path(__file__).resolve().parent.parent


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("catalogue", [MESSAGES, HINTS, UI], ids=["messages", "hints", "ui"])
def test_both_languages_with_the_same_placeholders(catalogue) -> None:
    for code, texts in catalogue.items():
        assert set(texts) == {"fr", "en"}, code
        assert texts["fr"].strip() and texts["en"].strip(), code
        assert placeholders(texts["fr"]) == placeholders(texts["en"]), code


def test_every_data_message_names_the_location() -> None:
    for code, texts in MESSAGES.items():
        assert "{where}" in texts["fr"] and "{where}" in texts["en"], code


def test_every_code_the_code_emits_has_a_message() -> None:
    emitted = set()
    for path in (ROOT / "generator").rglob("*.py"):
        emitted |= set(re.findall(r'make_issue\(\s*"([a-z0-9-]+)"', path.read_text()))
    emitted |= {"weights-not-one", "unrated-line", "unknown-line", "rated-total-mismatch",
                "unknown-category", "missing-amount"}
    assert emitted - set(MESSAGES) == set()


def test_every_frictionless_table_error_has_a_message() -> None:
    from frictionless import errors

    concrete = {
        cls.type for cls in vars(errors).values()
        if isinstance(cls, type) and getattr(cls, "type", None) and cls.__subclasses__() == []
    }
    assert concrete - set(MESSAGES) == set()


def test_error_codes_are_documented_in_the_staff_guide() -> None:
    guide = (ROOT / "docs" / "guide" / "corriger-les-erreurs.md").read_text()
    for code in ("descriptor-not-json", "type-error", "foreign-key", "formula-cell"):
        assert f"`{code}`" in guide
