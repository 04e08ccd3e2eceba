"""Bundled reference app `environmental`."""
