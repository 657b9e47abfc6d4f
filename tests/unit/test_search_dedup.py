"""The linear search de-duplication removes exactly what mkdocs-static-i18n's would."""

from __future__ import annotations

import random
from types import SimpleNamespace

from generator.mkdocs_plugin import drop_duplicate_search_entries


def quadratic(languages: list[str], entries: list[dict]) -> None:
    """mkdocs-static-i18n 1.3.1's reconfigure_search_duplicates, as written there."""
    prefixes = tuple(f"{lang}/" for lang in languages)
    default = [x for x in entries if not x["location"].startswith(prefixes)]
    target = [x for x in entries if x["location"].startswith(prefixes)]
    for entry in default:
        for duplicate in [x for x in target if x["title"] == entry["title"]
                          and x["location"].endswith(entry["location"])
                          and x["text"] == entry["text"]]:
            entries.remove(duplicate)
            target.remove(duplicate)


def test_same_entries_removed_as_the_original() -> None:
    rng = random.Random(5)
    pages = ["", "donnees/", "donnees/a/", "donnees/b/", "qualite/"]
    anchors = ["", "#res-x", "#res-y", "#cite"]
    entries = []
    for _ in range(600):
        lang = rng.choice(["", "en/"])
        entries.append({"location": lang + rng.choice(pages) + rng.choice(anchors),
                        "title": rng.choice(["Données", "Data", "Citer"]),
                        "text": rng.choice(["", "même texte", "other text"])})
    expected = [dict(e) for e in entries]
    quadratic(["fr", "en"], expected)
    ours = [dict(e) for e in entries]
    drop_duplicate_search_entries(SimpleNamespace(build_languages=["fr", "en"]), ours)
    assert ours == expected
    assert len(ours) < len(entries)  # some were duplicates
