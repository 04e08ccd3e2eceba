"""Bundled reference app `finance_core`."""
