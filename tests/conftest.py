"""Shared fixtures: the public corpus, package factories, a CLI runner."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"


def corpus_cases(group: str) -> list[Path]:
    """Package folders of one corpus group (invalid, real-invalid, real)."""
    folder = CORPUS / group
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if (p / "datapackage.json").is_file())


@pytest.fixture
def make_package(tmp_path: Path):
    """Write a package folder from a descriptor and {file: text} and return its path."""

    def factory(descriptor: dict[str, Any] | str, files: dict[str, str | bytes] | None = None,
                name: str = "pkg", parent: Path | None = None) -> Path:
        folder = (parent or tmp_path / "datapackages") / name
        folder.mkdir(parents=True, exist_ok=True)
        text = descriptor if isinstance(descriptor, str) else json.dumps(descriptor, indent=2)
        (folder / "datapackage.json").write_text(text, encoding="utf-8")
        for relative, content in (files or {}).items():
            target = folder / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content, encoding="utf-8")
        return folder

    return factory


def make_project(target: Path) -> Path:
    """Copy the project's site configuration into `target`, with an empty datapackages/."""
    target.mkdir(parents=True)
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    generated = {"donnees", "budget-climat", "budget-vert", "indicateurs", "energie",
                 "participation", "qualite", "changements", "index.md", "index.en.md", "vendor"}
    docs = ROOT / "docs"

    def ignore(folder: str, names: list[str]) -> set[str]:
        top_level = Path(folder) in (docs, docs / "assets")
        return {n for n in names if n in generated} if top_level else set()

    shutil.copytree(docs, target / "docs", ignore=ignore)
    (target / "node_modules").symlink_to(ROOT / "node_modules")
    (target / "datapackages").mkdir()
    return target


def copy_project(built: Path, target: Path) -> Path:
    """A private copy of a built project to break, without its build cache: every stage of
    the next build really runs again."""
    shutil.copytree(built, target, symlinks=True, ignore=shutil.ignore_patterns(".tdh-cache"))
    return target


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the project's site configuration with an empty datapackages/ folder."""
    return make_project(tmp_path / "project")


def simple_descriptor(name: str = "pkg", **extra: Any) -> dict[str, Any]:
    """A valid descriptor with one CSV resource `data.csv` (id integer, label string)."""
    descriptor = {
        "name": name,
        "title": "Jeu de test",
        "description": "Un jeu de test.",
        "licenses": [{"name": "etalab-2.0", "title": "Licence Ouverte 2.0"}],
        "resources": [
            {
                "name": "data",
                "path": "data.csv",
                "schema": {
                    "fields": [
                        {"name": "id", "type": "integer"},
                        {"name": "label", "type": "string"},
                        {"name": "value", "type": "number"},
                    ],
                    "primaryKey": ["id"],
                },
            }
        ],
    }
    descriptor.update(extra)
    return descriptor
