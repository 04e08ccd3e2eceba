"""pytest-aquadata: realistic Atlantic-salmon farm data for Django test suites."""

__version__ = "0.1.0"
