"""Releases: data changes between git refs, immutable versions published with mike, feeds."""
