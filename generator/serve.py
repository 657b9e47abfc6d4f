"""`tdh serve`: MkDocs' live-reload server over dirty, cached rebuilds.

An edit under datapackages/ re-validates, recomputes and re-renders only the package whose
files changed (the build cache answers for the others); the generated pages are rewritten
only when their text changed, and MkDocs rebuilds only the pages whose source changed (a
"dirty" build), so the preview shows the change in about two seconds on the demo site.
"""

from __future__ import annotations

import logging
import os
import sys

from generator.settings import Settings


class _DropDirtyWarning(logging.Filter):
    """MkDocs warns on every dirty build that navigation may be stale: noise in a preview."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build" not in record.getMessage()


def serve_preview(settings: Settings, dev_addr: str) -> None:
    """Serve the site on `dev_addr`, rebuilding on edits until interrupted."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    # mkdocs-static-i18n decides from the command line whether its second language is built
    # dirty; without this flag every edit would rebuild every English page.
    if "--dirty" not in sys.argv:
        sys.argv.append("--dirty")
    logging.getLogger("mkdocs.commands.build").addFilter(_DropDirtyWarning())
    mkdocs_serve(config_file=str(settings.config_file), dev_addr=dev_addr, livereload=True,
                 build_type="dirty")
