"""Bundled reference app `infrastructure`."""
