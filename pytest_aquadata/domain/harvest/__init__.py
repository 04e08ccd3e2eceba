"""Bundled reference app `harvest`."""
