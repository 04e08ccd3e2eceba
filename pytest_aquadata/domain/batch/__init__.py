"""Bundled reference app `batch`."""
