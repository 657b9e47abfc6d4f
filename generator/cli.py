"""The `tdh` command line: flags only; the work is in the pipeline modules."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from generator.errors import ConfigError, GeneratorError

LANGS = click.Choice(["fr", "en"])
CONFIG_OPTION = click.option(
    "--config-file", "-f", type=click.Path(dir_okay=False, path_type=Path), default=None,
    help="MkDocs configuration file (default: ./mkdocs.yml).",
)


def _lang(lang: str | None) -> str:
    return lang or os.environ.get("TDH_LANG", "fr")


def _fail(error: GeneratorError, lang: str, code: int) -> None:
    other = "en" if lang == "fr" else "fr"
    click.echo(f"{error.messages[lang]}\n({error.messages[other]})", err=True)
    sys.exit(code)


@click.group()
@click.version_option(package_name="territorial-data-hub", prog_name="tdh")
def cli() -> None:
    """Territorial Data Hub: validate a city's data packages and build its transparency site."""


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--format", "output_format", type=click.Choice(["text", "json", "github"]),
              default="text", show_default=True, help="Report format.")
@click.option("--lang", type=LANGS, default=None, help="Language of the messages (default fr).")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--max-issues", type=click.IntRange(min=1), default=50, show_default=True,
              help="Issues shown per resource in text output.")
@click.option("--verbose", "-v", is_flag=True,
              help="Also say which resources frictionless-py validated instead of the fast engine.")
@CONFIG_OPTION
def validate(paths: tuple[Path, ...], output_format: str, lang: str | None, strict: bool,
             max_issues: int, verbose: bool, config_file: Path | None) -> None:
    """Validate data packages (a package folder, a datapackage.json or a folder of packages)."""
    from generator.load import load_packages
    from generator.messages import ui
    from generator.progress import showing
    from generator.report import report_to_github, report_to_json, report_to_text
    from generator.settings import load_settings
    from generator.validate import validate_packages

    lang = _lang(lang)
    try:
        settings = load_settings(config_file)
    except ConfigError as error:
        _fail(error, lang, 2)
    targets = list(paths) or [settings.datapackages]
    sources = load_packages(targets)
    if not sources:
        click.echo(ui("no-packages", lang, path=", ".join(map(str, targets))), err=True)
        sys.exit(2)
    with showing(lang):
        validated = validate_packages(sources, max_file_bytes=settings.max_file_bytes,
                                      limit_errors=settings.limit_errors)
    report = validated.report
    if verbose:
        _echo_fallbacks(validated.fallbacks, lang)
    if output_format == "json":
        click.echo(report_to_json(report))
    elif output_format == "github":
        click.echo(report_to_github(report, lang), nl=False)
    else:
        click.echo(report_to_text(report, lang, max_issues))
        if not report.valid:
            click.echo(ui("result-invalid", lang))
        elif strict and report.warning_count:
            click.echo(ui("result-strict", lang))
        else:
            click.echo(ui("result-valid", lang))
    failed = not report.valid or (strict and report.warning_count > 0)
    sys.exit(1 if failed else 0)


FALLBACK_LINES = {
    "fr": ("Validé par frictionless-py (plus lent) : {package} / {resource} — {reason}",
           "Toutes les ressources ont été validées par le moteur rapide."),
    "en": ("Validated by frictionless-py (slower): {package} / {resource} — {reason}",
           "Every resource was validated by the fast engine."),
}


def _echo_fallbacks(fallbacks: dict[str, list[tuple[str, str]]], lang: str) -> None:
    """On stderr (JSON output stays parseable): the resources frictionless-py validated."""
    line, none = FALLBACK_LINES[lang]
    for package, resources in fallbacks.items():
        for resource, reason in resources:
            click.echo(line.format(package=package, resource=resource, reason=reason), err=True)
    if not fallbacks:
        click.echo(none, err=True)


@cli.command()
@click.option("--site-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where to write the site (default: site_dir of mkdocs.yml).")
@click.option("--strict", is_flag=True, help="Fail on data warnings and MkDocs warnings.")
@click.option("--lang", type=LANGS, default=None, help="Language of the messages (default fr).")
@click.option("--timings", is_flag=True, help="Print how long each step took (on stderr).")
@CONFIG_OPTION
def build(site_dir: Path | None, strict: bool, lang: str | None, timings: bool,
          config_file: Path | None) -> None:
    """Validate, compute, render and build the site; on failure the old site is untouched."""
    import time

    from generator.build import build_site
    from generator.messages import ui
    from generator.progress import showing, timing, timings_text
    from generator.report import report_to_text
    from generator.settings import load_settings

    lang = _lang(lang)
    other = "en" if lang == "fr" else "fr"
    target: Path | str = site_dir or "site"
    try:
        settings = load_settings(config_file)
        target = site_dir or settings.site_dir
        start = time.perf_counter()
        with showing(lang), timing() as times:
            result = build_site(settings, site_dir=site_dir, strict=strict)
        if timings:
            click.echo(timings_text(times, time.perf_counter() - start, lang), err=True)
    except ConfigError as error:
        _fail(error, lang, 2)
    except GeneratorError as error:
        _fail(error, lang, 1)
    except KeyboardInterrupt:
        texts = {k: ui("build-interrupted", k, site=target) for k in (lang, other)}
        click.echo(f"{texts[lang]}\n({texts[other]})", err=True)
        sys.exit(130)
    except Exception as error:  # noqa: BLE001 (a defect of tdh: a message, no traceback)
        detail = f"{type(error).__name__}: {error}"
        texts = {k: ui("build-unexpected", k, error=detail, site=target) for k in (lang, other)}
        click.echo(f"{texts[lang]}\n({texts[other]})", err=True)
        sys.exit(1)
    if result.report is not None and (result.report.issues or not result.ok):
        click.echo(report_to_text(result.report, lang), err=not result.ok)
    if not result.ok:
        click.echo(ui("build-refused", lang, site=result.site_dir), err=True)
        sys.exit(1)
    click.echo(ui("build-done", lang, site=result.site_dir, pages=result.page_count))


@cli.command()
@click.option("--dev-addr", default="127.0.0.1:8000", show_default=True,
              help="Address to serve the preview on.")
@CONFIG_OPTION
def serve(dev_addr: str, config_file: Path | None) -> None:
    """Live preview: edits under datapackages/ rebuild the site and reload the page."""
    from generator.serve import serve_preview
    from generator.settings import load_settings

    serve_preview(load_settings(config_file), dev_addr)


@cli.command()
@click.argument("site_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--lang", type=LANGS, default=None, help="Language of the messages (default fr).")
def verify(site_dir: Path, lang: str | None) -> None:
    """Check a downloaded copy of the site against its SHA256SUMS."""
    from generator.integrity import SUMS, verify_site
    from generator.messages import ui

    lang = _lang(lang)
    if not (site_dir / SUMS).is_file():
        click.echo(ui("verify-no-sums", lang, site=site_dir), err=True)
        sys.exit(2)
    result = verify_site(site_dir)
    for label, paths in (("≠", result.changed), ("-", result.missing), ("+", result.unlisted)):
        for path in paths:
            click.echo(f"  {label} {path}")
    if not result.ok:
        click.echo(ui("verify-failed", lang, site=site_dir, changed=len(result.changed),
                      missing=len(result.missing), unlisted=len(result.unlisted)), err=True)
        sys.exit(1)
    click.echo(ui("verify-ok", lang, site=site_dir, count=result.checked))

from generator.cli_release import diff, publish  # noqa: E402
cli.add_command(diff)
cli.add_command(publish)


@cli.command()
@click.argument("name")
@click.option("--from", "csvs", multiple=True, required=True,
              type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A CSV file to include (repeat the option for several files).")
@click.option("--lang", type=LANGS, default=None, help="Language of the messages (default fr).")
@CONFIG_OPTION
def new(name: str, csvs: tuple[Path, ...], lang: str | None, config_file: Path | None) -> None:
    """Scaffold a data package NAME from CSV files, inferring its Table Schema."""
    import datetime

    from generator.scaffold import scaffold_package
    from generator.settings import load_settings

    lang = _lang(lang)
    try:
        settings = load_settings(config_file)
        # a new package's creation date is today (the one place where the clock is the truth)
        created = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        folder = scaffold_package(settings.datapackages, name, list(csvs), created)
    except ConfigError as error:
        _fail(error, lang, 2)
    done = {"fr": "Jeu créé dans {folder} : complétez les « À compléter » de datapackage.json, "
            "puis lancez « tdh validate {folder} ».",
            "en": "Package created in {folder}: fill in the \"To complete\" parts of "
            "datapackage.json, then run \"tdh validate {folder}\"."}
    click.echo(done[lang].format(folder=folder))


def main() -> None:
    """Entry point of the `tdh` console script."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    cli()
