"""Bundled reference app `broodstock`."""
