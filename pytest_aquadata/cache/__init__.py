"""Caches that make a start fast: the migrated schema (a template copied instead of migrating
again) and saturated farms (a snapshot restored instead of rebuilt), keyed by what shapes them."""
