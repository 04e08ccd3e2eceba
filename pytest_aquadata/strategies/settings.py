"""The ``aquadata`` hypothesis settings profile for property tests that touch the database.

Registered when ``pytest_aquadata.strategies`` is imported, never loaded for you. Use it per
test, ``@settings(settings.get_profile("aquadata"))``, or for a whole run,
``pytest --hypothesis-profile=aquadata`` / ``settings.load_profile("aquadata")`` in conftest.py.
"""

from __future__ import annotations

from pytest_aquadata.hypothesis_profile import PROFILE, PROFILE_SETTINGS, register_profile

__all__ = ["PROFILE", "PROFILE_SETTINGS", "aquadata_settings", "register_profile"]

aquadata_settings = register_profile()
"""The profile's settings object: ``@aquadata_settings`` or ``@settings(aquadata_settings, …)``."""
