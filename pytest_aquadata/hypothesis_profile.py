"""The ``aquadata`` hypothesis settings profile: registered when the plugin loads, never loaded
for you (``--hypothesis-profile=aquadata`` or ``settings.load_profile("aquadata")``)."""

from __future__ import annotations

from hypothesis import HealthCheck, settings

PROFILE = "aquadata"

PROFILE_SETTINGS = {
    "deadline": None,
    "suppress_health_check": (HealthCheck.function_scoped_fixture, HealthCheck.too_slow),
    "max_examples": 25,
}
"""Database I/O makes example times vary (no deadline) and examples slow to generate (too_slow);
pytest-django's function-scoped ``db`` fixture is shared by the examples on purpose (each example
runs in its own savepoint, see ``strategies.persist``). Every other health check stays on."""


def register_profile() -> settings:
    """Register the ``aquadata`` profile (idempotent) and return its settings."""
    settings.register_profile(PROFILE, **PROFILE_SETTINGS)
    return settings.get_profile(PROFILE)
