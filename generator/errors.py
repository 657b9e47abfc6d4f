"""Program and configuration errors. Data problems are Issues in a Report, never exceptions."""

from __future__ import annotations


class GeneratorError(Exception):
    """Base class: a problem the user can fix, with a bilingual message."""

    def __init__(self, fr: str, en: str):
        super().__init__(en)
        self.messages = {"fr": fr, "en": en}


class ConfigError(GeneratorError):
    """mkdocs.yml or a command-line argument is wrong (exit code 2)."""


class BuildError(GeneratorError):
    """The build could not finish; the previous site is untouched (exit code 1)."""
