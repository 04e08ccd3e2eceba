"""Bundled reference app `finance`."""
