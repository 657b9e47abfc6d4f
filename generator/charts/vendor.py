"""Browser files copied from node_modules into the site (no CDN): Vega runtime and axe-core."""

from __future__ import annotations

from pathlib import Path

# Site-relative target -> path inside node_modules. vega-embed's UMD build bundles
# vega-interpreter (the CSP-safe expression evaluator; its own package ships only an ES
# module) and needs no vega-lite when it is given compiled Vega specs.
VENDOR_SOURCES: dict[str, str] = {
    "assets/vendor/vega.min.js": "vega/build/vega.min.js",
    "assets/vendor/vega-embed.min.js": "vega-embed/build/vega-embed.min.js",
    "assets/vendor/axe.min.js": "axe-core/axe.min.js",
    "assets/vendor/LICENSE-vega.txt": "vega/LICENSE",
    "assets/vendor/LICENSE-vega-embed.txt": "vega-embed/LICENSE",
    "assets/vendor/LICENSE-vega-interpreter.txt": "vega-interpreter/LICENSE",
    "assets/vendor/LICENSE-axe-core.txt": "axe-core/LICENSE",
}

# Load order for the site's extra_javascript (after these: assets/javascripts/tdh-charts.js).
RUNTIME_SCRIPTS: tuple[str, ...] = (
    "assets/vendor/vega.min.js",
    "assets/vendor/vega-embed.min.js",
)


def vendor_files(node_modules: Path) -> dict[str, Path]:
    """Map each site-relative vendor target to its source file; raise if any is missing."""
    node_modules = Path(node_modules)
    files = {target: node_modules / source for target, source in VENDOR_SOURCES.items()}
    missing = sorted(str(path) for path in files.values() if not path.is_file())
    if missing:
        raise FileNotFoundError(
            "npm assets missing (run `npm ci` in the project root): " + ", ".join(missing)
        )
    return files
