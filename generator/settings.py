"""Settings of the `tdh` plugin, read from mkdocs.yml (defaults for every command)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.errors import ConfigError


@dataclass(frozen=True)
class Settings:
    """Where things are and the limits that apply."""

    root: Path
    """The project folder (where mkdocs.yml is)."""
    config_file: Path
    """The MkDocs configuration file."""
    datapackages: Path
    """The folder of data packages."""
    docs_dir: Path
    """MkDocs' docs_dir, where generated pages are written."""
    site_dir: Path
    """Where the built site goes."""
    site_url: str
    """The site's public address (absolute URLs in catalogues)."""
    max_file_bytes: int = 2 * 1024**3
    """Largest data file accepted."""
    limit_errors: int = 1_000_000
    """Stop validating a package after this many errors."""


class _TolerantLoader:
    """Build a YAML loader that ignores MkDocs' python tags (`!!python/name:`, `!ENV`)."""

    @staticmethod
    def make() -> Any:
        import yaml

        class Loader(yaml.SafeLoader):
            pass

        def ignore(loader: Any, suffix: str, node: Any) -> None:
            return None

        Loader.add_multi_constructor("tag:yaml.org,2002:python/", ignore)
        Loader.add_multi_constructor("!", ignore)
        return Loader


def read_mkdocs_config(config_file: Path) -> dict[str, Any]:
    """mkdocs.yml as a dict (python tags ignored); a clear error when it is unreadable."""
    import yaml

    try:
        data = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_TolerantLoader.make())
    except OSError as error:
        raise ConfigError(
            f"Impossible de lire {config_file} : {error.strerror}.",
            f"Cannot read {config_file}: {error.strerror}.",
        ) from error
    except yaml.YAMLError as error:
        raise ConfigError(
            f"{config_file} n'est pas du YAML valide : {error}",
            f"{config_file} is not valid YAML: {error}",
        ) from error
    if not isinstance(data, dict):
        raise ConfigError(f"{config_file} doit être un objet YAML.",
                          f"{config_file} must be a YAML mapping.")
    return data


def plugin_options(config: dict[str, Any]) -> dict[str, Any]:
    """The options given to the `tdh` plugin in mkdocs.yml."""
    for entry in config.get("plugins") or []:
        if isinstance(entry, dict) and "tdh" in entry:
            return entry["tdh"] or {}
    return {}


def load_settings(config_file: Path | None = None) -> Settings:
    """Settings from mkdocs.yml (or defaults relative to the working folder when it is absent)."""
    config_file = (config_file or Path("mkdocs.yml")).absolute()
    config = read_mkdocs_config(config_file) if config_file.exists() else {}
    root = config_file.parent
    options = plugin_options(config)
    return Settings(
        root=root,
        config_file=config_file,
        datapackages=root / str(options.get("datapackages", "datapackages")),
        docs_dir=root / str(config.get("docs_dir", "docs")),
        site_dir=root / str(config.get("site_dir", "site")),
        site_url=str(config.get("site_url") or "http://127.0.0.1:8000/"),
        max_file_bytes=int(options.get("max_file_bytes", 2 * 1024**3)),
        limit_errors=int(options.get("limit_errors", 1_000_000)),
    )
