"""Bundled reference app `planning`."""
