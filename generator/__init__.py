"""Territorial Data Hub: Frictionless data packages in, a bilingual transparency site out."""

__version__ = "0.1.0"
