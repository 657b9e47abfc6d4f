"""Hostile input: nothing lost, nothing injected (issue 10)."""
