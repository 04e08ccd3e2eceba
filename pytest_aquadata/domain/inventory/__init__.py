"""Bundled reference app `inventory`."""
