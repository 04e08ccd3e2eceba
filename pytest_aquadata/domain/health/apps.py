"""App config for the bundled `health` app."""

from django.apps import AppConfig


class HealthConfig(AppConfig):
    """Reference-schema app `health` (label `health`)."""

    name = "pytest_aquadata.domain.health"
    label = "health"
    default_auto_field = "django.db.models.BigAutoField"
