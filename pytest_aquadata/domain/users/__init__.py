"""Bundled reference app `users`."""
