"""`tdh diff` and `tdh publish`: flags only; the work is in generator.release."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import click

from generator.errors import ConfigError, GeneratorError

LANGS = click.Choice(["fr", "en"])
TEXT_LIMIT = 20


def _config_option(function: Any) -> Any:
    return click.option(
        "--config-file", "-f", type=click.Path(dir_okay=False, path_type=Path), default=None,
        help="MkDocs configuration file (default: ./mkdocs.yml).")(function)


def _lang(lang: str | None) -> str:
    return lang or os.environ.get("TDH_LANG", "fr")


def _fail(error: GeneratorError, lang: str, code: int) -> None:
    other = "en" if lang == "fr" else "fr"
    click.echo(f"{error.messages[lang]}\n({error.messages[other]})", err=True)
    sys.exit(code)


def diff_text(result: Any, note: str | None, lang: str, limit: int) -> str:
    """The diff for people: a summary, then each changed package and resource."""
    from generator.release.publish_text import message
    from generator.render.changes import summary
    from generator.render.changes_text import resource_lines, s

    old = result.from_ref or message("none", lang)
    new = message("working-tree", lang) if result.to_ref == "working-tree" else result.to_ref
    lines = [message("diff-title", lang, old=old, new=new)]
    if note:
        lines.append(message(note, lang))
    if not result.changed:
        lines.append(message("no-change", lang))
        return "\n".join(lines) + "\n"
    lines.append(summary(result, lang))
    for package in result.changed:
        status = s(f"status_{package.status}", lang)
        lines += ["", message("package-line", lang, name=package.name, status=status)]
        for resource in package.resources:
            if not resource.has_changes:
                continue
            method = (message("method-primary-key", lang, key=", ".join(resource.primary_key))
                      if resource.method == "primary-key" else
                      message("method-row-hash", lang) if resource.method else
                      s(f"status_{resource.status}", lang))
            lines.append("  " + message("resource-line", lang, name=resource.name,
                                        method=method))
            details = resource_lines(resource, lang, limit, "more_cli")
            lines += [f"    - {line}" for line in details]
    return "\n".join(lines) + "\n"


@click.command()
@click.option("--from", "from_ref", default=None, metavar="REF",
              help="Git ref to compare from (default: the last release tag).")
@click.option("--to", "to_ref", default=None, metavar="REF",
              help="Git ref to compare to (default: the working tree).")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Output format.")
@click.option("--lang", type=LANGS, default=None, help="Language of the messages (default fr).")
@click.option("--limit", type=click.IntRange(min=1), default=None,
              help=f"Rows listed per resource (text: {TEXT_LIMIT}; json: all).")
@_config_option
def diff(from_ref: str | None, to_ref: str | None, output_format: str, lang: str | None,
         limit: int | None, config_file: Path | None) -> None:
    """Data changes between two git refs, matched on primary keys."""
    from generator.release.history import diff_refs
    from generator.settings import load_settings

    lang = _lang(lang)
    try:
        settings = load_settings(config_file)
        result, note = diff_refs(settings, from_ref, to_ref,
                                 limit if limit or output_format == "json" else TEXT_LIMIT)
    except ConfigError as error:
        _fail(error, lang, 2)
    except GeneratorError as error:
        _fail(error, lang, 1)
    if output_format == "json":
        data = result.to_dict()
        data["note"] = note
        click.echo(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True))
    else:
        click.echo(diff_text(result, note, lang, limit or TEXT_LIMIT), nl=False)


@click.command()
@click.argument("version")
@click.option("--alias", "aliases", multiple=True, metavar="ALIAS",
              help="Alias to point at this version (repeatable), e.g. latest.")
@click.option("--push", is_flag=True, help="Push the published branch and the tag.")
@click.option("--zip", "zip_path", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="Also write a zip of exactly what was published.")
@click.option("--lang", type=LANGS, default=None, help="Language of the messages (default fr).")
@_config_option
def publish(version: str, aliases: tuple[str, ...], push: bool, zip_path: Path | None,
            lang: str | None, config_file: Path | None) -> None:
    """Build and publish VERSION with mike; refuses a VERSION that already exists."""
    from generator.release.publish import publish_release
    from generator.release.publish_text import message
    from generator.report import report_to_text
    from generator.settings import load_settings

    lang = _lang(lang)
    try:
        settings = load_settings(config_file)
        done = publish_release(settings, version, list(aliases), push=push, zip_path=zip_path,
                               echo=click.echo, lang=lang)
    except ConfigError as error:
        _fail(error, lang, 2)
    except GeneratorError as error:
        report = getattr(error, "report", None)
        if report is not None:
            click.echo(report_to_text(report, lang), err=True)
        _fail(error, lang, 1)
    click.echo(message("published", lang, version=done.version, branch=done.branch,
                       commit=done.commit[:12]))
    if done.aliases:
        click.echo(message("aliases", lang, aliases=", ".join(done.aliases)))
    if done.tag_created:
        click.echo(message("tagged", lang, version=done.version))
    if done.pushed:
        click.echo(message("pushed", lang, remote=done.remote))
    else:
        click.echo(message("not-pushed", lang, remote=done.remote, branch=done.branch,
                           version=done.version))
    if done.zip_path:
        click.echo(message("zip", lang, path=done.zip_path))
