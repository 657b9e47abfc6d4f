"""Vendored browser files (Vega runtime, axe-core) served by the site itself."""

from __future__ import annotations

from pathlib import Path

from generator.errors import BuildError


def vendor_site_files(root: Path) -> dict[str, Path]:
    """Site-relative target -> source file in node_modules."""
    from generator.charts.vendor import vendor_files

    try:
        return vendor_files(root / "node_modules")
    except FileNotFoundError as error:
        raise BuildError(
            "Les fichiers JavaScript des graphiques manquent (node_modules). Lancez "
            "« make site » ou « npm ci » à la racine du projet.",
            "The chart JavaScript files are missing (node_modules). Run \"make site\" or "
            "\"npm ci\" in the project root.",
        ) from error
