"""The pipeline, top to bottom: load → validate → compute → render → write → mkdocs build.

Everything is loaded and validated before anything is written; the site is built into a
temporary folder and swapped in only when MkDocs and the post-build checks succeeded.
"""

from __future__ import annotations

import logging
import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from generator.cache import FOLDER as CACHE_FOLDER
from generator.cache import BuildCache, using
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
    cache_stats: dict[str, int] = field(default_factory=dict)
    """Build-cache hits and misses by namespace ("validate:hit": 4, …)."""


def project_cache(settings: Settings) -> BuildCache | None:
    """The project's build cache (`.tdh-cache/` beside mkdocs.yml); TDH_NO_CACHE=1 turns it off."""
    if os.environ.get("TDH_NO_CACHE", "") not in ("", "0"):
        return None
    return BuildCache(settings.root / CACHE_FOLDER)


def prepare_site(settings: Settings, cache: BuildCache | None = None) -> Prepared:
    """Load, validate, compute and render; writes nothing but the build cache's entries."""
    with using(cache):
        return _prepare_site(settings)


def _prepare_site(settings: Settings) -> Prepared:
    from functools import partial

    from generator.compute.run import compute_results
    from generator.load import load_packages
    from generator.release.history import load_history
    from generator.render import render_package, render_site
    from generator.validate import validate_packages

    sources = load_packages([settings.datapackages]) if settings.datapackages.is_dir() else []
    # each package validated now is rendered where it was validated (its tables at hand);
    # the others (from the cache) in render_site
    validated = validate_packages(sources, max_file_bytes=settings.max_file_bytes,
                                  limit_errors=settings.limit_errors, keep_tables=True,
                                  then=partial(render_package, settings))
    if not validated.report.valid:
        return Prepared(report=validated.report)
    results = compute_results(validated)
    history = load_history(settings)
    pages, site_files = render_site(settings, validated, results, history)
    return Prepared(report=validated.report, pages=pages, site_files=site_files)


def build_site(settings: Settings, *, site_dir: Path | None = None, strict: bool = False
               ) -> BuildResult:
    """Build the whole site into `site_dir`; on any failure the previous site stays as it was."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    from generator.integrity import SUMS, sums_text
    from generator.mkdocs_plugin import TdhPlugin
    from generator.postbuild import (
        HtmlChecks,
        check_internal_links,
        check_site,
        site_facts,
        site_pages,
    )
    from generator.progress import step
    from generator.write import discard, new_build_dir, swap_in

    site_dir = (site_dir or settings.site_dir).absolute()
    cache = project_cache(settings)
    html_checks = HtmlChecks(settings.root, cache)
    html_checks.start()  # the checker's JVM starts on a spare core while the data is prepared
    try:
        prepared = prepare_site(settings, cache)
    except BaseException:
        html_checks.close()
        raise
    refused = not prepared.report.valid or (strict and prepared.report.warning_count > 0)
    if refused:
        html_checks.close()
        return BuildResult(ok=False, site_dir=site_dir, report=prepared.report)
    build_dir = new_build_dir(site_dir)
    previous_epoch = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(source_date_epoch(settings))
    TdhPlugin.handoff = prepared
    TdhPlugin.page_written = html_checks.offer  # checked while MkDocs writes the others
    TdhPlugin.hash_downloads = True  # for SHA256SUMS
    try:
        config = load_config(str(settings.config_file), site_dir=str(build_dir), strict=strict)
        _quiet_mkdocs_info()
        with step("mkdocs") as advance:  # pages counted as written (hand-written ones too)
            TdhPlugin.page_built = advance
            with using(cache):  # the plugin's page cache counts in this build's cache stats
                mkdocs_build(config)
        with step("checks", 3) as advance, using(cache):
            pages = site_pages(build_dir)  # each page read once for all the checks
            html_checks.offer_site(build_dir, pages)  # the checker works while the others run
            facts = site_facts(build_dir, pages)
            problems = check_site(build_dir, _script_hashes(config), facts)
            advance()
            problems += check_internal_links(build_dir, facts)
            advance()
            html_problems = html_checks.findings(build_dir)
        if html_problems is None:
            logging.getLogger("mkdocs").warning(
                "tdh: Java or vnu-jar missing, HTML validity not checked")
        problems += html_problems or []
        if problems:
            raise BuildError(
                "Vérifications après construction en échec :\n" + "\n".join(problems),
                "Post-build checks failed:\n" + "\n".join(problems),
            )
        page_count = sum(1 for _ in build_dir.rglob("index.html"))
        written = getattr(config.plugins.get("tdh"), "written", {})
        (build_dir / SUMS).write_text(sums_text(build_dir, written), encoding="utf-8")
        swap_in(build_dir, site_dir)
        if cache is not None:
            cache.prune()
    except MkDocsException as error:
        discard(build_dir)
        raise BuildError(f"La construction MkDocs a échoué : {error}",
                         f"The MkDocs build failed: {error}") from error
    except BaseException:
        discard(build_dir)
        raise
    finally:
        html_checks.close()
        TdhPlugin.handoff = None
        TdhPlugin.page_built = None
        TdhPlugin.page_written = None
        TdhPlugin.hash_downloads = False
        if previous_epoch is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous_epoch
    return BuildResult(ok=True, site_dir=site_dir, report=prepared.report, page_count=page_count,
                       cache_stats=dict(cache.stats) if cache is not None else {})


DEFAULT_EPOCH = 315532800  # 1980-01-01, the earliest date a zip file can hold


def source_date_epoch(settings: Settings) -> int:
    """The build date: SOURCE_DATE_EPOCH, else the last git commit, never the clock."""
    if os.environ.get("SOURCE_DATE_EPOCH", "").isdigit():
        return int(os.environ["SOURCE_DATE_EPOCH"])
    try:
        done = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=settings.root,
                              capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return DEFAULT_EPOCH
    value = done.stdout.strip()
    return int(value) if done.returncode == 0 and value.isdigit() else DEFAULT_EPOCH


def _script_hashes(config: object) -> list[str]:
    """The inline-script hashes allowed by the tdh plugin's configuration."""
    plugin = config.plugins.get("tdh")  # type: ignore[attr-defined]
    return list(plugin.config.csp_script_hashes) if plugin is not None else []


def _quiet_mkdocs_info() -> None:
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
