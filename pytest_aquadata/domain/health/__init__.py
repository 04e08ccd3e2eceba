"""Bundled reference app `health`."""
