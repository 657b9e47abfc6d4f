"""Pure computations, one module per data kind: tables in, JSON-ready results out (no I/O)."""
