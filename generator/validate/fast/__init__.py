"""Fast validation engine: pyarrow batches, frictionless-py's findings.

It reads CSV files in record batches, casts and checks every column at once and keeps only the
key columns between batches. Anything it cannot promise to judge exactly as frictionless-py does
comes back with a reason, and the caller has frictionless-py validate that resource instead.
"""

from __future__ import annotations

from generator.validate.fast.engine import Outcome, validate_package_fast
from generator.validate.fast.errors import Unsupported

__all__ = ["Outcome", "Unsupported", "validate_package_fast"]
