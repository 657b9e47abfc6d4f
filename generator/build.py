"""The pipeline, top to bottom: load → validate → compute → render → write → mkdocs build.

Everything is loaded and validated before anything is written; the site is built into a
temporary folder and swapped in only when MkDocs and the post-build checks succeeded.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import BuildError
from generator.model import Report
from generator.settings import Settings
from generator.write import SiteFile


@dataclass
class Prepared:
    """What the render stage produced, in memory: pages for docs_dir, files for the site."""

    report: Report
    pages: dict[str, str] = field(default_factory=dict)
    site_files: dict[str, SiteFile] = field(default_factory=dict)


@dataclass
class BuildResult:
    """The outcome of `tdh build`."""

    ok: bool
    site_dir: Path
    report: Report | None = None
    page_count: int = 0


def prepare_site(settings: Settings) -> Prepared:
    """Load, validate, compute and render; writes nothing."""
    from generator.compute.run import compute_results
    from generator.load import load_packages
    from generator.render import render_site
    from generator.validate import validate_packages

    sources = load_packages([settings.datapackages]) if settings.datapackages.is_dir() else []
    validated = validate_packages(sources, max_file_bytes=settings.max_file_bytes,
                                  limit_errors=settings.limit_errors, keep_tables=True)
    if not validated.report.valid:
        return Prepared(report=validated.report)
    results = compute_results(validated)
    pages, site_files = render_site(settings, validated, results)
    return Prepared(report=validated.report, pages=pages, site_files=site_files)


def build_site(settings: Settings, *, site_dir: Path | None = None, strict: bool = False
               ) -> BuildResult:
    """Build the whole site into `site_dir`; on any failure the previous site stays as it was."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    from generator.mkdocs_plugin import TdhPlugin
    from generator.postbuild import check_site
    from generator.write import discard, new_build_dir, swap_in

    site_dir = (site_dir or settings.site_dir).absolute()
    prepared = prepare_site(settings)
    refused = not prepared.report.valid or (strict and prepared.report.warning_count > 0)
    if refused:
        return BuildResult(ok=False, site_dir=site_dir, report=prepared.report)
    build_dir = new_build_dir(site_dir)
    TdhPlugin.handoff = prepared
    try:
        config = load_config(str(settings.config_file), site_dir=str(build_dir), strict=strict)
        _quiet_mkdocs_info()
        mkdocs_build(config)
        problems = check_site(build_dir)
        if problems:
            raise BuildError(
                "Vérifications après construction en échec :\n" + "\n".join(problems),
                "Post-build checks failed:\n" + "\n".join(problems),
            )
        page_count = sum(1 for _ in build_dir.rglob("index.html"))
        swap_in(build_dir, site_dir)
    except MkDocsException as error:
        discard(build_dir)
        raise BuildError(f"La construction MkDocs a échoué : {error}",
                         f"The MkDocs build failed: {error}") from error
    except BaseException:
        discard(build_dir)
        raise
    finally:
        TdhPlugin.handoff = None
    return BuildResult(ok=True, site_dir=site_dir, report=prepared.report, page_count=page_count)


def _quiet_mkdocs_info() -> None:
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
