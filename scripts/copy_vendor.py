"""Copy the vendored browser files into a site folder: copy_vendor.py DEST [NODE_MODULES]."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.charts.vendor import vendor_files  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    """Copy every vendor file to DEST/<target>; the mapping lives in generator.charts.vendor."""
    args = sys.argv[1:] if argv is None else argv
    if not 1 <= len(args) <= 2:
        print(__doc__, file=sys.stderr)
        return 2
    dest = Path(args[0])
    node_modules = Path(args[1]) if len(args) == 2 else ROOT / "node_modules"
    for target, source in sorted(vendor_files(node_modules).items()):
        (dest / target).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, dest / target)
    return 0


if __name__ == "__main__":
    sys.exit(main())
