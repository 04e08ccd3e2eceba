"""Bundled reference app `scenario`."""
